//! A booked visit and the application it belongs to, as booking reads them.
use super::*;

/// The active visit of an application.
#[derive(sqlx::FromRow)]
pub struct ActiveVisit {
    pub id: i64,
    pub code: String,
    #[sqlx(try_from = "Day")]
    pub day: Date,
    pub starts: String,
    pub minutes: i64,
    pub moves: i64,
    pub starts_at: i64,
    pub office_id: i64,
    #[sqlx(rename = "service_code")]
    pub service: String,
}

pub async fn active_visit(
    conn: &mut sqlx::AnyConnection,
    application_id: i64,
) -> Result<Option<ActiveVisit>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, code, day, starts, minutes, moves, starts_at, office_id, service_code \
         FROM visits WHERE application_id = $1 AND status = 'active' AND held_until IS NULL",
    )
    .bind(application_id)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn office(
    conn: &mut sqlx::AnyConnection,
    office_id: i64,
) -> Result<VisitOffice, AppError> {
    Ok(
        sqlx::query_as("SELECT slug, name, address, map_url FROM offices WHERE id = $1")
            .bind(office_id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// `HH:MM` `minutes` after `starts`.
pub fn ends(starts: &str, minutes: i64) -> String {
    match parse_slot_time(starts) {
        Ok(t) => {
            let m = (minute_of_day(t) + minutes).clamp(0, 24 * 60 - 1);
            format!("{:02}:{:02}", m / 60, m % 60)
        }
        Err(_) => starts.to_string(),
    }
}

/// The applicant's view of an active visit.
pub async fn visit_view(
    conn: &mut sqlx::AnyConnection,
    v: &ActiveVisit,
) -> Result<Visit, AppError> {
    Ok(Visit {
        code: v.code.clone(),
        day: v.day,
        starts: v.starts.clone(),
        ends: ends(&v.starts, v.minutes),
        moves: u32::try_from(v.moves).unwrap_or(0),
        office: office(conn, v.office_id).await?,
        qr_svg: crate::ssr::mfa::qr_svg(&v.code),
    })
}

/// The applicant's language.
pub async fn language_of(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
) -> Result<crate::i18n::Locale, AppError> {
    let locale: String = sqlx::query_scalar("SELECT locale FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(crate::locale::parse_locale(&locale).unwrap_or(crate::i18n::Locale::lt))
}

/// Whether the application has a place on the waitlist (waiting, or a time held for it).
pub async fn in_line(
    conn: &mut sqlx::AnyConnection,
    application_id: i64,
) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM waitlist WHERE application_id = $1 \
         AND status IN ('waiting', 'offered')",
    )
    .bind(application_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// What booking needs to know of an application.
#[derive(sqlx::FromRow)]
pub struct ForVisit {
    pub id: i64,
    pub kind: String,
    /// Empty before submission.
    pub reference: String,
    /// `draft` or `submitted`.
    pub status: String,
    pub stage: Option<String>,
    pub office_id: Option<i64>,
    pub appear_by: Option<Day>,
}

/// The application `id` of `user_id` (anyone else's answers `NotFound`, like a missing one).
pub async fn application_for_visit(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    id: i64,
) -> Result<ForVisit, AppError> {
    sqlx::query_as(
        "SELECT id, kind, COALESCE(reference, '') AS reference, status, stage, office_id, \
                appear_by FROM applications WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)
}

impl ForVisit {
    /// Why this application cannot book now, before looking at the calendar.
    pub fn blocked(&self) -> Option<crate::visits::Blocked> {
        use crate::visits::Blocked;
        if self.status != "submitted" || self.office_id.is_none() || self.appear_by.is_none() {
            return Some(Blocked::NotSubmitted);
        }
        if matches!(self.stage.as_deref(), Some("refused" | "collected")) {
            return Some(Blocked::Closed);
        }
        None
    }
}
