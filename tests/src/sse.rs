//! A reader of server-sent events over real HTTP (the live queue's `/queue/live/{office}`).
use std::time::Duration;

pub struct EventStream {
    response: reqwest::Response,
    buffer: String,
}

/// One event: its name and its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sse {
    pub event: String,
    pub data: String,
}

impl EventStream {
    /// Opens `url`; `Err(status)` when the server does not answer with an event stream.
    pub async fn open(client: &reqwest::Client, url: &str) -> Result<EventStream, u16> {
        let response = client
            .get(url)
            .header("accept", "text/event-stream")
            .send()
            .await
            .map_err(|_| 0u16)?;
        let kind = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        if !response.status().is_success() || !kind.starts_with("text/event-stream") {
            return Err(response.status().as_u16());
        }
        Ok(EventStream { response, buffer: String::new() })
    }

    /// The next event (comments such as keep-alives skipped), or `None` after `wait`.
    pub async fn next(&mut self, wait: Duration) -> Option<Sse> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = String::from("message");
                let mut data = Vec::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event = v.trim_start().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                    }
                }
                if !data.is_empty() {
                    return Some(Sse { event, data: data.join("\n") });
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .ok()?
                .ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The next event's data as JSON.
    pub async fn next_json(&mut self, wait: Duration) -> Option<serde_json::Value> {
        let e = self.next(wait).await?;
        serde_json::from_str(&e.data).ok()
    }
}
