//! `/admin/staff`: the staff of an office admin's offices — the list, adding a member with a
//! role, removing one from an office. One server function per file.
use super::StaffList;
use crate::error::AppError;
use leptos::prelude::*;

mod add_staff;
mod remove_staff;
mod staff_overview;
pub use add_staff::*;
pub use remove_staff::*;
pub use staff_overview::*;
