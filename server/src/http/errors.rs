//! Server functions fail with `AccountError`, which leptos sends as a 500. This middleware gives
//! each refusal its own status (400, 401, 403, 404, 409, 429), so logs, proxies and clients
//! tell a typo from an outage — and the session layer, which does not save a session on a 5xx,
//! keeps what the refusal changed in it. Only `/api/` answers that are a 500 with an
//! `AccountError` body are touched; `AccountError::Server` stays a 500.
//!
//! Issue #21.8: a call whose arguments cannot be read answers 400 with an RFC 9457 problem
//! document (`application/problem+json`) whose `detail` names what was wrong — flagged by
//! `app::ssr::bad_request` for `AccountError`, read from the body for the few server functions
//! that fail with leptos's own `ServerFnError` (`Args|…`, `MissingArg|…`).
use app::accounts::AccountError;
use app::ssr::bad_request::PROBLEM_HEADER;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Error bodies are short JSON; anything longer is left alone.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn refusal_status(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    if !api {
        return res;
    }
    if let Some(problem) = res.headers_mut().remove(PROBLEM_HEADER) {
        // A plain form post is sent back to its page (leptos's redirect), as for any refusal.
        if res.status().is_redirection() {
            return res;
        }
        return bad_request(problem.to_str().unwrap_or("the arguments cannot be read"));
    }
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(err) = serde_json::from_slice::<AccountError>(&bytes) {
        parts.status = status_of(&err);
    } else if let Some(problem) = ["Args|", "MissingArg|", "Deserialization|"]
        .iter()
        .find_map(|p| bytes.strip_prefix(p.as_bytes()))
    {
        return bad_request(&String::from_utf8_lossy(problem));
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// 400 with a problem document whose `detail` is `problem`.
fn bad_request(problem: &str) -> Response {
    let body = serde_json::json!({
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": format!("the arguments cannot be read: {problem}"),
    });
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

pub fn status_of(err: &AccountError) -> StatusCode {
    use AccountError as E;
    match err {
        E::Invalid { .. } | E::WrongCode { .. } | E::CodeExpired | E::Locked | E::NoLogin => {
            StatusCode::BAD_REQUEST
        }
        E::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
        E::NotLoggedIn => StatusCode::UNAUTHORIZED,
        E::FormExpired | E::Forbidden => StatusCode::FORBIDDEN,
        E::NotFound => StatusCode::NOT_FOUND,
        E::EmailTaken | E::CasesOpen | E::Submitted | E::Conflict => StatusCode::CONFLICT,
        E::Server => StatusCode::INTERNAL_SERVER_ERROR,
    }
}
