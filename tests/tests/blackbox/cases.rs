//! Case handling (issue #6) over real HTTP on SQLite and PostgreSQL: the legal clock stopped by
//! a documents request and restarted by the applicant's upload (R-DL-2, R-DL-3, R-DL-10) with
//! the server's days moved by restarting it at a later `VARTAI_NOW`; decisions; and scoping:
//! officers see only their offices' cases, applicants only their own (IDOR on every route).
use vartai_tests::apply::*;
use vartai_tests::browser::Browser;
use vartai_tests::cases::{act, approve, listed, request_documents};
use vartai_tests::login::{mail_to, officer, start};
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::{both_databases, codes, pairs, Db, TestServer};

/// Olena's family TRP, submitted at Vilnius on `NOW`: where most case tests start.
pub(crate) struct Submitted {
    pub sink: SmtpSink,
    pub s: TestServer,
    pub olena: Browser,
    pub csrf: String,
    pub id: i64,
    pub reference: String,
}

pub(crate) async fn submitted(db: Db) -> Submitted {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let olena = Browser::new(&s);
    let csrf = applicant(&olena, &sink, "olena@example.org").await;
    let (id, reference) = submit_family_trp(&olena, &csrf, "vilnius").await;
    Submitted { sink, s, olena, csrf, id, reference }
}

pub(crate) async fn case_row(s: &TestServer, id: i64) -> (String, Option<String>) {
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
    let Submitted { sink, s, olena, csrf, id, reference, .. } = submitted(db).await;
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
    let a = request_documents(&off, &off_csrf, id, &[], "2026-12-01", "x").await;
    assert_eq!(a.status.as_u16(), 400);
    assert_eq!(
        codes(&a),
        vec![
            ("documents".to_string(), "required".to_string()),
            ("due_date".to_string(), "date_in_past".to_string())
        ]
    );
    let a = request_documents(
        &off,
        &off_csrf,
        id,
        &["sufficient_funds"],
        "2026-12-31",
        "A bank statement for the last 3 months, please.",
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
    let a = approve(&off, &off_csrf, id, "2027-12-01").await;
    assert_eq!(codes(&a), pairs(&[("action", "action_not_allowed")]));
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
    let a = approve(&off, &off_csrf, id, "2027-12-05").await;
    assert_eq!(codes(&a), pairs(&[("action", "action_not_allowed")]));
    let a = act(&off, &off_csrf, id, "confirm_fee", &[]).await;
    assert!(a.is_ok(), "{a:?}");
    let a = approve(&off, &off_csrf, id, "2026-12-05").await;
    assert_eq!(codes(&a), pairs(&[("valid_until", "date_in_past")]));
    let mails = sink.received().len();
    let a = approve(&off, &off_csrf, id, "2027-12-05").await;
    assert!(a.is_ok(), "{a:?}");
    // Sent twice (a second officer, a double click): refused, nothing changes.
    let a = approve(&off, &off_csrf, id, "2027-12-05").await;
    assert_eq!(codes(&a), pairs(&[("action", "action_not_allowed")]));
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
    assert_eq!(codes(&a), pairs(&[("valid_until", "extension_too_long")]));
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
    let Submitted { sink, s, olena, csrf: _, id, .. } = submitted(db).await;
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
    let a = approve(&off, &off_csrf, id, "2027-06-01").await;
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

both_databases!(
    the_legal_clock_stops_and_restarts,
    cases_and_files_stay_within_their_office,
    an_approved_invitation_prints_in_lithuanian_and_english,
);
