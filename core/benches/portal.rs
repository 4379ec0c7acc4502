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
//! - `read_path`: a signed-in billing contact lists the last 20 invoices and the quotes of one
//!   account (each call checks the session), on a database holding 100,000 invoices of 5,000
//!   accounts. The floor of one call is one read transaction with the session lookup, the
//!   account row and the listing's indexed query. Aim: at most 1.05x the floor.
//! - `vendor_listing`: BO-1's open invoices of a vendor with 1M invoices, streamed page by page,
//!   and the first page of 100 beside its floor: in one read transaction the staff member, the
//!   high-water serial and the page's rows with every listed column.
//! - `renewal_run`: the renewal run issues 10,000 invoices (10,000 accounts whose term ends on the
//!   run date), on a fresh copy of the seed each time; only the run is timed. Its floor writes
//!   the same rows by raw SQL on a second fresh copy (see [`replay`]). Aim: at most 1.25x the
//!   floor, and over 20,000 invoices per second. The portal runs with the default durability
//!   (every commit synced); `BENCH_DURABILITY=normal` measures `Durability::Normal` instead.
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
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
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

/// 10,000 accounts whose annual term ends on the renewal date.
fn seed_renewal(database: &str) {
    let clock = Arc::new(ManualClock::new(datetime!(2024-01-01 06:00 UTC)));
    let portal = BillingPortal::open(database).unwrap().with_clock(clock);
    let v = vendor(&portal);
    for i in 0..RENEWAL_ACCOUNTS {
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

const READ_CASES: [&str; 6] = [
    "invoices_and_quotes",
    "floor_invoices_and_quotes",
    "invoices_last_20",
    "floor_invoices_last_20",
    "quotes",
    "session_check",
];

fn read_path(c: &mut Criterion) {
    for engine in engines() {
        // Set up on first use only, so that a filtered run (`-- renewal`) does not copy 270 MB.
        let cell = OnceCell::new();
        let fixture = || cell.get_or_init(|| read_fixture(&engine));
        let mut figures: Vec<(&str, Vec<Duration>, Duration)> = Vec::new();
        let mut group = c.benchmark_group(format!("read_path/{}", engine.name()));
        for name in READ_CASES {
            let (mut samples, mut cpu) = (Vec::new(), Duration::ZERO);
            group.bench_function(name, |b| {
                let f = fixture();
                let (portal, who, account) = (&f.portal, &f.contact, f.account);
                let account_text = account.to_string();
                b.iter_custom(|iters| {
                    let cpu_before = thread_cpu();
                    let wall = timed(&mut samples, iters, || match name {
                        "invoices_and_quotes" => {
                            black_box(portal.invoices(who, account).unwrap());
                            black_box(portal.quotes(who, account).unwrap());
                        }
                        "floor_invoices_and_quotes" => {
                            floor_call(f, FLOOR_INVOICES, &account_text);
                            floor_call(f, FLOOR_QUOTES, &account_text);
                        }
                        "invoices_last_20" => {
                            black_box(portal.invoices(who, account).unwrap());
                        }
                        "floor_invoices_last_20" => {
                            floor_call(f, FLOOR_INVOICES, &account_text);
                        }
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
            figures.push((name, samples, cpu));
        }
        group.finish();
        let median = |case: &str| {
            figures.iter().find(|(n, s, _)| *n == case && !s.is_empty()).map(|(_, s, _)| percentile(s, 0.50))
        };
        for (name, samples, cpu) in figures.iter().filter(|(_, s, _)| !s.is_empty()) {
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
        for case in ["invoices_and_quotes", "invoices_last_20"] {
            if let (Some(lib), Some(floor)) = (median(case), median(&format!("floor_{case}"))) {
                println!(
                    "FIGURES {} read_path/{case}: library/floor {:.2}x (aim: at most 1.05x)",
                    engine.name(),
                    lib.as_secs_f64() / floor.as_secs_f64()
                );
            }
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

fn renewal_run(c: &mut Criterion) {
    for engine in engines() {
        let cell = OnceCell::new();
        let seed = || cell.get_or_init(|| engine.cached(&format!("renewal-{RENEWAL_ACCOUNTS}"), seed_renewal));
        let (mut runs, mut cpu_runs, mut floors): (Vec<Duration>, Vec<Duration>, Vec<Duration>) = Default::default();
        let mut group = c.benchmark_group(format!("renewal_run/{}", engine.name()));
        group.sample_size(10).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(20));
        group.throughput(Throughput::Elements(RENEWAL_ACCOUNTS as u64));
        group.bench_function("issue_10k_invoices", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let copy = engine.copy_of(seed());
                    let (portal, services) = renewal_portal(&copy.database);
                    let (started, cpu_before) = (Instant::now(), thread_cpu());
                    let report = portal.run_renewals(&services, RENEWAL_DATE).unwrap();
                    let took = started.elapsed();
                    if let (Some(before), Some(after)) = (cpu_before, thread_cpu()) {
                        cpu_runs.push(after - before);
                    }
                    assert_eq!(report.invoices_issued, RENEWAL_ACCOUNTS as u64);
                    total += took;
                    runs.push(took);
                    drop(portal);
                    // The floor, on a second copy in the same iteration: the same rows by raw SQL.
                    let fresh = engine.copy_of(seed());
                    drop(renewal_portal(&fresh.database)); // the same staff row as the run had
                    let (written, cols) = written_by_run(&copy.database, &fresh.database);
                    assert_eq!(written.iter().map(|(_, w)| w.invoices.len()).sum::<usize>(), RENEWAL_ACCOUNTS);
                    floors.push(replay(&fresh.database, &written, &cols));
                }
                total
            })
        });
        group.finish();

        if runs.is_empty() {
            continue;
        }
        let per_second = |d: Duration| RENEWAL_ACCOUNTS as f64 / d.as_secs_f64();
        let (m, f) = (percentile(&runs, 0.50), percentile(&floors, 0.50));
        println!(
            "FIGURES {} renewal run, {RENEWAL_ACCOUNTS} invoices, {:?}: median {:.0} ms, {:.0} invoices/s (aim: over 20,000/s)",
            engine.name(),
            renewal_durability(),
            m.as_secs_f64() * 1e3,
            per_second(m)
        );
        println!(
            "FIGURES {} renewal run floor (the same rows by raw SQL): median {:.0} ms, {:.0} invoices/s; library/floor {:.2}x (aim: at most 1.25x)",
            engine.name(),
            f.as_secs_f64() * 1e3,
            per_second(f),
            m.as_secs_f64() / f.as_secs_f64()
        );
        if !cpu_runs.is_empty() {
            let c = percentile(&cpu_runs, 0.50);
            println!(
                "FIGURES {} renewal run on-CPU: median {:.0} ms, {:.0} invoices per CPU-second ({} runs)",
                engine.name(),
                c.as_secs_f64() * 1e3,
                per_second(c),
                cpu_runs.len()
            );
        }
    }
}

const LISTED_INVOICES: i64 = 1_000_000;

/// BO-1: the open invoices of a vendor with 1M invoices (one in ten open), streamed page by page
/// through `vendor_invoices`, and the first page's latency beside the same query in raw SQL.
/// SQLite only; the rows are written by SQL in the schema the library made.
fn vendor_listing(c: &mut Criterion) {
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
    let started = Instant::now();
    let listed = stream();
    let took = started.elapsed();
    assert_eq!(listed as i64, LISTED_INVOICES / 10);
    println!(
        "FIGURES sqlite vendor_listing: {listed} open of {LISTED_INVOICES} invoices streamed in {:.0} ms, {:.0} invoices/s (pages of 1,000)",
        took.as_secs_f64() * 1e3,
        listed as f64 / took.as_secs_f64()
    );
    let mut lib = Vec::new();
    timed(&mut lib, 200, || {
        black_box(portal.vendor_invoices(&services, &open, None, 100).unwrap());
    });
    // The floor: in one read transaction, the staff member, the high-water serial, then the page's
    // rows with every column the library lists (the dunning stage included, DUN-1).
    let mut raw = Raw::open(path.to_str().unwrap());
    let Caller::Staff(staff) = &services else { unreachable!("the lister is staff") };
    let staff = Val::Text(Some(staff.to_string()));
    let mut floor = Vec::new();
    timed(&mut floor, 200, || {
        raw.begin_read();
        black_box(raw.query("SELECT kind FROM staff WHERE id = $1", std::slice::from_ref(&staff)));
        let until = raw.query("SELECT COALESCE(MAX(serial), 0) FROM invoices", &[]).remove(0).remove(0);
        let rows = raw.query(
            "SELECT i.serial, i.id, i.account_id, a.company_name, i.issuer_id, i.number, i.kind, i.issue_date,
                    i.due_date, i.currency, i.total, i.amount_paid, i.status,
                    (SELECT MAX(d.stage) FROM dunning_reminders d WHERE d.invoice_id = i.id)
             FROM invoices i JOIN accounts a ON a.id = i.account_id
             WHERE i.serial > 0 AND i.serial <= $1 AND i.status = 'open'
             ORDER BY i.serial LIMIT 101",
            &[until],
        );
        raw.batch("COMMIT");
        assert_eq!(black_box(rows).len(), 101);
    });
    lib.sort();
    floor.sort();
    let (l, f) = (percentile(&lib, 0.5), percentile(&floor, 0.5));
    println!(
        "FIGURES sqlite vendor_listing first page of 100: median {} (p90 {}), raw SQL floor {}; library/floor {:.2}x",
        micros(l),
        micros(percentile(&lib, 0.9)),
        micros(f),
        l.as_secs_f64() / f.as_secs_f64()
    );
    group.finish();
}

criterion_group!(benches, read_path, renewal_run, vendor_listing);
criterion_main!(benches);
