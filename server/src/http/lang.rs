//! The language switch without JavaScript: the header's form posts here; we remember the
//! choice in the same cookie leptos_i18n reads and send the reader back where they were.
use crate::AppState;
use app::locale::{locale_code, parse_locale, LOCALE_COOKIE};
use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Form, Router,
};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/lang", post(switch))
}

#[derive(Deserialize)]
struct Switch {
    lang: String,
    #[serde(default)]
    next: String,
}

/// Only a local path may be the target, so the form cannot be used as an open redirect.
fn safe_next(next: &str) -> &str {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    if ok {
        next
    } else {
        "/"
    }
}

async fn switch(Form(form): Form<Switch>) -> Response {
    let Some(locale) = parse_locale(&form.lang) else {
        return (StatusCode::BAD_REQUEST, "unknown language").into_response();
    };
    let cookie = format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale_code(locale)
    );
    let mut resp = StatusCode::SEE_OTHER.into_response();
    let headers = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, v);
    }
    if let Ok(v) = HeaderValue::from_str(safe_next(&form.next)) {
        headers.insert(header::LOCATION, v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next("/services?x=1"), "/services?x=1");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil"), "/");
        assert_eq!(safe_next(""), "/");
    }
}
