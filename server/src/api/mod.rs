//! The public JSON API under `/api/v1` (kiosks, partner NGOs, lawyers). Thin: parse, call
//! `app::rules`, answer. Bad input is always HTTP 400 `{"error":{"code","field","message"}}`
//! with the message in the `Accept-Language` locale — never a 500. OpenAPI at
//! `/api/v1/openapi.json`.
mod error;
mod rules;

use crate::AppState;
use axum::{routing::get, Json, Router};
use utoipa::OpenApi;

pub use error::{ApiError, ErrorBody, ErrorDetail};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Vartai public API",
        version = "1",
        description = "Lithuanian migration rules as a service: renewal windows, decision deadlines, working days, holidays, state fees and personal-code validation. Every figure cites its rule id."
    ),
    paths(
        rules::renewal_window,
        rules::decision_deadline,
        rules::add_working_days,
        rules::holidays,
        rules::fee,
        rules::validate_personal_code,
    ),
    components(schemas(
        rules::RenewalWindowOut,
        rules::DecisionDeadlineOut,
        rules::DateOut,
        rules::HolidayOut,
        rules::FeeOut,
        rules::PersonalCodeIn,
        rules::PersonalCodeOut,
        ErrorBody,
        ErrorDetail
    ))
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(rules::router())
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}
