//! Server functions fail with `AccountError`, which leptos sends as a 500. This middleware gives
//! each refusal its own status (400, 401, 403, 404, 409, 429), so logs, proxies and clients
//! tell a typo from an outage — and the session layer, which does not save a session on a 5xx,
//! keeps what the refusal changed in it. Only `/api/` answers that are a 500 with an
//! `AccountError` body are touched; `AccountError::Server` stays a 500.
use app::accounts::AccountError;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// Error bodies are short JSON; anything longer is left alone.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn refusal_status(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(err) = serde_json::from_slice::<AccountError>(&bytes) {
        parts.status = status_of(&err);
    }
    Response::from_parts(parts, Body::from(bytes))
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
        E::EmailTaken | E::CasesOpen | E::Submitted => StatusCode::CONFLICT,
        E::Server => StatusCode::INTERNAL_SERVER_ERROR,
    }
}
