//! The rules engine itself, compiled on its own: `app/src/rules` is pure (no Leptos, no
//! database, no clock), so it builds here with only jiff, serde and thiserror — which keeps the
//! instrumented fuzz build to seconds and proves the module needs nothing else.
#[path = "../../../app/src/rules/mod.rs"]
pub mod rules;

/// The upload check (issue #21.1) exactly as the server's checker process runs it, compiled from
/// its source: `server/src/uploads/check.rs` names `app::rules::RuleErrorKind`, which is
/// `crate::rules` here. Only `image`, `lopdf` and `infer` come with it.
extern crate self as app;
#[path = "../../../server/src/uploads/check.rs"]
pub mod upload_check;
