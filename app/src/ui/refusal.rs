//! What a page shows when it cannot show its data: the refusal (not logged in, the wrong role,
//! not found, trouble), and the `Suspense` that loads a page's data and shows either.
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::locale::account_error_message;
use crate::tr::t;
use crate::ui::data::Data;
use leptos::prelude::*;

/// Why a page shows nothing: not logged in (with the way in), the wrong role, not found, or
/// trouble. The server-rendered page gets the matching status (401, 403, 404, 500).
#[component]
pub fn Refusal(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(match error {
            AppError::NotLoggedIn => http::StatusCode::UNAUTHORIZED,
            AppError::Forbidden => http::StatusCode::FORBIDDEN,
            AppError::NotFound => http::StatusCode::NOT_FOUND,
            _ => http::StatusCode::INTERNAL_SERVER_ERROR,
        });
    }
    let login = matches!(error, AppError::NotLoggedIn);
    let message = account_error_message(i18n.get_locale_untracked(), &error).join(" ");
    // Issue #5.3: after logging in, back to this page (a draft resumes where it was).
    let location = leptos_router::hooks::use_location();
    let login_href = move || {
        let here = format!("{}{}", location.pathname.get(), {
            let q = location.search.get();
            if q.is_empty() {
                String::new()
            } else {
                format!("?{q}")
            }
        });
        let next: String = form_urlencoded::byte_serialize(here.as_bytes()).collect();
        format!("/login?next={next}")
    };
    view! {
        <p class="status-note" role="alert">
            {message}
        </p>
        {login
            .then(|| {
                view! {
                    <p>
                        <a class="button" href=login_href>
                            {t!(i18n, nav.login)}
                        </a>
                    </p>
                }
            })}
    }
}

/// A page's data behind a `Suspense`: once loaded, `ok` renders it; an error is the page's
/// `Refusal` (with its HTTP status on the server).
#[component]
pub fn Loaded<T>(data: Data<Result<T, AppError>>, ok: Callback<T, AnyView>) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    view! {
        <Suspense>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok(value) => ok.run(value),
                        Err(error) => view! { <Refusal error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}
