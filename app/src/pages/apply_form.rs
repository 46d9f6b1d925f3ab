//! `/applications/:id/:section` (one topic per page), `/applications/:id/check` (check your
//! answers, then submit) and `/applications/:id/receipt` (the printable receipt, Lithuanian
//! beside the reader's language, R-FL-3) — issue #5.
//!
//! Each answer is checked in the browser by `rules::application::check_answer` when the field
//! is left and at Continue; the server checks the section again and keeps the answers even when
//! it refuses them. With JavaScript, typing autosaves the draft (the same form, posted in the
//! background), so a lost connection or a closed tab loses nothing already saved.
use super::apply::{day, id_param, load_application, load_application_with};
use super::apply_text::{
    country_name, field_hint, kind_name, option_label, question_label, section_name, COUNTRIES,
    OTHER_COUNTRY,
};
use super::services_docs::document_name;
use crate::applications::{ApplicationView, SaveSection, Status, SubmitApplication};
use crate::error::AppError;
use crate::i18n::{use_i18n, Locale};
use crate::pages::staff::Refusal;
use crate::rules::application::{
    answer, certificate_legalisation, check_answer, child_must_come, documents_to_upload, fee_due,
    funds_needed_for, missing_documents, questions, renewal_window_for, sections, validate_section,
    Answers, Input, Section,
};
use crate::rules::{payment_request, Field, Legalisation, RuleError, RuleErrorKind};
use crate::tr::{t, t_string, td_string, TextsPreload};
use crate::ui::form::{form_error, ErrorSummary, PostForm, Radios, Select, TextInput};
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use server_fn::ServerFn;

/// The id of the draft's form, which the autosave reads.
const FORM_ID: &str = "draft-form";

#[component]
pub fn SectionPage() -> impl IntoView {
    let id = id_param();
    let params = use_params_map();
    let section = Memo::new(move |_| {
        params
            .with(|p| p.get("section"))
            .and_then(|s| Section::parse(&s))
    });
    let data = load_application(id);
    view! {
        <Suspense>
            {move || {
                data.get()
                    .map(|r| match (r, section.get()) {
                        (Ok((_, app)), _) if app.status != Status::Draft => {
                            view! { <Refusal error=AppError::Submitted /> }.into_any()
                        }
                        (
                            Ok((csrf, app)),
                            Some(s),
                        ) if sections(app.kind, &app.form.answers).contains(&s) => {
                            view! { <SectionForm app csrf section=s /> }.into_any()
                        }
                        (Ok(_), _) => view! { <Refusal error=AppError::NotFound /> }.into_any(),
                        (Err(e), _) => view! { <Refusal error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The answers as the page shows them now: the saved draft with this page's fields on top.
fn merged(saved: &Answers, values: &[(Field, RwSignal<String>)], track: bool) -> Answers {
    let mut a = saved.clone();
    for (f, s) in values {
        let v = if track { s.get() } else { s.get_untracked() };
        if v.trim().is_empty() {
            a.remove(f.as_str());
        } else {
            a.insert(f.as_str().to_string(), v);
        }
    }
    a
}

/// Autosave states for the status line (only the browser autosaves).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy, PartialEq, Eq)]
enum SaveState {
    Idle,
    Saving,
    Saved,
    Failed,
    /// The server answered "not logged in": the session has ended (issue #5.3).
    SessionEnded,
}

#[component]
fn SectionForm(app: ApplicationView, csrf: String, section: Section) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(SaveSection::PATH);
    let ctx = app.form.ctx;
    let kind = app.kind;
    let saved = StoredValue::new(app.form.answers.clone());
    let qs = questions(kind, &app.form.answers, section);
    let values: Vec<(Field, RwSignal<String>)> = qs
        .iter()
        .map(|q| {
            let v = app
                .form
                .answers
                .get(q.field.as_str())
                .cloned()
                .unwrap_or_default();
            (q.field, RwSignal::new(v))
        })
        .collect();
    let values = StoredValue::new(values);
    let current = move || saved.with_value(|s| values.with_value(|v| merged(s, v, true)));
    let save_state = RwSignal::new(SaveState::Idle);
    let generation = StoredValue::new(0u32);
    let schedule = move || {
        generation.update_value(|g| *g = g.wrapping_add(1));
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.get_value() == mine {
                    autosave(save_state);
                }
            },
            std::time::Duration::from_millis(800),
        );
    };
    let id = app.id;
    let fields = qs
        .into_iter()
        .map(|q| {
            let field = q.field;
            let required = q.required;
            let value = values.with_value(|v| {
                v.iter()
                    .find(|(f, _)| *f == field)
                    .map(|(_, s)| *s)
                    .unwrap_or_else(|| RwSignal::new(String::new()))
            });
            let label = Signal::derive(move || question_label(i18n.get_locale(), field));
            let hint = field_hint(i18n.get_locale_untracked(), field).map(|_| {
                Signal::derive(move || field_hint(i18n.get_locale(), field).unwrap_or_default())
            });
            let name = field.as_str();
            match q.input {
                Input::Choice(options) => {
                    let options = options
                        .iter()
                        .map(|o| {
                            let o: &'static str = o;
                            (
                                o,
                                Signal::derive(move || option_label(i18n.get_locale(), o)),
                            )
                        })
                        .collect();
                    view! { <Radios field name label hint options value error /> }.into_any()
                }
                Input::YesNo => {
                    let options = ["yes", "no"]
                        .into_iter()
                        .map(|o| {
                            (
                                o,
                                Signal::derive(move || option_label(i18n.get_locale(), o)),
                            )
                        })
                        .collect();
                    view! { <Radios field name label hint options value error /> }.into_any()
                }
                Input::Country => {
                    let options = COUNTRIES
                        .into_iter()
                        .chain([OTHER_COUNTRY])
                        .map(|c| {
                            (
                                c,
                                Signal::derive(move || country_name(i18n.get_locale(), c)),
                            )
                        })
                        .collect();
                    view! { <Select field name label hint options value error /> }.into_any()
                }
                input => {
                    let check = Callback::new(move |text: String| {
                        if text.trim().is_empty() {
                            return required
                                .then(|| RuleError::new(field, RuleErrorKind::Required));
                        }
                        let answers =
                            saved.with_value(|s| values.with_value(|v| merged(s, v, false)));
                        check_answer(&ctx, &answers, field, &text).err()
                    });
                    let (kind_attr, inputmode) = match input {
                        Input::Date => ("date", "text"),
                        Input::Number => ("text", "numeric"),
                        _ => ("text", "text"),
                    };
                    let autocomplete = match field {
                        Field::FirstName => "given-name",
                        Field::Surname => "family-name",
                        Field::BirthDate => "bday",
                        _ => "off",
                    };
                    match hint {
                        Some(hint) => view! {
                            <TextInput
                                field
                                name
                                label
                                hint
                                value
                                error
                                kind=kind_attr
                                inputmode
                                autocomplete
                                check_with=check
                            />
                        }
                        .into_any(),
                        None => view! {
                            <TextInput
                                field
                                name
                                label
                                value
                                error
                                kind=kind_attr
                                inputmode
                                autocomplete
                                check_with=check
                            />
                        }
                        .into_any(),
                    }
                }
            }
        })
        .collect_view();
    let first_field = values.with_value(|v| v.first().map(|(f, _)| f.as_str()).unwrap_or("case"));
    view! {
        <p>
            <a href=format!("/applications/{id}")>{t!(i18n, apply.back_to_tasks)}</a>
        </p>
        <p class="tag">{move || kind_name(i18n.get_locale(), kind)}</p>
        <PageTitle text=Signal::derive(move || section_name(i18n.get_locale(), section)) />
        <ErrorSummary error focus=first_field />
        <SectionInfo
            section
            ctx=app.form.ctx
            current=Signal::derive(current)
            reference=app.reference.clone()
            payer=(app.payer_name.clone(), app.payer_code.clone())
            iban=app.payee_iban.clone()
            qr=app.payment_qr.clone()
        />
        <PostForm action=SaveSection::PATH csrf id=FORM_ID>
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="section" value=section.as_str() />
            <div on:input=move |_| schedule() on:change=move |_| schedule()>
                {fields}
            </div>
            <button class="button" type="submit">
                {t!(i18n, apply.go_on)}
            </button>
        </PostForm>
        <p class="autosave" role="status" aria-live="polite">
            {move || match save_state.get() {
                SaveState::Idle => String::new(),
                SaveState::Saving => t_string!(i18n, apply.saving).to_string(),
                SaveState::Saved => t_string!(i18n, apply.saved).to_string(),
                SaveState::Failed => t_string!(i18n, apply.save_failed).to_string(),
                SaveState::SessionEnded => t_string!(i18n, apply.session_ended).to_string(),
            }}
            // Logging in again in another tab keeps what is typed here; saving resumes then.
            {move || {
                (save_state.get() == SaveState::SessionEnded)
                    .then(|| {
                        let next: String = form_urlencoded::byte_serialize(
                                format!("/applications/{id}/{}", section.as_str()).as_bytes(),
                            )
                            .collect();
                        view! {
                            " "
                            <a href=format!("/login?next={next}") target="_blank" rel="noopener">
                                {t!(i18n, apply.log_in_again)}
                            </a>
                        }
                    })
            }}
        </p>
        <p>
            <a href=format!("/applications/{id}")>{t!(i18n, apply.save_and_leave)}</a>
        </p>
    }
}

/// What the rules say about the answers so far, shown above the questions: who must come to
/// the office (R-IP-1), the renewal window (R-DL-1), the funds needed (R-PM-7), whether an
/// Apostille is needed (R-PM-10), and the fee with its payment details (R-SV-6).
#[component]
fn SectionInfo(
    section: Section,
    ctx: crate::rules::application::FormContext,
    current: Signal<Answers>,
    reference: String,
    payer: (String, Option<String>),
    iban: Option<String>,
    qr: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = ctx.kind;
    let note = move |text: String| view! { <p class="status-note">{text}</p> }.into_any();
    move || {
        let a = current.get();
        match section {
            Section::Applicant => child_must_come(&ctx, &a).map(|must| {
                note(if must {
                    t_string!(i18n, apply.child_comes).to_string()
                } else {
                    t_string!(i18n, apply.child_need_not_come).to_string()
                })
            }),
            Section::Renewal if kind == crate::rules::application::ApplicationType::TrpChange => {
                renewal_window_for(&a).map(|w| {
                    note(
                        t_string!(
                            i18n,
                            apply.renewal_window,
                            earliest = day(w.earliest),
                            general = day(w.latest_general),
                            urgent = day(w.latest_urgent)
                        )
                        .to_string(),
                    )
                })
            }
            Section::Funds => funds_needed_for(&ctx, &a).map(|needed| {
                note(t_string!(i18n, apply.funds_needed, amount = needed).to_string())
            }),
            Section::CriminalRecord => {
                let oldest = day(crate::rules::add_months(ctx.today, -6));
                let apostille = certificate_legalisation(&a).map(|l| match l {
                    Legalisation::NotNeeded => t_string!(i18n, apply.no_apostille).to_string(),
                    Legalisation::ApostilleOrLegalisation => {
                        t_string!(i18n, apply.apostille_needed).to_string()
                    }
                });
                Some(
                    view! {
                        <p class="status-note">
                            {t_string!(i18n, apply.certificate_age, date = oldest).to_string()}
                        </p>
                        {apostille.map(|t| view! { <p class="status-note">{t}</p> })}
                    }
                    .into_any(),
                )
            }
            Section::Fee => fee_due(kind, &a).map(|f| {
                let request = kind.permit().zip(kind.fee_action()).and_then(|(p, act)| {
                    payment_request(
                        p,
                        act,
                        crate::rules::application::procedure(kind, &a),
                        &payer.0,
                        payer.1.as_deref(),
                        &reference,
                    )
                    .ok()
                });
                view! {
                    <p class="lead">
                        {t_string!(i18n, apply.fee_amount, amount = f.quote.amount_eur).to_string()}
                    </p>
                    <p>{t!(i18n, apply.no_gateway)}</p>
                    {request
                        .map(|r| {
                            let amount = format!("{}.00", r.amount_eur);
                            let to_pay = f.amount_due_eur > 0;
                            view! {
                                <dl class="facts payment">
                                    <dt>{t!(i18n, apply.pay.payee)}</dt>
                                    <dd>
                                        <Copyable text=r.payee_name.to_string() />
                                    </dd>
                                    <dt>{t!(i18n, apply.pay.payee_code)}</dt>
                                    <dd>
                                        <Copyable text=r.payee_code.to_string() />
                                    </dd>
                                    {iban
                                        .clone()
                                        .map(|i| {
                                            view! {
                                                <dt>{t!(i18n, field.iban)}</dt>
                                                <dd>
                                                    <Copyable text=i />
                                                </dd>
                                            }
                                        })}
                                    <dt>{t!(i18n, apply.pay.payment_code)}</dt>
                                    <dd>
                                        <Copyable text=r.payment_code.to_string() />
                                    </dd>
                                    <dt>{t!(i18n, apply.pay.amount)}</dt>
                                    <dd>
                                        <Copyable text=amount suffix=" EUR" />
                                    </dd>
                                    <dt>{t!(i18n, apply.pay.purpose)}</dt>
                                    <dd lang="lt">
                                        <Copyable text=r.purpose.clone() />
                                    </dd>
                                    <dt>{t!(i18n, field.payer_name)}</dt>
                                    <dd>{r.payer_name.clone()}</dd>
                                </dl>
                                {qr
                                    .clone()
                                    .filter(|_| to_pay)
                                    .map(|svg| {
                                        view! {
                                            <figure class="epc-qr">
                                                <div
                                                    class="qr"
                                                    role="img"
                                                    aria-label=move || {
                                                        t_string!(i18n, apply.pay.qr_label).to_string()
                                                    }
                                                    inner_html=svg
                                                ></div>
                                                <figcaption>{t!(i18n, apply.pay.qr_caption)}</figcaption>
                                            </figure>
                                        }
                                    })}
                            }
                        })}
                }
                .into_any()
            }),
            _ => None,
        }
    }
}

/// A value to type into a bank's form, with a "Copy" button once the page's code runs (with
/// JavaScript off the value can still be selected: the whole value at one tap).
#[component]
fn Copyable(
    text: String,
    /// Shown after the value, not copied (a currency).
    #[prop(default = "")]
    suffix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let copied = RwSignal::new(false);
    let value = text.clone();
    view! {
        <span class="copy">{text}</span>
        {suffix}
        {move || {
            let value = value.clone();
            ready
                .get()
                .then(|| {
                    let shown = value.clone();
                    view! {
                        " "
                        <button
                            type="button"
                            class="copy-button"
                            on:click=move |_| {
                                copy_to_clipboard(&value);
                                copied.set(true);
                            }
                        >
                            {move || {
                                if copied.get() {
                                    t_string!(i18n, apply.pay.copied).to_string()
                                } else {
                                    t_string!(i18n, apply.pay.copy).to_string()
                                }
                            }}
                            <span class="visually-hidden">" " {shown}</span>
                        </button>
                    }
                })
        }}
    }
}

fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = leptos::web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

/// Posts the draft's form in the background with `autosave=1` (same encoding as Continue).
fn autosave(state: RwSignal<SaveState>) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let Some(form) = document()
            .get_element_by_id(FORM_ID)
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let Ok(data) = leptos::web_sys::FormData::new_with_form(&form) else {
            return;
        };
        let _ = data.set_with_str("autosave", "1");
        let Ok(params) = leptos::web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data)
        else {
            return;
        };
        let body: String = params.to_string().into();
        state.set(SaveState::Saving);
        leptos::task::spawn_local(async move {
            let sent = gloo_net::http::Request::post(SaveSection::PATH)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .body(body);
            // A session that has ended has lost its form token too: the server answers
            // "form expired" (403) before it gets to "not logged in" (401).
            let (status, body) = match sent {
                Ok(req) => match req.send().await {
                    Ok(r) => (r.status(), r.text().await.unwrap_or_default()),
                    Err(_) => (0, String::new()),
                },
                Err(_) => (0, String::new()),
            };
            state.set(match status {
                200..=299 => SaveState::Saved,
                401 => SaveState::SessionEnded,
                403 if body.contains("FormExpired") => SaveState::SessionEnded,
                _ => SaveState::Failed,
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = state;
}

/// How an answer reads on "check your answers" and the receipt.
pub fn shown_answer(l: Locale, field: Field, input: Input, value: &str) -> String {
    let _ = field;
    match input {
        Input::Choice(_) | Input::YesNo => option_label(l, value),
        Input::Country => country_name(l, value),
        _ => value.to_string(),
    }
}

#[component]
pub fn CheckPage() -> impl IntoView {
    let id = id_param();
    let data = load_application(id);
    view! {
        <Suspense>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok((_, app)) if app.status != Status::Draft => {
                            view! { <Refusal error=AppError::Submitted /> }.into_any()
                        }
                        Ok((csrf, app)) => view! { <CheckAnswers app csrf /> }.into_any(),
                        Err(e) => view! { <Refusal error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
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
                            .map(|(field, input, value)| {
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
                            })
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
    let chosen = error.with_untracked(|e| e.as_ref().and_then(|e| e.entered("office")));
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

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let id = id_param();
    let data = load_application_with(id, &[Locale::lt]);
    view! {
        <TextsPreload locale=Locale::lt />
        <Suspense>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok((_, app)) if app.status == Status::Submitted => {
                            view! { <Receipt app /> }.into_any()
                        }
                        Ok(_) => view! { <Refusal error=AppError::NotFound /> }.into_any(),
                        Err(e) => view! { <Refusal error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// A receipt line: its label in any locale, and the value.
type ReceiptRow = (fn(Locale) -> String, String);

/// R-FL-3 — every line in Lithuanian and, when the reader's language is another, in that
/// language beside it.
#[component]
fn Receipt(app: ApplicationView) -> impl IntoView {
    let i18n = use_i18n();
    let kind = app.kind;
    let both = move |f: fn(Locale) -> String| {
        move || {
            let l = i18n.get_locale();
            let lt = f(Locale::lt);
            if l == Locale::lt {
                view! { <span lang="lt">{lt}</span> }.into_any()
            } else {
                let other = f(l);
                let code = crate::locale::locale_code(l);
                view! {
                    <span lang="lt">{lt}</span>
                    <br />
                    <span lang=code class="translation">
                        {other}
                    </span>
                }
                .into_any()
            }
        }
    };
    let terms = app.submitted.clone();
    let rows: Vec<ReceiptRow> = {
        let mut rows: Vec<ReceiptRow> = vec![(
            |l| crate::tr::td_string!(l, field.reference).to_string(),
            app.reference.clone(),
        )];
        if let Some(t) = &terms {
            rows.push((
                |l| crate::tr::td_string!(l, apply.submitted_on).to_string(),
                day(t.submitted_on),
            ));
            if let Some(d) = t.decision_due {
                rows.push((
                    |l| crate::tr::td_string!(l, apply.decision_due).to_string(),
                    day(d),
                ));
            }
            rows.push((
                |l| crate::tr::td_string!(l, apply.appear_by).to_string(),
                day(t.appear_by),
            ));
            if let Some(fee) = t.fee_eur {
                rows.push((
                    |l| crate::tr::td_string!(l, apply.pay.amount).to_string(),
                    format!("{fee}.00 EUR"),
                ));
            }
        }
        rows
    };
    let applicant = [Field::FirstName, Field::Surname]
        .into_iter()
        .filter_map(|f| answer(&app.form.answers, f))
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <div class="receipt">
            <PageTitle text=Signal::derive(move || t_string!(i18n, apply.receipt).to_string()) />
            <p class="receipt-kind">
                <span lang="lt">{kind_name(Locale::lt, kind)}</span>
                {move || {
                    let l = i18n.get_locale();
                    (l != Locale::lt)
                        .then(|| {
                            view! {
                                <br />
                                <span lang=crate::locale::locale_code(l) class="translation">
                                    {kind_name(l, kind)}
                                </span>
                            }
                        })
                }}
            </p>
            <dl class="facts">
                <dt>
                    {both(|l| {
                        crate::locale::field_name(l, Field::FirstName) + " / "
                            + &crate::locale::field_name(l, Field::Surname)
                    })}
                </dt>
                <dd>{applicant}</dd>
                {rows
                    .into_iter()
                    .map(|(label, value)| {
                        view! {
                            <dt>{both(label)}</dt>
                            <dd>{value}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
            <p class="no-print">
                <button class="button" type="button" on:click=move |_| print_page()>
                    {t!(i18n, apply.print)}
                </button>
            </p>
        </div>
    }
}

/// `/applications/:id/invitation` — R-SV-1: an approved invitation, printable, in Lithuanian
/// and English whatever the reader's language (the form the border guard and the consulate
/// read).
#[component]
pub fn InvitationPage() -> impl IntoView {
    let id = id_param();
    let data = load_application_with(id, &[Locale::lt, Locale::en]);
    view! {
        <TextsPreload locale=Locale::lt />
        <TextsPreload locale=Locale::en />
        <Suspense>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok((_, app)) if approved_invitation(&app) => {
                            view! { <Invitation app /> }.into_any()
                        }
                        Ok(_) => view! { <Refusal error=AppError::NotFound /> }.into_any(),
                        Err(e) => view! { <Refusal error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// R-SV-1 — an invitation whose approval can be printed.
pub fn approved_invitation(app: &ApplicationView) -> bool {
    app.kind == crate::rules::application::ApplicationType::Invitation
        && app
            .case
            .as_ref()
            .is_some_and(|c| c.stage == crate::rules::case::Stage::Approved)
}

#[component]
fn Invitation(app: ApplicationView) -> impl IntoView {
    let i18n = use_i18n();
    let a = &app.form.answers;
    let get = |f: Field| answer(a, f).unwrap_or("").to_string();
    let case = app.case.clone();
    let names = |first: Field, last: Field| format!("{} {}", get(first), get(last));
    let citizenship = get(Field::InviteeCitizenship);
    let rows: Vec<ReceiptRow> = vec![
        (
            |l| td_string!(l, invite.number).to_string(),
            app.reference.clone(),
        ),
        (
            |l| td_string!(l, invite.approved_on).to_string(),
            case.as_ref()
                .and_then(|c| c.decided_on)
                .map(day)
                .unwrap_or_default(),
        ),
        (
            |l| td_string!(l, invite.valid_until).to_string(),
            case.as_ref()
                .and_then(|c| c.valid_until)
                .map(day)
                .unwrap_or_default(),
        ),
        (
            |l| td_string!(l, invite.inviting).to_string(),
            names(Field::FirstName, Field::Surname),
        ),
        (
            |l| crate::locale::field_name(l, Field::PersonalCode),
            get(Field::PersonalCode),
        ),
        (|l| question_label(l, Field::InviterStatus), {
            let status = get(Field::InviterStatus);
            format!(
                "{} / {}",
                super::apply_text::option_label(Locale::lt, &status),
                super::apply_text::option_label(Locale::en, &status)
            )
        }),
        (
            |l| question_label(l, Field::InviterPermit),
            get(Field::InviterPermit),
        ),
        (
            |l| question_label(l, Field::InviterAddress),
            get(Field::InviterAddress),
        ),
        (
            |l| td_string!(l, invite.invited).to_string(),
            names(Field::InviteeFirstName, Field::InviteeSurname),
        ),
        (
            |l| question_label(l, Field::InviteeBirthDate),
            get(Field::InviteeBirthDate),
        ),
        (
            |l| question_label(l, Field::InviteeCitizenship),
            format!(
                "{} / {}",
                super::apply_text::country_name(Locale::lt, &citizenship),
                super::apply_text::country_name(Locale::en, &citizenship)
            ),
        ),
        (
            |l| question_label(l, Field::VisitPurpose),
            get(Field::VisitPurpose),
        ),
    ];
    view! {
        <article class="receipt invitation">
            <PageTitle text=Signal::derive(move || t_string!(i18n, invite.title).to_string()) />
            <p class="receipt-kind">
                <span lang="lt">{td_string!(Locale::lt, invite.document)}</span>
                <br />
                <span lang="en" class="translation">
                    {td_string!(Locale::en, invite.document)}
                </span>
            </p>
            <dl class="facts">
                {rows
                    .into_iter()
                    .filter(|(_, value)| !value.is_empty())
                    .map(|(label, value)| {
                        view! {
                            <dt>
                                <span lang="lt">{label(Locale::lt)}</span>
                                " / "
                                <span lang="en" class="translation">
                                    {label(Locale::en)}
                                </span>
                            </dt>
                            <dd>{value}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
            <p class="hint">
                <span lang="lt">{td_string!(Locale::lt, invite.note)}</span>
                <br />
                <span lang="en" class="translation">
                    {td_string!(Locale::en, invite.note)}
                </span>
            </p>
            <p class="no-print">
                <button class="button" type="button" on:click=move |_| print_page()>
                    {t!(i18n, apply.print)}
                </button>
            </p>
        </article>
    }
}

/// Opens the browser's print dialogue (the button is there with JavaScript; without it, the
/// browser's own Print does the same).
fn print_page() {
    #[cfg(feature = "hydrate")]
    let _ = window().print();
}
