//! My account (issue #4.7) over real HTTP on SQLite and PostgreSQL: the devices list and
//! logging one of them out, notice preferences (channel and language; SMS through a loopback
//! HTTP gateway), "download my data" and deleting the account.
use serde_json::{json, Value};
use std::time::Duration;
use vartai_tests::apply::fill_contact;
use vartai_tests::browser::Browser;
use vartai_tests::login::{code_in, log_in, nth_mail, start};
use vartai_tests::sms::SmsGateway;
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::{both_databases, locale_strings, tr, Db};

async fn mine(b: &Browser) -> Value {
    let a = b.call("account/mine", &[]).await;
    assert!(a.is_ok(), "{a:?}");
    a.body
}

async fn devices_are_listed_and_each_can_be_logged_out(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    let phone = Browser::new(&s);
    let laptop = Browser::new(&s);
    log_in(&phone, &sink, "olena@example.org").await;
    fill_contact(&phone, "Kovalenko").await;
    log_in(&laptop, &sink, "olena@example.org").await;

    let devices = mine(&phone).await["devices"].clone();
    let devices = devices.as_array().unwrap();
    assert_eq!(devices.len(), 2);
    let this: Vec<bool> = devices
        .iter()
        .map(|d| d["this_device"].as_bool().unwrap())
        .collect();
    assert_eq!(this.iter().filter(|t| **t).count(), 1);
    assert_eq!(devices[0]["client"], "127.0.0.1");
    assert_eq!(devices[0]["level"], "Email");
    let laptop_id = devices.iter().find(|d| d["this_device"] == false).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // The page lists them too, with a button for the other one only.
    let en = locale_strings("en");
    let (_, html) = phone.page("/account").await;
    let html = vartai_tests::unescape(&html);
    assert_eq!(html.matches(&tr(&en, "account.end_device")).count(), 1);
    assert!(html.contains(&tr(&en, "account.this_device")));

    // Someone else cannot end it (and learns nothing: not found).
    let stranger = Browser::new(&s);
    log_in(&stranger, &sink, "stranger@example.org").await;
    let csrf = stranger.csrf("/account").await;
    let a = stranger
        .call("account/end-device", &[("id", &laptop_id), ("csrf", &csrf)])
        .await;
    assert_eq!(a.body, json!("NotFound"));
    assert_eq!(a.status, 404);
    assert!(mine(&laptop).await["devices"].is_array(), "still logged in");

    let csrf = phone.csrf("/account").await;
    let a = phone
        .call("account/end-device", &[("id", &laptop_id), ("csrf", &csrf)])
        .await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(a.redirect(), Some("/account?done=device"));
    let a = laptop.call("account/mine", &[]).await;
    assert_eq!((a.status.as_u16(), a.body), (401, json!("NotLoggedIn")));
    assert_eq!(mine(&phone).await["devices"].as_array().unwrap().len(), 1);

    // Logging out ends this device's entry too.
    let csrf = phone.csrf("/account").await;
    assert!(phone
        .call("account/logout", &[("csrf", &csrf)])
        .await
        .is_ok());
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM user_sessions d JOIN users u ON u.id = d.user_id \
         WHERE u.email = 'olena@example.org' AND d.ended_at IS NULL",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(open, 0);
    s.finish().await;
}

async fn notices_go_by_the_chosen_channels_in_the_chosen_language(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let gateway = SmsGateway::start(&[]).await;
    let url = gateway.url();
    let s = start(db, &sink, &[("VARTAI_SMS_URL", &url)]).await;
    let b = Browser::new(&s);
    log_in(&b, &sink, "taras@example.org").await;
    fill_contact(&b, "Kovalenko").await;
    assert_eq!(
        mine(&b).await["preferences"],
        json!({ "locale": "en", "email": true, "sms": false })
    );

    // A language that is not one of the five is refused, naming the field.
    let csrf = b.csrf("/account").await;
    let a = b
        .call(
            "account/preferences",
            &[("locale", "de"), ("email", "on"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(a.error().as_deref(), Some("Invalid"));
    assert_eq!(a.body["Invalid"]["errors"][0]["field"], "language");

    let a = b
        .call(
            "account/preferences",
            &[("locale", "uk"), ("sms", "on"), ("csrf", &csrf)],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(a.redirect(), Some("/account?done=preferences"));
    assert_eq!(
        mine(&b).await["preferences"],
        json!({ "locale": "uk", "email": false, "sms": true })
    );

    // A later login in Lithuanian does not override the chosen language.
    let lt_browser = Browser::with_language(&s, Some("lt"));
    log_in(&lt_browser, &sink, "taras@example.org").await;
    assert_eq!(mine(&lt_browser).await["preferences"]["locale"], "uk");

    // A security notice (the e-mail address changed) also goes by SMS, in Ukrainian.
    let uk = locale_strings("uk");
    let mails = sink.received().len();
    let csrf = b.csrf("/account").await;
    assert!(b
        .call(
            "account/email",
            &[("email", "taras.new@example.org"), ("csrf", &csrf)]
        )
        .await
        .is_ok());
    let code = code_in(&nth_mail(&sink, mails + 1).await);
    let a = b
        .call("account/email-confirm", &[("code", &code), ("csrf", &csrf)])
        .await;
    assert!(a.is_ok(), "{a:?}");
    let got = gateway.wait_for(1, Duration::from_secs(10)).await;
    let body: Value = serde_json::from_str(&got[0].body).unwrap();
    assert_eq!(body["to"], "+37061234567");
    assert_eq!(body["text"], tr(&uk, "account.mail.changed_subject"));
    s.finish().await;
}

async fn my_data_downloads_as_json(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    let b = Browser::new(&s);

    // Not logged in: to the login page.
    let r = b.client.get(s.url("/account/data")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login");

    log_in(&b, &sink, "ivan@example.org").await;
    fill_contact(&b, "Kovalenko").await;
    let r = b.client.get(s.url("/account/data")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename=\"vartai-my-data.json\""
    );
    let text = r.text().await.unwrap();
    let data: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["profile"]["email"], "ivan@example.org");
    assert_eq!(data["profile"]["first_name"], "Olena");
    assert_eq!(data["profile"]["phone"], "+37061234567");
    assert_eq!(data["devices"].as_array().unwrap().len(), 1);
    assert_eq!(data["messages"][0]["kind"], "login-code");
    let actions: Vec<&str> = data["audit_log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["login.email", "contact.first"]);
    assert!(data["audit_log"][0]["at_utc"]
        .as_str()
        .unwrap()
        .ends_with('Z'));
    // The login code is a secret, even used: it is not in the file.
    let code = code_in(&nth_mail(&sink, 1).await);
    assert!(!text.contains(&code), "the code leaked into {text}");
    // Another person's download is their own.
    let other = Browser::new(&s);
    log_in(&other, &sink, "other@example.org").await;
    let r = other
        .client
        .get(s.url("/account/data"))
        .send()
        .await
        .unwrap();
    let theirs: Value = r.json().await.unwrap();
    assert_eq!(theirs["profile"]["email"], "other@example.org");
    s.finish().await;
}

async fn an_applicant_deletes_their_account(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    let phone = Browser::new(&s);
    let laptop = Browser::new(&s);
    log_in(&phone, &sink, "gone@example.org").await;
    fill_contact(&phone, "Kovalenko").await;
    log_in(&laptop, &sink, "gone@example.org").await;

    // Without the box ticked: refused, naming the field.
    let csrf = phone.csrf("/account").await;
    let a = phone.call("account/delete", &[("csrf", &csrf)]).await;
    assert_eq!(a.body["Invalid"]["errors"][0]["field"], "confirm");
    assert_eq!(a.status, 400);

    let a = phone
        .call("account/delete", &[("confirm", "yes"), ("csrf", &csrf)])
        .await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(a.redirect(), Some("/login?done=deleted"));
    for b in [&phone, &laptop] {
        assert_eq!(b.call("account/mine", &[]).await.body, json!("NotLoggedIn"));
    }
    let left: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM user_sessions) \
         + (SELECT COUNT(*) FROM login_attempts)",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(left, 0);
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'account.deleted' AND detail = ''",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
    let en = locale_strings("en");
    let (_, html) = phone.page("/login?done=deleted").await;
    assert!(vartai_tests::unescape(&html).contains(&tr(&en, "login.deleted")));

    // The same address starts afresh.
    log_in(&phone, &sink, "gone@example.org").await;
    let (_, html) = phone.page("/account").await;
    assert!(vartai_tests::unescape(&html).contains(&tr(&en, "account.contact_intro")));
    s.finish().await;
}

both_databases!(
    devices_are_listed_and_each_can_be_logged_out,
    notices_go_by_the_chosen_channels_in_the_chosen_language,
    my_data_downloads_as_json,
    an_applicant_deletes_their_account,
);
