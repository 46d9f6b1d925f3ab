use crate::error::AppError;
use leptos::prelude::*;

/// Deletes the logged-in applicant's account (issue #4.7): the person, their devices, their
/// codes and their undelivered notices go; the audit log keeps the bare user id (no name, no
/// address) for the record. Refused while a case is open, and for staff (an office admin
/// removes staff accounts). The checkbox `confirm` must be ticked.
#[server(endpoint = "account/delete")]
pub async fn delete_account(
    #[server(default)] confirm: Option<String>,
    csrf: String,
) -> Result<(), AppError> {
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{Action, Caller};
    let Caller { session: s, db, auth, me, audit, .. } = Caller::person(Some(&csrf)).await?;
    if me.role != crate::identity::Role::Applicant {
        return Err(AppError::Forbidden);
    }
    if confirm.as_deref().is_none_or(str::is_empty) {
        return Err(AppError::Invalid {
            errors: vec![RuleError::new(Field::Confirm, RuleErrorKind::Required)],
            entered: Vec::new(),
        });
    }
    let mut tx = db.begin().await?;
    // A submitted application is a case the office is handling: it keeps its applicant.
    // Drafts go with the account (ON DELETE CASCADE).
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM applications WHERE user_id = $1 AND status <> 'draft'",
    )
    .bind(auth.user_id)
    .fetch_one(&mut *tx)
    .await?;
    if open > 0 {
        return Err(AppError::CasesOpen);
    }
    for (sql, value) in [
        (
            "DELETE FROM outbox WHERE recipient = $1 AND delivered_at IS NULL",
            me.email.clone(),
        ),
        (
            "DELETE FROM outbox WHERE recipient = $1 AND delivered_at IS NULL",
            me.phone.clone(),
        ),
        (
            "DELETE FROM login_attempts WHERE email = $1",
            me.email.clone(),
        ),
    ] {
        if let Some(value) = value {
            sqlx::query(sql).bind(value).execute(&mut *tx).await?;
        }
    }
    // Devices, staff offices and recovery codes go with the row (ON DELETE CASCADE).
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(auth.user_id)
        .execute(&mut *tx)
        .await?;
    audit.own(&mut tx, Action::AccountDeleted).await?;
    tx.commit().await?;
    s.flush().await?;
    leptos_axum::redirect("/login?done=deleted");
    Ok(())
}
