//! How a server function's refusal reaches the wire (issue #24.1): `AppError::ser` calls
//! [`refuse`], which sets the answer's status through Leptos's response options, once.
//!
//! A plain form post (JavaScript off) is the exception: Leptos sends it back to its page with a
//! redirect that carries the error in the URL, and that redirect must stay a redirect.
//!
//! Issue #21.8: a call whose arguments cannot be read answers 400 with an RFC 9457 problem
//! document (`application/problem+json`) whose `detail` names what was wrong.
use crate::error::AppError;
use http::{header, HeaderValue, StatusCode};
use leptos::prelude::use_context;
use leptos::server_fn::error::ServerFnErrorErr;
use leptos_axum::ResponseOptions;
use server_fn::Bytes;

impl AppError {
    /// The HTTP status of this refusal.
    pub fn status(&self) -> StatusCode {
        use AppError as E;
        match self {
            E::Invalid { .. }
            | E::WrongCode { .. }
            | E::CodeExpired
            | E::Locked
            | E::NoLogin
            | E::BadRequest { .. } => StatusCode::BAD_REQUEST,
            E::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
            E::NotLoggedIn => StatusCode::UNAUTHORIZED,
            E::FormExpired | E::Forbidden => StatusCode::FORBIDDEN,
            E::NotFound => StatusCode::NOT_FOUND,
            E::EmailTaken | E::CasesOpen | E::Submitted | E::Conflict => StatusCode::CONFLICT,
            E::Server => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// The decoder's message (printable ASCII, at most 300 characters: it names a field and may
/// quote what was sent) when `err` is a failure to read the request's arguments.
pub fn problem_of(err: &ServerFnErrorErr) -> Option<String> {
    match err {
        ServerFnErrorErr::Args(m)
        | ServerFnErrorErr::MissingArg(m)
        | ServerFnErrorErr::Deserialization(m) => Some(
            m.chars()
                .take(300)
                .map(|c| if (' '..='~').contains(&c) { c } else { '?' })
                .collect(),
        ),
        _ => None,
    }
}

/// Sets the status of the answer that carries `err`; returns the body instead of `err`'s JSON
/// where the answer is a problem document.
pub fn refuse(err: &AppError) -> Option<Bytes> {
    let detail = match err {
        AppError::BadRequest { detail } => Some(detail.as_str()),
        _ => None,
    };
    refuse_with(err.status(), detail)
}

/// [`refuse`] for an answer whose status is known (`ShellError`): sets it, and for a request
/// whose arguments cannot be read (`bad_request` names why) returns the problem document.
pub fn refuse_with(status: StatusCode, bad_request: Option<&str>) -> Option<Bytes> {
    let options = use_context::<ResponseOptions>()?;
    if is_plain_form_post() {
        return None;
    }
    options.set_status(status);
    let detail = bad_request?;
    options.insert_header(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    let problem = serde_json::json!({
        "type": "about:blank",
        "title": "Bad Request",
        "status": status.as_u16(),
        "detail": format!("the arguments cannot be read: {detail}"),
    });
    Some(Bytes::from(problem.to_string()))
}

/// Leptos's own test for a form posted without JavaScript, which it answers with a redirect
/// back to the page (`Accept: text/html` and a `Referer`).
fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        let html = parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        html && parts.headers.contains_key(header::REFERER)
    })
}
