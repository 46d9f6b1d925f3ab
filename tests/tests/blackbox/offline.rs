//! Issue #23.6 over real HTTP: the files of the service worker and the web app manifest go out
//! with the headers they need, every page links them, and the offline page the worker keeps is
//! there in each of the five languages with the pieces the worker fills in.
use vartai_tests::{both_databases, locale_strings, tr, unescape, Db, TestServer, PUBLIC_FILES};

/// The worker may fetch this site only (its own CSP), and like the WASM it is asked for again
/// on every check (a new build replaces it under the same name); the manifest is JSON of its
/// own type; a page links both.
async fn the_worker_and_the_manifest_go_out_with_their_headers(db: Db) {
    let s = TestServer::start_with(db, &[PUBLIC_FILES]).await;
    let c = s.client();
    let r = c.get(s.url("/sw.js")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    let csp = r.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.starts_with("default-src 'self';"), "{csp}");
    assert_eq!(r.headers()["cache-control"], "no-cache");
    assert!(r.text().await.unwrap().contains("vartai-kept-v1"));
    let r = c.get(s.url("/sw-register.js")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-cache");
    // Anything else keeps the deny-all policy.
    assert!(r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("default-src 'none'"));
    let r = c.get(s.url("/manifest.webmanifest")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/manifest+json");
    let manifest: serde_json::Value = r.json().await.unwrap();
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["icons"][0]["src"], "/favicon.svg");
    let page = c
        .get(s.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"<link rel="manifest" href="/manifest.webmanifest""#));
    assert!(page.contains(r#"<script src="/sw-register.js" defer"#));
    s.finish().await;
}

/// `/offline` in each language, with the hidden list the worker shows when it kept pages and
/// the "saved copy" sentence it puts on them (public/sw.js reads them by these classes).
async fn the_offline_page_is_there_in_five_languages(db: Db) {
    let s = TestServer::start(db).await;
    let c = s.client();
    for locale in ["lt", "en", "uk", "be", "ru"] {
        let strings = locale_strings(locale);
        let r = c
            .get(s.url("/offline"))
            .header("accept-language", locale)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{locale}");
        let html = unescape(&r.text().await.unwrap());
        assert!(
            html.contains(&format!(r#"<html lang="{locale}""#)),
            "{locale}"
        );
        for key in ["offline.title", "offline.text", "offline.kept"] {
            assert!(html.contains(&tr(&strings, key)), "{locale} {key}");
        }
        let saved = format!(
            r#"<p class="saved-copy">{}"#,
            tr(&strings, "offline.saved_copy")
        );
        assert!(html.contains(&saved), "{locale}");
        let kept = html
            .split("<section")
            .find(|t| t.contains(r#"class="kept""#));
        assert!(
            kept.is_some_and(|t| t[..t.find('>').unwrap()].contains(" hidden")),
            "{locale}"
        );
        assert!(html.contains(r#"<ul class="kept-list">"#), "{locale}");
    }
    s.finish().await;
}

both_databases!(
    the_worker_and_the_manifest_go_out_with_their_headers,
    the_offline_page_is_there_in_five_languages,
);
