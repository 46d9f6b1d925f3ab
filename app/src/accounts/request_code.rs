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
    use crate::accounts::login::{audit_login, code_address, email_code, limit_code_requests};
    use crate::ssr::auth::{
        check_csrf, client_address, now_ms, request_locale, session, settings, Action,
        PendingLogin, KEY_LOGIN,
    };
    use crate::ssr::db;
    use crate::ssr::outbox::commit_and_send;

    let s = session().await?;
    check_csrf(&s, &csrf).await?;
    let address = code_address(&email)?;
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
    let attempt = email_code(
        &mut tx,
        &settings,
        &address,
        locale,
        "login-code",
        email_text,
    )
    .await?;
    audit_login(&mut tx, &address, Action::LoginCodeSent, "", &client).await?;
    commit_and_send(tx).await?;
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
