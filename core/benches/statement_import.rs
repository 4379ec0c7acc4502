//! Importing a camt.053 statement of 10,000 entries (RECON-1, RECON-2), beside its floor:
//! reading the same document alone ([`count_statement_entries`], the import's own parser with its
//! checks), timed in the same run on the same machine.
//!
//! ```text
//! cargo bench -p corporate-billing --bench statement_import
//! CORPORATE_BILLING_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres \
//!     cargo bench -p corporate-billing --bench statement_import      # PostgreSQL too
//! ```
//!
//! The seed is 1,000 invoices of 767.10 EUR (one account, issued through the public API); the
//! statement pays each in ten entries of 76.71 EUR quoting its creditor reference, so that every
//! entry books a payment (nine partial, the tenth settles). Each import runs on a fresh copy of
//! the seed (a file copy, or `CREATE DATABASE ... TEMPLATE`), since a second import of the same
//! statement books nothing. The portal runs with the default durability (the one commit is
//! synced). Figures are printed as `FIGURES` lines: entries per second, wall and on-CPU, and the
//! ratio of the import to the parse-only floor.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use corporate_billing::{
    AccountKind, AddressLines, BillingAddress, BillingPortal, Caller, Country, Currency, IssuerProfile, LineInput,
    ManualClock, NewAccount, NewLogin, NewQuote, PaymentMethod, QuoteEffect, StaffKind, count_statement_entries,
};
use rust_decimal_macros::dec;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use time::macros::{date, datetime};

const INVOICES: usize = 1_000;
const ENTRIES_PER_INVOICE: usize = 10;
const RUNS: usize = 3;
const IBAN: &str = "NL91ABNA0417164300";

/// On-CPU time of the calling thread so far (Linux `schedstat`): tells the work apart from time
/// spent waiting for a core on a busy machine. `None` where the file does not exist.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(stat.split_whitespace().next()?.parse().ok()?))
}

fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v[v.len() / 2]
}

/// Seeds `database` with the vendor, one account and its invoices; returns the invoices'
/// creditor references and the Account Services caller.
fn seed(database: &str) -> (Vec<String>, Caller) {
    let clock = Arc::new(ManualClock::new(datetime!(2026-03-01 09:00 UTC)));
    let portal = BillingPortal::open(database).unwrap().with_clock(clock);
    let rep = portal.register_staff("Sam Seller", "sam@vendor.example", StaffKind::SalesRep).unwrap();
    let services = portal.register_staff("Casey Services", "cas@vendor.example", StaffKind::AccountServices).unwrap();
    let lines = AddressLines {
        line1: "Friedrichstraße 68".into(),
        city: "Berlin".into(),
        postal_code: "10117".into(),
        ..AddressLines::default()
    };
    let address = BillingAddress::new(&lines, Country::parse("DE").unwrap()).unwrap();
    let issuer = portal
        .create_issuer(&IssuerProfile {
            legal_name: "Vendor Europe B.V.".into(),
            address: address.clone(),
            tax_id: "NL123456789B01".into(),
            invoice_prefix: "VE-".into(),
            remittance: format!("ABN AMRO, IBAN {IBAN}, BIC ABNANL2A"),
        })
        .unwrap();
    let password = "a benchmark passphrase of some length";
    let login = portal
        .create_login(
            &NewLogin { name: "Alex Payer".into(), email: "alex@acme.example".into(), username: None, phone: None },
            Some(password),
        )
        .unwrap();
    let account = portal
        .open_account(
            &Caller::Staff(services),
            &NewAccount {
                kind: AccountKind::Corporate,
                company_name: "Acme GmbH".into(),
                issuer,
                sales_rep: rep,
                billing_contact: login,
                billing_address: address,
                phone: "030 901820".into(),
                payment_method: PaymentMethod::WireTransfer,
                currency: Currency::parse("EUR").unwrap(),
                vat_rate: dec!(19),
                payment_terms_days: 30,
                requires_purchase_order: false,
                plan: "Corporate".into(),
                seats: 10,
                annual_seat_price: dec!(120),
                term_start: date!(2026 - 01 - 01),
                term_end: date!(2027 - 01 - 01),
            },
        )
        .unwrap();
    let contact = Caller::Session(portal.sign_in("alex@acme.example", password).unwrap().token);
    let quote = NewQuote {
        currency: Currency::parse("EUR").unwrap(),
        valid_until: date!(2026 - 03 - 31),
        lines: vec![LineInput {
            description: "Seats".into(),
            quantity: dec!(1),
            unit_price: dec!(644.62),
            vat_rate: dec!(19),
        }],
        effect: QuoteEffect::AddSeats { seats: 1 },
    };
    let references = (0..INVOICES)
        .map(|_| {
            let q = portal.issue_quote(&Caller::Staff(rep), account, &quote).unwrap();
            let invoice = portal.accept_quote(&contact, account, q.id, None).unwrap();
            assert_eq!(invoice.balance_due.amount(), dec!(767.10), "the statement pays 10 x 76.71");
            invoice.creditor_reference.as_str().to_owned()
        })
        .collect();
    (references, Caller::Staff(services))
}

/// A camt.053.001.08 statement with ten entries per invoice, each with its own bank reference.
fn statement(references: &[String]) -> Vec<u8> {
    let mut xml = String::with_capacity(references.len() * ENTRIES_PER_INVOICE * 700);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\
         <BkToCstmrStmt><GrpHdr><MsgId>BENCH-1</MsgId><CreDtTm>2026-04-10T06:00:00+02:00</CreDtTm></GrpHdr><Stmt>\
         <Id>BENCH-STMT-1</Id><Acct><Id><IBAN>NL91 ABNA 0417 1643 00</IBAN></Id><Ccy>EUR</Ccy></Acct>\n",
    );
    for round in 0..ENTRIES_PER_INVOICE {
        for (i, reference) in references.iter().enumerate() {
            let n = round * references.len() + i + 1;
            write!(
                xml,
                "<Ntry><NtryRef>{n}</NtryRef><Amt Ccy=\"EUR\">76.71</Amt><CdtDbtInd>CRDT</CdtDbtInd>\
                 <Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-04-09</Dt></BookgDt><ValDt><Dt>2026-04-09</Dt></ValDt>\
                 <AcctSvcrRef>BENCH-{n:06}</AcctSvcrRef>\
                 <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>\
                 <Chrgs><Rcrd><Amt Ccy=\"EUR\">0.25</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd></Chrgs>\
                 <NtryDtls><TxDtls><Refs><EndToEndId>E2E-{n}</EndToEndId></Refs>\
                 <Amt Ccy=\"EUR\">76.71</Amt><CdtDbtInd>CRDT</CdtDbtInd>\
                 <RltdPties><Dbtr><Pty><Nm>Acme GmbH</Nm></Pty></Dbtr></RltdPties>\
                 <RmtInf><Strd><CdtrRefInf><Ref>{reference}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>\n"
            )
            .unwrap();
        }
    }
    xml.push_str("</Stmt></BkToCstmrStmt></Document>\n");
    xml.into_bytes()
}

/// Where each run's database comes from, and how a fresh copy of the seed is made.
enum Backend {
    Sqlite { seed: PathBuf, dir: tempfile::TempDir },
    Postgres { server: String, seed: String },
}

impl Backend {
    fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite { .. } => "sqlite",
            Backend::Postgres { .. } => "postgres",
        }
    }

    /// A fresh copy of the seed, as a database to open.
    fn copy(&self, run: usize) -> String {
        match self {
            Backend::Sqlite { seed, dir } => {
                let to = dir.path().join(format!("run-{run}.db"));
                std::fs::copy(seed, &to).unwrap();
                to.to_string_lossy().into_owned()
            }
            Backend::Postgres { server, seed } => {
                let db = format!("{seed}_run");
                let mut admin = postgres::Client::connect(server, postgres::NoTls).unwrap();
                admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db}")).unwrap();
                admin.batch_execute(&format!("CREATE DATABASE {db} TEMPLATE {seed}")).unwrap();
                with_database(server, &db)
            }
        }
    }
}

/// `server`'s URL with its database replaced by `db`.
fn with_database(server: &str, db: &str) -> String {
    let (base, _) = server.rsplit_once('/').expect("a postgres:// URL with a database");
    format!("{base}/{db}")
}

fn sqlite() -> (Backend, Vec<String>, Caller) {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.db");
    let (references, services) = seed_file(&seed);
    (Backend::Sqlite { seed, dir }, references, services)
}

fn seed_file(path: &Path) -> (Vec<String>, Caller) {
    let seeded = seed(&path.to_string_lossy());
    // A copied SQLite file must hold every committed page: fold the WAL in.
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    seeded
}

fn postgres(server: &str) -> (Backend, Vec<String>, Caller) {
    let seed_db = format!("cb_bench_statement_{}", std::process::id());
    let mut admin = postgres::Client::connect(server, postgres::NoTls).unwrap();
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {seed_db}")).unwrap();
    admin.batch_execute(&format!("CREATE DATABASE {seed_db}")).unwrap();
    // The portal is dropped when `seed` returns, so no connection holds the template.
    let (references, services) = seed(&with_database(server, &seed_db));
    (Backend::Postgres { server: server.to_owned(), seed: seed_db }, references, services)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this once, as a smoke test.
    let quick = !std::env::args().any(|a| a == "--bench");
    let mut backends = vec![sqlite as fn() -> (Backend, Vec<String>, Caller)];
    let server = std::env::var("CORPORATE_BILLING_BENCH_POSTGRES").ok().filter(|s| !s.is_empty());
    if server.is_some() {
        backends.push(|| postgres(&std::env::var("CORPORATE_BILLING_BENCH_POSTGRES").unwrap()));
    }
    for make in backends {
        let (backend, references, services) = make();
        let xml = statement(&references);
        let entries = INVOICES * ENTRIES_PER_INVOICE;
        println!("statement: {entries} entries, {:.1} MB", xml.len() as f64 / 1e6);

        let (mut floors, mut floor_cpu) = (Vec::new(), Vec::new());
        for _ in 0..if quick { 1 } else { 10 } {
            let (started, cpu) = (Instant::now(), thread_cpu());
            assert_eq!(count_statement_entries(std::hint::black_box(&xml)).unwrap(), entries);
            floors.push(started.elapsed());
            if let (Some(b), Some(a)) = (cpu, thread_cpu()) {
                floor_cpu.push(a - b);
            }
        }

        let (mut imports, mut import_cpu) = (Vec::new(), Vec::new());
        for run in 0..if quick { 1 } else { RUNS } {
            let database = backend.copy(run);
            let clock = Arc::new(ManualClock::new(datetime!(2026-04-10 08:00 UTC)));
            let portal = BillingPortal::open(&database).unwrap().with_clock(clock);
            let (started, cpu) = (Instant::now(), thread_cpu());
            let report = portal.import_bank_statement(&services, &xml).unwrap();
            imports.push(started.elapsed());
            if let (Some(b), Some(a)) = (cpu, thread_cpu()) {
                import_cpu.push(a - b);
            }
            let booked = report.count(corporate_billing::EntryOutcome::Matched)
                + report.count(corporate_billing::EntryOutcome::Partial);
            assert_eq!(booked, entries, "every entry books a payment");
        }

        let rate = |d: Duration| entries as f64 / d.as_secs_f64();
        let (import, floor) = (median(&imports), median(&floors));
        println!(
            "FIGURES statement_import/{:<8} import: median {:>8.1} ms, {:>9.0} entries/s wall ({} runs)",
            backend.name(),
            import.as_secs_f64() * 1e3,
            rate(import),
            imports.len()
        );
        if !import_cpu.is_empty() {
            println!(
                "FIGURES statement_import/{:<8} import on-CPU: median {:>8.1} ms, {:>9.0} entries per CPU-second",
                backend.name(),
                median(&import_cpu).as_secs_f64() * 1e3,
                rate(median(&import_cpu))
            );
        }
        println!(
            "FIGURES statement_import/{:<8} floor (parse only): median {:>8.1} ms, {:>9.0} entries/s; import/floor {:.1}x",
            backend.name(),
            floor.as_secs_f64() * 1e3,
            rate(floor),
            import.as_secs_f64() / floor.as_secs_f64()
        );
        if let Backend::Postgres { server, seed } = &backend {
            let mut admin = postgres::Client::connect(server, postgres::NoTls).unwrap();
            // One statement each: DROP DATABASE cannot run in the implicit transaction of a batch.
            admin.batch_execute(&format!("DROP DATABASE IF EXISTS {seed}_run")).unwrap();
            admin.batch_execute(&format!("DROP DATABASE IF EXISTS {seed}")).unwrap();
        }
    }
}
