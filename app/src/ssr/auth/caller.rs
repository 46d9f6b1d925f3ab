//! The caller guard (issue #24.2): every server function that needs a logged-in person opens
//! with one line that checks the form's token, the session and the role, and hands back what
//! the function works with.
//!
//! ```ignore
//! let Caller { db, auth, .. } = Caller::person(Some(&csrf)).await?;
//! let Caller { db, auth, .. } = Caller::staff(None, Role::CASE_HANDLERS).await?;
//! ```
//!
//! The order of the checks is the order every function used to write by hand: the form's token
//! first (a stale form is "reload the page", not "log in"), then the login, then the role (a
//! refused role is audited).
use super::{check_csrf, require_login, require_role, session, settings};
use super::{Auth, AuthSettings};
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
}

impl Caller {
    /// Anyone logged in. `csrf`: the form's token, for a function that changes something;
    /// `None` for one that only reads.
    pub async fn person(csrf: Option<&str>) -> Result<Caller, AppError> {
        let (session, db, settings) = Self::open(csrf).await?;
        let (auth, me) = require_login(&session, &db, &settings).await?;
        Ok(Caller {
            session,
            db,
            settings,
            auth,
            me,
        })
    }

    /// A staff member with one of `roles` (a refusal is audited).
    pub async fn staff(csrf: Option<&str>, roles: &[Role]) -> Result<Caller, AppError> {
        let (session, db, settings) = Self::open(csrf).await?;
        let (auth, me) = require_role(&session, &db, &settings, roles).await?;
        Ok(Caller {
            session,
            db,
            settings,
            auth,
            me,
        })
    }

    async fn open(csrf: Option<&str>) -> Result<(Session, Db, AuthSettings), AppError> {
        let session = session().await?;
        if let Some(token) = csrf {
            check_csrf(&session, token).await?;
        }
        Ok((session, crate::ssr::db()?, settings()?))
    }
}
