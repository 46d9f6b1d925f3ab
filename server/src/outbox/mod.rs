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
//! - A code a message carries is stored apart from its text, sealed, and cleared once the
//!   message is delivered or given up; delivered and failed rows are deleted after
//!   `VARTAI_OUTBOX_KEEP_DAYS` (issue #21.4). The outcome is written only by the worker that
//!   still holds the claim (issue #21.7).
//! - Text messages: an HTTP gateway (`sms::SmsGateway`, URL and body template configurable) or,
//!   with none configured, a `.txt` file per message under `<data dir>/sms`.
pub mod mailer;
pub mod sms;
pub mod worker;

pub use app::ssr::outbox::{enqueue, now_ms, Channel, Notice, Wake};

/// After this many failed attempts a message is marked failed.
pub const MAX_ATTEMPTS: i64 = 12;

/// The delay before attempt `attempts + 1`: `base`, doubling per attempt, at most an hour.
pub fn retry_delay_ms(base_ms: u64, attempts: i64) -> i64 {
    let shift = attempts.clamp(1, 20) - 1;
    let delay = base_ms.saturating_mul(1u64 << shift).min(3_600_000);
    delay as i64
}

/// Issue #21.4: delivered and given-up messages are deleted once older than `before_ms` (the
/// scheduler's `outbox_purge` job, `VARTAI_OUTBOX_KEEP_DAYS`). Returns how many went.
pub async fn purge(db: &app::ssr::Db, before_ms: i64) -> Result<usize, app::error::AppError> {
    let done = sqlx::query(
        "DELETE FROM outbox WHERE (delivered_at IS NOT NULL AND delivered_at < $1) \
         OR (failed_at IS NOT NULL AND failed_at < $1)",
    )
    .bind(before_ms)
    .execute(&db.pool)
    .await?;
    Ok(usize::try_from(done.rows_affected()).unwrap_or(usize::MAX))
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
