use jiff::{tz::TimeZone, Timestamp, Zoned};

/// Every date and time in Vartai is Lithuanian local time.
pub const ZONE: &str = "Europe/Vilnius";

/// The server's source of *now*. Rules never read a clock; handlers ask this one, and tests
/// (or a demo) can pin it with `VARTAI_NOW` so deadline-dependent pages are reproducible.
#[derive(Clone, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(Timestamp),
}

impl Clock {
    pub fn now(&self) -> Zoned {
        let ts = match self {
            Clock::System => Timestamp::now(),
            Clock::Fixed(ts) => *ts,
        };
        ts.to_zoned(vilnius())
    }

    pub fn today(&self) -> jiff::civil::Date {
        self.now().date()
    }
}

/// The Europe/Vilnius zone from the bundled tz database (no system files needed).
pub fn vilnius() -> TimeZone {
    TimeZone::get(ZONE).unwrap_or(TimeZone::UTC)
}
