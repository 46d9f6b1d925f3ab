use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Saves one section of a draft (issue #5.3) and, unless it is an `autosave`, checks it with
/// the same rules the browser ran (`rules::application::validate_section`) and goes on to the
/// next section that still needs answers, or to "check your answers".
///
/// The answers are saved *before* they are checked: a refused answer stays in the draft, and
/// the page shows it again with its message. A full save (the Continue button) replaces the
/// section's answers, so an unticked radio button clears; an autosave (typing, with
/// JavaScript) changes only the fields it sends. Fields of other sections and unknown names
/// are ignored.
///
/// Every argument is text: the form arrives as `application/x-www-form-urlencoded`, and the
/// answers are the form's other fields, collected by `flatten`.
#[server(endpoint = "applications/save")]
pub async fn save_section(
    id: crate::ids::ApplicationId,
    section: String,
    csrf: String,
    #[server(default)] autosave: Option<String>,
    #[server(flatten)] answers: BTreeMap<String, String>,
) -> Result<(), AppError> {
    use super::ssr::{app_settings, own_application};
    use super::Status;
    use crate::rules::application::{
        questions, section_state, sections, validate_section, FormContext, Section, SectionState,
    };
    use crate::ssr::auth::{now_ms, Caller};

    /// No answer is longer than this (the longest question takes 200 characters).
    const VALUE_MAX_CHARS: usize = 1000;

    let Caller { db, auth, .. } = Caller::person(Some(&csrf)).await?;
    let id = id.get()?;
    let section = Section::parse(&section).ok_or(AppError::NotFound)?;
    // No transaction around read-merge-write (on SQLite a read that later writes cannot take
    // the write lock while another save holds it): the write is conditional on the answers it
    // merged into, and a save that lost a race merges again.
    let mut conn = db.pool.acquire().await?;
    let mut attempts = 0;
    let (app, merged, is_autosave) = loop {
        let app = own_application(&mut conn, auth.user_id, id).await?;
        if app.status != Status::Draft {
            return Err(AppError::Submitted);
        }
        let mut merged = app.answers.clone();
        // The section's fields as this save would leave them (a ground chosen on this very page
        // decides whether a sponsor's code is required).
        let mut preview = merged.clone();
        preview.extend(answers.clone());
        let fields: Vec<&'static str> = questions(app.kind, &preview, section)
            .iter()
            .map(|q| q.field.as_str())
            .collect();
        if fields.is_empty() || !sections(app.kind, &preview).contains(&section) {
            return Err(AppError::NotFound);
        }
        let is_autosave = autosave.as_deref().is_some_and(|a| !a.is_empty());
        for field in &fields {
            let sent = answers.get(*field);
            if sent.is_none() && is_autosave {
                continue;
            }
            let value: String = sent
                .map(|v| v.chars().take(VALUE_MAX_CHARS).collect())
                .unwrap_or_default();
            if value.trim().is_empty() {
                merged.remove(*field);
            } else {
                merged.insert((*field).to_string(), value);
            }
        }
        if merged == app.answers {
            break (app, merged, is_autosave);
        }
        let written = sqlx::query(
            "UPDATE applications SET answers = $3, updated_at = $4 \
         WHERE id = $1 AND user_id = $2 AND status = 'draft' AND answers = $5",
        )
        .bind(id)
        .bind(auth.user_id)
        .bind(serde_json::to_string(&merged)?)
        .bind(now_ms())
        .bind(serde_json::to_string(&app.answers)?)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        attempts += 1;
        if written == 1 {
            break (app, merged, is_autosave);
        }
        if attempts >= 5 {
            // Issue #21.9: never "saved" when nothing was.
            tracing::warn!(application = id, "a section save lost its race five times");
            return Err(AppError::Conflict);
        }
    };
    if is_autosave {
        return Ok(());
    }
    let ctx = FormContext {
        kind: app.kind,
        today: crate::ssr::clock().today(),
        min_monthly_wage_eur: app_settings()?.min_monthly_wage_eur,
    };
    let errors = validate_section(&ctx, &merged, section);
    if !errors.is_empty() {
        return Err(AppError::Invalid { errors, entered: Vec::new() });
    }
    let order = sections(app.kind, &merged);
    let here = order.iter().position(|s| *s == section).unwrap_or(0);
    let next = order
        .iter()
        .skip(here + 1)
        .chain(order.iter().take(here))
        .find(|s| section_state(&ctx, &merged, **s) != SectionState::Completed);
    leptos_axum::redirect(&match next {
        Some(next) => format!("/applications/{id}/{}", next.as_str()),
        None => format!("/applications/{id}/check"),
    });
    Ok(())
}
