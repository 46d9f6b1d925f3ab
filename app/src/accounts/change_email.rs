use crate::error::AppError;
use leptos::prelude::*;

/// R-AC-4: a logged-in person changes their e-mail address — step 1, a code to the new address
/// (the same limits as a login code; the change waits for step 2).
#[server(endpoint = "account/email")]
pub async fn request_email_change(email: String, csrf: String) -> Result<(), AppError> {
    use crate::accounts::login::{limit_code_requests, new_attempt};
    use crate::locale::locale_code;
    use crate::ssr::auth::{now_ms, request_locale, Caller, PendingLogin, KEY_EMAIL_CHANGE};
    use crate::ssr::outbox::{Channel, Notice, Wake};

    let Caller {
        session: s,
        db,
        settings,
        auth,
        me,
        ..
    } = Caller::person(Some(&csrf)).await?;
    let address = crate::rules::validate_email(&email)
        .map_err(|e| AppError::Invalid {
            errors: vec![e],
            entered: vec![("email".into(), email.clone())],
        })?
        .to_lowercase();
    if me.email.as_deref() == Some(address.as_str()) {
        leptos_axum::redirect("/account");
        return Ok(());
    }
    let now = now_ms();
    limit_code_requests(&db, &settings, &address, now).await?;
    let locale = request_locale();
    let mut tx = db.begin().await?;
    let (attempt, code) = new_attempt(&mut tx, &settings, &address, locale_code(locale)).await?;
    // The code is stored apart from the text, sealed, and cleared once delivered (issue #21.4).
    let (subject, body) = texts::confirm(
        locale,
        crate::ssr::outbox::SECRET_MARK,
        settings.code_minutes,
    );
    crate::ssr::outbox::enqueue_secret(
        &mut tx,
        &Notice {
            event: &format!("email-change:{}:{attempt}", auth.user_id),
            channel: Channel::Email,
            recipient: &address,
            locale: locale_code(locale),
            subject: &subject,
            body: &body,
        },
        &code,
        &settings.secret,
    )
    .await?;
    tx.commit().await?;
    if let Some(wake) = use_context::<Wake>() {
        wake.now();
    }
    s.insert(
        KEY_EMAIL_CHANGE,
        PendingLogin {
            attempt,
            email: address,
        },
    )
    .await?;
    leptos_axum::redirect("/account");
    Ok(())
}

/// R-AC-4, step 2: the code from the new address. The address changes, the old one is told
/// (so a hijacked session cannot quietly take the account), and an audit entry is written.
#[server(endpoint = "account/email-confirm")]
pub async fn confirm_email_change(code: String, csrf: String) -> Result<(), AppError> {
    use crate::accounts::login::use_code;
    use crate::locale::{locale_code, parse_locale};
    use crate::ssr::auth::{now_ms, Action, Caller, PendingLogin, KEY_EMAIL_CHANGE};
    use crate::ssr::outbox::{enqueue, Channel, Notice, Wake};

    let Caller {
        session: s,
        db,
        settings,
        auth,
        me,
        audit,
        ..
    } = Caller::person(Some(&csrf)).await?;
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
        let (subject, body) = texts::changed(lang, &super::mask_email(&pending.email));
        enqueue(
            &mut tx,
            &Notice {
                event: &format!("email-changed:{}:{}", auth.user_id, pending.attempt),
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
        if let Some(phone) = crate::ssr::outbox::sms_recipient(&mut tx, auth.user_id).await? {
            enqueue(
                &mut tx,
                &Notice {
                    event: &format!("email-changed:{}:{}", auth.user_id, pending.attempt),
                    channel: Channel::Sms,
                    recipient: &phone,
                    locale: locale_code(lang),
                    subject: &subject,
                    body: &subject,
                },
            )
            .await?;
        }
    }
    audit
        .record(
            &mut tx,
            Action::ContactEmail,
            Some(auth.user_id),
            serde_json::Value::Null,
        )
        .await?;
    tx.commit().await?;
    if let Some(wake) = use_context::<Wake>() {
        wake.now();
    }
    let _ = s.remove::<PendingLogin>(KEY_EMAIL_CHANGE).await?;
    leptos_axum::redirect("/account?done=email");
    Ok(())
}

/// Leaves a pending e-mail change (the code, if it comes, is then useless).
#[server(endpoint = "account/email-cancel")]
pub async fn cancel_email_change(csrf: String) -> Result<(), AppError> {
    use crate::ssr::auth::{check_csrf, session, PendingLogin, KEY_EMAIL_CHANGE};
    let s = session().await?;
    check_csrf(&s, &csrf).await?;
    let _ = s.remove::<PendingLogin>(KEY_EMAIL_CHANGE).await?;
    leptos_axum::redirect("/account");
    Ok(())
}

#[cfg(feature = "ssr")]
mod texts {
    use crate::i18n::Locale;
    use leptos_i18n::td_string;

    pub fn confirm(locale: Locale, code: &str, minutes: i64) -> (String, String) {
        let minutes = u32::try_from(minutes).unwrap_or(60);
        let subject = td_string!(locale.letters(), account.mail.change_subject).to_string();
        let body = [
            td_string!(locale.letters(), account.mail.greeting).to_string(),
            String::new(),
            td_string!(locale.letters(), account.mail.change_code_is, code).to_string(),
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

    pub fn changed(locale: Locale, new_address: &str) -> (String, String) {
        let subject = td_string!(locale.letters(), account.mail.changed_subject).to_string();
        let body = [
            td_string!(locale.letters(), account.mail.greeting).to_string(),
            String::new(),
            td_string!(
                locale.letters(),
                account.mail.changed_body,
                email = new_address
            )
            .to_string(),
            td_string!(locale.letters(), account.mail.changed_not_you).to_string(),
            String::new(),
            td_string!(locale, site.name).to_string(),
        ]
        .join("\n");
        (subject, body)
    }
}
