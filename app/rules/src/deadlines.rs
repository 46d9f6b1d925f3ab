//! R-DL-1 … R-DL-8, R-FL-1 — renewal windows, decision deadlines (as dated
//! rule versions, with clock stops) and the smaller procedural terms.

use std::str::FromStr;

use jiff::civil::{date, Date};
use serde::{Deserialize, Serialize};

use super::calendar::{
    add_days, add_months, add_working_days, days_between, roll_forward, sub_working_days,
    HolidayCalendar,
};
use super::error::{Field, RuleError, RuleErrorKind, RuleResult};

// ---------------------------------------------------------------- procedure

/// General or urgent handling (urgent costs double and is decided sooner).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Procedure {
    General,
    Urgent,
}

impl Procedure {
    pub const ALL: [Procedure; 2] = [Procedure::General, Procedure::Urgent];

    /// R-DL-1, R-DL-2 — `general` or `urgent`, identical to the serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            Procedure::General => "general",
            Procedure::Urgent => "urgent",
        }
    }
}

impl FromStr for Procedure {
    type Err = RuleError;

    /// Parses the API's `procedure=` value; anything else is `UnknownProcedure`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Procedure::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or(RuleError::new(
                Field::Procedure,
                RuleErrorKind::UnknownProcedure,
            ))
    }
}

// ------------------------------------------------------------ renewal window

/// R-DL-1 — when a TRP renewal (change) may be submitted. All bounds are
/// inclusive; the real order is `earliest < latest_general < latest_urgent <
/// expires` (the urgent procedure can be used for one month longer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalWindow {
    /// Expiry − 4 calendar months: no earlier than this.
    #[serde(deserialize_with = "crate::wire::date")]
    pub earliest: Date,
    /// Expiry − 2 calendar months: the last day for the general procedure.
    #[serde(deserialize_with = "crate::wire::date")]
    pub latest_general: Date,
    /// Expiry − 1 calendar month: the last day for the urgent procedure.
    #[serde(deserialize_with = "crate::wire::date")]
    pub latest_urgent: Date,
}

impl RenewalWindow {
    /// R-DL-1 — the last admissible day for a procedure.
    pub fn latest(&self, procedure: Procedure) -> Date {
        match procedure {
            Procedure::General => self.latest_general,
            Procedure::Urgent => self.latest_urgent,
        }
    }

    /// R-DL-1 — is `day` inside the window for `procedure` (bounds inclusive)?
    pub fn admits(&self, day: Date, procedure: Procedure) -> bool {
        self.earliest <= day && day <= self.latest(procedure)
    }
}

/// R-DL-1 — the renewal window of a TRP expiring on `expires`: 4, 2 and 1
/// calendar months before, clamped to month ends (R-DL-9). The bounds are
/// not rolled to working days: the application is submitted online, which
/// works on any day.
pub fn renewal_window(expires: Date) -> RenewalWindow {
    RenewalWindow {
        earliest: add_months(expires, -4),
        latest_general: add_months(expires, -2),
        latest_urgent: add_months(expires, -1),
    }
}

/// R-DL-1 — what the renewal calculator shows for `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalStatus {
    pub window: RenewalWindow,
    /// The general procedure can be chosen today.
    pub general_open: bool,
    /// The urgent procedure can be chosen today.
    pub urgent_open: bool,
    /// Today is before the window opens.
    pub too_early: bool,
    /// Today is after the last urgent day: renewal is no longer possible.
    pub too_late: bool,
}

/// R-DL-1 — which procedures are open on `today` for a permit expiring on
/// `expires`. `today` is a parameter (no clock here): the browser passes the
/// Vilnius date, the server its own.
pub fn renewal_status(expires: Date, today: Date) -> RenewalStatus {
    let window = renewal_window(expires);
    RenewalStatus {
        window,
        general_open: window.admits(today, Procedure::General),
        urgent_open: window.admits(today, Procedure::Urgent),
        too_early: today < window.earliest,
        too_late: today > window.latest_urgent,
    }
}

/// R-DL-1 — refuses a submission date outside the window, naming the window
/// for the chosen procedure (`OutsideRenewalWindow { earliest, latest }`).
pub fn check_renewal_date(expires: Date, submitted: Date, procedure: Procedure) -> RuleResult<()> {
    let window = renewal_window(expires);
    if window.admits(submitted, procedure) {
        Ok(())
    } else {
        Err(RuleError::new(
            Field::Submitted,
            RuleErrorKind::OutsideRenewalWindow {
                earliest: window.earliest,
                latest: window.latest(procedure),
            },
        ))
    }
}

// ---------------------------------------------------------------- case kinds

/// R-DL-2 — the kinds of application a decision deadline is computed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CaseKind {
    /// TRP issue, general ground (2016 order: 4 mo / 2 mo).
    #[serde(rename = "trp_issue")]
    TrpIssue,
    /// TRP issue for family reunification (2023 guide: 3 mo / 45 days).
    #[serde(rename = "trp_issue_family")]
    TrpIssueFamily,
    /// TRP issue, high-qualification work paid 2–3× the average wage.
    #[serde(rename = "trp_issue_hq_2to3")]
    TrpIssueHq2to3,
    /// TRP issue, high-qualification work paid ≥ 3× the average wage.
    #[serde(rename = "trp_issue_hq_3plus")]
    TrpIssueHq3plus,
    /// TRP issue on business grounds meeting the extra conditions, and family.
    #[serde(rename = "trp_issue_business")]
    TrpIssueBusiness,
    /// TRP change (renewal).
    #[serde(rename = "trp_change")]
    TrpChange,
    /// EU family member temporary residence card (R-PM-1): general only.
    #[serde(rename = "eu_card_issue")]
    EuCardIssue,
    /// Permanent residence permit for a citizen's family member (R-PM-4).
    #[serde(rename = "permanent_family")]
    PermanentFamily,
}

impl CaseKind {
    pub const ALL: [CaseKind; 8] = [
        CaseKind::TrpIssue,
        CaseKind::TrpIssueFamily,
        CaseKind::TrpIssueHq2to3,
        CaseKind::TrpIssueHq3plus,
        CaseKind::TrpIssueBusiness,
        CaseKind::TrpChange,
        CaseKind::EuCardIssue,
        CaseKind::PermanentFamily,
    ];

    /// R-DL-2 — the API key, identical to the serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::TrpIssue => "trp_issue",
            CaseKind::TrpIssueFamily => "trp_issue_family",
            CaseKind::TrpIssueHq2to3 => "trp_issue_hq_2to3",
            CaseKind::TrpIssueHq3plus => "trp_issue_hq_3plus",
            CaseKind::TrpIssueBusiness => "trp_issue_business",
            CaseKind::TrpChange => "trp_change",
            CaseKind::EuCardIssue => "eu_card_issue",
            CaseKind::PermanentFamily => "permanent_family",
        }
    }
}

impl FromStr for CaseKind {
    type Err = RuleError;

    /// Parses the API's `case=` value; anything else is `UnknownCaseKind`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CaseKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(RuleError::new(Field::Case, RuleErrorKind::UnknownCaseKind))
    }
}

// ------------------------------------------------------------ rule versions

/// A decision term: calendar months (clamped, R-DL-9) or calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "unit", content = "count", rename_all = "snake_case")]
pub enum Term {
    Months(u8),
    Days(u16),
}

impl Term {
    /// R-DL-2, R-DL-9 — the term's last day counted from `start` (before any clock stop or
    /// roll-forward).
    pub fn end_from(self, start: Date) -> Date {
        match self {
            Term::Months(m) => add_months(start, i32::from(m)),
            Term::Days(d) => add_days(start, i64::from(d)),
        }
    }
}

/// The decision terms of one case kind under one rule version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DecisionTerms {
    pub general: Term,
    /// `None`: there is no urgent procedure for this kind.
    pub urgent: Option<Term>,
}

/// R-DL-2 — one dated set of decision terms. An application uses the newest
/// version in force on its submission day that defines its kind; if no
/// version in force defines the kind, the oldest version that does applies
/// (a kind only one source describes is governed by that source).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleVersion {
    pub id: &'static str,
    pub effective_from: Date,
    /// Which seed document it comes from.
    pub source: &'static str,
    pub terms: &'static [(CaseKind, DecisionTerms)],
}

impl RuleVersion {
    /// R-DL-2 — the terms this version gives for `kind`, if it defines them.
    pub fn terms_for(&self, kind: CaseKind) -> Option<DecisionTerms> {
        self.terms.iter().find(|(k, _)| *k == kind).map(|(_, t)| *t)
    }
}

const fn terms(general: Term, urgent: Option<Term>) -> DecisionTerms {
    DecisionTerms { general, urgent }
}

/// R-DL-2 — the 2016 ministerial order (seed 002: order No 1V-862 of
/// 2016-11-28, which "takes effect on 1 December 2016", §3.1). It defines
/// the TRP terms; it has no separate family term, so family TRPs fall under
/// its general TRP term (4 mo / 2 mo) until the 2023 guide.
pub const ORDER_2016: RuleVersion = RuleVersion {
    id: "2016-order",
    effective_from: date(2016, 12, 1),
    source: "seed 002, order 1V-862, points 55-58, 62",
    terms: &[
        (
            CaseKind::TrpIssue,
            terms(Term::Months(4), Some(Term::Months(2))),
        ),
        (
            CaseKind::TrpIssueFamily,
            terms(Term::Months(4), Some(Term::Months(2))),
        ),
        (
            CaseKind::TrpIssueHq2to3,
            terms(Term::Months(2), Some(Term::Months(1))),
        ),
        (
            CaseKind::TrpIssueHq3plus,
            terms(Term::Months(1), Some(Term::Days(15))),
        ),
        (
            CaseKind::TrpIssueBusiness,
            terms(Term::Months(2), Some(Term::Months(1))),
        ),
        (
            CaseKind::TrpChange,
            terms(Term::Months(2), Some(Term::Months(1))),
        ),
    ],
};

/// R-DL-2 — the 2023 guide for family members (seed 003), dated by its
/// "information updated 2023-09-29" stamp, the only full date it states. It
/// gives the family TRP, EU card (R-PM-1, general only) and family permanent
/// permit (R-PM-4) terms.
pub const GUIDE_2023: RuleVersion = RuleVersion {
    id: "2023-guide",
    effective_from: date(2023, 9, 29),
    source: "seed 003, family members guide, updated 2023-09-29",
    terms: &[
        (
            CaseKind::TrpIssueFamily,
            terms(Term::Months(3), Some(Term::Days(45))),
        ),
        (CaseKind::EuCardIssue, terms(Term::Months(1), None)),
        (
            CaseKind::PermanentFamily,
            terms(Term::Months(3), Some(Term::Days(45))),
        ),
    ],
};

/// R-DL-2 — every rule version, oldest first.
pub static RULE_VERSIONS: [RuleVersion; 2] = [ORDER_2016, GUIDE_2023];

/// R-DL-2 — the version governing `kind` for an application submitted on
/// `submitted` (see [`RuleVersion`] for the selection rule).
pub fn rule_version_for(kind: CaseKind, submitted: Date) -> (&'static RuleVersion, DecisionTerms) {
    let defining = || {
        RULE_VERSIONS
            .iter()
            .filter_map(move |v| v.terms_for(kind).map(|t| (v, t)))
    };
    let in_force = defining()
        .filter(|(v, _)| v.effective_from <= submitted)
        .max_by_key(|(v, _)| v.effective_from);
    // Every kind is defined by at least one version (a test checks it); the
    // final fallback only keeps the function total.
    in_force
        .or_else(|| defining().min_by_key(|(v, _)| v.effective_from))
        .unwrap_or((
            &RULE_VERSIONS[0],
            terms(Term::Months(4), Some(Term::Months(2))),
        ))
}

// -------------------------------------------------------- decision deadline

/// R-DL-3 — one "documents missing" stop: the clock stops on the day the
/// notice is sent and restarts on the day the documents arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockStop {
    #[serde(deserialize_with = "crate::wire::date")]
    pub notice_sent: Date,
    #[serde(deserialize_with = "crate::wire::date")]
    pub documents_arrived: Date,
}

/// R-DL-2 — a computed decision deadline and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DecisionDeadline {
    pub deadline: Date,
    /// Always `"R-DL-2"`.
    pub rule: &'static str,
    /// The rule version id (`"2016-order"`, `"2023-guide"`).
    pub version: &'static str,
    /// Calendar days the clock was stopped (R-DL-3), after merging overlaps.
    pub stopped_days: i64,
}

/// R-DL-2, R-DL-3, R-DL-10 — the decision deadline of an application.
///
/// 1. The term of the rule version in force on `submitted` (R-DL-2) is added
///    in calendar months (clamped) or calendar days.
/// 2. The days the clock stood still are added: each stop counts
///    N = arrived − sent (R-DL-10). Overlapping stops are *merged* (the
///    clock cannot stop twice on one day), so a day is never counted twice;
///    touching stops simply add up.
/// 3. The end is rolled forward to a working day (R-DL-10).
///
/// Errors: `ProcedureNotAvailable` (urgent for the EU card), `StopOrder`
/// (documents arrive before the notice is sent), `StopBeforeSubmission`
/// (a notice sent before the application was submitted).
pub fn decision_deadline<C: HolidayCalendar + ?Sized>(
    cal: &C,
    kind: CaseKind,
    procedure: Procedure,
    submitted: Date,
    stops: &[ClockStop],
) -> RuleResult<DecisionDeadline> {
    let (version, terms) = rule_version_for(kind, submitted);
    let term = match procedure {
        Procedure::General => terms.general,
        Procedure::Urgent => terms.urgent.ok_or(RuleError::new(
            Field::Procedure,
            RuleErrorKind::ProcedureNotAvailable,
        ))?,
    };
    let stopped_days = stopped_days(submitted, stops)?;
    let unstopped_end = term.end_from(submitted);
    Ok(DecisionDeadline {
        deadline: roll_forward(cal, add_days(unstopped_end, stopped_days)),
        rule: "R-DL-2",
        version: version.id,
        stopped_days,
    })
}

/// R-DL-3 — total stopped days: the length of the union of the half-open
/// intervals `[notice_sent, documents_arrived)`.
pub fn stopped_days(submitted: Date, stops: &[ClockStop]) -> RuleResult<i64> {
    let stop_err = |kind| RuleError::new(Field::Stop, kind);
    for s in stops {
        if s.documents_arrived < s.notice_sent {
            return Err(stop_err(RuleErrorKind::StopOrder));
        }
        if s.notice_sent < submitted {
            return Err(stop_err(RuleErrorKind::StopBeforeSubmission));
        }
    }
    let mut sorted: Vec<ClockStop> = stops.to_vec();
    sorted.sort_by_key(|s| s.notice_sent);
    let mut total = 0i64;
    let mut covered_until: Option<Date> = None;
    for s in sorted {
        let start = covered_until.map_or(s.notice_sent, |c| c.max(s.notice_sent));
        if s.documents_arrived > start {
            total += days_between(start, s.documents_arrived);
            covered_until = Some(s.documents_arrived);
        }
    }
    Ok(total)
}

// ------------------------------------------------------- smaller terms

/// R-DL-4 — the last day on which the applicant can be told that an urgent
/// application will be handled under the general procedure: the 3rd working
/// day before the (urgent) deadline, so at least 3 working days remain.
pub fn urgent_downgrade_notice_latest<C: HolidayCalendar + ?Sized>(
    cal: &C,
    deadline: Date,
) -> Date {
    sub_working_days(cal, deadline, 3)
}

/// R-DL-5 — the card is produced within 10 (general) or 5 (urgent) working
/// days of the formalisation request (R-BK-3 counting).
pub fn formalisation_deadline<C: HolidayCalendar + ?Sized>(
    cal: &C,
    requested: Date,
    procedure: Procedure,
) -> Date {
    let days = match procedure {
        Procedure::General => 10,
        Procedure::Urgent => 5,
    };
    add_working_days(cal, requested, days)
}

/// R-DL-6 — the furthest a decision's validity can be extended: 3 calendar
/// months past its current end (clamped).
pub fn longest_extension(valid_until: Date) -> Date {
    add_months(valid_until, 3)
}

/// R-DL-6 — the notice about an extension decision goes out within 2
/// working days of the decision day (seed 002 point 122: counted from the
/// day the decision is taken).
pub fn extension_notice_deadline<C: HolidayCalendar + ?Sized>(cal: &C, decided: Date) -> Date {
    add_working_days(cal, decided, 2)
}

/// R-DL-8 — the day the uncollected card's month runs out (produced + 1
/// calendar month, clamped): if the card is still uncollected at the end of
/// that day, the invitation to collect it is sent.
pub fn collection_invitation_day(produced: Date) -> Date {
    add_months(produced, 1)
}

/// R-FL-1 — the last day to appear in person: online submission + 4
/// calendar months (clamped). Not rolled forward: the booking calendar
/// never offers a slot after this day, and offers only working days.
pub fn appearance_deadline(submitted: Date) -> Date {
    add_months(submitted, 4)
}

/// R-DL-7 — a change request's case file moves to the Migration Department
/// within 2 working days (urgent) or 5 working days (general) of receipt.
pub fn case_transfer_deadline<C: HolidayCalendar + ?Sized>(
    cal: &C,
    from: Date,
    procedure: Procedure,
) -> Date {
    let days = match procedure {
        Procedure::General => 5,
        Procedure::Urgent => 2,
    };
    add_working_days(cal, from, days)
}

/// R-DL-7 — a revocation decision is taken within 14 calendar days of
/// receiving the case file (the last day, not rolled: an internal term).
pub fn revocation_deadline(from: Date) -> Date {
    add_days(from, 14)
}

#[cfg(test)]
mod tests {
    use super::super::calendar::{is_working_day, LithuanianCalendar};
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    const LT: LithuanianCalendar = LithuanianCalendar;

    fn stop(sent: Date, arrived: Date) -> ClockStop {
        ClockStop { notice_sent: sent, documents_arrived: arrived }
    }

    #[rstest]
    #[case::r_dl_1_mid_month(
        date(2025, 9, 15),
        date(2025, 5, 15),
        date(2025, 7, 15),
        date(2025, 8, 15)
    )]
    #[case::r_dl_1_expires_mar_31(
        date(2025, 3, 31),
        date(2024, 11, 30),
        date(2025, 1, 31),
        date(2025, 2, 28)
    )]
    #[case::r_dl_1_expires_mar_31_leap(
        date(2024, 3, 31),
        date(2023, 11, 30),
        date(2024, 1, 31),
        date(2024, 2, 29)
    )]
    #[case::r_dl_1_expires_leap_day(
        date(2024, 2, 29),
        date(2023, 10, 29),
        date(2023, 12, 29),
        date(2024, 1, 29)
    )]
    #[case::r_dl_1_expires_jun_30(
        date(2025, 6, 30),
        date(2025, 2, 28),
        date(2025, 4, 30),
        date(2025, 5, 30)
    )]
    #[case::r_dl_1_expires_jan_1(
        date(2026, 1, 1),
        date(2025, 9, 1),
        date(2025, 11, 1),
        date(2025, 12, 1)
    )]
    #[case::r_dl_1_expires_may_31(
        date(2025, 5, 31),
        date(2025, 1, 31),
        date(2025, 3, 31),
        date(2025, 4, 30)
    )]
    #[case::r_dl_1_expires_jul_31(
        date(2025, 7, 31),
        date(2025, 3, 31),
        date(2025, 5, 31),
        date(2025, 6, 30)
    )]
    fn r_dl_1_window(
        #[case] expires: Date,
        #[case] earliest: Date,
        #[case] latest_general: Date,
        #[case] latest_urgent: Date,
    ) {
        assert_eq!(
            renewal_window(expires),
            RenewalWindow { earliest, latest_general, latest_urgent }
        );
    }

    #[rstest]
    #[case::r_dl_1_status_too_early(date(2025, 5, 14), false, false, true, false)]
    #[case::r_dl_1_status_first_day(date(2025, 5, 15), true, true, false, false)]
    #[case::r_dl_1_status_last_general_day(date(2025, 7, 15), true, true, false, false)]
    #[case::r_dl_1_status_urgent_only(date(2025, 7, 16), false, true, false, false)]
    #[case::r_dl_1_status_last_urgent_day(date(2025, 8, 15), false, true, false, false)]
    #[case::r_dl_1_status_too_late(date(2025, 8, 16), false, false, false, true)]
    #[case::r_dl_1_status_after_expiry(date(2025, 10, 1), false, false, false, true)]
    fn r_dl_1_status(
        #[case] today: Date,
        #[case] general_open: bool,
        #[case] urgent_open: bool,
        #[case] too_early: bool,
        #[case] too_late: bool,
    ) {
        let s = renewal_status(date(2025, 9, 15), today);
        assert_eq!(
            (s.general_open, s.urgent_open, s.too_early, s.too_late),
            (general_open, urgent_open, too_early, too_late)
        );
    }

    #[rstest]
    #[case::r_dl_1_check_general_ok(date(2025, 6, 1), Procedure::General, None)]
    #[case::r_dl_1_check_urgent_ok_late(date(2025, 8, 1), Procedure::Urgent, None)]
    #[case::r_dl_1_check_general_too_late(
        date(2025, 8, 1),
        Procedure::General,
        Some((date(2025, 5, 15), date(2025, 7, 15)))
    )]
    #[case::r_dl_1_check_urgent_too_early(
        date(2025, 5, 1),
        Procedure::Urgent,
        Some((date(2025, 5, 15), date(2025, 8, 15)))
    )]
    #[case::r_dl_1_check_urgent_too_late(
        date(2025, 8, 16),
        Procedure::Urgent,
        Some((date(2025, 5, 15), date(2025, 8, 15)))
    )]
    fn r_dl_1_check(
        #[case] submitted: Date,
        #[case] procedure: Procedure,
        #[case] window: Option<(Date, Date)>,
    ) {
        let want = match window {
            None => Ok(()),
            Some((earliest, latest)) => Err(RuleError::new(
                Field::Submitted,
                RuleErrorKind::OutsideRenewalWindow { earliest, latest },
            )),
        };
        assert_eq!(
            check_renewal_date(date(2025, 9, 15), submitted, procedure),
            want
        );
    }

    #[rstest]
    #[case::r_dl_2_trp_issue_general(
        CaseKind::TrpIssue,
        Procedure::General,
        date(2025, 3, 3),
        date(2025, 7, 3),
        "2016-order"
    )]
    #[case::r_dl_2_trp_issue_urgent(
        CaseKind::TrpIssue,
        Procedure::Urgent,
        date(2025, 3, 3),
        date(2025, 5, 5),
        "2016-order"
    )]
    #[case::r_dl_2_trp_issue_month_end_clamp(
        CaseKind::TrpIssue,
        Procedure::Urgent,
        date(2024, 12, 31),
        date(2025, 2, 28),
        "2016-order"
    )]
    #[case::r_dl_2_trp_issue_leap_clamp(
        CaseKind::TrpIssue,
        Procedure::General,
        date(2023, 10, 31),
        date(2024, 2, 29),
        "2016-order"
    )]
    #[case::r_dl_2_family_2023_guide_general(
        CaseKind::TrpIssueFamily,
        Procedure::General,
        date(2025, 1, 10),
        date(2025, 4, 10),
        "2023-guide"
    )]
    #[case::r_dl_2_family_45_days(
        CaseKind::TrpIssueFamily,
        Procedure::Urgent,
        date(2025, 1, 10),
        date(2025, 2, 24),
        "2023-guide"
    )]
    #[case::r_dl_2_family_45_days_over_leap_day(
        CaseKind::TrpIssueFamily,
        Procedure::Urgent,
        date(2024, 1, 20),
        date(2024, 3, 5),
        "2023-guide"
    )]
    #[case::r_dl_2_family_before_guide_uses_order(
        CaseKind::TrpIssueFamily,
        Procedure::General,
        date(2023, 9, 28),
        date(2024, 1, 29),
        "2016-order"
    )]
    #[case::r_dl_2_family_on_guide_day(
        CaseKind::TrpIssueFamily,
        Procedure::General,
        date(2023, 9, 29),
        date(2023, 12, 29),
        "2023-guide"
    )]
    #[case::r_dl_2_hq_2to3(
        CaseKind::TrpIssueHq2to3,
        Procedure::General,
        date(2025, 6, 2),
        date(2025, 8, 4),
        "2016-order"
    )]
    #[case::r_dl_2_hq_2to3_urgent(
        CaseKind::TrpIssueHq2to3,
        Procedure::Urgent,
        date(2025, 6, 2),
        date(2025, 7, 2),
        "2016-order"
    )]
    #[case::r_dl_2_hq_3plus(
        CaseKind::TrpIssueHq3plus,
        Procedure::General,
        date(2025, 1, 31),
        date(2025, 2, 28),
        "2016-order"
    )]
    #[case::r_dl_2_hq_3plus_15_days(
        CaseKind::TrpIssueHq3plus,
        Procedure::Urgent,
        date(2025, 6, 9),
        date(2025, 6, 25),
        "2016-order"
    )]
    #[case::r_dl_2_business(
        CaseKind::TrpIssueBusiness,
        Procedure::General,
        date(2025, 2, 12),
        date(2025, 4, 14),
        "2016-order"
    )]
    #[case::r_dl_2_business_urgent(
        CaseKind::TrpIssueBusiness,
        Procedure::Urgent,
        date(2025, 2, 12),
        date(2025, 3, 12),
        "2016-order"
    )]
    #[case::r_dl_2_trp_change(
        CaseKind::TrpChange,
        Procedure::General,
        date(2025, 9, 2),
        date(2025, 11, 3),
        "2016-order"
    )]
    #[case::r_dl_2_trp_change_urgent_easter_monday(
        CaseKind::TrpChange,
        Procedure::Urgent,
        date(2026, 3, 6),
        date(2026, 4, 7),
        "2016-order"
    )]
    #[case::r_dl_2_eu_card_month(
        CaseKind::EuCardIssue,
        Procedure::General,
        date(2025, 1, 31),
        date(2025, 2, 28),
        "2023-guide"
    )]
    #[case::r_dl_2_eu_card_before_guide(
        CaseKind::EuCardIssue,
        Procedure::General,
        date(2020, 5, 4),
        date(2020, 6, 4),
        "2023-guide"
    )]
    #[case::r_dl_2_permanent(
        CaseKind::PermanentFamily,
        Procedure::General,
        date(2025, 9, 24),
        date(2025, 12, 29),
        "2023-guide"
    )]
    #[case::r_dl_2_permanent_45_days(
        CaseKind::PermanentFamily,
        Procedure::Urgent,
        date(2025, 11, 10),
        date(2025, 12, 29),
        "2023-guide"
    )]
    #[case::r_dl_2_ends_on_sunday_rolls(
        CaseKind::TrpIssue,
        Procedure::General,
        date(2025, 2, 8),
        date(2025, 6, 9),
        "2016-order"
    )]
    #[case::r_dl_2_ends_on_easter_sunday_2024(
        CaseKind::TrpChange,
        Procedure::General,
        date(2024, 1, 31),
        date(2024, 4, 2),
        "2016-order"
    )]
    #[case::r_dl_2_ends_on_good_friday_2024_working(
        CaseKind::TrpChange,
        Procedure::Urgent,
        date(2024, 2, 29),
        date(2024, 3, 29),
        "2016-order"
    )]
    #[case::r_dl_2_before_2016_order(
        CaseKind::TrpIssue,
        Procedure::General,
        date(2015, 5, 1),
        date(2015, 9, 1),
        "2016-order"
    )]
    fn r_dl_2_deadline_without_stops(
        #[case] kind: CaseKind,
        #[case] procedure: Procedure,
        #[case] submitted: Date,
        #[case] want: Date,
        #[case] version: &str,
    ) {
        let d = decision_deadline(&LT, kind, procedure, submitted, &[]).expect("ok");
        assert_eq!(
            (d.deadline, d.version, d.rule, d.stopped_days),
            (want, version, "R-DL-2", 0)
        );
    }

    #[rstest]
    #[case::r_dl_3_one_stop_ten_days(&[(date(2025, 3, 10), date(2025, 3, 20))], date(2025, 7, 14), 10)]
    #[case::r_dl_3_zero_length_stop(&[(date(2025, 3, 10), date(2025, 3, 10))], date(2025, 7, 3), 0)]
    #[case::r_dl_3_two_separate_stops(
        &[(date(2025, 3, 10), date(2025, 3, 13)), (date(2025, 4, 1), date(2025, 4, 3))],
        date(2025, 7, 8),
        5
    )]
    #[case::r_dl_3_overlapping_stops_merged(
        &[(date(2025, 3, 10), date(2025, 3, 20)), (date(2025, 3, 15), date(2025, 3, 25))],
        date(2025, 7, 18),
        15
    )]
    #[case::r_dl_3_nested_stop_merged(
        &[(date(2025, 3, 10), date(2025, 3, 30)), (date(2025, 3, 12), date(2025, 3, 14))],
        date(2025, 7, 23),
        20
    )]
    #[case::r_dl_3_touching_stops_add(
        &[(date(2025, 3, 20), date(2025, 3, 25)), (date(2025, 3, 10), date(2025, 3, 20))],
        date(2025, 7, 18),
        15
    )]
    #[case::r_dl_3_stop_on_submission_day(&[(date(2025, 3, 3), date(2025, 3, 4))], date(2025, 7, 4), 1)]
    #[case::r_dl_10_stop_pushes_onto_saturday(&[(date(2025, 3, 10), date(2025, 3, 12))], date(2025, 7, 7), 2)]
    fn r_dl_3_trp_issue_with_stops(
        #[case] stops: &[(Date, Date)],
        #[case] want: Date,
        #[case] days: i64,
    ) {
        let stops: Vec<ClockStop> = stops.iter().map(|&(a, b)| stop(a, b)).collect();
        let d = decision_deadline(
            &LT,
            CaseKind::TrpIssue,
            Procedure::General,
            date(2025, 3, 3),
            &stops,
        )
        .expect("ok");
        assert_eq!((d.deadline, d.stopped_days), (want, days));
    }

    /// R-DL-3 / R-DL-10: a stop straddling a holiday counts calendar days,
    /// holiday included, and only the final end is rolled.
    #[rstest]
    #[case::r_dl_10_stop_straddles_easter_2025(
        CaseKind::TrpIssueFamily,
        Procedure::Urgent,
        date(2025, 4, 1),
        stop(date(2025, 4, 17), date(2025, 4, 23)),
        date(2025, 5, 22)
    )]
    #[case::r_dl_10_stop_straddles_christmas(
        CaseKind::TrpIssueHq3plus,
        Procedure::Urgent,
        date(2025, 12, 5),
        stop(date(2025, 12, 23), date(2025, 12, 29)),
        date(2025, 12, 29)
    )]
    #[case::r_dl_10_stop_straddles_easter_2024_ends_on_holiday(
        CaseKind::TrpIssueHq3plus,
        Procedure::Urgent,
        date(2024, 3, 1),
        stop(date(2024, 3, 28), date(2024, 4, 3)),
        date(2024, 3, 22)
    )]
    #[case::r_dl_10_stop_straddles_st_johns_ends_sunday(
        CaseKind::TrpIssueHq2to3,
        Procedure::Urgent,
        date(2025, 6, 2),
        stop(date(2025, 6, 20), date(2025, 6, 26)),
        date(2025, 7, 8)
    )]
    fn r_dl_10_stop_straddles_holiday(
        #[case] kind: CaseKind,
        #[case] procedure: Procedure,
        #[case] submitted: Date,
        #[case] s: ClockStop,
        #[case] want: Date,
    ) {
        let d = decision_deadline(&LT, kind, procedure, submitted, &[s]).expect("ok");
        assert_eq!(d.deadline, want);
        assert!(is_working_day(&LT, d.deadline));
    }

    #[rstest]
    #[case::r_dl_2_eu_card_no_urgent(
        CaseKind::EuCardIssue, Procedure::Urgent, vec![],
        RuleError::new(Field::Procedure, RuleErrorKind::ProcedureNotAvailable)
    )]
    #[case::r_dl_3_stop_order(
        CaseKind::TrpIssue, Procedure::General, vec![stop(date(2025, 3, 20), date(2025, 3, 19))],
        RuleError::new(Field::Stop, RuleErrorKind::StopOrder)
    )]
    #[case::r_dl_3_stop_before_submission(
        CaseKind::TrpIssue, Procedure::General, vec![stop(date(2025, 3, 2), date(2025, 3, 19))],
        RuleError::new(Field::Stop, RuleErrorKind::StopBeforeSubmission)
    )]
    fn r_dl_2_deadline_errors(
        #[case] kind: CaseKind,
        #[case] procedure: Procedure,
        #[case] stops: Vec<ClockStop>,
        #[case] want: RuleError,
    ) {
        assert_eq!(
            decision_deadline(&LT, kind, procedure, date(2025, 3, 3), &stops),
            Err(want)
        );
    }

    #[rstest]
    #[case::r_dl_2_parse_trp_issue("trp_issue", Ok(CaseKind::TrpIssue))]
    #[case::r_dl_2_parse_hq_2to3("trp_issue_hq_2to3", Ok(CaseKind::TrpIssueHq2to3))]
    #[case::r_dl_2_parse_hq_3plus("trp_issue_hq_3plus", Ok(CaseKind::TrpIssueHq3plus))]
    #[case::r_dl_2_parse_permanent("permanent_family", Ok(CaseKind::PermanentFamily))]
    #[case::r_dl_2_parse_unknown(
        "trp",
        Err(RuleError::new(Field::Case, RuleErrorKind::UnknownCaseKind))
    )]
    #[case::r_dl_2_parse_case_sensitive(
        "TRP_ISSUE",
        Err(RuleError::new(Field::Case, RuleErrorKind::UnknownCaseKind))
    )]
    fn r_dl_2_parse_case_kind(#[case] s: &str, #[case] want: RuleResult<CaseKind>) {
        assert_eq!(s.parse::<CaseKind>(), want);
    }

    #[rstest]
    #[case::r_dl_2_parse_general("general", Ok(Procedure::General))]
    #[case::r_dl_2_parse_urgent("urgent", Ok(Procedure::Urgent))]
    #[case::r_dl_2_parse_bad_procedure(
        "fast",
        Err(RuleError::new(Field::Procedure, RuleErrorKind::UnknownProcedure))
    )]
    fn r_dl_2_parse_procedure(#[case] s: &str, #[case] want: RuleResult<Procedure>) {
        assert_eq!(s.parse::<Procedure>(), want);
    }

    #[test]
    fn r_dl_2_every_kind_has_a_version_and_names_round_trip() {
        for kind in CaseKind::ALL {
            assert!(
                RULE_VERSIONS.iter().any(|v| v.terms_for(kind).is_some()),
                "{kind:?}"
            );
            let json = serde_json::to_value(kind).expect("json");
            assert_eq!(json, kind.as_str());
            assert_eq!(kind.as_str().parse::<CaseKind>(), Ok(kind));
        }
        for p in Procedure::ALL {
            assert_eq!(serde_json::to_value(p).expect("json"), p.as_str());
        }
    }

    #[rstest]
    #[case::r_dl_4_plain_friday(date(2025, 6, 13), date(2025, 6, 10))]
    #[case::r_dl_4_deadline_monday(date(2025, 6, 16), date(2025, 6, 11))]
    #[case::r_dl_4_over_easter_monday_2026(date(2026, 4, 8), date(2026, 4, 2))]
    #[case::r_dl_4_over_christmas(date(2025, 12, 30), date(2025, 12, 22))]
    #[case::r_dl_4_over_st_johns(date(2025, 6, 26), date(2025, 6, 20))]
    fn r_dl_4_downgrade_notice(#[case] deadline: Date, #[case] want: Date) {
        assert_eq!(urgent_downgrade_notice_latest(&LT, deadline), want);
    }

    #[rstest]
    #[case::r_dl_5_general_10(date(2025, 6, 2), Procedure::General, date(2025, 6, 16))]
    #[case::r_dl_5_urgent_5(date(2025, 6, 2), Procedure::Urgent, date(2025, 6, 9))]
    #[case::r_dl_5_general_over_st_johns(date(2025, 6, 20), Procedure::General, date(2025, 7, 7))]
    #[case::r_dl_5_urgent_over_christmas(date(2025, 12, 22), Procedure::Urgent, date(2026, 1, 2))]
    #[case::r_dl_5_urgent_over_easter_2027(date(2027, 3, 25), Procedure::Urgent, date(2027, 4, 2))]
    fn r_dl_5_formalisation(#[case] requested: Date, #[case] p: Procedure, #[case] want: Date) {
        assert_eq!(formalisation_deadline(&LT, requested, p), want);
    }

    #[rstest]
    #[case::r_dl_6_plain(date(2025, 6, 15), date(2025, 9, 15))]
    #[case::r_dl_6_month_end(date(2025, 11, 30), date(2026, 2, 28))]
    #[case::r_dl_6_leap(date(2023, 11, 29), date(2024, 2, 29))]
    fn r_dl_6_longest_extension(#[case] valid_until: Date, #[case] want: Date) {
        assert_eq!(longest_extension(valid_until), want);
    }

    #[rstest]
    #[case::r_dl_6_notice_thursday(date(2025, 6, 12), date(2025, 6, 16))]
    #[case::r_dl_6_notice_over_all_souls(date(2025, 10, 30), date(2025, 11, 3))]
    fn r_dl_6_extension_notice(#[case] decided: Date, #[case] want: Date) {
        assert_eq!(extension_notice_deadline(&LT, decided), want);
    }

    #[rstest]
    #[case::r_dl_8_plain(date(2025, 6, 10), date(2025, 7, 10))]
    #[case::r_dl_8_jan_31(date(2025, 1, 31), date(2025, 2, 28))]
    #[case::r_dl_8_jan_31_leap(date(2028, 1, 31), date(2028, 2, 29))]
    fn r_dl_8_collection_invitation(#[case] produced: Date, #[case] want: Date) {
        assert_eq!(collection_invitation_day(produced), want);
    }

    #[rstest]
    #[case::r_fl_1_plain(date(2025, 3, 14), date(2025, 7, 14))]
    #[case::r_fl_1_oct_31(date(2025, 10, 31), date(2026, 2, 28))]
    #[case::r_fl_1_oct_31_leap(date(2023, 10, 31), date(2024, 2, 29))]
    #[case::r_fl_1_year_wrap(date(2025, 11, 15), date(2026, 3, 15))]
    fn r_fl_1_appearance(#[case] submitted: Date, #[case] want: Date) {
        assert_eq!(appearance_deadline(submitted), want);
    }

    #[rstest]
    #[case::r_dl_7_urgent_2(date(2025, 6, 5), Procedure::Urgent, date(2025, 6, 9))]
    #[case::r_dl_7_general_5(date(2025, 6, 5), Procedure::General, date(2025, 6, 12))]
    #[case::r_dl_7_general_over_statehood(date(2025, 7, 3), Procedure::General, date(2025, 7, 10))]
    fn r_dl_7_case_transfer(#[case] from: Date, #[case] p: Procedure, #[case] want: Date) {
        assert_eq!(case_transfer_deadline(&LT, from, p), want);
    }

    #[rstest]
    #[case::r_dl_7_revocation(date(2025, 6, 5), date(2025, 6, 19))]
    #[case::r_dl_7_revocation_over_month_end(date(2025, 2, 20), date(2025, 3, 6))]
    #[case::r_dl_7_revocation_leap(date(2024, 2, 20), date(2024, 3, 5))]
    fn r_dl_7_revocation(#[case] from: Date, #[case] want: Date) {
        assert_eq!(revocation_deadline(from), want);
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (0i64..(200 * 366)).prop_map(|n| add_days(date(1950, 1, 1), n))
    }

    fn any_kind() -> impl Strategy<Value = CaseKind> {
        (0usize..CaseKind::ALL.len()).prop_map(|i| CaseKind::ALL[i])
    }

    proptest! {
        /// R-DL-1: earliest < latest_general < latest_urgent < expires.
        #[test]
        fn r_dl_1_window_is_ordered(expires in any_date()) {
            let w = renewal_window(expires);
            prop_assert!(w.earliest < w.latest_general);
            prop_assert!(w.latest_general < w.latest_urgent);
            prop_assert!(w.latest_urgent < expires);
        }

        /// R-DL-1: the status flags never contradict each other.
        #[test]
        fn r_dl_1_status_consistent(expires in any_date(), offset in -200i64..200) {
            let today = add_days(expires, offset);
            let s = renewal_status(expires, today);
            prop_assert!(!(s.too_early && s.too_late));
            prop_assert!(!s.general_open || s.urgent_open);
            prop_assert_eq!(s.urgent_open, !s.too_early && !s.too_late);
        }

        /// R-DL-3: stops never make the deadline earlier, and the result is a
        /// working day (R-DL-10).
        #[test]
        fn r_dl_3_stops_never_shorten(
            submitted in any_date(),
            kind in any_kind(),
            raw in proptest::collection::vec((0i64..120, 0i64..60), 0..4),
        ) {
            let stops: Vec<ClockStop> = raw
                .iter()
                .map(|&(start, len)| {
                    let sent = add_days(submitted, start);
                    stop(sent, add_days(sent, len))
                })
                .collect();
            let p = Procedure::General;
            let without = decision_deadline(&LT, kind, p, submitted, &[]).expect("ok");
            let with = decision_deadline(&LT, kind, p, submitted, &stops).expect("ok");
            prop_assert!(with.deadline >= without.deadline);
            prop_assert!(with.stopped_days <= raw.iter().map(|r| r.1).sum::<i64>());
            prop_assert!(is_working_day(&LT, with.deadline));
        }

        /// R-DL-2: urgent is never later than general.
        #[test]
        fn r_dl_2_urgent_not_later(submitted in any_date(), kind in any_kind()) {
            let general = decision_deadline(&LT, kind, Procedure::General, submitted, &[]).expect("ok");
            if let Ok(urgent) = decision_deadline(&LT, kind, Procedure::Urgent, submitted, &[]) {
                prop_assert!(urgent.deadline <= general.deadline);
            }
        }
    }
}
