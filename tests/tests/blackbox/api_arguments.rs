//! Issue #21.8: bad input gets a 4xx, never a 500. Every server function is called from outside
//! as a careless or hostile client would: with no arguments at all, then with arguments of the
//! wrong type. Before: 49 of the 62 server functions answered 500 Internal Server Error.
use reqwest::header::CONTENT_TYPE;
use reqwest::Method;
use vartai_tests::{both_databases, Db, TestServer};

/// Every registered server function (`/api/…`) with its method.
fn server_functions() -> Vec<(String, Method)> {
    let mut all: Vec<(String, Method)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| {
            (
                path.to_string(),
                Method::from_bytes(method.as_str().as_bytes()).unwrap(),
            )
        })
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

/// The status, content type and body of a call with the form-encoded `args`.
async fn call(s: &TestServer, path: &str, method: &Method, args: &str) -> (u16, String, String) {
    let c = s.client();
    let r = if *method == Method::GET {
        c.get(s.url(&format!("{path}?{args}")))
            .send()
            .await
            .unwrap()
    } else {
        c.request(method.clone(), s.url(path))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(args.to_string())
            .send()
            .await
            .unwrap()
    };
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, ct, r.text().await.unwrap())
}

/// The `detail` of a 400 problem document, or why the answer is not one.
fn problem_detail(status: u16, ct: &str, body: &str) -> Result<String, String> {
    if status != 400 || ct != "application/problem+json" {
        return Err(format!("{status} {ct}: {body}"));
    }
    let v: serde_json::Value = serde_json::from_str(body).map_err(|e| format!("{e}: {body}"))?;
    assert_eq!(v["status"], 400, "{body}");
    assert_eq!(v["title"], "Bad Request", "{body}");
    Ok(v["detail"].as_str().unwrap_or_default().to_string())
}

async fn server_functions_answer_400_to_arguments_they_cannot_read(db: Db) {
    let s = TestServer::start(db).await;
    let all = server_functions();
    assert!(
        all.len() >= 60,
        "only {} server functions registered",
        all.len()
    );
    let mut server_errors = Vec::new();
    let mut refused = 0;
    for (path, method) in &all {
        let (status, ct, body) = call(&s, path, method, "").await;
        if status >= 500 {
            server_errors.push(format!("{method} {path}: {status} {body}"));
        } else if status == 400 && ct == "application/problem+json" {
            let detail = problem_detail(status, &ct, &body).unwrap();
            // It names what is missing, as the decoder said it.
            assert!(
                detail.contains("missing")
                    || detail.contains("field")
                    || detail.contains("expected"),
                "{path}: {detail}"
            );
            refused += 1;
        }
    }
    assert!(
        server_errors.is_empty(),
        "5xx for arguments that cannot be read: {server_errors:#?}"
    );
    // Only the few functions without arguments (the office list, the session…) may run.
    assert!(
        refused >= 49,
        "{refused} of {} answered 400 with a problem document",
        all.len()
    );

    // Named: a section save without its section and form token.
    let (status, ct, body) = call(&s, "/api/applications/save", &Method::POST, "id=1").await;
    let detail = problem_detail(status, &ct, &body).unwrap();
    assert!(
        detail.contains("section") || detail.contains("csrf"),
        "{detail}"
    );
    // Of the wrong type: a flag that is not a boolean.
    let (status, ct, body) = call(
        &s,
        "/api/account/session",
        &Method::POST,
        "with_csrf=perhaps",
    )
    .await;
    let detail = problem_detail(status, &ct, &body).unwrap();
    assert!(
        detail.contains("true") && detail.contains("false"),
        "{detail}"
    );
    // A form posted without JavaScript still goes back to its page (nothing typed is lost
    // there), not to a bare 400.
    let r = s
        .client()
        .post(s.url("/api/applications/save"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("referer", s.url("/applications"))
        .body("id=1")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    assert!(r.headers().get("x-vartai-bad-request").is_none());
    s.finish().await;
}

both_databases!(server_functions_answer_400_to_arguments_they_cannot_read);
