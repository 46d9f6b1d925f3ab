//! For each service: the desks that receive booked visits, the kinds of application, and the
//! length of a visit from a day on.
use super::*;
use crate::error::AppError;
use leptos::prelude::*;

mod save_office_duration;
mod save_office_service;
pub use save_office_duration::*;
pub use save_office_service::*;
