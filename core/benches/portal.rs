//! Benchmarks of the portal, seeded through the public API, each beside its floor: the raw SQL
//! for the same rows, timed on the same database in the same run, so that the ratio
//! library/floor means something on a busy machine.
//!
//! ```text
//! cargo bench -p corporate-billing --bench portal
//! CORPORATE_BILLING_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres \
//!     cargo bench -p corporate-billing --bench portal      # PostgreSQL too
//! ```
//!
//! Every library figure is taken beside its floor call for call, in alternation (library, floor,
//! library, floor, ...), and reported as both medians and the median of the paired ratios: this
//! machine's CPU switches between speeds about 2x apart, which blocks timed one after the other
//! do not see alike.
//!
//! - `read_path`: a signed-in billing contact lists the last 20 invoices and the quotes of one
//!   account (each call checks the session), on a database holding 100,000 invoices of 5,000
//!   accounts. The floor of one call is one read transaction with the session lookup, the
//!   account row and the listing's indexed query. Aim: at most 1.05x the floor.
//! - `vendor_listing`: BO-1's open invoices of a vendor with 1M invoices, streamed page by page,
//!   and the first page of 100, each beside its floor: per page, in one read transaction, the
//!   staff member, the high-water serial and the page's rows with every listed column.
//! - `renewal_run`: the renewal run issues one invoice to each of 10,000 accounts (or each size in
//!   `BENCH_RENEWAL_ACCOUNTS`, e.g. `1000,10000,100000`) whose term ends on the run date, on a
//!   fresh copy of the seed each round (`BENCH_ROUNDS`, 5); only the run is timed. Its floors
//!   write the same rows by raw SQL on fresh copies, right after it (see [`replay`]): row by row,
//!   and on PostgreSQL also batched, each table's rows of a chunk in one `unnest` insert
//!   ([`replay_batched`]). Then the dunning run reminds each of those invoices once, timed per
//!   invoice. The portal runs with the default durability (every commit synced);
//!   `BENCH_DURABILITY=normal` measures `Durability::Normal` instead.
//! - `sign_in`: a billing contact's sign-in beside one Argon2id verify, and beside the same verify
//!   between the two durable commits a sign-in makes.
//!
//! Seeding takes a while, so the seeds are cached: SQLite files under `target/bench-cache/`, and
//! databases `cb_bench_*` on the PostgreSQL server (named by their size and `SEED_VERSION`; drop
//! them to seed again). Every iteration works on a copy (a file copy, or `CREATE DATABASE ...
//! TEMPLATE`), never on the seed itself.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use corporate_billing::{
    AccountId, AccountKind, AddressLines, BillingAddress, BillingPortal, Caller, Country, Currency, Durability,
    IssuerId, IssuerProfile, LineInput, LoginId, ManualClock, NewAccount, NewLogin, NewQuote, PaymentMethod,
    PortalConfig, QuoteEffect, SessionToken, StaffId, StaffKind,
};
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal_macros::dec;
use std::cell::OnceCell;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tempfile::TempDir;
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};

/// Bump when the seeding below changes, so that stale cached files are not reused.
const SEED_VERSION: u32 = 1;

const READ_ACCOUNTS: usize = 5_000;
/// Annual renewal runs while seeding: each issues one invoice per account.
const READ_YEARS: i32 = 20;
const QUOTES_PER_ACCOUNT: usize = 2;
/// The measured account has this many quotes.
const TARGET_QUOTES: usize = 10;
const RENEWAL_ACCOUNTS: usize = 10_000;
const RENEWAL_DATE: Date = date!(2025 - 01 - 01);

const TARGET_USERNAME: &str = "target.contact";
const TARGET_PASSWORD: &str = "a benchmark passphrase of some length";

// ---- seeding through the public API -------------------------------------------------------

struct Vendor {
    issuer: IssuerId,
    rep: StaffId,
    services: StaffId,
}

fn lines() -> AddressLines {
    AddressLines {
        line1: "Friedrichstraße 68".into(),
        city: "Berlin".into(),
        postal_code: "10117".into(),
        ..AddressLines::default()
    }
}

fn vendor(portal: &BillingPortal) -> Vendor {
    let de = Country::parse("DE").unwrap();
    let issuer = portal
        .create_issuer(&IssuerProfile {
            legal_name: "Northwind Cloud GmbH".into(),
            address: BillingAddress::new(&lines(), de).unwrap(),
            tax_id: "DE123456789".into(),
            invoice_prefix: "NW-".into(),
            remittance: "IBAN DE44 5001 0517 5407 3249 31".into(),
        })
        .unwrap();
    Vendor {
        issuer,
        rep: portal.register_staff("Riley Chen", "riley@northwind.example", StaffKind::SalesRep).unwrap(),
        services: portal.register_staff("Morgan Lee", "morgan@northwind.example", StaffKind::AccountServices).unwrap(),
    }
}

/// A login for account `i`; only the measured account's contact gets a password (Argon2 is slow
/// on purpose, and nobody else signs in).
fn contact(portal: &BillingPortal, i: usize, target: bool) -> LoginId {
    let login = NewLogin {
        name: format!("Contact {i}"),
        email: format!("contact{i}@customer{i}.example"),
        username: target.then(|| TARGET_USERNAME.to_owned()),
        phone: None,
    };
    portal.create_login(&login, target.then_some(TARGET_PASSWORD)).unwrap()
}

fn open_account(portal: &BillingPortal, v: &Vendor, i: usize, contact: LoginId, term: (Date, Date)) -> AccountId {
    portal
        .open_account(
            &Caller::Staff(v.rep),
            &NewAccount {
                kind: AccountKind::Corporate,
                company_name: format!("Customer {i} GmbH"),
                issuer: v.issuer,
                sales_rep: v.rep,
                billing_contact: contact,
                billing_address: BillingAddress::new(&lines(), Country::parse("DE").unwrap()).unwrap(),
                phone: "030 901820".into(),
                payment_method: PaymentMethod::WireTransfer,
                currency: Currency::parse("EUR").unwrap(),
                vat_rate: dec!(19),
                payment_terms_days: 14,
                requires_purchase_order: false,
                plan: "Business".into(),
                seats: 25,
                annual_seat_price: dec!(1188.00),
                term_start: term.0,
                term_end: term.1,
            },
        )
        .unwrap()
}

fn issue_quote(portal: &BillingPortal, v: &Vendor, account: AccountId, n: usize) {
    let quote = NewQuote {
        currency: Currency::parse("EUR").unwrap(),
        valid_until: date!(2025 - 12 - 31),
        lines: vec![LineInput {
            description: format!("{} additional seats", n + 1),
            quantity: (n as u32 + 1).into(),
            unit_price: dec!(990.00),
            vat_rate: dec!(19),
        }],
        effect: QuoteEffect::AddSeats { seats: n as u32 + 1 },
    };
    portal.issue_quote(&Caller::Staff(v.rep), account, &quote).unwrap();
}

fn at(d: Date) -> OffsetDateTime {
    d.with_hms(6, 0, 0).unwrap().assume_utc()
}

/// 5,000 accounts, 20 annual invoices each (100,000 in all), two quotes each and ten on the
/// measured account, whose contact has a password.
fn seed_read(database: &str) {
    let clock = Arc::new(ManualClock::new(datetime!(2005-01-01 06:00 UTC)));
    let portal = BillingPortal::open(database).unwrap().with_clock(clock.clone());
    let v = vendor(&portal);
    let target = READ_ACCOUNTS / 2;
    let mut accounts = Vec::with_capacity(READ_ACCOUNTS);
    for i in 0..READ_ACCOUNTS {
        let login = contact(&portal, i, i == target);
        accounts.push(open_account(&portal, &v, i, login, (date!(2005 - 01 - 01), date!(2006 - 01 - 01))));
    }
    let services = Caller::Staff(v.services);
    for year in 2006..2006 + READ_YEARS {
        let run = Date::from_calendar_date(year, time::Month::January, 1).unwrap();
        clock.set(at(run));
        let report = portal.run_renewals(&services, run).unwrap();
        assert_eq!(report.invoices_issued, READ_ACCOUNTS as u64, "{run}");
    }
    clock.set(datetime!(2025-02-01 10:00 UTC));
    for (i, &account) in accounts.iter().enumerate() {
        let quotes = if i == target { TARGET_QUOTES } else { QUOTES_PER_ACCOUNT };
        for n in 0..quotes {
            issue_quote(&portal, &v, account, n);
        }
    }
}

/// The number of accounts [`seed_renewal`] opens (a seed function takes the database only).
static SEED_SIZE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(RENEWAL_ACCOUNTS);

/// [`SEED_SIZE`] accounts whose annual term ends on the renewal date.
fn seed_renewal(database: &str) {
    let clock = Arc::new(ManualClock::new(datetime!(2024-01-01 06:00 UTC)));
    let portal = BillingPortal::open(database).unwrap().with_clock(clock);
    let v = vendor(&portal);
    for i in 0..SEED_SIZE.load(std::sync::atomic::Ordering::Relaxed) {
        let login = contact(&portal, i, false);
        open_account(&portal, &v, i, login, (date!(2024 - 01 - 01), RENEWAL_DATE));
    }
}

// ---- engines and their cached seeds -------------------------------------------------------

/// Where a bench runs: SQLite files always; PostgreSQL too when a server is named.
#[derive(Clone)]
enum Engine {
    Sqlite,
    /// The URL of a server's maintenance database; the bench makes databases of its own there.
    Postgres(String),
}

const POSTGRES_VAR: &str = "CORPORATE_BILLING_BENCH_POSTGRES";

fn engines() -> Vec<Engine> {
    let mut all = vec![Engine::Sqlite];
    if let Some(url) = std::env::var(POSTGRES_VAR).ok().filter(|u| !u.is_empty()) {
        all.push(Engine::Postgres(url));
    }
    all
}

/// `server` with its database replaced by `name`.
fn database_url(server: &str, name: &str) -> String {
    let (base, query) = server.split_once('?').map_or((server, None), |(b, q)| (b, Some(q)));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

fn admin(server: &str) -> postgres::Client {
    postgres::Client::connect(server, postgres::NoTls).expect("the benchmark PostgreSQL server")
}

/// Runs `sql` on the server, retrying while the database it names still has sessions closing (a
/// dropped portal's connections end a moment after the drop).
fn admin_retrying(server: &str, sql: &str) {
    let mut client = admin(server);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match client.batch_execute(sql) {
            Ok(()) => return,
            Err(e) if Instant::now() < deadline && e.code() == Some(&postgres::error::SqlState::OBJECT_IN_USE) => {
                std::thread::sleep(Duration::from_millis(50))
            }
            Err(e) => panic!("{sql}: {e}"),
        }
    }
}

fn cache_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("bench-cache")
}

impl Engine {
    fn name(&self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres(_) => "postgres",
        }
    }

    /// The seeded database `name` (a file, or a database on the server kept as a template),
    /// seeding it first if it is not cached yet.
    fn cached(&self, name: &str, seed: fn(&str)) -> String {
        let started = Instant::now();
        let database = match self {
            Engine::Sqlite => {
                let dir = cache_dir();
                std::fs::create_dir_all(&dir).unwrap();
                let file = dir.join(format!("{name}-v{SEED_VERSION}.db"));
                if !file.exists() {
                    let partial = dir.join(format!("{name}-v{SEED_VERSION}.seeding.db"));
                    for suffix in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
                    }
                    eprintln!("seeding {} (once; cached for later runs) ...", file.display());
                    // The portal is dropped inside, which checkpoints the WAL into the file.
                    seed(&partial.to_string_lossy());
                    std::fs::rename(&partial, &file).unwrap();
                    eprintln!("seeded in {:.1} s", started.elapsed().as_secs_f64());
                }
                file.to_string_lossy().into_owned()
            }
            Engine::Postgres(server) => {
                let db = format!("cb_bench_{}_v{SEED_VERSION}", name.replace('-', "_"));
                let exists = admin(server).query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&db]).unwrap();
                if exists.is_none() {
                    let partial = format!("{db}_seeding");
                    admin_retrying(server, &format!("DROP DATABASE IF EXISTS {partial} WITH (FORCE)"));
                    admin_retrying(server, &format!("CREATE DATABASE {partial}"));
                    eprintln!("seeding database {db} (once; kept on the server for later runs) ...");
                    seed(&database_url(server, &partial));
                    admin_retrying(server, &format!("ALTER DATABASE {partial} RENAME TO {db}"));
                    eprintln!("seeded in {:.1} s", started.elapsed().as_secs_f64());
                }
                database_url(server, &db)
            }
        };
        // Bring a seed made by an older library up to the current schema once, not in every copy.
        drop(BillingPortal::open(&database).unwrap());
        database
    }

    /// A new empty database named after `name`, gone when dropped.
    fn empty(&self, name: &str) -> Scratch {
        match self {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join(format!("{name}.db"));
                Scratch { database: path.to_string_lossy().into_owned(), _dir: Some(dir), drop_on: None }
            }
            Engine::Postgres(server) => {
                let db = format!("cb_bench_{name}_{}", std::process::id());
                admin_retrying(server, &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
                admin_retrying(server, &format!("CREATE DATABASE {db}"));
                Scratch { database: database_url(server, &db), _dir: None, drop_on: Some((server.clone(), db)) }
            }
        }
    }

    /// A private copy of the cached seed `cached`, gone when dropped.
    fn copy_of(&self, cached: &str) -> Scratch {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        match self {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("portal.db");
                std::fs::copy(cached, &path).unwrap();
                Scratch { database: path.to_string_lossy().into_owned(), _dir: Some(dir), drop_on: None }
            }
            Engine::Postgres(server) => {
                let template = cached.rsplit_once('/').unwrap().1.split('?').next().unwrap();
                let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let db = format!("cb_bench_copy_{}_{n}", std::process::id());
                admin_retrying(server, &format!("CREATE DATABASE {db} TEMPLATE {template}"));
                Scratch { database: database_url(server, &db), _dir: None, drop_on: Some((server.clone(), db)) }
            }
        }
    }
}

/// A database of one bench iteration: a file in a temporary directory, or a database on the
/// server, removed when dropped (drop every portal on it first).
struct Scratch {
    database: String,
    _dir: Option<TempDir>,
    drop_on: Option<(String, String)>,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some((server, db)) = &self.drop_on {
            admin_retrying(server, &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
        }
    }
}

// ---- the floor: raw SQL for the same rows --------------------------------------------------

/// A column value as both engines store them (the schema has only BIGINT and TEXT columns).
#[derive(Clone, Debug)]
enum Val {
    Int(Option<i64>),
    Text(Option<String>),
}

/// A plain connection with cached prepared statements: what a hand-written data layer would use.
enum Raw {
    Sqlite(rusqlite::Connection),
    Postgres(Box<postgres::Client>, std::collections::HashMap<String, postgres::Statement>),
}

impl Raw {
    fn open(database: &str) -> Raw {
        if database.starts_with("postgres") {
            Raw::Postgres(Box::new(postgres::Client::connect(database, postgres::NoTls).unwrap()), Default::default())
        } else {
            let c = rusqlite::Connection::open(database).unwrap();
            // What the library's file connections run with, so the floor pays the same syncs.
            c.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON").unwrap();
            Raw::Sqlite(c)
        }
    }

    fn batch(&mut self, sql: &str) {
        match self {
            Raw::Sqlite(c) => c.execute_batch(sql).unwrap(),
            Raw::Postgres(c, _) => c.batch_execute(sql).unwrap(),
        }
    }

    fn begin_write(&mut self) {
        self.batch(if matches!(self, Raw::Sqlite(_)) { "BEGIN IMMEDIATE" } else { "BEGIN" });
    }

    fn begin_read(&mut self) {
        self.batch(if matches!(self, Raw::Sqlite(_)) {
            "BEGIN"
        } else {
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        });
    }

    /// Runs `sql` (placeholders `$1`, `$2`, ... in order) and returns its rows.
    fn query(&mut self, sql: &str, args: &[Val]) -> Vec<Vec<Val>> {
        match self {
            Raw::Sqlite(c) => {
                let mut st = c.prepare_cached(sql).unwrap();
                let n = st.column_count();
                let params = rusqlite::params_from_iter(args.iter().map(sqlite_value));
                let rows = st.query_map(params, |r| (0..n).map(|i| Ok(from_sqlite(r.get_ref(i)?))).collect()).unwrap();
                rows.map(Result::unwrap).collect()
            }
            Raw::Postgres(c, cache) => {
                let st = match cache.get(sql) {
                    Some(st) => st.clone(),
                    None => {
                        let st = c.prepare(sql).unwrap();
                        cache.insert(sql.to_owned(), st.clone());
                        st
                    }
                };
                let params: Vec<&(dyn postgres::types::ToSql + Sync)> = args.iter().map(pg_value).collect();
                c.query(&st, &params).unwrap().iter().map(|r| (0..r.len()).map(|i| from_pg(r, i)).collect()).collect()
            }
        }
    }

    fn exec(&mut self, sql: &str, args: &[Val]) {
        self.query(sql, args);
    }

    fn pg_statement(
        c: &mut postgres::Client,
        cache: &mut std::collections::HashMap<String, postgres::Statement>,
        sql: &str,
    ) -> postgres::Statement {
        if let Some(st) = cache.get(sql) {
            return st.clone();
        }
        let st = c.prepare(sql).unwrap();
        cache.insert(sql.to_owned(), st.clone());
        st
    }

    /// Runs `sql` with array arguments (PostgreSQL only); returns how many rows it gave.
    fn query_arrays(&mut self, sql: &str, args: &[Column]) -> usize {
        let Raw::Postgres(c, cache) = self else { panic!("arrays are for PostgreSQL") };
        let st = Raw::pg_statement(c, cache, sql);
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> = args.iter().map(Column::param).collect();
        c.query(&st, &params).unwrap().len()
    }

    /// Writes `rows` of `table` in one `INSERT ... SELECT * FROM unnest(...)`, each column bound
    /// as one array (PostgreSQL only).
    fn insert_unnest(&mut self, table: &str, cols: &[String], rows: &[&Vec<Val>], suffix: &str) {
        let Some(first) = rows.first() else { return };
        let mut columns: Vec<Column> = first
            .iter()
            .map(|v| match v {
                Val::Int(_) => Column::Int(Vec::with_capacity(rows.len())),
                Val::Text(_) => Column::Text(Vec::with_capacity(rows.len())),
            })
            .collect();
        for row in rows {
            for (column, v) in columns.iter_mut().zip(row.iter()) {
                match (column, v) {
                    (Column::Int(c), Val::Int(i)) => c.push(*i),
                    (Column::Text(c), Val::Text(t)) => c.push(t.clone()),
                    _ => panic!("{table}: a column of two types"),
                }
            }
        }
        let arrays: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("${}::{}[]", i + 1, if matches!(c, Column::Int(_)) { "int8" } else { "text" }))
            .collect();
        let sql =
            format!("INSERT INTO {table} ({}) SELECT * FROM unnest({}) {suffix}", cols.join(", "), arrays.join(", "));
        self.query_arrays(&sql, &columns);
    }
}

/// One argument of many rows, bound as a PostgreSQL array.
enum Column {
    Int(Vec<Option<i64>>),
    Text(Vec<Option<String>>),
}

impl Column {
    fn param(&self) -> &(dyn postgres::types::ToSql + Sync) {
        match self {
            Column::Int(v) => v,
            Column::Text(v) => v,
        }
    }
}

fn sqlite_value(v: &Val) -> rusqlite::types::Value {
    match v {
        Val::Int(Some(i)) => rusqlite::types::Value::Integer(*i),
        Val::Text(Some(t)) => rusqlite::types::Value::Text(t.clone()),
        Val::Int(None) | Val::Text(None) => rusqlite::types::Value::Null,
    }
}

fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Val {
    match v {
        rusqlite::types::ValueRef::Integer(i) => Val::Int(Some(i)),
        rusqlite::types::ValueRef::Text(t) => Val::Text(Some(String::from_utf8_lossy(t).into_owned())),
        _ => Val::Text(None),
    }
}

fn pg_value(v: &Val) -> &(dyn postgres::types::ToSql + Sync) {
    match v {
        Val::Int(i) => i,
        Val::Text(t) => t,
    }
}

fn from_pg(r: &postgres::Row, i: usize) -> Val {
    match *r.columns()[i].type_() {
        postgres::types::Type::INT8 => Val::Int(r.get(i)),
        postgres::types::Type::INT4 => Val::Int(r.get::<_, Option<i32>>(i).map(i64::from)),
        postgres::types::Type::BOOL => Val::Int(r.get::<_, Option<bool>>(i).map(i64::from)),
        _ => Val::Text(r.get(i)),
    }
}

fn text(v: &Val) -> String {
    match v {
        Val::Text(Some(t)) => t.clone(),
        Val::Int(Some(i)) => i.to_string(),
        _ => String::new(),
    }
}

fn columns(raw: &mut Raw, table: &str) -> Vec<String> {
    match raw {
        Raw::Sqlite(c) => {
            c.prepare(&format!("SELECT * FROM {table}")).unwrap().column_names().into_iter().map(String::from).collect()
        }
        Raw::Postgres(c, _) => c
            .prepare(&format!("SELECT * FROM {table}"))
            .unwrap()
            .columns()
            .iter()
            .map(|c| c.name().to_owned())
            .collect(),
    }
}

// ---- figures -------------------------------------------------------------------------------

fn percentile(v: &[Duration], p: f64) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v[((v.len() as f64 * p) as usize).min(v.len() - 1)]
}

/// On-CPU time of the calling thread so far (Linux `schedstat`): tells the work apart from time
/// spent waiting for a core on a busy machine. `None` where the file does not exist.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(stat.split_whitespace().next()?.parse().ok()?))
}

fn micros(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

/// A library case and its floor, timed call for call in alternation (library, floor, library,
/// floor, ...): this machine's CPU switches between speeds about 2x apart, so blocks timed one
/// after the other compare unlike conditions, while each pair shares them. The figure to quote
/// is the median of the pairs' ratios.
#[derive(Default)]
struct Paired {
    lib: Vec<Duration>,
    floor: Vec<Duration>,
}

impl Paired {
    fn push(&mut self, lib: Duration, floor: Duration) {
        self.lib.push(lib);
        self.floor.push(floor);
    }

    /// The ratio library/floor of each pair, sorted.
    fn ratios(&self) -> Vec<f64> {
        let mut r: Vec<f64> =
            self.lib.iter().zip(&self.floor).map(|(l, f)| l.as_secs_f64() / f.as_secs_f64().max(1e-12)).collect();
        r.sort_by(f64::total_cmp);
        r
    }

    /// One line: both medians, the median of the paired ratios and their spread (10th to 90th
    /// percentile).
    fn print(&self, engine: &str, label: &str, aim: &str) {
        if self.lib.is_empty() {
            return;
        }
        let r = self.ratios();
        let at = |p: f64| r[((r.len() as f64 * p) as usize).min(r.len() - 1)];
        println!(
            "FIGURES {engine} {label}: library median {}, floor median {}, paired library/floor median {:.2}x \
             (p10 {:.2}x, p90 {:.2}x, {} pairs){aim}",
            micros(percentile(&self.lib, 0.5)),
            micros(percentile(&self.floor, 0.5)),
            at(0.5),
            at(0.1),
            at(0.9),
            r.len()
        );
    }
}

/// Runs `lib` then `floor` `iters` times in alternation, recording each pair; returns the
/// library's total, which is what criterion is told.
fn alternate(pairs: &mut Paired, iters: u64, mut lib: impl FnMut(), mut floor: impl FnMut()) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let started = Instant::now();
        lib();
        let l = started.elapsed();
        let started = Instant::now();
        floor();
        pairs.push(l, started.elapsed());
        total += l;
    }
    total
}

// ---- (a) the read path ---------------------------------------------------------------------

/// A copy of the read seed, opened, with the measured account's contact signed in, and a raw
/// connection to the same database for the floor.
struct ReadFixture {
    portal: BillingPortal,
    raw: std::cell::RefCell<Raw>,
    contact: Caller,
    token: SessionToken,
    token_hash: Val,
    account: AccountId,
    // Last: the portal and the raw connection go before their database does.
    _copy: Scratch,
}

fn read_fixture(engine: &Engine) -> ReadFixture {
    let copy = engine.copy_of(&engine.cached(&format!("read-{READ_ACCOUNTS}x{READ_YEARS}"), seed_read));
    let clock = Arc::new(ManualClock::new(datetime!(2025-02-01 12:00 UTC)));
    let portal = BillingPortal::open(&copy.database).unwrap().with_clock(clock);
    let session = portal.sign_in(TARGET_USERNAME, TARGET_PASSWORD).unwrap();
    let account = portal.my_accounts(&session.token).unwrap()[0].id;
    let contact = Caller::Session(session.token.clone());
    assert_eq!(portal.invoices(&contact, account).unwrap().len(), 20);
    assert_eq!(portal.quotes(&contact, account).unwrap().len(), TARGET_QUOTES);
    let mut raw = Raw::open(&copy.database);
    // The only session in the seed is the one just opened.
    let token_hash = raw.query("SELECT token_hash FROM sessions", &[]).remove(0).remove(0);
    let f = ReadFixture { portal, raw: raw.into(), contact, token: session.token, token_hash, account, _copy: copy };
    assert_eq!(floor_call(&f, FLOOR_INVOICES, &f.account.to_string()), 20);
    f
}

const FLOOR_SESSION: &str = "SELECT s.login_id, s.created_at, s.last_seen_at, s.ended_at, l.disabled
     FROM sessions s JOIN logins l ON l.id = s.login_id WHERE s.token_hash = $1";
const FLOOR_ACCOUNT: &str = "SELECT billing_contact_id, sales_rep_id, kind FROM accounts WHERE id = $1";
/// The listing shows each invoice's balance due (PAYM-1), so the floor reads what is paid too.
const FLOOR_INVOICES: &str = "SELECT id, number, kind, issue_date, due_date, currency, total, status, amount_paid
     FROM invoices WHERE account_id = $1 ORDER BY issue_date DESC, seq DESC LIMIT 20";
const FLOOR_QUOTES: &str =
    "SELECT id, status, valid_until, currency, total, issued_at FROM quotes WHERE account_id = $1
     ORDER BY (status = 'open' AND valid_until >= $2) DESC, issued_at DESC, id DESC";

/// The least one listing call must do: in one read transaction, look up the session and the
/// account it is asked about, then run the listing's indexed query. Returns the rows listed.
fn floor_call(f: &ReadFixture, listing: &str, account: &str) -> usize {
    let mut raw = f.raw.borrow_mut();
    raw.begin_read();
    black_box(raw.query(FLOOR_SESSION, std::slice::from_ref(&f.token_hash)));
    let acc = Val::Text(Some(account.to_owned()));
    black_box(raw.query(FLOOR_ACCOUNT, std::slice::from_ref(&acc)));
    let rows = if listing == FLOOR_QUOTES {
        raw.query(listing, &[acc, Val::Text(Some("2025-02-01".into()))])
    } else {
        raw.query(listing, &[acc])
    };
    raw.batch("COMMIT");
    black_box(rows).len()
}

/// Times each call of `f` separately, so that the median can be reported.
fn timed(samples: &mut Vec<Duration>, iters: u64, mut f: impl FnMut()) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let started = Instant::now();
        f();
        let took = started.elapsed();
        samples.push(took);
        total += took;
    }
    total
}

/// Library calls each timed beside their floor, call for call.
const READ_PAIRS: [&str; 2] = ["invoices_and_quotes", "invoices_last_20"];
/// Library calls without a floor of their own.
const READ_SOLO: [&str; 2] = ["quotes", "session_check"];

fn read_path(c: &mut Criterion) {
    for engine in engines() {
        // Set up on first use only, so that a filtered run (`-- renewal`) does not copy 270 MB.
        let cell = OnceCell::new();
        let fixture = || cell.get_or_init(|| read_fixture(&engine));
        let mut group = c.benchmark_group(format!("read_path/{}", engine.name()));
        let mut pairs: Vec<(&str, Paired)> = Vec::new();
        for name in READ_PAIRS {
            let mut pair = Paired::default();
            group.bench_function(name, |b| {
                let f = fixture();
                let (portal, who, account) = (&f.portal, &f.contact, f.account);
                let account_text = account.to_string();
                b.iter_custom(|iters| match name {
                    "invoices_and_quotes" => alternate(
                        &mut pair,
                        iters,
                        || {
                            black_box(portal.invoices(who, account).unwrap());
                            black_box(portal.quotes(who, account).unwrap());
                        },
                        || {
                            floor_call(f, FLOOR_INVOICES, &account_text);
                            floor_call(f, FLOOR_QUOTES, &account_text);
                        },
                    ),
                    _ => alternate(
                        &mut pair,
                        iters,
                        || {
                            black_box(portal.invoices(who, account).unwrap());
                        },
                        || {
                            floor_call(f, FLOOR_INVOICES, &account_text);
                        },
                    ),
                })
            });
            pairs.push((name, pair));
        }
        let mut solo: Vec<(&str, Vec<Duration>, Duration)> = Vec::new();
        for name in READ_SOLO {
            let (mut samples, mut cpu) = (Vec::new(), Duration::ZERO);
            group.bench_function(name, |b| {
                let f = fixture();
                let (portal, who, account) = (&f.portal, &f.contact, f.account);
                b.iter_custom(|iters| {
                    let cpu_before = thread_cpu();
                    let wall = timed(&mut samples, iters, || match name {
                        "quotes" => {
                            black_box(portal.quotes(who, account).unwrap());
                        }
                        _ => {
                            black_box(portal.my_accounts(&f.token).unwrap());
                        }
                    });
                    if let (Some(before), Some(after)) = (cpu_before, thread_cpu()) {
                        cpu += after - before;
                    }
                    wall
                })
            });
            solo.push((name, samples, cpu));
        }
        group.finish();
        for (name, pair) in &pairs {
            pair.print(engine.name(), &format!("read_path/{name}"), " (aim: at most 1.05x)");
        }
        for (name, samples, cpu) in solo.iter().filter(|(_, s, _)| !s.is_empty()) {
            println!(
                "FIGURES {} read_path/{name:<26} median {:>9}  p90 {:>9}  p99 {:>9}  mean on-CPU {:>9}  ({} calls)",
                engine.name(),
                micros(percentile(samples, 0.50)),
                micros(percentile(samples, 0.90)),
                micros(percentile(samples, 0.99)),
                micros(*cpu / samples.len() as u32),
                samples.len()
            );
        }
    }
}

// ---- (b) the renewal run -------------------------------------------------------------------

/// The durability the renewal run is measured with: `BENCH_DURABILITY=normal` or the default.
fn renewal_durability() -> Durability {
    match std::env::var("BENCH_DURABILITY").as_deref() {
        Ok("normal") => Durability::Normal,
        Ok("full") | Err(_) => Durability::Full,
        Ok(other) => panic!("BENCH_DURABILITY={other}: expected full or normal"),
    }
}

/// A portal on `database` with an Account Services member to run the renewals.
fn renewal_portal(database: &str) -> (BillingPortal, Caller) {
    let clock = Arc::new(ManualClock::new(at(RENEWAL_DATE)));
    let config = PortalConfig { durability: renewal_durability(), ..PortalConfig::default() };
    let portal = BillingPortal::open(database).unwrap().with_clock(clock).with_config(config);
    let services =
        portal.register_staff("Bench Runner", "runner@northwind.example", StaffKind::AccountServices).unwrap();
    (portal, Caller::Staff(services))
}

/// What the run wrote for one account, copied from the library's own run.
#[derive(Default)]
struct Written {
    subscription: Vec<Val>,
    invoices: Vec<Vec<Val>>,
    audit: Vec<Vec<Val>>,
    outbox: Vec<Vec<Val>>,
}

/// The rows the library's run wrote on `after` and not on `before` (both from the same seed),
/// per account in the run's order; and the column lists of the tables written.
fn written_by_run(after: &str, before: &str) -> (Vec<(String, Written)>, [Vec<String>; 4]) {
    let mut prior = Raw::open(before);
    let max = |raw: &mut Raw, sql: &str| match raw.query(sql, &[]).remove(0).remove(0) {
        Val::Int(i) => i.unwrap_or(0),
        Val::Text(t) => t.and_then(|t| t.parse().ok()).unwrap_or(0),
    };
    let (audit_from, outbox_from) =
        (max(&mut prior, "SELECT MAX(seq) FROM audit_log"), max(&mut prior, "SELECT MAX(id) FROM outbox"));
    let mut raw = Raw::open(after);
    let cols = ["subscriptions", "invoices", "audit_log", "outbox"].map(|t| columns(&mut raw, t));
    let account_col = |table: usize, name: &str| cols[table].iter().position(|c| c == name).unwrap();
    let mut by_account: std::collections::BTreeMap<String, Written> = Default::default();
    for row in raw.query("SELECT * FROM subscriptions", &[]) {
        let account = text(&row[account_col(0, "account_id")]);
        by_account.entry(account).or_default().subscription = row;
    }
    for row in raw.query("SELECT * FROM invoices ORDER BY issuer_id, seq", &[]) {
        by_account.get_mut(&text(&row[account_col(1, "account_id")])).unwrap().invoices.push(row);
    }
    let from = Val::Int(Some(audit_from));
    let mut unattached = Vec::new();
    for row in raw.query("SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq", &[from]) {
        match by_account.get_mut(&text(&row[account_col(2, "account_id")])) {
            Some(w) => w.audit.push(row),
            None => unattached.push(row),
        }
    }
    for row in raw.query("SELECT * FROM outbox WHERE id > $1 ORDER BY id", &[Val::Int(Some(outbox_from))]) {
        by_account.get_mut(&text(&row[account_col(3, "account_id")])).unwrap().outbox.push(row);
    }
    let mut out: Vec<(String, Written)> = by_account.into_iter().collect();
    // Records of the run itself (not of an account) go first, as the run writes them first.
    if let Some((_, first)) = out.first_mut() {
        unattached.append(&mut first.audit);
        first.audit = unattached;
    }
    (out, cols)
}

fn insert_sql(table: &str, cols: &[String]) -> String {
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("${i}")).collect();
    format!("INSERT INTO {table} ({}) VALUES ({})", cols.join(", "), marks.join(", "))
}

/// The floor of the renewal run: on a fresh copy of the seed, in the run's chunks of 500
/// accounts per transaction, read each account's and subscription's row, then write the very
/// rows the library wrote (subscription, invoice number, invoice, audit records, notification),
/// copied rather than computed. No pricing, no hashing, no JSON: the database work alone.
fn replay(database: &str, written: &[(String, Written)], cols: &[Vec<String>; 4]) -> Duration {
    let mut raw = Raw::open(database);
    let sub_cols = &cols[0];
    let upsert = format!(
        "{} ON CONFLICT (account_id) DO UPDATE SET {}",
        insert_sql("subscriptions", sub_cols),
        sub_cols
            .iter()
            .filter(|c| *c != "account_id")
            .map(|c| format!("{c} = excluded.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let (insert_invoice, insert_audit, insert_outbox) =
        (insert_sql("invoices", &cols[1]), insert_sql("audit_log", &cols[2]), insert_sql("outbox", &cols[3]));
    let issuer_col = cols[1].iter().position(|c| c == "issuer_id").unwrap();
    let started = Instant::now();
    raw.begin_read();
    black_box(raw.query("SELECT s.account_id FROM subscriptions s JOIN accounts a ON a.id = s.account_id WHERE s.status = 'active' ORDER BY s.account_id", &[]));
    raw.batch("COMMIT");
    for chunk in written.chunks(500) {
        raw.begin_write();
        for (account, w) in chunk {
            let id = Val::Text(Some(account.clone()));
            black_box(raw.query(
                "SELECT currency, vat_rate, requires_purchase_order FROM accounts WHERE id = $1",
                std::slice::from_ref(&id),
            ));
            black_box(raw.query("SELECT * FROM subscriptions WHERE account_id = $1", std::slice::from_ref(&id)));
            raw.exec(&upsert, &w.subscription);
            for invoice in &w.invoices {
                raw.exec(
                    "UPDATE issuers SET next_number = next_number + 1 WHERE id = $1",
                    std::slice::from_ref(&invoice[issuer_col]),
                );
                raw.exec(&insert_invoice, invoice);
            }
            for row in &w.audit {
                raw.exec(&insert_audit, row);
            }
            for row in &w.outbox {
                raw.exec(&insert_outbox, row);
            }
        }
        raw.batch("COMMIT");
    }
    started.elapsed()
}

/// The floor of the renewal run as PostgreSQL is fast: the same reads and rows as [`replay`], in
/// the same chunks of 500 accounts per transaction, but each chunk read in one statement and
/// each table's rows written in one `INSERT ... SELECT FROM unnest(...)`, the number series moved
/// once per chunk. PostgreSQL only (SQLite has no round trips to save).
fn replay_batched(database: &str, written: &[(String, Written)], cols: &[Vec<String>; 4]) -> Duration {
    let mut raw = Raw::open(database);
    let sub_update = format!(
        "ON CONFLICT (account_id) DO UPDATE SET {}",
        cols[0]
            .iter()
            .filter(|c| *c != "account_id")
            .map(|c| format!("{c} = excluded.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let issuer_col = cols[1].iter().position(|c| c == "issuer_id").unwrap();
    let started = Instant::now();
    raw.begin_read();
    black_box(raw.query("SELECT s.account_id FROM subscriptions s JOIN accounts a ON a.id = s.account_id WHERE s.status = 'active' ORDER BY s.account_id", &[]));
    raw.batch("COMMIT");
    for chunk in written.chunks(500) {
        raw.begin_write();
        let ids: Vec<Option<String>> = chunk.iter().map(|(a, _)| Some(a.clone())).collect();
        black_box(raw.query_arrays(
            "SELECT a.currency, a.vat_rate, a.requires_purchase_order, s.* FROM accounts a
             JOIN subscriptions s ON s.account_id = a.id WHERE a.id = ANY($1)",
            &[Column::Text(ids)],
        ));
        let subs: Vec<&Vec<Val>> = chunk.iter().map(|(_, w)| &w.subscription).collect();
        raw.insert_unnest("subscriptions", &cols[0], &subs, &sub_update);
        let invoices: Vec<&Vec<Val>> = chunk.iter().flat_map(|(_, w)| &w.invoices).collect();
        let mut taken: std::collections::BTreeMap<String, i64> = Default::default();
        for invoice in &invoices {
            *taken.entry(text(&invoice[issuer_col])).or_default() += 1;
        }
        for (issuer, n) in taken {
            raw.exec(
                "UPDATE issuers SET next_number = next_number + $2 WHERE id = $1",
                &[Val::Text(Some(issuer)), Val::Int(Some(n))],
            );
        }
        raw.insert_unnest("invoices", &cols[1], &invoices, "");
        let audit: Vec<&Vec<Val>> = chunk.iter().flat_map(|(_, w)| &w.audit).collect();
        raw.insert_unnest("audit_log", &cols[2], &audit, "");
        let outbox: Vec<&Vec<Val>> = chunk.iter().flat_map(|(_, w)| &w.outbox).collect();
        raw.insert_unnest("outbox", &cols[3], &outbox, "");
        raw.batch("COMMIT");
    }
    started.elapsed()
}

/// How many accounts the renewal run renews: `BENCH_RENEWAL_ACCOUNTS`, a comma-separated list
/// (`1000,10000,100000` measures each in turn, for the time per invoice by size), or 10,000.
fn renewal_sizes() -> Vec<usize> {
    std::env::var("BENCH_RENEWAL_ACCOUNTS")
        .ok()
        .map(|v| v.split(',').map(|n| n.trim().parse().expect("BENCH_RENEWAL_ACCOUNTS: numbers")).collect())
        .unwrap_or_else(|| vec![RENEWAL_ACCOUNTS])
}

/// Rounds of the renewal run per size: `BENCH_ROUNDS`, or 5.
fn renewal_rounds() -> usize {
    std::env::var("BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5)
}

/// Whether the command line's filter (`cargo bench ... -- renewal_run`) selects `name`.
fn selected(name: &str) -> bool {
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()))
}

/// One round of the renewal run of `n` accounts: the library's run, then its floors on fresh
/// copies of the seed, one right after the other; and the dunning run on the library's copy.
struct Round {
    lib: Duration,
    cpu: Option<Duration>,
    rows: Duration,
    batched: Option<Duration>,
    dunning: Duration,
}

fn renewal_round(engine: &Engine, seed: &str, n: usize) -> Round {
    let copy = engine.copy_of(seed);
    let (portal, services) = renewal_portal(&copy.database);
    let (started, cpu_before) = (Instant::now(), thread_cpu());
    let report = portal.run_renewals(&services, RENEWAL_DATE).unwrap();
    let lib = started.elapsed();
    let cpu = cpu_before.zip(thread_cpu()).map(|(before, after)| after - before);
    assert_eq!(report.invoices_issued, n as u64);
    let fresh = engine.copy_of(seed);
    drop(renewal_portal(&fresh.database)); // the same staff row as the run had
    let (written, cols) = written_by_run(&copy.database, &fresh.database);
    assert_eq!(written.iter().map(|(_, w)| w.invoices.len()).sum::<usize>(), n);
    // DUN-1 on the invoices just issued (due after 14 days), at the first stage: one reminder
    // each. After the rows were read for the floors, which copy the renewal run's writes only.
    let day = RENEWAL_DATE + time::Duration::days(14 + 7);
    let started = Instant::now();
    let dunning = portal.run_dunning(&services, day).unwrap();
    let dunning_took = started.elapsed();
    assert_eq!(dunning.invoices_reminded, n as u64);
    drop(portal);
    let rows = replay(&fresh.database, &written, &cols);
    let batched = matches!(engine, Engine::Postgres(_)).then(|| {
        let again = engine.copy_of(seed);
        drop(renewal_portal(&again.database));
        replay_batched(&again.database, &written, &cols)
    });
    Round { lib, cpu, rows, batched, dunning: dunning_took }
}

fn renewal_run(_: &mut Criterion) {
    if !selected("renewal_run") {
        return;
    }
    for engine in engines() {
        for n in renewal_sizes() {
            SEED_SIZE.store(n, std::sync::atomic::Ordering::Relaxed);
            let seed = engine.cached(&format!("renewal-{n}"), seed_renewal);
            let rounds: Vec<Round> = (0..renewal_rounds()).map(|_| renewal_round(&engine, &seed, n)).collect();
            let name = engine.name();
            let per_invoice = |d: Duration| format!("{:.1} µs", d.as_secs_f64() * 1e6 / n as f64);
            let per_second = |d: Duration| n as f64 / d.as_secs_f64();
            let lib: Vec<Duration> = rounds.iter().map(|r| r.lib).collect();
            let m = percentile(&lib, 0.5);
            println!(
                "FIGURES {name} renewal run, {n} invoices, {:?}: median {:.0} ms (min {:.0}, max {:.0}), {:.0} invoices/s, {} per invoice ({} rounds)",
                renewal_durability(),
                m.as_secs_f64() * 1e3,
                lib.iter().min().unwrap().as_secs_f64() * 1e3,
                lib.iter().max().unwrap().as_secs_f64() * 1e3,
                per_second(m),
                per_invoice(m),
                rounds.len()
            );
            let mut row_pairs = Paired::default();
            let mut batch_pairs = Paired::default();
            for r in &rounds {
                row_pairs.push(r.lib, r.rows);
                if let Some(b) = r.batched {
                    batch_pairs.push(r.lib, b);
                }
            }
            let floor_line = |label: &str, pairs: &Paired| {
                if pairs.lib.is_empty() {
                    return;
                }
                let f = percentile(&pairs.floor, 0.5);
                let r = pairs.ratios();
                println!(
                    "FIGURES {name} renewal run floor, {label}: median {:.0} ms, {:.0} invoices/s; paired library/floor median {:.2}x (min {:.2}x, max {:.2}x)",
                    f.as_secs_f64() * 1e3,
                    per_second(f),
                    r[r.len() / 2],
                    r[0],
                    r[r.len() - 1]
                );
            };
            floor_line("row by row", &row_pairs);
            floor_line("batched (unnest, same chunks)", &batch_pairs);
            let cpu: Vec<Duration> = rounds.iter().filter_map(|r| r.cpu).collect();
            if !cpu.is_empty() {
                let c = percentile(&cpu, 0.5);
                println!(
                    "FIGURES {name} renewal run on-CPU: median {:.0} ms, {:.0} invoices per CPU-second",
                    c.as_secs_f64() * 1e3,
                    per_second(c)
                );
            }
            let dunning: Vec<Duration> = rounds.iter().map(|r| r.dunning).collect();
            let d = percentile(&dunning, 0.5);
            println!(
                "FIGURES {name} dunning run, {n} reminders: median {:.0} ms, {} per reminded invoice (renewal: {} per invoice)",
                d.as_secs_f64() * 1e3,
                per_invoice(d),
                per_invoice(m)
            );
        }
    }
}

const LISTED_INVOICES: i64 = 1_000_000;

/// BO-1: the open invoices of a vendor with 1M invoices (one in ten open), streamed page by page
/// through `vendor_invoices`, and the first page's latency beside the same query in raw SQL.
/// SQLite only; the rows are written by SQL in the schema the library made.
fn vendor_listing(c: &mut Criterion) {
    if !selected("vendor_listing") {
        return;
    }
    let mut group = c.benchmark_group("vendor_listing");
    group.sample_size(10);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("listing.sqlite3");
    let (portal, services) = {
        let portal = BillingPortal::open(&path).unwrap();
        let v = vendor(&portal);
        let contact = contact(&portal, 0, false);
        let account = open_account(&portal, &v, 0, contact, (date!(2024 - 01 - 01), date!(2025 - 01 - 01)));
        let services = Caller::Staff(
            portal.register_staff("Lister", "lister@vendor.example", StaffKind::AccountServices).unwrap(),
        );
        let conn = rusqlite::Connection::open(&path).unwrap();
        let issuer: String = conn.query_row("SELECT id FROM issuers LIMIT 1", [], |r| r.get(0)).unwrap();
        let started = Instant::now();
        conn.execute(
            "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ?1)
             INSERT INTO invoices (id, account_id, issuer_id, seq, number, kind, issue_date, due_date, currency, total,
                 status, document, created_at, amount_paid, creditor_reference, serial)
             SELECT printf('00000000-0000-7000-8000-%012d', k), ?2, ?3, k, printf('BX-%08d', k), 'invoice',
                 '2024-01-01', '2024-01-31', 'EUR', '100.00', CASE WHEN k % 10 = 0 THEN 'open' ELSE 'paid' END,
                 '{}', 0, CASE WHEN k % 10 = 0 THEN '0' ELSE '100.00' END, printf('RF00BX%08d', k), k FROM n",
            rusqlite::params![LISTED_INVOICES, account.to_string(), issuer],
        )
        .unwrap();
        eprintln!("seeded {LISTED_INVOICES} invoices in {:?}", started.elapsed());
        (portal, services)
    };
    let open =
        corporate_billing::InvoiceFilter { status: Some(corporate_billing::InvoiceStatus::Open), ..Default::default() };
    let stream = || {
        let (mut n, mut cursor) = (0usize, None::<String>);
        loop {
            let page = portal.vendor_invoices(&services, &open, cursor.as_deref(), 1000).unwrap();
            n += page.items.len();
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => return n,
            }
        }
    };
    // The floors: in one read transaction each, the staff member, the high-water serial (on the
    // first page; later pages carry it, as the library's cursor does) and the page's rows with
    // every column the library lists (the dunning stage included, DUN-1); one more row than the
    // page tells whether another follows.
    let mut raw = Raw::open(path.to_str().unwrap());
    let Caller::Staff(staff) = &services else { unreachable!("the lister is staff") };
    let staff = Val::Text(Some(staff.to_string()));
    const PAGE_SQL: &str = "SELECT i.serial, i.id, i.account_id, a.company_name, i.issuer_id, i.number, i.kind,
            i.issue_date, i.due_date, i.currency, i.total, i.amount_paid, i.status,
            (SELECT MAX(d.stage) FROM dunning_reminders d WHERE d.invoice_id = i.id)
         FROM invoices i JOIN accounts a ON a.id = i.account_id
         WHERE i.serial > $1 AND i.serial <= $2 AND i.status = 'open'
         ORDER BY i.serial LIMIT $3";
    let floor_page = |raw: &mut Raw, after: i64, until: Option<Val>, size: i64| {
        raw.begin_read();
        black_box(raw.query("SELECT kind FROM staff WHERE id = $1", std::slice::from_ref(&staff)));
        let until = until
            .unwrap_or_else(|| raw.query("SELECT COALESCE(MAX(serial), 0) FROM invoices", &[]).remove(0).remove(0));
        let rows = raw.query(PAGE_SQL, &[Val::Int(Some(after)), until.clone(), Val::Int(Some(size + 1))]);
        raw.batch("COMMIT");
        (black_box(rows), until)
    };
    let raw_cell = std::cell::RefCell::new(&mut raw);
    let floor_stream = || {
        let mut raw = raw_cell.borrow_mut();
        let (mut n, mut after, mut until) = (0usize, 0i64, None);
        loop {
            let (rows, high) = floor_page(&mut raw, after, until.take(), 1000);
            n += rows.len().min(1000);
            if rows.len() <= 1000 {
                return n;
            }
            after = match &rows[999][0] {
                Val::Int(Some(s)) => *s,
                other => panic!("serial {other:?}"),
            };
            until = Some(high);
        }
    };
    let mut streams = Paired::default();
    alternate(
        &mut streams,
        5,
        || assert_eq!(black_box(stream()) as i64, LISTED_INVOICES / 10),
        || assert_eq!(black_box(floor_stream()) as i64, LISTED_INVOICES / 10),
    );
    let listed = (LISTED_INVOICES / 10) as f64;
    let rate = |d: Duration| listed / d.as_secs_f64();
    println!(
        "FIGURES sqlite vendor_listing stream: {listed} open of {LISTED_INVOICES} invoices in pages of 1,000: library {:.0} invoices/s, raw floor {:.0} invoices/s",
        rate(percentile(&streams.lib, 0.5)),
        rate(percentile(&streams.floor, 0.5))
    );
    streams.print("sqlite", "vendor_listing stream (whole stream per sample)", "");
    let mut first = Paired::default();
    alternate(
        &mut first,
        200,
        || {
            black_box(portal.vendor_invoices(&services, &open, None, 100).unwrap());
        },
        || {
            let (rows, _) = floor_page(&mut raw_cell.borrow_mut(), 0, None, 100);
            assert_eq!(rows.len(), 101);
        },
    );
    first.print("sqlite", "vendor_listing first page of 100", "");
    group.finish();
}

/// A billing contact signs in (AUTH-1), beside two floors, each call in alternation: one Argon2id
/// verify of the stored hash alone, and the same verify between the two durable commits a
/// sign-in must make (the attempt counted before the check, the session stored after it), by
/// raw SQL. The library does more than the second floor only by its audit records.
fn sign_in(_: &mut Criterion) {
    if !selected("sign_in") {
        return;
    }
    const CALLS: usize = 30;
    for engine in engines() {
        let scratch = engine.empty("signin");
        let clock = Arc::new(ManualClock::new(datetime!(2025-02-01 12:00 UTC)));
        let portal = BillingPortal::open(&scratch.database).unwrap().with_clock(clock);
        let v = vendor(&portal);
        let login = contact(&portal, 0, true);
        open_account(&portal, &v, 0, login, (date!(2024 - 01 - 01), date!(2025 - 01 - 01)));
        let mut raw = Raw::open(&scratch.database);
        let phc = text(&raw.query("SELECT password_hash FROM logins WHERE username IS NOT NULL", &[])[0][0]);
        let parsed = argon2::PasswordHash::new(&phc).unwrap();
        let verify = || {
            use argon2::PasswordVerifier as _;
            let params = argon2::Params::try_from(&parsed).unwrap();
            let hasher = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
            assert!(hasher.verify_password(TARGET_PASSWORD.as_bytes(), &parsed).is_ok());
        };
        let login_id = Val::Text(Some(login.to_string()));
        let bucket = Val::Text(Some("floor-bucket".into()));
        let mut n = 0i64;
        let mut committed =
            || {
                n += 1;
                let now = Val::Int(Some(1_738_411_200 + n));
                raw.begin_write();
                black_box(raw.query(
                    "SELECT locked_until FROM sign_in_throttle WHERE key_hash = $1",
                    std::slice::from_ref(&bucket),
                ));
                raw.exec(
                    "INSERT INTO sign_in_throttle (key_hash, failures, last_failure_at) VALUES ($1, 1, $2)
                 ON CONFLICT (key_hash) DO UPDATE SET failures = sign_in_throttle.failures + 1, last_failure_at = $2",
                    &[bucket.clone(), now.clone()],
                );
                black_box(raw.query(
                    "SELECT id, password_hash, disabled FROM logins WHERE username_key = $1",
                    &[Val::Text(Some(TARGET_USERNAME.into()))],
                ));
                raw.batch("COMMIT");
                verify();
                raw.begin_write();
                raw.exec("DELETE FROM sign_in_throttle WHERE key_hash = $1", std::slice::from_ref(&bucket));
                raw.exec(
                    "INSERT INTO sessions (token_hash, login_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
                    &[Val::Text(Some(format!("floor-session-{n}"))), login_id.clone(), now],
                );
                raw.batch("COMMIT");
            };
        let (mut bare, mut durable) = (Paired::default(), Paired::default());
        for _ in 0..CALLS {
            let started = Instant::now();
            black_box(portal.sign_in(TARGET_USERNAME, TARGET_PASSWORD).unwrap());
            let lib = started.elapsed();
            let started = Instant::now();
            verify();
            bare.push(lib, started.elapsed());
            let started = Instant::now();
            committed();
            durable.push(lib, started.elapsed());
        }
        bare.print(engine.name(), "sign_in vs one Argon2id verify", "");
        durable.print(engine.name(), "sign_in vs verify + the same two durable commits", "");
        drop(portal);
        drop(raw);
    }
}

criterion_group!(benches, read_path, renewal_run, vendor_listing, sign_in);
criterion_main!(benches);
