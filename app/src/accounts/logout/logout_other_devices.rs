use super::*;

/// "Log out my other devices": every other session of this person ends at its next request;
/// this one stays.
#[server(endpoint = "account/logout-others")]
pub async fn logout_other_devices(csrf: String) -> Result<(), AppError> {
    use crate::ssr::auth::{now_ms, Action, Caller};
    let Caller { db, auth, audit, .. } = Caller::person(Some(&csrf)).await?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE user_sessions SET ended_at = $3 \
         WHERE user_id = $1 AND id <> $2 AND ended_at IS NULL",
    )
    .bind(auth.user_id)
    .bind(&auth.device)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    audit.own(&mut tx, Action::LogoutOtherDevices).await?;
    tx.commit().await?;
    leptos_axum::redirect("/account?done=others");
    Ok(())
}
