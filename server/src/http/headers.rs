//! Security headers on every response. Pages set their own CSP (with the per-request nonce of
//! the hydration script, see `app::ssr::csp`); anything else gets a deny-all policy.
use crate::AppState;
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
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
    let content_named = in_a_build(path);
    let mut resp = next.run(req).await;
    let found = resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED;
    let worker = worker && resp.status().is_success();
    let h = resp.headers_mut();
    // Issue #23.4: a file named after its content never changes under that name, so the browser
    // keeps it a year without asking again (a new build has new names). Any other site file
    // (a development build's plain names, the worker, the manifest) is asked for every time (a
    // 304 when nothing changed), so a deploy never mixes old and new files.
    if content_named && found {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    } else if site_file && !h.contains_key(header::CACHE_CONTROL) {
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

/// The directory under the site root the pages link the site's files from: `pkg/<build>` for a
/// release site (scripts/build-site.sh moves a build's files to a directory named after their
/// content and writes that name to `build.txt`), `pkg` for a development build (issue #23.4).
pub fn site_pkg_dir(site_root: &str) -> String {
    let root = std::path::Path::new(site_root);
    std::fs::read_to_string(root.join("build.txt"))
        .ok()
        .map(|id| id.trim().to_string())
        .filter(|id| is_build_id(id) && root.join("pkg").join(id).is_dir())
        .map_or_else(|| "pkg".to_string(), |id| format!("pkg/{id}"))
}

/// A build's name: the first 20 hex digits of the SHA-256 over its files.
fn is_build_id(s: &str) -> bool {
    s.len() == 20
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether a path is a file of a build named after its content, `/pkg/<build>/<file>`: such a
/// file never changes under that name.
pub fn in_a_build(path: &str) -> bool {
    path.strip_prefix("/pkg/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(id, file)| is_build_id(id) && !file.is_empty())
}

#[cfg(test)]
mod tests {
    use super::in_a_build;

    #[test]
    fn a_file_of_a_named_build_is_told_from_a_plain_one() {
        for built in [
            "/pkg/0123456789abcdef0123/vartai.wasm",
            "/pkg/0123456789abcdef0123/chunk_12.wasm",
            "/pkg/0123456789abcdef0123/__wasm_split.______________________.js",
        ] {
            assert!(in_a_build(built), "{built}");
        }
        for plain in [
            "/pkg/vartai.wasm",
            "/pkg/0123456789abcdef0123/",
            "/pkg/0123456789ABCDEF0123/vartai.wasm",
            "/pkg/0123456789abcdef012/vartai.wasm",
            "/pkg/../0123456789abcdef0123/vartai.wasm",
            "/sw.js",
        ] {
            assert!(!in_a_build(plain), "{plain}");
        }
    }
}
