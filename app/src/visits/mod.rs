//! Visits (issue #7; R-BK-1 … R-BK-3, R-FL-1): an applicant books, moves or cancels the visit
//! at which they hand in the originals of a submitted application. Slots come from the office's
//! hours, the service's duration and its booking desks, minus weekends, public holidays and the
//! office's closed days (`rules::booking`); a seat is taken by a unique index, never by reading
//! first. Page: `crate::pages::visit`.
mod book;
mod office_day;
mod plan;
mod waitlist;

pub use book::{book_visit, cancel_visit, BookVisit, CancelVisit};
pub use office_day::{mark_visit, office_day, DayVisit, MarkVisit, OfficeDay, OfficeDayView};
pub use plan::{visit_plan, VisitPlan};
pub use waitlist::{
    accept_offer, join_waitlist, leave_waitlist, AcceptOffer, JoinWaitlist, LeaveWaitlist,
};

use crate::rules::booking::BookingRange;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The office a visit is at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct VisitOffice {
    pub slug: String,
    pub name: String,
    pub address: String,
    pub map_url: Option<String>,
}

/// A booked visit, as the applicant sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    /// The code the kiosk checks in (also in the QR code).
    pub code: String,
    #[serde(deserialize_with = "rules::wire::date")]
    pub day: Date,
    /// `HH:MM`, Europe/Vilnius.
    pub starts: String,
    pub ends: String,
    /// R-BK-2: moves made so far.
    pub moves: u32,
    pub office: VisitOffice,
    /// The QR code of `code`, as SVG.
    pub qr_svg: String,
}

/// A day of the calendar and its free seats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFree {
    #[serde(deserialize_with = "rules::wire::date")]
    pub day: Date,
    pub free: u32,
}

/// A time of the chosen day and its free seats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotFree {
    pub starts: String,
    pub free: u32,
}

/// Why nothing can be booked for an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Blocked {
    /// R-BK-1: only a submitted application books a visit.
    NotSubmitted,
    /// Refused, or the card already collected.
    Closed,
    /// R-BK-1: the application's office offers no visits for this type.
    NoService,
    /// R-FL-1: the 4-month window to appear has passed.
    WindowPassed,
}

/// Everything the visit page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitView {
    pub application_id: i64,
    pub reference: String,
    pub office: Option<VisitOffice>,
    pub booking: Option<Visit>,
    pub blocked: Option<Blocked>,
    /// R-FL-1: the last day to appear.
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub appear_by: Option<Date>,
    pub range: Option<BookingRange>,
    /// R-BK-2: how many moves are allowed.
    pub max_moves: u32,
    /// Fair release: the next day of the horizon opens at this local time (`HH:MM`).
    pub release_at: String,
    pub horizon_days: i64,
    /// The service's duration in minutes.
    pub minutes: i64,
    /// The days of the range on which the office receives visits, with their free seats.
    pub days: Vec<DayFree>,
    /// The day whose times are shown.
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub day: Option<Date>,
    /// The free times of `day`.
    pub times: Vec<SlotFree>,
    /// After a refusal ("just taken"): the nearest free times from the one asked for.
    #[serde(deserialize_with = "rules::wire::dated")]
    pub nearest: Vec<(Date, String)>,
    /// Issue #7.4 — the applicant's place on the waitlist.
    pub waiting: Option<Waiting>,
}

/// Issue #7.4 — someone's place on the waitlist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    /// The days they wait for.
    #[serde(deserialize_with = "rules::wire::date")]
    pub first: Date,
    #[serde(deserialize_with = "rules::wire::date")]
    pub last: Date,
    /// 1 = next in line (among those still waiting for this office's visits).
    pub position: u32,
    /// A time held for them, to accept or pass on.
    pub offer: Option<HeldOffer>,
}

/// Issue #7.4 — a time held for someone from the waitlist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldOffer {
    #[serde(deserialize_with = "rules::wire::date")]
    pub day: Date,
    pub starts: String,
    pub ends: String,
    /// Held until this local day and `HH:MM`; then it passes to the next in line.
    #[serde(deserialize_with = "rules::wire::date")]
    pub until_day: Date,
    pub until_time: String,
}

#[cfg(feature = "ssr")]
pub mod line;
#[cfg(feature = "ssr")]
pub mod ssr;
