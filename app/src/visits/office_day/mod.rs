//! The office's visit day for officers (`/staff/visits`): the day's list, and marking a
//! visit checked in or a no-show. One server function per file.
use crate::error::AppError;
use crate::staff::OfficeRef;
use jiff::civil::Date;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod day_list;
mod mark_visit;
pub use day_list::*;
pub use mark_visit::*;

/// A booked visit on the officers' day view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayVisit {
    pub code: String,
    pub starts: String,
    pub ends: String,
    /// Which of the service's booking desks.
    pub desk: i64,
    /// The person the application is for.
    pub applicant: String,
    pub application_id: i64,
    pub reference: String,
    /// `booked`, `checked_in` or `no_show`.
    pub state: String,
    /// The visit's time has begun (a no-show can be marked).
    pub started: bool,
}

/// One office's booked visits of one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeDayView {
    pub offices: Vec<OfficeRef>,
    pub office: Option<i64>,
    #[serde(deserialize_with = "rules::wire::date")]
    pub day: Date,
    #[serde(deserialize_with = "rules::wire::date")]
    pub today: Date,
    pub visits: Vec<DayVisit>,
}
