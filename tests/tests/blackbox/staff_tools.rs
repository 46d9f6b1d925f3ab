//! Staff tools (issue #4: items 2, 5 and 8) over real HTTP on SQLite and PostgreSQL: officers
//! correct an applicant's names (R-AC-4), office admins manage their offices' staff and search
//! the audit log. Each function refuses the wrong role (403, audited), a staff member who has
//! given only the e-mail code (401), and objects outside the caller's offices (404).
use serde_json::{json, Value};
use server::cli::{user_add, UserAdd};
use vartai_tests::apply::fill_contact;
use vartai_tests::browser::Browser;
use vartai_tests::login::{
    ask_code, code_in, log_in, nth_mail, staff_first_login, start, FAST_MAIL,
};
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::{both_databases, locale_strings, tr, unescape, Db, TestServer};

async fn add(s: &TestServer, role: &str, email: &str, offices: &[&str]) -> i64 {
    user_add(
        &s.db,
        &UserAdd {
            role: app::identity::Role::parse(role).expect("a role"),
            email: email.into(),
            offices: offices.iter().map(|o| o.to_string()).collect(),
        },
    )
    .await
    .unwrap()
}

/// A logged-in applicant whose surname was misspelt ("Kovalenk"), for an officer to correct.
async fn applicant(b: &Browser, sink: &SmtpSink, email: &str) {
    log_in(b, sink, email).await;
    fill_contact(b, "Kovalenk").await;
}

async fn audit_count(s: &TestServer, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&s.db.pool)
        .await
        .unwrap()
}

async fn officers_correct_an_applicants_names(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    let en = locale_strings("en");
    add(&s, "officer", "officer@example.lt", &["vilnius"]).await;
    let olena = Browser::new(&s);
    applicant(&olena, &sink, "olena@example.org").await;
    let ivan = Browser::new(&s);
    applicant(&ivan, &sink, "ivan@example.org").await;
    // Olena's application is at the officer's office, Ivan's at Kaunas (issue #21.5).
    for (email, office) in [
        ("olena@example.org", "vilnius"),
        ("ivan@example.org", "kaunas"),
    ] {
        sqlx::query(
            "INSERT INTO applications (user_id, kind, start_key, created_at, updated_at, \
             office_id) SELECT u.id, 'trp_issue', u.email, 0, 0, o.id FROM users u, offices o \
             WHERE u.email = $1 AND o.slug = $2",
        )
        .bind(email)
        .bind(office)
        .execute(&s.db.pool)
        .await
        .unwrap();
    }

    // An applicant is refused (and the refusal audited); so is an officer halfway through
    // logging in (e-mail code given, second factor not yet).
    let a = olena
        .call("staff/person", &[("q", "olena@example.org")])
        .await;
    assert_eq!((a.status.as_u16(), a.body), (403, json!("Forbidden")));
    assert_eq!(audit_count(&s, "authz.denied").await, 1);
    let (status, html) = olena.page("/staff/people?q=olena%40example.org").await;
    assert_eq!(status, 403);
    assert!(unescape(&html).contains(&tr(&en, "account.error.forbidden")));
    let halfway = Browser::new(&s);
    let before = sink.received().len();
    let csrf = ask_code(&halfway, "officer@example.lt").await;
    let code = code_in(&nth_mail(&sink, before + 1).await);
    let a = halfway
        .call("account/verify-code", &[("code", &code), ("csrf", &csrf)])
        .await;
    assert_eq!(a.redirect(), Some("/login/totp"));
    let a = halfway
        .call("staff/person", &[("q", "olena@example.org")])
        .await;
    assert_eq!((a.status.as_u16(), a.body), (401, json!("NotLoggedIn")));

    let officer = Browser::new(&s);
    staff_first_login(&officer, &sink, "officer@example.lt").await;
    let a = officer
        .call("staff/person", &[("q", " Olena@Example.org ")])
        .await;
    assert!(a.is_ok(), "{a:?}");
    let person = a.body.clone();
    assert_eq!(person["surname"], "Kovalenk");
    assert_eq!(person["identified"], false);
    assert_eq!(audit_count(&s, "person.viewed").await, 1);
    let a = officer
        .call("staff/person", &[("q", "nobody@example.org")])
        .await;
    assert_eq!(a.body, Value::Null);
    let a = officer.call("staff/person", &[("q", "12345")]).await;
    assert_eq!(a.status, 400);
    assert_eq!(a.body["Invalid"]["errors"][0]["field"], "search");
    // The page shows the person and the form.
    let (status, html) = officer.page("/staff/people?q=olena%40example.org").await;
    assert_eq!(status, 200);
    assert!(unescape(&html).contains(&tr(&en, "staff.correct_names")));

    let id = person["id"].as_i64().unwrap().to_string();
    let csrf = officer.csrf("/staff/people?q=olena%40example.org").await;
    let bad = officer
        .call(
            "staff/names",
            &[
                ("person", &id),
                ("first_name", "Olena"),
                ("surname", "Kovalenko-Shevchenko-Bondarenko-X"),
                ("q", "olena@example.org"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.body["Invalid"]["errors"][0]["field"], "surname");
    let a = officer
        .call(
            "staff/names",
            &[
                ("person", &id),
                ("first_name", "Olena"),
                ("surname", "Kovalenko"),
                ("q", "olena@example.org"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(
        a.redirect(),
        Some("/staff/people?q=olena%40example.org&done=names")
    );
    let (_, html) = olena.page("/account").await;
    assert!(unescape(&html).contains("Olena Kovalenko"));
    let actor: String = sqlx::query_scalar(
        "SELECT u.email FROM audit_log l JOIN users u ON u.id = l.actor_id \
         WHERE l.action = 'names.changed'",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(actor, "officer@example.lt");

    // Issue #21.5: not a raw id the look-up did not find, nor someone of another office.
    let ivan_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'ivan@example.org'")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    for q in ["olena@example.org", "ivan@example.org"] {
        let a = officer
            .call(
                "staff/names",
                &[
                    ("person", &ivan_id.to_string()),
                    ("first_name", "Ivan"),
                    ("surname", "Someone"),
                    ("q", q),
                    ("csrf", &csrf),
                ],
            )
            .await;
        assert_eq!((a.status.as_u16(), a.body), (404, json!("NotFound")), "{q}");
    }
    assert_eq!(audit_count(&s, "names.refused").await, 2);

    // Staff are not "people" here: their names are not the officers' to change.
    let staff_id: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'officer@example.lt'")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    let a = officer
        .call(
            "staff/names",
            &[
                ("person", &staff_id.to_string()),
                ("first_name", "Bob"),
                ("surname", "Bobson"),
                ("q", ""),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!((a.status.as_u16(), a.body), (404, json!("NotFound")));
    // The applicant cannot change their own names either (R-AC-4): names sent are ignored.
    let csrf = olena.csrf("/account").await;
    let a = olena
        .call(
            "account/contact",
            &[
                ("first_name", "Someone"),
                ("surname", "Else"),
                ("phone", "+370 612 34568"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    let (_, html) = olena.page("/account").await;
    assert!(unescape(&html).contains("Olena Kovalenko"));
    s.finish().await;
}

async fn office_admins_manage_their_offices_staff(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    add(&s, "office_admin", "admin@example.lt", &["vilnius"]).await;
    add(&s, "officer", "both@example.lt", &["vilnius", "kaunas"]).await;
    let admin = Browser::new(&s);
    staff_first_login(&admin, &sink, "admin@example.lt").await;
    let list = admin.call("admin/staff", &[]).await;
    assert!(list.is_ok(), "{list:?}");
    let offices = list.body["offices"].as_array().unwrap();
    assert_eq!(offices.len(), 1);
    let vilnius = offices[0]["id"].as_i64().unwrap().to_string();
    let kaunas: i64 = sqlx::query_scalar("SELECT id FROM offices WHERE slug = 'kaunas'")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    let members: Vec<String> = list.body["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(members, ["admin@example.lt", "both@example.lt"]);
    // Both offices of a shared officer are listed.
    assert_eq!(
        list.body["members"][1]["offices"].as_array().unwrap().len(),
        2
    );

    let csrf = admin.csrf("/admin/staff").await;
    let call = |email: &'static str, role: &'static str, office: String| {
        let admin = &admin;
        let csrf = csrf.clone();
        async move {
            admin
                .call(
                    "admin/staff-add",
                    &[
                        ("email", email),
                        ("role", role),
                        ("office", &office),
                        ("csrf", &csrf),
                    ],
                )
                .await
        }
    };
    // A new officer at the admin's office: the account is made, the role given.
    let a = call("New.Officer@Example.LT", "officer", vilnius.clone()).await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(a.redirect(), Some("/admin/staff?done=added"));
    let role: String =
        sqlx::query_scalar("SELECT role FROM users WHERE email = 'new.officer@example.lt'")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(role, "officer");
    // Not at someone else's office; not a role that does not exist; not a change of role for
    // someone who also works elsewhere.
    let a = call("x@example.lt", "officer", kaunas.to_string()).await;
    assert_eq!((a.status.as_u16(), a.body), (404, json!("NotFound")));
    let a = call("x@example.lt", "boss", vilnius.clone()).await;
    assert_eq!(a.body["Invalid"]["errors"][0]["field"], "role");
    let a = call("both@example.lt", "office_admin", vilnius.clone()).await;
    assert_eq!((a.status.as_u16(), a.body), (403, json!("Forbidden")));

    // The new officer logs in, then is taken off the office: an applicant again, logged out,
    // the second factor gone.
    let officer = Browser::new(&s);
    staff_first_login(&officer, &sink, "new.officer@example.lt").await;
    let officer_id: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'new.officer@example.lt'")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    let a = admin
        .call(
            "admin/staff-remove",
            &[
                ("user", &officer_id.to_string()),
                ("office", &vilnius),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    let (role, secret): (String, Option<String>) =
        sqlx::query_as("SELECT role, totp_secret FROM users WHERE id = $1")
            .bind(officer_id)
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!((role.as_str(), secret), ("applicant", None));
    let a = officer.call("account/mine", &[]).await;
    assert_eq!(a.body, json!("NotLoggedIn"));
    // Not twice, not at another office, not oneself.
    let admin_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'admin@example.lt'")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    for (user, office, expected) in [
        (officer_id, vilnius.clone(), "NotFound"),
        (officer_id, kaunas.to_string(), "NotFound"),
        (admin_id, vilnius.clone(), "Forbidden"),
    ] {
        let a = admin
            .call(
                "admin/staff-remove",
                &[
                    ("user", &user.to_string()),
                    ("office", &office),
                    ("csrf", &csrf),
                ],
            )
            .await;
        assert_eq!(a.body, json!(expected));
    }

    // An officer is not an admin.
    let both = Browser::new(&s);
    staff_first_login(&both, &sink, "both@example.lt").await;
    let a = both.call("admin/staff", &[]).await;
    assert_eq!((a.status.as_u16(), a.body), (403, json!("Forbidden")));
    let (status, _) = both.page("/admin/staff").await;
    assert_eq!(status, 403);
    let (status, html) = admin.page("/admin/staff").await;
    assert_eq!(status, 200);
    assert!(html.contains("both@example.lt"));
    s.finish().await;
}

async fn office_admins_search_the_audit_log(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    let admin_id = add(&s, "office_admin", "admin@example.lt", &["vilnius"]).await;
    add(&s, "officer", "kaunas@example.lt", &["kaunas"]).await;
    let olena = Browser::new(&s);
    applicant(&olena, &sink, "olena@example.org").await;
    // Olena's application is filed at Vilnius: her entries are the Vilnius admin's business.
    sqlx::query(
        "INSERT INTO applications (user_id, kind, start_key, created_at, updated_at, office_id) \
         SELECT u.id, 'trp_issue', 'k1', 0, 0, o.id FROM users u, offices o \
         WHERE u.email = 'olena@example.org' AND o.slug = 'vilnius'",
    )
    .execute(&s.db.pool)
    .await
    .unwrap();
    // Issue #21.5: a Kaunas officer's login is not.
    let kaunas = Browser::new(&s);
    staff_first_login(&kaunas, &sink, "kaunas@example.lt").await;
    let admin = Browser::new(&s);
    staff_first_login(&admin, &sink, "admin@example.lt").await;

    let search = |params: Vec<(&'static str, String)>| {
        let admin = &admin;
        async move {
            let form: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            admin.call("admin/audit", &form).await
        }
    };
    let actions = |page: &Value| -> Vec<String> {
        page["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap().to_string())
            .collect()
    };
    let page = search(vec![("actor", "kaunas@example.lt".into())]).await;
    assert!(page.is_ok(), "{page:?}");
    assert_eq!(
        actions(&page.body),
        Vec::<String>::new(),
        "another office's"
    );
    let everything = search(vec![]).await;
    assert!(!everything.body.to_string().contains("kaunas@example.lt"));
    let page = search(vec![("actor", "olena@example.org".into())]).await;
    assert!(page.is_ok(), "{page:?}");
    assert_eq!(actions(&page.body), ["contact.first", "login.email"]);
    assert_eq!(page.body["entries"][0]["subject"], "olena@example.org");
    assert_eq!(page.body["entries"][0]["client"], "127.0.0.1");
    // An action family by its prefix.
    let page = search(vec![("action", "login".into())]).await;
    assert_eq!(
        actions(&page.body),
        // Olena's first code was asked for before she had an account: an entry about an
        // address, nobody's at this office, so not shown (issue #21.5).
        [
            "login.second_factor",
            "login.email",
            "login.code_sent",
            "login.email"
        ]
    );
    // A period of days: today has everything, yesterday nothing.
    let today = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Europe/Vilnius").unwrap())
        .date();
    let yesterday = today.yesterday().unwrap();
    let page = search(vec![("from", today.to_string()), ("to", today.to_string())]).await;
    assert!(!actions(&page.body).is_empty());
    let page = search(vec![("to", yesterday.to_string())]).await;
    assert!(actions(&page.body).is_empty());
    // Bad filters name their field.
    let page = search(vec![
        ("from", "2026-02-30".into()),
        ("action", "DROP TABLE".into()),
    ])
    .await;
    assert_eq!(page.status, 400);
    let fields: Vec<&str> = page.body["Invalid"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["action", "from"]);

    // Pages of 50, newest first, continued with `before`.
    let mut tx = s.db.begin().await.unwrap();
    // Entries of an action nothing else in this test writes (the import of held documents).
    let audit = app::ssr::auth::Audit::by(Some(admin_id), "");
    for i in 0..70 {
        let detail = serde_json::json!({ "n": i });
        audit
            .record(
                &mut tx,
                app::ssr::auth::Action::DocumentsImported,
                None,
                detail,
            )
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let first = search(vec![("action", "documents.imported".into())])
        .await
        .body;
    assert_eq!(first["entries"].as_array().unwrap().len(), 50);
    assert_eq!(first["entries"][0]["detail"], "n=69");
    let before = first["older"].as_i64().expect("more below");
    let second = search(vec![
        ("action", "documents.imported".into()),
        ("before", before.to_string()),
    ])
    .await
    .body;
    assert_eq!(second["entries"].as_array().unwrap().len(), 20);
    assert_eq!(second["entries"][19]["detail"], "n=0");
    assert_eq!(second["older"], Value::Null);
    let (status, html) = admin.page("/admin/audit?action=documents.imported").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("before={before}")),
        "a link to older entries"
    );

    // Applicants and officers cannot read it.
    let a = olena.call("admin/audit", &[]).await;
    assert_eq!((a.status.as_u16(), a.body), (403, json!("Forbidden")));
    s.finish().await;
}

/// Issue #21.10: the audit log is append-only: whatever statement the application's database
/// connection is made to run, no entry changes or goes.
async fn the_audit_log_is_append_only(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[]).await;
    let olena = Browser::new(&s);
    applicant(&olena, &sink, "olena@example.org").await;
    let before = audit_count(&s, "login.email").await;
    assert_eq!(before, 1);
    for sql in [
        "UPDATE audit_log SET detail = 'nothing happened'",
        "DELETE FROM audit_log",
    ] {
        let e = sqlx::query(sql).execute(&s.db.pool).await.unwrap_err();
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    if matches!(db, Db::Postgres) {
        let e = sqlx::query("TRUNCATE audit_log")
            .execute(&s.db.pool)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
    }
    assert_eq!(audit_count(&s, "login.email").await, before);
    s.finish().await;
}

/// Issue #21.10: with the schema owned by another role (`DATABASE_OWNER_URL`), the
/// application's role works as before but cannot change, empty or unprotect the audit log: the
/// triggers above would not stop a role that owns the table from dropping them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_application_role_cannot_unprotect_the_audit_log_postgres() {
    let role = format!("vartai_app_{}", rand::random::<u32>());
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let smtp = sink.url();
    let s = TestServer::start_with_separate_owner(&role, &[FAST_MAIL, ("SMTP_URL", &smtp)]).await;
    let me: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(me, role, "the server runs as the application role");
    // It works: a login writes sessions, codes, the outbox and the audit log.
    let olena = Browser::new(&s);
    applicant(&olena, &sink, "olena@example.org").await;
    assert_eq!(audit_count(&s, "login.email").await, 1);
    for (sql, refusal) in [
        ("ALTER TABLE audit_log DISABLE TRIGGER ALL", "must be owner"),
        (
            "DROP TRIGGER audit_log_no_change ON audit_log",
            "must be owner",
        ),
        ("DROP TABLE audit_log", "must be owner"),
        (
            "UPDATE audit_log SET detail = 'nothing happened'",
            "permission denied",
        ),
        ("DELETE FROM audit_log", "permission denied"),
        ("TRUNCATE audit_log", "permission denied"),
        ("DELETE FROM _sqlx_migrations", "permission denied"),
        ("CREATE TABLE mine (x int)", "permission denied"),
    ] {
        let e = sqlx::query(sql).execute(&s.db.pool).await.unwrap_err();
        assert!(e.to_string().contains(refusal), "{sql}: {e}");
    }
    assert_eq!(audit_count(&s, "login.email").await, 1);
    s.finish().await;
    TestServer::drop_role(&role).await;
}

both_databases!(
    the_audit_log_is_append_only,
    officers_correct_an_applicants_names,
    office_admins_manage_their_offices_staff,
    office_admins_search_the_audit_log,
);
