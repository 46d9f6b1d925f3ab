//! Case handling (issue #6; R-DL-2 … R-DL-8, R-SV-4, R-IP-3): where a submitted application
//! stands, what an officer may do next and until when, and the live legal deadline with its
//! clock stops. Pure like the rest of `rules`: the officer's page offers only what
//! [`allowed_actions`] allows, and the server refuses anything else with the same check.
use super::calendar::{add_days, add_months, days_between, sub_working_days, HolidayCalendar};
use super::deadlines::{
    decision_deadline, longest_extension, revocation_deadline, urgent_downgrade_notice_latest,
    CaseKind, ClockStop, Procedure,
};
use super::error::{Field, RuleError, RuleErrorKind, RuleResult};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where a submitted case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Submitted and being examined; the legal clock runs.
    Received,
    /// R-DL-3: documents were asked for; the clock stands still until they arrive.
    DocumentsRequested,
    /// Decided: approved, with the validity of the decision (R-DL-6).
    Approved,
    /// Decided: refused, with the reason.
    Refused,
    /// R-DL-5: the card is being produced ("formalised").
    Formalising,
    /// R-SV-4: produced, waiting at the office (R-IP-3).
    Produced,
    /// Handed over: the case is closed.
    Collected,
    /// R-DL-7: the decision was revoked after revocation proceedings: the case is closed and
    /// the card, if one was handed over, is invalid.
    Revoked,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Received,
        Stage::DocumentsRequested,
        Stage::Approved,
        Stage::Refused,
        Stage::Formalising,
        Stage::Produced,
        Stage::Collected,
        Stage::Revoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Received => "received",
            Stage::DocumentsRequested => "documents_requested",
            Stage::Approved => "approved",
            Stage::Refused => "refused",
            Stage::Formalising => "formalising",
            Stage::Produced => "produced",
            Stage::Collected => "collected",
            Stage::Revoked => "revoked",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Before the decision: the legal decision deadline (R-DL-2) applies.
    pub fn awaits_decision(self) -> bool {
        matches!(self, Stage::Received | Stage::DocumentsRequested)
    }

    /// Nothing more will happen (unless a collected card's decision is reviewed: R-DL-7).
    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Refused | Stage::Collected | Stage::Revoked)
    }

    /// R-DL-7 — a positive decision stands: revocation proceedings may be opened.
    pub fn has_positive_decision(self) -> bool {
        matches!(
            self,
            Stage::Approved | Stage::Formalising | Stage::Produced | Stage::Collected
        )
    }
}

/// What an officer can do to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Give the case to an officer of its office.
    Assign,
    /// R-SV-6: the fee has arrived (or the exemption is accepted).
    ConfirmFee,
    /// R-DL-3: ask for missing documents, with a due date; stops the clock.
    RequestDocuments,
    /// R-DL-4: an urgent application will not make its deadline.
    UrgentNotice,
    /// Decide: approve, with the validity of the decision.
    Approve,
    /// Decide: refuse, with the reason.
    Refuse,
    /// R-DL-6: extend the decision's validity (at most 3 months).
    Extend,
    /// R-DL-5: the applicant asked for the card to be produced.
    Formalise,
    /// R-SV-4: produced; ready for collection at the office.
    Produced,
    /// R-IP-3: handed over at the office.
    Collected,
    /// R-DL-7: send the case file to another office, which takes the case over.
    Transfer,
    /// R-DL-7: the receiving office has the file.
    FileReceived,
    /// R-DL-7: open revocation proceedings against a positive decision, with the grounds;
    /// the card is neither produced nor handed over meanwhile.
    OpenRevocation,
    /// R-DL-7: decide the proceedings: revoke the decision (a card handed over is invalid).
    Revoke,
    /// R-DL-7: decide the proceedings: the decision stands.
    KeepDecision,
}

impl Action {
    pub const ALL: [Action; 15] = [
        Action::Assign,
        Action::ConfirmFee,
        Action::RequestDocuments,
        Action::UrgentNotice,
        Action::Approve,
        Action::Refuse,
        Action::Extend,
        Action::Formalise,
        Action::Produced,
        Action::Collected,
        Action::Transfer,
        Action::FileReceived,
        Action::OpenRevocation,
        Action::Revoke,
        Action::KeepDecision,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Assign => "assign",
            Action::ConfirmFee => "confirm_fee",
            Action::RequestDocuments => "request_documents",
            Action::UrgentNotice => "urgent_notice",
            Action::Approve => "approve",
            Action::Refuse => "refuse",
            Action::Extend => "extend",
            Action::Formalise => "formalise",
            Action::Produced => "produced",
            Action::Collected => "collected",
            Action::Transfer => "transfer",
            Action::FileReceived => "file_received",
            Action::OpenRevocation => "open_revocation",
            Action::Revoke => "revoke",
            Action::KeepDecision => "keep_decision",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// R-DL-3 — a "documents missing" notice: sent on `sent`, answered on `arrived` (None while
/// the clock stands still), with the time limit it set (`due`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stop {
    #[serde(deserialize_with = "crate::wire::date")]
    pub sent: Date,
    #[serde(default, deserialize_with = "crate::wire::option_date")]
    pub arrived: Option<Date>,
    #[serde(default, deserialize_with = "crate::wire::option_date")]
    pub due: Option<Date>,
}

/// What the rules need to know about a case to say what may happen next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFacts {
    pub stage: Stage,
    /// None for an invitation (no legal decision term).
    pub kind: Option<CaseKind>,
    pub procedure: Procedure,
    #[serde(deserialize_with = "crate::wire::date")]
    pub submitted: Date,
    pub stops: Vec<Stop>,
    /// The fee was confirmed by an officer (or nothing was due).
    pub fee_confirmed: bool,
    /// The approved decision's last valid day.
    #[serde(default, deserialize_with = "crate::wire::option_date")]
    pub valid_until: Option<Date>,
    #[serde(deserialize_with = "crate::wire::date")]
    pub today: Date,
    /// R-DL-7: the case file is on its way to this office.
    #[serde(default)]
    pub file_in_transit: bool,
    /// R-DL-7: revocation proceedings are open; their 14 days count from this day (the day
    /// they were opened, or the day the case file reached the office that decides).
    #[serde(default, deserialize_with = "crate::wire::option_date")]
    pub revocation_from: Option<Date>,
}

/// R-DL-7 — open revocation proceedings as a deadline: decided within 14 calendar days of
/// `from`; "overdue" once past, else "revocation" (the term is always short).
pub fn revocation_live(from: Date, today: Date) -> LiveDeadline {
    let deadline = revocation_deadline(from);
    let days_left = days_between(today, deadline);
    LiveDeadline {
        deadline,
        stopped_days: 0,
        stopped_since: None,
        days_left,
        risk: if days_left < 0 {
            Risk::Overdue
        } else {
            Risk::Revocation
        },
        urgent_notice_by: None,
    }
}

/// R-DL-3 — the last day a "documents missing" notice may be sent: one calendar month after
/// the application was received.
pub fn documents_request_latest(submitted: Date) -> Date {
    add_months(submitted, 1)
}

/// R-DL-2, R-DL-3, R-DL-10 — the decision deadline as it stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveDeadline {
    /// With the days stopped so far; while the clock stands still, the day it would be if the
    /// documents arrived today (it moves one day for every further day).
    #[serde(deserialize_with = "crate::wire::date")]
    pub deadline: Date,
    /// Calendar days the clock has stood still, counting an open stop up to today.
    pub stopped_days: i64,
    /// The clock stands still since this day (an open stop).
    #[serde(default, deserialize_with = "crate::wire::option_date")]
    pub stopped_since: Option<Date>,
    /// Calendar days from today to the deadline (negative: overdue).
    pub days_left: i64,
    pub risk: Risk,
    /// R-DL-4: for an urgent case, the last day to tell the applicant it will not make it.
    #[serde(default, deserialize_with = "crate::wire::option_date")]
    pub urgent_notice_by: Option<Date>,
}

/// How close a case is to its legal deadline (the worklist's colour and sort).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// The deadline has passed.
    Overdue,
    /// R-DL-3: the documents asked for did not come by the time limit the notice set; the
    /// application is to be refused (an officer decides: something may have come by post).
    DocumentsOverdue,
    /// Urgent, and the last day for the R-DL-4 notice is within 3 working days (or today).
    UrgentAtRisk,
    /// At most [`DUE_SOON_DAYS`] days left.
    DueSoon,
    /// The clock stands still (R-DL-3).
    Stopped,
    OnTrack,
    /// R-DL-7: revocation proceedings are open (14 days to decide).
    Revocation,
}

/// A case is "due soon" with this many calendar days left, or fewer.
pub const DUE_SOON_DAYS: i64 = 14;

/// R-DL-2, R-DL-3, R-DL-4, R-DL-10 — the live deadline of a case awaiting its decision.
///
/// Errors: as [`decision_deadline`] (a stop before submission or ending before it began).
pub fn live_deadline<C: HolidayCalendar + ?Sized>(
    cal: &C,
    kind: CaseKind,
    procedure: Procedure,
    submitted: Date,
    stops: &[Stop],
    today: Date,
) -> RuleResult<LiveDeadline> {
    let open = stops.iter().find(|s| s.arrived.is_none());
    let stopped_since = open.map(|s| s.sent);
    let as_if: Vec<ClockStop> = stops
        .iter()
        .map(|s| ClockStop {
            notice_sent: s.sent,
            documents_arrived: s.arrived.unwrap_or(today.max(s.sent)),
        })
        .collect();
    let d = decision_deadline(cal, kind, procedure, submitted, &as_if)?;
    let days_left = days_between(today, d.deadline);
    let urgent_notice_by =
        (procedure == Procedure::Urgent).then(|| urgent_downgrade_notice_latest(cal, d.deadline));
    let risk = if days_left < 0 {
        Risk::Overdue
    } else if open.and_then(|s| s.due).is_some_and(|due| today > due) {
        Risk::DocumentsOverdue
    } else if stopped_since.is_some() {
        Risk::Stopped
    } else if urgent_notice_by.is_some_and(|by| today >= sub_working_days(cal, by, 3)) {
        Risk::UrgentAtRisk
    } else if days_left <= DUE_SOON_DAYS {
        Risk::DueSoon
    } else {
        Risk::OnTrack
    };
    Ok(LiveDeadline {
        deadline: d.deadline,
        stopped_days: d.stopped_days,
        stopped_since,
        days_left,
        risk,
        urgent_notice_by,
    })
}

/// R-DL-4 — the part of the fee refunded when an urgent application is handled under the
/// general procedure: what was paid above the general fee.
pub fn urgent_refund(paid_eur: u32, general_fee_eur: u32) -> u32 {
    paid_eur.saturating_sub(general_fee_eur)
}

/// Is `action` possible for this case today? The page shows only these; the server checks
/// again with [`check_action`].
pub fn allowed_actions<C: HolidayCalendar + ?Sized>(cal: &C, facts: &CaseFacts) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| check_action(cal, facts, *a).is_ok())
        .collect()
}

/// R-DL-3, R-DL-4, R-DL-5, R-DL-6, R-SV-4 — may `action` be taken now?
///
/// Errors (field `action`): `ActionNotAllowed` at the wrong stage; `NoticeTooLate` when a
/// documents request (R-DL-3: within a month of receipt) or an urgent notice (R-DL-4: at
/// least 3 working days before the deadline) comes too late.
pub fn check_action<C: HolidayCalendar + ?Sized>(
    cal: &C,
    facts: &CaseFacts,
    action: Action,
) -> RuleResult<()> {
    let no = || {
        Err(RuleError::new(
            Field::Action,
            RuleErrorKind::ActionNotAllowed,
        ))
    };
    let stage = facts.stage;
    let revoking = facts.revocation_from.is_some();
    // A closed case is still handled while its decision is under review (R-DL-7).
    let open = !stage.is_closed() || revoking;
    match action {
        Action::Assign => {
            if !open {
                return no();
            }
        }
        Action::ConfirmFee => {
            if facts.fee_confirmed || stage.is_closed() {
                return no();
            }
        }
        Action::RequestDocuments => {
            if stage != Stage::Received {
                return no();
            }
            let latest = documents_request_latest(facts.submitted);
            if facts.today > latest {
                return Err(RuleError::new(
                    Field::Action,
                    RuleErrorKind::NoticeTooLate { latest },
                ));
            }
        }
        Action::UrgentNotice => {
            let Some(kind) = facts.kind else {
                return no();
            };
            if !stage.awaits_decision() || facts.procedure != Procedure::Urgent {
                return no();
            }
            let live = live_deadline(
                cal,
                kind,
                facts.procedure,
                facts.submitted,
                &facts.stops,
                facts.today,
            )?;
            let latest = live.urgent_notice_by.unwrap_or(live.deadline);
            if facts.today > latest {
                return Err(RuleError::new(
                    Field::Action,
                    RuleErrorKind::NoticeTooLate { latest },
                ));
            }
        }
        // A decision needs the documents (R-DL-3: the clock runs) and the fee (R-SV-6).
        Action::Approve => {
            if stage != Stage::Received || !facts.fee_confirmed {
                return no();
            }
        }
        Action::Refuse => {
            if !stage.awaits_decision() {
                return no();
            }
        }
        // R-DL-7: while the decision is under review, the card is neither produced nor handed
        // over, and the decision is not extended.
        Action::Extend => {
            if stage != Stage::Approved || facts.valid_until.is_none() || revoking {
                return no();
            }
        }
        Action::Formalise => {
            if stage != Stage::Approved || revoking {
                return no();
            }
        }
        Action::Produced => {
            if stage != Stage::Formalising || revoking {
                return no();
            }
        }
        Action::Collected => {
            if stage != Stage::Produced || revoking {
                return no();
            }
        }
        // One move at a time: the file arrives before it can go on.
        Action::Transfer => {
            if !open || facts.file_in_transit {
                return no();
            }
        }
        Action::OpenRevocation => {
            if !stage.has_positive_decision() || revoking {
                return no();
            }
        }
        // Decided on the case file: not while it is on its way.
        Action::Revoke | Action::KeepDecision => {
            if !revoking || facts.file_in_transit {
                return no();
            }
        }
        Action::FileReceived => {
            if !facts.file_in_transit {
                return no();
            }
        }
    }
    Ok(())
}

/// R-DL-3 — the due date of a documents request: after today.
pub fn check_documents_due(today: Date, due: Date) -> RuleResult<()> {
    on_or_after(Field::DueDate, due, add_days(today, 1))
}

/// The validity given with an approval: from tomorrow on.
pub fn check_valid_until(today: Date, valid_until: Date) -> RuleResult<()> {
    on_or_after(Field::ValidUntil, valid_until, add_days(today, 1))
}

/// `date` is `earliest` or later; before it, the field's "too early" error names `earliest`.
fn on_or_after(field: Field, date: Date, earliest: Date) -> RuleResult<()> {
    if date < earliest {
        return Err(RuleError::new(
            field,
            RuleErrorKind::DateInPast { earliest },
        ));
    }
    Ok(())
}

/// R-DL-6 — a new end of the decision's validity: later than the current one, and at most 3
/// calendar months after it.
pub fn check_extension(current: Date, new_end: Date) -> RuleResult<()> {
    on_or_after(Field::ValidUntil, new_end, add_days(current, 1))?;
    let latest = longest_extension(current);
    if new_end > latest {
        return Err(RuleError::new(
            Field::ValidUntil,
            RuleErrorKind::ExtensionTooLong { latest },
        ));
    }
    Ok(())
}

/// A refusal must say why (at least a few words, at most this many characters).
pub const REASON_MAX: u32 = 2000;

/// The officer's free text (a refusal's reason, a documents request's message): required,
/// at most [`REASON_MAX`] characters.
pub fn check_reason(field: Field, text: &str) -> RuleResult<()> {
    let n = text.trim().chars().count();
    if n == 0 {
        return Err(RuleError::new(field, RuleErrorKind::Required));
    }
    if n > REASON_MAX as usize {
        return Err(RuleError::new(
            field,
            RuleErrorKind::TooLong { max: REASON_MAX },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LithuanianCalendar;
    use jiff::civil::date;
    use rstest::rstest;

    fn facts(stage: Stage, today: Date) -> CaseFacts {
        CaseFacts {
            stage,
            kind: Some(CaseKind::TrpIssueFamily),
            procedure: Procedure::General,
            submitted: date(2026, 11, 23),
            stops: Vec::new(),
            fee_confirmed: true,
            valid_until: None,
            today,
            file_in_transit: false,
            revocation_from: None,
        }
    }

    /// R-DL-2 + R-DL-3 + R-DL-10: submitted 2026-11-23 (family TRP, 2023 guide: 3 months →
    /// 2027-02-23, a Tuesday). A notice on 2026-12-01 answered on 2026-12-11 stops the clock
    /// 10 days: 2027-03-05 (Friday).
    #[test]
    fn r_dl_3_closed_stop_moves_the_deadline() {
        let cal = LithuanianCalendar;
        let stops = [Stop {
            sent: date(2026, 12, 1),
            arrived: Some(date(2026, 12, 11)),
            due: None,
        }];
        let plain = live_deadline(
            &cal,
            CaseKind::TrpIssueFamily,
            Procedure::General,
            date(2026, 11, 23),
            &[],
            date(2026, 12, 11),
        )
        .unwrap();
        assert_eq!(plain.deadline, date(2027, 2, 23));
        let d = live_deadline(
            &cal,
            CaseKind::TrpIssueFamily,
            Procedure::General,
            date(2026, 11, 23),
            &stops,
            date(2026, 12, 11),
        )
        .unwrap();
        assert_eq!(d.deadline, date(2027, 3, 5));
        assert_eq!(d.stopped_days, 10);
        assert_eq!(d.stopped_since, None);
        assert_eq!(d.risk, Risk::OnTrack);
    }

    /// R-DL-3: while the clock stands still the deadline moves one day for every day.
    #[test]
    fn r_dl_3_open_stop_counts_up_to_today() {
        let cal = LithuanianCalendar;
        let stops = [Stop { sent: date(2026, 12, 1), arrived: None, due: None }];
        let on = |today| {
            live_deadline(
                &cal,
                CaseKind::TrpIssueFamily,
                Procedure::General,
                date(2026, 11, 23),
                &stops,
                today,
            )
            .unwrap()
        };
        let a = on(date(2026, 12, 4));
        assert_eq!(a.stopped_days, 3);
        assert_eq!(a.deadline, date(2027, 2, 26));
        assert_eq!(a.stopped_since, Some(date(2026, 12, 1)));
        assert_eq!(a.risk, Risk::Stopped);
        assert_eq!(on(date(2026, 12, 5)).stopped_days, 4);
    }

    /// R-DL-3: a notice giving until 2026-12-15: on that day the clock still stands; from the
    /// next the documents are overdue and the case is shown as one to refuse.
    #[test]
    fn r_dl_3_documents_not_in_by_the_time_limit() {
        let stops = [Stop {
            sent: date(2026, 12, 1),
            arrived: None,
            due: Some(date(2026, 12, 15)),
        }];
        let on = |today| {
            live_deadline(
                &LithuanianCalendar,
                CaseKind::TrpIssueFamily,
                Procedure::General,
                date(2026, 11, 23),
                &stops,
                today,
            )
            .unwrap()
            .risk
        };
        assert_eq!(on(date(2026, 12, 15)), Risk::Stopped);
        assert_eq!(on(date(2026, 12, 16)), Risk::DocumentsOverdue);
    }

    /// R-DL-10: 2027-02-23 + 4 stopped days = Saturday 2027-02-27 → Monday 2027-03-01.
    #[test]
    fn r_dl_10_stop_then_roll_forward() {
        let d = live_deadline(
            &LithuanianCalendar,
            CaseKind::TrpIssueFamily,
            Procedure::General,
            date(2026, 11, 23),
            &[Stop {
                sent: date(2026, 12, 1),
                arrived: Some(date(2026, 12, 5)),
                due: None,
            }],
            date(2026, 12, 5),
        )
        .unwrap();
        assert_eq!(d.deadline, date(2027, 3, 1));
    }

    #[rstest]
    #[case::overdue(date(2027, 2, 24), Risk::Overdue)]
    #[case::due_soon(date(2027, 2, 10), Risk::DueSoon)]
    #[case::on_track(date(2026, 12, 1), Risk::OnTrack)]
    fn r_dl_2_risk(#[case] today: Date, #[case] risk: Risk) {
        let d = live_deadline(
            &LithuanianCalendar,
            CaseKind::TrpIssueFamily,
            Procedure::General,
            date(2026, 11, 23),
            &[],
            today,
        )
        .unwrap();
        assert_eq!(d.risk, risk);
        assert_eq!(d.days_left, days_between(today, date(2027, 2, 23)));
    }

    /// R-DL-4: urgent family TRP submitted 2026-11-23 → 45 days → 2027-01-07 (Thursday);
    /// the notice must go by 3 working days before: 2027-01-04 (Monday). At risk from three
    /// working days before that (2026-12-29), too late after it.
    #[test]
    fn r_dl_4_urgent_notice_window() {
        let cal = LithuanianCalendar;
        let mut f = facts(Stage::Received, date(2026, 12, 28));
        f.procedure = Procedure::Urgent;
        let d = live_deadline(
            &cal,
            CaseKind::TrpIssueFamily,
            Procedure::Urgent,
            f.submitted,
            &[],
            f.today,
        )
        .unwrap();
        assert_eq!(d.deadline, date(2027, 1, 7));
        assert_eq!(d.urgent_notice_by, Some(date(2027, 1, 4)));
        assert_eq!(d.risk, Risk::DueSoon);
        assert!(check_action(&cal, &f, Action::UrgentNotice).is_ok());
        f.today = date(2026, 12, 29);
        let d = live_deadline(
            &cal,
            CaseKind::TrpIssueFamily,
            Procedure::Urgent,
            f.submitted,
            &[],
            f.today,
        )
        .unwrap();
        assert_eq!(d.risk, Risk::UrgentAtRisk);
        f.today = date(2027, 1, 4);
        assert!(check_action(&cal, &f, Action::UrgentNotice).is_ok());
        f.today = date(2027, 1, 5);
        assert_eq!(
            check_action(&cal, &f, Action::UrgentNotice)
                .unwrap_err()
                .kind,
            RuleErrorKind::NoticeTooLate { latest: date(2027, 1, 4) }
        );
        // Not for a general case.
        let g = facts(Stage::Received, date(2026, 12, 1));
        assert!(check_action(&cal, &g, Action::UrgentNotice).is_err());
    }

    /// R-DL-4: the refund is what was paid above the general fee (TRP: 320 − 160).
    #[test]
    fn r_dl_4_refund() {
        assert_eq!(urgent_refund(320, 160), 160);
        assert_eq!(urgent_refund(0, 160), 0);
    }

    /// R-DL-3: a documents request within one month of receipt, not after.
    #[test]
    fn r_dl_3_request_within_a_month() {
        let cal = LithuanianCalendar;
        let f = facts(Stage::Received, date(2026, 12, 23));
        assert!(check_action(&cal, &f, Action::RequestDocuments).is_ok());
        let f = facts(Stage::Received, date(2026, 12, 24));
        assert_eq!(
            check_action(&cal, &f, Action::RequestDocuments)
                .unwrap_err()
                .kind,
            RuleErrorKind::NoticeTooLate { latest: date(2026, 12, 23) }
        );
        // Not twice at once.
        let f = facts(Stage::DocumentsRequested, date(2026, 12, 1));
        assert!(check_action(&cal, &f, Action::RequestDocuments).is_err());
    }

    /// The stage machine: what each stage offers (fee confirmed, general procedure).
    #[rstest]
    #[case::received(Stage::Received, &[Action::Assign, Action::RequestDocuments, Action::Approve, Action::Refuse, Action::Transfer])]
    #[case::waiting(Stage::DocumentsRequested, &[Action::Assign, Action::Refuse, Action::Transfer])]
    #[case::approved(Stage::Approved, &[Action::Assign, Action::Extend, Action::Formalise, Action::Transfer, Action::OpenRevocation])]
    #[case::formalising(Stage::Formalising, &[Action::Assign, Action::Produced, Action::Transfer, Action::OpenRevocation])]
    #[case::produced(Stage::Produced, &[Action::Assign, Action::Collected, Action::Transfer, Action::OpenRevocation])]
    #[case::refused(Stage::Refused, &[])]
    #[case::collected(Stage::Collected, &[Action::OpenRevocation])]
    #[case::revoked(Stage::Revoked, &[])]
    fn r_dl_5_stage_machine(#[case] stage: Stage, #[case] expected: &[Action]) {
        let mut f = facts(stage, date(2026, 12, 1));
        f.valid_until = Some(date(2027, 12, 1));
        assert_eq!(allowed_actions(&LithuanianCalendar, &f), expected);
    }

    /// R-DL-7: while the file is on its way the receiving office confirms it, and it cannot
    /// be sent on before it is there; a closed case is not sent anywhere.
    #[test]
    fn r_dl_7_one_move_at_a_time() {
        let cal = LithuanianCalendar;
        let mut f = facts(Stage::Received, date(2026, 12, 1));
        assert!(check_action(&cal, &f, Action::FileReceived).is_err());
        f.file_in_transit = true;
        assert!(check_action(&cal, &f, Action::FileReceived).is_ok());
        assert!(check_action(&cal, &f, Action::Transfer).is_err());
        let closed = facts(Stage::Collected, date(2026, 12, 1));
        assert!(check_action(&cal, &closed, Action::Transfer).is_err());
    }

    /// R-DL-7: under review, a decision's card is neither produced, handed over nor extended;
    /// the review is decided on the file (not while it travels), once.
    #[rstest]
    #[case::approved(Stage::Approved, &[Action::Assign, Action::Transfer, Action::Revoke, Action::KeepDecision])]
    #[case::produced(Stage::Produced, &[Action::Assign, Action::Transfer, Action::Revoke, Action::KeepDecision])]
    #[case::collected(Stage::Collected, &[Action::Assign, Action::Transfer, Action::Revoke, Action::KeepDecision])]
    fn r_dl_7_revocation_proceedings(#[case] stage: Stage, #[case] expected: &[Action]) {
        let cal = LithuanianCalendar;
        let mut f = facts(stage, date(2026, 12, 1));
        f.valid_until = Some(date(2027, 12, 1));
        f.revocation_from = Some(date(2026, 11, 30));
        assert_eq!(allowed_actions(&cal, &f), expected);
        f.file_in_transit = true;
        assert!(check_action(&cal, &f, Action::Revoke).is_err());
        assert!(check_action(&cal, &f, Action::KeepDecision).is_err());
        assert!(check_action(&cal, &f, Action::FileReceived).is_ok());
    }

    /// R-DL-7: 14 calendar days from the day counted from; overdue the day after.
    #[test]
    fn r_dl_7_revocation_term() {
        let from = date(2026, 12, 1);
        let live = revocation_live(from, date(2026, 12, 15));
        assert_eq!(live.deadline, date(2026, 12, 15));
        assert_eq!((live.days_left, live.risk), (0, Risk::Revocation));
        let late = revocation_live(from, date(2026, 12, 16));
        assert_eq!((late.days_left, late.risk), (-1, Risk::Overdue));
    }

    /// R-SV-6: no approval before the fee is confirmed; confirming is offered instead.
    #[test]
    fn r_sv_6_no_approval_before_the_fee() {
        let mut f = facts(Stage::Received, date(2026, 12, 1));
        f.fee_confirmed = false;
        let a = allowed_actions(&LithuanianCalendar, &f);
        assert!(a.contains(&Action::ConfirmFee));
        assert!(!a.contains(&Action::Approve));
        assert!(a.contains(&Action::Refuse));
    }

    /// R-DL-6: at most 3 calendar months past the current end (clamped: 30 Nov → 28 Feb).
    #[test]
    fn r_dl_6_extension_limit() {
        let end = date(2027, 11, 30);
        assert!(check_extension(end, date(2028, 2, 29)).is_ok());
        assert_eq!(
            check_extension(end, date(2028, 3, 1)).unwrap_err().kind,
            RuleErrorKind::ExtensionTooLong { latest: date(2028, 2, 29) }
        );
        assert!(check_extension(end, end).is_err());
    }

    /// R-DL-3: the due date of a request is after today.
    #[test]
    fn r_dl_3_due_after_today() {
        let today = date(2026, 12, 1);
        assert!(check_documents_due(today, date(2026, 12, 2)).is_ok());
        assert_eq!(
            check_documents_due(today, today).unwrap_err().field,
            Field::DueDate
        );
    }

    #[test]
    fn names_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        assert!(check_reason(Field::Reason, "  ").is_err());
        assert!(check_reason(Field::Reason, "No proof of funds.").is_ok());
    }
}
