//! The R-PM-6 document checklist of a Services page, straight from `rules::checklist`.
use crate::i18n::{use_i18n, Locale};
use crate::rules::{catalog::PermitPage, checklist, DocumentKind, Ground, ItemCondition, Permit};
use crate::tr::{t, t_string, td_string};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The translated name of a document kind.
pub fn document_name(i18n: I18nContext<Locale>, kind: DocumentKind) -> String {
    document_name_in(i18n.get_locale(), kind)
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

/// The translated condition shown after a checklist item.
pub fn condition_text(i18n: I18nContext<Locale>, c: ItemCondition) -> String {
    use ItemCondition as C;
    match c {
        C::UnlessCompulsoryInsurancePaid => t_string!(i18n, cond.unless_compulsory_insurance_paid),
        C::OrCommitmentToDeclareResidence => {
            t_string!(i18n, cond.or_commitment_to_declare_residence)
        }
        C::FirstPermitOnly => t_string!(i18n, cond.first_permit_only),
        C::UnlessMarriageInRegister => t_string!(i18n, cond.unless_marriage_in_register),
        C::UnlessVisaFree => t_string!(i18n, cond.unless_visa_free),
        C::CoversWholeStay => t_string!(i18n, cond.covers_whole_stay),
    }
    .to_string()
}

/// The checklist a first-time applicant sees for this page's permit and typical ground.
#[component]
pub fn Checklist(page: PermitPage) -> impl IntoView {
    let i18n = use_i18n();
    let (permit, ground) = match page {
        PermitPage::TrpFamily => (Permit::Trp, Ground::FamilyOfCitizen),
        PermitPage::EuCard | PermitPage::EuPermanentCard => {
            (Permit::EuCard, Ground::EuSpouseOrPartner)
        }
        PermitPage::PermanentFamily => (Permit::Permanent, Ground::FamilyOfCitizen),
    };
    // Shown for the general case: a first permit, not visa-free, marriage not yet registered
    // in Lithuania — each conditional item says when it can be left out.
    let items = checklist(permit, ground, true, false, false);
    view! {
        <h2>{t!(i18n, services.documents)}</h2>
        <ul class="checklist">
            {items
                .into_iter()
                .map(|item| {
                    let kind = item.kind;
                    let cond = item.condition;
                    view! {
                        <li data-rule=item
                            .note_rule>
                            {move || document_name(i18n, kind)}
                            {cond
                                .map(|c| {
                                    view! {
                                        <span class="tag">
                                            " — " {move || condition_text(i18n, c)}
                                        </span>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
