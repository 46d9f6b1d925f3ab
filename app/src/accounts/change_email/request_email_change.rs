use super::*;

/// R-AC-4: a logged-in person changes their e-mail address — step 1, a code to the new address
/// (the same limits as a login code; the change waits for step 2).
#[server(endpoint = "account/email")]
pub async fn request_email_change(email: String, csrf: String) -> Result<(), AppError> {
    use crate::accounts::login::{code_address, email_code, limit_code_requests};
    use crate::ssr::auth::{now_ms, request_locale, Caller, PendingLogin, KEY_EMAIL_CHANGE};
    use crate::ssr::outbox::commit_and_send;

    let Caller { session: s, db, settings, auth, me, .. } = Caller::person(Some(&csrf)).await?;
    let address = code_address(&email)?;
    if me.email.as_deref() == Some(address.as_str()) {
        leptos_axum::redirect("/account");
        return Ok(());
    }
    let now = now_ms();
    limit_code_requests(&db, &settings, &address, now).await?;
    let locale = request_locale();
    let mut tx = db.begin().await?;
    let event = format!("email-change:{}", auth.user_id);
    let attempt = email_code(&mut tx, &settings, &address, locale, &event, texts::confirm).await?;
    commit_and_send(tx).await?;
    s.insert(KEY_EMAIL_CHANGE, PendingLogin { attempt, email: address })
        .await?;
    leptos_axum::redirect("/account");
    Ok(())
}
