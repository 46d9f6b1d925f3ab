//! `/login` and `/login/code`: the e-mail login (R-AC-1a, R-AC-2). The forms post to the
//! server functions as plain HTML forms, with or without JavaScript (a full page load per step
//! keeps the bundle small: no client-side call code per form); the WASM adds the instant checks.
use crate::accounts::{session_info, MfaStep, RequestCode, SecondFactor, SessionView, VerifyCode};
use crate::i18n::use_i18n;
use crate::tr::{t, t_string};
use crate::ui::form::{form_error, ErrorSummary, PostForm};
use crate::ui::inputs::{CodeInput, EmailInput};
use crate::ui::note::StatusNote;
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;
use server_fn::ServerFn;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <LoginStep
            title=Signal::derive(move || t_string!(i18n, login.title).to_string())
            step=Callback::new(|s: SessionView| {
                Some(view! { <LoginChoices csrf=s.csrf eid=s.eid /> }.into_any())
            })
        />
    }
}

/// A page of the login (`/login`, `/login/code`, `/login/totp`): its title, then `step` with
/// the session — `None` when this step has no login in progress to continue. Someone already
/// logged in is sent to their account, and a session that cannot be read is "server trouble".
#[component]
fn LoginStep(
    #[prop(into)] title: Signal<String>,
    step: Callback<SessionView, Option<AnyView>>,
) -> impl IntoView {
    let session = crate::ui::data::load(|| (), |_| session_info(true));
    let step = move |s: SessionView| {
        step.run(s)
            .unwrap_or_else(|| view! { <NoLoginInProgress /> }.into_any())
    };
    view! {
        <PageTitle text=title />
        <Suspense>
            {move || {
                session
                    .get()
                    .map(|s| match s {
                        Ok(SessionView { me: Some(_), .. }) => {
                            view! { <AlreadyLoggedIn /> }.into_any()
                        }
                        Ok(s) => step(s),
                        Err(_) => view! { <ServerTrouble /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn LoginChoices(csrf: String, eid: bool) -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    // The e-ID round trip carries the page to return to as well (issue #5.3).
    let eid_href = move || {
        query
            .with(|q| q.get("next"))
            .map(|n| {
                let n: String = form_urlencoded::byte_serialize(n.as_bytes()).collect();
                format!("/login/eid?next={n}")
            })
            .unwrap_or_else(|| "/login/eid".to_string())
    };
    // Why the last e-ID attempt came back (`/login?eid=…`).
    let eid_outcome = move || {
        query.with(|q| q.get("eid")).map(|why| match why.as_str() {
            "cancelled" => t_string!(i18n, login.eid_cancelled).to_string(),
            "bad_code" => t_string!(i18n, login.eid_bad_code).to_string(),
            "off" => t_string!(i18n, login.eid_soon).to_string(),
            _ => t_string!(i18n, login.eid_failed).to_string(),
        })
    };
    let error = form_error(RequestCode::PATH);
    let deleted = move || query.with(|q| q.get("done")).as_deref() == Some("deleted");
    view! {
        <StatusNote show=Signal::derive(deleted)>{t!(i18n, login.deleted)}</StatusNote>
        <p class="lead">{t!(i18n, login.intro)}</p>
        <ErrorSummary error focus="email" />
        <div class="cards-static">
            <section class="panel" aria-labelledby="login-email-title">
                <h2 id="login-email-title">{t!(i18n, login.email_title)}</h2>
                <p>{t!(i18n, login.email_text)}</p>
                <PostForm action=RequestCode::PATH csrf>
                    // Issue #5.3: where to go once logged in (the page that sent them here).
                    <input
                        type="hidden"
                        name="next"
                        value=move || query.with(|q| q.get("next")).unwrap_or_default()
                    />
                    <EmailInput
                        error
                        label=Signal::derive(move || t_string!(i18n, field.email).to_string())
                        hint=Signal::derive(move || t_string!(i18n, login.email_hint).to_string())
                    />
                    <button class="button" type="submit">
                        {t!(i18n, login.send_code)}
                    </button>
                </PostForm>
            </section>
            <section class="panel" aria-labelledby="login-eid-title">
                <h2 id="login-eid-title">{t!(i18n, login.eid_title)}</h2>
                <p>{t!(i18n, login.eid_text)}</p>
                {move || {
                    eid_outcome()
                        .map(|m| {
                            view! {
                                <p class="field-error" role="alert" id="eid-error">
                                    {m}
                                </p>
                            }
                        })
                }}
                {if eid {
                    // rel=external: a full page load to the provider, not an in-app route.
                    view! {
                        <a class="button" href=eid_href rel="external">
                            {t!(i18n, login.eid_button)}
                        </a>
                    }
                        .into_any()
                } else {
                    view! { <p class="status-note">{t!(i18n, login.eid_soon)}</p> }.into_any()
                }}
            </section>
        </div>
    }
}

#[component]
pub fn LoginCodePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <LoginStep
            title=Signal::derive(move || t_string!(i18n, login.code_title).to_string())
            step=Callback::new(|s: SessionView| {
                let SessionView { pending_email: Some(to), csrf, .. } = s else {
                    return None;
                };
                Some(view! { <CodeForm to csrf /> }.into_any())
            })
        />
    }
}

#[component]
fn CodeForm(to: String, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(VerifyCode::PATH);
    let to_text = to.clone();
    view! {
        <p class="lead">{t!(i18n, login.code_sent, email = move || to_text.clone())}</p>
        <ErrorSummary error focus="login_code" />
        <PostForm action=VerifyCode::PATH csrf>
            <CodeInput error />
            <button class="button" type="submit">
                {t!(i18n, login.log_in)}
            </button>
        </PostForm>
        <p>
            <a href="/login">{t!(i18n, login.new_code)}</a>
        </p>
    }
}

/// `/login/totp`: the staff second factor — set up the app on the first login, then a code.
#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <LoginStep
            title=Signal::derive(move || t_string!(i18n, login.totp_title).to_string())
            step=Callback::new(|s: SessionView| {
                let SessionView { mfa: Some(step), csrf, .. } = s else {
                    return None;
                };
                Some(view! { <SecondFactorForm step csrf /> }.into_any())
            })
        />
    }
}

#[component]
fn SecondFactorForm(step: MfaStep, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(SecondFactor::PATH);
    let intro = match step {
        MfaStep::Enroll { secret, qr_svg } => view! {
            <p class="lead">{t!(i18n, login.totp_enroll)}</p>
            <div
                class="qr"
                role="img"
                aria-label=move || t_string!(i18n, login.totp_qr)
                inner_html=qr_svg
            ></div>
            <p>{t!(i18n, login.totp_secret)} " " <code class="secret">{secret}</code></p>
        }
        .into_any(),
        MfaStep::Verify => view! { <p class="lead">{t!(i18n, login.totp_verify)}</p> }.into_any(),
    };
    view! {
        {intro}
        <ErrorSummary error focus="login_code" />
        <PostForm action=SecondFactor::PATH csrf>
            <CodeInput error app=true />
            <button class="button" type="submit">
                {t!(i18n, login.log_in)}
            </button>
        </PostForm>
    }
}

/// The login pages' answer to someone already logged in.
#[component]
fn AlreadyLoggedIn() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="status-note">
            {t!(i18n, login.already)} " " <a href="/account">{t!(i18n, nav.account)}</a>
        </p>
    }
}

/// A later login step reached with no login in progress in this browser.
#[component]
fn NoLoginInProgress() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>{t!(i18n, account.error.no_login)}</p>
        <p>
            <a href="/login">{t!(i18n, login.start_again)}</a>
        </p>
    }
}

/// The session could not be read: the generic, translated "something went wrong".
#[component]
pub fn ServerTrouble() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="field-error" role="alert">
            {t!(i18n, account.error.server)}
        </p>
    }
}
