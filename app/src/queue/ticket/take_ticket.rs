use super::*;

/// R-QU-1…R-QU-3 — takes a ticket for today at `office` for `service`: only inside today's
/// remote window, one active remote ticket per account.
#[server(endpoint = "queue/take")]
pub async fn take_ticket(office: String, service: String, csrf: String) -> Result<(), AppError> {
    use crate::queue::ssr::{issue, ticket_hours, NewTicket, TakenAt};
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
    let hours = ticket_hours(&db, office_id, service, TakenAt::Remote, now.date())
        .await?
        .ok_or_else(|| invalid(RuleError::new(Field::Office, RuleErrorKind::InvalidFormat)))?;
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
