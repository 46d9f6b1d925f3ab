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
    use crate::ssr::Day;

    /// One of the person's applications as stored.
    #[derive(sqlx::FromRow)]
    struct Stored {
        id: i64,
        reference: Option<String>,
        kind: String,
        status: String,
        answers: String,
        updated_at: i64,
        submitted_on: Option<Day>,
        decision_due: Option<Day>,
    }

    let Caller { db, auth, .. } = Caller::person(None).await?;
    let rows: Vec<Stored> = sqlx::query_as(
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
        let id = r.id;
        let case = crate::cases::ssr::case_status(&mut conn, id, today).await?;
        let answers: Answers = serde_json::from_str(&r.answers)?;
        let applicant = [Field::FirstName, Field::Surname]
            .into_iter()
            .filter_map(|f| answer(&answers, f))
            .collect::<Vec<_>>()
            .join(" ");
        items.push(Summary {
            id,
            case,
            reference: r.reference.unwrap_or_default(),
            kind: r.kind.parse().map_err(AppError::internal)?,
            status: Status::parse(&r.status),
            applicant,
            updated_at_ms: r.updated_at,
            submitted_on: r.submitted_on.map(|d| d.0),
            decision_due: r.decision_due.map(|d| d.0),
        });
    }
    Ok(ApplicationList { items, start_key: random_token(16) })
}
