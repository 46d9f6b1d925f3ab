use super::Summary;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// "My applications" and the key of the form that starts a new one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationList {
    pub items: Vec<Summary>,
    /// Idempotency key of the start form (issue #5.3).
    pub start_key: String,
}

/// The logged-in person's applications, newest first.
#[server(endpoint = "applications/mine")]
pub async fn my_applications() -> Result<ApplicationList, AppError> {
    use super::Status;
    use crate::rules::application::{answer, Answers};
    use crate::rules::Field;
    use crate::ssr::auth::{random_token, Caller};
    use sqlx::Row;

    let Caller { db, auth, .. } = Caller::person(None).await?;
    let rows = sqlx::query(
        "SELECT id, reference, kind, status, answers, updated_at, submitted_on, decision_due \
         FROM applications WHERE user_id = $1 ORDER BY updated_at DESC, id DESC",
    )
    .bind(auth.user_id)
    .fetch_all(&db.pool)
    .await?;
    let today = crate::ssr::clock().today();
    let mut conn = db.pool.acquire().await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get("id")?;
        let case = crate::cases::ssr::case_status(&mut conn, id, today).await?;
        let answers: Answers = serde_json::from_str(&r.try_get::<String, _>("answers")?)?;
        let applicant = [Field::FirstName, Field::Surname]
            .into_iter()
            .filter_map(|f| answer(&answers, f))
            .collect::<Vec<_>>()
            .join(" ");
        let date = |col: &str| -> Result<Option<jiff::civil::Date>, AppError> {
            Ok(r.try_get::<Option<String>, _>(col)?
                .and_then(|s| s.parse().ok()))
        };
        items.push(Summary {
            id,
            case,
            reference: r
                .try_get::<Option<String>, _>("reference")?
                .unwrap_or_default(),
            kind: r
                .try_get::<String, _>("kind")?
                .parse()
                .map_err(AppError::internal)?,
            status: Status::parse(&r.try_get::<String, _>("status")?),
            applicant,
            updated_at_ms: r.try_get("updated_at")?,
            submitted_on: date("submitted_on")?,
            decision_due: date("decision_due")?,
        });
    }
    Ok(ApplicationList {
        items,
        start_key: random_token(16),
    })
}
