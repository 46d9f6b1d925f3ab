//! The live queue (issue #8) over real HTTP on SQLite and PostgreSQL: remote tickets for today
//! inside the remote window (R-QU-1, R-QU-2), one active ticket per account (R-QU-3), the
//! place in line (R-QU-4), the desk console calling, serving and marking tickets, who may see
//! which queue, and the races: many tickets at once get distinct consecutive numbers, many
//! desks calling at once never get the same ticket.
use serde_json::Value;
use std::sync::Arc;
use vartai_tests::apply::*;
use vartai_tests::browser::{Answer, Browser};
use vartai_tests::login::{officer, staff_member, start};
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::sse::EventStream;
use vartai_tests::visits::*;
use vartai_tests::{both_databases, Db, TestServer};

async fn take(b: &Browser, csrf: &str, office: i64, service: &str) -> Answer {
    b.call(
        "queue/take",
        &[
            ("office", &office.to_string()),
            ("service", service),
            ("csrf", csrf),
        ],
    )
    .await
}

async fn call_next(b: &Browser, csrf: &str, office: i64, desk: &str) -> Answer {
    b.call(
        "queue/call-next",
        &[
            ("office", &office.to_string()),
            ("desk", desk),
            ("csrf", csrf),
        ],
    )
    .await
}

async fn act(b: &Browser, csrf: &str, office: i64, ticket: &Value, action: &str) -> Answer {
    b.call(
        "queue/ticket",
        &[
            ("office", &office.to_string()),
            ("ticket", &ticket.to_string()),
            ("action", action),
            ("desk", "3"),
            ("csrf", csrf),
        ],
    )
    .await
}

/// The id of ticket `label` among those at the desks in a `queue/desk` answer.
fn at_desk(desk: &Value, label: &str) -> Value {
    desk["at_desks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == label)
        .unwrap()["id"]
        .clone()
}

/// Now is Monday 2026-11-23 12:00 in Vilnius; Vilnius is open 08:00–18:00, so remote tickets
/// can be taken from 08:30 to 17:30 (R-QU-2).
async fn remote_tickets_and_the_desk(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let vilnius = s.office_id("vilnius").await;
    let kaunas = s.office_id("kaunas").await;

    // The page's data is public; taking a ticket needs an account.
    let guest = Browser::new(&s);
    let v = guest.call("queue/view", &[]).await;
    assert!(v.is_ok(), "{v:?}");
    assert_eq!(v.body["logged_in"], false);
    let o = v.body["offices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == vilnius)
        .unwrap()
        .clone();
    assert_eq!(o["window"], serde_json::json!(["08:30", "17:30"]));
    assert_eq!(o["open_now"], true);
    assert!(o["services"]
        .as_array()
        .unwrap()
        .contains(&Value::from("collect_document")));

    let olena = Browser::new(&s);
    let o_csrf = applicant(&olena, &sink, "olena@example.org").await;
    let ivan = Browser::new(&s);
    let i_csrf = applicant(&ivan, &sink, "ivan@example.org").await;

    let a = take(&olena, &o_csrf, vilnius, "submit_documents").await;
    assert_eq!(a.redirect(), Some("/queue?done=taken"), "{a:?}");
    // R-QU-3: one active ticket per account.
    let a = take(&olena, &o_csrf, vilnius, "collect_document").await;
    assert_eq!(codes(&a), one("office", "already_in_queue"));
    let a = take(&olena, &o_csrf, vilnius, "tea_and_biscuits").await;
    assert_eq!(codes(&a), one("office", "invalid_format"));
    assert!(take(&ivan, &i_csrf, vilnius, "collect_document")
        .await
        .is_ok());
    let mine = |b: &'static str| {
        let b = if b == "olena" { &olena } else { &ivan };
        async move { b.call("queue/view", &[]).await.body["ticket"].clone() }
    };
    let t = mine("olena").await;
    assert_eq!(
        (&t["label"], &t["status"], &t["position"]),
        (
            &Value::from("A001"),
            &Value::from("waiting"),
            &Value::from(1)
        )
    );
    let t = mine("ivan").await;
    assert_eq!(
        (&t["label"], &t["position"]),
        (&Value::from("B002"), &Value::from(2))
    );

    // R-QU-2: outside the remote window, the window is named. Kaunas opens at 12:15 today.
    let (admin, admin_csrf) =
        staff_member(&s, &sink, "admin@example.lt", "office_admin", &["kaunas"]).await;
    let a = admin
        .call(
            "admin/office-exception",
            &[
                ("office", &kaunas.to_string()),
                ("day", "2026-11-23"),
                ("opens", "12:15"),
                ("closes", "16:00"),
                ("csrf", &admin_csrf),
            ],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    let petro = Browser::new(&s);
    let p_csrf = applicant(&petro, &sink, "petro@example.org").await;
    let a = take(&petro, &p_csrf, kaunas, "collect_document").await;
    assert_eq!(codes(&a), one("now", "queue_closed"));
    assert_eq!(
        a.body["Invalid"]["errors"][0]["kind"],
        serde_json::json!({"code": "queue_closed", "opens": "12:45:00", "closes": "15:30:00"})
    );

    // The desk console: only the office's officers.
    let (off, off_csrf) = officer(&s, &sink, "officer@example.lt", &["vilnius"]).await;
    let d = off.call("queue/desk", &[]).await;
    assert!(d.is_ok(), "{d:?}");
    assert_eq!(d.body["office_id"], vilnius);
    let labels = |d: &Answer, list: &str| -> Vec<String> {
        d.body[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["label"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(labels(&d, "waiting"), ["A001", "B002"]);
    let a = call_next(&off, &off_csrf, vilnius, " ").await;
    assert_eq!(codes(&a), one("desk", "required"));
    let a = call_next(&off, &off_csrf, vilnius, "3").await;
    assert_eq!(
        a.redirect(),
        Some(format!("/staff/queue?office={vilnius}&desk=3&called=A001").as_str()),
        "{a:?}"
    );
    let t = mine("olena").await;
    assert_eq!(
        (&t["status"], &t["desk"], &t["position"]),
        (&Value::from("called"), &Value::from("3"), &Value::from(0))
    );
    assert_eq!(mine("ivan").await["position"], 1, "Ivan is next");
    let d = off.call("queue/desk", &[]).await;
    let olena_ticket = d.body["at_desks"][0]["id"].clone();
    // A ticket goes called → serving → done; a done ticket cannot be marked again.
    assert!(act(&off, &off_csrf, vilnius, &olena_ticket, "recall")
        .await
        .is_ok());
    assert!(act(&off, &off_csrf, vilnius, &olena_ticket, "start")
        .await
        .is_ok());
    let a = act(&off, &off_csrf, vilnius, &olena_ticket, "no_show").await;
    assert_eq!(a.status.as_u16(), 404, "no-show only for a called ticket");
    assert!(act(&off, &off_csrf, vilnius, &olena_ticket, "done")
        .await
        .is_ok());
    let a = act(&off, &off_csrf, vilnius, &olena_ticket, "done").await;
    assert_eq!(a.status.as_u16(), 404);
    assert!(call_next(&off, &off_csrf, vilnius, "3").await.is_ok());
    let d = off.call("queue/desk", &[]).await;
    let ivan_ticket = d.body["at_desks"][0]["id"].clone();
    assert!(act(&off, &off_csrf, vilnius, &ivan_ticket, "no_show")
        .await
        .is_ok());
    let a = call_next(&off, &off_csrf, vilnius, "3").await;
    assert_eq!(
        a.redirect(),
        Some(format!("/staff/queue?office={vilnius}&desk=3&called=").as_str()),
        "nobody waits"
    );
    let d = off.call("queue/desk", &[]).await;
    assert_eq!(
        (&d.body["served_today"], &d.body["no_shows_today"]),
        (&Value::from(1), &Value::from(1))
    );
    assert!(mine("olena").await.is_null(), "served: no active ticket");

    // Served, Olena may take another one; the day's numbers go on. She can cancel it.
    assert!(take(&olena, &o_csrf, vilnius, "collect_document")
        .await
        .is_ok());
    assert_eq!(mine("olena").await["label"], "B003");
    let a = olena.call("queue/cancel", &[("csrf", &o_csrf)]).await;
    assert_eq!(a.redirect(), Some("/queue?done=cancelled"), "{a:?}");
    assert!(mine("olena").await.is_null());
    let a = olena.call("queue/cancel", &[("csrf", &o_csrf)]).await;
    assert_eq!(a.status.as_u16(), 404);
    let a = olena
        .call("queue/cancel", &[("csrf", "not-the-token")])
        .await;
    assert!(!a.is_ok());

    // Another office's officer, and an applicant, get nothing.
    let (other, other_csrf) = officer(&s, &sink, "kaunas@example.lt", &["kaunas"]).await;
    let a = other
        .call("queue/desk", &[("office", &vilnius.to_string())])
        .await;
    assert_eq!(a.body, Value::String("NotFound".into()), "{a:?}");
    let a = call_next(&other, &other_csrf, vilnius, "1").await;
    assert_eq!(a.body, Value::String("NotFound".into()), "{a:?}");
    let a = act(&other, &other_csrf, vilnius, &olena_ticket, "done").await;
    assert_eq!(a.body, Value::String("NotFound".into()), "{a:?}");
    let a = olena.call("queue/desk", &[]).await;
    assert_eq!((a.status.as_u16(), a.body), (403, Value::from("Forbidden")));
    let a = call_next(&olena, &o_csrf, vilnius, "1").await;
    assert_eq!(a.status.as_u16(), 403);
    let a = guest
        .call(
            "queue/take",
            &[
                ("office", &vilnius.to_string()),
                ("service", "collect_document"),
                ("csrf", "x"),
            ],
        )
        .await;
    assert!(!a.is_ok());
    s.finish().await;
}

const CROWD: usize = 200;
const DESKS: usize = 20;
const MANY_LOGINS: (&str, &str) = ("VARTAI_LOGIN_CODES_PER_CLIENT", "100000");

/// Issue #8.8 — 200 people take a ticket at the same moment: 200 distinct, consecutive numbers.
/// Then 20 desks press "call next" at the same moment, twice: 40 different tickets are called,
/// the first 40 in line, none of them twice.
async fn crowds_at_the_counter_and_the_desks(db: Db) {
    let sink = Arc::new(SmtpSink::start(Refuse::Nothing).await);
    let s = start(db, &sink, &[NOW, MANY_LOGINS]).await;
    let vilnius = s.office_id("vilnius").await;
    let people = crowd(&s, &sink, CROWD).await;
    let barrier = Arc::new(tokio::sync::Barrier::new(CROWD));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, (b, csrf, _)) in people.into_iter().enumerate() {
        let barrier = barrier.clone();
        let service = if i % 2 == 0 {
            "submit_documents"
        } else {
            "collect_document"
        };
        tasks.spawn(async move {
            barrier.wait().await;
            take(&b, &csrf, vilnius, service).await
        });
    }
    while let Some(a) = tasks.join_next().await {
        let a = a.unwrap();
        assert!(a.is_ok(), "{a:?}");
    }
    let numbers: Vec<i64> =
        sqlx::query_scalar("SELECT number FROM queue_tickets WHERE office_id = $1 ORDER BY number")
            .bind(vilnius)
            .fetch_all(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(numbers, (1..=CROWD as i64).collect::<Vec<_>>());

    let (off, csrf) = officer(&s, &sink, "officer@example.lt", &["vilnius"]).await;
    let off = Arc::new(off);
    let mut called = Vec::new();
    for _round in 0..2 {
        let barrier = Arc::new(tokio::sync::Barrier::new(DESKS));
        let mut tasks = tokio::task::JoinSet::new();
        for desk in 1..=DESKS {
            let (off, csrf, barrier) = (off.clone(), csrf.clone(), barrier.clone());
            tasks.spawn(async move {
                barrier.wait().await;
                call_next(&off, &csrf, vilnius, &desk.to_string()).await
            });
        }
        while let Some(a) = tasks.join_next().await {
            let a = a.unwrap();
            assert!(a.is_ok(), "{a:?}");
            let label = a
                .body
                .as_str()
                .unwrap_or_else(|| panic!("{a:?}"))
                .to_string();
            called.push(label);
        }
    }
    let mut numbers: Vec<i64> = called.iter().map(|l| l[1..].parse().unwrap()).collect();
    numbers.sort();
    assert_eq!(
        numbers,
        (1..=2 * DESKS as i64).collect::<Vec<_>>(),
        "{called:?}"
    );
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT desk, COUNT(*) FROM queue_tickets WHERE status = 'called' GROUP BY desk",
    )
    .fetch_all(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), DESKS);
    assert!(rows.iter().all(|(_, n)| *n == 2), "{rows:?}");
    s.finish().await;
}

/// Issue #8.2, #8.7, R-QU-4 — the queue followed live: the first event is the queue as it
/// stands, each change sends a new one (on PostgreSQL to a follower of *another* instance,
/// through LISTEN/NOTIFY), and a waiting ticket carries its estimate with a range and the time
/// of the turn.
async fn the_queue_followed_live(db: Db) {
    let postgres = matches!(db, Db::Postgres);
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let vilnius = s.office_id("vilnius").await;
    // On SQLite there is one instance; on PostgreSQL the follower reads from a second one.
    let other = if postgres {
        Some(s.another_instance().await)
    } else {
        None
    };
    let follower = other.as_ref().unwrap_or(&s);
    let wait = std::time::Duration::from_secs(10);
    let client = reqwest::Client::new();
    let url = follower.url(&format!("/queue/live/{vilnius}"));
    let mut live = EventStream::open(&client, &url)
        .await
        .expect("an event stream");
    let q = live.next_json(wait).await.expect("the queue as it stands");
    assert_eq!(q["office_id"], vilnius);
    assert_eq!(q["waiting"], serde_json::json!([]));
    assert_eq!(q["minute_of_day"], 12 * 60, "12:00 in Vilnius");
    assert!(q["open_desks"].as_u64().unwrap() >= 1, "{q}");
    let services: Vec<&str> = q["desk_times"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t[0].as_str().unwrap())
        .collect();
    assert!(services.contains(&"submit_documents"), "{services:?}");
    // Unknown offices and offices without a live queue have no stream.
    assert_eq!(
        EventStream::open(&client, &s.url("/queue/live/999999"))
            .await
            .err(),
        Some(404)
    );
    assert_eq!(
        EventStream::open(&client, &s.url("/queue/live/x"))
            .await
            .err(),
        Some(404)
    );

    let olena = Browser::new(&s);
    let o_csrf = applicant(&olena, &sink, "olena@example.org").await;
    assert!(take(&olena, &o_csrf, vilnius, "submit_documents")
        .await
        .is_ok());
    let q = live
        .next_json(wait)
        .await
        .expect("a change after the ticket");
    assert_eq!(
        q["waiting"],
        serde_json::json!([["A001", "submit_documents"]])
    );

    let (off, off_csrf) = officer(&s, &sink, "officer@example.lt", &["vilnius"]).await;
    assert!(call_next(&off, &off_csrf, vilnius, "3").await.is_ok());
    let q = live.next_json(wait).await.expect("a change after the call");
    assert_eq!(q["waiting"], serde_json::json!([]));
    assert_eq!(
        (
            &q["calls"][0]["label"],
            &q["calls"][0]["desk"],
            &q["calls"][0]["status"]
        ),
        (
            &Value::from("A001"),
            &Value::from("3"),
            &Value::from("called")
        )
    );
    assert_eq!(q["open_desks"], 1, "desk 3 is the one calling");
    // The waiting-room display's data: public, the same queue.
    let screen = Browser::new(&s)
        .call("queue/display", &[("office", "vilnius")])
        .await;
    assert!(screen.is_ok(), "{screen:?}");
    assert_eq!(screen.body["office_id"], vilnius);
    assert_eq!(screen.body["queue"]["calls"][0]["label"], "A001");
    let none = Browser::new(&s)
        .call("queue/display", &[("office", "atlantis")])
        .await;
    assert_eq!(none.status.as_u16(), 404);

    // R-QU-4: Ivan waits behind Olena's visit at the only desk: an estimate with a range, and
    // the turn's time after now.
    let ivan = Browser::new(&s);
    let i_csrf = applicant(&ivan, &sink, "ivan@example.org").await;
    assert!(take(&ivan, &i_csrf, vilnius, "collect_document")
        .await
        .is_ok());
    let q = live
        .next_json(wait)
        .await
        .expect("a change after Ivan's ticket");
    assert_eq!(
        q["waiting"],
        serde_json::json!([["B002", "collect_document"]])
    );
    let t = ivan.call("queue/view", &[]).await.body["ticket"].clone();
    assert_eq!(
        (&t["label"], &t["position"]),
        (&Value::from("B002"), &Value::from(1))
    );
    let (e, turn) = (&t["estimate"][0], t["estimate"][1].as_str().unwrap());
    let (m, low, high) = (
        e["minutes"].as_u64().unwrap(),
        e["low"].as_u64().unwrap(),
        e["high"].as_u64().unwrap(),
    );
    assert!(m > 0 && low <= m && m <= high && low < high, "{e}");
    assert!(turn > "12:00" && turn.len() == 5, "{turn}");

    // Cancelling is a change too.
    assert!(ivan
        .call("queue/cancel", &[("csrf", &i_csrf)])
        .await
        .is_ok());
    let q = live
        .next_json(wait)
        .await
        .expect("a change after the cancel");
    assert_eq!(q["waiting"], serde_json::json!([]));
    // A follower still connected does not hold up a graceful stop: its stream ends.
    let stop = std::time::Duration::from_secs(20);
    if let Some(other) = other {
        tokio::time::timeout(stop, other.finish())
            .await
            .expect("the instance stops with a follower connected");
    }
    let mut kept = EventStream::open(&client, &s.url(&format!("/queue/live/{vilnius}")))
        .await
        .expect("an event stream");
    assert!(kept.next(wait).await.is_some());
    tokio::time::timeout(stop, s.finish())
        .await
        .expect("the server stops with a follower connected");
    assert_eq!(kept.next(wait).await, None, "the stream ended");
    drop(live);
}

/// How many "your turn is near" notices were queued for `to`.
async fn told(s: &TestServer, to: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE event LIKE 'queue-near:%' AND recipient = $1",
    )
    .bind(to)
    .fetch_one(&s.db.pool)
    .await
    .unwrap()
}

/// Issue #8.2 — "your turn is near" by e-mail, at place 3 (the default), once per ticket: the
/// first three are told as they take their numbers, the fourth when a desk calls the first,
/// and nobody a second time as the line moves on.
async fn the_turn_near_is_told_once(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let vilnius = s.office_id("vilnius").await;
    let mut people = Vec::new();
    for name in ["anna", "boris", "chen", "dana"] {
        let b = Browser::new(&s);
        let csrf = applicant(&b, &sink, &format!("{name}@example.org")).await;
        let a = take(&b, &csrf, vilnius, "submit_documents").await;
        assert!(a.is_ok(), "{a:?}");
        people.push((name, b, csrf));
    }
    // Told by e-mail, with the number in the subject.
    let m = mail_about(&sink, "chen@example.org", 0, "A003").await;
    assert!(m.body.contains("A003"), "{}", m.body);
    assert_eq!(
        told(&s, "dana@example.org").await,
        0,
        "fourth in line: not yet"
    );
    let (off, off_csrf) = officer(&s, &sink, "desk@example.lt", &["vilnius"]).await;
    for _ in 0..3 {
        assert!(call_next(&off, &off_csrf, vilnius, "2").await.is_ok());
    }
    let m = mail_about(&sink, "dana@example.org", 0, "A004").await;
    assert!(m.body.contains("A004"), "{}", m.body);
    for who in ["anna", "boris", "chen", "dana"] {
        assert_eq!(told(&s, &format!("{who}@example.org")).await, 1, "{who}");
    }

    // Issue #8.6 — the desk transfers Anna (A001, called) to collecting a document: she waits
    // again as B001, first in line, and is not told a second time.
    let desk = off
        .call("queue/desk", &[("office", &vilnius.to_string())])
        .await;
    let anna = at_desk(&desk.body, "A001");
    let transfer = |service: &'static str| {
        let (off, csrf, anna) = (&off, off_csrf.clone(), anna.to_string());
        async move {
            off.call(
                "queue/ticket",
                &[
                    ("office", &vilnius.to_string()),
                    ("ticket", &anna),
                    ("action", "transfer"),
                    ("desk", "2"),
                    ("service", service),
                    ("csrf", &csrf),
                ],
            )
            .await
        }
    };
    assert_eq!(
        codes(&transfer("tea_and_biscuits").await),
        one("office", "invalid_format")
    );
    let a = transfer("submit_documents").await;
    assert_eq!(
        a.error().as_deref(),
        Some("NotFound"),
        "to its own service: {a:?}"
    );
    let a = transfer("collect_document").await;
    assert!(a.is_ok(), "{a:?}");
    let t = people[0].1.call("queue/view", &[]).await.body["ticket"].clone();
    assert_eq!(
        (&t["label"], &t["status"], &t["position"]),
        (
            &Value::from("B001"),
            &Value::from("waiting"),
            &Value::from(1)
        ),
        "{t}"
    );
    assert_eq!(told(&s, "anna@example.org").await, 1);
    let a = transfer("collect_document").await;
    assert_eq!(
        a.error().as_deref(),
        Some("NotFound"),
        "no longer at a desk"
    );
    s.finish().await;
}

/// Issue #8 — tickets left open when a day ends are closed by the scheduler the next day: a
/// waiting one is cancelled, a called one did not come, one being served is done; the day's
/// figures are then final. Today's tickets are left alone.
async fn open_tickets_closed_after_the_day(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &FAST_JOBS).await;
    let vilnius = s.office_id("vilnius").await;
    let mut holders = Vec::new();
    for name in ["ona", "petras", "rasa"] {
        let b = Browser::new(&s);
        let csrf = applicant(&b, &sink, &format!("{name}@example.org")).await;
        assert!(take(&b, &csrf, vilnius, "submit_documents").await.is_ok());
        holders.push(b);
    }
    let (off, off_csrf) = officer(&s, &sink, "desk@example.lt", &["vilnius"]).await;
    assert!(call_next(&off, &off_csrf, vilnius, "1").await.is_ok());
    assert!(call_next(&off, &off_csrf, vilnius, "2").await.is_ok());
    let d = off.call("queue/desk", &[]).await;
    let serving = at_desk(&d.body, "A001");
    assert!(act(&off, &off_csrf, vilnius, &serving, "start")
        .await
        .is_ok());
    let statuses = |s: &TestServer| {
        let pool = s.db.pool.clone();
        async move {
            sqlx::query_as::<_, (i64, String)>(
                "SELECT number, status FROM queue_tickets ORDER BY number",
            )
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    let open = vec![
        (1, "serving".to_string()),
        (2, "called".to_string()),
        (3, "waiting".to_string()),
    ];
    // The scheduler runs today too: today's tickets stay as they are.
    vartai_tests::settled(&s, &["queue_close"]).await;
    assert_eq!(statuses(&s).await, open);

    let s = s.restart_at("2026-11-24T07:00:00Z").await;
    let closed = vec![
        (1, "done".to_string()),
        (2, "no_show".to_string()),
        (3, "cancelled".to_string()),
    ];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while statuses(&s).await != closed {
        assert!(
            std::time::Instant::now() < deadline,
            "not closed: {:?}",
            statuses(&s).await
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let ended: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM queue_tickets WHERE ended_at IS NOT NULL")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(ended, 3);
    s.finish().await;
}

/// Issue #21.9: live streams are capped per client address; a closed one frees its place.
async fn live_streams_are_capped_per_client(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW, ("VARTAI_LIVE_STREAMS_PER_CLIENT", "2")]).await;
    let vilnius = s.office_id("vilnius").await;
    let url = s.url(&format!("/queue/live/{vilnius}"));
    let client = s.client();
    let wait = std::time::Duration::from_secs(10);
    let mut first = EventStream::open(&client, &url).await.expect("a stream");
    let mut second = EventStream::open(&client, &url).await.expect("a stream");
    assert!(first.next(wait).await.is_some() && second.next(wait).await.is_some());
    assert_eq!(EventStream::open(&client, &url).await.err(), Some(429));
    drop(first);
    // The server sees the closed stream when it next writes to it or the hub wakes it; a
    // new follower gets in once it has.
    let mut third = None;
    for _ in 0..500 {
        if let Ok(stream) = EventStream::open(&client, &url).await {
            third = Some(stream);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let mut third = third.expect("a place freed by the closed stream");
    assert!(third.next(wait).await.is_some());
    drop(second);
    drop(third);
    s.finish().await;
}

both_databases!(
    live_streams_are_capped_per_client,
    open_tickets_closed_after_the_day,
    remote_tickets_and_the_desk,
    crowds_at_the_counter_and_the_desks,
    the_queue_followed_live,
    the_turn_near_is_told_once
);
