use super::MailboxItem;
use leptos::prelude::*;

/// The 50 newest e-mails and text messages in the outbox, newest first; `None` outside demo mode.
#[server(endpoint = "dev/mailbox")]
pub async fn list_mailbox() -> Result<Option<Vec<MailboxItem>>, crate::error::ShellError> {
    use super::Delivery;
    use crate::ssr::{db, DemoMode};

    /// A message in the outbox; `state`: 0 pending, 1 delivered, 2 failed.
    #[derive(sqlx::FromRow)]
    struct Message {
        id: i64,
        channel: String,
        recipient: String,
        subject: String,
        body: String,
        created_at: i64,
        secret: Option<String>,
        state: i64,
    }

    if !use_context::<DemoMode>().is_some_and(|d| d.0) {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(http::StatusCode::NOT_FOUND);
        }
        return Ok(None);
    }
    let db = db()?;
    // Demo mode keeps the codes messages carry (sealed, issue #21.4): put them back in.
    let key = crate::ssr::auth::settings()?.secret;
    let rows: Vec<Message> = sqlx::query_as(
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
                .secret
                .and_then(|s| {
                    crate::ssr::mfa::open_for(&key, crate::ssr::outbox::SECRET_PURPOSE, &s)
                })
                .and_then(|b| String::from_utf8(b).ok());
            let reveal = |text: String| crate::ssr::outbox::reveal(&text, secret.as_deref());
            let created = jiff::Timestamp::from_millisecond(r.created_at)
                .map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            MailboxItem {
                id: r.id,
                recipient: r.recipient,
                // A text message is marked as one ("SMS" reads the same in every language).
                subject: match r.channel.as_str() {
                    "sms" => format!("SMS: {}", reveal(r.subject)),
                    _ => reveal(r.subject),
                },
                body: reveal(r.body),
                created,
                delivery: match r.state {
                    1 => Delivery::Delivered,
                    2 => Delivery::Failed,
                    _ => Delivery::Pending,
                },
            }
        })
        .collect();
    Ok(Some(items))
}
