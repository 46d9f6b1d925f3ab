//! R-BK-1, R-BK-2, R-FL-1 — visits to an office: the hours an office keeps on a day, the slots
//! a service's duration cuts them into, the days an application may book (its 4-month window,
//! the booking horizon and the daily release time), and the move limit.
//!
//! Times are local wall-clock times in Europe/Vilnius; turning a slot into an instant (and so
//! handling the days clocks change) is the server's job, because the rules carry no time zone.

use jiff::civil::{Date, DateTime, Time};
use serde::{Deserialize, Serialize};

use super::calendar::{add_days, is_working_day, HolidayCalendar};
use super::error::{Field, RuleError, RuleErrorKind, RuleResult};
use super::queue::OfficeHours;

/// An office's exception for one day (set up by an office admin): closed all day (`hours:
/// None`), or open at other hours than usual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    #[serde(deserialize_with = "crate::wire::date")]
    pub day: Date,
    pub hours: Option<OfficeHours>,
}

/// The settings that shape availability (server configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingPolicy {
    /// How many days ahead visits can be booked (`VARTAI_BOOKING_HORIZON_DAYS`).
    pub horizon_days: i64,
    /// The local time each day at which the next day of the horizon opens
    /// (`VARTAI_BOOKING_RELEASE_AT`): the same moment for everybody, published on the page.
    #[serde(deserialize_with = "crate::wire::time")]
    pub release_at: Time,
    /// R-BK-2 — how many times a booked visit may be moved (`VARTAI_BOOKING_MAX_MOVES`).
    pub max_moves: u32,
    /// Issue #7.4 — how long a time offered from the waitlist is held for the person it was
    /// offered to (`VARTAI_WAITLIST_HOLD_MINUTES`).
    pub hold_minutes: u32,
}

impl Default for BookingPolicy {
    fn default() -> Self {
        BookingPolicy {
            horizon_days: 30,
            release_at: Time::constant(8, 0, 0, 0),
            max_moves: 2,
            hold_minutes: 15,
        }
    }
}

/// R-BK-1, R-DL-9 — the hours an office receives booked visits on `day`: none on a weekend or
/// public holiday, none on a day it is closed; an exception's hours replace the weekday's.
/// `weekly` holds (ISO weekday 1 = Monday … 7 = Sunday, hours).
pub fn visit_hours<C: HolidayCalendar + ?Sized>(
    cal: &C,
    weekly: &[(i8, OfficeHours)],
    exceptions: &[Exception],
    day: Date,
) -> Option<OfficeHours> {
    if !is_working_day(cal, day) {
        return None;
    }
    if let Some(e) = exceptions.iter().find(|e| e.day == day) {
        return e.hours.filter(|h| h.opens < h.closes);
    }
    let weekday = day.weekday().to_monday_one_offset();
    weekly
        .iter()
        .find(|(w, _)| *w == weekday)
        .map(|(_, h)| *h)
        .filter(|h| h.opens < h.closes)
}

/// R-BK-1 — the start times of a service's slots: back to back from opening, the last one
/// ending no later than closing. Empty when the duration is not positive.
pub fn slot_starts(hours: OfficeHours, minutes: i64) -> Vec<Time> {
    let mut out = Vec::new();
    if minutes <= 0 {
        return out;
    }
    let opens = minute_of_day(hours.opens);
    let closes = minute_of_day(hours.closes);
    let mut t = opens;
    while t + minutes <= closes {
        out.push(time_of_minute(t));
        t += minutes;
    }
    out
}

/// The first and last day an application may book today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRange {
    #[serde(deserialize_with = "crate::wire::date")]
    pub first: Date,
    #[serde(deserialize_with = "crate::wire::date")]
    pub last: Date,
    /// True when `last` is the application's appearance deadline (R-FL-1) rather than the
    /// horizon: the page says why the calendar stops there.
    pub capped_by_window: bool,
}

/// R-BK-1, R-FL-1 — the days open for booking at `now` on `today`: from tomorrow (today belongs
/// to the live queue) to the horizon, which moves one day further at the release time, and
/// never past the appearance deadline `appear_by`. `None` when nothing is left (the window has
/// passed).
pub fn booking_range(
    policy: &BookingPolicy,
    today: Date,
    now: Time,
    appear_by: Date,
) -> Option<BookingRange> {
    let first = add_days(today, 1);
    let released = policy.horizon_days.max(1) - i64::from(now < policy.release_at);
    let horizon = add_days(today, released.max(1));
    let (last, capped_by_window) = if appear_by < horizon {
        (appear_by, true)
    } else {
        (horizon, false)
    };
    (first <= last).then_some(BookingRange { first, last, capped_by_window })
}

/// Offers from the waitlist are counted from this hour: one made at night is held from the
/// morning, so nobody loses a time while asleep.
pub const OFFERS_FROM: Time = Time::constant(7, 0, 0, 0);
/// … and until this hour.
pub const OFFERS_UNTIL: Time = Time::constant(21, 0, 0, 0);

/// Issue #7.4 — until when a time offered from the waitlist at local `now` is held:
/// `hold_minutes` later, counted from 07:00 when the offer is made at night (21:00–07:00).
pub fn hold_until(policy: &BookingPolicy, now: DateTime) -> DateTime {
    let minutes = jiff::SignedDuration::from_mins(i64::from(policy.hold_minutes.max(1)));
    let start = if now.time() >= OFFERS_UNTIL {
        add_days(now.date(), 1).to_datetime(OFFERS_FROM)
    } else if now.time() < OFFERS_FROM {
        now.date().to_datetime(OFFERS_FROM)
    } else {
        now
    };
    start.saturating_add(minutes)
}

/// Issue #7.4 — checks the days a person waits for: from `first` to `last`, both from tomorrow
/// (today belongs to the live queue) up to the appearance deadline `appear_by` (R-FL-1). Days
/// past today's booking horizon are allowed: they are offered once released.
pub fn check_waitlist_days(
    today: Date,
    appear_by: Date,
    first: Date,
    last: Date,
) -> RuleResult<()> {
    let earliest = add_days(today, 1);
    if earliest > appear_by {
        return Err(RuleError::new(Field::From, RuleErrorKind::WindowPassed));
    }
    for (field, day) in [(Field::From, first), (Field::To, last)] {
        if day < earliest || day > appear_by {
            return Err(RuleError::new(
                field,
                RuleErrorKind::OutsideBookingRange { earliest, latest: appear_by },
            ));
        }
    }
    if last < first {
        return Err(RuleError::new(Field::To, RuleErrorKind::EndBeforeStart));
    }
    Ok(())
}

/// R-BK-1 — checks a requested visit: the day inside `range` (else `OutsideBookingRange`
/// naming the range), and the time one of that day's slots (else `NoSuchSlot`).
pub fn check_slot(
    range: Option<BookingRange>,
    hours: Option<OfficeHours>,
    minutes: i64,
    day: Date,
    time: Time,
) -> RuleResult<()> {
    let range = range.ok_or(RuleError::new(Field::Date, RuleErrorKind::WindowPassed))?;
    if day < range.first || day > range.last {
        return Err(RuleError::new(
            Field::Date,
            RuleErrorKind::OutsideBookingRange { earliest: range.first, latest: range.last },
        ));
    }
    let offered = hours.is_some_and(|h| slot_starts(h, minutes).contains(&time));
    if !offered {
        return Err(RuleError::new(Field::Slot, RuleErrorKind::NoSuchSlot));
    }
    Ok(())
}

/// Issue #7.1 — an office's hours for a day as an office admin enters them: both empty is a
/// closed day (`None`); otherwise two `HH:MM` times, opening before closing.
pub fn check_hours(opens: &str, closes: &str) -> RuleResult<Option<OfficeHours>> {
    let (opens, closes) = (opens.trim(), closes.trim());
    if opens.is_empty() && closes.is_empty() {
        return Ok(None);
    }
    let parse = |field: Field, s: &str| {
        if s.is_empty() {
            return Err(RuleError::new(field, RuleErrorKind::Required));
        }
        parse_slot_time(s).map_err(|_| RuleError::new(field, RuleErrorKind::InvalidFormat))
    };
    let opens = parse(Field::Opens, opens)?;
    let closes = parse(Field::Closes, closes)?;
    if closes <= opens {
        return Err(RuleError::new(Field::Closes, RuleErrorKind::EndBeforeStart));
    }
    Ok(Some(OfficeHours { opens, closes }))
}

/// Issue #7.1 — how many desks receive booked visits of a service: 0 (no bookings) to 50.
pub fn check_desks(text: &str) -> RuleResult<i64> {
    let n: i64 = text
        .trim()
        .parse()
        .map_err(|_| RuleError::new(Field::Desks, RuleErrorKind::InvalidFormat))?;
    if !(0..=50).contains(&n) {
        return Err(RuleError::new(
            Field::Desks,
            RuleErrorKind::OutOfRange { min: 0, max: 50 },
        ));
    }
    Ok(n)
}

/// Issue #7.1 — the shortest and longest booked visit an office admin may set.
pub const VISIT_MINUTES: (i64, i64) = (5, 240);

/// Issue #7.1 — how many minutes one booked visit of a service lasts at an office, as its
/// admin enters it: a whole number from 5 to 240.
pub fn check_duration(text: &str) -> RuleResult<i64> {
    let n: i64 = text
        .trim()
        .parse()
        .map_err(|_| RuleError::new(Field::Duration, RuleErrorKind::InvalidFormat))?;
    let (min, max) = VISIT_MINUTES;
    if !(min..=max).contains(&n) {
        return Err(RuleError::new(
            Field::Duration,
            RuleErrorKind::OutOfRange { min, max },
        ));
    }
    Ok(n)
}

/// Issue #7.1 — the first day a new duration may apply from: tomorrow, and after the last day
/// on which a visit of the service is already booked (`last_booked`), so booked slots keep
/// their times and the new ones never overlap them.
pub fn earliest_duration_day(tomorrow: Date, last_booked: Option<Date>) -> Date {
    match last_booked {
        Some(d) if d >= tomorrow => add_days(d, 1),
        _ => tomorrow,
    }
}

/// Issue #7.1 — checks the day a new duration applies from (`Field::From`): not before
/// `earliest` (see [`earliest_duration_day`]).
pub fn check_duration_day(from: Date, earliest: Date) -> RuleResult<()> {
    if from < earliest {
        return Err(RuleError::new(
            Field::From,
            RuleErrorKind::DateInPast { earliest },
        ));
    }
    Ok(())
}

/// Issue #7.1 — the length of a visit on `day`: the last change (`(from_day, minutes)`,
/// sorted by day) that applies on it, else the national duration `base`.
pub fn minutes_on(base: i64, changes: &[(Date, i64)], day: Date) -> i64 {
    changes
        .iter()
        .take_while(|(from, _)| *from <= day)
        .last()
        .map_or(base, |(_, m)| *m)
}

/// R-BK-2 — may a visit already moved `moves` times be moved again?
pub fn check_move(policy: &BookingPolicy, moves: u32) -> RuleResult<()> {
    if moves >= policy.max_moves {
        return Err(RuleError::new(
            Field::Slot,
            RuleErrorKind::TooManyMoves { max: policy.max_moves },
        ));
    }
    Ok(())
}

/// Parses a slot time as sent by the form, strictly `HH:MM` (the wire's clock-time reader,
/// [`crate::wire::parse_time`], held to its shortest form).
pub fn parse_slot_time(s: &str) -> RuleResult<Time> {
    let s = s.trim();
    (s.len() == 5)
        .then(|| crate::wire::parse_time(s))
        .flatten()
        .ok_or(RuleError::new(Field::Slot, RuleErrorKind::InvalidFormat))
}

/// `HH:MM` of a time.
pub fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// Minutes since midnight.
pub fn minute_of_day(t: Time) -> i64 {
    i64::from(t.hour()) * 60 + i64::from(t.minute())
}

fn time_of_minute(m: i64) -> Time {
    let m = m.clamp(0, 24 * 60 - 1);
    Time::new((m / 60) as i8, (m % 60) as i8, 0, 0).unwrap_or(Time::MIN)
}

/// R-BK-1 — a service an office takes visits for, with what shapes its slots (read from the
/// office's set-up by the server).
#[derive(Clone, Debug)]
pub struct ServicePlan {
    pub office_id: i64,
    pub service: String,
    /// The national length of one visit (`services`).
    pub national_minutes: i64,
    /// Issue #7.1 — the office's own lengths, `(from_day, minutes)` sorted by day.
    pub durations: Vec<(Date, i64)>,
    /// Seats per slot: the desks that receive booked visits of this service.
    pub seats: i64,
    pub weekly: Vec<(i8, OfficeHours)>,
    pub exceptions: Vec<Exception>,
}

impl ServicePlan {
    /// R-BK-1 — the hours visits are received on `day`.
    pub fn hours(&self, day: Date) -> Option<OfficeHours> {
        visit_hours(
            &crate::calendar::LithuanianCalendar,
            &self.weekly,
            &self.exceptions,
            day,
        )
    }

    /// Issue #7.1 — how long one visit lasts on `day`.
    pub fn minutes(&self, day: Date) -> i64 {
        minutes_on(self.national_minutes, &self.durations, day)
    }

    /// R-BK-1 — the slot start times of `day`.
    pub fn starts(&self, day: Date) -> Vec<Time> {
        self.hours(day)
            .map(|h| slot_starts(h, self.minutes(day)))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LithuanianCalendar;
    use jiff::civil::{date, time};

    fn hours(o: (i8, i8), c: (i8, i8)) -> OfficeHours {
        OfficeHours { opens: time(o.0, o.1, 0, 0), closes: time(c.0, c.1, 0, 0) }
    }

    fn week() -> Vec<(i8, OfficeHours)> {
        let mut w: Vec<_> = (1..=4).map(|d| (d, hours((8, 0), (17, 0)))).collect();
        w.push((5, hours((8, 0), (15, 45))));
        w.push((6, hours((9, 0), (13, 0))));
        w
    }

    #[test]
    fn r_bk_1_visits_only_on_working_days() {
        let cal = LithuanianCalendar;
        // Monday 2026-11-30: weekday hours.
        assert_eq!(
            visit_hours(&cal, &week(), &[], date(2026, 11, 30)),
            Some(hours((8, 0), (17, 0)))
        );
        // Saturday: the office opens for the queue, but visits are on working days only.
        assert_eq!(visit_hours(&cal, &week(), &[], date(2026, 11, 28)), None);
        // 24 December 2026 (Thursday) is a public holiday (R-DL-9).
        assert_eq!(visit_hours(&cal, &week(), &[], date(2026, 12, 24)), None);
        // Easter Monday 2027 (29 March).
        assert_eq!(visit_hours(&cal, &week(), &[], date(2027, 3, 29)), None);
    }

    #[test]
    fn r_bk_1_exceptions_close_or_change_a_day() {
        let cal = LithuanianCalendar;
        let closed = Exception { day: date(2026, 12, 1), hours: None };
        let short = Exception { day: date(2026, 12, 2), hours: Some(hours((10, 0), (12, 0))) };
        let ex = [closed, short];
        assert_eq!(visit_hours(&cal, &week(), &ex, date(2026, 12, 1)), None);
        assert_eq!(
            visit_hours(&cal, &week(), &ex, date(2026, 12, 2)),
            Some(hours((10, 0), (12, 0)))
        );
        // An exception cannot open a public holiday for visits.
        let holiday = Exception { day: date(2026, 12, 24), hours: Some(hours((8, 0), (12, 0))) };
        assert_eq!(
            visit_hours(&cal, &week(), &[holiday], date(2026, 12, 24)),
            None
        );
    }

    #[test]
    fn r_bk_1_slots_fit_inside_the_hours() {
        let s = slot_starts(hours((8, 0), (9, 40)), 30);
        assert_eq!(
            s,
            vec![time(8, 0, 0, 0), time(8, 30, 0, 0), time(9, 0, 0, 0)]
        );
        assert_eq!(slot_starts(hours((8, 0), (15, 45)), 30).len(), 15);
        assert_eq!(slot_starts(hours((8, 0), (8, 20)), 30), vec![]);
        assert_eq!(slot_starts(hours((8, 0), (9, 0)), 0), vec![]);
    }

    #[test]
    fn r_fl_1_the_calendar_stops_at_the_appearance_deadline() {
        let p = BookingPolicy::default();
        let today = date(2026, 11, 23);
        let r = booking_range(&p, today, time(12, 0, 0, 0), date(2027, 3, 23)).unwrap();
        assert_eq!(r.first, date(2026, 11, 24));
        assert_eq!(r.last, date(2026, 12, 23));
        assert!(!r.capped_by_window);
        let r = booking_range(&p, today, time(12, 0, 0, 0), date(2026, 12, 10)).unwrap();
        assert_eq!(r.last, date(2026, 12, 10));
        assert!(r.capped_by_window);
        // The window's last day was today: nothing is left.
        assert_eq!(booking_range(&p, today, time(12, 0, 0, 0), today), None);
    }

    #[test]
    fn fair_release_opens_the_next_day_at_the_published_time() {
        let p = BookingPolicy::default();
        let today = date(2026, 11, 23);
        let far = date(2027, 3, 23);
        let before = booking_range(&p, today, time(7, 59, 59, 0), far).unwrap();
        let after = booking_range(&p, today, time(8, 0, 0, 0), far).unwrap();
        assert_eq!(before.last, date(2026, 12, 22));
        assert_eq!(after.last, date(2026, 12, 23));
    }

    #[test]
    fn r_bk_1_check_slot_names_the_range_and_the_slot() {
        let p = BookingPolicy::default();
        let range = booking_range(&p, date(2026, 11, 23), time(9, 0, 0, 0), date(2026, 12, 10));
        let h = Some(hours((8, 0), (17, 0)));
        assert_eq!(
            check_slot(range, h, 30, date(2026, 12, 1), time(8, 30, 0, 0)),
            Ok(())
        );
        assert_eq!(
            check_slot(range, h, 30, date(2026, 12, 11), time(8, 30, 0, 0))
                .unwrap_err()
                .kind,
            RuleErrorKind::OutsideBookingRange {
                earliest: date(2026, 11, 24),
                latest: date(2026, 12, 10)
            }
        );
        let e = check_slot(range, h, 30, date(2026, 12, 1), time(8, 15, 0, 0)).unwrap_err();
        assert_eq!((e.field, e.kind), (Field::Slot, RuleErrorKind::NoSuchSlot));
        let e = check_slot(range, None, 30, date(2026, 12, 1), time(8, 0, 0, 0)).unwrap_err();
        assert_eq!(e.kind, RuleErrorKind::NoSuchSlot);
        let e = check_slot(None, h, 30, date(2026, 12, 1), time(8, 0, 0, 0)).unwrap_err();
        assert_eq!(e.kind, RuleErrorKind::WindowPassed);
    }

    #[test]
    fn r_bk_2_two_moves_at_most() {
        let p = BookingPolicy::default();
        assert_eq!(check_move(&p, 0), Ok(()));
        assert_eq!(check_move(&p, 1), Ok(()));
        assert_eq!(
            check_move(&p, 2).unwrap_err().kind,
            RuleErrorKind::TooManyMoves { max: 2 }
        );
    }

    #[test]
    fn slot_times_are_strict() {
        assert_eq!(parse_slot_time("08:30"), Ok(time(8, 30, 0, 0)));
        for bad in ["8:30", "08-30", "24:00", "08:60", "", "ab:cd", "08:300"] {
            assert!(parse_slot_time(bad).is_err(), "{bad}");
        }
        assert_eq!(hhmm(time(9, 5, 0, 0)), "09:05");
    }

    #[test]
    fn waitlist_holds_count_from_the_morning_at_night() {
        let p = BookingPolicy::default();
        let at = |d: i8, h: i8, m: i8| date(2026, 11, d).at(h, m, 0, 0);
        assert_eq!(hold_until(&p, at(23, 10, 0)), at(23, 10, 15));
        assert_eq!(hold_until(&p, at(23, 20, 50)), at(23, 21, 5));
        assert_eq!(hold_until(&p, at(23, 21, 0)), at(24, 7, 15));
        assert_eq!(hold_until(&p, at(24, 3, 30)), at(24, 7, 15));
        let long = BookingPolicy { hold_minutes: 120, ..p };
        assert_eq!(hold_until(&long, at(23, 6, 59)), at(23, 9, 0));
    }

    #[test]
    fn waitlist_days_run_from_tomorrow_to_the_window() {
        let today = date(2026, 11, 23);
        let by = date(2027, 1, 15);
        assert!(check_waitlist_days(today, by, date(2026, 11, 24), date(2027, 1, 15)).is_ok());
        let e = check_waitlist_days(today, by, today, date(2026, 11, 30)).unwrap_err();
        assert_eq!(e.field, Field::From);
        assert_eq!(
            e.kind,
            RuleErrorKind::OutsideBookingRange { earliest: date(2026, 11, 24), latest: by }
        );
        let e = check_waitlist_days(today, by, date(2026, 12, 1), date(2027, 1, 16)).unwrap_err();
        assert_eq!(e.field, Field::To);
        let e = check_waitlist_days(today, by, date(2026, 12, 5), date(2026, 12, 1)).unwrap_err();
        assert_eq!(
            (e.field, e.kind),
            (Field::To, RuleErrorKind::EndBeforeStart)
        );
        let e = check_waitlist_days(today, today, today, today).unwrap_err();
        assert_eq!(e.kind, RuleErrorKind::WindowPassed);
    }

    #[test]
    fn office_hours_and_desks_as_an_admin_enters_them() {
        assert_eq!(check_hours("", " "), Ok(None));
        assert_eq!(
            check_hours("08:00", "17:00"),
            Ok(Some(hours((8, 0), (17, 0))))
        );
        let e = check_hours("08:00", "").unwrap_err();
        assert_eq!((e.field, e.kind), (Field::Closes, RuleErrorKind::Required));
        let e = check_hours("8", "17:00").unwrap_err();
        assert_eq!(
            (e.field, e.kind),
            (Field::Opens, RuleErrorKind::InvalidFormat)
        );
        let e = check_hours("17:00", "08:00").unwrap_err();
        assert_eq!(
            (e.field, e.kind),
            (Field::Closes, RuleErrorKind::EndBeforeStart)
        );
        assert_eq!(check_desks(" 3 "), Ok(3));
        assert_eq!(check_desks("0"), Ok(0));
        assert_eq!(
            check_desks("51").unwrap_err().kind,
            RuleErrorKind::OutOfRange { min: 0, max: 50 }
        );
        assert_eq!(
            check_desks("two").unwrap_err().kind,
            RuleErrorKind::InvalidFormat
        );
    }

    #[test]
    fn visit_duration_is_whole_minutes_from_5_to_240() {
        assert_eq!(check_duration(" 20 "), Ok(20));
        assert_eq!(check_duration("5"), Ok(5));
        assert_eq!(check_duration("240"), Ok(240));
        for bad in ["4", "241", "0", "-10"] {
            let e = check_duration(bad).unwrap_err();
            assert_eq!(e.field, Field::Duration);
            assert_eq!(e.kind, RuleErrorKind::OutOfRange { min: 5, max: 240 });
        }
        assert_eq!(
            check_duration("20.5").unwrap_err().kind,
            RuleErrorKind::InvalidFormat
        );
    }

    #[test]
    fn a_new_duration_starts_after_the_last_booked_day() {
        let tomorrow = date(2026, 12, 1);
        assert_eq!(earliest_duration_day(tomorrow, None), tomorrow);
        // A visit booked only today (or earlier) does not hold the change back.
        assert_eq!(
            earliest_duration_day(tomorrow, Some(date(2026, 11, 30))),
            tomorrow
        );
        assert_eq!(
            earliest_duration_day(tomorrow, Some(date(2026, 12, 9))),
            date(2026, 12, 10)
        );
        let earliest = date(2026, 12, 10);
        assert_eq!(check_duration_day(date(2026, 12, 10), earliest), Ok(()));
        let e = check_duration_day(date(2026, 12, 9), earliest).unwrap_err();
        assert_eq!(e.field, Field::From);
        assert_eq!(e.kind, RuleErrorKind::DateInPast { earliest });
    }

    #[test]
    fn the_duration_of_a_day_is_the_last_change_before_it() {
        let changes = [(date(2026, 12, 10), 20), (date(2027, 1, 4), 45)];
        assert_eq!(minutes_on(30, &changes, date(2026, 12, 9)), 30);
        assert_eq!(minutes_on(30, &changes, date(2026, 12, 10)), 20);
        assert_eq!(minutes_on(30, &changes, date(2027, 1, 3)), 20);
        assert_eq!(minutes_on(30, &changes, date(2027, 1, 4)), 45);
        assert_eq!(minutes_on(30, &[], date(2027, 1, 4)), 30);
    }

    #[test]
    fn r_bk_1_a_service_plan_cuts_its_days_by_the_length_on_that_day() {
        // 2026-11-23 is a Monday; from 2026-11-30 the office's visits last 30 minutes.
        let plan = ServicePlan {
            office_id: 1,
            service: "trp".into(),
            national_minutes: 20,
            durations: vec![(date(2026, 11, 30), 30)],
            seats: 2,
            weekly: vec![(1, hours((9, 0), (10, 0)))],
            exceptions: vec![Exception { day: date(2026, 12, 7), hours: None }],
        };
        assert_eq!(plan.minutes(date(2026, 11, 23)), 20);
        assert_eq!(plan.starts(date(2026, 11, 23)).len(), 3);
        assert_eq!(plan.minutes(date(2026, 11, 30)), 30);
        assert_eq!(plan.starts(date(2026, 11, 30)).len(), 2);
        assert_eq!(
            plan.hours(date(2026, 12, 7)),
            None,
            "closed by its exception"
        );
        assert!(
            plan.starts(date(2026, 11, 24)).is_empty(),
            "no hours on a Tuesday"
        );
    }
}
