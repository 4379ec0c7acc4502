//! The shared engine: PostgreSQL 15 or later, through the synchronous `postgres` client, pooled
//! by r2d2, for several portal instances on one database.
//!
//! Every write transaction first takes one transaction-scoped advisory lock per schema, so writes
//! run one at a time across all instances, as they do on SQLite. Each of them appends to the one
//! audit chain anyway (AUD-1), which admits a single writer at a time; the lock makes that order
//! explicit and lets every other invariant (one quote decision, gap-free numbers, idempotent runs,
//! throttle counts) follow from it under READ COMMITTED, without serialization failures to
//! retry. Reads run in parallel, each in one REPEATABLE READ snapshot.

use super::sql::pg::{Statements, error};
use crate::error::{Error, Result};
use postgres::{Client, Config};
use std::str::FromStr;
use std::time::Duration;

mod tls;

/// Migrations in order, each run once, in one transaction, under the migration lock.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/postgres/001_init.sql")),
    (2, include_str!("migrations/postgres/002_payments.sql")),
    (3, include_str!("migrations/postgres/003_dunning.sql")),
    (4, include_str!("migrations/postgres/004_back_office.sql")),
    (5, include_str!("migrations/postgres/005_e_invoicing.sql")),
    (6, include_str!("migrations/postgres/006_document_language.sql")),
    (7, include_str!("migrations/postgres/007_returned_debits.sql")),
    (8, include_str!("migrations/postgres/008_invoice_payment_means.sql")),
    (9, include_str!("migrations/postgres/009_e_invoice_format.sql")),
    (10, include_str!("migrations/postgres/010_api_idempotency.sql")),
];

/// The library's advisory locks take two keys: the first ("CBwr" for writes, "CBmg" for
/// migrations, in ASCII) sets them apart from other users of the database, the second from
/// portals in other schemas of it.
const MIGRATION_LOCK: &str = "SELECT pg_advisory_xact_lock(1128426855, hashtext(current_schema()))";

/// How long a writer waits for the write lock, like SQLite's busy timeout, before `Busy`; a URL
/// can set another (`options=-c%20lock_timeout%3D2s`).
const LOCK_TIMEOUT: &str = "10s";
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

pub(crate) struct PgConn {
    pub(crate) client: Client,
    pub(crate) statements: Statements,
}

impl std::fmt::Debug for PgConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgConn").finish_non_exhaustive()
    }
}

pub(super) struct Manager {
    config: Config,
    tls: tls::Tls,
}

impl std::fmt::Debug for Manager {
    /// The configuration holds the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Manager").field("ssl_mode", &self.tls.mode).finish_non_exhaustive()
    }
}

impl Manager {
    /// Parses a `postgres://` or `postgresql://` URL and settles how its connections are encrypted
    /// (see [`tls`]). The error never repeats the URL, which can carry a password.
    pub(super) fn new(url: &str) -> Result<Self> {
        // URL schemes are case-insensitive (RFC 3986); the driver knows them in lower case only.
        let url = match url.split_once("://") {
            Some((scheme, rest)) => format!("{}://{rest}", scheme.to_ascii_lowercase()),
            None => url.to_owned(),
        };
        let (url, ssl) = tls::SslParams::take_from(&url)?;
        let mut config =
            Config::from_str(&url).map_err(|_| Error::invalid("database", "not a valid PostgreSQL connection URL"))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        // The URL's own options come last, so that a `-c lock_timeout=...` there wins.
        let options = format!("-c lock_timeout={LOCK_TIMEOUT} {}", config.get_options().unwrap_or_default());
        config.options(options.trim());
        config.application_name("corporate-billing");
        let tls = tls::Tls::configure(&ssl, &mut config)?;
        Ok(Manager { config, tls })
    }

    /// A connection made now, or the error naming why not (a refused certificate, a server that
    /// refuses plain text), which the pool's own attempts cannot report.
    pub(super) fn connect_now(&self) -> Result<PgConn> {
        let client = self.config.connect(self.tls.connector.clone()).map_err(tls::connect_error)?;
        Ok(PgConn { client, statements: Statements::new() })
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = PgConn;
    type Error = postgres::Error;

    fn connect(&self) -> std::result::Result<PgConn, postgres::Error> {
        Ok(PgConn { client: self.config.connect(self.tls.connector.clone())?, statements: Statements::new() })
    }

    fn is_valid(&self, conn: &mut PgConn) -> std::result::Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut PgConn) -> bool {
        conn.client.is_closed()
    }
}

/// What opens a write transaction: it holds the write lock from its first statement.
pub(super) const BEGIN_WRITE: &str = concat!(
    "BEGIN ISOLATION LEVEL READ COMMITTED; ",
    "SELECT pg_advisory_xact_lock(1128429426, hashtext(current_schema()))"
);

/// What opens a read transaction: one read-only snapshot.
pub(super) const BEGIN_READ: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/// Brings the schema up to date. Instances that start together queue on the migration lock; the
/// first applies what is missing and the others find it done.
pub(super) fn migrate(conn: &mut PgConn) -> Result<()> {
    let mut tx = conn.client.transaction().map_err(error)?;
    tx.batch_execute(MIGRATION_LOCK).map_err(error)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    BIGINT PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )",
    )
    .map_err(error)?;
    let done: i64 = tx
        .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[])
        .map_err(error)?
        .try_get(0)
        .map_err(error)?;
    let known = MIGRATIONS.last().map_or(0, |m| m.0);
    if done > known {
        return Err(Error::Storage(format!("database schema version {done} is newer than this library ({known})")));
    }
    for (version, sql) in MIGRATIONS.iter().filter(|m| m.0 > done) {
        tx.batch_execute(sql).map_err(error)?;
        tx.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[version]).map_err(error)?;
    }
    tx.commit().map_err(error)
}
