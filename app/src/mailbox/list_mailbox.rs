use super::MailboxItem;
use leptos::prelude::*;

/// The 50 newest e-mails and text messages in the outbox, newest first; `None` outside demo mode.
#[server(endpoint = "dev/mailbox")]
pub async fn list_mailbox() -> Result<Option<Vec<MailboxItem>>, crate::error::ShellError> {
    use super::Delivery;
    use crate::ssr::{db, DemoMode};
    use sqlx::Row;

    if !use_context::<DemoMode>().is_some_and(|d| d.0) {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(http::StatusCode::NOT_FOUND);
        }
        return Ok(None);
    }
    let db = db()?;
    // Demo mode keeps the codes messages carry (sealed, issue #21.4): put them back in.
    let key = crate::ssr::auth::settings()?.secret;
    let rows = sqlx::query(
        "SELECT id, channel, recipient, subject, body, created_at, secret, \
                CAST(CASE WHEN delivered_at IS NOT NULL THEN 1 \
                          WHEN failed_at IS NOT NULL THEN 2 ELSE 0 END AS BIGINT) AS state \
         FROM outbox ORDER BY id DESC LIMIT 50",
    )
    .fetch_all(&db.pool)
    .await?;
    let items = rows
        .into_iter()
        .map(|r| {
            let secret = r
                .try_get::<Option<String>, _>("secret")?
                .and_then(|s| {
                    crate::ssr::mfa::open_for(&key, crate::ssr::outbox::SECRET_PURPOSE, &s)
                })
                .and_then(|b| String::from_utf8(b).ok());
            let reveal = |text: String| crate::ssr::outbox::reveal(&text, secret.as_deref());
            let created_ms: i64 = r.try_get("created_at")?;
            let created = jiff::Timestamp::from_millisecond(created_ms)
                .map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            Ok(MailboxItem {
                id: r.try_get("id")?,
                recipient: r.try_get("recipient")?,
                // A text message is marked as one ("SMS" reads the same in every language).
                subject: match r.try_get::<String, _>("channel")?.as_str() {
                    "sms" => format!("SMS: {}", reveal(r.try_get("subject")?)),
                    _ => reveal(r.try_get("subject")?),
                },
                body: reveal(r.try_get("body")?),
                created,
                delivery: match r.try_get::<i64, _>("state")? {
                    1 => Delivery::Delivered,
                    2 => Delivery::Failed,
                    _ => Delivery::Pending,
                },
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Some(items))
}
