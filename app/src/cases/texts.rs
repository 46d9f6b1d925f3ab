//! R-SV-7, R-SV-4, R-DL-3, R-DL-4 — the notices an applicant gets as their case moves, in
//! their language.
use super::OfficeChoice;
use crate::i18n::Locale;
use crate::rules::DocumentKind;
use jiff::civil::Date;
use leptos_i18n::td_string;

pub use crate::applications::ssr::notify as notify_case;

/// Writes a notice's subject and body in a locale.
pub type Texts = dyn Fn(Locale) -> (String, String) + Send + Sync;

/// A case notice's body: the lines, then where to follow the case.
fn letter(l: Locale, lines: Vec<String>) -> String {
    let follow = td_string!(l.letters(), case.mail.follow).to_string();
    crate::ssr::outbox::letter(l, lines, Some(follow))
}

/// R-DL-3 — documents are missing: which, by when, and that the clock stands still.
pub fn documents_requested(
    l: Locale,
    reference: &str,
    docs: &[DocumentKind],
    due: Date,
    message: &str,
) -> (String, String) {
    let mut lines = vec![td_string!(
        l.letters(),
        case.mail.requested_body,
        reference,
        date = due.to_string()
    )
    .to_string()];
    lines.extend(
        docs.iter()
            .map(|d| format!("- {}", crate::names::document_name_in(l, *d))),
    );
    if !message.is_empty() {
        lines.push(String::new());
        lines.push(message.to_string());
    }
    lines.push(String::new());
    lines.push(td_string!(l.letters(), case.mail.clock_stopped).to_string());
    (
        td_string!(l.letters(), case.mail.requested_subject, reference).to_string(),
        letter(l, lines),
    )
}

/// R-DL-3 — the documents arrived: the clock runs again, the deadline moved.
pub fn documents_arrived(
    l: Locale,
    reference: &str,
    days: i64,
    due: Option<Date>,
) -> (String, String) {
    let days = crate::names::days(l, days);
    let mut lines =
        vec![td_string!(l.letters(), case.mail.arrived_body, reference, days).to_string()];
    if let Some(d) = due {
        lines.push(
            td_string!(l.letters(), case.mail.new_deadline, date = d.to_string()).to_string(),
        );
    }
    (
        td_string!(l.letters(), case.mail.arrived_subject, reference).to_string(),
        letter(l, lines),
    )
}

/// R-DL-4 — an urgent application will not make its deadline: handled under the general
/// procedure, and this part of the fee is refunded.
pub fn urgent_notice(
    l: Locale,
    reference: &str,
    refund: u32,
    deadline: Option<Date>,
) -> (String, String) {
    let mut lines = vec![
        td_string!(l.letters(), case.mail.urgent_body, reference).to_string(),
        td_string!(l.letters(), case.mail.refund, amount = refund).to_string(),
    ];
    if let Some(d) = deadline {
        lines.push(
            td_string!(l.letters(), case.mail.new_deadline, date = d.to_string()).to_string(),
        );
    }
    (
        td_string!(l.letters(), case.mail.urgent_subject, reference).to_string(),
        letter(l, lines),
    )
}

/// The application is approved.
pub fn approved(
    l: Locale,
    reference: &str,
    until: Date,
    office: Option<&OfficeChoice>,
) -> (String, String) {
    let mut lines = vec![td_string!(
        l.letters(),
        case.mail.approved_body,
        reference,
        date = until.to_string()
    )
    .to_string()];
    if let Some(o) = office {
        lines.push(
            td_string!(
                l.letters(),
                case.mail.formalise_at,
                office = o.name.as_str(),
                address = o.address.as_str()
            )
            .to_string(),
        );
    }
    (
        td_string!(l.letters(), case.mail.approved_subject, reference).to_string(),
        letter(l, lines),
    )
}

/// The application is refused, with the officer's reason.
pub fn refused(l: Locale, reference: &str, reason: &str) -> (String, String) {
    let lines = vec![
        td_string!(l.letters(), case.mail.refused_body, reference).to_string(),
        String::new(),
        reason.to_string(),
    ];
    (
        td_string!(l.letters(), case.mail.refused_subject, reference).to_string(),
        letter(l, lines),
    )
}

/// R-DL-6 — the decision's validity was extended.
pub fn extended(l: Locale, reference: &str, until: Date) -> (String, String) {
    (
        td_string!(l.letters(), case.mail.extended_subject, reference).to_string(),
        letter(
            l,
            vec![td_string!(
                l.letters(),
                case.mail.extended_body,
                reference,
                date = until.to_string()
            )
            .to_string()],
        ),
    )
}

/// R-SV-4, R-IP-3 — the document is ready for collection at the office.
pub fn produced(l: Locale, reference: &str, office: Option<&OfficeChoice>) -> (String, String) {
    let (name, address) = name_and_address(office);
    (
        td_string!(l.letters(), case.mail.produced_subject, reference).to_string(),
        letter(
            l,
            vec![td_string!(
                l.letters(),
                case.mail.produced_body,
                reference,
                office = name,
                address
            )
            .to_string()],
        ),
    )
}

/// R-DL-7, R-IP-3 — the case has moved to another office: the applicant deals with it there.
pub fn transferred(l: Locale, reference: &str, office: Option<&OfficeChoice>) -> (String, String) {
    let (name, address) = name_and_address(office);
    (
        td_string!(l.letters(), case.mail.transferred_subject, reference).to_string(),
        letter(
            l,
            vec![td_string!(
                l.letters(),
                case.mail.transferred_body,
                reference,
                office = name,
                address
            )
            .to_string()],
        ),
    )
}

/// R-DL-8 — the card has waited a month: come and collect it (R-IP-3: in person, at the office).
pub fn invite_to_collect(
    l: Locale,
    reference: &str,
    office: Option<&OfficeChoice>,
    produced: Date,
) -> (String, String) {
    let (name, address) = name_and_address(office);
    (
        td_string!(l.letters(), case.mail.invite_subject, reference).to_string(),
        letter(
            l,
            vec![td_string!(
                l.letters(),
                case.mail.invite_body,
                reference,
                date = produced.to_string(),
                office = name,
                address
            )
            .to_string()],
        ),
    )
}

/// The office's name and address for a letter (empty when the case has none).
fn name_and_address(office: Option<&OfficeChoice>) -> (&str, &str) {
    office
        .map(|o| (o.name.as_str(), o.address.as_str()))
        .unwrap_or(("", ""))
}

/// R-DL-7 — revocation proceedings: opened (with the grounds and the day of the decision),
/// then decided (the decision revoked, with the reason, or kept).
pub enum RevocationLetter<'a> {
    Opened { grounds: &'a str, due: Date },
    Revoked { reason: &'a str },
    Kept { reason: &'a str },
}

pub fn revocation(l: Locale, reference: &str, letter_kind: RevocationLetter) -> (String, String) {
    let t = l.letters();
    let (subject, first, words) = match letter_kind {
        RevocationLetter::Opened { grounds, due } => (
            td_string!(t, case.mail.revocation_opened_subject, reference),
            td_string!(
                t,
                case.mail.revocation_opened_body,
                reference,
                date = due.to_string()
            )
            .to_string(),
            grounds,
        ),
        RevocationLetter::Revoked { reason } => (
            td_string!(t, case.mail.revoked_subject, reference),
            td_string!(t, case.mail.revoked_body, reference).to_string(),
            reason,
        ),
        RevocationLetter::Kept { reason } => (
            td_string!(t, case.mail.kept_subject, reference),
            td_string!(t, case.mail.kept_body, reference).to_string(),
            reason,
        ),
    };
    let mut lines = vec![first];
    if !words.is_empty() {
        lines.push(String::new());
        lines.push(words.to_string());
    }
    (subject.to_string(), letter(l, lines))
}
