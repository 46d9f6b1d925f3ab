//! `GET /queue/live/{office}` (issue #8.2, #8.5): an office's queue today as server-sent
//! events. The first event is the queue as it stands, then one event per change (changes close
//! together arrive as one); a follower that falls behind gets the newest only, never a backlog.
//! Public: the queue carries labels, desks and services, no names. `EventSource` reconnects by
//! itself, and a comment every 15 s keeps proxies from closing a quiet stream. Issue #21.9: one
//! client address holds at most `VARTAI_LIVE_STREAMS_PER_CLIENT` streams at once (default 200:
//! a waiting room's phones share the office's address); past that, 429 with `Retry-After`.
use crate::AppState;
use app::ssr::auth::Client;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub fn router() -> Router<AppState> {
    Router::new().route("/queue/live/{office}", get(live))
}

/// Open live streams per client address, shared by every stream of this instance.
#[derive(Clone, Debug, Default)]
pub struct Streams(Arc<Mutex<HashMap<String, usize>>>);

/// One open stream: counted while it lives.
pub struct StreamSlot {
    streams: Streams,
    client: String,
}

impl Streams {
    /// A slot for one more stream from `client`, unless it already holds `max`.
    pub fn open(&self, client: &str, max: usize) -> Option<StreamSlot> {
        let mut open = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = open.entry(client.to_string()).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(StreamSlot { streams: self.clone(), client: client.to_string() })
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.streams.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.client);
            }
        }
    }
}

async fn live(State(state): State<AppState>, Path(office): Path<String>, parts: Parts) -> Response {
    let Ok(office_id) = office.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let client = Client::of(&state.auth, &parts).address;
    let Some(slot) = state
        .live_streams
        .open(&client, state.config.live_streams_per_client)
    else {
        tracing::warn!(%client, "queue live: too many streams from one client");
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "60")],
            "too many live queue streams from this address",
        )
            .into_response();
    };
    let live: Result<Option<i64>, _> =
        sqlx::query_scalar("SELECT id FROM offices WHERE id = $1 AND live_queue")
            .bind(office_id)
            .fetch_optional(&state.db.pool)
            .await;
    match live {
        Ok(Some(_)) => {}
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "queue live: office");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    let feed = state.queue.follow(office_id);
    let hub = state.queue.clone();
    // Each step waits for a queue not yet sent (the current one first), then sends it; the
    // stream ends when the instance stops.
    // The slot travels with the stream and is given back when the stream is dropped.
    let events = futures_util::stream::unfold(
        (feed, hub, true, slot),
        |(mut feed, hub, first, slot)| async move {
            if !first || feed.borrow().is_none() {
                tokio::select! {
                    changed = feed.changed() => changed.ok()?,
                    () = hub.stopped() => return None,
                }
            }
            let json = feed.borrow_and_update().clone()?;
            let event = Event::default().event("queue").data(&*json);
            Some((Ok::<_, Infallible>(event), (feed, hub, false, slot)))
        },
    );
    (
        [(header::CACHE_CONTROL, "no-store")],
        Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))),
    )
        .into_response()
}
