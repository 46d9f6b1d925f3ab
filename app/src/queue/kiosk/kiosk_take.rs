use super::*;

/// R-QU-5 — a walk-in's ticket for `service`, given by the kiosk while the office is open.
/// The same `key` always answers the same ticket.
#[server(endpoint = "kiosk/take")]
pub async fn kiosk_take(office: String, service: String, key: String) -> Result<(), AppError> {
    use crate::queue::ssr::{issue, ticket_hours, NewTicket, TakenAt};
    use crate::rules::{may_take_kiosk_ticket, Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::now_ms;

    let (db, office_id, slug, device) = this_kiosk(&office).await?;
    let key = check_key(&key)?;
    let shown = format!("/kiosk/{slug}?ticket={key}");
    if pressed_before(&db, office_id, key).await? {
        leptos_axum::redirect(&shown);
        return Ok(());
    }
    let invalid = |e: RuleError| AppError::Invalid {
        errors: vec![e],
        entered: vec![("service".into(), service.clone())],
    };
    let service = service.trim();
    let now = crate::ssr::clock().now();
    let hours = ticket_hours(&db, office_id, service, TakenAt::Kiosk, now.date())
        .await?
        .ok_or_else(|| invalid(RuleError::new(Field::Office, RuleErrorKind::InvalidFormat)))?;
    may_take_kiosk_ticket(hours, now.time()).map_err(invalid)?;
    let ticket = NewTicket {
        office_id,
        day: now.date(),
        service,
        source: "kiosk",
        priority: 1,
        user_id: None,
        visit_id: None,
        device_id: Some(device),
        request_key: Some(key),
        now: now_ms(),
    };
    // `None`: the same press won a race with itself; its ticket is there.
    if issue(&db, &ticket).await?.is_some() {
        crate::queue::live::announce(office_id).await;
    }
    leptos_axum::redirect(&shown);
    Ok(())
}
