//! Staff tools (issue #4: items 2, 5 and 8): officers correct an applicant's names (R-AC-4),
//! office admins manage the staff of their offices and search the audit log.
//!
//! Every function checks the caller's role on the server (`require_role`) and scopes what it
//! touches to the caller's offices; an object outside them is "not found".
mod audit_log;
mod people;
mod staff_admin;

pub use audit_log::{search_audit, SearchAudit};
pub use people::{find_person, set_names, FindPerson, SetNames};
pub use staff_admin::{
    add_staff, remove_staff, staff_overview, AddStaff, RemoveStaff, StaffOverview,
};

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OfficeRef {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: i64,
    pub email: Option<String>,
    /// "First Surname", empty before the first login's contact form.
    pub name: String,
    pub role: crate::identity::Role,
    pub offices: Vec<OfficeRef>,
    /// The second factor is set up.
    pub enrolled: bool,
    pub is_me: bool,
}

/// The admin's offices and everyone working for them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffList {
    pub offices: Vec<OfficeRef>,
    pub members: Vec<StaffMember>,
}

/// An applicant as an officer sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub surname: Option<String>,
    pub phone: Option<String>,
    /// Logged in with the national e-ID at least once (has a personal code).
    pub identified: bool,
    /// Lithuanian local date of the account's creation.
    pub since: String,
}

/// One audit entry as the admin page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// Lithuanian local time, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    /// The actor's e-mail, `#<id>` for a deleted account, empty for the system.
    pub actor: String,
    pub subject: String,
    pub action: String,
    pub detail: String,
    pub client: String,
}

/// One page of the audit log, newest first; `older` continues below the last entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub older: Option<i64>,
}

/// The office a staff page asked for (`office`, an id) among the staff member's `offices`: the
/// first when none was asked for, `NotFound` for one that is not theirs (or not a number).
pub fn chosen_office(
    offices: &[OfficeRef],
    office: &str,
) -> Result<Option<i64>, crate::error::AppError> {
    use crate::error::AppError;
    match office.trim() {
        "" => Ok(offices.first().map(|o| o.id)),
        id => {
            let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
            offices
                .iter()
                .find(|o| o.id == id)
                .map(|o| Some(o.id))
                .ok_or(AppError::NotFound)
        }
    }
}

#[cfg(feature = "ssr")]
/// The offices a staff member works for, in display order (the worklist's and the day view's
/// office choice).
pub async fn offices_of(
    db: &crate::ssr::Db,
    user_id: i64,
) -> Result<Vec<OfficeRef>, crate::error::AppError> {
    Ok(sqlx::query_as(
        "SELECT o.id, o.name FROM offices o JOIN staff_offices s ON s.office_id = o.id \
         WHERE s.user_id = $1 ORDER BY o.position, o.name",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::{chosen_office, OfficeRef};
    use crate::error::AppError;

    #[test]
    fn a_staff_page_chooses_only_among_the_members_offices() {
        let mine = [
            OfficeRef { id: 4, name: "Vilnius".into() },
            OfficeRef { id: 9, name: "Kaunas".into() },
        ];
        assert_eq!(chosen_office(&mine, " "), Ok(Some(4)));
        assert_eq!(chosen_office(&mine, "9"), Ok(Some(9)));
        assert_eq!(chosen_office(&mine, "5"), Err(AppError::NotFound));
        assert_eq!(chosen_office(&mine, "x"), Err(AppError::NotFound));
        assert_eq!(chosen_office(&[], ""), Ok(None));
    }
}
