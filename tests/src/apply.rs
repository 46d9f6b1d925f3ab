//! Helpers for the application tests (issue #5): an applicant's first login, starting a draft,
//! saving its sections, filling a family-reunification TRP and uploading its documents.
use crate::browser::{form_value, Browser};
use crate::login::log_in;
use crate::smtp::SmtpSink;

pub const NOW: (&str, &str) = ("VARTAI_NOW", "2026-11-23T10:00:00Z");

/// [`NOW`], and a scheduler that looks every second and may run each job every second: the
/// tests of scheduled jobs (reminders, collection invitations, closing the queue's day) see
/// them run soon, on every instance, so the instances compete for each run.
pub const FAST_JOBS: [(&str, &str); 3] = [
    NOW,
    ("VARTAI_SCHEDULER_TICK_SECS", "1"),
    ("VARTAI_JOB_INTERVAL_SECS", "1"),
];

/// Fills the first-login contact form (R-AC-3) of a logged-in browser: Olena `surname` (the
/// staff tests give a misspelt one to correct) and her phone.
pub async fn fill_contact(b: &Browser, surname: &str) {
    let csrf = b.csrf("/account").await;
    let a = b
        .call(
            "account/contact",
            &[
                ("first_name", "Olena"),
                ("surname", surname),
                ("phone", "+370 612 34567"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
}

/// Logs in, fills the first-login contact form and returns the `/applications` CSRF token.
pub async fn applicant(b: &Browser, sink: &SmtpSink, email: &str) -> String {
    log_in(b, sink, email).await;
    fill_contact(b, "Kovalenko").await;
    b.csrf("/applications").await
}

/// Starts a draft of `kind` from the `/applications` form; returns its id.
pub async fn start_draft(b: &Browser, kind: &str) -> i64 {
    let (status, html) = b.page("/applications").await;
    assert_eq!(status, 200);
    let csrf = form_value(&html, "csrf").expect("csrf");
    let key = form_value(&html, "start_key").expect("start_key");
    let a = b
        .call(
            "applications/start",
            &[("kind", kind), ("start_key", &key), ("csrf", &csrf)],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    let to = a.redirect().expect("redirect").to_string();
    to.trim_start_matches("/applications/").parse().expect("id")
}

/// Saves one section with a full save (Continue); returns the answer.
pub async fn save(
    b: &Browser,
    csrf: &str,
    id: i64,
    section: &str,
    answers: &[(&str, &str)],
) -> crate::browser::Answer {
    let id = id.to_string();
    let mut form = vec![("id", id.as_str()), ("section", section), ("csrf", csrf)];
    form.extend_from_slice(answers);
    b.call("applications/save", &form).await
}

/// Submits draft `id` (`applications/submit`) with the check page's `submit_key`, to `office`
/// when one is given (R-IP-3: without one nothing is submitted).
pub async fn submit(
    b: &Browser,
    csrf: &str,
    id: i64,
    submit_key: &str,
    office: Option<&str>,
) -> crate::browser::Answer {
    let id = id.to_string();
    let mut form = vec![("id", id.as_str()), ("submit_key", submit_key)];
    form.extend(office.map(|o| ("office", o)));
    form.push(("csrf", csrf));
    b.call("applications/submit", &form).await
}

/// A form field or an expected (field, error code).
pub type Pair = (&'static str, &'static str);
/// A section's answers.
pub type Form = &'static [Pair];

pub const APPLICANT: &[(&str, &str)] = &[
    ("for_whom", "me"),
    ("first_name", "Olena"),
    ("surname", "Kovalenko"),
    ("birth_date", "1990-04-12"),
    ("citizenship", "UA"),
    ("passport_number", "FA123456"),
    ("passport_valid_until", "2030-01-01"),
];
pub const SPONSOR: &[(&str, &str)] = &[
    ("sponsor_name", "Jonas Jonaitis"),
    ("sponsor_code", "38703181745"),
];
pub const PERMIT: &[(&str, &str)] = &[
    ("procedure", "general"),
    ("months", "12"),
    ("first_permit", "yes"),
    ("visa_free", "yes"),
    ("marriage_in_register", "no"),
];
pub const FUNDS: &[(&str, &str)] = &[("funds", "14000")];
pub const INSURANCE: &[(&str, &str)] = &[
    ("compulsory_insurance", "no"),
    ("insured_until", "2027-12-31"),
];
pub const RECORD: &[(&str, &str)] = &[("country", "UA"), ("issued_on", "2026-10-01")];
pub const FEE: &[(&str, &str)] = &[("exemption", "no"), ("paid", "yes")];

/// Fills a family TRP draft completely, checking each Continue's next page.
pub async fn fill_family_trp(b: &Browser, csrf: &str, id: i64) {
    let steps: [(&str, Form, &str); 8] = [
        ("applicant", APPLICANT, "basis"),
        ("basis", &[("ground", "family_of_citizen")], "sponsor"),
        ("sponsor", SPONSOR, "permit"),
        ("permit", PERMIT, "funds"),
        ("funds", FUNDS, "insurance"),
        ("insurance", INSURANCE, "criminal_record"),
        ("criminal_record", RECORD, "fee"),
        ("fee", FEE, "check"),
    ];
    for (section, answers, next) in steps {
        let a = save(b, csrf, id, section, answers).await;
        assert!(a.is_ok(), "{section}: {a:?}");
        assert_eq!(
            a.redirect(),
            Some(format!("/applications/{id}/{next}").as_str()),
            "after {section}"
        );
    }
}

/// The documents a family TRP (as `fill_family_trp` answers it) must carry (R-PM-6).
pub const FAMILY_TRP_DOCUMENTS: [&str; 6] = [
    "travel_document",
    "marriage_or_partnership_proof",
    "sufficient_funds",
    "residence_place_proof",
    "criminal_record_certificate",
    "health_insurance",
];

/// Uploads one file the way a script does (JSON answer); returns the status and body.
pub async fn upload(
    b: &Browser,
    csrf: &str,
    id: i64,
    kind: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (reqwest::StatusCode, String) {
    let id = id.to_string();
    let (status, _, body) = b
        .upload(
            "/documents/upload",
            &[("csrf", csrf), ("application", &id), ("kind", kind)],
            name,
            bytes,
            "application/json",
        )
        .await;
    (status, body)
}

/// Uploads a small PDF for every document a family TRP needs.
pub async fn upload_family_trp_documents(b: &Browser, csrf: &str, id: i64) {
    for kind in FAMILY_TRP_DOCUMENTS {
        let (status, body) = upload(
            b,
            csrf,
            id,
            kind,
            &format!("{kind}.pdf"),
            server::uploads::fixtures::pdf(),
        )
        .await;
        assert_eq!(status, 200, "{kind}: {body}");
    }
}

/// A family TRP from start to submission at `office` (R-IP-3); returns its id and reference.
pub async fn submit_family_trp(b: &Browser, csrf: &str, office: &str) -> (i64, String) {
    let id = start_draft(b, "trp_issue").await;
    fill_family_trp(b, csrf, id).await;
    upload_family_trp_documents(b, csrf, id).await;
    let (_, html) = b.page(&format!("/applications/{id}/check")).await;
    let key = form_value(&html, "submit_key").expect("the submit form");
    let a = submit(b, csrf, id, &key, Some(office)).await;
    assert!(a.is_ok(), "{a:?}");
    let one = b.call("applications/one", &[("id", &id.to_string())]).await;
    let reference = one.body["reference"]
        .as_str()
        .expect("reference")
        .to_string();
    (id, reference)
}

/// A crowd of applicants, each logged in with a submitted application of their own: the first
/// one submits through the forms; the others' applications are copies of it in the database
/// (the race is what is tested, not the forms again).
pub async fn crowd(
    s: &crate::TestServer,
    sink: &std::sync::Arc<SmtpSink>,
    n: usize,
) -> Vec<(Browser, String, i64)> {
    let first = Browser::new(s);
    let csrf = applicant(&first, sink, "crowd-0@example.org").await;
    let (id, _) = submit_family_trp(&first, &csrf, "vilnius").await;
    let mut out = vec![(first, csrf, id)];
    let sem = std::sync::Arc::new(tokio::sync::Semaphore::new(16));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 1..n {
        let b = Browser::new(s);
        let sink = sink.clone();
        let sem = sem.clone();
        tasks.spawn(async move {
            let _permit = sem.acquire().await.unwrap();
            let email = format!("crowd-{i}@example.org");
            crate::login::log_in(&b, &sink, &email).await;
            let csrf = b.csrf("/account").await;
            (i, email, b, csrf)
        });
    }
    let mut logged = Vec::new();
    while let Some(r) = tasks.join_next().await {
        logged.push(r.unwrap());
    }
    logged.sort_by_key(|(i, ..)| *i);
    for (i, email, b, csrf) in logged {
        let copy = sqlx::query(
            "INSERT INTO applications (user_id, kind, status, reference, answers, start_key, \
               created_at, updated_at, submitted_at, submitted_on, procedure, decision_due, \
               rule_version, appear_by, fee_eur, exemption_claimed, stage, office_id) \
             SELECT u.id, a.kind, a.status, a.reference || '-' || $1, a.answers, a.start_key, \
               a.created_at, a.updated_at, a.submitted_at, a.submitted_on, a.procedure, \
               a.decision_due, a.rule_version, a.appear_by, a.fee_eur, a.exemption_claimed, \
               a.stage, a.office_id \
             FROM applications a, users u WHERE a.id = $2 AND u.email = $3 RETURNING id",
        )
        .bind(i.to_string())
        .bind(id)
        .bind(&email)
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
        out.push((b, csrf, sqlx::Row::get(&copy, "id")));
    }
    out
}
