use super::Person;
use crate::error::AppError;
use leptos::prelude::*;

/// Officers find an applicant by e-mail address or personal code (exact match only: no
/// browsing through people). The look-up is audited. `None`: nobody matches.
#[server(endpoint = "staff/person")]
pub async fn find_person(q: String) -> Result<Option<Person>, AppError> {
    use crate::identity::Role;
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{Action, Caller};

    /// An applicant's account as stored.
    #[derive(sqlx::FromRow)]
    struct Account {
        id: i64,
        email: Option<String>,
        first_name: Option<String>,
        surname: Option<String>,
        phone: Option<String>,
        personal_code: Option<String>,
        created_at: i64,
    }
    let Caller { db, audit, .. } = Caller::staff(None, Role::CASE_HANDLERS).await?;
    let q = q.trim();
    if q.is_empty() {
        return Ok(None);
    }
    let (column, value) = exact_lookup(q);
    let Some(value) = value else {
        return Err(AppError::Invalid {
            errors: vec![RuleError::new(Field::Search, RuleErrorKind::InvalidFormat)],
            entered: vec![("q".into(), q.to_string())],
        });
    };
    let sql = format!(
        "SELECT id, email, first_name, surname, phone, personal_code, created_at FROM users \
         WHERE {column} = $1 AND role = 'applicant'"
    );
    let row = sqlx::query_as::<_, Account>(&sql)
        .bind(&value)
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let id = row.id;
    let mut conn = db.pool.acquire().await?;
    audit
        .record(
            &mut conn,
            Action::PersonViewed,
            Some(id),
            serde_json::json!({ "by": column }),
        )
        .await?;
    Ok(Some(Person {
        id,
        email: row.email,
        first_name: row.first_name,
        surname: row.surname,
        phone: row.phone,
        identified: row.personal_code.is_some(),
        since: crate::accounts::local_time(row.created_at)
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_string(),
    }))
}

/// What a look-up text is matched against exactly: (column, normalised value); `None` when it
/// is neither an e-mail address nor a personal code.
#[cfg(feature = "ssr")]
fn exact_lookup(q: &str) -> (&'static str, Option<String>) {
    use crate::rules::{validate_email, validate_personal_code};
    if q.contains('@') {
        ("email", validate_email(q).ok().map(|e| e.to_lowercase()))
    } else {
        (
            "personal_code",
            validate_personal_code(q).ok().map(|p| p.code),
        )
    }
}

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
    let Caller {
        db, auth, audit, ..
    } = Caller::staff(Some(&csrf), Role::CASE_HANDLERS).await?;
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
