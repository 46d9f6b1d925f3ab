use super::AccountError;
use leptos::prelude::*;

/// R-AC-2, step 2: checks the code against the attempt this browser started. Right: the person
/// is logged in (their account is created on the first login) and sent to their account page.
/// Wrong: one of five tries is used. Expired, used or dead attempts start again from step 1.
#[server(endpoint = "account/verify-code")]
pub async fn verify_code(code: String, csrf: String) -> Result<(), AccountError> {
    use super::{normalize_code, Level, MAX_CODE_TRIES as MAX_TRIES};
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{
        audit, check_csrf, client_address, code_matches, db, log_in, now_ms, server_err, session,
        settings, Auth, PendingLogin, KEY_LOGIN,
    };
    use sqlx::Row;

    let s = session().await?;
    check_csrf(&s, &csrf).await?;
    let pending = s
        .get::<PendingLogin>(KEY_LOGIN)
        .await
        .map_err(server_err)?
        .ok_or(AccountError::NoLogin)?;
    let Some(code) = normalize_code(&code) else {
        return Err(AccountError::Invalid {
            errors: vec![RuleError::new(
                Field::LoginCode,
                RuleErrorKind::InvalidFormat,
            )],
            entered: vec![("code".into(), code)],
        });
    };
    let settings = settings()?;
    let db = db()?;
    let now = now_ms();
    let row = sqlx::query(
        "SELECT code_hash, expires_at, tries, used_at, locale FROM login_attempts WHERE id = $1",
    )
    .bind(&pending.attempt)
    .fetch_optional(&db.pool)
    .await
    .map_err(server_err)?
    .ok_or(AccountError::NoLogin)?;
    let stored: String = row.try_get("code_hash").map_err(server_err)?;
    let expires_at: i64 = row.try_get("expires_at").map_err(server_err)?;
    let tries: i64 = row.try_get("tries").map_err(server_err)?;
    let used_at: Option<i64> = row.try_get("used_at").map_err(server_err)?;
    let locale: String = row.try_get("locale").map_err(server_err)?;
    if used_at.is_some() {
        return Err(AccountError::NoLogin);
    }
    if tries >= MAX_TRIES {
        return Err(AccountError::Locked);
    }
    if now >= expires_at {
        return Err(AccountError::CodeExpired);
    }
    if !code_matches(&settings.secret, &pending.attempt, &code, &stored) {
        // One conditional write: two wrong guesses at once still count twice.
        let counted: Option<i64> = sqlx::query_scalar(
            "UPDATE login_attempts SET tries = tries + 1 \
             WHERE id = $1 AND tries < $2 AND used_at IS NULL RETURNING tries",
        )
        .bind(&pending.attempt)
        .bind(MAX_TRIES)
        .fetch_optional(&db.pool)
        .await
        .map_err(server_err)?;
        return match counted {
            Some(t) if t < MAX_TRIES => Err(AccountError::WrongCode {
                tries_left: u32::try_from(MAX_TRIES - t).unwrap_or(0),
            }),
            _ => Err(AccountError::Locked),
        };
    }
    // Single use: only one request can turn `used_at` from NULL.
    let claimed = sqlx::query(
        "UPDATE login_attempts SET used_at = $2 \
         WHERE id = $1 AND used_at IS NULL AND tries < $3 AND expires_at > $2",
    )
    .bind(&pending.attempt)
    .bind(now)
    .bind(MAX_TRIES)
    .execute(&db.pool)
    .await
    .map_err(server_err)?;
    if claimed.rows_affected() != 1 {
        return Err(AccountError::NoLogin);
    }

    let client = client_address(&settings);
    let mut tx = db.pool.begin().await.map_err(server_err)?;
    sqlx::query(
        "INSERT INTO users (email, locale, created_at, updated_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (email) DO NOTHING",
    )
    .bind(&pending.email)
    .bind(&locale)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(server_err)?;
    // The e-mails go out in the language of the latest login.
    let user =
        sqlx::query("UPDATE users SET locale = $2 WHERE email = $1 RETURNING id, session_epoch")
            .bind(&pending.email)
            .bind(&locale)
            .fetch_one(&mut *tx)
            .await
            .map_err(server_err)?;
    let user_id: i64 = user.try_get("id").map_err(server_err)?;
    let epoch: i64 = user.try_get("session_epoch").map_err(server_err)?;
    audit(
        &mut tx,
        Some(user_id),
        Some(user_id),
        "login.email",
        "",
        &client,
    )
    .await
    .map_err(server_err)?;
    tx.commit().await.map_err(server_err)?;

    log_in(
        &s,
        &Auth {
            user_id,
            level: Level::Email,
            login_at_ms: now,
            epoch,
        },
        &settings,
    )
    .await?;
    leptos_axum::redirect("/account");
    Ok(())
}
