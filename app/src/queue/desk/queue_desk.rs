use super::*;

/// The queue of `office` today (an id; the officer's first office when empty).
#[server(endpoint = "queue/desk")]
pub async fn queue_desk(#[server(default)] office: String) -> Result<DeskView, AppError> {
    use crate::identity::Role;
    use crate::queue::DeskTicket;
    use crate::rules::ticket_label;
    use crate::ssr::auth::Caller;
    use crate::staff::offices_of;

    /// A ticket of the day as stored.
    #[derive(sqlx::FromRow)]
    struct Ticket {
        id: i64,
        number: i64,
        service_code: String,
        source: String,
        status: String,
        desk: Option<String>,
        created_at: i64,
    }

    let Caller { db, auth, .. } = Caller::staff(None, Role::CASE_HANDLERS).await?;
    let offices = offices_of(&db, auth.user_id).await?;
    let chosen = crate::staff::chosen_office(&offices, &office)?;
    let mut view = DeskView {
        offices,
        services: Vec::new(),
        office_id: chosen,
        waiting: Vec::new(),
        at_desks: Vec::new(),
        served_today: 0,
        no_shows_today: 0,
    };
    let Some(office_id) = chosen else {
        return Ok(view);
    };
    view.services = sqlx::query_scalar(
        "SELECT service_code FROM office_services WHERE office_id = $1 ORDER BY service_code",
    )
    .bind(office_id)
    .fetch_all(&db.pool)
    .await?;
    let today = crate::ssr::clock().today();
    let now = crate::ssr::auth::now_ms();
    let rows: Vec<Ticket> = sqlx::query_as(
        "SELECT id, number, service_code, source, status, desk, created_at FROM queue_tickets \
         WHERE office_id = $1 AND day = $2 ORDER BY priority, number",
    )
    .bind(office_id)
    .bind(crate::ssr::Day(today))
    .fetch_all(&db.pool)
    .await?;
    for r in rows {
        let (status, service) = (r.status, r.service_code);
        let t = DeskTicket {
            id: r.id,
            label: ticket_label(&service, r.number),
            service,
            source: r.source,
            status: status.clone(),
            desk: r.desk,
            waited_minutes: (now - r.created_at).max(0) / 60_000,
        };
        match status.as_str() {
            "waiting" => view.waiting.push(t),
            "called" | "serving" => view.at_desks.push(t),
            "done" => view.served_today += 1,
            "no_show" => view.no_shows_today += 1,
            _ => {}
        }
    }
    Ok(view)
}
