use super::SessionView;
use leptos::prelude::*;

/// Who is logged in and, with `with_csrf`, the token this session's forms carry (made on first
/// use, which starts a session; pages without forms pass `false` and start none).
///
/// Its error is the plain `ServerFnError` (pages only show "something went wrong"): keeping
/// `AccountError` out of this answer keeps its decoder out of every page's hydration code.
#[server(endpoint = "account/session")]
pub async fn session_info(with_csrf: bool) -> Result<SessionView, ServerFnError> {
    inner(with_csrf)
        .await
        .map_err(|e| ServerFnError::new(e.to_string()))
}

#[cfg(feature = "ssr")]
async fn inner(with_csrf: bool) -> Result<SessionView, super::AccountError> {
    use crate::ssr::auth::{csrf_token, current, db, session, settings, PendingLogin, KEY_LOGIN};
    let s = session().await?;
    let me = current(&s, &db()?, &settings()?).await?.map(|(_, me)| me);
    let csrf = csrf_token(&s, with_csrf).await?;
    let pending_email = match me {
        Some(_) => None,
        None => s
            .get::<PendingLogin>(KEY_LOGIN)
            .await
            .map_err(crate::ssr::auth::server_err)?
            .map(|p| super::mask_email(&p.email)),
    };
    Ok(SessionView {
        me,
        csrf,
        pending_email,
    })
}
