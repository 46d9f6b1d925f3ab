//! Issue #8.6 — the desk console: an officer of the office sees who waits and who is at the
//! desks, calls the next ticket to their desk, and marks it started, done or not come (or
//! calls it again).
use super::DeskView;
use crate::error::AppError;
use leptos::prelude::*;

/// The queue of `office` today (an id; the officer's first office when empty).
#[server(endpoint = "queue/desk")]
pub async fn queue_desk(#[server(default)] office: String) -> Result<DeskView, AppError> {
    use super::DeskTicket;
    use crate::identity::Role;
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

/// The office id `office` if the logged-in officer (checked CSRF) works there, with the
/// officer's id.
#[cfg(feature = "ssr")]
async fn officer_of(office: &str, csrf: &str) -> Result<(i64, crate::ssr::Db, i64), AppError> {
    use crate::identity::Role;
    use crate::ssr::auth::{office_ids, Caller};
    let Caller { db, auth, .. } = Caller::staff(Some(csrf), Role::CASE_HANDLERS).await?;
    let id: i64 = office.trim().parse().map_err(|_| AppError::NotFound)?;
    if !office_ids(&db, auth.user_id).await?.contains(&id) {
        return Err(AppError::NotFound);
    }
    Ok((auth.user_id, db, id))
}

/// The desk's name as typed: 1 to 10 characters.
#[cfg(feature = "ssr")]
fn check_desk(desk: &str) -> Result<String, AppError> {
    use crate::rules::{Field, RuleError, RuleErrorKind};
    let d = desk.trim();
    let kind = if d.is_empty() {
        Some(RuleErrorKind::Required)
    } else if d.chars().count() > 10 {
        Some(RuleErrorKind::TooLong { max: 10 })
    } else {
        None
    };
    match kind {
        Some(kind) => Err(AppError::Invalid {
            errors: vec![RuleError::new(Field::Desk, kind)],
            entered: vec![("desk".into(), desk.to_string())],
        }),
        None => Ok(d.to_string()),
    }
}

/// Issue #8.6, #8.8 — calls the first waiting ticket to `desk`. Two desks pressing at once
/// never get the same ticket. Answers the label called (none when nobody waits).
#[server(endpoint = "queue/call-next")]
pub async fn call_next(
    office: String,
    desk: String,
    csrf: String,
) -> Result<Option<String>, AppError> {
    use crate::ssr::auth::now_ms;
    let (officer, db, id) = officer_of(&office, &csrf).await?;
    let desk = check_desk(&desk)?;
    let today = crate::ssr::clock().today();
    let called = super::ssr::call_next(&db, id, today, &desk, officer, now_ms()).await?;
    let label = called.map(|(_, label)| label);
    if label.is_some() {
        super::live::announce(id).await;
    }
    leptos_axum::redirect(&format!(
        "/staff/queue?office={id}&desk={}&called={}",
        urlencoding(&desk),
        label.as_deref().unwrap_or("")
    ));
    Ok(label)
}

/// Issue #8.6 — sends a ticket at a desk to `service` of the same office (one the office gives,
/// other than its own).
#[cfg(feature = "ssr")]
async fn transfer(
    db: &crate::ssr::Db,
    office_id: i64,
    ticket: i64,
    service: &str,
    officer: i64,
) -> Result<(), AppError> {
    use crate::rules::{Field, RuleError, RuleErrorKind};
    let offered: Option<String> = sqlx::query_scalar(
        "SELECT service_code FROM office_services WHERE office_id = $1 AND service_code = $2",
    )
    .bind(office_id)
    .bind(service)
    .fetch_optional(&db.pool)
    .await?;
    if offered.is_none() {
        return Err(AppError::Invalid {
            errors: vec![RuleError::new(Field::Office, RuleErrorKind::InvalidFormat)],
            entered: vec![("service".into(), service.to_string())],
        });
    }
    let moved = sqlx::query(
        "UPDATE queue_tickets SET status = 'waiting', service_code = $3, priority = 0, \
           desk = NULL, called_at = NULL, started_at = NULL, officer_id = $4 \
         WHERE id = $1 AND office_id = $2 AND status IN ('called', 'serving') \
           AND service_code <> $3",
    )
    .bind(ticket)
    .bind(office_id)
    .bind(service)
    .bind(officer)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if moved == 1 {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

#[cfg(feature = "ssr")]
fn urlencoding(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Issue #8.6 — what a desk does with a ticket called to it: `start` serving, `done`,
/// `no_show`, `recall` (call it again), or `transfer` it to another `service` of the office:
/// it waits again under that service's letter (same number), first in line, as the person
/// has waited once already. Each is one conditional write from the states it may follow;
/// anything else answers 404.
#[server(endpoint = "queue/ticket")]
pub async fn desk_action(
    office: String,
    ticket: String,
    action: String,
    #[server(default)] desk: String,
    #[server(default)] service: String,
    csrf: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::now_ms;
    let (officer, db, id) = officer_of(&office, &csrf).await?;
    let ticket: i64 = ticket.trim().parse().map_err(|_| AppError::NotFound)?;
    if action == "transfer" {
        transfer(&db, id, ticket, service.trim(), officer).await?;
        super::live::announce(id).await;
        leptos_axum::redirect(&format!(
            "/staff/queue?office={id}&desk={}",
            urlencoding(desk.trim())
        ));
        return Ok(());
    }
    let sql = match action.as_str() {
        "start" => {
            "UPDATE queue_tickets SET status = 'serving', started_at = $3, officer_id = $4 \
             WHERE id = $1 AND office_id = $2 AND status = 'called'"
        }
        "done" => {
            "UPDATE queue_tickets SET status = 'done', ended_at = $3, officer_id = $4 \
             WHERE id = $1 AND office_id = $2 AND status IN ('called', 'serving')"
        }
        "no_show" => {
            "UPDATE queue_tickets SET status = 'no_show', ended_at = $3, officer_id = $4 \
             WHERE id = $1 AND office_id = $2 AND status = 'called'"
        }
        "recall" => {
            "UPDATE queue_tickets SET called_at = $3, officer_id = $4 \
             WHERE id = $1 AND office_id = $2 AND status = 'called'"
        }
        _ => return Err(AppError::NotFound),
    };
    let changed = sqlx::query(sql)
        .bind(ticket)
        .bind(id)
        .bind(now_ms())
        .bind(officer)
        .execute(&db.pool)
        .await?
        .rows_affected();
    if changed != 1 {
        return Err(AppError::NotFound);
    }
    super::live::announce(id).await;
    leptos_axum::redirect(&format!(
        "/staff/queue?office={id}&desk={}",
        urlencoding(desk.trim())
    ));
    Ok(())
}
