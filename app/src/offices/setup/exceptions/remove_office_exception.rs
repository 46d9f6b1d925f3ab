use super::*;

/// Removes a day's exception: the day keeps the week's hours again.
#[server(endpoint = "admin/office-exception-remove")]
pub async fn remove_office_exception(
    office: String,
    day: String,
    csrf: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::Action;
    let (audit, db, id) = crate::offices::setup::ssr::admin_of(&office, &csrf).await?;
    let mut tx = db.begin().await?;
    let gone = sqlx::query("DELETE FROM office_exceptions WHERE office_id = $1 AND day = $2")
        .bind(id)
        .bind(day.trim())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if gone == 1 {
        audit
            .record(
                &mut tx,
                Action::OfficeExceptionRemove,
                None,
                serde_json::json!({ "office": id, "day": day.trim() }),
            )
            .await?;
    }
    tx.commit().await?;
    crate::offices::setup::ssr::plans_changed();
    leptos_axum::redirect(&format!("/admin/office?office={id}&done=exception_removed"));
    Ok(())
}
