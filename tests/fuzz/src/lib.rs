//! The rules engine itself is the `rules` crate (`app/rules`): pure (no Leptos, no database, no
//! clock), so it builds here with only jiff, serde and thiserror — which keeps the instrumented
//! fuzz build to seconds and proves the crate needs nothing else.
pub use rules;

/// The upload check (issue #21.1) exactly as the server's checker process runs it, compiled from
/// its source: `server/src/uploads/check.rs` names `app::rules::RuleErrorKind`, which is
/// `crate::rules` here. Only `image`, `lopdf` and `infer` come with it.
extern crate self as app;
#[path = "../../../server/src/uploads/check.rs"]
pub mod upload_check;
