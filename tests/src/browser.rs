//! A scripted browser over real HTTP: its own cookie jar (so its own session), pages, and the
//! two ways a page calls a server function — as the hydrated app does (`call`: the answer is
//! JSON, a redirect is a header) and as a plain HTML form does without JavaScript (`submit`:
//! a 302 back to the page, with the error in the URL).
use crate::TestServer;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::sync::Arc;

pub struct Browser {
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    base: String,
}

/// What a server function answered.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: serde_json::Value,
}

impl Answer {
    /// Where the server function sent the browser (`leptos_axum::redirect`), if anywhere.
    pub fn redirect(&self) -> Option<&str> {
        self.headers
            .get("serverfnredirect")
            .and(self.headers.get("location"))
            .and_then(|v| v.to_str().ok())
    }

    pub fn is_ok(&self) -> bool {
        self.status.is_success()
    }

    /// The error's variant name (`"WrongCode"`, `"Invalid"`…), from its JSON form.
    pub fn error(&self) -> Option<String> {
        if self.status.is_success() {
            return None;
        }
        match &self.body {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Object(m) => m.keys().next().cloned(),
            other => Some(other.to_string()),
        }
    }
}

impl Browser {
    pub fn new(server: &TestServer) -> Self {
        Self::with_language(server, None)
    }

    /// A browser whose language choice (the switcher's cookie) is `lang`.
    pub fn with_language(server: &TestServer, lang: Option<&str>) -> Self {
        let jar = Arc::new(Jar::default());
        if let Some(lang) = lang {
            jar.add_cookie_str(
                &format!("i18n_pref_locale={lang}; Path=/"),
                &server.base.parse().unwrap(),
            );
        }
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Browser { client, jar, base: server.base.clone() }
    }

    /// The value of cookie `name` as this browser would send it.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let header = self.jar.cookies(&self.base.parse().unwrap())?;
        header
            .to_str()
            .ok()?
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }

    /// Copies this browser's cookies into a new browser (the same session in a second tab).
    pub fn clone_session(&self, server: &TestServer) -> Browser {
        let other = Browser::new(server);
        if let Some(header) = self.jar.cookies(&self.base.parse().unwrap()) {
            for c in header.to_str().unwrap().split(';') {
                other.jar.add_cookie_str(
                    &format!("{}; Path=/", c.trim()),
                    &self.base.parse().unwrap(),
                );
            }
        }
        other
    }

    /// GET a page: status and HTML (entities decoded).
    pub async fn page(&self, path: &str) -> (StatusCode, String) {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .header("accept", "text/html")
            .send()
            .await
            .expect("GET");
        let status = r.status();
        (status, crate::unescape(&r.text().await.expect("body")))
    }

    /// The CSRF token the page at `path` put into its forms.
    pub async fn csrf(&self, path: &str) -> String {
        let (status, html) = self.page(path).await;
        assert_eq!(status, 200, "{path}");
        form_value(&html, "csrf").unwrap_or_else(|| panic!("no csrf field on {path}"))
    }

    /// Calls `/api/<endpoint>` the way the hydrated app does.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> Answer {
        let r = self
            .client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .expect("POST");
        let status = r.status();
        let headers = r.headers().clone();
        let text = r.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
        Answer { status, headers, body }
    }

    /// Posts a form to `/api/<endpoint>` from the page at `from` the way a browser without
    /// JavaScript does; returns the status and where it was sent.
    pub async fn submit(
        &self,
        endpoint: &str,
        from: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let r = self
            .client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", format!("{}{from}", self.base))
            .form(form)
            .send()
            .await
            .expect("POST");
        (r.status(), header(&r, "location"))
    }
}

impl Browser {
    /// Posts a multipart form with one file to `path` (an upload form). `accept` is what the
    /// browser says it takes (`text/html` for a plain form, `application/json` for a script).
    /// Returns the status, the `Location` (if any) and the body.
    pub async fn upload(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: Vec<u8>,
        accept: &str,
    ) -> (StatusCode, String, String) {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string()),
        );
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("accept", accept)
            .multipart(form)
            .send()
            .await
            .expect("POST");
        let (status, location) = (r.status(), header(&r, "location"));
        (status, location, r.text().await.unwrap_or_default())
    }

    /// GET `path`: status, `Content-Type` and the bytes.
    pub async fn bytes(&self, path: &str) -> (StatusCode, String, Vec<u8>) {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET");
        let (status, kind) = (r.status(), header(&r, "content-type"));
        (
            status,
            kind,
            r.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
        )
    }
}

/// Response header `name` as text; empty when it is missing (or not text), which the tests
/// then see in the assertion that needed it.
fn header(r: &reqwest::Response, name: &str) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// The `value` of the `<input name=…>` in a page.
pub fn form_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    let tag = &html[start..end];
    let v = tag.split("value=\"").nth(1)?;
    Some(v[..v.find('"')?].to_string())
}
