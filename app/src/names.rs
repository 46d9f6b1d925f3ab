//! The names of domain things in a language — a number of days, a document kind, an application
//! kind — for pages and for the server's texts (notices, letters) alike. Features use these
//! instead of reaching up into `pages`.
use crate::i18n::Locale;
use crate::rules::application::ApplicationType;
use crate::rules::DocumentKind;
use crate::tr::td_string;

/// "N days" in the locale's plural.
pub fn days(l: Locale, n: i64) -> String {
    td_string!(l, count.days, count = n).to_string()
}

/// The name of a document kind in a locale (notices, the server's texts).
pub fn document_name_in(l: Locale, kind: DocumentKind) -> String {
    use DocumentKind as D;
    match kind {
        D::Application => td_string!(l, doc.application),
        D::TravelDocument => td_string!(l, doc.travel_document),
        D::LegalStayDocument => td_string!(l, doc.legal_stay_document),
        D::FreeMovementProof => td_string!(l, doc.free_movement_proof),
        D::MarriageOrPartnershipProof => td_string!(l, doc.marriage_or_partnership_proof),
        D::RelationshipEvidence => td_string!(l, doc.relationship_evidence),
        D::SufficientFunds => td_string!(l, doc.sufficient_funds),
        D::ResidencePlaceProof => td_string!(l, doc.residence_place_proof),
        D::CriminalRecordCertificate => td_string!(l, doc.criminal_record_certificate),
        D::HealthInsurance => td_string!(l, doc.health_insurance),
        D::CitizenRequest => td_string!(l, doc.citizen_request),
        D::CitizenLivedAbroadProof => td_string!(l, doc.citizen_lived_abroad_proof),
        D::FamilyRelationshipProof => td_string!(l, doc.family_relationship_proof),
        D::EmployerCommitment => td_string!(l, doc.employer_commitment),
        D::BusinessConditionsProof => td_string!(l, doc.business_conditions_proof),
        D::OtherForeignDocument => td_string!(l, doc.other_foreign_document),
    }
    .to_string()
}

/// The name of an application kind.
pub fn kind_name(l: Locale, k: ApplicationType) -> String {
    use ApplicationType as A;
    match k {
        A::TrpIssue => td_string!(l, apply.kind.trp_issue),
        A::TrpChange => td_string!(l, apply.kind.trp_change),
        A::EuCardIssue => td_string!(l, apply.kind.eu_card_issue),
        A::EuCardChange => td_string!(l, apply.kind.eu_card_change),
        A::PermanentFamily => td_string!(l, apply.kind.permanent_family),
        A::Invitation => td_string!(l, apply.kind.invitation),
    }
    .to_string()
}
