//! Issue #8.6 — the desk console: an officer of the office sees who waits and who is at the
//! desks, calls the next ticket to their desk, and marks it started, done or not come (or
//! calls it again).
use super::DeskView;
use crate::error::AppError;
use leptos::prelude::*;

mod call_next;
mod desk_action;
mod queue_desk;
pub use call_next::*;
pub use desk_action::*;
pub use queue_desk::*;

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
