//! The Rust half of `bindings-python/bench_overhead.py`: times a few simple portal calls made
//! directly in Rust, on a database the Python script prepared, and prints nanoseconds per call.
//!
//! ```text
//! cargo run --release -p corporate-billing-python --example call_cost -- \
//!     DB ACCOUNT_ID QUOTE_ID STAFF_ID USER_ID PASSWORD ITERATIONS ROUNDS
//! ```
//!
//! Output: one line per operation, `name ns_per_call`, the best of ROUNDS rounds of ITERATIONS
//! calls (the best round is the one least disturbed by the rest of the machine).

use corporate_billing::{AccountId, BillingPortal, Caller, QuoteId, StaffId};
use std::hint::black_box;
use std::time::Instant;

type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// Mean time of `f` in the best of `rounds` rounds, in nanoseconds per call. Each answer is
/// dropped, as Python drops the wrapped one.
fn time_it<T>((iterations, rounds): (u32, u32), mut f: impl FnMut() -> corporate_billing::Result<T>) -> Res<f64> {
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..iterations {
            drop(black_box(f()?));
        }
        best = best.min(start.elapsed().as_nanos() as f64 / f64::from(iterations));
    }
    Ok(best)
}

/// The error path: the answer must be "not found"; it counts as done.
fn expect_not_found<T>(r: corporate_billing::Result<T>) -> corporate_billing::Result<()> {
    match r {
        Err(e) if e.code() == "not_found" => Ok(()),
        Err(e) => Err(e),
        Ok(_) => Err(corporate_billing::Error::Conflict { reason: "expected not found".into() }),
    }
}

fn main() -> Res {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db, account, quote, staff, user_id, password, iterations, rounds] = args.as_slice() else {
        return Err("usage: call_cost DB ACCOUNT_ID QUOTE_ID STAFF_ID USER_ID PASSWORD ITERATIONS ROUNDS".into());
    };
    let portal = BillingPortal::open(db)?;
    let account = AccountId::parse(account)?;
    let quote = QuoteId::parse(quote)?;
    let staff = Caller::Staff(StaffId::parse(staff)?);
    let token = portal.sign_in(user_id, password)?.token;
    let n: (u32, u32) = (iterations.parse()?, rounds.parse()?);
    let unknown = QuoteId::parse("00000000-0000-7000-8000-000000000000")?;

    let results = [
        ("pending_notifications", time_it(n, || portal.pending_notifications(0))?),
        ("account", time_it(n, || portal.account(&staff, account))?),
        ("billing_contact", time_it(n, || portal.billing_contact(&staff, account))?),
        ("quote", time_it(n, || portal.quote(&staff, account, quote))?),
        ("my_accounts", time_it(n, || portal.my_accounts(&token))?),
        ("invoices", time_it(n, || portal.invoices(&staff, account))?),
        ("quote_not_found", time_it(n, || expect_not_found(portal.quote(&staff, account, unknown)))?),
    ];
    for (name, ns) in results {
        println!("{name} {ns:.0}");
    }
    Ok(())
}
