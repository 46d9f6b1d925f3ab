use super::*;

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
    let (audit, db, id) = crate::offices::setup::ssr::admin_of(&office, &csrf).await?;
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
    crate::offices::setup::ssr::plans_changed();
    leptos_axum::redirect(&format!("/admin/office?office={id}&done=service"));
    Ok(())
}
