//! Cases seen from the office (issues #6, #6.1, #21.5) over real HTTP on SQLite and PostgreSQL:
//! officers find cases by reference, name or number; documents not in by the time limit mark a
//! case for refusal; a case moves to another office; nobody handles their own case.
use crate::cases::{case_row, submitted, Submitted};
use serde_json::Value;
use vartai_tests::browser::Browser;
use vartai_tests::cases::{act, listed, request_documents};
use vartai_tests::login::{mail_to, officer};
use vartai_tests::{both_databases, codes, pairs, Db};

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
    let Submitted { sink, s, olena: _, csrf: _, id, reference, .. } = submitted(db).await;
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
    let Submitted { sink, s, olena: _, csrf: _, id, .. } = submitted(db).await;
    let (off, off_csrf) = officer(&s, &sink, "officer@example.lt", &["vilnius"]).await;
    let s = s.restart_at("2026-12-01T09:00:00Z").await;
    let off = off.clone_session(&s);
    let a = request_documents(
        &off,
        &off_csrf,
        id,
        &["sufficient_funds"],
        "2026-12-10",
        "A bank statement, please.",
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
    let Submitted { sink, s, olena, csrf: _, id, reference, .. } = submitted(db).await;
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
    assert_eq!(codes(&a), pairs(&[("office", "same_office")]));
    let a = act(&vilnius, &v_csrf, id, "transfer", &[("office", "atlantis")]).await;
    assert_eq!(codes(&a), pairs(&[("office", "required")]));
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
    assert_eq!(codes(&a), pairs(&[("action", "action_not_allowed")]));
    let a = act(&kaunas, &k_csrf, id, "file_received", &[]).await;
    assert!(a.is_ok(), "{a:?}");
    let list = kaunas.call("cases/list", &[]).await;
    assert_eq!(listed(&list.body, id).unwrap()["file_due"], Value::Null);
    let a = act(&kaunas, &k_csrf, id, "file_received", &[]).await;
    assert_eq!(codes(&a), pairs(&[("action", "action_not_allowed")]));
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
    officers_find_cases_by_reference_name_or_number,
    documents_not_in_by_the_time_limit_are_marked_for_refusal,
    a_case_moves_to_another_office,
);
