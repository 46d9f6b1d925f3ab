use super::*;

/// Issue #8.4 — an admin of the kiosk's office revokes it: it stops giving tickets at once.
#[server(endpoint = "kiosk/revoke")]
pub async fn revoke_kiosk(device: String, csrf: String) -> Result<(), AppError> {
    use crate::identity::Role;
    use crate::ssr::auth::{now_ms, office_ids, Action, Caller};
    let Caller { db, auth, audit, .. } = Caller::staff(Some(&csrf), Role::ADMINS).await?;
    let id: i64 = device.trim().parse().map_err(|_| AppError::NotFound)?;
    let office: Option<i64> =
        sqlx::query_scalar("SELECT office_id FROM office_devices WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    let office = office.ok_or(AppError::NotFound)?;
    if !office_ids(&db, auth.user_id).await?.contains(&office) {
        return Err(AppError::NotFound);
    }
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE office_devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
        .bind(id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    audit
        .record(
            &mut tx,
            Action::KioskRevoke,
            None,
            serde_json::json!({ "office": office, "device": id }),
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!(
        "/admin/office?office={office}&done=revoked#kiosks"
    ));
    Ok(())
}
