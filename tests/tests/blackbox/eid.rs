//! National e-ID login (issue #4.3; R-AC-1b, R-AC-5) against a real OpenID Connect provider the
//! suite starts on loopback (tests/src/oidc.rs), on SQLite and PostgreSQL.
use vartai_tests::browser::Browser;
use vartai_tests::oidc::{Identity, Provider};
use vartai_tests::{both_databases, locale_strings, tr, Db, TestServer};

async fn start(db: Db, idp: &Provider) -> TestServer {
    let config = idp.config();
    let vars: Vec<(&str, &str)> = config.iter().map(|(k, v)| (*k, v.as_str())).collect();
    TestServer::start_with(db, &vars).await
}

fn valid_code(seed: u64) -> String {
    app::rules::sample_personal_codes(seed, 1).remove(0)
}

/// GET `url` with this browser; returns the `Location` it is sent to.
async fn location(b: &Browser, url: &str) -> String {
    let r = b.client.get(url).send().await.unwrap();
    assert!(r.status().is_redirection(), "{url}: {}", r.status());
    r.headers()["location"].to_str().unwrap().to_string()
}

/// The whole round trip: Vartai → provider → Vartai. Returns where Vartai sends the browser.
async fn round_trip(s: &TestServer, b: &Browser) -> String {
    let to_idp = location(b, &s.url("/login/eid")).await;
    let back = location(b, &to_idp).await;
    assert!(back.starts_with(&s.url("/login/eid/callback?")), "{back}");
    location(b, &back).await
}

async fn identified_users_log_in_with_the_e_id(db: Db) {
    let code = valid_code(7);
    let idp = Provider::start(Identity::person(&code, "Oksana", "Bondarenko")).await;
    let s = start(db, &idp).await;
    let en = locale_strings("en");
    let b = Browser::new(&s);
    let (_, html) = b.page("/login").await;
    assert!(html.contains(&tr(&en, "login.eid_button")));
    assert!(html.contains("href=\"/login/eid\""));

    // PKCE, state and nonce go out; the code comes back once.
    let to_idp = location(&b, &s.url("/login/eid")).await;
    assert!(
        to_idp.starts_with(&format!("{}/authorize?", idp.base)),
        "{to_idp}"
    );
    for part in [
        "code_challenge=",
        "code_challenge_method=S256",
        "state=",
        "nonce=",
        "scope=openid",
    ] {
        assert!(to_idp.contains(part), "{part} in {to_idp}");
    }
    let back = location(&b, &to_idp).await;
    let session_before = b.cookie("vartai").unwrap();
    assert_eq!(location(&b, &back).await, "/account");
    assert_ne!(
        b.cookie("vartai").unwrap(),
        session_before,
        "a new session id"
    );

    // Identified: names from the e-ID, no contact form (R-AC-3 is for the e-mail login).
    let (_, html) = b.page("/account").await;
    assert!(html.contains("Oksana Bondarenko"), "{html}");
    assert!(html.contains(&tr(&en, "account.level_eid")));
    let stored: String = sqlx::query_scalar("SELECT personal_code FROM users")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, code);

    // The same callback a second time (a replay) gets nowhere.
    let again = location(&b, &back).await;
    assert_eq!(again, "/login?eid=failed");
    assert_eq!(
        idp.token_requests(),
        1,
        "the replayed code was not even exchanged"
    );

    // Next time: the same account.
    let b2 = Browser::new(&s);
    assert_eq!(round_trip(&s, &b2).await, "/account");
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(users, 1);
    let logins: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'login.eid'")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(logins, 2);

    // Sent to log in from a draft (issue #5.3): the e-ID brings them back to it, never elsewhere.
    let b3 = Browser::new(&s);
    let (_, html) = b3.page("/login?next=%2Fapplications%2F7").await;
    assert!(
        html.contains("href=\"/login/eid?next=%2Fapplications%2F7\""),
        "{html}"
    );
    let to_idp = location(&b3, &s.url("/login/eid?next=%2Fapplications%2F7")).await;
    let back = location(&b3, &to_idp).await;
    assert_eq!(location(&b3, &back).await, "/applications/7");
    let b4 = Browser::new(&s);
    let to_idp = location(&b4, &s.url("/login/eid?next=https%3A%2F%2Fevil.example%2F")).await;
    let back = location(&b4, &to_idp).await;
    assert_eq!(location(&b4, &back).await, "/account");
    s.finish().await;
}

async fn bad_answers_from_the_provider_are_refused(db: Db) {
    let good = valid_code(11);
    let idp = Provider::start(Identity::person(&good, "Ivan", "Petrenko")).await;
    let s = start(db, &idp).await;
    let en = locale_strings("en");

    // A personal code with a wrong check digit (R-AC-5).
    let mut bad = good.clone();
    let last = bad.pop().unwrap().to_digit(10).unwrap();
    bad.push(char::from_digit((last + 1) % 10, 10).unwrap());
    idp.sign_in_next(Identity::person(&bad, "Ivan", "Petrenko"));
    let b = Browser::new(&s);
    assert_eq!(round_trip(&s, &b).await, "/login?eid=bad_code");
    let (_, html) = b.page("/login?eid=bad_code").await;
    assert!(html.contains(&tr(&en, "login.eid_bad_code")));

    // A token signed with a key that is not the provider's.
    idp.sign_in_next(Identity {
        foreign_key: true,
        ..Identity::person(&good, "Ivan", "Petrenko")
    });
    assert_eq!(round_trip(&s, &Browser::new(&s)).await, "/login?eid=failed");

    // A token minted for another login (its nonce is not ours).
    idp.sign_in_next(Identity {
        wrong_nonce: true,
        ..Identity::person(&good, "Ivan", "Petrenko")
    });
    assert_eq!(round_trip(&s, &Browser::new(&s)).await, "/login?eid=failed");

    // No personal code in the token at all.
    idp.sign_in_next(Identity {
        personal_code: None,
        ..Identity::person(&good, "Ivan", "Petrenko")
    });
    assert_eq!(round_trip(&s, &Browser::new(&s)).await, "/login?eid=failed");

    // A callback carried into another browser (login CSRF): its session never started it.
    idp.sign_in_next(Identity::person(&good, "Ivan", "Petrenko"));
    let victim = Browser::new(&s);
    let attacker = Browser::new(&s);
    let to_idp = location(&attacker, &s.url("/login/eid")).await;
    let back = location(&attacker, &to_idp).await;
    assert_eq!(location(&victim, &back).await, "/login?eid=failed");

    // The person cancels at the provider.
    let b = Browser::new(&s);
    let _ = location(&b, &s.url("/login/eid")).await;
    let cancelled = location(
        &b,
        &s.url("/login/eid/callback?error=access_denied&state=x"),
    )
    .await;
    assert_eq!(cancelled, "/login?eid=cancelled");

    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(users, 0, "nobody was logged in");
    s.finish().await;
}

async fn without_a_provider_the_e_id_is_not_offered(db: Db) {
    let s = TestServer::start(db).await;
    let en = locale_strings("en");
    let b = Browser::new(&s);
    let (_, html) = b.page("/login").await;
    assert!(!html.contains(&tr(&en, "login.eid_button")));
    assert!(html.contains(&tr(&en, "login.eid_soon")));
    assert_eq!(location(&b, &s.url("/login/eid")).await, "/login?eid=off");
    s.finish().await;
}

both_databases!(
    identified_users_log_in_with_the_e_id,
    bad_answers_from_the_provider_are_refused,
    without_a_provider_the_e_id_is_not_offered,
);
