//! Issue #7.4 — joining and leaving the waitlist, and accepting a time held from it. The line
//! itself (offers, holds, hand-over) is `super::line`.
use crate::error::AppError;
use leptos::prelude::*;

/// Issue #7.4 — puts application `id` on the waitlist of its office for the days `from` …
/// `to` (both from tomorrow to the 4-month window, R-FL-1), or changes the days of its place in
/// line without losing the place. Only without a booked visit. If a time is free in those days
/// already, it is held for them at once.
#[server(endpoint = "visits/wait")]
pub async fn join_waitlist(
    id: crate::ids::ApplicationId,
    from: String,
    to: String,
    csrf: String,
) -> Result<(), AppError> {
    use super::ssr::{active_visit, application_for_visit, booking_settings, service_plan};
    use crate::rules::booking::check_waitlist_days;
    use crate::rules::{parse_date, Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{now_ms, Action, Caller};

    let Caller {
        db, auth, audit, ..
    } = Caller::person(Some(&csrf)).await?;
    let id = id.get()?;
    let policy = booking_settings();
    let now = crate::ssr::clock().now();
    let entered = vec![
        ("from".to_string(), from.clone()),
        ("to".to_string(), to.clone()),
    ];
    let invalid = |e: RuleError| AppError::Invalid {
        errors: vec![e],
        entered: entered.clone(),
    };
    let mut conn = db.pool.acquire().await?;
    let app = application_for_visit(&mut conn, auth.user_id, id).await?;
    if app.blocked().is_some() || active_visit(&mut conn, app.id).await?.is_some() {
        return Err(invalid(RuleError::new(
            Field::Case,
            RuleErrorKind::ActionNotAllowed,
        )));
    }
    let (Some(office_id), Some(crate::ssr::Day(appear_by))) = (app.office_id, app.appear_by) else {
        return Err(AppError::NotFound);
    };
    let plan = service_plan(&mut conn, office_id, &app.kind, now.date())
        .await?
        .ok_or_else(|| invalid(RuleError::new(Field::Office, RuleErrorKind::NoSuchSlot)))?;
    drop(conn);
    let first = parse_date(Field::From, from.trim()).map_err(invalid)?;
    let last = parse_date(Field::To, to.trim()).map_err(invalid)?;
    check_waitlist_days(now.date(), appear_by, first, last).map_err(invalid)?;

    let stamp = now_ms();
    let mut tx = db.begin().await?;
    let changed = sqlx::query(
        "UPDATE waitlist SET first_day = $2, last_day = $3 \
         WHERE application_id = $1 AND status = 'waiting'",
    )
    .bind(app.id)
    .bind(crate::ssr::Day(first))
    .bind(crate::ssr::Day(last))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        // ON CONFLICT: a place already held (a second tab) stays as it is.
        sqlx::query(
            "INSERT INTO waitlist (application_id, user_id, office_id, service_code, first_day, \
               last_day, status, joined_at) VALUES ($1, $2, $3, $4, $5, $6, 'waiting', $7) \
             ON CONFLICT DO NOTHING",
        )
        .bind(app.id)
        .bind(auth.user_id)
        .bind(office_id)
        .bind(&plan.service)
        .bind(crate::ssr::Day(first))
        .bind(crate::ssr::Day(last))
        .bind(stamp)
        .execute(&mut *tx)
        .await?;
    }
    let detail = format!("{first} {last}");
    crate::applications::ssr::event_with(
        &mut tx,
        app.id,
        Some(auth.user_id),
        "waitlist_joined",
        &detail,
    )
    .await?;
    audit
        .record(
            &mut tx,
            Action::VisitWait,
            Some(auth.user_id),
            serde_json::json!({ "application": app.reference, "visit": detail }),
        )
        .await?;
    super::line::offer_to_line(&mut tx, office_id, &plan.service, &policy, &now).await?;
    crate::ssr::outbox::commit_and_send(tx).await?;
    leptos_axum::redirect(&format!("/applications/{id}/visit?done=waiting"));
    Ok(())
}

/// Issue #7.4 — leaves the waitlist; a time held for the applicant passes to the next in line
/// at once.
#[server(endpoint = "visits/leave-waitlist")]
pub async fn leave_waitlist(id: crate::ids::ApplicationId, csrf: String) -> Result<(), AppError> {
    use super::ssr::{application_for_visit, booking_settings};
    use crate::ssr::auth::{now_ms, Action, Caller};

    let Caller {
        db, auth, audit, ..
    } = Caller::person(Some(&csrf)).await?;
    let id = id.get()?;
    let mut conn = db.pool.acquire().await?;
    let app = application_for_visit(&mut conn, auth.user_id, id).await?;
    let line: Option<(i64, String)> = sqlx::query_as(
        "SELECT office_id, service_code FROM waitlist WHERE application_id = $1 \
         AND status IN ('waiting', 'offered')",
    )
    .bind(app.id)
    .fetch_optional(&mut *conn)
    .await?;
    drop(conn);
    if let Some((office_id, service)) = line {
        let mut tx = db.begin().await?;
        let freed = super::line::leave_line(&mut tx, app.id, now_ms()).await?;
        crate::applications::ssr::event_with(
            &mut tx,
            app.id,
            Some(auth.user_id),
            "waitlist_left",
            "",
        )
        .await?;
        audit
            .record(
                &mut tx,
                Action::VisitLeaveWaitlist,
                Some(auth.user_id),
                serde_json::json!({ "application": app.reference }),
            )
            .await?;
        if freed {
            super::line::offer_to_line(
                &mut tx,
                office_id,
                &service,
                &booking_settings(),
                &crate::ssr::clock().now(),
            )
            .await?;
        }
        crate::ssr::outbox::commit_and_send(tx).await?;
    }
    leptos_axum::redirect(&format!("/applications/{id}/visit?done=left"));
    Ok(())
}

/// Issue #7.4 — books the time held for the applicant, while the hold lasts (one conditional
/// write: after `held_until` it answers `offer_expired`, and the time has gone on to the next
/// in line). The confirmation goes out like any booking's.
#[server(endpoint = "visits/accept")]
pub async fn accept_offer(id: crate::ids::ApplicationId, csrf: String) -> Result<(), AppError> {
    use super::ssr::{active_visit, application_for_visit, confirm_booking, language_of, office};
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{now_ms, Action, Caller};

    let Caller {
        db, auth, audit, ..
    } = Caller::person(Some(&csrf)).await?;
    let id = id.get()?;
    let now = crate::ssr::clock().now().timestamp().as_millisecond();
    let mut conn = db.pool.acquire().await?;
    let app = application_for_visit(&mut conn, auth.user_id, id).await?;
    let held: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT visit_id FROM waitlist WHERE application_id = $1 AND status = 'offered'",
    )
    .bind(app.id)
    .fetch_optional(&mut *conn)
    .await?;
    let lang = language_of(&mut conn, auth.user_id).await?;
    let place = match app.office_id {
        Some(o) => office(&mut conn, o).await?,
        None => return Err(AppError::NotFound),
    };
    drop(conn);
    let expired = || AppError::Invalid {
        errors: vec![RuleError::new(Field::Slot, RuleErrorKind::OfferExpired)],
        entered: Vec::new(),
    };
    let Some(Some(visit_id)) = held else {
        return Err(expired());
    };
    let stamp = now_ms();
    let mut tx = db.begin().await?;
    let taken = sqlx::query(
        "UPDATE visits SET held_until = NULL, created_at = $3 WHERE id = $1 \
         AND status = 'active' AND held_until IS NOT NULL AND held_until >= $2",
    )
    .bind(visit_id)
    .bind(now)
    .bind(stamp)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if taken != 1 {
        return Err(expired());
    }
    sqlx::query(
        "UPDATE waitlist SET status = 'booked', ended_at = $2 \
         WHERE application_id = $1 AND status = 'offered'",
    )
    .bind(app.id)
    .bind(stamp)
    .execute(&mut *tx)
    .await?;
    let visit = active_visit(&mut tx, app.id)
        .await?
        .ok_or_else(|| AppError::internal("accepted visit not found"))?;
    let detail = format!("{} {} waitlist", visit.day, visit.starts);
    crate::applications::ssr::event_with(
        &mut tx,
        app.id,
        Some(auth.user_id),
        "visit_booked",
        &detail,
    )
    .await?;
    audit
        .record(
            &mut tx,
            Action::VisitBook,
            Some(auth.user_id),
            serde_json::json!({ "application": app.reference, "visit": detail }),
        )
        .await?;
    confirm_booking(
        &mut tx,
        auth.user_id,
        lang,
        &place,
        &app.reference,
        &visit,
        false,
    )
    .await?;
    crate::ssr::outbox::commit_and_send(tx).await?;
    leptos_axum::redirect(&format!("/applications/{id}/visit?done=booked"));
    Ok(())
}
