//! Held documents, reminders, lost reports and the scheduler (issue #6.3–#6.6) over real HTTP
//! on SQLite and PostgreSQL: a collected card becomes a held document (R-SV-2); a lost report
//! invalidates it at once, is audited, confirmed to the holder and cannot be undone (R-SV-5);
//! expiry reminders go out exactly once with two server instances on one database (R-SV-3);
//! an uncollected card's holder is invited after a month (R-DL-8); the CSV import.
use server::cli::documents_import;
use std::time::Duration;
use vartai_tests::apply::*;
use vartai_tests::browser::{Answer, Browser};
use vartai_tests::cases::{act, listed};
use vartai_tests::login::{mail_to, mail_with, officer, start};
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::{both_databases, codes, pairs, Db, TestServer};

/// The audit entries of lost reports (R-SV-5: a report is audited, once).
const LOST_AUDITED: &str = "SELECT COUNT(*) FROM audit_log WHERE action = 'document.lost'";

/// The collection invitations queued (R-DL-8).
const INVITED: &str = "SELECT COUNT(*) FROM outbox WHERE event LIKE 'collection-invitation:%'";

/// The grounds these tests open revocation proceedings on (R-DL-7).
const GROUNDS: &str = "The marriage was found to be fictitious.";
/// The reason of the revocation they decide on: the `revoke` action's form.
const REVOKED_FOR: [(&str, &str); 1] = [("reason", "Fictitious marriage.")];

/// Approve, produce and mark ready for collection.
async fn produce(off: &Browser, csrf: &str, id: i64) {
    for (action, fields) in [
        ("confirm_fee", &[][..]),
        ("approve", &[("valid_until", "2027-11-23")][..]),
        ("formalise", &[][..]),
        ("produced", &[][..]),
    ] {
        let a = act(off, csrf, id, action, fields).await;
        assert!(a.is_ok(), "{action}: {a:?}");
    }
}

async fn count(s: &TestServer, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&s.db.pool).await.unwrap()
}

/// Asks for an expiry reminder (`held/reminder`) of held document `id`: `target` is the
/// document or its certificates, `days` before they expire, by e-mail when `by_email` (without
/// it the request names no channel at all).
async fn remind(
    b: &Browser,
    csrf: &str,
    id: &str,
    target: &str,
    days: &str,
    by_email: bool,
) -> Answer {
    let mut form = vec![("id", id), ("target", target), ("days", days)];
    if by_email {
        form.push(("by_email", "1"));
    }
    form.push(("csrf", csrf));
    b.call("held/reminder", &form).await
}

async fn a_collected_card_is_held_and_a_lost_report_is_final(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let olena = Browser::new(&s);
    let csrf = applicant(&olena, &sink, "olena@example.org").await;
    let (id, _) = submit_family_trp(&olena, &csrf, "vilnius").await;
    let (off, off_csrf) = officer(&s, &sink, "officer@example.lt", &["vilnius"]).await;
    produce(&off, &off_csrf, id).await;
    let a = act(&off, &off_csrf, id, "collected", &[]).await;
    assert_eq!(codes(&a), pairs(&[("document_number", "required")]));
    let a = act(
        &off,
        &off_csrf,
        id,
        "collected",
        &[("document_number", "TR1234567")],
    )
    .await;
    assert!(a.is_ok(), "{a:?}");

    // R-SV-2: the card is the applicant's held document, valid as decided.
    let mine = olena.call("held/mine", &[]).await;
    assert!(mine.is_ok(), "{mine:?}");
    let doc = &mine.body["items"][0];
    assert_eq!(doc["kind"], "trp");
    assert_eq!(doc["number"], "TR1234567");
    assert_eq!(doc["valid_until"], "2027-11-23");
    assert_eq!(doc["holder_name"], "Olena Kovalenko");
    let doc_id = doc["id"].as_i64().unwrap().to_string();
    let (status, html) = olena.page("/my-documents").await;
    assert_eq!(status, 200);
    assert!(html.contains("TR1234567"));

    // Nobody else can touch it.
    let petro = Browser::new(&s);
    let p_csrf = applicant(&petro, &sink, "petro@example.org").await;
    let a = petro
        .call(
            "held/lost",
            &[("id", &doc_id), ("confirm", "yes"), ("csrf", &p_csrf)],
        )
        .await;
    assert_eq!(a.status.as_u16(), 404);
    let a = remind(&petro, &p_csrf, &doc_id, "document", "30", true).await;
    assert_eq!(a.status.as_u16(), 404);
    assert_eq!(
        petro.call("held/mine", &[]).await.body["items"],
        serde_json::json!([])
    );

    // R-SV-5: only with the confirmation; then invalid at once, audited, confirmed, final.
    let a = olena
        .call("held/lost", &[("id", &doc_id), ("csrf", &csrf)])
        .await;
    assert_eq!(codes(&a), pairs(&[("confirm", "required")]));
    let before = sink.received().len();
    let a = olena
        .call(
            "held/lost",
            &[("id", &doc_id), ("confirm", "yes"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(
        a.redirect(),
        Some(format!("/my-documents?done=lost#doc-{doc_id}").as_str())
    );
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM held_documents WHERE status = 'lost'"
        )
        .await,
        1
    );
    assert_eq!(count(&s, LOST_AUDITED).await, 1);
    let mail = mail_to(&sink, "olena@example.org", before).await;
    assert!(mail.body.contains("TR1234567"), "{}", mail.body);
    let a = olena
        .call(
            "held/lost",
            &[("id", &doc_id), ("confirm", "yes"), ("csrf", &csrf)],
        )
        .await;
    assert!(a.is_ok(), "a second report changes nothing: {a:?}");
    assert_eq!(count(&s, LOST_AUDITED).await, 1);
    let mine = olena.call("held/mine", &[]).await;
    assert!(mine.body["items"][0]["lost_at"].is_string());
    // No reminders for an invalid document; officers see the report.
    let a = remind(&olena, &csrf, &doc_id, "document", "30", true).await;
    assert_eq!(a.status.as_u16(), 400);
    let reports = off.call("held/lost-reports", &[]).await;
    assert_eq!(reports.body[0]["number"], "TR1234567");
    assert_eq!(
        petro.call("held/lost-reports", &[]).await.status.as_u16(),
        403
    );
    s.finish().await;
}

/// R-SV-3: a document valid until 2026-12-10 (17 days after "today", 2026-11-23) with
/// reminders 30 and 5 days before, and an identity card whose certificates expire on
/// 2026-12-01 with a reminder 10 days before: the 30-day and the certificates' reminders are
/// due, the 5-day one is not. Two instances run the job every second for a while: each due
/// reminder goes out exactly once.
async fn reminders_go_out_exactly_once_with_two_instances(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &FAST_JOBS).await;
    let olena = Browser::new(&s);
    let csrf = applicant(&olena, &sink, "olena@example.org").await;
    let n = documents_import(
        &s.db,
        "email,holder_name,kind,number,issued_on,valid_until,child_birth_date,certificates_valid_until\n\
         olena@example.org,Olena Kovalenko,trp,TR7654321,2025-12-10,2026-12-10,,\n\
         olena@example.org,Olena Kovalenko,identity_card,ID123,2024-01-01,2034-01-01,,2026-12-01\n",
    )
    .await
    .unwrap();
    assert_eq!(n, 2);
    let mine = olena.call("held/mine", &[]).await;
    let items = mine.body["items"].as_array().unwrap().clone();
    let id_of = |kind: &str| {
        items.iter().find(|d| d["kind"] == kind).unwrap()["id"]
            .as_i64()
            .unwrap()
            .to_string()
    };
    let (trp, card) = (id_of("trp"), id_of("identity_card"));
    for (id, target, days) in [
        (&trp, "document", "30"),
        (&trp, "document", "5"),
        (&card, "certificates", "10"),
    ] {
        let a = remind(&olena, &csrf, id, target, days, true).await;
        assert!(a.is_ok(), "{a:?}");
    }
    // Refused: no channel, a day count out of range, certificates of a permit.
    let a = remind(&olena, &csrf, &trp, "document", "400", false).await;
    assert_eq!(
        codes(&a),
        vec![
            ("days".to_string(), "out_of_range".to_string()),
            ("channels".to_string(), "required".to_string())
        ]
    );
    let a = remind(&olena, &csrf, &trp, "certificates", "9", true).await;
    assert_eq!(a.status.as_u16(), 404);

    let other = s.another_instance().await;
    let expect = 2;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let sent = count(&s, "SELECT COUNT(*) FROM reminders_sent").await;
        if sent >= expect || std::time::Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Both instances keep running the jobs: whole runs after the reminders went out send nothing.
    vartai_tests::settled(&s, &["expiry_reminders", "collection_invitations"]).await;
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM reminders_sent").await,
        expect
    );
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM outbox WHERE event LIKE 'reminder:%'"
        )
        .await,
        expect
    );
    let runs = count(
        &s,
        "SELECT COUNT(*) FROM job_leases WHERE last_run_ms > 0 \
         AND name IN ('expiry_reminders', 'collection_invitations')",
    )
    .await;
    assert_eq!(runs, 2, "both held-document jobs ran");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let reminders = loop {
        let got: Vec<String> = sink
            .received()
            .iter()
            .filter(|m| m.to.iter().any(|t| t == "olena@example.org"))
            .map(|m| vartai_tests::login::decode(&m.data).body)
            .filter(|b| b.contains("TR7654321") || b.contains("ID123"))
            .collect();
        if got.len() >= expect as usize || std::time::Instant::now() > deadline {
            break got;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(reminders.len(), expect as usize, "{reminders:?}");
    assert!(reminders.iter().any(|b| b.contains("2026-12-10")));
    assert!(reminders.iter().any(|b| b.contains("2026-12-01")));
    other.finish().await;
    s.finish().await;
}

/// R-DL-8: a card produced on 2026-11-23 and not collected: on 2026-12-23 (a month) nothing
/// yet; from 2026-12-24 the holder is invited, once.
async fn an_uncollected_card_is_invited_once_after_a_month(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &FAST_JOBS).await;
    let olena = Browser::new(&s);
    let csrf = applicant(&olena, &sink, "olena@example.org").await;
    let (id, reference) = submit_family_trp(&olena, &csrf, "vilnius").await;
    let (off, off_csrf) = officer(&s, &sink, "officer@example.lt", &["vilnius"]).await;
    produce(&off, &off_csrf, id).await;
    let s = s.restart_at("2026-12-23T10:00:00Z").await;
    vartai_tests::settled(&s, &["collection_invitations"]).await;
    assert_eq!(count(&s, INVITED).await, 0);
    let before = sink.received().len();
    let s = s.restart_at("2026-12-24T10:00:00Z").await;
    let other = s.another_instance().await;
    let mail = mail_to(&sink, "olena@example.org", before).await;
    assert!(mail.subject.contains(&reference), "{}", mail.subject);
    vartai_tests::settled(&s, &["collection_invitations"]).await;
    assert_eq!(count(&s, INVITED).await, 1);
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM application_events WHERE kind = 'collection_invitation'"
        )
        .await,
        1
    );
    other.finish().await;
    s.finish().await;
}

/// The CSV import checks every row first and imports nothing when one is wrong.
async fn the_import_refuses_a_bad_file_whole(db: Db) {
    let s = TestServer::start(db).await;
    let problems = documents_import(
        &s.db,
        "email,holder_name,kind,number,issued_on,valid_until,child_birth_date,certificates_valid_until\n\
         a@example.org,A B,trp,TR1,2025-01-01,2026-01-01,,\n\
         not-an-address,A B,trp,TR2,2025-01-01,2026-01-01,,\n\
         c@example.org,C D,visa,V1,2025-01-01,2026-01-01,,\n\
         d@example.org,D E,trp,TR4,2025-01-01,2024-01-01,,\n",
    )
    .await
    .unwrap_err();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].starts_with("line 3:"), "{problems:?}");
    assert_eq!(count(&s, "SELECT COUNT(*) FROM held_documents").await, 0);
    // A child's document is shown to the parent while the child is a minor.
    let n = documents_import(
        &s.db,
        "email,holder_name,kind,number,issued_on,valid_until,child_birth_date,certificates_valid_until\n\
         a@example.org,Child A,trp,TR9,2025-01-01,2027-01-01,2015-05-05,\n",
    )
    .await
    .unwrap();
    assert_eq!(n, 1);
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM users WHERE email = 'a@example.org'"
        )
        .await,
        1
    );

    // Three runs of the reminder job at the very same moment send a due reminder once.
    sqlx::query(
        "INSERT INTO expiry_reminders (held_document_id, target, days_before, by_email, by_sms) \
         SELECT id, 'document', 60, 1, 0 FROM held_documents WHERE number = 'TR9'",
    )
    .execute(&s.db.pool)
    .await
    .unwrap();
    let day = jiff::civil::date(2026, 12, 1);
    let (a, b, c) = tokio::join!(
        app::held::ssr::send_due_reminders(&s.db, day),
        app::held::ssr::send_due_reminders(&s.db, day),
        app::held::ssr::send_due_reminders(&s.db, day),
    );
    assert_eq!(a.unwrap() + b.unwrap() + c.unwrap(), 1);
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM outbox WHERE event LIKE 'reminder:%'"
        )
        .await,
        1
    );

    // R-SV-2: a child who has turned 18 holds their documents themselves. The parent is no
    // longer reminded of them (born 2008-12-20: 18 on 2026-12-20; due from 2026-12-21).
    documents_import(
        &s.db,
        "email,holder_name,kind,number,issued_on,valid_until,child_birth_date,certificates_valid_until\n\
         a@example.org,Child B,trp,TR18,2025-01-20,2027-01-20,2008-12-20,\n",
    )
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO expiry_reminders (held_document_id, target, days_before, by_email, by_sms) \
         SELECT id, 'document', 30, 1, 0 FROM held_documents WHERE number = 'TR18'",
    )
    .execute(&s.db.pool)
    .await
    .unwrap();
    let adult = jiff::civil::date(2026, 12, 21);
    assert_eq!(
        app::held::ssr::send_due_reminders(&s.db, adult)
            .await
            .unwrap(),
        0,
        "not to the parent of an adult"
    );
    // While still a minor (a day earlier, 2026-12-19 is 32 days before: not due yet either, so
    // move the threshold): the same reminder goes.
    sqlx::query("UPDATE expiry_reminders SET days_before = 40 WHERE held_document_id = (SELECT id FROM held_documents WHERE number = 'TR18')")
        .execute(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(
        app::held::ssr::send_due_reminders(&s.db, jiff::civil::date(2026, 12, 19))
            .await
            .unwrap(),
        1,
        "to the parent of a minor"
    );
    s.finish().await;
}

/// The case on the worklist of `b`'s offices, if listed (`stage` as the filter).
async fn on_worklist(b: &Browser, id: i64, stage: &str) -> Option<serde_json::Value> {
    let list = b.call("cases/list", &[("stage", stage)]).await;
    assert!(list.is_ok(), "{list:?}");
    listed(&list.body, id)
}

/// R-DL-7: revocation proceedings against a collected card's decision. Opened with the grounds
/// (required), the applicant is told and the case is back on the worklist with its 14 days
/// (2026-11-23 → 2026-12-07); the file goes to Kaunas, which counts the 14 days from the day
/// it arrives (2026-11-26 → 2026-12-10) and can keep the decision (the proceedings end) or,
/// opened again, revoke it: the held card is invalid in the same transaction, shown so to the
/// holder, no longer reminded of, and the applicant sees the stage "revoked".
async fn a_revoked_decision_invalidates_the_card(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let olena = Browser::new(&s);
    let csrf = applicant(&olena, &sink, "olena@example.org").await;
    let (id, reference) = submit_family_trp(&olena, &csrf, "vilnius").await;
    let (off, off_csrf) = officer(&s, &sink, "officer@example.lt", &["vilnius"]).await;
    let (kaunas, k_csrf) = officer(&s, &sink, "k@example.lt", &["kaunas"]).await;
    produce(&off, &off_csrf, id).await;
    let a = act(
        &off,
        &off_csrf,
        id,
        "collected",
        &[("document_number", "TR7654321")],
    )
    .await;
    assert!(a.is_ok(), "{a:?}");
    let doc_id = olena.call("held/mine", &[]).await.body["items"][0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let a = remind(&olena, &csrf, &doc_id, "document", "30", true).await;
    assert!(a.is_ok(), "{a:?}");
    assert!(
        on_worklist(&off, id, "").await.is_none(),
        "collected: closed"
    );

    // Opened: the grounds are required; the applicant is told with them and the term.
    let a = act(&off, &off_csrf, id, "open_revocation", &[("reason", " ")]).await;
    assert_eq!(codes(&a), pairs(&[("reason", "required")]));
    let grounds = [("reason", GROUNDS)];
    let a = act(&off, &off_csrf, id, "open_revocation", &grounds).await;
    assert!(a.is_ok(), "{a:?}");
    let told = mail_with(&sink, "olena@example.org", GROUNDS).await;
    assert!(told.subject.contains(&reference), "{}", told.subject);
    assert!(told.body.contains("2026-12-07"), "{}", told.body);
    let item = on_worklist(&off, id, "").await.expect("under review: open");
    assert_eq!(
        (&item["deadline"], &item["risk"], &item["days_left"]),
        (
            &serde_json::json!("2026-12-07"),
            &serde_json::json!("revocation"),
            &serde_json::json!(14)
        )
    );
    let a = act(&off, &off_csrf, id, "open_revocation", &grounds).await;
    assert_eq!(codes(&a), pairs(&[("action", "action_not_allowed")]));
    let (_, html) = off.page(&format!("/staff/cases/{id}")).await;
    assert!(html.contains("id=\"action-revoke\"") && html.contains("id=\"action-keep_decision\""));
    let one = olena
        .call("applications/one", &[("id", &id.to_string())])
        .await;
    assert_eq!(one.body["case"]["revocation"]["due"], "2026-12-07");
    assert_eq!(one.body["case"]["revocation"]["grounds"], GROUNDS);

    // To Kaunas, which decides: not on the file in transit; the 14 days count from its arrival.
    let a = act(&off, &off_csrf, id, "transfer", &[("office", "kaunas")]).await;
    assert!(a.is_ok(), "{a:?}");
    let a = act(&kaunas, &k_csrf, id, "revoke", &REVOKED_FOR).await;
    assert_eq!(codes(&a), pairs(&[("action", "action_not_allowed")]));
    let s = s.restart_at("2026-11-26T09:00:00Z").await;
    let (olena, kaunas) = (olena.clone_session(&s), kaunas.clone_session(&s));
    let a = act(&kaunas, &k_csrf, id, "file_received", &[]).await;
    assert!(a.is_ok(), "{a:?}");
    let item = on_worklist(&kaunas, id, "").await.expect("Kaunas decides");
    assert_eq!(item["deadline"], "2026-12-10");

    // Kept: a message is required; the proceedings end and the card stays valid.
    let a = act(&kaunas, &k_csrf, id, "keep_decision", &[]).await;
    assert_eq!(codes(&a), pairs(&[("message", "required")]));
    let a = act(
        &kaunas,
        &k_csrf,
        id,
        "keep_decision",
        &[("message", "Not proven.")],
    )
    .await;
    assert!(a.is_ok(), "{a:?}");
    let told = mail_with(&sink, "olena@example.org", "Not proven.").await;
    assert!(told.subject.contains(&reference), "{}", told.subject);
    assert!(on_worklist(&kaunas, id, "").await.is_none(), "closed again");
    let one = olena
        .call("applications/one", &[("id", &id.to_string())])
        .await;
    assert_eq!(one.body["case"]["revocation"], serde_json::Value::Null);
    assert_eq!(one.body["case"]["stage"], "collected");

    // Opened again and revoked: the card is invalid at once, and no longer reminded of.
    let a = act(&kaunas, &k_csrf, id, "open_revocation", &grounds).await;
    assert!(a.is_ok(), "{a:?}");
    let a = act(&kaunas, &k_csrf, id, "revoke", &REVOKED_FOR).await;
    assert!(a.is_ok(), "{a:?}");
    let told = mail_with(&sink, "olena@example.org", "Fictitious marriage.").await;
    assert!(told.subject.contains(&reference), "{}", told.subject);
    let one = olena
        .call("applications/one", &[("id", &id.to_string())])
        .await;
    assert_eq!(one.body["case"]["stage"], "revoked");
    assert_eq!(one.body["case"]["revocation"]["revoked_on"], "2026-11-26");
    assert_eq!(
        one.body["case"]["revocation"]["reason"],
        "Fictitious marriage."
    );
    let doc = &olena.call("held/mine", &[]).await.body["items"][0];
    assert_eq!(doc["revoked_on"], "2026-11-26");
    let (_, html) = olena.page("/my-documents").await;
    assert!(html.contains("data-status=\"revoked\""), "{html}");
    let a = remind(&olena, &csrf, &doc_id, "document", "60", true).await;
    assert!(!a.is_ok(), "no reminders for an invalid card: {a:?}");
    let still_reminded = count(
        &s,
        "SELECT COUNT(*) FROM expiry_reminders r JOIN held_documents h \
         ON h.id = r.held_document_id WHERE h.status = 'valid' AND h.revoked_on IS NULL",
    )
    .await;
    assert_eq!(still_reminded, 0);
    let a = act(&kaunas, &k_csrf, id, "open_revocation", &grounds).await;
    assert_eq!(codes(&a), pairs(&[("action", "action_not_allowed")]));
    assert!(on_worklist(&kaunas, id, "").await.is_none());
    assert!(on_worklist(&kaunas, id, "revoked").await.is_some());
    assert!(on_worklist(&kaunas, id, "collected").await.is_none());
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('case.open_revocation', \
             'case.revoke', 'case.keep_decision')"
        )
        .await,
        4
    );
    s.finish().await;
}

both_databases!(
    a_revoked_decision_invalidates_the_card,
    a_collected_card_is_held_and_a_lost_report_is_final,
    reminders_go_out_exactly_once_with_two_instances,
    an_uncollected_card_is_invited_once_after_a_month,
    the_import_refuses_a_bad_file_whole,
);
