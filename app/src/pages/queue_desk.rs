//! `/staff/queue` (issue #8.6): an officer's desk console for an office's queue of today —
//! call the next person to their desk, start, finish, mark a no-show or call again; who waits
//! and who is at the desks; today's figures. GET filters and plain POST forms: it works
//! without JavaScript.
use super::offices::service_name;
use crate::accounts::session_info;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::queue::{queue_desk, CallNext, DeskAction, DeskTicket, DeskView};
use crate::rules::Field;
use crate::tr::{t, t_string};
use crate::ui::filters::OfficeFilter;
use crate::ui::form::{entered_of, form_error, ErrorSummary, FieldError, PostForm};
use crate::ui::live::follow_queue;
use crate::ui::page_title::PageTitle;
use crate::ui::refusal::Loaded;
use crate::ui::table::ScrollTable;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

#[component]
pub fn QueueDeskPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k)).unwrap_or_default();
    let data = crate::ui::data::load(
        move || get("office"),
        |office| async move {
            let session = session_info(true).await.map_err(|_| AppError::Server)?;
            let view = queue_desk(office).await?;
            Ok::<_, AppError>((session.csrf, view))
        },
    );
    let called = move || query.with(|q| q.get("called"));
    let ok = Callback::new(move |(csrf, view): (String, DeskView)| {
        view! { <Console view csrf desk=get("desk") /> }.into_any()
    });
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, queue.desk.title).to_string()) />
        <div role="status">
            {move || {
                called()
                    .map(|label| {
                        let desk = get("desk");
                        let text = move || {
                            if label.is_empty() {
                                t_string!(i18n, queue.desk.nobody).to_string()
                            } else {
                                t_string!(
                                    i18n, queue.desk.called, label = label.clone(), desk = desk.clone()
                                )
                                    .to_string()
                            }
                        };
                        view! { <p class="status-note called">{text}</p> }
                    })
            }}
        </div>
        <ErrorSummary error=form_error(CallNext::PATH) focus="desk" />
        <Loaded data ok />
    }
}

#[component]
fn Console(view: DeskView, csrf: String, desk: String) -> impl IntoView {
    let i18n = use_i18n();
    let Some(office) = view.office_id else {
        return view! { <p class="status-note">{t!(i18n, queue.desk.no_office)}</p> }.into_any();
    };
    let error = form_error(CallNext::PATH);
    let desk = entered_of(error, "desk").unwrap_or(desk);
    // Live: every change of the office's queue (any desk, a new ticket) brings the console up
    // to date without a reload (issue #8.6); without JavaScript it is as rendered.
    let current = RwSignal::new(view.clone());
    let live = follow_queue(office);
    Effect::new(move |seen: Option<bool>| {
        if live.with(Option::is_some) {
            if seen == Some(true) {
                refresh(office, current);
            }
            true
        } else {
            false
        }
    });
    let figures = move || {
        current.with(|v| {
            let (served, no_shows, waiting) = (v.served_today, v.no_shows_today, v.waiting.len());
            t_string!(
                i18n,
                queue.desk.figures,
                served = served,
                no_shows = no_shows,
                waiting = waiting
            )
            .to_string()
        })
    };
    let at_desks_csrf = csrf.clone();
    let at_desks = move || {
        let v = current.get();
        if v.at_desks.is_empty() {
            return view! { <p>{t!(i18n, queue.desk.nobody_at_desks)}</p> }.into_any();
        }
        let rows = v
            .at_desks
            .into_iter()
            .map(|t| {
                view! { <AtDesk t office services=v.services.clone() csrf=at_desks_csrf.clone() /> }
            })
            .collect_view();
        view! { <ul class="checklist at-desks">{rows}</ul> }.into_any()
    };
    let waiting = move || {
        let v = current.get();
        if v.waiting.is_empty() {
            return view! { <p>{t!(i18n, queue.desk.nobody)}</p> }.into_any();
        }
        let rows = v
            .waiting
            .into_iter()
            .map(|t| view! { <Waiting t /> })
            .collect_view();
        let head = view! {
            <th scope="col">{t!(i18n, queue.desk.number)}</th>
            <th scope="col">{t!(i18n, queue.desk.service)}</th>
            <th scope="col">{t!(i18n, queue.desk.waited)}</th>
        }
        .into_any();
        view! {
            <ScrollTable
                id="waiting"
                caption=Signal::derive(move || t_string!(i18n, queue.desk.waiting).to_string())
                head
            >
                {rows}
            </ScrollTable>
        }
        .into_any()
    };
    view! {
        <form class="filters" method="get" action="/staff/queue">
            <OfficeFilter offices=view.offices.clone() selected=Some(office) />
            <input type="hidden" name="desk" value=desk.clone() />
            <button class="button secondary" type="submit">
                {t!(i18n, visit.desk.show)}
            </button>
        </form>
        <p class="figures">{figures}</p>
        <PostForm action=CallNext::PATH csrf=csrf.clone()>
            <input type="hidden" name="office" value=office.to_string() />
            <div class="field">
                <label for="desk">
                    {move || crate::locale::field_name(i18n.get_locale(), Field::Desk)}
                </label>
                <p class="hint">{t!(i18n, queue.desk.desk_hint)}</p>
                <FieldError field=Field::Desk error live=Signal::stored(None) />
                <input type="text" id="desk" name="desk" maxlength="10" value=desk required />
            </div>
            <button class="button" type="submit">
                {t!(i18n, queue.desk.call_next)}
            </button>
        </PostForm>
        <section class="panel" aria-labelledby="at-desks-title">
            <h2 id="at-desks-title">{t!(i18n, queue.desk.at_desks)}</h2>
            {at_desks}
        </section>
        <section class="panel" aria-labelledby="waiting-title">
            <h2 id="waiting-title">{t!(i18n, queue.desk.waiting)}</h2>
            {waiting}
        </section>
    }
    .into_any()
}

/// Reads the office's console again and shows it (browser only).
fn refresh(office: i64, current: RwSignal<crate::queue::DeskView>) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        if let Ok(v) = queue_desk(office.to_string()).await {
            current.set(v);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (office, current);
}

#[component]
fn Waiting(t: DeskTicket) -> impl IntoView {
    let i18n = use_i18n();
    let service = t.service.clone();
    let minutes = t.waited_minutes;
    view! {
        <tr data-ticket=t.label.clone()>
            <th scope="row">{t.label.clone()}</th>
            <td>{move || service_name(i18n, &service)}</td>
            <td>{move || t_string!(i18n, queue.desk.minutes, minutes = minutes).to_string()}</td>
        </tr>
    }
}

#[component]
fn AtDesk(t: DeskTicket, office: i64, services: Vec<String>, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let others: Vec<String> = services.into_iter().filter(|s| *s != t.service).collect();
    let (ticket_id, ticket_desk) = (t.id, t.desk.clone().unwrap_or_default());
    let transfer_csrf = csrf.clone();
    let transfer = (!others.is_empty()).then(move || {
        let id = format!("transfer-{ticket_id}");
        let options = others
            .into_iter()
            .map(|code| {
                let name_code = code.clone();
                view! { <option value=code>{move || service_name(i18n, &name_code)}</option> }
            })
            .collect_view();
        view! {
            <PostForm action=DeskAction::PATH csrf=transfer_csrf>
                <input type="hidden" name="office" value=office.to_string() />
                <input type="hidden" name="ticket" value=ticket_id.to_string() />
                <input type="hidden" name="desk" value=ticket_desk />
                <input type="hidden" name="action" value="transfer" />
                <div class="field">
                    <label for=id.clone()>{t!(i18n, queue.desk.transfer_to)}</label>
                    <select id=id name="service">
                        {options}
                    </select>
                </div>
                <button class="button secondary" type="submit">
                    {t!(i18n, queue.desk.transfer)}
                </button>
            </PostForm>
        }
    });
    let desk = t.desk.clone().unwrap_or_default();
    let service = t.service.clone();
    let serving = t.status == "serving";
    let state_desk = desk.clone();
    let state = move || {
        if serving {
            t_string!(i18n, queue.desk.status_serving, desk = state_desk.clone()).to_string()
        } else {
            t_string!(i18n, queue.desk.status_called, desk = state_desk.clone()).to_string()
        }
    };
    let button = move |action: &'static str, primary: bool| {
        let text = move || match action {
            "start" => t_string!(i18n, queue.desk.start).to_string(),
            "done" => t_string!(i18n, queue.desk.done).to_string(),
            "no_show" => t_string!(i18n, queue.desk.no_show).to_string(),
            _ => t_string!(i18n, queue.desk.recall).to_string(),
        };
        let (csrf, desk, ticket) = (csrf.clone(), desk.clone(), t.id.to_string());
        view! {
            <PostForm action=DeskAction::PATH csrf>
                <input type="hidden" name="office" value=office.to_string() />
                <input type="hidden" name="ticket" value=ticket />
                <input type="hidden" name="desk" value=desk />
                <input type="hidden" name="action" value=action />
                <button class=if primary { "button" } else { "button secondary" } type="submit">
                    {text}
                </button>
            </PostForm>
        }
    };
    let actions = if serving {
        view! { {button("done", true)} }.into_any()
    } else {
        view! {
            {button("start", true)}
            {button("done", false)}
            {button("recall", false)}
            {button("no_show", false)}
        }
        .into_any()
    };
    view! {
        <li data-ticket=t.label.clone()>
            <strong>{t.label.clone()}</strong>
            " · "
            {move || service_name(i18n, &service)}
            " · "
            {state}
            <div class="actions">{actions}</div>
            {transfer}
        </li>
    }
}
