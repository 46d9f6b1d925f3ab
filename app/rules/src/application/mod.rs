//! R-SV-1, R-PM-1…R-PM-11, R-DL-1, R-DL-2, R-FL-1, R-IP-1, R-SV-6 — the application forms:
//! which kinds exist, the task list of each, the questions of each section and the check of
//! every answer. The browser runs [`check_answer`] as the user types; the server runs
//! [`validate_section`] on every save and [`validate_application`] on submit, with the same
//! code, so nothing the browser let through is trusted.
//!
//! Answers are kept as the user typed them (`field key → text`), so a refused answer is never
//! lost: it is saved in the draft and shown again with its message.

use std::collections::BTreeMap;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::calendar::{add_months, HolidayCalendar};
use super::deadlines::{CaseKind, DecisionDeadline, Procedure, RenewalWindow};
use super::documents::{ChecklistItem, CountryCode, DocumentKind, Ground, Legalisation};
use super::error::{parse_date, Field, RuleError, RuleErrorKind, RuleResult};
use super::fees::{FeeAction, FeeDue, Permit};

mod check;
mod derived;
pub use check::*;
pub use derived::*;

fn err<T>(field: Field, kind: RuleErrorKind) -> RuleResult<T> {
    Err(RuleError::new(field, kind))
}

fn date_of(answers: &Answers, field: Field) -> Option<Date> {
    answer(answers, field).and_then(|s| parse_date(field, s).ok())
}

/// What the user typed, by field key ([`Field::as_str`]).
pub type Answers = BTreeMap<String, String>;

/// The longest text answer (names are shorter: R-AC-3's 31 characters).
pub const TEXT_MAX: u32 = 200;
/// A permit is never asked for longer than this many months (the EU card's 5 years, R-PM-1).
pub const MONTHS_MAX: i64 = 60;

// ------------------------------------------------------------------ kinds

/// R-SV-1 — the applications the portal takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationType {
    /// Temporary residence permit, first issue (R-PM-3, R-DL-2).
    TrpIssue,
    /// Temporary residence permit, change (renewal) (R-DL-1).
    TrpChange,
    /// EU family member temporary residence card, issue (R-PM-1, R-PM-5).
    EuCardIssue,
    /// EU family member temporary residence card, change (R-PM-1).
    EuCardChange,
    /// Permanent residence permit for a family member arriving with a citizen (R-PM-4).
    PermanentFamily,
    /// Approval of an invitation for a foreigner (R-SV-1).
    Invitation,
}

impl ApplicationType {
    pub const ALL: [ApplicationType; 6] = [
        ApplicationType::TrpIssue,
        ApplicationType::TrpChange,
        ApplicationType::EuCardIssue,
        ApplicationType::EuCardChange,
        ApplicationType::PermanentFamily,
        ApplicationType::Invitation,
    ];

    /// R-SV-1 — the key in URLs, the database and the locale files.
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationType::TrpIssue => "trp_issue",
            ApplicationType::TrpChange => "trp_change",
            ApplicationType::EuCardIssue => "eu_card_issue",
            ApplicationType::EuCardChange => "eu_card_change",
            ApplicationType::PermanentFamily => "permanent_family",
            ApplicationType::Invitation => "invitation",
        }
    }

    /// R-PM table — the permit or card applied for; an invitation is neither.
    pub fn permit(self) -> Option<Permit> {
        match self {
            ApplicationType::TrpIssue | ApplicationType::TrpChange => Some(Permit::Trp),
            ApplicationType::EuCardIssue | ApplicationType::EuCardChange => Some(Permit::EuCard),
            ApplicationType::PermanentFamily => Some(Permit::Permanent),
            ApplicationType::Invitation => None,
        }
    }

    /// R-SV-6 — issue or change, for the fee.
    pub fn fee_action(self) -> Option<FeeAction> {
        match self {
            ApplicationType::TrpChange | ApplicationType::EuCardChange => Some(FeeAction::Change),
            ApplicationType::Invitation => None,
            _ => Some(FeeAction::Issue),
        }
    }

    /// R-DL-1 — a change of a permit the applicant already holds.
    pub fn is_change(self) -> bool {
        matches!(
            self,
            ApplicationType::TrpChange | ApplicationType::EuCardChange
        )
    }

    /// R-PM-1, R-DL-2 — an urgent procedure exists (not for the EU card, R-PM-1).
    pub fn has_urgent(self) -> bool {
        matches!(
            self,
            ApplicationType::TrpIssue
                | ApplicationType::TrpChange
                | ApplicationType::PermanentFamily
        )
    }
}

impl FromStr for ApplicationType {
    type Err = RuleError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ApplicationType::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(RuleError::new(Field::Case, RuleErrorKind::UnknownCaseKind))
    }
}

// --------------------------------------------------------------- sections

/// One page of the form (one line of the task list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Who the application is for (R-IP-1) and their identity and passport.
    Applicant,
    /// The ground (R-PM-3, R-PM-5, R-DL-2).
    Basis,
    /// The family member the applicant joins.
    Sponsor,
    /// What is asked for: procedure, period, earlier permits, visa, marriage register.
    Permit,
    /// R-DL-1 — the permit being changed.
    Renewal,
    /// R-PM-7 — sufficient funds.
    Funds,
    /// R-PM-9 — health insurance.
    Insurance,
    /// R-PM-8, R-PM-10 — criminal-record certificate.
    CriminalRecord,
    /// R-SV-1 — the inviter's footing in Lithuania: citizen or permit holder, and the address
    /// the guest will stay at.
    Inviter,
    /// R-SV-1 — the invited foreigner and the visit.
    Invitee,
    /// R-SV-6 — the state fee: exemption, payment.
    Fee,
}

impl Section {
    pub const ALL: [Section; 11] = [
        Section::Applicant,
        Section::Basis,
        Section::Sponsor,
        Section::Permit,
        Section::Renewal,
        Section::Funds,
        Section::Insurance,
        Section::CriminalRecord,
        Section::Inviter,
        Section::Invitee,
        Section::Fee,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Applicant => "applicant",
            Section::Basis => "basis",
            Section::Sponsor => "sponsor",
            Section::Permit => "permit",
            Section::Renewal => "renewal",
            Section::Funds => "funds",
            Section::Insurance => "insurance",
            Section::CriminalRecord => "criminal_record",
            Section::Inviter => "inviter",
            Section::Invitee => "invitee",
            Section::Fee => "fee",
        }
    }

    pub fn parse(s: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// How a question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Input {
    /// Free text of at most `max` characters.
    Text { max: u32 },
    /// A calendar day, `YYYY-MM-DD`.
    Date,
    /// Whole number (euros, months).
    Number,
    /// One of the listed values (radio buttons).
    Choice(&'static [&'static str]),
    /// A country (ISO 3166 alpha-2), from a list.
    Country,
    /// Yes or no (radio buttons), stored as `yes` / `no`.
    YesNo,
}

/// One question on a section's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Question {
    pub field: Field,
    pub input: Input,
    pub required: bool,
}

const fn q(field: Field, input: Input, required: bool) -> Question {
    Question { field, input, required }
}

/// Who the application is for (R-IP-1, R-SV-2: one's own minor children too).
pub const FOR_WHOM: &[&str] = &["me", "child"];
/// The grounds of a TRP issue or change (R-PM-3, R-DL-2), with the pay band of the
/// high-qualification ground.
pub const TRP_GROUNDS: &[&str] = &[
    "family_of_citizen",
    "family_of_permanent_resident",
    "family_of_trp_holder",
    "hq_2to3",
    "hq_3plus",
    "business",
];
/// The grounds of an EU family member card (R-PM-5).
pub const EU_GROUNDS: &[&str] = &["eu_spouse_or_partner", "eu_other_beneficiary"];
/// General or urgent (R-DL-2).
pub const PROCEDURES: &[&str] = &["general", "urgent"];
/// R-SV-1 — on what footing the inviter lives in Lithuania.
pub const INVITER_STATUSES: &[&str] = &["citizen", "permanent_resident", "temporary_resident"];

/// Everything the checks need besides the answers: the kind, *today* and the configured
/// minimum monthly wage (R-PM-7). Sent to the browser with the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormContext {
    pub kind: ApplicationType,
    #[serde(deserialize_with = "crate::wire::date")]
    pub today: Date,
    pub min_monthly_wage_eur: u32,
}

/// A trimmed, non-empty answer.
pub fn answer(answers: &Answers, field: Field) -> Option<&str> {
    answers
        .get(field.as_str())
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
}

fn yes(answers: &Answers, field: Field) -> bool {
    answer(answers, field) == Some("yes")
}

/// R-PM-3, R-PM-5, R-DL-2 — the ground chosen (a permanent permit's is always a citizen's
/// family, R-PM-4; an invitation has none).
pub fn ground(kind: ApplicationType, answers: &Answers) -> Option<Ground> {
    if kind == ApplicationType::PermanentFamily {
        return Some(Ground::FamilyOfCitizen);
    }
    Some(match answer(answers, Field::Ground)? {
        "family_of_citizen" => Ground::FamilyOfCitizen,
        "family_of_permanent_resident" => Ground::FamilyOfPermanentResident,
        "family_of_trp_holder" => Ground::FamilyOfTrpHolder,
        "hq_2to3" | "hq_3plus" => Ground::HighQualifiedWork,
        "business" => Ground::Business,
        "eu_spouse_or_partner" => Ground::EuSpouseOrPartner,
        "eu_other_beneficiary" => Ground::EuOtherBeneficiary,
        _ => return None,
    })
}

/// R-DL-2 — general unless urgent was chosen (and exists for the kind).
pub fn procedure(kind: ApplicationType, answers: &Answers) -> Procedure {
    if kind.has_urgent() && answer(answers, Field::Procedure) == Some("urgent") {
        Procedure::Urgent
    } else {
        Procedure::General
    }
}

/// R-PM-7, R-PM-9 — the validity asked for, in months (12 for a permanent permit, whose
/// funds and insurance are counted over at least a year).
pub fn months_requested(kind: ApplicationType, answers: &Answers) -> Option<u32> {
    match kind {
        ApplicationType::PermanentFamily => Some(12),
        _ => answer(answers, Field::Months)?.parse().ok(),
    }
}

/// R-DL-2 — the decision-deadline kind of an application (none for an invitation: the rules
/// give it no term).
pub fn case_kind(kind: ApplicationType, answers: &Answers) -> Option<CaseKind> {
    Some(match kind {
        ApplicationType::TrpIssue => match answer(answers, Field::Ground)? {
            "hq_2to3" => CaseKind::TrpIssueHq2to3,
            "hq_3plus" => CaseKind::TrpIssueHq3plus,
            "business" => CaseKind::TrpIssueBusiness,
            "family_of_citizen" | "family_of_permanent_resident" | "family_of_trp_holder" => {
                CaseKind::TrpIssueFamily
            }
            _ => CaseKind::TrpIssue,
        },
        ApplicationType::TrpChange => CaseKind::TrpChange,
        // R-PM-1's one month covers the card, issued or changed.
        ApplicationType::EuCardIssue | ApplicationType::EuCardChange => CaseKind::EuCardIssue,
        ApplicationType::PermanentFamily => CaseKind::PermanentFamily,
        ApplicationType::Invitation => return None,
    })
}

/// R-PM-6 — the sections of the task list, in order. Which ones appear depends on the kind
/// and on earlier answers (a sponsor only for family grounds, a criminal-record certificate
/// only for a first permit).
pub fn sections(kind: ApplicationType, answers: &Answers) -> Vec<Section> {
    use ApplicationType as A;
    let mut s = vec![Section::Applicant];
    if kind == A::Invitation {
        s.push(Section::Inviter);
        s.push(Section::Invitee);
        return s;
    }
    if kind != A::PermanentFamily {
        s.push(Section::Basis);
    }
    if ground(kind, answers).is_none_or(|g| g.is_family()) {
        s.push(Section::Sponsor);
    }
    s.push(Section::Permit);
    if kind.is_change() {
        s.push(Section::Renewal);
    }
    if matches!(kind, A::TrpIssue | A::TrpChange | A::PermanentFamily) {
        s.push(Section::Funds);
        s.push(Section::Insurance);
    }
    if !kind.is_change() && kind != A::EuCardIssue && !answer_is(answers, Field::FirstPermit, "no")
    {
        s.push(Section::CriminalRecord);
    }
    s.push(Section::Fee);
    s
}

fn answer_is(answers: &Answers, field: Field, value: &str) -> bool {
    answer(answers, field) == Some(value)
}

/// The questions of one section, in order.
pub fn questions(kind: ApplicationType, answers: &Answers, section: Section) -> Vec<Question> {
    use Field as F;
    use Input as I;
    let name = I::Text { max: 31 };
    match section {
        Section::Applicant => vec![
            q(F::ForWhom, I::Choice(FOR_WHOM), true),
            q(F::FirstName, name, true),
            q(F::Surname, name, true),
            q(F::BirthDate, I::Date, true),
            q(F::Citizenship, I::Country, true),
            // R-SV-1: an inviter lives in Lithuania, so has a Lithuanian personal code.
            q(
                F::PersonalCode,
                I::Text { max: 11 },
                kind == ApplicationType::Invitation,
            ),
            q(F::PassportNumber, I::Text { max: 20 }, true),
            q(F::PassportValidUntil, I::Date, true),
        ],
        Section::Basis => vec![q(
            F::Ground,
            I::Choice(match kind {
                ApplicationType::EuCardIssue | ApplicationType::EuCardChange => EU_GROUNDS,
                _ => TRP_GROUNDS,
            }),
            true,
        )],
        Section::Sponsor => {
            let mut v = vec![
                q(F::SponsorName, I::Text { max: 70 }, true),
                // A citizen or permanent resident has a Lithuanian personal code.
                q(
                    F::SponsorCode,
                    I::Text { max: 11 },
                    matches!(
                        answer(answers, F::Ground),
                        Some("family_of_citizen" | "family_of_permanent_resident")
                    ) || kind == ApplicationType::PermanentFamily,
                ),
            ];
            if kind == ApplicationType::PermanentFamily {
                v.push(q(F::CitizenArrived, I::Date, true));
            }
            v
        }
        Section::Permit => {
            let mut v = Vec::new();
            if kind.has_urgent() {
                v.push(q(F::Procedure, I::Choice(PROCEDURES), true));
            }
            if kind != ApplicationType::PermanentFamily {
                v.push(q(F::Months, I::Number, true));
            }
            if !kind.is_change() && kind != ApplicationType::EuCardIssue {
                v.push(q(F::FirstPermit, I::YesNo, true));
            }
            v.push(q(F::VisaFree, I::YesNo, true));
            if ground(kind, answers).is_none_or(|g| g.is_family()) {
                v.push(q(F::MarriageInRegister, I::YesNo, true));
            }
            v
        }
        Section::Renewal => vec![q(F::Expires, I::Date, true)],
        Section::Funds => vec![q(F::Funds, I::Number, true)],
        Section::Insurance => {
            let mut v = Vec::new();
            if kind != ApplicationType::PermanentFamily {
                v.push(q(F::CompulsoryInsurance, I::YesNo, true));
            }
            v.push(q(
                F::InsuredUntil,
                I::Date,
                !answer_is(answers, F::CompulsoryInsurance, "yes"),
            ));
            v
        }
        Section::CriminalRecord => vec![
            q(F::Country, I::Country, true),
            q(F::IssuedOn, I::Date, true),
        ],
        Section::Inviter => {
            let mut v = vec![q(F::InviterStatus, I::Choice(INVITER_STATUSES), true)];
            // A citizen has no residence permit; anyone else names theirs.
            if !answer_is(answers, F::InviterStatus, "citizen") {
                v.push(q(F::InviterPermit, I::Text { max: 20 }, true));
            }
            v.push(q(F::InviterAddress, I::Text { max: TEXT_MAX }, true));
            v
        }
        Section::Invitee => vec![
            q(F::InviteeFirstName, name, true),
            q(F::InviteeSurname, name, true),
            q(F::InviteeBirthDate, I::Date, true),
            q(F::InviteeCitizenship, I::Country, true),
            q(F::From, I::Date, true),
            q(F::To, I::Date, true),
            q(F::VisitPurpose, I::Text { max: TEXT_MAX }, true),
        ],
        Section::Fee => vec![q(F::Exemption, I::YesNo, true), q(F::Paid, I::YesNo, false)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LithuanianCalendar;
    use jiff::civil::date;

    fn ctx(kind: ApplicationType) -> FormContext {
        FormContext { kind, today: date(2026, 11, 23), min_monthly_wage_eur: 1153 }
    }

    fn answers(pairs: &[(Field, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(f, v)| (f.as_str().to_string(), v.to_string()))
            .collect()
    }

    fn family_trp() -> Answers {
        use Field as F;
        answers(&[
            (F::ForWhom, "me"),
            (F::FirstName, "Olena"),
            (F::Surname, "Shevchenko"),
            (F::BirthDate, "1990-04-12"),
            (F::Citizenship, "UA"),
            (F::PassportNumber, "FA123456"),
            (F::PassportValidUntil, "2030-01-01"),
            (F::Ground, "family_of_citizen"),
            (F::SponsorName, "Jonas Jonaitis"),
            (F::SponsorCode, "38703181745"),
            (F::Procedure, "general"),
            (F::Months, "12"),
            (F::FirstPermit, "yes"),
            (F::VisaFree, "yes"),
            (F::MarriageInRegister, "no"),
            (F::Funds, "14000"),
            (F::CompulsoryInsurance, "no"),
            (F::InsuredUntil, "2027-12-31"),
            (F::Country, "UA"),
            (F::IssuedOn, "2026-10-01"),
            (F::Exemption, "no"),
            (F::Paid, "yes"),
        ])
    }

    #[test]
    fn r_pm_6_a_complete_family_trp_passes_every_check() {
        let c = ctx(ApplicationType::TrpIssue);
        let a = family_trp();
        assert_eq!(validate_application(&c, &a), vec![]);
        assert_eq!(
            sections(c.kind, &a),
            vec![
                Section::Applicant,
                Section::Basis,
                Section::Sponsor,
                Section::Permit,
                Section::Funds,
                Section::Insurance,
                Section::CriminalRecord,
                Section::Fee
            ]
        );
        assert_eq!(case_kind(c.kind, &a), Some(CaseKind::TrpIssueFamily));
        let terms = submission_terms(&LithuanianCalendar, c.kind, &a, c.today);
        // R-DL-2 (2023 guide): 3 months → 2027-02-23 (a Tuesday); R-FL-1: 4 months.
        assert_eq!(terms.decision.map(|d| d.deadline), Some(date(2027, 2, 23)));
        assert_eq!(terms.appear_by, date(2027, 3, 23));
    }

    #[test]
    fn r_pm_7_funds_below_the_minimum_are_refused_with_the_amount() {
        let c = ctx(ApplicationType::TrpIssue);
        let mut a = family_trp();
        a.insert("funds".into(), "5000".into());
        assert_eq!(
            validate_section(&c, &a, Section::Funds),
            vec![RuleError::new(
                Field::Funds,
                RuleErrorKind::InsufficientFunds { needed_eur: 13_836 }
            )]
        );
    }

    #[test]
    fn r_dl_1_a_renewal_outside_its_window_names_the_window() {
        let c = ctx(ApplicationType::TrpChange);
        let mut a = family_trp();
        a.insert("expires".into(), "2027-09-01".into());
        let e = check_answer(&c, &a, Field::Expires, "2027-09-01").unwrap_err();
        assert_eq!(
            e.kind,
            RuleErrorKind::OutsideRenewalWindow {
                earliest: date(2027, 5, 1),
                latest: date(2027, 7, 1)
            }
        );
        assert!(check_answer(&c, &a, Field::Expires, "2027-02-01").is_ok());
    }

    #[test]
    fn r_ip_1_who_may_apply_for_whom() {
        let c = ctx(ApplicationType::TrpIssue);
        let mut a = family_trp();
        a.insert("for_whom".into(), "child".into());
        // 17 years old: applies personally.
        assert_eq!(
            check_answer(&c, &a, Field::BirthDate, "2009-01-01")
                .unwrap_err()
                .kind,
            RuleErrorKind::MinorAppliesPersonally
        );
        assert!(check_answer(&c, &a, Field::BirthDate, "2019-01-01").is_ok());
        a.insert("birth_date".into(), "2019-01-01".into());
        assert_eq!(child_must_come(&c, &a), Some(true));
        a.insert("birth_date".into(), "2026-05-01".into());
        assert_eq!(child_must_come(&c, &a), Some(false));
        a.insert("for_whom".into(), "me".into());
        assert_eq!(
            validate_section(&c, &a, Section::Applicant)[0].kind,
            RuleErrorKind::ParentApplies
        );
    }

    #[test]
    fn r_sv_6_the_fee_must_be_paid_unless_an_exemption_is_claimed() {
        let c = ctx(ApplicationType::TrpIssue);
        let mut a = family_trp();
        a.insert("paid".into(), "no".into());
        assert_eq!(
            validate_section(&c, &a, Section::Fee),
            vec![RuleError::new(Field::Paid, RuleErrorKind::FeeNotPaid)]
        );
        a.insert("exemption".into(), "yes".into());
        assert_eq!(validate_section(&c, &a, Section::Fee), vec![]);
        assert_eq!(fee_due(c.kind, &a).map(|f| f.amount_due_eur), Some(0));
        a.insert("procedure".into(), "urgent".into());
        assert_eq!(fee_due(c.kind, &a).map(|f| f.quote.amount_eur), Some(320));
    }

    #[test]
    fn r_pm_8_r_pm_10_certificate_age_and_apostille() {
        let c = ctx(ApplicationType::TrpIssue);
        let a = family_trp();
        assert_eq!(
            check_answer(&c, &a, Field::IssuedOn, "2026-05-01")
                .unwrap_err()
                .kind,
            RuleErrorKind::CertificateTooOld { oldest_allowed: date(2026, 5, 23) }
        );
        assert_eq!(
            certificate_legalisation(&a),
            Some(Legalisation::NotNeeded),
            "Ukraine is exempt"
        );
        let mut b = a.clone();
        b.insert("country".into(), "BY".into());
        assert_eq!(
            certificate_legalisation(&b),
            Some(Legalisation::ApostilleOrLegalisation)
        );
        b.insert("first_permit".into(), "no".into());
        assert!(!sections(c.kind, &b).contains(&Section::CriminalRecord));
    }

    #[test]
    fn r_pm_6_passport_must_outlive_the_appearance_window() {
        let c = ctx(ApplicationType::TrpIssue);
        let a = family_trp();
        assert_eq!(
            check_answer(&c, &a, Field::PassportValidUntil, "2027-01-01")
                .unwrap_err()
                .kind,
            RuleErrorKind::DocumentExpiresTooSoon { needed_until: date(2027, 3, 23) }
        );
    }

    #[test]
    fn r_pm_4_permanent_within_three_months_of_arrival() {
        let c = ctx(ApplicationType::PermanentFamily);
        let a = family_trp();
        assert_eq!(
            check_answer(&c, &a, Field::CitizenArrived, "2026-07-01")
                .unwrap_err()
                .kind,
            RuleErrorKind::TooLateAfterArrival { latest: date(2026, 10, 1) }
        );
        assert!(check_answer(&c, &a, Field::CitizenArrived, "2026-09-01").is_ok());
    }

    #[test]
    fn r_sv_1_an_invitation_has_no_fee_and_no_decision_term() {
        let c = ctx(ApplicationType::Invitation);
        let a = answers(&[(Field::From, "2027-01-10"), (Field::To, "2027-01-05")]);
        assert_eq!(
            sections(c.kind, &a),
            vec![Section::Applicant, Section::Inviter, Section::Invitee]
        );
        // The inviter lives in Lithuania: a personal code; a permit unless a citizen.
        let personal_code = questions(c.kind, &a, Section::Applicant)
            .into_iter()
            .find(|qq| qq.field == Field::PersonalCode)
            .unwrap();
        assert!(personal_code.required);
        let fields = |a: &Answers| -> Vec<Field> {
            questions(c.kind, a, Section::Inviter)
                .into_iter()
                .map(|qq| qq.field)
                .collect()
        };
        assert_eq!(
            fields(&a),
            vec![
                Field::InviterStatus,
                Field::InviterPermit,
                Field::InviterAddress
            ]
        );
        let citizen = answers(&[(Field::InviterStatus, "citizen")]);
        assert_eq!(
            fields(&citizen),
            vec![Field::InviterStatus, Field::InviterAddress]
        );
        assert_eq!(
            check_answer(&c, &a, Field::InviterStatus, "tourist")
                .unwrap_err()
                .kind,
            RuleErrorKind::InvalidFormat
        );
        assert_eq!(fee_due(c.kind, &a), None);
        assert_eq!(
            check_answer(&c, &a, Field::To, "2027-01-05")
                .unwrap_err()
                .kind,
            RuleErrorKind::EndBeforeStart
        );
        assert_eq!(
            submission_terms(&LithuanianCalendar, c.kind, &a, c.today).decision,
            None
        );
    }

    #[test]
    fn r_pm_6_documents_to_upload_follow_the_answers() {
        let a = family_trp();
        let kinds: Vec<DocumentKind> = documents_to_upload(ApplicationType::TrpIssue, &a)
            .into_iter()
            .filter(|i| i.required)
            .map(|i| i.kind)
            .collect();
        use DocumentKind as D;
        assert_eq!(
            kinds,
            vec![
                D::TravelDocument,
                D::MarriageOrPartnershipProof,
                D::SufficientFunds,
                D::ResidencePlaceProof,
                D::CriminalRecordCertificate,
                D::HealthInsurance
            ],
            "visa-free (no legal-stay document), first permit, marriage not in the register"
        );
        assert_eq!(
            missing_documents(ApplicationType::TrpIssue, &a, &kinds[1..]),
            vec![D::TravelDocument]
        );
        assert!(documents_to_upload(ApplicationType::Invitation, &a).is_empty());
    }

    #[test]
    fn unknown_choices_and_fields_are_refused() {
        let c = ctx(ApplicationType::TrpIssue);
        let a = family_trp();
        assert!(check_answer(&c, &a, Field::Ground, "eu_spouse_or_partner").is_err());
        assert!(check_answer(&c, &a, Field::Email, "x@example.lt").is_err());
        assert!(check_answer(&c, &a, Field::Months, "12x").is_err());
        assert!(check_answer(&c, &a, Field::Months, "0").is_err());
    }
}
