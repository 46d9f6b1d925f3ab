use app::locale::{error_message, negotiate};
use app::rules::{Field, RuleError};
use axum::{
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;
use utoipa::ToSchema;

/// `{"error": {...}}`: the one shape every refusal of the API takes.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine code, e.g. `impossible_date`, `unknown_case_kind`.
    #[schema(example = "impossible_date")]
    pub code: String,
    /// The parameter at fault, e.g. `expires`.
    #[schema(example = "expires")]
    pub field: String,
    /// Human message in the caller's `Accept-Language` (lt, en, uk, be, ru; English otherwise).
    pub message: String,
}

/// A rule error plus the caller's language: answers 400 with a translated message.
pub struct ApiError {
    pub error: RuleError,
    pub locale: app::i18n::Locale,
}

impl ApiError {
    pub fn new(headers: &HeaderMap, error: RuleError) -> Self {
        let accept = headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        ApiError { error, locale: negotiate(accept) }
    }

    pub fn detail(&self) -> ErrorDetail {
        ErrorDetail {
            code: self.error.code().to_string(),
            field: self.error.field.as_str().to_string(),
            message: error_message(self.locale, &self.error),
        }
    }

    /// A required query parameter is missing.
    pub fn required(headers: &HeaderMap, field: Field) -> Self {
        Self::new(
            headers,
            RuleError::new(field, app::rules::RuleErrorKind::Required),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            StatusCode::BAD_REQUEST,
            Json(ErrorBody { error: self.detail() }),
        )
            .into_response()
    }
}
