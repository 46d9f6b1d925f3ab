//! `/staff/visits` (issue #7.7): an office's booked visits of one day, by time and desk, for
//! officers: who is expected, who has checked in, and marking a no-show. GET filters and plain
//! POST forms: it works without JavaScript.
use crate::accounts::session_info;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::tr::{t, t_string};
use crate::ui::day;
use crate::ui::filters::OfficeFilter;
use crate::ui::form::{form_error, ErrorSummary, PostForm};
use crate::ui::page_title::PageTitle;
use crate::ui::refusal::Loaded;
use crate::ui::table::ScrollTable;
use crate::visits::{office_day, DayVisit, MarkVisit, OfficeDayView};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

#[component]
pub fn OfficeDayPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k)).unwrap_or_default();
    let data = crate::ui::data::load(
        move || (get("office"), get("day")),
        |(office, day)| async move {
            let session = session_info(true).await.map_err(|_| AppError::Server)?;
            let view = office_day(office, day).await?;
            Ok::<_, AppError>((session.csrf, view))
        },
    );
    let done = move || query.with(|q| q.get("done"));
    let error = form_error(MarkVisit::PATH);
    let ok = Callback::new(|(csrf, view): (String, OfficeDayView)| {
        view! { <Day view csrf /> }.into_any()
    });
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, visit.desk.title).to_string()) />
        <div role="status">
            {move || {
                done()
                    .map(|d| {
                        let text = move || match d.as_str() {
                            "no_show" => t_string!(i18n, visit.desk.done_no_show).to_string(),
                            _ => t_string!(i18n, visit.desk.done_checked_in).to_string(),
                        };
                        view! { <p class="status-note">{text}</p> }
                    })
            }}
        </div>
        <ErrorSummary error focus="visits" />
        <Loaded data ok />
    }
}

#[component]
fn Day(view: OfficeDayView, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = view.office;
    let checked_in = view
        .visits
        .iter()
        .filter(|v| v.state == "checked_in")
        .count();
    let total = view.visits.len();
    let rows = view
        .visits
        .iter()
        .cloned()
        .map(|v| view! { <Row v csrf=csrf.clone() /> })
        .collect_view();
    let empty = view.visits.is_empty();
    let head = view! {
        <th scope="col">{t!(i18n, visit.when)}</th>
        <th scope="col">{t!(i18n, visit.desk.desk)}</th>
        <th scope="col">{t!(i18n, visit.desk.person)}</th>
        <th scope="col">{t!(i18n, visit.code)}</th>
        <th scope="col">{t!(i18n, visit.desk.state)}</th>
    }
    .into_any();
    let date = view.day;
    view! {
        <form class="filters" method="get" action="/staff/visits">
            <OfficeFilter offices=view.offices.clone() selected=chosen />
            <div class="field">
                <label for="f-day">{t!(i18n, field.date)}</label>
                <input type="date" id="f-day" name="day" value=date.to_string() />
            </div>
            <button class="button secondary" type="submit">
                {t!(i18n, visit.desk.show)}
            </button>
        </form>
        <p>
            {move || {
                t_string!(
                    i18n, visit.desk.summary, date = day(date), total = total, arrived = checked_in
                )
                    .to_string()
            }}
        </p>
        {if empty {
            view! { <p class="status-note">{t!(i18n, visit.desk.none)}</p> }.into_any()
        } else {
            view! {
                <ScrollTable
                    id="visits"
                    caption=Signal::derive(move || t_string!(i18n, visit.desk.title).to_string())
                    head
                >
                    {rows}
                </ScrollTable>
            }
                .into_any()
        }}
    }
}

#[component]
fn Row(v: DayVisit, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = v.state.clone();
    let booked = v.state == "booked";
    let started = v.started;
    let code = v.code.clone();
    let form = move |what: &'static str| {
        let code = code.clone();
        view! {
            <PostForm action=MarkVisit::PATH csrf=csrf.clone()>
                <input type="hidden" name="code" value=code />
                <input type="hidden" name="what" value=what />
                <button class="button secondary" type="submit">
                    {move || {
                        if what == "no_show" {
                            t_string!(i18n, visit.desk.mark_no_show).to_string()
                        } else {
                            t_string!(i18n, visit.desk.mark_checked_in).to_string()
                        }
                    }}
                </button>
            </PostForm>
        }
    };
    view! {
        <tr id=format!("visit-{}", v.code) data-state=v.state.clone()>
            <td>{v.starts.clone()} "–" {v.ends.clone()}</td>
            <td>{v.desk}</td>
            <td>
                {v.applicant.clone()} <br />
                <a href=format!("/staff/cases/{}", v.application_id)>{v.reference.clone()}</a>
            </td>
            <td class="reference">{v.code.clone()}</td>
            <td>
                {move || match state.as_str() {
                    "checked_in" => t_string!(i18n, visit.desk.checked_in).to_string(),
                    "no_show" => t_string!(i18n, visit.desk.no_show).to_string(),
                    _ => t_string!(i18n, visit.desk.booked).to_string(),
                }} {booked.then(|| form("checked_in"))}
                {(booked && started).then(|| form("no_show"))}
            </td>
        </tr>
    }
}
