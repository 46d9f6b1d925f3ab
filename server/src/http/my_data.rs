//! `GET /account/data`: "download my data" (issue #4.7, GDPR Art. 15/20) — everything Vartai
//! holds about the logged-in person, as one JSON file. Reading only, so a GET; the session
//! cookie (SameSite=Lax, HttpOnly) is what proves who asks, and a cross-site page cannot read
//! the answer.
use crate::AppState;
use app::ssr::auth::{now_ms, Action, Audit, Client};
use axum::extract::State;
use axum::http::{header, request::Parts, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use sqlx::{Column, Row};
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new().route("/account/data", get(download))
}

async fn download(State(state): State<AppState>, session: Session, parts: Parts) -> Response {
    let me = match super::logged_in(&state, &session, Redirect::to("/login")).await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    match collect(&state, me.user_id, &Client::of(&state.auth, &parts)).await {
        Ok(data) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"vartai-my-data.json\"",
                ),
            ],
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "my data export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Rows as JSON objects (every column the query names; times stay Unix milliseconds and are
/// also given as ISO 8601 under `<name>_utc`).
async fn rows(
    db: &app::ssr::Db,
    sql: &str,
    user_id: i64,
    text: Option<&str>,
) -> Result<Vec<Value>, sqlx::Error> {
    let mut q = sqlx::query(sql).bind(user_id);
    if let Some(t) = text {
        q = q.bind(t.to_string());
    }
    let rows = q.fetch_all(&db.pool).await?;
    Ok(rows
        .iter()
        .map(|r| {
            let mut obj = serde_json::Map::new();
            for (i, c) in r.columns().iter().enumerate() {
                let name = c.name();
                let v = if let Ok(n) = r.try_get::<Option<i64>, _>(i) {
                    if let (Some(ms), true) = (n, name.ends_with("_at") || name == "at") {
                        let iso = jiff::Timestamp::from_millisecond(ms)
                            .map(|t| t.to_string())
                            .unwrap_or_default();
                        obj.insert(format!("{name}_utc"), Value::String(iso));
                    }
                    json!(n)
                } else {
                    json!(r.try_get::<Option<String>, _>(i).ok().flatten())
                };
                obj.insert(name.to_string(), v);
            }
            Value::Object(obj)
        })
        .collect())
}

async fn collect(state: &AppState, user_id: i64, who: &Client) -> Result<Value, sqlx::Error> {
    let db = &state.db;
    let profile = rows(
        db,
        "SELECT id, email, first_name, surname, phone, personal_code, role, locale, \
         notify_email, notify_sms, created_at, updated_at FROM users WHERE id = $1",
        user_id,
        None,
    )
    .await?;
    let email = profile
        .first()
        .and_then(|p| p.get("email"))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let phone = profile
        .first()
        .and_then(|p| p.get("phone"))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let offices = rows(
        db,
        "SELECT o.id, o.name FROM staff_offices so JOIN offices o ON o.id = so.office_id \
         WHERE so.user_id = $1 ORDER BY o.position",
        user_id,
        None,
    )
    .await?;
    let devices = rows(
        db,
        "SELECT level, created_at, last_seen_at, ended_at, user_agent, client \
         FROM user_sessions WHERE user_id = $1 ORDER BY created_at",
        user_id,
        None,
    )
    .await?;
    let audit_rows = rows(
        db,
        "SELECT at, action, detail, client, \
                CAST(CASE WHEN actor_id = $1 THEN 1 ELSE 0 END AS BIGINT) AS by_self \
         FROM audit_log WHERE subject_id = $1 OR actor_id = $1 ORDER BY at, id",
        user_id,
        None,
    )
    .await?;
    let applications = rows(
        db,
        "SELECT id, kind, status, stage, reference, answers, created_at, submitted_at, \
                submitted_on, procedure, decision_due, appear_by, fee_eur, decided_on, \
                valid_until, refusal_reason \
         FROM applications WHERE user_id = $1 ORDER BY created_at",
        user_id,
        None,
    )
    .await?;
    let uploaded = rows(
        db,
        "SELECT application_id, kind, name, size, mime, created_at FROM application_documents \
         WHERE user_id = $1 ORDER BY created_at",
        user_id,
        None,
    )
    .await?;
    let held = rows(
        db,
        "SELECT kind, number, holder_name, issued_on, valid_until, status, lost_at \
         FROM held_documents WHERE user_id = $1 ORDER BY valid_until",
        user_id,
        None,
    )
    .await?;
    let visits = rows(
        db,
        "SELECT application_id, day, starts, minutes, code, status, moves, created_at, ended_at \
         FROM visits WHERE user_id = $1 ORDER BY created_at",
        user_id,
        None,
    )
    .await?;
    // Messages sent to the person's current addresses: what kind, when, whether delivered.
    // Subjects and bodies are left out: login and confirmation codes are in them.
    let mut messages = Vec::new();
    for address in [email, phone].into_iter().flatten() {
        messages.extend(
            rows(
                db,
                "SELECT channel, recipient, event, created_at, delivered_at, failed_at \
                 FROM outbox WHERE $1 = $1 AND recipient = $2 ORDER BY created_at",
                user_id,
                Some(&address),
            )
            .await?
            .into_iter()
            .map(|mut m| {
                if let Some(obj) = m.as_object_mut() {
                    let kind = obj.remove("event").and_then(|e| {
                        e.as_str()
                            .map(|e| e.split(':').next().unwrap_or("").to_string())
                    });
                    obj.insert("kind".into(), json!(kind));
                }
                m
            }),
        );
    }
    let mut conn = db.pool.acquire().await?;
    Audit::by(Some(user_id), &who.address)
        .record(
            &mut conn,
            Action::AccountDataExport,
            Some(user_id),
            serde_json::Value::Null,
        )
        .await?;
    Ok(json!({
        "exported_at": jiff::Timestamp::from_millisecond(now_ms()).map(|t| t.to_string()).unwrap_or_default(),
        "profile": profile.into_iter().next(),
        "offices": offices,
        "devices": devices,
        "messages": messages,
        "audit_log": audit_rows,
        "applications": applications,
        "uploaded_documents": uploaded,
        "held_documents": held,
        "visits": visits,
    }))
}
