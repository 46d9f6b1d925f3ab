//! R-QU-1…R-QU-5 — the live queue: when a remote queue number for today can be taken, and how
//! a ticket is labelled.

use jiff::civil::Time;
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};

use super::error::{Field, RuleError, RuleErrorKind, RuleResult};

/// An office's opening hours on one day (local Europe/Vilnius time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeHours {
    #[serde(deserialize_with = "crate::wire::time")]
    pub opens: Time,
    #[serde(deserialize_with = "crate::wire::time")]
    pub closes: Time,
}

/// R-QU-2 — when remote joining is possible: `[opens_at, closes_at)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteWindow {
    #[serde(deserialize_with = "crate::wire::time")]
    pub opens_at: Time,
    #[serde(deserialize_with = "crate::wire::time")]
    pub closes_at: Time,
}

impl RemoteWindow {
    /// R-QU-2 — is `now` inside the window (start inclusive, end exclusive)?
    pub fn contains(&self, now: Time) -> bool {
        self.opens_at <= now && now < self.closes_at
    }
}

/// R-QU-2 — the remote buffer at both ends of the day: joining opens 30
/// minutes after the office opens and closes 30 minutes before it closes,
/// so the first and last half hour serve people already in the building.
pub const REMOTE_BUFFER: SignedDuration = SignedDuration::from_mins(30);

/// R-QU-2 — today's remote-joining window, or `None` if the office is
/// closed today or open for an hour or less (the window would be empty).
pub fn remote_join_window(hours: Option<OfficeHours>) -> Option<RemoteWindow> {
    let hours = hours?;
    let opens_at = hours.opens.checked_add(REMOTE_BUFFER).ok()?;
    let closes_at = hours.closes.checked_sub(REMOTE_BUFFER).ok()?;
    (opens_at < closes_at).then_some(RemoteWindow { opens_at, closes_at })
}

/// R-QU-1, R-QU-2 — may a remote ticket for today be taken at `now`?
/// Returns the window on success so the UI can show it.
///
/// Errors: `OfficeClosedToday` (no hours today, or no remote window);
/// `QueueClosed { opens, closes }` naming the remote window when `now` is
/// outside it.
pub fn may_take_remote_ticket(
    hours_today: Option<OfficeHours>,
    now: Time,
) -> RuleResult<RemoteWindow> {
    let window = remote_join_window(hours_today).ok_or(RuleError::new(
        Field::Office,
        RuleErrorKind::OfficeClosedToday,
    ))?;
    if window.contains(now) {
        Ok(window)
    } else {
        Err(RuleError::new(
            Field::Now,
            RuleErrorKind::QueueClosed { opens: window.opens_at, closes: window.closes_at },
        ))
    }
}

/// Issue #8.1 — the letter of a service's tickets, so the waiting room hears at once what a
/// number is for: A — apply (submit documents), B — collect a document, C — consultation.
pub fn service_letter(service: &str) -> char {
    match service {
        "submit_documents" => 'A',
        "collect_document" => 'B',
        "consultation" => 'C',
        _ => 'X',
    }
}

/// Issue #8.1 — the label shown, printed and called for ticket `number` of the day: the
/// service's letter and at least three digits ("A023").
pub fn ticket_label(service: &str, number: i64) -> String {
    format!("{}{number:03}", service_letter(service))
}

/// R-QU-5 — may a walk-in take a ticket at the office's kiosk at `now`? While the office is
/// open today (from opening to closing; the remote buffer of R-QU-2 does not apply: the
/// person is already in the building). Returns today's hours.
///
/// Errors: `OfficeClosedToday`; `OfficeClosedNow { opens, closes }` outside today's hours.
pub fn may_take_kiosk_ticket(
    hours_today: Option<OfficeHours>,
    now: Time,
) -> RuleResult<OfficeHours> {
    let hours = hours_today
        .filter(|h| h.opens < h.closes)
        .ok_or(RuleError::new(
            Field::Office,
            RuleErrorKind::OfficeClosedToday,
        ))?;
    if hours.opens <= now && now < hours.closes {
        Ok(hours)
    } else {
        Err(RuleError::new(
            Field::Now,
            RuleErrorKind::OfficeClosedNow { opens: hours.opens, closes: hours.closes },
        ))
    }
}

/// Issue #8.1 — a booked visit can be checked in from this long before its time. Earlier
/// arrivals are told when check-in opens (a visit checked in hours early would jump the line
/// for the whole morning).
pub const CHECK_IN_EARLY: SignedDuration = SignedDuration::from_mins(30);

/// Issue #8.1 — the grace window after a visit's time: checked in by then, it goes first
/// (priority 0); later, it joins the common line like a walk-in.
pub const CHECK_IN_GRACE: SignedDuration = SignedDuration::from_mins(15);

/// How a booked visit checked in at a given moment is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckIn {
    /// Inside the grace window: served before the common line.
    OnTime,
    /// After the grace window: in the common line, in number order.
    Late,
}

impl CheckIn {
    /// The ticket's priority: 0 is called first.
    pub fn priority(self) -> i64 {
        match self {
            CheckIn::OnTime => 0,
            CheckIn::Late => 1,
        }
    }
}

/// Issue #8.1 — checking in, at `now`, a visit booked for `starts` today.
///
/// Errors: `CheckInTooEarly { from }` before `starts - CHECK_IN_EARLY`.
pub fn check_in(starts: Time, now: Time) -> RuleResult<CheckIn> {
    let from = starts.saturating_sub(CHECK_IN_EARLY);
    if now < from {
        return Err(RuleError::new(
            Field::VisitCode,
            RuleErrorKind::CheckInTooEarly { from },
        ));
    }
    if now <= starts.saturating_add(CHECK_IN_GRACE) {
        Ok(CheckIn::OnTime)
    } else {
        Ok(CheckIn::Late)
    }
}

/// The letters of a visit code: no look-alikes (no I, O, 0, 1).
pub const VISIT_CODE_ALPHABET: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// Issue #8.1 — a visit code as typed on the kiosk or sent by a QR scanner: any case, with or
/// without the dash and spaces. Answers the stored form `XXXX-XXXX`.
///
/// Errors: `Required` when empty; `InvalidFormat` when not 8 letters of the code alphabet.
pub fn normalise_visit_code(text: &str) -> RuleResult<String> {
    let letters: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect();
    if letters.is_empty() {
        return Err(RuleError::new(Field::VisitCode, RuleErrorKind::Required));
    }
    if letters.chars().count() != 8 || !letters.chars().all(|c| VISIT_CODE_ALPHABET.contains(c)) {
        return Err(RuleError::new(
            Field::VisitCode,
            RuleErrorKind::InvalidFormat,
        ));
    }
    Ok(format!("{}-{}", &letters[..4], &letters[4..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::time;
    use rstest::rstest;

    fn hours(oh: i8, om: i8, ch: i8, cm: i8) -> Option<OfficeHours> {
        Some(OfficeHours { opens: time(oh, om, 0, 0), closes: time(ch, cm, 0, 0) })
    }

    #[rstest]
    #[case::r_qu_2_ordinary_day(hours(8, 0, 17, 0), Some((time(8, 30, 0, 0), time(16, 30, 0, 0))))]
    #[case::r_qu_2_short_friday(hours(8, 0, 15, 45), Some((time(8, 30, 0, 0), time(15, 15, 0, 0))))]
    #[case::r_qu_2_closed(None, None)]
    #[case::r_qu_2_open_one_hour_empty(hours(10, 0, 11, 0), None)]
    #[case::r_qu_2_open_61_minutes(hours(10, 0, 11, 1), Some((time(10, 30, 0, 0), time(10, 31, 0, 0))))]
    #[case::r_qu_2_inverted_hours(hours(17, 0, 8, 0), None)]
    #[case::r_qu_2_opens_near_midnight_no_overflow(hours(23, 45, 23, 59), None)]
    #[case::r_qu_2_closes_just_after_midnight_no_underflow(hours(0, 0, 0, 15), None)]
    fn r_qu_2_window(#[case] h: Option<OfficeHours>, #[case] want: Option<(Time, Time)>) {
        let want = want.map(|(opens_at, closes_at)| RemoteWindow { opens_at, closes_at });
        assert_eq!(remote_join_window(h), want);
    }

    #[rstest]
    #[case::r_qu_2_before_office_opens(time(7, 55, 0, 0), false)]
    #[case::r_qu_2_office_open_but_buffer(time(8, 29, 59, 0), false)]
    #[case::r_qu_2_window_opens(time(8, 30, 0, 0), true)]
    #[case::r_qu_2_midday(time(12, 0, 0, 0), true)]
    #[case::r_qu_2_last_second(time(16, 29, 59, 999_999_999), true)]
    #[case::r_qu_2_window_closed(time(16, 30, 0, 0), false)]
    #[case::r_qu_2_evening(time(20, 0, 0, 0), false)]
    fn r_qu_2_may_take(#[case] now: Time, #[case] ok: bool) {
        let got = may_take_remote_ticket(hours(8, 0, 17, 0), now);
        if ok {
            assert!(got.is_ok());
        } else {
            assert_eq!(
                got,
                Err(RuleError::new(
                    Field::Now,
                    RuleErrorKind::QueueClosed {
                        opens: time(8, 30, 0, 0),
                        closes: time(16, 30, 0, 0),
                    }
                ))
            );
        }
    }

    #[rstest]
    #[case::r_qu_2_closed_today(None)]
    #[case::r_qu_2_too_short_today(hours(9, 0, 9, 45))]
    fn r_qu_2_closed_today(#[case] h: Option<OfficeHours>) {
        assert_eq!(
            may_take_remote_ticket(h, time(9, 10, 0, 0)),
            Err(RuleError::new(
                Field::Office,
                RuleErrorKind::OfficeClosedToday
            ))
        );
    }

    #[rstest]
    #[case::r_qu_5_before_opening(time(7, 59, 0, 0), false)]
    #[case::r_qu_5_opening(time(8, 0, 0, 0), true)]
    #[case::r_qu_5_inside_remote_buffer(time(8, 10, 0, 0), true)]
    #[case::r_qu_5_last_minute(time(16, 59, 0, 0), true)]
    #[case::r_qu_5_closing(time(17, 0, 0, 0), false)]
    fn r_qu_5_kiosk_while_open(#[case] now: Time, #[case] ok: bool) {
        let got = may_take_kiosk_ticket(hours(8, 0, 17, 0), now);
        if ok {
            assert_eq!(got, Ok(hours(8, 0, 17, 0).unwrap()));
        } else {
            assert_eq!(
                got,
                Err(RuleError::new(
                    Field::Now,
                    RuleErrorKind::OfficeClosedNow {
                        opens: time(8, 0, 0, 0),
                        closes: time(17, 0, 0, 0),
                    }
                ))
            );
        }
    }

    #[test]
    fn r_qu_5_kiosk_closed_today() {
        assert_eq!(
            may_take_kiosk_ticket(None, time(10, 0, 0, 0)),
            Err(RuleError::new(
                Field::Office,
                RuleErrorKind::OfficeClosedToday
            ))
        );
    }

    #[rstest]
    #[case::too_early(time(9, 29, 0, 0), None)]
    #[case::window_opens(time(9, 30, 0, 0), Some(CheckIn::OnTime))]
    #[case::on_time(time(10, 0, 0, 0), Some(CheckIn::OnTime))]
    #[case::end_of_grace(time(10, 15, 0, 0), Some(CheckIn::OnTime))]
    #[case::late(time(10, 15, 1, 0), Some(CheckIn::Late))]
    fn booked_visits_check_in(#[case] now: Time, #[case] want: Option<CheckIn>) {
        let got = check_in(time(10, 0, 0, 0), now);
        match want {
            Some(c) => assert_eq!(got, Ok(c)),
            None => assert_eq!(
                got,
                Err(RuleError::new(
                    Field::VisitCode,
                    RuleErrorKind::CheckInTooEarly { from: time(9, 30, 0, 0) }
                ))
            ),
        }
        assert_eq!(CheckIn::OnTime.priority(), 0);
        assert_eq!(CheckIn::Late.priority(), 1);
    }

    #[rstest]
    #[case::as_printed("K7MQ-2XPA", Ok("K7MQ-2XPA"))]
    #[case::typed_lower_without_dash(" k7mq2xpa ", Ok("K7MQ-2XPA"))]
    #[case::spaces("K7MQ 2XPA", Ok("K7MQ-2XPA"))]
    #[case::empty("  ", Err(RuleErrorKind::Required))]
    #[case::look_alike_o("K7MO-2XPA", Err(RuleErrorKind::InvalidFormat))]
    #[case::too_short("K7MQ-2XP", Err(RuleErrorKind::InvalidFormat))]
    #[case::cyrillic("К7МQ-2ХРА", Err(RuleErrorKind::InvalidFormat))]
    fn visit_codes_as_typed_or_scanned(
        #[case] text: &str,
        #[case] want: Result<&str, RuleErrorKind>,
    ) {
        let want = want
            .map(str::to_string)
            .map_err(|k| RuleError::new(Field::VisitCode, k));
        assert_eq!(normalise_visit_code(text), want);
    }

    #[test]
    fn tickets_are_labelled_by_service_and_number() {
        assert_eq!(ticket_label("submit_documents", 23), "A023");
        assert_eq!(ticket_label("collect_document", 1), "B001");
        assert_eq!(ticket_label("consultation", 1234), "C1234");
        assert_eq!(ticket_label("unknown", 7), "X007");
    }
}
