use crate::error::AppError;
use crate::staff::OfficeRef;
use jiff::civil::Date;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A booked visit on the officers' day view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayVisit {
    pub code: String,
    pub starts: String,
    pub ends: String,
    /// Which of the service's booking desks.
    pub desk: i64,
    /// The person the application is for.
    pub applicant: String,
    pub application_id: i64,
    pub reference: String,
    /// `booked`, `checked_in` or `no_show`.
    pub state: String,
    /// The visit's time has begun (a no-show can be marked).
    pub started: bool,
}

/// One office's booked visits of one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeDayView {
    pub offices: Vec<OfficeRef>,
    pub office: Option<i64>,
    pub day: Date,
    pub today: Date,
    pub visits: Vec<DayVisit>,
}

/// Issue #7.7 — the booked visits of one of the officer's offices on `day` (default: today),
/// by time and desk, with their check-in state.
#[server(endpoint = "visits/office-day")]
pub async fn office_day(
    #[server(default)] office: String,
    #[server(default)] day: String,
) -> Result<OfficeDayView, AppError> {
    use crate::identity::Role;
    use crate::rules::application::{answer, Answers};
    use crate::rules::Field;
    use crate::ssr::auth::Caller;

    let Caller { db, auth, .. } = Caller::staff(None, Role::CASE_HANDLERS).await?;
    let today = crate::ssr::clock().today();
    let offices = crate::staff::offices_of(&db, auth.user_id).await?;
    let chosen = offices
        .iter()
        .map(|o| o.id)
        .find(|id| office.trim().is_empty() || office.trim() == id.to_string());
    if !office.trim().is_empty() && chosen.is_none() {
        // Not one of mine: the same answer as for an office that does not exist.
        return Err(AppError::NotFound);
    }
    let day: Date = day.trim().parse().unwrap_or(today);
    let mut visits = Vec::new();
    if let Some(office_id) = chosen {
        let now = crate::ssr::clock().now().timestamp().as_millisecond();
        /// A visit of the day, with its application.
        #[derive(sqlx::FromRow)]
        struct Booked {
            code: String,
            starts: String,
            minutes: i64,
            seat: i64,
            starts_at: i64,
            checked_in_at: Option<i64>,
            no_show_at: Option<i64>,
            application_id: i64,
            reference: Option<String>,
            answers: String,
        }
        let rows: Vec<Booked> = sqlx::query_as(
            "SELECT v.code, v.starts, v.minutes, v.seat, v.starts_at, v.checked_in_at, \
                    v.no_show_at, a.id AS application_id, a.reference, a.answers \
             FROM visits v JOIN applications a ON a.id = v.application_id \
             WHERE v.office_id = $1 AND v.day = $2 AND v.status = 'active' \
             AND v.held_until IS NULL \
             ORDER BY v.starts, v.seat",
        )
        .bind(office_id)
        .bind(crate::ssr::Day(day))
        .fetch_all(&db.pool)
        .await?;
        for r in rows {
            let answers: Answers = serde_json::from_str(&r.answers).unwrap_or_default();
            let (starts, checked, missed) = (r.starts, r.checked_in_at, r.no_show_at);
            visits.push(DayVisit {
                code: r.code,
                ends: super::ssr::ends(&starts, r.minutes),
                starts,
                desk: r.seat,
                applicant: [Field::FirstName, Field::Surname]
                    .into_iter()
                    .filter_map(|f| answer(&answers, f))
                    .collect::<Vec<_>>()
                    .join(" "),
                application_id: r.application_id,
                reference: r.reference.unwrap_or_default(),
                state: match (checked, missed) {
                    (Some(_), _) => "checked_in",
                    (None, Some(_)) => "no_show",
                    _ => "booked",
                }
                .to_string(),
                started: now >= r.starts_at,
            });
        }
    }
    Ok(OfficeDayView {
        offices,
        office: chosen,
        day,
        today,
        visits,
    })
}

/// Issue #7.7 — an officer marks a visit of one of their offices: `checked_in` (the person
/// has come) or `no_show` (its time has begun and nobody came). Each is one conditional write
/// (a visit is marked once), audited.
#[server(endpoint = "visits/mark")]
pub async fn mark_visit(code: String, what: String, csrf: String) -> Result<(), AppError> {
    use crate::identity::Role;
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{Action, Caller};

    let Caller {
        db, auth, audit, ..
    } = Caller::staff(Some(&csrf), Role::CASE_HANDLERS).await?;
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
