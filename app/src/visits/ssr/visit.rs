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

/// The applicant's view of an active visit at `office`.
pub fn visit_view(v: &ActiveVisit, office: VisitOffice) -> Visit {
    Visit {
        code: v.code.clone(),
        day: v.day,
        starts: v.starts.clone(),
        ends: ends(&v.starts, v.minutes),
        moves: u32::try_from(v.moves).unwrap_or(0),
        office,
        qr_svg: crate::ssr::mfa::qr_svg(&v.code),
    }
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

/// Issue #23.7 — how an application stands for booking, in one read: the application, its
/// active visit, and whether it has a place on the waitlist (the calendar is read far more
/// often than anything in it changes, and each statement is a round trip to the database).
pub struct Standing {
    pub app: ForVisit,
    pub visit: Option<ActiveVisit>,
    pub in_line: bool,
}

/// The application `id` of `user_id` with its active visit and waitlist place (anyone else's
/// application answers `NotFound`, like a missing one).
pub async fn standing(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    id: i64,
) -> Result<Standing, AppError> {
    /// The application's columns, then the visit's (all null without an active visit).
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        app: ForVisit,
        visit_id: Option<i64>,
        visit_code: Option<String>,
        visit_day: Option<Day>,
        visit_starts: Option<String>,
        visit_minutes: Option<i64>,
        visit_moves: Option<i64>,
        visit_starts_at: Option<i64>,
        visit_office_id: Option<i64>,
        visit_service: Option<String>,
        in_line: i64,
    }
    // At most one active visit per application (index `visits_one_per_application`).
    let r: Row = sqlx::query_as(
        "SELECT a.id, a.kind, COALESCE(a.reference, '') AS reference, a.status, a.stage, \
                a.office_id, a.appear_by, v.id AS visit_id, v.code AS visit_code, \
                v.day AS visit_day, v.starts AS visit_starts, v.minutes AS visit_minutes, \
                v.moves AS visit_moves, v.starts_at AS visit_starts_at, \
                v.office_id AS visit_office_id, v.service_code AS visit_service, \
                CAST(CASE WHEN EXISTS (SELECT 1 FROM waitlist w WHERE w.application_id = a.id \
                  AND w.status IN ('waiting', 'offered')) THEN 1 ELSE 0 END AS BIGINT) AS in_line \
         FROM applications a LEFT JOIN visits v ON v.application_id = a.id \
           AND v.status = 'active' AND v.held_until IS NULL \
         WHERE a.id = $1 AND a.user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let visit = match (
        r.visit_id,
        r.visit_code,
        r.visit_day,
        r.visit_starts,
        r.visit_minutes,
        r.visit_moves,
        r.visit_starts_at,
        r.visit_office_id,
        r.visit_service,
    ) {
        (
            Some(id),
            Some(code),
            Some(Day(day)),
            Some(starts),
            Some(minutes),
            Some(moves),
            Some(starts_at),
            Some(office_id),
            Some(service),
        ) => Some(ActiveVisit {
            id,
            code,
            day,
            starts,
            minutes,
            moves,
            starts_at,
            office_id,
            service,
        }),
        _ => None,
    };
    Ok(Standing { app: r.app, visit, in_line: r.in_line != 0 })
}
