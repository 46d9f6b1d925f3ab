//! Sessions (issue #4) over real HTTP on SQLite and PostgreSQL: forged requests refused (CSRF),
//! logging out other devices, idle and maximum session age, the login without JavaScript, and a
//! new e-mail address confirmed by a code sent to it.
use serde_json::json;
use std::time::Duration;
use vartai_tests::browser::{form_value, Browser};
use vartai_tests::login::{code_in, log_in, nth_mail, start};
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::{both_databases, locale_strings, tr, Db};

async fn forged_requests_are_refused(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    let b = Browser::new(&s);
    let csrf = b.csrf("/login").await;

    // No token, or another session's token.
    let a = b
        .call(
            "account/request-code",
            &[("email", "x@example.org"), ("csrf", "")],
        )
        .await;
    assert_eq!(a.body, json!("FormExpired"));
    let other = Browser::new(&s);
    let other_csrf = other.csrf("/login").await;
    let a = b
        .call(
            "account/request-code",
            &[("email", "x@example.org"), ("csrf", &other_csrf)],
        )
        .await;
    assert_eq!(a.body, json!("FormExpired"));

    // A form on another site posting here (its browser names it) never reaches the function.
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let r = b
            .client
            .post(s.url("/api/account/request-code"))
            .header(name, value)
            .form(&[("email", "x@example.org"), ("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{name}: {value}");
    }
    // Our own pages' requests carry our origin and pass.
    let r = b
        .client
        .post(s.url("/api/account/request-code"))
        .header("origin", s.base.clone())
        .header("sec-fetch-site", "same-origin")
        .form(&[("email", "x@example.org"), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(sink.wait_for(1, Duration::from_secs(10)).await.len(), 1);
    s.finish().await;
}

async fn logging_out_other_devices_ends_them(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    let en = locale_strings("en");
    let phone = Browser::new(&s);
    let laptop = Browser::new(&s);
    log_in(&phone, &sink, "maria@example.org").await;
    log_in(&laptop, &sink, "maria@example.org").await;
    for b in [&phone, &laptop] {
        let (_, html) = b.page("/account").await;
        assert!(html.contains(&tr(&en, "account.contact_intro")));
    }
    let (_, html) = phone.page("/account").await;
    let csrf = form_value(&html, "csrf").unwrap();
    let a = phone
        .call("account/logout-others", &[("csrf", &csrf)])
        .await;
    assert!(a.is_ok(), "{a:?}");
    let (_, html) = laptop.page("/account").await;
    assert!(html.contains(&tr(&en, "account.error.not_logged_in")));
    let (_, html) = phone.page("/account").await;
    assert!(
        html.contains(&tr(&en, "account.contact_intro")),
        "this device stays"
    );
    s.finish().await;
}

async fn sessions_end_after_idle_time_and_at_their_maximum_age(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let en = locale_strings("en");
    let logged_in = |html: &str| {
        let inside = html.contains(&tr(&en, "account.contact_intro"));
        let outside = html.contains(&tr(&en, "account.error.not_logged_in"));
        assert!(inside != outside, "either in or out: {html}");
        inside
    };

    // The sessions' clock is moved, not waited for. Idle: 30 minutes (the default). Use every
    // 20 minutes keeps the session for two hours; 31 minutes of silence ends it.
    let minutes = |m: i64| jiff::SignedDuration::from_mins(m);
    let s = start(db, &sink, &[]).await;
    let b = Browser::new(&s);
    log_in(&b, &sink, "idle@example.org").await;
    for _ in 0..6 {
        s.session_clock.advance(minutes(20));
        assert!(logged_in(&b.page("/account").await.1), "kept alive by use");
    }
    s.session_clock.advance(minutes(29));
    assert!(logged_in(&b.page("/account").await.1), "29 minutes idle");
    s.session_clock.advance(minutes(31));
    assert!(
        !logged_in(&b.page("/account").await.1),
        "ended after 31 minutes idle"
    );
    s.finish().await;

    // Absolute: 12 hours after login (the default), however busy.
    let s = start(db, &sink, &[]).await;
    let b = Browser::new(&s);
    log_in(&b, &sink, "busy@example.org").await;
    for _ in 0..(12 * 3) {
        assert!(logged_in(&b.page("/account").await.1), "busy, within 12 h");
        s.session_clock.advance(minutes(20));
    }
    s.session_clock.advance(minutes(1));
    assert!(
        !logged_in(&b.page("/account").await.1),
        "ended 12 h after login"
    );
    s.finish().await;
}

async fn the_login_works_without_javascript(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    let lt = locale_strings("lt");
    let b = Browser::with_language(&s, Some("lt"));

    // A bad address: back to the form, the message names the field, the text is kept.
    let csrf = b.csrf("/login").await;
    let (status, to) = b
        .submit(
            "account/request-code",
            "/login",
            &[("email", "olena(at)example.org"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(status, 302);
    assert!(to.starts_with(&s.url("/login?")), "{to}");
    let back = to.trim_start_matches(&s.base);
    let (_, html) = b.page(back).await;
    let message = tr(&lt, "error.invalid_format").replace("{{ field }}", &tr(&lt, "field.email"));
    assert!(html.contains(&message), "{message}");
    assert!(html.contains(&tr(&lt, "error.title")));
    assert_eq!(
        form_value(&html, "email").as_deref(),
        Some("olena(at)example.org")
    );

    // The right address: on to the code page.
    let (status, to) = b
        .submit(
            "account/request-code",
            "/login",
            &[("email", "olena@example.org"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!((status.as_u16(), to.as_str()), (302, "/login/code"));
    let code = code_in(&nth_mail(&sink, 1).await);

    // A wrong code: the count of tries left, in Lithuanian's plural ("Liko 4 bandymai").
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (_, to) = b
        .submit(
            "account/verify-code",
            "/login/code",
            &[("code", wrong), ("csrf", &csrf)],
        )
        .await;
    let (_, html) = b.page(to.trim_start_matches(&s.base)).await;
    let message = tr(&lt, "account.error.wrong_code_few").replace("{{ count }}", "4");
    assert!(html.contains(&message), "{message}");

    let (status, to) = b
        .submit(
            "account/verify-code",
            "/login/code",
            &[("code", &code), ("csrf", &csrf)],
        )
        .await;
    assert_eq!((status.as_u16(), to.as_str()), (302, "/account"));
    let (_, html) = b.page("/account").await;
    assert!(html.contains(&tr(&lt, "account.contact_intro")));
    // The header now offers the account, not the login.
    assert!(html.contains(&tr(&lt, "nav.account")));
    s.finish().await;
}

async fn a_new_email_address_is_confirmed_by_a_code_sent_to_it(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    let en = locale_strings("en");
    let b = Browser::new(&s);
    log_in(&b, &sink, "old@example.org").await;
    let csrf = b.csrf("/account").await;

    let a = b
        .call(
            "account/email",
            &[("email", "New@Example.ORG"), ("csrf", &csrf)],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    let mail = nth_mail(&sink, 2).await;
    assert!(mail.to.contains("new@example.org"), "{}", mail.to);
    let code = code_in(&mail);
    assert_eq!(
        mail.subject,
        tr(&en, "account.mail.change_subject").replace("{{ code }}", &code)
    );
    let view = b
        .call("account/session", &[("with_csrf", "true")])
        .await
        .body;
    assert_eq!(view["pending_email_change"], "n…w@example.org");

    // Nothing changes until the code is given; a wrong one costs a try.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let a = b
        .call("account/email-confirm", &[("code", wrong), ("csrf", &csrf)])
        .await;
    assert_eq!(a.body, json!({ "WrongCode": { "tries_left": 4 } }));
    let email: String = sqlx::query_scalar("SELECT email FROM users")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(email, "old@example.org");

    let a = b
        .call("account/email-confirm", &[("code", &code), ("csrf", &csrf)])
        .await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(a.redirect(), Some("/account?done=email"));
    let email: String = sqlx::query_scalar("SELECT email FROM users")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(email, "new@example.org");
    // The old address is told.
    let told = nth_mail(&sink, 3).await;
    assert!(told.to.contains("old@example.org"), "{}", told.to);
    assert_eq!(told.subject, tr(&en, "account.mail.changed_subject"));
    assert!(told.body.contains("n…w@example.org"));
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'contact.email'")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);

    // Someone else cannot take the address, even with a code sent to it.
    let other = Browser::new(&s);
    log_in(&other, &sink, "other@example.org").await;
    let csrf = other.csrf("/account").await;
    let a = other
        .call(
            "account/email",
            &[("email", "new@example.org"), ("csrf", &csrf)],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    let code = code_in(&nth_mail(&sink, 5).await);
    let a = other
        .call("account/email-confirm", &[("code", &code), ("csrf", &csrf)])
        .await;
    assert_eq!(a.body, json!("EmailTaken"));
    assert_eq!(a.status, 409);
    // The refusal is a 4xx, so the session was saved: the pending change is gone.
    let view = other
        .call("account/session", &[("with_csrf", "false")])
        .await
        .body;
    assert_eq!(view["pending_email_change"], json!(null));

    // The new address logs in to the same account.
    let again = Browser::new(&s);
    log_in(&again, &sink, "new@example.org").await;
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(users, 2);
    s.finish().await;
}

both_databases!(
    forged_requests_are_refused,
    logging_out_other_devices_ends_them,
    sessions_end_after_idle_time_and_at_their_maximum_age,
    the_login_works_without_javascript,
    a_new_email_address_is_confirmed_by_a_code_sent_to_it,
);
