//! The HTTP surface: `app(state)` builds the whole router so tests can drive it.
mod csrf;
mod documents;
mod headers;
mod health;
mod lang;
mod my_data;
mod pages;
pub mod queue;
mod strings;
mod visits;

use crate::AppState;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

pub use headers::{content_security_policy, site_pkg_dir};

use app::ssr::auth::{check_csrf, current, Auth};
use axum::extract::{FromRequestParts, Path};
use axum::http::{request::Parts, StatusCode};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

/// The person logged in on a plain HTTP route (one that is not a server function), or the
/// answer to give instead: `nobody` when no one is logged in, a 500 when the session cannot
/// be read.
async fn logged_in(
    state: &AppState,
    session: &Session,
    nobody: impl IntoResponse,
) -> Result<Auth, Response> {
    match current(session, &state.db, &state.auth).await {
        Ok(Some((auth, _))) => Ok(auth),
        Ok(None) => Err(nobody.into_response()),
        Err(_) => Err(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
    }
}

/// A route about one numbered thing of the caller's (`/…/{id}/…`: a document, a visit):
/// who asks and the id from the path. An id that is not a number, or nobody logged in, gets
/// the same 404 as a thing that does not exist.
pub(crate) struct OwnNumbered(pub Auth, pub i64);

impl FromRequestParts<AppState> for OwnNumbered {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let not_found = || StatusCode::NOT_FOUND.into_response();
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| not_found())?;
        let id = id.parse::<i64>().map_err(|_| not_found())?;
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(OwnNumbered(
            logged_in(state, &session, StatusCode::NOT_FOUND).await?,
            id,
        ))
    }
}

/// The person sending a form to a plain HTTP route: 401 when nobody is logged in, 403 when
/// the form's token is not this session's (a stale page).
async fn form_sender(state: &AppState, session: &Session, csrf: &str) -> Result<Auth, Response> {
    let me = logged_in(state, session, (StatusCode::UNAUTHORIZED, "not logged in")).await?;
    if check_csrf(session, csrf).await.is_err() {
        return Err((StatusCode::FORBIDDEN, "the form expired: reload the page").into_response());
    }
    Ok(me)
}

pub fn app(state: AppState) -> Router {
    let max_body = state.config.max_body_bytes;
    // Uploads have their own, larger limit (documents::router); everything else the small one.
    let outer_limit = max_body.max(documents::upload_body_cap(state.config.upload_max_bytes));
    Router::new()
        .merge(health::router())
        .merge(lang::router())
        .merge(strings::router())
        .merge(queue::router())
        .merge(crate::demo_eid::router())
        .nest("/api/v1", crate::api::router())
        .layer(RequestBodyLimitLayer::new(max_body))
        .merge(pages::router(&state))
        // A panic in a handler becomes a 500 for that request (with the security headers
        // below), never a dropped connection.
        .layer(CatchPanicLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::same_origin_only,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::security_headers,
        ))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(RequestBodyLimitLayer::new(outer_limit))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
