use crate::error::AppError;
use leptos::prelude::*;

/// The second step of a staff login (issue #4.5). At the first login the code proves the
/// authenticator app holds the new secret, which is then stored (encrypted) with ten recovery
/// codes; afterwards a code from the app — never one accepted before — or an unused recovery
/// code completes the login. Five wrong answers end the attempt.
#[server(endpoint = "account/second-factor")]
pub async fn second_factor(code: String, csrf: String) -> Result<(), AppError> {
    use super::MAX_CODE_TRIES;
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{
        check_csrf, client_address, count_hit, log_in, now_ms, session, settings, Action, Audit,
        Client, PendingMfa, KEY_MFA, KEY_RECOVERY,
    };
    use crate::ssr::db;
    use crate::ssr::mfa;
    use base64::Engine;

    let s = session().await?;
    check_csrf(&s, &csrf).await?;
    let pending = s
        .get::<PendingMfa>(KEY_MFA)
        .await?
        .ok_or(AppError::NoLogin)?;
    let now = now_ms();
    if now - pending.started_ms > mfa::MFA_WINDOW_MS {
        let _ = s.remove::<PendingMfa>(KEY_MFA).await;
        return Err(AppError::CodeExpired);
    }
    let settings = settings()?;
    let db = db()?;
    let tries_bucket = format!("second-factor:{}", pending.user_id);
    let client = client_address(&settings);
    let key: &[u8] = &settings.secret;
    let totp_code = super::normalize_code(&code);
    let recovery = mfa::normalize_recovery(&code);
    if totp_code.is_none() && recovery.is_none() {
        return Err(AppError::Invalid {
            errors: vec![RuleError::new(
                Field::LoginCode,
                RuleErrorKind::InvalidFormat,
            )],
            entered: vec![("code".into(), code)],
        });
    }
    // Tries are counted in the database (a refused request does not save the session), and
    // reserved before the code is checked, in one statement (issue #21.3): parallel guesses
    // each take a try, so at most MAX_CODE_TRIES answers are ever checked per login.
    let used = count_hit(&db, &tries_bucket, pending.started_ms).await?;
    if used > MAX_CODE_TRIES {
        return Err(AppError::Locked);
    }
    let stored: Option<String> = sqlx::query_scalar("SELECT totp_secret FROM users WHERE id = $1")
        .bind(pending.user_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NoLogin)?;

    let accepted = match (&stored, &pending.enroll_secret) {
        // Enrolment: the app must show the right code for the new secret.
        (None, Some(new_secret)) => {
            let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(new_secret)
                .map_err(AppError::internal)?;
            match totp_code
                .as_deref()
                .and_then(|c| mfa::matching_step(&secret, c, now))
            {
                Some(step) => {
                    let codes = mfa::new_recovery_codes();
                    let mut tx = db.begin().await?;
                    let done = sqlx::query(
                        "UPDATE users SET totp_secret = $2, totp_last_step = $3 \
                         WHERE id = $1 AND totp_secret IS NULL",
                    )
                    .bind(pending.user_id)
                    .bind(mfa::seal(key, &secret))
                    .bind(step)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() != 1 {
                        return Err(AppError::NoLogin);
                    }
                    for c in &codes {
                        sqlx::query(
                            "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)",
                        )
                        .bind(pending.user_id)
                        .bind(mfa::recovery_hash(key, pending.user_id, c))
                        .execute(&mut *tx)
                        .await?;
                    }
                    Audit::by(Some(pending.user_id), &client)
                        .own(&mut tx, Action::MfaEnrolled)
                        .await?;
                    tx.commit().await?;
                    s.insert(KEY_RECOVERY, codes).await?;
                    true
                }
                None => false,
            }
        }
        (Some(sealed), _) => {
            let secret = mfa::open(key, sealed)
                .ok_or_else(|| AppError::internal("TOTP secret unreadable"))?;
            if let Some(step) = totp_code
                .as_deref()
                .and_then(|c| mfa::matching_step(&secret, c, now))
            {
                // Never the same (or an earlier) step twice: a code seen over a shoulder or
                // replayed from a log is worthless.
                sqlx::query(
                    "UPDATE users SET totp_last_step = $2 \
                     WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
                )
                .bind(pending.user_id)
                .bind(step)
                .execute(&db.pool)
                .await?
                .rows_affected()
                    == 1
            } else if let Some(r) = &recovery {
                let used = sqlx::query(
                    "UPDATE recovery_codes SET used_at = $3 \
                     WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
                )
                .bind(pending.user_id)
                .bind(mfa::recovery_hash(key, pending.user_id, r))
                .bind(now)
                .execute(&db.pool)
                .await?
                .rows_affected()
                    == 1;
                if used {
                    let mut conn = db.pool.acquire().await?;
                    Audit::by(Some(pending.user_id), &client)
                        .own(&mut conn, Action::MfaRecoveryCodeUsed)
                        .await?;
                }
                used
            } else {
                false
            }
        }
        // Not enrolled and no secret offered yet: the page was never shown.
        (None, None) => return Err(AppError::NoLogin),
    };

    if !accepted {
        let left = MAX_CODE_TRIES - used;
        let mut conn = db.pool.acquire().await?;
        Audit::by(None, &client)
            .record(
                &mut conn,
                Action::LoginSecondFactorFailed,
                Some(pending.user_id),
                serde_json::json!({ "tries_left": left.max(0) }),
            )
            .await?;
        drop(conn);
        return Err(if left > 0 {
            AppError::WrongCode { tries_left: u32::try_from(left).unwrap_or(0) }
        } else {
            AppError::Locked
        });
    }
    let mut conn = db.pool.acquire().await?;
    Audit::by(Some(pending.user_id), &client)
        .own(&mut conn, Action::LoginSecondFactor)
        .await?;
    drop(conn);
    log_in(
        &s,
        &db,
        &settings,
        pending.user_id,
        pending.level,
        true,
        &Client::current(&settings),
    )
    .await?;
    leptos_axum::redirect(&crate::accounts::login::after_login(&s).await?);
    Ok(())
}
