//! Staff accounts (issue #4.5) over real HTTP on SQLite and PostgreSQL: created with
//! `server user add`, they log in with the e-mail code plus TOTP, set up on the first login,
//! with one-time recovery codes.
use app::ssr::mfa;
use serde_json::json;
use server::cli::{user_add, UserAdd};
use std::time::Duration;
use vartai_tests::browser::Browser;
use vartai_tests::login::base32_decode;
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::{both_databases, locale_strings, tr, Db, TestServer};

async fn start(db: Db, sink: &SmtpSink) -> TestServer {
    let url = sink.url();
    TestServer::start_with(db, &[("VARTAI_OUTBOX_POLL_MS", "50"), ("SMTP_URL", &url)]).await
}

/// The e-mail code step; returns where it sent the browser and the session's token.
async fn email_step(b: &Browser, sink: &SmtpSink, email: &str) -> (String, String) {
    let before = sink.received().len();
    let csrf = b.csrf("/login").await;
    let a = b
        .call("account/request-code", &[("email", email), ("csrf", &csrf)])
        .await;
    assert!(a.is_ok(), "{a:?}");
    let mails = sink.wait_for(before + 1, Duration::from_secs(10)).await;
    let parsed = mailparse::parse_mail(mails[before].data.as_bytes()).unwrap();
    let body = parsed.get_body().unwrap();
    let code = body
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap()
        .to_string();
    let a = b
        .call("account/verify-code", &[("code", &code), ("csrf", &csrf)])
        .await;
    assert!(a.is_ok(), "{a:?}");
    let to = a.redirect().unwrap_or("").to_string();
    let csrf = b.csrf(&to).await;
    (to, csrf)
}

fn now_step() -> i64 {
    jiff::Timestamp::now().as_millisecond() / 1000 / mfa::STEP_SECS
}

async fn staff_log_in_with_totp_set_up_at_the_first_login(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink).await;
    let en = locale_strings("en");
    let id = user_add(
        &s.db,
        &UserAdd {
            role: app::identity::Role::Officer,
            email: "officer@example.lt".into(),
            offices: vec!["vilnius".into(), "kaunas".into()],
        },
    )
    .await
    .unwrap();

    // The e-mail code alone is not enough.
    let b = Browser::new(&s);
    let (to, csrf) = email_step(&b, &sink, "officer@example.lt").await;
    assert_eq!(to, "/login/totp");
    let (_, html) = b.page("/account").await;
    assert!(html.contains(&tr(&en, "account.error.not_logged_in")));

    // Enrolment: a QR code and the key as text.
    let (_, html) = b.page("/login/totp").await;
    assert!(html.contains(&tr(&en, "login.totp_enroll")));
    assert!(html.contains("<svg"), "the QR code");
    let view = b
        .call("account/session", &[("with_csrf", "true")])
        .await
        .body;
    let secret_text = view["mfa"]["Enroll"]["secret"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(html.contains(&secret_text));
    let secret = base32_decode(&secret_text);
    assert_eq!(secret.len(), 20);

    let wrong = b
        .call(
            "account/second-factor",
            &[("code", "000000"), ("csrf", &csrf)],
        )
        .await;
    let right_now = mfa::code_at(&secret, now_step());
    if right_now != "000000" {
        assert_eq!(wrong.body, json!({ "WrongCode": { "tries_left": 4 } }));
    }
    let a = b
        .call(
            "account/second-factor",
            &[("code", &right_now), ("csrf", &csrf)],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(a.redirect(), Some("/account"));

    // Logged in; the recovery codes are shown once, beside the first-login contact form.
    let (_, html) = b.page("/account").await;
    assert!(html.contains(&tr(&en, "account.contact_intro")));
    assert!(html.contains(&tr(&en, "account.recovery_title")));
    let codes: Vec<String> = html
        .split("<code>")
        .skip(1)
        .filter_map(|c| c.split("</code>").next())
        .filter(|c| c.len() == 9 && c.as_bytes()[4] == b'-')
        .map(String::from)
        .collect();
    assert_eq!(codes.len(), 10, "{codes:?}");
    let (_, html) = b.page("/account").await;
    assert!(
        !html.contains(&tr(&en, "account.recovery_title")),
        "only once"
    );
    let csrf_account = vartai_tests::browser::form_value(&html, "csrf").unwrap();
    let a = b
        .call(
            "account/contact",
            &[
                ("first_name", "Rūta"),
                ("surname", "Petrauskienė"),
                ("phone", "+370 612 34567"),
                ("csrf", &csrf_account),
            ],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    let (_, html) = b.page("/account").await;
    assert!(html.contains(&tr(&en, "account.roles.officer")));
    assert!(
        html.contains("Vilniaus migracijos skyrius") && html.contains("Kauno migracijos skyrius")
    );

    // The secret is stored encrypted, the recovery codes as hashes.
    let stored: String = sqlx::query_scalar("SELECT totp_secret FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert!(!stored.contains(&secret_text.replace(' ', "")));
    let hashes: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM recovery_codes")
        .fetch_all(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(hashes.len(), 10);
    assert!(hashes.iter().all(|h| !codes.iter().any(|c| h.contains(c))));

    // Next login: a code from the app, never one accepted before.
    let b = Browser::new(&s);
    let (to, csrf) = email_step(&b, &sink, "officer@example.lt").await;
    assert_eq!(to, "/login/totp");
    let (_, html) = b.page("/login/totp").await;
    assert!(html.contains(&tr(&en, "login.totp_verify")));
    let last: i64 = sqlx::query_scalar("SELECT totp_last_step FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    let replay = b
        .call(
            "account/second-factor",
            &[("code", &mfa::code_at(&secret, last)), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(
        replay.error().as_deref(),
        Some("WrongCode"),
        "a replayed code"
    );
    let next = mfa::code_at(&secret, now_step() + 1);
    let a = b
        .call("account/second-factor", &[("code", &next), ("csrf", &csrf)])
        .await;
    assert!(a.is_ok(), "{a:?}");

    // A lost phone: a recovery code, as typed by a person, works once.
    let typed = codes[3].to_lowercase().replace('-', " ");
    for (attempt, works) in [(1, true), (2, false)] {
        let b = Browser::new(&s);
        let (_, csrf) = email_step(&b, &sink, "officer@example.lt").await;
        let a = b
            .call(
                "account/second-factor",
                &[("code", &typed), ("csrf", &csrf)],
            )
            .await;
        assert_eq!(a.is_ok(), works, "attempt {attempt}: {a:?}");
    }

    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action LIKE 'mfa.%' OR action = 'user.add' \
         OR action = 'login.second_factor' ORDER BY id",
    )
    .fetch_all(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(
        actions,
        [
            "user.add",
            "mfa.enrolled",
            "login.second_factor",
            "login.second_factor",
            "mfa.recovery_code_used",
            "login.second_factor",
        ]
    );
    s.finish().await;
}

async fn five_wrong_second_factors_end_the_attempt(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink).await;
    let add = UserAdd {
        role: app::identity::Role::OfficeAdmin,
        email: "admin@example.lt".into(),
        offices: vec!["klaipeda".into()],
    };
    user_add(&s.db, &add).await.unwrap();
    let b = Browser::new(&s);
    let (_, csrf) = email_step(&b, &sink, "admin@example.lt").await;
    // Make the enrolment secret, then answer wrongly five times.
    let _ = b.call("account/session", &[("with_csrf", "true")]).await;
    let mut last = None;
    for _ in 0..5 {
        last = Some(
            b.call(
                "account/second-factor",
                &[("code", "ABCD-EFGH"), ("csrf", &csrf)],
            )
            .await
            .body,
        );
    }
    assert_eq!(last, Some(json!("Locked")));
    let a = b
        .call(
            "account/second-factor",
            &[("code", "123456"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(a.body, json!("Locked"));
    s.finish().await;
}

async fn user_add_is_all_or_nothing(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink).await;
    let bad = UserAdd {
        role: app::identity::Role::Officer,
        email: "someone@example.lt".into(),
        offices: vec!["vilnius".into(), "atlantis".into()],
    };
    let e = user_add(&s.db, &bad).await.unwrap_err();
    assert!(e.contains("atlantis"), "{e}");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 0, "nothing half-made");
    // An applicant who becomes an officer keeps their account.
    let b = Browser::new(&s);
    let (to, _) = email_step(&b, &sink, "someone@example.lt").await;
    assert_eq!(to, "/account");
    let good = UserAdd { offices: vec!["vilnius".into()], ..bad };
    let first = user_add(&s.db, &good).await.unwrap();
    let again = user_add(&s.db, &good).await.unwrap();
    assert_eq!(first, again);
    s.finish().await;
}

/// Issue #21.3: a try is reserved before the code is checked. Twenty guesses sent at once used
/// to be checked all twenty (the count was read first and raised after a wrong answer); now five
/// are checked, fifteen are refused unchecked, and the right code comes too late.
async fn parallel_second_factor_guesses_get_five_tries_in_all(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink).await;
    let add = UserAdd {
        role: app::identity::Role::Officer,
        email: "officer@example.lt".into(),
        offices: vec!["vilnius".into()],
    };
    let id = user_add(&s.db, &add).await.unwrap();
    let b = Browser::new(&s);
    let (to, csrf) = email_step(&b, &sink, "officer@example.lt").await;
    assert_eq!(to, "/login/totp");
    let view = b
        .call("account/session", &[("with_csrf", "true")])
        .await
        .body;
    let secret = base32_decode(view["mfa"]["Enroll"]["secret"].as_str().unwrap());
    let step = now_step();
    let near: Vec<String> = (step - 2..=step + 2)
        .map(|t| mfa::code_at(&secret, t))
        .collect();
    let guesses: Vec<String> = (0..1000)
        .map(|i| format!("{:06}", 100_003 + i * 7919))
        .filter(|c| !near.contains(c))
        .take(20)
        .collect();
    let answers = futures_util::future::join_all(guesses.iter().map(|c| {
        let (b, csrf) = (&b, &csrf);
        async move {
            b.call(
                "account/second-factor",
                &[("code", c.as_str()), ("csrf", csrf.as_str())],
            )
            .await
        }
    }))
    .await;
    let checked = answers
        .iter()
        .filter(|a| a.body.get("WrongCode").is_some())
        .count();
    let locked = answers.iter().filter(|a| a.body == json!("Locked")).count();
    // Five answers are checked: four say "wrong", the fifth wrong one ends the attempt
    // ("Locked", as in `five_wrong_second_factors_end_the_attempt`); fifteen are not checked.
    assert_eq!((checked, locked), (4, 16), "{answers:?}");
    let failed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE subject_id = $1 AND action = 'login.second_factor_failed'",
    )
    .bind(id)
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(failed, 5);
    let right = b
        .call(
            "account/second-factor",
            &[
                ("code", &mfa::code_at(&secret, now_step())),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(right.body, json!("Locked"));
    s.finish().await;
}

/// Issue #21.3: a staff role needs a login with the second factor. An applicant logged in with
/// the e-mail code and then made an officer by `server user add` is logged out by it; one made
/// an officer behind its back (straight in the database) is not let in as one either.
async fn a_role_change_needs_a_new_login_with_the_second_factor(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink).await;
    let en = locale_strings("en");
    for (email, by_cli) in [("ona@example.lt", true), ("jonas@example.lt", false)] {
        let b = Browser::new(&s);
        vartai_tests::login::log_in(&b, &sink, email).await;
        let (_, html) = b.page("/account").await;
        assert!(!html.contains(&tr(&en, "account.error.not_logged_in")));
        let add = UserAdd {
            role: app::identity::Role::Officer,
            email: email.into(),
            offices: vec!["vilnius".into()],
        };
        if by_cli {
            user_add(&s.db, &add).await.unwrap();
        } else {
            sqlx::query("UPDATE users SET role = 'officer' WHERE email = $1")
                .bind(email)
                .execute(&s.db.pool)
                .await
                .unwrap();
        }
        let (_, html) = b.page("/account").await;
        assert!(
            html.contains(&tr(&en, "account.error.not_logged_in")),
            "{email}: logged out"
        );
    }
    s.finish().await;
}

both_databases!(
    parallel_second_factor_guesses_get_five_tries_in_all,
    a_role_change_needs_a_new_login_with_the_second_factor,
    staff_log_in_with_totp_set_up_at_the_first_login,
    five_wrong_second_factors_end_the_attempt,
    user_add_is_all_or_nothing,
);
