//! `/strings/<code>-<hash>.txt`: a language's interface texts, which the WASM fetches before it
//! hydrates (`app::tr`). The name changes whenever a text does, so a browser keeps the file for
//! a year without asking again; a name from another build is a 404 (the page then stays as the
//! server rendered it).
use crate::AppState;
use axum::{
    extract::Path,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/strings/{file}", get(table))
}

async fn table(Path(file): Path<String>) -> Response {
    match app::tr::file_body(&file) {
        Some(body) => (
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such table of texts").into_response(),
    }
}
