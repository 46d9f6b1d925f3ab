use jiff::{tz::TimeZone, SignedDuration, Timestamp, Zoned};
use std::sync::{Arc, Mutex};

/// Every date and time in Vartai is Lithuanian local time.
pub const ZONE: &str = "Europe/Vilnius";

/// The server's source of *now*. Rules never read a clock; handlers ask this one, and tests
/// (or a demo) can pin it with `VARTAI_NOW` so deadline-dependent pages are reproducible.
#[derive(Clone, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    /// Pinned: stands still unless moved with `advance` (the black-box tests move it, as a
    /// real server's minutes and days go by).
    Fixed(Arc<Mutex<Timestamp>>),
}

impl Clock {
    pub fn fixed(at: Timestamp) -> Clock {
        Clock::Fixed(Arc::new(Mutex::new(at)))
    }

    pub fn timestamp(&self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Fixed(ts) => *ts.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    pub fn now(&self) -> Zoned {
        self.timestamp().to_zoned(vilnius())
    }

    /// Unix milliseconds of *now* (session ages are counted in these).
    pub fn now_ms(&self) -> i64 {
        self.timestamp().as_millisecond()
    }

    /// Moves a pinned clock forward (every clone of it moves); the system clock is not moved.
    pub fn advance(&self, by: SignedDuration) {
        if let Clock::Fixed(ts) = self {
            let mut ts = ts.lock().unwrap_or_else(|e| e.into_inner());
            *ts = ts.saturating_add(by).unwrap_or(*ts);
        }
    }

    pub fn today(&self) -> jiff::civil::Date {
        self.now().date()
    }
}

/// Unix milliseconds as Lithuanian local time, `YYYY-MM-DD HH:MM` (what pages show of when
/// something happened).
pub fn local_time(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_zoned(vilnius()).strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The Europe/Vilnius zone from the bundled tz database (no system files needed), looked up
/// once: the booking calendar converts hundreds of slot times per request (issue #23.7: the
/// database lookup was 2.6 % of the calendar's CPU time under load; a clone is a reference
/// count).
pub fn vilnius() -> TimeZone {
    static ZONE_ONCE: std::sync::LazyLock<TimeZone> =
        std::sync::LazyLock::new(|| TimeZone::get(ZONE).unwrap_or(TimeZone::UTC));
    ZONE_ONCE.clone()
}
