use super::{Document, DraftForm, Event, Status, SubmittedTerms};
use crate::error::AppError;
use crate::rules::application::ApplicationType;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One application as its pages need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub id: i64,
    pub reference: String,
    pub kind: ApplicationType,
    pub status: Status,
    pub form: DraftForm,
    /// A fresh key for the submit form (a resent form is recognised by it).
    pub submit_key: String,
    pub submitted: Option<SubmittedTerms>,
    pub events: Vec<Event>,
    /// The uploaded documents, oldest first.
    pub documents: Vec<Document>,
    /// The largest document accepted, in MB (issue #5.4).
    pub upload_max_mb: u32,
    /// The payer on the payment request (R-SV-6): the account holder.
    pub payer_name: String,
    pub payer_code: Option<String>,
    /// R-SV-6: the payee's account and the EPC QR code (SVG) a banking app scans, when the
    /// account is configured and there is something to pay.
    pub payee_iban: Option<String>,
    pub payment_qr: Option<String>,
    /// The offices that take documents in (R-IP-3: the card is collected there too).
    pub offices: Vec<crate::cases::OfficeChoice>,
    /// Where the case stands once submitted (issue #6).
    pub case: Option<crate::cases::CaseStatus>,
}

/// One of the logged-in person's applications (anyone else's answers "not found").
#[server(endpoint = "applications/one")]
pub async fn application(id: i64) -> Result<ApplicationView, AppError> {
    use super::ssr::{app_settings, own_application};
    use crate::rules::application::FormContext;
    use crate::ssr::auth::{random_token, Caller};
    use crate::ssr::Day;

    /// What submission fixed (R-DL-1): the days, the rules' version, the fee.
    #[derive(sqlx::FromRow)]
    struct Terms {
        submitted_on: Option<Day>,
        decision_due: Option<Day>,
        rule_version: Option<String>,
        appear_by: Option<Day>,
        fee_eur: Option<i64>,
        exemption_claimed: i64,
    }

    let Caller { db, auth, me, .. } = Caller::person(None).await?;
    let mut conn = db.pool.acquire().await?;
    let app = own_application(&mut conn, auth.user_id, id).await?;
    let row: Terms = sqlx::query_as(
        "SELECT submitted_on, decision_due, rule_version, appear_by, fee_eur, \
         exemption_claimed FROM applications WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let submitted = match (row.submitted_on, row.appear_by) {
        (Some(Day(submitted_on)), Some(Day(appear_by))) => Some(SubmittedTerms {
            submitted_on,
            decision_due: row.decision_due.map(|d| d.0),
            rule_version: row.rule_version,
            appear_by,
            fee_eur: row.fee_eur.and_then(|f| u32::try_from(f).ok()),
            exemption_claimed: row.exemption_claimed == 1,
        }),
        _ => None,
    };
    let events = sqlx::query_as::<_, (i64, String, String)>(
        "SELECT at, kind, detail FROM application_events \
         WHERE application_id = $1 AND kind NOT IN ('assign') ORDER BY at, id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(at, kind, detail)| Event { at: crate::ssr::local_time(at), kind, detail })
    .collect();
    let documents = super::ssr::documents_of(&mut conn, id).await?;
    let personal_code: Option<String> =
        sqlx::query_scalar("SELECT personal_code FROM users WHERE id = $1")
            .bind(auth.user_id)
            .fetch_one(&mut *conn)
            .await?;
    let offices = crate::cases::ssr::intake_offices(&mut conn).await?;
    let case = if app.status == Status::Submitted {
        crate::cases::ssr::case_status(&mut conn, id, crate::ssr::clock().today()).await?
    } else {
        None
    };
    let payer_name = [me.first_name, me.surname]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let app_cfg = app_settings()?;
    let payment_qr = app_cfg.fee_iban.as_deref().and_then(|iban| {
        use crate::rules::application::{fee_due, procedure};
        fee_due(app.kind, &app.answers).filter(|f| f.amount_due_eur > 0)?;
        let (permit, action) = app.kind.permit().zip(app.kind.fee_action())?;
        let request = crate::rules::payment_request(
            permit,
            action,
            procedure(app.kind, &app.answers),
            &payer_name,
            personal_code.as_deref(),
            &app.reference,
        )
        .ok()?;
        let text = crate::rules::epc_qr_payload(&request, iban, app_cfg.fee_bic.as_deref());
        Some(crate::ssr::mfa::qr_svg_with(&text, qrcode::EcLevel::M))
    });
    Ok(ApplicationView {
        payee_iban: app_cfg.fee_iban.clone(),
        payment_qr,
        offices,
        case,
        id: app.id,
        reference: app.reference,
        kind: app.kind,
        status: app.status,
        form: DraftForm {
            answers: app.answers,
            ctx: FormContext {
                kind: app.kind,
                today: crate::ssr::clock().today(),
                min_monthly_wage_eur: app_settings()?.min_monthly_wage_eur,
            },
        },
        submit_key: random_token(16),
        submitted,
        events,
        documents,
        upload_max_mb: u32::try_from(app_settings()?.upload_max_bytes.div_ceil(1024 * 1024))
            .unwrap_or(u32::MAX),
        payer_name,
        payer_code: personal_code,
    })
}
