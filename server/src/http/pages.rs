//! Leptos pages, server functions and static files, each with `AppState` pieces in context.
use crate::AppState;
use app::{shell, App};
use axum::{
    body::Body,
    extract::{Request, State},
    http::Uri,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};

/// The context every Leptos handler gets: the database, the clock and a fresh CSP nonce.
fn provide(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let db = state.db.clone();
    let clock = state.clock.clone();
    move || {
        provide_context(db.clone());
        provide_context(clock.clone());
        leptos::nonce::provide_nonce();
    }
}

pub fn router(state: &AppState) -> Router<AppState> {
    let routes = generate_route_list(App);
    let ctx = provide(state);
    let options = state.leptos_options.clone();
    Router::new()
        .route("/api/{*fn_name}", get(server_fn).post(server_fn))
        .leptos_routes_with_context(state, routes, ctx, move || shell(options.clone()))
        .fallback(file_or_page)
}

async fn server_fn(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(provide(&state), req).await
}

/// Files under the site root (`/pkg/…`, `/favicon.svg`), else the app's own 404 page.
async fn file_or_page(uri: Uri, State(state): State<AppState>, req: Request<Body>) -> Response {
    let handler =
        leptos_axum::file_and_error_handler_with_context::<AppState, _>(provide(&state), shell);
    handler(uri, State(state), req).await
}
