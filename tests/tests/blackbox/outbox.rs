//! The outbox (Accounts issue, #4.6) over a real SMTP server on loopback, on SQLite and
//! PostgreSQL: once per event and recipient, files when no SMTP is configured, retries with
//! back-off, no retry after a permanent refusal, and exactly once across a kill and restart.
use server::outbox::{enqueue, Channel, Notice};
use sqlx::Row;
use std::time::Duration;
use vartai_tests::sms::SmsGateway;
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::{both_databases, Db, TestServer};

const FAST: [(&str, &str); 2] = [
    ("VARTAI_OUTBOX_POLL_MS", "50"),
    ("VARTAI_OUTBOX_RETRY_BASE_MS", "100"),
];

/// A server whose outbox worker looks often and retries soon ([`FAST`]), with `more`
/// configuration (the SMTP server or SMS gateway under test, …).
async fn fast_outbox(db: Db, more: &[(&str, &str)]) -> TestServer {
    let mut vars: Vec<(&str, &str)> = FAST.to_vec();
    vars.extend_from_slice(more);
    TestServer::start_with(db, &vars).await
}

fn notice<'a>(event: &'a str, recipient: &'a str) -> Notice<'a> {
    Notice {
        event,
        channel: Channel::Email,
        recipient,
        locale: "uk",
        subject: "Ваш код входу",
        body: "Код: 123456. Він дійсний 60 хвилин.",
    }
}

/// Enqueues in one transaction; returns which rows were new.
async fn enqueue_all(s: &TestServer, notices: &[Notice<'_>]) -> Vec<bool> {
    let mut tx = s.db.begin().await.unwrap();
    let mut fresh = Vec::new();
    for n in notices {
        fresh.push(enqueue(&mut tx, n).await.unwrap());
    }
    tx.commit().await.unwrap();
    fresh
}

/// Whoever the sentinel messages go to (`worker_reached`).
const SENTINEL_MAIL: &str = "sentinel@example.org";
const SENTINEL_PHONE: &str = "+37060000000";

/// Makes sure that what a test then asserts did *not* happen (a retry, a second send) had its
/// chance: a sentinel message becomes due `after` a retry of `attempts` would, and this waits until
/// the worker has tried it. The worker takes due messages oldest first, one at a time, so whatever
/// was due before the sentinel was tried before it.
async fn worker_reached(s: &TestServer, channel: Channel, attempts: i64) {
    let after = server::outbox::retry_delay_ms(100, attempts);
    let recipient = match channel {
        Channel::Email => SENTINEL_MAIL,
        Channel::Sms => SENTINEL_PHONE,
    };
    let event = format!("sentinel:{}", rand::random::<u32>());
    let mut tx = s.db.begin().await.unwrap();
    enqueue(
        &mut tx,
        &Notice { channel, recipient, ..notice(&event, recipient) },
    )
    .await
    .unwrap();
    sqlx::query("UPDATE outbox SET next_attempt_at = next_attempt_at + $1 WHERE event = $2")
        .bind(after)
        .bind(&event)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    until("the worker tried the sentinel", async || {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM outbox WHERE event = $1 \
             AND (delivered_at IS NOT NULL OR failed_at IS NOT NULL OR last_error IS NOT NULL)",
        )
        .bind(&event)
        .fetch_one(&s.db.pool)
        .await
        .unwrap()
            == 1
    })
    .await;
}

/// (recipient, attempts, delivered, failed, last_error) per row, in id order.
async fn rows(s: &TestServer) -> Vec<(String, i64, bool, bool, Option<String>)> {
    sqlx::query(
        "SELECT recipient, attempts, \
                CAST(CASE WHEN delivered_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS delivered, \
                CAST(CASE WHEN failed_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS failed, \
                last_error FROM outbox ORDER BY id",
    )
    .fetch_all(&s.db.pool)
    .await
    .unwrap()
    .into_iter()
    .map(|r| {
        (
            r.get("recipient"),
            r.get("attempts"),
            r.get::<i64, _>("delivered") == 1,
            r.get::<i64, _>("failed") == 1,
            r.get("last_error"),
        )
    })
    .collect()
}

async fn until(what: &str, mut check: impl AsyncFnMut() -> bool) {
    for _ in 0..500 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("timed out waiting until {what}");
}

async fn mail_goes_out_over_smtp_once_per_event(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let url = sink.url();
    let s = fast_outbox(db, &[("SMTP_URL", &url)]).await;
    let fresh = enqueue_all(
        &s,
        &[
            notice("login-code:a1", "olena@example.org"),
            notice("login-code:a1", "olena@example.org"),
            notice("login-code:a1", "taras@example.org"),
        ],
    )
    .await;
    assert_eq!(
        fresh,
        [true, false, true],
        "the same event is enqueued once per recipient"
    );
    let got = sink.wait_for(2, Duration::from_secs(10)).await;
    worker_reached(&s, Channel::Email, 1).await;
    let got_later: Vec<_> = sink
        .received()
        .into_iter()
        .filter(|m| m.to != [SENTINEL_MAIL])
        .collect();
    assert_eq!(got_later.len(), 2, "nothing is sent twice");
    let mut to: Vec<String> = got.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(to, ["olena@example.org", "taras@example.org"]);
    for m in &got {
        assert_eq!(m.from, "no-reply@localhost");
        assert!(m.data.contains("Message-ID: <outbox-"), "{}", m.data);
        // The Ukrainian subject survives as an encoded word.
        assert!(m.data.contains("Subject: =?utf-8?"), "{}", m.data);
    }
    until("both rows are marked delivered", async || {
        rows(&s).await.iter().all(|r| r.2 && r.1 == 1)
    })
    .await;
    s.finish().await;
}

async fn without_smtp_each_message_is_a_file(db: Db) {
    let s = fast_outbox(db, &[]).await;
    enqueue_all(&s, &[notice("login-code:b2", "mykola@example.org")]).await;
    let file = s.data_dir.join("mail").join("00000001.eml");
    until("the .eml file is written", async || file.exists()).await;
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("To: mykola@example.org"), "{text}");
    assert!(text.contains("Message-ID: <outbox-1@localhost>"), "{text}");
    until("the row is marked delivered", async || rows(&s).await[0].2).await;
    s.finish().await;
}

async fn temporary_refusals_are_retried_with_back_off(db: Db) {
    let sink = SmtpSink::start(Refuse::FirstTemporarily(2)).await;
    let url = sink.url();
    let s = fast_outbox(db, &[("SMTP_URL", &url)]).await;
    enqueue_all(&s, &[notice("case:7:received", "iryna@example.org")]).await;
    let got = sink.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(got[0].to, ["iryna@example.org"]);
    assert_eq!(sink.refused(), 2);
    until("the row shows three attempts and no error", async || {
        let r = rows(&s).await;
        r[0].1 == 3 && r[0].2 && r[0].4.is_none()
    })
    .await;
    s.finish().await;
}

async fn permanent_refusals_are_not_retried(db: Db) {
    let sink = SmtpSink::start(Refuse::Permanently).await;
    let url = sink.url();
    let s = fast_outbox(db, &[("SMTP_URL", &url)]).await;
    enqueue_all(&s, &[notice("case:8:decision", "nobody@example.org")]).await;
    until("the row is marked failed", async || rows(&s).await[0].3).await;
    worker_reached(&s, Channel::Email, 1).await;
    let r = rows(&s).await;
    assert_eq!(r[0].1, 1, "one attempt only");
    assert!(!r[0].2);
    assert!(
        r[0].4.as_deref().unwrap_or("").contains("550"),
        "{:?}",
        r[0].4
    );
    assert_eq!(sink.refused(), 2, "the message once, the sentinel once");
    assert!(sink.received().is_empty());
    s.finish().await;
}

fn sms<'a>(event: &'a str, phone: &'a str) -> Notice<'a> {
    Notice {
        channel: Channel::Sms,
        body: "Vartai: jūsų \"dokumentas\" paruoštas. Код 42 & more",
        ..notice(event, phone)
    }
}

/// SMS go to the configured HTTP gateway with the body template filled in and escaped; a 503
/// is retried, a 400 is not.
async fn text_messages_go_to_the_http_gateway(db: Db) {
    let gateway = SmsGateway::start(&[503]).await;
    let url = gateway.url();
    let s = fast_outbox(
        db,
        &[
            ("VARTAI_SMS_URL", &url),
            ("VARTAI_SMS_AUTHORIZATION", "Bearer gateway-key"),
        ],
    )
    .await;
    enqueue_all(&s, &[sms("case:10:ready", "+37061234567")]).await;
    let got = gateway.wait_for(2, Duration::from_secs(10)).await;
    assert_eq!(got[0].body, got[1].body, "the retry sends the same message");
    assert_eq!(got[1].content_type, "application/json");
    assert_eq!(got[1].authorization.as_deref(), Some("Bearer gateway-key"));
    let body: serde_json::Value = serde_json::from_str(&got[1].body).expect("JSON");
    assert_eq!(body["to"], "+37061234567");
    assert_eq!(
        body["text"],
        "Vartai: jūsų \"dokumentas\" paruoštas. Код 42 & more"
    );
    assert_eq!(body["reference"], "vartai-1");
    until("the row is delivered after two attempts", async || {
        let r = rows(&s).await;
        r[0].1 == 2 && r[0].2
    })
    .await;
    s.finish().await;
}

async fn a_refused_text_message_is_not_retried(db: Db) {
    let gateway = SmsGateway::start(&[400]).await;
    let url = gateway.url();
    let s = fast_outbox(
        db,
        &[
            ("VARTAI_SMS_URL", &url),
            (
                "VARTAI_SMS_CONTENT_TYPE",
                "application/x-www-form-urlencoded",
            ),
            ("VARTAI_SMS_BODY", "number={to}&message={text}"),
        ],
    )
    .await;
    enqueue_all(&s, &[sms("case:11:ready", "+37061234567")]).await;
    until("the row is marked failed", async || rows(&s).await[0].3).await;
    worker_reached(&s, Channel::Sms, 1).await;
    let got: Vec<_> = gateway
        .received()
        .into_iter()
        .filter(|g| !g.body.contains("%2B37060000000"))
        .collect();
    assert_eq!(got.len(), 1, "no retry after a 400");
    assert!(got[0]
        .body
        .starts_with("number=%2B37061234567&message=Vartai%3A+j%C5%AB"));
    let pairs: Vec<(String, String)> = url_pairs(&got[0].body);
    assert_eq!(
        pairs,
        [
            ("number".to_string(), "+37061234567".to_string()),
            ("message".to_string(), sms("", "").body.to_string())
        ]
    );
    assert!(rows(&s).await[0].4.as_deref().unwrap_or("").contains("400"));
    s.finish().await;
}

/// `a=b&c=d`, URL-decoded.
fn url_pairs(body: &str) -> Vec<(String, String)> {
    reqwest::Url::parse(&format!("http://x/?{body}"))
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Without a gateway, each text message is a `.txt` file.
async fn without_a_gateway_each_text_message_is_a_file(db: Db) {
    let s = fast_outbox(db, &[]).await;
    enqueue_all(&s, &[sms("case:12:ready", "+37061234567")]).await;
    let file = s.data_dir.join("sms").join("00000001.txt");
    until("the .txt file is written", async || file.exists()).await;
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("To: +37061234567\n\n"), "{text}");
    assert!(text.contains("paruoštas"), "{text}");
    s.finish().await;
}

/// Kill the server while the outbox holds undelivered mail (the mail server is down): after a
/// restart every message is delivered exactly once.
async fn undelivered_mail_survives_a_kill_exactly_once(db: Db) {
    // A port with nothing listening yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("smtp://127.0.0.1:{port}");
    let s = fast_outbox(db, &[("SMTP_URL", &url)]).await;
    let people = ["a@example.org", "b@example.org", "c@example.org"];
    let notices: Vec<Notice> = people
        .iter()
        .map(|p| notice("case:9:produced", p))
        .collect();
    enqueue_all(&s, &notices).await;
    until("every message has failed once", async || {
        rows(&s).await.iter().all(|r| r.1 >= 1 && r.4.is_some())
    })
    .await;
    let sink = SmtpSink::start_on(
        format!("127.0.0.1:{port}").parse().unwrap(),
        Refuse::Nothing,
    )
    .await;
    let s = s.kill_and_restart().await;
    let got = sink.wait_for(3, Duration::from_secs(20)).await;
    worker_reached(&s, Channel::Email, 2).await;
    let sent = sink
        .received()
        .into_iter()
        .filter(|m| m.to != [SENTINEL_MAIL]);
    assert_eq!(sent.count(), 3, "exactly once each");
    let mut to: Vec<String> = got.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(to, people);
    until("all rows are marked delivered", async || {
        rows(&s).await.iter().all(|r| r.2)
    })
    .await;
    s.finish().await;
}

/// The one window "exactly once" cannot close: the mail server has accepted a message and the
/// worker dies before it marks the row delivered. The claim runs out, the restarted worker sends
/// it again, and the recipient gets the same message twice, under the same Message-ID (so a
/// mail client may fold them). This is at-least-once delivery, shown as it is.
async fn a_kill_between_acceptance_and_marking_sends_twice(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    sink.hold_next_acceptance();
    let url = sink.url();
    let s = fast_outbox(
        db,
        &[("SMTP_URL", &url), ("VARTAI_OUTBOX_CLAIM_MS", "1000")],
    )
    .await;
    enqueue_all(&s, &[notice("case:13:produced", "oksana@example.org")]).await;
    // The mail server has the message; the worker waits for its 250 and is killed.
    let first = sink.wait_for(1, Duration::from_secs(10)).await;
    assert!(!rows(&s).await[0].2, "not marked before the 250");
    let s = s.kill_and_restart().await;
    sink.release();
    let got = sink.wait_for(2, Duration::from_secs(20)).await;
    until("the row is marked delivered", async || rows(&s).await[0].2).await;
    let id = |data: &str| {
        data.lines()
            .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
            .map(str::to_string)
    };
    assert_eq!(got.len(), 2, "the recipient gets it twice");
    assert_eq!(got[0].to, ["oksana@example.org"]);
    assert_eq!(got[1].to, ["oksana@example.org"]);
    assert!(id(&first[0].data).is_some(), "{}", first[0].data);
    assert_eq!(id(&got[0].data), id(&got[1].data), "under one Message-ID");
    assert_eq!(rows(&s).await[0].1, 2, "two attempts recorded");
    s.finish().await;
}

/// Issue #21.7: the outcome is written only by the worker that still holds the claim. One
/// instance's send hangs past its claim; the other takes the message over and delivers it; then
/// the first one's send fails. Its "retry later" used to be written over the delivered row (a
/// stale error, and the other worker's claim released under it); now it changes nothing.
async fn a_worker_whose_claim_ran_out_writes_nothing(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    sink.hold_next_acceptance();
    let url = sink.url();
    let mut a = fast_outbox(db, &[("SMTP_URL", &url), ("VARTAI_OUTBOX_CLAIM_MS", "500")]).await;
    let mut b = a.another_instance().await;
    enqueue_all(&a, &[notice("case:14:produced", "oksana@example.org")]).await;
    // One copy held at the first worker, the second sent by the other after the claim ran out.
    sink.wait_for(2, Duration::from_secs(20)).await;
    until("the row is marked delivered", async || rows(&a).await[0].2).await;
    sink.release_with("451 4.3.0 try again later");
    // A graceful stop finishes the delivery under way: the late outcome has been handled.
    a.stop_and_wait().await;
    b.stop_and_wait().await;
    b.finish().await;
    // A stopped server's pool is closed: read the row through a fresh start.
    let a = a.restart().await;
    let (_, attempts, delivered, failed, error) = rows(&a).await.remove(0);
    assert_eq!((attempts, delivered, failed), (2, true, false));
    assert_eq!(error, None, "the late worker wrote nothing");
    let token: Option<String> = sqlx::query_scalar("SELECT claim_token FROM outbox")
        .fetch_one(&a.db.pool)
        .await
        .unwrap();
    assert_eq!(token, None);
    a.finish().await;
}

/// Issue #21.4: a login code is stored apart from the message, sealed, and gone once the
/// message is delivered; the subject never carries it; delivered rows go after
/// VARTAI_OUTBOX_KEEP_DAYS.
async fn login_codes_are_not_kept_in_the_outbox(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let url = sink.url();
    let s = fast_outbox(db, &[("SMTP_URL", &url), ("VARTAI_DEMO", "0")]).await;
    let b = vartai_tests::browser::Browser::new(&s);
    vartai_tests::login::ask_code(&b, "maryna@example.org").await;
    let mail = vartai_tests::login::mail_to(&sink, "maryna@example.org", 0).await;
    let code = vartai_tests::login::code_in(&mail);
    let en = vartai_tests::locale_strings("en");
    assert_eq!(mail.subject, vartai_tests::tr(&en, "account.mail.subject"));
    until("the row is marked delivered", async || rows(&s).await[0].2).await;
    let (subject, body, secret): (String, String, Option<String>) =
        sqlx::query_as("SELECT subject, body, secret FROM outbox")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert!(!subject.contains(&code) && !body.contains(&code), "{body}");
    assert!(body.contains(app::ssr::outbox::SECRET_MARK), "{body}");
    assert_eq!(secret, None, "cleared at delivery");
    s.finish().await;

    // Kept for 0 days: the purge job deletes the delivered row.
    let s = fast_outbox(
        db,
        &[
            ("SMTP_URL", &url),
            ("VARTAI_DEMO", "0"),
            ("VARTAI_OUTBOX_KEEP_DAYS", "0"),
            ("VARTAI_SCHEDULER_TICK_SECS", "1"),
            ("VARTAI_JOB_INTERVAL_SECS", "0"),
        ],
    )
    .await;
    let before = sink.received().len();
    let b = vartai_tests::browser::Browser::new(&s);
    vartai_tests::login::ask_code(&b, "petro@example.org").await;
    vartai_tests::login::mail_to(&sink, "petro@example.org", before).await;
    vartai_tests::settled(&s, &["outbox_purge"]).await;
    assert_eq!(rows(&s).await.len(), 0, "purged");
    s.finish().await;
}

/// In demo mode `/dev/mailbox` shows the e-mails (in the page's language); elsewhere it is a 404.
async fn the_demo_mailbox_shows_mail_only_in_demo_mode(db: Db) {
    let s = fast_outbox(db, &[]).await;
    enqueue_all(&s, &[notice("login-code:c3", "daria@example.org")]).await;
    let c = s.client();
    let r = c
        .get(s.url("/dev/mailbox"))
        .header("cookie", "i18n_pref_locale=uk")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = vartai_tests::unescape(&r.text().await.unwrap());
    let uk = vartai_tests::locale_strings("uk");
    assert!(html.contains(&vartai_tests::tr(&uk, "mailbox.title")));
    assert!(html.contains("daria@example.org"));
    assert!(html.contains("Ваш код входу"));
    assert!(html.contains("Код: 123456."));
    s.finish().await;

    let s = TestServer::start_with(db, &[("VARTAI_DEMO", "0")]).await;
    enqueue_all(&s, &[notice("login-code:c4", "secret@example.org")]).await;
    let r = s.client().get(s.url("/dev/mailbox")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let html = r.text().await.unwrap();
    assert!(!html.contains("secret@example.org"));
    s.finish().await;
}

both_databases!(
    a_worker_whose_claim_ran_out_writes_nothing,
    login_codes_are_not_kept_in_the_outbox,
    text_messages_go_to_the_http_gateway,
    a_refused_text_message_is_not_retried,
    without_a_gateway_each_text_message_is_a_file,
    the_demo_mailbox_shows_mail_only_in_demo_mode,
    mail_goes_out_over_smtp_once_per_event,
    without_smtp_each_message_is_a_file,
    temporary_refusals_are_retried_with_back_off,
    permanent_refusals_are_not_retried,
    undelivered_mail_survives_a_kill_exactly_once,
    a_kill_between_acceptance_and_marking_sends_twice,
);
