//! Issue #8.5 — the waiting-room display of an office: who is called to which desk, the recent
//! calls and how many wait. Public (labels and desks only); the page follows the office's queue
//! live over server-sent events.
use super::QueueScreen;
use crate::error::AppError;
use leptos::prelude::*;

/// The office `office` (its slug) and its queue as it stands; 404 for an office without a live
/// queue.
#[server(endpoint = "queue/display")]
pub async fn office_screen(office: String) -> Result<QueueScreen, AppError> {
    use crate::ssr::auth::now_ms;
    use crate::ssr::db;
    use sqlx::Row;

    let db = db()?;
    let row = sqlx::query("SELECT id, name FROM offices WHERE slug = $1 AND live_queue")
        .bind(office.trim())
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let office_id: i64 = row.try_get("id")?;
    let name: String = row.try_get("name")?;
    let now = crate::ssr::clock().now();
    let mut conn = db.pool.acquire().await?;
    let queue = super::ssr::snapshot(&mut conn, office_id, &now, now_ms()).await?;
    Ok(QueueScreen { office_id, name, queue })
}
