//! `/api/v1/rules/*` and `/api/v1/validate/*`: the rules engine over HTTP, shapes fixed by
//! the Rules issue (other tools depend on them).
use super::error::{ApiError, ErrorBody};
use crate::AppState;
use app::rules::{
    self, add_working_days as add_wd, decision_deadline as deadline, lithuanian_holidays,
    parse_date, renewal_window as window, validate_personal_code as validate_code, CaseKind,
    ClockStop, FeeAction, Field, LithuanianCalendar, Permit, Procedure, RuleError, RuleErrorKind,
};
use axum::{
    body::Bytes,
    extract::RawQuery,
    http::HeaderMap,
    routing::{get, post},
    Json, Router,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/rules/renewal-window", get(renewal_window))
        .route("/rules/decision-deadline", get(decision_deadline))
        .route("/rules/working-days/add", get(add_working_days))
        .route("/rules/holidays", get(holidays))
        .route("/rules/fee", get(fee))
        .route("/validate/personal-code", post(validate_personal_code))
}

/// The query's pairs in order (repeated keys kept: `stop` may appear many times).
fn pairs(query: &Option<String>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn one<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// A required parameter: missing or empty is `required` for its field.
fn required<'a>(
    h: &HeaderMap,
    pairs: &'a [(String, String)],
    key: &str,
    field: Field,
) -> Result<&'a str, ApiError> {
    match one(pairs, key).map(str::trim) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(ApiError::required(h, field)),
    }
}

fn date(h: &HeaderMap, field: Field, s: &str) -> Result<jiff::civil::Date, ApiError> {
    parse_date(field, s).map_err(|e| ApiError::new(h, e))
}

fn number(h: &HeaderMap, field: Field, s: &str, min: i64, max: i64) -> Result<i64, ApiError> {
    let out_of_range = || {
        ApiError::new(
            h,
            RuleError::new(field, RuleErrorKind::OutOfRange { min, max }),
        )
    };
    if !s.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return Err(ApiError::new(
            h,
            RuleError::new(field, RuleErrorKind::InvalidFormat),
        ));
    }
    let n: i64 = s.parse().map_err(|_| out_of_range())?;
    if n < min || n > max {
        return Err(out_of_range());
    }
    Ok(n)
}

#[derive(Serialize, ToSchema)]
pub struct RenewalWindowOut {
    /// First day a renewal may be submitted (4 months before expiry).
    #[schema(value_type = String, format = Date, example = "2026-11-30")]
    pub earliest: String,
    /// Last day for the general procedure (2 months before expiry).
    #[schema(value_type = String, format = Date)]
    pub latest_general: String,
    /// Last day for the urgent procedure (1 month before expiry).
    #[schema(value_type = String, format = Date)]
    pub latest_urgent: String,
}

// The values the query parameters take, for the OpenAPI document (the handlers parse the text
// themselves, so a wrong value gets the API's own translated 400).
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
enum CaseParam {
    TrpIssue,
    TrpIssueFamily,
    #[serde(rename = "trp_issue_hq_2to3")]
    TrpIssueHq2to3,
    #[serde(rename = "trp_issue_hq_3plus")]
    TrpIssueHq3plus,
    TrpIssueBusiness,
    TrpChange,
    EuCardIssue,
    PermanentFamily,
}

/// Two days, `YYYY-MM-DD/YYYY-MM-DD`.
#[derive(Deserialize, ToSchema)]
#[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
#[allow(dead_code)]
struct ClockStopParam(String);

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
enum ProcedureParam {
    General,
    Urgent,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
enum PermitParam {
    Trp,
    Permanent,
    EuCard,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
enum ActionParam {
    Issue,
    Change,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query for OpenAPI; parsing is done by hand (repeated keys)
struct RenewalQuery {
    /// The permit's expiry date, YYYY-MM-DD.
    #[param(value_type = String, format = Date)]
    expires: String,
}

/// R-DL-1: when a temporary residence permit may be renewed.
#[utoipa::path(get, path = "/api/v1/rules/renewal-window", params(RenewalQuery),
    responses((status = 200, body = RenewalWindowOut), (status = 400, body = ErrorBody)))]
pub async fn renewal_window(
    h: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Json<RenewalWindowOut>, ApiError> {
    let p = pairs(&q);
    let expires = date(
        &h,
        Field::Expires,
        required(&h, &p, "expires", Field::Expires)?,
    )?;
    let w = window(expires);
    Ok(Json(RenewalWindowOut {
        earliest: w.earliest.to_string(),
        latest_general: w.latest_general.to_string(),
        latest_urgent: w.latest_urgent.to_string(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct DecisionDeadlineOut {
    #[schema(value_type = String, format = Date)]
    pub deadline: String,
    #[schema(example = "R-DL-2")]
    pub rule: String,
    /// The dated rule version applied (the one in force on the submission day).
    #[schema(example = "2023-guide")]
    pub version: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query for OpenAPI; parsing is done by hand (repeated keys)
struct DeadlineQuery {
    /// The kind of case.
    #[param(inline)]
    case: CaseParam,
    /// The procedure.
    #[param(inline)]
    procedure: ProcedureParam,
    /// Submission day, YYYY-MM-DD.
    #[param(value_type = String, format = Date)]
    submitted: String,
    /// Repeatable clock stop `NOTICE_SENT/DOCUMENTS_ARRIVED` (R-DL-3), e.g. 2026-02-02/2026-02-20.
    #[param(inline)]
    stop: Option<Vec<ClockStopParam>>,
}

/// R-DL-2 with R-DL-3 stops and R-DL-10 roll-forward: the legal decision deadline.
#[utoipa::path(get, path = "/api/v1/rules/decision-deadline", params(DeadlineQuery),
    responses((status = 200, body = DecisionDeadlineOut), (status = 400, body = ErrorBody)))]
pub async fn decision_deadline(
    h: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Json<DecisionDeadlineOut>, ApiError> {
    let p = pairs(&q);
    let kind: CaseKind = required(&h, &p, "case", Field::Case)?
        .parse()
        .map_err(|e| ApiError::new(&h, e))?;
    let procedure: Procedure = required(&h, &p, "procedure", Field::Procedure)?
        .parse()
        .map_err(|e| ApiError::new(&h, e))?;
    let submitted = date(
        &h,
        Field::Submitted,
        required(&h, &p, "submitted", Field::Submitted)?,
    )?;
    let mut stops = Vec::new();
    for (_, v) in p.iter().filter(|(k, _)| k == "stop") {
        let (from, to) = v.split_once('/').ok_or_else(|| {
            ApiError::new(
                &h,
                RuleError::new(Field::Stop, RuleErrorKind::InvalidFormat),
            )
        })?;
        stops.push(ClockStop {
            notice_sent: date(&h, Field::Stop, from.trim())?,
            documents_arrived: date(&h, Field::Stop, to.trim())?,
        });
    }
    let d = deadline(&LithuanianCalendar, kind, procedure, submitted, &stops)
        .map_err(|e| ApiError::new(&h, e))?;
    Ok(Json(DecisionDeadlineOut {
        deadline: d.deadline.to_string(),
        rule: d.rule.to_string(),
        version: d.version.to_string(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct DateOut {
    #[schema(value_type = String, format = Date)]
    pub date: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query for OpenAPI
struct WorkingDaysQuery {
    /// Start day, YYYY-MM-DD.
    #[param(value_type = String, format = Date)]
    from: String,
    /// How many working days after it (0–3660).
    #[param(minimum = 0, maximum = 3660)]
    days: u32,
}

/// R-BK-3 / R-DL-9: the N-th working day after a date (Lithuanian public holidays excluded).
#[utoipa::path(get, path = "/api/v1/rules/working-days/add", params(WorkingDaysQuery),
    responses((status = 200, body = DateOut), (status = 400, body = ErrorBody)))]
pub async fn add_working_days(
    h: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Json<DateOut>, ApiError> {
    let p = pairs(&q);
    let from = date(&h, Field::From, required(&h, &p, "from", Field::From)?)?;
    let days = number(
        &h,
        Field::Days,
        required(&h, &p, "days", Field::Days)?,
        0,
        3660,
    )?;
    let out = add_wd(&LithuanianCalendar, from, days as u32);
    Ok(Json(DateOut { date: out.to_string() }))
}

#[derive(Serialize, ToSchema)]
pub struct HolidayOut {
    #[schema(value_type = String, format = Date)]
    pub date: String,
    /// English name.
    pub name: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query for OpenAPI
struct HolidaysQuery {
    /// The year (2020–2200).
    #[param(minimum = 2020, maximum = 2200)]
    year: i32,
}

/// R-DL-9: Lithuanian public holidays of a year, Easter computed.
#[utoipa::path(get, path = "/api/v1/rules/holidays", params(HolidaysQuery),
    responses((status = 200, body = [HolidayOut]), (status = 400, body = ErrorBody)))]
pub async fn holidays(
    h: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Json<Vec<HolidayOut>>, ApiError> {
    let p = pairs(&q);
    let year = number(
        &h,
        Field::Year,
        required(&h, &p, "year", Field::Year)?,
        2020,
        2200,
    )?;
    Ok(Json(
        lithuanian_holidays(year as i16)
            .into_iter()
            .map(|d| HolidayOut { date: d.date.to_string(), name: d.name.english().to_string() })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct FeeOut {
    #[schema(example = 160)]
    pub amount_eur: u32,
    #[schema(example = "5740")]
    pub payment_code: String,
    #[schema(example = "188659752")]
    pub payee_code: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query for OpenAPI
struct FeeQuery {
    /// The permit.
    #[param(inline)]
    permit: PermitParam,
    /// Issue a new one or change it.
    #[param(inline)]
    action: ActionParam,
    /// The procedure.
    #[param(inline)]
    procedure: ProcedureParam,
}

/// R-PM-1, R-PM-3, R-PM-4, R-SV-6: the state fee and the payment codes.
#[utoipa::path(get, path = "/api/v1/rules/fee", params(FeeQuery),
    responses((status = 200, body = FeeOut), (status = 400, body = ErrorBody)))]
pub async fn fee(h: HeaderMap, RawQuery(q): RawQuery) -> Result<Json<FeeOut>, ApiError> {
    let p = pairs(&q);
    let permit: Permit = required(&h, &p, "permit", Field::Permit)?
        .parse()
        .map_err(|e| ApiError::new(&h, e))?;
    let action: FeeAction = required(&h, &p, "action", Field::Action)?
        .parse()
        .map_err(|e| ApiError::new(&h, e))?;
    let procedure: Procedure = required(&h, &p, "procedure", Field::Procedure)?
        .parse()
        .map_err(|e| ApiError::new(&h, e))?;
    let quote = rules::fee(permit, action, procedure).map_err(|e| ApiError::new(&h, e))?;
    Ok(Json(FeeOut {
        amount_eur: quote.amount_eur,
        payment_code: quote.payment_code.to_string(),
        payee_code: quote.payee_code.to_string(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct PersonalCodeIn {
    #[schema(example = "39001010002")]
    pub code: String,
}

#[derive(Serialize, ToSchema)]
pub struct PersonalCodeOut {
    pub valid: bool,
    /// YYYY-MM-DD; null when invalid or for a code starting with 9 (no date in it).
    #[schema(value_type = Option<String>, format = Date)]
    pub birth_date: Option<String>,
    /// "male" or "female"; null when invalid or unknown.
    pub sex: Option<String>,
    /// Why the code is not valid (null when it is).
    pub error: Option<super::error::ErrorDetail>,
}

/// R-AC-5: checks a Lithuanian personal code (digits, date, checksum).
#[utoipa::path(post, path = "/api/v1/validate/personal-code", request_body = PersonalCodeIn,
    responses((status = 200, body = PersonalCodeOut), (status = 400, body = ErrorBody)))]
pub async fn validate_personal_code(
    h: HeaderMap,
    body: Bytes,
) -> Result<Json<PersonalCodeOut>, ApiError> {
    let input: PersonalCodeIn = serde_json::from_slice(&body).map_err(|_| {
        ApiError::new(
            &h,
            RuleError::new(Field::PersonalCode, RuleErrorKind::InvalidFormat),
        )
    })?;
    Ok(Json(match validate_code(&input.code) {
        Ok(pc) => PersonalCodeOut {
            valid: true,
            birth_date: pc.birth_date.map(|d| d.to_string()),
            sex: pc.sex.map(|s| match s {
                rules::Sex::Male => "male".to_string(),
                rules::Sex::Female => "female".to_string(),
            }),
            error: None,
        },
        Err(e) => PersonalCodeOut {
            valid: false,
            birth_date: None,
            sex: None,
            error: Some(ApiError::new(&h, e).detail()),
        },
    }))
}
