//! Server-side pieces of visits: the booking settings, an office's plan for a service, the
//! free seats, taking a seat with one conditional statement, and the calendar entry.
use super::{DayFree, SlotFree, Visit, VisitOffice};
use crate::error::AppError;
use crate::rules::booking::{
    hhmm, minute_of_day, minutes_on, parse_slot_time, slot_starts, visit_hours, BookingPolicy,
    BookingRange, Exception,
};
use crate::rules::{add_days, LithuanianCalendar, OfficeHours};
use crate::ssr::Day;
use jiff::civil::{Date, Time};
use std::collections::HashMap;

/// The booking settings from the server's configuration, provided as context.
#[derive(Clone, Copy, Debug, Default)]
pub struct BookingSettings(pub BookingPolicy);

pub fn booking_settings() -> BookingPolicy {
    leptos::prelude::use_context::<BookingSettings>()
        .map(|s| s.0)
        .unwrap_or_default()
}

/// A service an office takes visits for, with what shapes its slots.
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
        visit_hours(&LithuanianCalendar, &self.weekly, &self.exceptions, day)
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

fn time(s: &str) -> Option<Time> {
    parse_slot_time(s).ok()
}

/// R-BK-1 — the service of `office_id` that takes visits for applications of `kind`, with its
/// week and its exceptions from `from` on; `None` when the office offers none.
pub async fn service_plan(
    conn: &mut sqlx::AnyConnection,
    office_id: i64,
    kind: &str,
    from: Date,
) -> Result<Option<ServicePlan>, AppError> {
    let service: Option<String> = sqlx::query_scalar(
        "SELECT os.service_code FROM office_services os \
         JOIN office_service_kinds k ON k.office_id = os.office_id \
           AND k.service_code = os.service_code \
         WHERE os.office_id = $1 AND k.kind = $2 AND os.booking_desks > 0 \
         ORDER BY os.service_code LIMIT 1",
    )
    .bind(office_id)
    .bind(kind)
    .fetch_optional(&mut *conn)
    .await?;
    match service {
        Some(service) => service_plan_of(conn, office_id, &service, from).await,
        None => Ok(None),
    }
}

/// The plan of `service` at `office_id`, with its week and exceptions from `from` on; `None`
/// when the office takes no visits for it.
pub async fn service_plan_of(
    conn: &mut sqlx::AnyConnection,
    office_id: i64,
    service: &str,
    from: Date,
) -> Result<Option<ServicePlan>, AppError> {
    let Some((service_code, national_minutes, seats)) = sqlx::query_as::<_, (String, i64, i64)>(
        "SELECT os.service_code, s.duration_minutes, os.booking_desks FROM office_services os \
         JOIN services s ON s.code = os.service_code \
         WHERE os.office_id = $1 AND os.service_code = $2 AND os.booking_desks > 0",
    )
    .bind(office_id)
    .bind(service)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let weekly = sqlx::query_as::<_, (i64, String, String)>(
        "SELECT weekday, opens, closes FROM office_hours WHERE office_id = $1",
    )
    .bind(office_id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .filter_map(|(weekday, opens, closes)| {
        let hours = OfficeHours {
            opens: time(&opens)?,
            closes: time(&closes)?,
        };
        Some((i8::try_from(weekday).ok()?, hours))
    })
    .collect();
    let exceptions = sqlx::query_as::<_, (Day, Option<String>, Option<String>)>(
        "SELECT day, opens, closes FROM office_exceptions WHERE office_id = $1 AND day >= $2",
    )
    .bind(office_id)
    .bind(Day(from))
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .filter_map(|(day, opens, closes)| {
        let hours = match (opens, closes) {
            (Some(o), Some(c)) => Some(OfficeHours {
                opens: time(&o)?,
                closes: time(&c)?,
            }),
            _ => None,
        };
        Some(Exception { day: day.0, hours })
    })
    .collect();
    let durations = sqlx::query_as::<_, (Day, i64)>(
        "SELECT from_day, minutes FROM office_service_durations \
         WHERE office_id = $1 AND service_code = $2 ORDER BY from_day",
    )
    .bind(office_id)
    .bind(service)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(day, minutes)| (day.0, minutes))
    .collect();
    Ok(Some(ServicePlan {
        office_id,
        service: service_code,
        national_minutes,
        durations,
        seats,
        weekly,
        exceptions,
    }))
}

/// Issue #7.2 — this instance's copy of each office's plans (hours, exceptions, desks) for the
/// calendar's reads, kept for a few seconds: the calendar is read far more often than an office
/// is set up. Booking itself always reads the plan afresh; a change made on this instance
/// clears the copy at once, one made on another instance shows here within `ttl_ms`.
#[derive(Clone)]
pub struct PlanCache {
    ttl_ms: i64,
    plans: PlanMap,
}

type PlanMap =
    std::sync::Arc<std::sync::Mutex<HashMap<(i64, String), (i64, Date, Option<ServicePlan>)>>>;

impl PlanCache {
    pub fn new(ttl_ms: i64) -> Self {
        PlanCache {
            ttl_ms,
            plans: Default::default(),
        }
    }

    /// `service_plan`, from the copy when it is fresh.
    pub async fn plan(
        &self,
        conn: &mut sqlx::AnyConnection,
        office_id: i64,
        kind: &str,
        today: Date,
        now_ms: i64,
    ) -> Result<Option<ServicePlan>, AppError> {
        let key = (office_id, kind.to_string());
        if let Some((at, day, plan)) = self
            .plans
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            if *day == today && now_ms.saturating_sub(*at) < self.ttl_ms {
                return Ok(plan.clone());
            }
        }
        let plan = service_plan(conn, office_id, kind, today).await?;
        self.plans
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, (now_ms, today, plan.clone()));
        Ok(plan)
    }

    /// Forgets every copy (after an office admin's change).
    pub fn clear(&self) {
        self.plans.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// The active visits of a plan's days, to tell which seats are held at a time. Issue #21.6:
/// after an office changes its hours, an older visit may start between the new slots and still
/// hold its seat through one of them, so a slot's seats are the seats no visit overlaps — as
/// `take_seat` and the database decide — not the visits that start at the same minute.
#[derive(Debug, Default)]
pub struct Taken {
    /// Per day: (starts at, Unix ms; minutes; seat).
    visits: HashMap<Date, Vec<(i64, i64, i64)>>,
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
        let from = instant_ms(day, t);
        let to = from + plan.minutes(day) * 60_000;
        let mut seats: Vec<i64> = self
            .visits
            .get(&day)
            .into_iter()
            .flatten()
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
        self.visits.entry(day).or_default().push((
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

/// The active visits of `plan`'s office and service between `first` and `last`.
pub async fn taken(
    conn: &mut sqlx::AnyConnection,
    plan: &ServicePlan,
    first: Date,
    last: Date,
) -> Result<Taken, AppError> {
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
    let mut taken = Taken::default();
    for (day, starts_at, minutes, seat) in rows {
        taken
            .visits
            .entry(day.0)
            .or_default()
            .push((starts_at, minutes, seat));
    }
    Ok(taken)
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
        .map(|t| SlotFree {
            starts: hhmm(t),
            free: free_of(plan, taken, day, t),
        })
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
/// visit.
pub async fn take_seat(
    conn: &mut sqlx::AnyConnection,
    v: &NewVisit<'_>,
) -> Result<Option<String>, AppError> {
    let day = v.day.to_string();
    let starts = hhmm(v.starts);
    let starts_at = instant_ms(v.day, v.starts);
    for _ in 0..=v.plan.seats {
        let code = new_code();
        let done = sqlx::query(
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
             ON CONFLICT DO NOTHING",
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
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() == 1 {
            return Ok(Some(code));
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

/// The active visit of an application.
#[derive(sqlx::FromRow)]
pub struct ActiveVisit {
    pub id: i64,
    pub code: String,
    #[sqlx(try_from = "Day")]
    pub day: Date,
    pub starts: String,
    pub minutes: i64,
    pub moves: i64,
    pub starts_at: i64,
    pub office_id: i64,
    #[sqlx(rename = "service_code")]
    pub service: String,
}

pub async fn active_visit(
    conn: &mut sqlx::AnyConnection,
    application_id: i64,
) -> Result<Option<ActiveVisit>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, code, day, starts, minutes, moves, starts_at, office_id, service_code \
         FROM visits WHERE application_id = $1 AND status = 'active' AND held_until IS NULL",
    )
    .bind(application_id)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn office(
    conn: &mut sqlx::AnyConnection,
    office_id: i64,
) -> Result<VisitOffice, AppError> {
    Ok(
        sqlx::query_as("SELECT slug, name, address, map_url FROM offices WHERE id = $1")
            .bind(office_id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// `HH:MM` `minutes` after `starts`.
pub fn ends(starts: &str, minutes: i64) -> String {
    match parse_slot_time(starts) {
        Ok(t) => {
            let m = (minute_of_day(t) + minutes).clamp(0, 24 * 60 - 1);
            format!("{:02}:{:02}", m / 60, m % 60)
        }
        Err(_) => starts.to_string(),
    }
}

/// The applicant's view of an active visit.
pub async fn visit_view(
    conn: &mut sqlx::AnyConnection,
    v: &ActiveVisit,
) -> Result<Visit, AppError> {
    Ok(Visit {
        code: v.code.clone(),
        day: v.day,
        starts: v.starts.clone(),
        ends: ends(&v.starts, v.minutes),
        moves: u32::try_from(v.moves).unwrap_or(0),
        office: office(conn, v.office_id).await?,
        qr_svg: crate::ssr::mfa::qr_svg(&v.code),
    })
}

/// The calendar entry (RFC 5545) of a visit: UTC times, so every calendar shows the right
/// local time; the text names Europe/Vilnius.
pub fn ics(v: &ActiveVisit, office: &VisitOffice, summary: &str, description: &str) -> String {
    use icalendar::{Calendar, Component, Event, EventLike};
    let start = chrono::DateTime::from_timestamp_millis(v.starts_at).unwrap_or_default();
    let end = start + chrono::Duration::minutes(v.minutes);
    let mut event = Event::new();
    event
        .uid(&format!("visit-{}@vartai", v.code))
        .summary(summary)
        .description(description)
        .location(&format!("{}, {}", office.name, office.address))
        .starts(start)
        .ends(end);
    let mut cal = Calendar::new();
    cal.name("Vartai").push(event.done());
    cal.done().to_string()
}

/// The confirmation of a booked (or moved) visit, in the caller's transaction: by the
/// applicant's channels and language, the e-mail with the calendar entry attached.
/// `lang` is the applicant's language (for the calendar entry's text) and `the_office` the
/// visit's office, both read before the transaction so it stays short.
pub async fn confirm_booking(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    lang: crate::i18n::Locale,
    the_office: &VisitOffice,
    reference: &str,
    visit: &ActiveVisit,
    moved: bool,
) -> Result<(), AppError> {
    use crate::i18n::Locale;
    use leptos_i18n::td_string;
    let day = visit.day.to_string();
    let starts = visit.starts.clone();
    let until = ends(&starts, visit.minutes);
    let code = visit.code.clone();
    let texts = |l: Locale| {
        let subject = if moved {
            td_string!(
                l.letters(),
                visit.mail.moved_subject,
                date = day.clone(),
                time = starts.clone()
            )
        } else {
            td_string!(
                l.letters(),
                visit.mail.booked_subject,
                date = day.clone(),
                time = starts.clone()
            )
        }
        .to_string();
        let body = td_string!(
            l.letters(),
            visit.mail.body,
            date = day.clone(),
            time = starts.clone(),
            until = until.clone(),
            office = the_office.name.clone(),
            address = the_office.address.clone(),
            code = code.clone(),
            reference = reference.to_string()
        )
        .to_string();
        (subject, body)
    };
    let calendar = ics(
        visit,
        the_office,
        &td_string!(lang, visit.ics.summary, office = the_office.name.clone()).to_string(),
        &td_string!(
            lang,
            visit.ics.description,
            reference = reference.to_string(),
            code = code.clone()
        )
        .to_string(),
    );
    crate::applications::ssr::notify_with(
        conn,
        user_id,
        &format!("visit:{code}:booked"),
        texts,
        Some((
            "visit.ics",
            "text/calendar; charset=utf-8; method=PUBLISH",
            &calendar,
        )),
    )
    .await
}

/// The applicant's language.
pub async fn language_of(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
) -> Result<crate::i18n::Locale, AppError> {
    let locale: String = sqlx::query_scalar("SELECT locale FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(crate::locale::parse_locale(&locale).unwrap_or(crate::i18n::Locale::lt))
}

/// Whether the application has a place on the waitlist (waiting, or a time held for it).
pub async fn in_line(
    conn: &mut sqlx::AnyConnection,
    application_id: i64,
) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM waitlist WHERE application_id = $1 \
         AND status IN ('waiting', 'offered')",
    )
    .bind(application_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// What booking needs to know of an application.
#[derive(sqlx::FromRow)]
pub struct ForVisit {
    pub id: i64,
    pub kind: String,
    /// Empty before submission.
    pub reference: String,
    /// `draft` or `submitted`.
    pub status: String,
    pub stage: Option<String>,
    pub office_id: Option<i64>,
    pub appear_by: Option<Day>,
}

/// The application `id` of `user_id` (anyone else's answers `NotFound`, like a missing one).
pub async fn application_for_visit(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    id: i64,
) -> Result<ForVisit, AppError> {
    sqlx::query_as(
        "SELECT id, kind, COALESCE(reference, '') AS reference, status, stage, office_id, \
                appear_by FROM applications WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)
}

impl ForVisit {
    /// Why this application cannot book now, before looking at the calendar.
    pub fn blocked(&self) -> Option<super::Blocked> {
        use super::Blocked;
        if self.status != "submitted" || self.office_id.is_none() || self.appear_by.is_none() {
            return Some(Blocked::NotSubmitted);
        }
        if matches!(self.stage.as_deref(), Some("refused" | "collected")) {
            return Some(Blocked::Closed);
        }
        None
    }
}

/// The calendar entry of the active visit of application `id`, for its owner only (`None` for
/// anyone else, or when no visit is booked), in the owner's language.
pub async fn calendar_of(
    db: &crate::ssr::Db,
    user_id: i64,
    id: i64,
) -> Result<Option<String>, AppError> {
    use crate::i18n::Locale;
    use leptos_i18n::td_string;
    let mut conn = db.pool.acquire().await?;
    let app = match application_for_visit(&mut conn, user_id, id).await {
        Ok(a) => a,
        Err(AppError::NotFound) => return Ok(None),
        Err(e) => return Err(e),
    };
    let Some(v) = active_visit(&mut conn, app.id).await? else {
        return Ok(None);
    };
    let the_office = office(&mut conn, v.office_id).await?;
    let locale: String = sqlx::query_scalar("SELECT locale FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut *conn)
        .await?;
    let l = crate::locale::parse_locale(&locale).unwrap_or(Locale::lt);
    Ok(Some(ics(
        &v,
        &the_office,
        &td_string!(l, visit.ics.summary, office = the_office.name.clone()).to_string(),
        &td_string!(
            l,
            visit.ics.description,
            reference = app.reference.clone(),
            code = v.code.clone()
        )
        .to_string(),
    )))
}

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

/// Issue #7.3 — the reminder the day before a visit, by the applicant's channels. Each visit
/// is claimed by one conditional write of `reminded_at`, so several instances running the job
/// send it once. Returns how many were sent.
pub async fn remind_tomorrow(db: &crate::ssr::Db, today: Date) -> Result<usize, AppError> {
    use crate::i18n::Locale;
    use leptos_i18n::td_string;
    let tomorrow = add_days(today, 1);
    let rows: Vec<(i64, i64, String, String, i64, i64, String)> = sqlx::query_as(
        "SELECT v.id, v.user_id, v.code, v.starts, v.minutes, v.office_id, a.reference \
         FROM visits v JOIN applications a ON a.id = v.application_id \
         WHERE v.status = 'active' AND v.held_until IS NULL AND v.day = $1 \
         AND v.reminded_at IS NULL",
    )
    .bind(Day(tomorrow))
    .fetch_all(&db.pool)
    .await?;
    let mut sent = 0;
    for (id, user_id, code, starts, minutes, office_id, reference) in rows {
        let mut tx = db.begin().await?;
        let claimed = sqlx::query(
            "UPDATE visits SET reminded_at = $2 WHERE id = $1 AND status = 'active' \
             AND held_until IS NULL AND reminded_at IS NULL",
        )
        .bind(id)
        .bind(crate::ssr::auth::now_ms())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed != 1 {
            tx.rollback().await?;
            continue;
        }
        let place = office(&mut tx, office_id).await?;
        let until = ends(&starts, minutes);
        let texts = |l: Locale| {
            (
                td_string!(
                    l.letters(),
                    visit.mail.reminder_subject,
                    time = starts.clone()
                )
                .to_string(),
                td_string!(
                    l.letters(),
                    visit.mail.body,
                    date = tomorrow.to_string(),
                    time = starts.clone(),
                    until = until.clone(),
                    office = place.name.clone(),
                    address = place.address.clone(),
                    code = code.clone(),
                    reference = reference.clone()
                )
                .to_string(),
            )
        };
        crate::applications::ssr::notify(
            &mut tx,
            user_id,
            &format!("visit:{code}:reminder"),
            texts,
        )
        .await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}

/// Issue #7.5 — limits on availability requests per account and per client address, per
/// minute, so a script polling the calendar cannot starve people. Counted in this instance's
/// memory: the requests are reads, and a database write per read would cost more than the
/// reads themselves (behind a load balancer the limit applies per instance).
#[derive(Clone)]
pub struct AvailabilityLimits {
    pub per_account: u32,
    pub per_client: u32,
    hits: std::sync::Arc<std::sync::Mutex<HashMap<String, (i64, u32)>>>,
}

impl AvailabilityLimits {
    pub fn new(per_account: u32, per_client: u32) -> Self {
        AvailabilityLimits {
            per_account,
            per_client,
            hits: Default::default(),
        }
    }

    /// Counts one request of `account` from `client` at `now_ms`; `false` when either is over
    /// its limit in the current minute.
    pub fn allow(&self, account: i64, client: &str, now_ms: i64) -> bool {
        let window = now_ms - now_ms.rem_euclid(60_000);
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        if hits.len() > 50_000 {
            hits.retain(|_, (w, _)| *w == window);
        }
        let mut count = |key: String, max: u32| {
            let e = hits.entry(key).or_insert((window, 0));
            if e.0 != window {
                *e = (window, 0);
            }
            e.1 = e.1.saturating_add(1);
            e.1 <= max
        };
        let by_account = count(format!("a:{account}"), self.per_account);
        let by_client = count(format!("c:{client}"), self.per_client);
        by_account && by_client
    }
}

#[cfg(test)]
mod limit_tests {
    use super::AvailabilityLimits;

    #[test]
    fn limits_count_per_account_and_per_client_per_minute() {
        let l = AvailabilityLimits::new(3, 5);
        let t = 1_800_000_000_000;
        assert!((0..3).all(|_| l.allow(1, "10.0.0.1", t)));
        assert!(!l.allow(1, "10.0.0.1", t), "the fourth of the account");
        assert!(
            l.allow(2, "10.0.0.1", t),
            "another account, same network: 5th"
        );
        assert!(!l.allow(3, "10.0.0.1", t), "the network's sixth");
        assert!(l.allow(1, "10.0.0.1", t + 60_000), "a new minute");
    }
}
