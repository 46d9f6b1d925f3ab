use super::*;

/// Issue #7.4 — books the time held for the applicant, while the hold lasts (one conditional
/// write: after `held_until` it answers `offer_expired`, and the time has gone on to the next
/// in line). The confirmation goes out like any booking's.
#[server(endpoint = "visits/accept")]
pub async fn accept_offer(id: crate::ids::ApplicationId, csrf: String) -> Result<(), AppError> {
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{now_ms, Action, Caller};
    use crate::visits::ssr::{active_visit, application_for_visit, confirm_booking, office};

    let Caller { db, auth, audit, .. } = Caller::person(Some(&csrf)).await?;
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
    let to = crate::applications::ssr::recipient(&mut conn, auth.user_id).await?;
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
    confirm_booking(&mut tx, &to, &place, &app.reference, &visit, false).await?;
    crate::ssr::outbox::commit_and_send(tx).await?;
    leptos_axum::redirect(&format!("/applications/{id}/visit?done=booked"));
    Ok(())
}
