//! Vartai's Leptos application: pages, widgets, server functions and the shared domain rules.
//!
//! `rules` is pure (no Leptos, no database, no clock) and runs in the browser and on the server.
//! Everything under `ssr` exists only in the server build.
#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod accounts;
pub mod applications;
pub mod cases;
pub mod held;
pub mod locale;
pub mod mailbox;
pub mod notices;
pub mod offices;
pub mod pages;
pub mod queue;
pub mod rules;
pub mod shell;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod staff;
pub mod today;
pub mod ui;
pub mod visits;

pub use shell::{shell, App};
