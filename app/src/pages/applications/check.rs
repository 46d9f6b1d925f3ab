//! `/applications/:id/check` — check your answers, then submit (issue #5).
use super::texts::{country_name, option_label, question_label, section_name};
use super::{id_param, load_application};
use crate::applications::{ApplicationView, Status, SubmitApplication};
use crate::error::AppError;
use crate::i18n::{use_i18n, Locale};
use crate::pages::services_docs::document_name;
use crate::rules::application::{
    answer, documents_to_upload, missing_documents, questions, sections, validate_section, Input,
};
use crate::rules::{Field, RuleError};
use crate::tr::{t, t_string};
use crate::ui::form::{entered_of, form_error, ErrorSummary, PostForm};
use crate::ui::page_title::PageTitle;
use crate::ui::refusal::{Loaded, Refusal};
use leptos::prelude::*;
use server_fn::ServerFn;

/// How an answer reads on "check your answers" and the receipt.
pub fn shown_answer(l: Locale, field: Field, input: Input, value: &str) -> String {
    let _ = field;
    match input {
        Input::Choice(_) | Input::YesNo => option_label(l, value),
        Input::Country => country_name(l, value),
        _ => value.to_string(),
    }
}

/// One answer in a list of answers (`<dl>`): the question, and the answer as it reads ("—"
/// when there is none). On "check your answers" and in the officer's case.
#[component]
pub fn AnswerRow(field: Field, input: Input, value: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dt>{move || question_label(i18n.get_locale(), field)}</dt>
        <dd>
            {move || {
                if value.is_empty() {
                    "—".to_string()
                } else {
                    shown_answer(i18n.get_locale(), field, input, &value)
                }
            }}
        </dd>
    }
}

#[component]
pub fn CheckPage() -> impl IntoView {
    let id = id_param();
    let data = load_application(id);
    let ok = Callback::new(|(csrf, app): (String, ApplicationView)| {
        if app.status != Status::Draft {
            return view! { <Refusal error=AppError::Submitted /> }.into_any();
        }
        view! { <CheckAnswers app csrf /> }.into_any()
    });
    view! { <Loaded data ok /> }
}

#[component]
fn CheckAnswers(app: ApplicationView, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(SubmitApplication::PATH);
    let ctx = app.form.ctx;
    let answers = app.form.answers.clone();
    let kind = app.kind;
    let id = app.id;
    let list = sections(kind, &answers);
    let mut all_errors: Vec<RuleError> = Vec::new();
    let blocks = list
        .into_iter()
        .map(|s| {
            let errors = validate_section(&ctx, &answers, s);
            all_errors.extend(errors.iter().cloned());
            let rows: Vec<(Field, Input, String)> = questions(kind, &answers, s)
                .into_iter()
                .map(|q| {
                    (
                        q.field,
                        q.input,
                        answer(&answers, q.field).unwrap_or("").to_string(),
                    )
                })
                .collect();
            let href = format!("/applications/{id}/{}", s.as_str());
            let has_errors = !errors.is_empty();
            view! {
                <section class="answers">
                    <h2>{move || section_name(i18n.get_locale(), s)}</h2>
                    {has_errors
                        .then(|| {
                            view! {
                                <ul class="field-error">
                                    {errors
                                        .iter()
                                        .map(|e| {
                                            let e = e.clone();
                                            view! {
                                                <li>
                                                    {move || crate::locale::error_message(
                                                        i18n.get_locale(),
                                                        &e,
                                                    )}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })}
                    <dl class="facts">
                        {rows
                            .into_iter()
                            .map(|(field, input, value)| view! { <AnswerRow field input value /> })
                            .collect_view()}
                    </dl>
                    <p>
                        <a href=href>
                            {t!(i18n, apply.change)}
                            <span class="visually-hidden">
                                " " {move || section_name(i18n.get_locale(), s)}
                            </span>
                        </a>
                    </p>
                </section>
            }
        })
        .collect_view();
    let uploaded: Vec<_> = app.documents.iter().map(|d| d.kind).collect();
    let docs = documents_to_upload(kind, &answers)
        .into_iter()
        .filter(|d| d.required)
        .collect::<Vec<_>>();
    let missing = missing_documents(kind, &answers, &uploaded);
    let ready = all_errors.is_empty() && missing.is_empty();
    view! {
        <p>
            <a href=format!("/applications/{id}")>{t!(i18n, apply.back_to_tasks)}</a>
        </p>
        <PageTitle text=Signal::derive(move || t_string!(i18n, apply.check_title).to_string()) />
        <ErrorSummary error focus="submit" />
        {blocks}
        {(!docs.is_empty())
            .then(|| {
                view! {
                    <section class="answers">
                        <h2>{t!(i18n, apply.documents_to_bring)}</h2>
                        <ul>
                            {docs
                                .into_iter()
                                .map(|d| {
                                    let done = uploaded.contains(&d.kind);
                                    view! {
                                        <li>
                                            {move || document_name(i18n, d.kind)} " — "
                                            {move || {
                                                if done {
                                                    t_string!(i18n, apply.doc_done).to_string()
                                                } else {
                                                    t_string!(i18n, apply.doc_missing).to_string()
                                                }
                                            }}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        <p>
                            <a href=format!(
                                "/applications/{id}/documents",
                            )>
                                {t!(i18n, apply.change)}
                                <span class="visually-hidden">
                                    " " {t!(i18n, apply.documents_title)}
                                </span>
                            </a>
                        </p>
                    </section>
                }
            })}
        {if ready {
            view! {
                <h2>{t!(i18n, apply.declaration_title)}</h2>
                <p>{t!(i18n, apply.declaration)}</p>
                <PostForm action=SubmitApplication::PATH csrf>
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="submit_key" value=app.submit_key.clone() />
                    <OfficeChoiceField offices=app.offices.clone() error />
                    <button class="button" type="submit" id="submit">
                        {t!(i18n, apply.submit)}
                    </button>
                </PostForm>
            }
                .into_any()
        } else {
            view! {
                <p class="status-note" id="submit">
                    {t!(i18n, apply.fix_first)}
                </p>
            }
                .into_any()
        }}
    }
}

/// R-IP-3 — where the documents are handed in (and the card collected): required radios.
#[component]
fn OfficeChoiceField(
    offices: Vec<crate::cases::OfficeChoice>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = entered_of(error, "office");
    view! {
        <fieldset class="field radios" aria-describedby="office-hint">
            <legend>{t!(i18n, apply.office_question)}</legend>
            <p class="hint" id="office-hint">
                {t!(i18n, apply.office_hint)}
            </p>
            <crate::ui::form::FieldError field=Field::Office error live=Signal::stored(None) />
            {offices
                .into_iter()
                .enumerate()
                .map(|(i, o)| {
                    let id = if i == 0 {
                        "office".to_string()
                    } else {
                        format!("office-{}", o.slug)
                    };
                    let checked = chosen.as_deref() == Some(o.slug.as_str());
                    let label_for = id.clone();
                    view! {
                        <label class="check" for=label_for>
                            <input
                                type="radio"
                                name="office"
                                id=id
                                value=o.slug.clone()
                                checked=checked
                                required
                            />
                            {o.name.clone()}
                            <span class="hint">" — " {o.address.clone()}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
