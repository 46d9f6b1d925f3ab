//! The demo identity provider (issue #4.3, demo mode only): Vartai's own OpenID Connect test
//! provider under `/dev/eid`, driven through its page as a person would, on SQLite and
//! PostgreSQL. Its token endpoint refuses what a real provider refuses.
use vartai_tests::browser::{form_value, Browser};
use vartai_tests::{both_databases, locale_strings, tr, unescape, Db, TestServer};

/// GET `url`; returns the `Location` it redirects to.
async fn location(b: &Browser, url: &str) -> String {
    let r = b.client.get(url).send().await.unwrap();
    assert!(r.status().is_redirection(), "{url}: {}", r.status());
    r.headers()["location"].to_str().unwrap().to_string()
}

const FIELDS: [&str; 8] = [
    "client_id",
    "redirect_uri",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "response_type",
    "scope",
];

/// Vartai → the demo provider's page → the person's choice → back to Vartai's callback.
/// Returns the callback URL the provider sends the browser to.
async fn choose(s: &TestServer, b: &Browser, person: &str, decision: &str) -> String {
    let to_idp = location(b, &s.url("/login/eid")).await;
    assert!(
        to_idp.starts_with(&s.url("/dev/eid/authorize?")),
        "{to_idp}"
    );
    let page = b.client.get(&to_idp).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = unescape(&page.text().await.unwrap());
    let en = locale_strings("en");
    assert!(
        html.contains(&tr(&en, "demo_eid.warning")),
        "clearly labelled"
    );
    let mut form: Vec<(String, String)> = FIELDS
        .iter()
        .map(|k| (k.to_string(), form_value(&html, k).expect(k)))
        .collect();
    form.push(("person".into(), person.into()));
    form.push(("decision".into(), decision.into()));
    let r = b
        .client
        .post(s.url("/dev/eid/authorize"))
        .header("origin", s.url(""))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    r.headers()["location"].to_str().unwrap().to_string()
}

async fn the_demo_provider_logs_in_a_made_up_person(db: Db) {
    let s = TestServer::start_with(db, &[("VARTAI_DEMO_EID", "1")]).await;
    let en = locale_strings("en");
    let b = Browser::new(&s);
    let (_, html) = b.page("/login").await;
    assert!(html.contains(&tr(&en, "login.eid_button")));

    let back = choose(&s, &b, "0", "allow").await;
    assert!(
        back.starts_with(&s.url("/login/eid/callback?code=")),
        "{back}"
    );
    assert_eq!(location(&b, &back).await, "/account");
    let (_, html) = b.page("/account").await;
    let html = unescape(&html);
    assert!(html.contains("Oksana Melnyk"));
    assert!(html.contains(&tr(&en, "account.level_eid")));
    let code: String = sqlx::query_scalar("SELECT personal_code FROM users")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(code, "49208251002");

    // The person with the wrong check digit is refused (R-AC-5); cancelling comes back too.
    let b = Browser::new(&s);
    let back = choose(&s, &b, "3", "allow").await;
    assert_eq!(location(&b, &back).await, "/login?eid=bad_code");
    let back = choose(&s, &b, "0", "cancel").await;
    assert!(back.contains("error=access_denied"), "{back}");
    assert_eq!(location(&b, &back).await, "/login?eid=cancelled");
    s.finish().await;
}

async fn the_demo_token_endpoint_checks_the_client_and_the_code(db: Db) {
    let s = TestServer::start_with(db, &[("VARTAI_DEMO_EID", "1")]).await;
    let client = s.client();
    let token = |form: Vec<(&'static str, &'static str)>| {
        let client = client.clone();
        let url = s.url("/dev/eid/token");
        async move {
            let r = client.post(url).form(&form).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let base = vec![
        ("grant_type", "authorization_code"),
        ("code", "made-up"),
        ("redirect_uri", "http://x/login/eid/callback"),
        ("code_verifier", "v"),
        ("client_id", "vartai-demo"),
    ];
    let mut wrong_secret = base.clone();
    wrong_secret.push(("client_secret", "guess"));
    let (status, body) = token(wrong_secret).await;
    assert_eq!(status, 400);
    assert!(body.contains("client authentication failed"), "{body}");
    let mut unknown_code = base.clone();
    unknown_code.push(("client_secret", server::demo_eid::CLIENT_SECRET));
    let (status, body) = token(unknown_code).await;
    assert_eq!(status, 400);
    assert!(body.contains("unknown, used or expired code"), "{body}");
    // The discovery document names Vartai's own address as the issuer.
    let doc: serde_json::Value = client
        .get(s.url("/dev/eid/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["issuer"], s.url("/dev/eid"));
    s.finish().await;
}

/// Outside demo mode there is no demo provider (and no e-ID unless one is configured).
async fn without_demo_mode_there_is_no_demo_provider(db: Db) {
    let s = TestServer::start_with(db, &[("VARTAI_DEMO", "0"), ("VARTAI_DEMO_EID", "1")]).await;
    let r = s
        .client()
        .get(s.url("/dev/eid/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let en = locale_strings("en");
    let (_, html) = Browser::new(&s).page("/login").await;
    assert!(!html.contains(&tr(&en, "login.eid_button")));
    assert!(
        !html.contains("demo-banner"),
        "no demo banner outside demo mode"
    );
    s.finish().await;
}

/// Issue #21.2: a demo installation says so on every page, with the way to its mailbox.
async fn every_page_of_a_demo_says_it_is_one(db: Db) {
    let s = TestServer::start(db).await;
    let en = locale_strings("en");
    let b = Browser::new(&s);
    for path in [
        "/",
        "/services",
        "/login",
        "/queue",
        "/renewal",
        "/no-such-page",
    ] {
        let (_, html) = b.page(path).await;
        assert!(html.contains("class=\"demo-banner\""), "{path}");
        assert!(html.contains(&tr(&en, "site.demo_banner")), "{path}");
        assert!(html.contains("href=\"/dev/mailbox\""), "{path}");
    }
    s.finish().await;
}

both_databases!(
    the_demo_provider_logs_in_a_made_up_person,
    the_demo_token_endpoint_checks_the_client_and_the_code,
    without_demo_mode_there_is_no_demo_provider,
    every_page_of_a_demo_says_it_is_one,
);
