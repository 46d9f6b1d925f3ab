//! Applications (issue #5) over real HTTP on SQLite and PostgreSQL: a family-reunification
//! TRP from draft to receipt; every rule refused again by the server when the browser is
//! bypassed; drafts that survive a restart and a new login; starting and submitting twice.
//!
//! The server's clock is pinned to Monday 2026-11-23 (Vilnius), so the deadlines are known:
//! R-DL-2 (2023 guide, family TRP, general) 3 months → 2027-02-23; R-FL-1 4 months →
//! 2027-03-23.
use serde_json::json;
use vartai_tests::apply::*;
use vartai_tests::browser::{form_value, Browser};
use vartai_tests::login::{log_in, nth_mail, start};
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::{both_databases, codes, locale_strings, pairs, tr, Db, TestServer};

async fn row(s: &TestServer, id: i64) -> (String, Option<String>, Option<String>, Option<String>) {
    use sqlx::Row;
    let r = sqlx::query(
        "SELECT status, decision_due, appear_by, reference FROM applications WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    (
        r.get("status"),
        r.get("decision_due"),
        r.get("appear_by"),
        r.get("reference"),
    )
}

async fn a_family_trp_goes_from_draft_to_receipt(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let b = Browser::new(&s);
    let csrf = applicant(&b, &sink, "olena@example.org").await;
    let id = start_draft(&b, "trp_issue").await;
    let (_, _, _, reference) = row(&s, id).await;
    let reference = reference.expect("a reference from the start (R-SV-6 pays with it)");
    assert!(reference.starts_with("2026-"), "{reference}");

    // The task list shows every section, none done.
    let en = locale_strings("en");
    let (status, html) = b.page(&format!("/applications/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains(&reference));
    assert!(html.contains(&tr(&en, "apply.section.criminal_record")));
    assert_eq!(
        html.matches(&tr(&en, "apply.state.not_started")).count(),
        7,
        "the applicant's names are prefilled"
    );

    fill_family_trp(&b, &csrf, id).await;

    // The fee page shows the payment request with the reference (R-SV-6).
    let (_, html) = b.page(&format!("/applications/{id}/fee")).await;
    assert!(html.contains("188659752"), "payee code");
    assert!(html.contains("5740"), "payment code");
    assert!(html.contains(&reference));

    // R-PM-6: not without the documents.
    let (_, html) = b.page(&format!("/applications/{id}/check")).await;
    assert!(
        form_value(&html, "submit_key").is_none(),
        "no submit button yet"
    );
    let a = b
        .call(
            "applications/submit",
            &[
                ("id", &id.to_string()),
                ("submit_key", "early"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(
        codes(&a),
        vec![
            ("documents".to_string(), "documents_missing".to_string()),
            ("office".to_string(), "required".to_string())
        ]
    );
    upload_family_trp_documents(&b, &csrf, id).await;

    let (status, html) = b.page(&format!("/applications/{id}/check")).await;
    assert_eq!(status, 200);
    let submit_key = form_value(&html, "submit_key").expect("the submit form");
    assert!(html.contains(r#"name="office""#), "the office is asked for");
    // R-IP-3: without the office the documents go to, nothing is submitted.
    let a = submit(&b, &csrf, id, &submit_key, None).await;
    assert_eq!(a.status.as_u16(), 400);
    assert_eq!(codes(&a), pairs(&[("office", "required")]));
    let a = submit(&b, &csrf, id, &submit_key, Some("vilnius")).await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(
        a.redirect(),
        Some(format!("/applications/{id}?done=submitted").as_str())
    );
    // R-DL-2 (2023 guide) and R-FL-1.
    assert_eq!(
        row(&s, id).await,
        (
            "submitted".to_string(),
            Some("2027-02-23".to_string()),
            Some("2027-03-23".to_string()),
            Some(reference.clone())
        )
    );

    // R-SV-7: the "received" notice, by e-mail (the default channel), with the deadlines.
    let mail = nth_mail(&sink, 2).await;
    assert_eq!(mail.to, "olena@example.org");
    assert!(mail.subject.contains(&reference), "{}", mail.subject);
    assert!(
        mail.body.contains("2027-02-23") && mail.body.contains("2027-03-23"),
        "{}",
        mail.body
    );

    // Sent again (a double click): harmless, the same receipt, one "submitted" event.
    let a = b
        .call(
            "applications/submit",
            &[
                ("id", &id.to_string()),
                ("submit_key", &submit_key),
                ("csrf", &csrf),
                ("office", "vilnius"),
            ],
        )
        .await;
    assert_eq!(
        a.redirect(),
        Some(format!("/applications/{id}?done=submitted").as_str())
    );
    let events: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM application_events WHERE application_id = $1 AND kind = 'submitted'",
    )
    .bind(id)
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(events, 1);

    // The application page, the list and the receipt (Lithuanian beside English, R-FL-3).
    let (_, html) = b.page(&format!("/applications/{id}?done=submitted")).await;
    assert!(html.contains(&tr(&en, "apply.submitted_title")));
    assert!(html.contains("2027-02-23") && html.contains("2027-03-23"));
    // The documents sent with it, each under its kind, its file linked (issue #5.7).
    assert!(
        html.contains("class=\"files sent-documents\""),
        "documents listed"
    );
    for kind in FAMILY_TRP_DOCUMENTS {
        assert!(html.contains(&format!("{kind}.pdf</a>")), "{kind} listed");
    }
    assert!(html.contains(&tr(&en, "doc.travel_document")));
    let (_, html) = b.page("/applications").await;
    assert!(html.contains(&reference) && html.contains(&tr(&en, "apply.status.submitted")));
    let lt = locale_strings("lt");
    let (status, html) = b.page(&format!("/applications/{id}/receipt")).await;
    assert_eq!(status, 200);
    assert!(html.contains(&tr(&lt, "apply.appear_by")), "Lithuanian");
    assert!(
        html.contains(&tr(&en, "apply.appear_by")),
        "the reader's language"
    );
    assert!(html.contains(&tr(&lt, "apply.kind.trp_issue")));

    // A submitted application cannot be changed, and its applicant's account cannot be
    // deleted while it is open.
    let a = save(&b, &csrf, id, "funds", FUNDS).await;
    assert_eq!(
        (a.status.as_u16(), a.error()),
        (409, Some("Submitted".into()))
    );
    let csrf_account = b.csrf("/account").await;
    let a = b
        .call(
            "account/delete",
            &[("confirm", "yes"), ("csrf", &csrf_account)],
        )
        .await;
    assert_eq!(
        (a.status.as_u16(), a.error()),
        (409, Some("CasesOpen".into()))
    );
    s.finish().await;
}

async fn the_server_refuses_every_rule_when_the_browser_is_bypassed(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let b = Browser::new(&s);
    let csrf = applicant(&b, &sink, "olena@example.org").await;
    let id = start_draft(&b, "trp_issue").await;
    let _ = save(&b, &csrf, id, "basis", &[("ground", "family_of_citizen")]).await;
    let _ = save(&b, &csrf, id, "permit", PERMIT).await;

    let cases: Vec<(&str, Vec<Pair>, Vec<Pair>)> = vec![
        // R-PM-7: 12 months × 1153 EUR.
        (
            "funds",
            vec![("funds", "5000")],
            vec![("funds", "insufficient_funds")],
        ),
        (
            "funds",
            vec![("funds", "lots")],
            vec![("funds", "invalid_format")],
        ),
        // R-PM-8: older than 6 months; R-PM-10 needs a country.
        (
            "criminal_record",
            vec![("country", "BY"), ("issued_on", "2026-03-01")],
            vec![("issued_on", "certificate_too_old")],
        ),
        // R-PM-9.
        (
            "insurance",
            vec![
                ("compulsory_insurance", "no"),
                ("insured_until", "2027-06-01"),
            ],
            vec![("insured_until", "insufficient_coverage")],
        ),
        // R-IP-1: a 17-year-old applies personally; R-PM-6 + R-FL-1: the passport.
        (
            "applicant",
            vec![
                ("for_whom", "child"),
                ("first_name", "Ivan"),
                ("surname", "Kovalenko"),
                ("birth_date", "2009-05-01"),
                ("citizenship", "UA"),
                ("passport_number", "FA7"),
                ("passport_valid_until", "2027-01-31"),
            ],
            vec![
                ("birth_date", "minor_applies_personally"),
                ("passport_valid_until", "document_expires_too_soon"),
            ],
        ),
        // R-AC-5 on the sponsor's code.
        (
            "sponsor",
            vec![("sponsor_name", "Jonas"), ("sponsor_code", "38703181746")],
            vec![("sponsor_code", "bad_checksum")],
        ),
        // A value no radio offers.
        (
            "basis",
            vec![("ground", "tourism")],
            vec![("ground", "invalid_format")],
        ),
        // R-SV-6: not paid, no exemption.
        (
            "fee",
            vec![("exemption", "no")],
            vec![("paid", "fee_not_paid")],
        ),
    ];
    for (section, answers, expected) in cases {
        let a = save(&b, &csrf, id, section, &answers).await;
        assert_eq!(a.status.as_u16(), 400, "{section}: {a:?}");
        assert_eq!(codes(&a), pairs(&expected), "{section}");
    }
    // Without JavaScript: the browser is sent back to the page, which shows the translated
    // message next to the field, and the refused answer in it.
    let from = format!("/applications/{id}/funds");
    let idtext = id.to_string();
    let (status, location) = b
        .submit(
            "applications/save",
            &from,
            &[
                ("id", &idtext),
                ("section", "funds"),
                ("csrf", &csrf),
                ("funds", "5000"),
            ],
        )
        .await;
    assert!(status.is_redirection(), "{status}");
    // Back to the page it came from (the Referer, absolute).
    let path = &location[location.find(&from).expect(&location)..];
    assert!(path.starts_with(&format!("{from}?")), "{location}");
    let (_, html) = b.page(path).await;
    let en = locale_strings("en");
    let message = tr(&en, "error.insufficient_funds")
        .replace("{{ field }}", &tr(&en, "field.funds"))
        .replace("{{ amount }}", "13836");
    assert!(html.contains(&message), "{message}");
    assert!(html.contains("value=\"5000\""));

    // Refused answers are kept in the draft (nothing typed is lost).
    let a = b.call("applications/one", &[("id", &id.to_string())]).await;
    assert_eq!(a.body["form"]["answers"]["issued_on"], "2026-03-01");
    assert_eq!(a.body["form"]["answers"]["ground"], "tourism");

    // Submitting an incomplete draft: refused, nothing changes.
    let a = submit(&b, &csrf, id, "k", None).await;
    assert_eq!(a.status.as_u16(), 400);
    assert!(codes(&a).contains(&("paid".into(), "fee_not_paid".into())));
    assert_eq!(row(&s, id).await.0, "draft");

    // R-DL-1: a renewal outside its window names the window.
    let id2 = start_draft(&b, "trp_change").await;
    let _ = save(&b, &csrf, id2, "permit", &[("procedure", "general")]).await;
    let a = save(&b, &csrf, id2, "renewal", &[("expires", "2027-09-01")]).await;
    assert_eq!(
        a.body["Invalid"]["errors"][0]["kind"],
        json!({"code": "outside_renewal_window", "earliest": "2027-05-01", "latest": "2027-07-01"})
    );
    // A section the kind does not have, an unknown kind, a wrong form token.
    let a = save(&b, &csrf, id2, "invitee", &[]).await;
    assert_eq!(a.status.as_u16(), 404);
    let a = save(&b, &csrf, id2, "nonsense", &[]).await;
    assert_eq!(a.status.as_u16(), 404);
    let a = save(&b, "forged", id2, "funds", FUNDS).await;
    assert_eq!(a.error(), Some("FormExpired".into()));

    // Another person's application: not found, for every route.
    let other = Browser::new(&s);
    let other_csrf = applicant(&other, &sink, "stranger@example.org").await;
    let a = save(&other, &other_csrf, id, "funds", FUNDS).await;
    assert_eq!(
        (a.status.as_u16(), a.error()),
        (404, Some("NotFound".into()))
    );
    let a = other
        .call("applications/one", &[("id", &id.to_string())])
        .await;
    assert_eq!(a.status.as_u16(), 404);
    let a = submit(&other, &other_csrf, id, "k", None).await;
    assert_eq!(a.status.as_u16(), 404);
    for path in ["", "/funds", "/check", "/receipt"] {
        let (status, _) = other.page(&format!("/applications/{id}{path}")).await;
        assert_eq!(status, 404, "{path}");
    }
    let (status, _) = Browser::new(&s).page(&format!("/applications/{id}")).await;
    assert_eq!(status, 401, "not logged in");
    s.finish().await;
}

async fn drafts_survive_a_restart_and_a_new_login(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let b = Browser::new(&s);
    let csrf = applicant(&b, &sink, "olena@example.org").await;
    let id = start_draft(&b, "eu_card_issue").await;
    // An autosave sends what is typed so far; only the fields sent change, and nothing is
    // checked yet (no redirect, no error).
    let idtext = id.to_string();
    let typed = [
        ("autosave", "1"),
        ("birth_date", "1990-04-1"),
        ("passport_number", "FA99"),
    ];
    let a = save(&b, &csrf, id, "applicant", &typed).await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(a.redirect(), None);

    let s = s.kill_and_restart().await;
    // The same browser (its session lives in the database) …
    let b = b.clone_session(&s);
    let a = b.call("applications/one", &[("id", &idtext)]).await;
    assert!(a.is_ok(), "{a:?}");
    let answers = &a.body["form"]["answers"];
    assert_eq!(answers["birth_date"], "1990-04-1", "kept as typed");
    assert_eq!(answers["passport_number"], "FA99");
    assert_eq!(answers["first_name"], "Olena", "the prefilled names stay");
    // … and another device after a new login.
    let phone = Browser::new(&s);
    log_in(&phone, &sink, "olena@example.org").await;
    let (_, html) = phone.page(&format!("/applications/{id}/applicant")).await;
    assert!(
        html.contains("value=\"FA99\""),
        "the draft resumes on another device"
    );

    // Issue #5.3 — the session ends (logged out here, say, or it timed out): the autosave is
    // refused as "not logged in" (the page says so), and the draft page offers a login that
    // comes back to it.
    let logout_csrf = phone.csrf("/account").await;
    assert!(phone
        .call("account/logout", &[("csrf", &logout_csrf)])
        .await
        .is_ok());
    let a = phone
        .call(
            "applications/save",
            &[
                ("id", &idtext),
                ("section", "applicant"),
                ("csrf", &logout_csrf),
                ("autosave", "1"),
                ("passport_number", "FA100"),
            ],
        )
        .await;
    // The ended session's form token went with it: "form expired", which the page reads as
    // "your login has ended".
    assert_eq!(
        (a.status.as_u16(), a.error().as_deref()),
        (403, Some("FormExpired")),
        "{a:?}"
    );
    let page = format!("/applications/{id}/applicant");
    let (status, html) = phone.page(&page).await;
    assert_eq!(status, 401);
    let next = page.replace('/', "%2F");
    assert!(
        html.contains(&format!("href=\"/login?next={next}\"")),
        "{html}"
    );
    let csrf = phone.csrf(&format!("/login?next={next}")).await;
    let before = sink.received().len();
    let a = phone
        .call(
            "account/request-code",
            &[
                ("email", "olena@example.org"),
                ("csrf", &csrf),
                ("next", &page),
            ],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    let code = vartai_tests::login::code_in(
        &vartai_tests::login::mail_to(&sink, "olena@example.org", before).await,
    );
    let a = phone
        .call("account/verify-code", &[("code", &code), ("csrf", &csrf)])
        .await;
    assert_eq!(a.redirect(), Some(page.as_str()), "back to the draft");
    // Another site is never a place to come back to: the login ends on the account page.
    let laptop = Browser::new(&s);
    let csrf = laptop.csrf("/login?next=%2F%2Fevil.example%2F").await;
    let before = sink.received().len();
    let a = laptop
        .call(
            "account/request-code",
            &[
                ("email", "olena@example.org"),
                ("csrf", &csrf),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    let code = vartai_tests::login::code_in(
        &vartai_tests::login::mail_to(&sink, "olena@example.org", before).await,
    );
    let a = laptop
        .call("account/verify-code", &[("code", &code), ("csrf", &csrf)])
        .await;
    assert_eq!(a.redirect(), Some("/account"), "never to another site");
    s.finish().await;
}

async fn starting_twice_makes_one_draft(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW]).await;
    let b = Browser::new(&s);
    applicant(&b, &sink, "olena@example.org").await;
    let (_, html) = b.page("/applications").await;
    let csrf = form_value(&html, "csrf").unwrap();
    let key = form_value(&html, "start_key").unwrap();
    let form = [
        ("kind", "invitation"),
        ("start_key", key.as_str()),
        ("csrf", csrf.as_str()),
    ];
    let (first, second) = tokio::join!(
        b.call("applications/start", &form),
        b.call("applications/start", &form)
    );
    assert_eq!(first.redirect(), second.redirect(), "{first:?} {second:?}");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM applications")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
    // An unknown kind is refused with the field named.
    let (_, html) = b.page("/applications").await;
    let key = form_value(&html, "start_key").unwrap();
    let a = b
        .call(
            "applications/start",
            &[("kind", "visa"), ("start_key", &key), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(a.status.as_u16(), 400);
    assert_eq!(codes(&a), pairs(&[("case", "invalid_format")]));
    s.finish().await;
}

/// Issue #21.9: a save whose conditional write keeps finding the answers changed under it (here
/// every write of the answers is made to miss, by a trigger the test installs) answers 409
/// Conflict with nothing written, for the autosave and the section's save alike; before, it
/// reported success after five misses. Once writes land again, the same save goes through.
async fn a_save_that_keeps_losing_its_race_says_so(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let postgres = matches!(db, Db::Postgres);
    let s = start(db, &sink, &[NOW]).await;
    let b = Browser::new(&s);
    let csrf = applicant(&b, &sink, "olena@example.org").await;
    let id = start_draft(&b, "eu_card_issue").await;
    let idtext = id.to_string();
    let lose_every_race: &[&str] = if postgres {
        &[
            "CREATE FUNCTION lose_every_race() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RETURN NULL; END $$",
            "CREATE TRIGGER lose_every_race BEFORE UPDATE OF answers ON applications \
             FOR EACH ROW EXECUTE FUNCTION lose_every_race()",
        ]
    } else {
        &[
            "CREATE TRIGGER lose_every_race BEFORE UPDATE OF answers ON applications \
           BEGIN SELECT RAISE(IGNORE); END",
        ]
    };
    for statement in lose_every_race {
        sqlx::query(statement).execute(&s.db.pool).await.unwrap();
    }
    let answers = || async {
        let a = b.call("applications/one", &[("id", &idtext)]).await;
        a.body["form"]["answers"].clone()
    };
    let before = answers().await;
    for autosave in ["1", ""] {
        let typed = [("autosave", autosave), ("passport_number", "FA424242")];
        let a = save(&b, &csrf, id, "applicant", &typed).await;
        assert_eq!(a.status.as_u16(), 409, "autosave={autosave}: {a:?}");
        assert_eq!(
            a.error().as_deref(),
            Some("Conflict"),
            "autosave={autosave}"
        );
        assert_eq!(answers().await, before, "nothing was written");
    }
    let drop = if postgres {
        "DROP TRIGGER lose_every_race ON applications"
    } else {
        "DROP TRIGGER lose_every_race"
    };
    sqlx::query(drop).execute(&s.db.pool).await.unwrap();
    let typed = [("autosave", "1"), ("passport_number", "FA424242")];
    let a = save(&b, &csrf, id, "applicant", &typed).await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(answers().await["passport_number"], "FA424242");
    s.finish().await;
}

both_databases!(
    a_family_trp_goes_from_draft_to_receipt,
    the_server_refuses_every_rule_when_the_browser_is_bypassed,
    drafts_survive_a_restart_and_a_new_login,
    starting_twice_makes_one_draft,
    a_save_that_keeps_losing_its_race_says_so,
);
