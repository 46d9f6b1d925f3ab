//! Who is calling (issue #4; split by concern in #24.2): the session and its checks, the caller
//! guard every server function opens with (`Caller`), CSRF tokens, login-code hashes, rate
//! limits, the client's address and language, and the audit log. Nothing here imports a
//! feature module: features build on it.
//!
//! Session and code times use the real clock (`outbox::now_ms`): they are security timers,
//! never the pinned legal clock of `VARTAI_NOW`.
mod audit;
mod caller;
mod client;
mod codes;
mod csrf;
mod limits;
mod session;

pub use audit::{clip, readable_detail, Action, Audit};
pub use caller::Caller;
pub use client::{client_address, client_address_of, request_locale, Client};
pub use codes::{code_hash, code_matches, random_code};
pub use csrf::{check_csrf, constant_time_eq, csrf_token, random_token};
pub use limits::{count_hit, hits, rate_limit};
pub use session::*;
