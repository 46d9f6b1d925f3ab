use super::*;

/// The logged-in person's devices (sessions still alive, newest first) and preferences.
#[server(endpoint = "account/mine")]
pub async fn my_account() -> Result<AccountInfo, AppError> {
    use crate::ssr::auth::{now_ms, Caller};
    let Caller { db, settings, auth, .. } = Caller::person(None).await?;
    let now = now_ms();
    let rows = sqlx::query_as::<_, (String, String, i64, i64, String, String)>(
        "SELECT id, level, created_at, last_seen_at, user_agent, client FROM user_sessions \
         WHERE user_id = $1 AND ended_at IS NULL AND created_at > $2 AND last_seen_at > $3 \
         ORDER BY last_seen_at DESC, created_at DESC LIMIT 50",
    )
    .bind(auth.user_id)
    .bind(now - settings.session_max_secs * 1000)
    .bind(now - settings.session_idle_secs * 1000 - 60_000)
    .fetch_all(&db.pool)
    .await?;
    let devices = rows
        .into_iter()
        .map(|(id, level, created_at, last_seen_at, ua, client)| Device {
            this_device: id == auth.device,
            id,
            browser: crate::accounts::browser_name(&ua),
            client,
            level: Level::parse(&level),
            since: crate::ssr::local_time(created_at),
            last_seen: crate::ssr::local_time(last_seen_at),
        })
        .collect();
    let (locale, email, sms) = sqlx::query_as::<_, (String, i64, i64)>(
        "SELECT locale, notify_email, notify_sms FROM users WHERE id = $1",
    )
    .bind(auth.user_id)
    .fetch_one(&db.pool)
    .await?;
    let preferences = Preferences { locale, email: email == 1, sms: sms == 1 };
    Ok(AccountInfo { devices, preferences })
}
