//! Storage: every SQL statement of the library, per aggregate, behind one seam ([`sql::Tx`]) with
//! two engines: SQLite (a file or memory; the embedded default) and PostgreSQL (by URL; several
//! instances on one database). One transaction per operation, committed only when the whole
//! operation succeeded, so that a failed one changes nothing (API-2, STORE-3).

pub(crate) mod accounts;
pub(crate) mod audit;
pub(crate) mod backoffice;
pub(crate) mod codec;
pub(crate) mod credentials;
pub(crate) mod dunning;
pub(crate) mod e_invoicing;
pub(crate) mod idempotency;
pub(crate) mod invoices;
pub(crate) mod outbox;
pub(crate) mod payments;
mod postgres;
pub(crate) mod quotes;
pub(crate) mod requests;
pub(crate) mod sql;
mod sqlite;
pub(crate) mod throttle;

pub(crate) use sql::{Column, OrNotFound, Param, Tx};

use crate::error::{Error, Result};
use crate::values::CreditorReference;
use audit::AuditKey;
use sql::TxConn;
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

/// How many connections a file or PostgreSQL database keeps: readers run in parallel, writers
/// queue.
const MAX_CONNECTIONS: u32 = 8;

/// How long an operation waits for a free connection before it gives up as `Busy`.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(30);

/// One thread for the pools' housekeeping, shared by every portal in the process.
static POOL_THREAD: LazyLock<Arc<scheduled_thread_pool::ScheduledThreadPool>> = LazyLock::new(|| {
    Arc::new(
        scheduled_thread_pool::ScheduledThreadPool::builder()
            .num_threads(1)
            .thread_name_pattern("corporate-billing-pool-{}")
            .build(),
    )
});

/// How hard a file database works to keep committed transactions through a power loss or an
/// operating-system crash. (A crash of the process alone loses nothing in either mode.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Durability {
    /// SQLite `synchronous=FULL`: every commit waits until the write-ahead log is on stable
    /// storage. A transaction that returned is kept, so an invoice number, once issued and
    /// mailed, is never issued again. The default.
    #[default]
    Full,
    /// SQLite `synchronous=NORMAL`: commits do not wait for the disk; the log is synced at
    /// checkpoints only. Faster writes, but a power loss or OS crash may roll back the last
    /// committed transactions (the database stays consistent, and the numbers they took are
    /// handed out again). Only for data that can be rebuilt.
    Normal,
}

impl Durability {
    pub(crate) fn pragma(self) -> &'static str {
        match self {
            Durability::Full => "FULL",
            Durability::Normal => "NORMAL",
        }
    }
}

#[derive(Debug)]
enum Pool {
    Sqlite(r2d2::Pool<sqlite::Manager>, sqlite::Location, Durability),
    Postgres(r2d2::Pool<postgres::Manager>),
}

/// The database the portal was opened on.
#[derive(Debug)]
pub(crate) struct Db {
    pool: Pool,
    audit_key: Option<AuditKey>,
}

fn builder<M: r2d2::ManageConnection>(max: u32) -> r2d2::Builder<M> {
    r2d2::Pool::builder()
        .max_size(max)
        .min_idle(Some(0))
        .idle_timeout(None)
        .max_lifetime(None)
        .connection_timeout(CHECKOUT_TIMEOUT)
        .test_on_check_out(false)
        .error_handler(Box::new(r2d2::NopErrorHandler))
        .thread_pool(POOL_THREAD.clone())
}

fn sqlite_pool(location: sqlite::Location, durability: Durability) -> Result<r2d2::Pool<sqlite::Manager>> {
    // An in-memory database lives exactly as long as its one connection.
    let max = if matches!(location, sqlite::Location::Memory) { 1 } else { MAX_CONNECTIONS };
    let pool = builder(max).build_unchecked(sqlite::Manager { location, durability });
    sqlite::migrate(&mut *checkout(&pool)?)?;
    Ok(pool)
}

/// A connection from `pool`; a pool that cannot make one within the timeout is `Busy` when
/// connections exist but are all lent out, and unreachable when it cannot connect at all.
fn checkout<M: r2d2::ManageConnection>(pool: &r2d2::Pool<M>) -> Result<r2d2::PooledConnection<M>> {
    pool.get().map_err(|_| {
        if pool.state().connections > 0 { Error::Busy } else { Error::Storage("database unreachable".into()) }
    })
}

impl Db {
    pub(crate) fn open_file(path: impl Into<PathBuf>) -> Result<Db> {
        let location = sqlite::Location::File(path.into());
        let pool = sqlite_pool(location.clone(), Durability::default())?;
        Db { pool: Pool::Sqlite(pool, location, Durability::default()), audit_key: None }.completed()
    }

    pub(crate) fn open_memory() -> Result<Db> {
        let pool = sqlite_pool(sqlite::Location::Memory, Durability::default())?;
        Db { pool: Pool::Sqlite(pool, sqlite::Location::Memory, Durability::default()), audit_key: None }.completed()
    }

    /// Connects to PostgreSQL at `url` and migrates its schema. A server that cannot be reached
    /// fails here, at once, rather than at the first operation.
    pub(crate) fn open_postgres(url: &str) -> Result<Db> {
        let manager = postgres::Manager::new(url)?;
        postgres::migrate(&mut manager.connect_now()?)?;
        let pool = builder(MAX_CONNECTIONS).build_unchecked(manager);
        Db { pool: Pool::Postgres(pool), audit_key: None }.completed()
    }

    /// Fills in what a migration cannot compute in SQL: the creditor references of invoices
    /// issued before they existed (PAYM-1), derived as at issue time. A database that has none
    /// left costs one indexed look-up.
    fn completed(self) -> Result<Db> {
        const BATCH: u32 = 1000;
        loop {
            // Read first, so that opening a complete database takes no write lock. Two instances
            // filling in the same rows write the same values.
            let missing = self.read(|tx| invoices::without_creditor_reference(tx, BATCH))?;
            if missing.is_empty() {
                return Ok(self);
            }
            self.write(|tx| {
                for (id, issuer, number) in &missing {
                    invoices::set_creditor_reference(tx, *id, &CreditorReference::for_invoice(*issuer, number))?;
                }
                Ok(())
            })?;
        }
    }

    /// Applies `durability` to every connection from now on. Taking `&mut self` proves no
    /// connection is lent out, so replacing the pool reaches them all; an in-memory database
    /// would vanish with its only connection, and has nothing to sync anyway. PostgreSQL's
    /// durability is the server's `synchronous_commit`.
    pub(crate) fn set_durability(&mut self, durability: Durability) {
        if let Pool::Sqlite(_, location @ sqlite::Location::File(_), current) = &self.pool
            && *current != durability
        {
            let location = location.clone();
            let manager = sqlite::Manager { location: location.clone(), durability };
            self.pool = Pool::Sqlite(builder(MAX_CONNECTIONS).build_unchecked(manager), location, durability);
        }
    }

    /// Chains audit records under `key` from now on (AUD-2), or unkeyed without one.
    pub(crate) fn set_audit_key(&mut self, key: Option<AuditKey>) {
        self.audit_key = key;
    }

    /// The `synchronous` setting a pooled SQLite connection runs with.
    #[cfg(test)]
    pub(crate) fn synchronous(&self) -> Result<i64> {
        match &self.pool {
            Pool::Sqlite(p, ..) => Ok(checkout(p)?.pragma_query_value(None, "synchronous", |r| r.get(0))?),
            Pool::Postgres(_) => Err(Error::Storage("not SQLite".into())),
        }
    }

    /// Runs `f` in one write transaction; commits if it returns `Ok`, rolls back otherwise, so a
    /// failed operation changes nothing (API-2). On PostgreSQL the transaction holds the write
    /// lock from its first statement.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let key = self.audit_key.as_ref();
        match &self.pool {
            Pool::Sqlite(pool, ..) => {
                let mut conn = checkout(pool)?;
                let tx = Tx::new(
                    TxConn::Sqlite(conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?),
                    key,
                );
                let out = f(&tx);
                sql::finish(tx, out)
            }
            Pool::Postgres(pool) => {
                let mut conn = pg_begin(pool, postgres::BEGIN_WRITE)?;
                let postgres::PgConn { client, statements } = &mut *conn;
                let tx = Tx::new(TxConn::Postgres(RefCell::new(sql::pg::PgTx::opened(client, statements))), key);
                let out = f(&tx);
                sql::finish(tx, out)
            }
        }
    }

    /// Runs `f` in a read transaction: one consistent snapshot.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let key = self.audit_key.as_ref();
        match &self.pool {
            Pool::Sqlite(pool, ..) => {
                let mut conn = checkout(pool)?;
                let tx = Tx::new(
                    TxConn::Sqlite(conn.transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)?),
                    key,
                );
                f(&tx)
            }
            Pool::Postgres(pool) => {
                let mut conn = pg_begin(pool, postgres::BEGIN_READ)?;
                let postgres::PgConn { client, statements } = &mut *conn;
                let tx = Tx::new(TxConn::Postgres(RefCell::new(sql::pg::PgTx::opened(client, statements))), key);
                f(&tx)
            }
        }
    }
}

/// A connection on which `begin` has opened a transaction. Idle connections die with a server
/// restart; the `BEGIN` finds them out before anything else was sent, and they are replaced, so
/// that the first operation after the server is back works (STORE-3).
fn pg_begin(pool: &r2d2::Pool<postgres::Manager>, begin: &str) -> Result<r2d2::PooledConnection<postgres::Manager>> {
    let mut tries = MAX_CONNECTIONS + 1;
    loop {
        let mut conn = checkout(pool)?;
        match conn.client.batch_execute(begin) {
            Ok(()) => return Ok(conn),
            Err(_) if conn.client.is_closed() && tries > 0 => tries -= 1,
            Err(e) => {
                // The lock timed out, say: the transaction is open but failed; end it here.
                let _ = conn.client.batch_execute("ROLLBACK");
                return Err(sql::pg::error(e));
            }
        }
    }
}
