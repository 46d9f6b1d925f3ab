//! Issue #8.4, #8.1 — the office kiosks (`/kiosk/<office>`, R-QU-5). An office admin signs in
//! on the kiosk's browser and registers it as a kiosk of their office: the browser gets a
//! long-lived device cookie (its SHA-256 is stored, never the token) and the admin's session
//! on it ends, so a kiosk never holds a staff login. The kiosk gives walk-ins a ticket for a
//! service and checks booked visits in by their code (typed, or sent by a QR scanner that
//! types it). Every press carries a key made for it: the same key answers the same ticket, so
//! a repeated press, a retried request or a failed print never counts a person twice.
use crate::error::AppError;
use crate::rules::WaitEstimate;
use jiff::civil::Date;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the kiosk page of an office shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KioskView {
    pub office_id: i64,
    pub slug: String,
    pub name: String,
    /// This browser's name as a kiosk of the office; `None`: it is not one.
    pub device: Option<String>,
    /// Not a kiosk, and an admin of this office is signed in here: their CSRF token for the
    /// registration form.
    pub register_csrf: Option<String>,
    /// The services a ticket can be taken for.
    pub services: Vec<String>,
    /// Today's hours (`HH:MM`, `HH:MM`); `None`: closed today.
    pub hours: Option<(String, String)>,
    pub open_now: bool,
    /// A fresh key for the next press.
    pub key: String,
    /// The ticket asked for (`?ticket=<key>`).
    pub ticket: Option<KioskTicket>,
}

/// A ticket the kiosk gave out, as it is shown and printed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KioskTicket {
    /// "A023".
    pub label: String,
    pub service: String,
    /// `waiting`, `called`, `serving`, `done`, `no_show` or `cancelled`.
    pub status: String,
    /// 1 = next; 0 when not waiting.
    pub position: u32,
    pub desk: Option<String>,
    /// R-QU-4: the estimated wait and the time of the turn while waiting.
    pub estimate: Option<(WaitEstimate, String)>,
    pub day: Date,
    /// When it was taken (`HH:MM`).
    pub taken_at: String,
    /// A booked visit checked in (first in line when on time).
    pub visit: bool,
}

#[cfg(feature = "ssr")]
pub mod device {
    //! The kiosk's device cookie.
    use crate::error::AppError;
    use crate::ssr::auth::AuthSettings;
    use sha2::{Digest, Sha256};

    /// Browsers accept the `__Host-` prefix only on https.
    pub fn cookie_name(settings: &AuthSettings) -> &'static str {
        if settings.secure_cookies {
            "__Host-vartai-kiosk"
        } else {
            "vartai-kiosk"
        }
    }

    /// The stored form of a device token.
    pub fn token_hash(token: &str) -> String {
        Sha256::digest(token.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The `Set-Cookie` value that makes this browser a kiosk: 400 days (the longest a browser
    /// keeps a cookie), never sent by another site's page (`SameSite=Strict`, so a kiosk form
    /// cannot be posted from elsewhere), out of reach of scripts.
    pub fn set_cookie(settings: &AuthSettings, token: &str) -> String {
        let secure = if settings.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        format!(
            "{}={token}; Path=/; Max-Age=34560000; HttpOnly; SameSite=Strict{secure}",
            cookie_name(settings)
        )
    }

    /// The device token this request carries, if any.
    fn token(settings: &AuthSettings) -> Option<String> {
        let parts = leptos::prelude::use_context::<http::request::Parts>()?;
        let name = cookie_name(settings);
        parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }

    /// This browser as a kiosk of `office_id` (its id and name), if it is one and not revoked.
    pub async fn kiosk_of(
        db: &crate::ssr::Db,
        settings: &AuthSettings,
        office_id: i64,
    ) -> Result<Option<(i64, String)>, AppError> {
        let Some(token) = token(settings) else {
            return Ok(None);
        };
        let row: Option<(i64, String, Option<i64>)> = sqlx::query_as(
            "SELECT id, name, last_seen_at FROM office_devices \
             WHERE token_hash = $1 AND office_id = $2 AND revoked_at IS NULL",
        )
        .bind(token_hash(&token))
        .bind(office_id)
        .fetch_optional(&db.pool)
        .await?;
        let Some((id, name, seen)) = row else {
            return Ok(None);
        };
        let now = crate::ssr::auth::now_ms();
        if seen.is_none_or(|s| now - s >= 60_000) {
            sqlx::query("UPDATE office_devices SET last_seen_at = $2 WHERE id = $1")
                .bind(id)
                .bind(now)
                .execute(&db.pool)
                .await?;
        }
        Ok(Some((id, name)))
    }
}

/// A press's key: 8 to 64 URL-safe characters (the page makes 16).
#[cfg(feature = "ssr")]
fn check_key(key: &str) -> Result<&str, AppError> {
    let k = key.trim();
    let ok = (8..=64).contains(&k.len())
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(k)
    } else {
        Err(AppError::NotFound)
    }
}

/// The office `office` (an id) with a live queue, as (id, slug).
#[cfg(feature = "ssr")]
async fn queue_office(db: &crate::ssr::Db, office: &str) -> Result<(i64, String), AppError> {
    let id: i64 = office.trim().parse().map_err(|_| AppError::NotFound)?;
    sqlx::query_as("SELECT id, slug FROM offices WHERE id = $1 AND live_queue")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// The kiosk's ticket of press `key` today, if there is one.
#[cfg(feature = "ssr")]
async fn ticket_of_key(
    conn: &mut sqlx::AnyConnection,
    office_id: i64,
    key: &str,
    now: &jiff::Zoned,
) -> Result<Option<KioskTicket>, AppError> {
    use crate::rules::ticket_label;
    use crate::ssr::auth::now_ms;
    let row = sqlx::query_as::<_, (i64, String, String, Option<String>, i64, Option<i64>)>(
        "SELECT number, service_code, status, desk, created_at, visit_id FROM queue_tickets \
         WHERE office_id = $1 AND request_key = $2 AND day = $3",
    )
    .bind(office_id)
    .bind(key)
    .bind(crate::ssr::Day(now.date()))
    .fetch_optional(&mut *conn)
    .await?;
    let Some((number, service, status, desk, created, visit)) = row else {
        return Ok(None);
    };
    let label = ticket_label(&service, number);
    let (position, estimate) = if status == "waiting" {
        let live = super::ssr::snapshot(conn, office_id, now, now_ms()).await?;
        (live.position(&label).unwrap_or(0), live.estimate(&label))
    } else {
        (0, None)
    };
    let taken_at = jiff::Timestamp::from_millisecond(created)
        .map(|t| {
            t.to_zoned(crate::ssr::vilnius())
                .strftime("%H:%M")
                .to_string()
        })
        .unwrap_or_default();
    Ok(Some(KioskTicket {
        label,
        service,
        status,
        position,
        desk,
        estimate,
        day: now.date(),
        taken_at,
        visit: visit.is_some(),
    }))
}

/// The kiosk page of the office with slug `office`: whether this browser is its kiosk, the
/// services and today's hours, a fresh key, and the ticket of press `ticket` when asked.
#[server(endpoint = "kiosk/view")]
pub async fn kiosk_screen(
    office: String,
    #[server(default)] ticket: String,
) -> Result<KioskView, AppError> {
    use super::ssr::hours_on;
    use crate::rules::booking::hhmm;
    use crate::ssr::auth::{csrf_token, current, office_ids, random_token, session, settings};
    use crate::ssr::db;

    let db = db()?;
    let settings = settings()?;
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, slug, name FROM offices WHERE slug = $1 AND live_queue")
            .bind(office.trim())
            .fetch_optional(&db.pool)
            .await?;
    let (office_id, slug, name) = row.ok_or(AppError::NotFound)?;
    let device = device::kiosk_of(&db, &settings, office_id).await?;
    let mut register_csrf = None;
    if device.is_none() {
        let s = session().await?;
        if let Some((auth, me)) = current(&s, &db, &settings).await? {
            if me.role == crate::identity::Role::OfficeAdmin
                && office_ids(&db, auth.user_id).await?.contains(&office_id)
            {
                register_csrf = Some(csrf_token(&s, true).await?);
            }
        }
    }
    let now = crate::ssr::clock().now();
    let mut conn = db.pool.acquire().await?;
    let services: Vec<String> = sqlx::query_scalar(
        "SELECT service_code FROM office_services WHERE office_id = $1 ORDER BY service_code",
    )
    .bind(office_id)
    .fetch_all(&mut *conn)
    .await?;
    let hours = hours_on(&mut conn, office_id, now.date()).await?;
    let open_now = crate::rules::may_take_kiosk_ticket(hours, now.time()).is_ok();
    let ticket = match (&device, ticket.trim()) {
        (Some(_), key) if !key.is_empty() => {
            let key = check_key(key)?;
            ticket_of_key(&mut conn, office_id, key, &now).await?
        }
        _ => None,
    };
    Ok(KioskView {
        office_id,
        slug,
        name,
        device: device.map(|(_, name)| name),
        register_csrf,
        services,
        hours: hours.map(|h| (hhmm(h.opens), hhmm(h.closes))),
        open_now,
        key: random_token(12),
        ticket,
    })
}

/// Issue #8.4 — an admin of `office` makes the browser they are signed in on a kiosk of that
/// office, named `name` ("Entrance, left"). Their session on it ends; the kiosk page opens.
#[server(endpoint = "kiosk/register")]
pub async fn register_kiosk(office: String, name: String, csrf: String) -> Result<(), AppError> {
    use crate::identity::Role;
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{now_ms, office_ids, random_token, Action, Caller};
    let Caller {
        session: s,
        db,
        settings,
        auth,
        audit,
        ..
    } = Caller::staff(Some(&csrf), Role::ADMINS).await?;
    let (office_id, slug) = queue_office(&db, &office).await?;
    if !office_ids(&db, auth.user_id).await?.contains(&office_id) {
        return Err(AppError::NotFound);
    }
    let trimmed = name.trim();
    let kind = if trimmed.is_empty() {
        Some(RuleErrorKind::Required)
    } else if trimmed.chars().count() > 60 {
        Some(RuleErrorKind::TooLong { max: 60 })
    } else {
        None
    };
    if let Some(kind) = kind {
        return Err(AppError::Invalid {
            errors: vec![RuleError::new(Field::DeviceName, kind)],
            entered: vec![("name".into(), name)],
        });
    }
    let token = random_token(32);
    let now = now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO office_devices (office_id, name, token_hash, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(office_id)
    .bind(trimmed)
    .bind(device::token_hash(&token))
    .bind(auth.user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    // The kiosk stands in a public hall: the admin's login on it ends here.
    sqlx::query("UPDATE user_sessions SET ended_at = $2 WHERE id = $1")
        .bind(&auth.device)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    audit
        .record(
            &mut tx,
            Action::KioskRegister,
            None,
            serde_json::json!({ "office": office_id, "name": trimmed }),
        )
        .await?;
    tx.commit().await?;
    s.flush().await?;
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(v) = http::HeaderValue::from_str(&device::set_cookie(&settings, &token)) {
            resp.append_header(http::header::SET_COOKIE, v);
        }
    }
    leptos_axum::redirect(&format!("/kiosk/{slug}"));
    Ok(())
}

/// Issue #8.4 — an admin of the kiosk's office revokes it: it stops giving tickets at once.
#[server(endpoint = "kiosk/revoke")]
pub async fn revoke_kiosk(device: String, csrf: String) -> Result<(), AppError> {
    use crate::identity::Role;
    use crate::ssr::auth::{now_ms, office_ids, Action, Caller};
    let Caller {
        db, auth, audit, ..
    } = Caller::staff(Some(&csrf), Role::ADMINS).await?;
    let id: i64 = device.trim().parse().map_err(|_| AppError::NotFound)?;
    let office: Option<i64> =
        sqlx::query_scalar("SELECT office_id FROM office_devices WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    let office = office.ok_or(AppError::NotFound)?;
    if !office_ids(&db, auth.user_id).await?.contains(&office) {
        return Err(AppError::NotFound);
    }
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE office_devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
        .bind(id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    audit
        .record(
            &mut tx,
            Action::KioskRevoke,
            None,
            serde_json::json!({ "office": office, "device": id }),
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!(
        "/admin/office?office={office}&done=revoked#kiosks"
    ));
    Ok(())
}

/// The kiosk of `office` (an id) this browser is, or 403.
#[cfg(feature = "ssr")]
async fn this_kiosk(office: &str) -> Result<(crate::ssr::Db, i64, String, i64), AppError> {
    use crate::ssr::auth::settings;
    use crate::ssr::db;
    let db = db()?;
    let settings = settings()?;
    let (office_id, slug) = queue_office(&db, office).await?;
    let (device, _) = device::kiosk_of(&db, &settings, office_id)
        .await?
        .ok_or(AppError::Forbidden)?;
    Ok((db, office_id, slug, device))
}

/// Whether press `key` already has its ticket today (then the kiosk shows that one again).
#[cfg(feature = "ssr")]
async fn pressed_before(db: &crate::ssr::Db, office_id: i64, key: &str) -> Result<bool, AppError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM queue_tickets WHERE office_id = $1 AND request_key = $2 AND day = $3",
    )
    .bind(office_id)
    .bind(key)
    .bind(crate::ssr::Day(crate::ssr::clock().today()))
    .fetch_optional(&db.pool)
    .await?;
    Ok(found.is_some())
}

/// R-QU-5 — a walk-in's ticket for `service`, given by the kiosk while the office is open.
/// The same `key` always answers the same ticket.
#[server(endpoint = "kiosk/take")]
pub async fn kiosk_take(office: String, service: String, key: String) -> Result<(), AppError> {
    use super::ssr::{hours_on, issue, NewTicket};
    use crate::rules::{may_take_kiosk_ticket, Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::now_ms;

    let (db, office_id, slug, device) = this_kiosk(&office).await?;
    let key = check_key(&key)?;
    let shown = format!("/kiosk/{slug}?ticket={key}");
    if pressed_before(&db, office_id, key).await? {
        leptos_axum::redirect(&shown);
        return Ok(());
    }
    let invalid = |e: RuleError| AppError::Invalid {
        errors: vec![e],
        entered: vec![("service".into(), service.clone())],
    };
    let service = service.trim();
    let now = crate::ssr::clock().now();
    let mut conn = db.pool.acquire().await?;
    let offered: Option<String> = sqlx::query_scalar(
        "SELECT service_code FROM office_services WHERE office_id = $1 AND service_code = $2",
    )
    .bind(office_id)
    .bind(service)
    .fetch_optional(&mut *conn)
    .await?;
    if offered.is_none() {
        return Err(invalid(RuleError::new(
            Field::Office,
            RuleErrorKind::InvalidFormat,
        )));
    }
    let hours = hours_on(&mut conn, office_id, now.date()).await?;
    drop(conn);
    may_take_kiosk_ticket(hours, now.time()).map_err(invalid)?;
    let ticket = NewTicket {
        office_id,
        day: now.date(),
        service,
        source: "kiosk",
        priority: 1,
        user_id: None,
        visit_id: None,
        device_id: Some(device),
        request_key: Some(key),
        now: now_ms(),
    };
    // `None`: the same press won a race with itself; its ticket is there.
    if issue(&db, &ticket).await?.is_some() {
        super::live::announce(office_id).await;
    }
    leptos_axum::redirect(&shown);
    Ok(())
}

/// Issue #8.1 — checks in the visit booked at this office today with `code`: on time (from
/// 30 minutes before to 15 minutes after its time) it goes first, later into the common line.
/// A visit is checked in once; a second check-in shows its ticket again.
#[server(endpoint = "kiosk/check-in")]
pub async fn kiosk_check_in(office: String, code: String, key: String) -> Result<(), AppError> {
    use super::ssr::{hours_on, issue, NewTicket};
    use crate::rules::booking::parse_slot_time;
    use crate::rules::{
        check_in, may_take_kiosk_ticket, normalise_visit_code, Field, RuleError, RuleErrorKind,
    };
    use crate::ssr::auth::now_ms;

    let (db, office_id, slug, device) = this_kiosk(&office).await?;
    let key = check_key(&key)?;
    if pressed_before(&db, office_id, key).await? {
        leptos_axum::redirect(&format!("/kiosk/{slug}?ticket={key}"));
        return Ok(());
    }
    let invalid = |e: RuleError| AppError::Invalid {
        errors: vec![e],
        entered: vec![("code".into(), code.clone())],
    };
    let normal = normalise_visit_code(&code).map_err(invalid)?;
    let now = crate::ssr::clock().now();
    let today = now.date().to_string();
    let mut conn = db.pool.acquire().await?;
    let visit: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, service_code, starts FROM visits WHERE code = $1 AND office_id = $2 \
         AND day = $3 AND status = 'active' AND held_until IS NULL",
    )
    .bind(&normal)
    .bind(office_id)
    .bind(&today)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((visit_id, service, starts)) = visit else {
        return Err(invalid(RuleError::new(
            Field::VisitCode,
            RuleErrorKind::NoVisitToday,
        )));
    };
    let earlier: Option<String> = sqlx::query_scalar(
        "SELECT request_key FROM queue_tickets WHERE visit_id = $1 AND request_key IS NOT NULL",
    )
    .bind(visit_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(earlier) = earlier {
        leptos_axum::redirect(&format!("/kiosk/{slug}?ticket={earlier}"));
        return Ok(());
    }
    let hours = hours_on(&mut conn, office_id, now.date()).await?;
    drop(conn);
    may_take_kiosk_ticket(hours, now.time()).map_err(invalid)?;
    let starts = parse_slot_time(&starts).map_err(AppError::internal)?;
    let on_time = check_in(starts, now.time()).map_err(invalid)?;
    let ticket = NewTicket {
        office_id,
        day: now.date(),
        service: &service,
        source: "visit",
        priority: on_time.priority(),
        user_id: None,
        visit_id: Some(visit_id),
        device_id: Some(device),
        request_key: Some(key),
        now: now_ms(),
    };
    if issue(&db, &ticket).await?.is_some() {
        super::live::announce(office_id).await;
        leptos_axum::redirect(&format!("/kiosk/{slug}?ticket={key}"));
        return Ok(());
    }
    // Checked in at the same moment by another press: show that ticket.
    let earlier: Option<String> = sqlx::query_scalar(
        "SELECT request_key FROM queue_tickets WHERE visit_id = $1 AND request_key IS NOT NULL",
    )
    .bind(visit_id)
    .fetch_optional(&db.pool)
    .await?;
    leptos_axum::redirect(&format!(
        "/kiosk/{slug}?ticket={}",
        earlier.as_deref().unwrap_or(key)
    ));
    Ok(())
}
