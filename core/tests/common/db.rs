//! Which database the tests run on, and a raw connection to it, for what the library never does
//! itself (looking at rows, tampering). `CORPORATE_BILLING_TEST_POSTGRES` set to a server URL runs
//! every test on PostgreSQL, each in a schema of its own; unset, on a SQLite file.

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use std::cell::RefCell;
use std::path::Path;

pub const POSTGRES_VAR: &str = "CORPORATE_BILLING_TEST_POSTGRES";

pub fn postgres_server() -> Option<String> {
    std::env::var(POSTGRES_VAR).ok().filter(|v| !v.is_empty())
}

/// True, with a note, when a test proves something of SQLite alone (its file, its triggers).
pub fn sqlite_only(what: &str) -> bool {
    let skip = postgres_server().is_some();
    if skip {
        eprintln!("SQLite only, not run on PostgreSQL: {what}");
    }
    skip
}

/// True, with a note, when a test proves something of PostgreSQL alone (its server, its
/// connections), and the tests run on SQLite.
pub fn postgres_only(what: &str) -> bool {
    let skip = postgres_server().is_none();
    if skip {
        eprintln!("PostgreSQL only, not run on SQLite (set {POSTGRES_VAR} to run it): {what}");
    }
    skip
}

/// A fresh, empty database: a file under `dir`, or a new schema on the PostgreSQL server.
pub fn fresh_database(dir: &Path) -> String {
    match postgres_server() {
        Some(server) => {
            let schema = format!("t_{}", uuid_like());
            let mut client = postgres::Client::connect(&server, postgres::NoTls).expect("test PostgreSQL server");
            client.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
            let sep = if server.contains('?') { '&' } else { '?' };
            format!("{server}{sep}options=-csearch_path%3D{schema}")
        }
        None => dir.join("portal.sqlite3").to_string_lossy().into_owned(),
    }
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{}_{}_{}", std::process::id(), nanos, N.fetch_add(1, Ordering::Relaxed))
}

pub enum RawDb {
    Sqlite(rusqlite::Connection),
    Postgres(RefCell<postgres::Client>),
}

pub enum RawRow<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

/// A column value both engines can read: PostgreSQL's BIGINT flags read as `bool` too.
pub trait RawValue: Sized {
    fn from_sqlite(v: ValueRef<'_>) -> rusqlite::Result<Self>;
    fn from_pg(row: &postgres::Row, i: usize) -> Self;
}

macro_rules! raw_value {
    ($($t:ty),*) => {$(
        impl RawValue for $t {
            fn from_sqlite(v: ValueRef<'_>) -> rusqlite::Result<Self> {
                <$t as rusqlite::types::FromSql>::column_result(v).map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, v.data_type(), Box::new(e)))
            }
            fn from_pg(row: &postgres::Row, i: usize) -> Self {
                pg_value(row, i).and_then(|v| <$t as FromPgValue>::from(v)).expect("column of the expected type")
            }
        }
        impl RawValue for Option<$t> {
            fn from_sqlite(v: ValueRef<'_>) -> rusqlite::Result<Self> {
                if v == ValueRef::Null { Ok(None) } else { <$t as RawValue>::from_sqlite(v).map(Some) }
            }
            fn from_pg(row: &postgres::Row, i: usize) -> Self {
                pg_value(row, i).map(|v| <$t as FromPgValue>::from(v).expect("column of the expected type"))
            }
        }
    )*};
}
raw_value!(i64, String, bool, u32);

trait FromPgValue: Sized {
    fn from(v: Value) -> Option<Self>;
}
impl FromPgValue for i64 {
    fn from(v: Value) -> Option<Self> {
        if let Value::Integer(n) = v { Some(n) } else { None }
    }
}
impl FromPgValue for u32 {
    fn from(v: Value) -> Option<Self> {
        if let Value::Integer(n) = v { u32::try_from(n).ok() } else { None }
    }
}
impl FromPgValue for bool {
    fn from(v: Value) -> Option<Self> {
        if let Value::Integer(n) = v { Some(n != 0) } else { None }
    }
}
impl FromPgValue for String {
    fn from(v: Value) -> Option<Self> {
        if let Value::Text(s) = v { Some(s) } else { None }
    }
}

fn pg_value(row: &postgres::Row, i: usize) -> Option<Value> {
    use postgres::types::Type;
    let ty = row.columns()[i].type_().clone();
    match ty {
        Type::INT8 => row.get::<_, Option<i64>>(i).map(Value::Integer),
        Type::INT4 => row.get::<_, Option<i32>>(i).map(|n| Value::Integer(n.into())),
        Type::BOOL => row.get::<_, Option<bool>>(i).map(|b| Value::Integer(b.into())),
        Type::BYTEA => row.get::<_, Option<Vec<u8>>>(i).map(Value::Blob),
        _ => row.get::<_, Option<String>>(i).map(Value::Text),
    }
}

impl RawRow<'_> {
    pub fn get<T: RawValue>(&self, i: usize) -> rusqlite::Result<T> {
        match self {
            RawRow::Sqlite(r) => T::from_sqlite(r.get_ref(i)?),
            RawRow::Postgres(r) => Ok(T::from_pg(r, i)),
        }
    }
}

/// Arguments as rusqlite takes them, converted for PostgreSQL when needed.
pub trait RawParams {
    fn values(&self) -> Vec<Value>;
}

fn value_of(p: &dyn rusqlite::ToSql) -> Value {
    match p.to_sql().unwrap() {
        ToSqlOutput::Borrowed(v) => match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::Integer(n),
            ValueRef::Real(r) => Value::Real(r),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        },
        ToSqlOutput::Owned(v) => v,
        _ => unreachable!("no blobs of zeros in tests"),
    }
}

impl RawParams for [&(dyn rusqlite::ToSql + Send + Sync); 0] {
    fn values(&self) -> Vec<Value> {
        Vec::new()
    }
}

macro_rules! raw_params {
    ($($n:literal),*) => {$(
        impl<T: rusqlite::ToSql> RawParams for [T; $n] {
            fn values(&self) -> Vec<Value> {
                self.iter().map(|p| value_of(p)).collect()
            }
        }
    )*};
}
raw_params!(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);

impl RawParams for &[&dyn rusqlite::ToSql] {
    fn values(&self) -> Vec<Value> {
        self.iter().map(|p| value_of(*p)).collect()
    }
}

#[derive(Debug)]
struct PgArg(Value);

impl postgres::types::ToSql for PgArg {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match &self.0 {
            Value::Null => Ok(postgres::types::IsNull::Yes),
            Value::Integer(n) => match *ty {
                postgres::types::Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                _ => n.to_sql(ty, out),
            },
            Value::Text(s) => s.as_str().to_sql(ty, out),
            Value::Blob(b) => b.as_slice().to_sql(ty, out),
            Value::Real(_) => unreachable!("no floats in the schema"),
        }
    }
    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
    postgres::types::to_sql_checked!();
}

fn dollars(sql: &str) -> String {
    let mut out = String::new();
    let mut next = 0;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' {
            out.push('$');
            if chars.peek().is_some_and(char::is_ascii_digit) {
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    out.push(d);
                }
            } else {
                next += 1;
                out.push_str(&next.to_string());
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[derive(Debug)]
pub struct RawError(pub String);

impl std::fmt::Display for RawError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl RawDb {
    pub fn open(database: &str, read_only: bool) -> RawDb {
        if database.starts_with("postgres") {
            RawDb::Postgres(RefCell::new(postgres::Client::connect(database, postgres::NoTls).unwrap()))
        } else {
            let flags = if read_only {
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
            } else {
                rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
            };
            let c = rusqlite::Connection::open_with_flags(database, flags).unwrap();
            c.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
            RawDb::Sqlite(c)
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, RawDb::Postgres(_))
    }

    /// Lifts the database's own guard on the audit log (its append-only triggers), as someone
    /// with write access to the database could.
    pub fn unlock_audit_log(&self) {
        self.execute_batch(if self.is_postgres() {
            "ALTER TABLE audit_log DISABLE TRIGGER USER"
        } else {
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
        })
        .unwrap();
    }

    pub fn query_row<T>(
        &self,
        sql: &str,
        params: impl RawParams,
        f: impl FnOnce(&RawRow<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, RawError> {
        let mut f = Some(f);
        let rows = self.query_all(sql, params, |r| match f.take() {
            Some(f) => f(r).map(Some),
            None => Ok(None),
        })?;
        rows.into_iter().next().flatten().ok_or_else(|| RawError("no row".into()))
    }

    /// Every row of `sql`, mapped by `f` (which may be called once more than there are rows' worth).
    pub fn query_all<T>(
        &self,
        sql: &str,
        params: impl RawParams,
        mut f: impl FnMut(&RawRow<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, RawError> {
        let values = params.values();
        match self {
            RawDb::Sqlite(c) => {
                let mut stmt = c.prepare(sql).map_err(|e| RawError(e.to_string()))?;
                let mut rows = stmt.query(rusqlite::params_from_iter(values)).map_err(|e| RawError(e.to_string()))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next().map_err(|e| RawError(e.to_string()))? {
                    out.push(f(&RawRow::Sqlite(r)).map_err(|e| RawError(e.to_string()))?);
                }
                Ok(out)
            }
            RawDb::Postgres(c) => {
                let args: Vec<PgArg> = values.into_iter().map(PgArg).collect();
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    args.iter().map(|a| a as &(dyn postgres::types::ToSql + Sync)).collect();
                let rows = c.borrow_mut().query(&dollars(sql), &refs).map_err(|e| RawError(pg_message(&e)))?;
                rows.iter().map(|r| f(&RawRow::Postgres(r)).map_err(|e| RawError(e.to_string()))).collect()
            }
        }
    }

    pub fn execute(&self, sql: &str, params: impl RawParams) -> Result<usize, RawError> {
        let values = params.values();
        match self {
            RawDb::Sqlite(c) => c.execute(sql, rusqlite::params_from_iter(values)).map_err(|e| RawError(e.to_string())),
            RawDb::Postgres(c) => {
                let args: Vec<PgArg> = values.into_iter().map(PgArg).collect();
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    args.iter().map(|a| a as &(dyn postgres::types::ToSql + Sync)).collect();
                c.borrow_mut().execute(&dollars(sql), &refs).map(|n| n as usize).map_err(|e| RawError(pg_message(&e)))
            }
        }
    }

    pub fn execute_batch(&self, sql: &str) -> Result<(), RawError> {
        match self {
            RawDb::Sqlite(c) => c.execute_batch(sql).map_err(|e| RawError(e.to_string())),
            RawDb::Postgres(c) => c.borrow_mut().batch_execute(sql).map_err(|e| RawError(pg_message(&e))),
        }
    }

    /// Every row of every table, as text, sorted.
    pub fn dump(&self) -> Vec<(String, Vec<String>)> {
        match self {
            RawDb::Sqlite(c) => super::dump_sqlite(c),
            RawDb::Postgres(c) => {
                let mut c = c.borrow_mut();
                let tables: Vec<String> = c
                    .query(
                        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()
                         ORDER BY 1",
                        &[],
                    )
                    .unwrap()
                    .iter()
                    .map(|r| r.get(0))
                    .collect();
                tables
                    .into_iter()
                    .map(|t| {
                        let mut rows: Vec<String> = c
                            .query(&format!("SELECT row_to_json(x)::text FROM \"{t}\" x"), &[])
                            .unwrap()
                            .iter()
                            .map(|r| r.get(0))
                            .collect();
                        rows.sort();
                        (t, rows)
                    })
                    .collect()
            }
        }
    }
}

fn pg_message(e: &postgres::Error) -> String {
    e.as_db_error().map(|d| d.message().to_owned()).unwrap_or_else(|| e.to_string())
}

impl RawValue for Value {
    fn from_sqlite(v: ValueRef<'_>) -> rusqlite::Result<Self> {
        Ok(match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::Integer(n),
            ValueRef::Real(r) => Value::Real(r),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        })
    }
    fn from_pg(row: &postgres::Row, i: usize) -> Self {
        pg_value(row, i).unwrap_or(Value::Null)
    }
}
