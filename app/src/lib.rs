//! Vartai's Leptos application: pages, widgets, server functions and the shared domain rules.
//!
//! `rules` is pure (no Leptos, no database, no clock) and runs in the browser and on the server.
//! Everything under `ssr` exists only in the server build.
//!
//! A page loads its data with `ui::data::load` (not `Resource::new`): the WASM then carries one
//! JSON decoder per type, shared with the server functions' answers (issue #23.2).
#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

/// The texts of e-mails and SMS in the five languages (`letters/*.json`). Only the server sends
/// them, so they stay out of the WASM bundle; `locale.letters()` picks the reader's language:
/// `td_string!(locale.letters(), case.mail.follow)`.
#[cfg(feature = "ssr")]
pub mod letters {
    include!(concat!(env!("OUT_DIR"), "/letters/mod.rs"));

    impl crate::i18n::Locale {
        /// The same language for the letters' texts.
        pub fn letters(self) -> i18n::Locale {
            match self {
                crate::i18n::Locale::en => i18n::Locale::en,
                crate::i18n::Locale::lt => i18n::Locale::lt,
                crate::i18n::Locale::uk => i18n::Locale::uk,
                crate::i18n::Locale::be => i18n::Locale::be,
                crate::i18n::Locale::ru => i18n::Locale::ru,
            }
        }
    }
}

pub mod accounts;
pub mod applications;
pub mod cases;
pub mod error;
pub mod held;
pub mod identity;
pub mod ids;
pub mod locale;
pub mod mailbox;
pub mod names;
pub mod notices;
pub mod offices;
pub mod pages;
pub mod queue;
pub use rules;
pub mod shell;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod staff;
pub mod today;
pub mod tr;
pub mod ui;
pub mod visits;

pub use shell::{shell, App};
