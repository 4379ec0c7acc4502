//! Benchmarks of the portal on SQLite files, seeded through the public API.
//!
//! ```text
//! cargo bench -p corporate-billing --bench portal
//! ```
//!
//! - `read_path`: a signed-in billing contact lists the last 20 invoices and the quotes of one
//!   account (each call checks the session), on a file holding 100,000 invoices of 5,000 accounts.
//!   Aim: under 100 µs for the pair.
//! - `renewal_run`: the renewal run issues 10,000 invoices (10,000 accounts whose term ends on the
//!   run date). Each iteration starts from a fresh copy of the seeded file; only the run is timed.
//!   Aim: over 20,000 invoices per second. The portal runs with the default durability (every
//!   commit synced); `BENCH_DURABILITY=normal` measures the opt-in `Durability::Normal` instead.
//!
//! Seeding takes a while, so the seeded files are cached under `target/bench-cache/` (named by
//! their size and `SEED_VERSION`); delete that folder to seed again. Every iteration works on a
//! copy in a temporary directory, never on the cache itself.
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
fn seed_read(path: &Path) {
    let clock = Arc::new(ManualClock::new(datetime!(2005-01-01 06:00 UTC)));
    let portal = BillingPortal::open(path).unwrap().with_clock(clock.clone());
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
fn seed_renewal(path: &Path) {
    let clock = Arc::new(ManualClock::new(datetime!(2024-01-01 06:00 UTC)));
    let portal = BillingPortal::open(path).unwrap().with_clock(clock);
    let v = vendor(&portal);
    for i in 0..RENEWAL_ACCOUNTS {
        let login = contact(&portal, i, false);
        open_account(&portal, &v, i, login, (date!(2024 - 01 - 01), RENEWAL_DATE));
    }
}

// ---- the file cache ------------------------------------------------------------------------

fn cache_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("bench-cache")
}

/// The seeded file `name`, seeding it first if it is not cached yet.
fn cached(name: &str, seed: fn(&Path)) -> PathBuf {
    let dir = cache_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}-v{SEED_VERSION}.db"));
    if !file.exists() {
        let partial = dir.join(format!("{name}-v{SEED_VERSION}.seeding.db"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
        }
        eprintln!("seeding {} (once; cached for later runs) ...", file.display());
        let started = Instant::now();
        seed(&partial); // the portal is dropped inside, which checkpoints the WAL into the file
        std::fs::rename(&partial, &file).unwrap();
        eprintln!("seeded in {:.1} s", started.elapsed().as_secs_f64());
    }
    // Bring a file seeded by an older library up to the current schema once, not in every copy.
    drop(BillingPortal::open(&file).unwrap());
    file
}

/// A private copy of a cached file in a fresh temporary directory.
fn copy_of(file: &Path) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portal.db");
    std::fs::copy(file, &path).unwrap();
    (dir, path)
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

/// A copy of the read seed, opened, with the measured account's contact signed in.
struct ReadFixture {
    _dir: TempDir,
    portal: BillingPortal,
    contact: Caller,
    token: SessionToken,
    account: AccountId,
}

fn read_fixture() -> ReadFixture {
    let (dir, path) = copy_of(&cached(&format!("read-{READ_ACCOUNTS}x{READ_YEARS}"), seed_read));
    let clock = Arc::new(ManualClock::new(datetime!(2025-02-01 12:00 UTC)));
    let portal = BillingPortal::open(&path).unwrap().with_clock(clock);
    let session = portal.sign_in(TARGET_USERNAME, TARGET_PASSWORD).unwrap();
    let account = portal.my_accounts(&session.token).unwrap()[0].id;
    let contact = Caller::Session(session.token.clone());
    assert_eq!(portal.invoices(&contact, account).unwrap().len(), 20);
    assert_eq!(portal.quotes(&contact, account).unwrap().len(), TARGET_QUOTES);
    ReadFixture { _dir: dir, portal, contact, token: session.token, account }
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

fn read_path(c: &mut Criterion) {
    // Set up on first use only, so that a filtered run (`-- renewal`) does not copy 270 MB.
    let cell = OnceCell::new();
    let fixture = || cell.get_or_init(read_fixture);
    let mut figures: Vec<(&str, Vec<Duration>, Duration)> = Vec::new();
    let mut group = c.benchmark_group("read_path");
    for name in ["invoices_and_quotes", "invoices_last_20", "quotes", "session_check"] {
        let (mut samples, mut cpu) = (Vec::new(), Duration::ZERO);
        group.bench_function(name, |b| {
            let f = fixture();
            let (portal, who, account) = (&f.portal, &f.contact, f.account);
            b.iter_custom(|iters| {
                let cpu_before = thread_cpu();
                let wall = timed(&mut samples, iters, || match name {
                    "invoices_and_quotes" => {
                        black_box(portal.invoices(who, account).unwrap());
                        black_box(portal.quotes(who, account).unwrap());
                    }
                    "invoices_last_20" => {
                        black_box(portal.invoices(who, account).unwrap());
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
    for (name, samples, cpu) in figures.into_iter().filter(|(_, s, _)| !s.is_empty()) {
        println!(
            "FIGURES read_path/{name:<20} median {:>9}  p90 {:>9}  p99 {:>9}  mean on-CPU {:>9}  ({} calls)",
            micros(percentile(&samples, 0.50)),
            micros(percentile(&samples, 0.90)),
            micros(percentile(&samples, 0.99)),
            micros(cpu / samples.len() as u32),
            samples.len()
        );
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

/// A fresh copy of the renewal seed, with an Account Services member to run it.
fn renewal_setup(seed: &Path) -> (TempDir, BillingPortal, Caller) {
    let (dir, path) = copy_of(seed);
    let clock = Arc::new(ManualClock::new(at(RENEWAL_DATE)));
    let config = PortalConfig { durability: renewal_durability(), ..PortalConfig::default() };
    let portal = BillingPortal::open(&path).unwrap().with_clock(clock).with_config(config);
    let services =
        portal.register_staff("Bench Runner", "runner@northwind.example", StaffKind::AccountServices).unwrap();
    (dir, portal, Caller::Staff(services))
}

fn renewal_run(c: &mut Criterion) {
    let cell = OnceCell::new();
    let seed = || cell.get_or_init(|| cached(&format!("renewal-{RENEWAL_ACCOUNTS}"), seed_renewal));
    let (mut runs, mut cpu_runs): (Vec<Duration>, Vec<Duration>) = (Vec::new(), Vec::new());
    let mut group = c.benchmark_group("renewal_run");
    group.sample_size(10).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(RENEWAL_ACCOUNTS as u64));
    group.bench_function("issue_10k_invoices", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let (dir, portal, services) = renewal_setup(seed());
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
                drop(dir);
            }
            total
        })
    });
    group.finish();

    if runs.is_empty() {
        return;
    }
    let per_second = |d: Duration| RENEWAL_ACCOUNTS as f64 / d.as_secs_f64();
    let m = percentile(&runs, 0.50);
    println!(
        "FIGURES renewal run, {RENEWAL_ACCOUNTS} invoices on file, {:?}: median {:.0} ms, {:.0} invoices/s (aim: over 20,000/s)",
        renewal_durability(),
        m.as_secs_f64() * 1e3,
        per_second(m)
    );
    if !cpu_runs.is_empty() {
        let c = percentile(&cpu_runs, 0.50);
        println!(
            "FIGURES renewal run on-CPU: median {:.0} ms, {:.0} invoices per CPU-second ({} runs)",
            c.as_secs_f64() * 1e3,
            per_second(c),
            cpu_runs.len()
        );
    }
}

criterion_group!(benches, read_path, renewal_run);
criterion_main!(benches);
