//! An office's plan for a service (its week, exceptions, visit lengths and seats), read from
//! the database, and this instance's short-lived copy of the plans.
use super::*;

/// The booking settings from the server's configuration, provided as context.
#[derive(Clone, Copy, Debug, Default)]
pub struct BookingSettings(pub BookingPolicy);

pub fn booking_settings() -> BookingPolicy {
    leptos::prelude::use_context::<BookingSettings>()
        .map(|s| s.0)
        .unwrap_or_default()
}

pub use crate::rules::booking::ServicePlan;

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
    let service = sqlx::query_as::<_, (String, i64, i64)>(
        "SELECT os.service_code, s.duration_minutes, os.booking_desks FROM office_services os \
         JOIN office_service_kinds k ON k.office_id = os.office_id \
           AND k.service_code = os.service_code \
         JOIN services s ON s.code = os.service_code \
         WHERE os.office_id = $1 AND k.kind = $2 AND os.booking_desks > 0 \
         ORDER BY os.service_code LIMIT 1",
    )
    .bind(office_id)
    .bind(kind)
    .fetch_optional(&mut *conn)
    .await?;
    match service {
        Some(service) => Ok(Some(plan_with(conn, office_id, service, from).await?)),
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
    let service = sqlx::query_as::<_, (String, i64, i64)>(
        "SELECT os.service_code, s.duration_minutes, os.booking_desks FROM office_services os \
         JOIN services s ON s.code = os.service_code \
         WHERE os.office_id = $1 AND os.service_code = $2 AND os.booking_desks > 0",
    )
    .bind(office_id)
    .bind(service)
    .fetch_optional(&mut *conn)
    .await?;
    match service {
        Some(service) => Ok(Some(plan_with(conn, office_id, service, from).await?)),
        None => Ok(None),
    }
}

/// The plan of a service the office offers (its code, national visit length and desks), with
/// the office's week, its exceptions from `from` on and its visit lengths.
async fn plan_with(
    conn: &mut sqlx::AnyConnection,
    office_id: i64,
    (service_code, national_minutes, seats): (String, i64, i64),
    from: Date,
) -> Result<ServicePlan, AppError> {
    let weekly = sqlx::query_as::<_, (i64, String, String)>(
        "SELECT weekday, opens, closes FROM office_hours WHERE office_id = $1",
    )
    .bind(office_id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .filter_map(|(weekday, opens, closes)| {
        let hours = OfficeHours { opens: time(&opens)?, closes: time(&closes)? };
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
            (Some(o), Some(c)) => Some(OfficeHours { opens: time(&o)?, closes: time(&c)? }),
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
    .bind(&service_code)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(day, minutes)| (day.0, minutes))
    .collect();
    Ok(ServicePlan {
        office_id,
        service: service_code,
        national_minutes,
        durations,
        seats,
        weekly,
        exceptions,
    })
}

/// Issue #7.2 — this instance's copy of each office's plans (hours, exceptions, desks) for the
/// calendar's reads, and (issue #23.7) of each office's name and address, kept for a few
/// seconds: the calendar is read far more often than an office is set up. A change made on
/// this instance clears the copy at once, one made on another instance shows here within
/// `ttl_ms`. A read that began before a change does not put its answer in the copy after it
/// (`changes` counts the changes). Booking itself always reads the plan afresh.
#[derive(Clone)]
pub struct PlanCache {
    ttl_ms: i64,
    plans: PlanMap,
    offices: OfficeMap,
    changes: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

type PlanMap =
    std::sync::Arc<std::sync::Mutex<HashMap<(i64, String), (i64, Date, Option<ServicePlan>)>>>;
type OfficeMap = std::sync::Arc<std::sync::Mutex<HashMap<i64, (i64, VisitOffice)>>>;

/// `office`, from this instance's copy when the server keeps one (`PlanCache`).
pub async fn cached_office(
    conn: &mut sqlx::AnyConnection,
    office_id: i64,
) -> Result<VisitOffice, AppError> {
    match leptos::prelude::use_context::<PlanCache>() {
        Some(cache) => {
            cache
                .office(conn, office_id, crate::ssr::auth::now_ms())
                .await
        }
        None => office(conn, office_id).await,
    }
}

impl PlanCache {
    pub fn new(ttl_ms: i64) -> Self {
        PlanCache {
            ttl_ms,
            plans: Default::default(),
            offices: Default::default(),
            changes: Default::default(),
        }
    }

    fn changes(&self) -> u64 {
        self.changes.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// `office`, from the copy when it is fresh.
    pub async fn office(
        &self,
        conn: &mut sqlx::AnyConnection,
        office_id: i64,
        now_ms: i64,
    ) -> Result<VisitOffice, AppError> {
        if let Some((at, office)) = self
            .offices
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&office_id)
        {
            if now_ms.saturating_sub(*at) < self.ttl_ms {
                return Ok(office.clone());
            }
        }
        let seen = self.changes();
        let fresh = office(conn, office_id).await?;
        let mut offices = self.offices.lock().unwrap_or_else(|e| e.into_inner());
        if self.changes() == seen {
            offices.insert(office_id, (now_ms, fresh.clone()));
        }
        Ok(fresh)
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
        let seen = self.changes();
        let plan = service_plan(conn, office_id, kind, today).await?;
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        if self.changes() == seen {
            plans.insert(key, (now_ms, today, plan.clone()));
        }
        Ok(plan)
    }

    /// Forgets every copy (after an office admin's change). The count goes up first, and each
    /// map is cleared under its lock, so a read that began before cannot put an old answer back.
    pub fn clear(&self) {
        self.changes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.plans.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.offices
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}
