//! R-BK-1, R-BK-2 — booking (or moving) an application's visit, and cancelling it. One server
//! function per file.
use crate::error::AppError;
use leptos::prelude::*;

mod book_visit;
mod cancel_visit;
pub use book_visit::*;
pub use cancel_visit::*;
