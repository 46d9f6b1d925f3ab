//! The set-up page's data.
use super::*;
use crate::error::AppError;
use leptos::prelude::*;

/// The office `office` (an id; the admin's first office when empty) with its set-up.
#[server(endpoint = "admin/office")]
pub async fn office_setup(#[server(default)] office: String) -> Result<OfficeSetupView, AppError> {
    use crate::identity::Role;
    use crate::ssr::auth::Caller;
    use crate::staff::offices_of;
    let Caller { db, auth, .. } = Caller::staff(None, Role::ADMINS).await?;
    let offices = offices_of(&db, auth.user_id).await?;
    let chosen = crate::staff::chosen_office(&offices, &office)?;
    let mut conn = db.pool.acquire().await?;
    let office = match chosen {
        Some(id) => Some(super::ssr::load(&mut conn, id).await?),
        None => None,
    };
    let outside_hours = match chosen {
        Some(id) => super::ssr::outside_hours(&mut conn, id).await?,
        None => 0,
    };
    Ok(OfficeSetupView { offices, office, outside_hours })
}
