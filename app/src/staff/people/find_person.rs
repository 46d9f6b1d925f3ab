use super::*;

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
        since: crate::ssr::local_time(row.created_at)
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_string(),
    }))
}
