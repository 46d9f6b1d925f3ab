//! The writing half of the outbox (Accounts issue #4.6): a server function that changes state
//! enqueues its notices here, in its own transaction. Delivery lives in the `server` crate
//! (`server::outbox::worker`).
use sqlx::AnyConnection;
use std::sync::Arc;
use tokio::sync::Notify;

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
    enqueue_with(conn, n, None).await
}

/// A file to send with an e-mail notice: (file name, content type, text).
pub type Attachment<'a> = (&'a str, &'a str, &'a str);

/// `enqueue`, with a file attached to the e-mail (SMS notices carry text only).
pub async fn enqueue_with(
    conn: &mut AnyConnection,
    n: &Notice<'_>,
    attachment: Option<Attachment<'_>>,
) -> Result<bool, sqlx::Error> {
    insert(conn, n, attachment, None).await
}

/// Stands in a notice's subject or body for the secret it carries (issue #21.4).
pub const SECRET_MARK: &str = "[[secret]]";

/// What the outbox's secrets are sealed for (`mfa::seal_for`).
pub const SECRET_PURPOSE: &str = "vartai outbox secret";

/// `enqueue` for a notice that carries a secret (a login or confirmation code): its subject and
/// body hold `SECRET_MARK`, and the secret is stored apart, sealed with the server's `key`. The
/// worker puts it in at delivery and clears it afterwards, so a copy of the database never
/// holds a delivered code, and a live one only sealed.
pub async fn enqueue_secret(
    conn: &mut AnyConnection,
    n: &Notice<'_>,
    secret: &str,
    key: &[u8],
) -> Result<bool, sqlx::Error> {
    let sealed = super::mfa::seal_for(key, SECRET_PURPOSE, secret.as_bytes());
    insert(conn, n, None, Some(&sealed)).await
}

async fn insert(
    conn: &mut AnyConnection,
    n: &Notice<'_>,
    attachment: Option<Attachment<'_>>,
    sealed_secret: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let attachment = attachment.filter(|_| n.channel == Channel::Email);
    let done = sqlx::query(
        "INSERT INTO outbox (event, channel, recipient, locale, subject, body, created_at, \
         next_attempt_at, attachment_name, attachment_type, attachment, secret) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
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
    .bind(attachment.map(|a| a.0))
    .bind(attachment.map(|a| a.1))
    .bind(attachment.map(|a| a.2))
    .bind(sealed_secret)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The text of a stored subject or body with its secret put back in (`None`: it carries none,
/// or it was cleared after delivery, and the marker stays).
pub fn reveal(text: &str, secret: Option<&str>) -> String {
    match secret {
        Some(s) => text.replace(SECRET_MARK, s),
        None => text.to_string(),
    }
}

/// The phone number to text a notice to, when the person chose SMS notices (issue #4.7) and
/// has a number.
pub async fn sms_recipient(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    let phone: Option<Option<String>> =
        sqlx::query_scalar("SELECT phone FROM users WHERE id = $1 AND notify_sms = 1")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(phone.flatten())
}

/// The SMS copy of a notice (its subject, which is written to stand alone in a text message),
/// when the person chose SMS notices and has a number; `locale` is the message's language code.
pub async fn enqueue_sms_copy(
    conn: &mut AnyConnection,
    user_id: i64,
    event: &str,
    locale: &str,
    subject: &str,
) -> Result<(), sqlx::Error> {
    if let Some(phone) = sms_recipient(&mut *conn, user_id).await? {
        enqueue_sms_to(conn, &phone, event, locale, subject).await?;
    }
    Ok(())
}

/// The SMS copy of a notice (its subject) to `phone`, already known to be the person's choice.
pub async fn enqueue_sms_to(
    conn: &mut AnyConnection,
    phone: &str,
    event: &str,
    locale: &str,
    subject: &str,
) -> Result<(), sqlx::Error> {
    let n = Notice {
        event,
        channel: Channel::Sms,
        recipient: phone,
        locale,
        subject,
        body: subject,
    };
    enqueue(conn, &n).await?;
    Ok(())
}

/// A notice's body in `l`: the greeting, `lines`, a blank line, `closing` (a last line of
/// the feature's own, if any) and the site's name.
pub fn letter(l: crate::i18n::Locale, lines: Vec<String>, closing: Option<String>) -> String {
    use leptos_i18n::td_string;
    let mut body = vec![
        td_string!(l.letters(), account.mail.greeting).to_string(),
        String::new(),
    ];
    body.extend(lines);
    body.push(String::new());
    body.extend(closing);
    body.push(td_string!(l, site.name).to_string());
    body.join("\n")
}

/// Wakes this instance's worker right after a commit that enqueued something (other instances
/// find it on their next poll).
#[derive(Clone, Default, Debug)]
pub struct Wake(Arc<Notify>);

impl Wake {
    pub fn now(&self) {
        self.0.notify_one();
    }

    pub async fn wait(&self) {
        self.0.notified().await
    }
}

/// Wakes this instance's delivery worker (from the request's context), if it runs one.
pub fn wake() {
    if let Some(wake) = leptos::prelude::use_context::<Wake>() {
        wake.now();
    }
}

/// Commits a transaction that enqueued messages, then wakes the delivery worker: what every
/// server function that writes a notice ends with.
pub async fn commit_and_send(tx: crate::ssr::WriteTx) -> Result<(), sqlx::Error> {
    tx.commit().await?;
    wake();
    Ok(())
}

/// Unix milliseconds of the real clock: delivery schedules are infrastructure time, never the
/// pinned legal clock of `VARTAI_NOW`.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}
