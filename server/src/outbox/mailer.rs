//! How a message leaves: SMTP (lettre) or, with no SMTP configured, an `.eml` file.
use lettre::message::{header, Mailbox, Message, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::PathBuf;

/// One message taken from the outbox.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub id: i64,
    pub event: String,
    pub recipient: String,
    pub locale: String,
    pub subject: String,
    pub body: String,
    /// A file sent along (e-mail only): a visit's calendar entry.
    pub attachment: Option<Attachment>,
}

/// A text file attached to an e-mail.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub content: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later (connection refused, 4xx, disk full).
    #[error("{0}")]
    Temporary(String),
    /// Will never succeed (5xx, an address that is not one).
    #[error("{0}")]
    Permanent(String),
}

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

impl Mailer {
    /// SMTP when `smtp_url` is given, else files under `mail_dir`.
    pub fn new(smtp_url: Option<&str>, mail_dir: PathBuf) -> Result<Self, String> {
        match smtp_url {
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map(|b| Mailer::Smtp(b.build()))
                .map_err(|e| format!("SMTP_URL: {e}")),
            None => Ok(Mailer::Files(mail_dir)),
        }
    }

    pub async fn send(&self, from: &str, m: &Outgoing) -> Result<(), SendError> {
        let email = build(from, m)?;
        match self {
            Mailer::Smtp(t) => t.send(email).await.map(|_| ()).map_err(|e| {
                if e.is_permanent() {
                    SendError::Permanent(e.to_string())
                } else {
                    SendError::Temporary(e.to_string())
                }
            }),
            Mailer::Files(dir) => write_file(dir, m.id, &email.formatted())
                .await
                .map_err(|e| SendError::Temporary(format!("{}: {e}", dir.display()))),
        }
    }
}

fn build(from: &str, m: &Outgoing) -> Result<Message, SendError> {
    let from: Mailbox = from
        .parse()
        .map_err(|e| SendError::Permanent(format!("sender: {e}")))?;
    let to: Mailbox = m
        .recipient
        .parse()
        .map_err(|e| SendError::Permanent(format!("recipient: {e}")))?;
    let domain = from.email.domain().to_string();
    let builder = Message::builder()
        .from(from)
        .to(to)
        .subject(m.subject.clone())
        // The same row always yields the same id, so a resend is recognisably the same message.
        .message_id(Some(format!("<outbox-{}@{domain}>", m.id)));
    let built = match &m.attachment {
        None => builder
            .header(header::ContentType::TEXT_PLAIN)
            .body(m.body.clone()),
        Some(a) => {
            let content_type = header::ContentType::parse(&a.content_type)
                .map_err(|e| SendError::Permanent(format!("attachment type: {e}")))?;
            builder.multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(m.body.clone()))
                    .singlepart(
                        lettre::message::Attachment::new(a.name.clone())
                            .body(a.content.clone(), content_type),
                    ),
            )
        }
    };
    built.map_err(|e| SendError::Permanent(e.to_string()))
}

/// `<dir>/<id>.eml`, written whole or not at all (temporary file, then rename).
async fn write_file(dir: &std::path::Path, id: i64, bytes: &[u8]) -> std::io::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let tmp = dir.join(format!(".{id:08}.eml.tmp"));
    tokio::fs::write(&tmp, bytes).await?;
    tokio::fs::rename(&tmp, dir.join(format!("{id:08}.eml"))).await
}
