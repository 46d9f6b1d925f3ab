//! Documents of an application (issue #5.4), plain HTML forms so they work without JavaScript:
//!
//! * `POST /documents/upload` (multipart: `csrf`, `application`, `kind`, `file`) — checks the
//!   file (`uploads::check`), stores it content-addressed and records who owns it, then sends the
//!   browser back to the application's documents page (`?uploaded=<kind>`, or
//!   `?error=<code>&max=<n>&kind=<kind>` with the reason). A script asking for JSON gets
//!   `{"ok":true}` or a 4xx with the rule error instead.
//! * `GET /documents/<id>` — the file, to its owner only (anyone else: 404, as if it did not
//!   exist), as an attachment with its checked type.
//! * `POST /documents/<id>/delete` (`csrf`) — removes it from a draft.
//!
//! Only drafts take or lose documents; a submitted application's stay as they were.
use crate::uploads::{self, sandbox::Outcome};
use crate::AppState;
use app::error::AppError;
use app::rules::application::ApplicationType;
use app::rules::{DocumentKind, Field, RuleError, RuleErrorKind};
use app::ssr::auth::{now_ms, rate_limit, Action, Audit, Client, HOUR_MS};
use axum::extract::{Multipart, Path, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use sqlx::Row;
use tower_http::limit::RequestBodyLimitLayer;
use tower_sessions::Session;

pub fn router(state: &AppState) -> Router<AppState> {
    // A hard cap well above the limit, so a file a little too large still reaches `upload`,
    // which refuses it with a translated reason; far beyond it, a bare 413.
    let limit = upload_body_cap(state.config.upload_max_bytes);
    Router::new()
        .route("/documents/upload", post(upload))
        .route("/documents/{id}", get(download))
        .route("/documents/{id}/delete", post(remove))
        .route_layer(RequestBodyLimitLayer::new(limit))
}

/// The largest upload request body read at all (twice the file limit, plus 1 MB).
pub fn upload_body_cap(upload_max_bytes: usize) -> usize {
    upload_max_bytes
        .saturating_mul(2)
        .saturating_add(1024 * 1024)
}

/// What the form sent.
#[derive(Default)]
struct Form {
    csrf: String,
    application: i64,
    kind: String,
    name: String,
    bytes: Option<Result<Vec<u8>, ()>>,
}

async fn read_form(mut multipart: Multipart) -> Form {
    let mut form = Form::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            // The body ended early or passed the size limit.
            Err(_) => {
                form.bytes = Some(Err(()));
                break;
            }
        };
        match field.name().unwrap_or("") {
            "file" => {
                form.name = field.file_name().unwrap_or("").chars().take(200).collect();
                form.bytes = Some(field.bytes().await.map(|b| b.to_vec()).map_err(|_| ()));
            }
            name => {
                let name = name.to_string();
                let text = field.text().await.unwrap_or_default();
                match name.as_str() {
                    "csrf" => form.csrf = text,
                    "application" => form.application = text.trim().parse().unwrap_or(0),
                    "kind" => form.kind = text,
                    _ => {}
                }
            }
        }
    }
    form
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"))
}

/// The kinds of document this draft's checklist asks for (R-PM-6), by key.
fn checklist_kinds(
    kind: ApplicationType,
    answers: &app::rules::application::Answers,
) -> Vec<DocumentKind> {
    app::rules::application::document_checklist(kind, answers)
        .into_iter()
        .map(|i| i.kind)
        .filter(|k| *k != DocumentKind::Application)
        .collect()
}

fn kind_key(k: DocumentKind) -> &'static str {
    k.as_str()
}

/// R-DL-3 — the kinds the open documents request of a submitted case asks for (None: no open
/// request).
async fn requested_kinds(
    state: &AppState,
    application: i64,
) -> Result<Option<Vec<DocumentKind>>, sqlx::Error> {
    let docs: Option<String> = sqlx::query_scalar(
        "SELECT s.documents FROM clock_stops s JOIN applications a ON a.id = s.application_id \
         WHERE s.application_id = $1 AND s.documents_arrived IS NULL \
         AND a.stage = 'documents_requested'",
    )
    .bind(application)
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(docs.map(|d| {
        serde_json::from_str::<Vec<String>>(&d)
            .unwrap_or_default()
            .iter()
            .filter_map(|k| DocumentKind::parse(k))
            .collect()
    }))
}

async fn upload(
    State(state): State<AppState>,
    session: Session,
    parts: Parts,
    multipart: Multipart,
) -> Response {
    let json = wants_json(&parts.headers);
    let form = read_form(multipart).await;
    let refuse = |status: StatusCode, kind: RuleErrorKind, form: &Form| -> Response {
        let error = RuleError::new(Field::Upload, kind.clone());
        if json {
            return (status, Json(serde_json::json!({ "error": error }))).into_response();
        }
        let max = match &kind {
            RuleErrorKind::FileTooLarge { max_mb } => *max_mb,
            RuleErrorKind::ImageTooLarge { max_mpx } => *max_mpx,
            RuleErrorKind::UploadsPerHour { max } => *max,
            _ => 0,
        };
        Redirect::to(&format!(
            "/applications/{}/documents?error={}&max={max}&kind={}#{}",
            form.application,
            kind.code(),
            form_urlencoded::byte_serialize(form.kind.as_bytes()).collect::<String>(),
            "upload-result"
        ))
        .into_response()
    };
    let me = match super::form_sender(&state, &session, &form.csrf).await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    // The application must be this person's draft (anyone else's: 404).
    let row = sqlx::query(
        "SELECT kind, status, answers FROM applications WHERE id = $1 AND user_id = $2",
    )
    .bind(form.application)
    .bind(me.user_id)
    .fetch_optional(&state.db.pool)
    .await;
    let (kind, status, answers) = match row {
        Ok(Some(r)) => {
            let kind: String = r.get("kind");
            let answers: String = r.get("answers");
            (
                kind.parse::<ApplicationType>().ok(),
                r.get::<String, _>("status"),
                serde_json::from_str(&answers).unwrap_or_default(),
            )
        }
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "upload: application lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let Some(kind) = kind else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // A draft takes its checklist's documents; a submitted case only the ones an officer
    // asked for while the request is open (R-DL-3).
    let wanted = if status == "draft" {
        checklist_kinds(kind, &answers)
    } else {
        match requested_kinds(&state, form.application).await {
            Ok(Some(kinds)) => kinds,
            Ok(None) => {
                return (StatusCode::CONFLICT, "the application has been submitted").into_response()
            }
            Err(e) => {
                tracing::error!(error = %e, "upload: documents request lookup failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    };
    if !wanted.iter().any(|k| kind_key(*k) == form.kind) {
        return refuse(StatusCode::BAD_REQUEST, RuleErrorKind::InvalidFormat, &form);
    }
    let limits = state.uploads.limits();
    let bytes = match &form.bytes {
        None => return refuse(StatusCode::BAD_REQUEST, RuleErrorKind::Required, &form),
        Some(Err(())) => {
            let max_mb = u32::try_from(limits.max_bytes.div_ceil(1024 * 1024)).unwrap_or(u32::MAX);
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                RuleErrorKind::FileTooLarge { max_mb },
                &form,
            );
        }
        Some(Ok(b)) if b.is_empty() => {
            return refuse(StatusCode::BAD_REQUEST, RuleErrorKind::Required, &form)
        }
        Some(Ok(b)) => b.clone(),
    };
    // Issue #21.10: every refusal of a file is audited, with the client's address (a hostile
    // file shows up as `file_damaged` here and as a warning in the log).
    let audited_refusal = |status: StatusCode, kind: RuleErrorKind, retry_after: Option<u32>| {
        let (state, parts, form) = (&state, &parts, &form);
        async move {
            let audited = async {
                let mut conn = state.db.pool.acquire().await?;
                let detail = serde_json::json!({
                    "application": form.application,
                    "kind": form.kind,
                    "reason": kind.code(),
                });
                Audit::by(Some(me.user_id), &Client::of(&state.auth, parts).address)
                    .record(&mut conn, Action::DocumentRefused, Some(me.user_id), detail)
                    .await
            }
            .await;
            if let Err(e) = audited {
                tracing::error!(error = %e, "auditing a refused upload failed");
            }
            let mut response = refuse(status, kind, form);
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            response
        }
    };
    // Issue #21.1: an account has at most `uploads_per_hour` files checked an hour (the check
    // is the costly part, a child process per file); beyond that, refused before it runs.
    let max = state.config.uploads_per_hour;
    match rate_limit(
        &state.db,
        &format!("uploads:{}", me.user_id),
        i64::from(max),
        HOUR_MS,
        now_ms(),
    )
    .await
    {
        Ok(()) => {}
        Err(AppError::TooMany { retry_after_minutes }) => {
            let kind = RuleErrorKind::UploadsPerHour { max };
            let retry = Some(retry_after_minutes.saturating_mul(60));
            return audited_refusal(StatusCode::TOO_MANY_REQUESTS, kind, retry).await;
        }
        Err(e) => {
            tracing::error!(error = %e, "upload: counting the account's uploads failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    // Issue #21.1: parsed in a child process with hard limits, never in this one.
    let accepted = match state.uploads.check(bytes).await {
        Outcome::Accepted(a) => a,
        Outcome::Refused(kind) => {
            let status = match kind {
                RuleErrorKind::FileTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            return audited_refusal(status, kind, None).await;
        }
        Outcome::Busy => {
            let kind = RuleErrorKind::CheckBusy;
            return audited_refusal(StatusCode::SERVICE_UNAVAILABLE, kind, Some(30)).await;
        }
        Outcome::Unavailable => {
            let kind = RuleErrorKind::CheckUnavailable;
            return audited_refusal(StatusCode::SERVICE_UNAVAILABLE, kind, None).await;
        }
    };
    if let Some(scanner) = &state.config.clamav {
        match uploads::clamav::scan(scanner, &accepted.bytes).await {
            Ok(uploads::clamav::Verdict::Clean) => {}
            Ok(uploads::clamav::Verdict::Infected(name)) => {
                tracing::warn!(virus = %name, "upload refused by the virus scanner");
                let kind = RuleErrorKind::FileInfected;
                return audited_refusal(StatusCode::UNPROCESSABLE_ENTITY, kind, None).await;
            }
            Err(e) => {
                tracing::error!(error = %e, "virus scanner unavailable");
                let kind = RuleErrorKind::CheckUnavailable;
                return audited_refusal(StatusCode::SERVICE_UNAVAILABLE, kind, None).await;
            }
        }
    }
    let root = state.config.data_dir.join("files");
    let size = accepted.bytes.len();
    let stored = {
        let root = root.clone();
        let bytes = accepted.bytes;
        tokio::task::spawn_blocking(move || uploads::store(&root, &bytes)).await
    };
    let sha = match stored {
        Ok(Ok(sha)) => sha,
        other => {
            tracing::error!(result = ?other.map(|r| r.err()), "storing an upload failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let name = if form.name.trim().is_empty() {
        format!("document.{}", accepted.extension)
    } else {
        form.name.clone()
    };
    let result: Result<bool, sqlx::Error> = async {
        let mut tx = state.db.begin().await?;
        sqlx::query(
            "INSERT INTO application_documents (application_id, user_id, kind, sha256, name, \
             size, mime, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(form.application)
        .bind(me.user_id)
        .bind(&form.kind)
        .bind(&sha)
        .bind(&name)
        .bind(i64::try_from(size).unwrap_or(i64::MAX))
        .bind(accepted.mime)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        Audit::by(Some(me.user_id), &Client::of(&state.auth, &parts).address)
            .record(
                &mut tx,
                Action::DocumentUploaded,
                Some(me.user_id),
                serde_json::json!({ "application": form.application, "kind": form.kind }),
            )
            .await?;
        // R-DL-3: the last of the requested documents restarts the legal clock, in the same
        // transaction as the upload.
        let restarted = if status == "draft" {
            false
        } else {
            app::cases::ssr::documents_uploaded(&mut tx, form.application, state.clock.today())
                .await
                .map_err(|e| sqlx::Error::Protocol(format!("clock restart: {e}")))?
        };
        tx.commit().await?;
        Ok(restarted)
    }
    .await;
    let restarted = match result {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "recording an upload failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if restarted {
        state.outbox.now();
    }
    if json {
        Json(serde_json::json!({ "ok": true, "clock_restarted": restarted })).into_response()
    } else if status != "draft" {
        Redirect::to(&format!(
            "/applications/{}/documents?uploaded={}{}#upload-result",
            form.application,
            form_urlencoded::byte_serialize(form.kind.as_bytes()).collect::<String>(),
            if restarted { "&complete=1" } else { "" }
        ))
        .into_response()
    } else {
        Redirect::to(&format!(
            "/applications/{}/documents?uploaded={}#upload-result",
            form.application,
            form_urlencoded::byte_serialize(form.kind.as_bytes()).collect::<String>()
        ))
        .into_response()
    }
}

async fn download(
    State(state): State<AppState>,
    super::OwnNumbered(me, id): super::OwnNumbered,
) -> Response {
    // The owner, or an officer of the office handling the case (issue #6.2); anyone else
    // gets the same 404 as for a file that does not exist.
    let row = sqlx::query(
        "SELECT d.sha256, d.name, d.mime FROM application_documents d \
         JOIN applications a ON a.id = d.application_id \
         WHERE d.id = $1 AND (d.user_id = $2 OR (a.status = 'submitted' AND EXISTS ( \
             SELECT 1 FROM staff_offices s JOIN users u ON u.id = s.user_id \
             WHERE s.user_id = $2 AND s.office_id = a.office_id \
             AND u.role IN ('officer', 'office_admin'))))",
    )
    .bind(id)
    .bind(me.user_id)
    .fetch_optional(&state.db.pool)
    .await;
    let Ok(Some(row)) = row else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let sha: String = row.get("sha256");
    let name: String = row.get("name");
    let mime: String = row.get("mime");
    let Some(path) = uploads::path_of(&state.config.data_dir.join("files"), &sha) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(bytes) = tokio::fs::read(&path).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // The name as an RFC 5987 parameter: any language, no header injection.
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    (
        [
            (header::CONTENT_TYPE, mime),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename*=UTF-8''{}",
                    encoded.replace('+', "%20")
                ),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

#[derive(serde::Deserialize)]
struct RemoveForm {
    csrf: String,
}

async fn remove(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<RemoveForm>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let me = match super::form_sender(&state, &session, &form.csrf).await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    let app: Result<Option<i64>, sqlx::Error> = sqlx::query_scalar(
        "SELECT d.application_id FROM application_documents d \
         JOIN applications a ON a.id = d.application_id \
         WHERE d.id = $1 AND d.user_id = $2 AND a.status = 'draft'",
    )
    .bind(id)
    .bind(me.user_id)
    .fetch_optional(&state.db.pool)
    .await;
    let Ok(Some(application)) = app else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Err(e) = sqlx::query("DELETE FROM application_documents WHERE id = $1")
        .bind(id)
        .execute(&state.db.pool)
        .await
    {
        tracing::error!(error = %e, "removing a document failed");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    Redirect::to(&format!("/applications/{application}/documents")).into_response()
}
