//! Uploaded documents (issue #5.4) over real HTTP on SQLite and PostgreSQL: what is accepted
//! (and re-encoded), every refusal with its translated reason (oversized, wrong magic bytes,
//! pixel flood, truncated PDF), a file never served to anyone else, and the ClamAV hook
//! against a loopback server speaking clamd's INSTREAM protocol.
use server::uploads::fixtures::{jpeg, pdf, pdf_nested, pdf_with, png, png_flood};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use vartai_tests::apply::*;
use vartai_tests::browser::Browser;
use vartai_tests::login::start;
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::{both_databases, locale_strings, tr, Db};

/// A 1 MB limit, so "too large" needs only a little more.
const SMALL_LIMIT: (&str, &str) = ("VARTAI_UPLOAD_MAX_BYTES", "1048576");

fn code_of(body: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("{body}"));
    v["error"]["kind"]["code"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// Uploads one file (its name and bytes) as a plain HTML form does, without JavaScript: a
/// refusal sends the browser back to the documents page. Returns where it was sent.
async fn upload_as_form(
    b: &Browser,
    csrf: &str,
    id: i64,
    kind: &str,
    file: (&str, Vec<u8>),
) -> String {
    let id = id.to_string();
    let (name, bytes) = file;
    let (status, location, _) = b
        .upload(
            "/documents/upload",
            &[("csrf", csrf), ("application", &id), ("kind", kind)],
            name,
            bytes,
            "text/html",
        )
        .await;
    assert!(status.is_redirection(), "{status}");
    location
}

/// Asserts that the documents page a refused form upload was sent to (`location`) names the
/// reason `error` in the reader's language (English here), with `max` put in where given.
async fn says_in_words(b: &Browser, location: &str, error: &str, max: Option<&str>) {
    let (_, html) = b.page(location.split('#').next().unwrap()).await;
    let en = locale_strings("en");
    let mut message =
        tr(&en, &format!("error.{error}")).replace("{{ field }}", &tr(&en, "field.upload"));
    if let Some(max) = max {
        message = message.replace("{{ max }}", max);
    }
    assert!(html.contains(&message), "{message}");
}

async fn uploads_are_checked_stored_and_private(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW, SMALL_LIMIT]).await;
    let b = Browser::new(&s);
    let csrf = applicant(&b, &sink, "olena@example.org").await;
    let id = start_draft(&b, "trp_issue").await;
    fill_family_trp(&b, &csrf, id).await;

    // Accepted: a photo with something appended is stored re-encoded, without the payload.
    let mut photo = jpeg(64, 48);
    photo.extend_from_slice(b"<script>alert(1)</script>");
    let (status, body) = upload(&b, &csrf, id, "travel_document", "passport.jpg", photo).await;
    assert_eq!(status, 200, "{body}");
    let a = b.call("applications/one", &[("id", &id.to_string())]).await;
    let doc = &a.body["documents"][0];
    assert_eq!(doc["kind"], "travel_document");
    assert_eq!(doc["name"], "passport.jpg");
    assert_eq!(doc["mime"], "image/jpeg");
    let doc_id = doc["id"].as_i64().unwrap();
    let (status, kind, bytes) = b.bytes(&format!("/documents/{doc_id}")).await;
    assert_eq!((status.as_u16(), kind.as_str()), (200, "image/jpeg"));
    assert!(!bytes.windows(8).any(|w| w == b"<script>"));
    // Stored content-addressed under the data directory.
    let sha: String = sqlx::query_scalar("SELECT sha256 FROM application_documents WHERE id = $1")
        .bind(doc_id)
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert!(s.data_dir.join("files").join(&sha[..2]).join(&sha).exists());

    // Refused, each with its reason.
    let mut big = png(8, 8);
    big.resize(1_300_000, 0);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("big.png", big, 413, "file_too_large"),
        (
            "program.pdf",
            b"MZ\x90\x00 not a document at all".to_vec(),
            422,
            "file_type_not_accepted",
        ),
        (
            "flood.png",
            png_flood(100_000, 100_000),
            422,
            "image_too_large",
        ),
        (
            "cut.pdf",
            pdf()[..pdf().len() / 2].to_vec(),
            422,
            "file_damaged",
        ),
    ];
    for (name, bytes, status, code) in cases {
        let (got, body) = upload(&b, &csrf, id, "sufficient_funds", name, bytes).await;
        assert_eq!(
            (got.as_u16(), code_of(&body)),
            (status, code.to_string()),
            "{name}"
        );
    }
    // A kind this application does not ask for.
    let (got, body) = upload(&b, &csrf, id, "employer_commitment", "x.pdf", pdf()).await;
    assert_eq!(
        (got.as_u16(), code_of(&body)),
        (400, "invalid_format".to_string())
    );

    // Without JavaScript: back to the documents page, which names the reason in the
    // reader's language.
    let flood = png_flood(100_000, 100_000);
    let location = upload_as_form(&b, &csrf, id, "sufficient_funds", ("flood.png", flood)).await;
    assert!(
        location.starts_with(&format!(
            "/applications/{id}/documents?error=image_too_large"
        )),
        "{location}"
    );
    says_in_words(&b, &location, "image_too_large", Some("40")).await;

    // Nobody else can read it, upload to the draft or remove it: not found.
    let other = Browser::new(&s);
    let other_csrf = applicant(&other, &sink, "stranger@example.org").await;
    let (status, _, _) = other.bytes(&format!("/documents/{doc_id}")).await;
    assert_eq!(status, 404);
    let (status, _) = upload(&other, &other_csrf, id, "travel_document", "x.pdf", pdf()).await;
    assert_eq!(status, 404);
    let r = other
        .client
        .post(s.url(&format!("/documents/{doc_id}/delete")))
        .form(&[("csrf", other_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let (status, _, _) = Browser::new(&s)
        .bytes(&format!("/documents/{doc_id}"))
        .await;
    assert_eq!(status, 404, "not logged in");
    // A forged form token.
    let (status, _) = upload(&b, "forged", id, "travel_document", "x.pdf", pdf()).await;
    assert_eq!(status, 403);

    // The owner removes it.
    let r = b
        .client
        .post(s.url(&format!("/documents/{doc_id}/delete")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_redirection() || r.status().is_success(),
        "{}",
        r.status()
    );
    let (status, _, _) = b.bytes(&format!("/documents/{doc_id}")).await;
    assert_eq!(status, 404);
    s.finish().await;
}

/// A loopback server speaking clamd's INSTREAM protocol: it reports the EICAR test string as
/// infected and anything else as clean.
async fn fake_clamd() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut command = [0u8; 10];
                if socket.read_exact(&mut command).await.is_err() || &command != b"zINSTREAM\0" {
                    return;
                }
                let mut data = Vec::new();
                loop {
                    let mut len = [0u8; 4];
                    if socket.read_exact(&mut len).await.is_err() {
                        return;
                    }
                    let len = u32::from_be_bytes(len) as usize;
                    if len == 0 {
                        break;
                    }
                    let mut chunk = vec![0u8; len];
                    if socket.read_exact(&mut chunk).await.is_err() {
                        return;
                    }
                    data.extend_from_slice(&chunk);
                }
                let eicar = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE";
                let reply: &[u8] = if data.windows(eicar.len()).any(|w| w == eicar) {
                    b"stream: Eicar-Test-Signature FOUND\0"
                } else {
                    b"stream: OK\0"
                };
                let _ = socket.write_all(reply).await;
            });
        }
    });
    address
}

async fn the_virus_scanner_is_asked_when_configured(db: Db) {
    let clamd = fake_clamd().await;
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW, ("VARTAI_CLAMAV", clamd.as_str())]).await;
    let b = Browser::new(&s);
    let csrf = applicant(&b, &sink, "olena@example.org").await;
    let id = start_draft(&b, "trp_issue").await;
    fill_family_trp(&b, &csrf, id).await;
    let (status, body) = upload(&b, &csrf, id, "travel_document", "ok.pdf", pdf()).await;
    assert_eq!(status, 200, "{body}");
    // A PDF carrying the EICAR test string (valid, so it passes the structural check first).
    let infected = pdf_with(b"BT (EICAR-STANDARD-ANTIVIRUS-TEST-FILE) Tj ET");
    let (status, body) = upload(&b, &csrf, id, "sufficient_funds", "bad.pdf", infected).await;
    assert_eq!(
        (status.as_u16(), code_of(&body)),
        (422, "file_infected".to_string())
    );
    s.finish().await;
}

/// Issue #21.1: a ~20 KB PDF of nested arrays overflowed lopdf's stack and aborted the whole
/// server. The check now runs in a child process: the file is refused as damaged, the server
/// answers on, and 20 such uploads at once (two checks at a time) change nothing.
async fn a_hostile_file_cannot_take_the_server_down(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW, ("VARTAI_UPLOAD_CHECKS", "2")]).await;
    let b = Browser::new(&s);
    let csrf = applicant(&b, &sink, "olena@example.org").await;
    let id = start_draft(&b, "trp_issue").await;
    fill_family_trp(&b, &csrf, id).await;
    for depth in [10_000, 1_000_000] {
        let hostile = pdf_nested(depth);
        let (status, body) = upload(&b, &csrf, id, "travel_document", "n.pdf", hostile).await;
        assert_eq!(
            (status.as_u16(), code_of(&body)),
            (422, "file_damaged".to_string()),
            "nesting {depth}"
        );
    }
    let uploads = (0..20).map(|_| {
        let (b, csrf) = (&b, &csrf);
        async move { upload(b, csrf, id, "sufficient_funds", "n.pdf", pdf_nested(50_000)).await }
    });
    for (status, body) in futures_util::future::join_all(uploads).await {
        assert_eq!(
            (status.as_u16(), code_of(&body)),
            (422, "file_damaged".to_string())
        );
    }
    // Each refusal audited with the client's address (issue #21.10).
    let refused: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'document.refused' AND client = '127.0.0.1'",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(refused, 22);
    // Still up, and a good file still goes in.
    let r = b.client.get(s.url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let (status, body) = upload(&b, &csrf, id, "travel_document", "ok.pdf", pdf()).await;
    assert_eq!(status, 200, "{body}");
    let nested_ok = pdf_nested(20);
    let (status, body) = upload(&b, &csrf, id, "sufficient_funds", "ok.pdf", nested_ok).await;
    assert_eq!(status, 200, "a little nesting is a normal PDF: {body}");
    s.finish().await;
}

/// Issue #21.1: an account has at most `VARTAI_UPLOADS_PER_HOUR` files checked an hour. The next
/// is refused before the check runs: 429 with Retry-After and the limit named in the reader's
/// language (JSON for a script, the documents page without one), audited; another account is
/// not affected.
async fn uploads_are_limited_per_account(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let s = start(db, &sink, &[NOW, ("VARTAI_UPLOADS_PER_HOUR", "3")]).await;
    let b = Browser::new(&s);
    let csrf = applicant(&b, &sink, "olena@example.org").await;
    let id = start_draft(&b, "trp_issue").await;
    fill_family_trp(&b, &csrf, id).await;
    for kind in ["travel_document", "sufficient_funds", "health_insurance"] {
        let (status, body) = upload(&b, &csrf, id, kind, "ok.pdf", pdf()).await;
        assert_eq!(status, 200, "{kind}: {body}");
    }
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("application", id.to_string())
        .text("kind", "travel_document")
        .part(
            "file",
            reqwest::multipart::Part::bytes(pdf()).file_name("ok.pdf"),
        );
    let r = b
        .client
        .post(s.url("/documents/upload"))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    let retry: u32 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&retry), "{retry}");
    assert_eq!(code_of(&r.text().await.unwrap()), "uploads_per_hour");
    // Without JavaScript, the documents page says so, in the reader's language.
    let location = upload_as_form(&b, &csrf, id, "travel_document", ("ok.pdf", pdf())).await;
    assert!(
        location.starts_with(&format!(
            "/applications/{id}/documents?error=uploads_per_hour&max=3"
        )),
        "{location}"
    );
    says_in_words(&b, &location, "uploads_per_hour", Some("3")).await;
    let refused: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'document.refused' \
         AND detail LIKE '%\"reason\":\"uploads_per_hour\"%'",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(refused, 2);
    // Someone else uploads as usual.
    let other = Browser::new(&s);
    let other_csrf = applicant(&other, &sink, "jonas@example.org").await;
    let other_id = start_draft(&other, "trp_issue").await;
    fill_family_trp(&other, &other_csrf, other_id).await;
    let (status, body) = upload(
        &other,
        &other_csrf,
        other_id,
        "travel_document",
        "ok.pdf",
        pdf(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    s.finish().await;
}

/// Issue #21.1: when the document check cannot run (here its program is missing), the upload
/// is a 503 that says so in the reader's language, and nothing is stored.
async fn an_unavailable_check_is_said_in_words(db: Db) {
    let sink = SmtpSink::start(Refuse::Nothing).await;
    let missing = ("VARTAI_UPLOAD_CHECKER", "/nonexistent/vartai-checker");
    let s = start(db, &sink, &[NOW, missing]).await;
    let b = Browser::new(&s);
    let csrf = applicant(&b, &sink, "olena@example.org").await;
    let id = start_draft(&b, "trp_issue").await;
    fill_family_trp(&b, &csrf, id).await;
    let (status, body) = upload(&b, &csrf, id, "travel_document", "ok.pdf", pdf()).await;
    assert_eq!(
        (status.as_u16(), code_of(&body)),
        (503, "check_unavailable".to_string())
    );
    let location = upload_as_form(&b, &csrf, id, "travel_document", ("ok.pdf", pdf())).await;
    says_in_words(&b, &location, "check_unavailable", None).await;
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM application_documents")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
    s.finish().await;
}

both_databases!(
    a_hostile_file_cannot_take_the_server_down,
    uploads_are_limited_per_account,
    an_unavailable_check_is_said_in_words,
    uploads_are_checked_stored_and_private,
    the_virus_scanner_is_asked_when_configured,
);
