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

pub use headers::content_security_policy;

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
