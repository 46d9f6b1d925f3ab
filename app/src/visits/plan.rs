use super::VisitView;
use crate::error::AppError;
use leptos::prelude::*;

/// R-BK-1, R-FL-1 — the visit page of an application: its booked visit, the days open for
/// booking with their free seats, and the free times of `day` (the first day with a free seat
/// when none is asked for). `near` (`YYYY-MM-DDTHH:MM`, after a time was just taken) asks for
/// the nearest free times from there.
#[server(endpoint = "visits/plan")]
pub async fn visit_plan(
    id: crate::ids::ApplicationId,
    #[server(default)] day: Option<String>,
    #[server(default)] near: Option<String>,
) -> Result<VisitView, AppError> {
    use super::ssr::{
        booking_settings, cached_office, free_days, free_times, nearest_free, service_plan,
        standing, taken, visit_view, Standing,
    };
    use super::Blocked;
    use crate::rules::booking::{booking_range, hhmm, parse_slot_time};
    use crate::ssr::auth::Caller;

    let Caller { db, settings, auth, .. } = Caller::person(None).await?;
    if let Some(limits) = use_context::<super::ssr::AvailabilityLimits>() {
        let client = crate::ssr::auth::client_address(&settings);
        if !limits.allow(auth.user_id, &client, crate::ssr::auth::now_ms()) {
            return Err(AppError::TooMany { retry_after_minutes: 1 });
        }
    }
    let id = id.get()?;
    let policy = booking_settings();
    let now = crate::ssr::clock().now();
    let today = now.date();
    let mut conn = db.pool.acquire().await?;
    // Issue #23.7: the application, its visit and its waitlist place in one statement.
    let Standing { app, visit, in_line } = standing(&mut conn, auth.user_id, id).await?;
    let mut view = VisitView {
        application_id: app.id,
        reference: app.reference.clone(),
        office: None,
        booking: None,
        blocked: app.blocked(),
        appear_by: app.appear_by.map(|d| d.0),
        range: None,
        max_moves: policy.max_moves,
        release_at: hhmm(policy.release_at),
        horizon_days: policy.horizon_days,
        minutes: 0,
        days: Vec::new(),
        day: None,
        times: Vec::new(),
        nearest: Vec::new(),
        waiting: None,
    };
    if let Some(v) = visit {
        let at = cached_office(&mut conn, v.office_id).await?;
        view.booking = Some(visit_view(&v, at));
    }
    if in_line {
        view.waiting = super::line::waiting_of(&mut conn, app.id).await?;
    }
    let (Some(office_id), Some(crate::ssr::Day(appear_by)), None) =
        (app.office_id, app.appear_by, view.blocked)
    else {
        return Ok(view);
    };
    view.office = Some(cached_office(&mut conn, office_id).await?);
    let plan = match use_context::<super::ssr::PlanCache>() {
        Some(cache) => {
            let now_ms = crate::ssr::auth::now_ms();
            cache
                .plan(&mut conn, office_id, &app.kind, today, now_ms)
                .await?
        }
        None => service_plan(&mut conn, office_id, &app.kind, today).await?,
    };
    let Some(plan) = plan else {
        view.blocked = Some(Blocked::NoService);
        return Ok(view);
    };
    view.minutes = plan.minutes(today);
    let Some(range) = booking_range(&policy, today, now.time(), appear_by) else {
        if view.booking.is_none() {
            view.blocked = Some(Blocked::WindowPassed);
        }
        return Ok(view);
    };
    view.range = Some(range);
    // Issue #23.7: the seats from this instance's copy of each day, where it keeps one.
    let used = match use_context::<super::ssr::SeatCache>() {
        Some(cache) => {
            let now_ms = crate::ssr::auth::now_ms();
            cache
                .taken(&mut conn, &plan, range.first, range.last, now_ms)
                .await?
        }
        None => taken(&mut conn, &plan, range.first, range.last).await?,
    };
    view.days = free_days(&plan, range, &used);
    let asked = day
        .as_deref()
        .and_then(|d| crate::rules::parse_date(crate::rules::Field::Date, d.trim()).ok())
        .filter(|d| view.days.iter().any(|x| x.day == *d));
    let chosen = asked.or_else(|| view.days.iter().find(|d| d.free > 0).map(|d| d.day));
    if let Some(d) = chosen {
        view.times = free_times(&plan, d, &used);
    }
    if let Some(d) = chosen {
        // Issue #7.1: an office may change the length of its visits from some day on.
        view.minutes = plan.minutes(d);
    }
    view.day = chosen;
    if let Some((d, t)) = near.as_deref().and_then(|n| n.split_once('T')) {
        if let (Ok(d), Ok(t)) = (d.parse(), parse_slot_time(t)) {
            view.nearest = nearest_free(&plan, range, &used, d, t, 3);
        }
    }
    Ok(view)
}
