//! Closed days and days with other hours.
use crate::error::AppError;
use leptos::prelude::*;

mod remove_office_exception;
mod save_office_exception;
pub use remove_office_exception::*;
pub use save_office_exception::*;
