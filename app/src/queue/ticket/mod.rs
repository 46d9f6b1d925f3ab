//! Issue #8.2 — a remote ticket for today (R-QU-1…R-QU-3): the queue page's data, taking a
//! ticket at an office for a service inside the remote window, and cancelling it.
use super::QueueView;
use crate::error::AppError;
use leptos::prelude::*;

mod cancel_ticket;
mod my_queue;
mod take_ticket;
pub use cancel_ticket::*;
pub use my_queue::*;
pub use take_ticket::*;
