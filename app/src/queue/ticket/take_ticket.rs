use super::*;

/// R-QU-1…R-QU-3 — takes a ticket for today at `office` for `service`: only inside today's
/// remote window, one active remote ticket per account.
#[server(endpoint = "queue/take")]
pub async fn take_ticket(office: String, service: String, csrf: String) -> Result<(), AppError> {
    use crate::queue::ssr::{hours_on, issue, NewTicket};
    use crate::rules::{may_take_remote_ticket, Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{now_ms, Caller};

    let Caller { db, auth, .. } = Caller::person(Some(&csrf)).await?;
    let entered = vec![
        ("office".to_string(), office.clone()),
        ("service".to_string(), service.clone()),
    ];
    let invalid = |e: RuleError| AppError::Invalid { errors: vec![e], entered: entered.clone() };
    let office_id: i64 = office
        .trim()
        .parse()
        .map_err(|_| invalid(RuleError::new(Field::Office, RuleErrorKind::InvalidFormat)))?;
    let service = service.trim();
    let now = crate::ssr::clock().now();
    let mut conn = db.pool.acquire().await?;
    let offered: Option<i64> = sqlx::query_scalar(
        "SELECT os.office_id FROM office_services os JOIN offices o ON o.id = os.office_id \
         WHERE os.office_id = $1 AND os.service_code = $2 AND o.live_queue",
    )
    .bind(office_id)
    .bind(service)
    .fetch_optional(&mut *conn)
    .await?;
    if offered.is_none() {
        return Err(invalid(RuleError::new(
            Field::Office,
            RuleErrorKind::InvalidFormat,
        )));
    }
    let hours = hours_on(&mut conn, office_id, now.date()).await?;
    drop(conn);
    may_take_remote_ticket(hours, now.time()).map_err(invalid)?;
    let ticket = NewTicket {
        office_id,
        day: now.date(),
        service,
        source: "remote",
        priority: 1,
        user_id: Some(auth.user_id),
        visit_id: None,
        device_id: None,
        request_key: None,
        now: now_ms(),
    };
    if issue(&db, &ticket).await?.is_none() {
        return Err(invalid(RuleError::new(
            Field::Office,
            RuleErrorKind::AlreadyInQueue,
        )));
    }
    crate::queue::live::announce(office_id).await;
    leptos_axum::redirect("/queue?done=taken");
    Ok(())
}
