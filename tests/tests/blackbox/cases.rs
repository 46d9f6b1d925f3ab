//! Case handling (issue #6) over real HTTP on SQLite and PostgreSQL: the legal clock stopped by
//! a documents request and restarted by the applicant's upload (R-DL-2, R-DL-3, R-DL-10) with
//! the server's days moved by restarting it at a later `VARTAI_NOW`; decisions; and scoping:
//! officers see only their offices' cases, applicants only their own (IDOR on every route).
use serde_json::Value;
use vartai_tests::apply::*;
use vartai_tests::browser::Browser;
use vartai_tests::cases::{act, listed};
use vartai_tests::login::{mail_to, officer, start};
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::{both_databases, codes, Db, TestServer};

/// Olena's family TRP, submitted at Vilnius on `NOW`: where most case tests start.
struct Submitted {
    sink: SmtpSink,
    s: TestServer,
    olena: Browser,
    csrf: String,
    id: i64,
    reference: String,
}

async fn submitted(db: Db) -> Submitted {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let olena = Browser::new(&s);
    let csrf = applicant(&olena, &sink, "olena@example.org").await;
    let (id, reference) = submit_family_trp(&olena, &csrf, "vilnius").await;
    Submitted {
        sink,
        s,
        olena,
        csrf,
        id,
        reference,
    }
}

async fn case_row(s: &TestServer, id: i64) -> (String, Option<String>) {
    use sqlx::Row;
    let r = sqlx::query("SELECT stage, decision_due FROM applications WHERE id = $1")
        .bind(id)
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    (r.get("stage"), r.get("decision_due"))
}

/// R-DL-2 + R-DL-3 + R-DL-10: submitted Monday 2026-11-23 (family TRP, 2023 guide: 3 months →
/// 2027-02-23). Documents asked for on 2026-12-01, uploaded on Saturday 2026-12-05: stopped
/// 4 days → 2027-02-27, a Saturday → Monday 2027-03-01.
async fn the_legal_clock_stops_and_restarts(db: Db) {
    let Submitted {
        sink,
        s,
        olena,
        csrf,
        id,
        reference,
        ..
    } = submitted(db).await;
    assert_eq!(
        case_row(&s, id).await,
        ("received".into(), Some("2027-02-23".into()))
    );
    let (off, off_csrf) = officer(&s, &sink, "officer@example.lt", &["vilnius"]).await;
    let list = off.call("cases/list", &[]).await;
    assert!(list.is_ok(), "{list:?}");
    let item = listed(&list.body, id).expect("the case is on the worklist");
    assert_eq!(item["deadline"], "2027-02-23");
    assert_eq!(item["risk"], "on_track");
    assert_eq!(item["fee_confirmed"], false);

    // Day Y: the officer asks for a document; the clock stops.
    let s = s.restart_at("2026-12-01T09:00:00Z").await;
    let olena = olena.clone_session(&s);
    let off = off.clone_session(&s);
    let mails = sink.received().len();
    // The due date must be after today, and something must be asked for.
    let a = act(
        &off,
        &off_csrf,
        id,
        "request_documents",
        &[("due_date", "2026-12-01"), ("message", "x")],
    )
    .await;
    assert_eq!(a.status.as_u16(), 400);
    assert_eq!(
        codes(&a),
        vec![
            ("documents".to_string(), "required".to_string()),
            ("due_date".to_string(), "date_in_past".to_string())
        ]
    );
    let a = act(
        &off,
        &off_csrf,
        id,
        "request_documents",
        &[
            ("doc_sufficient_funds", "1"),
            ("due_date", "2026-12-31"),
            ("message", "A bank statement for the last 3 months, please."),
        ],
    )
    .await;
    assert_eq!(
        a.redirect(),
        Some(format!("/staff/cases/{id}?done=request_documents").as_str()),
        "{a:?}"
    );
    assert_eq!(case_row(&s, id).await.0, "documents_requested");
    let notice = mail_to(&sink, "olena@example.org", mails).await;
    assert!(notice.subject.contains(&reference), "{}", notice.subject);
    assert!(notice.body.contains("2026-12-31"), "{}", notice.body);
    assert!(notice.body.contains("A bank statement"), "{}", notice.body);
    let one = olena
        .call("applications/one", &[("id", &id.to_string())])
        .await;
    let case = &one.body["case"];
    assert_eq!(case["stage"], "documents_requested");
    assert_eq!(case["live"]["stopped_since"], "2026-12-01");
    assert_eq!(case["live"]["risk"], "stopped");
    // "My applications" shows the same: the stage and the stopped clock (issue #5.7).
    let mine = olena.call("applications/mine", &[]).await;
    let listed = mine.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(listed["case"]["stage"], "documents_requested");
    assert_eq!(listed["case"]["live"]["stopped_since"], "2026-12-01");
    let (_, html) = olena.page("/applications").await;
    assert!(
        html.contains("clock-stopped"),
        "the list says the clock stands still"
    );
    let (_, html) = olena.page(&format!("/applications/{id}")).await;
    assert!(
        html.contains("id=\"documents-request\""),
        "the request is shown"
    );
    assert!(html.contains(&format!("href=\"/applications/{id}/documents\"")));
    // No decision while the documents are awaited; nothing else can be uploaded.
    let a = act(
        &off,
        &off_csrf,
        id,
        "approve",
        &[("valid_until", "2027-12-01")],
    )
    .await;
    assert_eq!(
        codes(&a),
        vec![("action".to_string(), "action_not_allowed".to_string())]
    );
    let (status, _) = upload(
        &olena,
        &csrf,
        id,
        "travel_document",
        "p.pdf",
        server::uploads::fixtures::pdf(),
    )
    .await;
    assert_eq!(status.as_u16(), 400, "only what was asked for");

    // Day Z (a Saturday): the applicant uploads it; the clock runs again by itself.
    let s = s.restart_at("2026-12-05T09:00:00Z").await;
    let olena = olena.clone_session(&s);
    let off = off.clone_session(&s);
    let mails = sink.received().len();
    let (status, body) = upload(
        &olena,
        &csrf,
        id,
        "sufficient_funds",
        "bank.pdf",
        server::uploads::fixtures::pdf(),
    )
    .await;
    assert_eq!(status.as_u16(), 200, "{body}");
    assert!(body.contains("\"clock_restarted\":true"), "{body}");
    // Both sides are told the new deadline.
    let notice = mail_to(&sink, "olena@example.org", mails).await;
    assert!(notice.body.contains("2027-03-01"), "{}", notice.body);
    assert_eq!(
        case_row(&s, id).await,
        ("received".into(), Some("2027-03-01".into()))
    );
    let one = olena
        .call("applications/one", &[("id", &id.to_string())])
        .await;
    assert_eq!(one.body["case"]["live"]["deadline"], "2027-03-01");
    assert_eq!(one.body["case"]["live"]["stopped_days"], 4);
    assert_eq!(one.body["case"]["requests"][0]["arrived"], "2026-12-05");
    let (_, html) = olena.page(&format!("/applications/{id}")).await;
    assert!(
        html.contains("data-deadline=\"2027-03-01\""),
        "the applicant sees the new deadline"
    );
    let (status, html) = off.page(&format!("/staff/cases/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("data-deadline=\"2027-03-01\""),
        "so does the officer"
    );

    // The decision: the fee first (R-SV-6), then the approval; the applicant is told.
    let a = act(
        &off,
        &off_csrf,
        id,
        "approve",
        &[("valid_until", "2027-12-05")],
    )
    .await;
    assert_eq!(
        codes(&a),
        vec![("action".to_string(), "action_not_allowed".to_string())]
    );
    let a = act(&off, &off_csrf, id, "confirm_fee", &[]).await;
    assert!(a.is_ok(), "{a:?}");
    let a = act(
        &off,
        &off_csrf,
        id,
        "approve",
        &[("valid_until", "2026-12-05")],
    )
    .await;
    assert_eq!(
        codes(&a),
        vec![("valid_until".to_string(), "date_in_past".to_string())]
    );
    let mails = sink.received().len();
    let a = act(
        &off,
        &off_csrf,
        id,
        "approve",
        &[("valid_until", "2027-12-05")],
    )
    .await;
    assert!(a.is_ok(), "{a:?}");
    // Sent twice (a second officer, a double click): refused, nothing changes.
    let a = act(
        &off,
        &off_csrf,
        id,
        "approve",
        &[("valid_until", "2027-12-05")],
    )
    .await;
    assert_eq!(
        codes(&a),
        vec![("action".to_string(), "action_not_allowed".to_string())]
    );
    let notice = mail_to(&sink, "olena@example.org", mails).await;
    assert!(notice.body.contains("2027-12-05"), "{}", notice.body);
    let one = olena
        .call("applications/one", &[("id", &id.to_string())])
        .await;
    assert_eq!(one.body["case"]["stage"], "approved");
    assert_eq!(one.body["case"]["valid_until"], "2027-12-05");
    assert_eq!(one.body["case"]["fee_confirmed"], true);

    // R-DL-6: at most 3 months more.
    let a = act(
        &off,
        &off_csrf,
        id,
        "extend",
        &[("valid_until", "2028-03-06")],
    )
    .await;
    assert_eq!(
        codes(&a),
        vec![("valid_until".to_string(), "extension_too_long".to_string())]
    );
    let a = act(
        &off,
        &off_csrf,
        id,
        "extend",
        &[("valid_until", "2028-03-05")],
    )
    .await;
    assert!(a.is_ok(), "{a:?}");
    // R-DL-5, R-SV-4: produced, ready at the office; collected.
    for (step, fields) in [
        ("formalise", &[][..]),
        ("produced", &[][..]),
        ("collected", &[("document_number", "TR0000001")][..]),
    ] {
        let a = act(&off, &off_csrf, id, step, fields).await;
        assert!(a.is_ok(), "{step}: {a:?}");
    }
    assert_eq!(case_row(&s, id).await.0, "collected");
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'case.%'")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(audited, 7, "every action is audited");
    s.finish().await;
}

/// Officers see only their offices' cases and files; applicants only their own (IDOR).
async fn cases_and_files_stay_within_their_office(db: Db) {
    let Submitted {
        sink,
        s,
        olena,
        csrf: _,
        id,
        ..
    } = submitted(db).await;
    let one = olena
        .call("applications/one", &[("id", &id.to_string())])
        .await;
    let doc = one.body["documents"][0]["id"].as_i64().unwrap();
    let idtext = id.to_string();

    let (vilnius, _) = officer(&s, &sink, "v@example.lt", &["vilnius"]).await;
    let (kaunas, k_csrf) = officer(&s, &sink, "k@example.lt", &["kaunas"]).await;
    let (status, _, _) = vilnius.bytes(&format!("/documents/{doc}")).await;
    assert_eq!(status.as_u16(), 200, "the case's officer reads the file");
    let list = kaunas.call("cases/list", &[]).await;
    assert!(
        listed(&list.body, id).is_none(),
        "not on another office's worklist"
    );
    let list = kaunas.call("cases/list", &[("office", "1")]).await;
    assert!(
        listed(&list.body, id).is_none(),
        "not even when asked by office id"
    );
    assert_eq!(
        kaunas
            .call("cases/one", &[("id", &idtext)])
            .await
            .status
            .as_u16(),
        404
    );
    assert_eq!(
        act(&kaunas, &k_csrf, id, "confirm_fee", &[])
            .await
            .status
            .as_u16(),
        404
    );
    assert_eq!(kaunas.page(&format!("/staff/cases/{id}")).await.0, 404);
    assert_eq!(
        kaunas.bytes(&format!("/documents/{doc}")).await.0.as_u16(),
        404
    );

    let petro = Browser::new(&s);
    let p_csrf = applicant(&petro, &sink, "petro@example.org").await;
    assert_eq!(
        petro
            .call("applications/one", &[("id", &idtext)])
            .await
            .status
            .as_u16(),
        404
    );
    assert_eq!(
        petro.bytes(&format!("/documents/{doc}")).await.0.as_u16(),
        404
    );
    let (status, _) = upload(
        &petro,
        &p_csrf,
        id,
        "sufficient_funds",
        "x.pdf",
        server::uploads::fixtures::pdf(),
    )
    .await;
    assert_eq!(status.as_u16(), 404);
    // An applicant is no officer.
    assert_eq!(petro.call("cases/list", &[]).await.status.as_u16(), 403);
    assert_eq!(
        act(&petro, &p_csrf, id, "confirm_fee", &[])
            .await
            .status
            .as_u16(),
        403
    );
    assert_eq!(petro.page("/staff/cases").await.0, 403);
    s.finish().await;
}

/// R-SV-1: an invitation, once approved, prints in Lithuanian and English (not before).
async fn an_approved_invitation_prints_in_lithuanian_and_english(db: Db) {
    use app::rules::application::{documents_to_upload, ApplicationType};
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let olena = Browser::with_language(&s, Some("uk"));
    let csrf = applicant(&olena, &sink, "olena@example.org").await;
    let id = start_draft(&olena, "invitation").await;
    let invitee: &[(&str, &str)] = &[
        ("invitee_first_name", "Taras"),
        ("invitee_surname", "Shevchuk"),
        ("invitee_birth_date", "1985-03-09"),
        ("invitee_citizenship", "UA"),
        ("from", "2027-01-10"),
        ("to", "2027-01-20"),
        ("visit_purpose", "Family visit"),
    ];
    // R-SV-1: the inviter lives in Lithuania: a personal code, a permit (not for a citizen)
    // and the address the guest will stay at, checked on the server too.
    let inviter: &[(&str, &str)] = &[
        ("inviter_status", "temporary_resident"),
        ("inviter_permit", "LT7654321"),
        ("inviter_address", "Gedimino pr. 1-2, Vilnius"),
    ];
    let a = save(
        &olena,
        &csrf,
        id,
        "inviter",
        &[("inviter_status", "temporary_resident")],
    )
    .await;
    assert_eq!(a.error().as_deref(), Some("Invalid"), "{a:?}");
    let refused = a.body.to_string();
    assert!(
        refused.contains("inviter_permit") && refused.contains("inviter_address"),
        "a permit holder names the permit and the address: {refused}"
    );
    let a = save(
        &olena,
        &csrf,
        id,
        "inviter",
        &[
            ("inviter_status", "citizen"),
            ("inviter_address", "Vilnius"),
        ],
    )
    .await;
    assert!(a.is_ok(), "a citizen has no permit to name: {a:?}");
    let applicant: Vec<(&str, &str)> = APPLICANT
        .iter()
        .copied()
        .chain([("personal_code", "49004121233")])
        .collect();
    for (section, answers) in [
        ("applicant", applicant.as_slice()),
        ("inviter", inviter),
        ("invitee", invitee),
    ] {
        let a = save(&olena, &csrf, id, section, answers).await;
        assert!(a.is_ok(), "{section}: {a:?}");
    }
    let answers = applicant
        .iter()
        .chain(inviter)
        .chain(invitee)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    for item in documents_to_upload(ApplicationType::Invitation, &answers) {
        let kind = serde_json::to_value(item.kind).unwrap();
        let kind = kind.as_str().unwrap();
        let (status, body) = upload(
            &olena,
            &csrf,
            id,
            kind,
            "doc.pdf",
            server::uploads::fixtures::pdf(),
        )
        .await;
        assert_eq!(status.as_u16(), 200, "{kind}: {body}");
    }
    let (_, html) = olena.page(&format!("/applications/{id}/check")).await;
    let key = vartai_tests::browser::form_value(&html, "submit_key").expect("the submit form");
    let idtext = id.to_string();
    let a = olena
        .call(
            "applications/submit",
            &[
                ("id", idtext.as_str()),
                ("submit_key", &key),
                ("office", "vilnius"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    let reference = olena
        .call("applications/one", &[("id", &idtext)])
        .await
        .body["reference"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        olena
            .page(&format!("/applications/{id}/invitation"))
            .await
            .0,
        404,
        "not before approval"
    );

    let (off, off_csrf) = officer(&s, &sink, "officer@example.lt", &["vilnius"]).await;
    let a = act(
        &off,
        &off_csrf,
        id,
        "approve",
        &[("valid_until", "2027-06-01")],
    )
    .await;
    assert!(a.is_ok(), "no fee to confirm for an invitation: {a:?}");
    let (_, html) = olena.page(&format!("/applications/{id}")).await;
    assert!(html.contains(&format!("href=\"/applications/{id}/invitation\"")));
    let (status, html) = olena.page(&format!("/applications/{id}/invitation")).await;
    assert_eq!(status, 200);
    let lt = vartai_tests::locale_strings("lt");
    let en = vartai_tests::locale_strings("en");
    let html = vartai_tests::unescape(&html);
    for key in ["invite.number", "invite.invited", "invite.valid_until"] {
        assert!(
            html.contains(&vartai_tests::tr(&lt, key)),
            "{key} in Lithuanian"
        );
        assert!(
            html.contains(&vartai_tests::tr(&en, key)),
            "{key} in English"
        );
    }
    assert!(html.contains("Taras Shevchuk"));
    assert!(html.contains("Gedimino pr. 1-2, Vilnius") && html.contains("LT7654321"));
    assert!(html.contains("49004121233"), "the inviter's personal code");
    assert!(html.contains(&reference));
    assert!(html.contains("2027-06-01"));
    s.finish().await;
}

/// The ids of the cases the officer finds with the search `q`.
async fn found(b: &Browser, q: &str) -> Vec<i64> {
    let list = b.call("cases/list", &[("q", q)]).await;
    assert!(list.is_ok(), "{list:?}");
    list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

/// Issue #6.1: an officer finds a case by its reference (as printed or in one piece), the
/// person's names in any case and with or without diacritics, the passport number or the
/// e-mail; never another office's case; cases from before search are indexed at start.
async fn officers_find_cases_by_reference_name_or_number(db: Db) {
    let Submitted {
        sink,
        s,
        olena: _,
        csrf: _,
        id,
        reference,
        ..
    } = submitted(db).await;
    let (vilnius, _) = officer(&s, &sink, "v@example.lt", &["vilnius"]).await;
    let (kaunas, _) = officer(&s, &sink, "k@example.lt", &["kaunas"]).await;
    let compact: String = reference.chars().filter(char::is_ascii_digit).collect();
    for q in [
        reference.as_str(),
        compact.as_str(),
        "KOVALENKO olena",
        "Kovalenkó",
        "fa123456",
        "olena@example.org",
        "jonaitis",
    ] {
        assert_eq!(found(&vilnius, q).await, vec![id], "{q}");
        assert!(found(&kaunas, q).await.is_empty(), "another office: {q}");
    }
    for q in ["Petrenko", "olena petrenko", "2025-000001-0"] {
        assert!(found(&vilnius, q).await.is_empty(), "{q}");
    }
    // The page keeps the search in its field (works without JavaScript: a GET form).
    let (status, html) = vilnius.page("/staff/cases?q=kovalenko").await;
    assert_eq!(status, 200);
    assert!(html.contains("name=\"q\""), "{html}");
    assert!(html.contains("value=\"kovalenko\""), "{html}");
    assert!(html.contains(&reference), "{html}");

    // A case submitted before search existed is found once the server has indexed it.
    sqlx::query("UPDATE applications SET search_text = ''")
        .execute(&s.db.pool)
        .await
        .unwrap();
    assert!(found(&vilnius, "kovalenko").await.is_empty());
    assert_eq!(app::cases::ssr::index_for_search(&s.db).await.unwrap(), 1);
    assert_eq!(found(&vilnius, "kovalenko").await, vec![id]);
    s.finish().await;
}

/// R-DL-3: documents asked for by 2026-12-10 that have not come: on that day the clock still
/// stands; from the next the case is marked for refusal on the worklist, and the refusal form
/// carries the reason written out for the officer to check (an officer decides, not a job).
async fn documents_not_in_by_the_time_limit_are_marked_for_refusal(db: Db) {
    let Submitted {
        sink,
        s,
        olena: _,
        csrf: _,
        id,
        ..
    } = submitted(db).await;
    let (off, off_csrf) = officer(&s, &sink, "officer@example.lt", &["vilnius"]).await;
    let s = s.restart_at("2026-12-01T09:00:00Z").await;
    let off = off.clone_session(&s);
    let a = act(
        &off,
        &off_csrf,
        id,
        "request_documents",
        &[
            ("doc_sufficient_funds", "1"),
            ("due_date", "2026-12-10"),
            ("message", "A bank statement, please."),
        ],
    )
    .await;
    assert!(a.is_ok(), "{a:?}");
    let risk = |b: Browser| async move {
        let list = b.call("cases/list", &[]).await;
        (listed(&list.body, id).unwrap()["risk"].clone(), b)
    };
    let s = s.restart_at("2026-12-10T09:00:00Z").await;
    let (r, _) = risk(off.clone_session(&s)).await;
    assert_eq!(r, "stopped", "the last day of the time limit");
    let s = s.restart_at("2026-12-11T09:00:00Z").await;
    let (r, off) = risk(off.clone_session(&s)).await;
    assert_eq!(r, "documents_overdue");
    let en = vartai_tests::locale_strings("en");
    let (_, html) = off.page("/staff/cases").await;
    assert!(
        html.contains(&vartai_tests::tr(&en, "case.risk.documents_overdue")),
        "{html}"
    );
    assert!(html.contains("risk-documentsoverdue"), "{html}");
    let (status, html) = off.page(&format!("/staff/cases/{id}")).await;
    assert_eq!(status, 200);
    let reason = vartai_tests::tr(&en, "case.documents_overdue_reason")
        .replace("{{ sent }}", "2026-12-01")
        .replace("{{ due }}", "2026-12-10");
    assert!(html.contains(&reason), "the reason is written out: {html}");
    let a = act(&off, &off_csrf, id, "refuse", &[("reason", &reason)]).await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(case_row(&s, id).await.0, "refused");
    s.finish().await;
}

/// R-DL-7: the Vilnius officer sends a case to Kaunas: Kaunas takes it over at once (Vilnius
/// no longer sees it), the applicant is told where to go now, the paper file is to be sent
/// within 5 working days (general procedure: Monday 2026-11-23 → Monday 2026-11-30), Kaunas
/// confirms the file; one move at a time; never to the case's own office or a made-up one.
async fn a_case_moves_to_another_office(db: Db) {
    let Submitted {
        sink,
        s,
        olena,
        csrf: _,
        id,
        reference,
        ..
    } = submitted(db).await;
    let (vilnius, v_csrf) = officer(&s, &sink, "v@example.lt", &["vilnius"]).await;
    let (kaunas, k_csrf) = officer(&s, &sink, "k@example.lt", &["kaunas"]).await;
    let en = vartai_tests::locale_strings("en");
    let (_, html) = vilnius.page(&format!("/staff/cases/{id}")).await;
    assert!(html.contains("id=\"action-transfer\""), "{html}");
    assert!(
        html.contains("2026-11-30"),
        "the R-DL-7 term is named: {html}"
    );
    assert!(!html.contains("id=\"action-file_received\""));

    let a = act(&vilnius, &v_csrf, id, "transfer", &[("office", "vilnius")]).await;
    assert_eq!(
        codes(&a),
        vec![("office".to_string(), "same_office".to_string())]
    );
    let a = act(&vilnius, &v_csrf, id, "transfer", &[("office", "atlantis")]).await;
    assert_eq!(
        codes(&a),
        vec![("office".to_string(), "required".to_string())]
    );
    assert!(found(&kaunas, &reference).await.is_empty(), "nothing moved");

    let mails = sink.received().len();
    let a = act(&vilnius, &v_csrf, id, "transfer", &[("office", "kaunas")]).await;
    assert_eq!(a.redirect(), Some("/staff/cases?done=transfer"), "{a:?}");
    assert_eq!(
        vilnius
            .call("cases/one", &[("id", &id.to_string())])
            .await
            .status
            .as_u16(),
        404,
        "Vilnius has let it go"
    );
    let list = kaunas.call("cases/list", &[]).await;
    let item = listed(&list.body, id).expect("on the Kaunas worklist");
    assert_eq!(item["file_due"], "2026-11-30");
    assert_eq!(item["assigned"], Value::Null);
    let (_, html) = kaunas.page("/staff/cases").await;
    let due = vartai_tests::tr(&en, "case.file_due").replace("{{ date }}", "2026-11-30");
    assert!(html.contains(&due), "{html}");
    let notice = mail_to(&sink, "olena@example.org", mails).await;
    assert!(notice.subject.contains(&reference), "{}", notice.subject);
    assert!(notice.body.contains("Kauno"), "{}", notice.body);
    let one = olena
        .call("applications/one", &[("id", &id.to_string())])
        .await;
    assert_eq!(one.body["case"]["office"]["slug"], "kaunas");

    // Not on again before the file is there; then Kaunas confirms it.
    let a = act(&kaunas, &k_csrf, id, "transfer", &[("office", "klaipeda")]).await;
    assert_eq!(
        codes(&a),
        vec![("action".to_string(), "action_not_allowed".to_string())]
    );
    let a = act(&kaunas, &k_csrf, id, "file_received", &[]).await;
    assert!(a.is_ok(), "{a:?}");
    let list = kaunas.call("cases/list", &[]).await;
    assert_eq!(listed(&list.body, id).unwrap()["file_due"], Value::Null);
    let a = act(&kaunas, &k_csrf, id, "file_received", &[]).await;
    assert_eq!(
        codes(&a),
        vec![("action".to_string(), "action_not_allowed".to_string())]
    );
    let moves: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM application_events WHERE application_id = $1 \
         AND kind IN ('transfer', 'file_received')",
    )
    .bind(id)
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(moves, 2);
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('case.transfer', 'case.file_received')",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 2);
    s.finish().await;
}

/// Issue #21.5: an officer cannot act on their own application. Olena, whose case is at
/// Vilnius, becomes a Vilnius officer: her own case is refused to her (403, audited), though
/// another officer there handles it.
async fn nobody_handles_their_own_case(db: Db) {
    let Submitted { sink, s, id, .. } = submitted(db).await;
    // Her receipt goes out first, so the next mail to her is the login code.
    vartai_tests::outbox_drained(&s).await;
    let (olena, o_csrf) = officer(&s, &sink, "olena@example.org", &["vilnius"]).await;
    let a = act(&olena, &o_csrf, id, "confirm_fee", &[]).await;
    assert_eq!(
        (a.status.as_u16(), a.body.clone()),
        (403, serde_json::json!("Forbidden")),
        "{a:?}"
    );
    let refused: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'authz.own_case'")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(refused, 1);
    let (other, other_csrf) = officer(&s, &sink, "officer@example.lt", &["vilnius"]).await;
    let a = act(&other, &other_csrf, id, "confirm_fee", &[]).await;
    assert!(a.is_ok(), "{a:?}");
    s.finish().await;
}

both_databases!(
    nobody_handles_their_own_case,
    the_legal_clock_stops_and_restarts,
    cases_and_files_stay_within_their_office,
    an_approved_invitation_prints_in_lithuanian_and_english,
    officers_find_cases_by_reference_name_or_number,
    documents_not_in_by_the_time_limit_are_marked_for_refusal,
    a_case_moves_to_another_office,
);
