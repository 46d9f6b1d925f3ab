//! The server side of accounts (issue #4): what the session holds, CSRF tokens, the keyed hash
//! of login codes, database-backed rate limits, the client's address, the request's language
//! and the audit log.
//!
//! Session and code times use the real clock (`outbox::now_ms`): they are security timers,
//! never the pinned legal clock of `VARTAI_NOW`.
use crate::accounts::{Level, Me};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ssr::Db;
use base64::Engine;
use hmac::{Hmac, Mac};
use leptos::prelude::*;
use rand::{Rng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use sqlx::{AnyConnection, Row};
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
    pub clock: super::Clock,
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

/// `n` random bytes from the OS CSPRNG, base64url.
pub fn random_token(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// R-AC-2: a 6-digit code from the OS CSPRNG (uniform over 000000…999999).
pub fn random_code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32))
}

fn code_mac(secret: &[u8], attempt: &str, code: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"vartai login code\0");
    mac.update(attempt.as_bytes());
    mac.update(b"\0");
    mac.update(code.as_bytes());
    mac
}

/// The stored form of a code: HMAC-SHA256 keyed with the secret key, bound to its attempt.
pub fn code_hash(secret: &[u8], attempt: &str, code: &str) -> String {
    let tag = code_mac(secret, attempt, code).finalize().into_bytes();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(tag)
}

/// Compares in constant time.
pub fn code_matches(secret: &[u8], attempt: &str, code: &str, stored: &str) -> bool {
    match base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(stored) {
        Ok(tag) => code_mac(secret, attempt, code).verify_slice(&tag).is_ok(),
        Err(_) => false,
    }
}

/// Equality that takes the same time wherever the inputs differ (tokens, codes).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The session's CSRF token; with `create`, one is made (and the session with it).
pub async fn csrf_token(s: &Session, create: bool) -> Result<String, AppError> {
    if let Some(t) = s.get::<String>(KEY_CSRF).await? {
        return Ok(t);
    }
    if !create {
        return Ok(String::new());
    }
    let t = random_token(32);
    s.insert(KEY_CSRF, &t).await?;
    Ok(t)
}

/// Every state-changing server function starts here: the form must carry this session's token.
pub async fn check_csrf(s: &Session, token: &str) -> Result<(), AppError> {
    let expected = s.get::<String>(KEY_CSRF).await?;
    match expected {
        Some(e) if !token.is_empty() && constant_time_eq(e.as_bytes(), token.as_bytes()) => Ok(()),
        _ => Err(AppError::FormExpired),
    }
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
    let row = sqlx::query(
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
    let last_seen: i64 = row.try_get("last_seen_at")?;
    if now - last_seen >= 60_000 {
        sqlx::query("UPDATE user_sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&auth.device)
            .execute(&db.pool)
            .await?;
    }
    let role: String = row.try_get("role")?;
    // Every staff check goes through here: a staff role needs a login with the second factor.
    if role != "applicant" && !auth.second_factor {
        s.flush().await?;
        return Ok(None);
    }
    let offices: Vec<String> = if role == "applicant" {
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
        email: row.try_get("email")?,
        first_name: row.try_get("first_name")?,
        surname: row.try_get("surname")?,
        phone: row.try_get("phone")?,
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
    roles: &[&str],
) -> Result<(Auth, Me), AppError> {
    let (auth, me) = require_login(s, db, settings).await?;
    if !roles.contains(&me.role.as_str()) {
        let mut conn = db.pool.acquire().await?;
        audit(
            &mut conn,
            Some(auth.user_id),
            None,
            "authz.denied",
            &format!("role={} needs={}", me.role, roles.join("|")),
            &client_address(settings),
        )
        .await?;
        return Err(AppError::Forbidden);
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

/// The offices a staff member works for, in display order (the worklist's and the day view's
/// office choice).
pub async fn offices_of(db: &Db, user_id: i64) -> Result<Vec<crate::staff::OfficeRef>, AppError> {
    use sqlx::Row;
    sqlx::query(
        "SELECT o.id, o.name FROM offices o JOIN staff_offices s ON s.office_id = o.id \
         WHERE s.user_id = $1 ORDER BY o.position, o.name",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .map(|r| {
        Ok(crate::staff::OfficeRef {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
        })
    })
    .collect()
}

/// Where a request came from, for the devices list and the audit log.
#[derive(Clone, Debug, Default)]
pub struct Client {
    /// The client's address (`client_address_of`).
    pub address: String,
    /// The `User-Agent` header, at most 300 characters.
    pub user_agent: String,
}

impl Client {
    pub fn of(settings: &AuthSettings, parts: &http::request::Parts) -> Self {
        let user_agent = parts
            .headers
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .chars()
            .take(300)
            .collect();
        Client {
            address: client_address_of(settings, parts),
            user_agent,
        }
    }

    /// This server function's or page's request.
    pub fn current(settings: &AuthSettings) -> Self {
        use_context::<http::request::Parts>()
            .map(|p| Client::of(settings, &p))
            .unwrap_or_default()
    }
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
    let auth = Auth {
        user_id,
        level,
        login_at_ms: now,
        device,
        second_factor,
    };
    s.insert(KEY_AUTH, &auth).await?;
    s.insert(KEY_CSRF, random_token(32)).await?;
    s.insert(KEY_TOUCHED, now).await?;
    Ok(())
}

/// A session that ends after `secs` without use.
pub fn idle_expiry(secs: i64) -> tower_sessions::Expiry {
    tower_sessions::Expiry::OnInactivity(tower_sessions::cookie::time::Duration::seconds(secs))
}

/// Starts a code attempt (R-AC-2) in the caller's transaction: a new attempt id and a new
/// code, of which only the keyed hash is stored. Returns (attempt id, code).
pub async fn new_attempt(
    conn: &mut AnyConnection,
    settings: &AuthSettings,
    email: &str,
    locale: &str,
) -> Result<(String, String), AppError> {
    let attempt = random_token(18);
    let code = random_code();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO login_attempts (id, email, code_hash, locale, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&attempt)
    .bind(email)
    .bind(code_hash(&settings.secret, &attempt, &code))
    .bind(locale)
    .bind(now)
    .bind(now + settings.code_minutes * 60_000)
    .execute(conn)
    .await?;
    Ok((attempt, code))
}

/// Checks a typed code against its attempt (R-AC-2) and uses the attempt up when it is right;
/// returns the attempt's locale. A wrong code costs one of five tries (one conditional write,
/// so two wrong guesses at once count twice); expired, used or dead attempts are refused.
pub async fn use_code(
    db: &Db,
    settings: &AuthSettings,
    attempt: &str,
    typed: &str,
) -> Result<String, AppError> {
    use crate::accounts::{normalize_code, MAX_CODE_CHECKS_PER_HOUR, MAX_CODE_TRIES};
    use crate::rules::{Field, RuleError, RuleErrorKind};
    let Some(code) = normalize_code(typed) else {
        return Err(AppError::Invalid {
            errors: vec![RuleError::new(
                Field::LoginCode,
                RuleErrorKind::InvalidFormat,
            )],
            entered: vec![("code".into(), typed.to_string())],
        });
    };
    let now = now_ms();
    let row = sqlx::query(
        "SELECT code_hash, expires_at, tries, used_at, locale, email FROM login_attempts \
         WHERE id = $1",
    )
    .bind(attempt)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NoLogin)?;
    let stored: String = row.try_get("code_hash")?;
    let expires_at: i64 = row.try_get("expires_at")?;
    let tries: i64 = row.try_get("tries")?;
    let used_at: Option<i64> = row.try_get("used_at")?;
    let locale: String = row.try_get("locale")?;
    if used_at.is_some() {
        return Err(AppError::NoLogin);
    }
    if tries >= MAX_CODE_TRIES {
        return Err(AppError::Locked);
    }
    if now >= expires_at {
        return Err(AppError::CodeExpired);
    }
    // Issue #21.4: each address has a budget of code checks per clock hour, across all its
    // attempts, reserved before the check like the tries (without it, five codes an hour of
    // five tries each are 25 guesses). Whoever burns it for someone else's address locks them
    // out until the hour ends and no longer — as asking for their five codes an hour already
    // can; the codes' 60-minute lifetime (R-AC-2) is safe against guessing only with it.
    let email: String = row.try_get("email")?;
    let hour_now = settings.clock.now_ms();
    let window = hour_now - hour_now.rem_euclid(HOUR_MS);
    if count_hit(db, &format!("code-checks:{email}"), window).await? > MAX_CODE_CHECKS_PER_HOUR {
        let left_ms = window + HOUR_MS - hour_now;
        return Err(AppError::TooMany {
            retry_after_minutes: u32::try_from((left_ms + 59_999) / 60_000).unwrap_or(60),
        });
    }
    if !code_matches(&settings.secret, attempt, &code, &stored) {
        let counted: Option<i64> = sqlx::query_scalar(
            "UPDATE login_attempts SET tries = tries + 1 \
             WHERE id = $1 AND tries < $2 AND used_at IS NULL RETURNING tries",
        )
        .bind(attempt)
        .bind(MAX_CODE_TRIES)
        .fetch_optional(&db.pool)
        .await?;
        return match counted {
            Some(t) if t < MAX_CODE_TRIES => Err(AppError::WrongCode {
                tries_left: u32::try_from(MAX_CODE_TRIES - t).unwrap_or(0),
            }),
            _ => Err(AppError::Locked),
        };
    }
    // Single use: only one request can turn `used_at` from NULL.
    let claimed = sqlx::query(
        "UPDATE login_attempts SET used_at = $2 \
         WHERE id = $1 AND used_at IS NULL AND tries < $3 AND expires_at > $2",
    )
    .bind(attempt)
    .bind(now)
    .bind(MAX_CODE_TRIES)
    .execute(&db.pool)
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(AppError::NoLogin);
    }
    Ok(locale)
}

/// Counts one hit in `bucket`'s current fixed window, shared by every server instance through
/// the database; refuses when the window already had `max`.
pub async fn rate_limit(
    db: &Db,
    bucket: &str,
    max: i64,
    window_ms: i64,
    now: i64,
) -> Result<(), AppError> {
    let window_start = now - now.rem_euclid(window_ms);
    let hits: i64 = sqlx::query_scalar(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 \
         RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(&db.pool)
    .await?;
    if hits > max {
        let minutes = (window_start + window_ms - now + 59_999) / 60_000;
        return Err(AppError::TooMany {
            retry_after_minutes: u32::try_from(minutes.max(1)).unwrap_or(60),
        });
    }
    Ok(())
}

/// The hits counted so far in `bucket`'s window starting at `window_start` (0 if none).
pub async fn hits(db: &Db, bucket: &str, window_start: i64) -> Result<i64, AppError> {
    let n: Option<i64> =
        sqlx::query_scalar("SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start = $2")
            .bind(bucket)
            .bind(window_start)
            .fetch_optional(&db.pool)
            .await?;
    Ok(n.unwrap_or(0))
}

/// Counts one hit in `bucket`'s window starting at `window_start`; returns the new count.
pub async fn count_hit(db: &Db, bucket: &str, window_start: i64) -> Result<i64, AppError> {
    sqlx::query_scalar(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 \
         RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(&db.pool)
    .await
    .map_err(AppError::internal)
}

/// The limits on sending a code to `address` (login or e-mail change alike): per address and
/// per client address, per hour.
pub async fn limit_code_requests(
    db: &Db,
    settings: &AuthSettings,
    address: &str,
    now: i64,
) -> Result<(), AppError> {
    rate_limit(
        db,
        &format!("login-email:{address}"),
        settings.codes_per_address_per_hour,
        HOUR_MS,
        now,
    )
    .await?;
    rate_limit(
        db,
        &format!("login-client:{}", client_address(settings)),
        settings.codes_per_client_per_hour,
        HOUR_MS,
        now,
    )
    .await
}

/// The client's address for rate limits and the audit log. IPv6 clients are grouped by their
/// /64 network (one household or phone gets a whole /64).
pub fn client_address(settings: &AuthSettings) -> String {
    use_context::<http::request::Parts>()
        .map(|p| client_address_of(settings, &p))
        .unwrap_or_default()
}

/// The client's address of a request (see `client_address`).
pub fn client_address_of(settings: &AuthSettings, parts: &http::request::Parts) -> String {
    use std::net::{IpAddr, SocketAddr};
    let from_header = settings.client_ip_header.as_ref().and_then(|h| {
        parts
            .headers
            .get(h.as_str())
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
    });
    let ip = from_header.or_else(|| {
        parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
    });
    match ip {
        Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Some(IpAddr::V6(v6)) => v6
            .to_ipv4_mapped()
            .map(|v4| v4.to_string())
            .unwrap_or_default(),
        Some(ip) => ip.to_string(),
        None => String::new(),
    }
}

/// The language of this request: the remembered choice (cookie), else `Accept-Language`.
pub fn request_locale() -> Locale {
    // Without a choice or a header: English, as the pages themselves (leptos_i18n's default).
    use_context::<http::request::Parts>()
        .map(|parts| crate::locale::locale_of_headers(&parts.headers))
        .unwrap_or(Locale::en)
}

/// One audit entry, in the caller's transaction.
pub async fn audit(
    conn: &mut AnyConnection,
    actor: Option<i64>,
    subject: Option<i64>,
    action: &str,
    detail: &str,
    client: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, subject_id, action, detail, client) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now_ms())
    .bind(actor)
    .bind(subject)
    .bind(action)
    .bind(detail)
    .bind(client)
    .execute(conn)
    .await?;
    Ok(())
}

/// Audits a step of a login by address (a code sent, a code refused, a limit hit): the subject
/// is the account of that address if there is one, and the address itself appears masked.
pub async fn audit_login(
    conn: &mut AnyConnection,
    email: &str,
    action: &str,
    reason: &str,
    client: &str,
) -> Result<(), sqlx::Error> {
    let subject: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(&mut *conn)
        .await?;
    let mut detail = format!("email={}", crate::accounts::mask_email(email));
    if !reason.is_empty() {
        detail.push_str(" reason=");
        detail.push_str(reason);
    }
    audit(conn, None, subject, action, &detail, client).await
}

/// The reason word of a refused code, for the audit log.
pub fn refusal_reason(e: &AppError) -> &'static str {
    match e {
        AppError::Invalid { .. } => "invalid",
        AppError::WrongCode { .. } => "wrong_code",
        AppError::CodeExpired => "expired",
        AppError::Locked => "locked",
        AppError::NoLogin => "no_login",
        AppError::TooMany { .. } => "rate_limited",
        _ => "other",
    }
}

/// Where a login that has just succeeded sends its person: the page they were sent to log in
/// from (taken from the session once), else their account.
pub async fn after_login(s: &Session) -> Result<String, AppError> {
    let next = s.remove::<String>(KEY_NEXT).await?;
    Ok(next
        .and_then(|n| crate::accounts::safe_return_path(&n))
        .unwrap_or_else(|| "/account".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_ac_2_code_hashes_are_keyed_and_bound_to_their_attempt() {
        let h = code_hash(b"key one", "attempt-a", "123456");
        assert!(code_matches(b"key one", "attempt-a", "123456", &h));
        assert!(!code_matches(b"key one", "attempt-a", "123457", &h));
        assert!(!code_matches(b"key one", "attempt-b", "123456", &h));
        assert!(!code_matches(b"key two", "attempt-a", "123456", &h));
        assert!(!code_matches(
            b"key one",
            "attempt-a",
            "123456",
            "not base64!"
        ));
        assert!(!h.contains("123456"));
    }

    #[test]
    fn r_ac_2_codes_are_six_digits_and_vary() {
        let codes: std::collections::HashSet<String> = (0..200).map(|_| random_code()).collect();
        assert!(codes
            .iter()
            .all(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit())));
        assert!(
            codes.len() > 190,
            "200 draws from a million should rarely repeat"
        );
    }

    #[test]
    fn constant_time_comparison_is_equality() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
