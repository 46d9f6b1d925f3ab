//! Server-side pieces of the queue: today's hours of an office, issuing a ticket with the
//! day's next number, a ticket's place in line, and calling the next one.
use crate::error::AppError;
use crate::rules::booking::{parse_slot_time, visit_hours, Exception};
use crate::rules::{ticket_label, LithuanianCalendar, OfficeHours};
use crate::ssr::Day;
use jiff::civil::Date;

/// Where a ticket is taken: a kiosk in the office, or a phone (only where the office runs
/// the live queue).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TakenAt {
    Kiosk,
    Remote,
}

/// The hours `office_id` keeps on `day` when it gives tickets for `service` taken `at`; the
/// outer `None` when it gives none (the service is not offered there, or a phone asks an
/// office without the live queue).
pub async fn ticket_hours(
    db: &crate::ssr::Db,
    office_id: i64,
    service: &str,
    at: TakenAt,
    day: Date,
) -> Result<Option<Option<OfficeHours>>, AppError> {
    let mut conn = db.pool.acquire().await?;
    let offered: Option<i64> = sqlx::query_scalar(match at {
        TakenAt::Kiosk => {
            "SELECT office_id FROM office_services WHERE office_id = $1 AND service_code = $2"
        }
        TakenAt::Remote => {
            "SELECT os.office_id FROM office_services os JOIN offices o ON o.id = os.office_id \
             WHERE os.office_id = $1 AND os.service_code = $2 AND o.live_queue"
        }
    })
    .bind(office_id)
    .bind(service)
    .fetch_optional(&mut *conn)
    .await?;
    match offered {
        Some(_) => Ok(Some(hours_on(&mut conn, office_id, day).await?)),
        None => Ok(None),
    }
}

/// The hours `office_id` keeps on `day` (its week, an exception that day, public holidays).
pub async fn hours_on(
    conn: &mut sqlx::AnyConnection,
    office_id: i64,
    day: Date,
) -> Result<Option<OfficeHours>, AppError> {
    let weekday = i64::from(day.weekday().to_monday_one_offset());
    let hours = |opens: Option<String>, closes: Option<String>| {
        Some(OfficeHours {
            opens: parse_slot_time(&opens?).ok()?,
            closes: parse_slot_time(&closes?).ok()?,
        })
    };
    let weekly: Vec<(i8, OfficeHours)> = sqlx::query_as::<_, (String, String)>(
        "SELECT opens, closes FROM office_hours WHERE office_id = $1 AND weekday = $2",
    )
    .bind(office_id)
    .bind(weekday)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .filter_map(|(opens, closes)| {
        let h = hours(Some(opens), Some(closes))?;
        Some((i8::try_from(weekday).ok()?, h))
    })
    .collect();
    let exceptions: Vec<Exception> = sqlx::query_as::<_, (Option<String>, Option<String>)>(
        "SELECT opens, closes FROM office_exceptions WHERE office_id = $1 AND day = $2",
    )
    .bind(office_id)
    .bind(Day(day))
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(opens, closes)| Exception { day, hours: hours(opens, closes) })
    .collect();
    Ok(visit_hours(&LithuanianCalendar, &weekly, &exceptions, day))
}

/// A new ticket.
pub struct NewTicket<'a> {
    pub office_id: i64,
    pub day: Date,
    pub service: &'a str,
    pub source: &'a str,
    pub priority: i64,
    pub user_id: Option<i64>,
    pub visit_id: Option<i64>,
    /// The kiosk that gave it out.
    pub device_id: Option<i64>,
    /// The kiosk press that asked for it (one ticket per press).
    pub request_key: Option<&'a str>,
    pub now: i64,
}

/// Issue #8.8 — writes a ticket with the day's next number, in one transaction: the counter's
/// upsert is the first write (it takes the row's lock on PostgreSQL and the write lock on
/// SQLite), so numbers are unique and consecutive under any number of concurrent requests.
/// `Ok(None)`: a unique index refused the ticket (R-QU-3: the account already has an active
/// remote ticket today; a kiosk press or a booked visit that already has its ticket); its
/// number is rolled back with it. A booked visit's ticket marks the visit checked in, with an
/// event on its application, in the same transaction.
pub async fn issue(
    db: &crate::ssr::Db,
    t: &NewTicket<'_>,
) -> Result<Option<(i64, String)>, AppError> {
    let mut tx = db.begin().await?;
    let number: i64 = sqlx::query_scalar(
        "INSERT INTO queue_counters (office_id, day, last_number) VALUES ($1, $2, 1) \
         ON CONFLICT (office_id, day) DO UPDATE SET last_number = queue_counters.last_number + 1 \
         RETURNING last_number",
    )
    .bind(t.office_id)
    .bind(Day(t.day))
    .fetch_one(&mut *tx)
    .await?;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO queue_tickets (office_id, day, number, service_code, source, priority, \
           user_id, visit_id, status, created_at, device_id, request_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'waiting', $9, $10, $11) \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(t.office_id)
    .bind(Day(t.day))
    .bind(number)
    .bind(t.service)
    .bind(t.source)
    .bind(t.priority)
    .bind(t.user_id)
    .bind(t.visit_id)
    .bind(t.now)
    .bind(t.device_id)
    .bind(t.request_key)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        tx.rollback().await?;
        return Ok(None);
    };
    if let Some(visit) = t.visit_id {
        let (application, code): (i64, String) = sqlx::query_as(
            "UPDATE visits SET checked_in_at = COALESCE(checked_in_at, $2) WHERE id = $1 \
             RETURNING application_id, code",
        )
        .bind(visit)
        .bind(t.now)
        .fetch_one(&mut *tx)
        .await?;
        crate::applications::ssr::event_with(
            &mut tx,
            application,
            None,
            "visit_checked_in",
            &format!("{code} {}", ticket_label(t.service, number)),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Some((id, ticket_label(t.service, number))))
}

/// R-QU-4 — the place of a waiting ticket in its office's line today (1 = next).
pub async fn position(
    conn: &mut sqlx::AnyConnection,
    office_id: i64,
    day: Date,
    priority: i64,
    number: i64,
) -> Result<u32, AppError> {
    let ahead: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM queue_tickets WHERE office_id = $1 AND day = $2 \
         AND status = 'waiting' AND (priority < $3 OR (priority = $3 AND number < $4))",
    )
    .bind(office_id)
    .bind(Day(day))
    .bind(priority)
    .bind(number)
    .fetch_one(&mut *conn)
    .await?;
    Ok(u32::try_from(ahead + 1).unwrap_or(u32::MAX))
}

/// Issue #8.8 — calls the first waiting ticket of the day to `desk`, with one conditional
/// write: two desks pressing at once never get the same ticket (the loser's `UPDATE` finds the
/// ticket no longer waiting and tries the next one). `None`: nobody waits.
pub async fn call_next(
    db: &crate::ssr::Db,
    office_id: i64,
    day: Date,
    desk: &str,
    officer: i64,
    now: i64,
) -> Result<Option<(i64, String)>, AppError> {
    for _ in 0..64 {
        let mut conn = db.pool.acquire().await?;
        let next: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM queue_tickets WHERE office_id = $1 AND day = $2 \
             AND status = 'waiting' ORDER BY priority, number LIMIT 1",
        )
        .bind(office_id)
        .bind(Day(day))
        .fetch_optional(&mut *conn)
        .await?;
        let Some(id) = next else {
            return Ok(None);
        };
        let called = sqlx::query_as::<_, (i64, String)>(
            "UPDATE queue_tickets SET status = 'called', desk = $2, officer_id = $3, \
               called_at = $4 \
             WHERE id = $1 AND status = 'waiting' RETURNING number, service_code",
        )
        .bind(id)
        .bind(desk)
        .bind(officer)
        .bind(now)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some((number, service)) = called {
            return Ok(Some((id, ticket_label(&service, number))));
        }
    }
    Err(AppError::internal("call_next: no ticket after 64 tries"))
}

/// Issue #8.2, #8.5 — the office's queue today as everyone may see it (`LiveQueue`): the line,
/// the desks' calls, the open desks and the desk times per service, from four reads.
pub async fn snapshot(
    conn: &mut sqlx::AnyConnection,
    office_id: i64,
    now: &jiff::Zoned,
    now_ms: i64,
) -> Result<super::LiveQueue, AppError> {
    use super::{Call, LiveQueue};
    use crate::rules::wait::{DESK_TIME_SAMPLES, OPEN_DESK_MINUTES};
    use crate::rules::DeskTime;

    let day = Day(now.date());
    let waiting = sqlx::query_as::<_, (i64, String)>(
        "SELECT number, service_code FROM queue_tickets WHERE office_id = $1 AND day = $2 \
         AND status = 'waiting' ORDER BY priority, number",
    )
    .bind(office_id)
    .bind(day)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(number, service)| (ticket_label(&service, number), service))
    .collect();
    // At the desks now, then the last calls (the display shows a few).
    let calls = sqlx::query_as::<_, (i64, String, Option<String>, String, i64)>(
        "SELECT number, service_code, desk, status, called_at FROM queue_tickets \
         WHERE office_id = $1 AND day = $2 AND called_at IS NOT NULL AND status <> 'waiting' \
         AND status <> 'cancelled' \
         ORDER BY CASE WHEN status IN ('called', 'serving') THEN 0 ELSE 1 END, called_at DESC \
         LIMIT 60",
    )
    .bind(office_id)
    .bind(day)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(number, service, desk, status, called)| Call {
        label: ticket_label(&service, number),
        desk: desk.unwrap_or_default(),
        status,
        seconds: ((now_ms - called).max(0) as f64) / 1000.0,
        service,
    })
    .collect();
    let mut calls: Vec<Call> = calls;
    // Everyone at a desk, and at most ten finished ones.
    let at_desks = calls
        .iter()
        .filter(|c| matches!(c.status.as_str(), "called" | "serving"))
        .count();
    calls.truncate(at_desks + 10);
    let recent = now_ms - OPEN_DESK_MINUTES * 60_000;
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT desk) FROM queue_tickets WHERE office_id = $1 AND day = $2 \
         AND desk IS NOT NULL AND (status IN ('called', 'serving') OR called_at >= $3)",
    )
    .bind(office_id)
    .bind(day)
    .bind(recent)
    .fetch_one(&mut *conn)
    .await?;
    // Before the first call of the day: the office's desks.
    let open = if open > 0 {
        open
    } else {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM desks WHERE office_id = $1")
            .bind(office_id)
            .fetch_one(&mut *conn)
            .await?
            .max(1)
    };
    let services = sqlx::query_as::<_, (String, i64)>(
        "SELECT s.code, s.duration_minutes FROM office_services os \
         JOIN services s ON s.code = os.service_code WHERE os.office_id = $1 ORDER BY s.code",
    )
    .bind(office_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut desk_times = Vec::new();
    for (code, national) in services {
        let secs: Vec<f64> = sqlx::query_as::<_, (i64, i64)>(
            "SELECT called_at, ended_at FROM queue_tickets WHERE office_id = $1 \
             AND service_code = $2 AND status IN ('done', 'no_show') AND called_at IS NOT NULL \
             AND ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT $3",
        )
        .bind(office_id)
        .bind(&code)
        .bind(DESK_TIME_SAMPLES as i64)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(called, ended)| (ended - called) as f64 / 1000.0)
        .collect();
        desk_times.push((code, DeskTime::fit(&secs, national as f64)));
    }
    let minute_of_day =
        u32::try_from(i32::from(now.hour()) * 60 + i32::from(now.minute())).unwrap_or_default();
    Ok(LiveQueue {
        office_id,
        minute_of_day,
        waiting,
        calls,
        open_desks: u32::try_from(open).unwrap_or(1),
        desk_times,
    })
}

/// Issue #8.2 — "your turn is near": each remote ticket now within the first `near` places of
/// its office's line and not told yet is claimed (one conditional write, so it is told exactly
/// once however many instances see the line move) and its holder gets a notice by e-mail
/// and/or SMS, as they chose, in their language, in the claim's transaction. Answers how many
/// were told.
pub async fn notify_near(
    db: &crate::ssr::Db,
    office_id: i64,
    day: Date,
    near: u32,
    now_ms: i64,
) -> Result<u32, AppError> {
    use leptos_i18n::td_string;
    type Row = (i64, i64, String, String, Option<i64>, Option<i64>);
    let line: Vec<Row> = sqlx::query_as(
        "SELECT id, number, service_code, source, user_id, near_notified_at FROM queue_tickets \
         WHERE office_id = $1 AND day = $2 AND status = 'waiting' \
         ORDER BY priority, number LIMIT $3",
    )
    .bind(office_id)
    .bind(Day(day))
    .bind(i64::from(near))
    .fetch_all(&db.pool)
    .await?;
    let due: Vec<(usize, &Row)> = line
        .iter()
        .enumerate()
        .filter(|(_, r)| r.3 == "remote" && r.4.is_some() && r.5.is_none())
        .collect();
    if due.is_empty() {
        return Ok(0);
    }
    let office: String = sqlx::query_scalar("SELECT name FROM offices WHERE id = $1")
        .bind(office_id)
        .fetch_one(&db.pool)
        .await?;
    let mut told = 0;
    for (i, (id, number, service, _, user, _)) in due {
        let Some(user) = *user else { continue };
        let Some(mut tx) = db
            .claim_once(
                sqlx::query(
                    "UPDATE queue_tickets SET near_notified_at = $2 \
             WHERE id = $1 AND near_notified_at IS NULL AND status = 'waiting'",
                )
                .bind(id)
                .bind(now_ms),
            )
            .await?
        else {
            continue;
        };
        let label = ticket_label(service, *number);
        let place = i + 1;
        crate::applications::ssr::notify(&mut tx, user, &format!("queue-near:{id}"), |l| {
            (
                td_string!(l.letters(), queue.near_subject, label = &label).to_string(),
                td_string!(
                    l.letters(),
                    queue.near_body,
                    label = &label,
                    office = &office,
                    place = place
                )
                .to_string(),
            )
        })
        .await?;
        tx.commit().await?;
        told += 1;
    }
    Ok(told)
}

/// Issue #8 — closes the tickets of past days left open when an office closed: a waiting
/// ticket is cancelled, a called one did not come, one being served is done. Tickets are for
/// their day only, so nothing else reads them open; the day's figures are then final.
/// Answers how many were closed.
pub async fn close_past_days(
    db: &crate::ssr::Db,
    today: Date,
    now_ms: i64,
) -> Result<usize, AppError> {
    let mut closed = 0;
    for (from, to) in [
        ("waiting", "cancelled"),
        ("called", "no_show"),
        ("serving", "done"),
    ] {
        closed += sqlx::query(
            "UPDATE queue_tickets SET status = $3, ended_at = $4 WHERE day < $1 AND status = $2",
        )
        .bind(Day(today))
        .bind(from)
        .bind(to)
        .bind(now_ms)
        .execute(&db.pool)
        .await?
        .rows_affected();
    }
    Ok(usize::try_from(closed).unwrap_or(usize::MAX))
}
