//! Opens the database named by `DATABASE_URL` and brings its schema up to date.
use app::ssr::{Backend, Db};
use sqlx::any::AnyPoolOptions;
use sqlx::Executor;
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

pub async fn connect(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Backend::Postgres
    } else if url.starts_with("sqlite:") {
        Backend::Sqlite
    } else {
        return Err(sqlx::Error::Configuration(
            "DATABASE_URL must start with sqlite: or postgres:".into(),
        ));
    };
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers run beside the one writer; the busy timeout makes a
                    // second writer wait instead of failing; SQLite leaves FKs off by default.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await?;
    Ok(Db { pool, backend })
}

pub async fn migrate(db: &Db) -> Result<(), sqlx::migrate::MigrateError> {
    match db.backend {
        Backend::Sqlite => SQLITE_MIGRATIONS.run(&db.pool).await,
        Backend::Postgres => POSTGRES_MIGRATIONS.run(&db.pool).await,
    }
}

/// True when the database answers a trivial query (readiness).
pub async fn ping(db: &Db) -> bool {
    sqlx::query("SELECT 1").execute(&db.pool).await.is_ok()
}
