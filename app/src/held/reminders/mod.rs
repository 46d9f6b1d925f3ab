//! R-SV-3 — expiry reminders of a held document: set and removed by its holder. One server
//! function per file.
use crate::error::AppError;
use leptos::prelude::*;

mod remove_reminder;
mod set_reminder;
pub use remove_reminder::*;
pub use set_reminder::*;
