//! Leptos pages, server functions and static files; Leptos handlers get `AppState` pieces in context.
use crate::AppState;
use app::{shell, App};
use axum::{
    body::Body,
    extract::{Request, State},
    response::IntoResponse,
    routing::get,
    Router,
};
use leptos::prelude::*;
use leptos_axum::{
    generate_route_list, handle_server_fns_with_context, AxumRouteListing, LeptosRoutes,
};
use std::convert::Infallible;
use std::sync::OnceLock;
use tower::service_fn;
use tower_http::services::ServeDir;

/// The context every Leptos handler gets: the database, the clock, demo mode, the account
/// settings and the outbox's wake-up (leptos_axum itself provides the request, the response
/// options and the CSP nonce).
fn provide(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let db = state.db.clone();
    let clock = state.clock.clone();
    let demo = app::ssr::DemoMode(state.config.demo);
    let auth = state.auth.clone();
    let wake = state.outbox.clone();
    let eid = app::ssr::auth::EidEnabled(state.eid.is_some());
    let booking = app::visits::ssr::BookingSettings(state.config.booking);
    let limits = state.availability.clone();
    let plans = state.plans.clone();
    let seats = state.seats.clone();
    let queue = state.queue.clone();
    let queue_settings =
        app::queue::QueueSettings { near_position: state.config.queue_near_position };
    let applications = app::applications::ApplicationSettings {
        min_monthly_wage_eur: state.config.min_monthly_wage_eur,
        upload_max_bytes: state.config.upload_max_bytes,
        fee_iban: state.config.fee_iban.clone(),
        fee_bic: state.config.fee_bic.clone(),
    };
    move || {
        provide_context(applications.clone());
        provide_context(eid);
        provide_context(booking);
        provide_context(limits.clone());
        provide_context(plans.clone());
        provide_context(seats.clone());
        provide_context(queue.clone());
        provide_context(queue_settings);
        provide_context(db.clone());
        provide_context(clock.clone());
        provide_context(demo);
        provide_context(auth.clone());
        provide_context(wake.clone());
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
    // Files under the site root (`/pkg/…`, `/favicon.svg`); anything else is the app's 404 page.
    // (Not leptos_axum's file handler: it reads response options through a new child of the
    // thread's current reactive owner, which under concurrent load was another request's render
    // — pages lost their CSP to static files and the other way round.)
    let not_found = {
        let ctx = provide(state);
        let options = options.clone();
        leptos_axum::render_app_to_stream_with_context(ctx, move || shell(options.clone()))
    };
    // Issue #23.4: the release site carries brotli (-q 11) and gzip (-9) copies of its WASM, JS
    // and CSS (scripts/build-site.sh), sent as they are to a browser that accepts them; the
    // compression layer then leaves them alone (it skips an answer that is already encoded).
    let files = ServeDir::new(state.leptos_options.site_root.as_ref())
        .precompressed_br()
        .precompressed_gzip()
        .fallback(service_fn(move |req: Request<Body>| {
            let not_found = not_found.clone();
            async move { Ok::<_, Infallible>(not_found(req).await) }
        }));
    // Pages and server functions run inside the session (static files and the 404 do not).
    Router::new()
        .route("/api/{*fn_name}", get(server_fn).post(server_fn))
        .leptos_routes_with_context(state, routes, ctx, move || shell(options.clone()))
        .merge(crate::eid::router())
        .merge(super::my_data::router())
        .merge(super::visits::router())
        .route_layer(tower_http::limit::RequestBodyLimitLayer::new(
            state.config.max_body_bytes,
        ))
        // Its own body limit (the size of a document).
        .merge(super::documents::router(state))
        .route_layer(axum::middleware::from_fn_with_state(
            (state.config.session_idle_secs, state.auth.clock.clone()),
            crate::sessions::touch,
        ))
        .route_layer(crate::sessions::layer(
            state.sessions.clone(),
            &state.config,
        ))
        .fallback_service(files)
}

async fn server_fn(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(provide(&state), req).await
}
