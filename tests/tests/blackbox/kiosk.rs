//! The office kiosks (issue #8.4, #8.1, R-QU-5) over real HTTP on SQLite and PostgreSQL: only
//! an admin of the office registers one (their login on it ends, the device keeps a cookie
//! whose hash is stored); a kiosk gives walk-in tickets while the office is open, one ticket
//! per press however often the press is repeated; booked visits check in by their code, on
//! time before the common line; another office's kiosk, a stranger's browser and a revoked
//! kiosk are refused.
use serde_json::Value;
use std::sync::Arc;
use vartai_tests::apply::*;
use vartai_tests::browser::{Answer, Browser};
use vartai_tests::login::{officer, staff_member, start};
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::visits::*;
use vartai_tests::{both_databases, Db, TestServer};

async fn screen(b: &Browser, slug: &str, ticket: &str) -> Value {
    let a = b
        .call("kiosk/view", &[("office", slug), ("ticket", ticket)])
        .await;
    assert!(a.is_ok(), "{a:?}");
    a.body
}

async fn take(b: &Browser, office: i64, service: &str, key: &str) -> Answer {
    b.call(
        "kiosk/take",
        &[
            ("office", &office.to_string()),
            ("service", service),
            ("key", key),
        ],
    )
    .await
}

async fn check_in(b: &Browser, office: i64, code: &str, key: &str) -> Answer {
    b.call(
        "kiosk/check-in",
        &[
            ("office", &office.to_string()),
            ("code", code),
            ("key", key),
        ],
    )
    .await
}

async fn kiosk_tickets(s: &TestServer) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM queue_tickets WHERE device_id IS NOT NULL")
        .fetch_one(&s.db.pool)
        .await
        .unwrap()
}

/// Now is Monday 2026-11-23 12:00 in Vilnius (open 08:00–18:00).
async fn kiosks(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let vilnius = s.office_id("vilnius").await;
    let kaunas = s.office_id("kaunas").await;

    // A stranger's browser is no kiosk: it is told so and cannot give tickets.
    let stranger = Browser::new(&s);
    let v = screen(&stranger, "vilnius", "").await;
    assert!(v["device"].is_null() && v["register_csrf"].is_null(), "{v}");
    let a = take(&stranger, vilnius, "submit_documents", "stranger-press-1").await;
    assert_eq!(a.error().as_deref(), Some("Forbidden"), "{a:?}");
    assert_eq!(
        stranger
            .call("kiosk/view", &[("office", "atlantis")])
            .await
            .error()
            .as_deref(),
        Some("NotFound")
    );

    // Only an admin of the office registers one.
    let (officer_b, officer_csrf) = officer(&s, &sink, "desk@example.lt", &["vilnius"]).await;
    assert!(screen(&officer_b, "vilnius", "").await["register_csrf"].is_null());
    let a = officer_b
        .call(
            "kiosk/register",
            &[
                ("office", &vilnius.to_string()),
                ("name", "Hall"),
                ("csrf", &officer_csrf),
            ],
        )
        .await;
    assert_eq!(a.error().as_deref(), Some("Forbidden"), "{a:?}");
    let (other_admin, other_csrf) =
        staff_member(&s, &sink, "kaunas@example.lt", "office_admin", &["kaunas"]).await;
    let a = other_admin
        .call(
            "kiosk/register",
            &[
                ("office", &vilnius.to_string()),
                ("name", "Hall"),
                ("csrf", &other_csrf),
            ],
        )
        .await;
    assert_eq!(a.error().as_deref(), Some("NotFound"), "{a:?}");

    let (kiosk, admin_csrf) =
        staff_member(&s, &sink, "admin@example.lt", "office_admin", &["vilnius"]).await;
    assert!(screen(&kiosk, "vilnius", "").await["register_csrf"].is_string());
    let reg = |name: &'static str| {
        let (kiosk, csrf) = (&kiosk, admin_csrf.clone());
        async move {
            kiosk
                .call(
                    "kiosk/register",
                    &[
                        ("office", &vilnius.to_string()),
                        ("name", name),
                        ("csrf", &csrf),
                    ],
                )
                .await
        }
    };
    let a = reg("   ").await;
    assert_eq!(codes(&a), one("device_name", "required"));
    let a = reg("Entrance, left").await;
    assert_eq!(a.redirect(), Some("/kiosk/vilnius"), "{a:?}");
    let token = kiosk.cookie("vartai-kiosk").expect("the device cookie");
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM office_devices")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(stored.len(), 64);
    assert_ne!(stored, token, "only the token's hash is stored");
    // The admin's login on the kiosk has ended.
    let a = kiosk.call("admin/office", &[]).await;
    assert_eq!(a.error().as_deref(), Some("NotLoggedIn"), "{a:?}");

    let v = screen(&kiosk, "vilnius", "").await;
    assert_eq!(v["device"], "Entrance, left");
    assert_eq!(v["open_now"], true);
    assert_eq!(v["hours"], serde_json::json!(["08:00", "18:00"]));
    let key = v["key"].as_str().unwrap().to_string();
    assert_ne!(
        key,
        screen(&kiosk, "vilnius", "").await["key"],
        "a key per screen"
    );

    // One press, however often it arrives (a double tap, a retried request, "print again"
    // pressed as "take" after a failed print): one ticket.
    let shown = format!("/kiosk/vilnius?ticket={key}");
    let a = take(&kiosk, vilnius, "submit_documents", &key).await;
    assert_eq!(a.redirect(), Some(shown.as_str()), "{a:?}");
    let a = take(&kiosk, vilnius, "submit_documents", &key).await;
    assert_eq!(a.redirect(), Some(shown.as_str()), "{a:?}");
    let kiosk = Arc::new(kiosk);
    let presses: Vec<_> = (0..10)
        .map(|_| {
            let kiosk = kiosk.clone();
            tokio::spawn(async move {
                take(&kiosk, vilnius, "collect_document", "one-press-at-once").await
            })
        })
        .collect();
    for p in presses {
        assert!(p.await.unwrap().is_ok());
    }
    assert_eq!(kiosk_tickets(&s).await, 2, "two presses, two tickets");
    let t = screen(&kiosk, "vilnius", &key).await["ticket"].clone();
    assert_eq!(
        (&t["label"], &t["position"], &t["status"], &t["visit"]),
        (
            &Value::from("A001"),
            &Value::from(1),
            &Value::from("waiting"),
            &Value::from(false)
        ),
        "{t}"
    );
    let e = &t["estimate"][0];
    assert!(
        e["low"].as_u64() <= e["minutes"].as_u64() && e["minutes"].as_u64() <= e["high"].as_u64()
    );
    assert_eq!(
        screen(&kiosk, "vilnius", "one-press-at-once").await["ticket"]["label"],
        "B002"
    );
    // Another office's tickets, an unknown press, a service the office does not give.
    let a = take(&kiosk, kaunas, "submit_documents", "kaunas-press-1").await;
    assert_eq!(a.error().as_deref(), Some("Forbidden"));
    assert!(screen(&kiosk, "vilnius", "no-such-press").await["ticket"].is_null());
    let a = take(&kiosk, vilnius, "tea_and_biscuits", "tea-press-1").await;
    assert_eq!(codes(&a), one("office", "invalid_format"));
    let a = take(&kiosk, vilnius, "submit_documents", "bad key!").await;
    assert_eq!(a.error().as_deref(), Some("NotFound"));

    // A visit booked for Wednesday 10:00.
    let olena = Browser::new(&s);
    let o_csrf = applicant(&olena, &sink, "olena@example.org").await;
    let (id, _) = submit_family_trp(&olena, &o_csrf, "vilnius").await;
    assert!(book(&olena, &o_csrf, id, "2026-11-25", "10:00")
        .await
        .is_ok());
    let code: String = sqlx::query_scalar(
        "SELECT code FROM visits WHERE application_id = $1 AND status = 'active'",
    )
    .bind(id)
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    let a = check_in(&kiosk, vilnius, &code, "visit-press-1").await;
    assert_eq!(codes(&a), one("visit_code", "no_visit_today"));
    let a = check_in(&kiosk, vilnius, "K7MO-2XPA", "visit-press-1").await;
    assert_eq!(codes(&a), one("visit_code", "invalid_format"));

    // Wednesday 09:20: too early. 09:50: a walk-in has taken A001; the visit goes first.
    let s = s.restart_at("2026-11-25T07:20:00Z").await;
    let kiosk = kiosk.clone_session(&s);
    let typed = code.to_lowercase().replace('-', " ");
    let a = check_in(&kiosk, vilnius, &typed, "visit-press-1").await;
    assert_eq!(codes(&a), one("visit_code", "check_in_too_early"));
    let s = s.restart_at("2026-11-25T07:50:00Z").await;
    let kiosk = kiosk.clone_session(&s);
    let officer_b = officer_b.clone_session(&s);
    assert!(take(&kiosk, vilnius, "collect_document", "walk-in-wed-1")
        .await
        .is_ok());
    let a = check_in(&kiosk, vilnius, &typed, "visit-press-2").await;
    assert_eq!(
        a.redirect(),
        Some("/kiosk/vilnius?ticket=visit-press-2"),
        "{a:?}"
    );
    let t = screen(&kiosk, "vilnius", "visit-press-2").await["ticket"].clone();
    assert_eq!(
        (&t["label"], &t["position"], &t["visit"]),
        (&Value::from("A002"), &Value::from(1), &Value::from(true)),
        "{t}"
    );
    let walk_in = screen(&kiosk, "vilnius", "walk-in-wed-1").await["ticket"].clone();
    assert_eq!(walk_in["position"], 2);
    // Checked in once: a second check-in shows the same ticket.
    let a = check_in(&kiosk, vilnius, &code, "visit-press-3").await;
    assert_eq!(
        a.redirect(),
        Some("/kiosk/vilnius?ticket=visit-press-2"),
        "{a:?}"
    );
    let checked: Option<i64> =
        sqlx::query_scalar("SELECT checked_in_at FROM visits WHERE code = $1")
            .bind(&code)
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert!(checked.is_some());
    let events: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM application_events WHERE application_id = $1 \
         AND kind = 'visit_checked_in'",
    )
    .bind(id)
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(events, 1);
    // The desk calls the visit first.
    let a = officer_b
        .call(
            "queue/call-next",
            &[
                ("office", &vilnius.to_string()),
                ("desk", "4"),
                ("csrf", &officer_csrf),
            ],
        )
        .await;
    assert_eq!(a.body, "A002", "{a:?}");

    // After closing: the hours are named.
    let s = s.restart_at("2026-11-25T16:30:00Z").await;
    let kiosk = kiosk.clone_session(&s);
    let other_admin = other_admin.clone_session(&s);
    let a = take(&kiosk, vilnius, "submit_documents", "evening-press").await;
    assert_eq!(codes(&a), one("now", "office_closed_now"));

    // Revoked: refused at once.
    let (admin2, admin2_csrf) =
        staff_member(&s, &sink, "admin2@example.lt", "office_admin", &["vilnius"]).await;
    let setup = admin2
        .call("admin/office", &[("office", &vilnius.to_string())])
        .await;
    let kiosks = setup.body["office"]["kiosks"].as_array().unwrap().clone();
    assert_eq!(kiosks.len(), 1);
    assert_eq!(kiosks[0]["name"], "Entrance, left");
    assert!(kiosks[0]["seen"].is_string());
    let device = kiosks[0]["id"].to_string();
    let a = other_admin
        .call(
            "kiosk/revoke",
            &[("device", &device), ("csrf", &other_csrf)],
        )
        .await;
    assert_eq!(
        a.error().as_deref(),
        Some("NotFound"),
        "another office's admin"
    );
    let a = admin2
        .call(
            "kiosk/revoke",
            &[("device", &device), ("csrf", &admin2_csrf)],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    assert!(screen(&kiosk, "vilnius", "").await["device"].is_null());
    let s = s.restart_at("2026-11-25T08:00:00Z").await;
    let kiosk = kiosk.clone_session(&s);
    let a = take(&kiosk, vilnius, "submit_documents", "after-revoke").await;
    assert_eq!(a.error().as_deref(), Some("Forbidden"));
    s.finish().await;
}

both_databases!(kiosks);
