//! The R-PM-6 document checklist of a Services page, straight from `rules::checklist`.
use crate::i18n::{use_i18n, Locale};
use crate::names::document_name_in;
use crate::rules::{catalog::PermitPage, checklist, DocumentKind, Ground, ItemCondition, Permit};
use crate::tr::{t, t_string};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The translated name of a document kind.
pub fn document_name(i18n: I18nContext<Locale>, kind: DocumentKind) -> String {
    document_name_in(i18n.get_locale(), kind)
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
