//! The hours of each weekday.
use super::*;
use crate::error::AppError;
use leptos::prelude::*;

/// The office's address, phone, map link and weekly hours (`opens_1` … `closes_7`; a day
/// with both empty is closed).
#[server(endpoint = "admin/office-hours")]
pub async fn save_office_hours(
    office: String,
    address: String,
    #[server(default)] phone: String,
    #[server(default)] map_url: String,
    csrf: String,
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<(), AppError> {
    use crate::rules::booking::check_hours;
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::Action;
    let (audit, db, id) = super::ssr::admin_of(&office, &csrf).await?;
    let mut entered: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k.starts_with("opens_") || k.starts_with("closes_"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    entered.push(("address".into(), address.clone()));
    entered.push(("phone".into(), phone.clone()));
    entered.push(("map_url".into(), map_url.clone()));
    let invalid = |e: RuleError, weekday: Option<u8>| {
        let mut entered = entered.clone();
        if let Some(w) = weekday {
            entered.push(("weekday".into(), w.to_string()));
        }
        AppError::Invalid { errors: vec![e], entered }
    };
    let address = address.trim();
    if address.is_empty() {
        return Err(invalid(
            RuleError::new(Field::Address, RuleErrorKind::Required),
            None,
        ));
    }
    if address.chars().count() > 200 {
        return Err(invalid(
            RuleError::new(Field::Address, RuleErrorKind::TooLong { max: 200 }),
            None,
        ));
    }
    let map_url = map_url.trim();
    if !map_url.is_empty() && !map_url.starts_with("https://") || map_url.chars().count() > 500 {
        return Err(invalid(
            RuleError::new(Field::MapUrl, RuleErrorKind::InvalidFormat),
            None,
        ));
    }
    let phone = phone.trim();
    if phone.chars().count() > 40 {
        return Err(invalid(
            RuleError::new(Field::Phone, RuleErrorKind::TooLong { max: 40 }),
            None,
        ));
    }
    let mut week = Vec::new();
    for w in 1..=7u8 {
        let get = |k: &str| fields.get(&format!("{k}_{w}")).cloned().unwrap_or_default();
        let hours = check_hours(&get("opens"), &get("closes")).map_err(|e| invalid(e, Some(w)))?;
        week.push((w, hours));
    }
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE offices SET address = $2, phone = $3, map_url = $4 WHERE id = $1")
        .bind(id)
        .bind(address)
        .bind((!phone.is_empty()).then_some(phone))
        .bind((!map_url.is_empty()).then_some(map_url))
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM office_hours WHERE office_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let mut summary = Vec::new();
    for (w, hours) in &week {
        let Some(h) = hours else { continue };
        let (o, c) = (
            crate::rules::booking::hhmm(h.opens),
            crate::rules::booking::hhmm(h.closes),
        );
        sqlx::query(
            "INSERT INTO office_hours (office_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(i64::from(*w))
        .bind(&o)
        .bind(&c)
        .execute(&mut *tx)
        .await?;
        summary.push(format!("{w}:{o}-{c}"));
    }
    audit
        .record(
            &mut tx,
            Action::OfficeHours,
            None,
            serde_json::json!({ "office": id, "hours": summary.join(" ") }),
        )
        .await?;
    tx.commit().await?;
    super::ssr::plans_changed();
    leptos_axum::redirect(&format!("/admin/office?office={id}&done=hours"));
    Ok(())
}
