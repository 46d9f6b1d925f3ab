use crate::error::AppError;
use leptos::prelude::*;

/// Submits a draft (issue #5.6): every section is checked again (`validate_application`,
/// the browser is never trusted), then one conditional write moves it from draft to
/// submitted and fixes the legal decision deadline (R-DL-2, by the rule version in force
/// today), the last day to appear in person (R-FL-1) and the fee (R-SV-6). Sending the form
/// twice is harmless: the second finds the application submitted and shows the same receipt.
#[server(endpoint = "applications/submit")]
pub async fn submit_application(
    id: crate::ids::ApplicationId,
    submit_key: String,
    csrf: String,
    #[server(default)] office: String,
) -> Result<(), AppError> {
    use super::ssr::{app_settings, event, notify, own_application};
    use super::Status;
    use crate::rules::application::{
        fee_due, missing_documents, procedure, submission_terms, validate_application, FormContext,
    };
    use crate::rules::LithuanianCalendar;
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{now_ms, Action, Caller};

    let Caller { db, auth, me, audit, .. } = Caller::person(Some(&csrf)).await?;
    let id = id.get()?;
    // Read first without a transaction; the transaction starts with the conditional write (on
    // SQLite a transaction that reads and then writes can lose the write lock to another one).
    let mut conn = db.pool.acquire().await?;
    let app = own_application(&mut conn, auth.user_id, id).await?;
    if app.status == Status::Submitted {
        // A resent form (double click, reload, a second tab): the same receipt.
        leptos_axum::redirect(&format!("/applications/{id}?done=submitted"));
        return Ok(());
    }
    let today = crate::ssr::clock().today();
    let ctx = FormContext {
        kind: app.kind,
        today,
        min_monthly_wage_eur: app_settings()?.min_monthly_wage_eur,
    };
    let mut errors: Vec<_> = validate_application(&ctx, &app.answers)
        .into_iter()
        .map(|(_, e)| e)
        .collect();
    // R-PM-6, R-FL-1: submitted online with digital copies of the documents.
    let uploaded: Vec<_> = super::ssr::documents_of(&mut conn, id)
        .await?
        .into_iter()
        .map(|d| d.kind)
        .collect();
    if !missing_documents(app.kind, &app.answers, &uploaded).is_empty() {
        errors.push(RuleError::new(
            Field::Documents,
            RuleErrorKind::DocumentsMissing,
        ));
    }
    // R-IP-3: the office the documents are handed in at (and the card collected from).
    let office_id = crate::cases::ssr::intake_offices(&mut conn)
        .await?
        .into_iter()
        .find(|o| o.slug == office.trim())
        .map(|o| o.id);
    if office_id.is_none() {
        errors.push(RuleError::new(Field::Office, RuleErrorKind::Required));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid { errors, entered: vec![("office".to_string(), office)] });
    }
    let terms = submission_terms(&LithuanianCalendar, app.kind, &app.answers, today);
    let fee = fee_due(app.kind, &app.answers);
    let now = now_ms();
    drop(conn);
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE applications SET status = 'submitted', submit_key = $3, submitted_at = $4, \
         updated_at = $4, submitted_on = $5, procedure = $6, decision_due = $7, \
         rule_version = $8, appear_by = $9, fee_eur = $10, exemption_claimed = $11, \
         fee_marked_paid_at = $12, stage = 'received', office_id = $14, search_text = $15 \
         WHERE id = $1 AND user_id = $2 AND status = 'draft' AND answers = $13",
    )
    .bind(id)
    .bind(auth.user_id)
    .bind(submit_key.chars().take(64).collect::<String>())
    .bind(now)
    .bind(crate::ssr::Day(today))
    .bind(procedure(app.kind, &app.answers).as_str())
    .bind(terms.decision.map(|d| crate::ssr::Day(d.deadline)))
    .bind(terms.decision.map(|d| d.version.to_string()))
    .bind(crate::ssr::Day(terms.appear_by))
    .bind(fee.map(|f| i64::from(f.amount_due_eur)))
    .bind(i64::from(
        fee.is_some_and(|f| f.pending_officer_confirmation),
    ))
    .bind(fee.filter(|f| f.amount_due_eur > 0).map(|_| now))
    .bind(serde_json::to_string(&app.answers)?)
    .bind(office_id)
    .bind(crate::cases::ssr::search_text_of(
        &app.reference,
        &app.answers,
        me.email.as_deref(),
    ))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done == 1 {
        event(&mut tx, id, Some(auth.user_id), "submitted").await?;
        let reference = app.reference.clone();
        let kind = app.kind;
        notify(
            &mut tx,
            auth.user_id,
            &format!("application-submitted:{id}"),
            |l| texts::received(l, kind, &reference, &terms),
        )
        .await?;
        audit
            .record(
                &mut tx,
                Action::ApplicationSubmitted,
                Some(auth.user_id),
                serde_json::json!({ "application": id, "reference": app.reference }),
            )
            .await?;
    }
    crate::ssr::outbox::commit_and_send(tx).await?;
    // Not written: submitted meanwhile (the same receipt), or the answers changed since they
    // were checked (check them again).
    let still_draft: Option<String> =
        sqlx::query_scalar("SELECT status FROM applications WHERE id = $1 AND status = 'draft'")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    leptos_axum::redirect(&if done == 0 && still_draft.is_some() {
        format!("/applications/{id}/check")
    } else {
        format!("/applications/{id}?done=submitted")
    });
    Ok(())
}

#[cfg(feature = "ssr")]
mod texts {
    use crate::i18n::Locale;
    use crate::rules::application::{ApplicationType, SubmissionTerms};
    use leptos_i18n::td_string;

    /// R-SV-7 — "received", with the reference, the decision deadline and the last day to come.
    pub fn received(
        l: Locale,
        kind: ApplicationType,
        reference: &str,
        terms: &SubmissionTerms,
    ) -> (String, String) {
        let subject = td_string!(l.letters(), apply.mail.received_subject, reference).to_string();
        let mut body = vec![
            td_string!(l.letters(), account.mail.greeting).to_string(),
            String::new(),
            td_string!(
                l.letters(),
                apply.mail.received_body,
                kind = crate::names::kind_name(l, kind),
                reference
            )
            .to_string(),
        ];
        if let Some(d) = terms.decision {
            body.push(
                td_string!(
                    l.letters(),
                    apply.mail.decision_by,
                    date = d.deadline.to_string()
                )
                .to_string(),
            );
        }
        body.push(
            td_string!(
                l.letters(),
                apply.mail.come_by,
                date = terms.appear_by.to_string()
            )
            .to_string(),
        );
        body.push(String::new());
        body.push(td_string!(l, site.name).to_string());
        (subject, body.join("\n"))
    }
}
