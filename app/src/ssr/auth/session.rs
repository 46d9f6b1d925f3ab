//! What the session holds: the logged-in person (`Auth`), the logins in progress, the settings
//! of sessions, and the checks every request makes of them (lifetime, idle time, role).
use super::{client_address, random_token, Action, Audit, Client};
use crate::error::AppError;
use crate::identity::{Level, Me, Role};
use crate::ssr::Db;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tower_sessions::Session;

pub use crate::ssr::outbox::now_ms;

/// The session key of the logged-in person.
pub const KEY_AUTH: &str = "auth";
/// The session key of an e-mail login waiting for its code.
pub const KEY_LOGIN: &str = "login";
/// The page a login returns to (`/login?next=…`, checked by `accounts::safe_return_path`).
pub const KEY_NEXT: &str = "next";
/// The session key of the CSRF token the forms carry.
pub const KEY_CSRF: &str = "csrf";
/// The session key of a staff login waiting for its second factor.
pub const KEY_MFA: &str = "mfa";
/// The session key of an e-mail change waiting for its code.
pub const KEY_EMAIL_CHANGE: &str = "email_change";
/// The session key of recovery codes to show once.
pub const KEY_RECOVERY: &str = "recovery";
/// When the session was last written, so the idle timeout is extended at most once a minute.
pub const KEY_TOUCHED: &str = "touched";

pub const HOUR_MS: i64 = 3_600_000;

/// Account settings from the server's configuration, provided as context.
#[derive(Clone)]
pub struct AuthSettings {
    /// The installation's secret key: the login-code hashes are keyed with it.
    pub secret: Arc<[u8]>,
    /// R-AC-2: how long a code is valid (default 60 minutes).
    pub code_minutes: i64,
    /// Codes one address may be sent per hour.
    pub codes_per_address_per_hour: i64,
    /// Codes one client address may ask for per hour.
    pub codes_per_client_per_hour: i64,
    /// Absolute session lifetime after login.
    pub session_max_secs: i64,
    /// Idle timeout of a session.
    pub session_idle_secs: i64,
    /// The clock session ages (idle and absolute) are counted on: the system clock (the
    /// black-box tests move a pinned one instead of sleeping).
    pub clock: crate::ssr::Clock,
    /// A header with the client's address set by a trusted reverse proxy (its last value is
    /// taken); none: the TCP peer.
    pub client_ip_header: Option<String>,
    /// The site is served over https: cookies are `Secure` and `__Host-` prefixed.
    pub secure_cookies: bool,
}

impl std::fmt::Debug for AuthSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthSettings")
            .field("code_minutes", &self.code_minutes)
            .finish_non_exhaustive()
    }
}

/// Whether a national e-ID provider is configured (the login page offers it only then).
#[derive(Clone, Copy, Debug)]
pub struct EidEnabled(pub bool);

/// The logged-in person, as the session remembers them.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Auth {
    pub user_id: i64,
    pub level: Level,
    pub login_at_ms: i64,
    /// This login's row in `user_sessions` (the devices list). A session from before that
    /// table has none and is logged out.
    #[serde(default)]
    pub device: String,
    /// The second factor was given at this login (issue #21.3). A staff role's session without
    /// it (a person made staff while logged in, or a session from before the flag) is ended.
    #[serde(default)]
    pub second_factor: bool,
}

/// An e-mail login waiting for its code, as the session remembers it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PendingLogin {
    pub attempt: String,
    pub email: String,
}

/// A staff login past its e-mail code, waiting for the second factor.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PendingMfa {
    pub user_id: i64,
    pub level: Level,
    pub started_ms: i64,
    /// At enrolment: the new secret (base64url), kept here until a code proves the app has it.
    pub enroll_secret: Option<String>,
}

pub fn settings() -> Result<AuthSettings, AppError> {
    use_context::<AuthSettings>().ok_or_else(|| AppError::internal("AuthSettings not provided"))
}

/// This request's session (the server wraps pages and server functions in the session layer).
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(AppError::internal)
}

/// True when a session last used at `touched` (ms) has been idle past its timeout at `now`.
pub fn idle_too_long(now: i64, touched: i64, idle_secs: i64) -> bool {
    now - touched > idle_secs * 1000
}

/// The logged-in person, or `None`. A session past its absolute lifetime, of a deleted user or
/// whose device entry was ended ("log out my other devices", "end this session") is ended here.
pub async fn current(
    s: &Session,
    db: &Db,
    settings: &AuthSettings,
) -> Result<Option<(Auth, Me)>, AppError> {
    let auth = match s.get::<Auth>(KEY_AUTH).await {
        Ok(Some(auth)) => auth,
        Ok(None) => return Ok(None),
        // Written by an older version in another shape: logged out, not an error page.
        Err(tower_sessions::session::Error::SerdeJson(_)) => {
            s.flush().await?;
            return Ok(None);
        }
        Err(e) => return Err(AppError::internal(e)),
    };
    let now = settings.clock.now_ms();
    let touched = s
        .get::<i64>(KEY_TOUCHED)
        .await
        .ok()
        .flatten()
        .unwrap_or(auth.login_at_ms);
    if now - auth.login_at_ms > settings.session_max_secs * 1000
        || idle_too_long(now, touched, settings.session_idle_secs)
    {
        s.flush().await?;
        return Ok(None);
    }
    /// The person of a live session, and when the session was last seen.
    #[derive(sqlx::FromRow)]
    struct Person {
        email: Option<String>,
        first_name: Option<String>,
        surname: Option<String>,
        phone: Option<String>,
        role: Role,
        last_seen_at: i64,
    }
    let row = sqlx::query_as::<_, Person>(
        "SELECT u.email, u.first_name, u.surname, u.phone, u.role, d.last_seen_at \
         FROM users u JOIN user_sessions d ON d.user_id = u.id \
         WHERE u.id = $1 AND d.id = $2 AND d.ended_at IS NULL",
    )
    .bind(auth.user_id)
    .bind(&auth.device)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        s.flush().await?;
        return Ok(None);
    };
    if now - row.last_seen_at >= 60_000 {
        sqlx::query("UPDATE user_sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&auth.device)
            .execute(&db.pool)
            .await?;
    }
    let role = row.role;
    // Every staff check goes through here: a staff role needs a login with the second factor.
    if role.is_staff() && !auth.second_factor {
        s.flush().await?;
        return Ok(None);
    }
    let offices: Vec<String> = if !role.is_staff() {
        Vec::new()
    } else {
        sqlx::query_scalar(
            "SELECT o.name FROM staff_offices so JOIN offices o ON o.id = so.office_id \
             WHERE so.user_id = $1 ORDER BY o.position, o.name",
        )
        .bind(auth.user_id)
        .fetch_all(&db.pool)
        .await?
    };
    let me = Me {
        offices,
        email: row.email,
        first_name: row.first_name,
        surname: row.surname,
        phone: row.phone,
        role,
        level: auth.level,
    };
    Ok(Some((auth, me)))
}

/// Like `current`, but a missing login is an error.
pub async fn require_login(
    s: &Session,
    db: &Db,
    settings: &AuthSettings,
) -> Result<(Auth, Me), AppError> {
    current(s, db, settings).await?.ok_or(AppError::NotLoggedIn)
}

/// Like `require_login`, but the person's role must be one of `roles` (staff pages). Staff
/// sessions exist only after the second factor, so this also keeps out a staff member who has
/// given only the e-mail code. A refusal is audited.
pub async fn require_role(
    s: &Session,
    db: &Db,
    settings: &AuthSettings,
    roles: &[Role],
) -> Result<(Auth, Me), AppError> {
    let (auth, me) = require_login(s, db, settings).await?;
    if !roles.contains(&me.role) {
        let mut conn = db.pool.acquire().await?;
        let needs: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        let detail = serde_json::json!({ "role": me.role.as_str(), "needs": needs });
        return Err(Audit::by(Some(auth.user_id), client_address(settings))
            .refused(
                &mut conn,
                Action::AuthzDenied,
                None,
                detail,
                AppError::Forbidden,
            )
            .await);
    }
    Ok((auth, me))
}

/// The ids of the offices a staff member works for.
pub async fn office_ids(db: &Db, user_id: i64) -> Result<Vec<i64>, AppError> {
    sqlx::query_scalar("SELECT office_id FROM staff_offices WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await
        .map_err(AppError::internal)
}

/// Logs the person in: a new session id (the old one may have been seen by someone else), a
/// new entry in their devices list, the pending login dropped, a new CSRF token.
pub async fn log_in(
    s: &Session,
    db: &Db,
    settings: &AuthSettings,
    user_id: i64,
    level: Level,
    second_factor: bool,
    client: &Client,
) -> Result<(), AppError> {
    let now = settings.clock.now_ms();
    let device = random_token(18);
    sqlx::query(
        "INSERT INTO user_sessions (id, user_id, level, created_at, last_seen_at, user_agent, \
         client) VALUES ($1, $2, $3, $4, $4, $5, $6)",
    )
    .bind(&device)
    .bind(user_id)
    .bind(level.as_str())
    .bind(now)
    .bind(&client.user_agent)
    .bind(&client.address)
    .execute(&db.pool)
    .await?;
    s.cycle_id().await?;
    s.set_expiry(Some(idle_expiry(settings.session_idle_secs)));
    let _ = s.remove::<PendingLogin>(KEY_LOGIN).await?;
    let _ = s.remove::<PendingMfa>(KEY_MFA).await?;
    let auth = Auth { user_id, level, login_at_ms: now, device, second_factor };
    s.insert(KEY_AUTH, &auth).await?;
    s.insert(KEY_CSRF, random_token(32)).await?;
    s.insert(KEY_TOUCHED, now).await?;
    Ok(())
}

/// Ends one login (a device's session row) at `now`: the next request from it is logged out.
pub async fn end_session(
    conn: &mut sqlx::AnyConnection,
    device: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE user_sessions SET ended_at = $2 WHERE id = $1")
        .bind(device)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every open login of `user_id` at `now` (their role or offices changed: what was
/// opened with the old rights goes).
pub async fn end_all_sessions(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE user_sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL")
        .bind(user_id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// A session that ends after `secs` without use.
pub fn idle_expiry(secs: i64) -> tower_sessions::Expiry {
    tower_sessions::Expiry::OnInactivity(tower_sessions::cookie::time::Duration::seconds(secs))
}
