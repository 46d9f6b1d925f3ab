use super::*;

/// The kiosk page of the office with slug `office`: whether this browser is its kiosk, the
/// services and today's hours, a fresh key, and the ticket of press `ticket` when asked.
#[server(endpoint = "kiosk/view")]
pub async fn kiosk_screen(
    office: String,
    #[server(default)] ticket: String,
) -> Result<KioskView, AppError> {
    use crate::queue::ssr::hours_on;
    use crate::rules::booking::hhmm;
    use crate::ssr::auth::{csrf_token, current, office_ids, random_token, session, settings};
    use crate::ssr::db;

    let db = db()?;
    let settings = settings()?;
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, slug, name FROM offices WHERE slug = $1 AND live_queue")
            .bind(office.trim())
            .fetch_optional(&db.pool)
            .await?;
    let (office_id, slug, name) = row.ok_or(AppError::NotFound)?;
    let device = device::kiosk_of(&db, &settings, office_id).await?;
    let mut register_csrf = None;
    if device.is_none() {
        let s = session().await?;
        if let Some((auth, me)) = current(&s, &db, &settings).await? {
            if me.role == crate::identity::Role::OfficeAdmin
                && office_ids(&db, auth.user_id).await?.contains(&office_id)
            {
                register_csrf = Some(csrf_token(&s, true).await?);
            }
        }
    }
    let now = crate::ssr::clock().now();
    let mut conn = db.pool.acquire().await?;
    let services: Vec<String> = sqlx::query_scalar(
        "SELECT service_code FROM office_services WHERE office_id = $1 ORDER BY service_code",
    )
    .bind(office_id)
    .fetch_all(&mut *conn)
    .await?;
    let hours = hours_on(&mut conn, office_id, now.date()).await?;
    let open_now = crate::rules::may_take_kiosk_ticket(hours, now.time()).is_ok();
    let ticket = match (&device, ticket.trim()) {
        (Some(_), key) if !key.is_empty() => {
            let key = check_key(key)?;
            ticket_of_key(&mut conn, office_id, key, &now).await?
        }
        _ => None,
    };
    Ok(KioskView {
        office_id,
        slug,
        name,
        device: device.map(|(_, name)| name),
        register_csrf,
        services,
        hours: hours.map(|h| (hhmm(h.opens), hhmm(h.closes))),
        open_now,
        key: random_token(12),
        ticket,
    })
}
