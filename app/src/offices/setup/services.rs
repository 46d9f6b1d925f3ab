//! For each service: the desks that receive booked visits, the kinds of application, and the
//! length of a visit from a day on.
use super::*;
use crate::error::AppError;
use leptos::prelude::*;

/// A service's booking desks and the application types its visits are for (`kind_<type>`
/// checkboxes).
#[server(endpoint = "admin/office-service")]
pub async fn save_office_service(
    office: String,
    service: String,
    desks: String,
    csrf: String,
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<(), AppError> {
    use crate::rules::application::ApplicationType;
    use crate::rules::booking::check_desks;
    use crate::ssr::auth::Action;
    let (audit, db, id) = super::ssr::admin_of(&office, &csrf).await?;
    let desks = check_desks(&desks).map_err(|e| AppError::Invalid {
        errors: vec![e],
        entered: vec![
            ("desks".into(), desks.clone()),
            ("service".into(), service.clone()),
        ],
    })?;
    let kinds: Vec<&str> = ApplicationType::ALL
        .iter()
        .map(|k| k.as_str())
        .filter(|k| fields.contains_key(&format!("kind_{k}")))
        .collect();
    let mut tx = db.begin().await?;
    let found = sqlx::query(
        "UPDATE office_services SET booking_desks = $3 WHERE office_id = $1 AND service_code = $2",
    )
    .bind(id)
    .bind(service.trim())
    .bind(desks)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if found != 1 {
        return Err(AppError::NotFound);
    }
    sqlx::query("DELETE FROM office_service_kinds WHERE office_id = $1 AND service_code = $2")
        .bind(id)
        .bind(service.trim())
        .execute(&mut *tx)
        .await?;
    for k in &kinds {
        sqlx::query(
            "INSERT INTO office_service_kinds (office_id, service_code, kind) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(service.trim())
        .bind(*k)
        .execute(&mut *tx)
        .await?;
    }
    let detail = serde_json::json!({
        "office": id,
        "service": service.trim(),
        "desks": desks,
        "kinds": kinds,
    });
    audit
        .record(&mut tx, Action::OfficeService, None, detail)
        .await?;
    tx.commit().await?;
    super::ssr::plans_changed();
    leptos_axum::redirect(&format!("/admin/office?office={id}&done=service"));
    Ok(())
}

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
    let (audit, db, id) = super::ssr::admin_of(&office, &csrf).await?;
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
    let earliest = super::ssr::earliest_change(&mut tx, id, &service).await?;
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
    super::ssr::plans_changed();
    leptos_axum::redirect(&format!("/admin/office?office={id}&done=duration"));
    Ok(())
}
