use super::*;

/// Issue #8.1 — checks in the visit booked at this office today with `code`: on time (from
/// 30 minutes before to 15 minutes after its time) it goes first, later into the common line.
/// A visit is checked in once; a second check-in shows its ticket again.
#[server(endpoint = "kiosk/check-in")]
pub async fn kiosk_check_in(office: String, code: String, key: String) -> Result<(), AppError> {
    use crate::queue::ssr::{hours_on, issue, NewTicket};
    use crate::rules::booking::parse_slot_time;
    use crate::rules::{
        check_in, may_take_kiosk_ticket, normalise_visit_code, Field, RuleError, RuleErrorKind,
    };
    use crate::ssr::auth::now_ms;

    let (db, office_id, slug, device) = this_kiosk(&office).await?;
    let key = check_key(&key)?;
    if pressed_before(&db, office_id, key).await? {
        leptos_axum::redirect(&format!("/kiosk/{slug}?ticket={key}"));
        return Ok(());
    }
    let invalid = |e: RuleError| AppError::Invalid {
        errors: vec![e],
        entered: vec![("code".into(), code.clone())],
    };
    let normal = normalise_visit_code(&code).map_err(invalid)?;
    let now = crate::ssr::clock().now();
    let today = now.date().to_string();
    let mut conn = db.pool.acquire().await?;
    let visit: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, service_code, starts FROM visits WHERE code = $1 AND office_id = $2 \
         AND day = $3 AND status = 'active' AND held_until IS NULL",
    )
    .bind(&normal)
    .bind(office_id)
    .bind(&today)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((visit_id, service, starts)) = visit else {
        return Err(invalid(RuleError::new(
            Field::VisitCode,
            RuleErrorKind::NoVisitToday,
        )));
    };
    let earlier: Option<String> = sqlx::query_scalar(
        "SELECT request_key FROM queue_tickets WHERE visit_id = $1 AND request_key IS NOT NULL",
    )
    .bind(visit_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(earlier) = earlier {
        leptos_axum::redirect(&format!("/kiosk/{slug}?ticket={earlier}"));
        return Ok(());
    }
    let hours = hours_on(&mut conn, office_id, now.date()).await?;
    drop(conn);
    may_take_kiosk_ticket(hours, now.time()).map_err(invalid)?;
    let starts = parse_slot_time(&starts).map_err(AppError::internal)?;
    let on_time = check_in(starts, now.time()).map_err(invalid)?;
    let ticket = NewTicket {
        office_id,
        day: now.date(),
        service: &service,
        source: "visit",
        priority: on_time.priority(),
        user_id: None,
        visit_id: Some(visit_id),
        device_id: Some(device),
        request_key: Some(key),
        now: now_ms(),
    };
    if issue(&db, &ticket).await?.is_some() {
        crate::queue::live::announce(office_id).await;
        leptos_axum::redirect(&format!("/kiosk/{slug}?ticket={key}"));
        return Ok(());
    }
    // Checked in at the same moment by another press: show that ticket.
    let earlier: Option<String> = sqlx::query_scalar(
        "SELECT request_key FROM queue_tickets WHERE visit_id = $1 AND request_key IS NOT NULL",
    )
    .bind(visit_id)
    .fetch_optional(&db.pool)
    .await?;
    leptos_axum::redirect(&format!(
        "/kiosk/{slug}?ticket={}",
        earlier.as_deref().unwrap_or(key)
    ));
    Ok(())
}
