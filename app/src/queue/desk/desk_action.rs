use super::*;

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
        crate::queue::live::announce(id).await;
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
    crate::queue::live::announce(id).await;
    leptos_axum::redirect(&format!(
        "/staff/queue?office={id}&desk={}",
        urlencoding(desk.trim())
    ));
    Ok(())
}
