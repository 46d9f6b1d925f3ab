//! Issue #8.2, #8.5, #8.7 — live queue updates. Every change to an office's queue is
//! *announced*: on PostgreSQL with `pg_notify`, which every instance hears through its
//! `LISTEN` (the server's `queue_listener`), on SQLite (one instance) straight to this process.
//! Each instance then rebuilds the office's `LiveQueue` once — changes arriving together are
//! folded into one rebuild — and hands the same copy to everyone following that office over
//! server-sent events. A follower that falls behind simply gets the newest copy.
use super::LiveQueue;
use crate::ssr::{Backend, Clock, Db};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// The `LISTEN`/`NOTIFY` channel; the payload is the office id.
pub const CHANNEL: &str = "vartai_queue";
/// Changes within this time are folded into one rebuild.
const FOLD: Duration = Duration::from_millis(25);

/// What a follower receives: the office's queue as JSON, built once per change.
pub type Feed = watch::Receiver<Option<Arc<str>>>;

struct Office {
    tx: watch::Sender<Option<Arc<str>>>,
    changed: Notify,
    /// A change came while nobody followed: rebuild for the next follower.
    stale: AtomicBool,
}

/// This instance's live feeds, one per office followed.
#[derive(Clone)]
pub struct QueueHub {
    db: Db,
    clock: Clock,
    offices: Arc<Mutex<HashMap<i64, Arc<Office>>>>,
    /// Set when the instance stops: every stream ends, so a graceful shutdown is not held up
    /// by followers that would otherwise stay connected for ever.
    stopping: Arc<watch::Sender<bool>>,
}

impl std::fmt::Debug for QueueHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueueHub").finish_non_exhaustive()
    }
}

impl QueueHub {
    pub fn new(db: Db, clock: Clock) -> QueueHub {
        QueueHub {
            db,
            clock,
            offices: Arc::default(),
            stopping: Arc::new(watch::channel(false).0),
        }
    }

    /// The instance is stopping: every follower's stream ends.
    pub fn stop(&self) {
        self.stopping.send_replace(true);
        self.changed_all();
    }

    /// Resolves once the instance is stopping.
    pub async fn stopped(&self) {
        let mut rx = self.stopping.subscribe();
        let _ = rx.wait_for(|s| *s).await;
    }

    /// Follows `office_id`: the receiver holds its current queue (once built) and wakes on
    /// every rebuild.
    pub fn follow(&self, office_id: i64) -> Feed {
        let mut offices = self.offices.lock().unwrap_or_else(|e| e.into_inner());
        let office = offices
            .entry(office_id)
            .or_insert_with(|| {
                let office = Arc::new(Office {
                    tx: watch::channel(None).0,
                    changed: Notify::new(),
                    stale: AtomicBool::new(true),
                });
                tokio::spawn(self.clone().rebuild(office_id, office.clone()));
                office
            })
            .clone();
        drop(offices);
        let rx = office.tx.subscribe();
        if office.stale.swap(false, Ordering::AcqRel) || rx.borrow().is_none() {
            office.changed.notify_one();
        }
        rx
    }

    /// This instance heard that `office_id`'s queue changed.
    pub fn changed(&self, office_id: i64) {
        let offices = self.offices.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(o) = offices.get(&office_id) {
            o.changed.notify_one();
        }
    }

    /// After a lost `LISTEN` connection: changes may have been missed, rebuild everything.
    pub fn changed_all(&self) {
        let offices = self.offices.lock().unwrap_or_else(|e| e.into_inner());
        for o in offices.values() {
            o.changed.notify_one();
        }
    }

    /// Tells every instance that `office_id`'s queue changed (after the change committed).
    pub async fn announce(&self, office_id: i64) {
        match self.db.backend {
            Backend::Postgres => {
                let sent = sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(office_id.to_string())
                    .execute(&self.db.pool)
                    .await;
                if let Err(e) = sent {
                    tracing::warn!(error = %e, office_id, "queue: pg_notify failed");
                    self.changed(office_id);
                }
            }
            Backend::Sqlite => self.changed(office_id),
        }
    }

    /// The office's rebuilder: waits for a change, folds the ones close behind it, builds the
    /// queue once and hands it to every follower.
    async fn rebuild(self, office_id: i64, office: Arc<Office>) {
        loop {
            office.changed.notified().await;
            if self.db.pool.is_closed() || *self.stopping.borrow() {
                return;
            }
            if office.tx.receiver_count() == 0 {
                office.stale.store(true, Ordering::Release);
                continue;
            }
            tokio::time::sleep(FOLD).await;
            let now = self.clock.now();
            let built = match self.db.pool.acquire().await {
                Ok(mut conn) => {
                    let now_ms = crate::ssr::auth::now_ms();
                    super::ssr::snapshot(&mut conn, office_id, &now, now_ms).await
                }
                Err(e) => Err(crate::error::AppError::from(e)),
            };
            match built.map(|q: LiveQueue| serde_json::to_string(&q)) {
                Ok(Ok(json)) => {
                    office.tx.send_replace(Some(json.into()));
                }
                Ok(Err(e)) => tracing::error!(error = %e, office_id, "queue: snapshot"),
                Err(e) => {
                    if self.db.pool.is_closed() {
                        return; // the instance is stopping
                    }
                    tracing::warn!(error = ?e, office_id, "queue: snapshot failed, retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    office.changed.notify_one();
                }
            }
        }
    }
}

/// Announces a change of `office_id`'s queue from a server function (when the hub is there).
pub async fn announce(office_id: i64) {
    use leptos::prelude::use_context;
    if let Some(hub) = use_context::<QueueHub>() {
        hub.announce(office_id).await;
    }
    // The line may have moved: tell whoever has come near their turn (issue #8.2).
    let near = use_context::<super::QueueSettings>().map_or(3, |q| q.near_position);
    let Ok(db) = crate::ssr::db() else {
        return;
    };
    let today = crate::ssr::clock().today();
    let now = crate::ssr::auth::now_ms();
    match super::ssr::notify_near(&db, office_id, today, near, now).await {
        Ok(0) => {}
        Ok(_) => {
            crate::ssr::outbox::wake();
        }
        Err(e) => tracing::warn!(error = ?e, office_id, "queue: the near notice failed"),
    }
}
