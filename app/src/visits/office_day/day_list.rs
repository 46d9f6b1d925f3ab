use super::*;

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
                ends: crate::visits::ssr::ends(&starts, r.minutes),
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
    Ok(OfficeDayView { offices, office: chosen, day, today, visits })
}
