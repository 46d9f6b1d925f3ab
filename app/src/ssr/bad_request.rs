//! Issue #21.8: a call to a server function whose arguments cannot be read (missing, of the
//! wrong type, a body that is not the form it should be) is the caller's mistake: it answers
//! 400 with an RFC 9457 problem document naming what was wrong, never a 500.
//!
//! Server functions fail with `AccountError`, whose decoding failures all become `Server`; so
//! `AccountError::from_server_fn_error` records the decoder's message here, as a header on the
//! response options, and the server's `/api/` layer (`server/src/http/errors.rs`) turns the
//! answer into the problem document and drops the header. (Issue #24's one app error will set
//! the status directly.)
use leptos::prelude::use_context;
use leptos::server_fn::error::ServerFnErrorErr;

/// The response header that carries the decoder's message to the `/api/` layer (never sent).
pub const PROBLEM_HEADER: &str = "x-vartai-bad-request";

/// The message of a decoding failure of the request, if `err` is one.
pub fn problem_of(err: &ServerFnErrorErr) -> Option<&str> {
    match err {
        ServerFnErrorErr::Args(m)
        | ServerFnErrorErr::MissingArg(m)
        | ServerFnErrorErr::Deserialization(m) => Some(m),
        _ => None,
    }
}

/// Marks this server function's answer as a bad request with `problem` (printable ASCII, at
/// most 300 characters: it names a field, and may quote what was sent).
pub fn flag(problem: &str) {
    let Some(res) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let text: String = problem
        .chars()
        .take(300)
        .map(|c| if (' '..='~').contains(&c) { c } else { '?' })
        .collect();
    if let Ok(value) = http::HeaderValue::from_str(&text) {
        res.insert_header(http::HeaderName::from_static(PROBLEM_HEADER), value);
    }
}
