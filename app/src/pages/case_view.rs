//! Where a case stands (issue #6), as both its applicant and its officer see it: the stage,
//! the live legal deadline with any clock stop explained (R-DL-2, R-DL-3, R-DL-10), the open
//! documents request, the decision and where to collect the card (R-SV-4, R-IP-3).
use super::services_docs::document_name;
use crate::cases::{CaseStatus, DocumentsRequest};
use crate::i18n::{use_i18n, Locale};
use crate::names::days;
use crate::rules::case::{Action, Risk, Stage};
use crate::tr::{t, t_string, td_string};
use crate::ui::day;
use leptos::prelude::*;

pub fn stage_name(l: Locale, s: Stage) -> String {
    match s {
        Stage::Received => td_string!(l, case.stage.received),
        Stage::DocumentsRequested => td_string!(l, case.stage.documents_requested),
        Stage::Approved => td_string!(l, case.stage.approved),
        Stage::Refused => td_string!(l, case.stage.refused),
        Stage::Formalising => td_string!(l, case.stage.formalising),
        Stage::Produced => td_string!(l, case.stage.produced),
        Stage::Collected => td_string!(l, case.stage.collected),
        Stage::Revoked => td_string!(l, case.stage.revoked),
    }
    .to_string()
}

pub fn risk_name(l: Locale, r: Risk) -> String {
    match r {
        Risk::Overdue => td_string!(l, case.risk.overdue),
        Risk::DocumentsOverdue => td_string!(l, case.risk.documents_overdue),
        Risk::UrgentAtRisk => td_string!(l, case.risk.urgent_at_risk),
        Risk::DueSoon => td_string!(l, case.risk.due_soon),
        Risk::Stopped => td_string!(l, case.risk.stopped),
        Risk::OnTrack => td_string!(l, case.risk.on_track),
        Risk::Revocation => td_string!(l, case.risk.revocation),
    }
    .to_string()
}

pub fn action_name(l: Locale, a: Action) -> String {
    match a {
        Action::Assign => td_string!(l, case.action.assign),
        Action::ConfirmFee => td_string!(l, case.action.confirm_fee),
        Action::RequestDocuments => td_string!(l, case.action.request_documents),
        Action::UrgentNotice => td_string!(l, case.action.urgent_notice),
        Action::Approve => td_string!(l, case.action.approve),
        Action::Refuse => td_string!(l, case.action.refuse),
        Action::Extend => td_string!(l, case.action.extend),
        Action::Formalise => td_string!(l, case.action.formalise),
        Action::Produced => td_string!(l, case.action.produced),
        Action::Collected => td_string!(l, case.action.collected),
        Action::Transfer => td_string!(l, case.action.transfer),
        Action::FileReceived => td_string!(l, case.action.file_received),
        Action::OpenRevocation => td_string!(l, case.action.open_revocation),
        Action::Revoke => td_string!(l, case.action.revoke),
        Action::KeepDecision => td_string!(l, case.action.keep_decision),
    }
    .to_string()
}

/// A timeline entry's name: the application's own events and the officers' actions.
pub fn event_name(l: Locale, kind: &str) -> String {
    match kind {
        "created" => td_string!(l, apply.event.created).to_string(),
        "submitted" => td_string!(l, apply.event.submitted).to_string(),
        "documents_arrived" => td_string!(l, case.event.documents_arrived).to_string(),
        "visit_booked" => td_string!(l, apply.event.visit_booked).to_string(),
        "visit_moved" => td_string!(l, apply.event.visit_moved).to_string(),
        "visit_cancelled" => td_string!(l, apply.event.visit_cancelled).to_string(),
        "visit_checked_in" => td_string!(l, apply.event.visit_checked_in).to_string(),
        "visit_no_show" => td_string!(l, apply.event.visit_no_show).to_string(),
        "waitlist_joined" => td_string!(l, apply.event.waitlist_joined).to_string(),
        "waitlist_offered" => td_string!(l, apply.event.waitlist_offered).to_string(),
        "waitlist_lapsed" => td_string!(l, apply.event.waitlist_lapsed).to_string(),
        "waitlist_left" => td_string!(l, apply.event.waitlist_left).to_string(),
        other => match Action::parse(other) {
            Some(a) => td_string!(l, case.event.done, action = action_name(l, a)).to_string(),
            None => td_string!(l, apply.event.other).to_string(),
        },
    }
}

/// The stage, the live deadline and the decision: a definition list for either side.
/// An event on an application's timeline, as its applicant and its officer see it.
pub struct TimelineEvent {
    /// Vilnius local time, formatted by the server.
    at: String,
    /// Translated by `event_name`.
    kind: String,
    /// The officer's words for the applicant (a request's message, a refusal's reason).
    detail: String,
    /// The staff member's name: in the officer's view only, and not always known.
    by: String,
}

impl From<&crate::applications::Event> for TimelineEvent {
    fn from(e: &crate::applications::Event) -> Self {
        TimelineEvent {
            at: e.at.clone(),
            kind: e.kind.clone(),
            detail: e.detail.clone(),
            by: String::new(),
        }
    }
}

impl From<&crate::cases::CaseEvent> for TimelineEvent {
    fn from(e: &crate::cases::CaseEvent) -> Self {
        TimelineEvent {
            at: e.at.clone(),
            kind: e.kind.clone(),
            detail: e.detail.clone(),
            by: e.by.clone(),
        }
    }
}

/// "What happened": an application's events, each with its time, what it was, who did it
/// (the officer's view) and the officer's words where they are the point (a request for
/// documents, a refusal).
#[component]
pub fn Timeline(events: Vec<TimelineEvent>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2>{t!(i18n, apply.timeline)}</h2>
        <ol class="timeline">
            {events
                .into_iter()
                .map(|TimelineEvent { at, kind, detail, by }| {
                    let words = matches!(kind.as_str(), "request_documents" | "refuse");
                    view! {
                        <li>
                            <time>{at}</time>
                            " "
                            {move || event_name(i18n.get_locale(), &kind)}
                            {(!by.is_empty())
                                .then(|| view! { <span class="tag">" · " {by}</span> })}
                            {(words && !detail.is_empty())
                                .then(|| {
                                    view! { <blockquote class="message">{detail}</blockquote> }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
pub fn CaseFacts(status: CaseStatus) -> impl IntoView {
    let i18n = use_i18n();
    let stage = status.stage;
    let live = status.live;
    let office = status.office.clone();
    view! {
        <dt>{t!(i18n, case.stage_label)}</dt>
        <dd class="stage" data-stage=stage.as_str()>
            {move || stage_name(i18n.get_locale(), stage)}
        </dd>
        {live
            .map(|d| {
                view! {
                    <dt>{t!(i18n, apply.decision_due)}</dt>
                    <dd class="deadline" data-deadline=d.deadline.to_string()>
                        {day(d.deadline)}
                        " "
                        <span class="hint">
                            {move || {
                                let l = i18n.get_locale();
                                if d.days_left < 0 {
                                    td_string!(l, case.overdue_by, days = days(l, - d.days_left))
                                        .to_string()
                                } else {
                                    td_string!(l, case.left, days = days(l, d.days_left))
                                        .to_string()
                                }
                            }}
                        </span>
                        {d
                            .stopped_since
                            .map(|since| {
                                view! {
                                    <p class="status-note clock-stopped">
                                        {move || {
                                            t_string!(i18n, case.clock_stopped_since, date = day(since))
                                                .to_string()
                                        }}
                                    </p>
                                }
                            })}
                        {(d.stopped_since.is_none() && d.stopped_days > 0)
                            .then(|| {
                                view! {
                                    <p class="hint clock-moved">
                                        {move || {
                                            let l = i18n.get_locale();
                                            td_string!(
                                                l, case.clock_moved, days = days(l, d.stopped_days)
                                            )
                                                .to_string()
                                        }}
                                    </p>
                                }
                            })}
                    </dd>
                }
            })}
        {status
            .refund_eur
            .filter(|r| *r > 0)
            .map(|r| {
                view! {
                    <dt>{t!(i18n, case.refund_label)}</dt>
                    <dd>{move || t_string!(i18n, case.refund_text, amount = r).to_string()}</dd>
                }
            })}
        {status
            .decided_on
            .map(|d| {
                view! {
                    <dt>{t!(i18n, case.decided_on)}</dt>
                    <dd>{day(d)}</dd>
                }
            })}
        {status
            .valid_until
            .map(|d| {
                view! {
                    <dt>{t!(i18n, field.valid_until)}</dt>
                    <dd class="valid-until">{day(d)}</dd>
                }
            })}
        {status
            .refusal_reason
            .clone()
            .map(|r| {
                view! {
                    <dt>{t!(i18n, field.reason)}</dt>
                    <dd class="reason">{r}</dd>
                }
            })}
        {status
            .revocation
            .clone()
            .map(|r| {
                view! {
                    <dt>{t!(i18n, case.revocation_label)}</dt>
                    <dd class="revocation" data-due=r.due.to_string()>
                        {move || {
                            t_string!(
                                i18n, case.revocation_text, opened = day(r.opened_on), due = day(r.due)
                            )
                                .to_string()
                        }}
                        <blockquote class="message">{r.grounds.clone()}</blockquote>
                    </dd>
                    {r
                        .revoked_on
                        .map(|d| {
                            view! {
                                <dt>{t!(i18n, case.decided_on)}</dt>
                                <dd class="revoked-on">{day(d)}</dd>
                                <dt>{t!(i18n, field.reason)}</dt>
                                <dd class="reason">{r.reason.clone()}</dd>
                            }
                        })}
                }
            })}
        {status
            .produce_by
            .filter(|_| stage == Stage::Formalising)
            .map(|d| {
                view! {
                    <dt>{t!(i18n, case.produce_by)}</dt>
                    <dd>{day(d)}</dd>
                }
            })}
        {office
            .map(|o| {
                view! {
                    <dt>{t!(i18n, field.office)}</dt>
                    <dd>{o.name} <br /> <span class="hint">{o.address}</span></dd>
                }
            })}
    }
}

/// R-DL-3 — a documents request: what is asked for, by when, and the officer's words.
#[component]
pub fn RequestPanel(
    request: DocumentsRequest,
    #[prop(optional)] upload_href: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let due = request.due;
    let waiting = request.arrived.is_none();
    view! {
        <div class="panel request" id="documents-request">
            <h2>{t!(i18n, case.request_title)}</h2>
            <p>
                {move || {
                    t_string!(i18n, case.request_sent, date = day(request.sent)).to_string()
                }} " " {move || t_string!(i18n, case.request_due, date = day(due)).to_string()}
            </p>
            <ul>
                {request
                    .documents
                    .iter()
                    .map(|d| {
                        let d = *d;
                        view! { <li>{move || document_name(i18n, d)}</li> }
                    })
                    .collect_view()}
            </ul>
            {(!request.message.is_empty())
                .then(|| {
                    view! { <blockquote class="message">{request.message.clone()}</blockquote> }
                })}
            {if waiting {
                view! {
                    <p class="hint">{t!(i18n, case.request_clock)}</p>
                    {upload_href
                        .map(|href| {
                            view! {
                                <p>
                                    <a class="button" href=href>
                                        {t!(i18n, case.upload_requested)}
                                    </a>
                                </p>
                            }
                        })}
                }
                    .into_any()
            } else {
                let arrived = request.arrived.map(day).unwrap_or_default();
                view! {
                    <p class="status-note">
                        {move || {
                            t_string!(i18n, case.request_answered, date = arrived.clone())
                                .to_string()
                        }}
                    </p>
                }
                    .into_any()
            }}
        </div>
    }
}
