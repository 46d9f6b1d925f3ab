use super::*;

/// Issue #7.4 — leaves the waitlist; a time held for the applicant passes to the next in line
/// at once.
#[server(endpoint = "visits/leave-waitlist")]
pub async fn leave_waitlist(id: crate::ids::ApplicationId, csrf: String) -> Result<(), AppError> {
    use crate::ssr::auth::{now_ms, Action, Caller};
    use crate::visits::ssr::{application_for_visit, booking_settings};

    let Caller { db, auth, audit, .. } = Caller::person(Some(&csrf)).await?;
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
        let freed = crate::visits::line::leave_line(&mut tx, app.id, now_ms()).await?;
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
            crate::visits::line::offer_to_line(
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
