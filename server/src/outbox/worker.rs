//! The delivery loop: claim one due message, send it, record the outcome; sleep when idle.
use super::mailer::{Attachment, Mailer, Outgoing, SendError};
use super::sms::SmsGateway;
use super::{now_ms, retry_delay_ms, Wake, MAX_ATTEMPTS};
use app::ssr::outbox::reveal;
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
    /// The server's key: the secrets messages carry are sealed with it (issue #21.4).
    pub key: std::sync::Arc<[u8]>,
    /// Demo mode: a delivered message keeps its secret (the demo mailbox page shows it).
    pub keep_secrets: bool,
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
        // The claim is this token as well as a time (issue #21.7): the outcome is written only
        // while the claim is still ours.
        let token = format!("{:032x}", rand::random::<u128>());
        let row = sqlx::query(
            "UPDATE outbox SET claimed_until = $1, claim_token = $3, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM outbox \
                         WHERE delivered_at IS NULL AND failed_at IS NULL \
                           AND next_attempt_at <= $2 \
                           AND (claimed_until IS NULL OR claimed_until < $2) \
                         ORDER BY next_attempt_at, id LIMIT 1) \
               AND (claimed_until IS NULL OR claimed_until < $2) \
             RETURNING id, event, channel, recipient, locale, subject, body, attempts, \
                       attachment_name, attachment_type, attachment, secret",
        )
        .bind(now + self.claim_ms)
        .bind(now)
        .bind(&token)
        .fetch_optional(&self.db.pool)
        .await?;
        let Some(row) = row else {
            return Ok(false);
        };
        let channel: String = row.try_get("channel")?;
        let attempts: i64 = row.try_get("attempts")?;
        let sealed: Option<String> = row.try_get("secret")?;
        let secret = sealed.as_deref().map(|s| {
            app::ssr::mfa::open_for(&self.key, app::ssr::outbox::SECRET_PURPOSE, s)
                .and_then(|b| String::from_utf8(b).ok())
        });
        let plain = secret.as_ref().and_then(|s| s.as_deref());
        let msg = Outgoing {
            id: row.try_get("id")?,
            event: row.try_get("event")?,
            recipient: row.try_get("recipient")?,
            locale: row.try_get("locale")?,
            subject: reveal(&row.try_get::<String, _>("subject")?, plain),
            body: reveal(&row.try_get::<String, _>("body")?, plain),
            attachment: match (
                row.try_get::<Option<String>, _>("attachment_name")?,
                row.try_get::<Option<String>, _>("attachment_type")?,
                row.try_get::<Option<String>, _>("attachment")?,
            ) {
                (Some(name), Some(content_type), Some(content)) => {
                    Some(Attachment { name, content_type, content })
                }
                _ => None,
            },
        };
        let outcome = match (channel.as_str(), &secret) {
            // Sealed under another key (the key was changed): it can never be sent.
            (_, Some(None)) => Err(SendError::Permanent("its secret cannot be opened".into())),
            ("email", _) => self.mailer.send(&self.from, &msg).await,
            ("sms", _) => self.sms.send(&msg).await,
            (other, _) => Err(SendError::Permanent(format!("unknown channel {other:?}"))),
        };
        let now = now_ms();
        // Delivered or given up, a message keeps no secret (in demo mode it does: the demo
        // mailbox page shows it).
        let cleared = if self.keep_secrets { "secret" } else { "NULL" };
        match outcome {
            Ok(()) => {
                let marked = sqlx::query(&format!(
                    "UPDATE outbox SET delivered_at = $1, claimed_until = NULL, \
                     claim_token = NULL, last_error = NULL, secret = {cleared} \
                     WHERE id = $2 AND claim_token = $3"
                ))
                .bind(now)
                .bind(msg.id)
                .bind(&token)
                .execute(&self.db.pool)
                .await?;
                if marked.rows_affected() == 1 {
                    tracing::info!(id = msg.id, event = %msg.event, attempts, "outbox: delivered");
                } else {
                    // Our claim ran out during the send and another worker took the message:
                    // its outcome stands. The recipient may get it twice, with the same
                    // Message-ID (the gateway reference for SMS), which their side can dedupe.
                    tracing::warn!(id = msg.id, event = %msg.event, attempts,
                        "outbox: delivered after the claim ran out (another worker has it)");
                }
            }
            Err(e) => {
                let permanent = matches!(e, SendError::Permanent(_)) || attempts >= MAX_ATTEMPTS;
                let error: String = e.to_string().chars().take(500).collect();
                if permanent {
                    sqlx::query(&format!(
                        "UPDATE outbox SET failed_at = $1, claimed_until = NULL, \
                         claim_token = NULL, last_error = $2, secret = {cleared} \
                         WHERE id = $3 AND claim_token = $4"
                    ))
                    .bind(now)
                    .bind(&error)
                    .bind(msg.id)
                    .bind(&token)
                    .execute(&self.db.pool)
                    .await?;
                    tracing::error!(id = msg.id, event = %msg.event, attempts, %error, "outbox: gave up");
                } else {
                    let next = now + retry_delay_ms(self.retry_base_ms, attempts);
                    sqlx::query(
                        "UPDATE outbox SET next_attempt_at = $1, claimed_until = NULL, \
                         claim_token = NULL, last_error = $2 WHERE id = $3 AND claim_token = $4",
                    )
                    .bind(next)
                    .bind(&error)
                    .bind(msg.id)
                    .bind(&token)
                    .execute(&self.db.pool)
                    .await?;
                    tracing::warn!(id = msg.id, event = %msg.event, attempts, %error, "outbox: will retry");
                }
            }
        }
        Ok(true)
    }
}
