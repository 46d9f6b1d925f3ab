use super::SessionView;
use leptos::prelude::*;

/// Who is logged in and, with `with_csrf`, the token this session's forms carry (made on first
/// use, which starts a session; pages without forms pass `false` and start none).
#[server(endpoint = "account/session")]
pub async fn session_info(with_csrf: bool) -> Result<SessionView, crate::error::ShellError> {
    Ok(inner(with_csrf).await?)
}

#[cfg(feature = "ssr")]
async fn inner(with_csrf: bool) -> Result<SessionView, crate::error::AppError> {
    use super::MfaStep;
    use crate::ssr::auth::{
        csrf_token, current, now_ms, session, settings, PendingLogin, PendingMfa, KEY_LOGIN,
        KEY_MFA, KEY_RECOVERY,
    };
    use crate::ssr::db;
    use crate::ssr::mfa;
    use base64::Engine;
    let s = session().await?;
    let db = db()?;
    let settings = settings()?;
    let me = current(&s, &db, &settings).await?.map(|(_, me)| me);
    let csrf = csrf_token(&s, with_csrf).await?;
    let mut view = SessionView {
        eid: use_context::<crate::ssr::auth::EidEnabled>().is_some_and(|e| e.0),
        csrf,
        ..SessionView::default()
    };
    if me.is_some() {
        // Shown on one page (the account page after enrolment), then forgotten.
        if with_csrf {
            view.recovery_codes = s
                .remove::<Vec<String>>(KEY_RECOVERY)
                .await?
                .unwrap_or_default();
        }
        view.pending_email_change = s
            .get::<PendingLogin>(crate::ssr::auth::KEY_EMAIL_CHANGE)
            .await?
            .map(|p| super::mask_email(&p.email));
        view.me = me;
        return Ok(view);
    }
    if let Some(mut pending) = s.get::<PendingMfa>(KEY_MFA).await? {
        if now_ms() - pending.started_ms <= mfa::MFA_WINDOW_MS {
            let row: Option<(Option<String>, Option<String>)> =
                sqlx::query_as("SELECT totp_secret, email FROM users WHERE id = $1")
                    .bind(pending.user_id)
                    .fetch_optional(&db.pool)
                    .await?;
            match row {
                Some((Some(_), _)) => view.mfa = Some(MfaStep::Verify),
                Some((None, email)) if with_csrf => {
                    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
                    let secret = match pending.enroll_secret.as_deref().map(|t| b64.decode(t)) {
                        Some(Ok(secret)) => secret,
                        _ => {
                            let secret = mfa::new_secret();
                            pending.enroll_secret = Some(b64.encode(&secret));
                            s.insert(KEY_MFA, &pending).await?;
                            secret
                        }
                    };
                    let url = mfa::otpauth_url(&secret, email.as_deref().unwrap_or("staff"));
                    view.mfa = Some(MfaStep::Enroll {
                        secret: mfa::secret_text(&secret),
                        qr_svg: mfa::qr_svg(&url),
                    });
                }
                _ => {}
            }
            return Ok(view);
        }
    }
    view.pending_email = s
        .get::<PendingLogin>(KEY_LOGIN)
        .await?
        .map(|p| super::mask_email(&p.email));
    Ok(view)
}
