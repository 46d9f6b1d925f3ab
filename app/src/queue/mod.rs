//! Issue #8 — the live queue of each office and day (R-QU-1…R-QU-5): remote tickets for today
//! (`ticket`), and the officers' desk console that calls the next person (`desk`). One queue
//! per office and day; booked visits checked in on time go first, then everyone in number
//! order.
mod desk;
#[cfg(feature = "ssr")]
pub mod ssr;
mod ticket;

pub use desk::{call_next, desk_action, queue_desk, CallNext, DeskAction, QueueDesk};
pub use ticket::{cancel_ticket, my_queue, take_ticket, CancelTicket, MyQueue, TakeTicket};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// An office whose queue can be joined, as the queue page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueOffice {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// The services a ticket can be taken for.
    pub services: Vec<String>,
    /// R-QU-2: today's remote window (`HH:MM`, `HH:MM`); `None` when closed today.
    pub window: Option<(String, String)>,
    /// Is the window open now?
    pub open_now: bool,
}

/// Someone's own ticket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyTicket {
    pub id: i64,
    /// "A023".
    pub label: String,
    pub office_id: i64,
    pub office_name: String,
    pub service: String,
    pub day: Date,
    /// `waiting`, `called` or `serving`.
    pub status: String,
    /// 1 = next; 0 once called.
    pub position: u32,
    /// The desk it is called to.
    pub desk: Option<String>,
}

/// What the queue page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub logged_in: bool,
    pub ticket: Option<MyTicket>,
    pub offices: Vec<QueueOffice>,
}

/// A ticket as the desk console shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskTicket {
    pub id: i64,
    pub label: String,
    pub service: String,
    /// `remote`, `kiosk` or `visit`.
    pub source: String,
    pub status: String,
    pub desk: Option<String>,
    /// Minutes since the ticket was taken.
    pub waited_minutes: i64,
}

/// The desk console of an office: who waits, who is called, today's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskView {
    pub offices: Vec<crate::staff::OfficeRef>,
    pub office_id: Option<i64>,
    /// In the order they will be called.
    pub waiting: Vec<DeskTicket>,
    /// Called or being served now, at any desk.
    pub at_desks: Vec<DeskTicket>,
    pub served_today: u32,
    pub no_shows_today: u32,
}
