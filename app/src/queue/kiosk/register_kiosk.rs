use super::*;

/// Issue #8.4 — an admin of `office` makes the browser they are signed in on a kiosk of that
/// office, named `name` ("Entrance, left"). Their session on it ends; the kiosk page opens.
#[server(endpoint = "kiosk/register")]
pub async fn register_kiosk(office: String, name: String, csrf: String) -> Result<(), AppError> {
    use crate::identity::Role;
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{now_ms, office_ids, random_token, Action, Caller};
    let Caller { session: s, db, settings, auth, audit, .. } =
        Caller::staff(Some(&csrf), Role::ADMINS).await?;
    let (office_id, slug) = queue_office(&db, &office).await?;
    if !office_ids(&db, auth.user_id).await?.contains(&office_id) {
        return Err(AppError::NotFound);
    }
    let trimmed = name.trim();
    let kind = if trimmed.is_empty() {
        Some(RuleErrorKind::Required)
    } else if trimmed.chars().count() > 60 {
        Some(RuleErrorKind::TooLong { max: 60 })
    } else {
        None
    };
    if let Some(kind) = kind {
        return Err(AppError::Invalid {
            errors: vec![RuleError::new(Field::DeviceName, kind)],
            entered: vec![("name".into(), name)],
        });
    }
    let token = random_token(32);
    let now = now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO office_devices (office_id, name, token_hash, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(office_id)
    .bind(trimmed)
    .bind(device::token_hash(&token))
    .bind(auth.user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    // The kiosk stands in a public hall: the admin's login on it ends here.
    crate::ssr::auth::end_session(&mut tx, &auth.device, now).await?;
    audit
        .record(
            &mut tx,
            Action::KioskRegister,
            None,
            serde_json::json!({ "office": office_id, "name": trimmed }),
        )
        .await?;
    tx.commit().await?;
    s.flush().await?;
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(v) = http::HeaderValue::from_str(&device::set_cookie(&settings, &token)) {
            resp.append_header(http::header::SET_COOKIE, v);
        }
    }
    leptos_axum::redirect(&format!("/kiosk/{slug}"));
    Ok(())
}
