use super::{CaseEvent, CaseStatus};
use crate::applications::Document;
use crate::error::AppError;
use crate::rules::application::{Answers, ApplicationType};
use crate::rules::case::Action;
use crate::rules::DocumentKind;
use jiff::civil::Date;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A checklist line as the officer ticks it: required or not, and whether a file is there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistLine {
    pub kind: DocumentKind,
    pub required: bool,
    pub uploaded: bool,
}

/// One case as the officer's page needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDetailView {
    pub id: i64,
    pub reference: String,
    pub kind: ApplicationType,
    pub answers: Answers,
    /// The account holder who applied (a parent, for a child).
    pub account_name: String,
    pub account_email: Option<String>,
    pub account_phone: Option<String>,
    pub status: CaseStatus,
    pub fee_eur: Option<u32>,
    pub exemption_claimed: bool,
    pub fee_marked_paid: bool,
    pub documents: Vec<Document>,
    pub checklist: Vec<ChecklistLine>,
    pub events: Vec<CaseEvent>,
    /// What the rules allow today (R-DL-3 … R-DL-6).
    pub allowed: Vec<Action>,
    /// The officers of the case's office (id, name), for assignment.
    pub officers: Vec<(i64, String)>,
    /// R-DL-7: the other offices that take documents in, to transfer the case to.
    pub transfer_to: Vec<super::OfficeChoice>,
    pub assigned_to: Option<i64>,
    #[serde(deserialize_with = "rules::wire::date")]
    pub today: Date,
    /// R-DL-3: the last day a documents request may go out.
    #[serde(deserialize_with = "rules::wire::date")]
    pub request_latest: Date,
    /// R-DL-6: the furthest the validity can be extended.
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub extension_latest: Option<Date>,
    /// A suggested validity for an approval (the permit's validity from the rules).
    #[serde(deserialize_with = "rules::wire::date")]
    pub suggested_valid_until: Date,
}

/// Issue #6.2 — one case of the officer's offices (any other: "not found", and the attempt
/// is audited).
#[server(endpoint = "cases/one")]
pub async fn case_detail(id: i64) -> Result<CaseDetailView, AppError> {
    use super::ssr::{load_case, requests_of};
    use crate::identity::{full_name, Role};
    use crate::rules::application::document_checklist;
    use crate::rules::case::{allowed_actions, documents_request_latest};
    use crate::rules::{add_months, longest_extension, LithuanianCalendar};
    use crate::ssr::auth::{office_ids, Caller};

    let Caller { db, auth, .. } = Caller::staff(None, Role::CASE_HANDLERS).await?;
    let mine = office_ids(&db, auth.user_id).await?;
    let today = crate::ssr::clock().today();
    let mut conn = db.pool.acquire().await?;
    let row = load_case(&mut conn, id)
        .await?
        .filter(|c| c.office.as_ref().is_some_and(|o| mine.contains(&o.id)))
        .ok_or(AppError::NotFound)?;
    let requests = requests_of(&mut conn, id).await?;
    let facts = row.facts(&requests, today);
    let allowed = allowed_actions(&LithuanianCalendar, &facts);
    let (email, first_name, surname, phone, fee_marked_paid_at) = sqlx::query_as::<
        _,
        (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<i64>,
        ),
    >(
        "SELECT u.email, u.first_name, u.surname, u.phone, a.fee_marked_paid_at \
         FROM users u JOIN applications a ON a.user_id = u.id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let documents = crate::applications::ssr::documents_of(&mut conn, id).await?;
    let checklist = document_checklist(row.kind, &row.answers)
        .into_iter()
        .filter(|i| i.kind != DocumentKind::Application)
        .map(|i| ChecklistLine {
            kind: i.kind,
            required: i.required,
            uploaded: documents.iter().any(|d| d.kind == i.kind),
        })
        .collect();
    let events = sqlx::query_as::<
        _,
        (
            i64,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        ),
    >(
        "SELECT e.at, e.kind, e.detail, u.first_name, u.surname, u.role FROM application_events e \
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.application_id = $1 ORDER BY e.at, e.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(at, kind, detail, first_name, surname, role)| {
        // What staff did is signed with their name; the applicant's own steps are not.
        let by = if role
            .as_deref()
            .is_some_and(|r| r != Role::Applicant.as_str())
        {
            full_name(first_name, surname)
        } else {
            String::new()
        };
        CaseEvent { at: crate::ssr::local_time(at), kind, detail, by }
    })
    .collect();
    let office_id = row.office.as_ref().map(|o| o.id).unwrap_or_default();
    let officers = sqlx::query_as::<_, (i64, Option<String>, Option<String>, Option<String>)>(
        "SELECT u.id, u.first_name, u.surname, u.email FROM users u \
         JOIN staff_offices s ON s.user_id = u.id \
         WHERE s.office_id = $1 AND u.role IN ('officer', 'office_admin') ORDER BY u.surname, u.id",
    )
    .bind(office_id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(id, first_name, surname, email)| {
        let name = full_name(first_name, surname);
        let name = if name.is_empty() {
            email.unwrap_or_default()
        } else {
            name
        };
        (id, name)
    })
    .collect();
    let transfer_to = super::ssr::intake_offices(&mut conn)
        .await?
        .into_iter()
        .filter(|o| o.id != office_id)
        .collect();
    let validity_months = validity_months(row.kind, &row.answers);
    Ok(CaseDetailView {
        id,
        reference: row.reference.clone(),
        kind: row.kind,
        account_name: full_name(first_name, surname),
        account_email: email,
        account_phone: phone,
        fee_marked_paid: fee_marked_paid_at.is_some(),
        fee_eur: row.fee_eur,
        exemption_claimed: row.exemption_claimed,
        status: row.status(requests, today),
        answers: row.answers.clone(),
        documents,
        checklist,
        events,
        allowed,
        officers,
        transfer_to,
        assigned_to: row.assigned_to,
        today,
        request_latest: documents_request_latest(row.submitted_on),
        extension_latest: row.valid_until.map(longest_extension),
        suggested_valid_until: add_months(today, i32::from(validity_months)),
    })
}

/// The validity to suggest for an approval, in months: what was asked for, else the permit's
/// usual validity (R-PM-1, R-PM-3, R-PM-4).
#[cfg(feature = "ssr")]
fn validity_months(kind: ApplicationType, answers: &Answers) -> u16 {
    use crate::rules::application::months_requested;
    if let Some(m) = months_requested(kind, answers) {
        return u16::try_from(m).unwrap_or(12);
    }
    match kind {
        ApplicationType::TrpIssue => 12,
        ApplicationType::TrpChange => 24,
        ApplicationType::EuCardIssue | ApplicationType::EuCardChange => 60,
        ApplicationType::PermanentFamily => 60,
        ApplicationType::Invitation => 6,
    }
}
