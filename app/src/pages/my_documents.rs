//! `/my-documents` (R-SV-2, R-SV-3, R-SV-5): the documents a person holds and their minor
//! children's, with expiry reminders and the lost-document report; `/staff/lost`: the reports
//! as officers see them. Plain POST forms: all of it works without JavaScript.
use crate::accounts::session_info;
use crate::error::AppError;
use crate::held::kind_name;
use crate::held::{
    lost_reports, my_documents, HeldDocument, RemoveReminder, ReportLost, SetReminder,
};
use crate::i18n::use_i18n;
use crate::rules::Field;
use crate::tr::{t, t_string, td_string};
use crate::ui::day;
use crate::ui::form::{form_error, ErrorSummary, FieldError, PostForm};
use crate::ui::page_title::PageTitle;
use crate::ui::refusal::Refusal;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

#[component]
pub fn MyDocumentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = crate::ui::data::load(
        || (),
        |_| async move {
            let session = session_info(true).await.map_err(|_| AppError::Server)?;
            let docs = my_documents().await?;
            Ok::<_, AppError>((session.csrf, docs))
        },
    );
    let query = use_query_map();
    let done = move || query.with(|q| q.get("done"));
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, held.title).to_string()) />
        <p>{t!(i18n, held.intro)}</p>
        <div role="status">
            {move || {
                done()
                    .map(|d| {
                        let text = move || match d.as_str() {
                            "lost" => t_string!(i18n, held.done_lost).to_string(),
                            "removed" => t_string!(i18n, held.done_removed).to_string(),
                            _ => t_string!(i18n, held.done_reminder).to_string(),
                        };
                        view! { <p class="status-note">{text}</p> }
                    })
            }}
        </div>
        <Suspense>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok((csrf, view)) => {
                            if view.items.is_empty() {
                                view! { <p class="status-note">{t!(i18n, held.none)}</p> }
                                    .into_any()
                            } else {
                                let has_phone = view.has_phone;
                                let today = view.today;
                                view! {
                                    <ReminderErrors />
                                    {view
                                        .items
                                        .into_iter()
                                        .map(|d| {
                                            view! { <Document d csrf=csrf.clone() has_phone today /> }
                                        })
                                        .collect_view()}
                                }
                                    .into_any()
                            }
                        }
                        Err(e) => view! { <Refusal error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The refusal of a reminder or a report, at the top (the forms are many; the summary links
/// to the field).
#[component]
fn ReminderErrors() -> impl IntoView {
    let reminder = form_error(SetReminder::PATH);
    let lost = form_error(ReportLost::PATH);
    view! {
        <ErrorSummary error=reminder focus="days" />
        <ErrorSummary error=lost focus="confirm" />
    }
}

#[component]
fn Document(
    d: HeldDocument,
    csrf: String,
    has_phone: bool,
    today: jiff::civil::Date,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = d.id;
    let kind = d.kind;
    let number = d.number.clone();
    let lost = d.lost_at.clone();
    let revoked = d.revoked_on;
    let expired = d.valid_until < today;
    let valid = lost.is_none() && revoked.is_none() && !expired;
    let status = if lost.is_some() {
        "lost"
    } else if revoked.is_some() {
        "revoked"
    } else if expired {
        "expired"
    } else {
        "valid"
    };
    let certificates = d.certificates_valid_until;
    let reminder_error = form_error(SetReminder::PATH);
    let lost_error = form_error(ReportLost::PATH);
    view! {
        <section class="panel held" id=format!("doc-{id}") data-status=status>
            <h2>{move || kind_name(i18n.get_locale(), kind)} " " {number.clone()}</h2>
            <dl class="facts">
                <dt>{t!(i18n, held.holder)}</dt>
                <dd>
                    {d.holder_name.clone()}
                    {d
                        .for_child
                        .then(|| view! { <span class="tag">" · " {t!(i18n, held.child)}</span> })}
                </dd>
                <dt>{t!(i18n, held.issued_on)}</dt>
                <dd>{day(d.issued_on)}</dd>
                <dt>{t!(i18n, field.valid_until)}</dt>
                <dd>{day(d.valid_until)}</dd>
                {certificates
                    .map(|c| {
                        view! {
                            <dt>{t!(i18n, held.certificates_until)}</dt>
                            <dd>{day(c)}</dd>
                        }
                    })}
                <dt>{t!(i18n, held.state_label)}</dt>
                <dd class="state">
                    {move || match &lost {
                        Some(at) => t_string!(i18n, held.state_lost, at = at.clone()).to_string(),
                        None if revoked.is_some() => {
                            t_string!(
                                i18n, held.state_revoked, date = revoked.map(day).unwrap_or_default()
                            )
                                .to_string()
                        }
                        None if expired => t_string!(i18n, held.state_expired).to_string(),
                        None => t_string!(i18n, held.state_valid).to_string(),
                    }}
                </dd>
            </dl>
            {(!d.reminders.is_empty())
                .then(|| {
                    view! {
                        <h3>{t!(i18n, held.reminders)}</h3>
                        <ul class="reminders">
                            {d
                                .reminders
                                .iter()
                                .map(|r| {
                                    let r = r.clone();
                                    let days_text = r.days_before;
                                    let target = r.target.clone();
                                    let csrf = csrf.clone();
                                    view! {
                                        <li>
                                            {move || {
                                                let l = i18n.get_locale();
                                                let mut by = Vec::new();
                                                if r.by_email {
                                                    by.push(td_string!(l, held.by_email).to_string());
                                                }
                                                if r.by_sms {
                                                    by.push(td_string!(l, held.by_sms).to_string());
                                                }
                                                let what = if r.target == "certificates" {
                                                    td_string!(l, held.target_certificates).to_string()
                                                } else {
                                                    td_string!(l, held.target_document).to_string()
                                                };
                                                td_string!(
                                                    l,
                                                    held.reminder_line,
                                                    days = crate::names::days(l, r.days_before),
                                                    what,
                                                    channels = by.join(", ")
                                                )
                                                    .to_string()
                                            }} <PostForm action=RemoveReminder::PATH csrf>
                                                <input type="hidden" name="id" value=id.to_string() />
                                                <input type="hidden" name="target" value=target />
                                                <input
                                                    type="hidden"
                                                    name="days"
                                                    value=days_text.to_string()
                                                />
                                                <button class="button secondary" type="submit">
                                                    {t!(i18n, held.remove)}
                                                </button>
                                            </PostForm>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            {valid
                .then(|| {
                    let days_id = format!("days-{id}");
                    let email_id = format!("by-email-{id}");
                    let sms_id = format!("by-sms-{id}");
                    let confirm_id = format!("confirm-{id}");
                    let (email_for, sms_for, confirm_for) = (
                        email_id.clone(),
                        sms_id.clone(),
                        confirm_id.clone(),
                    );
                    view! {
                        <h3>{t!(i18n, held.add_reminder)}</h3>
                        <PostForm action=SetReminder::PATH csrf=csrf.clone()>
                            <input type="hidden" name="id" value=id.to_string() />
                            {if kind.has_certificates() {
                                let doc_id = format!("target-doc-{id}");
                                let cert_id = format!("target-cert-{id}");
                                let (doc_for, cert_for) = (doc_id.clone(), cert_id.clone());
                                view! {
                                    <fieldset class="field radios">
                                        <legend>{t!(i18n, held.target_label)}</legend>
                                        <label class="check" for=doc_for>
                                            <input
                                                type="radio"
                                                id=doc_id
                                                name="target"
                                                value="document"
                                                checked
                                            />
                                            {t!(i18n, held.target_document)}
                                        </label>
                                        <label class="check" for=cert_for>
                                            <input
                                                type="radio"
                                                id=cert_id
                                                name="target"
                                                value="certificates"
                                            />
                                            {t!(i18n, held.target_certificates)}
                                        </label>
                                    </fieldset>
                                }
                                    .into_any()
                            } else {
                                view! { <input type="hidden" name="target" value="document" /> }
                                    .into_any()
                            }}
                            <div class="field">
                                <label for=days_id.clone()>{t!(i18n, held.days_label)}</label>
                                <p class="hint" id=format!("{days_id}-hint")>
                                    {t!(i18n, held.days_hint)}
                                </p>
                                <FieldError
                                    field=Field::Days
                                    error=reminder_error
                                    live=Signal::stored(None)
                                />
                                <input
                                    type="number"
                                    inputmode="numeric"
                                    min="1"
                                    max="365"
                                    id=days_id.clone()
                                    name="days"
                                    value="30"
                                    required
                                    aria-describedby=format!("{days_id}-hint")
                                />
                            </div>
                            <fieldset class="field checkboxes">
                                <legend>
                                    {move || crate::locale::field_name(
                                        i18n.get_locale(),
                                        Field::Channels,
                                    )}
                                </legend>
                                <FieldError
                                    field=Field::Channels
                                    error=reminder_error
                                    live=Signal::stored(None)
                                />
                                <label class="check" for=email_for>
                                    <input
                                        type="checkbox"
                                        id=email_id
                                        name="by_email"
                                        value="1"
                                        checked
                                    />
                                    {t!(i18n, held.by_email)}
                                </label>
                                {has_phone
                                    .then(|| {
                                        view! {
                                            <label class="check" for=sms_for.clone()>
                                                <input
                                                    type="checkbox"
                                                    id=sms_id.clone()
                                                    name="by_sms"
                                                    value="1"
                                                />
                                                {t!(i18n, held.by_sms)}
                                            </label>
                                        }
                                    })}
                            </fieldset>
                            <button class="button" type="submit">
                                {t!(i18n, held.save_reminder)}
                            </button>
                        </PostForm>
                        <h3>{t!(i18n, held.lost_title)}</h3>
                        <p class="hint">{t!(i18n, held.lost_hint)}</p>
                        <PostForm action=ReportLost::PATH csrf=csrf.clone()>
                            <input type="hidden" name="id" value=id.to_string() />
                            <FieldError
                                field=Field::Confirm
                                error=lost_error
                                live=Signal::stored(None)
                            />
                            <label class="check" for=confirm_for>
                                <input
                                    type="checkbox"
                                    id=confirm_id
                                    name="confirm"
                                    value="yes"
                                    required
                                />
                                {t!(i18n, held.lost_confirm)}
                            </label>
                            <button class="button warning" type="submit">
                                {t!(i18n, held.report_lost)}
                            </button>
                        </PostForm>
                    }
                })}
        </section>
    }
}

/// `/staff/lost`: the latest lost-document reports (R-SV-5).
#[component]
pub fn LostReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = crate::ui::data::load(|| (), |_| async move { lost_reports().await });
    view! {
        <PageTitle text=Signal::derive(move || {
            t_string!(i18n, held.lost_reports_title).to_string()
        }) />
        <Suspense>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="status-note">{t!(i18n, held.no_lost)}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <div
                                    class="table-scroll"
                                    tabindex="0"
                                    role="region"
                                    aria-labelledby="lost-caption"
                                >
                                    <table id="lost">
                                        <caption id="lost-caption">
                                            {t!(i18n, held.lost_caption)}
                                        </caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, staff.when)}</th>
                                                <th scope="col">{t!(i18n, held.document)}</th>
                                                <th scope="col">{t!(i18n, field.document_number)}</th>
                                                <th scope="col">{t!(i18n, held.holder)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list
                                                .into_iter()
                                                .map(|r| {
                                                    let kind = r.kind;
                                                    view! {
                                                        <tr>
                                                            <td>{r.at}</td>
                                                            <td>{move || kind_name(i18n.get_locale(), kind)}</td>
                                                            <td>{r.number}</td>
                                                            <td>{r.holder_name}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <Refusal error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}
