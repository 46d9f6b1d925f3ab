//! Issue #7.4 — joining and leaving the waitlist, and accepting a time held from it. The line
//! itself (offers, holds, hand-over) is `super::line`.
use crate::error::AppError;
use leptos::prelude::*;

mod accept_offer;
mod join_waitlist;
mod leave_waitlist;
pub use accept_offer::*;
pub use join_waitlist::*;
pub use leave_waitlist::*;
