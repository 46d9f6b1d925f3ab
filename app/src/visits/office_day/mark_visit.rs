use super::*;

/// Issue #7.7 — an officer marks a visit of one of their offices: `checked_in` (the person
/// has come) or `no_show` (its time has begun and nobody came). Each is one conditional write
/// (a visit is marked once), audited.
#[server(endpoint = "visits/mark")]
pub async fn mark_visit(code: String, what: String, csrf: String) -> Result<(), AppError> {
    use crate::identity::Role;
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{Action, Caller};

    let Caller { db, auth, audit, .. } = Caller::staff(Some(&csrf), Role::CASE_HANDLERS).await?;
    let code = code.trim().to_uppercase();
    let (id, application, office, day) = sqlx::query_as::<_, (i64, i64, i64, String)>(
        "SELECT v.id, v.application_id, v.office_id, v.day FROM visits v \
         JOIN staff_offices s ON s.office_id = v.office_id AND s.user_id = $2 \
         WHERE v.code = $1 AND v.status = 'active' AND v.held_until IS NULL",
    )
    .bind(&code)
    .bind(auth.user_id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    // The server's clock (a pinned `VARTAI_NOW` moves it), as the visits' times are.
    let now = crate::ssr::clock().now().timestamp().as_millisecond();
    let sql = match what.as_str() {
        "checked_in" => {
            "UPDATE visits SET checked_in_at = $2 WHERE id = $1 AND status = 'active' \
             AND checked_in_at IS NULL AND no_show_at IS NULL"
        }
        "no_show" => {
            "UPDATE visits SET no_show_at = $2 WHERE id = $1 AND status = 'active' \
             AND checked_in_at IS NULL AND no_show_at IS NULL AND starts_at <= $2"
        }
        _ => return Err(AppError::NotFound),
    };
    let mut tx = db.begin().await?;
    let done = sqlx::query(sql)
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Invalid {
            errors: vec![RuleError::new(Field::Slot, RuleErrorKind::ActionNotAllowed)],
            entered: Vec::new(),
        });
    }
    crate::applications::ssr::event_with(
        &mut tx,
        application,
        Some(auth.user_id),
        &format!("visit_{what}"),
        &code,
    )
    .await?;
    audit
        .record(
            &mut tx,
            if what == "no_show" {
                Action::VisitNoShow
            } else {
                Action::VisitCheckedIn
            },
            None,
            serde_json::json!({ "visit": code }),
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!(
        "/staff/visits?office={office}&day={day}&done={what}#visit-{code}"
    ));
    Ok(())
}
