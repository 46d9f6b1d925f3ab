//! Server-side pieces of held documents: who sees which, the card a collected case becomes,
//! and the R-SV-3 reminder job (exactly once per document, target, threshold and expiry day,
//! however many server instances run it).
use super::{HeldDocument, Reminder};
use crate::error::AppError;
use crate::rules::held::{reminder_due, shown_to_parent, HeldKind};
use crate::ssr::Day;
use crate::ssr::Db;
use jiff::civil::Date;
use sqlx::Row;

const COLUMNS: &str = "id, kind, number, holder_name, child_birth_date, issued_on, \
     valid_until, certificates_valid_until, status, lost_at, revoked_on";

/// The `COLUMNS` of a held document as they are stored.
#[derive(sqlx::FromRow)]
struct HeldRecord {
    id: i64,
    kind: String,
    number: String,
    holder_name: String,
    child_birth_date: Option<Day>,
    issued_on: Day,
    valid_until: Day,
    certificates_valid_until: Option<Day>,
    lost_at: Option<i64>,
    revoked_on: Option<Day>,
}

/// A row, if it is shown today: the holder's own, or a child's while the child is a minor.
fn document(r: &sqlx::any::AnyRow, today: Date) -> Result<Option<HeldDocument>, AppError> {
    use sqlx::FromRow;
    let h = HeldRecord::from_row(r)?;
    let child = h.child_birth_date.map(|d| d.0);
    if child.is_some_and(|born| !shown_to_parent(born, today)) {
        return Ok(None);
    }
    let Some(kind) = HeldKind::parse(&h.kind) else {
        return Ok(None);
    };
    Ok(Some(HeldDocument {
        id: h.id,
        kind,
        number: h.number,
        holder_name: h.holder_name,
        for_child: child.is_some(),
        issued_on: h.issued_on.0,
        valid_until: h.valid_until.0,
        certificates_valid_until: h.certificates_valid_until.map(|d| d.0),
        lost_at: h.lost_at.map(crate::ssr::local_time),
        revoked_on: h.revoked_on.map(|d| d.0),
        reminders: Vec::new(),
    }))
}

async fn reminders_of(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Vec<Reminder>, AppError> {
    sqlx::query(
        "SELECT target, days_before, by_email, by_sms FROM expiry_reminders \
         WHERE held_document_id = $1 ORDER BY target DESC, days_before DESC",
    )
    .bind(id)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| {
        Ok(Reminder {
            target: r.try_get("target")?,
            days_before: r.try_get("days_before")?,
            by_email: r.try_get::<i64, _>("by_email")? == 1,
            by_sms: r.try_get::<i64, _>("by_sms")? == 1,
        })
    })
    .collect()
}

/// R-SV-2 — the documents `user_id` sees today, their own first, then by expiry.
pub async fn visible_documents(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    today: Date,
) -> Result<Vec<HeldDocument>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM held_documents WHERE user_id = $1 \
         ORDER BY CASE WHEN child_birth_date IS NULL THEN 0 ELSE 1 END, valid_until, id"
    ))
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        if let Some(mut d) = document(r, today)? {
            d.reminders = reminders_of(&mut *conn, d.id).await?;
            out.push(d);
        }
    }
    Ok(out)
}

/// The document a server function acts on: one `user_id` may see today; anyone else's gets
/// the same 404 as a missing one.
pub async fn document_of(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    id: i64,
) -> Result<HeldDocument, AppError> {
    let today = crate::ssr::clock().today();
    visible_document(conn, user_id, id, today)
        .await?
        .ok_or(AppError::NotFound)
}

/// One document `user_id` may see (anyone else's: None, like a missing one).
pub async fn visible_document(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    id: i64,
    today: Date,
) -> Result<Option<HeldDocument>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM held_documents WHERE id = $1 AND user_id = $2"
    ))
    .bind(id)
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    row.as_ref()
        .map(|r| document(r, today))
        .transpose()
        .map(Option::flatten)
}

/// A new held document (a collected card, or an imported one).
pub struct NewDocument<'a> {
    pub user_id: i64,
    pub holder_name: &'a str,
    pub child_birth_date: Option<Date>,
    pub kind: HeldKind,
    pub number: &'a str,
    pub issued_on: Date,
    pub valid_until: Date,
    pub certificates_valid_until: Option<Date>,
    pub application_id: Option<i64>,
    /// `collected` or `import`.
    pub source: &'a str,
}

/// Is this number already on a document of this kind?
pub async fn number_taken(
    conn: &mut sqlx::AnyConnection,
    kind: HeldKind,
    number: &str,
) -> Result<bool, AppError> {
    let n: Option<i64> =
        sqlx::query_scalar("SELECT id FROM held_documents WHERE kind = $1 AND number = $2")
            .bind(kind.as_str())
            .bind(number)
            .fetch_optional(conn)
            .await?;
    Ok(n.is_some())
}

/// Records a held document in the caller's transaction.
pub async fn insert_document(
    conn: &mut sqlx::AnyConnection,
    d: &NewDocument<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO held_documents (user_id, holder_name, child_birth_date, kind, number, \
         issued_on, valid_until, certificates_valid_until, application_id, source, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(d.user_id)
    .bind(d.holder_name)
    .bind(d.child_birth_date.map(Day))
    .bind(d.kind.as_str())
    .bind(d.number)
    .bind(Day(d.issued_on))
    .bind(Day(d.valid_until))
    .bind(d.certificates_valid_until.map(Day))
    .bind(d.application_id)
    .bind(d.source)
    .bind(crate::ssr::auth::now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// R-SV-3 — sends the reminders due `today`. Each is claimed by inserting its
/// `reminders_sent` row in the transaction that queues its messages, so it goes out exactly
/// once even when several instances run this at the same moment. Returns how many went out.
pub async fn send_due_reminders(db: &Db, today: Date) -> Result<usize, AppError> {
    use crate::locale::{locale_code, parse_locale};
    use crate::ssr::outbox::{enqueue, Channel, Notice};
    /// A reminder with its document and its holder's contacts.
    #[derive(sqlx::FromRow)]
    struct Due {
        held_document_id: i64,
        target: String,
        days_before: i64,
        by_email: i64,
        by_sms: i64,
        kind: String,
        number: String,
        holder_name: String,
        valid_until: Day,
        certificates_valid_until: Option<Day>,
        child_birth_date: Option<Day>,
        email: Option<String>,
        phone: Option<String>,
        locale: String,
    }
    let rows: Vec<Due> = sqlx::query_as(
        "SELECT r.held_document_id, r.target, r.days_before, r.by_email, r.by_sms, \
         h.user_id, h.kind, h.number, h.holder_name, h.valid_until, h.certificates_valid_until, \
         h.child_birth_date, u.email, u.phone, u.locale FROM expiry_reminders r \
         JOIN held_documents h ON h.id = r.held_document_id JOIN users u ON u.id = h.user_id \
         WHERE h.status = 'valid' AND h.revoked_on IS NULL",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut sent = 0;
    for r in rows {
        let target = r.target;
        let expires = match target.as_str() {
            "certificates" => r.certificates_valid_until,
            _ => Some(r.valid_until),
        };
        let Some(Day(expires)) = expires else {
            continue;
        };
        // R-SV-2: a child's document stops being the parent's business at 18.
        if r.child_birth_date
            .is_some_and(|born| !shown_to_parent(born.0, today))
        {
            continue;
        }
        let days = r.days_before;
        if !reminder_due(expires, days, today) {
            continue;
        }
        let id = r.held_document_id;
        let Some(kind) = HeldKind::parse(&r.kind) else {
            continue;
        };
        let (number, holder, email, phone) = (r.number, r.holder_name, r.email, r.phone);
        let lang = parse_locale(&r.locale).unwrap_or(crate::i18n::Locale::lt);
        let (by_email, by_sms) = (r.by_email == 1, r.by_sms == 1);
        let Some(mut tx) = db.claim_once(sqlx::query(
            "INSERT INTO reminders_sent (held_document_id, target, days_before, expires, sent_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (held_document_id, target, days_before, expires) DO NOTHING",
        )
        .bind(id)
        .bind(&target)
        .bind(days)
        .bind(Day(expires))
        .bind(crate::ssr::auth::now_ms())).await? else {
            continue;
        };
        let (subject, body) =
            texts::reminder(lang, kind, &number, &holder, &target, expires, today);
        let event = format!("reminder:{id}:{target}:{days}:{expires}");
        let mut channels: Vec<(Channel, String)> = Vec::new();
        if let (true, Some(e)) = (by_email, email) {
            channels.push((Channel::Email, e));
        }
        if let (true, Some(p)) = (by_sms, phone) {
            channels.push((Channel::Sms, p));
        }
        for (channel, recipient) in &channels {
            enqueue(
                &mut tx,
                &Notice {
                    event: &event,
                    channel: *channel,
                    recipient,
                    locale: locale_code(lang),
                    subject: &subject,
                    body: if *channel == Channel::Sms {
                        &subject
                    } else {
                        &body
                    },
                },
            )
            .await?;
        }
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}

pub mod texts {
    //! R-SV-3, R-SV-5 — the holder's messages, in their language.
    use super::super::HeldDocument;
    use crate::i18n::Locale;
    use crate::rules::held::HeldKind;
    use jiff::civil::Date;
    use leptos_i18n::td_string;

    pub use super::super::kind_name;

    fn letter(l: Locale, lines: Vec<String>) -> String {
        crate::ssr::outbox::letter(l, lines, None)
    }

    /// R-SV-3 — "your document expires on …".
    pub fn reminder(
        l: Locale,
        kind: HeldKind,
        number: &str,
        holder: &str,
        target: &str,
        expires: Date,
        today: Date,
    ) -> (String, String) {
        let name = kind_name(l, kind);
        let days = crate::names::days(l, crate::rules::days_between(today, expires));
        let subject = if target == "certificates" {
            td_string!(
                l.letters(),
                held.mail.certificates_subject,
                date = expires.to_string()
            )
            .to_string()
        } else {
            td_string!(
                l.letters(),
                held.mail.reminder_subject,
                kind = name.as_str(),
                date = expires.to_string()
            )
            .to_string()
        };
        let body = letter(
            l,
            vec![td_string!(
                l.letters(),
                held.mail.reminder_body,
                kind = name.as_str(),
                number,
                holder,
                date = expires.to_string(),
                days
            )
            .to_string()],
        );
        (subject, body)
    }

    /// R-SV-5 — the confirmation that the document is now invalid.
    pub fn lost(l: Locale, d: &HeldDocument, at: &str) -> (String, String) {
        let name = kind_name(l, d.kind);
        (
            td_string!(l.letters(), held.mail.lost_subject, kind = name.as_str()).to_string(),
            letter(
                l,
                vec![td_string!(
                    l.letters(),
                    held.mail.lost_body,
                    kind = name.as_str(),
                    number = d.number.as_str(),
                    at
                )
                .to_string()],
            ),
        )
    }
}
