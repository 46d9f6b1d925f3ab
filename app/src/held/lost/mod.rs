//! R-SV-5 — reporting a held document lost, and the office's list of lost reports. One server
//! function per file.
use super::LostReport;
use crate::error::AppError;
use leptos::prelude::*;

mod lost_reports;
mod report_lost;
pub use lost_reports::*;
pub use report_lost::*;
