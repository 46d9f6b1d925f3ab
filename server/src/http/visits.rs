//! `GET /applications/{id}/visit.ics`: the booked visit's calendar entry (RFC 5545), for the
//! application's owner only; anyone else gets the same 404 as for no visit.
use crate::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route("/applications/{id}/visit.ics", get(calendar))
}

async fn calendar(
    State(state): State<AppState>,
    super::OwnNumbered(me, id): super::OwnNumbered,
) -> Response {
    match app::visits::ssr::calendar_of(&state.db, me.user_id, id).await {
        Ok(Some(ics)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"vartai-visit.ics\"",
                ),
                (header::CACHE_CONTROL, "private, no-store"),
            ],
            ics,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "visit calendar failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
