use crate::error::AppError;
use leptos::prelude::*;

/// R-AC-2, step 1: sends a one-time code to `email` and remembers the attempt in this browser's
/// session. The answer is the same whether an account exists for the address or not (the first
/// successful code creates it), so nobody can learn who has an account.
#[server(endpoint = "account/request-code")]
pub async fn request_code(
    email: String,
    csrf: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    use crate::accounts::login::{audit_login, limit_code_requests, new_attempt};
    use crate::locale::locale_code;
    use crate::ssr::auth::{
        check_csrf, client_address, now_ms, request_locale, session, settings, Action,
        PendingLogin, KEY_LOGIN,
    };
    use crate::ssr::db;
    use crate::ssr::outbox::{enqueue_secret, Channel, Notice, Wake, SECRET_MARK};

    let s = session().await?;
    check_csrf(&s, &csrf).await?;
    let address = crate::rules::validate_email(&email)
        .map_err(|e| AppError::Invalid {
            errors: vec![e],
            entered: vec![("email".into(), email.clone())],
        })?
        // One account per address however it is capitalised.
        .to_lowercase();
    let settings = settings()?;
    let db = db()?;
    let now = now_ms();
    let client = client_address(&settings);
    if let Err(e) = limit_code_requests(&db, &settings, &address, now).await {
        let mut conn = db.pool.acquire().await?;
        audit_login(&mut conn, &address, Action::LoginRateLimited, "", &client).await?;
        return Err(e);
    }

    let locale = request_locale();
    let mut tx = db.begin().await?;
    let (attempt, code) = new_attempt(&mut tx, &settings, &address, locale_code(locale)).await?;
    // The code is stored apart from the text, sealed, and cleared once delivered (issue #21.4).
    let (subject, body) = email_text(locale, SECRET_MARK, settings.code_minutes);
    enqueue_secret(
        &mut tx,
        &Notice {
            event: &format!("login-code:{attempt}"),
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
    audit_login(&mut tx, &address, Action::LoginCodeSent, "", &client).await?;
    tx.commit().await?;
    if let Some(wake) = use_context::<Wake>() {
        wake.now();
    }
    // The browser's session must outlive the code (R-AC-2), even if the e-mail is slow to come.
    s.set_expiry(Some(crate::ssr::auth::idle_expiry(
        settings.session_idle_secs.max(settings.code_minutes * 60),
    )));
    s.insert(KEY_LOGIN, PendingLogin { attempt, email: address })
        .await?;
    // Issue #5.3: back to the page the person was sent to log in from (a draft, say).
    match super::safe_return_path(&next) {
        Some(next) => s.insert(crate::ssr::auth::KEY_NEXT, next).await,
        None => s
            .remove::<String>(crate::ssr::auth::KEY_NEXT)
            .await
            .map(|_| ()),
    }?;
    leptos_axum::redirect("/login/code");
    Ok(())
}

/// The login e-mail in the reader's language.
#[cfg(feature = "ssr")]
fn email_text(locale: crate::i18n::Locale, code: &str, minutes: i64) -> (String, String) {
    use leptos_i18n::td_string;
    crate::accounts::login::code_letter(
        locale,
        td_string!(locale.letters(), account.mail.subject).to_string(),
        td_string!(locale.letters(), account.mail.code_is, code).to_string(),
        minutes,
    )
}
