//! `/staff/cases/:id` — a case: the applicant's answers and documents, the checklist, the
//! timeline and the actions the rules allow today (issue #6); the actions are POST forms.
use crate::accounts::session_info;
use crate::cases::{case_detail, CaseAct, CaseDetailView};
use crate::error::AppError;
use crate::i18n::{use_i18n, Locale};
use crate::names::kind_name;
use crate::pages::applications::check::AnswerRow;
use crate::pages::applications::texts::section_name;
use crate::pages::case_view::{action_name, CaseFacts, RequestPanel, Timeline, TimelineEvent};
use crate::pages::services_docs::document_name;
use crate::rules::application::{answer, questions, sections};
use crate::rules::case::Action;
use crate::rules::{DocumentKind, Field};
use crate::tr::{t, t_string, td_string};
use crate::ui::day;
use crate::ui::form::{entered_of, form_error, ErrorSummary, FieldError, PostForm};
use crate::ui::page_title::PageTitle;
use crate::ui::refusal::Loaded;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use server_fn::ServerFn;

/// `/staff/cases/:id`
#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let data = crate::ui::data::load(
        move || id.get(),
        |id| async move {
            let session = session_info(true).await.map_err(|_| AppError::Server)?;
            let case = case_detail(id).await?;
            Ok::<_, AppError>((session.csrf, case))
        },
    );
    let ok = Callback::new(|(csrf, case): (String, CaseDetailView)| {
        view! { <Case case csrf /> }.into_any()
    });
    view! { <Loaded data ok /> }
}

#[component]
fn Case(case: CaseDetailView, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let error = form_error(CaseAct::PATH);
    let done = move || {
        query
            .with(|q| q.get("done"))
            .and_then(|d| Action::parse(&d))
    };
    let kind = case.kind;
    let reference = case.reference.clone();
    let status = case.status.clone();
    let answers = case.answers.clone();
    let request = status.open_request().cloned();
    let past_requests: Vec<_> = status
        .requests
        .iter()
        .filter(|r| r.arrived.is_some())
        .cloned()
        .collect();
    let blocks = sections(kind, &answers)
        .into_iter()
        .map(|s| {
            let rows = questions(kind, &answers, s)
                .into_iter()
                .map(|q| {
                    let value = answer(&answers, q.field).unwrap_or("").to_string();
                    view! { <AnswerRow field=q.field input=q.input value /> }
                })
                .collect_view();
            view! {
                <h3>{move || section_name(i18n.get_locale(), s)}</h3>
                <dl class="facts">{rows}</dl>
            }
        })
        .collect_view();
    view! {
        <p>
            <a href="/staff/cases">{t!(i18n, case.back_to_list)}</a>
        </p>
        <PageTitle text=Signal::derive(move || {
            format!("{} · {}", kind_name(i18n.get_locale(), kind), reference)
        }) />
        <div role="status" id="case-done">
            {move || {
                done()
                    .map(|a| {
                        view! {
                            <p class="status-note">
                                {move || {
                                    t_string!(
                                        i18n, case.done, action = action_name(i18n.get_locale(), a)
                                    )
                                        .to_string()
                                }}
                            </p>
                        }
                    })
            }}
        </div>
        <ErrorSummary error focus="actions" />
        <dl class="facts">
            <CaseFacts status=status.clone() />
            <dt>{t!(i18n, case.account)}</dt>
            <dd>
                {case.account_name.clone()} <br />
                <span class="hint">
                    {[case.account_email.clone(), case.account_phone.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · ")}
                </span>
            </dd>
            <dt>{t!(i18n, apply.section.fee)}</dt>
            <dd class="fee-state">
                {
                    let fee = case_fee(&case);
                    move || fee_text(i18n.get_locale(), &fee)
                }
            </dd>
        </dl>
        {request.map(|r| view! { <RequestPanel request=r /> })}
        <Actions case=case.clone() csrf error />
        <h2>{t!(i18n, case.documents)}</h2>
        <ul class="checklist" id="checklist">
            {case
                .checklist
                .iter()
                .map(|line| {
                    let k = line.kind;
                    let files: Vec<_> = case
                        .documents
                        .iter()
                        .filter(|d| d.kind == k)
                        .cloned()
                        .collect();
                    let uploaded = line.uploaded;
                    let required = line.required;
                    view! {
                        <li data-kind=k.as_str() data-uploaded=uploaded.to_string()>
                            <span aria-hidden="true">{if uploaded { "☑ " } else { "☐ " }}</span>
                            {move || document_name(i18n, k)}
                            " — "
                            <span class="tag">
                                {move || {
                                    let mut s = if uploaded {
                                        t_string!(i18n, apply.doc_done).to_string()
                                    } else {
                                        t_string!(i18n, apply.doc_missing).to_string()
                                    };
                                    if !required {
                                        s.push_str(" · ");
                                        s.push_str(t_string!(i18n, apply.doc_optional));
                                    }
                                    s
                                }}
                            </span>
                            <ul>
                                {files
                                    .into_iter()
                                    .map(|f| {
                                        view! {
                                            <li>
                                                <a href=format!("/documents/{}", f.id)>{f.name.clone()}</a>
                                                <span class="tag">" " {f.at.clone()}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        {past_requests.into_iter().map(|r| view! { <RequestPanel request=r /> }).collect_view()}
        <h2>{t!(i18n, case.answers)}</h2>
        {blocks}
        <Timeline events=case.events.iter().map(TimelineEvent::from).collect() />
    }
}

/// What the officer should know about the fee (R-SV-6).
struct Fee {
    amount: Option<u32>,
    exemption: bool,
    marked_paid: bool,
    confirmed: bool,
}

fn case_fee(c: &CaseDetailView) -> Fee {
    Fee {
        amount: c.fee_eur,
        exemption: c.exemption_claimed,
        marked_paid: c.fee_marked_paid,
        confirmed: c.status.fee_confirmed,
    }
}

fn fee_text(l: Locale, f: &Fee) -> String {
    let mut parts = Vec::new();
    match (f.amount, f.exemption) {
        (_, true) => parts.push(td_string!(l, case.fee_exemption).to_string()),
        (Some(a), false) if a > 0 => {
            parts.push(format!("{a} EUR"));
            if f.marked_paid {
                parts.push(td_string!(l, case.fee_marked_paid).to_string());
            }
        }
        _ => parts.push(td_string!(l, case.fee_none).to_string()),
    }
    parts.push(if f.confirmed {
        td_string!(l, case.fee_confirmed).to_string()
    } else {
        td_string!(l, case.fee_unconfirmed).to_string()
    });
    parts.join(" · ")
}

/// The forms of the actions the rules allow today (R-DL-3 … R-DL-6, R-SV-4, R-SV-6).
#[component]
fn Actions(case: CaseDetailView, csrf: String, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let id = case.id.to_string();
    let entered = move |name: &str| entered_of(error, name);
    let allowed = case.allowed.clone();
    if allowed.is_empty() {
        return view! {
            <p class="status-note" id="actions">
                {t!(i18n, case.no_actions)}
            </p>
        }
        .into_any();
    }
    let form = move |action: Action, body: AnyView| {
        let id = id.clone();
        let csrf = csrf.clone();
        view! {
            <section class="panel action" id=format!("action-{}", action.as_str())>
                <h3>{move || action_name(i18n.get_locale(), action)}</h3>
                <PostForm action=CaseAct::PATH csrf>
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="action" value=action.as_str() />
                    {body}
                    <button class="button" type="submit">
                        {move || action_name(i18n.get_locale(), action)}
                    </button>
                </PostForm>
            </section>
        }
    };
    let date_field = move |field: Field,
                           name: &'static str,
                           value: String,
                           hint: Option<String>| {
        let v = entered(name).unwrap_or(value);
        let id = field.as_str();
        view! {
            <div class="field">
                <label for=id>{move || crate::locale::field_name(i18n.get_locale(), field)}</label>
                {hint
                    .map(|h| {
                        view! {
                            <p class="hint" id=format!("{id}-hint")>
                                {h}
                            </p>
                        }
                    })}
                <FieldError field error live=Signal::stored(None) />
                <input type="date" id=id name=name value=v required />
            </div>
        }
    };
    let text_area = move |field: Field, name: &'static str, suggested: String| {
        let id = field.as_str();
        let v = entered(name).unwrap_or(suggested);
        view! {
            <div class="field">
                <label for=id>{move || crate::locale::field_name(i18n.get_locale(), field)}</label>
                <FieldError field error live=Signal::stored(None) />
                <textarea id=id name=name rows="4" maxlength="2000" required>
                    {v}
                </textarea>
            </div>
        }
    };
    let checklist_kinds: Vec<DocumentKind> = case.checklist.iter().map(|l| l.kind).collect();
    let forms = allowed
        .into_iter()
        .map(|a| {
            let body: AnyView = match a {
                Action::Assign => {
                    let current = case.assigned_to;
                    view! {
                        <div class="field">
                            <label for="officer">{t!(i18n, field.officer)}</label>
                            <FieldError field=Field::Officer error live=Signal::stored(None) />
                            <select id="officer" name="officer">
                                {case
                                    .officers
                                    .iter()
                                    .map(|(oid, name)| {
                                        view! {
                                            <option
                                                value=oid.to_string()
                                                selected=current == Some(*oid)
                                            >
                                                {name.clone()}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    }
                    .into_any()
                }
                Action::RequestDocuments => {
                    let hint =
                        t_string!(i18n, case.request_latest, date = day(case.request_latest))
                            .to_string();
                    view! {
                        <p class="hint">{hint}</p>
                        <fieldset class="field checkboxes" id="documents">
                            <legend>{t!(i18n, field.documents)}</legend>
                            <FieldError field=Field::Documents error live=Signal::stored(None) />
                            {checklist_kinds
                                .iter()
                                .map(|k| {
                                    let k = *k;
                                    let name = format!("doc_{}", k.as_str());
                                    let checked = entered(&name).is_some();
                                    let id = format!("doc-{}", k.as_str());
                                    view! {
                                        <div class="checkbox">
                                            <input
                                                type="checkbox"
                                                id=id.clone()
                                                name=name
                                                value="1"
                                                checked=checked
                                            />
                                            <label for=id>{move || document_name(i18n, k)}</label>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </fieldset>
                        {date_field(
                            Field::DueDate,
                            "due_date",
                            crate::rules::add_months(case.today, 1).to_string(),
                            None,
                        )}
                        {text_area(Field::Message, "message", String::new())}
                    }
                    .into_any()
                }
                Action::UrgentNotice => {
                    let by = case.status.live.and_then(|l| l.urgent_notice_by);
                    view! {
                        <p class="hint">
                            {move || {
                                by.map(|d| {
                                        t_string!(i18n, case.urgent_hint, date = day(d)).to_string()
                                    })
                                    .unwrap_or_default()
                            }}
                        </p>
                    }
                    .into_any()
                }
                Action::Approve => date_field(
                    Field::ValidUntil,
                    "valid_until",
                    case.suggested_valid_until.to_string(),
                    None,
                )
                .into_any(),
                Action::Extend => date_field(
                    Field::ValidUntil,
                    "valid_until",
                    case.extension_latest
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    case.extension_latest
                        .map(|d| t_string!(i18n, case.extend_hint, date = day(d)).to_string()),
                )
                .into_any(),
                Action::Refuse => {
                    // R-DL-3: documents not in by the notice's time limit — the reason written
                    // out for the officer to check and send.
                    let overdue = case
                        .status
                        .live
                        .filter(|l| l.risk == crate::rules::case::Risk::DocumentsOverdue)
                        .and(case.status.open_request().map(|r| (r.sent, r.due)));
                    let suggested = overdue
                        .map(|(sent, due)| {
                            t_string!(
                                i18n,
                                case.documents_overdue_reason,
                                sent = day(sent),
                                due = day(due)
                            )
                            .to_string()
                        })
                        .unwrap_or_default();
                    text_area(Field::Reason, "reason", suggested).into_any()
                }
                Action::Formalise => {
                    view! { <p class="hint">{t!(i18n, case.formalise_hint)}</p> }.into_any()
                }
                // R-DL-7: the grounds, the outcome's reasons, or a word why it stands.
                Action::OpenRevocation => view! {
                    <p class="hint">{t!(i18n, case.revocation_hint)}</p>
                    {text_area(Field::Reason, "reason", String::new())}
                }
                .into_any(),
                Action::Revoke => view! {
                    <p class="hint">{t!(i18n, case.revoke_hint)}</p>
                    {text_area(Field::Reason, "reason", String::new())}
                }
                .into_any(),
                Action::KeepDecision => {
                    text_area(Field::Message, "message", String::new()).into_any()
                }
                Action::Produced => {
                    view! { <p class="hint">{t!(i18n, case.produced_hint)}</p> }.into_any()
                }
                Action::Collected => {
                    let v = entered("document_number").unwrap_or_default();
                    view! {
                        <div class="field">
                            <label for="document_number">{t!(i18n, field.document_number)}</label>
                            <p class="hint" id="document_number-hint">
                                {t!(i18n, case.collected_hint)}
                            </p>
                            <FieldError
                                field=Field::DocumentNumber
                                error
                                live=Signal::stored(None)
                            />
                            <input
                                type="text"
                                id="document_number"
                                name="document_number"
                                value=v
                                maxlength="20"
                                autocomplete="off"
                                required
                                aria-describedby="document_number-hint"
                            />
                        </div>
                    }
                    .into_any()
                }
                // R-DL-7: the case goes to another office; its file is sent within the term.
                Action::Transfer => {
                    let by = crate::rules::case_transfer_deadline(
                        &crate::rules::LithuanianCalendar,
                        case.today,
                        case.status.procedure,
                    );
                    let chosen = entered("office").unwrap_or_default();
                    view! {
                        <div class="field">
                            <label for="office">{t!(i18n, field.office)}</label>
                            <p class="hint" id="office-hint">
                                {move || {
                                    t_string!(i18n, case.transfer_hint, date = day(by)).to_string()
                                }}
                            </p>
                            <FieldError field=Field::Office error live=Signal::stored(None) />
                            <select id="office" name="office" aria-describedby="office-hint">
                                {case
                                    .transfer_to
                                    .iter()
                                    .map(|o| {
                                        view! {
                                            <option value=o.slug.clone() selected=o.slug == chosen>
                                                {o.name.clone()}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    }
                    .into_any()
                }
                Action::FileReceived => {
                    let by = case.status.file_due;
                    view! {
                        <p class="hint">
                            {move || {
                                by.map(|d| {
                                        t_string!(i18n, case.file_received_hint, date = day(d))
                                            .to_string()
                                    })
                                    .unwrap_or_default()
                            }}
                        </p>
                    }
                    .into_any()
                }
                _ => ().into_any(),
            };
            form(a, body)
        })
        .collect_view();
    view! {
        <h2 id="actions">{t!(i18n, case.actions)}</h2>
        {forms}
    }
    .into_any()
}
