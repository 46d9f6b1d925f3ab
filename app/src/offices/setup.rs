//! Issue #7.1 — an office admin sets up their offices for visits: address and map link, the
//! hours of each weekday, closed days and days with other hours, and for each service how many
//! desks receive booked visits and which kinds of application they are for. Public holidays
//! come from the rules calendar and need no entry. Every change is audited; only the admin's
//! own offices can be read or changed (another office answers 404).
use crate::error::AppError;
use jiff::civil::Date;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One office's set-up, as its admin sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupOffice {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub map_url: Option<String>,
    /// Monday … Sunday: (`opens`, `closes`), empty for a closed day.
    pub week: Vec<(String, String)>,
    /// Exceptions from today on.
    pub exceptions: Vec<SetupException>,
    pub services: Vec<SetupService>,
    /// The office's address in links (`/kiosk/<slug>`).
    pub slug: String,
    /// Issue #8.4: its kiosks, not revoked, newest first.
    pub kiosks: Vec<SetupKiosk>,
}

/// A registered kiosk of the office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupKiosk {
    pub id: i64,
    pub name: String,
    /// When it was registered and last used (local `YYYY-MM-DD HH:MM`).
    pub registered: String,
    pub seen: Option<String>,
}

/// A day that differs from the week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupException {
    pub day: Date,
    /// `None`: closed all day.
    pub hours: Option<(String, String)>,
    pub note: String,
    /// Visits booked on that day (the admin is told, as these people need to hear from them).
    pub booked: u32,
}

/// A service of the office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupService {
    pub code: String,
    /// The national duration of one visit, used where the office sets none.
    pub national_minutes: i64,
    /// How long one visit lasts at this office from tomorrow.
    pub minutes: i64,
    /// Lengths set to start on a later day: `(from_day, minutes)`.
    pub changes: Vec<(Date, i64)>,
    /// The first day a new length can start (tomorrow, or the day after the last booked day:
    /// booked visits keep their times).
    pub earliest_change: Date,
    /// Desks receiving booked visits: the seats of each slot (0: not bookable).
    pub desks: i64,
    /// The application types (`ApplicationType::as_str`) its visits are for.
    pub kinds: Vec<String>,
}

/// The admin's offices and the one chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeSetupView {
    pub offices: Vec<crate::staff::OfficeRef>,
    pub office: Option<SetupOffice>,
    /// Booked visits from tomorrow on that fall outside the hours now set (after a change).
    pub outside_hours: u32,
}

/// The office `office` (an id; the admin's first office when empty) with its set-up.
#[server(endpoint = "admin/office")]
pub async fn office_setup(#[server(default)] office: String) -> Result<OfficeSetupView, AppError> {
    use crate::identity::Role;
    use crate::ssr::auth::Caller;
    use crate::staff::offices_of;
    let Caller { db, auth, .. } = Caller::staff(None, Role::ADMINS).await?;
    let offices = offices_of(&db, auth.user_id).await?;
    let chosen = match office.trim() {
        "" => offices.first().map(|o| o.id),
        id => {
            let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
            Some(
                offices
                    .iter()
                    .find(|o| o.id == id)
                    .ok_or(AppError::NotFound)?
                    .id,
            )
        }
    };
    let mut conn = db.pool.acquire().await?;
    let office = match chosen {
        Some(id) => Some(ssr::load(&mut conn, id).await?),
        None => None,
    };
    let outside_hours = match chosen {
        Some(id) => ssr::outside_hours(&mut conn, id).await?,
        None => 0,
    };
    Ok(OfficeSetupView {
        offices,
        office,
        outside_hours,
    })
}

/// The office's address, phone, map link and weekly hours (`opens_1` … `closes_7`; a day
/// with both empty is closed).
#[server(endpoint = "admin/office-hours")]
pub async fn save_office_hours(
    office: String,
    address: String,
    #[server(default)] phone: String,
    #[server(default)] map_url: String,
    csrf: String,
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<(), AppError> {
    use crate::rules::booking::check_hours;
    use crate::rules::{Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{audit, client_address};
    let (auth, settings, db, id) = ssr::admin_of(&office, &csrf).await?;
    let mut entered: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k.starts_with("opens_") || k.starts_with("closes_"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    entered.push(("address".into(), address.clone()));
    entered.push(("phone".into(), phone.clone()));
    entered.push(("map_url".into(), map_url.clone()));
    let invalid = |e: RuleError, weekday: Option<u8>| {
        let mut entered = entered.clone();
        if let Some(w) = weekday {
            entered.push(("weekday".into(), w.to_string()));
        }
        AppError::Invalid {
            errors: vec![e],
            entered,
        }
    };
    let address = address.trim();
    if address.is_empty() {
        return Err(invalid(
            RuleError::new(Field::Address, RuleErrorKind::Required),
            None,
        ));
    }
    if address.chars().count() > 200 {
        return Err(invalid(
            RuleError::new(Field::Address, RuleErrorKind::TooLong { max: 200 }),
            None,
        ));
    }
    let map_url = map_url.trim();
    if !map_url.is_empty() && !map_url.starts_with("https://") || map_url.chars().count() > 500 {
        return Err(invalid(
            RuleError::new(Field::MapUrl, RuleErrorKind::InvalidFormat),
            None,
        ));
    }
    let phone = phone.trim();
    if phone.chars().count() > 40 {
        return Err(invalid(
            RuleError::new(Field::Phone, RuleErrorKind::TooLong { max: 40 }),
            None,
        ));
    }
    let mut week = Vec::new();
    for w in 1..=7u8 {
        let get = |k: &str| fields.get(&format!("{k}_{w}")).cloned().unwrap_or_default();
        let hours = check_hours(&get("opens"), &get("closes")).map_err(|e| invalid(e, Some(w)))?;
        week.push((w, hours));
    }
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE offices SET address = $2, phone = $3, map_url = $4 WHERE id = $1")
        .bind(id)
        .bind(address)
        .bind((!phone.is_empty()).then_some(phone))
        .bind((!map_url.is_empty()).then_some(map_url))
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM office_hours WHERE office_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let mut summary = Vec::new();
    for (w, hours) in &week {
        let Some(h) = hours else { continue };
        let (o, c) = (
            crate::rules::booking::hhmm(h.opens),
            crate::rules::booking::hhmm(h.closes),
        );
        sqlx::query(
            "INSERT INTO office_hours (office_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(i64::from(*w))
        .bind(&o)
        .bind(&c)
        .execute(&mut *tx)
        .await?;
        summary.push(format!("{w}:{o}-{c}"));
    }
    audit(
        &mut tx,
        Some(auth),
        None,
        "office.hours",
        &format!("office {id} {}", summary.join(" ")),
        &client_address(&settings),
    )
    .await?;
    tx.commit().await?;
    ssr::plans_changed();
    leptos_axum::redirect(&format!("/admin/office?office={id}&done=hours"));
    Ok(())
}

/// A day with other hours, or closed all day (`opens` and `closes` empty), from today on.
/// Saving a day again replaces it.
#[server(endpoint = "admin/office-exception")]
pub async fn save_office_exception(
    office: String,
    day: String,
    #[server(default)] opens: String,
    #[server(default)] closes: String,
    #[server(default)] note: String,
    csrf: String,
) -> Result<(), AppError> {
    use crate::rules::booking::{check_hours, hhmm};
    use crate::rules::{parse_date, Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::{audit, client_address};
    let (auth, settings, db, id) = ssr::admin_of(&office, &csrf).await?;
    let entered = vec![
        ("day".to_string(), day.clone()),
        ("opens".to_string(), opens.clone()),
        ("closes".to_string(), closes.clone()),
        ("note".to_string(), note.clone()),
    ];
    let invalid = |e: RuleError| AppError::Invalid {
        errors: vec![e],
        entered: entered.clone(),
    };
    let date = parse_date(Field::Date, day.trim()).map_err(invalid)?;
    let today = crate::ssr::clock().today();
    if date < today {
        return Err(invalid(RuleError::new(
            Field::Date,
            RuleErrorKind::DateInPast { earliest: today },
        )));
    }
    let hours = check_hours(&opens, &closes).map_err(invalid)?;
    let note = note.trim();
    if note.chars().count() > 200 {
        return Err(invalid(RuleError::new(
            Field::Message,
            RuleErrorKind::TooLong { max: 200 },
        )));
    }
    let (o, c) = match hours {
        Some(h) => (Some(hhmm(h.opens)), Some(hhmm(h.closes))),
        None => (None, None),
    };
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM office_exceptions WHERE office_id = $1 AND day = $2")
        .bind(id)
        .bind(crate::ssr::Day(date))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO office_exceptions (office_id, day, opens, closes, note) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(crate::ssr::Day(date))
    .bind(&o)
    .bind(&c)
    .bind(note)
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        Some(auth),
        None,
        "office.exception",
        &format!(
            "office {id} {date} {}",
            match (&o, &c) {
                (Some(o), Some(c)) => format!("{o}-{c}"),
                _ => "closed".into(),
            }
        ),
        &client_address(&settings),
    )
    .await?;
    tx.commit().await?;
    ssr::plans_changed();
    leptos_axum::redirect(&format!("/admin/office?office={id}&done=exception"));
    Ok(())
}

/// Removes a day's exception: the day keeps the week's hours again.
#[server(endpoint = "admin/office-exception-remove")]
pub async fn remove_office_exception(
    office: String,
    day: String,
    csrf: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::{audit, client_address};
    let (auth, settings, db, id) = ssr::admin_of(&office, &csrf).await?;
    let mut tx = db.begin().await?;
    let gone = sqlx::query("DELETE FROM office_exceptions WHERE office_id = $1 AND day = $2")
        .bind(id)
        .bind(day.trim())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if gone == 1 {
        audit(
            &mut tx,
            Some(auth),
            None,
            "office.exception_remove",
            &format!("office {id} {}", day.trim()),
            &client_address(&settings),
        )
        .await?;
    }
    tx.commit().await?;
    ssr::plans_changed();
    leptos_axum::redirect(&format!("/admin/office?office={id}&done=exception_removed"));
    Ok(())
}

/// A service's booking desks and the application types its visits are for (`kind_<type>`
/// checkboxes).
#[server(endpoint = "admin/office-service")]
pub async fn save_office_service(
    office: String,
    service: String,
    desks: String,
    csrf: String,
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<(), AppError> {
    use crate::rules::application::ApplicationType;
    use crate::rules::booking::check_desks;
    use crate::ssr::auth::{audit, client_address};
    let (auth, settings, db, id) = ssr::admin_of(&office, &csrf).await?;
    let desks = check_desks(&desks).map_err(|e| AppError::Invalid {
        errors: vec![e],
        entered: vec![
            ("desks".into(), desks.clone()),
            ("service".into(), service.clone()),
        ],
    })?;
    let kinds: Vec<&str> = ApplicationType::ALL
        .iter()
        .map(|k| k.as_str())
        .filter(|k| fields.contains_key(&format!("kind_{k}")))
        .collect();
    let mut tx = db.begin().await?;
    let found = sqlx::query(
        "UPDATE office_services SET booking_desks = $3 WHERE office_id = $1 AND service_code = $2",
    )
    .bind(id)
    .bind(service.trim())
    .bind(desks)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if found != 1 {
        return Err(AppError::NotFound);
    }
    sqlx::query("DELETE FROM office_service_kinds WHERE office_id = $1 AND service_code = $2")
        .bind(id)
        .bind(service.trim())
        .execute(&mut *tx)
        .await?;
    for k in &kinds {
        sqlx::query(
            "INSERT INTO office_service_kinds (office_id, service_code, kind) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(service.trim())
        .bind(*k)
        .execute(&mut *tx)
        .await?;
    }
    audit(
        &mut tx,
        Some(auth),
        None,
        "office.service",
        &format!(
            "office {id} {} desks {desks} kinds {}",
            service.trim(),
            kinds.join(",")
        ),
        &client_address(&settings),
    )
    .await?;
    tx.commit().await?;
    ssr::plans_changed();
    leptos_axum::redirect(&format!("/admin/office?office={id}&done=service"));
    Ok(())
}

/// Issue #7.1 — how many minutes one booked visit of `service` lasts at the office, from the
/// day `from` on (empty: the first day it can). Booked visits keep their times: the day must
/// come after the last day a visit of the service is booked. Setting a day again replaces it.
#[server(endpoint = "admin/office-duration")]
pub async fn save_office_duration(
    office: String,
    service: String,
    minutes: String,
    #[server(default)] from: String,
    csrf: String,
) -> Result<(), AppError> {
    use crate::rules::booking::{check_duration, check_duration_day};
    use crate::rules::{parse_date, Field, RuleError};
    use crate::ssr::auth::{audit, client_address};
    let (auth, settings, db, id) = ssr::admin_of(&office, &csrf).await?;
    let service = service.trim().to_string();
    let invalid = |e: RuleError| AppError::Invalid {
        errors: vec![e],
        entered: vec![
            ("minutes".into(), minutes.clone()),
            ("from".into(), from.clone()),
            ("service".into(), service.clone()),
        ],
    };
    let length = check_duration(&minutes).map_err(invalid)?;
    let mut tx = db.begin().await?;
    // A write first: it finds the service, and on SQLite it takes the write lock before the
    // read below, so a visit booked meanwhile is either counted or comes after this change
    // (and then `take_seat` refuses a length that is no longer the day's).
    let found = sqlx::query(
        "UPDATE office_services SET booking_desks = booking_desks \
         WHERE office_id = $1 AND service_code = $2",
    )
    .bind(id)
    .bind(&service)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if found != 1 {
        return Err(AppError::NotFound);
    }
    let earliest = ssr::earliest_change(&mut tx, id, &service).await?;
    let day = match from.trim() {
        "" => earliest,
        d => parse_date(Field::From, d).map_err(invalid)?,
    };
    check_duration_day(day, earliest).map_err(invalid)?;
    sqlx::query(
        "DELETE FROM office_service_durations WHERE office_id = $1 AND service_code = $2 \
         AND from_day = $3",
    )
    .bind(id)
    .bind(&service)
    .bind(crate::ssr::Day(day))
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO office_service_durations (office_id, service_code, from_day, minutes) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(&service)
    .bind(crate::ssr::Day(day))
    .bind(length)
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        Some(auth),
        None,
        "office.duration",
        &format!("office {id} {service} {length} min from {day}"),
        &client_address(&settings),
    )
    .await?;
    tx.commit().await?;
    ssr::plans_changed();
    leptos_axum::redirect(&format!("/admin/office?office={id}&done=duration"));
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{SetupException, SetupOffice, SetupService};
    use crate::error::AppError;
    use crate::ssr::auth::AuthSettings;
    use crate::ssr::{Day, Db};

    /// The calendar's copies of the plans are out of date on this instance.
    pub fn plans_changed() {
        if let Some(cache) = leptos::prelude::use_context::<crate::visits::ssr::PlanCache>() {
            cache.clear();
        }
    }

    /// The logged-in office admin (checked CSRF) and the office `office` if it is theirs.
    pub async fn admin_of(
        office: &str,
        csrf: &str,
    ) -> Result<(i64, AuthSettings, Db, i64), AppError> {
        use crate::identity::Role;
        use crate::ssr::auth::{office_ids, Caller};
        let Caller {
            db, settings, auth, ..
        } = Caller::staff(Some(csrf), Role::ADMINS).await?;
        let id: i64 = office.trim().parse().map_err(|_| AppError::NotFound)?;
        if !office_ids(&db, auth.user_id).await?.contains(&id) {
            return Err(AppError::NotFound);
        }
        Ok((auth.user_id, settings, db, id))
    }

    pub async fn load(conn: &mut sqlx::AnyConnection, id: i64) -> Result<SetupOffice, AppError> {
        let (name, slug, address, phone, map_url) =
            sqlx::query_as::<_, (String, String, String, Option<String>, Option<String>)>(
                "SELECT name, slug, address, phone, map_url FROM offices WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
        let hours = sqlx::query_as::<_, (i64, String, String)>(
            "SELECT weekday, opens, closes FROM office_hours WHERE office_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        let mut week = vec![(String::new(), String::new()); 7];
        for (w, opens, closes) in hours {
            if let Some(slot) = usize::try_from(w - 1).ok().and_then(|i| week.get_mut(i)) {
                *slot = (opens, closes);
            }
        }
        let today = Day(crate::ssr::clock().today());
        let rows = sqlx::query_as::<_, (Day, Option<String>, Option<String>, String, i64)>(
            "SELECT e.day, e.opens, e.closes, e.note, \
                    (SELECT COUNT(*) FROM visits v WHERE v.office_id = e.office_id \
                       AND v.day = e.day AND v.status = 'active') AS booked \
             FROM office_exceptions e WHERE e.office_id = $1 AND e.day >= $2 ORDER BY e.day",
        )
        .bind(id)
        .bind(today)
        .fetch_all(&mut *conn)
        .await?;
        let mut exceptions = Vec::new();
        for (Day(day), opens, closes, note, booked) in rows {
            exceptions.push(SetupException {
                day,
                hours: opens.zip(closes),
                note,
                booked: u32::try_from(booked).unwrap_or(0),
            });
        }
        let rows = sqlx::query_as::<_, (String, i64, i64)>(
            "SELECT os.service_code, s.duration_minutes, os.booking_desks FROM office_services os \
             JOIN services s ON s.code = os.service_code WHERE os.office_id = $1 \
             ORDER BY os.service_code",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        let mut services = Vec::new();
        for (code, national, desks) in rows {
            let kinds: Vec<String> = sqlx::query_scalar(
                "SELECT kind FROM office_service_kinds WHERE office_id = $1 AND service_code = $2 \
                 ORDER BY kind",
            )
            .bind(id)
            .bind(&code)
            .fetch_all(&mut *conn)
            .await?;
            let plan_days: Vec<(jiff::civil::Date, i64)> = sqlx::query_as::<_, (Day, i64)>(
                "SELECT from_day, minutes FROM office_service_durations \
                 WHERE office_id = $1 AND service_code = $2 ORDER BY from_day",
            )
            .bind(id)
            .bind(&code)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(Day(day), minutes)| (day, minutes))
            .collect();
            let tomorrow = crate::rules::add_days(crate::ssr::clock().today(), 1);
            services.push(SetupService {
                national_minutes: national,
                minutes: crate::rules::booking::minutes_on(national, &plan_days, tomorrow),
                changes: plan_days
                    .iter()
                    .filter(|(d, _)| *d > tomorrow)
                    .copied()
                    .collect(),
                earliest_change: earliest_change(&mut *conn, id, &code).await?,
                desks,
                code,
                kinds,
            });
        }
        let local = |ms: i64| {
            jiff::Timestamp::from_millisecond(ms)
                .map(|t| {
                    t.to_zoned(crate::ssr::vilnius())
                        .strftime("%Y-%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_default()
        };
        let kiosks = sqlx::query_as::<_, (i64, String, i64, Option<i64>)>(
            "SELECT id, name, created_at, last_seen_at FROM office_devices \
             WHERE office_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, name, created, seen)| super::SetupKiosk {
            id,
            name,
            registered: local(created),
            seen: seen.map(local),
        })
        .collect();
        Ok(SetupOffice {
            id,
            slug,
            kiosks,
            name,
            address,
            phone,
            map_url,
            week,
            exceptions,
            services,
        })
    }

    /// Issue #7.1 — the first day a new visit length for `service` can start: tomorrow, or
    /// the day after the last day a visit of it is booked (or held) at the office.
    pub async fn earliest_change(
        conn: &mut sqlx::AnyConnection,
        id: i64,
        service: &str,
    ) -> Result<jiff::civil::Date, AppError> {
        let last: Option<Day> = sqlx::query_scalar(
            "SELECT MAX(day) FROM visits WHERE office_id = $1 AND service_code = $2 \
             AND status = 'active'",
        )
        .bind(id)
        .bind(service)
        .fetch_one(&mut *conn)
        .await?;
        let tomorrow = crate::rules::add_days(crate::ssr::clock().today(), 1);
        Ok(crate::rules::booking::earliest_duration_day(
            tomorrow,
            last.map(|d| d.0),
        ))
    }

    /// Booked visits from tomorrow on whose time is no longer inside the office's hours (a
    /// changed week, a closed day): the admin sees the number and contacts those people.
    pub async fn outside_hours(conn: &mut sqlx::AnyConnection, id: i64) -> Result<u32, AppError> {
        use crate::rules::booking::parse_slot_time;
        let today = crate::ssr::clock().today();
        let services: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT service_code FROM visits WHERE office_id = $1 AND status = 'active' \
             AND day > $2",
        )
        .bind(id)
        .bind(crate::ssr::Day(today))
        .fetch_all(&mut *conn)
        .await?;
        let mut outside = 0u32;
        for service in services {
            let plan = crate::visits::ssr::service_plan_of(&mut *conn, id, &service, today).await?;
            let visits = sqlx::query_as::<_, (Day, String)>(
                "SELECT day, starts FROM visits WHERE office_id = $1 AND service_code = $2 \
                 AND status = 'active' AND day > $3",
            )
            .bind(id)
            .bind(&service)
            .bind(crate::ssr::Day(today))
            .fetch_all(&mut *conn)
            .await?;
            for (Day(day), starts) in visits {
                let at = parse_slot_time(&starts).ok();
                let fits = match (&plan, at) {
                    (Some(p), Some(t)) => p.starts(day).contains(&t),
                    _ => false,
                };
                if !fits {
                    outside += 1;
                }
            }
        }
        Ok(outside)
    }
}
