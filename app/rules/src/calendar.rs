//! R-DL-9, R-DL-10, R-BK-3 — Lithuanian public holidays, working days and
//! the calendar arithmetic every deadline is built from.
//!
//! Overflow policy: jiff dates stop at 9999-12-31 (and -9999-01-01). Every
//! function here *saturates* at those bounds instead of failing, because a
//! deadline thousands of years away is only reachable through absurd input
//! and the caller is better served by a date than by a panic.

use jiff::civil::{Date, Weekday};
use jiff::{SignedDuration, Span};
use serde::{Deserialize, Serialize};

/// The sixteen Lithuanian public holidays of R-DL-9. The snake_case key is
/// translated by the UI; [`HolidayName::english`] is for the JSON API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayName {
    NewYear,
    RestorationOfState,
    RestorationOfIndependence,
    EasterSunday,
    EasterMonday,
    LabourDay,
    MothersDay,
    FathersDay,
    StJohns,
    StatehoodDay,
    Assumption,
    AllSaints,
    AllSouls,
    ChristmasEve,
    ChristmasDay,
    SecondDayOfChristmas,
}

impl HolidayName {
    /// R-DL-9 — the snake_case key, identical to the serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            HolidayName::NewYear => "new_year",
            HolidayName::RestorationOfState => "restoration_of_state",
            HolidayName::RestorationOfIndependence => "restoration_of_independence",
            HolidayName::EasterSunday => "easter_sunday",
            HolidayName::EasterMonday => "easter_monday",
            HolidayName::LabourDay => "labour_day",
            HolidayName::MothersDay => "mothers_day",
            HolidayName::FathersDay => "fathers_day",
            HolidayName::StJohns => "st_johns",
            HolidayName::StatehoodDay => "statehood_day",
            HolidayName::Assumption => "assumption",
            HolidayName::AllSaints => "all_saints",
            HolidayName::AllSouls => "all_souls",
            HolidayName::ChristmasEve => "christmas_eve",
            HolidayName::ChristmasDay => "christmas_day",
            HolidayName::SecondDayOfChristmas => "second_day_of_christmas",
        }
    }

    /// R-DL-9 — the English name the public JSON API returns.
    pub fn english(self) -> &'static str {
        match self {
            HolidayName::NewYear => "New Year's Day",
            HolidayName::RestorationOfState => "Day of Restoration of the State of Lithuania",
            HolidayName::RestorationOfIndependence => {
                "Day of Restoration of Independence of Lithuania"
            }
            HolidayName::EasterSunday => "Easter Sunday",
            HolidayName::EasterMonday => "Easter Monday",
            HolidayName::LabourDay => "International Workers' Day",
            HolidayName::MothersDay => "Mother's Day",
            HolidayName::FathersDay => "Father's Day",
            HolidayName::StJohns => "St John's Day (Rasos)",
            HolidayName::StatehoodDay => "Statehood Day",
            HolidayName::Assumption => "Assumption Day",
            HolidayName::AllSaints => "All Saints' Day",
            HolidayName::AllSouls => "All Souls' Day",
            HolidayName::ChristmasEve => "Christmas Eve",
            HolidayName::ChristmasDay => "Christmas Day",
            HolidayName::SecondDayOfChristmas => "Second Day of Christmas",
        }
    }
}

/// One public holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    #[serde(deserialize_with = "crate::wire::date")]
    pub date: Date,
    pub name: HolidayName,
}

/// All Souls' Day (2 November) is a public holiday from 2020 on (the
/// Seimas added it in 2019, in force from 1 January 2020).
pub const ALL_SOULS_FROM_YEAR: i16 = 2020;

/// Fixed-date holidays of R-DL-9 as (month, day, name). All Souls' Day is
/// gated by [`ALL_SOULS_FROM_YEAR`].
const FIXED: [(i8, i8, HolidayName); 12] = [
    (1, 1, HolidayName::NewYear),
    (2, 16, HolidayName::RestorationOfState),
    (3, 11, HolidayName::RestorationOfIndependence),
    (5, 1, HolidayName::LabourDay),
    (6, 24, HolidayName::StJohns),
    (7, 6, HolidayName::StatehoodDay),
    (8, 15, HolidayName::Assumption),
    (11, 1, HolidayName::AllSaints),
    (11, 2, HolidayName::AllSouls),
    (12, 24, HolidayName::ChristmasEve),
    (12, 25, HolidayName::ChristmasDay),
    (12, 26, HolidayName::SecondDayOfChristmas),
];

fn clamp_year(year: i16) -> i16 {
    year.clamp(Date::MIN.year(), Date::MAX.year())
}

/// R-DL-9 — Easter Sunday of a Gregorian year, by the anonymous Gregorian
/// (Meeus/Jones/Butcher) algorithm, so no table needs updating. Years
/// outside jiff's range are clamped to -9999..=9999.
pub fn easter_sunday(year: i16) -> Date {
    let y = i32::from(clamp_year(year));
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    // The algorithm yields 22 March ..= 25 April, always a real day; the
    // fallback only keeps the function total.
    Date::new(y as i16, month as i8, day as i8).unwrap_or(Date::MIN)
}

/// The first Sunday of a month (Mother's Day in May, Father's Day in June).
fn first_sunday(year: i16, month: i8) -> Option<Date> {
    Date::new(year, month, 1)
        .ok()?
        .nth_weekday_of_month(1, Weekday::Sunday)
        .ok()
}

/// R-DL-9 — the Lithuanian public holidays of `year`, sorted by date.
///
/// The list is the law as rules.md gives it, applied to every year, except
/// that All Souls' Day (2 Nov) counts only from 2020, when it became a
/// holiday. Older changes (e.g. when 24 Dec or Statehood Day were added) are
/// out of scope: the portal computes deadlines for current applications.
/// A year outside -9999..=9999 has no holidays (no such dates exist).
pub fn lithuanian_holidays(year: i16) -> Vec<Holiday> {
    if year != clamp_year(year) {
        return Vec::new();
    }
    let fixed = FIXED
        .iter()
        .filter(|(m, d, _)| (*m, *d) != (11, 2) || year >= ALL_SOULS_FROM_YEAR)
        .filter_map(|&(m, d, name)| {
            Date::new(year, m, d)
                .ok()
                .map(|date| Holiday { date, name })
        });
    let easter = easter_sunday(year);
    let moving = [
        Some(Holiday { date: easter, name: HolidayName::EasterSunday }),
        Some(Holiday { date: add_days(easter, 1), name: HolidayName::EasterMonday }),
        first_sunday(year, 5).map(|date| Holiday { date, name: HolidayName::MothersDay }),
        first_sunday(year, 6).map(|date| Holiday { date, name: HolidayName::FathersDay }),
    ];
    let mut all: Vec<Holiday> = fixed.chain(moving.into_iter().flatten()).collect();
    all.sort_by_key(|h| h.date);
    all
}

/// A source of public holidays. Deadline functions take one as a parameter
/// so tests (and, one day, extra office closures) can supply their own.
pub trait HolidayCalendar {
    /// Is `d` a public holiday (whatever its weekday)?
    fn is_holiday(&self, d: Date) -> bool;
}

/// R-DL-9 — the Lithuanian public-holiday calendar, computed on the fly.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LithuanianCalendar;

impl HolidayCalendar for LithuanianCalendar {
    /// R-DL-9 — checks the fixed dates, Easter Sunday/Monday and the first
    /// Sundays of May and June without building the year's list.
    fn is_holiday(&self, d: Date) -> bool {
        let (month, day) = (d.month(), d.day());
        let fixed = FIXED.iter().any(|&(m, dd, _)| {
            (m, dd) == (month, day) && ((m, dd) != (11, 2) || d.year() >= ALL_SOULS_FROM_YEAR)
        });
        let first_sunday_may_june =
            matches!(month, 5 | 6) && day <= 7 && d.weekday() == Weekday::Sunday;
        let easter_based = matches!(month, 3 | 4) && {
            let easter = easter_sunday(d.year());
            d == easter || d == add_days(easter, 1)
        };
        fixed || first_sunday_may_june || easter_based
    }
}

/// R-DL-9 — Monday to Friday, and not a public holiday.
pub fn is_working_day<C: HolidayCalendar + ?Sized>(cal: &C, d: Date) -> bool {
    !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !cal.is_holiday(d)
}

/// R-DL-10 — the day itself if it is a working day, else the next working
/// day (a term ending on a weekend or holiday ends on the next working day).
/// Saturates at 9999-12-31.
pub fn roll_forward<C: HolidayCalendar + ?Sized>(cal: &C, d: Date) -> Date {
    let mut day = d;
    while !is_working_day(cal, day) && day < Date::MAX {
        day = add_days(day, 1);
    }
    day
}

/// R-BK-3 — the N-th working day *after* `from` ("within N working days of
/// day X" means on or before this day). `from` itself never counts, even if
/// it is a working day.
///
/// `n = 0` returns `from` rolled forward to a working day (R-DL-10): "within
/// 0 working days" is the same day, or the next working day if that one is
/// not. Saturates at 9999-12-31.
pub fn add_working_days<C: HolidayCalendar + ?Sized>(cal: &C, from: Date, n: u32) -> Date {
    if n == 0 {
        return roll_forward(cal, from);
    }
    let mut day = from;
    let mut left = n;
    while left > 0 && day < Date::MAX {
        day = add_days(day, 1);
        if is_working_day(cal, day) {
            left -= 1;
        }
    }
    day
}

/// R-DL-4 — the N-th working day *before* `from` (`from` itself never
/// counts); `n = 0` returns `from`. Saturates at the earliest date.
pub fn sub_working_days<C: HolidayCalendar + ?Sized>(cal: &C, from: Date, n: u32) -> Date {
    let mut day = from;
    let mut left = n;
    while left > 0 && day > Date::MIN {
        day = add_days(day, -1);
        if is_working_day(cal, day) {
            left -= 1;
        }
    }
    day
}

/// R-DL-9 — calendar-month arithmetic: the same day number `months` later
/// (or earlier, if negative), clamped to the last day of a shorter month
/// (31 Jan + 1 month = 28 or 29 Feb). Saturates at the date range bounds.
pub fn add_months(d: Date, months: i32) -> Date {
    Span::new()
        .try_months(months)
        .ok()
        .and_then(|span| d.checked_add(span).ok())
        .unwrap_or(if months < 0 { Date::MIN } else { Date::MAX })
}

/// Calendar days (R-DL-2's "45 calendar days", R-DL-7's 14 days, R-DL-10's
/// clock-stop shift). Saturates at the date range bounds.
pub fn add_days(d: Date, n: i64) -> Date {
    n.checked_mul(86_400)
        .map(SignedDuration::from_secs)
        .and_then(|dur| d.checked_add(dur).ok())
        .unwrap_or(if n < 0 { Date::MIN } else { Date::MAX })
}

/// Whole days from `from` to `to` (negative if `to` is earlier), e.g. the
/// N = arrived − sent of a clock stop (R-DL-10).
pub fn days_between(from: Date, to: Date) -> i64 {
    to.duration_since(from).as_secs() / 86_400
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;
    use rstest::rstest;

    const LT: LithuanianCalendar = LithuanianCalendar;

    #[rstest]
    #[case::r_dl_9_easter_2019(2019, date(2019, 4, 21))]
    #[case::r_dl_9_easter_2020(2020, date(2020, 4, 12))]
    #[case::r_dl_9_easter_2023(2023, date(2023, 4, 9))]
    #[case::r_dl_9_easter_2024(2024, date(2024, 3, 31))]
    #[case::r_dl_9_easter_2025(2025, date(2025, 4, 20))]
    #[case::r_dl_9_easter_2026(2026, date(2026, 4, 5))]
    #[case::r_dl_9_easter_2027(2027, date(2027, 3, 28))]
    #[case::r_dl_9_easter_2038_latest_possible(2038, date(2038, 4, 25))]
    #[case::r_dl_9_easter_2285_earliest_possible(2285, date(2285, 3, 22))]
    #[case::r_dl_9_easter_2000(2000, date(2000, 4, 23))]
    fn r_dl_9_easter(#[case] year: i16, #[case] want: Date) {
        assert_eq!(easter_sunday(year), want);
    }

    #[rstest]
    #[case::r_dl_9_new_year(date(2025, 1, 1), true)]
    #[case::r_dl_9_feb_16(date(2025, 2, 16), true)]
    #[case::r_dl_9_mar_11(date(2026, 3, 11), true)]
    #[case::r_dl_9_easter_sunday_2024(date(2024, 3, 31), true)]
    #[case::r_dl_9_easter_monday_2024_april_fools(date(2024, 4, 1), true)]
    #[case::r_dl_9_easter_monday_2025(date(2025, 4, 21), true)]
    #[case::r_dl_9_easter_monday_2026(date(2026, 4, 6), true)]
    #[case::r_dl_9_easter_monday_2027_in_march(date(2027, 3, 29), true)]
    #[case::r_dl_9_easter_tuesday_not(date(2025, 4, 22), false)]
    #[case::r_dl_9_good_friday_not(date(2025, 4, 18), false)]
    #[case::r_dl_9_labour_day(date(2025, 5, 1), true)]
    #[case::r_dl_9_mothers_day_2025(date(2025, 5, 4), true)]
    #[case::r_dl_9_second_sunday_may_not(date(2025, 5, 11), false)]
    #[case::r_dl_9_fathers_day_2025(date(2025, 6, 1), true)]
    #[case::r_dl_9_st_johns(date(2025, 6, 24), true)]
    #[case::r_dl_9_statehood(date(2025, 7, 6), true)]
    #[case::r_dl_9_assumption(date(2025, 8, 15), true)]
    #[case::r_dl_9_all_saints(date(2025, 11, 1), true)]
    #[case::r_dl_9_all_souls_2025(date(2025, 11, 2), true)]
    #[case::r_dl_9_all_souls_2020_first_year(date(2020, 11, 2), true)]
    #[case::r_dl_9_all_souls_2019_not_yet(date(2019, 11, 2), false)]
    #[case::r_dl_9_christmas_eve(date(2025, 12, 24), true)]
    #[case::r_dl_9_christmas(date(2025, 12, 25), true)]
    #[case::r_dl_9_second_christmas(date(2025, 12, 26), true)]
    #[case::r_dl_9_new_years_eve_not(date(2025, 12, 31), false)]
    #[case::r_dl_9_ordinary_day_not(date(2025, 3, 12), false)]
    fn r_dl_9_is_holiday(#[case] d: Date, #[case] want: bool) {
        assert_eq!(LT.is_holiday(d), want);
    }

    #[rstest]
    #[case::r_dl_9_count_2019_before_all_souls(2019, 15)]
    #[case::r_dl_9_count_2020(2020, 16)]
    #[case::r_dl_9_count_2025(2025, 16)]
    #[case::r_dl_9_count_2026(2026, 16)]
    #[case::r_dl_9_count_out_of_range(i16::MAX, 0)]
    fn r_dl_9_holiday_list(#[case] year: i16, #[case] count: usize) {
        let list = lithuanian_holidays(year);
        assert_eq!(list.len(), count);
        assert!(
            list.windows(2).all(|w| w[0].date < w[1].date),
            "sorted, distinct"
        );
        assert!(
            list.iter().all(|h| LT.is_holiday(h.date)),
            "list agrees with is_holiday"
        );
    }

    #[test]
    fn r_dl_9_list_and_predicate_agree_over_decades() {
        for year in 1990..=2100 {
            let list = lithuanian_holidays(year);
            let mut d = date(year, 1, 1);
            while d.year() == year {
                assert_eq!(LT.is_holiday(d), list.iter().any(|h| h.date == d), "{d}");
                d = add_days(d, 1);
            }
        }
    }

    #[test]
    fn r_dl_9_holiday_wire_shape() {
        let h = lithuanian_holidays(2024);
        let json = serde_json::to_value(h[3]).expect("json");
        assert_eq!(
            json,
            serde_json::json!({"date": "2024-03-31", "name": "easter_sunday"})
        );
        for x in &h {
            assert_eq!(serde_json::to_value(x.name).expect("json"), x.name.as_str());
        }
    }

    #[rstest]
    #[case::r_dl_9_monday_working(date(2025, 6, 2), true)]
    #[case::r_dl_9_saturday(date(2025, 6, 7), false)]
    #[case::r_dl_9_sunday(date(2025, 6, 8), false)]
    #[case::r_dl_9_weekday_holiday(date(2025, 6, 24), false)]
    #[case::r_dl_9_easter_monday_2026(date(2026, 4, 6), false)]
    #[case::r_dl_9_leap_day_2024_thursday(date(2024, 2, 29), true)]
    fn r_dl_9_working_day(#[case] d: Date, #[case] want: bool) {
        assert_eq!(is_working_day(&LT, d), want);
    }

    #[rstest]
    #[case::r_bk_3_plain_week(date(2025, 6, 2), 3, date(2025, 6, 5))]
    #[case::r_bk_3_over_weekend(date(2025, 6, 5), 2, date(2025, 6, 9))]
    #[case::r_bk_3_from_saturday(date(2025, 6, 7), 1, date(2025, 6, 9))]
    #[case::r_bk_3_over_st_johns(date(2025, 6, 23), 1, date(2025, 6, 25))]
    #[case::r_bk_3_over_easter_2024(date(2024, 3, 29), 1, date(2024, 4, 2))]
    #[case::r_bk_3_over_easter_2025(date(2025, 4, 18), 1, date(2025, 4, 22))]
    #[case::r_bk_3_over_easter_2027(date(2027, 3, 26), 2, date(2027, 3, 31))]
    #[case::r_bk_3_over_christmas(date(2025, 12, 23), 1, date(2025, 12, 29))]
    #[case::r_bk_3_over_all_souls_2026(date(2026, 10, 30), 1, date(2026, 11, 3))]
    #[case::r_bk_3_ten_days(date(2025, 5, 1), 10, date(2025, 5, 15))]
    #[case::r_bk_3_zero_on_working_day(date(2025, 6, 2), 0, date(2025, 6, 2))]
    #[case::r_bk_3_zero_on_sunday_rolls(date(2025, 6, 8), 0, date(2025, 6, 9))]
    #[case::r_bk_3_over_leap_day(date(2024, 2, 28), 1, date(2024, 2, 29))]
    #[case::r_bk_3_saturates_at_9999(date(9999, 12, 30), 5, date(9999, 12, 31))]
    #[case::r_bk_3_huge_n_saturates(date(2025, 1, 1), u32::MAX, Date::MAX)]
    fn r_bk_3_add_working_days(#[case] from: Date, #[case] n: u32, #[case] want: Date) {
        assert_eq!(add_working_days(&LT, from, n), want);
    }

    #[rstest]
    #[case::r_dl_10_working_day_stays(date(2025, 6, 3), date(2025, 6, 3))]
    #[case::r_dl_10_saturday(date(2025, 6, 7), date(2025, 6, 9))]
    #[case::r_dl_10_sunday(date(2025, 6, 8), date(2025, 6, 9))]
    #[case::r_dl_10_easter_sunday_2025(date(2025, 4, 20), date(2025, 4, 22))]
    #[case::r_dl_10_christmas_eve_2025(date(2025, 12, 24), date(2025, 12, 29))]
    #[case::r_dl_10_new_year_2028_saturday(date(2027, 12, 31), date(2027, 12, 31))]
    #[case::r_dl_10_feb_16_2025_sunday(date(2025, 2, 16), date(2025, 2, 17))]
    #[case::r_dl_10_all_saints_saturday_2025(date(2025, 11, 1), date(2025, 11, 3))]
    fn r_dl_10_roll_forward(#[case] d: Date, #[case] want: Date) {
        assert_eq!(roll_forward(&LT, d), want);
    }

    #[rstest]
    #[case::r_dl_9_jan_31_plus_1_common(date(2025, 1, 31), 1, date(2025, 2, 28))]
    #[case::r_dl_9_jan_31_plus_1_leap(date(2024, 1, 31), 1, date(2024, 2, 29))]
    #[case::r_dl_9_jan_30_plus_1_leap(date(2024, 1, 30), 1, date(2024, 2, 29))]
    #[case::r_dl_9_mar_31_plus_1(date(2025, 3, 31), 1, date(2025, 4, 30))]
    #[case::r_dl_9_aug_31_plus_1(date(2025, 8, 31), 1, date(2025, 9, 30))]
    #[case::r_dl_9_leap_day_plus_12(date(2024, 2, 29), 12, date(2025, 2, 28))]
    #[case::r_dl_9_leap_day_plus_48(date(2024, 2, 29), 48, date(2028, 2, 29))]
    #[case::r_dl_9_oct_31_plus_4(date(2025, 10, 31), 4, date(2026, 2, 28))]
    #[case::r_dl_9_may_31_minus_3(date(2025, 5, 31), -3, date(2025, 2, 28))]
    #[case::r_dl_9_dec_15_plus_1_year_end(date(2025, 12, 15), 1, date(2026, 1, 15))]
    #[case::r_dl_9_saturates_high(date(9999, 11, 30), 2, Date::MAX)]
    #[case::r_dl_9_saturates_huge(date(2025, 1, 1), i32::MAX, Date::MAX)]
    #[case::r_dl_9_saturates_low(date(2025, 1, 1), i32::MIN, Date::MIN)]
    fn r_dl_9_add_months(#[case] d: Date, #[case] months: i32, #[case] want: Date) {
        assert_eq!(add_months(d, months), want);
    }

    #[rstest]
    #[case::r_dl_10_add_45_days(date(2025, 1, 15), 45, date(2025, 3, 1))]
    #[case::r_dl_10_add_days_leap(date(2024, 2, 28), 1, date(2024, 2, 29))]
    #[case::r_dl_10_add_days_negative(date(2025, 3, 1), -1, date(2025, 2, 28))]
    #[case::r_dl_10_add_days_saturates(date(9999, 12, 1), 100, Date::MAX)]
    #[case::r_dl_10_add_days_i64_max(date(2025, 1, 1), i64::MAX, Date::MAX)]
    #[case::r_dl_10_add_days_i64_min(date(2025, 1, 1), i64::MIN, Date::MIN)]
    fn r_dl_10_add_days(#[case] d: Date, #[case] n: i64, #[case] want: Date) {
        assert_eq!(add_days(d, n), want);
    }

    fn any_date() -> impl Strategy<Value = Date> {
        // 1900..2200 keeps the properties away from the saturation bounds.
        (0i64..(300 * 366)).prop_map(|n| add_days(date(1900, 1, 1), n))
    }

    proptest! {
        /// R-BK-3 / R-DL-9: the result is always a working day.
        #[test]
        fn r_bk_3_add_working_days_lands_on_working_day(from in any_date(), n in 0u32..400) {
            prop_assert!(is_working_day(&LT, add_working_days(&LT, from, n)));
        }

        /// R-BK-3: more working days never give an earlier date — strictly
        /// later, except from a non-working day, where "0 working days" rolls
        /// forward to the same day as "1 working day" (Saturday → Monday both).
        #[test]
        fn r_bk_3_add_working_days_monotonic_in_n(from in any_date(), a in 0u32..200, b in 0u32..200) {
            let (lo, hi) = (a.min(b), a.max(b));
            let (d_lo, d_hi) = (add_working_days(&LT, from, lo), add_working_days(&LT, from, hi));
            prop_assert!(d_lo <= d_hi);
            if lo < hi && (lo >= 1 || is_working_day(&LT, from)) {
                prop_assert!(d_lo < d_hi);
            }
        }

        /// R-BK-3: a later start never gives an earlier result.
        #[test]
        fn r_bk_3_add_working_days_monotonic_in_start(a in any_date(), b in any_date(), n in 0u32..100) {
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(add_working_days(&LT, lo, n) <= add_working_days(&LT, hi, n));
        }

        /// R-BK-3: exactly n working days lie in (from, result].
        #[test]
        fn r_bk_3_add_working_days_counts_exactly(from in any_date(), n in 1u32..60) {
            let end = add_working_days(&LT, from, n);
            let mut count = 0;
            let mut d = add_days(from, 1);
            while d <= end {
                if is_working_day(&LT, d) { count += 1; }
                d = add_days(d, 1);
            }
            prop_assert_eq!(count, n);
        }

        /// R-DL-4 helper: going back n working days and forward n again
        /// returns to a working day no later than the start.
        #[test]
        fn r_dl_4_sub_then_add_working_days(from in any_date(), n in 1u32..60) {
            let back = sub_working_days(&LT, from, n);
            prop_assert!(is_working_day(&LT, back));
            prop_assert!(back < from);
            prop_assert_eq!(add_working_days(&LT, back, n), roll_forward(&LT, from));
        }

        /// R-DL-9: clamping never exceeds the target month's length, and the
        /// day is kept whenever the month has it.
        #[test]
        fn r_dl_9_add_months_clamps(d in any_date(), months in -240i32..240) {
            let r = add_months(d, months);
            prop_assert!(r.day() <= r.days_in_month());
            prop_assert_eq!(r.day(), d.day().min(r.days_in_month()));
            let month_index = |x: Date| i32::from(x.year()) * 12 + i32::from(x.month());
            prop_assert_eq!(month_index(r) - month_index(d), months);
        }

        /// R-DL-10: roll-forward is idempotent and never goes back.
        #[test]
        fn r_dl_10_roll_forward_idempotent(d in any_date()) {
            let r = roll_forward(&LT, d);
            prop_assert!(r >= d);
            prop_assert!(days_between(d, r) <= 5);
            prop_assert_eq!(roll_forward(&LT, r), r);
        }
    }
}
