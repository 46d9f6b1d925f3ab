//! `/applications` (my applications, and starting one) and `/applications/:id` (a draft's task
//! list, or a submitted application with its deadlines and timeline) — issue #5.
use super::texts::{kind_hint, section_name, state_name, status_name};
use super::{id_param, load_application};
use crate::accounts::{session_info, SessionView};
use crate::applications::{my_applications, ApplicationView, StartApplication, Status, Summary};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::identity::Role;
use crate::names::kind_name;
use crate::pages::case_view::{CaseFacts, RequestPanel, Timeline, TimelineEvent};
use crate::rules::application::{
    child_must_come, documents_to_upload, fee_due, missing_documents, section_state, sections,
    ApplicationType, SectionState,
};
use crate::rules::Field;
use crate::tr::{t, t_string};
use crate::ui::day;
use crate::ui::form::{form_error, Choice, ErrorSummary, PostForm};
use crate::ui::page_title::PageTitle;
use crate::ui::refusal::{Loaded, Refusal};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = crate::ui::data::load(
        || (),
        |_| async {
            let session = session_info(true).await.map_err(|_| AppError::Server)?;
            match session {
                SessionView { me: Some(me), csrf, .. } => {
                    let list = my_applications().await?;
                    Ok((csrf, me.role, list))
                }
                _ => Err(AppError::NotLoggedIn),
            }
        },
    );
    let ok = Callback::new(
        |(csrf, role, list): (String, Role, crate::applications::ApplicationList)| {
            view! {
                <ApplicationList items=list.items.clone() />
                {(role == Role::Applicant)
                    .then(|| view! { <StartForm csrf start_key=list.start_key /> })}
            }
            .into_any()
        },
    );
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, nav.applications).to_string()) />
        <Loaded data ok />
    }
}

#[component]
fn ApplicationList(items: Vec<Summary>) -> impl IntoView {
    let i18n = use_i18n();
    if items.is_empty() {
        return view! { <p>{t!(i18n, apply.none_yet)}</p> }.into_any();
    }
    view! {
        <ul class="cards applications">
            {items
                .into_iter()
                .map(|a| {
                    let href = format!("/applications/{}", a.id);
                    let kind = a.kind;
                    let status = a.status;
                    view! {
                        <li class="card">
                            <h2>
                                <a href=href>{move || kind_name(i18n.get_locale(), kind)}</a>
                            </h2>
                            <p>
                                <span class=format!(
                                    "tag {}",
                                    status.as_str(),
                                )>{move || status_name(i18n.get_locale(), status)}</span>
                                " "
                                {a.applicant.clone()}
                            </p>
                            <dl class="facts">
                                <dt>{t!(i18n, field.reference)}</dt>
                                <dd class="reference">{a.reference.clone()}</dd>
                                {a
                                    .submitted_on
                                    .map(|d| {
                                        view! {
                                            <dt>{t!(i18n, apply.submitted_on)}</dt>
                                            <dd>{day(d)}</dd>
                                        }
                                    })}
                                {match a.case.clone() {
                                    Some(status) => view! { <CaseFacts status /> }.into_any(),
                                    None => {
                                        a.decision_due
                                            .map(|d| {
                                                view! {
                                                    <dt>{t!(i18n, apply.decision_due)}</dt>
                                                    <dd>{day(d)}</dd>
                                                }
                                            })
                                            .into_any()
                                    }
                                }}
                            </dl>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// Choose a kind and start a draft (R-SV-1).
#[component]
fn StartForm(csrf: String, start_key: String) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(StartApplication::PATH);
    let kind = RwSignal::new(String::new());
    let options: Vec<(&'static str, Signal<String>)> = ApplicationType::ALL
        .into_iter()
        .map(|k| {
            (
                k.as_str(),
                Signal::derive(move || {
                    let l = i18n.get_locale();
                    format!("{} — {}", kind_name(l, k), kind_hint(l, k))
                }),
            )
        })
        .collect();
    view! {
        <h2 id="start">{t!(i18n, apply.start_title)}</h2>
        <ErrorSummary error focus="case" />
        <PostForm action=StartApplication::PATH csrf>
            <input type="hidden" name="start_key" value=start_key />
            <Choice
                field=Field::Case
                name="kind"
                label=Signal::derive(move || t_string!(i18n, apply.start_question).to_string())
                options
                value=kind
                error
            />
            <button class="button" type="submit">
                {t!(i18n, apply.start)}
            </button>
        </PostForm>
    }
}

/// Issue #5.7 — the documents sent with a submitted application (and later, on request),
/// each with its kind, its file (only its owner can open it), size and time.
#[component]
fn SentDocuments(documents: Vec<crate::applications::Document>) -> impl IntoView {
    let i18n = use_i18n();
    (!documents.is_empty()).then(|| {
        let rows = documents
            .into_iter()
            .map(|f| {
                let kb = (f.size + 1023) / 1024;
                let kind = f.kind;
                view! {
                    <li data-document=f.id.to_string()>
                        <strong>
                            {move || crate::pages::services_docs::document_name(i18n, kind)}
                        </strong>
                        ": "
                        <a href=format!("/documents/{}", f.id)>{f.name.clone()}</a>
                        " "
                        <span class="hint">{format!("{kb} KB · {}", f.at)}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="sent-documents-title">
                <h2 id="sent-documents-title">{t!(i18n, apply.documents_title)}</h2>
                <ul class="files sent-documents">{rows}</ul>
            </section>
        }
    })
}

/// `/applications/:id`: the task list of a draft, or a submitted application.
#[component]
pub fn ApplicationPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let data = load_application(id);
    view! {
        <Suspense>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok((_, app)) if app.status == Status::Draft => {
                            view! { <TaskList app /> }.into_any()
                        }
                        Ok((_, app)) => view! { <Submitted app /> }.into_any(),
                        Err(e) => {
                            view! {
                                <PageTitle text=Signal::derive(move || {
                                    t_string!(i18n, nav.applications).to_string()
                                }) />
                                <Refusal error=e />
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn TaskList(app: ApplicationView) -> impl IntoView {
    let i18n = use_i18n();
    let kind = app.kind;
    let ctx = app.form.ctx;
    let answers = app.form.answers.clone();
    let list = sections(kind, &answers);
    let all_done = list
        .iter()
        .all(|s| section_state(&ctx, &answers, *s) == SectionState::Completed);
    let done_count = list
        .iter()
        .filter(|s| section_state(&ctx, &answers, **s) == SectionState::Completed)
        .count();
    let total = list.len();
    let id = app.id;
    let must_come = child_must_come(&ctx, &answers);
    let uploaded: Vec<_> = app.documents.iter().map(|d| d.kind).collect();
    let to_upload = documents_to_upload(kind, &answers);
    let docs_state = if to_upload.is_empty() {
        None
    } else if missing_documents(kind, &answers, &uploaded).is_empty() {
        Some(SectionState::Completed)
    } else if uploaded.is_empty() {
        Some(SectionState::NotStarted)
    } else {
        Some(SectionState::InProgress)
    };
    let all_done = all_done && docs_state.is_none_or(|s| s == SectionState::Completed);
    view! {
        <PageTitle text=Signal::derive(move || kind_name(i18n.get_locale(), kind)) />
        <p class="lead">
            {t!(i18n, field.reference)} ": "
            <strong class="reference">{app.reference.clone()}</strong>
        </p>
        <p>{t!(i18n, apply.autosave_note)}</p>
        <p>
            {move || {
                t_string!(i18n, apply.progress, done = done_count, total = total).to_string()
            }}
        </p>
        {must_come
            .map(|must| {
                view! {
                    <p class="status-note">
                        {move || {
                            if must {
                                t_string!(i18n, apply.child_comes).to_string()
                            } else {
                                t_string!(i18n, apply.child_need_not_come).to_string()
                            }
                        }}
                    </p>
                }
            })}
        <ol class="task-list">
            {list
                .into_iter()
                .map(|s| {
                    let state = section_state(&ctx, &answers, s);
                    let href = format!("/applications/{id}/{}", s.as_str());
                    view! {
                        <li>
                            <a href=href>{move || section_name(i18n.get_locale(), s)}</a>
                            <StateTag state />
                        </li>
                    }
                })
                .collect_view()}
            {docs_state
                .map(|state| {
                    view! {
                        <li>
                            <a href=format!(
                                "/applications/{id}/documents",
                            )>{t!(i18n, apply.documents_title)}</a>
                            <StateTag state />
                        </li>
                    }
                })}
        </ol>
        {if all_done {
            view! {
                <p>
                    <a class="button" href=format!("/applications/{id}/check")>
                        {t!(i18n, apply.check_and_submit)}
                    </a>
                </p>
            }
                .into_any()
        } else {
            view! { <p>{t!(i18n, apply.finish_sections)}</p> }.into_any()
        }}
        <p>
            <a href="/applications">{t!(i18n, apply.back_to_list)}</a>
        </p>
    }
}

/// A task's state on the task list, as a tag coloured by its class.
#[component]
fn StateTag(state: SectionState) -> impl IntoView {
    let i18n = use_i18n();
    let class = match state {
        SectionState::Completed => "tag completed",
        SectionState::InProgress => "tag in-progress",
        SectionState::NotStarted => "tag not-started",
    };
    view! { <span class=class>{move || state_name(i18n.get_locale(), state)}</span> }
}

#[component]
fn Submitted(app: ApplicationView) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let just_now = move || query.with(|q| q.get("done")).as_deref() == Some("submitted");
    let kind = app.kind;
    let id = app.id;
    let reference = app.reference.clone();
    let terms = app.submitted.clone();
    let case = app.case.clone();
    let open_request = case.as_ref().and_then(|c| c.open_request().cloned());
    let answered: Vec<_> = case
        .as_ref()
        .map(|c| {
            c.requests
                .iter()
                .filter(|r| r.arrived.is_some())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let fee_confirmed = case.as_ref().is_some_and(|c| c.fee_confirmed);
    let fee = fee_due(kind, &app.form.answers);
    let printable = super::invitation::approved_invitation(&app);
    view! {
        <PageTitle text=Signal::derive(move || kind_name(i18n.get_locale(), kind)) />
        {move || {
            just_now()
                .then(|| {
                    view! {
                        <div class="panel confirmation" role="status">
                            <h2>{t!(i18n, apply.submitted_title)}</h2>
                            <p>{t!(i18n, apply.your_reference)}</p>
                            <p class="reference big">{reference.clone()}</p>
                        </div>
                    }
                })
        }}
        {open_request
            .map(|r| {
                view! {
                    <RequestPanel request=r upload_href=format!("/applications/{id}/documents") />
                }
            })}
        <dl class="facts">
            <dt>{t!(i18n, field.reference)}</dt>
            <dd class="reference">{app.reference.clone()}</dd>
            {match case.clone() {
                Some(status) => view! { <CaseFacts status /> }.into_any(),
                None => {
                    view! {
                        <dt>{t!(i18n, apply.status_label)}</dt>
                        <dd>{move || status_name(i18n.get_locale(), app.status)}</dd>
                    }
                        .into_any()
                }
            }}
            {terms
                .clone()
                .map(|t| {
                    let live = case
                        .as_ref()
                        .is_some_and(|c| c.live.is_some() || c.decided_on.is_some());
                    view! {
                        <dt>{t!(i18n, apply.submitted_on)}</dt>
                        <dd>{day(t.submitted_on)}</dd>
                        {(!live)
                            .then(|| {
                                view! {
                                    <dt>{t!(i18n, apply.decision_due)}</dt>
                                    <dd>
                                        {match t.decision_due {
                                            Some(d) => {
                                                let version = t.rule_version.clone().unwrap_or_default();
                                                view! {
                                                    {day(d)}
                                                    " "
                                                    <span class="hint">
                                                        {move || {
                                                            t_string!(
                                                                i18n, apply.decision_rule, version = version.clone()
                                                            )
                                                                .to_string()
                                                        }}
                                                    </span>
                                                }
                                                    .into_any()
                                            }
                                            None => view! { {t!(i18n, apply.no_legal_term)} }.into_any(),
                                        }}
                                    </dd>
                                }
                            })}
                        <dt>{t!(i18n, apply.appear_by)}</dt>
                        <dd>{day(t.appear_by)}</dd>
                    }
                })}
        </dl>
        {terms
            .map(|t| {
                view! {
                    <div class="panel">
                        <h2>{t!(i18n, apply.visit_title)}</h2>
                        <p>
                            {move || {
                                t_string!(i18n, apply.visit_text, date = day(t.appear_by))
                                    .to_string()
                            }}
                        </p>
                        <p>
                            <a class="button" href=format!("/applications/{id}/visit")>
                                {t!(i18n, apply.reserve_visit)}
                            </a>
                        </p>
                    </div>
                }
            })}
        {fee
            .map(|f| {
                view! {
                    <h2>{t!(i18n, apply.section.fee)}</h2>
                    <p class="fee-state">
                        {move || {
                            if fee_confirmed {
                                t_string!(i18n, case.fee_confirmed).to_string()
                            } else if f.pending_officer_confirmation {
                                t_string!(i18n, apply.fee_exemption_pending).to_string()
                            } else {
                                t_string!(i18n, apply.fee_marked_paid, amount = f.quote.amount_eur)
                                    .to_string()
                            }
                        }}
                    </p>
                }
            })}
        {answered.into_iter().map(|r| view! { <RequestPanel request=r /> }).collect_view()}
        <SentDocuments documents=app.documents.clone() />
        <Timeline events=app.events.iter().map(TimelineEvent::from).collect() />
        {printable
            .then(|| {
                view! {
                    <p>
                        <a class="button" href=format!("/applications/{id}/invitation")>
                            {t!(i18n, invite.print_link)}
                        </a>
                    </p>
                }
            })}
        <p>
            <a class="button secondary" href=format!("/applications/{id}/receipt")>
                {t!(i18n, apply.receipt)}
            </a>
        </p>
        <p>
            <a href="/applications">{t!(i18n, apply.back_to_list)}</a>
        </p>
    }
}
