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
        // Issue #23.7: sqlx pings a pooled connection before lending it, to find one the
        // server dropped. A SQLite connection is a file handle in this process and cannot be
        // dropped that way; its ping is a round trip to the connection's worker thread on every
        // acquire (the profile's largest cost). PostgreSQL keeps the check.
        .test_before_acquire(backend == Backend::Postgres)
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
    Ok(Db::new(pool, backend))
}

pub async fn migrate(db: &Db) -> Result<(), sqlx::migrate::MigrateError> {
    match db.backend {
        Backend::Sqlite => SQLITE_MIGRATIONS.run(&db.pool).await,
        Backend::Postgres => POSTGRES_MIGRATIONS.run(&db.pool).await,
    }
}

/// Brings the schema up to date: as the schema owner when `owner_url` is given (then the
/// application's role gets only its rights, `grant_application_rights`), else as the
/// application's own role. With an owner, the session store's schema is made here as well
/// (`sessions::Store::connect` then leaves it alone).
pub async fn migrate_with(
    db: &Db,
    owner_url: Option<&str>,
) -> Result<(), sqlx::migrate::MigrateError> {
    let Some(owner_url) = owner_url else {
        return migrate(db).await;
    };
    let owner = connect(owner_url, 1).await?;
    let done = async {
        migrate(&owner).await?;
        if owner.backend == Backend::Postgres {
            // The session store's schema too: creating it needs rights the application lacks.
            let pool = sqlx::PgPool::connect(owner_url).await?;
            let made = tower_sessions_sqlx_store::PostgresStore::new(pool.clone())
                .migrate()
                .await;
            pool.close().await;
            made?;
        }
        let role: String = sqlx::query_scalar("SELECT current_user::text")
            .fetch_one(&db.pool)
            .await?;
        grant_application_rights(&owner, &role).await?;
        Ok(())
    }
    .await;
    owner.pool.close().await;
    done
}

/// Issue #21.10: what the application's role may do in a schema it does not own. It reads and
/// writes the tables, but the audit log only takes new entries (no UPDATE, DELETE or TRUNCATE,
/// and, not being the owner, it cannot drop the append-only triggers or the table), and the
/// migration history is read-only to it. Run after every migration, so new tables are covered.
pub async fn grant_application_rights(owner: &Db, role: &str) -> Result<(), sqlx::Error> {
    let owner_role: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(&owner.pool)
        .await?;
    if owner_role == role {
        // The same role: nothing to separate.
        return Ok(());
    }
    let role = format!("\"{}\"", role.replace('"', "\"\""));
    for statement in [
        format!("GRANT USAGE ON SCHEMA public TO {role}"),
        format!("REVOKE CREATE ON SCHEMA public FROM {role}"),
        format!("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"),
        format!("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}"),
        format!("REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role}"),
        format!("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON _sqlx_migrations FROM {role}"),
        format!("GRANT USAGE ON SCHEMA tower_sessions TO {role}"),
        format!(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA tower_sessions TO {role}"
        ),
    ] {
        sqlx::query(&statement).execute(&owner.pool).await?;
    }
    Ok(())
}

/// True when the application's role owns the audit log (PostgreSQL), so it could drop its
/// append-only triggers: production should set `DATABASE_OWNER_URL` (issue #21.10).
pub async fn owns_audit_log(db: &Db) -> bool {
    db.backend == Backend::Postgres
        && sqlx::query_scalar::<_, bool>(
            "SELECT pg_get_userbyid(relowner) = current_user FROM pg_class \
             WHERE relname = 'audit_log' AND relkind = 'r'",
        )
        .fetch_optional(&db.pool)
        .await
        .ok()
        .flatten()
        .unwrap_or(false)
}

/// True when the database answers a trivial query (readiness).
pub async fn ping(db: &Db) -> bool {
    sqlx::query("SELECT 1").execute(&db.pool).await.is_ok()
}
