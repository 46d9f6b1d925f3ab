//! How a text message leaves (issue #4.6): an HTTP gateway, or — with none configured — a
//! `.txt` file per message under `<data dir>/sms` (shown at `/dev/mailbox` in demo mode).
//!
//! Gateways differ in what they want, so the request is a template: `VARTAI_SMS_URL` gets a
//! `POST` whose body is `VARTAI_SMS_BODY` with `{to}`, `{text}` and `{id}` filled in, escaped
//! for the body's `VARTAI_SMS_CONTENT_TYPE` (JSON string escaping, or form URL encoding).
//! `VARTAI_SMS_AUTHORIZATION`, when set, is sent as the `Authorization` header.
use super::mailer::{Outgoing, SendError};
use std::path::PathBuf;
use std::time::Duration;

/// The default body: a JSON object most gateways can be adapted to.
pub const DEFAULT_BODY: &str = r#"{"to":"{to}","text":"{text}","reference":"vartai-{id}"}"#;

/// The gateway settings from the configuration.
#[derive(Clone, Debug)]
pub struct SmsConfig {
    pub url: String,
    pub body: String,
    pub content_type: String,
    pub authorization: Option<String>,
}

#[derive(Clone)]
pub enum SmsGateway {
    Http {
        client: reqwest::Client,
        config: SmsConfig,
    },
    Files(PathBuf),
}

impl SmsGateway {
    /// The HTTP gateway when configured, else files under `dir`.
    pub fn new(config: Option<SmsConfig>, dir: PathBuf) -> Result<Self, String> {
        let Some(config) = config else {
            return Ok(SmsGateway::Files(dir));
        };
        reqwest::Url::parse(&config.url).map_err(|e| format!("VARTAI_SMS_URL: {e}"))?;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("SMS client: {e}"))?;
        Ok(SmsGateway::Http { client, config })
    }

    pub async fn send(&self, m: &Outgoing) -> Result<(), SendError> {
        let text = if m.body.is_empty() {
            &m.subject
        } else {
            &m.body
        };
        match self {
            SmsGateway::Http { client, config } => {
                let body = render(&config.body, &config.content_type, &m.recipient, text, m.id);
                let mut req = client
                    .post(&config.url)
                    .header(reqwest::header::CONTENT_TYPE, &config.content_type)
                    .body(body);
                if let Some(a) = &config.authorization {
                    req = req.header(reqwest::header::AUTHORIZATION, a);
                }
                let resp = req
                    .send()
                    .await
                    .map_err(|e| SendError::Temporary(format!("SMS gateway: {e}")))?;
                let status = resp.status();
                if status.is_success() {
                    Ok(())
                } else if status.is_client_error()
                    && status != reqwest::StatusCode::TOO_MANY_REQUESTS
                    && status != reqwest::StatusCode::REQUEST_TIMEOUT
                {
                    Err(SendError::Permanent(format!(
                        "SMS gateway refused: {status}"
                    )))
                } else {
                    Err(SendError::Temporary(format!("SMS gateway: {status}")))
                }
            }
            SmsGateway::Files(dir) => {
                let content = format!("To: {}\n\n{text}\n", m.recipient);
                write_file(dir, m.id, content.as_bytes())
                    .await
                    .map_err(|e| SendError::Temporary(format!("{}: {e}", dir.display())))
            }
        }
    }
}

/// Fills the template, escaping each value for the content type.
pub fn render(template: &str, content_type: &str, to: &str, text: &str, id: i64) -> String {
    let escape = |v: &str| -> String {
        if content_type.contains("json") {
            let quoted = serde_json::to_string(v).unwrap_or_default();
            quoted[1..quoted.len() - 1].to_string()
        } else if content_type.contains("x-www-form-urlencoded") {
            form_urlencoded::byte_serialize(v.as_bytes()).collect()
        } else {
            v.to_string()
        }
    };
    // One pass, so a `{text}` typed inside a value is never expanded again.
    let mut out = String::with_capacity(template.len() + text.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let (value, len) = if tail.starts_with("{to}") {
            (escape(to), 4)
        } else if tail.starts_with("{text}") {
            (escape(text), 6)
        } else if tail.starts_with("{id}") {
            (id.to_string(), 4)
        } else {
            ("{".to_string(), 1)
        };
        out.push_str(&value);
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

/// `<dir>/<id>.txt`, written whole or not at all.
async fn write_file(dir: &std::path::Path, id: i64, bytes: &[u8]) -> std::io::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let tmp = dir.join(format!(".{id:08}.txt.tmp"));
    tokio::fs::write(&tmp, bytes).await?;
    tokio::fs::rename(&tmp, dir.join(format!("{id:08}.txt"))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_bodies_escape_the_values() {
        let body = render(
            DEFAULT_BODY,
            "application/json",
            "+37061234567",
            "Tai \"jūs\"?\n{to}",
            7,
        );
        let v: serde_json::Value = serde_json::from_str(&body).expect("valid JSON");
        assert_eq!(v["to"], "+37061234567");
        assert_eq!(v["text"], "Tai \"jūs\"?\n{to}");
        assert_eq!(v["reference"], "vartai-7");
    }

    #[test]
    fn form_bodies_are_url_encoded() {
        let body = render(
            "phone={to}&message={text}",
            "application/x-www-form-urlencoded",
            "+37061234567",
            "Код: 1 & 2",
            1,
        );
        let pairs: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("phone".into(), "+37061234567".into()),
                ("message".into(), "Код: 1 & 2".into())
            ]
        );
    }

    #[test]
    fn other_braces_are_left_alone() {
        assert_eq!(render("{x} {id}", "text/plain", "a", "b", 3), "{x} 3");
    }
}
