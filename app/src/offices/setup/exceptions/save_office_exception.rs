use super::*;

/// A day with other hours, or closed all day (`opens` and `closes` empty), from today on.
/// Saving a day again replaces it.
#[server(endpoint = "admin/office-exception")]
pub async fn save_office_exception(
    office: String,
    day: String,
    #[server(default)] opens: String,
    #[server(default)] closes: String,
    #[server(default)] note: String,
    csrf: String,
) -> Result<(), AppError> {
    use crate::rules::booking::{check_hours, hhmm};
    use crate::rules::{parse_date, Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::Action;
    let (audit, db, id) = crate::offices::setup::ssr::admin_of(&office, &csrf).await?;
    let entered = vec![
        ("day".to_string(), day.clone()),
        ("opens".to_string(), opens.clone()),
        ("closes".to_string(), closes.clone()),
        ("note".to_string(), note.clone()),
    ];
    let invalid = |e: RuleError| AppError::Invalid { errors: vec![e], entered: entered.clone() };
    let date = parse_date(Field::Date, day.trim()).map_err(invalid)?;
    let today = crate::ssr::clock().today();
    if date < today {
        return Err(invalid(RuleError::new(
            Field::Date,
            RuleErrorKind::DateInPast { earliest: today },
        )));
    }
    let hours = check_hours(&opens, &closes).map_err(invalid)?;
    let note = note.trim();
    if note.chars().count() > 200 {
        return Err(invalid(RuleError::new(
            Field::Message,
            RuleErrorKind::TooLong { max: 200 },
        )));
    }
    let (o, c) = match hours {
        Some(h) => (Some(hhmm(h.opens)), Some(hhmm(h.closes))),
        None => (None, None),
    };
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM office_exceptions WHERE office_id = $1 AND day = $2")
        .bind(id)
        .bind(crate::ssr::Day(date))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO office_exceptions (office_id, day, opens, closes, note) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(crate::ssr::Day(date))
    .bind(&o)
    .bind(&c)
    .bind(note)
    .execute(&mut *tx)
    .await?;
    let hours = match (&o, &c) {
        (Some(o), Some(c)) => format!("{o}-{c}"),
        _ => "closed".to_string(),
    };
    let detail = serde_json::json!({ "office": id, "day": date, "hours": hours });
    audit
        .record(&mut tx, Action::OfficeException, None, detail)
        .await?;
    tx.commit().await?;
    crate::offices::setup::ssr::plans_changed();
    leptos_axum::redirect(&format!("/admin/office?office={id}&done=exception"));
    Ok(())
}
