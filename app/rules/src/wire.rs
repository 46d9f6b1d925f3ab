//! Dates and clock times read from JSON without jiff's ISO 8601 parser.
//!
//! jiff's own `Deserialize` for `Date` and `Time` goes through its whole
//! Temporal parser (date-times, offsets, time-zone annotations) and formats
//! its errors with every error text jiff has. In the browser that was ~150 KB
//! of code and text before optimisation, in the chunk 27 routes share (issue
//! #23.2), for values our own server wrote as `YYYY-MM-DD` and `HH:MM:SS`.
//!
//! Every wire type with a date or a clock time reads it through one of these
//! functions (`#[serde(deserialize_with = "rules::wire::date")]`; an optional
//! field also takes `default`). Writing is unchanged: jiff's `Serialize`
//! prints the same forms. Dates are strict, as everywhere in the API
//! ([`crate::error::parse_date`], R-DL-1). A field that forgets brings the
//! parser back; `bench/wasm-size/run.sh --check` then fails and says so.

use jiff::civil::{Date, Time};
use serde::de::{Deserializer, Error, Unexpected, Visitor};
use serde::Deserialize;
use std::fmt;

use crate::error::{parse_date, Field};

/// A `Date` as JSON text, `YYYY-MM-DD`.
struct WireDate(Date);

/// A `Time` as JSON text, `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fffffffff`.
struct WireTime(Time);

/// Reads one JSON string with `parse`; anything else is refused naming `expected`.
struct Text<T> {
    parse: fn(&str) -> Option<T>,
    expected: &'static str,
}

impl<T> Visitor<'_> for Text<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expected)
    }
    fn visit_str<E: Error>(self, s: &str) -> Result<T, E> {
        (self.parse)(s).ok_or_else(|| E::invalid_value(Unexpected::Str(s), &self))
    }
}

impl<'de> Deserialize<'de> for WireDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let parse = |s: &str| parse_date(Field::Date, s).ok().map(WireDate);
        d.deserialize_str(Text { parse, expected: "a date written YYYY-MM-DD" })
    }
}

impl<'de> Deserialize<'de> for WireTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let parse = |s: &str| parse_time(s).map(WireTime);
        d.deserialize_str(Text { parse, expected: "a clock time written HH:MM or HH:MM:SS" })
    }
}

/// Parses a clock time as jiff prints it (`08:30:00`, `08:30:00.5`) or as
/// people write it (`08:30`). Anything else, or a time that does not exist
/// (`24:00`, `08:60`), is `None`.
pub fn parse_time(s: &str) -> Option<Time> {
    let b = s.as_bytes();
    let two = |at: usize| -> Option<i8> {
        let (h, l) = (*b.get(at)?, *b.get(at + 1)?);
        (h.is_ascii_digit() && l.is_ascii_digit()).then(|| ((h - b'0') * 10 + (l - b'0')) as i8)
    };
    if b.get(2) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (two(0)?, two(3)?);
    let (second, nanos) = match b.len() {
        5 => (0, 0),
        8 if b[5] == b':' => (two(6)?, 0),
        10..=18 if b[5] == b':' && b[8] == b'.' => {
            let digits = &b[9..];
            if !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let value = digits
                .iter()
                .fold(0i32, |acc, c| acc * 10 + i32::from(c - b'0'));
            // Scale to nanoseconds: "5" is 500 ms, "000000001" is 1 ns.
            let scale = 10i32.pow(9 - digits.len() as u32);
            (two(6)?, value * scale)
        }
        _ => return None,
    };
    Time::new(hour, minute, second, nanos).ok()
}

/// `#[serde(deserialize_with)]` for a `Date`.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    WireDate::deserialize(d).map(|w| w.0)
}

/// `#[serde(default, deserialize_with)]` for an `Option<Date>`.
pub fn option_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    Option::<WireDate>::deserialize(d).map(|w| w.map(|w| w.0))
}

/// `#[serde(deserialize_with)]` for a `Time`.
pub fn time<'de, D: Deserializer<'de>>(d: D) -> Result<Time, D::Error> {
    WireTime::deserialize(d).map(|w| w.0)
}

/// `#[serde(default, deserialize_with)]` for an `Option<Time>`.
pub fn option_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Time>, D::Error> {
    Option::<WireTime>::deserialize(d).map(|w| w.map(|w| w.0))
}

/// `#[serde(deserialize_with)]` for a `Vec<Date>`.
pub fn dates<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Date>, D::Error> {
    Vec::<WireDate>::deserialize(d).map(|v| v.into_iter().map(|w| w.0).collect())
}

/// `#[serde(deserialize_with)]` for a `Vec<(Date, T)>` (a day and what goes with it).
pub fn dated<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<(Date, T)>, D::Error> {
    Vec::<(WireDate, T)>::deserialize(d).map(|v| v.into_iter().map(|(w, t)| (w.0, t)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};
    use proptest::prelude::*;
    use serde::Serialize;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Sample {
        #[serde(deserialize_with = "super::date")]
        day: Date,
        #[serde(default, deserialize_with = "super::option_date")]
        maybe: Option<Date>,
        #[serde(deserialize_with = "super::time")]
        at: Time,
        #[serde(default, deserialize_with = "super::option_time")]
        until: Option<Time>,
        #[serde(deserialize_with = "super::dates")]
        days: Vec<Date>,
        #[serde(default, deserialize_with = "super::dated")]
        pairs: Vec<(Date, String)>,
    }

    proptest! {
        /// Whatever jiff writes, the wire reader reads back (any day, any time).
        #[test]
        fn r_dl_1_what_jiff_writes_reads_back(
            days in 0i64..3_652_000, h in 0i8..24, m in 0i8..60, s in 0i8..60, ns in 0i32..1_000_000_000,
        ) {
            let day = crate::calendar::add_days(date(1, 1, 1), days);
            let at = Time::new(h, m, s, ns).unwrap();
            let sample = Sample {
                day, maybe: Some(day), at, until: Some(at), days: vec![day, day],
                pairs: vec![(day, "08:30".into())],
            };
            let text = serde_json::to_string(&sample).unwrap();
            prop_assert_eq!(serde_json::from_slice::<Sample>(text.as_bytes()).unwrap(), sample);
        }

        /// No text makes the time reader panic.
        #[test]
        fn r_dl_1_parse_time_total(s in "\\PC{0,20}") {
            let _ = parse_time(&s);
        }
    }

    #[test]
    fn r_dl_1_missing_and_null_options_are_none() {
        let sample: Sample =
            serde_json::from_str(r#"{"day":"2025-02-28","at":"08:30","until":null,"days":[]}"#)
                .unwrap();
        assert_eq!(sample.day, date(2025, 2, 28));
        assert_eq!(sample.at, time(8, 30, 0, 0));
        assert_eq!((sample.maybe, sample.until), (None, None));
    }

    #[test]
    fn r_dl_1_times_people_and_jiff_write() {
        assert_eq!(parse_time("08:30"), Some(time(8, 30, 0, 0)));
        assert_eq!(parse_time("23:59:59"), Some(time(23, 59, 59, 0)));
        assert_eq!(parse_time("08:30:00.5"), Some(time(8, 30, 0, 500_000_000)));
        assert_eq!(parse_time("08:30:00.000000001"), Some(time(8, 30, 0, 1)));
        for bad in [
            "",
            "8:30",
            "24:00",
            "08:60",
            "08:30:60",
            "08:30:",
            "08:30:00.",
            "08:30:00.1234567890",
            "08-30",
            "08:30Z",
            "T08:30",
            "０8:30",
            "08:3x",
            "08:30:0a",
        ] {
            assert_eq!(parse_time(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn r_dl_1_bad_dates_and_times_are_refused_by_name() {
        let err = serde_json::from_str::<Sample>(r#"{"day":"2025-02-30","at":"08:30","days":[]}"#)
            .unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
        let err =
            serde_json::from_str::<Sample>(r#"{"day":"2025-02-28T10:00","at":"08:30","days":[]}"#)
                .unwrap_err();
        assert!(err.to_string().contains("2025-02-28T10:00"), "{err}");
        let err = serde_json::from_str::<Sample>(r#"{"day":"2025-02-28","at":"25:00","days":[]}"#)
            .unwrap_err();
        assert!(err.to_string().contains("HH:MM"), "{err}");
        let err = serde_json::from_str::<Sample>(r#"{"day":20250228,"at":"08:30","days":[]}"#)
            .unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    }
}
