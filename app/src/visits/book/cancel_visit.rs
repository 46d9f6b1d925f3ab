use super::*;

/// R-BK-2 — cancels the application's visit; the seat is free for others at once.
#[server(endpoint = "visits/cancel")]
pub async fn cancel_visit(id: crate::ids::ApplicationId, csrf: String) -> Result<(), AppError> {
    use crate::applications::ssr::notify;
    use crate::i18n::Locale;
    use crate::ssr::auth::{now_ms, Action, Caller};
    use crate::visits::ssr::{active_visit, application_for_visit};
    use leptos_i18n::td_string;

    let Caller { db, auth, audit, .. } = Caller::person(Some(&csrf)).await?;
    let id = id.get()?;
    let mut conn = db.pool.acquire().await?;
    let app = application_for_visit(&mut conn, auth.user_id, id).await?;
    let Some(v) = active_visit(&mut conn, app.id).await? else {
        leptos_axum::redirect(&format!("/applications/{id}/visit"));
        return Ok(());
    };
    drop(conn);
    let stamp = now_ms();
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE visits SET status = 'cancelled', ended_at = $1 WHERE id = $2 AND status = 'active'",
    )
    .bind(stamp)
    .bind(v.id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        let detail = format!("{} {}", v.day, v.starts);
        crate::applications::ssr::event_with(
            &mut tx,
            app.id,
            Some(auth.user_id),
            "visit_cancelled",
            &detail,
        )
        .await?;
        audit
            .record(
                &mut tx,
                Action::VisitCancel,
                Some(auth.user_id),
                serde_json::json!({ "application": app.reference, "visit": detail }),
            )
            .await?;
        let texts = |l: Locale| {
            (
                td_string!(
                    l.letters(),
                    visit.mail.cancelled_subject,
                    date = v.day.to_string(),
                    time = v.starts.clone()
                )
                .to_string(),
                td_string!(
                    l.letters(),
                    visit.mail.cancelled_body,
                    reference = app.reference.clone()
                )
                .to_string(),
            )
        };
        notify(
            &mut tx,
            auth.user_id,
            &format!("visit:{}:cancelled", v.code),
            texts,
        )
        .await?;
        // The freed seat goes to the first in line for it, in this transaction (issue #7.4).
        crate::visits::line::offer_to_line(
            &mut tx,
            v.office_id,
            &v.service,
            &crate::visits::ssr::booking_settings(),
            &crate::ssr::clock().now(),
        )
        .await?;
    }
    crate::ssr::outbox::commit_and_send(tx).await?;
    // The freed seat may have gone to someone in line on another day: every day is read again.
    crate::visits::ssr::seats_changed(v.office_id, &v.service, None);
    leptos_axum::redirect(&format!("/applications/{id}/visit?done=cancelled"));
    Ok(())
}
