use sqlx::AnyPool;

/// Which SQL dialect is behind the pool, for the few statements that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// One pool over SQLite or PostgreSQL. Queries use `$1` placeholders, which both accept.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}
