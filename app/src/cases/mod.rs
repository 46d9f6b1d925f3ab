//! Case handling (issue #6; R-DL-2 … R-DL-8, R-SV-4, R-SV-7, R-IP-3): the officers' worklist and
//! case actions, and where a case stands as its applicant sees it.
//!
//! The rules (`rules::case`) say what may happen next; here each action is one transaction:
//! the case's new state, a timeline event, an audit entry and the applicant's notice in the
//! outbox. Officers see only the cases of their offices (anything else is "not found").
mod act;
mod detail;
mod list;

pub use act::{case_act, CaseAct};
pub use detail::{case_detail, CaseDetail, CaseDetailView};
pub use list::{worklist, WorkItem, Worklist, WorklistView, WORKLIST_MAX};

use crate::rules::case::{LiveDeadline, Stage};
use crate::rules::{DocumentKind, Procedure};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// An office that takes documents in (R-IP-3: the card is collected there too).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OfficeChoice {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub address: String,
}

/// R-DL-3 — a "documents missing" notice and its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentsRequest {
    pub id: i64,
    #[serde(deserialize_with = "rules::wire::date")]
    pub sent: Date,
    #[serde(deserialize_with = "rules::wire::date")]
    pub due: Date,
    pub documents: Vec<DocumentKind>,
    pub message: String,
    /// None while the clock stands still.
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub arrived: Option<Date>,
}

/// Where a submitted case stands: what its applicant and its officer both see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseStatus {
    pub stage: Stage,
    pub procedure: Procedure,
    pub office: Option<OfficeChoice>,
    /// R-DL-2/R-DL-3: the decision deadline as it stands today (before the decision only).
    pub live: Option<LiveDeadline>,
    /// Oldest first.
    pub requests: Vec<DocumentsRequest>,
    /// R-SV-6: the fee was confirmed by an officer (or nothing was due).
    pub fee_confirmed: bool,
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub decided_on: Option<Date>,
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub valid_until: Option<Date>,
    pub refusal_reason: Option<String>,
    /// R-DL-4: refunded when an urgent case went to the general procedure.
    pub refund_eur: Option<u32>,
    /// R-DL-5: the card is produced by this day.
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub produce_by: Option<Date>,
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub produced_on: Option<Date>,
    /// R-DL-7: the case came from another office; its file is to be sent by this day and
    /// has not been confirmed here yet.
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub file_due: Option<Date>,
    /// R-DL-7: revocation proceedings, open or ended in revocation.
    #[serde(default)]
    pub revocation: Option<Revocation>,
}

/// R-DL-7 — revocation proceedings against a positive decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    #[serde(deserialize_with = "rules::wire::date")]
    pub opened_on: Date,
    /// `rules::revocation_deadline` of the day the 14 days count from: the opening day, or
    /// the day the case file reached the office that decides.
    #[serde(deserialize_with = "rules::wire::date")]
    pub due: Date,
    pub grounds: String,
    /// Ended in revocation: the day, and the reasons.
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub revoked_on: Option<Date>,
    pub reason: Option<String>,
}

impl CaseStatus {
    /// The documents request still waiting for its documents.
    pub fn open_request(&self) -> Option<&DocumentsRequest> {
        self.requests.iter().find(|r| r.arrived.is_none())
    }
}

/// One entry of a case's timeline, with the officer's words where there are any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEvent {
    /// Vilnius local time, formatted by the server.
    pub at: String,
    pub kind: String,
    pub detail: String,
    /// The staff member's name (officer's view only).
    pub by: String,
}

#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
mod texts;
