use crate::error::AppError;
use leptos::prelude::*;

/// R-AC-3 / R-AC-4: the contact details. On the first login the names and the phone are filled
/// (the e-mail is the login address); afterwards only the phone changes here — names are the
/// officers' to change, and any names sent are ignored.
#[server(endpoint = "account/contact")]
pub async fn save_contact(
    first_name: Option<String>,
    surname: Option<String>,
    phone: String,
    csrf: String,
) -> Result<(), AppError> {
    use crate::rules::{normalize_phone, validate_contact};
    use crate::ssr::auth::{now_ms, Action, Caller};

    let Caller { db, auth, me, audit, .. } = Caller::person(Some(&csrf)).await?;
    let first_login = me.needs_contact();
    let entered = |pairs: &[(&str, &Option<String>)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_string(), v.clone())))
            .collect()
    };
    let mut tx = db.begin().await?;
    if first_login {
        let details = validate_contact(
            first_name.as_deref().unwrap_or(""),
            surname.as_deref().unwrap_or(""),
            &phone,
            me.email.as_deref().unwrap_or(""),
        )
        .map_err(|errors| AppError::Invalid {
            errors,
            entered: entered(&[
                ("first_name", &first_name),
                ("surname", &surname),
                ("phone", &Some(phone.clone())),
            ]),
        })?;
        // Only while the names are still empty: a second submission cannot overwrite them.
        sqlx::query(
            "UPDATE users SET first_name = $2, surname = $3, phone = $4, updated_at = $5 \
             WHERE id = $1 AND first_name IS NULL",
        )
        .bind(auth.user_id)
        .bind(&details.first_name)
        .bind(&details.surname)
        .bind(&details.phone)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        audit.own(&mut tx, Action::ContactFirst).await?;
    } else {
        let phone_e164 = normalize_phone(&phone).map_err(|e| AppError::Invalid {
            errors: vec![e],
            entered: vec![("phone".into(), phone.clone())],
        })?;
        sqlx::query("UPDATE users SET phone = $2, updated_at = $3 WHERE id = $1")
            .bind(auth.user_id)
            .bind(&phone_e164)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        audit.own(&mut tx, Action::ContactPhone).await?;
    }
    tx.commit().await?;
    leptos_axum::redirect(if first_login {
        "/account"
    } else {
        "/account?done=contact"
    });
    Ok(())
}
