use super::Level;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One device (login) in the person's devices list (issue #4.7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// The handle that ends it (`end_device`); never the session cookie.
    pub id: String,
    pub this_device: bool,
    /// "Firefox on Android", from the User-Agent header.
    pub browser: String,
    pub client: String,
    pub level: Level,
    /// Lithuanian local time, `YYYY-MM-DD HH:MM`.
    pub since: String,
    pub last_seen: String,
}

/// Where and in which language this person's notices go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// One of the five interface locales.
    pub locale: String,
    pub email: bool,
    pub sms: bool,
}

/// What the account page shows beyond `SessionView`: the devices and the preferences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInfo {
    pub devices: Vec<Device>,
    pub preferences: Preferences,
}

/// The logged-in person's devices (sessions still alive, newest first) and preferences.
#[server(endpoint = "account/mine")]
pub async fn my_account() -> Result<AccountInfo, AppError> {
    use crate::ssr::auth::{now_ms, Caller};
    let Caller {
        db, settings, auth, ..
    } = Caller::person(None).await?;
    let now = now_ms();
    let rows = sqlx::query_as::<_, (String, String, i64, i64, String, String)>(
        "SELECT id, level, created_at, last_seen_at, user_agent, client FROM user_sessions \
         WHERE user_id = $1 AND ended_at IS NULL AND created_at > $2 AND last_seen_at > $3 \
         ORDER BY last_seen_at DESC, created_at DESC LIMIT 50",
    )
    .bind(auth.user_id)
    .bind(now - settings.session_max_secs * 1000)
    .bind(now - settings.session_idle_secs * 1000 - 60_000)
    .fetch_all(&db.pool)
    .await?;
    let devices = rows
        .into_iter()
        .map(|(id, level, created_at, last_seen_at, ua, client)| Device {
            this_device: id == auth.device,
            id,
            browser: super::browser_name(&ua),
            client,
            level: Level::parse(&level),
            since: local_time(created_at),
            last_seen: local_time(last_seen_at),
        })
        .collect();
    let (locale, email, sms) = sqlx::query_as::<_, (String, i64, i64)>(
        "SELECT locale, notify_email, notify_sms FROM users WHERE id = $1",
    )
    .bind(auth.user_id)
    .fetch_one(&db.pool)
    .await?;
    let preferences = Preferences {
        locale,
        email: email == 1,
        sms: sms == 1,
    };
    Ok(AccountInfo {
        devices,
        preferences,
    })
}

/// Unix milliseconds as Lithuanian local time, `YYYY-MM-DD HH:MM`.
#[cfg(feature = "ssr")]
pub fn local_time(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| {
            t.to_zoned(crate::ssr::vilnius())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// Ends one of the person's own sessions ("log out that device"); another person's is not
/// found.
#[server(endpoint = "account/end-device")]
pub async fn end_device(id: String, csrf: String) -> Result<(), AppError> {
    use crate::ssr::auth::{now_ms, Action, Caller};
    let Caller {
        db, auth, audit, ..
    } = Caller::person(Some(&csrf)).await?;
    let mut tx = db.begin().await?;
    let ended = sqlx::query(
        "UPDATE user_sessions SET ended_at = $3 \
         WHERE id = $1 AND user_id = $2 AND ended_at IS NULL",
    )
    .bind(&id)
    .bind(auth.user_id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    if ended.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit
        .record(
            &mut tx,
            Action::LogoutDevice,
            Some(auth.user_id),
            serde_json::Value::Null,
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(if id == auth.device {
        "/"
    } else {
        "/account?done=device"
    });
    Ok(())
}

/// Saves where and in which language notices go. SMS needs a phone number (R-AC-3 asks for
/// one, so every applicant past the first login has it).
#[server(endpoint = "account/preferences")]
pub async fn save_preferences(
    locale: String,
    #[server(default)] email: Option<String>,
    #[server(default)] sms: Option<String>,
    csrf: String,
) -> Result<(), AppError> {
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{now_ms, Action, Caller};
    let Caller {
        db,
        auth,
        me,
        audit,
        ..
    } = Caller::person(Some(&csrf)).await?;
    let Some(lang) = crate::locale::parse_locale(&locale) else {
        return Err(AppError::Invalid {
            errors: vec![RuleError::new(
                Field::Language,
                RuleErrorKind::InvalidFormat,
            )],
            entered: vec![("locale".into(), locale)],
        });
    };
    let on = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty() && v != "false");
    let (email, sms) = (on(&email), on(&sms));
    if sms && me.phone.is_none() {
        return Err(AppError::Invalid {
            errors: vec![RuleError::new(Field::Phone, RuleErrorKind::Required)],
            entered: vec![("locale".into(), locale)],
        });
    }
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE users SET locale = $2, locale_chosen = 1, notify_email = $3, notify_sms = $4, \
         updated_at = $5 WHERE id = $1",
    )
    .bind(auth.user_id)
    .bind(crate::locale::locale_code(lang))
    .bind(i64::from(email))
    .bind(i64::from(sms))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let locale = crate::locale::locale_code(lang);
    let detail = serde_json::json!({ "locale": locale, "email": email, "sms": sms });
    audit
        .record(&mut tx, Action::Preferences, Some(auth.user_id), detail)
        .await?;
    tx.commit().await?;
    leptos_axum::redirect("/account?done=preferences");
    Ok(())
}
