use super::*;

/// The offices whose queue can be joined today with their remote windows, and the caller's
/// own ticket (when logged in).
#[server(endpoint = "queue/view")]
pub async fn my_queue() -> Result<QueueView, AppError> {
    use crate::queue::ssr::{hours_on, position, snapshot};
    use crate::queue::{MyTicket, QueueOffice};
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
    let near_position = leptos::prelude::use_context::<crate::queue::QueueSettings>()
        .map_or(3, |q| q.near_position);
    Ok(QueueView { logged_in: me.is_some(), near_position, ticket, offices })
}
