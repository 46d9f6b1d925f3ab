//! Issue #7.1 — an office admin sets up their offices for visits: address and map link, the
//! hours of each weekday, closed days and days with other hours, and for each service how many
//! desks receive booked visits and which kinds of application they are for. Public holidays
//! come from the rules calendar and need no entry. Every change is audited; only the admin's
//! own offices can be read or changed (another office answers 404).
mod exceptions;
mod hours;
mod services;
#[cfg(feature = "ssr")]
mod ssr;
mod view;

pub use exceptions::*;
pub use hours::*;
pub use services::*;
pub use view::*;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One office's set-up, as its admin sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupOffice {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub map_url: Option<String>,
    /// Monday … Sunday: (`opens`, `closes`), empty for a closed day.
    pub week: Vec<(String, String)>,
    /// Exceptions from today on.
    pub exceptions: Vec<SetupException>,
    pub services: Vec<SetupService>,
    /// The office's address in links (`/kiosk/<slug>`).
    pub slug: String,
    /// Issue #8.4: its kiosks, not revoked, newest first.
    pub kiosks: Vec<SetupKiosk>,
}

/// A registered kiosk of the office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupKiosk {
    pub id: i64,
    pub name: String,
    /// When it was registered and last used (local `YYYY-MM-DD HH:MM`).
    pub registered: String,
    pub seen: Option<String>,
}

/// A day that differs from the week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupException {
    #[serde(deserialize_with = "rules::wire::date")]
    pub day: Date,
    /// `None`: closed all day.
    pub hours: Option<(String, String)>,
    pub note: String,
    /// Visits booked on that day (the admin is told, as these people need to hear from them).
    pub booked: u32,
}

/// A service of the office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupService {
    pub code: String,
    /// The national duration of one visit, used where the office sets none.
    pub national_minutes: i64,
    /// How long one visit lasts at this office from tomorrow.
    pub minutes: i64,
    /// Lengths set to start on a later day: `(from_day, minutes)`.
    #[serde(deserialize_with = "rules::wire::dated")]
    pub changes: Vec<(Date, i64)>,
    /// The first day a new length can start (tomorrow, or the day after the last booked day:
    /// booked visits keep their times).
    #[serde(deserialize_with = "rules::wire::date")]
    pub earliest_change: Date,
    /// Desks receiving booked visits: the seats of each slot (0: not bookable).
    pub desks: i64,
    /// The application types (`ApplicationType::as_str`) its visits are for.
    pub kinds: Vec<String>,
}

/// The admin's offices and the one chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeSetupView {
    pub offices: Vec<crate::staff::OfficeRef>,
    pub office: Option<SetupOffice>,
    /// Booked visits from tomorrow on that fall outside the hours now set (after a change).
    pub outside_hours: u32,
}
