//! `/staff/cases` — the worklist of the officer's offices, filtered, the nearest legal deadline
//! first (issue #6). The filters are a GET form, so it works without JavaScript.
use crate::cases::{worklist, WorklistView};
use crate::i18n::{use_i18n, Locale};
use crate::names::days;
use crate::names::kind_name;
use crate::pages::case_view::{risk_name, stage_name};
use crate::rules::application::ApplicationType;
use crate::rules::case::Stage;
use crate::rules::Procedure;
use crate::tr::{t, t_string, td_string};
use crate::ui::day;
use crate::ui::filters::{FilterSelect, OfficeFilter};
use crate::ui::page_title::PageTitle;
use crate::ui::refusal::Loaded;
use crate::ui::table::ScrollTable;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

/// `/staff/cases?q=&office=&kind=&stage=&procedure=&mine=`
#[component]
pub fn WorklistPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = crate::ui::data::load(
        move || query.with(filters),
        |(office, kind, stage, procedure, mine, q)| async move {
            worklist(office, kind, stage, procedure, mine, q).await
        },
    );
    let ok = Callback::new(|list: WorklistView| {
        view! {
            <Filters list=list.clone() />
            <Worklist list />
        }
        .into_any()
    });
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, case.list_title).to_string()) />
        <Loaded data ok />
    }
}

/// The filters in the URL: office, kind, stage, procedure, mine and the search text (each
/// empty when not given).
fn filters(query: &ParamsMap) -> (String, String, String, String, String, String) {
    let get = |k: &str| query.get(k).unwrap_or_default();
    (
        get("office"),
        get("kind"),
        get("stage"),
        get("procedure"),
        get("mine"),
        get("q"),
    )
}

#[component]
fn Filters(list: WorklistView) -> impl IntoView {
    let i18n = use_i18n();
    let (office, kind, stage, procedure, mine, q) = use_query_map().with_untracked(filters);
    let office = list
        .offices
        .iter()
        .map(|o| o.id)
        .find(|id| id.to_string() == office);
    let kinds = choices(
        &ApplicationType::ALL,
        ApplicationType::as_str,
        kind_name,
        &kind,
    );
    let all = Signal::derive(move || t_string!(i18n, case.filter.all).to_string());
    let mut stages = vec![("all".to_string(), all, stage == "all")];
    stages.extend(choices(&Stage::ALL, Stage::as_str, stage_name, &stage));
    let procedures = choices(
        &Procedure::ALL,
        Procedure::as_str,
        procedure_name,
        &procedure,
    );
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
            <OfficeFilter
                offices=list.offices
                selected=office
                any=Signal::derive(move || t_string!(i18n, case.filter.any_office).to_string())
            />
            <FilterSelect
                name="kind"
                label=Signal::derive(move || t_string!(i18n, case.filter.kind).to_string())
                any=Signal::derive(move || t_string!(i18n, case.filter.any_kind).to_string())
                options=kinds
            />
            <FilterSelect
                name="stage"
                label=Signal::derive(move || t_string!(i18n, case.stage_label).to_string())
                any=Signal::derive(move || t_string!(i18n, case.filter.open).to_string())
                options=stages
            />
            <FilterSelect
                name="procedure"
                label=Signal::derive(move || t_string!(i18n, field.procedure).to_string())
                any=Signal::derive(move || t_string!(i18n, case.filter.any_procedure).to_string())
                options=procedures
            />
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

/// The options of a filter: each of `all` by its value and its name in the reader's language,
/// chosen if the URL says so.
fn choices<T: Copy + Send + Sync + 'static>(
    all: &[T],
    value: fn(T) -> &'static str,
    name: fn(Locale, T) -> String,
    chosen: &str,
) -> Vec<(String, Signal<String>, bool)> {
    let i18n = use_i18n();
    all.iter()
        .map(|&x| {
            let label = Signal::derive(move || name(i18n.get_locale(), x));
            (value(x).to_string(), label, value(x) == chosen)
        })
        .collect()
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
    let head = view! {
        <th scope="col">{t!(i18n, field.reference)}</th>
        <th scope="col">{t!(i18n, case.applicant)}</th>
        <th scope="col">{t!(i18n, case.stage_label)}</th>
        <th scope="col">{t!(i18n, apply.decision_due)}</th>
        <th scope="col">{t!(i18n, field.officer)}</th>
    }
    .into_any();
    view! {
        <ScrollTable
            id="worklist"
            caption=Signal::derive(move || t_string!(i18n, case.list_caption).to_string())
            region=true
            head
        >
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
                                <a href=format!("/staff/cases/{}", c.id)>{c.reference.clone()}</a>
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
        </ScrollTable>
        {truncated.then(|| view! { <p class="hint">{t!(i18n, case.truncated)}</p> })}
    }
    .into_any()
}
