//! A loopback SMS gateway: an HTTP server that records every request it gets and answers with
//! the statuses it is told to (then 200), so the outbox's HTTP adapter is tested over real HTTP.
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request the gateway received.
#[derive(Clone, Debug)]
pub struct Sms {
    pub content_type: String,
    pub authorization: Option<String>,
    pub body: String,
}

#[derive(Default)]
struct Inner {
    received: Vec<Sms>,
    answers: VecDeque<StatusCode>,
}

#[derive(Clone)]
pub struct SmsGateway {
    pub addr: SocketAddr,
    inner: Arc<Mutex<Inner>>,
}

impl SmsGateway {
    /// Starts the gateway; it answers the first requests with `answers`, the rest with 200.
    pub async fn start(answers: &[u16]) -> Self {
        let inner = Arc::new(Mutex::new(Inner {
            received: Vec::new(),
            answers: answers
                .iter()
                .map(|s| StatusCode::from_u16(*s).expect("a status"))
                .collect(),
        }));
        let app = Router::new()
            .route("/send", post(receive))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        SmsGateway { addr, inner }
    }

    pub fn url(&self) -> String {
        format!("http://{}/send", self.addr)
    }

    pub fn received(&self) -> Vec<Sms> {
        self.inner.lock().unwrap().received.clone()
    }

    /// Waits until `n` requests have arrived (panics after `limit`).
    pub async fn wait_for(&self, n: usize, limit: Duration) -> Vec<Sms> {
        let start = std::time::Instant::now();
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            assert!(
                start.elapsed() < limit,
                "waited {limit:?} for {n} SMS, got {}",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn receive(
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let mut inner = inner.lock().unwrap();
    inner.received.push(Sms {
        content_type: header("content-type").unwrap_or_default(),
        authorization: header("authorization"),
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    inner.answers.pop_front().unwrap_or(StatusCode::OK)
}
