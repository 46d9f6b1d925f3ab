//! The audit log: one entry per security-relevant act, in the caller's transaction.
use super::now_ms;
use sqlx::AnyConnection;

/// One audit entry, in the caller's transaction.
pub async fn audit(
    conn: &mut AnyConnection,
    actor: Option<i64>,
    subject: Option<i64>,
    action: &str,
    detail: &str,
    client: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, subject_id, action, detail, client) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now_ms())
    .bind(actor)
    .bind(subject)
    .bind(action)
    .bind(detail)
    .bind(client)
    .execute(conn)
    .await?;
    Ok(())
}
