//! The delivery loop: claim one due message, send it, record the outcome; sleep when idle.
use super::mailer::{Attachment, Mailer, Outgoing, SendError};
use super::sms::SmsGateway;
use super::{now_ms, retry_delay_ms, Wake, MAX_ATTEMPTS};
use app::ssr::Db;
use sqlx::Row;
use std::time::Duration;
use tokio::sync::watch;

pub struct Worker {
    pub db: Db,
    pub mailer: Mailer,
    pub sms: SmsGateway,
    pub from: String,
    pub poll: Duration,
    pub retry_base_ms: u64,
    /// How long a claim holds a message before another worker may take it again (ms).
    pub claim_ms: i64,
    pub wake: Wake,
}

impl Worker {
    /// Delivers until `stop` turns true; a delivery under way is finished first.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                return;
            }
            match self.deliver_one().await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, "outbox: database error"),
            }
            tokio::select! {
                _ = tokio::time::sleep(self.poll) => {}
                _ = self.wake.wait() => {}
                _ = stop.changed() => {}
            }
        }
    }

    /// Takes the next due message, if any, and tries to deliver it. `Ok(true)`: one was taken.
    pub async fn deliver_one(&self) -> Result<bool, sqlx::Error> {
        let now = now_ms();
        let row = sqlx::query(
            "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM outbox \
                         WHERE delivered_at IS NULL AND failed_at IS NULL \
                           AND next_attempt_at <= $2 \
                           AND (claimed_until IS NULL OR claimed_until < $2) \
                         ORDER BY next_attempt_at, id LIMIT 1) \
               AND (claimed_until IS NULL OR claimed_until < $2) \
             RETURNING id, event, channel, recipient, locale, subject, body, attempts, \
                       attachment_name, attachment_type, attachment",
        )
        .bind(now + self.claim_ms)
        .bind(now)
        .fetch_optional(&self.db.pool)
        .await?;
        let Some(row) = row else {
            return Ok(false);
        };
        let channel: String = row.try_get("channel")?;
        let attempts: i64 = row.try_get("attempts")?;
        let msg = Outgoing {
            id: row.try_get("id")?,
            event: row.try_get("event")?,
            recipient: row.try_get("recipient")?,
            locale: row.try_get("locale")?,
            subject: row.try_get("subject")?,
            body: row.try_get("body")?,
            attachment: match (
                row.try_get::<Option<String>, _>("attachment_name")?,
                row.try_get::<Option<String>, _>("attachment_type")?,
                row.try_get::<Option<String>, _>("attachment")?,
            ) {
                (Some(name), Some(content_type), Some(content)) => Some(Attachment {
                    name,
                    content_type,
                    content,
                }),
                _ => None,
            },
        };
        let outcome = match channel.as_str() {
            "email" => self.mailer.send(&self.from, &msg).await,
            "sms" => self.sms.send(&msg).await,
            other => Err(SendError::Permanent(format!("unknown channel {other:?}"))),
        };
        let now = now_ms();
        match outcome {
            Ok(()) => {
                sqlx::query(
                    "UPDATE outbox SET delivered_at = $1, claimed_until = NULL, last_error = NULL \
                     WHERE id = $2",
                )
                .bind(now)
                .bind(msg.id)
                .execute(&self.db.pool)
                .await?;
                tracing::info!(id = msg.id, event = %msg.event, attempts, "outbox: delivered");
            }
            Err(e) => {
                let permanent = matches!(e, SendError::Permanent(_)) || attempts >= MAX_ATTEMPTS;
                let error: String = e.to_string().chars().take(500).collect();
                if permanent {
                    sqlx::query(
                        "UPDATE outbox SET failed_at = $1, claimed_until = NULL, last_error = $2 \
                         WHERE id = $3",
                    )
                    .bind(now)
                    .bind(&error)
                    .bind(msg.id)
                    .execute(&self.db.pool)
                    .await?;
                    tracing::error!(id = msg.id, event = %msg.event, attempts, %error, "outbox: gave up");
                } else {
                    let next = now + retry_delay_ms(self.retry_base_ms, attempts);
                    sqlx::query(
                        "UPDATE outbox SET next_attempt_at = $1, claimed_until = NULL, \
                         last_error = $2 WHERE id = $3",
                    )
                    .bind(next)
                    .bind(&error)
                    .bind(msg.id)
                    .execute(&self.db.pool)
                    .await?;
                    tracing::warn!(id = msg.id, event = %msg.event, attempts, %error, "outbox: will retry");
                }
            }
        }
        Ok(true)
    }
}
