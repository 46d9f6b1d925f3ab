use super::*;

/// R-AC-4: a logged-in person changes their e-mail address — step 1, a code to the new address
/// (the same limits as a login code; the change waits for step 2).
#[server(endpoint = "account/email")]
pub async fn request_email_change(email: String, csrf: String) -> Result<(), AppError> {
    use crate::accounts::login::{limit_code_requests, new_attempt};
    use crate::locale::locale_code;
    use crate::ssr::auth::{now_ms, request_locale, Caller, PendingLogin, KEY_EMAIL_CHANGE};
    use crate::ssr::outbox::{Channel, Notice, Wake};

    let Caller { session: s, db, settings, auth, me, .. } = Caller::person(Some(&csrf)).await?;
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
    s.insert(KEY_EMAIL_CHANGE, PendingLogin { attempt, email: address })
        .await?;
    leptos_axum::redirect("/account");
    Ok(())
}
