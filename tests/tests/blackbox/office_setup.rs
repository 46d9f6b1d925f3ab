//! Office set-up (issue #7.1) over real HTTP on SQLite and PostgreSQL: an office admin changes
//! the week's hours, closes a day, changes a service's desks, application types and the length
//! of its visits from a day on, and the
//! applicants' calendar follows at once; every refusal names its field; only the admin's own
//! offices can be read or changed; changes are audited.
use serde_json::Value;
use vartai_tests::apply::*;
use vartai_tests::browser::{Answer, Browser};
use vartai_tests::login::{officer, staff_member, start};
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::visits::*;
use vartai_tests::{both_databases, Db};

/// The week form: Monday to Thursday as given, the rest closed, unless `extra` says otherwise.
async fn save_week(
    b: &Browser,
    csrf: &str,
    office: i64,
    hours: &[(u8, &str, &str)],
    address: &str,
    map_url: &str,
) -> Answer {
    let office = office.to_string();
    let mut form: Vec<(String, String)> = vec![
        ("office".into(), office),
        ("address".into(), address.into()),
        ("phone".into(), "+370 5 271 7112".into()),
        ("map_url".into(), map_url.into()),
        ("csrf".into(), csrf.into()),
    ];
    for w in 1..=7u8 {
        let (o, c) = hours
            .iter()
            .find(|(d, _, _)| *d == w)
            .map(|(_, o, c)| (*o, *c))
            .unwrap_or(("", ""));
        form.push((format!("opens_{w}"), o.into()));
        form.push((format!("closes_{w}"), c.into()));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.call("admin/office-hours", &form).await
}

/// The "submit documents" service in the office admin's view (an `admin/office` answer).
fn submit_documents(office: &Value) -> Value {
    office["office"]["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "submit_documents")
        .unwrap()
        .clone()
}

fn times(plan: &Value) -> Vec<String> {
    plan["times"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["starts"].as_str().unwrap().to_string())
        .collect()
}

fn days(plan: &Value) -> Vec<String> {
    plan["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["day"].as_str().unwrap().to_string())
        .collect()
}

/// Now is Monday 2026-11-23 12:00 in Vilnius.
async fn admin_sets_up_the_office(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let vilnius = s.office_id("vilnius").await;
    let kaunas = s.office_id("kaunas").await;
    let (admin, csrf) =
        staff_member(&s, &sink, "admin@example.lt", "office_admin", &["vilnius"]).await;
    let olena = Browser::new(&s);
    let o_csrf = applicant(&olena, &sink, "olena@example.org").await;
    let (id, _) = submit_family_trp(&olena, &o_csrf, "vilnius").await;
    assert!(book(&olena, &o_csrf, id, "2026-11-26", "17:00")
        .await
        .is_ok());

    let a = admin.call("admin/office", &[]).await;
    assert!(a.is_ok(), "{a:?}");
    let o = &a.body["office"];
    assert_eq!(o["id"], vilnius);
    assert_eq!(o["week"][0], serde_json::json!(["08:00", "18:00"]));
    assert_eq!(o["week"][6], serde_json::json!(["", ""]), "Sunday closed");
    let service = submit_documents(&a.body);
    assert_eq!(service["minutes"], 30);
    assert_eq!(service["desks"], 2);
    assert_eq!(service["kinds"].as_array().unwrap().len(), 6);
    assert_eq!(a.body["outside_hours"], 0);

    // Every refusal names the field, keeps what was typed, and the weekday it is about.
    let a = save_week(
        &admin,
        &csrf,
        vilnius,
        &[(2, "25:00", "17:00")],
        "Birutės g. 56",
        "",
    )
    .await;
    assert_eq!(codes(&a), one("opens", "invalid_format"));
    let entered = &a.body["Invalid"]["entered"];
    assert!(entered
        .as_array()
        .unwrap()
        .contains(&serde_json::json!(["weekday", "2"])));
    assert!(entered
        .as_array()
        .unwrap()
        .contains(&serde_json::json!(["opens_2", "25:00"])));
    for (monday, address, map_url, refused) in [
        (
            ("17:00", "09:00"),
            "Birutės g. 56",
            "",
            ("closes", "end_before_start"),
        ),
        (("09:00", ""), "Birutės g. 56", "", ("closes", "required")),
        (("09:00", "12:00"), " ", "", ("address", "required")),
        (
            ("09:00", "12:00"),
            "Birutės g. 56",
            "javascript:alert(1)",
            ("map_url", "invalid_format"),
        ),
    ] {
        let hours = [(1, monday.0, monday.1)];
        let a = save_week(&admin, &csrf, vilnius, &hours, address, map_url).await;
        assert_eq!(codes(&a), one(refused.0, refused.1), "{refused:?}");
    }

    // Monday 09:00–12:00, Tuesday to Thursday 08:00–16:00, Friday closed.
    let week = [
        (1, "09:00", "12:00"),
        (2, "08:00", "16:00"),
        (3, "08:00", "16:00"),
        (4, "08:00", "16:00"),
    ];
    let a = save_week(
        &admin,
        &csrf,
        vilnius,
        &week,
        "Birutės g. 56, Vilnius",
        "https://www.openstreetmap.org/?mlat=54.68&mlon=25.23",
    )
    .await;
    assert_eq!(
        a.redirect(),
        Some(format!("/admin/office?office={vilnius}&done=hours").as_str()),
        "{a:?}"
    );
    // The calendar follows at once: Monday 30 Nov has 6 times from 09:00, Friday none.
    let p = plan(&olena, id, Some("2026-11-30"), None).await;
    assert_eq!(
        times(&p),
        ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    );
    assert!(
        !days(&p).contains(&"2026-11-27".to_string()),
        "Friday closed"
    );
    // Olena's Thursday 17:00 visit is now outside the hours: the admin is told.
    let a = admin.call("admin/office", &[]).await;
    assert_eq!(a.body["outside_hours"], 1);
    assert_eq!(a.body["office"]["phone"], "+370 5 271 7112");

    // A closed day, and a day with other hours.
    let exception = |day: &'static str, opens: &'static str, closes: &'static str| {
        let (admin, csrf) = (&admin, &csrf);
        async move {
            admin
                .call(
                    "admin/office-exception",
                    &[
                        ("office", &vilnius.to_string()),
                        ("day", day),
                        ("opens", opens),
                        ("closes", closes),
                        ("note", "Staff training"),
                        ("csrf", csrf),
                    ],
                )
                .await
        }
    };
    let a = exception("2026-11-20", "", "").await;
    assert_eq!(codes(&a), one("date", "date_in_past"));
    let a = exception("2026-11-25", "10:00", "").await;
    assert_eq!(codes(&a), one("closes", "required"));
    assert!(exception("2026-11-25", "", "").await.is_ok());
    assert!(exception("2026-11-26", "10:00", "11:00").await.is_ok());
    let p = plan(&olena, id, Some("2026-11-26"), None).await;
    assert!(!days(&p).contains(&"2026-11-25".to_string()), "closed");
    assert_eq!(times(&p), ["10:00", "10:30"]);
    let a = admin.call("admin/office", &[]).await;
    let ex = &a.body["office"]["exceptions"];
    assert_eq!(ex[0]["day"], "2026-11-25");
    assert!(ex[0]["hours"].is_null());
    assert_eq!(ex[0]["note"], "Staff training");
    assert_eq!(ex[1]["hours"], serde_json::json!(["10:00", "11:00"]));
    assert_eq!(ex[1]["booked"], 1, "Olena's visit that day");
    // Back to the usual week.
    let a = admin
        .call(
            "admin/office-exception-remove",
            &[
                ("office", &vilnius.to_string()),
                ("day", "2026-11-25"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    let p = plan(&olena, id, Some("2026-11-25"), None).await;
    assert_eq!(times(&p).len(), 16, "Wednesday 08:00–16:00");

    // The service: desks checked, and the kinds decide who may book.
    let service = |desks: &'static str, kinds: &'static [&'static str]| {
        let (admin, csrf) = (&admin, &csrf);
        async move {
            let office = vilnius.to_string();
            let mut form = vec![
                ("office".to_string(), office),
                ("service".to_string(), "submit_documents".to_string()),
                ("desks".to_string(), desks.to_string()),
                ("csrf".to_string(), csrf.to_string()),
            ];
            for k in kinds {
                form.push((format!("kind_{k}"), "on".to_string()));
            }
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            admin.call("admin/office-service", &form).await
        }
    };
    let a = service("51", &["trp_issue"]).await;
    assert_eq!(codes(&a), one("desks", "out_of_range"));
    assert!(service("1", &["eu_card_issue"]).await.is_ok());
    let p = plan(&olena, id, None, None).await;
    assert_eq!(p["blocked"], "NoService", "a TRP is no longer taken there");
    assert!(service("1", &["trp_issue", "eu_card_issue"]).await.is_ok());
    let p = plan(&olena, id, Some("2026-11-24"), None).await;
    assert!(p["blocked"].is_null());
    assert_eq!(p["days"][0]["free"], 16, "one seat per slot");

    // The length of a visit (issue #7.1): from a day with nothing booked yet on. Olena's
    // visit is on Thursday 26 November, so the first day a new length can start is the 27th.
    let a = admin.call("admin/office", &[]).await;
    let sd = submit_documents(&a.body);
    assert_eq!(
        (
            &sd["minutes"],
            &sd["national_minutes"],
            &sd["earliest_change"]
        ),
        (
            &Value::from(30),
            &Value::from(30),
            &Value::from("2026-11-27")
        )
    );
    let duration = |minutes: &'static str, from: &'static str| {
        let (admin, csrf) = (&admin, &csrf);
        async move {
            admin
                .call(
                    "admin/office-duration",
                    &[
                        ("office", &vilnius.to_string()),
                        ("service", "submit_documents"),
                        ("minutes", minutes),
                        ("from", from),
                        ("csrf", csrf),
                    ],
                )
                .await
        }
    };
    let a = duration("4", "").await;
    assert_eq!(codes(&a), one("duration", "out_of_range"));
    let a = duration("twenty", "").await;
    assert_eq!(codes(&a), one("duration", "invalid_format"));
    let a = duration("20", "2026-11-26").await;
    assert_eq!(codes(&a), one("from", "date_in_past"));
    assert_eq!(
        a.body["Invalid"]["errors"][0]["kind"]["earliest"], "2026-11-27",
        "{a:?}"
    );
    let a = duration("20", "").await;
    assert_eq!(
        a.redirect(),
        Some(format!("/admin/office?office={vilnius}&done=duration").as_str()),
        "{a:?}"
    );
    // Tuesday 24th keeps 30 minutes; Monday 30th (09:00–12:00) has 20-minute visits.
    let p = plan(&olena, id, Some("2026-11-24"), None).await;
    assert_eq!(times(&p).len(), 16);
    assert_eq!(p["minutes"], 30);
    let p = plan(&olena, id, Some("2026-11-30"), None).await;
    assert_eq!(
        times(&p),
        ["09:00", "09:20", "09:40", "10:00", "10:20", "10:40", "11:00", "11:20", "11:40"]
    );
    assert_eq!(p["minutes"], 20);
    // A time of the old length is no time at all on the 30th; a time of the new one is.
    let a = book(&olena, &o_csrf, id, "2026-11-30", "09:30").await;
    assert_eq!(codes(&a), one("slot", "no_such_slot"));
    assert!(book(&olena, &o_csrf, id, "2026-11-30", "09:20")
        .await
        .is_ok());
    let minutes: i64 = sqlx::query_scalar(
        "SELECT minutes FROM visits WHERE application_id = $1 AND status = 'active'",
    )
    .bind(id)
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(minutes, 20);
    // Now the 30th is booked: a change can start on 1 December at the earliest.
    let a = duration("45", "2026-11-30").await;
    assert_eq!(codes(&a), one("from", "date_in_past"));
    assert!(duration("45", "2026-12-07").await.is_ok());
    let p = plan(&olena, id, Some("2026-12-07"), None).await;
    assert_eq!(times(&p), ["09:00", "09:45", "10:30", "11:15"]);
    let a = admin.call("admin/office", &[]).await;
    let sd = submit_documents(&a.body);
    assert_eq!(sd["minutes"], 30, "tomorrow is still 30 minutes");
    assert_eq!(
        sd["changes"],
        serde_json::json!([["2026-11-27", 20], ["2026-12-07", 45]])
    );
    assert_eq!(sd["earliest_change"], "2026-12-01");

    // Audited.
    let audit: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'office.%'")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(
        audit, 8,
        "hours, 2 exceptions, removal, 2 services, 2 durations"
    );

    // Another office's admin, an officer and an applicant get nothing.
    let (other, other_csrf) =
        staff_member(&s, &sink, "kaunas@example.lt", "office_admin", &["kaunas"]).await;
    let a = other
        .call("admin/office", &[("office", &vilnius.to_string())])
        .await;
    assert_eq!(a.body, Value::String("NotFound".into()), "{a:?}");
    let a = other.call("admin/office", &[]).await;
    assert_eq!(a.body["office"]["id"], kaunas);
    let a = save_week(&other, &other_csrf, vilnius, &week, "Elsewhere 1", "").await;
    assert_eq!(a.body, Value::String("NotFound".into()), "{a:?}");
    let (off, off_csrf) = officer(&s, &sink, "officer@example.lt", &["vilnius"]).await;
    let a = save_week(&off, &off_csrf, vilnius, &week, "Elsewhere 1", "").await;
    assert_eq!((a.status.as_u16(), a.body), (403, Value::from("Forbidden")));
    let a = olena.call("admin/office", &[]).await;
    assert_eq!((a.status.as_u16(), a.body), (403, Value::from("Forbidden")));
    let (status, _) = olena.page("/admin/office").await;
    assert_eq!(status, 403);
    let (status, html) = admin.page("/admin/office").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Birutės g. 56, Vilnius"),
        "the page shows the office"
    );
    s.finish().await;
}

both_databases!(admin_sets_up_the_office);
