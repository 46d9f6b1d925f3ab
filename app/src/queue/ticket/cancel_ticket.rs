use super::*;

/// Cancels the caller's active remote ticket of today (at any time, R-QU-1).
#[server(endpoint = "queue/cancel")]
pub async fn cancel_ticket(csrf: String) -> Result<(), AppError> {
    use crate::ssr::auth::{now_ms, Caller};

    let Caller { db, auth, .. } = Caller::person(Some(&csrf)).await?;
    let today = crate::ssr::clock().today();
    let gone: Option<i64> = sqlx::query_scalar(
        "UPDATE queue_tickets SET status = 'cancelled', ended_at = $3 \
         WHERE user_id = $1 AND day = $2 AND source = 'remote' AND status IN ('waiting', 'called') \
         RETURNING office_id",
    )
    .bind(auth.user_id)
    .bind(crate::ssr::Day(today))
    .bind(now_ms())
    .fetch_optional(&db.pool)
    .await?;
    let Some(office_id) = gone else {
        return Err(AppError::NotFound);
    };
    crate::queue::live::announce(office_id).await;
    leptos_axum::redirect("/queue?done=cancelled");
    Ok(())
}
