use leptos::prelude::*;

/// The page policy: scripts only from us and the one inline module script of hydration (by
/// nonce); `'wasm-unsafe-eval'` lets the browser compile our WASM; nothing may frame us.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sets the page's CSP with this request's nonce (called while the shell renders).
pub fn set_page_csp() {
    let (Some(resp), Some(nonce)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        leptos::nonce::use_nonce(),
    ) else {
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(&content_security_policy(&nonce.to_string())) {
        resp.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}
