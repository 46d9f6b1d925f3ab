//! Server-side pieces of office set-up: whose office it is, loading it, and what a change
//! does to booked visits.
use super::{SetupException, SetupOffice, SetupService};
use crate::error::AppError;
use crate::ssr::auth::Audit;
use crate::ssr::{Day, Db};

/// The calendar's copies of the plans are out of date on this instance.
pub fn plans_changed() {
    if let Some(cache) = leptos::prelude::use_context::<crate::visits::ssr::PlanCache>() {
        cache.clear();
    }
}

/// The logged-in office admin (checked CSRF; their audit handle) and the office `office` if it
/// is theirs.
pub async fn admin_of(office: &str, csrf: &str) -> Result<(Audit, Db, i64), AppError> {
    use crate::identity::Role;
    use crate::ssr::auth::{office_ids, Caller};
    let Caller { db, auth, audit, .. } = Caller::staff(Some(csrf), Role::ADMINS).await?;
    let id: i64 = office.trim().parse().map_err(|_| AppError::NotFound)?;
    if !office_ids(&db, auth.user_id).await?.contains(&id) {
        return Err(AppError::NotFound);
    }
    Ok((audit, db, id))
}

pub async fn load(conn: &mut sqlx::AnyConnection, id: i64) -> Result<SetupOffice, AppError> {
    let (name, slug, address, phone, map_url) =
        sqlx::query_as::<_, (String, String, String, Option<String>, Option<String>)>(
            "SELECT name, slug, address, phone, map_url FROM offices WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let hours = sqlx::query_as::<_, (i64, String, String)>(
        "SELECT weekday, opens, closes FROM office_hours WHERE office_id = $1",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut week = vec![(String::new(), String::new()); 7];
    for (w, opens, closes) in hours {
        if let Some(slot) = usize::try_from(w - 1).ok().and_then(|i| week.get_mut(i)) {
            *slot = (opens, closes);
        }
    }
    let today = Day(crate::ssr::clock().today());
    let rows = sqlx::query_as::<_, (Day, Option<String>, Option<String>, String, i64)>(
        "SELECT e.day, e.opens, e.closes, e.note, \
                (SELECT COUNT(*) FROM visits v WHERE v.office_id = e.office_id \
                   AND v.day = e.day AND v.status = 'active') AS booked \
         FROM office_exceptions e WHERE e.office_id = $1 AND e.day >= $2 ORDER BY e.day",
    )
    .bind(id)
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    let mut exceptions = Vec::new();
    for (Day(day), opens, closes, note, booked) in rows {
        exceptions.push(SetupException {
            day,
            hours: opens.zip(closes),
            note,
            booked: u32::try_from(booked).unwrap_or(0),
        });
    }
    let rows = sqlx::query_as::<_, (String, i64, i64)>(
        "SELECT os.service_code, s.duration_minutes, os.booking_desks FROM office_services os \
         JOIN services s ON s.code = os.service_code WHERE os.office_id = $1 \
         ORDER BY os.service_code",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut services = Vec::new();
    for (code, national, desks) in rows {
        let kinds: Vec<String> = sqlx::query_scalar(
            "SELECT kind FROM office_service_kinds WHERE office_id = $1 AND service_code = $2 \
             ORDER BY kind",
        )
        .bind(id)
        .bind(&code)
        .fetch_all(&mut *conn)
        .await?;
        let plan_days: Vec<(jiff::civil::Date, i64)> = sqlx::query_as::<_, (Day, i64)>(
            "SELECT from_day, minutes FROM office_service_durations \
             WHERE office_id = $1 AND service_code = $2 ORDER BY from_day",
        )
        .bind(id)
        .bind(&code)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(Day(day), minutes)| (day, minutes))
        .collect();
        let tomorrow = crate::rules::add_days(crate::ssr::clock().today(), 1);
        services.push(SetupService {
            national_minutes: national,
            minutes: crate::rules::booking::minutes_on(national, &plan_days, tomorrow),
            changes: plan_days
                .iter()
                .filter(|(d, _)| *d > tomorrow)
                .copied()
                .collect(),
            earliest_change: earliest_change(&mut *conn, id, &code).await?,
            desks,
            code,
            kinds,
        });
    }
    let local = crate::ssr::local_time;
    let kiosks = sqlx::query_as::<_, (i64, String, i64, Option<i64>)>(
        "SELECT id, name, created_at, last_seen_at FROM office_devices \
         WHERE office_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(id, name, created, seen)| super::SetupKiosk {
        id,
        name,
        registered: local(created),
        seen: seen.map(local),
    })
    .collect();
    Ok(SetupOffice {
        id,
        slug,
        kiosks,
        name,
        address,
        phone,
        map_url,
        week,
        exceptions,
        services,
    })
}

/// Issue #7.1 — the first day a new visit length for `service` can start: tomorrow, or
/// the day after the last day a visit of it is booked (or held) at the office.
pub async fn earliest_change(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    service: &str,
) -> Result<jiff::civil::Date, AppError> {
    let last: Option<Day> = sqlx::query_scalar(
        "SELECT MAX(day) FROM visits WHERE office_id = $1 AND service_code = $2 \
         AND status = 'active'",
    )
    .bind(id)
    .bind(service)
    .fetch_one(&mut *conn)
    .await?;
    let tomorrow = crate::rules::add_days(crate::ssr::clock().today(), 1);
    Ok(crate::rules::booking::earliest_duration_day(
        tomorrow,
        last.map(|d| d.0),
    ))
}

/// Booked visits from tomorrow on whose time is no longer inside the office's hours (a
/// changed week, a closed day): the admin sees the number and contacts those people.
pub async fn outside_hours(conn: &mut sqlx::AnyConnection, id: i64) -> Result<u32, AppError> {
    use crate::rules::booking::parse_slot_time;
    let today = crate::ssr::clock().today();
    let services: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT service_code FROM visits WHERE office_id = $1 AND status = 'active' \
         AND day > $2",
    )
    .bind(id)
    .bind(crate::ssr::Day(today))
    .fetch_all(&mut *conn)
    .await?;
    let mut outside = 0u32;
    for service in services {
        let plan = crate::visits::ssr::service_plan_of(&mut *conn, id, &service, today).await?;
        let visits = sqlx::query_as::<_, (Day, String)>(
            "SELECT day, starts FROM visits WHERE office_id = $1 AND service_code = $2 \
             AND status = 'active' AND day > $3",
        )
        .bind(id)
        .bind(&service)
        .bind(crate::ssr::Day(today))
        .fetch_all(&mut *conn)
        .await?;
        for (Day(day), starts) in visits {
            let at = parse_slot_time(&starts).ok();
            let fits = match (&plan, at) {
                (Some(p), Some(t)) => p.starts(day).contains(&t),
                _ => false,
            };
            if !fits {
                outside += 1;
            }
        }
    }
    Ok(outside)
}
