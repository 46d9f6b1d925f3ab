//! Security headers on every response. Pages set their own CSP (with the per-request nonce of
//! the hydration script, see `app::ssr::csp`); anything else gets a deny-all policy.
use crate::AppState;
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};

pub use app::ssr::content_security_policy;

/// For responses that are not pages (JSON, files): nothing may run or be framed.
const STRICT_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// For the service worker (issue #23.6): it fetches pages and files of this site, nothing else.
const WORKER_CSP: &str = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Files at the site root that a new build changes under the same name (`/pkg/` is all such).
const SITE_FILES: [&str; 3] = ["/sw.js", "/sw-register.js", "/manifest.webmanifest"];

pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let site_file = path.starts_with("/pkg/") || SITE_FILES.contains(&path);
    let worker = path == "/sw.js";
    let mut resp = next.run(req).await;
    let worker = worker && resp.status().is_success();
    let h = resp.headers_mut();
    // The WASM module and its lazy chunks must come from the same build: the browser asks
    // every time (a 304 when nothing changed), so a deploy never mixes old and new files.
    if site_file && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(self), geolocation=(), microphone=(), payment=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    // Pages and server-function answers can be about the person logged in: never stored by a
    // shared cache or kept for the back button after logout (static files set their own).
    let personal = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"));
    if personal && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if worker {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(WORKER_CSP),
        );
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(STRICT_CSP),
        );
    }
    if state.config.is_https() {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    resp
}
