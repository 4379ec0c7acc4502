//! The embedded engine: SQLite through rusqlite, pooled by r2d2. WAL lets readers run beside the
//! one writer; writers take the lock at `BEGIN IMMEDIATE`, so they queue instead of failing
//! half-way.

use super::Durability;
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Migrations in order; `PRAGMA user_version` holds how many have run.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/sqlite/001_init.sql"),
    include_str!("migrations/sqlite/002_credentials.sql"),
    include_str!("migrations/sqlite/003_abuse_bounds.sql"),
    include_str!("migrations/sqlite/004_audit_key.sql"),
    include_str!("migrations/sqlite/005_payments.sql"),
    include_str!("migrations/sqlite/006_dunning.sql"),
    include_str!("migrations/sqlite/007_back_office.sql"),
    include_str!("migrations/sqlite/008_e_invoicing.sql"),
    include_str!("migrations/sqlite/009_document_language.sql"),
    include_str!("migrations/sqlite/010_deferred_link_login.sql"),
    include_str!("migrations/sqlite/011_returned_debits.sql"),
    include_str!("migrations/sqlite/012_invoice_payment_means.sql"),
    include_str!("migrations/sqlite/013_e_invoice_format.sql"),
    include_str!("migrations/sqlite/014_api_idempotency.sql"),
];

/// How long a statement waits for another connection's write lock before giving up as `Busy`.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub(super) enum Location {
    File(PathBuf),
    Memory,
}

#[derive(Debug)]
pub(super) struct Manager {
    pub(super) location: Location,
    pub(super) durability: Durability,
}

impl r2d2::ManageConnection for Manager {
    type Connection = Connection;
    type Error = rusqlite::Error;

    fn connect(&self) -> rusqlite::Result<Connection> {
        let conn = match &self.location {
            Location::File(p) => Connection::open_with_flags(
                create_private(p),
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?,
            Location::Memory => Connection::open_in_memory()?,
        };
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.set_prepared_statement_cache_capacity(128);
        if matches!(self.location, Location::File(_)) {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", self.durability.pragma())?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(conn)
    }

    fn is_valid(&self, _: &mut Connection) -> rusqlite::Result<()> {
        Ok(())
    }

    /// A transaction left open by a panic: that connection is not handed out again.
    fn has_broken(&self, conn: &mut Connection) -> bool {
        !conn.is_autocommit()
    }
}

/// Creates the database file, if missing, readable and writable by its owner only (STORE-4): it
/// holds password hashes and bank details. SQLite gives the `-wal` and `-shm` files it makes
/// later the mode of the database file, so they are private too. An existing file keeps the mode
/// its owner gave it.
fn create_private(path: &Path) -> &Path {
    // SQLite opens these names without a file of that name.
    if path.as_os_str().is_empty() || path.as_os_str() == ":memory:" {
        return path;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    // An existing file is left as it is, and SQLite reports its own error for a path it
    // cannot create either.
    let _ = options.open(path);
    path
}

pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    let done: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let done = usize::try_from(done).unwrap_or(usize::MAX);
    if done > MIGRATIONS.len() {
        return Err(Error::Storage(format!(
            "database schema version {done} is newer than this library ({})",
            MIGRATIONS.len()
        )));
    }
    for sql in &MIGRATIONS[done..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)?;
    tx.commit()?;
    Ok(())
}
