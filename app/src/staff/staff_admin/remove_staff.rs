use super::*;

/// Takes a person off one of the admin's offices. With no office left they are an applicant
/// again: their second factor and recovery codes are dropped and their sessions end. Admins
/// cannot remove themselves (another admin does).
#[server(endpoint = "admin/staff-remove")]
pub async fn remove_staff(user: i64, office: i64, csrf: String) -> Result<(), AppError> {
    use crate::identity::Role;
    use crate::ssr::auth::{now_ms, office_ids, Action, Caller};
    let Caller { db, auth, audit, .. } = Caller::staff(Some(&csrf), Role::ADMINS).await?;
    if !office_ids(&db, auth.user_id).await?.contains(&office) {
        return Err(AppError::NotFound);
    }
    if user == auth.user_id {
        return Err(AppError::Forbidden);
    }
    let now = now_ms();
    let mut tx = db.begin().await?;
    let removed = sqlx::query("DELETE FROM staff_offices WHERE user_id = $1 AND office_id = $2")
        .bind(user)
        .bind(office)
        .execute(&mut *tx)
        .await?;
    if removed.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staff_offices WHERE user_id = $1")
        .bind(user)
        .fetch_one(&mut *tx)
        .await?;
    if left == 0 {
        sqlx::query(
            "UPDATE users SET role = 'applicant', totp_secret = NULL, totp_last_step = NULL, \
             updated_at = $2 WHERE id = $1",
        )
        .bind(user)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user)
            .execute(&mut *tx)
            .await?;
    }
    // Whatever they had open was opened with the old offices.
    crate::ssr::auth::end_all_sessions(&mut tx, user, now).await?;
    audit
        .record(
            &mut tx,
            Action::StaffRemove,
            Some(user),
            serde_json::json!({ "office": office, "offices_left": left }),
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect("/admin/staff?done=removed");
    Ok(())
}
