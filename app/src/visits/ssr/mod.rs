//! Server-side pieces of visits: the booking settings, an office's plan for a service, the
//! free seats, taking a seat with one conditional statement, and the calendar entry.
mod calendar;
mod limits;
mod messages;
mod plan;
mod seats;
mod visit;

pub use calendar::*;
pub use limits::*;
pub use messages::*;
pub use plan::*;
pub use seats::*;
pub use visit::*;

use super::{DayFree, SlotFree, Visit, VisitOffice};
use crate::error::AppError;
use crate::rules::booking::{
    hhmm, minute_of_day, parse_slot_time, BookingPolicy, BookingRange, Exception,
};
use crate::rules::{add_days, OfficeHours};
use crate::ssr::Day;
use jiff::civil::{Date, Time};
use std::collections::HashMap;

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    /// Europe/Vilnius: EEST (UTC+3) until the last Sunday of October, EET (UTC+2) after, and
    /// back on the last Sunday of March. The same wall-clock slot is a different instant.
    #[test]
    fn slots_follow_the_vilnius_clock_change() {
        let nine = time(9, 0, 0, 0);
        let utc = |ms: i64| jiff::Timestamp::from_millisecond(ms).unwrap().to_string();
        assert_eq!(
            utc(instant_ms(date(2026, 10, 23), nine)),
            "2026-10-23T06:00:00Z"
        );
        assert_eq!(
            utc(instant_ms(date(2026, 10, 26), nine)),
            "2026-10-26T07:00:00Z"
        );
        assert_eq!(
            utc(instant_ms(date(2027, 3, 26), nine)),
            "2027-03-26T07:00:00Z"
        );
        assert_eq!(
            utc(instant_ms(date(2027, 3, 30), nine)),
            "2027-03-30T06:00:00Z"
        );
    }

    #[test]
    fn the_calendar_entry_is_in_utc() {
        let v = ActiveVisit {
            id: 1,
            code: "ABCD-EFGH".into(),
            day: date(2027, 3, 30),
            starts: "09:00".into(),
            minutes: 30,
            moves: 0,
            starts_at: instant_ms(date(2027, 3, 30), time(9, 0, 0, 0)),
            office_id: 1,
            service: "submit_documents".into(),
        };
        let office = VisitOffice {
            slug: "vilnius".into(),
            name: "Vilnius".into(),
            address: "Birutės g. 56, Vilnius".into(),
            map_url: None,
        };
        let text = ics(&v, &office, "Visit", "Bring the originals");
        assert!(text.contains("DTSTART:20270330T060000Z"), "{text}");
        assert!(text.contains("DTEND:20270330T063000Z"), "{text}");
        assert!(text.contains("UID:visit-ABCD-EFGH@vartai"), "{text}");
        assert!(
            text.contains("LOCATION:Vilnius\\, Birutės g. 56\\, Vilnius"),
            "{text}"
        );
    }

    #[test]
    fn codes_avoid_look_alikes() {
        for _ in 0..100 {
            let c = new_code();
            assert_eq!(c.len(), 9);
            assert_eq!(&c[4..5], "-");
            assert!(!c.contains(['0', 'O', '1', 'I']), "{c}");
        }
    }
}
