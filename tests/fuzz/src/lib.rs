//! The rules engine itself, compiled on its own: `app/src/rules` is pure (no Leptos, no
//! database, no clock), so it builds here with only jiff, serde and thiserror — which keeps the
//! instrumented fuzz build to seconds and proves the module needs nothing else.
#[path = "../../../app/src/rules/mod.rs"]
pub mod rules;
