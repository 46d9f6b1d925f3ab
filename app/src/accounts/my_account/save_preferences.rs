use super::*;

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
    let Caller { db, auth, me, audit, .. } = Caller::person(Some(&csrf)).await?;
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
