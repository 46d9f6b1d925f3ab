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

mod kiosk_check_in;
mod kiosk_screen;
mod kiosk_take;
mod register_kiosk;
mod revoke_kiosk;
pub use kiosk_check_in::*;
pub use kiosk_screen::*;
pub use kiosk_take::*;
pub use register_kiosk::*;
pub use revoke_kiosk::*;

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
    #[serde(deserialize_with = "rules::wire::date")]
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
