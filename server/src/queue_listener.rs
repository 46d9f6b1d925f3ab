//! Issue #8.7 — with PostgreSQL, every instance hears every queue change: `LISTEN` on the
//! queue channel and pass each office id to this instance's `QueueHub`. `sqlx`'s listener
//! reconnects by itself; after a reconnect, changes may have been missed, so every office
//! followed here is rebuilt.
use app::queue::live::{QueueHub, CHANNEL};
use sqlx::postgres::PgListener;
use std::time::Duration;
use tokio::sync::watch;

pub async fn run(url: String, hub: QueueHub, mut stop: watch::Receiver<bool>) {
    let mut listener = loop {
        let connected = async {
            let mut l = PgListener::connect(&url).await?;
            l.listen(CHANNEL).await?;
            Ok::<_, sqlx::Error>(l)
        };
        tokio::select! {
            l = connected => match l {
                Ok(l) => break l,
                Err(e) => tracing::warn!(error = %e, "queue listener: cannot listen yet"),
            },
            _ = stop.changed() => return,
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = stop.changed() => return,
        }
    };
    tracing::info!(channel = CHANNEL, "queue listener: listening");
    loop {
        tokio::select! {
            got = listener.try_recv() => match got {
                Ok(Some(n)) => match n.payload().parse::<i64>() {
                    Ok(office_id) => hub.changed(office_id),
                    Err(_) => tracing::warn!(payload = n.payload(), "queue listener: not an office"),
                },
                // The connection was lost and is re-established on the next call.
                Ok(None) => hub.changed_all(),
                Err(e) => {
                    tracing::warn!(error = %e, "queue listener: lost, reconnecting");
                    hub.changed_all();
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            },
            _ = stop.changed() => return,
        }
    }
}
