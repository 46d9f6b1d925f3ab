//! Visit booking (issue #7) over real HTTP on SQLite and PostgreSQL: the calendar's limits
//! (R-BK-1, R-FL-1), book / move / cancel with the move limit (R-BK-2), the confirmation with
//! its calendar entry, owner-only access, and the races: many clients at once on one slot and
//! on a few slots, each seat booked exactly once.
use serde_json::Value;
use sqlx::Row;
use std::sync::Arc;
use vartai_tests::apply::*;
use vartai_tests::browser::Browser;
use vartai_tests::login::{decode, officer, start};
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::visits::*;
use vartai_tests::{both_databases, Db};

/// R-BK-1, R-BK-2, R-FL-1 — now is Monday 2026-11-23 12:00 in Vilnius; the family TRP is
/// submitted today (window to 2027-03-23), the horizon is 30 days: 2026-11-24 … 2026-12-23.
async fn book_move_cancel(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    set_seats(&s, 1).await;
    let olena = Browser::new(&s);
    let csrf = applicant(&olena, &sink, "olena@example.org").await;
    let (id, reference) = submit_family_trp(&olena, &csrf, "vilnius").await;

    let p = plan(&olena, id, None, None).await;
    assert_eq!(p["range"]["first"], "2026-11-24");
    assert_eq!(p["range"]["last"], "2026-12-23");
    assert_eq!(p["range"]["capped_by_window"], false);
    assert_eq!(p["max_moves"], 2);
    assert_eq!(p["minutes"], 30);
    assert!(p["booking"].is_null());
    let days: Vec<&str> = p["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["day"].as_str().unwrap())
        .collect();
    // Working days only: no weekend (28/29 Nov), and never past the range.
    assert_eq!(days.first(), Some(&"2026-11-24"));
    assert!(!days.contains(&"2026-11-28") && !days.contains(&"2026-11-29"));
    assert_eq!(days.last(), Some(&"2026-12-23"));
    // Monday to Thursday 08:00–18:00 in 30-minute slots: 20 times.
    assert_eq!(p["day"], "2026-11-24");
    assert_eq!(p["times"].as_array().unwrap().len(), 20);
    assert_eq!(p["times"][0]["starts"], "08:00");

    // The server checks what the calendar offers (a bypassed browser gets the same answer).
    let a = book(&olena, &csrf, id, "2026-11-28", "09:00").await;
    assert_eq!(codes(&a), one("slot", "no_such_slot"));
    let a = book(&olena, &csrf, id, "2026-11-24", "08:15").await;
    assert_eq!(codes(&a), one("slot", "no_such_slot"));
    let a = book(&olena, &csrf, id, "2026-12-24", "09:00").await;
    assert_eq!(codes(&a), one("date", "outside_booking_range"));
    assert_eq!(
        a.body["Invalid"]["errors"][0]["kind"]["latest"],
        "2026-12-23"
    );
    let a = book(&olena, &csrf, id, "2026-11-23", "16:00").await;
    assert_eq!(codes(&a), one("date", "outside_booking_range"));
    let a = book(&olena, &csrf, id, "24.11.2026", "09:00").await;
    assert_eq!(codes(&a), one("date", "invalid_format"));

    let before = sink.received().len();
    let a = book(&olena, &csrf, id, "2026-11-24", "09:00").await;
    assert_eq!(
        a.redirect(),
        Some(format!("/applications/{id}/visit?done=booked").as_str()),
        "{a:?}"
    );
    // A double click books nothing more.
    let a = book(&olena, &csrf, id, "2026-11-24", "09:00").await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(
        active(&s).await,
        vec![(id, "2026-11-24".into(), "09:00".into(), 1)]
    );
    let p = plan(&olena, id, None, None).await;
    let code = p["booking"]["code"].as_str().unwrap().to_string();
    assert_eq!(p["booking"]["starts"], "09:00");
    assert_eq!(p["booking"]["ends"], "09:30");
    assert!(p["booking"]["qr_svg"].as_str().unwrap().contains("<svg"));
    let mail = mail_about(&sink, "olena@example.org", before, "2026-11-24").await;
    assert!(
        mail.body.contains(&code) && mail.body.contains(&reference),
        "{}",
        mail.body
    );
    let (kind, ics) = &mail.attachments[0];
    assert_eq!(kind, "text/calendar");
    // 09:00 in Vilnius in November (EET, UTC+2) is 07:00 UTC.
    assert!(ics.contains("DTSTART:20261124T070000Z"), "{ics}");
    assert!(ics.contains("DTEND:20261124T073000Z"), "{ics}");
    assert!(ics.contains(&format!("UID:visit-{code}@vartai")), "{ics}");
    let (status, kind, body) = olena.bytes(&format!("/applications/{id}/visit.ics")).await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/calendar"), "{kind}");
    assert!(String::from_utf8_lossy(&body).contains("DTSTART:20261124T070000Z"));

    // Someone else: nothing of Olena's is visible or bookable.
    let ivan = Browser::new(&s);
    let ivan_csrf = applicant(&ivan, &sink, "ivan@example.org").await;
    let (ivan_id, _) = submit_family_trp(&ivan, &ivan_csrf, "vilnius").await;
    let (status, _, _) = ivan.bytes(&format!("/applications/{id}/visit.ics")).await;
    assert_eq!(status, 404);
    let a = ivan.call("visits/plan", &[("id", &id.to_string())]).await;
    assert_eq!(a.body, Value::String("NotFound".into()), "{a:?}");
    let a = book(&ivan, &ivan_csrf, id, "2026-11-25", "09:00").await;
    assert_eq!(a.body, Value::String("NotFound".into()), "{a:?}");
    let a = ivan
        .call(
            "visits/cancel",
            &[("id", &id.to_string()), ("csrf", &ivan_csrf)],
        )
        .await;
    assert_eq!(a.body, Value::String("NotFound".into()), "{a:?}");
    let (status, _) = ivan.page(&format!("/applications/{id}/visit")).await;
    assert_eq!(status, 404);

    // The seat is taken: Ivan is told so, with the nearest free times from there.
    let a = book(&ivan, &ivan_csrf, ivan_id, "2026-11-24", "09:00").await;
    assert_eq!(codes(&a), one("slot", "slot_taken"));
    let p = plan(&ivan, ivan_id, Some("2026-11-24"), Some("2026-11-24T09:00")).await;
    assert_eq!(p["nearest"][0], serde_json::json!(["2026-11-24", "09:30"]));
    assert_eq!(p["nearest"].as_array().unwrap().len(), 3);
    assert!(!p["times"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["starts"] == "09:00"));

    // R-BK-2: two moves; the old seat is free at once.
    let a = book(&olena, &csrf, id, "2026-11-25", "10:00").await;
    assert!(a.is_ok(), "{a:?}");
    let a = book(&ivan, &ivan_csrf, ivan_id, "2026-11-24", "09:00").await;
    assert!(a.is_ok(), "the moved-from seat is free: {a:?}");
    let before = sink.received().len();
    let a = book(&olena, &csrf, id, "2026-12-01", "15:30").await;
    assert!(a.is_ok(), "{a:?}");
    mail_about(&sink, "olena@example.org", before, "2026-12-01").await;
    let a = book(&olena, &csrf, id, "2026-12-02", "08:00").await;
    assert_eq!(codes(&a), one("slot", "too_many_moves"));
    assert_eq!(a.body["Invalid"]["errors"][0]["kind"]["max"], 2);
    let p = plan(&olena, id, None, None).await;
    assert_eq!(p["booking"]["moves"], 2);
    assert_eq!(p["booking"]["day"], "2026-12-01");

    // Cancel: the seat is free for others at once.
    let a = olena
        .call("visits/cancel", &[("id", &id.to_string()), ("csrf", &csrf)])
        .await;
    assert_eq!(
        a.redirect(),
        Some(format!("/applications/{id}/visit?done=cancelled").as_str())
    );
    assert_eq!(
        active(&s).await,
        vec![(ivan_id, "2026-11-24".into(), "09:00".into(), 1)]
    );
    let p = plan(&ivan, ivan_id, Some("2026-12-01"), None).await;
    assert!(p["times"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["starts"] == "15:30"));
    let (status, _, _) = olena.bytes(&format!("/applications/{id}/visit.ics")).await;
    assert_eq!(status, 404, "no calendar without a visit");
    let events: Vec<String> = sqlx::query(
        "SELECT kind FROM application_events WHERE application_id = $1 AND kind LIKE 'visit%' \
         ORDER BY id",
    )
    .bind(id)
    .fetch_all(&s.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get("kind"))
    .collect();
    assert_eq!(
        events,
        [
            "visit_booked",
            "visit_moved",
            "visit_moved",
            "visit_cancelled"
        ]
    );

    // "Download my data" includes the visits, moved and cancelled ones too.
    let (status, _, data) = olena.bytes("/account/data").await;
    assert_eq!(status, 200);
    let data: Value = serde_json::from_slice(&data).unwrap();
    let statuses: Vec<&str> = data["visits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["moved", "moved", "cancelled"]);
    assert_eq!(data["applications"][0]["reference"], reference.as_str());

    // The page itself, without JavaScript: the day list and the times as a form.
    let (status, html) = ivan
        .page(&format!("/applications/{ivan_id}/visit?day=2026-11-26"))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("href=\"/applications/"), "day links");
    assert!(html.contains("name=\"time\" value=\"08:00\""), "{html}");
    assert!(
        html.contains("data-visit-code="),
        "the booked visit is shown"
    );
    s.finish().await;
}

const CROWD: usize = 200;
const MANY_LOGINS: (&str, &str) = ("VARTAI_LOGIN_CODES_PER_CLIENT", "100000");

/// Everyone in `people` books at the same moment (a barrier lets them all go at once), the
/// `i`th person the (day, time) `slot(i)`. Every refusal must be "slot taken"; returns how many
/// were booked and how many were refused.
async fn book_at_once(
    people: Vec<(Browser, String, i64)>,
    slot: impl Fn(usize) -> (String, String),
) -> (usize, usize) {
    let barrier = Arc::new(tokio::sync::Barrier::new(people.len()));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, (b, csrf, id)) in people.into_iter().enumerate() {
        let barrier = barrier.clone();
        let (day, time) = slot(i);
        tasks.spawn(async move {
            barrier.wait().await;
            book(&b, &csrf, id, &day, &time).await
        });
    }
    let (mut booked, mut taken) = (0, 0);
    while let Some(a) = tasks.join_next().await {
        let a = a.unwrap();
        if a.is_ok() {
            booked += 1;
        } else {
            assert_eq!(codes(&a), one("slot", "slot_taken"), "{a:?}");
            taken += 1;
        }
    }
    (booked, taken)
}

/// Issue #7.6 — 200 clients book the same slot at the same moment: exactly one succeeds, the
/// others are told it was just taken.
async fn two_hundred_clients_one_slot(db: Db) {
    let sink = Arc::new(SmtpSink::start(Refuse::Nothing).await);
    let s = start(db, &sink, &[NOW, MANY_LOGINS]).await;
    set_seats(&s, 1).await;
    let people = crowd(&s, &sink, CROWD).await;
    let slot = ("2026-11-24".to_string(), "09:00".to_string());
    let (booked, taken) = book_at_once(people, |_| slot.clone()).await;
    assert_eq!((booked, taken), (1, CROWD - 1));
    assert_eq!(active(&s).await.len(), 1);
    s.finish().await;
}

/// Issue #7.6 — 200 clients on 50 slots (four for each): exactly 50 bookings, no slot twice.
async fn two_hundred_clients_fifty_slots(db: Db) {
    let sink = Arc::new(SmtpSink::start(Refuse::Nothing).await);
    let s = start(db, &sink, &[NOW, MANY_LOGINS]).await;
    set_seats(&s, 1).await;
    let people = crowd(&s, &sink, CROWD).await;
    // 20 slots on each of 24, 25 and 26 November (a Thursday has 20 too): the first 50.
    let slots: Vec<(String, String)> = ["2026-11-24", "2026-11-25", "2026-11-26"]
        .iter()
        .flat_map(|d| {
            (0..20).map(move |k| {
                (
                    d.to_string(),
                    format!("{:02}:{:02}", 8 + k / 2, (k % 2) * 30),
                )
            })
        })
        .take(50)
        .collect();
    let (booked, _) = book_at_once(people, |i| slots[i % slots.len()].clone()).await;
    let rows = active(&s).await;
    assert_eq!(booked, 50);
    assert_eq!(rows.len(), 50);
    let mut distinct: Vec<(String, String)> =
        rows.iter().map(|r| (r.1.clone(), r.2.clone())).collect();
    distinct.dedup();
    assert_eq!(distinct.len(), 50, "no slot twice");
    s.finish().await;
}

/// Issue #7.5 — an account asking for the calendar more often than allowed is told to wait;
/// the limit is per account, so someone else on the same network still gets through.
async fn availability_is_rate_limited(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW, ("VARTAI_AVAILABILITY_PER_ACCOUNT", "3")]).await;
    let olena = Browser::new(&s);
    let csrf = applicant(&olena, &sink, "olena@example.org").await;
    let (id, _) = submit_family_trp(&olena, &csrf, "vilnius").await;
    for _ in 0..3 {
        plan(&olena, id, None, None).await;
    }
    let a = olena.call("visits/plan", &[("id", &id.to_string())]).await;
    assert_eq!(a.body["TooMany"]["retry_after_minutes"], 1, "{a:?}");
    // Booking itself is not an availability read: it still works.
    let a = book(&olena, &csrf, id, "2026-11-24", "09:00").await;
    assert!(a.is_ok(), "{a:?}");
    let ivan = Browser::new(&s);
    let ivan_csrf = applicant(&ivan, &sink, "ivan@example.org").await;
    let (ivan_id, _) = submit_family_trp(&ivan, &ivan_csrf, "vilnius").await;
    plan(&ivan, ivan_id, None, None).await;
    s.finish().await;
}

/// Issue #7.3 — the reminder the day before, sent once even with two instances running the
/// scheduler every second; a visit the day after tomorrow is not reminded yet.
async fn reminder_the_day_before(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &FAST_JOBS).await;
    let other = s.another_instance().await;
    let olena = Browser::new(&s);
    let csrf = applicant(&olena, &sink, "olena@example.org").await;
    let (id, _) = submit_family_trp(&olena, &csrf, "vilnius").await;
    let ivan = Browser::new(&s);
    let ivan_csrf = applicant(&ivan, &sink, "ivan@example.org").await;
    let (ivan_id, _) = submit_family_trp(&ivan, &ivan_csrf, "vilnius").await;
    let before = sink.received().len();
    assert!(book(&olena, &csrf, id, "2026-11-24", "09:00").await.is_ok());
    assert!(book(&ivan, &ivan_csrf, ivan_id, "2026-11-25", "09:00")
        .await
        .is_ok());
    // Whatever language the account has: the reminder's subject in any of the five.
    let subjects: Vec<String> = ["lt", "en", "uk", "be", "ru"]
        .iter()
        .map(|l| {
            let strings = vartai_tests::locale_strings(l);
            vartai_tests::tr(&strings, "visit.mail.reminder_subject").replace("{{ time }}", "09:00")
        })
        .collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !sink
        .received()
        .iter()
        .skip(before)
        .any(|m| subjects.contains(&decode(&m.data).subject))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no reminder within 10 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    vartai_tests::settled(&s, &["visit_reminders"]).await;
    let reminders: Vec<_> = sink
        .received()
        .iter()
        .skip(before)
        .map(|m| decode(&m.data))
        .filter(|m| subjects.contains(&m.subject))
        .map(|m| m.to)
        .collect();
    assert_eq!(
        reminders,
        vec!["olena@example.org".to_string()],
        "once, and only Olena"
    );
    other.finish().await;
    s.finish().await;
}

async fn mark(b: &Browser, csrf: &str, code: &str, what: &str) -> vartai_tests::browser::Answer {
    b.call(
        "visits/mark",
        &[("code", code), ("what", what), ("csrf", csrf)],
    )
    .await
}

/// Issue #7.7 — the office's day: the officers of that office see who is expected, mark an
/// arrival once, and a no-show only once the visit's time has begun; other offices' officers
/// and applicants see nothing.
async fn officers_mark_arrivals_and_no_shows(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let olena = Browser::new(&s);
    let csrf = applicant(&olena, &sink, "olena@example.org").await;
    let (id, reference) = submit_family_trp(&olena, &csrf, "vilnius").await;
    let ivan = Browser::new(&s);
    let ivan_csrf = applicant(&ivan, &sink, "ivan@example.org").await;
    let (ivan_id, _) = submit_family_trp(&ivan, &ivan_csrf, "vilnius").await;
    assert!(book(&olena, &csrf, id, "2026-11-24", "09:00").await.is_ok());
    assert!(book(&ivan, &ivan_csrf, ivan_id, "2026-11-24", "09:30")
        .await
        .is_ok());
    let (off, off_csrf) = officer(&s, &sink, "officer@example.lt", &["vilnius"]).await;
    let (other, other_csrf) = officer(&s, &sink, "kaunas@example.lt", &["kaunas"]).await;

    let day = off
        .call("visits/office-day", &[("day", "2026-11-24")])
        .await;
    assert!(day.is_ok(), "{day:?}");
    let visits = day.body["visits"].as_array().unwrap();
    assert_eq!(visits.len(), 2);
    assert_eq!(visits[0]["starts"], "09:00");
    assert_eq!(visits[0]["reference"], reference.as_str());
    assert_eq!(visits[0]["applicant"], "Olena Kovalenko");
    assert_eq!(visits[0]["state"], "booked");
    assert_eq!(visits[0]["started"], false);
    let olena_code = visits[0]["code"].as_str().unwrap().to_string();
    let ivan_code = visits[1]["code"].as_str().unwrap().to_string();
    let office = day.body["office"].to_string();

    // Nobody else's business: another office, an applicant.
    let a = other
        .call(
            "visits/office-day",
            &[("office", &office), ("day", "2026-11-24")],
        )
        .await;
    assert_eq!(a.body, Value::String("NotFound".into()), "{a:?}");
    let a = other
        .call(
            "visits/mark",
            &[
                ("code", &olena_code),
                ("what", "checked_in"),
                ("csrf", &other_csrf),
            ],
        )
        .await;
    assert_eq!(a.body, Value::String("NotFound".into()), "{a:?}");
    let a = olena.call("visits/office-day", &[]).await;
    assert_eq!(a.body, Value::String("Forbidden".into()), "{a:?}");

    // Before its time a visit cannot be a no-show.
    let a = mark(&off, &off_csrf, &olena_code, "no_show").await;
    assert_eq!(codes(&a), one("slot", "action_not_allowed"));

    // The day itself, 10:00 in Vilnius: Olena came, Ivan did not.
    let s = s.restart_at("2026-11-24T08:00:00Z").await;
    let off = off.clone_session(&s);
    let a = mark(&off, &off_csrf, &olena_code, "checked_in").await;
    assert!(a.is_ok(), "{a:?}");
    let a = mark(&off, &off_csrf, &olena_code, "checked_in").await;
    assert_eq!(codes(&a), one("slot", "action_not_allowed"), "marked once");
    let a = mark(&off, &off_csrf, &ivan_code.to_lowercase(), "no_show").await;
    assert!(a.is_ok(), "{a:?}");
    let day = off.call("visits/office-day", &[]).await;
    let states: Vec<&str> = day.body["visits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["checked_in", "no_show"]);
    let (status, html) = off.page("/staff/visits").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("id=\"visit-{olena_code}\"")),
        "the page lists the visit"
    );
    let audit: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('visit.checked_in', 'visit.no_show')",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(audit, 2);
    s.finish().await;
}

/// Issue #21.6: visits never overlap on one seat, even after the office's hours changed under
/// booked visits. One desk; a visit booked 09:00–09:30 under the old hours; the office now opens
/// at 08:15 that day, so the calendar's times are 08:15, 08:45, 09:15 …: 09:15 would put a
/// second visit on the desk at 09:15–09:45 while the first is still there. It is refused as
/// taken; 09:45 is free.
async fn visits_never_overlap_after_the_hours_change(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    set_seats(&s, 1).await;
    let olena = Browser::new(&s);
    let csrf = applicant(&olena, &sink, "olena@example.org").await;
    let (id, _) = submit_family_trp(&olena, &csrf, "vilnius").await;
    // Someone else's visit, booked before the change: 2026-11-24 09:00 (07:00 UTC), seat 1.
    sqlx::query(
        "INSERT INTO applications (user_id, kind, status, start_key, created_at, updated_at, \
         office_id) SELECT user_id, kind, 'submitted', 'earlier', 0, 0, office_id \
         FROM applications WHERE id = $1",
    )
    .bind(id)
    .execute(&s.db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO visits (application_id, user_id, office_id, service_code, day, starts, \
         seat, minutes, starts_at, code, status, created_at) \
         SELECT a.id, a.user_id, a.office_id, 'submit_documents', '2026-11-24', '09:00', 1, 30, \
                1795503600000, 'EARLIER1', 'active', 0 \
         FROM applications a WHERE a.start_key = 'earlier'",
    )
    .execute(&s.db.pool)
    .await
    .unwrap();
    opens_later_on_the_24th(&s).await;
    let p = plan(&olena, id, Some("2026-11-24"), None).await;
    assert_eq!(p["times"][0]["starts"], "08:15", "{p}");
    // The one seat is held 09:00–09:30: the slots it overlaps are not offered (before, only a
    // visit starting at the very same minute counted), the next one is.
    let offered: Vec<&str> = p["times"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["starts"].as_str())
        .collect();
    assert!(
        !offered.contains(&"08:45") && !offered.contains(&"09:15"),
        "{offered:?}"
    );
    assert!(offered.contains(&"09:45"), "{offered:?}");
    let a = book(&olena, &csrf, id, "2026-11-24", "09:15").await;
    assert_eq!(codes(&a), one("slot", "slot_taken"), "{a:?}");
    let a = book(&olena, &csrf, id, "2026-11-24", "09:45").await;
    assert!(a.is_ok(), "{a:?}");
    let seats = active(&s).await;
    assert_eq!(seats.len(), 2, "{seats:?}");
    assert!(
        seats.iter().any(|v| v.0 == id && v.2 == "09:45"),
        "{seats:?}"
    );
    s.finish().await;
}

/// The Vilnius office opens at 08:15 on 2026-11-24 (an exception to its week), so that day's
/// times are 08:15, 08:45, 09:15 …: off the half hours that visits booked before start on.
async fn opens_later_on_the_24th(s: &vartai_tests::TestServer) {
    sqlx::query(
        "INSERT INTO office_exceptions (office_id, day, opens, closes, note) \
         SELECT id, '2026-11-24', '08:15', '18:00', 'later start' FROM offices \
         WHERE slug = 'vilnius'",
    )
    .execute(&s.db.pool)
    .await
    .unwrap();
}

/// R-BK-2, issue #21.6: the applicant's own visit does not count against the time it moves to
/// (a guard for any check made before the booking's transaction, issue #23.7). One desk;
/// Olena's visit is 09:00–09:30; the office then opens at 08:15, so 09:15 overlaps her own
/// visit only: the move gives that seat up, and she gets it.
async fn a_move_may_overlap_the_visit_it_gives_up(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    set_seats(&s, 1).await;
    let olena = Browser::new(&s);
    let csrf = applicant(&olena, &sink, "olena@example.org").await;
    let (id, _) = submit_family_trp(&olena, &csrf, "vilnius").await;
    let a = book(&olena, &csrf, id, "2026-11-24", "09:00").await;
    assert!(a.is_ok(), "{a:?}");
    opens_later_on_the_24th(&s).await;
    let a = book(&olena, &csrf, id, "2026-11-24", "09:15").await;
    assert!(a.is_ok(), "{a:?}");
    let seats = active(&s).await;
    assert_eq!(seats.len(), 1, "{seats:?}");
    assert!(
        seats.iter().any(|v| v.0 == id && v.2 == "09:15"),
        "{seats:?}"
    );
    s.finish().await;
}

both_databases!(
    a_move_may_overlap_the_visit_it_gives_up,
    visits_never_overlap_after_the_hours_change,
    officers_mark_arrivals_and_no_shows,
    reminder_the_day_before,
    availability_is_rate_limited,
    book_move_cancel,
    two_hundred_clients_one_slot,
    two_hundred_clients_fifty_slots
);
