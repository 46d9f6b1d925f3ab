use super::*;

/// Ends this session (its row is deleted, the cookie removed) and goes to the home page.
#[server(endpoint = "account/logout")]
pub async fn logout(csrf: String) -> Result<(), AppError> {
    use crate::ssr::auth::{check_csrf, client_address, current, session, settings, Action, Audit};
    use crate::ssr::db;
    let s = session().await?;
    check_csrf(&s, &csrf).await?;
    let db = db()?;
    let settings = settings()?;
    if let Some((auth, _)) = current(&s, &db, &settings).await? {
        let mut conn = db.pool.acquire().await?;
        crate::ssr::auth::end_session(&mut conn, &auth.device, crate::ssr::auth::now_ms()).await?;
        Audit::by(Some(auth.user_id), client_address(&settings))
            .own(&mut conn, Action::Logout)
            .await?;
    }
    s.flush().await?;
    leptos_axum::redirect("/");
    Ok(())
}
