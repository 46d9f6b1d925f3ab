//! Server-side pieces of case handling: loading a case and its clock stops, the live deadline,
//! and the R-DL-3 restart when the requested documents arrive.
use super::{CaseStatus, DocumentsRequest, OfficeChoice, Revocation};
use crate::error::AppError;
use crate::rules::application::{case_kind, Answers, ApplicationType};
use crate::rules::case::{live_deadline, CaseFacts, Stage, Stop};
use crate::rules::{DocumentKind, LithuanianCalendar, Procedure};
use crate::ssr::Day;
use jiff::civil::Date;
use sqlx::Row;

/// The offices that take documents in (the `submit_documents` service), in display order.
pub async fn intake_offices(conn: &mut sqlx::AnyConnection) -> Result<Vec<OfficeChoice>, AppError> {
    Ok(sqlx::query_as(
        "SELECT o.id, o.slug, o.name, o.address FROM offices o \
         JOIN office_services s ON s.office_id = o.id AND s.service_code = 'submit_documents' \
         ORDER BY o.position, o.name",
    )
    .fetch_all(conn)
    .await?)
}

/// A submitted application as case handling reads it.
#[derive(Clone, Debug)]
pub struct CaseRow {
    pub id: i64,
    pub user_id: i64,
    pub kind: ApplicationType,
    pub reference: String,
    pub answers: Answers,
    pub stage: Stage,
    pub procedure: Procedure,
    pub submitted_on: Date,
    pub fee_eur: Option<u32>,
    pub exemption_claimed: bool,
    pub fee_confirmed: bool,
    pub office: Option<OfficeChoice>,
    pub assigned_to: Option<i64>,
    pub decided_on: Option<Date>,
    pub valid_until: Option<Date>,
    pub refusal_reason: Option<String>,
    pub refund_eur: Option<u32>,
    pub produce_by: Option<Date>,
    pub produced_on: Option<Date>,
    /// R-DL-7: the day the file of a transfer is to be sent by, while it has not arrived.
    pub file_due: Option<Date>,
    /// R-DL-7: revocation proceedings (open, or ended in revocation), and the day their 14
    /// days count from.
    pub revocation: Option<Revocation>,
    pub revocation_from: Option<Date>,
}

pub const CASE_COLUMNS: &str = "a.id, a.user_id, a.kind, a.reference, a.answers, a.stage, \
     a.procedure, a.submitted_on, a.fee_eur, a.exemption_claimed, a.fee_confirmed_at, \
     a.office_id, o.slug AS office_slug, o.name AS office_name, o.address AS office_address, \
     a.assigned_to, a.decided_on, a.valid_until, a.refusal_reason, a.refund_eur, a.produce_by, \
     a.produced_on, a.transfer_due, a.file_received_on, a.revocation_opened_on, \
     a.revocation_from, a.revocation_grounds, a.revoked_on, a.revocation_reason";

/// The columns of `CASE_COLUMNS` as they are stored.
#[derive(sqlx::FromRow)]
struct CaseRecord {
    id: i64,
    user_id: i64,
    kind: String,
    reference: Option<String>,
    answers: String,
    stage: Option<String>,
    procedure: Option<String>,
    submitted_on: Option<Day>,
    fee_eur: Option<i64>,
    exemption_claimed: i64,
    fee_confirmed_at: Option<i64>,
    office_id: Option<i64>,
    office_slug: Option<String>,
    office_name: Option<String>,
    office_address: Option<String>,
    assigned_to: Option<i64>,
    decided_on: Option<Day>,
    valid_until: Option<Day>,
    refusal_reason: Option<String>,
    refund_eur: Option<i64>,
    produce_by: Option<Day>,
    produced_on: Option<Day>,
    transfer_due: Option<Day>,
    file_received_on: Option<Day>,
    revocation_opened_on: Option<Day>,
    revocation_from: Option<Day>,
    revocation_grounds: Option<String>,
    revoked_on: Option<Day>,
    revocation_reason: Option<String>,
}

fn euros(v: Option<i64>) -> Option<u32> {
    v.and_then(|v| u32::try_from(v).ok())
}

fn date(d: Option<Day>) -> Option<Date> {
    d.map(|d| d.0)
}

pub fn case_row(r: &sqlx::any::AnyRow) -> Result<CaseRow, AppError> {
    use sqlx::FromRow;
    let c = CaseRecord::from_row(r)?;
    let fee_eur = euros(c.fee_eur);
    let exemption_claimed = c.exemption_claimed == 1;
    let office = c.office_id.map(|id| OfficeChoice {
        id,
        slug: c.office_slug.unwrap_or_default(),
        name: c.office_name.unwrap_or_default(),
        address: c.office_address.unwrap_or_default(),
    });
    let revoked_on = date(c.revoked_on);
    let revocation_from = date(c.revocation_from);
    let revocation = match (date(c.revocation_opened_on), revocation_from) {
        (Some(opened_on), Some(from)) => Some(Revocation {
            opened_on,
            due: crate::rules::revocation_deadline(from),
            grounds: c.revocation_grounds.unwrap_or_default(),
            revoked_on,
            reason: c.revocation_reason,
        }),
        _ => None,
    };
    Ok(CaseRow {
        id: c.id,
        user_id: c.user_id,
        kind: c.kind.parse().map_err(AppError::internal)?,
        reference: c.reference.unwrap_or_default(),
        answers: serde_json::from_str(&c.answers)?,
        // R-DL-7: a revoked decision keeps the stage it had reached in the column (see
        // migration 0019); it reads as `revoked`.
        stage: if revoked_on.is_some() {
            Stage::Revoked
        } else {
            c.stage
                .as_deref()
                .and_then(Stage::parse)
                .unwrap_or(Stage::Received)
        },
        procedure: if c.procedure.as_deref() == Some("urgent") {
            Procedure::Urgent
        } else {
            Procedure::General
        },
        submitted_on: date(c.submitted_on)
            .ok_or_else(|| AppError::internal("no submission day"))?,
        // Nothing due (no fee, or 0 without an exemption) needs no confirmation (R-SV-6).
        fee_confirmed: c.fee_confirmed_at.is_some()
            || (!exemption_claimed && fee_eur.unwrap_or(0) == 0),
        fee_eur,
        exemption_claimed,
        office,
        assigned_to: c.assigned_to,
        decided_on: date(c.decided_on),
        valid_until: date(c.valid_until),
        refusal_reason: c.refusal_reason,
        refund_eur: euros(c.refund_eur),
        produce_by: date(c.produce_by),
        produced_on: date(c.produced_on),
        file_due: match c.file_received_on {
            Some(_) => None,
            None => date(c.transfer_due),
        },
        revocation,
        revocation_from,
    })
}

/// A submitted application by id (no ownership check: the callers scope it).
pub async fn load_case(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<Option<CaseRow>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {CASE_COLUMNS} FROM applications a LEFT JOIN offices o ON o.id = a.office_id \
         WHERE a.id = $1 AND a.status = 'submitted'"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(case_row).transpose()
}

/// The documents requests of a case, oldest first.
pub async fn requests_of(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<Vec<DocumentsRequest>, AppError> {
    sqlx::query(
        "SELECT id, notice_sent, due, documents, message, documents_arrived FROM clock_stops \
         WHERE application_id = $1 ORDER BY notice_sent, id",
    )
    .bind(id)
    .fetch_all(conn)
    .await?
    .iter()
    .map(request_row)
    .collect()
}

/// A row of `clock_stops` as it is stored.
#[derive(sqlx::FromRow)]
struct RequestRecord {
    id: i64,
    notice_sent: Day,
    due: Day,
    documents: String,
    message: String,
    documents_arrived: Option<Day>,
}

pub fn request_row(r: &sqlx::any::AnyRow) -> Result<DocumentsRequest, AppError> {
    use sqlx::FromRow;
    let q = RequestRecord::from_row(r)?;
    let docs: Vec<String> = serde_json::from_str(&q.documents)?;
    Ok(DocumentsRequest {
        id: q.id,
        sent: q.notice_sent.0,
        due: q.due.0,
        documents: docs.iter().filter_map(|d| DocumentKind::parse(d)).collect(),
        message: q.message,
        arrived: date(q.documents_arrived),
    })
}

pub fn stops(requests: &[DocumentsRequest]) -> Vec<Stop> {
    requests
        .iter()
        .map(|r| Stop { sent: r.sent, arrived: r.arrived, due: Some(r.due) })
        .collect()
}

impl CaseRow {
    pub fn facts(&self, requests: &[DocumentsRequest], today: Date) -> CaseFacts {
        CaseFacts {
            stage: self.stage,
            kind: case_kind(self.kind, &self.answers),
            procedure: self.procedure,
            submitted: self.submitted_on,
            stops: stops(requests),
            fee_confirmed: self.fee_confirmed,
            valid_until: self.valid_until,
            today,
            file_in_transit: self.file_due.is_some(),
            revocation_from: self.open_revocation().and(self.revocation_from),
        }
    }

    /// R-DL-7: the revocation proceedings still to be decided.
    pub fn open_revocation(&self) -> Option<&Revocation> {
        self.revocation.as_ref().filter(|r| r.revoked_on.is_none())
    }

    /// The case as its pages show it.
    pub fn status(&self, requests: Vec<DocumentsRequest>, today: Date) -> CaseStatus {
        let live = if self.stage.awaits_decision() {
            case_kind(self.kind, &self.answers).and_then(|k| {
                live_deadline(
                    &LithuanianCalendar,
                    k,
                    self.procedure,
                    self.submitted_on,
                    &stops(&requests),
                    today,
                )
                .ok()
            })
        } else {
            None
        };
        CaseStatus {
            stage: self.stage,
            procedure: self.procedure,
            office: self.office.clone(),
            live,
            requests,
            fee_confirmed: self.fee_confirmed,
            decided_on: self.decided_on,
            valid_until: self.valid_until,
            refusal_reason: self.refusal_reason.clone(),
            refund_eur: self.refund_eur,
            produce_by: self.produce_by,
            produced_on: self.produced_on,
            file_due: self.file_due,
            revocation: self.revocation.clone(),
        }
    }

    /// R-DL-2/R-DL-3 — the decision deadline with every closed stop (what `decision_due`
    /// stores once the clock runs again).
    pub fn closed_deadline(&self, requests: &[DocumentsRequest]) -> Option<Date> {
        let kind = case_kind(self.kind, &self.answers)?;
        let closed: Vec<crate::rules::ClockStop> = requests
            .iter()
            .filter_map(|r| {
                r.arrived
                    .map(|a| crate::rules::ClockStop { notice_sent: r.sent, documents_arrived: a })
            })
            .collect();
        crate::rules::decision_deadline(
            &LithuanianCalendar,
            kind,
            self.procedure,
            self.submitted_on,
            &closed,
        )
        .ok()
        .map(|d| d.deadline)
    }
}

/// Where the applicant's submitted application stands (None for a draft).
pub async fn case_status(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    today: Date,
) -> Result<Option<CaseStatus>, AppError> {
    let Some(row) = load_case(&mut *conn, id).await? else {
        return Ok(None);
    };
    let requests = requests_of(&mut *conn, id).await?;
    Ok(Some(row.status(requests, today)))
}

/// R-DL-3 — after an upload to a case waiting for documents: when every requested kind has a
/// file uploaded since the notice, the clock runs again from `today`, the case goes back to
/// the officer and both sides see the new deadline. In the upload's transaction. Returns
/// true when the clock restarted.
pub async fn documents_uploaded(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    today: Date,
) -> Result<bool, AppError> {
    let Some(row) = load_case(&mut *conn, id).await? else {
        return Ok(false);
    };
    if row.stage != Stage::DocumentsRequested {
        return Ok(false);
    }
    let open = sqlx::query(
        "SELECT id, notice_sent, due, documents, message, documents_arrived, sent_at \
         FROM clock_stops WHERE application_id = $1 AND documents_arrived IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(open) = open else {
        return Ok(false);
    };
    let request = request_row(&open)?;
    let sent_at: i64 = open.try_get("sent_at")?;
    let since: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT kind FROM application_documents \
         WHERE application_id = $1 AND created_at >= $2",
    )
    .bind(id)
    .bind(sent_at)
    .fetch_all(&mut *conn)
    .await?;
    if !request
        .documents
        .iter()
        .all(|k| since.iter().any(|s| s == k.as_str()))
    {
        return Ok(false);
    }
    let arrived = today.max(request.sent);
    let closed = sqlx::query(
        "UPDATE clock_stops SET documents_arrived = $2 WHERE id = $1 AND documents_arrived IS NULL",
    )
    .bind(request.id)
    .bind(Day(arrived))
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if closed == 0 {
        return Ok(false);
    }
    let requests = requests_of(&mut *conn, id).await?;
    let due = row.closed_deadline(&requests);
    sqlx::query(
        "UPDATE applications SET stage = 'received', decision_due = $2, updated_at = $3 \
         WHERE id = $1 AND stage = 'documents_requested'",
    )
    .bind(id)
    .bind(due.map(Day))
    .bind(crate::ssr::auth::now_ms())
    .execute(&mut *conn)
    .await?;
    let days = crate::rules::days_between(request.sent, arrived);
    crate::applications::ssr::event_with(
        &mut *conn,
        id,
        Some(row.user_id),
        "documents_arrived",
        &days.to_string(),
    )
    .await?;
    let reference = row.reference.clone();
    super::texts::notify_case(
        &mut *conn,
        row.user_id,
        &format!("documents-arrived:{}", request.id),
        |l| super::texts::documents_arrived(l, &reference, days, due),
    )
    .await?;
    Ok(true)
}

/// R-DL-8 — invites the holder of every card produced more than a month ago and still not
/// collected, once (the row is claimed by a conditional write in the transaction that queues
/// the notice, so several instances never send it twice). Returns how many were invited.
pub async fn invite_uncollected(db: &crate::ssr::Db, today: Date) -> Result<usize, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {CASE_COLUMNS} FROM applications a LEFT JOIN offices o ON o.id = a.office_id \
         WHERE a.status = 'submitted' AND a.stage = 'produced' AND a.collect_invited_at IS NULL \
         AND a.revocation_opened_on IS NULL AND a.revoked_on IS NULL"
    ))
    .fetch_all(&db.pool)
    .await?;
    let mut invited = 0;
    for r in &rows {
        let case = case_row(r)?;
        let Some(produced) = case.produced_on else {
            continue;
        };
        // Invited once the produced day's month has run out (the day after it).
        if today <= crate::rules::collection_invitation_day(produced) {
            continue;
        }
        let Some(mut tx) = db
            .claim_once(
                sqlx::query(
                    "UPDATE applications SET collect_invited_at = $2 \
             WHERE id = $1 AND stage = 'produced' AND collect_invited_at IS NULL",
                )
                .bind(case.id)
                .bind(crate::ssr::auth::now_ms()),
            )
            .await?
        else {
            continue;
        };
        crate::applications::ssr::event(&mut tx, case.id, None, "collection_invitation").await?;
        let reference = case.reference.clone();
        let office = case.office.clone();
        super::texts::notify_case(
            &mut tx,
            case.user_id,
            &format!("collection-invitation:{}", case.id),
            |l| super::texts::invite_to_collect(l, &reference, office.as_ref(), produced),
        )
        .await?;
        tx.commit().await?;
        invited += 1;
    }
    Ok(invited)
}

/// Issue #6.1 — the text a case is found by: its reference, the names and numbers of the
/// person it is for (and of the sponsor or the invited guest), the applicant's e-mail.
pub fn search_text_of(
    reference: &str,
    answers: &crate::rules::application::Answers,
    email: Option<&str>,
) -> String {
    use crate::rules::application::answer;
    use crate::rules::Field as F;
    let fields = [
        F::FirstName,
        F::Surname,
        F::PersonalCode,
        F::PassportNumber,
        F::SponsorName,
        F::SponsorCode,
        F::InviteeFirstName,
        F::InviteeSurname,
    ];
    let values: Vec<&str> = fields
        .into_iter()
        .filter_map(|f| answer(answers, f))
        .collect();
    crate::rules::search::search_text(std::iter::once(reference).chain(values).chain(email))
}

/// Issue #6.1 — indexes for search the submitted cases that are not yet (those submitted
/// before search existed). Run when the server starts; returns how many were indexed.
pub async fn index_for_search(db: &crate::ssr::Db) -> Result<usize, AppError> {
    let rows = sqlx::query_as::<_, (i64, String, String, Option<String>)>(
        "SELECT a.id, a.reference, a.answers, u.email FROM applications a \
         JOIN users u ON u.id = a.user_id WHERE a.status = 'submitted' AND a.search_text = ''",
    )
    .fetch_all(&db.pool)
    .await?;
    let indexed = rows.len();
    for (id, reference, answers, email) in rows {
        let answers = serde_json::from_str(&answers).unwrap_or_default();
        sqlx::query("UPDATE applications SET search_text = $2 WHERE id = $1")
            .bind(id)
            .bind(search_text_of(&reference, &answers, email.as_deref()))
            .execute(&db.pool)
            .await?;
    }
    Ok(indexed)
}
