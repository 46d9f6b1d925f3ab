//! Visit booking steps the black-box tests share (issue #7).
use crate::browser::{Answer, Browser};
use crate::login::{decode, Mail};
use crate::smtp::SmtpSink;
use crate::TestServer;
use serde_json::Value;
use sqlx::Row;

pub use crate::codes;

/// The first e-mail to `to` after the first `after` whose subject contains `about` (other
/// notices, such as "application received", may arrive in between).
pub async fn mail_about(sink: &SmtpSink, to: &str, after: usize, about: &str) -> Mail {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(m) = sink
            .received()
            .iter()
            .skip(after)
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(to)))
            .map(|m| decode(&m.data))
            .find(|m| m.subject.contains(about))
        {
            return m;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no e-mail about {about} to {to}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

pub fn one(field: &str, code: &str) -> Vec<(String, String)> {
    vec![(field.to_string(), code.to_string())]
}

pub async fn book(b: &Browser, csrf: &str, id: i64, day: &str, time: &str) -> Answer {
    b.call(
        "visits/book",
        &[
            ("id", &id.to_string()),
            ("day", day),
            ("time", time),
            ("csrf", csrf),
        ],
    )
    .await
}

pub async fn plan(b: &Browser, id: i64, day: Option<&str>, near: Option<&str>) -> Value {
    let id = id.to_string();
    let mut form = vec![("id", id.as_str())];
    if let Some(d) = day {
        form.push(("day", d));
    }
    if let Some(n) = near {
        form.push(("near", n));
    }
    let a = b.call("visits/plan", &form).await;
    assert!(a.is_ok(), "{a:?}");
    a.body
}

/// Active visits per (day, time, seat) of an office.
pub async fn active(s: &TestServer) -> Vec<(i64, String, String, i64)> {
    sqlx::query(
        "SELECT application_id, day, starts, seat FROM visits WHERE status = 'active' \
         ORDER BY day, starts, seat",
    )
    .fetch_all(&s.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.get("application_id"),
            r.get("day"),
            r.get("starts"),
            r.get("seat"),
        )
    })
    .collect()
}

/// Every visit slot of the Vilnius office gets `seats` seats.
pub async fn set_seats(s: &TestServer, seats: i64) {
    sqlx::query(
        "UPDATE office_services SET booking_desks = $1 WHERE service_code = 'submit_documents' \
         AND office_id = (SELECT id FROM offices WHERE slug = 'vilnius')",
    )
    .bind(seats)
    .execute(&s.db.pool)
    .await
    .unwrap();
}
