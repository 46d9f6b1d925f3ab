//! Which seats of a slot are taken, what is free, and taking a seat with one conditional
//! statement.
use super::*;

/// The active visits of a plan's days, to tell which seats are held at a time. Issue #21.6:
/// after an office changes its hours, an older visit may start between the new slots and still
/// hold its seat through one of them, so a slot's seats are the seats no visit overlaps — as
/// `take_seat` and the database decide — not the visits that start at the same minute.
#[derive(Debug, Default)]
pub struct Taken {
    /// Per day: (starts at, Unix ms; minutes; seat).
    visits: HashMap<Date, std::sync::Arc<DayVisits>>,
    /// Slots a booking attempt found full meanwhile.
    full: std::collections::HashSet<(Date, Time)>,
    /// Visits booked since the rows were read (their seats are not known: each is its own).
    booked: i64,
}

impl Taken {
    /// Seats held, at some moment of the slot (`day`, `t`) of `plan`, by an active visit.
    pub fn used(&self, plan: &ServicePlan, day: Date, t: Time) -> i64 {
        if self.full.contains(&(day, t)) {
            return plan.seats;
        }
        // Issue #23.7: most days of a calendar hold no visit yet, and turning a slot into an
        // instant (the zone's rules) was the largest cost of the calendar's own code.
        let Some(visits) = self.visits.get(&day).filter(|v| !v.is_empty()) else {
            return 0;
        };
        let from = instant_ms(day, t);
        let to = from + plan.minutes(day) * 60_000;
        let mut seats: Vec<i64> = visits
            .iter()
            .filter(|(starts, minutes, _)| *starts < to && from < starts + minutes * 60_000)
            .map(|(_, _, seat)| *seat)
            .collect();
        seats.sort_unstable();
        seats.dedup();
        i64::try_from(seats.len()).unwrap_or(i64::MAX)
    }

    /// A visit booked at (`day`, `t`) since the rows were read.
    pub fn add(&mut self, plan: &ServicePlan, day: Date, t: Time) {
        self.booked += 1;
        std::sync::Arc::make_mut(self.visits.entry(day).or_default()).push((
            instant_ms(day, t),
            plan.minutes(day),
            -self.booked,
        ));
    }

    /// A slot a booking attempt found full.
    pub fn mark_full(&mut self, day: Date, t: Time) {
        self.full.insert((day, t));
    }
}

/// The active visits of one day of an office's service: (starts at, Unix ms; minutes; seat).
pub type DayVisits = Vec<(i64, i64, i64)>;

/// The active visits of `plan`'s office and service between `first` and `last`.
pub async fn taken(
    conn: &mut sqlx::AnyConnection,
    plan: &ServicePlan,
    first: Date,
    last: Date,
) -> Result<Taken, AppError> {
    let read = read_days(conn, plan, first, last).await?;
    let visits = read
        .into_iter()
        .map(|(day, v)| (day, std::sync::Arc::new(v)))
        .collect();
    Ok(Taken { visits, ..Taken::default() })
}

/// The active visits of the days `first..=last`, per day (days without any are left out).
async fn read_days(
    conn: &mut sqlx::AnyConnection,
    plan: &ServicePlan,
    first: Date,
    last: Date,
) -> Result<HashMap<Date, DayVisits>, AppError> {
    let rows: Vec<(Day, i64, i64, i64)> = sqlx::query_as(
        "SELECT day, starts_at, minutes, seat FROM visits WHERE office_id = $1 \
         AND service_code = $2 AND status = 'active' AND day >= $3 AND day <= $4",
    )
    .bind(plan.office_id)
    .bind(&plan.service)
    .bind(Day(first))
    .bind(Day(last))
    .fetch_all(&mut *conn)
    .await?;
    let mut days: HashMap<Date, DayVisits> = HashMap::new();
    for (day, starts_at, minutes, seat) in rows {
        days.entry(day.0)
            .or_default()
            .push((starts_at, minutes, seat));
    }
    Ok(days)
}

/// Issue #23.7 — this instance's copy of the seats held per office, service and day, for the
/// calendar's reads (the 08:00 rush reads the same days thousands of times a second). A booking
/// or a cancellation made through this instance forgets its day at once, after its commit; a
/// change made elsewhere (another instance, the waitlist's sweep) shows within `ttl_ms`. What
/// the calendar shows is an offer: taking a seat is always decided by the database
/// (`take_seat`), and a time taken meanwhile is answered with the nearest free ones.
#[derive(Clone)]
pub struct SeatCache {
    ttl_ms: i64,
    inner: std::sync::Arc<std::sync::Mutex<SeatDays>>,
}

#[derive(Default)]
struct SeatDays {
    /// Counts forgotten days: a read that began before one is not kept (it may predate the
    /// change it was forgotten for).
    generation: u64,
    /// Per (office, service): its days.
    days: HashMap<(i64, String), HashMap<Date, DayCopy>>,
}

/// A day's visits as read, and when (Unix ms).
type DayCopy = (i64, std::sync::Arc<DayVisits>);

impl SeatCache {
    pub fn new(ttl_ms: i64) -> Self {
        SeatCache { ttl_ms, inner: Default::default() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SeatDays> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `taken`, from the copy where it is fresh: the days missing or stale are read in one
    /// query.
    pub async fn taken(
        &self,
        conn: &mut sqlx::AnyConnection,
        plan: &ServicePlan,
        first: Date,
        last: Date,
        now_ms: i64,
    ) -> Result<Taken, AppError> {
        let key = (plan.office_id, plan.service.clone());
        let mut visits = HashMap::new();
        let (mut stale_from, mut stale_to) = (None, None);
        let generation = {
            let cache = self.lock();
            let copy = cache.days.get(&key);
            let mut day = first;
            while day <= last {
                match copy.and_then(|c| c.get(&day)) {
                    Some((at, v)) if now_ms.saturating_sub(*at) < self.ttl_ms => {
                        visits.insert(day, v.clone());
                    }
                    _ => {
                        stale_from.get_or_insert(day);
                        stale_to = Some(day);
                    }
                }
                day = add_days(day, 1);
            }
            cache.generation
        };
        if let (Some(from), Some(to)) = (stale_from, stale_to) {
            let mut read = read_days(conn, plan, from, to).await?;
            let mut cache = self.lock();
            let keep = cache.generation == generation;
            if keep && cache.days.values().map(HashMap::len).sum::<usize>() > 100_000 {
                // Days long past or not asked for lately: start afresh rather than grow.
                cache.days.clear();
            }
            let copy = cache.days.entry(key).or_default();
            let mut day = from;
            while day <= to {
                let v = std::sync::Arc::new(read.remove(&day).unwrap_or_default());
                if keep {
                    copy.insert(day, (now_ms, v.clone()));
                }
                visits.insert(day, v);
                day = add_days(day, 1);
            }
        }
        Ok(Taken { visits, ..Taken::default() })
    }

    /// Forgets `day` (every day when `None`) of `office_id`'s `service`, after a commit that
    /// took or freed a seat there.
    pub fn forget(&self, office_id: i64, service: &str, day: Option<Date>) {
        let mut cache = self.lock();
        cache.generation += 1;
        let key = (office_id, service.to_string());
        match day {
            Some(day) => {
                if let Some(days) = cache.days.get_mut(&key) {
                    days.remove(&day);
                }
            }
            None => {
                cache.days.remove(&key);
            }
        }
    }
}

/// Forgets `day` (every day when `None`: the waitlist may have been offered a seat on any) of
/// this instance's [`SeatCache`], from a request's context, if the instance keeps one.
pub fn seats_changed(office_id: i64, service: &str, day: Option<Date>) {
    if let Some(cache) = leptos::prelude::use_context::<SeatCache>() {
        cache.forget(office_id, service, day);
    }
}

fn free_of(plan: &ServicePlan, taken: &Taken, day: Date, t: Time) -> u32 {
    u32::try_from((plan.seats - taken.used(plan, day, t)).max(0)).unwrap_or(0)
}

/// The days of `range` on which visits are received, with their free seats.
pub fn free_days(plan: &ServicePlan, range: BookingRange, taken: &Taken) -> Vec<DayFree> {
    let mut out = Vec::new();
    let mut day = range.first;
    while day <= range.last {
        let starts = plan.starts(day);
        if !starts.is_empty() {
            let free = starts.iter().map(|t| free_of(plan, taken, day, *t)).sum();
            out.push(DayFree { day, free });
        }
        day = add_days(day, 1);
    }
    out
}

/// The free times of `day`.
pub fn free_times(plan: &ServicePlan, day: Date, taken: &Taken) -> Vec<SlotFree> {
    plan.starts(day)
        .into_iter()
        .map(|t| SlotFree { starts: hhmm(t), free: free_of(plan, taken, day, t) })
        .filter(|s| s.free > 0)
        .collect()
}

/// The first `n` free slots at or after (`day`, `at`) inside `range`.
pub fn nearest_free(
    plan: &ServicePlan,
    range: BookingRange,
    taken: &Taken,
    day: Date,
    at: Time,
    n: usize,
) -> Vec<(Date, String)> {
    let mut out = Vec::new();
    let mut d = day.max(range.first);
    while d <= range.last && out.len() < n {
        for t in plan.starts(d) {
            if (d > day || t >= at) && free_of(plan, taken, d, t) > 0 {
                out.push((d, hhmm(t)));
                if out.len() == n {
                    break;
                }
            }
        }
        d = add_days(d, 1);
    }
    out
}

/// The instant a local Vilnius wall-clock time happens, in Unix milliseconds (the zone's
/// rules decide the offset, so the days clocks change are right).
pub fn instant_ms(day: Date, t: Time) -> i64 {
    day.to_datetime(t)
        .to_zoned(crate::ssr::vilnius())
        .map(|z| z.timestamp().as_millisecond())
        .unwrap_or(0)
}

/// A new visit code: 8 characters from an alphabet without look-alikes, as `XXXX-XXXX`.
pub fn new_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    let mut s = String::with_capacity(9);
    for i in 0..8 {
        if i == 4 {
            s.push('-');
        }
        s.push(ALPHABET[rng.gen_range(0..ALPHABET.len())] as char);
    }
    s
}

/// What a new visit row needs.
pub struct NewVisit<'a> {
    pub application_id: i64,
    pub user_id: i64,
    pub plan: &'a ServicePlan,
    pub day: Date,
    pub starts: Time,
    pub moves: i64,
    pub now: i64,
    /// Issue #7.4 — a time offered from the waitlist: the seat is held until this instant.
    pub held_until: Option<i64>,
}

/// R-BK-1 — takes a free seat of the slot in one statement: the lowest seat no active visit
/// overlaps (issue #21.6; the database refuses an overlap too). The unique index on (office, service, day, time, seat) decides between two clients
/// who chose the same seat: the loser's row is not written and it tries the next seat, so the
/// slot is never booked past its seats. The visit's length must still be the one the office
/// has for that day (issue #7.1: an admin may have changed it since the plan was read).
/// `Ok(None)`: no seat left, the length changed, or this application already has an active
/// visit. The visit written comes back as it would be read (issue #23.7: no second read inside
/// the writing transaction).
pub async fn take_seat(
    conn: &mut sqlx::AnyConnection,
    v: &NewVisit<'_>,
) -> Result<Option<ActiveVisit>, AppError> {
    let day = v.day.to_string();
    let starts = hhmm(v.starts);
    let starts_at = instant_ms(v.day, v.starts);
    for _ in 0..=v.plan.seats {
        let code = new_code();
        let written: Option<i64> = sqlx::query_scalar(
            "WITH RECURSIVE seats (n) AS (SELECT CAST(1 AS BIGINT) UNION ALL \
               SELECT n + 1 FROM seats WHERE n < CAST($1 AS BIGINT)) \
             INSERT INTO visits (application_id, user_id, office_id, service_code, day, starts, \
               seat, minutes, starts_at, code, status, moves, created_at, held_until) \
             SELECT $2, $3, $4, $5, $6, $7, seats.n, $8, $9, $10, 'active', $11, $12, $13 \
             FROM seats WHERE NOT EXISTS (SELECT 1 FROM visits t WHERE t.office_id = $4 \
               AND t.service_code = $5 AND t.day = $6 AND t.seat = seats.n \
               AND t.status = 'active' AND t.starts_at < $9 + $8 * 60000 \
               AND $9 < t.starts_at + t.minutes * 60000) \
             AND $8 = COALESCE((SELECT d.minutes FROM office_service_durations d \
               WHERE d.office_id = $4 AND d.service_code = $5 AND d.from_day <= $6 \
               ORDER BY d.from_day DESC LIMIT 1), \
               (SELECT s.duration_minutes FROM services s WHERE s.code = $5)) \
             ORDER BY seats.n LIMIT 1 \
             ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(v.plan.seats)
        .bind(v.application_id)
        .bind(v.user_id)
        .bind(v.plan.office_id)
        .bind(&v.plan.service)
        .bind(&day)
        .bind(&starts)
        .bind(v.plan.minutes(v.day))
        .bind(starts_at)
        .bind(&code)
        .bind(v.moves)
        .bind(v.now)
        .bind(v.held_until)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(id) = written {
            return Ok(Some(ActiveVisit {
                id,
                code,
                day: v.day,
                starts,
                minutes: v.plan.minutes(v.day),
                moves: v.moves,
                starts_at,
                office_id: v.plan.office_id,
                service: v.plan.service.clone(),
            }));
        }
        // Nothing written: either every seat is taken, or another client took the seat this
        // statement chose. Only the second is worth another try.
        // Seats held by a visit that overlaps this one (issue #21.6: after the office's hours
        // changed, an older visit may start at another time and still be on the seat).
        let used: i64 = sqlx::query_scalar(
            "SELECT COUNT(DISTINCT seat) FROM visits WHERE office_id = $1 AND service_code = $2 \
             AND day = $3 AND status = 'active' AND starts_at < $4 + $5 * 60000 \
             AND $4 < starts_at + minutes * 60000",
        )
        .bind(v.plan.office_id)
        .bind(&v.plan.service)
        .bind(&day)
        .bind(starts_at)
        .bind(v.plan.minutes(v.day))
        .fetch_one(&mut *conn)
        .await?;
        if used >= v.plan.seats {
            return Ok(None);
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    async fn visits_table() -> sqlx::AnyConnection {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let mut conn = sqlx::AnyConnection::connect("sqlite::memory:")
            .await
            .unwrap();
        sqlx::query(
            "CREATE TABLE visits (office_id BIGINT, service_code TEXT, day TEXT, \
             starts_at BIGINT, minutes BIGINT, seat BIGINT, status TEXT)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        conn
    }

    async fn book(conn: &mut sqlx::AnyConnection, day: &str, seat: i64) {
        sqlx::query("INSERT INTO visits VALUES (1, 'submit', $1, $2, 30, $3, 'active')")
            .bind(day)
            .bind(seat * 1000)
            .bind(seat)
            .execute(conn)
            .await
            .unwrap();
    }

    fn plan() -> ServicePlan {
        ServicePlan {
            office_id: 1,
            service: "submit".into(),
            national_minutes: 30,
            durations: Vec::new(),
            seats: 2,
            weekly: Vec::new(),
            exceptions: Vec::new(),
        }
    }

    /// Issue #23.7: the calendar's copy of each day is served while fresh; a day forgotten
    /// (after a booking here) or older than the copy's lifetime is read again, alone.
    #[tokio::test]
    async fn the_seat_copy_is_kept_per_day_and_forgotten_per_day() {
        let mut conn = visits_table().await;
        let (first, second) = (date(2026, 11, 24), date(2026, 11, 25));
        let cache = SeatCache::new(2_000);
        let held = |t: &Taken, day| t.visits.get(&day).map_or(0, |v| v.len());

        let t = cache
            .taken(&mut conn, &plan(), first, second, 0)
            .await
            .unwrap();
        assert_eq!((held(&t, first), held(&t, second)), (0, 0));
        book(&mut conn, "2026-11-24", 1).await;
        book(&mut conn, "2026-11-25", 1).await;
        // Within the copy's lifetime, the copy answers.
        let t = cache
            .taken(&mut conn, &plan(), first, second, 1_999)
            .await
            .unwrap();
        assert_eq!((held(&t, first), held(&t, second)), (0, 0));
        // A booking here forgets its day only.
        cache.forget(1, "submit", Some(first));
        let t = cache
            .taken(&mut conn, &plan(), first, second, 1_999)
            .await
            .unwrap();
        assert_eq!((held(&t, first), held(&t, second)), (1, 0));
        // Past its lifetime every day is read again.
        let t = cache
            .taken(&mut conn, &plan(), first, second, 2_000)
            .await
            .unwrap();
        assert_eq!((held(&t, first), held(&t, second)), (1, 1));
        // Forgetting every day of the service (a seat offered to the waitlist).
        book(&mut conn, "2026-11-25", 2).await;
        cache.forget(1, "submit", None);
        let t = cache
            .taken(&mut conn, &plan(), first, second, 2_001)
            .await
            .unwrap();
        assert_eq!((held(&t, first), held(&t, second)), (1, 2));
        // The uncached read agrees.
        let fresh = taken(&mut conn, &plan(), first, second).await.unwrap();
        assert_eq!((held(&fresh, first), held(&fresh, second)), (1, 2));
    }
}
