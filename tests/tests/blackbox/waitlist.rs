//! The waitlist of visits (issue #7.4) over real HTTP on SQLite and PostgreSQL, with the clock
//! injected (`VARTAI_NOW`, moved by restarting): people join in line for days that are full;
//! a cancelled seat is held for the first in line at once and nobody else can book it; the
//! hold runs out after 15 minutes and passes to the next (two instances running the
//! scheduler, offered once); accepting books it, passing it on frees it for the next.
use serde_json::Value;
use sqlx::Row;
use vartai_tests::apply::*;
use vartai_tests::browser::{Answer, Browser};
use vartai_tests::login::start;
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::visits::*;
use vartai_tests::{both_databases, Db, TestServer};

const DAY: &str = "2026-11-24";

async fn join(b: &Browser, csrf: &str, id: i64, from: &str, to: &str) -> Answer {
    b.call(
        "visits/wait",
        &[
            ("id", &id.to_string()),
            ("from", from),
            ("to", to),
            ("csrf", csrf),
        ],
    )
    .await
}

async fn act(b: &Browser, csrf: &str, id: i64, endpoint: &str) -> Answer {
    b.call(endpoint, &[("id", &id.to_string()), ("csrf", csrf)])
        .await
}

/// The subject of `key` in any of the five languages, with `date` and `time` filled in.
fn subjects(key: &str, date: &str, time: &str) -> Vec<String> {
    ["lt", "en", "uk", "be", "ru"]
        .iter()
        .map(|l| {
            vartai_tests::tr(&vartai_tests::locale_strings(l), key)
                .replace("{{ date }}", date)
                .replace("{{ time }}", time)
        })
        .collect()
}

/// How many e-mails to `to` have one of `subjects`.
fn mails(sink: &SmtpSink, to: &str, subjects: &[String]) -> usize {
    sink.received()
        .iter()
        .filter(|m| m.to.iter().any(|t| t == to))
        .filter(|m| subjects.contains(&vartai_tests::login::decode(&m.data).subject))
        .count()
}

async fn statuses(s: &TestServer) -> Vec<(i64, String)> {
    sqlx::query("SELECT application_id, status FROM waitlist ORDER BY id")
        .fetch_all(&s.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get("application_id"), r.get("status")))
        .collect()
}

/// The Vilnius office keeps one seat for visits on `DAY`, from 09:00 to 09:30: one slot.
async fn one_slot(s: &TestServer) {
    set_seats(s, 1).await;
    sqlx::query(
        "INSERT INTO office_exceptions (office_id, day, opens, closes, note) \
         SELECT id, $1, '09:00', '09:30', 'one desk' FROM offices WHERE slug = 'vilnius'",
    )
    .bind(DAY)
    .execute(&s.db.pool)
    .await
    .unwrap();
}

/// Olena, Ivan and Petro, each logged in with a family TRP submitted at Vilnius: their browsers,
/// CSRF tokens and application ids, in the order the tests line them up in.
async fn olena_ivan_petro(s: &TestServer, sink: &SmtpSink) -> [(Browser, String, i64); 3] {
    let mut people = Vec::new();
    for who in ["olena", "ivan", "petro"] {
        let b = Browser::new(s);
        let csrf = applicant(&b, sink, &format!("{who}@example.org")).await;
        let (id, _) = submit_family_trp(&b, &csrf, "vilnius").await;
        people.push((b, csrf, id));
    }
    people
        .try_into()
        .unwrap_or_else(|_| unreachable!("three people"))
}

/// Now is Monday 2026-11-23 12:00 in Vilnius and the horizon is one day: the calendar is
/// 2026-11-24 alone, with one 30-minute slot at 09:00.
async fn offer_hold_expiry_and_hand_over(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let config = [
        NOW,
        ("VARTAI_BOOKING_HORIZON_DAYS", "1"),
        ("VARTAI_SCHEDULER_TICK_SECS", "1"),
    ];
    let s = start(db, &sink, &config).await;
    one_slot(&s).await;
    let [(olena, o_csrf, o_id), (ivan, i_csrf, i_id), (petro, p_csrf, p_id)] =
        &olena_ivan_petro(&s, &sink).await;
    assert!(book(olena, o_csrf, *o_id, DAY, "09:00").await.is_ok());
    let p = plan(ivan, *i_id, None, None).await;
    assert_eq!(p["days"], serde_json::json!([{ "day": DAY, "free": 0 }]));
    assert!(p["waiting"].is_null());

    // The server checks the days and who may wait (a bypassed browser gets the same answers).
    let a = join(ivan, i_csrf, *i_id, "2026-11-23", DAY).await;
    assert_eq!(codes(&a), one("from", "outside_booking_range"));
    assert_eq!(a.body["Invalid"]["errors"][0]["kind"]["earliest"], DAY);
    assert_eq!(
        a.body["Invalid"]["errors"][0]["kind"]["latest"],
        "2027-03-23"
    );
    let a = join(ivan, i_csrf, *i_id, "2026-12-02", "2026-12-01").await;
    assert_eq!(codes(&a), one("to", "end_before_start"));
    let a = join(ivan, i_csrf, *i_id, DAY, "2027-03-24").await;
    assert_eq!(codes(&a), one("to", "outside_booking_range"));
    let a = join(olena, o_csrf, *o_id, DAY, DAY).await;
    assert_eq!(codes(&a), one("case", "action_not_allowed"), "has a visit");
    let a = join(petro, p_csrf, *i_id, DAY, DAY).await;
    assert_eq!(
        a.body,
        Value::String("NotFound".into()),
        "another's application"
    );

    let a = join(ivan, i_csrf, *i_id, DAY, DAY).await;
    assert_eq!(
        a.redirect(),
        Some(format!("/applications/{i_id}/visit?done=waiting").as_str()),
        "{a:?}"
    );
    assert!(join(petro, p_csrf, *p_id, DAY, "2026-12-31").await.is_ok());
    let p = plan(ivan, *i_id, None, None).await;
    assert_eq!(p["waiting"]["position"], 1);
    assert_eq!(p["waiting"]["first"], DAY);
    assert!(p["waiting"]["offer"].is_null());
    assert_eq!(
        plan(petro, *p_id, None, None).await["waiting"]["position"],
        2
    );
    // Joining again changes the days and keeps the place.
    assert!(join(ivan, i_csrf, *i_id, DAY, "2026-11-30").await.is_ok());
    let p = plan(ivan, *i_id, None, None).await;
    assert_eq!(
        (&p["waiting"]["position"], &p["waiting"]["last"]),
        (&Value::from(1), &Value::from("2026-11-30"))
    );

    // Olena cancels: in the same transaction the seat is held for Ivan, first in line.
    let offer_subjects = subjects("visit.mail.offer_subject", DAY, "09:00");
    assert!(act(olena, o_csrf, *o_id, "visits/cancel").await.is_ok());
    let p = plan(ivan, *i_id, None, None).await;
    let offer = &p["waiting"]["offer"];
    assert_eq!(offer["day"], DAY);
    assert_eq!(offer["starts"], "09:00");
    assert_eq!(offer["ends"], "09:30");
    assert_eq!(offer["until_day"], "2026-11-23");
    assert_eq!(offer["until_time"], "12:15");
    assert!(p["booking"].is_null(), "an offer is not a booking yet");
    assert_eq!(
        plan(petro, *p_id, None, None).await["waiting"]["position"],
        1
    );
    // Nobody else can take the held seat, and the calendar shows it as taken.
    let a = book(olena, o_csrf, *o_id, DAY, "09:00").await;
    assert_eq!(codes(&a), one("slot", "slot_taken"));
    let p = plan(olena, *o_id, None, None).await;
    assert_eq!(p["days"][0]["free"], 0);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while mails(&sink, "ivan@example.org", &offer_subjects) == 0 {
        assert!(std::time::Instant::now() < deadline, "no offer to Ivan");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // 16 minutes later, with two instances running the scheduler every second: Ivan's hold
    // has run out, he is told and leaves the line; the seat is held for Petro, once.
    let s = s.restart_at("2026-11-23T10:16:00Z").await;
    let other = s.another_instance().await;
    let lapsed = subjects("visit.mail.lapsed_subject", DAY, "09:00");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while mails(&sink, "petro@example.org", &offer_subjects) == 0
        || mails(&sink, "ivan@example.org", &lapsed) == 0
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no hand-over within 15 s: {:?}",
            statuses(&s).await
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    vartai_tests::settled(&s, &["waitlist"]).await;
    assert_eq!(mails(&sink, "petro@example.org", &offer_subjects), 1);
    assert_eq!(mails(&sink, "ivan@example.org", &lapsed), 1);
    assert_eq!(
        statuses(&s).await,
        vec![
            (*i_id, "lapsed".to_string()),
            (*p_id, "offered".to_string())
        ]
    );
    let held: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM visits WHERE status = 'active' AND held_until IS NOT NULL",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(held, 1);
    other.finish().await;

    // Browsers carry on against the restarted server (same cookies, new port).
    let (ivan, petro) = (ivan.clone_session(&s), petro.clone_session(&s));
    let a = act(&ivan, i_csrf, *i_id, "visits/accept").await;
    assert_eq!(codes(&a), one("slot", "offer_expired"));
    assert!(plan(&ivan, *i_id, None, None).await["waiting"].is_null());
    let p = plan(&petro, *p_id, None, None).await;
    assert_eq!(p["waiting"]["offer"]["until_time"], "12:31");

    // Petro takes it: an ordinary booking, with the confirmation and its calendar entry.
    let booked = subjects("visit.mail.booked_subject", DAY, "09:00");
    let a = act(&petro, p_csrf, *p_id, "visits/accept").await;
    assert_eq!(
        a.redirect(),
        Some(format!("/applications/{p_id}/visit?done=booked").as_str()),
        "{a:?}"
    );
    let p = plan(&petro, *p_id, None, None).await;
    assert_eq!(p["booking"]["starts"], "09:00");
    assert!(p["waiting"].is_null());
    assert_eq!(
        active(&s).await,
        vec![(*p_id, DAY.to_string(), "09:00".to_string(), 1)]
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while mails(&sink, "petro@example.org", &booked) == 0 {
        assert!(std::time::Instant::now() < deadline, "no confirmation");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // Accepting twice changes nothing.
    let a = act(&petro, p_csrf, *p_id, "visits/accept").await;
    assert_eq!(codes(&a), one("slot", "offer_expired"));
    assert_eq!(
        statuses(&s).await,
        vec![(*i_id, "lapsed".to_string()), (*p_id, "booked".to_string())]
    );
    s.finish().await;
}

/// Passing an offer on frees it for the next in line at once; leaving the line while waiting
/// is possible at any time; booking a free time yourself takes you off the line.
async fn pass_on_and_leave(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let config = [NOW, ("VARTAI_BOOKING_HORIZON_DAYS", "1")];
    let s = start(db, &sink, &config).await;
    one_slot(&s).await;
    let [(olena, o_csrf, o_id), (ivan, i_csrf, i_id), (petro, p_csrf, p_id)] =
        &olena_ivan_petro(&s, &sink).await;
    // A free time in the days asked for is held at once.
    assert!(join(ivan, i_csrf, *i_id, DAY, DAY).await.is_ok());
    assert_eq!(
        plan(ivan, *i_id, None, None).await["waiting"]["offer"]["starts"],
        "09:00"
    );
    assert!(join(olena, o_csrf, *o_id, DAY, DAY).await.is_ok());
    assert!(join(petro, p_csrf, *p_id, DAY, DAY).await.is_ok());
    // Olena leaves while waiting: Petro moves up.
    let a = act(olena, o_csrf, *o_id, "visits/leave-waitlist").await;
    assert_eq!(
        a.redirect(),
        Some(format!("/applications/{o_id}/visit?done=left").as_str())
    );
    assert_eq!(
        plan(petro, *p_id, None, None).await["waiting"]["position"],
        1
    );
    // Ivan passes his on: it is held for Petro in the same step.
    assert!(act(ivan, i_csrf, *i_id, "visits/leave-waitlist")
        .await
        .is_ok());
    assert!(plan(ivan, *i_id, None, None).await["waiting"].is_null());
    assert_eq!(
        plan(petro, *p_id, None, None).await["waiting"]["offer"]["starts"],
        "09:00"
    );
    // Petro books the same time himself instead: off the line, booked once.
    assert!(book(petro, p_csrf, *p_id, DAY, "09:00").await.is_ok());
    assert!(plan(petro, *p_id, None, None).await["waiting"].is_null());
    assert_eq!(
        active(&s).await,
        vec![(*p_id, DAY.to_string(), "09:00".to_string(), 1)]
    );
    assert_eq!(
        statuses(&s).await,
        vec![
            (*i_id, "left".to_string()),
            (*o_id, "left".to_string()),
            (*p_id, "left".to_string())
        ]
    );
    // The timeline says what happened.
    let (_, page) = petro.page(&format!("/applications/{p_id}")).await;
    for key in [
        "apply.event.waitlist_joined",
        "apply.event.waitlist_offered",
    ] {
        let shown = ["lt", "en", "uk", "be", "ru"]
            .iter()
            .any(|l| page.contains(&vartai_tests::tr(&vartai_tests::locale_strings(l), key)));
        assert!(shown, "{key} not on the timeline");
    }
    s.finish().await;
}

both_databases!(offer_hold_expiry_and_hand_over, pass_on_and_leave);
