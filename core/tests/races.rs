//! Races on a file database with one portal shared by many threads: a quote is decided exactly
//! once, and invoice numbers stay unique and gap-free however many writers issue at once.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::*;
use corporate_billing::{Error, QuoteStatus};
use std::sync::{Arc, Barrier};
use std::thread;

const THREADS: usize = 16;
const ROUNDS: usize = 100;

// DOMAIN: QUO-3
#[test]
fn sixteen_threads_deciding_one_quote_have_exactly_one_winner_every_round() {
    let fx = Fixture::new();
    let mut accepted = 0;
    for round in 0..ROUNDS {
        let quote = fx.issue_quote(fx.account);
        let barrier = Arc::new(Barrier::new(THREADS));
        let outcomes: Vec<Result<QuoteStatus, Error>> = thread::scope(|s| {
            let handles: Vec<_> = (0..THREADS)
                .map(|t| {
                    let (portal, contact, barrier) = (fx.portal.clone(), fx.contact(), barrier.clone());
                    s.spawn(move || {
                        barrier.wait();
                        if t % 2 == 0 {
                            portal.accept_quote(&contact, fx.account, quote.id, None).map(|_| QuoteStatus::Accepted)
                        } else {
                            portal.decline_quote(&contact, fx.account, quote.id, None).map(|q| q.status)
                        }
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let winners: Vec<&QuoteStatus> = outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
        assert_eq!(winners.len(), 1, "round {round}: {outcomes:?}");
        for o in outcomes.iter().filter_map(|o| o.as_ref().err()) {
            assert_eq!(o.code(), "conflict", "round {round}");
        }
        let stored = fx.portal.quote(&fx.rep(), fx.account, quote.id).unwrap();
        assert_eq!(&stored.status, winners[0], "round {round}");
        assert_eq!(stored.invoice_id.is_some(), *winners[0] == QuoteStatus::Accepted);
        accepted += usize::from(*winners[0] == QuoteStatus::Accepted);
    }
    let invoices: i64 = fx.read_only().query_row("SELECT COUNT(*) FROM invoices", [], |r| r.get(0)).unwrap();
    assert_eq!(invoices as usize, accepted, "one invoice per accepted quote");
    eprintln!("race: {ROUNDS} rounds x {THREADS} threads, exactly one winner each; {accepted} accepted");
}

// DOMAIN: INV-1
#[test]
fn concurrent_issuing_keeps_invoice_numbers_unique_and_gap_free() {
    let fx = Fixture::new();
    let per_thread = 15;
    let quotes: Vec<Vec<_>> =
        (0..8).map(|_| (0..per_thread).map(|_| fx.issue_quote(fx.account).id).collect()).collect();
    let numbers: Vec<String> = thread::scope(|s| {
        let handles: Vec<_> = quotes
            .iter()
            .enumerate()
            .map(|(t, mine)| {
                let (portal, contact, services) = (fx.portal.clone(), fx.contact(), fx.services());
                s.spawn(move || {
                    let mut out = Vec::new();
                    for (i, q) in mine.iter().enumerate() {
                        let inv = portal.accept_quote(&contact, fx.account, *q, None).unwrap();
                        out.push(inv.number.clone());
                        // Some threads void what they issued: credit notes take numbers too.
                        if t % 3 == 0 && i % 4 == 0 {
                            out.push(portal.void_invoice(&services, fx.account, inv.id, "duplicate").unwrap().number);
                        }
                    }
                    out
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let seqs: Vec<i64> = fx.read_only().query_all("SELECT seq FROM invoices ORDER BY seq", [], |r| r.get(0)).unwrap();
    assert_eq!(seqs.len(), numbers.len());
    assert_eq!(seqs, (1..=numbers.len() as i64).collect::<Vec<_>>(), "gap-free from 1");
    let mut unique = numbers.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), numbers.len(), "unique");
}
