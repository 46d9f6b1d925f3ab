//! The text inputs several forms ask for in the same way: a login code, an e-mail address, a
//! phone number and a person's names. Each is a `TextInput` with the same id, name, label,
//! hint, browser hints (autocomplete, input mode) and in-browser check wherever it appears.
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::rules::{normalize_phone, validate_email, validate_first_name, validate_surname, Field};
use crate::tr::t_string;
use crate::ui::form::{entered_value, TextInput};
use leptos::prelude::*;

/// A login code (field `code`, id `login_code`): by default the one sent by e-mail (digits,
/// offered from the mail by the phone's keyboard); with `app`, the staff second factor's code
/// from an authenticator app. It starts with what the server refused, if anything.
#[component]
pub fn CodeInput(
    #[prop(into)] error: Signal<Option<AppError>>,
    /// The code comes from an authenticator app, not from an e-mail.
    #[prop(optional)]
    app: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = entered_value(error, "code");
    let (label, hint) = if app {
        (
            Signal::derive(move || t_string!(i18n, login.totp_code).to_string()),
            Signal::derive(move || t_string!(i18n, login.totp_hint).to_string()),
        )
    } else {
        (
            Signal::derive(move || t_string!(i18n, field.login_code).to_string()),
            Signal::derive(move || t_string!(i18n, login.code_hint).to_string()),
        )
    };
    let inputmode = if app { "text" } else { "numeric" };
    view! {
        <TextInput
            field=Field::LoginCode
            name="code"
            autocomplete="one-time-code"
            inputmode
            label
            hint
            value
            error
        />
    }
}

/// An e-mail address (field and id `email`), checked as it is typed. It starts with what the
/// server refused, if anything. `autocomplete` is `email` for the person's own address and
/// `off` for someone else's.
#[component]
pub fn EmailInput(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(into)] label: Signal<String>,
    #[prop(optional_no_strip, into)] hint: Option<Signal<String>>,
    #[prop(default = "email")] autocomplete: &'static str,
) -> impl IntoView {
    let value = entered_value(error, "email");
    view! {
        <TextInput
            field=Field::Email
            name="email"
            kind="email"
            autocomplete
            inputmode="email"
            label
            hint
            value
            error
            check=|s| validate_email(s).map(|_| ())
        />
    }
}

/// The person's own phone number (field and id `phone`), with the hint on the accepted forms,
/// checked as it is typed.
#[component]
pub fn PhoneInput(
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <TextInput
            field=Field::Phone
            name="phone"
            kind="tel"
            autocomplete="tel"
            inputmode="tel"
            label=Signal::derive(move || t_string!(i18n, field.phone).to_string())
            hint=Signal::derive(move || t_string!(i18n, account.phone_hint).to_string())
            value
            error
            check=|s| normalize_phone(s).map(|_| ())
        />
    }
}

/// First name and surname (ids `first_name` and `surname`), as in the identity document,
/// checked as they are typed. With `own`, they are the person's own names and the browser may
/// fill them in; an officer correcting someone else's names gets no suggestions.
#[component]
pub fn NameInputs(
    first: RwSignal<String>,
    surname: RwSignal<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
    /// The names are the person's own.
    #[prop(optional)]
    own: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint = Signal::derive(move || t_string!(i18n, account.name_hint).to_string());
    let (given, family) = if own {
        ("given-name", "family-name")
    } else {
        ("off", "off")
    };
    view! {
        <TextInput
            field=Field::FirstName
            name="first_name"
            autocomplete=given
            label=Signal::derive(move || t_string!(i18n, field.first_name).to_string())
            hint
            value=first
            error
            check=|s| validate_first_name(s).map(|_| ())
        />
        <TextInput
            field=Field::Surname
            name="surname"
            autocomplete=family
            label=Signal::derive(move || t_string!(i18n, field.surname).to_string())
            hint
            value=surname
            error
            check=|s| validate_surname(s).map(|_| ())
        />
    }
}
