//! The outbox (Accounts issue, #4.6; R-SV-7): a notice to a person is a row written in the same
//! transaction as the change that causes it, and a worker delivers it at least once.
//!
//! - `enqueue` inserts into the caller's transaction; the unique (event, channel, recipient)
//!   key makes a retried transaction harmless.
//! - `worker::run` claims one due message at a time with a single `UPDATE … RETURNING` (so
//!   several instances can share one outbox), delivers it, and marks it delivered — or schedules
//!   a retry with doubling back-off, or marks it failed after `MAX_ATTEMPTS` or a permanent
//!   refusal. A claim expires, so a message held by an instance that died is taken again.
//! - Delivery: e-mail over SMTP with lettre when `SMTP_URL` is set, otherwise an `.eml` file per
//!   message under `<data dir>/mail`. Each message carries a Message-ID derived from its outbox
//!   row, so the rare resend after a crash between "sent" and "marked" is recognisable as the
//!   same message.
pub mod mailer;
pub mod worker;

use sqlx::AnyConnection;
use std::sync::Arc;
use tokio::sync::Notify;

/// After this many failed attempts a message is marked failed.
pub const MAX_ATTEMPTS: i64 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }
}

/// One notice to one recipient, already in the recipient's language.
#[derive(Debug, Clone)]
pub struct Notice<'a> {
    /// What happened, e.g. `login-code:<attempt id>`; unique together with channel and recipient.
    pub event: &'a str,
    pub channel: Channel,
    /// An e-mail address or an E.164 phone number.
    pub recipient: &'a str,
    /// One of the five interface locales.
    pub locale: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// Writes the notice in the caller's transaction. `Ok(false)`: this event was already enqueued
/// for this recipient on this channel (nothing new is written).
pub async fn enqueue(conn: &mut AnyConnection, n: &Notice<'_>) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let done = sqlx::query(
        "INSERT INTO outbox (event, channel, recipient, locale, subject, body, created_at, \
         next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (event, channel, recipient) DO NOTHING",
    )
    .bind(n.event)
    .bind(n.channel.as_str())
    .bind(n.recipient)
    .bind(n.locale)
    .bind(n.subject)
    .bind(n.body)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Wakes this instance's worker right after a commit that enqueued something (other instances
/// find it on their next poll).
#[derive(Clone, Default, Debug)]
pub struct Wake(Arc<Notify>);

impl Wake {
    pub fn now(&self) {
        self.0.notify_one();
    }

    pub(crate) async fn wait(&self) {
        self.0.notified().await
    }
}

/// Unix milliseconds of the real clock: delivery schedules are infrastructure time, never the
/// pinned legal clock of `VARTAI_NOW`.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// The delay before attempt `attempts + 1`: `base`, doubling per attempt, at most an hour.
pub fn retry_delay_ms(base_ms: u64, attempts: i64) -> i64 {
    let shift = attempts.clamp(1, 20) - 1;
    let delay = base_ms.saturating_mul(1u64 << shift).min(3_600_000);
    delay as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_delays_double_up_to_an_hour() {
        assert_eq!(retry_delay_ms(30_000, 1), 30_000);
        assert_eq!(retry_delay_ms(30_000, 2), 60_000);
        assert_eq!(retry_delay_ms(30_000, 5), 480_000);
        assert_eq!(retry_delay_ms(30_000, 8), 3_600_000);
        assert_eq!(retry_delay_ms(30_000, 100), 3_600_000);
        assert_eq!(retry_delay_ms(u64::MAX, 3), 3_600_000);
    }
}
