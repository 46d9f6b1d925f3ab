//! The server side of the e-mail code login (R-AC-2, issue #21.4): code attempts, their checks
//! and limits, the audit of each step and where a finished login goes.
use crate::error::AppError;
use crate::ssr::auth::{
    client_address, code_hash, code_matches, count_hit, now_ms, random_code, random_token,
    rate_limit, Action, Audit, AuthSettings, HOUR_MS, KEY_NEXT,
};
use crate::ssr::Db;
use sqlx::AnyConnection;
use tower_sessions::Session;

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

/// A new code attempt for `address` (`new_attempt`) and its letter in the outbox, in the
/// caller's transaction: `letter(locale, mark, minutes)` writes the text with a mark where the
/// code goes, and the code is stored apart from it, sealed, and cleared once delivered (issue
/// #21.4). `event` names the message; the attempt's id is appended. Returns (attempt, code).
pub async fn email_code(
    conn: &mut AnyConnection,
    settings: &AuthSettings,
    address: &str,
    locale: crate::i18n::Locale,
    event: &str,
    letter: fn(crate::i18n::Locale, &str, i64) -> (String, String),
) -> Result<String, AppError> {
    use crate::locale::locale_code;
    use crate::ssr::outbox::{enqueue_secret, Channel, Notice, SECRET_MARK};
    let (attempt, code) = new_attempt(conn, settings, address, locale_code(locale)).await?;
    let (subject, body) = letter(locale, SECRET_MARK, settings.code_minutes);
    let notice = Notice {
        event: &format!("{event}:{attempt}"),
        channel: Channel::Email,
        recipient: address,
        locale: locale_code(locale),
        subject: &subject,
        body: &body,
    };
    enqueue_secret(conn, &notice, &code, &settings.secret).await?;
    Ok(attempt)
}

/// The address a code goes to: a valid e-mail address (else the form comes back with the
/// field's message and what was typed), lower-cased, so that one account is one address
/// however it is capitalised.
pub fn code_address(email: &str) -> Result<String, AppError> {
    crate::rules::validate_email(email)
        .map(|a| a.to_lowercase())
        .map_err(|e| AppError::Invalid {
            errors: vec![e],
            entered: vec![("email".into(), email.to_string())],
        })
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
    use super::{normalize_code, MAX_CODE_CHECKS_PER_HOUR, MAX_CODE_TRIES};
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
    let (stored, expires_at, tries, used_at, locale, email) =
        sqlx::query_as::<_, (String, i64, i64, Option<i64>, String, String)>(
            "SELECT code_hash, expires_at, tries, used_at, locale, email FROM login_attempts \
             WHERE id = $1",
        )
        .bind(attempt)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NoLogin)?;
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

/// Audits a step of a login by address (a code sent, a code refused, a limit hit): the subject
/// is the account of that address if there is one, and the address itself appears masked.
pub async fn audit_login(
    conn: &mut AnyConnection,
    email: &str,
    action: Action,
    reason: &str,
    client: &str,
) -> Result<(), sqlx::Error> {
    let subject: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(&mut *conn)
        .await?;
    let mut detail = serde_json::json!({ "email": super::mask_email(email) });
    if !reason.is_empty() {
        detail["reason"] = reason.into();
    }
    Audit::by(None, client)
        .record(conn, action, subject, detail)
        .await
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
        .and_then(|n| super::safe_return_path(&n))
        .unwrap_or_else(|| "/account".to_string()))
}

/// An e-mail that carries a one-time code, in `locale`: the greeting, `code_line` (the code, in
/// a sentence of its own), how many minutes it is valid, what to do if it was not you, that we
/// never ask for a code, and the site's name. The login and the e-mail change send it.
pub fn code_letter(
    locale: crate::i18n::Locale,
    subject: String,
    code_line: String,
    minutes: i64,
) -> (String, String) {
    use leptos_i18n::td_string;
    let minutes = u32::try_from(minutes).unwrap_or(60);
    let body = [
        td_string!(locale.letters(), account.mail.greeting).to_string(),
        String::new(),
        code_line,
        td_string!(locale.letters(), account.mail.valid, count = minutes).to_string(),
        String::new(),
        td_string!(locale.letters(), account.mail.not_you).to_string(),
        td_string!(locale.letters(), account.mail.never_ask).to_string(),
        String::new(),
        td_string!(locale, site.name).to_string(),
    ]
    .join("\n");
    (subject, body)
}
