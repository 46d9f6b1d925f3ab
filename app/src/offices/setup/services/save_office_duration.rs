use super::*;

/// Issue #7.1 — how many minutes one booked visit of `service` lasts at the office, from the
/// day `from` on (empty: the first day it can). Booked visits keep their times: the day must
/// come after the last day a visit of the service is booked. Setting a day again replaces it.
#[server(endpoint = "admin/office-duration")]
pub async fn save_office_duration(
    office: String,
    service: String,
    minutes: String,
    #[server(default)] from: String,
    csrf: String,
) -> Result<(), AppError> {
    use crate::rules::booking::{check_duration, check_duration_day};
    use crate::rules::{parse_date, Field, RuleError};
    use crate::ssr::auth::Action;
    let (audit, db, id) = crate::offices::setup::ssr::admin_of(&office, &csrf).await?;
    let service = service.trim().to_string();
    let invalid = |e: RuleError| AppError::Invalid {
        errors: vec![e],
        entered: vec![
            ("minutes".into(), minutes.clone()),
            ("from".into(), from.clone()),
            ("service".into(), service.clone()),
        ],
    };
    let length = check_duration(&minutes).map_err(invalid)?;
    let mut tx = db.begin().await?;
    // A write first: it finds the service, and on SQLite it takes the write lock before the
    // read below, so a visit booked meanwhile is either counted or comes after this change
    // (and then `take_seat` refuses a length that is no longer the day's).
    let found = sqlx::query(
        "UPDATE office_services SET booking_desks = booking_desks \
         WHERE office_id = $1 AND service_code = $2",
    )
    .bind(id)
    .bind(&service)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if found != 1 {
        return Err(AppError::NotFound);
    }
    let earliest = crate::offices::setup::ssr::earliest_change(&mut tx, id, &service).await?;
    let day = match from.trim() {
        "" => earliest,
        d => parse_date(Field::From, d).map_err(invalid)?,
    };
    check_duration_day(day, earliest).map_err(invalid)?;
    sqlx::query(
        "DELETE FROM office_service_durations WHERE office_id = $1 AND service_code = $2 \
         AND from_day = $3",
    )
    .bind(id)
    .bind(&service)
    .bind(crate::ssr::Day(day))
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO office_service_durations (office_id, service_code, from_day, minutes) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(&service)
    .bind(crate::ssr::Day(day))
    .bind(length)
    .execute(&mut *tx)
    .await?;
    audit
        .record(
            &mut tx,
            Action::OfficeDuration,
            None,
            serde_json::json!({
                "office": id,
                "service": service,
                "minutes": length,
                "from": day,
            }),
        )
        .await?;
    tx.commit().await?;
    crate::offices::setup::ssr::plans_changed();
    leptos_axum::redirect(&format!("/admin/office?office={id}&done=duration"));
    Ok(())
}
