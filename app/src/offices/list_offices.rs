use super::OfficeDirectory;
use leptos::prelude::*;

/// All offices with hours, services, desk count and today's remote-queue window.
#[server(endpoint = "offices/list")]
pub async fn list_offices() -> Result<OfficeDirectory, crate::error::ShellError> {
    use super::{DayHours, Office};
    use crate::rules::{is_working_day, remote_join_window, LithuanianCalendar, OfficeHours};
    use crate::ssr::{clock, db};

    /// An office as stored, with its desk count.
    #[derive(sqlx::FromRow)]
    struct OfficeRecord {
        id: i64,
        slug: String,
        name: String,
        city: String,
        address: String,
        phone: Option<String>,
        map_url: Option<String>,
        /// The Any driver cannot decode SQLite booleans: the query hands over 0/1.
        live_queue: i64,
        desks: i64,
    }

    let db = db()?;
    let today = clock().today();
    let weekday = today.weekday().to_monday_one_offset() as i64;
    let working_day = is_working_day(&LithuanianCalendar, today);

    let rows: Vec<OfficeRecord> = sqlx::query_as(
        "SELECT o.id, o.slug, o.name, o.city, o.address, o.phone, o.map_url, \
                CAST(CASE WHEN o.live_queue THEN 1 ELSE 0 END AS BIGINT) AS live_queue, \
                (SELECT COUNT(*) FROM desks d WHERE d.office_id = o.id) AS desks \
         FROM offices o ORDER BY o.position, o.name",
    )
    .fetch_all(&db.pool)
    .await?;

    let mut offices = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row.id;
        let hours: Vec<DayHours> = sqlx::query_as::<_, (i64, String, String)>(
            "SELECT weekday, opens, closes FROM office_hours WHERE office_id = $1 ORDER BY weekday",
        )
        .bind(id)
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(|(weekday, opens, closes)| DayHours { weekday: weekday as u8, opens, closes })
        .collect();
        let services: Vec<String> = sqlx::query_scalar(
            "SELECT service_code FROM office_services WHERE office_id = $1 ORDER BY service_code",
        )
        .bind(id)
        .fetch_all(&db.pool)
        .await?;

        let today_hours = hours
            .iter()
            .find(|h| i64::from(h.weekday) == weekday)
            .filter(|_| working_day)
            .and_then(|h| {
                Some(OfficeHours { opens: h.opens.parse().ok()?, closes: h.closes.parse().ok()? })
            });
        let live_queue = row.live_queue != 0;
        let remote_today = remote_join_window(today_hours)
            .filter(|_| live_queue)
            .map(|w| {
                (
                    crate::rules::booking::hhmm(w.opens_at),
                    crate::rules::booking::hhmm(w.closes_at),
                )
            });
        offices.push(Office {
            slug: row.slug,
            name: row.name,
            city: row.city,
            address: row.address,
            phone: row.phone,
            map_url: row.map_url,
            live_queue,
            desks: row.desks,
            open_today: today_hours.is_some(),
            hours,
            services,
            remote_today,
        });
    }
    Ok(OfficeDirectory { today: today.to_string(), offices })
}
