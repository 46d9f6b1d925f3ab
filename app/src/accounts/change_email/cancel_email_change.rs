use super::*;

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
