//! R-PM-5 … R-PM-10, R-IP-1 — what papers an application needs and whether
//! the ones offered are good enough.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::calendar::{add_days, add_months, days_between};
use super::error::{Field, RuleError, RuleErrorKind, RuleResult};
use super::fees::Permit;

// ------------------------------------------------------------- checklist

/// A document the applicant may have to supply. The snake_case key is
/// translated by the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// The application itself (filed in MIGRIS).
    Application,
    /// A valid travel document (passport): never needs legalisation.
    TravelDocument,
    /// Visa or residence document proving legal stay (not visa-free).
    LegalStayDocument,
    /// Proof the Lithuanian citizen used EU free movement (R-PM-5).
    FreeMovementProof,
    /// Marriage certificate or registered partnership agreement.
    MarriageOrPartnershipProof,
    /// Evidence of a lasting relationship, dependency, common household or
    /// need of personal care (R-PM-5's other beneficiaries).
    RelationshipEvidence,
    /// Proof of sufficient funds (R-PM-7).
    SufficientFunds,
    /// Proof of the place of residence, or the commitment to declare it.
    ResidencePlaceProof,
    /// Criminal-record certificate(s) (R-PM-8).
    CriminalRecordCertificate,
    /// Health insurance (R-PM-9).
    HealthInsurance,
    /// The citizen's free-form request (permanent permit).
    CitizenRequest,
    /// Proof the citizen lived abroad before coming (permanent permit).
    CitizenLivedAbroadProof,
    /// Proof of the family relationship (permanent permit).
    FamilyRelationshipProof,
    /// The employer's commitment to employ at 2–3× / ≥ 3× the average wage.
    EmployerCommitment,
    /// Documents showing the business meets the extra conditions.
    BusinessConditionsProof,
    /// Any other foreign document (birth certificate, court decision, …).
    OtherForeignDocument,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 16] = [
        DocumentKind::Application,
        DocumentKind::TravelDocument,
        DocumentKind::LegalStayDocument,
        DocumentKind::FreeMovementProof,
        DocumentKind::MarriageOrPartnershipProof,
        DocumentKind::RelationshipEvidence,
        DocumentKind::SufficientFunds,
        DocumentKind::ResidencePlaceProof,
        DocumentKind::CriminalRecordCertificate,
        DocumentKind::HealthInsurance,
        DocumentKind::CitizenRequest,
        DocumentKind::CitizenLivedAbroadProof,
        DocumentKind::FamilyRelationshipProof,
        DocumentKind::EmployerCommitment,
        DocumentKind::BusinessConditionsProof,
        DocumentKind::OtherForeignDocument,
    ];

    /// R-PM-6 — the snake_case key (identical to the serde name), as stored with an upload.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Application => "application",
            DocumentKind::TravelDocument => "travel_document",
            DocumentKind::LegalStayDocument => "legal_stay_document",
            DocumentKind::FreeMovementProof => "free_movement_proof",
            DocumentKind::MarriageOrPartnershipProof => "marriage_or_partnership_proof",
            DocumentKind::RelationshipEvidence => "relationship_evidence",
            DocumentKind::SufficientFunds => "sufficient_funds",
            DocumentKind::ResidencePlaceProof => "residence_place_proof",
            DocumentKind::CriminalRecordCertificate => "criminal_record_certificate",
            DocumentKind::HealthInsurance => "health_insurance",
            DocumentKind::CitizenRequest => "citizen_request",
            DocumentKind::CitizenLivedAbroadProof => "citizen_lived_abroad_proof",
            DocumentKind::FamilyRelationshipProof => "family_relationship_proof",
            DocumentKind::EmployerCommitment => "employer_commitment",
            DocumentKind::BusinessConditionsProof => "business_conditions_proof",
            DocumentKind::OtherForeignDocument => "other_foreign_document",
        }
    }

    /// R-PM-6 — the kind of a key; `None` for anything else.
    pub fn parse(s: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The ground an application rests on (R-PM-3, R-PM-5, R-DL-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    /// Family member of a Lithuanian citizen (R-PM-3, R-PM-4).
    FamilyOfCitizen,
    /// Family member of a permanent resident (R-PM-3).
    FamilyOfPermanentResident,
    /// Family member of a TRP holder (R-PM-3: same period as the sponsor).
    FamilyOfTrpHolder,
    /// Spouse or registered partner of a citizen who used free movement, or
    /// of an EU citizen living in Lithuania (R-PM-5).
    EuSpouseOrPartner,
    /// Lasting partner (3 years), dependant, household member or person in
    /// need of the citizen's personal care (R-PM-5).
    EuOtherBeneficiary,
    /// High-qualification work (R-DL-2).
    HighQualifiedWork,
    /// Business grounds meeting the extra conditions (R-DL-2).
    Business,
}

impl Ground {
    /// R-PM-3, R-PM-5 — grounds whose applicant joins a spouse, partner or relative.
    pub fn is_family(self) -> bool {
        matches!(
            self,
            Ground::FamilyOfCitizen
                | Ground::FamilyOfPermanentResident
                | Ground::FamilyOfTrpHolder
                | Ground::EuSpouseOrPartner
        )
    }
}

/// A qualification shown next to a checklist item (translated by the UI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemCondition {
    /// Not needed if compulsory health insurance is paid for the applicant.
    UnlessCompulsoryInsurancePaid,
    /// Or the commitment to declare residence within 1 month of collection.
    OrCommitmentToDeclareResidence,
    /// Only for a first permit.
    FirstPermitOnly,
    /// Only if the marriage is not in the Population Register.
    UnlessMarriageInRegister,
    /// Only if the applicant is not visa-free.
    UnlessVisaFree,
    /// Insurance must cover the whole stay (permanent permit).
    CoversWholeStay,
}

/// One line of the R-PM-6 checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub kind: DocumentKind,
    /// Must be supplied in this applicant's situation. Items not needed in
    /// this situation stay on the list (with `required: false`) so the form
    /// can explain why they are not asked for.
    pub required: bool,
    /// The rule the item comes from.
    pub note_rule: &'static str,
    pub condition: Option<ItemCondition>,
}

fn item(kind: DocumentKind, required: bool, rule: &'static str) -> ChecklistItem {
    ChecklistItem { kind, required, note_rule: rule, condition: None }
}

fn conditional(
    kind: DocumentKind,
    required: bool,
    rule: &'static str,
    condition: ItemCondition,
) -> ChecklistItem {
    ChecklistItem { condition: Some(condition), ..item(kind, required, rule) }
}

/// R-PM-6 — the documents an application needs, in the order the form
/// shows them.
///
/// * `first_permit`: the criminal-record certificate is needed for a first
///   permit only (R-PM-6, R-PM-8).
/// * `visa_free`: otherwise a legal-stay document is needed (R-PM-6 for the
///   EU card; R-PM-11 for the others, as the stay must be legal).
/// * `marriage_in_register`: the marriage proof is needed only if the
///   Population Register does not hold it.
///
/// `ground` adds the ground's own evidence (R-PM-5, R-DL-2). A permanent
/// permit exists only for a citizen's family (R-PM-4), so for it the ground
/// changes nothing.
pub fn checklist(
    permit: Permit,
    ground: Ground,
    first_permit: bool,
    visa_free: bool,
    marriage_in_register: bool,
) -> Vec<ChecklistItem> {
    use DocumentKind as D;
    use ItemCondition as C;
    let marriage = || {
        conditional(
            D::MarriageOrPartnershipProof,
            !marriage_in_register,
            "R-PM-6",
            C::UnlessMarriageInRegister,
        )
    };
    let criminal_record = || {
        conditional(
            D::CriminalRecordCertificate,
            first_permit,
            "R-PM-8",
            C::FirstPermitOnly,
        )
    };
    // A national permit (temporary or permanent) starts with the form, the travel document
    // and, unless visa-free, proof that the stay is legal (R-PM-11).
    let national = || {
        vec![
            item(D::Application, true, "R-PM-6"),
            item(D::TravelDocument, true, "R-PM-6"),
            conditional(
                D::LegalStayDocument,
                !visa_free,
                "R-PM-11",
                C::UnlessVisaFree,
            ),
        ]
    };
    match permit {
        Permit::EuCard => vec![
            item(D::TravelDocument, true, "R-PM-6"),
            conditional(
                D::LegalStayDocument,
                !visa_free,
                "R-PM-6",
                C::UnlessVisaFree,
            ),
            item(D::FreeMovementProof, true, "R-PM-5"),
            if ground == Ground::EuOtherBeneficiary {
                item(D::RelationshipEvidence, true, "R-PM-5")
            } else {
                marriage()
            },
        ],
        Permit::Trp => {
            let mut items = national();
            items.push(match ground {
                Ground::HighQualifiedWork => item(D::EmployerCommitment, true, "R-DL-2"),
                Ground::Business => item(D::BusinessConditionsProof, true, "R-DL-2"),
                Ground::EuOtherBeneficiary => item(D::RelationshipEvidence, true, "R-PM-5"),
                _ => marriage(),
            });
            items.extend([
                item(D::SufficientFunds, true, "R-PM-7"),
                conditional(
                    D::ResidencePlaceProof,
                    true,
                    "R-PM-6",
                    C::OrCommitmentToDeclareResidence,
                ),
                criminal_record(),
                conditional(
                    D::HealthInsurance,
                    true,
                    "R-PM-9",
                    C::UnlessCompulsoryInsurancePaid,
                ),
            ]);
            items
        }
        Permit::Permanent => {
            let mut items = national();
            items.extend([
                item(D::CitizenRequest, true, "R-PM-6"),
                item(D::CitizenLivedAbroadProof, true, "R-PM-6"),
                item(D::FamilyRelationshipProof, true, "R-PM-6"),
                criminal_record(),
                item(D::SufficientFunds, true, "R-PM-7"),
                conditional(D::HealthInsurance, true, "R-PM-9", C::CoversWholeStay),
            ]);
            items
        }
    }
}

// ------------------------------------------------------------ funds, insurance

/// R-PM-7 — funds needed: one minimum monthly wage (configuration, it
/// changes every year) per month of the validity asked for, and never less
/// than 12 months' worth.
pub fn funds_needed(min_monthly_wage_eur: u32, months_requested: u32) -> u64 {
    u64::from(min_monthly_wage_eur) * u64::from(months_requested.max(12))
}

/// R-PM-7 — refuses funds below [`funds_needed`] (`InsufficientFunds`).
pub fn check_funds(
    min_monthly_wage_eur: u32,
    months_requested: u32,
    available_eur: u64,
) -> RuleResult<()> {
    let needed_eur = funds_needed(min_monthly_wage_eur, months_requested);
    if available_eur >= needed_eur {
        Ok(())
    } else {
        Err(RuleError::new(
            Field::Funds,
            RuleErrorKind::InsufficientFunds { needed_eur },
        ))
    }
}

/// R-PM-9 — the insurance must cover the whole validity asked for, and at
/// least one year (read like R-PM-7's "whole period or at least 12
/// months": the longer of the two). Coverage is needed through the last
/// day of that period: `valid_from + max(period, 12) months − 1 day`.
///
/// Error: `InsufficientCoverage { needed_until }`.
pub fn insurance_covers(
    valid_from: Date,
    insured_until: Date,
    period_months: u32,
) -> RuleResult<()> {
    let months = i32::try_from(period_months.max(12)).unwrap_or(i32::MAX);
    let needed_until = add_days(add_months(valid_from, months), -1);
    if insured_until >= needed_until {
        Ok(())
    } else {
        Err(RuleError::new(
            Field::InsuredUntil,
            RuleErrorKind::InsufficientCoverage { needed_until },
        ))
    }
}

// ------------------------------------------------------------ countries

/// An ISO 3166-1 alpha-2 country code, upper case (`LT`, `UA`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// R-PM-8, R-PM-10 — two ASCII letters, any case; anything else is `InvalidFormat`.
    /// (Whether the code is assigned is not checked: the rules only need to
    /// recognise the few countries they name.)
    pub fn parse(s: &str) -> RuleResult<CountryCode> {
        match s.trim().as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => Ok(CountryCode([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
            ])),
            _ => Err(RuleError::new(Field::Country, RuleErrorKind::InvalidFormat)),
        }
    }

    /// R-PM-8, R-PM-10 — the upper-case code (always two ASCII letters by
    /// construction).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl TryFrom<String> for CountryCode {
    type Error = RuleError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CountryCode::parse(&s)
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> String {
        c.as_str().to_owned()
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The 27 EU member states (ISO codes; Greece is `GR`).
pub const EU_MEMBER_STATES: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// R-PM-10 — countries whose documents Lithuania accepts without an
/// Apostille or legalisation: EU states plus Russia, Moldova and Ukraine
/// (legal-assistance treaties).
fn exempt_from_legalisation(c: &CountryCode) -> bool {
    EU_MEMBER_STATES.contains(&c.as_str()) || matches!(c.as_str(), "RU" | "MD" | "UA")
}

/// Whether a foreign document must be certified before it is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Legalisation {
    NotNeeded,
    ApostilleOrLegalisation,
}

/// R-PM-10 — does a document issued in `issuing_country` (ISO alpha-2) need
/// an Apostille or legalisation? A passport (travel document) never does;
/// nor does a Lithuanian document (it is not foreign) or one from the EU,
/// Russia, Moldova or Ukraine. An unreadable country code is treated as
/// needing it (the safe answer: the officer decides).
pub fn needs_legalisation(issuing_country: &str, kind: DocumentKind) -> Legalisation {
    match CountryCode::parse(issuing_country) {
        _ if kind == DocumentKind::TravelDocument => Legalisation::NotNeeded,
        Ok(c) if exempt_from_legalisation(&c) => Legalisation::NotNeeded,
        _ => Legalisation::ApostilleOrLegalisation,
    }
}

/// R-PM-10 — must the document be translated into Lithuanian? Every foreign
/// document except a passport; a Lithuanian one is already in Lithuanian.
/// An unreadable country code is treated as foreign.
pub fn needs_translation(issuing_country: &str, kind: DocumentKind) -> bool {
    let lithuanian = CountryCode::parse(issuing_country).is_ok_and(|c| c.as_str() == "LT");
    kind != DocumentKind::TravelDocument && !lithuanian
}

// ------------------------------------------------------ criminal records

/// A period the applicant lived in a country (both days inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stay {
    pub country: CountryCode,
    #[serde(deserialize_with = "crate::wire::date")]
    pub from: Date,
    #[serde(deserialize_with = "crate::wire::date")]
    pub to: Date,
}

/// R-PM-8 — a stay whose end is before its start is refused (`EndBeforeStart`).
pub fn validate_stay(stay: &Stay) -> RuleResult<()> {
    if stay.to < stay.from {
        Err(RuleError::new(Field::Period, RuleErrorKind::EndBeforeStart))
    } else {
        Ok(())
    }
}

/// R-PM-8 — "6 months" of stay, in days: half a year rounded up.
pub const SIX_MONTHS_DAYS: i64 = 183;

/// R-PM-8 — the countries that must supply a criminal-record certificate.
///
/// Interpretation, made explicit:
/// * The look-back is the 2 years before `application_date`:
///   `[application_date − 24 months, application_date)`.
/// * A country counts if, in some 12-month period `[s, s + 12 months)`
///   with `s` in the look-back, the applicant's days there (all its stays,
///   clipped to the look-back, overlaps counted once) reach
///   [`SIX_MONTHS_DAYS`]. A country below that in *every* such period is
///   ignored ("stays shorter than 6 months in any 12-month period").
/// * Lithuania itself never counts (its record is checked directly).
/// * Stays ending before they start (see [`validate_stay`]) add nothing.
///
/// The result is sorted and has no duplicates.
pub fn countries_needing_criminal_record(
    stays: &[Stay],
    application_date: Date,
) -> Vec<CountryCode> {
    let start = add_months(application_date, -24);
    let len = usize::try_from(days_between(start, application_date)).unwrap_or(0);
    let mut countries: Vec<CountryCode> = stays
        .iter()
        .map(|s| s.country)
        .filter(|c| c.as_str() != "LT")
        .collect();
    countries.sort();
    countries.dedup();
    countries.retain(|c| {
        let days = days_present(stays, *c, start, len);
        long_enough_in_some_year(&days, start)
    });
    countries
}

/// Day-by-day presence in `country` over the look-back `[start, start+len)`.
fn days_present(stays: &[Stay], country: CountryCode, start: Date, len: usize) -> Vec<bool> {
    let mut present = vec![false; len];
    let last = len as i64 - 1;
    for s in stays
        .iter()
        .filter(|s| s.country == country && s.from <= s.to)
    {
        let first = days_between(start, s.from).max(0);
        let end = days_between(start, s.to).min(last);
        for i in first..=end {
            if let Some(slot) = usize::try_from(i).ok().and_then(|i| present.get_mut(i)) {
                *slot = true;
            }
        }
    }
    present
}

/// Does any 12-month period starting inside the look-back hold at least
/// [`SIX_MONTHS_DAYS`] present days? (Periods are clipped to the look-back;
/// a clipped late period is a subset of an earlier full one, so nothing is
/// missed.)
fn long_enough_in_some_year(present: &[bool], start: Date) -> bool {
    let mut prefix = Vec::with_capacity(present.len() + 1);
    prefix.push(0i64);
    for p in present {
        prefix.push(prefix.last().copied().unwrap_or(0) + i64::from(*p));
    }
    (0..present.len()).any(|s| {
        let day = add_days(start, s as i64);
        let end = usize::try_from(days_between(start, add_months(day, 12)))
            .unwrap_or(0)
            .min(present.len());
        prefix[end] - prefix[s] >= SIX_MONTHS_DAYS
    })
}

/// R-PM-8 — a criminal-record certificate must be issued no earlier than 6
/// calendar months before the application date (`CertificateTooOld`), and
/// not after it (`DateInFuture`).
pub fn check_certificate_fresh(issued_on: Date, application_date: Date) -> RuleResult<()> {
    let oldest_allowed = add_months(application_date, -6);
    let err = |kind| Err(RuleError::new(Field::IssuedOn, kind));
    if issued_on < oldest_allowed {
        err(RuleErrorKind::CertificateTooOld { oldest_allowed })
    } else if issued_on > application_date {
        err(RuleErrorKind::DateInFuture { latest: application_date })
    } else {
        Ok(())
    }
}

// ------------------------------------------------------------ children

/// Who hands the documents over (R-IP-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Submitter {
    /// A parent or guardian submits for the child.
    ParentOrGuardian,
    /// The applicant submits personally (from 16).
    Applicant,
}

/// R-IP-1 — who submits for a child of a given age and must the child come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildAttendance {
    pub submitter: Submitter,
    /// The child must come to the office in person.
    pub must_come: bool,
}

/// R-IP-1 — under 1: a parent submits, the child need not come; 1–15: a
/// parent submits and the child comes along; from 16: the minor submits
/// (and so comes).
pub fn child_attendance(age_years: u32) -> ChildAttendance {
    match age_years {
        0 => ChildAttendance { submitter: Submitter::ParentOrGuardian, must_come: false },
        1..=15 => ChildAttendance { submitter: Submitter::ParentOrGuardian, must_come: true },
        _ => ChildAttendance { submitter: Submitter::Applicant, must_come: true },
    }
}

/// R-IP-1 — completed years of age on `on`. Someone born on 29 February
/// turns a year older on 1 March in common years (the anniversary has not
/// been reached on 28 February). 0 if `on` is before `birth`.
pub fn age_on(birth: Date, on: Date) -> u32 {
    if on < birth {
        return 0;
    }
    let years = i32::from(on.year()) - i32::from(birth.year());
    let before_birthday = (on.month(), on.day()) < (birth.month(), birth.day());
    u32::try_from(years - i32::from(before_birthday)).unwrap_or(0)
}

#[cfg(test)]
mod document_kind_tests {
    use super::DocumentKind;

    #[test]
    fn r_pm_6_document_keys_match_serde() {
        for k in DocumentKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
            assert_eq!(DocumentKind::parse(k.as_str()), Some(k));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use rstest::rstest;

    fn cc(s: &str) -> CountryCode {
        CountryCode::parse(s).expect("country")
    }

    fn kinds(items: &[ChecklistItem], required: bool) -> Vec<DocumentKind> {
        items
            .iter()
            .filter(|i| i.required == required)
            .map(|i| i.kind)
            .collect()
    }

    use DocumentKind as D;

    #[rstest]
    #[case::r_pm_6_eu_card_visa_free_married_abroad(
        Permit::EuCard, Ground::EuSpouseOrPartner, true, true, false,
        vec![D::TravelDocument, D::FreeMovementProof, D::MarriageOrPartnershipProof]
    )]
    #[case::r_pm_6_eu_card_needs_visa(
        Permit::EuCard, Ground::EuSpouseOrPartner, true, false, false,
        vec![D::TravelDocument, D::LegalStayDocument, D::FreeMovementProof, D::MarriageOrPartnershipProof]
    )]
    #[case::r_pm_6_eu_card_marriage_in_register(
        Permit::EuCard, Ground::EuSpouseOrPartner, true, true, true,
        vec![D::TravelDocument, D::FreeMovementProof]
    )]
    #[case::r_pm_5_eu_card_dependant(
        Permit::EuCard, Ground::EuOtherBeneficiary, true, true, false,
        vec![D::TravelDocument, D::FreeMovementProof, D::RelationshipEvidence]
    )]
    #[case::r_pm_6_trp_first_family(
        Permit::Trp, Ground::FamilyOfCitizen, true, true, false,
        vec![D::Application, D::TravelDocument, D::MarriageOrPartnershipProof, D::SufficientFunds,
             D::ResidencePlaceProof, D::CriminalRecordCertificate, D::HealthInsurance]
    )]
    #[case::r_pm_6_trp_renewal_no_criminal_record(
        Permit::Trp, Ground::FamilyOfTrpHolder, false, true, true,
        vec![D::Application, D::TravelDocument, D::SufficientFunds, D::ResidencePlaceProof, D::HealthInsurance]
    )]
    #[case::r_dl_2_trp_hq_work(
        Permit::Trp, Ground::HighQualifiedWork, true, false, false,
        vec![D::Application, D::TravelDocument, D::LegalStayDocument, D::EmployerCommitment, D::SufficientFunds,
             D::ResidencePlaceProof, D::CriminalRecordCertificate, D::HealthInsurance]
    )]
    #[case::r_dl_2_trp_business(
        Permit::Trp, Ground::Business, false, true, false,
        vec![D::Application, D::TravelDocument, D::BusinessConditionsProof, D::SufficientFunds,
             D::ResidencePlaceProof, D::HealthInsurance]
    )]
    #[case::r_pm_6_permanent_first(
        Permit::Permanent, Ground::FamilyOfCitizen, true, true, false,
        vec![D::Application, D::TravelDocument, D::CitizenRequest, D::CitizenLivedAbroadProof,
             D::FamilyRelationshipProof, D::CriminalRecordCertificate, D::SufficientFunds, D::HealthInsurance]
    )]
    #[case::r_pm_6_permanent_change(
        Permit::Permanent, Ground::FamilyOfCitizen, false, true, false,
        vec![D::Application, D::TravelDocument, D::CitizenRequest, D::CitizenLivedAbroadProof,
             D::FamilyRelationshipProof, D::SufficientFunds, D::HealthInsurance]
    )]
    fn r_pm_6_checklist(
        #[case] permit: Permit,
        #[case] ground: Ground,
        #[case] first: bool,
        #[case] visa_free: bool,
        #[case] in_register: bool,
        #[case] required: Vec<DocumentKind>,
    ) {
        let items = checklist(permit, ground, first, visa_free, in_register);
        assert_eq!(kinds(&items, true), required);
        assert!(items.iter().all(|i| i.note_rule.starts_with("R-")));
    }

    #[test]
    fn r_pm_6_not_required_items_stay_listed_with_condition() {
        let items = checklist(Permit::Trp, Ground::FamilyOfCitizen, false, true, true);
        let optional = kinds(&items, false);
        assert_eq!(
            optional,
            vec![
                D::LegalStayDocument,
                D::MarriageOrPartnershipProof,
                D::CriminalRecordCertificate
            ]
        );
        assert!(items
            .iter()
            .filter(|i| !i.required)
            .all(|i| i.condition.is_some()));
    }

    #[rstest]
    #[case::r_pm_7_twelve_month_minimum(1_038, 6, 12_456)]
    #[case::r_pm_7_exactly_twelve(1_038, 12, 12_456)]
    #[case::r_pm_7_two_years(1_038, 24, 24_912)]
    #[case::r_pm_7_zero_months(1_038, 0, 12_456)]
    #[case::r_pm_7_huge_no_overflow(u32::MAX, u32::MAX, u64::from(u32::MAX) * u64::from(u32::MAX))]
    fn r_pm_7_funds_needed(#[case] wage: u32, #[case] months: u32, #[case] want: u64) {
        assert_eq!(funds_needed(wage, months), want);
    }

    #[rstest]
    #[case::r_pm_7_enough(12_456, Ok(()))]
    #[case::r_pm_7_one_short(
        12_455,
        Err(RuleError::new(Field::Funds, RuleErrorKind::InsufficientFunds { needed_eur: 12_456 }))
    )]
    fn r_pm_7_check_funds(#[case] available: u64, #[case] want: RuleResult<()>) {
        assert_eq!(check_funds(1_038, 12, available), want);
    }

    #[rstest]
    #[case::r_pm_9_one_year_exact(date(2025, 3, 1), date(2026, 2, 28), 12, None)]
    #[case::r_pm_9_one_day_short(date(2025, 3, 1), date(2026, 2, 27), 12, Some(date(2026, 2, 28)))]
    #[case::r_pm_9_short_period_still_one_year(
        date(2025, 3, 1),
        date(2025, 9, 30),
        6,
        Some(date(2026, 2, 28))
    )]
    #[case::r_pm_9_two_years_needs_two(
        date(2025, 3, 1),
        date(2026, 3, 1),
        24,
        Some(date(2027, 2, 28))
    )]
    #[case::r_pm_9_leap_start(date(2024, 2, 29), date(2025, 2, 27), 12, None)]
    #[case::r_pm_9_from_jan_31(date(2025, 1, 31), date(2026, 1, 30), 12, None)]
    fn r_pm_9_insurance(
        #[case] from: Date,
        #[case] until: Date,
        #[case] months: u32,
        #[case] needed: Option<Date>,
    ) {
        let want = match needed {
            None => Ok(()),
            Some(needed_until) => Err(RuleError::new(
                Field::InsuredUntil,
                RuleErrorKind::InsufficientCoverage { needed_until },
            )),
        };
        assert_eq!(insurance_covers(from, until, months), want);
    }

    #[rstest]
    #[case::r_pm_8_fresh(date(2025, 5, 1), date(2025, 6, 10), Ok(()))]
    #[case::r_pm_8_exactly_six_months(date(2024, 12, 10), date(2025, 6, 10), Ok(()))]
    #[case::r_pm_8_one_day_too_old(
        date(2024, 12, 9), date(2025, 6, 10),
        Err(RuleErrorKind::CertificateTooOld { oldest_allowed: date(2024, 12, 10) })
    )]
    #[case::r_pm_8_month_end_clamp(
        date(2024, 2, 28), date(2024, 8, 31),
        Err(RuleErrorKind::CertificateTooOld { oldest_allowed: date(2024, 2, 29) })
    )]
    #[case::r_pm_8_issued_after_application(
        date(2025, 6, 11), date(2025, 6, 10),
        Err(RuleErrorKind::DateInFuture { latest: date(2025, 6, 10) })
    )]
    fn r_pm_8_certificate_fresh(
        #[case] issued: Date,
        #[case] applied: Date,
        #[case] want: Result<(), RuleErrorKind>,
    ) {
        let want = want.map_err(|k| RuleError::new(Field::IssuedOn, k));
        assert_eq!(check_certificate_fresh(issued, applied), want);
    }

    fn stay(c: &str, from: Date, to: Date) -> Stay {
        Stay { country: cc(c), from, to }
    }

    #[rstest]
    #[case::r_pm_8_no_stays(vec![], vec![])]
    #[case::r_pm_8_long_stay(vec![stay("UA", date(2023, 1, 1), date(2025, 5, 31))], vec!["UA"])]
    #[case::r_pm_8_short_stay_ignored(vec![stay("TR", date(2024, 1, 1), date(2024, 5, 31))], vec![])]
    #[case::r_pm_8_exactly_183_days(vec![stay("TR", date(2024, 1, 1), date(2024, 7, 1))], vec!["TR"])]
    #[case::r_pm_8_182_days_ignored(vec![stay("TR", date(2024, 1, 1), date(2024, 6, 30))], vec![])]
    #[case::r_pm_8_split_stays_add_up(
        vec![stay("GE", date(2024, 1, 1), date(2024, 3, 31)), stay("GE", date(2024, 7, 1), date(2024, 10, 31))],
        vec!["GE"]
    )]
    #[case::r_pm_8_split_stays_too_far_apart(
        vec![stay("GE", date(2023, 7, 1), date(2023, 9, 30)), stay("GE", date(2024, 11, 1), date(2025, 1, 31))],
        vec![]
    )]
    #[case::r_pm_8_old_stay_outside_lookback(vec![stay("BY", date(2020, 1, 1), date(2023, 5, 31))], vec![])]
    #[case::r_pm_8_stay_clipped_to_lookback(vec![stay("BY", date(2020, 1, 1), date(2023, 12, 31))], vec!["BY"])]
    #[case::r_pm_8_lithuania_never(vec![stay("LT", date(2023, 6, 1), date(2025, 5, 31))], vec![])]
    #[case::r_pm_8_overlaps_count_once(
        vec![stay("IN", date(2024, 1, 1), date(2024, 4, 30)), stay("IN", date(2024, 2, 1), date(2024, 5, 31))],
        vec![]
    )]
    #[case::r_pm_8_several_sorted(
        vec![stay("UA", date(2024, 6, 1), date(2025, 5, 31)), stay("KZ", date(2023, 6, 1), date(2024, 5, 31))],
        vec!["KZ", "UA"]
    )]
    #[case::r_pm_8_inverted_stay_adds_nothing(vec![stay("UA", date(2025, 5, 31), date(2023, 6, 1))], vec![])]
    fn r_pm_8_countries(#[case] stays: Vec<Stay>, #[case] want: Vec<&str>) {
        let got = countries_needing_criminal_record(&stays, date(2025, 6, 1));
        let got: Vec<&str> = got.iter().map(CountryCode::as_str).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn r_pm_8_validate_stay() {
        assert!(validate_stay(&stay("UA", date(2025, 1, 1), date(2025, 1, 1))).is_ok());
        assert_eq!(
            validate_stay(&stay("UA", date(2025, 1, 2), date(2025, 1, 1))),
            Err(RuleError::new(Field::Period, RuleErrorKind::EndBeforeStart))
        );
    }

    #[rstest]
    #[case::r_pm_10_passport_from_india("IN", D::TravelDocument, Legalisation::NotNeeded)]
    #[case::r_pm_10_india_marriage(
        "IN",
        D::MarriageOrPartnershipProof,
        Legalisation::ApostilleOrLegalisation
    )]
    #[case::r_pm_10_usa_birth("US", D::OtherForeignDocument, Legalisation::ApostilleOrLegalisation)]
    #[case::r_pm_10_germany("DE", D::MarriageOrPartnershipProof, Legalisation::NotNeeded)]
    #[case::r_pm_10_greece("gr", D::OtherForeignDocument, Legalisation::NotNeeded)]
    #[case::r_pm_10_russia("RU", D::CriminalRecordCertificate, Legalisation::NotNeeded)]
    #[case::r_pm_10_moldova("MD", D::CriminalRecordCertificate, Legalisation::NotNeeded)]
    #[case::r_pm_10_ukraine("ua", D::CriminalRecordCertificate, Legalisation::NotNeeded)]
    #[case::r_pm_10_belarus(
        "BY",
        D::CriminalRecordCertificate,
        Legalisation::ApostilleOrLegalisation
    )]
    #[case::r_pm_10_uk_not_eu(
        "GB",
        D::CriminalRecordCertificate,
        Legalisation::ApostilleOrLegalisation
    )]
    #[case::r_pm_10_norway_not_eu(
        "NO",
        D::OtherForeignDocument,
        Legalisation::ApostilleOrLegalisation
    )]
    #[case::r_pm_10_lithuanian_document("LT", D::OtherForeignDocument, Legalisation::NotNeeded)]
    #[case::r_pm_10_garbage_country(
        "Ukraine",
        D::OtherForeignDocument,
        Legalisation::ApostilleOrLegalisation
    )]
    fn r_pm_10_legalisation(
        #[case] country: &str,
        #[case] kind: DocumentKind,
        #[case] want: Legalisation,
    ) {
        assert_eq!(needs_legalisation(country, kind), want);
    }

    #[rstest]
    #[case::r_pm_10_translate_ukrainian("UA", D::CriminalRecordCertificate, true)]
    #[case::r_pm_10_translate_german("DE", D::MarriageOrPartnershipProof, true)]
    #[case::r_pm_10_no_translation_lithuanian("lt", D::OtherForeignDocument, false)]
    #[case::r_pm_10_no_translation_passport("IN", D::TravelDocument, false)]
    fn r_pm_10_translation(#[case] country: &str, #[case] kind: DocumentKind, #[case] want: bool) {
        assert_eq!(needs_translation(country, kind), want);
    }

    #[rstest]
    #[case::r_pm_8_country_upper("ua", Ok("UA"))]
    #[case::r_pm_8_country_trim(" LT ", Ok("LT"))]
    #[case::r_pm_8_country_three_letters(
        "UKR",
        Err(RuleError::new(Field::Country, RuleErrorKind::InvalidFormat))
    )]
    #[case::r_pm_8_country_digits(
        "12",
        Err(RuleError::new(Field::Country, RuleErrorKind::InvalidFormat))
    )]
    fn r_pm_8_country_code(#[case] s: &str, #[case] want: RuleResult<&str>) {
        let got = CountryCode::parse(s);
        assert_eq!(
            got.as_ref().map(CountryCode::as_str),
            want.as_ref().map(|s| *s)
        );
    }

    #[test]
    fn r_pm_8_country_serde() {
        let json = serde_json::to_string(&cc("ua")).expect("json");
        assert_eq!(json, r#""UA""#);
        assert!(serde_json::from_str::<CountryCode>(r#""Ukraine""#).is_err());
    }

    #[rstest]
    #[case::r_ip_1_newborn(0, Submitter::ParentOrGuardian, false)]
    #[case::r_ip_1_age_1(1, Submitter::ParentOrGuardian, true)]
    #[case::r_ip_1_age_15(15, Submitter::ParentOrGuardian, true)]
    #[case::r_ip_1_age_16(16, Submitter::Applicant, true)]
    #[case::r_ip_1_adult(30, Submitter::Applicant, true)]
    fn r_ip_1_child(#[case] age: u32, #[case] submitter: Submitter, #[case] must_come: bool) {
        assert_eq!(
            child_attendance(age),
            ChildAttendance { submitter, must_come }
        );
    }

    #[rstest]
    #[case::r_ip_1_age_day_before_birthday(date(2009, 6, 10), date(2025, 6, 9), 15)]
    #[case::r_ip_1_age_on_birthday(date(2009, 6, 10), date(2025, 6, 10), 16)]
    #[case::r_ip_1_age_leap_birthday_feb_28(date(2008, 2, 29), date(2024, 2, 28), 15)]
    #[case::r_ip_1_age_leap_birthday_leap_year(date(2008, 2, 29), date(2024, 2, 29), 16)]
    #[case::r_ip_1_age_leap_birthday_common_year(date(2008, 2, 29), date(2025, 2, 28), 16)]
    #[case::r_ip_1_age_leap_birthday_march_1(date(2009, 2, 28), date(2025, 3, 1), 16)]
    #[case::r_ip_1_age_baby(date(2025, 1, 15), date(2025, 12, 31), 0)]
    #[case::r_ip_1_age_not_born_yet(date(2026, 1, 1), date(2025, 1, 1), 0)]
    fn r_ip_1_age(#[case] birth: Date, #[case] on: Date, #[case] want: u32) {
        assert_eq!(age_on(birth, on), want);
    }
}
