//! Crash safety: a child process streams portal operations on a file database and is killed with
//! SIGKILL at a random moment, again and again. After every kill the database must open, pass
//! SQLite's own checks, and hold every operation the child reported as committed, with no quote
//! half-applied, invoice numbers gap-free, and the audit chain intact.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::*;
use corporate_billing::{AccountId, BillingPortal, Caller, ManualClock, QuoteId, QuoteStatus, StaffId};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration as StdDuration, Instant};

const CHILD_DB: &str = "CORPORATE_BILLING_CRASH_DB";
const KILLS: u32 = 40;

/// The child's side: runs only when the parent starts this test binary with the database path
/// in the environment. Prints one line per committed operation, flushed before the next starts.
#[test]
fn crash_child() {
    let Ok(path) = std::env::var(CHILD_DB) else { return };
    let env = |k: &str| std::env::var(k).unwrap();
    let account = AccountId::parse(&env("CB_ACCOUNT")).unwrap();
    let rep = Caller::Staff(StaffId::parse(&env("CB_REP")).unwrap());
    let services = Caller::Staff(StaffId::parse(&env("CB_SERVICES")).unwrap());
    let portal = BillingPortal::open(&path).unwrap().with_clock(Arc::new(ManualClock::new(START)));
    let contact = Caller::Session(portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap().token);
    let fx_quote = |n: u32| corporate_billing::NewQuote {
        currency: eur(),
        valid_until: START.date() + time::Duration::days(30),
        lines: standard_lines(),
        effect: corporate_billing::QuoteEffect::AddSeats { seats: n % 3 + 1 },
    };
    let mut out = std::io::stdout().lock();
    for n in 0.. {
        let q = portal.issue_quote(&rep, account, &fx_quote(n)).unwrap();
        writeln!(out, "issued {}", q.id).unwrap();
        out.flush().unwrap();
        if n % 4 == 3 {
            portal.decline_quote(&contact, account, q.id, Some("not now")).unwrap();
            writeln!(out, "declined {}", q.id).unwrap();
        } else {
            let inv = portal.accept_quote(&contact, account, q.id, Some(&format!("PO-{n}"))).unwrap();
            writeln!(out, "accepted {} {} {}", q.id, inv.number, n % 3 + 1).unwrap();
            out.flush().unwrap();
            if n % 5 == 0 {
                portal.void_invoice(&services, account, inv.id, "re-issued").unwrap();
                writeln!(out, "voided {}", inv.number).unwrap();
            }
        }
        out.flush().unwrap();
    }
}

/// What the children reported as committed, across all rounds.
#[derive(Default)]
struct Committed {
    issued: Vec<QuoteId>,
    decided: HashMap<QuoteId, QuoteStatus>,
    invoices: Vec<String>,
    voided: Vec<String>,
    seats_added: u32,
}

impl Committed {
    fn take(&mut self, line: &str) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            ["issued", q] => self.issued.push(QuoteId::parse(q).unwrap()),
            ["declined", q] => {
                self.decided.insert(QuoteId::parse(q).unwrap(), QuoteStatus::Declined);
            }
            ["accepted", q, number, seats] => {
                self.decided.insert(QuoteId::parse(q).unwrap(), QuoteStatus::Accepted);
                self.invoices.push((*number).to_owned());
                self.seats_added += seats.parse::<u32>().unwrap();
            }
            ["voided", number] => self.voided.push((*number).to_owned()),
            _ => {}
        }
    }
}

/// A deterministic spread of kill delays, so that a failure can be replayed.
fn delay(round: u32) -> StdDuration {
    StdDuration::from_millis(40 + u64::from(round.wrapping_mul(2_654_435_761) % 260))
}

// DOMAIN: QUO-3, QUO-5, INV-1, AUD-1, NOTE-1
#[test]
fn killed_mid_stream_the_database_keeps_its_invariants() {
    let fx = Fixture::new();
    let exe = std::env::current_exe().unwrap();
    let mut committed = Committed::default();
    let mut total_lines = 0usize;
    for round in 0..KILLS {
        let mut child = Command::new(&exe)
            .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_DB, &fx.path)
            .env("CB_ACCOUNT", fx.account.to_string())
            .env("CB_REP", fx.rep.to_string())
            .env("CB_SERVICES", fx.services.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Let the child sign in and commit a first invoice before the clock for the kill starts,
        // so that every round does real work however slow the machine's disk is.
        loop {
            let line = rx.recv_timeout(StdDuration::from_secs(60)).expect("the child reports its operations");
            total_lines += 1;
            committed.take(&line);
            if line.starts_with("accepted ") {
                break;
            }
        }
        let deadline = Instant::now() + delay(round);
        while Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(StdDuration::from_millis(5)) {
                total_lines += 1;
                committed.take(&line);
            }
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        // Lines already in the pipe were written after a commit; take them too.
        for line in rx.try_iter() {
            total_lines += 1;
            committed.take(&line);
        }

        // PostgreSQL checks its constraints at commit and rolls back a dropped client's
        // transaction; a SQLite file is checked here, after every kill.
        let db = fx.raw();
        if !db.is_postgres() {
            let integrity: String = db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
            assert_eq!(integrity, "ok", "round {round}");
            let fk_violations: i64 =
                db.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
            assert_eq!(fk_violations, 0, "round {round}");
        }
    }
    assert!(committed.invoices.len() >= KILLS as usize, "every child committed an invoice before its kill");

    // Reopen through the library, after the last kill.
    let portal = BillingPortal::open(&fx.path).unwrap().with_clock(fx.clock.clone());
    assert!(portal.verify_audit_log(&fx.services()).unwrap() > 0);
    let services = fx.services();
    for q in &committed.issued {
        let quote = portal.quote(&services, fx.account, *q).unwrap();
        if let Some(expected) = committed.decided.get(q) {
            assert_eq!(quote.status, *expected, "{q}");
        }
        // Never half-applied: an accepted quote has its invoice, an open one has none.
        match quote.status {
            QuoteStatus::Accepted => {
                let invoice = portal.invoice(&services, fx.account, quote.invoice_id.unwrap()).unwrap();
                assert_eq!(invoice.document.totals, quote.totals);
            }
            _ => assert!(quote.invoice_id.is_none()),
        }
    }
    let db = fx.read_only();
    let numbers: Vec<(i64, String)> =
        db.query_all("SELECT seq, number FROM invoices ORDER BY seq", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    for (i, (seq, _)) in numbers.iter().enumerate() {
        assert_eq!(*seq, i as i64 + 1, "invoice numbers are gap-free");
    }
    for number in committed.invoices.iter().chain(&committed.voided) {
        assert!(numbers.iter().any(|(_, n)| n == number), "committed invoice {number} is there");
    }
    for number in &committed.voided {
        let status: String =
            db.query_row("SELECT status FROM invoices WHERE number = ?1", [number], |r| r.get(0)).unwrap();
        assert_eq!(status, "void");
    }
    // Seats: the fixture's 10 plus every accepted quote's seats, whether or not its line got out.
    let seats_of_effect =
        if db.is_postgres() { "(effect::jsonb ->> 'seats')::bigint" } else { "json_extract(effect, '$.seats')" };
    let accepted_seats: i64 = db
        .query_row(
            &format!(
                "SELECT CAST(COALESCE(SUM({seats_of_effect}), 0) AS BIGINT) FROM quotes WHERE status = 'accepted'"
            ),
            [],
            |r| r.get(0),
        )
        .unwrap();
    let seats: i64 = db.query_row("SELECT seats FROM subscriptions", [], |r| r.get(0)).unwrap();
    assert_eq!(seats, 10 + accepted_seats);
    assert!(accepted_seats >= i64::from(committed.seats_added));
    // Every issued invoice was announced in the same transaction (NOTE-1, INV-4).
    let unannounced: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM invoices i WHERE NOT EXISTS
               (SELECT 1 FROM outbox o WHERE o.kind = 'invoice_issued' AND o.subject LIKE '%' || i.number || '%')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unannounced, 0);
    eprintln!(
        "crash test: {KILLS} kills, {} operations reported committed, {} invoices, {} quotes",
        total_lines,
        numbers.len(),
        committed.issued.len()
    );
}
