//! The seam between the store's statements and the two engines that run them.
//!
//! Every statement of the library is written once, in the SQL that SQLite and PostgreSQL share,
//! with `?N` placeholders. A [`Tx`] runs it on whichever engine the portal was opened on: SQLite
//! binds the placeholders as they are; for PostgreSQL they are rewritten to `$N` once per
//! connection and the prepared statement is kept. Values cross the seam as [`Val`]: integers,
//! text, bytes or NULL, the four types the schema uses on both engines (flags are 0/1 integers,
//! instants Unix seconds, dates ISO text, money decimal text).

use crate::domain::account::IssuerProfile;
use crate::error::{Error, Result};
use crate::store::audit::AuditKey;
use crate::values::IssuerId;
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// A value on its way into or out of the database.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val<'a> {
    Null,
    Int(i64),
    Text(Cow<'a, str>),
    Blob(Cow<'a, [u8]>),
}

/// A Rust value that can be bound to a placeholder.
pub(crate) trait Param {
    fn val(&self) -> Val<'_>;
}

/// A Rust value that can be read from a column.
pub(crate) trait Column: Sized {
    fn from_val(v: Val<'_>) -> Result<Self>;
}

/// The arguments of one statement, in placeholder order.
pub(crate) type Args<'a> = [&'a dyn Param];

/// How many rows of one [`Batched`] statement PostgreSQL holds back at most: a few megabytes of
/// invoice documents, and few enough round trips that they no longer count.
pub(crate) const PG_BATCH_ROWS: usize = 2000;

/// A statement that writes one row and returns nothing the caller reads, which PostgreSQL may
/// therefore hold back and send together with its like: a run writing thousands of rows then
/// waits for a few round trips, not one per row (issue 30).
///
/// `row` is the statement for one row, in the shared dialect (`?N`). `pg` writes many rows at
/// once: the same arguments, in the same order, each bound as an array of one element per row
/// (`unnest($1::text[], $2::int8[], ...)`), its effect row by row the same as `row`'s.
#[derive(Debug)]
pub(crate) struct Batched {
    pub row: &'static str,
    pub pg: &'static str,
}

impl Val<'_> {
    fn into_owned(self) -> Val<'static> {
        match self {
            Val::Null => Val::Null,
            Val::Int(n) => Val::Int(n),
            Val::Text(t) => Val::Text(Cow::Owned(t.into_owned())),
            Val::Blob(b) => Val::Blob(Cow::Owned(b.into_owned())),
        }
    }
}

fn corrupt() -> Error {
    Error::Storage("corrupt value".into())
}

impl<T: Param + ?Sized> Param for &T {
    fn val(&self) -> Val<'_> {
        (**self).val()
    }
}

impl<T: Param> Param for Option<T> {
    fn val(&self) -> Val<'_> {
        self.as_ref().map_or(Val::Null, Param::val)
    }
}

impl Param for i64 {
    fn val(&self) -> Val<'_> {
        Val::Int(*self)
    }
}

macro_rules! small_int_param {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn val(&self) -> Val<'_> {
                Val::Int(i64::from(*self))
            }
        }
        impl Column for $t {
            fn from_val(v: Val<'_>) -> Result<Self> {
                <$t>::try_from(i64::from_val(v)?).map_err(|_| corrupt())
            }
        }
    )*};
}
small_int_param!(i32, u32, u16, u8);

impl Param for bool {
    fn val(&self) -> Val<'_> {
        Val::Int(i64::from(*self))
    }
}

impl Param for str {
    fn val(&self) -> Val<'_> {
        Val::Text(Cow::Borrowed(self))
    }
}

impl Param for String {
    fn val(&self) -> Val<'_> {
        Val::Text(Cow::Borrowed(self))
    }
}

impl Param for [u8] {
    fn val(&self) -> Val<'_> {
        Val::Blob(Cow::Borrowed(self))
    }
}

impl Param for Vec<u8> {
    fn val(&self) -> Val<'_> {
        Val::Blob(Cow::Borrowed(self))
    }
}

impl<T: Column> Column for Option<T> {
    fn from_val(v: Val<'_>) -> Result<Self> {
        match v {
            Val::Null => Ok(None),
            v => T::from_val(v).map(Some),
        }
    }
}

impl Column for i64 {
    fn from_val(v: Val<'_>) -> Result<Self> {
        match v {
            Val::Int(n) => Ok(n),
            _ => Err(corrupt()),
        }
    }
}

impl Column for bool {
    fn from_val(v: Val<'_>) -> Result<Self> {
        Ok(i64::from_val(v)? != 0)
    }
}

impl Column for String {
    fn from_val(v: Val<'_>) -> Result<Self> {
        match v {
            Val::Text(s) => Ok(s.into_owned()),
            _ => Err(corrupt()),
        }
    }
}

impl Column for Vec<u8> {
    fn from_val(v: Val<'_>) -> Result<Self> {
        match v {
            Val::Blob(b) => Ok(b.into_owned()),
            _ => Err(corrupt()),
        }
    }
}

/// One row of a result.
pub(crate) enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

impl Row<'_> {
    /// Column `i` (from 0) as text, without copying it.
    pub(crate) fn text(&self, i: usize) -> Result<Cow<'_, str>> {
        match self.val(i)? {
            Val::Text(s) => Ok(s),
            _ => Err(corrupt()),
        }
    }

    fn val(&self, i: usize) -> Result<Val<'_>> {
        match self {
            Row::Sqlite(r) => sqlite::val(r.get_ref(i)?),
            Row::Postgres(r) => Ok(r.try_get::<_, pg::PgVal<'_>>(i).map_err(pg::error)?.0),
        }
    }

    /// Column `i` (from 0) as a `T`.
    pub(crate) fn get<T: Column>(&self, i: usize) -> Result<T> {
        T::from_val(self.val(i)?)
    }
}

/// Which engine a transaction runs on, for the few statements the two write differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Engine {
    Sqlite,
    Postgres,
}

/// One open transaction. Statements take `&self`, so that the portal can hand one transaction
/// to several store functions in turn.
pub(crate) struct Tx<'c> {
    conn: TxConn<'c>,
    /// The key the audit chain is signed with (AUD-2); it never enters the database.
    pub(crate) audit_key: Option<&'c AuditKey>,
    /// The chain head this transaction last appended, so that a run writing thousands of
    /// records does not read the head back each time. Only this transaction writes the log
    /// while it is open (the write lock), so only its own rollbacks can make this stale.
    pub(crate) audit_head: RefCell<Option<AuditTip>>,
    /// Issuers whose series this transaction has used, so that a run issuing thousands of
    /// invoices parses each profile once and reads each number back once.
    pub(crate) issuers: RefCell<Vec<IssuerSeries>>,
    /// The vendor-wide serial of the invoice this transaction last inserted, so that a run does
    /// not look up the highest serial for every invoice. Its write lock keeps it current.
    pub(crate) invoice_serial: Cell<Option<i64>>,
}

/// What a transaction knows of one issuer's series.
#[derive(Debug, Clone)]
pub(crate) struct IssuerSeries {
    pub id: IssuerId,
    /// Profiles never change once created.
    pub profile: IssuerProfile,
    /// The number this transaction hands out next. Known once it has taken one: from then on it
    /// holds the issuer's row (SQLite's write lock, PostgreSQL's row lock) until it ends, so
    /// nobody else moves the series; forgotten after anything that may roll back to a savepoint.
    pub next: Option<i64>,
    /// Numbers after the first were taken here without writing the row: `next` is still to be
    /// stored, which [`Tx::write_numbers`] does before a savepoint or the commit.
    pub unwritten: bool,
}

/// The newest record of the audit chain: its sequence number, its hash, and whether it was keyed.
#[derive(Debug, Clone)]
pub(crate) struct AuditTip {
    pub seq: i64,
    pub hash: String,
    pub keyed: bool,
}

pub(crate) enum TxConn<'c> {
    Sqlite(rusqlite::Transaction<'c>),
    Postgres(RefCell<pg::PgTx<'c>>),
}

impl<'c> Tx<'c> {
    pub(crate) fn new(conn: TxConn<'c>, audit_key: Option<&'c AuditKey>) -> Self {
        Tx {
            conn,
            audit_key,
            audit_head: RefCell::new(None),
            issuers: RefCell::new(Vec::new()),
            invoice_serial: Cell::new(None),
        }
    }

    pub(crate) fn engine(&self) -> Engine {
        match self.conn {
            TxConn::Sqlite(_) => Engine::Sqlite,
            TxConn::Postgres(_) => Engine::Postgres,
        }
    }

    /// Runs a statement that returns no rows; returns how many rows it changed.
    pub(crate) fn exec(&self, sql: &str, args: &Args<'_>) -> Result<u64> {
        match &self.conn {
            TxConn::Sqlite(tx) => {
                let n = tx.prepare_cached(sql)?.execute(rusqlite::params_from_iter(sqlite::args(args)))?;
                Ok(n as u64)
            }
            TxConn::Postgres(tx) => tx.borrow_mut().execute(sql, args),
        }
    }

    /// Runs `b` for one row. SQLite runs it at once; PostgreSQL holds it back until the next
    /// other statement, the commit or [`PG_BATCH_ROWS`] rows of it, and then sends the held rows
    /// of each statement as one, in the order the statements were first held. Errors of held
    /// rows (a constraint, say) therefore surface at that later statement, and fail the
    /// transaction all the same.
    pub(crate) fn exec_batched(&self, b: &'static Batched, args: &Args<'_>) -> Result<()> {
        match &self.conn {
            TxConn::Sqlite(_) => self.exec(b.row, args).map(|_| ()),
            TxConn::Postgres(tx) => tx.borrow_mut().hold(b, args),
        }
    }

    /// Calls `f` on every row, in order, without collecting them.
    pub(crate) fn each(&self, sql: &str, args: &Args<'_>, mut f: impl FnMut(&Row<'_>) -> Result<()>) -> Result<()> {
        match &self.conn {
            TxConn::Sqlite(tx) => {
                let mut stmt = tx.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(sqlite::args(args)))?;
                while let Some(r) = rows.next()? {
                    f(&Row::Sqlite(r))?;
                }
                Ok(())
            }
            TxConn::Postgres(tx) => tx.borrow_mut().each(sql, args, &mut f),
        }
    }

    /// Every row, each mapped by `f`.
    pub(crate) fn all<T>(
        &self,
        sql: &str,
        args: &Args<'_>,
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each(sql, args, |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row mapped by `f`, or `None` when there is none.
    pub(crate) fn opt<T>(
        &self,
        sql: &str,
        args: &Args<'_>,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        match &self.conn {
            TxConn::Sqlite(tx) => {
                let mut stmt = tx.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(sqlite::args(args)))?;
                match rows.next()? {
                    Some(r) => f(&Row::Sqlite(r)).map(Some),
                    None => Ok(None),
                }
            }
            TxConn::Postgres(tx) => {
                let row = tx.borrow_mut().query_opt(sql, args)?;
                row.map(|r| f(&Row::Postgres(&r))).transpose()
            }
        }
    }

    /// The one row a statement is known to return (an aggregate, a `RETURNING`).
    pub(crate) fn one<T>(&self, sql: &str, args: &Args<'_>, f: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<T> {
        self.opt(sql, args, f)?.ok_or_else(|| Error::Storage("missing row".into()))
    }

    /// Whether the statement returns any row.
    pub(crate) fn exists(&self, sql: &str, args: &Args<'_>) -> Result<bool> {
        Ok(self.opt(sql, args, |_| Ok(()))?.is_some())
    }

    /// Checks a credential link's login at commit instead of at each statement, for the rest
    /// of the transaction. SQLite's schema declares that reference deferred (migration 010), as
    /// `PRAGMA defer_foreign_keys` would expire every prepared statement of the connection.
    pub(crate) fn defer_link_login_check(&self) -> Result<()> {
        match self.engine() {
            Engine::Sqlite => Ok(()),
            Engine::Postgres => self.batch("SET CONSTRAINTS ALL DEFERRED"),
        }
    }

    /// Marks a point that [`Tx::rollback_to`] can return to, undoing what came after it alone.
    pub(crate) fn savepoint(&self, name: &str) -> Result<()> {
        self.batch(&format!("SAVEPOINT {name}"))
    }

    /// Keeps what was done since the savepoint `name`, and forgets the savepoint.
    pub(crate) fn release(&self, name: &str) -> Result<()> {
        self.batch(&format!("RELEASE {name}"))
    }

    /// Undoes what was done since the savepoint `name`, and forgets the savepoint.
    pub(crate) fn rollback_to(&self, name: &str) -> Result<()> {
        // Rows still held were all written after the newest savepoint (making one sends them):
        // the rollback would undo them, so they are not sent at all.
        if let TxConn::Postgres(tx) = &self.conn {
            tx.borrow_mut().discard();
        }
        self.batch(&format!("ROLLBACK TO {name}; RELEASE {name}"))
    }

    /// Stores the series that numbers were taken from without writing them, so that the
    /// database holds every number this transaction took.
    pub(crate) fn write_numbers(&self) -> Result<()> {
        let unwritten: Vec<(IssuerId, i64)> = self
            .issuers
            .borrow_mut()
            .iter_mut()
            .filter_map(|i| if std::mem::take(&mut i.unwritten) { Some((i.id, i.next?)) } else { None })
            .collect();
        for (issuer, next) in unwritten {
            self.exec("UPDATE issuers SET next_number = ?2 WHERE id = ?1", &[&issuer, &next])?;
        }
        Ok(())
    }

    /// Runs statements that take no arguments and return nothing. They may roll back to a
    /// savepoint, so the numbers taken so far are stored first, and the cached audit head and
    /// invoice numbers are read afresh after them.
    pub(crate) fn batch(&self, sql: &str) -> Result<()> {
        self.write_numbers()?;
        self.audit_head.take();
        self.issuers.borrow_mut().iter_mut().for_each(|i| i.next = None);
        self.invoice_serial.take();
        match &self.conn {
            TxConn::Sqlite(tx) => Ok(tx.execute_batch(sql)?),
            TxConn::Postgres(tx) => tx.borrow_mut().batch(sql),
        }
    }

    fn commit(self) -> Result<()> {
        self.write_numbers()?;
        match self.conn {
            TxConn::Sqlite(tx) => Ok(tx.commit()?),
            TxConn::Postgres(tx) => tx.into_inner().commit(),
        }
    }
}

/// Commits `tx` when `out` is `Ok`; otherwise drops it, which rolls it back.
pub(crate) fn finish<T>(tx: Tx<'_>, out: Result<T>) -> Result<T> {
    let out = out?;
    tx.commit()?;
    Ok(out)
}

/// Maps "no row" to the domain's not-found error for `entity`.
pub(crate) trait OrNotFound<T> {
    fn or_not_found(self, entity: &'static str) -> Result<T>;
}

impl<T> OrNotFound<T> for Result<Option<T>> {
    fn or_not_found(self, entity: &'static str) -> Result<T> {
        self?.ok_or_else(|| Error::not_found(entity))
    }
}

pub(crate) mod sqlite {
    use super::{Args, Cow, Result, Val, corrupt};
    use rusqlite::types::{ToSqlOutput, ValueRef};

    pub(super) fn val(v: ValueRef<'_>) -> Result<Val<'_>> {
        Ok(match v {
            ValueRef::Null => Val::Null,
            ValueRef::Integer(n) => Val::Int(n),
            ValueRef::Text(t) => Val::Text(Cow::Borrowed(std::str::from_utf8(t).map_err(|_| corrupt())?)),
            ValueRef::Blob(b) => Val::Blob(Cow::Borrowed(b)),
            ValueRef::Real(_) => return Err(corrupt()),
        })
    }

    pub(super) struct Arg<'a>(Val<'a>);

    impl rusqlite::ToSql for Arg<'_> {
        fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
            Ok(ToSqlOutput::Borrowed(match &self.0 {
                Val::Null => ValueRef::Null,
                Val::Int(n) => ValueRef::Integer(*n),
                Val::Text(t) => ValueRef::Text(t.as_bytes()),
                Val::Blob(b) => ValueRef::Blob(b),
            }))
        }
    }

    pub(super) fn args<'a>(args: &'a Args<'_>) -> impl Iterator<Item = Arg<'a>> {
        args.iter().map(|a| Arg(a.val()))
    }
}

pub(crate) mod pg {
    use super::{Args, Batched, Cow, HashMap, PG_BATCH_ROWS, Result, Row, Val};
    use crate::error::Error;
    use bytes::BytesMut;
    use postgres::error::SqlState;
    use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
    use postgres::{Client, Statement};
    use std::error::Error as StdError;

    /// Prepared statements of one connection, by their SQLite-dialect text.
    pub(crate) type Statements = HashMap<String, Statement>;

    /// An open transaction on a client: committed by [`PgTx::commit`], rolled back when dropped
    /// without it. (The driver's own transaction type sends its `BEGIN` alone; ours goes out
    /// together with the write lock, one round trip.)
    pub(crate) struct PgTx<'c> {
        client: &'c mut Client,
        statements: &'c mut Statements,
        open: bool,
        /// Rows of [`Batched`] statements not sent yet, per statement in the order each was
        /// first held, as one column of values per argument.
        held: Vec<Held>,
    }

    struct Held {
        statement: &'static Batched,
        rows: usize,
        columns: Vec<Vec<Arg<'static>>>,
    }

    impl Drop for PgTx<'_> {
        fn drop(&mut self) {
            if self.open && !self.client.is_closed() {
                // A failed rollback leaves a broken connection, which the pool then discards.
                let _ = self.client.batch_execute("ROLLBACK");
            }
        }
    }

    impl<'c> PgTx<'c> {
        /// Takes over the transaction that `client` has just begun.
        pub(crate) fn opened(client: &'c mut Client, statements: &'c mut Statements) -> Self {
            PgTx { client, statements, open: true, held: Vec::new() }
        }

        /// Holds one row of `b` back, and sends what is held once `b` has [`PG_BATCH_ROWS`].
        pub(super) fn hold(&mut self, b: &'static Batched, args: &Args<'_>) -> Result<()> {
            let at = match self.held.iter().position(|h| std::ptr::eq(h.statement, b)) {
                Some(at) => at,
                None => {
                    self.held.push(Held { statement: b, rows: 0, columns: args.iter().map(|_| Vec::new()).collect() });
                    self.held.len() - 1
                }
            };
            let held = &mut self.held[at];
            if held.columns.len() != args.len() {
                return Err(Error::Storage("batched statement with a varying argument count".into()));
            }
            for (column, arg) in held.columns.iter_mut().zip(args) {
                column.push(Arg(arg.val().into_owned()));
            }
            held.rows += 1;
            if held.rows >= PG_BATCH_ROWS {
                self.send_held()?;
            }
            Ok(())
        }

        /// Sends every held row: one statement per [`Batched`] statement, in the order they were
        /// first held, so that rows referring to earlier ones find them.
        fn send_held(&mut self) -> Result<()> {
            for held in std::mem::take(&mut self.held) {
                let stmt = self.statement(held.statement.pg)?;
                let arrays: Vec<Array<'_>> = held.columns.iter().map(|c| Array(c)).collect();
                let params: Vec<&(dyn ToSql + Sync)> = arrays.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
                self.client.execute(&stmt, &params).map_err(error)?;
            }
            Ok(())
        }

        /// Forgets the held rows, for a rollback that would undo them anyway.
        pub(super) fn discard(&mut self) {
            self.held.clear();
        }

        /// What is held goes out before anything else, so every other statement sees it.
        fn flushed(&mut self) -> Result<()> {
            if self.held.is_empty() { Ok(()) } else { self.send_held() }
        }

        fn statement(&mut self, sql: &str) -> Result<Statement> {
            if let Some(s) = self.statements.get(sql) {
                return Ok(s.clone());
            }
            let s = self.client.prepare(&dollar_placeholders(sql)).map_err(error)?;
            self.statements.insert(sql.to_owned(), s.clone());
            Ok(s)
        }

        pub(super) fn execute(&mut self, sql: &str, args: &Args<'_>) -> Result<u64> {
            self.flushed()?;
            let stmt = self.statement(sql)?;
            let vals = args.iter().map(|a| Arg(a.val())).collect::<Vec<_>>();
            self.client.execute(&stmt, &refs(&vals)).map_err(error)
        }

        pub(super) fn query_opt(&mut self, sql: &str, args: &Args<'_>) -> Result<Option<postgres::Row>> {
            self.flushed()?;
            let stmt = self.statement(sql)?;
            let vals = args.iter().map(|a| Arg(a.val())).collect::<Vec<_>>();
            // `query_opt` refuses results of more than one row; the first is what is wanted.
            let mut rows = self.client.query_raw(&stmt, vals.iter()).map_err(error)?;
            use postgres::fallible_iterator::FallibleIterator;
            let first = rows.next().map_err(error)?;
            if first.is_some() {
                // The rest of the result is read and dropped; an exhausted stream is not read again.
                while rows.next().map_err(error)?.is_some() {}
            }
            Ok(first)
        }

        pub(super) fn each(
            &mut self,
            sql: &str,
            args: &Args<'_>,
            f: &mut dyn FnMut(&Row<'_>) -> Result<()>,
        ) -> Result<()> {
            use postgres::fallible_iterator::FallibleIterator;
            self.flushed()?;
            let stmt = self.statement(sql)?;
            let vals = args.iter().map(|a| Arg(a.val())).collect::<Vec<_>>();
            let mut rows = self.client.query_raw(&stmt, vals.iter()).map_err(error)?;
            while let Some(r) = rows.next().map_err(error)? {
                f(&Row::Postgres(&r))?;
            }
            Ok(())
        }

        pub(super) fn batch(&mut self, sql: &str) -> Result<()> {
            self.flushed()?;
            self.client.batch_execute(sql).map_err(error)
        }

        pub(super) fn commit(mut self) -> Result<()> {
            self.flushed()?;
            self.open = false;
            self.client.batch_execute("COMMIT").map_err(error)
        }
    }

    fn refs<'a>(vals: &'a [Arg<'_>]) -> Vec<&'a (dyn ToSql + Sync)> {
        vals.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
    }

    /// `?N` becomes `$N` and a bare `?` the next number, outside quoted literals.
    pub(crate) fn dollar_placeholders(sql: &str) -> String {
        let mut out = String::with_capacity(sql.len() + 8);
        let mut next = 0u32;
        let mut quoted = false;
        let mut chars = sql.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\'' => {
                    quoted = !quoted;
                    out.push(c);
                }
                '?' if !quoted => {
                    out.push('$');
                    if chars.peek().is_some_and(char::is_ascii_digit) {
                        while let Some(d) = chars.next_if(char::is_ascii_digit) {
                            out.push(d);
                        }
                    } else {
                        next += 1;
                        out.push_str(&next.to_string());
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    /// The single place where PostgreSQL failures become public errors: the class only, never
    /// the server's message, which can quote values.
    pub(crate) fn error(e: postgres::Error) -> Error {
        if e.is_closed() {
            return Error::Storage("database unreachable".into());
        }
        match e.code() {
            Some(c)
                if *c == SqlState::T_R_SERIALIZATION_FAILURE
                    || *c == SqlState::T_R_DEADLOCK_DETECTED
                    || *c == SqlState::LOCK_NOT_AVAILABLE
                    || *c == SqlState::QUERY_CANCELED
                    || *c == SqlState::TOO_MANY_CONNECTIONS =>
            {
                Error::Busy
            }
            Some(c) if c.code().starts_with("08") || c.code().starts_with("57P") => {
                Error::Storage("database unreachable".into())
            }
            Some(c) => Error::Storage(format!("postgres {}", c.code())),
            None if e.as_db_error().is_none() && e.source().is_some_and(|s| s.is::<std::io::Error>()) => {
                Error::Storage("database unreachable".into())
            }
            None => Error::Storage("driver".into()),
        }
    }

    struct Arg<'a>(Val<'a>);

    /// The driver logs statement parameters at debug level; they can be secrets' digests or
    /// personal data, so they show as placeholders only.
    impl std::fmt::Debug for Arg<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("?")
        }
    }

    impl ToSql for Arg<'_> {
        fn to_sql(
            &self,
            ty: &Type,
            out: &mut BytesMut,
        ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
            match &self.0 {
                Val::Null => Ok(IsNull::Yes),
                Val::Int(n) => match *ty {
                    Type::INT2 => i16::try_from(*n)?.to_sql(ty, out),
                    Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                    Type::BOOL => (*n != 0).to_sql(ty, out),
                    Type::TEXT | Type::VARCHAR | Type::UNKNOWN => n.to_string().as_str().to_sql(ty, out),
                    _ => n.to_sql(ty, out),
                },
                Val::Text(t) => t.as_ref().to_sql(ty, out),
                Val::Blob(b) => b.as_ref().to_sql(ty, out),
            }
        }

        fn accepts(_: &Type) -> bool {
            true
        }

        to_sql_checked!();
    }

    /// One argument of a [`Batched`] statement for every held row, bound as a PostgreSQL array
    /// of the element type the statement casts it to.
    #[derive(Debug)]
    struct Array<'a>(&'a [Arg<'static>]);

    impl ToSql for Array<'_> {
        fn to_sql(
            &self,
            ty: &Type,
            out: &mut BytesMut,
        ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
            if !matches!(ty.kind(), postgres::types::Kind::Array(_)) {
                return Err("a batched statement must take arrays".into());
            }
            self.0.to_sql(ty, out)
        }

        fn accepts(ty: &Type) -> bool {
            matches!(ty.kind(), postgres::types::Kind::Array(_))
        }

        to_sql_checked!();
    }

    /// A column of any type the schema uses, read as a [`Val`].
    pub(super) struct PgVal<'a>(pub(super) Val<'a>);

    impl<'a> FromSql<'a> for PgVal<'a> {
        fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Self, Box<dyn StdError + Sync + Send>> {
            Ok(PgVal(match *ty {
                Type::INT8 => Val::Int(i64::from_sql(ty, raw)?),
                Type::INT4 => Val::Int(i64::from(i32::from_sql(ty, raw)?)),
                Type::INT2 => Val::Int(i64::from(i16::from_sql(ty, raw)?)),
                Type::BOOL => Val::Int(i64::from(bool::from_sql(ty, raw)?)),
                Type::BYTEA => Val::Blob(Cow::Borrowed(<&[u8]>::from_sql(ty, raw)?)),
                _ => Val::Text(Cow::Borrowed(<&str>::from_sql(ty, raw)?)),
            }))
        }

        fn from_sql_null(_: &Type) -> std::result::Result<Self, Box<dyn StdError + Sync + Send>> {
            Ok(PgVal(Val::Null))
        }

        fn accepts(ty: &Type) -> bool {
            matches!(*ty, Type::INT8 | Type::INT4 | Type::INT2 | Type::BOOL | Type::BYTEA)
                || <&str as FromSql>::accepts(ty)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::dollar_placeholders;

        #[test]
        fn placeholders_are_numbered_for_postgres_outside_literals() {
            assert_eq!(
                dollar_placeholders("SELECT a FROM t WHERE b = ?1 AND c = ?12"),
                "SELECT a FROM t WHERE b = $1 AND c = $12"
            );
            assert_eq!(dollar_placeholders("VALUES (?, ?, '?')"), "VALUES ($1, $2, '?')");
            assert_eq!(dollar_placeholders("WHERE k = 'it''s ?' AND v = ?2"), "WHERE k = 'it''s ?' AND v = $2");
        }
    }
}
