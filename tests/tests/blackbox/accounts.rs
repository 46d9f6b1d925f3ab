//! Accounts (issue #4) over real HTTP against the real server, on SQLite and PostgreSQL: the
//! e-mail one-time-code login (R-AC-2) with the code read from a real SMTP server, the
//! first-login contact details (R-AC-3/4), sessions, CSRF, rate limits and logging out.
use serde_json::json;
use sqlx::Row;
use std::time::Duration;
use vartai_tests::browser::{form_value, Browser};
use vartai_tests::login::{ask_code, code_in, log_in, nth_mail, start};
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::{both_databases, locale_strings, tr, Db};

async fn email_login_end_to_end_in_the_users_language(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    let uk = locale_strings("uk");
    let b = Browser::with_language(&s, Some("uk"));

    // The login page starts a session (for its form's token) with a hardened cookie.
    let r = b
        .client
        .get(s.url("/login"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("vartai="))
        .expect("a session cookie");
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attr), "{attr} in {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http: no Secure, no __Host- ({cookie})"
    );
    let html = vartai_tests::unescape(&r.text().await.unwrap());
    assert!(html.contains(&tr(&uk, "login.send_code")));
    let csrf = form_value(&html, "csrf").expect("token in the form");

    // Step 1: the address, typed with capitals and spaces.
    let a = b
        .call(
            "account/request-code",
            &[("email", "  Olena.K@Example.ORG "), ("csrf", &csrf)],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(a.redirect(), Some("/login/code"));
    let mail = nth_mail(&sink, 1).await;
    assert!(mail.to.contains("olena.k@example.org"), "{}", mail.to);
    let code = code_in(&mail);
    assert_eq!(
        mail.subject,
        tr(&uk, "account.mail.subject").replace("{{ code }}", &code)
    );
    // 60 minutes (R-AC-2), in Ukrainian's "many" plural form.
    assert!(mail
        .body
        .contains(&tr(&uk, "account.mail.valid_many").replace("{{ count }}", "60")));
    assert!(mail.body.contains(&tr(&uk, "account.mail.never_ask")));

    // The code is stored only as a keyed hash.
    let stored: String = sqlx::query_scalar("SELECT code_hash FROM login_attempts")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert!(!stored.contains(&code));

    let (status, html) = b.page("/login/code").await;
    assert_eq!(status, 200);
    assert!(html.contains("o…k@example.org"), "the masked address");

    // Step 2: the code, as copied with a space; a new session id on login.
    let session_before = b.cookie("vartai").unwrap();
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    let a = b
        .call("account/verify-code", &[("code", &spaced), ("csrf", &csrf)])
        .await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(a.redirect(), Some("/account"));
    let session_after = b.cookie("vartai").unwrap();
    assert_ne!(
        session_before, session_after,
        "the session id changes at login"
    );

    // Personal pages are never cached.
    let r = b.client.get(s.url("/account")).send().await.unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");

    // First login: the contact form (R-AC-3), with a fresh token.
    let (_, html) = b.page("/account").await;
    assert!(html.contains(&tr(&uk, "account.contact_intro")));
    assert!(html.contains("olena.k@example.org"));
    let csrf2 = form_value(&html, "csrf").unwrap();
    assert_ne!(csrf2, csrf, "a new CSRF token after login");
    let old = b
        .call(
            "account/contact",
            &[
                ("first_name", "Olena"),
                ("surname", "Kovalenko"),
                ("phone", "8 612 34567"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(old.error().as_deref(), Some("FormExpired"), "{old:?}");

    // Every field's rule at once, named (R-AC-3).
    let long = "A".repeat(32);
    let bad = b
        .call(
            "account/contact",
            &[
                ("first_name", long.as_str()),
                ("surname", ""),
                ("phone", "12"),
                ("csrf", &csrf2),
            ],
        )
        .await;
    assert_eq!(bad.error().as_deref(), Some("Invalid"));
    let fields: Vec<&str> = bad.body["Invalid"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["first_name", "surname", "phone"]);

    let ok = b
        .call(
            "account/contact",
            &[
                ("first_name", "Olena"),
                ("surname", "Kovalenko"),
                ("phone", "8 612 34567"),
                ("csrf", &csrf2),
            ],
        )
        .await;
    assert!(ok.is_ok(), "{ok:?}");
    let (_, html) = b.page("/account").await;
    assert!(html.contains("Olena Kovalenko"));
    assert!(html.contains("+37061234567"));
    assert!(html.contains(&tr(&uk, "account.names_by_officer")));

    // R-AC-4: later, only the phone changes; names sent anyway are ignored.
    let later = b
        .call(
            "account/contact",
            &[
                ("first_name", "Mallory"),
                ("surname", "Evil"),
                ("phone", "+48 601 234 567"),
                ("csrf", &csrf2),
            ],
        )
        .await;
    assert!(later.is_ok(), "{later:?}");
    assert_eq!(later.redirect(), Some("/account?done=contact"));
    let row = sqlx::query("SELECT first_name, surname, phone, locale FROM users")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(row.get::<String, _>("first_name"), "Olena");
    assert_eq!(row.get::<String, _>("surname"), "Kovalenko");
    assert_eq!(row.get::<String, _>("phone"), "+48601234567");
    assert_eq!(row.get::<String, _>("locale"), "uk");

    // The audit trail.
    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(
        actions,
        [
            "login.code_sent",
            "login.email",
            "contact.first",
            "contact.phone"
        ]
    );

    // Logging out ends the session.
    let out = b.call("account/logout", &[("csrf", &csrf2)]).await;
    assert!(out.is_ok(), "{out:?}");
    assert_eq!(out.redirect(), Some("/"));
    let (_, html) = b.page("/account").await;
    assert!(html.contains(&tr(&uk, "account.error.not_logged_in")));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'logout'")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    s.finish().await;
}

async fn five_wrong_codes_kill_the_attempt(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    let b = Browser::new(&s);
    let csrf = ask_code(&b, "taras@example.org").await;
    let code = code_in(&nth_mail(&sink, 1).await);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..=4).rev() {
        let a = b
            .call("account/verify-code", &[("code", wrong), ("csrf", &csrf)])
            .await;
        assert_eq!(a.body, json!({ "WrongCode": { "tries_left": left } }));
        assert_eq!(a.status, 400);
    }
    let a = b
        .call("account/verify-code", &[("code", wrong), ("csrf", &csrf)])
        .await;
    assert_eq!(a.body, json!("Locked"));
    // Dead: even the right code no longer works.
    let a = b
        .call("account/verify-code", &[("code", &code), ("csrf", &csrf)])
        .await;
    assert_eq!(a.body, json!("Locked"));
    // A malformed code is a field error and costs no try.
    let a = b
        .call("account/verify-code", &[("code", "12ab"), ("csrf", &csrf)])
        .await;
    assert_eq!(a.error().as_deref(), Some("Invalid"));
    assert_eq!(a.body["Invalid"]["errors"][0]["field"], "login_code");
    // A new code starts a new attempt.
    ask_code(&b, "taras@example.org").await;
    let code = code_in(&nth_mail(&sink, 2).await);
    let a = b
        .call("account/verify-code", &[("code", &code), ("csrf", &csrf)])
        .await;
    assert!(a.is_ok(), "{a:?}");
    // Every refused code is in the audit log, with its reason and the address masked.
    let failed: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'login.failed' ORDER BY id",
    )
    .fetch_all(&s.db.pool)
    .await
    .unwrap();
    let reasons: Vec<String> = failed
        .iter()
        .map(|d| {
            let d: serde_json::Value = serde_json::from_str(d).unwrap();
            d["reason"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        reasons,
        [
            "wrong_code",
            "wrong_code",
            "wrong_code",
            "wrong_code",
            "locked",
            "locked",
            "invalid"
        ]
    );
    assert!(
        failed[0].contains(r#""email":"t…s@example.org""#),
        "{}",
        failed[0]
    );
    s.finish().await;
}

async fn a_code_works_once_and_only_in_the_browser_that_asked(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    let asker = Browser::new(&s);
    let csrf = ask_code(&asker, "daria@example.org").await;
    let code = code_in(&nth_mail(&sink, 1).await);

    // Someone else with the code (another browser, its own session and token) gets nowhere.
    let thief = Browser::new(&s);
    let thief_csrf = thief.csrf("/login").await;
    let a = thief
        .call(
            "account/verify-code",
            &[("code", &code), ("csrf", &thief_csrf)],
        )
        .await;
    assert_eq!(a.body, json!("NoLogin"));

    // Two tabs of the asker's session send the right code at once: exactly one logs in.
    let tab = asker.clone_session(&s);
    let form = [("code", code.as_str()), ("csrf", csrf.as_str())];
    let (x, y) = tokio::join!(
        asker.call("account/verify-code", &form),
        tab.call("account/verify-code", &form)
    );
    let wins = [&x, &y].iter().filter(|a| a.is_ok()).count();
    assert_eq!(wins, 1, "{x:?} {y:?}");
    // The other tab finds the code used, or (if the winner's new session id was already
    // saved) its old session gone.
    let loser = if x.is_ok() { &y } else { &x };
    assert!(
        loser.body == json!("NoLogin") || loser.body == json!("FormExpired"),
        "{loser:?}"
    );
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(users, 1);
    s.finish().await;
}

async fn expired_codes_are_refused(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[("VARTAI_LOGIN_CODE_MINUTES", "60")]).await;
    let b = Browser::new(&s);
    let csrf = ask_code(&b, "ivan@example.org").await;
    let code = code_in(&nth_mail(&sink, 1).await);
    let (created, expires): (i64, i64) =
        sqlx::query_as("SELECT created_at, expires_at FROM login_attempts")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(expires - created, 60 * 60_000, "R-AC-2: valid 60 minutes");
    // Sixty minutes later.
    sqlx::query("UPDATE login_attempts SET expires_at = $1")
        .bind(created)
        .execute(&s.db.pool)
        .await
        .unwrap();
    let a = b
        .call("account/verify-code", &[("code", &code), ("csrf", &csrf)])
        .await;
    assert_eq!(a.body, json!("CodeExpired"));
    s.finish().await;
}

async fn the_answer_is_the_same_for_known_and_unknown_addresses(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    log_in(&Browser::new(&s), &sink, "known@example.org").await;

    let mut answers = Vec::new();
    for email in ["known@example.org", "nobody@example.org"] {
        let b = Browser::new(&s);
        let csrf = b.csrf("/login").await;
        let a = b
            .call("account/request-code", &[("email", email), ("csrf", &csrf)])
            .await;
        let (_, page) = b.page("/login/code").await;
        answers.push((
            a.status,
            a.redirect().map(str::to_string),
            a.body,
            page.len(),
        ));
    }
    assert_eq!(answers[0].0, answers[1].0);
    assert_eq!(answers[0].1, answers[1].1);
    assert_eq!(answers[0].2, answers[1].2);
    // The pages differ only in the masked address ("k…n@" vs "n…y@": same length).
    assert_eq!(answers[0].3, answers[1].3);
    // Both addresses get a code: the first code creates the account.
    let mails = sink.wait_for(3, Duration::from_secs(10)).await;
    assert_eq!(mails.len(), 3);
    s.finish().await;
}

async fn rate_limits_hold_across_server_instances(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(
        db,
        &sink,
        &[
            ("VARTAI_LOGIN_CODES_PER_ADDRESS", "2"),
            ("VARTAI_LOGIN_CODES_PER_CLIENT", "3"),
        ],
    )
    .await;
    let other = s.another_instance().await;

    // Per address: two codes, then "try again in N minutes", whichever instance is asked.
    let b1 = Browser::new(&s);
    let b2 = Browser::new(&other);
    let c1 = b1.csrf("/login").await;
    let c2 = b2.csrf("/login").await;
    let one = b1
        .call(
            "account/request-code",
            &[("email", "a@example.org"), ("csrf", &c1)],
        )
        .await;
    let two = b2
        .call(
            "account/request-code",
            &[("email", "A@example.org"), ("csrf", &c2)],
        )
        .await;
    assert!(one.is_ok() && two.is_ok(), "{one:?} {two:?}");
    let three = b1
        .call(
            "account/request-code",
            &[("email", "a@example.org"), ("csrf", &c1)],
        )
        .await;
    assert_eq!(three.error().as_deref(), Some("TooMany"), "{three:?}");
    let minutes = three.body["TooMany"]["retry_after_minutes"]
        .as_u64()
        .unwrap();
    assert!((1..=60).contains(&minutes), "{minutes}");

    // Per client address (all of these come from 127.0.0.1): the 3rd allowed, the 4th not.
    let fresh = b2
        .call(
            "account/request-code",
            &[("email", "b@example.org"), ("csrf", &c2)],
        )
        .await;
    assert!(fresh.is_ok(), "{fresh:?}");
    let over = b1
        .call(
            "account/request-code",
            &[("email", "c@example.org"), ("csrf", &c1)],
        )
        .await;
    assert_eq!(over.error().as_deref(), Some("TooMany"), "{over:?}");
    other.finish().await;
    s.finish().await;
}

/// Issue #21.4: ten code checks per address per clock hour, across all its attempts. Someone
/// who asks for two codes for another person's address and guesses five times each has used
/// them up: the next check — even that person's right code — is refused until the hour ends,
/// and no longer (at most 60 minutes).
async fn code_checks_have_an_hourly_budget_per_address(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    let attacker = Browser::new(&s);
    for _ in 0..2 {
        let before = sink.received().len();
        let csrf = ask_code(&attacker, "victim@example.org").await;
        let code =
            code_in(&vartai_tests::login::mail_to(&sink, "victim@example.org", before).await);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for _ in 0..5 {
            let a = attacker
                .call("account/verify-code", &[("code", wrong), ("csrf", &csrf)])
                .await;
            assert!(
                a.body.get("WrongCode").is_some() || a.body == json!("Locked"),
                "{a:?}"
            );
        }
    }
    let victim = Browser::new(&s);
    let before = sink.received().len();
    let csrf = ask_code(&victim, "victim@example.org").await;
    let code = code_in(&vartai_tests::login::mail_to(&sink, "victim@example.org", before).await);
    let a = victim
        .call("account/verify-code", &[("code", &code), ("csrf", &csrf)])
        .await;
    let minutes = a.body["TooMany"]["retry_after_minutes"]
        .as_u64()
        .unwrap_or_else(|| panic!("refused for the hour: {a:?}"));
    assert!((1..=60).contains(&minutes), "{minutes}");
    s.finish().await;
}

both_databases!(
    code_checks_have_an_hourly_budget_per_address,
    email_login_end_to_end_in_the_users_language,
    five_wrong_codes_kill_the_attempt,
    a_code_works_once_and_only_in_the_browser_that_asked,
    expired_codes_are_refused,
    the_answer_is_the_same_for_known_and_unknown_addresses,
    rate_limits_hold_across_server_instances,
);
