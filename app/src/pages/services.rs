//! The Services section: one page per permit or card, every figure from `rules`.
use crate::i18n::{use_i18n, Locale};
use crate::rules::{
    catalog::{permit_by_slug, PermitInfo, PermitPage, PERMITS},
    fee, rule_version_for, FeeAction, Procedure, Term,
};
use crate::today::use_today;
use crate::tr::{t, t_string};
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_params_map;

/// The translated name of a permit page.
pub fn permit_name(i18n: I18nContext<Locale>, page: PermitPage) -> String {
    match page {
        PermitPage::EuCard => t_string!(i18n, permit.eu_card.name),
        PermitPage::EuPermanentCard => t_string!(i18n, permit.eu_permanent_card.name),
        PermitPage::TrpFamily => t_string!(i18n, permit.trp_family.name),
        PermitPage::PermanentFamily => t_string!(i18n, permit.permanent_family.name),
    }
    .to_string()
}

fn permit_who(i18n: I18nContext<Locale>, page: PermitPage) -> String {
    match page {
        PermitPage::EuCard => t_string!(i18n, permit.eu_card.who),
        PermitPage::EuPermanentCard => t_string!(i18n, permit.eu_permanent_card.who),
        PermitPage::TrpFamily => t_string!(i18n, permit.trp_family.who),
        PermitPage::PermanentFamily => t_string!(i18n, permit.permanent_family.who),
    }
    .to_string()
}

fn permit_validity(i18n: I18nContext<Locale>, page: PermitPage) -> String {
    match page {
        PermitPage::EuCard => t_string!(i18n, permit.eu_card.validity),
        PermitPage::EuPermanentCard => t_string!(i18n, permit.eu_permanent_card.validity),
        PermitPage::TrpFamily => t_string!(i18n, permit.trp_family.validity),
        PermitPage::PermanentFamily => t_string!(i18n, permit.permanent_family.validity),
    }
    .to_string()
}

/// "3 months" / "45 days" with the locale's plural rules.
pub fn term_text(i18n: I18nContext<Locale>, term: Term) -> String {
    match term {
        Term::Months(n) => t_string!(i18n, count.months, count = u32::from(n)).to_string(),
        Term::Days(n) => t_string!(i18n, count.days, count = u32::from(n)).to_string(),
    }
}

#[component]
pub fn ServiceList() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, services.title).to_string()) />
        <p class="lead">{t!(i18n, services.intro)}</p>
        <ul class="service-list">
            {PERMITS
                .iter()
                .map(|p| {
                    let page = p.page;
                    view! {
                        <li>
                            <a class="card" href=format!("/services/{}", p.slug)>
                                {move || permit_name(i18n, page)}
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn ServicePage() -> impl IntoView {
    let params = use_params_map();
    let info = move || params.with(|p| p.get("slug").and_then(|s| permit_by_slug(&s)));
    move || match info() {
        Some(info) => view! { <PermitDetails info=info /> }.into_any(),
        None => view! { <crate::pages::not_found::NotFound /> }.into_any(),
    }
}

#[component]
fn PermitDetails(info: &'static PermitInfo) -> impl IntoView {
    let i18n = use_i18n();
    let today = use_today();
    let page = info.page;
    let terms = info.issue_case.map(|kind| rule_version_for(kind, today).1);
    view! {
        <PageTitle text=Signal::derive(move || permit_name(i18n, page)) />
        <p>
            <a href="/services">{t!(i18n, services.back)}</a>
        </p>
        <dl class="facts">
            <dt>{t!(i18n, services.who)}</dt>
            <dd>{move || permit_who(i18n, page)}</dd>
            <dt>{t!(i18n, services.validity)}</dt>
            <dd>
                {move || permit_validity(i18n, page)} " ("
                {t!(i18n, count.years, count = move || u32::from(info.validity.first_years))} ")"
            </dd>
            {terms
                .map(|terms| {
                    view! {
                        <dt>{t!(i18n, services.processing)}</dt>
                        <dd>
                            {t!(i18n, services.general)} ": "
                            {move || term_text(i18n, terms.general)} <br />
                            {t!(i18n, services.urgent)} ": "
                            {move || match terms.urgent {
                                Some(t) => term_text(i18n, t),
                                None => t_string!(i18n, services.not_available).to_string(),
                            }}
                        </dd>
                    }
                })}
        </dl>
        {info.fee_permit.map(|permit| view! { <FeeTable permit=permit /> })}
        <super::services_docs::Checklist page=page />
        <h2>{t!(i18n, services.how)}</h2>
        <p>{t!(i18n, services.how_text)}</p>
        <p>{t!(i18n, services.legalisation)}</p>
    }
}

#[component]
fn FeeTable(permit: crate::rules::Permit) -> impl IntoView {
    let i18n = use_i18n();
    let cell = move |action, procedure| match fee(permit, action, procedure) {
        Ok(q) => t_string!(i18n, services.eur, amount = q.amount_eur).to_string(),
        Err(_) => t_string!(i18n, services.not_available).to_string(),
    };
    let quote = fee(permit, FeeAction::Issue, Procedure::General).ok();
    view! {
        <h2 id="fee-h">{t!(i18n, services.fee)}</h2>
        <div class="table-scroll" role="region" aria-labelledby="fee-h" tabindex="0">
            <table class="fees" aria-labelledby="fee-h">
                <thead>
                    <tr>
                        <td></td>
                        <th scope="col">{t!(i18n, services.general)}</th>
                        <th scope="col">{t!(i18n, services.urgent)}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <th scope="row">{t!(i18n, services.fee_issue)}</th>
                        <td>{move || cell(FeeAction::Issue, Procedure::General)}</td>
                        <td>{move || cell(FeeAction::Issue, Procedure::Urgent)}</td>
                    </tr>
                    <tr>
                        <th scope="row">{t!(i18n, services.fee_change)}</th>
                        <td>{move || cell(FeeAction::Change, Procedure::General)}</td>
                        <td>{move || cell(FeeAction::Change, Procedure::Urgent)}</td>
                    </tr>
                </tbody>
            </table>
        </div>
        {quote
            .map(|q| {
                view! {
                    <p class="tag">
                        {t!(
                            i18n, services.payee, payee = move || q.payee_name, code = move || q.payee_code, payment = move || q.payment_code
                        )}
                    </p>
                }
            })}
        <p>{t!(i18n, services.exemption)}</p>
    }
}
