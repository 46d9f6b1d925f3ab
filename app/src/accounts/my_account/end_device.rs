use super::*;

/// Ends one of the person's own sessions ("log out that device"); another person's is not
/// found.
#[server(endpoint = "account/end-device")]
pub async fn end_device(id: String, csrf: String) -> Result<(), AppError> {
    use crate::ssr::auth::{now_ms, Action, Caller};
    let Caller { db, auth, audit, .. } = Caller::person(Some(&csrf)).await?;
    let mut tx = db.begin().await?;
    let ended = sqlx::query(
        "UPDATE user_sessions SET ended_at = $3 \
         WHERE id = $1 AND user_id = $2 AND ended_at IS NULL",
    )
    .bind(&id)
    .bind(auth.user_id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    if ended.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit.own(&mut tx, Action::LogoutDevice).await?;
    tx.commit().await?;
    leptos_axum::redirect(if id == auth.device {
        "/"
    } else {
        "/account?done=device"
    });
    Ok(())
}
