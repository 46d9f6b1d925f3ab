//! The calendar entry (RFC 5545) of a visit.
use super::*;

/// The calendar entry (RFC 5545) of a visit: UTC times, so every calendar shows the right
/// local time; the text names Europe/Vilnius.
pub fn ics(v: &ActiveVisit, office: &VisitOffice, summary: &str, description: &str) -> String {
    use icalendar::{Calendar, Component, Event, EventLike};
    let start = chrono::DateTime::from_timestamp_millis(v.starts_at).unwrap_or_default();
    let end = start + chrono::Duration::minutes(v.minutes);
    let mut event = Event::new();
    event
        .uid(&format!("visit-{}@vartai", v.code))
        .summary(summary)
        .description(description)
        .location(&format!("{}, {}", office.name, office.address))
        .starts(start)
        .ends(end);
    let mut cal = Calendar::new();
    cal.name("Vartai").push(event.done());
    cal.done().to_string()
}

/// The calendar entry of the active visit of application `id`, for its owner only (`None` for
/// anyone else, or when no visit is booked), in the owner's language.
pub async fn calendar_of(
    db: &crate::ssr::Db,
    user_id: i64,
    id: i64,
) -> Result<Option<String>, AppError> {
    use leptos_i18n::td_string;
    let mut conn = db.pool.acquire().await?;
    let app = match application_for_visit(&mut conn, user_id, id).await {
        Ok(a) => a,
        Err(AppError::NotFound) => return Ok(None),
        Err(e) => return Err(e),
    };
    let Some(v) = active_visit(&mut conn, app.id).await? else {
        return Ok(None);
    };
    let the_office = cached_office(&mut conn, v.office_id).await?;
    let l = language_of(&mut conn, user_id).await?;
    Ok(Some(ics(
        &v,
        &the_office,
        &td_string!(l, visit.ics.summary, office = the_office.name.clone()).to_string(),
        &td_string!(
            l,
            visit.ics.description,
            reference = app.reference.clone(),
            code = v.code.clone()
        )
        .to_string(),
    )))
}
