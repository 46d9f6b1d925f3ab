//! The foundation over real HTTP on SQLite and PostgreSQL: health, pages in five languages,
//! the language switch, security headers, compression, limits, demo data, restarts.
use vartai_tests::{both_databases, locale_strings, tr, unescape, Db, TestServer, PUBLIC_FILES};

const LOCALES: [&str; 5] = ["lt", "en", "uk", "be", "ru"];

async fn health_and_readiness(db: Db) {
    let s = TestServer::start(db).await;
    let c = s.client();
    let r = c.get(s.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = c.get(s.url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "ready");
    s.finish().await;
}

async fn pages_follow_accept_language_and_the_cookie(db: Db) {
    let s = TestServer::start(db).await;
    let c = s.client();
    for locale in LOCALES {
        let strings = locale_strings(locale);
        let page = c
            .get(s.url("/services"))
            .header("accept-language", format!("{locale};q=0.9,en;q=0.1"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let html = unescape(&page.text().await.unwrap());
        assert!(
            html.contains(&format!("<html lang=\"{locale}\"")),
            "{locale}: html lang"
        );
        assert!(
            html.contains(&tr(&strings, "services.title")),
            "{locale}: heading"
        );
        assert!(
            html.contains(&tr(&strings, "nav.visit")),
            "{locale}: navigation"
        );
        // The cookie beats the header.
        let page = c
            .get(s.url("/login"))
            .header("accept-language", "en")
            .header("cookie", format!("i18n_pref_locale={locale}"))
            .send()
            .await
            .unwrap();
        let html = unescape(&page.text().await.unwrap());
        assert!(
            html.contains(&tr(&strings, "login.title")),
            "{locale}: cookie wins"
        );
    }
    s.finish().await;
}

async fn the_language_form_sets_the_cookie_and_returns(db: Db) {
    let s = TestServer::start(db).await;
    let c = s.client();
    let r = c
        .post(s.url("/lang"))
        .form(&[("lang", "be"), ("next", "/services?x=1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/services?x=1");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("i18n_pref_locale=be;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"));
    // Never an open redirect.
    let r = c
        .post(s.url("/lang"))
        .form(&[("lang", "lt"), ("next", "//evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/");
    let r = c
        .post(s.url("/lang"))
        .form(&[("lang", "xx")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    s.finish().await;
}

async fn pages_carry_a_nonce_csp_and_security_headers(db: Db) {
    let s = TestServer::start_with(
        db,
        &[
            ("VARTAI_BASE_URL", "https://vartai.example"),
            // An https demo is refused unless forced (issue #21.2); this test needs the demo.
            ("VARTAI_DEMO_FORCE", "1"),
        ],
    )
    .await;
    let c = s.client();
    let r = c.get(s.url("/")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the CSP")
        .to_string();
    let html = r.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    assert!(h["strict-transport-security"]
        .to_str()
        .unwrap()
        .contains("max-age="));
    // A second request gets a different nonce.
    let again = c.get(s.url("/")).send().await.unwrap();
    assert_ne!(
        again.headers()["content-security-policy"],
        h["content-security-policy"]
    );
    // Non-page responses get the deny-all policy.
    let r = c.get(s.url("/healthz")).send().await.unwrap();
    assert!(r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("default-src 'none'"));
    s.finish().await;
}

async fn no_hsts_over_plain_http(db: Db) {
    let s = TestServer::start(db).await;
    let r = s.client().get(s.url("/")).send().await.unwrap();
    assert!(r.headers().get("strict-transport-security").is_none());
    s.finish().await;
}

async fn responses_are_compressed(db: Db) {
    let s = TestServer::start(db).await;
    let c = s.client();
    for (accept, expected) in [("br", "br"), ("gzip", "gzip")] {
        let r = c
            .get(s.url("/services"))
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-encoding"], expected);
    }
    s.finish().await;
}

/// Issue #23.4: the release site's precompressed copies (`<file>.br`, `<file>.gz`, made by
/// scripts/build-site.sh) go out as they are to a browser that accepts them — not compressed
/// again on the fly — and the file itself to one that does not.
async fn precompressed_site_files_go_out_as_they_are(db: Db) {
    let root = std::env::temp_dir().join(format!("vartai-site-{}-{db:?}", std::process::id()));
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(b'v', 4000));
    std::fs::write(pkg.join("app.wasm"), &wasm).unwrap();
    std::fs::write(pkg.join("app.wasm.br"), b"the brotli copy").unwrap();
    std::fs::write(pkg.join("app.wasm.gz"), b"the gzip copy").unwrap();
    let site = root.to_str().unwrap().to_string();
    let s = TestServer::start_with(db, &[("LEPTOS_SITE_ROOT", &site)]).await;
    let c = s.client();
    for (accept, encoding, body) in [
        ("br, gzip", Some("br"), &b"the brotli copy"[..]),
        ("gzip", Some("gzip"), &b"the gzip copy"[..]),
        ("identity", None, &wasm[..]),
    ] {
        let r = c
            .get(s.url("/pkg/app.wasm"))
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{accept}");
        assert_eq!(
            r.headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept}"
        );
        assert_eq!(r.headers()["content-type"], "application/wasm", "{accept}");
        assert_eq!(&r.bytes().await.unwrap()[..], body, "{accept}");
    }
    s.finish().await;
    std::fs::remove_dir_all(&root).unwrap();
}

/// Issue #23.4: a release site keeps a build's files in a directory named after their content
/// (`pkg/<build>/`, named in `build.txt`, scripts/build-site.sh): the pages link that directory,
/// and a browser may keep its files a year without asking again. A file outside a named build (a
/// development build's) and a missing file are asked for every time.
async fn a_named_build_is_linked_and_kept_a_year(db: Db) {
    let root = std::env::temp_dir().join(format!("vartai-build-{}-{db:?}", std::process::id()));
    let build = "0123456789abcdef0123";
    let dir = root.join("pkg").join(build);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(root.join("build.txt"), format!("{build}\n")).unwrap();
    std::fs::write(dir.join("vartai.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("vartai.css"), b"body{}").unwrap();
    std::fs::write(root.join("pkg").join("vartai.css"), b"body{}").unwrap();
    let site = root.to_str().unwrap().to_string();
    let s = TestServer::start_with(db, &[("LEPTOS_SITE_ROOT", &site)]).await;
    let c = s.client();
    let page = text(c.get(s.url("/services"))).await;
    for link in [
        format!(r#"rel="stylesheet" href="/pkg/{build}/vartai.css""#),
        format!(r#"rel="modulepreload" href="/pkg/{build}/vartai.js""#),
        format!(r#"rel="preload" href="/pkg/{build}/vartai.wasm""#),
    ] {
        assert!(page.contains(&link), "{link} in {page}");
    }
    let year = "public, max-age=31536000, immutable";
    for (path, status, cache) in [
        (format!("/pkg/{build}/vartai.wasm"), 200, year),
        (format!("/pkg/{build}/vartai.css"), 200, year),
        ("/pkg/vartai.css".into(), 200, "no-cache"),
        (format!("/pkg/{build}/chunk_1.wasm"), 404, "no-cache"),
    ] {
        let r = c.get(s.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), status, "{path}");
        assert_eq!(r.headers()["cache-control"], cache, "{path}");
    }
    s.finish().await;
    std::fs::remove_dir_all(&root).unwrap();
}

async fn oversized_bodies_are_refused(db: Db) {
    let s = TestServer::start_with(db, &[("VARTAI_MAX_BODY_BYTES", "1024")]).await;
    let body = format!("lang=en&next=/{}", "a".repeat(4096));
    let r = s
        .client()
        .post(s.url("/lang"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    s.finish().await;
}

/// The body of the answer to `request`, as text (a page's HTML).
async fn text(request: reqwest::RequestBuilder) -> String {
    request.send().await.unwrap().text().await.unwrap()
}

async fn demo_offices_and_notices_are_seeded_once(db: Db) {
    let s = TestServer::start(db).await;
    let c = s.client();
    let html = unescape(&text(c.get(s.url("/visit")).header("accept-language", "lt")).await);
    for city in ["vilnius", "kaunas", "klaipeda"] {
        assert!(
            html.contains(&format!("id=\"office-{city}\"")),
            "{city} listed"
        );
    }
    assert!(html.contains("Birutės g. 56"));
    let home = unescape(&text(c.get(s.url("/")).header("accept-language", "uk")).await);
    assert_eq!(
        home.matches("class=\"notice\"").count(),
        2,
        "two notices on the home page"
    );
    assert!(home.contains("Для людей, які рятуються від війни в Україні"));
    // A restart on the same database migrates nothing new and seeds nothing twice.
    let s = s.restart().await;
    let html = text(s.client().get(s.url("/visit"))).await;
    assert_eq!(html.matches("id=\"office-vilnius\"").count(), 1);
    s.finish().await;
}

async fn unknown_pages_are_404_in_the_layout(db: Db) {
    let s = TestServer::start(db).await;
    let r = s
        .client()
        .get(s.url("/no/such/page"))
        .header("accept-language", "ru")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let html = unescape(&r.text().await.unwrap());
    assert!(html.contains(&tr(&locale_strings("ru"), "notfound.title")));
    s.finish().await;
}

async fn static_files_are_served(db: Db) {
    let s = TestServer::start_with(db, &[PUBLIC_FILES]).await;
    let r = s.client().get(s.url("/favicon.svg")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().starts_with("<svg"));
    s.finish().await;
}

/// A request the server has started on when the stop arrives is answered in full: the server
/// has read its headers and asked for the body (`100 Continue`) before the stop, and gets the
/// body only once it no longer accepts connections. A dropped request fails the test.
async fn shutdown_is_graceful(db: Db) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = TestServer::start(db).await;
    let body = "locale=en";
    let mut conn = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    conn.write_all(
        format!(
            "POST /api/notices/list HTTP/1.1\r\nHost: {}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\nExpect: 100-continue\r\n\r\n",
            s.addr,
            body.len()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let mut interim = Vec::new();
    while !String::from_utf8_lossy(&interim).contains("\r\n\r\n") {
        let mut buf = [0u8; 256];
        let n = conn.read(&mut buf).await.unwrap();
        assert!(n > 0, "connection closed before 100 Continue");
        interim.extend_from_slice(&buf[..n]);
    }
    assert!(
        String::from_utf8_lossy(&interim).starts_with("HTTP/1.1 100"),
        "{}",
        String::from_utf8_lossy(&interim)
    );
    // The request is in flight. Stop, and wait until nothing new is accepted.
    s.ask_to_stop();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while tokio::net::TcpStream::connect(s.addr).await.is_ok() {
        assert!(
            std::time::Instant::now() < deadline,
            "still accepting after the stop"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    conn.write_all(body.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    conn.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(
        response.contains("\"slug\""),
        "the notices, whole: {response}"
    );
    s.stop_and_wait().await;
    // After the stop nothing listens any more.
    assert!(reqwest::get(s.url("/healthz")).await.is_err());
    s.finish().await;
}

/// Pages and files under concurrent load: every page arrives whole with the page CSP (its
/// own nonce), every file with the deny-all CSP. Two faults this caught: the document title
/// read a disposed signal after an async page had rendered (a panic, the connection dropped),
/// and leptos_axum's file handler took response headers from whichever render was current on
/// its thread (pages went out with the files' policy and would not hydrate).
async fn pages_and_files_keep_their_own_headers_under_load(db: Db) {
    let s = TestServer::start_with(db, &[PUBLIC_FILES]).await;
    let c = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..360 {
        let c = c.clone();
        let path = ["/", "/queue", "/visit", "/favicon.svg"][i % 4];
        let url = s.url(path);
        let locale = LOCALES[i % 5];
        tasks.spawn(async move {
            let r = c
                .get(url)
                .header("cookie", format!("i18n_pref_locale={locale}"))
                .send()
                .await
                .map_err(|e| format!("{path}: {e:?}"))?;
            let status = r.status().as_u16();
            let csp: Vec<String> = r
                .headers()
                .get_all("content-security-policy")
                .iter()
                .map(|v| v.to_str().unwrap().to_string())
                .collect();
            let body = r.text().await.map_err(|e| format!("{path}: {e:?}"))?;
            let ok = if path == "/favicon.svg" {
                csp.len() == 1 && csp[0].starts_with("default-src 'none'")
            } else {
                let nonce = csp
                    .first()
                    .and_then(|c| c.split("'nonce-").nth(1))
                    .and_then(|n| n.split('\'').next())
                    .unwrap_or("-");
                csp.len() == 1 && body.contains(&format!("nonce=\"{nonce}\""))
            };
            if status != 200 || !ok {
                return Err(format!("{path}: status {status}, csp {csp:?}"));
            }
            Ok::<_, String>(())
        });
        if tasks.len() >= 24 {
            tasks.join_next().await.unwrap().unwrap().unwrap();
        }
    }
    while let Some(r) = tasks.join_next().await {
        r.unwrap().unwrap();
    }
    s.finish().await;
}

/// Issue #23.1: a page names its language's table of interface texts in a preload link; the
/// table is served under a content-hashed name, cached for a year, compressed, and holds that
/// language's texts. Names from elsewhere are 404.
async fn each_page_preloads_its_language_table(db: Db) {
    let s = TestServer::start(db).await;
    let c = s.client();
    let mut sizes = Vec::new();
    for locale in LOCALES {
        let strings = locale_strings(locale);
        let cookie = format!("i18n_pref_locale={locale}");
        let html = text(c.get(s.url("/services")).header("cookie", cookie)).await;
        let links: Vec<&str> = html
            .match_indices("href=\"/strings/")
            .map(|(i, m)| {
                let rest = &html[i + m.len() - "/strings/".len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        assert_eq!(links.len(), 1, "{locale}: one table preloaded: {links:?}");
        let path = links[0];
        assert!(path.starts_with(&format!("/strings/{locale}-")), "{path}");
        let r = c
            .get(s.url(path))
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()["content-encoding"], "br");
        let r = c.get(s.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(
            r.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(r.headers()["content-type"], "text/plain; charset=utf-8");
        let body = r.text().await.unwrap();
        let texts: Vec<&str> = body.split('\0').collect();
        assert!(
            texts.contains(&tr(&strings, "services.title").as_str()),
            "{locale}"
        );
        assert!(
            texts.contains(&tr(&strings, "nav.visit").as_str()),
            "{locale}"
        );
        sizes.push(texts.len());
    }
    assert!(
        sizes.windows(2).all(|w| w[0] == w[1]),
        "every table holds every text: {sizes:?}"
    );
    for bad in [
        "/strings/en-0000000000000000.txt",
        "/strings/en.txt",
        "/strings/..%2FCargo.toml",
    ] {
        let r = c.get(s.url(bad)).send().await.unwrap();
        assert_eq!(r.status(), 404, "{bad}");
    }
    s.finish().await;
}

both_databases!(
    health_and_readiness,
    pages_and_files_keep_their_own_headers_under_load,
    pages_follow_accept_language_and_the_cookie,
    the_language_form_sets_the_cookie_and_returns,
    pages_carry_a_nonce_csp_and_security_headers,
    no_hsts_over_plain_http,
    responses_are_compressed,
    precompressed_site_files_go_out_as_they_are,
    a_named_build_is_linked_and_kept_a_year,
    each_page_preloads_its_language_table,
    oversized_bodies_are_refused,
    demo_offices_and_notices_are_seeded_once,
    unknown_pages_are_404_in_the_layout,
    static_files_are_served,
    shutdown_is_graceful,
);
