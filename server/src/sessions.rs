//! Database-backed sessions (issue #4.4) with tower-sessions and its sqlx stores, on the same
//! database as everything else (SQLite or PostgreSQL).
//!
//! - Cookie: `__Host-vartai` with `Secure` when the base URL is https (plain `vartai` on http,
//!   where browsers refuse `__Host-` cookies), HttpOnly, SameSite=Lax, path `/`.
//! - Idle timeout: `VARTAI_SESSION_IDLE_SECS` (30 min); the expiry moves on at most once a
//!   minute per logged-in session (`touch`), so browsing does not write on every request.
//!   A session waiting for a login code lives at least as long as the code (R-AC-2).
//! - Absolute timeout: `VARTAI_SESSION_MAX_SECS` (12 h) after login, checked on every use
//!   (`app::ssr::auth::current`).
//! - A new session id on login; logout deletes the row.
//! - On SQLite (one instance, as the live queue also assumes) the records are also kept in
//!   this process's memory (`tower-sessions-moka-store`, bounded, each entry gone at its
//!   expiry): every write goes to the database first and then to the copy, so a read needs no
//!   round trip to the database (issue #23.7). The login check (`current`) still reads the
//!   person and the device entry from the database on every request. PostgreSQL, where several
//!   instances share the sessions, reads the database every time.
use crate::config::Config;
use app::ssr::auth::{idle_too_long, now_ms, Auth, KEY_AUTH, KEY_TOUCHED};
use app::ssr::Clock;
use app::ssr::{Backend, Db};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tower_sessions::cookie::{time, SameSite};
use tower_sessions::session::{Id, Record};
use tower_sessions::{session_store, Expiry, Session, SessionManagerLayer, SessionStore};
use tower_sessions_moka_store::MokaStore;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// How many SQLite sessions this process keeps in memory (the least used leave first; a
/// session not in memory is read from the database).
const SESSIONS_IN_MEMORY: u64 = 50_000;

/// The session store of whichever database Vartai runs on.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite { db: SqliteStore, memory: Memory },
    Postgres(PostgresStore),
}

impl Store {
    /// A small typed pool beside the main one (the stores need sqlx's typed pools) and the
    /// store's table, created if missing — unless `made_by_owner` (PostgreSQL with
    /// `DATABASE_OWNER_URL`: `db::migrate_with` made it, and the application may not).
    pub async fn connect(url: &str, db: &Db, made_by_owner: bool) -> Result<Self, sqlx::Error> {
        let store = match db.backend {
            Backend::Sqlite => {
                let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)?
                    .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                    .busy_timeout(Duration::from_secs(5));
                let pool = sqlx::sqlite::SqlitePoolOptions::new()
                    .max_connections(4)
                    // As for the main pool (`db::connect`): no ping before each use.
                    .test_before_acquire(false)
                    .connect_with(options)
                    .await?;
                let store = SqliteStore::new(pool);
                store.migrate().await?;
                Store::Sqlite { db: store, memory: Memory::new() }
            }
            Backend::Postgres => {
                let pool = sqlx::postgres::PgPoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await?;
                let store = PostgresStore::new(pool);
                if !made_by_owner {
                    store.migrate().await?;
                }
                Store::Postgres(store)
            }
        };
        Ok(store)
    }

    /// Removes sessions past their expiry (the housekeeping loop calls it).
    pub async fn delete_expired(&self) -> session_store::Result<()> {
        use tower_sessions::ExpiredDeletion;
        match self {
            // The copies in memory leave at their own expiry.
            Store::Sqlite { db, .. } => db.delete_expired().await,
            Store::Postgres(s) => s.delete_expired().await,
        }
    }
}

/// The SQLite sessions' copies in this process's memory.
///
/// A write holds `writes` while it writes the database and then the copy (a failed write drops
/// the copy), so two writes of one session leave the copy as the database has it. A read that
/// missed fills the copy only when no write came in since it began (`writes` counts them):
/// otherwise a record read just before a logout could come back after it. Session writes are
/// few (a login, a logout, the idle timeout moved on at most once a minute), so one lock for
/// all of them costs nothing that shows; reads that hit the copy never take it.
/// (tower-sessions' `CachingSessionStore` writes both at once, unlocked, and fills on every
/// miss.)
#[derive(Clone, Debug)]
pub struct Memory {
    copies: MokaStore,
    writes: Arc<tokio::sync::Mutex<u64>>,
}

impl Memory {
    fn new() -> Self {
        Memory {
            copies: MokaStore::new(Some(SESSIONS_IN_MEMORY)),
            writes: Arc::default(),
        }
    }

    /// Runs `write` on the database, then makes the copy of `id` what the database now has:
    /// `record` after a save, nothing after a delete or a failed write.
    async fn write<T>(
        &self,
        id: &Id,
        record: Option<&Record>,
        write: impl std::future::Future<Output = session_store::Result<T>>,
    ) -> session_store::Result<T> {
        let mut writes = self.writes.lock().await;
        *writes += 1;
        let written = write.await;
        match (&written, record) {
            (Ok(_), Some(record)) => self.copies.save(record).await?,
            _ => self.copies.delete(id).await?,
        }
        written
    }

    async fn load(&self, db: &SqliteStore, id: &Id) -> session_store::Result<Option<Record>> {
        if let Some(record) = self.copies.load(id).await? {
            return Ok(Some(record));
        }
        let seen = *self.writes.lock().await;
        let record = db.load(id).await?;
        if let Some(record) = &record {
            let writes = self.writes.lock().await;
            if *writes == seen {
                self.copies.save(record).await?;
            }
        }
        Ok(record)
    }
}

#[async_trait::async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite { db, memory } => {
                // The id may change (a clash with a stored one), so the copy is made after.
                let mut writes = memory.writes.lock().await;
                *writes += 1;
                db.create(record).await?;
                memory.copies.save(record).await
            }
            Store::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite { db, memory } => {
                memory
                    .write(&record.id, Some(record), db.save(record))
                    .await
            }
            Store::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Store::Sqlite { db, memory } => memory.load(db, id).await,
            Store::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Store::Sqlite { db, memory } => memory.write(id, None, db.delete(id)).await,
            Store::Postgres(s) => s.delete(id).await,
        }
    }
}

/// The cookie's name: browsers accept the `__Host-` prefix only on https.
pub fn cookie_name(config: &Config) -> &'static str {
    if config.is_https() {
        "__Host-vartai"
    } else {
        "vartai"
    }
}

pub fn layer(store: Store, config: &Config) -> SessionManagerLayer<Store> {
    SessionManagerLayer::new(store)
        .with_name(cookie_name(config))
        .with_secure(config.is_https())
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
            config.session_idle_secs,
        )))
}

/// Extends a logged-in session's idle timeout, writing at most once a minute (or a quarter of
/// the idle timeout, when that is shorter). A session already idle too long is not revived: the
/// login check ends it. Counted on the sessions' clock (`AuthSettings::clock`).
pub async fn touch(
    State((idle_secs, clock)): State<(i64, Clock)>,
    session: Session,
    req: Request,
    next: Next,
) -> Response {
    if let Ok(Some(auth)) = session.get::<Auth>(KEY_AUTH).await {
        let every_ms = (idle_secs * 1000 / 4).min(60_000);
        let now = clock.now_ms();
        let last = session
            .get::<i64>(KEY_TOUCHED)
            .await
            .ok()
            .flatten()
            .unwrap_or(auth.login_at_ms);
        if now - last > every_ms && !idle_too_long(now, last, idle_secs) {
            let _ = session.insert(KEY_TOUCHED, now).await;
        }
    }
    next.run(req).await
}

/// Periodic clean-up: expired sessions, login attempts and rate-limit windows older than a
/// day. Runs until `stop` turns true.
pub async fn housekeeping(
    store: Store,
    db: Db,
    every: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        if let Err(e) = store.delete_expired().await {
            tracing::warn!(error = %e, "deleting expired sessions failed");
        }
        let day_ago = now_ms() - 86_400_000;
        for sql in [
            "DELETE FROM login_attempts WHERE created_at < $1",
            "DELETE FROM rate_limits WHERE window_start < $1",
        ] {
            if let Err(e) = sqlx::query(sql).bind(day_ago).execute(&db.pool).await {
                tracing::warn!(error = %e, "housekeeping failed");
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A session store on a SQLite file of its own, with its copies in memory.
    async fn sqlite() -> (Store, sqlx::SqlitePool, std::path::PathBuf) {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let path =
            std::env::temp_dir().join(format!("vartai-sessions-{}-{nanos}.db", std::process::id()));
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(options)
            .await
            .unwrap();
        let db = SqliteStore::new(pool.clone());
        db.migrate().await.unwrap();
        let store = Store::Sqlite { db, memory: Memory::new() };
        (store, pool, path)
    }

    fn record(value: &str) -> Record {
        let mut data = std::collections::HashMap::new();
        data.insert("k".to_owned(), serde_json::json!(value));
        Record {
            id: Id::default(),
            data,
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::minutes(30),
        }
    }

    async fn rows(pool: &sqlx::SqlitePool) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM tower_sessions")
            .fetch_one(pool)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn sqlite_reads_come_from_memory_and_writes_reach_the_database_first() {
        let (store, pool, path) = sqlite().await;
        let mut r = record("a");
        store.create(&mut r).await.unwrap();
        assert_eq!(
            rows(&pool).await,
            1,
            "a new session is written to the database"
        );
        // Gone from the database behind the store's back: the copy answers (no round trip).
        sqlx::query("DELETE FROM tower_sessions")
            .execute(&pool)
            .await
            .unwrap();
        let copy = store
            .load(&r.id)
            .await
            .unwrap()
            .expect("the copy in memory");
        assert_eq!(copy.data["k"], "a");
        // A save reaches both.
        r.data.insert("k".to_owned(), serde_json::json!("b"));
        store.save(&r).await.unwrap();
        assert_eq!(rows(&pool).await, 1);
        assert_eq!(store.load(&r.id).await.unwrap().unwrap().data["k"], "b");
        // A logout (delete) leaves neither.
        store.delete(&r.id).await.unwrap();
        assert_eq!(rows(&pool).await, 0);
        assert!(store.load(&r.id).await.unwrap().is_none());
        // A session only in the database (written before a restart) is read and then kept.
        let r2 = record("c");
        let other = SqliteStore::new(pool.clone());
        other.save(&r2).await.unwrap();
        assert_eq!(store.load(&r2.id).await.unwrap().unwrap().data["k"], "c");
        sqlx::query("DELETE FROM tower_sessions")
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(store.load(&r2.id).await.unwrap().unwrap().data["k"], "c");
        pool.close().await;
        let _ = std::fs::remove_file(path);
    }

    #[tokio::test]
    async fn sqlite_a_save_the_database_refused_drops_the_copy() {
        let (store, pool, path) = sqlite().await;
        let mut r = record("a");
        store.create(&mut r).await.unwrap();
        sqlx::query("DROP TABLE tower_sessions")
            .execute(&pool)
            .await
            .unwrap();
        r.data.insert("k".to_owned(), serde_json::json!("b"));
        assert!(store.save(&r).await.is_err());
        // Neither the refused "b" nor the old "a": the read goes to the database, and fails.
        assert!(store.load(&r.id).await.is_err());
        pool.close().await;
        let _ = std::fs::remove_file(path);
    }
}
