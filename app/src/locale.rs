//! The five interface languages and the translation of rule errors.
use crate::i18n::Locale;
use crate::rules::{Field, RuleError, RuleErrorKind};
use crate::tr::td_string;

/// The locales in switcher order, each with its name in its own language (an endonym is
/// never translated: a Belarusian speaker looks for "Беларуская", whatever the page language).
pub const LOCALES: [(Locale, &str, &str); 5] = [
    (Locale::lt, "lt", "Lietuvių"),
    (Locale::en, "en", "English"),
    (Locale::uk, "uk", "Українська"),
    (Locale::be, "be", "Беларуская"),
    (Locale::ru, "ru", "Русский"),
];

/// The cookie in which leptos_i18n (and the no-JS switcher) remembers the chosen language.
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// Parses a locale code such as `uk` (case-insensitive); `None` for anything else.
pub fn parse_locale(code: &str) -> Option<Locale> {
    LOCALES
        .iter()
        .find(|(_, c, _)| c.eq_ignore_ascii_case(code.trim()))
        .map(|(l, _, _)| *l)
}

/// The BCP 47 code of a locale (`lt`, `en`, `uk`, `be`, `ru`).
pub fn locale_code(locale: Locale) -> &'static str {
    LOCALES
        .iter()
        .find(|(l, _, _)| *l == locale)
        .map(|(_, c, _)| *c)
        .unwrap_or("en")
}

/// Picks the best supported locale from an `Accept-Language` header value, honouring q-values.
pub fn negotiate(accept_language: &str) -> Locale {
    let mut best: Option<(f32, Locale)> = None;
    for part in accept_language.split(',') {
        let mut pieces = part.trim().split(';');
        let tag = pieces.next().unwrap_or("").trim();
        let q = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(locale) = parse_locale(primary) {
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, locale));
            }
        }
    }
    best.map(|(_, l)| l).unwrap_or(Locale::en)
}

/// The translated name of a role.
pub fn role_name(locale: Locale, role: crate::identity::Role) -> String {
    use crate::identity::Role;
    match role {
        Role::Officer => td_string!(locale, account.roles.officer),
        Role::OfficeAdmin => td_string!(locale, account.roles.office_admin),
        Role::Kiosk => td_string!(locale, account.roles.kiosk),
        Role::Display => td_string!(locale, account.roles.display),
        Role::Applicant => td_string!(locale, account.roles.applicant),
    }
    .to_string()
}

/// The reader's language from a request's headers: the language cookie when it names one of
/// the five, else the best match of `Accept-Language`, else English (the pages' default).
pub fn locale_of_headers(headers: &http::HeaderMap) -> Locale {
    let from_cookie = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == LOCALE_COOKIE)
        .and_then(|(_, v)| parse_locale(v));
    from_cookie.unwrap_or_else(|| {
        headers
            .get(http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(negotiate)
            .unwrap_or(Locale::en)
    })
}

/// The translated name of a form field.
pub fn field_name(locale: Locale, field: Field) -> String {
    let s = match field {
        Field::PersonalCode => td_string!(locale, field.personal_code),
        Field::FirstName => td_string!(locale, field.first_name),
        Field::Surname => td_string!(locale, field.surname),
        Field::Phone => td_string!(locale, field.phone),
        Field::Email => td_string!(locale, field.email),
        Field::Date => td_string!(locale, field.date),
        Field::Expires => td_string!(locale, field.expires),
        Field::Submitted => td_string!(locale, field.submitted),
        Field::From => td_string!(locale, field.from),
        Field::Days => td_string!(locale, field.days),
        Field::Year => td_string!(locale, field.year),
        Field::Case => td_string!(locale, field.case),
        Field::Procedure => td_string!(locale, field.procedure),
        Field::Permit => td_string!(locale, field.permit),
        Field::Action => td_string!(locale, field.action),
        Field::Stop => td_string!(locale, field.stop),
        Field::Country => td_string!(locale, field.country),
        Field::IssuedOn => td_string!(locale, field.issued_on),
        Field::Period => td_string!(locale, field.period),
        Field::Amount => td_string!(locale, field.amount),
        Field::Funds => td_string!(locale, field.funds),
        Field::InsuredUntil => td_string!(locale, field.insured_until),
        Field::PayerName => td_string!(locale, field.payer_name),
        Field::Reference => td_string!(locale, field.reference),
        Field::Office => td_string!(locale, field.office),
        Field::Now => td_string!(locale, field.now),
        Field::LoginCode => td_string!(locale, field.login_code),
        Field::Language => td_string!(locale, field.language),
        Field::Role => td_string!(locale, field.role),
        Field::Confirm => td_string!(locale, field.confirm),
        Field::To => td_string!(locale, field.to),
        Field::Search => td_string!(locale, field.search),
        Field::ForWhom => td_string!(locale, field.for_whom),
        Field::BirthDate => td_string!(locale, field.birth_date),
        Field::Citizenship => td_string!(locale, field.citizenship),
        Field::PassportNumber => td_string!(locale, field.passport_number),
        Field::PassportValidUntil => td_string!(locale, field.passport_valid_until),
        Field::Ground => td_string!(locale, field.ground),
        Field::SponsorName => td_string!(locale, field.sponsor_name),
        Field::SponsorCode => td_string!(locale, field.sponsor_code),
        Field::CitizenArrived => td_string!(locale, field.citizen_arrived),
        Field::Months => td_string!(locale, field.months),
        Field::FirstPermit => td_string!(locale, field.first_permit),
        Field::VisaFree => td_string!(locale, field.visa_free),
        Field::MarriageInRegister => td_string!(locale, field.marriage_in_register),
        Field::CompulsoryInsurance => td_string!(locale, field.compulsory_insurance),
        Field::InviteeFirstName => td_string!(locale, field.invitee_first_name),
        Field::InviteeSurname => td_string!(locale, field.invitee_surname),
        Field::InviteeBirthDate => td_string!(locale, field.invitee_birth_date),
        Field::InviteeCitizenship => td_string!(locale, field.invitee_citizenship),
        Field::VisitPurpose => td_string!(locale, field.visit_purpose),
        Field::Exemption => td_string!(locale, field.exemption),
        Field::Paid => td_string!(locale, field.paid),
        Field::Upload => td_string!(locale, field.upload),
        Field::Documents => td_string!(locale, field.documents),
        Field::DueDate => td_string!(locale, field.due_date),
        Field::ValidUntil => td_string!(locale, field.valid_until),
        Field::Reason => td_string!(locale, field.reason),
        Field::Message => td_string!(locale, field.message),
        Field::Officer => td_string!(locale, field.officer),
        Field::DocumentNumber => td_string!(locale, field.document_number),
        Field::Channels => td_string!(locale, field.channels),
        Field::Iban => td_string!(locale, field.iban),
        Field::Slot => td_string!(locale, field.slot),
        Field::Opens => td_string!(locale, field.opens),
        Field::Closes => td_string!(locale, field.closes),
        Field::Desks => td_string!(locale, field.desks),
        Field::Address => td_string!(locale, field.address),
        Field::MapUrl => td_string!(locale, field.map_url),
        Field::Duration => td_string!(locale, field.duration),
        Field::Desk => td_string!(locale, field.desk),
        Field::VisitCode => td_string!(locale, field.visit_code),
        Field::DeviceName => td_string!(locale, field.device_name),
        Field::InviterStatus => td_string!(locale, field.inviter_status),
        Field::InviterPermit => td_string!(locale, field.inviter_permit),
        Field::InviterAddress => td_string!(locale, field.inviter_address),
    };
    s.to_string()
}

/// The translated message for a rule error, naming the field and (where it has one) the rule.
pub fn error_message(locale: Locale, err: &RuleError) -> String {
    let field = field_name(locale, err.field);
    let field = field.as_str();
    match &err.kind {
        RuleErrorKind::Required => td_string!(locale, error.required, field).to_string(),
        RuleErrorKind::TooLong { max } => {
            td_string!(locale, error.too_long, field, max = *max).to_string()
        }
        RuleErrorKind::InvalidFormat => td_string!(locale, error.invalid_format, field).to_string(),
        RuleErrorKind::BadChecksum => td_string!(locale, error.bad_checksum, field).to_string(),
        RuleErrorKind::ImpossibleDate => {
            td_string!(locale, error.impossible_date, field).to_string()
        }
        RuleErrorKind::OutOfRange { min, max } => {
            td_string!(locale, error.out_of_range, field, min = *min, max = *max).to_string()
        }
        RuleErrorKind::UnknownCaseKind => {
            td_string!(locale, error.unknown_case_kind, field).to_string()
        }
        RuleErrorKind::ProcedureNotAvailable => {
            td_string!(locale, error.procedure_not_available, field).to_string()
        }
        RuleErrorKind::UnknownPermit => td_string!(locale, error.unknown_permit, field).to_string(),
        RuleErrorKind::UnknownAction => td_string!(locale, error.unknown_action, field).to_string(),
        RuleErrorKind::StopOrder => td_string!(locale, error.stop_order, field).to_string(),
        RuleErrorKind::StopBeforeSubmission => {
            td_string!(locale, error.stop_before_submission, field).to_string()
        }
        RuleErrorKind::OutsideRenewalWindow { earliest, latest } => td_string!(
            locale,
            error.outside_renewal_window,
            field,
            earliest = earliest,
            latest = latest
        )
        .to_string(),
        RuleErrorKind::CertificateTooOld { oldest_allowed } => td_string!(
            locale,
            error.certificate_too_old,
            field,
            date = oldest_allowed
        )
        .to_string(),
        RuleErrorKind::InsufficientCoverage { needed_until } => td_string!(
            locale,
            error.insufficient_coverage,
            field,
            date = needed_until
        )
        .to_string(),
        RuleErrorKind::InsufficientFunds { needed_eur } => td_string!(
            locale,
            error.insufficient_funds,
            field,
            amount = *needed_eur
        )
        .to_string(),
        RuleErrorKind::QueueClosed { opens, closes } => td_string!(
            locale,
            error.queue_closed,
            field,
            opens = crate::rules::booking::hhmm(*opens),
            closes = crate::rules::booking::hhmm(*closes)
        )
        .to_string(),
        RuleErrorKind::OfficeClosedToday => {
            td_string!(locale, error.office_closed_today, field).to_string()
        }
        RuleErrorKind::UnknownProcedure => {
            td_string!(locale, error.unknown_procedure, field).to_string()
        }
        RuleErrorKind::EndBeforeStart => {
            td_string!(locale, error.end_before_start, field).to_string()
        }
        RuleErrorKind::DateInFuture { latest } => {
            td_string!(locale, error.date_in_future, field, date = latest).to_string()
        }
        RuleErrorKind::DocumentExpiresTooSoon { needed_until } => td_string!(
            locale,
            error.document_expires_too_soon,
            field,
            date = needed_until
        )
        .to_string(),
        RuleErrorKind::TooLateAfterArrival { latest } => {
            td_string!(locale, error.too_late_after_arrival, field, date = latest).to_string()
        }
        RuleErrorKind::PermitExpired => td_string!(locale, error.permit_expired, field).to_string(),
        RuleErrorKind::NotAMinor => td_string!(locale, error.not_a_minor, field).to_string(),
        RuleErrorKind::MinorAppliesPersonally => {
            td_string!(locale, error.minor_applies_personally, field).to_string()
        }
        RuleErrorKind::ParentApplies => td_string!(locale, error.parent_applies, field).to_string(),
        RuleErrorKind::FeeNotPaid => td_string!(locale, error.fee_not_paid, field).to_string(),
        RuleErrorKind::DateInPast { earliest } => {
            td_string!(locale, error.date_in_past, field, date = earliest).to_string()
        }
        RuleErrorKind::FileTooLarge { max_mb } => {
            td_string!(locale, error.file_too_large, field, max = *max_mb).to_string()
        }
        RuleErrorKind::FileTypeNotAccepted => {
            td_string!(locale, error.file_type_not_accepted, field).to_string()
        }
        RuleErrorKind::FileDamaged => td_string!(locale, error.file_damaged, field).to_string(),
        RuleErrorKind::ImageTooLarge { max_mpx } => {
            td_string!(locale, error.image_too_large, field, max = *max_mpx).to_string()
        }
        RuleErrorKind::FileInfected => td_string!(locale, error.file_infected, field).to_string(),
        RuleErrorKind::UploadsPerHour { max } => {
            td_string!(locale, error.uploads_per_hour, field, max = *max).to_string()
        }
        RuleErrorKind::CheckBusy => td_string!(locale, error.check_busy, field).to_string(),
        RuleErrorKind::CheckUnavailable => {
            td_string!(locale, error.check_unavailable, field).to_string()
        }
        RuleErrorKind::DocumentsMissing => {
            td_string!(locale, error.documents_missing, field).to_string()
        }
        RuleErrorKind::ActionNotAllowed => {
            td_string!(locale, error.action_not_allowed, field).to_string()
        }
        RuleErrorKind::NoticeTooLate { latest } => {
            td_string!(locale, error.notice_too_late, field, date = latest).to_string()
        }
        RuleErrorKind::ExtensionTooLong { latest } => {
            td_string!(locale, error.extension_too_long, field, date = latest).to_string()
        }
        RuleErrorKind::NumberTaken => td_string!(locale, error.number_taken, field).to_string(),
        RuleErrorKind::SameOffice => td_string!(locale, error.same_office, field).to_string(),
        RuleErrorKind::OutsideBookingRange { earliest, latest } => td_string!(
            locale,
            error.outside_booking_range,
            field,
            earliest = earliest,
            latest = latest
        )
        .to_string(),
        RuleErrorKind::NoSuchSlot => td_string!(locale, error.no_such_slot, field).to_string(),
        RuleErrorKind::SlotTaken => td_string!(locale, error.slot_taken, field).to_string(),
        RuleErrorKind::TooManyMoves { max } => {
            td_string!(locale, error.too_many_moves, field, max = *max).to_string()
        }
        RuleErrorKind::WindowPassed => td_string!(locale, error.window_passed, field).to_string(),
        RuleErrorKind::OfferExpired => td_string!(locale, error.offer_expired, field).to_string(),
        RuleErrorKind::AlreadyInQueue => {
            td_string!(locale, error.already_in_queue, field).to_string()
        }
        RuleErrorKind::OfficeClosedNow { opens, closes } => td_string!(
            locale,
            error.office_closed_now,
            field,
            opens = crate::rules::booking::hhmm(*opens),
            closes = crate::rules::booking::hhmm(*closes)
        )
        .to_string(),
        RuleErrorKind::NoVisitToday => td_string!(locale, error.no_visit_today, field).to_string(),
        RuleErrorKind::CheckInTooEarly { from } => td_string!(
            locale,
            error.check_in_too_early,
            field,
            from = crate::rules::booking::hhmm(*from)
        )
        .to_string(),
    }
}

/// The translated message for a refused account action (login, contact details).
pub fn account_error_message(locale: Locale, err: &crate::error::AppError) -> Vec<String> {
    use crate::error::AppError as E;
    let one = |s: &str| vec![s.to_string()];
    match err {
        E::Invalid { errors, .. } => errors.iter().map(|e| error_message(locale, e)).collect(),
        E::TooMany { retry_after_minutes } => {
            vec![
                td_string!(locale, account.error.too_many, count = *retry_after_minutes)
                    .to_string(),
            ]
        }
        E::WrongCode { tries_left } => {
            vec![td_string!(locale, account.error.wrong_code, count = *tries_left).to_string()]
        }
        E::CodeExpired => one(td_string!(locale, account.error.code_expired)),
        E::Locked => one(td_string!(locale, account.error.locked)),
        E::NoLogin => one(td_string!(locale, account.error.no_login)),
        E::NotLoggedIn => one(td_string!(locale, account.error.not_logged_in)),
        E::FormExpired => one(td_string!(locale, account.error.form_expired)),
        E::EmailTaken => one(td_string!(locale, account.error.email_taken)),
        E::NotFound => one(td_string!(locale, account.error.not_found)),
        E::Forbidden => one(td_string!(locale, account.error.forbidden)),
        E::CasesOpen => one(td_string!(locale, account.error.cases_open)),
        E::Submitted => one(td_string!(locale, account.error.submitted)),
        E::Conflict => one(td_string!(locale, account.error.conflict)),
        E::BadRequest { .. } => one(td_string!(locale, account.error.bad_request)),
        E::Server => one(td_string!(locale, account.error.server)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_accept_language_with_q_values() {
        assert_eq!(negotiate("uk-UA,uk;q=0.9,en;q=0.8"), Locale::uk);
        assert_eq!(negotiate("de-DE,ru;q=0.5,be;q=0.7"), Locale::be);
        assert_eq!(negotiate("fr"), Locale::en);
        assert_eq!(negotiate(""), Locale::en);
        assert_eq!(negotiate("lt;q=0,ru"), Locale::ru);
    }

    #[test]
    fn every_locale_code_round_trips() {
        for (l, code, _) in LOCALES {
            assert_eq!(parse_locale(code), Some(l));
            assert_eq!(locale_code(l), code);
        }
        assert_eq!(parse_locale("de"), None);
    }
}
