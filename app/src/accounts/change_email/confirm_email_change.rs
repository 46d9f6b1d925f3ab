use super::*;

/// R-AC-4, step 2: the code from the new address. The address changes, the old one is told
/// (so a hijacked session cannot quietly take the account), and an audit entry is written.
#[server(endpoint = "account/email-confirm")]
pub async fn confirm_email_change(code: String, csrf: String) -> Result<(), AppError> {
    use crate::accounts::login::use_code;
    use crate::locale::{locale_code, parse_locale};
    use crate::ssr::auth::{now_ms, Action, Caller, PendingLogin, KEY_EMAIL_CHANGE};
    use crate::ssr::outbox::{commit_and_send, enqueue, enqueue_sms_copy, Channel, Notice};

    let Caller { session: s, db, settings, auth, me, audit, .. } =
        Caller::person(Some(&csrf)).await?;
    let pending = s
        .get::<PendingLogin>(KEY_EMAIL_CHANGE)
        .await?
        .ok_or(AppError::NoLogin)?;
    let locale = use_code(&db, &settings, &pending.attempt, &code).await?;
    let mut tx = db.begin().await?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(&pending.email)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some_and(|id| id != auth.user_id) {
        let _ = s.remove::<PendingLogin>(KEY_EMAIL_CHANGE).await;
        return Err(AppError::EmailTaken);
    }
    sqlx::query("UPDATE users SET email = $2, updated_at = $3 WHERE id = $1")
        .bind(auth.user_id)
        .bind(&pending.email)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    // The notice goes in the person's language (their choice, else their latest login's).
    let user_locale: String = sqlx::query_scalar("SELECT locale FROM users WHERE id = $1")
        .bind(auth.user_id)
        .fetch_one(&mut *tx)
        .await?;
    if let Some(old) = me.email.as_deref() {
        let lang = parse_locale(&user_locale)
            .or_else(|| parse_locale(&locale))
            .unwrap_or(crate::i18n::Locale::lt);
        let (subject, body) = texts::changed(lang, &crate::accounts::mask_email(&pending.email));
        let event = format!("email-changed:{}:{}", auth.user_id, pending.attempt);
        enqueue(
            &mut tx,
            &Notice {
                event: &event,
                channel: Channel::Email,
                recipient: old,
                locale: locale_code(lang),
                subject: &subject,
                body: &body,
            },
        )
        .await?;
        // Also by SMS when the person chose it: a hijacker who controls the mailbox does not
        // control the phone.
        enqueue_sms_copy(&mut tx, auth.user_id, &event, locale_code(lang), &subject).await?;
    }
    audit.own(&mut tx, Action::ContactEmail).await?;
    commit_and_send(tx).await?;
    let _ = s.remove::<PendingLogin>(KEY_EMAIL_CHANGE).await?;
    leptos_axum::redirect("/account?done=email");
    Ok(())
}
