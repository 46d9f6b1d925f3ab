//! Issue #8 — the live queue of each office and day (R-QU-1…R-QU-5): remote tickets for today
//! (`ticket`), and the officers' desk console that calls the next person (`desk`). One queue
//! per office and day; booked visits checked in on time go first, then everyone in number
//! order.
mod desk;
mod display;
mod kiosk;
#[cfg(feature = "ssr")]
pub mod live;
#[cfg(feature = "ssr")]
pub mod ssr;
mod ticket;

pub use desk::{call_next, desk_action, queue_desk, CallNext, DeskAction, QueueDesk};
pub use display::{office_screen, OfficeScreen};
#[cfg(feature = "ssr")]
pub use kiosk::device as kiosk_device;
pub use kiosk::{
    kiosk_check_in, kiosk_screen, kiosk_take, register_kiosk, revoke_kiosk, KioskCheckIn,
    KioskTake, KioskTicket, KioskView, RegisterKiosk, RevokeKiosk,
};
pub use ticket::{cancel_ticket, my_queue, take_ticket, CancelTicket, MyQueue, TakeTicket};

use crate::rules::{estimate_wait, DeskTime, LineNow, WaitEstimate};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Issue #8.2: the queue's settings from the server's configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueSettings {
    /// At this place in line the holder is told their turn is near.
    pub near_position: u32,
}

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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyTicket {
    pub id: i64,
    /// "A023".
    pub label: String,
    pub office_id: i64,
    pub office_name: String,
    pub service: String,
    #[serde(deserialize_with = "rules::wire::date")]
    pub day: Date,
    /// `waiting`, `called` or `serving`.
    pub status: String,
    /// 1 = next; 0 once called.
    pub position: u32,
    /// The desk it is called to.
    pub desk: Option<String>,
    /// R-QU-4: the estimated wait and the time of the turn (`HH:MM`) while waiting.
    pub estimate: Option<(WaitEstimate, String)>,
}

/// What the queue page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueView {
    pub logged_in: bool,
    /// "Your turn is near" from this place in line on.
    pub near_position: u32,
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
    /// The services of the chosen office (where a ticket can be transferred).
    pub services: Vec<String>,
    pub office_id: Option<i64>,
    /// In the order they will be called.
    pub waiting: Vec<DeskTicket>,
    /// Called or being served now, at any desk.
    pub at_desks: Vec<DeskTicket>,
    pub served_today: u32,
    pub no_shows_today: u32,
}

/// A ticket called to a desk, as the waiting room sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub label: String,
    pub desk: String,
    /// `called`, `serving`, `done` or `no_show`.
    pub status: String,
    /// Seconds since it was (last) called.
    pub seconds: f64,
    pub service: String,
}

/// Issue #8.2, #8.5, #8.7 — an office's queue as everyone may see it, sent live to ticket
/// holders and the waiting-room display (no names: labels, desks and services only). Each
/// instance builds it once per change and hands the same copy to all its listeners; a ticket
/// holder's place and estimate are worked out from it in the browser with the server's own
/// estimator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveQueue {
    pub office_id: i64,
    /// The local time of the snapshot (minutes since midnight), for "your turn around …".
    pub minute_of_day: u32,
    /// Labels of the waiting tickets with their service, in calling order.
    pub waiting: Vec<(String, String)>,
    /// Called or being served now, then the recent calls: newest call first.
    pub calls: Vec<Call>,
    /// Desks serving the queue now (R-QU-4's estimate).
    pub open_desks: u32,
    /// How long each service keeps a desk at this office lately.
    pub desk_times: Vec<(String, DeskTime)>,
}

impl LiveQueue {
    /// R-QU-4 — the place of `label` in line (1 = next), if it waits.
    pub fn position(&self, label: &str) -> Option<u32> {
        let i = self.waiting.iter().position(|(l, _)| l == label)?;
        u32::try_from(i + 1).ok()
    }

    /// The call of `label`, if it is at a desk.
    pub fn call_of(&self, label: &str) -> Option<&Call> {
        self.calls
            .iter()
            .find(|c| c.label == label && matches!(c.status.as_str(), "called" | "serving"))
    }

    fn desk_time(&self, service: &str) -> DeskTime {
        self.desk_times
            .iter()
            .find(|(s, _)| s == service)
            .map(|(_, t)| *t)
            .unwrap_or_else(|| DeskTime::fit(&[], 20.0))
    }

    /// R-QU-4 — the estimated wait of waiting ticket `label` and the local time of its turn
    /// (`HH:MM`). The same figures on the server and in the browser for the same snapshot.
    pub fn estimate(&self, label: &str) -> Option<(WaitEstimate, String)> {
        let place = self.position(label)? as usize;
        let ahead: Vec<DeskTime> = self.waiting[..place - 1]
            .iter()
            .map(|(_, s)| self.desk_time(s))
            .collect();
        let busy = self
            .calls
            .iter()
            .filter(|c| matches!(c.status.as_str(), "called" | "serving"))
            .map(|c| (self.desk_time(&c.service), c.seconds))
            .collect();
        let line = LineNow { open_desks: self.open_desks, busy };
        let seed = label.bytes().fold(self.office_id as u64, |h, b| {
            h.wrapping_mul(31).wrapping_add(u64::from(b))
        });
        let e = estimate_wait(&line, &ahead, seed);
        let turn = (self.minute_of_day + e.minutes) % (24 * 60);
        Some((e, format!("{:02}:{:02}", turn / 60, turn % 60)))
    }
}

/// The waiting-room display of an office.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueScreen {
    pub office_id: i64,
    pub name: String,
    pub queue: LiveQueue,
}
