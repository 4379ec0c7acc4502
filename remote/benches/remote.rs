//! What the network adds (API-5): a billing contact's read path (their accounts, the last 20
//! invoices, the open quotes) through `RemotePortal` and the axum server on loopback, against
//! the same three calls in-process; then requests per second with 1, 16 and 64 concurrent
//! clients, and the process's peak memory (server and clients share it).
//!
//! ```text
//! cargo bench -p corporate-billing-remote --bench remote
//! CORPORATE_BILLING_BENCH_POSTGRES=postgres://... cargo bench -p corporate-billing-remote --bench remote
//! ```
//!
//! Aims (issue 29): under 1 ms added at p50; at least 3,000 read-path requests/s at 16 clients
//! on SQLite; no error under the 64-client load.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use corporate_billing::{
    AccountKind, AddressLines, BillingAddress, BillingPortal, Caller, Country, Currency, IssuerProfile, LineInput,
    NewAccount, NewLogin, NewQuote, PaymentMethod, QuoteEffect, StaffKind,
};
use corporate_billing_remote::RemotePortal;
use corporate_billing_server::{Limits, NoStaffSignOn, router_with};
use rust_decimal::Decimal;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use time::Duration as Days;

const PASSWORD: &str = "a long and private bench passphrase";
const ROUNDS: usize = 2000;
const LOAD: Duration = Duration::from_secs(3);

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let database = std::env::var("CORPORATE_BILLING_BENCH_POSTGRES")
        .unwrap_or_else(|_| dir.path().join("bench.db").to_string_lossy().into_owned());
    let engine = if database.starts_with("postgres") { "PostgreSQL" } else { "SQLite" };
    let portal = Arc::new(BillingPortal::open(&database).unwrap());
    let account = seed(&portal);

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    // The bench is one client in the limiter's eyes; lift its bound, or it would measure 429s.
    let limits = Limits { per_client_per_minute: u32::MAX, burst: u32::MAX, ..Limits::default() };
    let app = router_with(portal.clone(), Arc::new(NoStaffSignOn), limits);
    runtime.spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.ok();
    });

    let remote = Arc::new(RemotePortal::new(&url).unwrap());
    let token = portal.sign_in("bench.contact", PASSWORD).unwrap().token;
    let me = Caller::Session(token.clone());

    let local = timed(|| {
        portal.my_accounts(&token).unwrap();
        assert_eq!(portal.invoices(&me, account).unwrap().len(), 20);
        portal.quotes(&me, account).unwrap();
    });
    let over_http = timed(|| {
        remote.my_accounts(&token).unwrap();
        assert_eq!(remote.invoices(&me, account).unwrap().len(), 20);
        remote.quotes(&me, account).unwrap();
    });
    println!("read path on {engine} (3 calls), {ROUNDS} rounds:");
    for (name, p) in [("p50", 0.50), ("p99", 0.99)] {
        let (l, r) = (pct(&local, p), pct(&over_http, p));
        println!("  {name}: in-process {l:>8.3} ms, remote {r:>8.3} ms, added {:>7.3} ms", r - l);
    }

    for clients in [1usize, 16, 64] {
        let done = Arc::new(AtomicU64::new(0));
        let failed = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let threads: Vec<_> = (0..clients)
            .map(|_| {
                let (remote, me, done, failed, stop) =
                    (remote.clone(), me.clone(), done.clone(), failed.clone(), stop.clone());
                std::thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        match remote.invoices(&me, account) {
                            Ok(_) => done.fetch_add(1, Ordering::Relaxed),
                            Err(_) => failed.fetch_add(1, Ordering::Relaxed),
                        };
                    }
                })
            })
            .collect();
        std::thread::sleep(LOAD);
        stop.store(true, Ordering::Relaxed);
        for t in threads {
            t.join().unwrap();
        }
        println!(
            "  {clients:>2} clients: {:>7.0} requests/s (last 20 invoices), {} errors",
            done.load(Ordering::Relaxed) as f64 / LOAD.as_secs_f64(),
            failed.load(Ordering::Relaxed)
        );
    }
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .unwrap_or_else(|| "VmHWM: unknown".into());
    println!("  peak memory of server and clients: {}", peak.trim_start_matches("VmHWM:").trim());
}

fn timed(mut f: impl FnMut()) -> Vec<f64> {
    for _ in 0..50 {
        f();
    }
    let mut out: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    out.sort_by(f64::total_cmp);
    out
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn seed(portal: &BillingPortal) -> corporate_billing::AccountId {
    let rep = portal.register_staff("Rita Rep", "rita@vendor.example", StaffKind::SalesRep).unwrap();
    let us = Country::parse("US").unwrap();
    let street = AddressLines { line1: "1 Main St".into(), city: "Boston".into(), ..Default::default() };
    let issuer = portal
        .create_issuer(&IssuerProfile {
            legal_name: "Vendor Inc.".into(),
            address: BillingAddress::new(&street, us).unwrap(),
            tax_id: "12-3456789".into(),
            invoice_prefix: "B-".into(),
            remittance: "Bank of Examples".into(),
        })
        .unwrap();
    let contact = portal
        .create_login(
            &NewLogin {
                name: "Bea Bench".into(),
                email: "bea@bench.example".into(),
                username: Some("bench.contact".into()),
                phone: None,
            },
            Some(PASSWORD),
        )
        .unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let usd = Currency::parse("USD").unwrap();
    let account = portal
        .open_account(
            &Caller::Staff(rep),
            &NewAccount {
                kind: AccountKind::Corporate,
                company_name: "Bench Corp".into(),
                issuer,
                sales_rep: rep,
                billing_contact: contact,
                billing_address: BillingAddress::new(&street, us).unwrap(),
                phone: "+1 212 555 0100".into(),
                payment_method: PaymentMethod::Check,
                currency: usd,
                vat_rate: Decimal::ZERO,
                payment_terms_days: 30,
                requires_purchase_order: false,
                plan: "Corporate".into(),
                seats: 10,
                annual_seat_price: Decimal::from(120),
                term_start: today - Days::days(30),
                term_end: today + Days::days(335),
            },
        )
        .unwrap();
    let me = Caller::Session(portal.sign_in("bench.contact", PASSWORD).unwrap().token);
    for i in 0..23 {
        let quote = portal
            .issue_quote(
                &Caller::Staff(rep),
                account,
                &NewQuote {
                    currency: usd,
                    valid_until: today + Days::days(30),
                    lines: vec![LineInput {
                        description: format!("Seat {i}"),
                        quantity: Decimal::ONE,
                        unit_price: Decimal::new(9950, 2),
                        vat_rate: Decimal::ZERO,
                    }],
                    effect: QuoteEffect::AddSeats { seats: 1 },
                },
            )
            .unwrap();
        if i < 20 {
            portal.accept_quote(&me, account, quote.id, None).unwrap();
        }
    }
    account
}
