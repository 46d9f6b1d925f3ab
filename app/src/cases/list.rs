use crate::error::AppError;
use crate::rules::application::ApplicationType;
use crate::rules::case::{Risk, Stage};
use crate::rules::Procedure;
use crate::staff::OfficeRef;
use jiff::civil::Date;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One line of the officers' worklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItem {
    pub id: i64,
    pub reference: String,
    pub kind: ApplicationType,
    /// The person the application is for (the child's name when a parent applies).
    pub applicant: String,
    pub stage: Stage,
    pub procedure: Procedure,
    #[serde(deserialize_with = "rules::wire::date")]
    pub submitted_on: Date,
    /// R-DL-2/R-DL-3: the live decision deadline, before the decision; R-DL-7: the revocation
    /// decision's, while the decision is under review.
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub deadline: Option<Date>,
    pub days_left: Option<i64>,
    pub risk: Option<Risk>,
    pub office: String,
    /// The assigned officer's name.
    pub assigned: Option<String>,
    pub mine: bool,
    pub fee_confirmed: bool,
    /// R-DL-7: the file of a case moved here is to be sent by this day (not arrived yet).
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub file_due: Option<Date>,
}

/// The worklist and what its filters offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorklistView {
    pub offices: Vec<OfficeRef>,
    pub items: Vec<WorkItem>,
    #[serde(deserialize_with = "rules::wire::date")]
    pub today: Date,
    /// More cases matched than are shown.
    pub truncated: bool,
}

/// At most this many cases on one page (the most urgent first).
pub const WORKLIST_MAX: usize = 300;

/// Issue #6.1 — the cases of the officer's offices, filtered, most pressing legal deadline
/// first (cases past their decision follow, newest submission first). Filters (empty: any):
/// `office` an office id of mine, `kind` an application type, `stage` a stage name (empty:
/// the open cases, `all`: every case), `procedure` general/urgent, `mine=1` only my cases,
/// `q` words every found case has in its reference, names, numbers or e-mail
/// (`rules::search`; with `q`, an empty `stage` means every case, closed ones too).
#[server(endpoint = "cases/list")]
pub async fn worklist(
    #[server(default)] office: String,
    #[server(default)] kind: String,
    #[server(default)] stage: String,
    #[server(default)] procedure: String,
    #[server(default)] mine: String,
    #[server(default)] q: String,
) -> Result<WorklistView, AppError> {
    let (f_office, f_kind, f_stage, f_procedure, f_mine) = (office, kind, stage, procedure, mine);
    use super::ssr::{case_row, request_row, stops, CASE_COLUMNS};
    use crate::identity::Role;
    use crate::rules::application::{answer, case_kind};
    use crate::rules::case::live_deadline;
    use crate::rules::{Field, LithuanianCalendar};
    use crate::ssr::auth::Caller;
    use sqlx::Row;
    use std::collections::HashMap;

    let Caller { db, auth, .. } = Caller::staff(None, Role::CASE_HANDLERS).await?;
    let today = crate::ssr::clock().today();
    let offices = crate::staff::offices_of(&db, auth.user_id).await?;
    let chosen: Vec<i64> = offices
        .iter()
        .map(|o| o.id)
        .filter(|id| f_office.is_empty() || f_office == id.to_string())
        .collect();
    if chosen.is_empty() {
        return Ok(WorklistView { offices, items: Vec::new(), today, truncated: false });
    }
    // The ids come from the database as integers: safe to write into the statement.
    let in_offices = chosen
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let words = crate::rules::search::search_words(&q);
    let stage_clause = match f_stage.as_str() {
        "all" => String::new(),
        "" if !words.is_empty() => String::new(),
        // Open: not closed, or closed but with its decision under review (R-DL-7).
        "" => "AND a.revoked_on IS NULL AND (a.stage NOT IN ('refused', 'collected') \
               OR a.revocation_opened_on IS NOT NULL)"
            .to_string(),
        // A revoked decision keeps its stage in the column (migration 0019).
        "revoked" => "AND a.revoked_on IS NOT NULL".to_string(),
        s => match Stage::parse(s) {
            Some(s) => format!("AND a.stage = '{}' AND a.revoked_on IS NULL", s.as_str()),
            None => return Err(AppError::NotFound),
        },
    };
    // Folded words are letters and digits only: no LIKE wildcard can come from the search.
    let search_clause: String = (0..words.len())
        .map(|i| format!(" AND a.search_text LIKE ${}", i + 5))
        .collect();
    let sql = format!(
        "SELECT {CASE_COLUMNS}, s.first_name AS officer_first, s.surname AS officer_surname \
         FROM applications a LEFT JOIN offices o ON o.id = a.office_id \
         LEFT JOIN users s ON s.id = a.assigned_to \
         WHERE a.status = 'submitted' AND a.office_id IN ({in_offices}) {stage_clause} \
         AND ($1 = '' OR a.kind = $1) AND ($2 = '' OR a.procedure = $2) \
         AND ($3 = '' OR a.assigned_to = $4){search_clause} \
         ORDER BY a.submitted_at, a.id LIMIT {}",
        WORKLIST_MAX * 4
    );
    let mut query = sqlx::query(&sql)
        .bind(f_kind.trim())
        .bind(f_procedure.trim())
        .bind(if f_mine == "1" { "1" } else { "" })
        .bind(auth.user_id);
    for w in &words {
        query = query.bind(format!("%{w}%"));
    }
    let rows = query.fetch_all(&db.pool).await?;
    let cases = rows
        .iter()
        .map(|r| {
            let officer = crate::identity::full_name(
                r.try_get("officer_first")?,
                r.try_get("officer_surname")?,
            );
            Ok((case_row(r)?, officer))
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let mut requests: HashMap<i64, Vec<crate::rules::case::Stop>> = HashMap::new();
    if !cases.is_empty() {
        let ids = cases
            .iter()
            .map(|(c, _)| c.id.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let stop_rows = sqlx::query(&format!(
            "SELECT id, application_id, notice_sent, due, documents, message, documents_arrived \
             FROM clock_stops WHERE application_id IN ({ids}) ORDER BY notice_sent, id"
        ))
        .fetch_all(&db.pool)
        .await?;
        for r in &stop_rows {
            let app: i64 = r.try_get("application_id")?;
            let req = request_row(r)?;
            requests.entry(app).or_default().extend(stops(&[req]));
        }
    }
    let mut items: Vec<WorkItem> = cases
        .into_iter()
        .map(|(c, officer)| {
            let live = if c.stage.awaits_decision() {
                case_kind(c.kind, &c.answers).and_then(|k| {
                    live_deadline(
                        &LithuanianCalendar,
                        k,
                        c.procedure,
                        c.submitted_on,
                        requests.get(&c.id).map(Vec::as_slice).unwrap_or(&[]),
                        today,
                    )
                    .ok()
                })
            } else {
                // R-DL-7: under review, the revocation decision's 14 days.
                c.open_revocation()
                    .and(c.revocation_from)
                    .map(|from| crate::rules::case::revocation_live(from, today))
            };
            WorkItem {
                id: c.id,
                reference: c.reference.clone(),
                kind: c.kind,
                applicant: [Field::FirstName, Field::Surname]
                    .into_iter()
                    .filter_map(|f| answer(&c.answers, f))
                    .collect::<Vec<_>>()
                    .join(" "),
                stage: c.stage,
                procedure: c.procedure,
                submitted_on: c.submitted_on,
                deadline: live.map(|l| l.deadline),
                days_left: live.map(|l| l.days_left),
                risk: live.map(|l| l.risk),
                office: c.office.map(|o| o.name).unwrap_or_default(),
                assigned: (!officer.is_empty()).then_some(officer),
                mine: c.assigned_to == Some(auth.user_id),
                fee_confirmed: c.fee_confirmed,
                file_due: c.file_due,
            }
        })
        .collect();
    // Most pressing first: the earliest deadline; decided cases after, newest first.
    items.sort_by(|a, b| match (a.deadline, b.deadline) {
        (Some(x), Some(y)) => x.cmp(&y).then(a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => b.submitted_on.cmp(&a.submitted_on).then(b.id.cmp(&a.id)),
    });
    let truncated = items.len() > WORKLIST_MAX;
    items.truncate(WORKLIST_MAX);
    Ok(WorklistView { offices, items, today, truncated })
}
