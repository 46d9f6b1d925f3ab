//! Issue #7.4 — the waitlist, server side. People wait for a time at their application's
//! office between two days, first come first served. A seat that frees up (a cancellation, a
//! move, a lapsed or declined offer, a newly released day) is *held* for the first person in
//! line whose days it fits: a visit row with `held_until`, so the unique seat index counts it
//! and nobody else can book it meanwhile. Unanswered by then, the scheduler ends it and offers
//! the next in line. Every step is a conditional write, so two instances never offer one seat
//! twice or one person two seats.
use super::ssr::{ends, office, service_plan_of, take_seat, taken, NewVisit};
use super::{HeldOffer, Waiting};
use crate::error::AppError;
use crate::rules::add_days;
use crate::rules::booking::{booking_range, hold_until, BookingPolicy, BookingRange};
use crate::ssr::auth::now_ms;
use crate::ssr::Day;
use jiff::civil::{Date, Time};
use jiff::Zoned;

/// How many people of one line one pass looks at.
const LINE_BATCH: i64 = 200;

/// An instant of the app clock as a Vilnius day and `HH:MM`.
pub fn local(ms: i64) -> (Date, String) {
    let z = jiff::Timestamp::from_millisecond(ms)
        .unwrap_or_default()
        .to_zoned(crate::ssr::vilnius());
    (z.date(), format!("{:02}:{:02}", z.hour(), z.minute()))
}

/// The part of today's booking range that falls inside the days someone waits for.
fn days_open(
    policy: &BookingPolicy,
    now: &Zoned,
    appear_by: Date,
    first: Date,
    last: Date,
) -> Option<BookingRange> {
    let r = booking_range(policy, now.date(), now.time(), appear_by)?;
    let first = first.max(r.first);
    let last = last.min(r.last);
    (first <= last).then_some(BookingRange { first, last, capped_by_window: r.capped_by_window })
}

/// Offers free seats of `service` at `office_id` to the people waiting for them, in line
/// order, in the caller's transaction; each gets the earliest free time inside their days.
/// Returns how many offers were made.
pub async fn offer_to_line(
    conn: &mut sqlx::AnyConnection,
    office_id: i64,
    service: &str,
    policy: &BookingPolicy,
    now: &Zoned,
) -> Result<usize, AppError> {
    let today = now.date();
    let tomorrow = add_days(today, 1);
    /// A place in the line, with its application.
    #[derive(sqlx::FromRow)]
    struct Waiter {
        id: i64,
        application_id: i64,
        user_id: i64,
        first_day: Day,
        last_day: Day,
        appear_by: Option<Day>,
        reference: Option<String>,
        status: String,
        stage: Option<String>,
    }
    let rows: Vec<Waiter> = sqlx::query_as(
        "SELECT w.id, w.application_id, w.user_id, w.first_day, w.last_day, a.appear_by, \
                a.reference, a.status, a.stage \
         FROM waitlist w JOIN applications a ON a.id = w.application_id \
         WHERE w.office_id = $1 AND w.service_code = $2 AND w.status = 'waiting' \
         ORDER BY w.joined_at, w.id LIMIT $3",
    )
    .bind(office_id)
    .bind(service)
    .bind(LINE_BATCH)
    .fetch_all(&mut *conn)
    .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let Some(plan) = service_plan_of(&mut *conn, office_id, service, today).await? else {
        return Ok(0);
    };
    let horizon = booking_range(policy, today, now.time(), add_days(today, 3660))
        .map_or(tomorrow, |r| r.last);
    let mut used = taken(&mut *conn, &plan, tomorrow, horizon).await?;
    let place = office(&mut *conn, office_id).await?;
    let stamp = now_ms();
    let mut offered = 0;
    for r in rows {
        let (id, application_id, user_id) = (r.id, r.application_id, r.user_id);
        let (Day(first), Day(last)) = (r.first_day, r.last_day);
        let Some(Day(appear_by)) = r.appear_by else {
            continue;
        };
        let closed =
            r.status != "submitted" || matches!(r.stage.as_deref(), Some("refused" | "collected"));
        if closed || last < tomorrow || appear_by < tomorrow {
            // The application was closed, or the days waited for have passed.
            sqlx::query(
                "UPDATE waitlist SET status = 'lapsed', ended_at = $2 \
                 WHERE id = $1 AND status = 'waiting'",
            )
            .bind(id)
            .bind(stamp)
            .execute(&mut *conn)
            .await?;
            continue;
        }
        let Some(days) = days_open(policy, now, appear_by, first, last) else {
            // Their days are not released yet.
            continue;
        };
        let free = super::ssr::nearest_free(&plan, days, &used, days.first, Time::MIN, 1);
        let Some((d, t)) = free.into_iter().next() else {
            continue;
        };
        let Ok(at) = crate::rules::booking::parse_slot_time(&t) else {
            continue;
        };
        let claimed = sqlx::query(
            "UPDATE waitlist SET status = 'offered', offered_at = $2 \
             WHERE id = $1 AND status = 'waiting'",
        )
        .bind(id)
        .bind(stamp)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if claimed != 1 {
            continue;
        }
        let until = hold_until(policy, now.datetime())
            .to_zoned(crate::ssr::vilnius())
            .map(|z| z.timestamp().as_millisecond())?;
        let new = NewVisit {
            application_id,
            user_id,
            plan: &plan,
            day: d,
            starts: at,
            moves: 0,
            now: stamp,
            held_until: Some(until),
        };
        let Some(visit) = take_seat(&mut *conn, &new).await? else {
            // Taken meanwhile (or this application has a visit after all): back in line.
            sqlx::query("UPDATE waitlist SET status = 'waiting', offered_at = NULL WHERE id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            used.mark_full(d, at);
            continue;
        };
        used.add(&plan, d, at);
        let code = visit.code;
        sqlx::query("UPDATE waitlist SET visit_id = $2 WHERE id = $1")
            .bind(id)
            .bind(visit.id)
            .execute(&mut *conn)
            .await?;
        crate::applications::ssr::event_with(
            &mut *conn,
            application_id,
            None,
            "waitlist_offered",
            &format!("{d} {t}"),
        )
        .await?;
        let reference = r.reference.clone();
        let (until_day, until_time) = local(until);
        let finish = ends(&t, plan.minutes(d));
        let texts = |l: crate::i18n::Locale| {
            use leptos_i18n::td_string;
            (
                td_string!(
                    l.letters(),
                    visit.mail.offer_subject,
                    date = d.to_string(),
                    time = t.clone()
                )
                .to_string(),
                td_string!(
                    l.letters(),
                    visit.mail.offer_body,
                    date = d.to_string(),
                    time = t.clone(),
                    until = finish.clone(),
                    office = place.name.clone(),
                    address = place.address.clone(),
                    reference = reference.clone().unwrap_or_default(),
                    held_day = until_day.to_string(),
                    held_time = until_time.clone()
                )
                .to_string(),
            )
        };
        crate::applications::ssr::notify(
            &mut *conn,
            user_id,
            &format!("visit:{code}:offered"),
            texts,
        )
        .await?;
        offered += 1;
    }
    Ok(offered)
}

/// Takes application `application_id` off the waitlist ('left'); a seat held for it is freed.
/// Returns whether a seat was freed (the caller offers it to the next in line). Writes only (no
/// read first), so on SQLite the transaction takes the write lock at once, as booking needs.
pub async fn leave_line(
    conn: &mut sqlx::AnyConnection,
    application_id: i64,
    stamp: i64,
) -> Result<bool, AppError> {
    let freed = sqlx::query(
        "UPDATE visits SET status = 'cancelled', ended_at = $2 \
         WHERE application_id = $1 AND status = 'active' AND held_until IS NOT NULL",
    )
    .bind(application_id)
    .bind(stamp)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    sqlx::query(
        "UPDATE waitlist SET status = 'left', ended_at = $2 \
         WHERE application_id = $1 AND status IN ('waiting', 'offered')",
    )
    .bind(application_id)
    .bind(stamp)
    .execute(&mut *conn)
    .await?;
    Ok(freed > 0)
}

/// The applicant's place on the waitlist, with the time held for them if any.
pub async fn waiting_of(
    conn: &mut sqlx::AnyConnection,
    application_id: i64,
) -> Result<Option<Waiting>, AppError> {
    /// A place in the line, with the visit held for it if any.
    #[derive(sqlx::FromRow)]
    struct Place {
        id: i64,
        office_id: i64,
        service_code: String,
        first_day: Day,
        last_day: Day,
        joined_at: i64,
        day: Option<Day>,
        starts: Option<String>,
        minutes: Option<i64>,
        held_until: Option<i64>,
    }
    let Some(r) = sqlx::query_as::<_, Place>(
        "SELECT w.id, w.office_id, w.service_code, w.first_day, w.last_day, w.joined_at, \
                v.day, v.starts, v.minutes, v.held_until \
         FROM waitlist w LEFT JOIN visits v ON v.id = w.visit_id AND v.status = 'active' \
           AND v.held_until IS NOT NULL \
         WHERE w.application_id = $1 AND w.status IN ('waiting', 'offered')",
    )
    .bind(application_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let (id, joined_at) = (r.id, r.joined_at);
    let ahead: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM waitlist WHERE office_id = $1 AND service_code = $2 \
         AND status = 'waiting' AND (joined_at < $3 OR (joined_at = $3 AND id < $4))",
    )
    .bind(r.office_id)
    .bind(&r.service_code)
    .bind(joined_at)
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let offer = match (r.held_until, r.day, r.starts, r.minutes) {
        (Some(until), Some(Day(day)), Some(starts), Some(minutes)) => {
            let (until_day, until_time) = local(until);
            Some(HeldOffer {
                day,
                ends: ends(&starts, minutes),
                starts,
                until_day,
                until_time,
            })
        }
        (Some(_), ..) => return Err(AppError::internal("a held visit without its time")),
        _ => None,
    };
    Ok(Some(Waiting {
        first: r.first_day.0,
        last: r.last_day.0,
        position: u32::try_from(ahead + 1).unwrap_or(u32::MAX),
        offer,
    }))
}

/// The scheduler's pass (every tick, on one instance at a time): ends the holds that ran out
/// ('lapsed', the person is told) and offers their seats on, then offers whatever is free to
/// every line (cancellations, newly released days). Returns how many notices were queued.
pub async fn sweep(
    db: &crate::ssr::Db,
    policy: &BookingPolicy,
    now: &Zoned,
) -> Result<usize, AppError> {
    let now_at = now.timestamp().as_millisecond();
    let mut sent = 0;
    /// A visit held for someone in line whose time to take it ran out.
    #[derive(sqlx::FromRow)]
    struct RanOut {
        id: i64,
        office_id: i64,
        service_code: String,
        day: String,
        starts: String,
        application_id: i64,
        user_id: i64,
        held_until: i64,
    }
    let ran_out: Vec<RanOut> = sqlx::query_as(
        "SELECT v.id, v.office_id, v.service_code, v.day, v.starts, v.application_id, \
                v.user_id, v.held_until \
         FROM visits v WHERE v.status = 'active' AND v.held_until IS NOT NULL \
           AND v.held_until < $1 ORDER BY v.held_until LIMIT 500",
    )
    .bind(now_at)
    .fetch_all(&db.pool)
    .await?;
    for r in ran_out {
        let (id, office_id, service, day) = (r.id, r.office_id, r.service_code, r.day);
        let (starts, application_id, user_id, until) =
            (r.starts, r.application_id, r.user_id, r.held_until);
        let stamp = now_ms();
        let mut tx = db.begin().await?;
        let ended = sqlx::query(
            "UPDATE visits SET status = 'cancelled', ended_at = $2 WHERE id = $1 \
             AND status = 'active' AND held_until IS NOT NULL AND held_until < $3",
        )
        .bind(id)
        .bind(stamp)
        .bind(now_at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if ended != 1 {
            tx.rollback().await?;
            continue;
        }
        sqlx::query(
            "UPDATE waitlist SET status = 'lapsed', ended_at = $2 \
             WHERE visit_id = $1 AND status = 'offered'",
        )
        .bind(id)
        .bind(stamp)
        .execute(&mut *tx)
        .await?;
        crate::applications::ssr::event_with(
            &mut tx,
            application_id,
            None,
            "waitlist_lapsed",
            &format!("{day} {starts}"),
        )
        .await?;
        let (held_day, held_time) = local(until);
        let texts = |l: crate::i18n::Locale| {
            use leptos_i18n::td_string;
            (
                td_string!(
                    l.letters(),
                    visit.mail.lapsed_subject,
                    date = day.clone(),
                    time = starts.clone()
                )
                .to_string(),
                td_string!(
                    l.letters(),
                    visit.mail.lapsed_body,
                    date = day.clone(),
                    time = starts.clone(),
                    held_day = held_day.to_string(),
                    held_time = held_time.clone()
                )
                .to_string(),
            )
        };
        crate::applications::ssr::notify(&mut tx, user_id, &format!("waitlist:{id}:lapsed"), texts)
            .await?;
        sent += 1;
        sent += offer_to_line(&mut tx, office_id, &service, policy, now).await?;
        tx.commit().await?;
    }
    let lines: Vec<(i64, String)> = sqlx::query_as(
        "SELECT DISTINCT office_id, service_code FROM waitlist WHERE status = 'waiting'",
    )
    .fetch_all(&db.pool)
    .await?;
    for (office_id, service) in lines {
        let mut tx = db.begin().await?;
        sent += offer_to_line(&mut tx, office_id, &service, policy, now).await?;
        tx.commit().await?;
    }
    Ok(sent)
}
