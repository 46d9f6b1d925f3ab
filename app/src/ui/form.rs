//! Form pieces in the GOV.UK pattern: an error summary at the top that links to each field,
//! and the message again next to the field. Messages come from `crate::locale`.
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::locale::{account_error_message, error_message};
use crate::rules::{Field, RuleError};
use crate::tr::t;
use leptos::prelude::*;

/// "There is a problem" and one line per error, each a link to its field. `focus` is the field
/// that errors without a field of their own (a wrong code, too many requests) point to.
#[component]
pub fn ErrorSummary(
    #[prop(into)] error: Signal<Option<AppError>>,
    focus: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|e| {
            let locale = i18n.get_locale();
            let lines: Vec<(String, String)> = match &e {
                AppError::Invalid { errors, .. } => errors
                    .iter()
                    .map(|r| (r.field.as_str().to_string(), error_message(locale, r)))
                    .collect(),
                other => account_error_message(locale, other)
                    .into_iter()
                    .map(|m| (focus.to_string(), m))
                    .collect(),
            };
            let title_id = format!("{focus}-summary-title");
            let labelled_by = title_id.clone();
            view! {
                <div class="error-summary" role="alert" aria-labelledby=labelled_by>
                    <h2 id=title_id>{t!(i18n, error.title)}</h2>
                    <ul>
                        {lines
                            .into_iter()
                            .map(|(id, msg)| {
                                view! {
                                    <li>
                                        <a href=format!("#{id}")>{msg}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// The messages for one field: the server's (after a submit) or, while typing, the
/// in-browser check's (`live`). Its id is `<field>-error`, for `aria-describedby`.
#[component]
pub fn FieldError(
    field: Field,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(into)] live: Signal<Option<RuleError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let messages = move || {
        let locale = i18n.get_locale();
        match live.get() {
            Some(e) => vec![error_message(locale, &e)],
            None => error
                .get()
                .map(|e| {
                    e.field_errors(field)
                        .iter()
                        .map(|r| error_message(locale, r))
                        .collect()
                })
                .unwrap_or_default(),
        }
    };
    move || {
        let m = messages();
        (!m.is_empty()).then(|| {
            view! {
                <p class="field-error" id=format!("{}-error", field.as_str())>
                    {m.join(" ")}
                </p>
            }
        })
    }
}

/// Whether a field has an error to show (for `aria-invalid` and `aria-describedby`).
pub fn has_error(
    field: Field,
    error: Signal<Option<AppError>>,
    live: Signal<Option<RuleError>>,
) -> bool {
    live.with(Option::is_some)
        || error.with(|e| {
            e.as_ref()
                .is_some_and(|e| !e.field_errors(field).is_empty())
        })
}

/// The `aria-describedby` of a field: its hint (`<field>-hint`, if it has one) and its
/// message (`<field>-error`, while it shows one). `None` when there is neither.
pub fn described_by(
    field: Field,
    has_hint: bool,
    error: Signal<Option<AppError>>,
    live: Signal<Option<RuleError>>,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    let id = field.as_str();
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{id}-hint"));
        }
        if has_error(field, error, live) {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A field's hint under its label or legend, with the id `<field>-hint` that `described_by`
/// points to; nothing when the field has no hint.
#[component]
pub fn Hint(field: Field, text: Option<Signal<String>>) -> impl IntoView {
    text.map(|h| {
        view! {
            <p class="hint" id=format!("{}-hint", field.as_str())>
                {move || h.get()}
            </p>
        }
    })
}

/// An in-browser check: a rules-engine function that accepts or refuses the typed text.
pub type Check = fn(&str) -> Result<(), RuleError>;

/// A labelled text input with its hint and errors. The in-browser `check` (a rules-engine
/// function) runs when the field is left and again on each keystroke once it has complained,
/// so the message disappears as soon as the text is right. The server checks everything again.
#[component]
pub fn TextInput(
    field: Field,
    /// The form field's name (the server function's argument).
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(optional_no_strip, into)] hint: Option<Signal<String>>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(optional)] check: Option<Check>,
    /// A check that needs more than the text (other answers, today): it gets the text, empty
    /// included, and says what is wrong.
    #[prop(optional)]
    check_with: Option<Callback<String, Option<RuleError>>>,
) -> impl IntoView {
    let id = field.as_str();
    let live = RwSignal::new(None::<RuleError>);
    let check: Option<Callback<String, Option<RuleError>>> = check
        .map(|f| Callback::new(move |s: String| f(&s).err()))
        .or(check_with);
    let run_check = move || {
        if let Some(check) = check {
            let text = value.get_untracked();
            live.set(if text.trim().is_empty() {
                None
            } else {
                check.run(text)
            });
        }
    };
    if let (Some(checks), Some(check)) = (use_context::<FormChecks>(), check) {
        // Registered for the submit-time check.
        checks
            .0
            .update_value(|all| all.push(Registered { id, value, live, check }));
    }
    let live_signal: Signal<Option<RuleError>> = live.into();
    let invalid = move || has_error(field, error, live_signal);
    let described = described_by(field, hint.is_some(), error, live_signal);
    view! {
        <div class="field">
            <label for=id>{move || label.get()}</label>
            <Hint field text=hint />
            <FieldError field error live=live_signal />
            <input
                type=kind
                id=id
                name=name
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=move || invalid().to_string()
                aria-describedby=described
                value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    if live.with_untracked(Option::is_some) {
                        run_check();
                    }
                }
                on:blur=move |ev| {
                    if !leaving_for_submit(&ev) {
                        run_check();
                    }
                }
            />
        </div>
    }
}

/// The error a server function sent back for the form at `path`, taken from the URL it
/// redirected to (`__path` / `__err`, the latest pair if there are several).
pub fn form_error(path: &'static str) -> Signal<Option<AppError>> {
    use leptos_router::hooks::use_query_map;
    use server_fn::error::ServerFnUrlError;
    let query = use_query_map();
    Signal::derive(move || {
        query.with(|q| {
            let from = q.get_all("__path")?;
            let errs = q.get_all("__err")?;
            (from.last().map(String::as_str) == Some(path))
                .then(|| {
                    errs.last()
                        .map(|e| ServerFnUrlError::<AppError>::decode_err(e))
                })
                .flatten()
        })
    })
}

/// What the user typed into field `name` of a form the server refused (so nothing is lost).
pub fn entered_of(error: Signal<Option<AppError>>, name: &str) -> Option<String> {
    match error.get_untracked() {
        Some(AppError::Invalid { entered, .. }) => {
            entered.into_iter().find(|(n, _)| n == name).map(|(_, v)| v)
        }
        _ => None,
    }
}

/// The value of field `name` for a form's input: what the user typed if the server refused
/// the form (so nothing is lost), else empty.
pub fn entered_value(error: Signal<Option<AppError>>, name: &str) -> RwSignal<String> {
    entered_or(error, name, None)
}

/// `entered_value`, starting with `saved` (what the field holds now) when the server refused
/// nothing.
pub fn entered_or(
    error: Signal<Option<AppError>>,
    name: &str,
    saved: Option<String>,
) -> RwSignal<String> {
    RwSignal::new(entered_of(error, name).or(saved).unwrap_or_default())
}

/// True when focus leaves a field for a submit button, or for nothing (a click on a button
/// Safari does not focus): the submit check runs then instead. A message shown now would move
/// the button under the pointer and swallow the click.
fn leaving_for_submit(ev: &leptos::web_sys::FocusEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        match ev.related_target() {
            None => true,
            Some(t) => t
                .dyn_into::<leptos::web_sys::Element>()
                .is_ok_and(|el| el.get_attribute("type").as_deref() == Some("submit")),
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}

/// A field's in-browser check, registered with its form.
#[derive(Clone, Copy)]
struct Registered {
    id: &'static str,
    value: RwSignal<String>,
    live: RwSignal<Option<RuleError>>,
    check: Callback<String, Option<RuleError>>,
}

/// The checks of the fields inside one `PostForm`.
#[derive(Clone, Copy)]
struct FormChecks(StoredValue<Vec<Registered>>);

/// A form that posts to a server function the plain HTML way, with or without JavaScript:
/// the server answers with a redirect — to the next step, or back here with the error
/// (`form_error`). It carries the session's CSRF token. With JavaScript, the fields' checks
/// run first: a form with a mistake is not sent, the messages appear at once and the first
/// wrong field gets the focus.
#[component]
pub fn PostForm(
    action: &'static str,
    csrf: String,
    /// The form's id, for scripts that read it (the draft autosave).
    #[prop(optional)]
    id: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let checks = FormChecks(StoredValue::new(Vec::new()));
    provide_context(checks);
    // Set once this form's code runs in the browser (effects never run on the server): a
    // browser test waits for it, since a lazily loaded page hydrates after the header does.
    let enhanced = RwSignal::new(false);
    Effect::new(move |_| enhanced.set(true));
    let on_submit = move |ev: leptos::web_sys::SubmitEvent| {
        let mut first_wrong = None;
        checks.0.with_value(|all| {
            for r in all {
                // What the field shows, which is what the browser sends: text typed before the
                // page finished loading its code is in the field but not yet in the signal.
                if let Some(text) = dom_value(r.id) {
                    if text != r.value.get_untracked() {
                        r.value.set(text);
                    }
                }
                let verdict = r.check.run(r.value.get_untracked());
                if verdict.is_some() && first_wrong.is_none() {
                    first_wrong = Some(r.id);
                }
                r.live.set(verdict);
            }
        });
        if let Some(id) = first_wrong {
            ev.prevent_default();
            focus(id);
        }
    };
    view! {
        <form
            class="stack"
            id=id
            method="post"
            action=action
            novalidate
            data-enhanced=move || enhanced.get().then_some("true")
            on:submit=on_submit
        >
            <input type="hidden" name="csrf" value=csrf />
            {children()}
        </form>
    }
}

/// The current `value` of the input with this id (none outside the browser).
fn dom_value(id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let el = document().get_element_by_id(id)?;
        js_sys::Reflect::get(&el, &"value".into()).ok()?.as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// A question answered by one of a few options: GOV.UK radios (a fieldset whose legend is the
/// question; the first radio has the field's id, so the error summary's link lands on it), or
/// with `list`, a `<select>` with an empty first choice, for a long list.
#[component]
pub fn Choice(
    field: Field,
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(default = None)] hint: Option<Signal<String>>,
    /// `(value, label)` pairs.
    options: Vec<(&'static str, Signal<String>)>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
    /// A `<select>` instead of radios.
    #[prop(optional)]
    list: bool,
) -> impl IntoView {
    let id = field.as_str();
    let live: Signal<Option<RuleError>> = Signal::stored(None);
    let described = described_by(field, hint.is_some(), error, live);
    if list {
        let invalid = move || has_error(field, error, live);
        return view! {
            <div class="field">
                <label for=id>{move || label.get()}</label>
                <Hint field text=hint />
                <FieldError field error live />
                <select
                    id=id
                    name=name
                    aria-invalid=move || invalid().to_string()
                    aria-describedby=described
                    on:change=move |ev| value.set(event_target_value(&ev))
                >
                    <option value="" selected=move || value.get().is_empty()></option>
                    {options
                        .into_iter()
                        .map(|(v, l)| {
                            view! {
                                <option value=v selected=move || value.get() == v>
                                    {move || l.get()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
        .into_any();
    }
    view! {
        <fieldset class="field radios" aria-describedby=described>
            <legend>{move || label.get()}</legend>
            <Hint field text=hint />
            <FieldError field error live />
            {options
                .into_iter()
                .enumerate()
                .map(|(i, (v, l))| {
                    let input_id = if i == 0 { id.to_string() } else { format!("{id}-{v}") };
                    let label_for = input_id.clone();
                    view! {
                        <label class="check" for=label_for>
                            <input
                                type="radio"
                                id=input_id
                                name=name
                                value=v
                                checked=move || value.get() == v
                                on:change=move |_| value.set(v.to_string())
                            />
                            {move || l.get()}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
    .into_any()
}
