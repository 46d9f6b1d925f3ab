use crate::error::AppError;
use leptos::prelude::*;

/// R-AC-2, step 2: checks the code against the attempt this browser started. Right: the person
/// is logged in (their account is created on the first login) and sent to their account page.
/// Wrong: one of five tries is used. Expired, used or dead attempts start again from step 1.
#[server(endpoint = "account/verify-code")]
pub async fn verify_code(code: String, csrf: String) -> Result<(), AppError> {
    use super::Level;
    use crate::accounts::login::use_code;
    use crate::identity::Role;
    use crate::ssr::auth::{
        check_csrf, log_in, now_ms, session, settings, Action, Audit, Client, PendingLogin,
        KEY_LOGIN,
    };
    use crate::ssr::db;
    use sqlx::Row;

    let s = session().await?;
    check_csrf(&s, &csrf).await?;
    let pending = s
        .get::<PendingLogin>(KEY_LOGIN)
        .await?
        .ok_or(AppError::NoLogin)?;
    let settings = settings()?;
    let db = db()?;
    let now = now_ms();
    let client = Client::current(&settings);
    let locale = match use_code(&db, &settings, &pending.attempt, &code).await {
        Ok(locale) => locale,
        Err(e) => {
            let mut conn = db.pool.acquire().await?;
            let reason = crate::accounts::login::refusal_reason(&e);
            crate::accounts::login::audit_login(
                &mut conn,
                &pending.email,
                crate::ssr::auth::Action::LoginFailed,
                reason,
                &client.address,
            )
            .await?;
            return Err(e);
        }
    };

    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO users (email, locale, created_at, updated_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (email) DO NOTHING",
    )
    .bind(&pending.email)
    .bind(&locale)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    // The e-mails go out in the language of the latest login, unless the person chose one.
    let user = sqlx::query(
        "UPDATE users SET locale = CASE WHEN locale_chosen = 1 THEN locale ELSE $2 END \
         WHERE email = $1 RETURNING id, role",
    )
    .bind(&pending.email)
    .bind(&locale)
    .fetch_one(&mut *tx)
    .await?;
    let user_id: i64 = user.try_get("id")?;
    let staff = user.try_get::<Role, _>("role")?.is_staff();
    Audit::by(Some(user_id), &client.address)
        .own(&mut tx, Action::LoginEmail)
        .await?;
    tx.commit().await?;

    if staff {
        // Staff: the e-mail code is only the first step; the second factor follows
        // (issue #4.5). A new session id already now.
        s.cycle_id().await?;
        let _ = s.remove::<PendingLogin>(KEY_LOGIN).await?;
        s.insert(
            crate::ssr::auth::KEY_MFA,
            crate::ssr::auth::PendingMfa {
                user_id,
                level: Level::Email,
                started_ms: now,
                enroll_secret: None,
            },
        )
        .await?;
        leptos_axum::redirect("/login/totp");
        return Ok(());
    }

    log_in(&s, &db, &settings, user_id, Level::Email, false, &client).await?;
    leptos_axum::redirect(&crate::accounts::login::after_login(&s).await?);
    Ok(())
}
