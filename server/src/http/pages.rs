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
use leptos_axum::{
    generate_route_list, handle_server_fns_with_context, AxumRouteListing, LeptosRoutes,
};
use std::sync::OnceLock;

/// The context every Leptos handler gets: the database and the clock (leptos_axum itself
/// provides the request, the response options and the CSP nonce).
fn provide(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let db = state.db.clone();
    let clock = state.clock.clone();
    move || {
        provide_context(db.clone());
        provide_context(clock.clone());
    }
}

/// The app's routes, walked once per process. Walking them sets a process-global flag in
/// leptos_server that makes any resource first polled meanwhile wait forever (leptos issue
/// #4773), so a second server in the same process (the black-box tests start many) must never
/// walk them while another one is serving.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: &AppState) -> Router<AppState> {
    let routes = routes();
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
