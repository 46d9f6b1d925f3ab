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
use std::time::Duration;
use tower_sessions::cookie::{time, SameSite};
use tower_sessions::session::{Id, Record};
use tower_sessions::{session_store, Expiry, Session, SessionManagerLayer, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The session store of whichever database Vartai runs on.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqliteStore),
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
                    .connect_with(options)
                    .await?;
                let store = SqliteStore::new(pool);
                store.migrate().await?;
                Store::Sqlite(store)
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
            Store::Sqlite(s) => s.delete_expired().await,
            Store::Postgres(s) => s.delete_expired().await,
        }
    }
}

#[async_trait::async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.create(record).await,
            Store::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.save(record).await,
            Store::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Store::Sqlite(s) => s.load(id).await,
            Store::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.delete(id).await,
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
