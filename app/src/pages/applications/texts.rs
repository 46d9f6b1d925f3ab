//! The words of the application pages that come from the rules' keys: kinds, sections,
//! options, hints, countries, statuses (issue #5). One `match` per key family, so a missing
//! translation is a compile error.
use crate::applications::Status;
use crate::i18n::Locale;
use crate::rules::application::{ApplicationType, Section, SectionState};
use crate::rules::Field;
use crate::tr::td_string;

pub fn kind_hint(l: Locale, k: ApplicationType) -> String {
    use ApplicationType as A;
    match k {
        A::TrpIssue => td_string!(l, apply.kind_hint.trp_issue),
        A::TrpChange => td_string!(l, apply.kind_hint.trp_change),
        A::EuCardIssue => td_string!(l, apply.kind_hint.eu_card_issue),
        A::EuCardChange => td_string!(l, apply.kind_hint.eu_card_change),
        A::PermanentFamily => td_string!(l, apply.kind_hint.permanent_family),
        A::Invitation => td_string!(l, apply.kind_hint.invitation),
    }
    .to_string()
}

pub fn section_name(l: Locale, s: Section) -> String {
    match s {
        Section::Applicant => td_string!(l, apply.section.applicant),
        Section::Basis => td_string!(l, apply.section.basis),
        Section::Sponsor => td_string!(l, apply.section.sponsor),
        Section::Permit => td_string!(l, apply.section.permit),
        Section::Renewal => td_string!(l, apply.section.renewal),
        Section::Funds => td_string!(l, apply.section.funds),
        Section::Insurance => td_string!(l, apply.section.insurance),
        Section::CriminalRecord => td_string!(l, apply.section.criminal_record),
        Section::Inviter => td_string!(l, apply.section.inviter),
        Section::Invitee => td_string!(l, apply.section.invitee),
        Section::Fee => td_string!(l, apply.section.fee),
    }
    .to_string()
}

pub fn state_name(l: Locale, s: SectionState) -> String {
    match s {
        SectionState::NotStarted => td_string!(l, apply.state.not_started),
        SectionState::InProgress => td_string!(l, apply.state.in_progress),
        SectionState::Completed => td_string!(l, apply.state.completed),
    }
    .to_string()
}

pub fn status_name(l: Locale, s: Status) -> String {
    match s {
        Status::Draft => td_string!(l, apply.status.draft),
        Status::Submitted => td_string!(l, apply.status.submitted),
    }
    .to_string()
}

/// The label of a choice value (`me`, `urgent`, a ground, …).
pub fn option_label(l: Locale, value: &str) -> String {
    match value {
        "me" => td_string!(l, apply.opt.me),
        "child" => td_string!(l, apply.opt.child),
        "general" => td_string!(l, apply.opt.general),
        "urgent" => td_string!(l, apply.opt.urgent),
        "yes" => td_string!(l, apply.opt.yes),
        "no" => td_string!(l, apply.opt.no),
        "family_of_citizen" => td_string!(l, apply.opt.family_of_citizen),
        "family_of_permanent_resident" => td_string!(l, apply.opt.family_of_permanent_resident),
        "family_of_trp_holder" => td_string!(l, apply.opt.family_of_trp_holder),
        "hq_2to3" => td_string!(l, apply.opt.hq_2to3),
        "hq_3plus" => td_string!(l, apply.opt.hq_3plus),
        "business" => td_string!(l, apply.opt.business),
        "eu_spouse_or_partner" => td_string!(l, apply.opt.eu_spouse_or_partner),
        "eu_other_beneficiary" => td_string!(l, apply.opt.eu_other_beneficiary),
        "citizen" => td_string!(l, apply.opt.citizen),
        "permanent_resident" => td_string!(l, apply.opt.permanent_resident),
        "temporary_resident" => td_string!(l, apply.opt.temporary_resident),
        _ => return value.to_string(),
    }
    .to_string()
}

/// The hint under a question, where it needs one.
pub fn field_hint(l: Locale, f: Field) -> Option<String> {
    Some(
        match f {
            Field::ForWhom => td_string!(l, apply.hint.for_whom),
            Field::FirstName | Field::Surname => td_string!(l, apply.hint.names),
            Field::PersonalCode => td_string!(l, apply.hint.personal_code),
            Field::PassportValidUntil => td_string!(l, apply.hint.passport_valid_until),
            Field::SponsorCode => td_string!(l, apply.hint.sponsor_code),
            Field::Months => td_string!(l, apply.hint.months),
            Field::FirstPermit => td_string!(l, apply.hint.first_permit),
            Field::VisaFree => td_string!(l, apply.hint.visa_free),
            Field::MarriageInRegister => td_string!(l, apply.hint.marriage_in_register),
            Field::Expires => td_string!(l, apply.hint.expires),
            Field::Funds => td_string!(l, apply.hint.funds),
            Field::CompulsoryInsurance => td_string!(l, apply.hint.compulsory_insurance),
            Field::InsuredUntil => td_string!(l, apply.hint.insured_until),
            Field::Country => td_string!(l, apply.hint.record_country),
            Field::IssuedOn => td_string!(l, apply.hint.record_issued_on),
            Field::Exemption => td_string!(l, apply.hint.exemption),
            Field::Paid => td_string!(l, apply.hint.paid),
            Field::CitizenArrived => td_string!(l, apply.hint.citizen_arrived),
            Field::InviterPermit => td_string!(l, apply.hint.inviter_permit),
            Field::InviterAddress => td_string!(l, apply.hint.inviter_address),
            _ => return None,
        }
        .to_string(),
    )
}

/// The question's label: the field's name, except where the question reads better.
pub fn question_label(l: Locale, f: Field) -> String {
    match f {
        Field::Expires => td_string!(l, apply.label.expires).to_string(),
        Field::Country => td_string!(l, apply.label.record_country).to_string(),
        Field::IssuedOn => td_string!(l, apply.label.record_issued_on).to_string(),
        Field::From => td_string!(l, apply.label.visit_from).to_string(),
        Field::To => td_string!(l, apply.label.visit_to).to_string(),
        Field::InsuredUntil => td_string!(l, apply.label.insured_until).to_string(),
        Field::Funds => td_string!(l, apply.label.funds).to_string(),
        _ => crate::locale::field_name(l, f),
    }
}

/// The countries offered in lists: every EU state (R-PM-10 exempts them from the Apostille),
/// the countries most applicants come from, and `ZZ` for any other.
pub const COUNTRIES: [&str; 44] = [
    "UA", "BY", "RU", "MD", "GE", "AM", "AZ", "KZ", "KG", "UZ", "TJ", "TM", "IN", "CN", "TR", "US",
    "GB", "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// "Other country" in the lists.
pub const OTHER_COUNTRY: &str = "ZZ";

pub fn country_name(l: Locale, code: &str) -> String {
    match code {
        "UA" => td_string!(l, apply.country.ua),
        "BY" => td_string!(l, apply.country.by),
        "RU" => td_string!(l, apply.country.ru),
        "MD" => td_string!(l, apply.country.md),
        "GE" => td_string!(l, apply.country.ge),
        "AM" => td_string!(l, apply.country.am),
        "AZ" => td_string!(l, apply.country.az),
        "KZ" => td_string!(l, apply.country.kz),
        "KG" => td_string!(l, apply.country.kg),
        "UZ" => td_string!(l, apply.country.uz),
        "TJ" => td_string!(l, apply.country.tj),
        "TM" => td_string!(l, apply.country.tm),
        "IN" => td_string!(l, apply.country.india),
        "CN" => td_string!(l, apply.country.cn),
        "TR" => td_string!(l, apply.country.tr),
        "US" => td_string!(l, apply.country.us),
        "GB" => td_string!(l, apply.country.gb),
        "AT" => td_string!(l, apply.country.at),
        "BE" => td_string!(l, apply.country.be),
        "BG" => td_string!(l, apply.country.bg),
        "CY" => td_string!(l, apply.country.cy),
        "CZ" => td_string!(l, apply.country.cz),
        "DE" => td_string!(l, apply.country.de),
        "DK" => td_string!(l, apply.country.dk),
        "EE" => td_string!(l, apply.country.ee),
        "ES" => td_string!(l, apply.country.es),
        "FI" => td_string!(l, apply.country.fi),
        "FR" => td_string!(l, apply.country.fr),
        "GR" => td_string!(l, apply.country.gr),
        "HR" => td_string!(l, apply.country.hr),
        "HU" => td_string!(l, apply.country.hu),
        "IE" => td_string!(l, apply.country.ie),
        "IT" => td_string!(l, apply.country.it),
        "LT" => td_string!(l, apply.country.lt),
        "LU" => td_string!(l, apply.country.lu),
        "LV" => td_string!(l, apply.country.lv),
        "MT" => td_string!(l, apply.country.mt),
        "NL" => td_string!(l, apply.country.nl),
        "PL" => td_string!(l, apply.country.pl),
        "PT" => td_string!(l, apply.country.pt),
        "RO" => td_string!(l, apply.country.ro),
        "SE" => td_string!(l, apply.country.se),
        "SI" => td_string!(l, apply.country.si),
        "SK" => td_string!(l, apply.country.sk),
        _ => td_string!(l, apply.country.other),
    }
    .to_string()
}
