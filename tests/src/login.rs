//! Logging in over real HTTP with the code read from a real SMTP server: the steps the
//! black-box tests share.
use crate::browser::{Answer, Browser};
use crate::smtp::SmtpSink;
use crate::{Db, TestServer};
use std::time::Duration;

pub const FAST_MAIL: (&str, &str) = ("VARTAI_OUTBOX_POLL_MS", "50");

pub async fn start(db: Db, sink: &SmtpSink, extra: &[(&str, &str)]) -> TestServer {
    let url = sink.url();
    let mut vars = vec![FAST_MAIL, ("SMTP_URL", url.as_str())];
    vars.extend_from_slice(extra);
    TestServer::start_with(db, &vars).await
}

/// A delivered e-mail, decoded.
pub struct Mail {
    pub to: String,
    pub subject: String,
    /// The text: the body, or the first text/plain part of a multipart message.
    pub body: String,
    /// The other parts of a multipart message: (content type, decoded text).
    pub attachments: Vec<(String, String)>,
}

pub fn decode(data: &str) -> Mail {
    let parsed = mailparse::parse_mail(data.as_bytes()).expect("a MIME message");
    let header = |name: &str| {
        parsed
            .headers
            .iter()
            .find(|h| h.get_key().eq_ignore_ascii_case(name))
            .map(|h| h.get_value())
            .unwrap_or_default()
    };
    if parsed.subparts.is_empty() {
        return Mail {
            to: header("To"),
            subject: header("Subject"),
            body: parsed.get_body().expect("a text body"),
            attachments: Vec::new(),
        };
    }
    let mut body = None;
    let mut attachments = Vec::new();
    for part in &parsed.subparts {
        let kind = part.ctype.mimetype.clone();
        let text = part.get_body().expect("a text part");
        if kind == "text/plain" && body.is_none() {
            body = Some(text);
        } else {
            attachments.push((kind, text));
        }
    }
    Mail {
        to: header("To"),
        subject: header("Subject"),
        body: body.expect("a text/plain part"),
        attachments,
    }
}

/// Waits for the `n`th e-mail to arrive and decodes it.
pub async fn nth_mail(sink: &SmtpSink, n: usize) -> Mail {
    let all = sink.wait_for(n, Duration::from_secs(10)).await;
    decode(&all[n - 1].data)
}

/// Waits for the first e-mail to `to` after the first `after` have arrived (other notices,
/// sent by the outbox meanwhile, are passed over) and decodes it.
pub async fn mail_to(sink: &SmtpSink, to: &str, after: usize) -> Mail {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let all = sink.received();
        if let Some(m) = all
            .iter()
            .skip(after)
            .find(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(to)))
        {
            return decode(&m.data);
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no e-mail to {to} within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits for an e-mail to `to` whose subject or body contains `words` (however many notices
/// the outbox is still delivering) and decodes it.
pub async fn mail_with(sink: &SmtpSink, to: &str, words: &str) -> Mail {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(m) = sink
            .received()
            .iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(to)))
            .map(|m| decode(&m.data))
            .find(|m| m.subject.contains(words) || m.body.contains(words))
        {
            return m;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no e-mail to {to} with {words:?} within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The six digits after "code" in a login e-mail.
pub fn code_in(mail: &Mail) -> String {
    let digits: Vec<&str> = mail
        .body
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 6)
        .collect();
    assert_eq!(digits.len(), 1, "one 6-digit code in {:?}", mail.body);
    digits[0].to_string()
}

/// Asks for a code for `email` from the login page; returns the page's CSRF token.
pub async fn ask_code(b: &Browser, email: &str) -> String {
    let csrf = b.csrf("/login").await;
    let a = b
        .call("account/request-code", &[("email", email), ("csrf", &csrf)])
        .await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(a.redirect(), Some("/login/code"));
    csrf
}

/// Asks for a code for `email`, reads it from the e-mail that brings it and gives it back
/// (`account/verify-code`): the e-mail step every login starts with. Returns the answer, whose
/// redirect says what comes next (the account, or a second factor for staff).
async fn enter_emailed_code(b: &Browser, sink: &SmtpSink, email: &str) -> Answer {
    let before = sink.received().len();
    let csrf = ask_code(b, email).await;
    let code = code_in(&mail_to(sink, email, before).await);
    b.call("account/verify-code", &[("code", &code), ("csrf", &csrf)])
        .await
}

/// A full e-mail login.
pub async fn log_in(b: &Browser, sink: &SmtpSink, email: &str) {
    let a = enter_emailed_code(b, sink, email).await;
    assert!(a.is_ok(), "{a:?}");
    assert_eq!(a.redirect(), Some("/account"));
}

/// A staff member's first login, all the way: the e-mail code, then setting up TOTP with the
/// key the page shows. Returns the TOTP secret.
pub async fn staff_first_login(b: &Browser, sink: &SmtpSink, email: &str) -> Vec<u8> {
    let a = enter_emailed_code(b, sink, email).await;
    assert_eq!(a.redirect(), Some("/login/totp"), "{a:?}");
    let view = b
        .call("account/session", &[("with_csrf", "true")])
        .await
        .body;
    let text = view["mfa"]["Enroll"]["secret"]
        .as_str()
        .expect("an enrolment key")
        .replace(' ', "");
    let secret = base32_decode(&text);
    let step = jiff::Timestamp::now().as_millisecond() / 1000 / app::ssr::mfa::STEP_SECS;
    let csrf = view["csrf"].as_str().unwrap().to_string();
    let a = b
        .call(
            "account/second-factor",
            &[
                ("code", &app::ssr::mfa::code_at(&secret, step)),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert!(a.is_ok(), "{a:?}");
    secret
}

/// RFC 4648 base32 without padding (the enrolment key as the page shows it).
pub fn base32_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bits = 0u64;
    let mut n = 0;
    let mut out = Vec::new();
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = ALPHABET.iter().position(|a| *a == c).expect("base32") as u64;
        bits = (bits << 5) | v;
        n += 5;
        if n >= 8 {
            out.push((bits >> (n - 8)) as u8);
            n -= 8;
        }
    }
    out
}

/// An officer of `offices` (added like `server user add`), logged in with a second factor set
/// up; returns the browser and its CSRF token.
pub async fn officer(
    s: &TestServer,
    sink: &SmtpSink,
    email: &str,
    offices: &[&str],
) -> (Browser, String) {
    staff_member(s, sink, email, "officer", offices).await
}

/// A staff member with `role` at `offices`, logged in like `officer`.
pub async fn staff_member(
    s: &TestServer,
    sink: &SmtpSink,
    email: &str,
    role: &str,
    offices: &[&str],
) -> (Browser, String) {
    server::cli::user_add(
        &s.db,
        &server::cli::UserAdd {
            role: app::identity::Role::parse(role).expect("a role"),
            email: email.into(),
            offices: offices.iter().map(|o| o.to_string()).collect(),
        },
    )
    .await
    .unwrap();
    let b = Browser::new(s);
    staff_first_login(&b, sink, email).await;
    let csrf = b.csrf("/account").await;
    (b, csrf)
}
