use super::*;

/// The admin's offices and the staff working for them (issue #4.5).
#[server(endpoint = "admin/staff")]
pub async fn staff_overview() -> Result<StaffList, AppError> {
    use crate::identity::{full_name, Role};
    use crate::ssr::auth::Caller;
    use crate::staff::{OfficeRef, StaffMember};

    /// A staff member and one of their offices.
    #[derive(sqlx::FromRow)]
    struct MemberOffice {
        id: i64,
        email: Option<String>,
        first_name: Option<String>,
        surname: Option<String>,
        role: Role,
        enrolled: i64,
        office_id: i64,
        office_name: String,
    }

    let Caller { db, auth, .. } = Caller::staff(None, Role::ADMINS).await?;
    let offices = crate::staff::offices_of(&db, auth.user_id).await?;
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
        let office = OfficeRef { id: r.office_id, name: r.office_name };
        if let Some(m) = members.last_mut().filter(|m| m.id == id) {
            m.offices.push(office);
            continue;
        }
        members.push(StaffMember {
            id,
            email: r.email,
            name: full_name(r.first_name, r.surname),
            role: r.role,
            offices: vec![office],
            enrolled: r.enrolled == 1,
            is_me: id == auth.user_id,
        });
    }
    Ok(StaffList { offices, members })
}
