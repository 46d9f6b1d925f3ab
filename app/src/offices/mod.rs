//! Offices: where visits happen and queues run. Created by the demo seed or an office admin.
mod list_offices;
mod setup;

pub use list_offices::{list_offices, ListOffices};
pub use setup::{
    office_setup, remove_office_exception, save_office_exception, save_office_hours,
    save_office_service, OfficeSetup, OfficeSetupView, RemoveOfficeException, SaveOfficeDuration,
    SaveOfficeException, SaveOfficeHours, SaveOfficeService, SetupException, SetupOffice,
    SetupService,
};

use serde::{Deserialize, Serialize};

/// Opening hours of one weekday (1 = Monday … 7 = Sunday), local time `HH:MM`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub weekday: u8,
    pub opens: String,
    pub closes: String,
}

/// An office as the public pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    pub slug: String,
    pub name: String,
    pub city: String,
    pub address: String,
    pub phone: Option<String>,
    pub map_url: Option<String>,
    pub live_queue: bool,
    pub desks: i64,
    /// Sorted by weekday; a weekday that is absent is a closed day.
    pub hours: Vec<DayHours>,
    /// Service codes (`submit_documents`, `collect_document`, …), translated by the page.
    pub services: Vec<String>,
    /// Today's remote-ticket window (R-QU-2) as `HH:MM`, when the office has one today.
    pub remote_today: Option<(String, String)>,
    /// True when today is a working day on which the office opens.
    pub open_today: bool,
}

/// The offices page also says what day the server thinks it is (Europe/Vilnius).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeDirectory {
    pub today: String,
    pub offices: Vec<Office>,
}
