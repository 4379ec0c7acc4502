//! SQLite storage: a small connection pool, numbered migrations, and one transaction per
//! operation (`BEGIN IMMEDIATE` for writes, so that writers queue instead of failing mid-way).

pub(crate) mod audit;
pub(crate) mod outbox;
pub(crate) mod throttle;

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Migrations in order; `PRAGMA user_version` holds how many have run.
const MIGRATIONS: &[(&str, &str)] = &[
    ("001_init", include_str!("migrations/001_init.sql")),
    ("002_credentials", include_str!("migrations/002_credentials.sql")),
    ("003_abuse_bounds", include_str!("migrations/003_abuse_bounds.sql")),
    ("004_audit_key", include_str!("migrations/004_audit_key.sql")),
];

/// How many connections a file database keeps: readers run in parallel under WAL, writers queue.
const MAX_FILE_CONNECTIONS: usize = 8;

#[derive(Debug)]
enum Location {
    File(PathBuf),
    Memory,
}

#[derive(Debug)]
struct PoolState {
    idle: Vec<Connection>,
    open: usize,
}

/// How hard a file database works to keep committed transactions through a power loss or an
/// operating-system crash. (A crash of the process alone loses nothing in either mode.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
    fn pragma(self) -> &'static str {
        match self {
            Durability::Full => "FULL",
            Durability::Normal => "NORMAL",
        }
    }
}

/// The database: a pool of connections to one SQLite file, or one in-memory connection.
#[derive(Debug)]
pub(crate) struct Db {
    location: Location,
    durability: Durability,
    audit_key: audit::SharedKey,
    max: usize,
    state: Mutex<PoolState>,
    returned: Condvar,
}

/// A pooled connection, returned to the pool when dropped.
pub(crate) struct Conn<'a> {
    db: &'a Db,
    conn: Option<Connection>,
}

impl Deref for Conn<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn.as_ref().unwrap_or_else(|| unreachable!("connection taken before drop"))
    }
}

impl DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn.as_mut().unwrap_or_else(|| unreachable!("connection taken before drop"))
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.conn.take() {
            let mut s = self.db.state.lock().unwrap_or_else(|p| p.into_inner());
            if c.is_autocommit() {
                s.idle.push(c);
            } else {
                // A transaction was left open by a panic: do not hand that connection out again.
                s.open -= 1;
            }
            self.db.returned.notify_one();
        }
    }
}

impl Db {
    pub(crate) fn open_file(path: impl Into<PathBuf>) -> Result<Db> {
        let db = Db {
            location: Location::File(path.into()),
            durability: Durability::default(),
            audit_key: audit::SharedKey::default(),
            max: MAX_FILE_CONNECTIONS,
            state: Mutex::new(PoolState { idle: Vec::new(), open: 0 }),
            returned: Condvar::new(),
        };
        db.migrate()?;
        Ok(db)
    }

    pub(crate) fn open_memory() -> Result<Db> {
        let db = Db {
            location: Location::Memory,
            durability: Durability::default(),
            audit_key: audit::SharedKey::default(),
            max: 1,
            state: Mutex::new(PoolState { idle: Vec::new(), open: 0 }),
            returned: Condvar::new(),
        };
        db.migrate()?;
        Ok(db)
    }

    fn connect(&self) -> Result<Connection> {
        let conn = match &self.location {
            Location::File(p) => Connection::open_with_flags(
                p,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?,
            Location::Memory => Connection::open_in_memory()?,
        };
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.set_prepared_statement_cache_capacity(128);
        if matches!(self.location, Location::File(_)) {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", self.durability.pragma())?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        audit::register(&conn, self.audit_key.clone())?;
        Ok(conn)
    }

    /// Applies `durability` to every connection from now on. Taking `&mut self` proves no
    /// connection is lent out, so closing the idle ones reaches them all; an in-memory database
    /// would vanish with its only connection, and has nothing to sync anyway.
    pub(crate) fn set_durability(&mut self, durability: Durability) {
        if durability == self.durability {
            return;
        }
        self.durability = durability;
        if matches!(self.location, Location::File(_)) {
            let s = self.state.get_mut().unwrap_or_else(|p| p.into_inner());
            s.open -= s.idle.len();
            s.idle.clear();
        }
    }

    /// Chains audit records under `key` from now on (AUD-2), or unkeyed without one.
    pub(crate) fn set_audit_key(&mut self, key: Option<audit::AuditKey>) {
        *self.audit_key.write().unwrap_or_else(|p| p.into_inner()) = key;
    }

    /// The `synchronous` setting a pooled connection runs with.
    #[cfg(test)]
    pub(crate) fn synchronous(&self) -> Result<i64> {
        Ok(self.conn()?.pragma_query_value(None, "synchronous", |r| r.get(0))?)
    }

    pub(crate) fn conn(&self) -> Result<Conn<'_>> {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(c) = s.idle.pop() {
                return Ok(Conn { db: self, conn: Some(c) });
            }
            if s.open < self.max {
                s.open += 1;
                drop(s);
                return match self.connect() {
                    Ok(c) => Ok(Conn { db: self, conn: Some(c) }),
                    Err(e) => {
                        self.state.lock().unwrap_or_else(|p| p.into_inner()).open -= 1;
                        Err(e)
                    }
                };
            }
            s = self.returned.wait(s).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Runs `f` in one write transaction; commits if it returns `Ok`, rolls back otherwise, so a
    /// failed operation changes nothing (API-2).
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` in a read transaction: one consistent snapshot.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        f(&tx)
    }

    fn migrate(&self) -> Result<()> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        let done: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let done = usize::try_from(done).unwrap_or(usize::MAX);
        if done > MIGRATIONS.len() {
            return Err(Error::Storage(format!(
                "database schema version {done} is newer than this library ({})",
                MIGRATIONS.len()
            )));
        }
        for (_, sql) in &MIGRATIONS[done..] {
            tx.execute_batch(sql)?;
        }
        tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)?;
        tx.commit()?;
        Ok(())
    }
}

/// Maps "no row" to the domain's not-found error for `entity`.
pub(crate) trait OptionalRow<T> {
    fn or_not_found(self, entity: &'static str) -> Result<T>;
}

impl<T> OptionalRow<T> for rusqlite::Result<T> {
    fn or_not_found(self, entity: &'static str) -> Result<T> {
        match self {
            Err(rusqlite::Error::QueryReturnedNoRows) => Err(Error::not_found(entity)),
            other => Ok(other?),
        }
    }
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    Ok(serde_json::to_string(v)?)
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    Ok(serde_json::from_str(s)?)
}
