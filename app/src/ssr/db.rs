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
    /// SQLite has one writer at a time. Issue #23.7: this instance's writing transactions take
    /// turns here, in the order they asked, instead of in SQLite's busy handler, which makes a
    /// waiting writer sleep 1, 2, 5 … 100 ms between tries (the booking rush's p99). Writers of
    /// other processes (the command line) still meet the busy timeout.
    writer: std::sync::Arc<tokio::sync::Semaphore>,
}

/// A transaction that writes ([`Db::begin`]): the connection (`&mut *tx`), then `commit` or
/// `rollback`; dropped, it rolls back. On SQLite it holds the instance's writer turn until it
/// ends.
pub struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    _turn: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

impl Db {
    pub fn new(pool: AnyPool, backend: Backend) -> Self {
        Db {
            pool,
            backend,
            writer: std::sync::Arc::new(tokio::sync::Semaphore::new(1)),
        }
    }

    /// Begins a transaction that writes. On SQLite it waits for this instance's writer turn,
    /// then takes the write lock at once (`BEGIN IMMEDIATE`): a transaction that reads and then
    /// writes would otherwise fail at once with "database is locked" whenever another
    /// connection wrote in between, because SQLite cannot move a read snapshot that is no
    /// longer the newest up to a write. On PostgreSQL a plain `BEGIN`.
    pub async fn begin(&self) -> Result<WriteTx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => {
                let turn = self.writer.clone().acquire_owned().await.ok();
                let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
                Ok(WriteTx { tx, _turn: turn })
            }
            Backend::Postgres => Ok(WriteTx { tx: self.pool.begin().await?, _turn: None }),
        }
    }

    /// A scheduler job's claim on one piece of work, so that it is done once although several
    /// instances (or a rerun) see it: `claim` is a conditional write (an `UPDATE … WHERE … IS
    /// NULL`, an `INSERT … ON CONFLICT DO NOTHING`) that touches one row only if nobody has. It
    /// runs in a new transaction, which comes back when this caller won the row; when no row
    /// was written it is rolled back and the answer is `None` (someone else has it).
    pub async fn claim_once<'q>(
        &self,
        claim: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<Option<WriteTx>, sqlx::Error> {
        let mut tx = self.begin().await?;
        if claim.execute(&mut *tx).await?.rows_affected() == 1 {
            Ok(Some(tx))
        } else {
            tx.rollback().await?;
            Ok(None)
        }
    }
}

/// A calendar day as the database keeps it — ISO `YYYY-MM-DD` text, the same on SQLite and
/// PostgreSQL — that binds and reads itself (issue #24.3): rows derive `sqlx::FromRow` with
/// `Day` fields, and queries bind `Day(date)` instead of a string made by hand. A stored text
/// that is not a day fails the read (the server's trouble), rather than reading as "no day".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub jiff::civil::Date);

impl From<Day> for jiff::civil::Date {
    fn from(d: Day) -> Self {
        d.0
    }
}

impl sqlx::Type<sqlx::Any> for Day {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <String as sqlx::Type<sqlx::Any>>::type_info()
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for Day {
    fn decode(
        value: <sqlx::Any as sqlx::Database>::ValueRef<'r>,
    ) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
        Ok(Day(text.parse()?))
    }
}

impl<'q> sqlx::Encode<'q, sqlx::Any> for Day {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <String as sqlx::Encode<'q, sqlx::Any>>::encode(self.0.to_string(), buf)
    }
}

/// A role as the database keeps it (`users.role`, its snake_case name), read and bound as itself;
/// a stored name that is no role fails the read (the server's trouble).
impl sqlx::Type<sqlx::Any> for crate::identity::Role {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <String as sqlx::Type<sqlx::Any>>::type_info()
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for crate::identity::Role {
    fn decode(
        value: <sqlx::Any as sqlx::Database>::ValueRef<'r>,
    ) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
        crate::identity::Role::parse(&text).ok_or_else(|| format!("unknown role {text:?}").into())
    }
}

impl<'q> sqlx::Encode<'q, sqlx::Any> for crate::identity::Role {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <&str as sqlx::Encode<'q, sqlx::Any>>::encode(self.as_str(), buf)
    }
}
