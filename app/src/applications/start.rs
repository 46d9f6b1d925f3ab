use crate::error::AppError;
use leptos::prelude::*;

/// Starts a draft of `kind` (R-SV-1) and opens its task list. `start_key` comes with the form
/// (`my_applications`): a second click, or a resent form, finds the draft the first one
/// started instead of making another. The reference number (with its check digit) is given
/// now, so the fee can be paid with it before submission (R-SV-6).
#[server(endpoint = "applications/start")]
pub async fn start_application(
    #[server(default)] kind: String,
    start_key: String,
    csrf: String,
) -> Result<(), AppError> {
    use super::ssr::event;
    use crate::rules::application::ApplicationType;
    use crate::rules::{application_reference, Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{now_ms, Action, Caller};
    use sqlx::Row;

    let Caller { db, auth, me, audit, .. } = Caller::person(Some(&csrf)).await?;
    if me.role != crate::identity::Role::Applicant {
        return Err(AppError::Forbidden);
    }
    let kind: ApplicationType = kind.parse().map_err(|_| AppError::Invalid {
        errors: vec![RuleError::new(
            Field::Case,
            if kind.trim().is_empty() {
                RuleErrorKind::Required
            } else {
                RuleErrorKind::InvalidFormat
            },
        )],
        entered: Vec::new(),
    })?;
    if start_key.len() < 16 || start_key.len() > 64 {
        return Err(AppError::FormExpired);
    }
    let now = now_ms();
    let mut tx = db.begin().await?;
    // The account's own names prefill the applicant's (changed if it is a child).
    let mut answers = std::collections::BTreeMap::new();
    for (k, v) in [("first_name", &me.first_name), ("surname", &me.surname)] {
        if let Some(v) = v {
            answers.insert(k.to_string(), v.clone());
        }
    }
    // One conditional write: of two simultaneous starts with the same key, one inserts.
    let inserted: Option<i64> = sqlx::query(
        "INSERT INTO applications (user_id, kind, answers, start_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (user_id, start_key) DO NOTHING RETURNING id",
    )
    .bind(auth.user_id)
    .bind(kind.as_str())
    .bind(serde_json::to_string(&answers)?)
    .bind(&start_key)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()?;
    let id = match inserted {
        Some(id) => {
            let year = crate::ssr::clock().today().year();
            sqlx::query("UPDATE applications SET reference = $2 WHERE id = $1")
                .bind(id)
                .bind(application_reference(year, u64::try_from(id).unwrap_or(0)))
                .execute(&mut *tx)
                .await?;
            event(&mut tx, id, Some(auth.user_id), "created").await?;
            audit
                .record(
                    &mut tx,
                    Action::ApplicationStarted,
                    Some(auth.user_id),
                    serde_json::json!({ "application": id, "kind": kind.as_str() }),
                )
                .await?;
            id
        }
        None => sqlx::query("SELECT id FROM applications WHERE user_id = $1 AND start_key = $2")
            .bind(auth.user_id)
            .bind(&start_key)
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?,
    };
    tx.commit().await?;
    leptos_axum::redirect(&format!("/applications/{id}"));
    Ok(())
}
