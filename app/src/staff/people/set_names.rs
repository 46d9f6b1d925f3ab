use super::*;

/// R-AC-4: an officer corrects an applicant's names (as in their passport), checked by the
/// same rules as the first-login form. Audited with the officer as actor. Issue #21.5: only the
/// person the officer's exact look-up (`q`) found, and only one with an application at one of
/// the officer's offices; anyone else is "not found", and the refusal is audited.
#[server(endpoint = "staff/names")]
pub async fn set_names(
    person: i64,
    first_name: String,
    surname: String,
    q: String,
    csrf: String,
) -> Result<(), AppError> {
    use crate::identity::Role;
    use crate::rules::{validate_first_name, validate_surname};
    use crate::ssr::auth::{now_ms, Action, Caller};
    let Caller { db, auth, audit, .. } = Caller::staff(Some(&csrf), Role::CASE_HANDLERS).await?;
    let mut errors = Vec::new();
    let first = validate_first_name(&first_name)
        .map_err(|e| errors.push(e))
        .ok();
    let last = validate_surname(&surname).map_err(|e| errors.push(e)).ok();
    let (Some(first), Some(last)) = (first, last) else {
        return Err(AppError::Invalid {
            errors,
            entered: vec![
                ("first_name".into(), first_name),
                ("surname".into(), surname),
            ],
        });
    };
    let (column, value) = exact_lookup(q.trim());
    let mut tx = db.begin().await?;
    let changed = sqlx::query(&format!(
        "UPDATE users SET first_name = $2, surname = $3, updated_at = $4 \
         WHERE id = $1 AND role = 'applicant' AND {column} = $5 \
           AND EXISTS (SELECT 1 FROM applications ap WHERE ap.user_id = users.id \
                AND ap.office_id IN (SELECT office_id FROM staff_offices WHERE user_id = $6))"
    ))
    .bind(person)
    .bind(&first)
    .bind(&last)
    .bind(now_ms())
    .bind(value.unwrap_or_default())
    .bind(auth.user_id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        drop(tx);
        let mut conn = db.pool.acquire().await?;
        let why = "not found by the look-up, or not at the officer's offices";
        return Err(audit
            .refused(
                &mut conn,
                Action::NamesRefused,
                Some(person),
                serde_json::json!({ "why": why }),
                AppError::NotFound,
            )
            .await);
    }
    audit
        .record(
            &mut tx,
            Action::NamesChanged,
            Some(person),
            serde_json::Value::Null,
        )
        .await?;
    tx.commit().await?;
    let back: String = form_urlencoded::byte_serialize(q.trim().as_bytes()).collect();
    leptos_axum::redirect(&format!("/staff/people?q={back}&done=names"));
    Ok(())
}
