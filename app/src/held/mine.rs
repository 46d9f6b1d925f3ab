use super::DocumentsView;
use crate::error::AppError;
use leptos::prelude::*;

/// R-SV-2 — the documents the logged-in person holds, and their minor children's (a child's
/// document stops showing on the 18th birthday).
#[server(endpoint = "held/mine")]
pub async fn my_documents() -> Result<DocumentsView, AppError> {
    use crate::ssr::auth::Caller;
    let Caller { db, auth, me, .. } = Caller::person(None).await?;
    let today = crate::ssr::clock().today();
    let mut conn = db.pool.acquire().await?;
    let items = super::ssr::visible_documents(&mut conn, auth.user_id, today).await?;
    Ok(DocumentsView { items, today, has_phone: me.phone.is_some() })
}
