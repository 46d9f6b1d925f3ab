use super::*;

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
    use crate::rules::booking::check_waitlist_days;
    use crate::rules::{parse_date, Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{now_ms, Action, Caller};
    use crate::visits::ssr::{active_visit, application_for_visit, booking_settings, service_plan};

    let Caller { db, auth, audit, .. } = Caller::person(Some(&csrf)).await?;
    let id = id.get()?;
    let policy = booking_settings();
    let now = crate::ssr::clock().now();
    let entered = vec![
        ("from".to_string(), from.clone()),
        ("to".to_string(), to.clone()),
    ];
    let invalid = |e: RuleError| AppError::Invalid { errors: vec![e], entered: entered.clone() };
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
    crate::visits::line::offer_to_line(&mut tx, office_id, &plan.service, &policy, &now).await?;
    crate::ssr::outbox::commit_and_send(tx).await?;
    leptos_axum::redirect(&format!("/applications/{id}/visit?done=waiting"));
    Ok(())
}
