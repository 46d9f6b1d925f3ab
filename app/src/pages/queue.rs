//! `/queue` (issue #8.2, R-QU-1…R-QU-4): where and when a same-day remote ticket can be taken
//! today, taking one for a service, the ticket with its place in line and its desk once
//! called, and cancelling it. Plain POST forms: all of it works without JavaScript.
use super::offices::service_name;
use crate::accounts::session_info;
use crate::i18n::{use_i18n, Locale};
use crate::queue::{my_queue, CancelTicket, MyTicket, QueueOffice, TakeTicket};
use crate::rules::WaitEstimate;
use crate::tr::{t, t_string, td_string};
use crate::ui::form::{form_error, ErrorSummary, PostForm};
use crate::ui::live::follow_queue;
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

/// A ticket's expected wait in words: "now", or about so many minutes, most likely between
/// two figures.
pub fn wait_figures(l: Locale, e: WaitEstimate) -> String {
    if e.minutes == 0 {
        td_string!(l, queue.estimate_now).to_string()
    } else {
        let (minutes, low, high) = (e.minutes, e.low, e.high);
        td_string!(l, queue.estimate, minutes = minutes, low = low, high = high).to_string()
    }
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = crate::ui::data::load(
        || (),
        |_| async {
            let session = session_info(true).await.ok();
            let view = my_queue().await.ok()?;
            Some((session.map(|s| s.csrf).unwrap_or_default(), view))
        },
    );
    let done = move || query.with(|q| q.get("done"));
    let refetch = Callback::new(move |()| data.refetch());
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, queue.title).to_string()) />
        <div role="status">
            {move || {
                done()
                    .map(|d| {
                        let text = move || match d.as_str() {
                            "cancelled" => t_string!(i18n, queue.done_cancelled).to_string(),
                            _ => t_string!(i18n, queue.done_taken).to_string(),
                        };
                        view! { <p class="status-note">{text}</p> }
                    })
            }}
        </div>
        <ErrorSummary error=form_error(TakeTicket::PATH) focus="office" />
        <p class="lead">{t!(i18n, queue.intro)}</p>
        <Suspense>
            {move || {
                data.get()
                    .flatten()
                    .map(|(csrf, view)| {
                        let near = view.near_position;
                        let ticket = view
                            .ticket
                            .clone()
                            .map(|t| view! { <Ticket t near csrf=csrf.clone() refetch /> });
                        let can_take = view.logged_in && view.ticket.is_none();
                        let login = (!view.logged_in)
                            .then(|| {
                                view! {
                                    <p class="status-note">
                                        <a href="/login">{t!(i18n, queue.log_in)}</a>
                                        " "
                                        {t!(i18n, queue.log_in_why)}
                                    </p>
                                }
                            });
                        let offices = view
                            .offices
                            .into_iter()
                            .map(|o| view! { <Office o can_take csrf=csrf.clone() /> })
                            .collect_view();
                        view! {
                            {ticket}
                            {login}
                            <ul class="queue-offices">{offices}</ul>
                            <section class="panel" aria-labelledby="order-title">
                                <h2 id="order-title">{t!(i18n, queue.order_title)}</h2>
                                <p>{t!(i18n, queue.order)}</p>
                            </section>
                        }
                    })
            }}
        </Suspense>
    }
}

/// What a ticket's holder is told: from the live queue once it arrives, else as rendered.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Waiting {
        position: u32,
        estimate: Option<(WaitEstimate, String)>,
    },
    Called(String),
    Serving(String),
    /// No longer in the queue (served, not come, cancelled elsewhere): ask the server.
    Gone,
}

#[component]
fn Ticket(t: MyTicket, near: u32, csrf: String, refetch: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let label = t.label.clone();
    let office = t.office_name.clone();
    let service = t.service.clone();
    let live = follow_queue(t.office_id);
    let rendered = match t.status.as_str() {
        "called" => Shown::Called(t.desk.clone().unwrap_or_default()),
        "serving" => Shown::Serving(t.desk.clone().unwrap_or_default()),
        _ => Shown::Waiting { position: t.position, estimate: t.estimate.clone() },
    };
    let mine = label.clone();
    let shown = Memo::new(move |_| {
        live.with(|q| match q {
            None => rendered.clone(),
            Some(q) => {
                if let Some(position) = q.position(&mine) {
                    Shown::Waiting { position, estimate: q.estimate(&mine) }
                } else if let Some(c) = q.call_of(&mine) {
                    if c.status == "serving" {
                        Shown::Serving(c.desk.clone())
                    } else {
                        Shown::Called(c.desk.clone())
                    }
                } else {
                    Shown::Gone
                }
            }
        })
    });
    Effect::new(move |_| {
        if shown.get() == Shown::Gone {
            refetch.run(());
        }
    });
    let state = move || match shown.get() {
        Shown::Called(desk) => t_string!(i18n, queue.called, desk = desk).to_string(),
        Shown::Serving(desk) => t_string!(i18n, queue.serving, desk = desk).to_string(),
        Shown::Waiting { position, .. } => {
            t_string!(i18n, queue.position, position = position).to_string()
        }
        Shown::Gone => String::new(),
    };
    let estimate = move || {
        let Shown::Waiting { estimate: Some((e, turn)), .. } = shown.get() else {
            return None;
        };
        let (minutes, low, high) = (e.minutes, e.low, e.high);
        let figures = wait_figures(i18n.get_locale(), e);
        Some(view! {
            <div class="wait" data-minutes=minutes data-low=low data-high=high>
                <h3>{t!(i18n, queue.wait_title)}</h3>
                <p>
                    <strong>{figures}</strong>
                    " "
                    {t_string!(i18n, queue.turn_at, time = turn).to_string()}
                </p>
                <p class="hint">{t!(i18n, queue.estimate_how)}</p>
            </div>
        })
    };
    let is_near =
        move || matches!(shown.get(), Shown::Waiting { position, .. } if position <= near);
    let cancellable = move || !matches!(shown.get(), Shown::Serving(_));
    view! {
        <section class="panel ticket" aria-labelledby="ticket-title" data-ticket=label.clone()>
            <h2 id="ticket-title">{t!(i18n, queue.your_ticket)}</h2>
            <p class="ticket-number">{label.clone()}</p>
            <p>{office} " · " {move || service_name(i18n, &service)}</p>
            <div role="status" aria-live="polite">
                <p class="ticket-state">
                    <strong>{state}</strong>
                </p>
                {move || {
                    is_near().then(|| view! { <p class="near">{t!(i18n, queue.near)}</p> })
                }}
            </div>
            {estimate}
            <p class="hint">{t!(i18n, queue.covers_children)}</p>
            <p>
                {move || {
                    if live.with(Option::is_some) {
                        view! { <span class="hint live">{t!(i18n, queue.live)}</span> }.into_any()
                    } else {
                        view! { <a href="/queue">{t!(i18n, queue.refresh)}</a> }.into_any()
                    }
                }}
            </p>
            <Show when=cancellable>
                <PostForm action=CancelTicket::PATH csrf=csrf.clone()>
                    <button class="button secondary" type="submit">
                        {t!(i18n, queue.cancel)}
                    </button>
                </PostForm>
            </Show>
        </section>
    }
}

#[component]
fn Office(o: QueueOffice, can_take: bool, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let status = match o.window.clone() {
        None => view! { {t!(i18n, queue.closed_today)} }.into_any(),
        Some((from, to)) => {
            view! { {t!(i18n, queue.window, from = move || from.clone(), to = move || to.clone())} }
                .into_any()
        }
    };
    let id = o.id;
    let form = (can_take && o.open_now).then(|| {
        let choices = o
            .services
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let cid = format!("service-{id}-{code}");
                let for_id = cid.clone();
                let name_code = code.clone();
                view! {
                    <label class="check" for=for_id>
                        <input
                            type="radio"
                            id=cid
                            name="service"
                            value=code.clone()
                            checked=i == 0
                            required
                        />
                        {move || service_name(i18n, &name_code)}
                    </label>
                }
            })
            .collect_view();
        view! {
            <PostForm action=TakeTicket::PATH csrf>
                <input type="hidden" name="office" value=id.to_string() />
                <fieldset class="field">
                    <legend>{t!(i18n, queue.what_for)}</legend>
                    <div class="radios">{choices}</div>
                </fieldset>
                <button class="button" type="submit">
                    {t!(i18n, queue.take)}
                </button>
            </PostForm>
        }
    });
    view! {
        <li class="panel" id=format!("queue-{}", o.slug)>
            <h2>{o.name.clone()}</h2>
            <p>{status}</p>
            <p>
                <a href=format!("/display/{}", o.slug)>{t!(i18n, queue.watch)}</a>
            </p>
            {form}
        </li>
    }
}
