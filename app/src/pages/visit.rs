//! `/applications/:id/visit` (issue #7; R-BK-1, R-BK-2, R-FL-1): book, move or cancel the
//! visit at which the applicant hands in the originals. A day list (links, `?day=`), then the
//! free times of the chosen day as radios in a plain POST form: all of it works without
//! JavaScript, and on a 360 px screen.
use super::offices::weekday_name;
use crate::accounts::session_info;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::applications::id_param;
use crate::rules::{Field, RuleErrorKind};
use crate::tr::{t, t_string};
use crate::ui::day;
use crate::ui::form::{entered_of, form_error, ErrorSummary, FieldError, PostForm};
use crate::ui::page_title::PageTitle;
use crate::ui::refusal::Loaded;
use crate::visits::{
    visit_plan, AcceptOffer, Blocked, BookVisit, CancelVisit, HeldOffer, JoinWaitlist,
    LeaveWaitlist, Visit, VisitView, Waiting,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

#[component]
pub fn VisitPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let query = use_query_map();
    let booking_error = form_error(BookVisit::PATH);
    // After "just taken", the page asks for the nearest free times from the one refused.
    let near = Memo::new(move |_| match booking_error.get() {
        Some(AppError::Invalid { errors, entered })
            if errors.iter().any(|e| e.kind == RuleErrorKind::SlotTaken) =>
        {
            let get = |k: &str| {
                entered
                    .iter()
                    .find(|(n, _)| n == k)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            Some(format!("{}T{}", get("day"), get("time")))
        }
        _ => None,
    });
    let chosen = Memo::new(move |_| query.with(|q| q.get("day")));
    let data = crate::ui::data::load(
        move || (id.get(), chosen.get(), near.get()),
        |(id, day, near)| async move {
            let session = session_info(true).await.map_err(|_| AppError::Server)?;
            if session.me.is_none() {
                return Err(AppError::NotLoggedIn);
            }
            let plan = visit_plan(id.into(), day, near).await?;
            Ok::<_, AppError>((session.csrf, plan))
        },
    );
    let done = move || query.with(|q| q.get("done"));
    let ok =
        Callback::new(|(csrf, plan): (String, VisitView)| view! { <Plan plan csrf /> }.into_any());
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, visit.title).to_string()) />
        <p>
            <a href=move || format!("/applications/{}", id.get())>{t!(i18n, visit.back)}</a>
        </p>
        <div role="status">
            {move || {
                done()
                    .map(|d| {
                        let text = move || match d.as_str() {
                            "cancelled" => t_string!(i18n, visit.done_cancelled).to_string(),
                            "waiting" => t_string!(i18n, visit.wait.done_waiting).to_string(),
                            "left" => t_string!(i18n, visit.wait.done_left).to_string(),
                            _ => t_string!(i18n, visit.done_booked).to_string(),
                        };
                        view! { <p class="status-note">{text}</p> }
                    })
            }}
        </div>
        <ErrorSummary error=booking_error focus="time" />
        <ErrorSummary error=form_error(JoinWaitlist::PATH) focus="from" />
        <ErrorSummary error=form_error(AcceptOffer::PATH) focus="offer" />
        <Loaded data ok />
    }
}

#[component]
fn Plan(plan: VisitView, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let minutes = plan.minutes;
    let appear_by = plan.appear_by;
    let blocked = plan.blocked.map(|b| {
        let text = move || match b {
            Blocked::NotSubmitted => t_string!(i18n, visit.blocked.not_submitted).to_string(),
            Blocked::Closed => t_string!(i18n, visit.blocked.closed).to_string(),
            Blocked::NoService => t_string!(i18n, visit.blocked.no_service).to_string(),
            Blocked::WindowPassed => t_string!(
                i18n,
                visit.blocked.window_passed,
                date = appear_by.map(day).unwrap_or_default()
            )
            .to_string(),
        };
        view! {
            <p class="status-note warning" data-blocked="true">
                {text}
            </p>
        }
    });
    let moving = plan.booking.is_some();
    let max_moves = plan.max_moves;
    let can_move = plan
        .booking
        .as_ref()
        .is_none_or(|b| b.moves < plan.max_moves);
    let booking = plan
        .booking
        .clone()
        .map(|b| view! { <Booked b csrf=csrf.clone() id=plan.application_id max_moves /> });
    let calendar = (plan.blocked.is_none() && can_move)
        .then(|| view! { <Calendar plan=plan.clone() csrf=csrf.clone() moving /> });
    let id = plan.application_id;
    let line = plan
        .waiting
        .clone()
        .map(|w| view! { <InLine w csrf=csrf.clone() id /> });
    let join = match (&plan.waiting, plan.blocked, &plan.booking, plan.range) {
        (None, None, None, Some(range)) => Some(
            view! {
                <JoinLine
                    id
                    csrf=csrf.clone()
                    first=range.first
                    last=plan.appear_by.unwrap_or(range.last)
                />
            }
            .into_any(),
        ),
        _ => None,
    };
    view! {
        {(minutes > 0)
            .then(|| {
                view! {
                    <p>{move || t_string!(i18n, visit.intro, minutes = minutes).to_string()}</p>
                }
            })}
        <p class="hint">{t!(i18n, visit.zone)}</p>
        {blocked}
        {booking}
        {line}
        {calendar}
        {join}
    }
}

/// Issue #7.4 — the applicant's place on the waitlist, and the time held for them if any.
#[component]
fn InLine(w: Waiting, csrf: String, id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let (first, last, position) = (w.first, w.last, w.position);
    let leave = {
        let csrf = csrf.clone();
        move |offered: bool| {
            view! {
                <PostForm action=LeaveWaitlist::PATH csrf=csrf.clone()>
                    <input type="hidden" name="id" value=id.to_string() />
                    <button class="button secondary" type="submit">
                        {move || {
                            if offered {
                                t_string!(i18n, visit.wait.pass_on).to_string()
                            } else {
                                t_string!(i18n, visit.wait.leave).to_string()
                            }
                        }}
                    </button>
                </PostForm>
            }
        }
    };
    match w.offer {
        Some(o) => view! { <Offered o csrf id leave=leave(true) /> }.into_any(),
        None => view! {
            <section class="panel waitlist" data-waiting=position.to_string()>
                <h2>{t!(i18n, visit.wait.waiting_title)}</h2>
                <p>
                    {move || {
                        t_string!(
                            i18n, visit.wait.waiting, first = day(first), last = day(last), position = position
                        )
                            .to_string()
                    }}
                </p>
                <p class="hint">{t!(i18n, visit.wait.how)}</p>
                {leave(false)}
            </section>
        }
            .into_any(),
    }
}

#[component]
fn Offered(o: HeldOffer, csrf: String, id: i64, leave: impl IntoView + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let HeldOffer { day: d, starts, ends, until_day, until_time } = o;
    view! {
        <section class="panel waitlist offer" id="offer" data-offer=format!("{d} {starts}")>
            <h2>{t!(i18n, visit.wait.offer_title)}</h2>
            <p class="visit-when">
                {move || weekday_name(i18n, d.weekday().to_monday_one_offset() as u8)} " " {day(d)}
                ", " {starts.clone()} "–" {ends.clone()}
            </p>
            <p>
                {move || {
                    t_string!(
                        i18n, visit.wait.held_until, date = day(until_day), time = until_time.clone()
                    )
                        .to_string()
                }}
            </p>
            <PostForm action=AcceptOffer::PATH csrf>
                <input type="hidden" name="id" value=id.to_string() />
                <button class="button" type="submit">
                    {t!(i18n, visit.wait.accept)}
                </button>
            </PostForm>
            {leave}
        </section>
    }
}

/// Issue #7.4 — "nothing fits": join the waitlist for the days that suit.
#[component]
fn JoinLine(
    id: i64,
    csrf: String,
    first: jiff::civil::Date,
    last: jiff::civil::Date,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(JoinWaitlist::PATH);
    let date_field = move |field: Field, name: &'static str, value: String| {
        let v = entered_of(error, name).unwrap_or(value);
        let fid = field.as_str();
        view! {
            <div class="field">
                <label for=fid>{move || crate::locale::field_name(i18n.get_locale(), field)}</label>
                <FieldError field error live=Signal::stored(None) />
                <input
                    type="date"
                    id=fid
                    name=name
                    value=v
                    min=first.to_string()
                    max=last.to_string()
                    required
                />
            </div>
        }
    };
    view! {
        <section class="panel waitlist">
            <h2>{t!(i18n, visit.wait.join_title)}</h2>
            <p>{t!(i18n, visit.wait.join_intro)}</p>
            <PostForm action=JoinWaitlist::PATH csrf>
                <input type="hidden" name="id" value=id.to_string() />
                {date_field(Field::From, "from", first.to_string())}
                {date_field(Field::To, "to", last.to_string())}
                <p class="hint">
                    {move || {
                        t_string!(i18n, visit.wait.join_hint, first = day(first), last = day(last))
                            .to_string()
                    }}
                </p>
                <button class="button secondary" type="submit">
                    {t!(i18n, visit.wait.join)}
                </button>
            </PostForm>
        </section>
    }
}

#[component]
fn Booked(b: Visit, csrf: String, id: i64, max_moves: u32) -> impl IntoView {
    let i18n = use_i18n();
    let moves_left = max_moves.saturating_sub(b.moves);
    let svg = b.qr_svg.clone();
    let code = b.code.clone();
    view! {
        <section class="panel visit" data-visit-code=b.code.clone()>
            <h2>{t!(i18n, visit.booked_title)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, visit.when)}</dt>
                <dd class="visit-when">
                    {move || weekday_name(i18n, b.day.weekday().to_monday_one_offset() as u8)} " "
                    {day(b.day)} ", " {b.starts.clone()} "–" {b.ends.clone()}
                </dd>
                <dt>{t!(i18n, visit.place)}</dt>
                <dd>
                    {b.office.name.clone()} <br /> {b.office.address.clone()}
                    {b
                        .office
                        .map_url
                        .clone()
                        .map(|u| {
                            view! {
                                " "
                                <a href=u rel="noopener">
                                    {t!(i18n, visit.map)}
                                </a>
                            }
                        })}
                </dd>
                <dt>{t!(i18n, visit.code)}</dt>
                <dd>
                    <strong class="visit-code">{code.clone()}</strong>
                </dd>
            </dl>
            <figure class="epc-qr">
                <div
                    class="qr"
                    role="img"
                    aria-label=move || format!("{} {}", t_string!(i18n, visit.code), code)
                    inner_html=svg
                ></div>
                <figcaption>{t!(i18n, visit.code_hint)}</figcaption>
            </figure>
            <p>
                <a class="button secondary" href=format!("/applications/{id}/visit.ics") download>
                    {t!(i18n, visit.add_calendar)}
                </a>
            </p>
            <p class="hint">
                {move || {
                    if moves_left > 0 {
                        t_string!(i18n, visit.moves_left, count = moves_left).to_string()
                    } else {
                        t_string!(i18n, visit.no_moves_left, max = max_moves).to_string()
                    }
                }}
            </p>
            <PostForm action=CancelVisit::PATH csrf>
                <input type="hidden" name="id" value=id.to_string() />
                <p class="hint">{t!(i18n, visit.cancel_hint)}</p>
                <button class="button danger" type="submit">
                    {t!(i18n, visit.cancel)}
                </button>
            </PostForm>
        </section>
    }
}

#[component]
fn Calendar(plan: VisitView, csrf: String, moving: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = plan.application_id;
    let release = plan.release_at.clone();
    let Some(range) = plan.range else {
        return ().into_any();
    };
    let booking_error = form_error(BookVisit::PATH);
    let chosen = plan.day;
    let any_free = plan.days.iter().any(|d| d.free > 0);
    let release_for_empty = release.clone();
    let days = plan
        .days
        .iter()
        .map(|d| {
            let d = d.clone();
            let current = (Some(d.day) == chosen).then_some("date");
            let full = d.free == 0;
            view! {
                <li>
                    <a
                        class="day"
                        class:full=full
                        aria-current=current
                        href=format!("/applications/{id}/visit?day={}#times", d.day)
                    >
                        <span class="weekday">
                            {move || weekday_name(
                                i18n,
                                d.day.weekday().to_monday_one_offset() as u8,
                            )}
                        </span>
                        <span class="date">{day(d.day)}</span>
                        <span class="free">
                            {move || {
                                if full {
                                    t_string!(i18n, visit.full).to_string()
                                } else {
                                    t_string!(i18n, visit.free, count = d.free).to_string()
                                }
                            }}
                        </span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let nearest = (!plan.nearest.is_empty()).then(|| {
        let items = plan
            .nearest
            .iter()
            .map(|(d, t)| {
                let (d, t) = (*d, t.clone());
                view! {
                    <li>
                        <a href=format!(
                            "/applications/{id}/visit?day={d}#times",
                        )>
                            {move || {
                                weekday_name(i18n, d.weekday().to_monday_one_offset() as u8)
                            }} " " {day(d)} ", " {t}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <h3>{t!(i18n, visit.nearest)}</h3>
            <ul class="nearest">{items}</ul>
        }
    });
    let times = chosen.map(|d| {
        let slots = plan.times.clone();
        let empty = slots.is_empty();
        let radios = slots
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                // The first radio carries the field's id, so the error summary lands on it.
                let rid = if i == 0 {
                    "time".to_string()
                } else {
                    format!("time-{i}")
                };
                let for_id = rid.clone();
                view! {
                    <label class="check slot" for=for_id>
                        <input type="radio" id=rid name="time" value=s.starts.clone() required />
                        {s.starts.clone()}
                    </label>
                }
            })
            .collect_view();
        view! {
            <h3 id="times">{move || t_string!(i18n, visit.times_on, date = day(d)).to_string()}</h3>
            {if empty {
                view! { <p class="status-note">{t!(i18n, visit.no_times)}</p> }.into_any()
            } else {
                view! {
                    <PostForm action=BookVisit::PATH csrf=csrf.clone()>
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="day" value=d.to_string() />
                        <fieldset class="field radios slots">
                            <legend class="visually-hidden">
                                {move || crate::locale::field_name(i18n.get_locale(), Field::Slot)}
                            </legend>
                            <FieldError
                                field=Field::Slot
                                error=booking_error
                                live=Signal::stored(None)
                            />
                            <FieldError
                                field=Field::Date
                                error=booking_error
                                live=Signal::stored(None)
                            />
                            <div class="slot-grid">{radios}</div>
                        </fieldset>
                        <button class="button" type="submit">
                            {move || {
                                if moving {
                                    t_string!(i18n, visit.move_here).to_string()
                                } else {
                                    t_string!(i18n, visit.book).to_string()
                                }
                            }}
                        </button>
                    </PostForm>
                }
                    .into_any()
            }}
        }
    });
    view! {
        <section class="visit-calendar">
            <h2>
                {move || {
                    if moving {
                        t_string!(i18n, visit.move_title).to_string()
                    } else {
                        t_string!(i18n, visit.choose_day).to_string()
                    }
                }}
            </h2>
            <p>
                {move || {
                    t_string!(i18n, visit.range, first = day(range.first), last = day(range.last))
                        .to_string()
                }}
                {range
                    .capped_by_window
                    .then(|| {
                        view! {
                            " "
                            {move || {
                                t_string!(i18n, visit.capped, date = day(range.last)).to_string()
                            }}
                        }
                    })}
            </p>
            <p class="hint">
                {move || t_string!(i18n, visit.release, time = release.clone()).to_string()}
            </p>
            {nearest}
            {if any_free {
                view! { <ul class="days">{days}</ul> }.into_any()
            } else {
                view! {
                    <p class="status-note">
                        {move || {
                            t_string!(i18n, visit.no_days, time = release_for_empty.clone())
                                .to_string()
                        }}
                    </p>
                }
                    .into_any()
            }}
            {times}
        </section>
    }
    .into_any()
}
