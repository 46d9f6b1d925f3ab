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
        .leptos_routes_with_context(state, routes, ctx, move || shell(options.clone()))
        .layer(axum::middleware::map_response(low_priority_preloads))
        .route("/api/{*fn_name}", get(server_fn).post(server_fn))
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

/// Issue #23.3 — a page's head preloads the WASM of its route (leptos writes these links from
/// the splitter's manifest, with no priority, so Chromium fetches them at high priority beside
/// the style sheet the first paint waits for). They are needed only for hydration, which runs
/// on idle: this marks them `fetchpriority="low"`. The head is in the stream's first chunk.
async fn low_priority_preloads(res: axum::response::Response) -> axum::response::Response {
    use futures_util::StreamExt;
    let html = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    let mut first = true;
    let body = body.into_data_stream().map(move |chunk| match chunk {
        Ok(bytes) if std::mem::take(&mut first) => Ok(mark_preloads(bytes)),
        other => other,
    });
    axum::response::Response::from_parts(parts, Body::from_stream(body))
}

/// `<link … rel="preload" href="….wasm" …>` → the same with `fetchpriority="low"` (other links,
/// and a preload that says its priority, are left as they are).
fn mark_preloads(bytes: axum::body::Bytes) -> axum::body::Bytes {
    const LINK: &str = "<link ";
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return bytes;
    };
    let wanted = |tag: &str| {
        tag.contains(" rel=\"preload\"")
            && tag.contains(".wasm\"")
            && !tag.contains("fetchpriority")
    };
    let mut out = String::with_capacity(text.len() + 512);
    let mut rest = text;
    let mut marked = false;
    while let Some(at) = rest.find(LINK) {
        let (before, link) = rest.split_at(at);
        out.push_str(before);
        let end = link.find('>').map_or(link.len(), |e| e + 1);
        let tag = &link[..end];
        if wanted(tag) {
            out.push_str(LINK);
            out.push_str("fetchpriority=\"low\" ");
            out.push_str(&tag[LINK.len()..]);
            marked = true;
        } else {
            out.push_str(tag);
        }
        rest = &link[end..];
    }
    if !marked {
        return bytes;
    }
    out.push_str(rest);
    axum::body::Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::mark_preloads;

    #[test]
    fn only_the_wasm_preloads_get_low_priority() {
        // As leptos_meta writes them: attributes in alphabetical order.
        let head = concat!(
            "<head><link as=\"fetch\" href=\"/strings/uk.1.txt\" rel=\"preload\">",
            "<link rel=\"preload\" href=\"/pkg/b/vartai.wasm\" as=\"fetch\" fetchpriority=\"low\">",
            "<link as=\"fetch\" crossorigin=\"n\" href=\"/pkg/b/part_1.wasm\" rel=\"preload\" type=\"application/wasm\">",
            "<link href=\"/pkg/b/__wasm_split.js\" rel=\"modulepreload\">",
            "<link as=\"fetch\" href=\"/pkg/b/part_2.wasm\" rel=\"preload\"></head><body>é</body>"
        );
        let out = mark_preloads(head.into());
        let out = std::str::from_utf8(&out).unwrap();
        assert_eq!(
            out,
            concat!(
                "<head><link as=\"fetch\" href=\"/strings/uk.1.txt\" rel=\"preload\">",
                "<link rel=\"preload\" href=\"/pkg/b/vartai.wasm\" as=\"fetch\" fetchpriority=\"low\">",
                "<link fetchpriority=\"low\" as=\"fetch\" crossorigin=\"n\" href=\"/pkg/b/part_1.wasm\" rel=\"preload\" type=\"application/wasm\">",
                "<link href=\"/pkg/b/__wasm_split.js\" rel=\"modulepreload\">",
                "<link fetchpriority=\"low\" as=\"fetch\" href=\"/pkg/b/part_2.wasm\" rel=\"preload\"></head><body>é</body>"
            )
        );
        // Nothing to mark: the same bytes.
        let plain =
            axum::body::Bytes::from_static(b"<p>no <link rel=\"stylesheet\" href=\"a.css\"></p>");
        assert_eq!(mark_preloads(plain.clone()), plain);
    }
}
