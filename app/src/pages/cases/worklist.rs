//! `/staff/cases` — the worklist of the officer's offices, filtered, the nearest legal deadline
//! first (issue #6). The filters are a GET form, so it works without JavaScript.
use crate::cases::{worklist, WorklistView};
use crate::i18n::{use_i18n, Locale};
use crate::names::days;
use crate::names::kind_name;
use crate::pages::case_view::{risk_name, stage_name};
use crate::pages::staff::Refusal;
use crate::rules::application::ApplicationType;
use crate::rules::case::Stage;
use crate::rules::Procedure;
use crate::tr::{t, t_string, td_string};
use crate::ui::day;
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/staff/cases?q=&office=&kind=&stage=&procedure=&mine=`
#[component]
pub fn WorklistPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k)).unwrap_or_default();
    let filters = move || {
        (
            get("office"),
            get("kind"),
            get("stage"),
            get("procedure"),
            get("mine"),
            get("q"),
        )
    };
    let data = Resource::new(
        filters,
        |(office, kind, stage, procedure, mine, q)| async move {
            worklist(office, kind, stage, procedure, mine, q).await
        },
    );
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, case.list_title).to_string()) />
        <Suspense>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok(list) => {
                            view! {
                                <Filters list=list.clone() />
                                <Worklist list />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <Refusal error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Filters(list: WorklistView) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let get = move |k: &str| query.with_untracked(|q| q.get(k)).unwrap_or_default();
    let (office, kind, stage, procedure, mine, q) = (
        get("office"),
        get("kind"),
        get("stage"),
        get("procedure"),
        get("mine"),
        get("q"),
    );
    let kinds = ApplicationType::ALL;
    view! {
        <form class="filters" method="get" action="/staff/cases" role="search">
            <div class="field search">
                <label for="f-q">{t!(i18n, case.filter.search)}</label>
                <p class="hint" id="f-q-hint">
                    {t!(i18n, case.filter.search_hint)}
                </p>
                <input
                    type="search"
                    id="f-q"
                    name="q"
                    value=q
                    maxlength="100"
                    autocomplete="off"
                    aria-describedby="f-q-hint"
                />
            </div>
            <div class="field">
                <label for="f-office">{t!(i18n, field.office)}</label>
                <select id="f-office" name="office">
                    <option value="">{t!(i18n, case.filter.any_office)}</option>
                    {list
                        .offices
                        .iter()
                        .map(|o| {
                            let v = o.id.to_string();
                            let selected = v == office;
                            view! {
                                <option value=v selected=selected>
                                    {o.name.clone()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-kind">{t!(i18n, case.filter.kind)}</label>
                <select id="f-kind" name="kind">
                    <option value="">{t!(i18n, case.filter.any_kind)}</option>
                    {kinds
                        .into_iter()
                        .map(|k| {
                            let selected = k.as_str() == kind;
                            view! {
                                <option value=k.as_str() selected=selected>
                                    {move || kind_name(i18n.get_locale(), k)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-stage">{t!(i18n, case.stage_label)}</label>
                <select id="f-stage" name="stage">
                    <option value="">{t!(i18n, case.filter.open)}</option>
                    <option value="all" selected=stage == "all">
                        {t!(i18n, case.filter.all)}
                    </option>
                    {Stage::ALL
                        .into_iter()
                        .map(|s| {
                            let selected = s.as_str() == stage;
                            view! {
                                <option value=s.as_str() selected=selected>
                                    {move || stage_name(i18n.get_locale(), s)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-procedure">{t!(i18n, field.procedure)}</label>
                <select id="f-procedure" name="procedure">
                    <option value="">{t!(i18n, case.filter.any_procedure)}</option>
                    {Procedure::ALL
                        .into_iter()
                        .map(|p| {
                            let selected = p.as_str() == procedure;
                            view! {
                                <option value=p.as_str() selected=selected>
                                    {move || procedure_name(i18n.get_locale(), p)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field checkbox">
                <input type="checkbox" id="f-mine" name="mine" value="1" checked=mine == "1" />
                <label for="f-mine">{t!(i18n, case.filter.mine)}</label>
            </div>
            <button class="button secondary" type="submit">
                {t!(i18n, case.filter.show)}
            </button>
        </form>
    }
}

pub fn procedure_name(l: Locale, p: Procedure) -> String {
    match p {
        Procedure::General => td_string!(l, case.procedure.general),
        Procedure::Urgent => td_string!(l, case.procedure.urgent),
    }
    .to_string()
}

#[component]
fn Worklist(list: WorklistView) -> impl IntoView {
    let i18n = use_i18n();
    if list.items.is_empty() {
        return view! {
            <p class="status-note" id="worklist-empty">
                {t!(i18n, case.none)}
            </p>
        }
        .into_any();
    }
    let truncated = list.truncated;
    let today = list.today;
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="worklist-caption">
            <table id="worklist">
                <caption id="worklist-caption">{t!(i18n, case.list_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, field.reference)}</th>
                        <th scope="col">{t!(i18n, case.applicant)}</th>
                        <th scope="col">{t!(i18n, case.stage_label)}</th>
                        <th scope="col">{t!(i18n, apply.decision_due)}</th>
                        <th scope="col">{t!(i18n, field.officer)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .items
                        .into_iter()
                        .map(|c| {
                            let kind = c.kind;
                            let stage = c.stage;
                            let procedure = c.procedure;
                            let risk = c.risk;
                            let days_left = c.days_left;
                            view! {
                                <tr data-risk=risk.map(|r| format!("{r:?}").to_lowercase())>
                                    <td>
                                        <a href=format!(
                                            "/staff/cases/{}",
                                            c.id,
                                        )>{c.reference.clone()}</a>
                                        <br />
                                        <span class="tag">
                                            {move || kind_name(i18n.get_locale(), kind)}
                                            {(procedure == Procedure::Urgent)
                                                .then(|| {
                                                    view! {
                                                        " · "
                                                        {move || procedure_name(i18n.get_locale(), procedure)}
                                                    }
                                                })}
                                        </span>
                                    </td>
                                    <td>
                                        {c.applicant.clone()} <br />
                                        <span class="tag">{c.office.clone()}</span>
                                    </td>
                                    <td>
                                        {move || stage_name(i18n.get_locale(), stage)}
                                        {(!c.fee_confirmed)
                                            .then(|| {
                                                view! {
                                                    <br />
                                                    <span class="tag">{t!(i18n, case.fee_unconfirmed)}</span>
                                                }
                                            })}
                                        {c
                                            .file_due
                                            .map(|d| {
                                                let late = d < today;
                                                view! {
                                                    <br />
                                                    <span class="tag" class:risk-overdue=late>
                                                        {move || {
                                                            t_string!(i18n, case.file_due, date = day(d)).to_string()
                                                        }}
                                                    </span>
                                                }
                                            })}
                                    </td>
                                    <td>
                                        {c.deadline.map(day).unwrap_or_else(|| "—".into())}
                                        {risk
                                            .map(|r| {
                                                view! {
                                                    <br />
                                                    <span class=format!(
                                                        "risk risk-{}",
                                                        format!("{r:?}").to_lowercase(),
                                                    )>
                                                        {move || {
                                                            let l = i18n.get_locale();
                                                            let n = days_left.unwrap_or(0);
                                                            format!(
                                                                "{} · {}",
                                                                risk_name(l, r),
                                                                if n < 0 {
                                                                    td_string!(l, case.overdue_by, days = days(l, - n))
                                                                        .to_string()
                                                                } else {
                                                                    td_string!(l, case.left, days = days(l, n)).to_string()
                                                                },
                                                            )
                                                        }}
                                                    </span>
                                                }
                                            })}
                                    </td>
                                    <td>{c.assigned.clone().unwrap_or_else(|| "—".into())}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        {truncated.then(|| view! { <p class="hint">{t!(i18n, case.truncated)}</p> })}
    }
    .into_any()
}
