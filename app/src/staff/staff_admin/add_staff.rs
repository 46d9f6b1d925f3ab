use super::*;

/// Gives a person (found or created by e-mail) a staff role at one of the admin's offices.
/// A person who already works for offices outside the admin's keeps their role: only their
/// own admins change it. A role change ends the person's sessions, so it takes effect (and a
/// new staff member sets up the second factor) at the next login.
#[server(endpoint = "admin/staff-add")]
pub async fn add_staff(
    email: String,
    role: String,
    office: i64,
    csrf: String,
) -> Result<(), AppError> {
    use crate::identity::Role;
    use crate::rules::{validate_email, Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{now_ms, office_ids, Action, Caller};
    let Caller { db, auth, audit, .. } = Caller::staff(Some(&csrf), Role::ADMINS).await?;
    let entered = vec![("email".to_string(), email.clone())];
    let mut errors = Vec::new();
    let address = validate_email(&email)
        .map(|e| e.to_lowercase())
        .map_err(|e| errors.push(e))
        .ok();
    if !Role::parse(&role).is_some_and(|r| Role::STAFF.contains(&r)) {
        errors.push(RuleError::new(Field::Role, RuleErrorKind::InvalidFormat));
    }
    let Some(address) = address.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid { errors, entered });
    };
    let mine = office_ids(&db, auth.user_id).await?;
    if !mine.contains(&office) {
        return Err(AppError::NotFound);
    }
    let now = now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO users (email, created_at, updated_at) VALUES ($1, $2, $2) \
         ON CONFLICT (email) DO NOTHING",
    )
    .bind(&address)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let (id, old_role): (i64, String) =
        sqlx::query_as("SELECT id, role FROM users WHERE email = $1")
            .bind(&address)
            .fetch_one(&mut *tx)
            .await?;
    let theirs: Vec<i64> =
        sqlx::query_scalar("SELECT office_id FROM staff_offices WHERE user_id = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    if old_role != role && theirs.iter().any(|o| !mine.contains(o)) {
        return Err(AppError::Forbidden);
    }
    // Kiosks and display screens belong to exactly one office.
    if matches!(role.as_str(), "kiosk" | "display") {
        sqlx::query("DELETE FROM staff_offices WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO staff_offices (user_id, office_id) VALUES ($1, $2) \
         ON CONFLICT (user_id, office_id) DO NOTHING",
    )
    .bind(id)
    .bind(office)
    .execute(&mut *tx)
    .await?;
    if old_role != role {
        sqlx::query("UPDATE users SET role = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(&role)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        crate::ssr::auth::end_all_sessions(&mut tx, id, now).await?;
    }
    let detail = serde_json::json!({
        "role": role.to_string(),
        "office": office,
        "was": old_role.to_string(),
    });
    audit
        .record(&mut tx, Action::StaffAdd, Some(id), detail)
        .await?;
    tx.commit().await?;
    leptos_axum::redirect("/admin/staff?done=added");
    Ok(())
}
