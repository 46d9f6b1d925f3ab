use super::*;

/// R-BK-1, R-BK-2 — books the visit of application `id` on `day` at `time`, or moves the one
/// already booked there (at most `max_moves` times). The seat is taken by one conditional
/// statement (`ssr::take_seat`); a time taken meanwhile answers `slot_taken` and the page shows
/// the nearest free times. One transaction writes the visit, the timeline, the audit entry and
/// the confirmation with its calendar entry (`.ics`).
#[server(endpoint = "visits/book")]
pub async fn book_visit(
    id: crate::ids::ApplicationId,
    day: String,
    time: String,
    csrf: String,
) -> Result<(), AppError> {
    use crate::rules::booking::{booking_range, check_move, check_slot, hhmm, parse_slot_time};
    use crate::rules::{parse_date, Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{now_ms, Action, Caller};
    use crate::visits::ssr::{
        active_visit, booking_settings, cached_office, confirm_booking, service_plan, standing,
        take_seat, NewVisit, Standing,
    };

    let Caller { db, auth, audit, .. } = Caller::person(Some(&csrf)).await?;
    let id = id.get()?;
    let policy = booking_settings();
    let now = crate::ssr::clock().now();
    let today = now.date();
    let entered = vec![
        ("day".to_string(), day.clone()),
        ("time".to_string(), time.clone()),
    ];
    let invalid = |e: RuleError| AppError::Invalid { errors: vec![e], entered: entered.clone() };
    let mut conn = db.pool.acquire().await?;
    // Issue #23.7: the application, its visit and its waitlist place in one statement.
    let Standing { app, visit: prior, in_line: waiting } =
        standing(&mut conn, auth.user_id, id).await?;
    if app.blocked().is_some() {
        return Err(invalid(RuleError::new(
            Field::Case,
            RuleErrorKind::ActionNotAllowed,
        )));
    }
    let (Some(office_id), Some(crate::ssr::Day(appear_by))) = (app.office_id, app.appear_by) else {
        return Err(AppError::NotFound);
    };
    let plan = service_plan(&mut conn, office_id, &app.kind, today)
        .await?
        .ok_or_else(|| invalid(RuleError::new(Field::Office, RuleErrorKind::NoSuchSlot)))?;
    let day = parse_date(Field::Date, day.trim()).map_err(invalid)?;
    let at = parse_slot_time(&time).map_err(invalid)?;
    let range = booking_range(&policy, today, now.time(), appear_by);
    check_slot(range, plan.hours(day), plan.minutes(day), day, at).map_err(invalid)?;
    if let Some(p) = &prior {
        if p.day == day && p.starts == hhmm(at) {
            // The same time again (a double click): nothing to change.
            leptos_axum::redirect(&format!("/applications/{id}/visit?done=booked"));
            return Ok(());
        }
        check_move(&policy, u32::try_from(p.moves).unwrap_or(u32::MAX)).map_err(invalid)?;
    }
    let the_office = cached_office(&mut conn, office_id).await?;
    // Issue #23.7: whom to tell is read before the transaction, which then only writes.
    let to = crate::applications::ssr::recipient(&mut conn, auth.user_id).await?;
    drop(conn);

    let stamp = now_ms();
    let mut tx = db.begin().await?;
    if let Some(p) = &prior {
        let ended = sqlx::query(
            "UPDATE visits SET status = 'moved', ended_at = $1 WHERE id = $2 \
             AND status = 'active' AND moves < $3",
        )
        .bind(stamp)
        .bind(p.id)
        .bind(i64::from(policy.max_moves))
        .execute(&mut *tx)
        .await?;
        if ended.rows_affected() != 1 {
            // Moved or cancelled meanwhile in another tab: the page shows how it stands now.
            return Err(invalid(RuleError::new(
                Field::Slot,
                RuleErrorKind::ActionNotAllowed,
            )));
        }
    }
    // Booking a time yourself takes you off the waitlist; a time held for you there passes on.
    let left_hold = waiting && crate::visits::line::leave_line(&mut tx, app.id, stamp).await?;
    let new = NewVisit {
        application_id: app.id,
        user_id: auth.user_id,
        plan: &plan,
        day,
        starts: at,
        moves: prior.as_ref().map_or(0, |p| p.moves + 1),
        now: stamp,
        held_until: None,
    };
    let Some(visit) = take_seat(&mut tx, &new).await? else {
        drop(tx);
        // Another tab of the same person may have just booked this very time.
        let mut conn = db.pool.acquire().await?;
        if let Some(v) = active_visit(&mut conn, app.id).await? {
            if prior.is_none() && v.day == day && v.starts == hhmm(at) {
                leptos_axum::redirect(&format!("/applications/{id}/visit?done=booked"));
                return Ok(());
            }
        }
        // Issue #23.7: the calendar offered this time, so its copy of the day is out of date
        // (booked meanwhile, perhaps through another instance): the day is read afresh for the
        // nearest free times.
        crate::visits::ssr::seats_changed(office_id, &plan.service, Some(day));
        return Err(invalid(RuleError::new(
            Field::Slot,
            RuleErrorKind::SlotTaken,
        )));
    };
    let kind = if prior.is_some() {
        "visit_moved"
    } else {
        "visit_booked"
    };
    let starts = hhmm(at);
    let detail = format!("{day} {starts} {}", the_office.slug);
    crate::applications::ssr::event_with(&mut tx, app.id, Some(auth.user_id), kind, &detail)
        .await?;
    audit
        .record(
            &mut tx,
            if prior.is_some() {
                Action::VisitMove
            } else {
                Action::VisitBook
            },
            Some(auth.user_id),
            serde_json::json!({ "application": app.reference, "visit": detail }),
        )
        .await?;
    confirm_booking(
        &mut tx,
        &to,
        &the_office,
        &app.reference,
        &visit,
        prior.is_some(),
    )
    .await?;
    // The seat given up by a move goes to the first in line for it (issue #7.4).
    let offered = prior.is_some() || left_hold;
    if offered {
        crate::visits::line::offer_to_line(&mut tx, office_id, &plan.service, &policy, &now)
            .await?;
    }
    crate::ssr::outbox::commit_and_send(tx).await?;
    // Issue #23.7: the calendar reads the booked day again (every day after an offer to the
    // waitlist, which may have gone to any day).
    crate::visits::ssr::seats_changed(office_id, &plan.service, (!offered).then_some(day));
    leptos_axum::redirect(&format!("/applications/{id}/visit?done=booked"));
    Ok(())
}
