//! Does the time of a failed sign-in tell its cause (AUTH-2)? Measures the median of failed
//! sign-ins for an unknown user ID, a wrong password, a throttled and a disabled login and an
//! over-long password (AUTH-11), samples interleaved so that machine noise falls on all alike,
//! and prints their ratios. Then the same for forgot-password (AUTH-7): a contact's user ID, an
//! unknown one, and a contact over the hourly limit must take the same time.
//!
//! Run: `cargo bench -p corporate-billing --bench signin_timing`

use corporate_billing::{
    AccountKind, AddressLines, BillingAddress, BillingPortal, Caller, Country, Currency, IssuerProfile, LinkSecret,
    ManualClock, NewAccount, NewLogin, PaymentMethod, PortalConfig, StaffKind,
};
use rust_decimal::Decimal;
use std::error::Error;
use std::sync::Arc;
use std::time::Instant;
use time::macros::{date, datetime};

const SAMPLES: usize = 150;
const PASSWORD: &str = "correct horse battery staple 42";
const WRONG: &str = "not the password of this login";

fn main() -> Result<(), Box<dyn Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("timing.sqlite3");
    let clock = Arc::new(ManualClock::new(datetime!(2026-03-02 09:00 UTC)));
    let portal = BillingPortal::open(&path)?.with_clock(clock).with_config(PortalConfig {
        credential_link_base_url: Some("https://billing.vendor.example/password".into()),
        link_secret: Some(LinkSecret::new(b"0123456789abcdef0123456789abcdef".to_vec())?),
        ..PortalConfig::default()
    });
    let services = Caller::Staff(portal.register_staff("Casey", "cas@vendor.example", StaffKind::AccountServices)?);
    let rep = portal.register_staff("Sam", "sam@vendor.example", StaffKind::SalesRep)?;
    let address = BillingAddress::new(
        &AddressLines { line1: "1 Main St".into(), city: "Boston".into(), ..Default::default() },
        Country::parse("US")?,
    )?;
    let issuer = portal.create_issuer(&IssuerProfile {
        legal_name: "Vendor Inc.".into(),
        address: address.clone(),
        tax_id: "12-3456789".into(),
        invoice_prefix: "V-".into(),
        remittance: "Bank of Examples, account 123".into(),
    })?;
    for name in ["wrong.password", "throttled.user", "disabled.user", "reset.user", "limited.user"] {
        let login = portal.create_login(
            &NewLogin {
                name: name.into(),
                email: format!("{name}@customer.example"),
                username: Some(name.into()),
                phone: None,
            },
            Some(PASSWORD),
        )?;
        portal.open_account(
            &services,
            &NewAccount {
                kind: AccountKind::Corporate,
                company_name: format!("{name} Corp"),
                issuer,
                sales_rep: rep,
                billing_contact: login,
                billing_address: address.clone(),
                phone: "+1 212 555 0100".into(),
                payment_method: PaymentMethod::Check,
                currency: Currency::parse("USD")?,
                vat_rate: Decimal::ZERO,
                payment_terms_days: 30,
                requires_purchase_order: false,
                plan: "Corporate".into(),
                seats: 5,
                annual_seat_price: Decimal::from(100),
                term_start: date!(2026 - 01 - 01),
                term_end: date!(2027 - 01 - 01),
            },
        )?;
    }
    let raw = rusqlite::Connection::open(&path)?;
    raw.execute("UPDATE logins SET disabled = 1 WHERE username = 'disabled.user'", [])?;
    for _ in 0..5 {
        let _ = portal.sign_in("throttled.user", WRONG);
    }
    let throttled_key: String = raw.query_row("SELECT key_hash FROM sign_in_throttle", [], |r| r.get(0))?;

    let over_long = "x".repeat(1 << 20);
    let cases: [(&str, &str, &str); 5] = [
        ("unknown user ID", "nobody.here", PASSWORD),
        ("wrong password", "wrong.password", WRONG),
        ("throttled login", "throttled.user", PASSWORD),
        ("disabled login", "disabled.user", PASSWORD),
        ("1 MiB password", "wrong.password", &over_long),
    ];
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(SAMPLES); cases.len()];
    for _ in 0..SAMPLES {
        for (i, (_, user, password)) in cases.iter().enumerate() {
            // Keep every case on its own path: only the throttled login stays throttled.
            raw.execute("DELETE FROM sign_in_throttle WHERE key_hash <> ?1", [&throttled_key])?;
            let start = Instant::now();
            let outcome = portal.sign_in(user, password);
            times[i].push(start.elapsed().as_secs_f64() * 1e3);
            assert_eq!(outcome.map(|_| ()).map_err(|e| e.code()), Err("invalid_credentials"));
        }
    }
    let medians: Vec<f64> = times.iter_mut().map(|t| median(t)).collect();
    let base = medians[1];
    println!("failed sign-in medians over {SAMPLES} interleaved samples each (ratio to wrong password):");
    for ((name, _, _), m) in cases.iter().zip(&medians) {
        println!("  {name:<16} {m:>8.2} ms   ratio {:.3}", m / base);
    }
    print_spread(&medians);
    forgot_password(&portal, &raw)
}

fn median(t: &mut [f64]) -> f64 {
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

fn print_spread(medians: &[f64]) {
    let spread = medians.iter().cloned().fold(f64::MIN, f64::max) / medians.iter().cloned().fold(f64::MAX, f64::min);
    println!("largest / smallest median: {spread:.3} (aim: within 1.10)");
}

/// Forgot-password for a contact, for an unknown user ID and for a contact over the hourly limit.
fn forgot_password(portal: &BillingPortal, raw: &rusqlite::Connection) -> Result<(), Box<dyn Error>> {
    const RESETS: usize = 600;
    for _ in 0..5 {
        portal.forgot_password("limited.user")?;
    }
    let cases =
        [("contact", "reset.user"), ("unknown user ID", "nobody.here"), ("over the hourly limit", "limited.user")];
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(RESETS); cases.len()];
    // Outside the schema the library knows: a row the bench writes before every call.
    raw.execute_batch("CREATE TABLE bench_writes (n INTEGER)")?;
    for _ in 0..RESETS {
        for (i, (_, user)) in cases.iter().enumerate() {
            // The contact's own links would reach the hourly limit after five. Every case follows
            // a commit by this other connection, so that each finds the database changed since its
            // last call (with pages to read again), not only the case after the contact's.
            raw.execute_batch(
                "BEGIN;
                 DELETE FROM credential_tokens WHERE login_id = (SELECT id FROM logins WHERE username = 'reset.user');
                 INSERT INTO bench_writes VALUES (1);
                 COMMIT;",
            )?;
            let start = Instant::now();
            portal.forgot_password(user)?;
            times[i].push(start.elapsed().as_secs_f64() * 1e6);
        }
    }
    let medians: Vec<f64> = times.iter_mut().map(|t| median(t)).collect();
    println!("forgot-password medians over {RESETS} interleaved samples each (ratio to a contact):");
    for ((name, _), m) in cases.iter().zip(&medians) {
        println!("  {name:<22} {m:>8.1} us   ratio {:.3}", m / medians[0]);
    }
    print_spread(&medians);
    Ok(())
}
