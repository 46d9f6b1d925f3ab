//! Issue #8.2 — a remote ticket for today (R-QU-1…R-QU-3): the queue page's data, taking a
//! ticket at an office for a service inside the remote window, and cancelling it.
use super::QueueView;
use crate::error::AppError;
use leptos::prelude::*;

/// The offices whose queue can be joined today with their remote windows, and the caller's
/// own ticket (when logged in).
#[server(endpoint = "queue/view")]
pub async fn my_queue() -> Result<QueueView, AppError> {
    use super::ssr::{hours_on, position, snapshot};
    use super::{MyTicket, QueueOffice};
    use crate::rules::booking::hhmm;
    use crate::rules::{remote_join_window, ticket_label};
    use crate::ssr::auth::now_ms;
    use crate::ssr::auth::{current, session, settings};
    use crate::ssr::db;

    let s = session().await?;
    let db = db()?;
    let settings = settings()?;
    let me = current(&s, &db, &settings).await?;
    let now = crate::ssr::clock().now();
    let today = now.date();
    let mut conn = db.pool.acquire().await?;
    let rows = sqlx::query_as::<_, (i64, String, String, String)>(
        "SELECT o.id, o.slug, o.name, os.service_code FROM offices o \
         JOIN office_services os ON os.office_id = o.id WHERE o.live_queue \
         ORDER BY o.position, o.id, os.service_code",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut offices: Vec<QueueOffice> = Vec::new();
    for (id, slug, name, service) in rows {
        match offices.last_mut() {
            Some(o) if o.id == id => o.services.push(service),
            _ => offices.push(QueueOffice {
                id,
                slug,
                name,
                services: vec![service],
                window: None,
                open_now: false,
            }),
        }
    }
    for o in &mut offices {
        let window = remote_join_window(hours_on(&mut conn, o.id, today).await?);
        o.open_now = window.is_some_and(|w| w.contains(now.time()));
        o.window = window.map(|w| (hhmm(w.opens_at), hhmm(w.closes_at)));
    }
    let mut ticket = None;
    if let Some((auth, _)) = &me {
        let row = sqlx::query_as::<
            _,
            (i64, i64, String, i64, i64, String, String, Option<String>),
        >(
            "SELECT t.id, t.office_id, o.name, t.number, t.priority, t.service_code, t.status, \
               t.desk FROM queue_tickets t JOIN offices o ON o.id = t.office_id \
             WHERE t.user_id = $1 AND t.day = $2 AND t.source = 'remote' \
               AND t.status IN ('waiting', 'called', 'serving')",
        )
        .bind(auth.user_id)
        .bind(crate::ssr::Day(today))
        .fetch_optional(&mut *conn)
        .await?;
        if let Some((id, office_id, office_name, number, priority, service, status, desk)) = row {
            let label = ticket_label(&service, number);
            let (place, estimate) = if status == "waiting" {
                // The snapshot's line gives the place too (no second count of the line).
                let live = snapshot(&mut conn, office_id, &now, now_ms()).await?;
                let place = match live.position(&label) {
                    Some(p) => p,
                    None => position(&mut conn, office_id, today, priority, number).await?,
                };
                (place, live.estimate(&label))
            } else {
                (0, None)
            };
            ticket = Some(MyTicket {
                id,
                label,
                office_id,
                office_name,
                service,
                day: today,
                status,
                position: place,
                desk,
                estimate,
            });
        }
    }
    let near_position =
        leptos::prelude::use_context::<super::QueueSettings>().map_or(3, |q| q.near_position);
    Ok(QueueView {
        logged_in: me.is_some(),
        near_position,
        ticket,
        offices,
    })
}

/// R-QU-1…R-QU-3 — takes a ticket for today at `office` for `service`: only inside today's
/// remote window, one active remote ticket per account.
#[server(endpoint = "queue/take")]
pub async fn take_ticket(office: String, service: String, csrf: String) -> Result<(), AppError> {
    use super::ssr::{hours_on, issue, NewTicket};
    use crate::rules::{may_take_remote_ticket, Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{now_ms, Caller};

    let Caller { db, auth, .. } = Caller::person(Some(&csrf)).await?;
    let entered = vec![
        ("office".to_string(), office.clone()),
        ("service".to_string(), service.clone()),
    ];
    let invalid = |e: RuleError| AppError::Invalid {
        errors: vec![e],
        entered: entered.clone(),
    };
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
    super::live::announce(office_id).await;
    leptos_axum::redirect("/queue?done=taken");
    Ok(())
}

/// Cancels the caller's active remote ticket of today (at any time, R-QU-1).
#[server(endpoint = "queue/cancel")]
pub async fn cancel_ticket(csrf: String) -> Result<(), AppError> {
    use crate::ssr::auth::{now_ms, Caller};

    let Caller { db, auth, .. } = Caller::person(Some(&csrf)).await?;
    let today = crate::ssr::clock().today();
    let gone: Option<i64> = sqlx::query_scalar(
        "UPDATE queue_tickets SET status = 'cancelled', ended_at = $3 \
         WHERE user_id = $1 AND day = $2 AND source = 'remote' AND status IN ('waiting', 'called') \
         RETURNING office_id",
    )
    .bind(auth.user_id)
    .bind(crate::ssr::Day(today))
    .bind(now_ms())
    .fetch_optional(&db.pool)
    .await?;
    let Some(office_id) = gone else {
        return Err(AppError::NotFound);
    };
    super::live::announce(office_id).await;
    leptos_axum::redirect("/queue?done=cancelled");
    Ok(())
}
