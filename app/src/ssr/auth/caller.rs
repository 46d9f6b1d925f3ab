//! The caller guard (issue #24.2): every server function that needs a logged-in person opens
//! with one line that checks the form's token, the session and the role, and hands back what
//! the function works with.
//!
//! ```ignore
//! let Caller { db, auth, .. } = Caller::person(Some(&csrf)).await?;
//! let Caller { db, auth, audit, .. } = Caller::staff(None, Role::CASE_HANDLERS).await?;
//! audit.record(&mut tx, Action::StaffAdd, Some(person), detail).await?;
//! ```
//!
//! The order of the checks is the order every function used to write by hand: the form's token
//! first (a stale form is "reload the page", not "log in"), then the login, then the role (a
//! refused role is audited).
use super::{check_csrf, client_address, require_login, require_role, session, settings};
use super::{Audit, Auth, AuthSettings};
use crate::error::AppError;
use crate::identity::{Me, Role};
use crate::ssr::Db;
use tower_sessions::Session;

/// A logged-in person calling a server function, with what the function needs.
pub struct Caller {
    pub session: Session,
    pub db: Db,
    pub settings: AuthSettings,
    /// The login (the user's id, how they logged in, this device).
    pub auth: Auth,
    /// The person as pages see them (names, role, offices).
    pub me: Me,
    /// Writes this person's acts to the audit log, with the request's address.
    pub audit: Audit,
}

impl Caller {
    /// Anyone logged in. `csrf`: the form's token, for a function that changes something;
    /// `None` for one that only reads.
    pub async fn person(csrf: Option<&str>) -> Result<Caller, AppError> {
        let (session, db, settings) = Self::open(csrf).await?;
        let (auth, me) = require_login(&session, &db, &settings).await?;
        Ok(Self::of(session, db, settings, auth, me))
    }

    /// A staff member with one of `roles` (a refusal is audited).
    pub async fn staff(csrf: Option<&str>, roles: &[Role]) -> Result<Caller, AppError> {
        let (session, db, settings) = Self::open(csrf).await?;
        let (auth, me) = require_role(&session, &db, &settings, roles).await?;
        Ok(Self::of(session, db, settings, auth, me))
    }

    fn of(session: Session, db: Db, settings: AuthSettings, auth: Auth, me: Me) -> Caller {
        let audit = Audit::by(Some(auth.user_id), client_address(&settings));
        Caller { session, db, settings, auth, me, audit }
    }

    async fn open(csrf: Option<&str>) -> Result<(Session, Db, AuthSettings), AppError> {
        let session = session().await?;
        if let Some(token) = csrf {
            check_csrf(&session, token).await?;
        }
        Ok((session, crate::ssr::db()?, settings()?))
    }
}
