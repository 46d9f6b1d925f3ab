//! `/account`: the logged-in person's page. On the first e-mail login it is the contact form
//! (R-AC-3); afterwards it shows the details, lets the phone be changed (R-AC-4: names only by
//! an officer) and logs out — here or on every other device.
use crate::accounts::{
    session_info, Level, Logout, LogoutOtherDevices, Me, SaveContact, SessionView,
};
use crate::i18n::*;
use crate::rules::{normalize_phone, validate_first_name, validate_surname, Field};
use crate::ui::form::{form_error, ErrorSummary, PostForm, TextInput};
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Resource::new(|| (), |_| session_info(true));
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, account.title).to_string()) />
        <Suspense>
            {move || {
                session
                    .get()
                    .map(|s| match s {
                        Ok(SessionView { me: Some(me), csrf, .. }) if me.needs_contact() => {
                            view! { <FirstContact me csrf /> }.into_any()
                        }
                        Ok(SessionView { me: Some(me), csrf, .. }) => {
                            view! { <Details me csrf /> }.into_any()
                        }
                        Ok(_) => {
                            view! {
                                <p>{t!(i18n, account.error.not_logged_in)}</p>
                                <p>
                                    <a class="button" href="/login">
                                        {t!(i18n, nav.login)}
                                    </a>
                                </p>
                            }
                                .into_any()
                        }
                        Err(_) => {
                            view! {
                                <p class="field-error" role="alert">
                                    {t!(i18n, account.error.server)}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// R-AC-3: names and phone, checked as they are typed; the e-mail is the login address.
#[component]
fn FirstContact(me: Me, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(SaveContact::PATH);
    let entered = move |k: &str| {
        error
            .get_untracked()
            .and_then(|e| e.entered(k))
            .unwrap_or_default()
    };
    let first = RwSignal::new(entered("first_name"));
    let surname = RwSignal::new(entered("surname"));
    let phone = RwSignal::new(entered("phone"));
    let email = me.email.clone().unwrap_or_default();
    view! {
        <p class="lead">{t!(i18n, account.contact_intro)}</p>
        <ErrorSummary error focus="first_name" />
        <PostForm action=SaveContact::PATH csrf>
            <TextInput
                field=Field::FirstName
                name="first_name"
                autocomplete="given-name"
                label=Signal::derive(move || t_string!(i18n, field.first_name).to_string())
                hint=Signal::derive(move || t_string!(i18n, account.name_hint).to_string())
                value=first
                error
                check=|s| validate_first_name(s).map(|_| ())
            />
            <TextInput
                field=Field::Surname
                name="surname"
                autocomplete="family-name"
                label=Signal::derive(move || t_string!(i18n, field.surname).to_string())
                hint=Signal::derive(move || t_string!(i18n, account.name_hint).to_string())
                value=surname
                error
                check=|s| validate_surname(s).map(|_| ())
            />
            <TextInput
                field=Field::Phone
                name="phone"
                kind="tel"
                autocomplete="tel"
                inputmode="tel"
                label=Signal::derive(move || t_string!(i18n, field.phone).to_string())
                hint=Signal::derive(move || t_string!(i18n, account.phone_hint).to_string())
                value=phone
                error
                check=|s| normalize_phone(s).map(|_| ())
            />
            <p>
                <strong>{t!(i18n, field.email)}</strong>
                ": "
                {email}
            </p>
            <button class="button" type="submit">
                {t!(i18n, account.save)}
            </button>
        </PostForm>
    }
}

#[component]
fn Details(me: Me, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let save_error = form_error(SaveContact::PATH);
    let logout_error = Signal::derive(move || {
        form_error(Logout::PATH)
            .get()
            .or_else(|| form_error(LogoutOtherDevices::PATH).get())
    });
    let done = move || query.with(|q| q.get("done"));
    let others_done = move || done().as_deref() == Some("others");
    let saved = move || done().as_deref() == Some("contact");
    let phone = RwSignal::new(
        save_error
            .get_untracked()
            .and_then(|e| e.entered("phone"))
            .or(me.phone.clone())
            .unwrap_or_default(),
    );
    let name = format!(
        "{} {}",
        me.first_name.clone().unwrap_or_default(),
        me.surname.clone().unwrap_or_default()
    );
    let level = match me.level {
        Level::Email => t_string!(i18n, account.level_email).to_string(),
        Level::Eid => t_string!(i18n, account.level_eid).to_string(),
    };
    let csrf2 = csrf.clone();
    let csrf3 = csrf.clone();
    view! {
        {move || {
            saved()
                .then(|| {
                    view! {
                        <p class="status-note" role="status">
                            {t!(i18n, account.saved)}
                        </p>
                    }
                })
        }}
        <dl class="facts">
            <dt>{t!(i18n, account.name)}</dt>
            <dd>{name}</dd>
            <dt>{t!(i18n, field.email)}</dt>
            <dd>{me.email.clone().unwrap_or_default()}</dd>
            <dt>{t!(i18n, field.phone)}</dt>
            <dd>{me.phone.clone().unwrap_or_default()}</dd>
            <dt>{t!(i18n, account.level)}</dt>
            <dd>{level}</dd>
        </dl>
        <p class="hint">{t!(i18n, account.names_by_officer)}</p>

        <h2>{t!(i18n, account.change_phone)}</h2>
        <ErrorSummary error=save_error focus="phone" />
        <PostForm action=SaveContact::PATH csrf>
            <TextInput
                field=Field::Phone
                name="phone"
                kind="tel"
                autocomplete="tel"
                inputmode="tel"
                label=Signal::derive(move || t_string!(i18n, field.phone).to_string())
                hint=Signal::derive(move || t_string!(i18n, account.phone_hint).to_string())
                value=phone
                error=save_error
                check=|s| normalize_phone(s).map(|_| ())
            />
            <button class="button" type="submit">
                {t!(i18n, account.save)}
            </button>
        </PostForm>

        <h2>{t!(i18n, account.sessions)}</h2>
        <ErrorSummary error=logout_error focus="logout" />
        {move || {
            others_done()
                .then(|| {
                    view! {
                        <p class="status-note" role="status">
                            {t!(i18n, account.others_done)}
                        </p>
                    }
                })
        }}
        <div class="actions">
            // Logging out reloads the whole app: nothing of the session stays in memory.
            <PostForm action=Logout::PATH csrf=csrf2>
                <button class="button" id="logout" type="submit">
                    {t!(i18n, account.logout)}
                </button>
            </PostForm>
            <PostForm action=LogoutOtherDevices::PATH csrf=csrf3>
                <button class="button secondary" type="submit">
                    {t!(i18n, account.logout_others)}
                </button>
            </PostForm>
        </div>
    }
}
