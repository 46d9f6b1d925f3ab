//! Issue #8.5 — the waiting-room display of an office: who is called to which desk, the recent
//! calls and how many wait. Public (labels and desks only); the page follows the office's queue
//! live over server-sent events.
use super::QueueScreen;
use crate::accounts::AccountError;
use leptos::prelude::*;

/// The office `office` (its slug) and its queue as it stands; 404 for an office without a live
/// queue.
#[server(endpoint = "queue/display")]
pub async fn office_screen(office: String) -> Result<QueueScreen, AccountError> {
    use crate::ssr::auth::{db, now_ms, server_err};
    use sqlx::Row;

    let db = db()?;
    let row = sqlx::query("SELECT id, name FROM offices WHERE slug = $1 AND live_queue")
        .bind(office.trim())
        .fetch_optional(&db.pool)
        .await
        .map_err(server_err)?
        .ok_or(AccountError::NotFound)?;
    let office_id: i64 = row.try_get("id").map_err(server_err)?;
    let name: String = row.try_get("name").map_err(server_err)?;
    let now = crate::ssr::clock().now();
    let mut conn = db.pool.acquire().await.map_err(server_err)?;
    let queue = super::ssr::snapshot(&mut conn, office_id, &now, now_ms()).await?;
    Ok(QueueScreen {
        office_id,
        name,
        queue,
    })
}
