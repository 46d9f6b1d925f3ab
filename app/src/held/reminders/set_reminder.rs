use super::*;

/// R-SV-3 — sets (or changes) a reminder `days` before the document (`target=document`) or
/// an identity card's certificates (`target=certificates`) expire, by e-mail and/or SMS.
#[server(endpoint = "held/reminder")]
pub async fn set_reminder(
    id: crate::ids::HeldDocumentId,
    target: String,
    days: String,
    csrf: String,
    #[server(default)] by_email: Option<String>,
    #[server(default)] by_sms: Option<String>,
) -> Result<(), AppError> {
    use crate::rules::held::check_days_before;
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::Caller;

    let Caller { db, auth, me, .. } = Caller::person(Some(&csrf)).await?;
    let id = id.get()?;
    let mut conn = db.pool.acquire().await?;
    let doc = crate::held::ssr::document_of(&mut conn, auth.user_id, id).await?;
    let by_email = by_email.is_some_and(|v| !v.is_empty());
    let by_sms = by_sms.is_some_and(|v| !v.is_empty());
    let mut errors = Vec::new();
    let days = match check_days_before(&days) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    if !by_email && !by_sms {
        errors.push(RuleError::new(Field::Channels, RuleErrorKind::Required));
    }
    if by_sms && me.phone.is_none() {
        errors.push(RuleError::new(Field::Phone, RuleErrorKind::Required));
    }
    let target = match target.as_str() {
        "document" => "document",
        "certificates" if doc.kind.has_certificates() => "certificates",
        _ => return Err(AppError::NotFound),
    };
    if !errors.is_empty() || doc.lost_at.is_some() || doc.revoked_on.is_some() {
        return Err(AppError::Invalid {
            errors,
            entered: vec![(
                "days".into(),
                days.map(|d| d.to_string()).unwrap_or_default(),
            )],
        });
    }
    let days = days.unwrap_or(30);
    // One statement, so two clicks (or two tabs) cannot make two rows.
    sqlx::query(
        "INSERT INTO expiry_reminders (held_document_id, target, days_before, by_email, by_sms) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (held_document_id, target, days_before) \
         DO UPDATE SET by_email = $4, by_sms = $5",
    )
    .bind(id)
    .bind(target)
    .bind(days)
    .bind(i64::from(by_email))
    .bind(i64::from(by_sms))
    .execute(&mut *conn)
    .await?;
    leptos_axum::redirect(&format!("/my-documents?done=reminder#doc-{id}"));
    Ok(())
}
