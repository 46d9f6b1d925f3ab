//! `GET /queue/live/{office}` (issue #8.2, #8.5): an office's queue today as server-sent
//! events. The first event is the queue as it stands, then one event per change (changes close
//! together arrive as one); a follower that falls behind gets the newest only, never a backlog.
//! Public: the queue carries labels, desks and services, no names. `EventSource` reconnects by
//! itself, and a comment every 15 s keeps proxies from closing a quiet stream.
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::time::Duration;

pub fn router() -> Router<AppState> {
    Router::new().route("/queue/live/{office}", get(live))
}

async fn live(State(state): State<AppState>, Path(office): Path<String>) -> Response {
    let Ok(office_id) = office.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
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
    let events =
        futures_util::stream::unfold((feed, hub, true), |(mut feed, hub, first)| async move {
            if !first || feed.borrow().is_none() {
                tokio::select! {
                    changed = feed.changed() => changed.ok()?,
                    () = hub.stopped() => return None,
                }
            }
            let json = feed.borrow_and_update().clone()?;
            let event = Event::default().event("queue").data(&*json);
            Some((Ok::<_, Infallible>(event), (feed, hub, false)))
        });
    (
        [(header::CACHE_CONTROL, "no-store")],
        Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))),
    )
        .into_response()
}
