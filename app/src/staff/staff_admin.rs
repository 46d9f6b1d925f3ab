use super::StaffList;
use crate::error::AppError;
use leptos::prelude::*;

/// The admin's offices and the staff working for them (issue #4.5).
#[server(endpoint = "admin/staff")]
pub async fn staff_overview() -> Result<StaffList, AppError> {
    use super::{OfficeRef, StaffMember};
    use crate::identity::{full_name, Role};
    use crate::ssr::auth::Caller;

    /// A staff member and one of their offices.
    #[derive(sqlx::FromRow)]
    struct MemberOffice {
        id: i64,
        email: Option<String>,
        first_name: Option<String>,
        surname: Option<String>,
        role: String,
        enrolled: i64,
        office_id: i64,
        office_name: String,
    }

    let Caller { db, auth, .. } = Caller::staff(None, Role::ADMINS).await?;
    let offices = super::offices_of(&db, auth.user_id).await?;
    // Everyone with at least one of the admin's offices, with those offices.
    let rows: Vec<MemberOffice> = sqlx::query_as(
        "SELECT u.id, u.email, u.first_name, u.surname, u.role, \
                CAST(CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END AS BIGINT) AS enrolled, \
                o.id AS office_id, o.name AS office_name \
         FROM users u JOIN staff_offices so ON so.user_id = u.id \
         JOIN offices o ON o.id = so.office_id \
         WHERE u.id IN (SELECT m.user_id FROM staff_offices m WHERE m.office_id IN \
                        (SELECT office_id FROM staff_offices WHERE user_id = $1)) \
         ORDER BY u.email, u.id, o.position, o.name",
    )
    .bind(auth.user_id)
    .fetch_all(&db.pool)
    .await?;
    let mut members: Vec<StaffMember> = Vec::new();
    for r in rows {
        let id = r.id;
        let office = OfficeRef {
            id: r.office_id,
            name: r.office_name,
        };
        if let Some(m) = members.last_mut().filter(|m| m.id == id) {
            m.offices.push(office);
            continue;
        }
        members.push(StaffMember {
            id,
            email: r.email,
            name: full_name(r.first_name, r.surname),
            role: Role::parse(&r.role)
                .ok_or_else(|| AppError::internal(format!("unknown role {:?}", r.role)))?,
            offices: vec![office],
            enrolled: r.enrolled == 1,
            is_me: id == auth.user_id,
        });
    }
    Ok(StaffList { offices, members })
}

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
    let Caller {
        db, auth, audit, ..
    } = Caller::staff(Some(&csrf), Role::ADMINS).await?;
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
        sqlx::query(
            "UPDATE user_sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
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

/// Takes a person off one of the admin's offices. With no office left they are an applicant
/// again: their second factor and recovery codes are dropped and their sessions end. Admins
/// cannot remove themselves (another admin does).
#[server(endpoint = "admin/staff-remove")]
pub async fn remove_staff(user: i64, office: i64, csrf: String) -> Result<(), AppError> {
    use crate::identity::Role;
    use crate::ssr::auth::{now_ms, office_ids, Action, Caller};
    let Caller {
        db, auth, audit, ..
    } = Caller::staff(Some(&csrf), Role::ADMINS).await?;
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
    sqlx::query("UPDATE user_sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL")
        .bind(user)
        .bind(now)
        .execute(&mut *tx)
        .await?;
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
