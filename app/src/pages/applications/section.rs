//! `/applications/:id/:section` — one topic per page (issue #5).
//!
//! Each answer is checked in the browser by `rules::application::check_answer` when the field
//! is left and at Continue; the server checks the section again and keeps the answers even when
//! it refuses them. With JavaScript, typing autosaves the draft (the same form, posted in the
//! background), so a lost connection or a closed tab loses nothing already saved.
use super::texts::{
    country_name, field_hint, option_label, question_label, section_name, COUNTRIES, OTHER_COUNTRY,
};
use super::{id_param, load_application};
use crate::applications::{ApplicationView, SaveSection, Status};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::names::kind_name;
use crate::rules::application::{
    certificate_legalisation, check_answer, child_must_come, fee_due, funds_needed_for, questions,
    renewal_window_for, sections, Answers, Input, Section,
};
use crate::rules::{payment_request, Field, Legalisation, RuleError, RuleErrorKind};
use crate::tr::{t, t_string};
use crate::ui::day;
use crate::ui::form::{form_error, Choice, ErrorSummary, PostForm, TextInput};
use crate::ui::page_title::PageTitle;
use crate::ui::refusal::Refusal;
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
                    view! { <Choice field name label hint options value error /> }.into_any()
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
                    view! { <Choice field name label hint options value error /> }.into_any()
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
                    view! { <Choice field name label hint options value error list=true /> }
                        .into_any()
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
                    view! {
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
                    .into_any()
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
