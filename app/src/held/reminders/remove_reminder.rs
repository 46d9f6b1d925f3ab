use super::*;

/// R-SV-3 — removes a reminder.
#[server(endpoint = "held/reminder-remove")]
pub async fn remove_reminder(
    id: crate::ids::HeldDocumentId,
    target: String,
    days: String,
    csrf: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::Caller;

    let Caller { db, auth, .. } = Caller::person(Some(&csrf)).await?;
    let id = id.get()?;
    let days: i64 = days.trim().parse().map_err(|_| AppError::NotFound)?;
    let mut conn = db.pool.acquire().await?;
    crate::held::ssr::document_of(&mut conn, auth.user_id, id).await?;
    sqlx::query(
        "DELETE FROM expiry_reminders WHERE held_document_id = $1 AND target = $2 \
         AND days_before = $3",
    )
    .bind(id)
    .bind(target.trim())
    .bind(days)
    .execute(&mut *conn)
    .await?;
    leptos_axum::redirect(&format!("/my-documents?done=removed#doc-{id}"));
    Ok(())
}
