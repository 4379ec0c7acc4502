//! Quotes: issued by the vendor, decided once by the billing contact (QUO-1..QUO-6, SUB-2, INV-5).

mod common;

use common::*;
use corporate_billing::{
    Error, InvoiceStatus, Money, NewQuote, NotificationKind, QuoteEffect, QuoteStatus, SubscriptionStatus,
};
use rust_decimal_macros::dec;
use std::sync::{Arc, Barrier};
use time::Duration;
use time::macros::date;

// DOMAIN: QUO-1
#[test]
fn the_sales_rep_or_account_services_issues_a_quote_with_lines_currency_validity_and_effect() {
    let fx = Fixture::new();
    fx.drain();
    let new = fx.new_quote_with(QuoteEffect::PlanChange {
        plan: "Corporate Plus".into(),
        annual_seat_price: Money::new(dec!(150), eur()),
    });
    let q = fx.portal.issue_quote(&fx.rep(), fx.account, &new).unwrap();
    assert_eq!(q.status, QuoteStatus::Open);
    assert_eq!(q.currency, eur());
    assert_eq!(q.valid_until, new.valid_until);
    assert_eq!(q.effect, new.effect);
    assert_eq!(q.lines.len(), 2);
    assert_eq!(q.lines[1].description, "Onboarding workshop");
    assert_eq!(q.issued_at, START);
    // Account Services may issue too; every effect kind is accepted.
    for effect in [
        QuoteEffect::NewTerm { start: TERM_END, end: date!(2028 - 01 - 01) },
        QuoteEffect::AddSeats { seats: 5 },
        QuoteEffect::Reactivation { start: TERM_END, end: date!(2028 - 01 - 01) },
    ] {
        let q = fx.portal.issue_quote(&fx.services(), fx.account, &fx.new_quote_with(effect.clone())).unwrap();
        assert_eq!(q.effect, effect);
    }
    // The contact is told (NOTE-1), without the contact's identity leaking anywhere else.
    let sent = fx.pending_of(NotificationKind::QuoteIssued);
    assert_eq!(sent.len(), 4);
    assert!(sent.iter().all(|n| n.recipient == CONTACT_EMAIL && n.account_id == Some(fx.account)));
    // Nobody else issues quotes.
    for caller in [fx.contact(), fx.user(), fx.other_rep()] {
        assert_eq!(fails(fx.portal.issue_quote(&caller, fx.account, &fx.new_quote())), Error::Forbidden);
    }
}

// DOMAIN: QUO-2
#[test]
fn the_contact_lists_quotes_open_first_and_views_each_with_totals() {
    let fx = Fixture::new();
    let a = fx.issue_quote(fx.account);
    fx.clock.advance(Duration::minutes(1));
    let b = fx.issue_quote(fx.account);
    fx.clock.advance(Duration::minutes(1));
    let c = fx.issue_quote(fx.account);
    fx.clock.advance(Duration::minutes(1));
    let d = fx.issue_quote(fx.account);
    fx.portal.decline_quote(&fx.contact(), fx.account, d.id, Some("Not now")).unwrap();
    fx.portal.accept_quote(&fx.contact(), fx.account, b.id, None).unwrap();
    let list = fx.portal.quotes(&fx.contact(), fx.account).unwrap();
    let order: Vec<_> = list.iter().map(|q| (q.id, q.status)).collect();
    assert_eq!(
        order,
        vec![
            (c.id, QuoteStatus::Open),
            (a.id, QuoteStatus::Open),
            (d.id, QuoteStatus::Declined),
            (b.id, QuoteStatus::Accepted),
        ]
    );
    assert!(list.iter().all(|q| q.total == Money::new(dec!(767.10), eur())));
    let q = fx.portal.quote(&fx.contact(), fx.account, a.id).unwrap();
    assert_eq!(q.totals.net.amount(), dec!(690.00));
    assert_eq!(q.totals.vat_breakdown.len(), 2);
    assert_eq!((q.totals.vat_breakdown[0].rate, q.totals.vat_breakdown[0].vat.amount()), (dec!(7), dec!(31.50)));
    assert_eq!((q.totals.vat_breakdown[1].rate, q.totals.vat_breakdown[1].vat.amount()), (dec!(19), dec!(45.60)));
    assert_eq!(q.totals.vat.amount(), dec!(77.10));
    assert_eq!(q.totals.total.amount(), dec!(767.10));
    let declined = fx.portal.quote(&fx.contact(), fx.account, d.id).unwrap();
    assert_eq!(declined.decline_reason.as_deref(), Some("Not now"));
    // An expired quote sorts with the decided ones.
    fx.advance_days(31);
    let list = fx.portal.quotes(&fx.contact(), fx.account).unwrap();
    assert!(list.iter().all(|q| q.status != QuoteStatus::Open));
}

// DOMAIN: QUO-3, QUO-6
#[test]
fn only_an_open_unexpired_quote_can_be_accepted_or_declined() {
    let fx = Fixture::new();
    let q = fx.issue_quote(fx.account);
    let on_time = fx.issue_quote(fx.account);
    let last_day = q.valid_until;
    // Valid through its valid-until date.
    fx.clock.set(last_day.with_hms(23, 59, 0).unwrap().assume_utc());
    assert!(fx.portal.accept_quote(&fx.contact(), fx.account, q.id, None).is_ok());
    fx.advance_days(1);
    let expired = fx.portal.quote(&fx.contact(), fx.account, on_time.id).unwrap();
    assert_eq!(expired.status, QuoteStatus::Expired);
    let before = fx.snapshot();
    assert_eq!(fails(fx.portal.accept_quote(&fx.contact(), fx.account, on_time.id, None)), Error::QuoteExpired);
    assert_eq!(fails(fx.portal.decline_quote(&fx.contact(), fx.account, on_time.id, None)), Error::QuoteExpired);
    assert_eq!(Error::QuoteExpired.code(), "quote_expired");
    assert_eq!(fx.snapshot(), before);
    // Decided once.
    let again = fails(fx.portal.accept_quote(&fx.contact(), fx.account, q.id, None));
    assert_eq!(again.code(), "conflict");
    assert_eq!(
        fails(fx.portal.decline_quote(&fx.contact(), fx.account, q.id, Some("changed my mind"))).code(),
        "conflict"
    );
    assert_eq!(fx.snapshot(), before);
}

// DOMAIN: QUO-3
#[test]
fn a_decline_may_carry_a_reason() {
    let fx = Fixture::new();
    let with = fx.issue_quote(fx.account);
    let without = fx.issue_quote(fx.account);
    let d = fx.portal.decline_quote(&fx.contact(), fx.account, with.id, Some("  Budget frozen until Q3 ")).unwrap();
    assert_eq!((d.status, d.decline_reason.as_deref()), (QuoteStatus::Declined, Some("Budget frozen until Q3")));
    assert!(d.decided_at.is_some() && d.invoice_id.is_none());
    let d = fx.portal.decline_quote(&fx.contact(), fx.account, without.id, None).unwrap();
    assert_eq!((d.status, d.decline_reason), (QuoteStatus::Declined, None));
    assert!(fx.portal.invoices(&fx.contact(), fx.account).unwrap().is_empty(), "a decline issues nothing");
}

// DOMAIN: QUO-3
#[test]
fn only_the_billing_contact_decides_a_quote() {
    let fx = Fixture::new();
    let q = fx.issue_quote(fx.account);
    for caller in [fx.user(), fx.rep(), fx.services(), fx.other_rep(), corporate_billing::Caller::Anonymous] {
        assert_eq!(fails(fx.portal.accept_quote(&caller, fx.account, q.id, None)), Error::Forbidden, "{caller:?}");
        assert_eq!(fails(fx.portal.decline_quote(&caller, fx.account, q.id, None)), Error::Forbidden, "{caller:?}");
    }
    assert_eq!(fx.portal.quote(&fx.contact(), fx.account, q.id).unwrap().status, QuoteStatus::Open);
}

// DOMAIN: QUO-3, QUO-5
#[test]
fn racing_decisions_on_a_file_database_have_exactly_one_winner() {
    const THREADS: usize = 8;
    const ROUNDS: usize = 20;
    let fx = Fixture::new();
    let seats_before = fx.portal.account(&fx.rep(), fx.account).unwrap().subscription.seats;
    let mut accepted_rounds = 0u32;
    for round in 0..ROUNDS {
        let quote = fx.issue_quote(fx.account);
        let barrier = Arc::new(Barrier::new(THREADS));
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let portal = Arc::clone(&fx.portal);
                let barrier = Arc::clone(&barrier);
                let caller = fx.contact();
                let account = fx.account;
                std::thread::spawn(move || {
                    barrier.wait();
                    if t % 2 == 0 {
                        portal.accept_quote(&caller, account, quote.id, Some("PO-RACE")).map(|inv| Some(inv.id))
                    } else {
                        portal.decline_quote(&caller, account, quote.id, Some("race")).map(|_| None)
                    }
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let winners: Vec<_> = results.iter().enumerate().filter(|(_, r)| r.is_ok()).collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        for r in results.iter().filter(|r| r.is_err()) {
            let e = r.as_ref().unwrap_err();
            assert_eq!(e.code(), "conflict", "round {round}: {e:?}");
        }
        let (winner, outcome) = winners[0];
        let q = fx.portal.quote(&fx.contact(), fx.account, quote.id).unwrap();
        if winner % 2 == 0 {
            accepted_rounds += 1;
            let invoice = outcome.clone().unwrap().unwrap();
            assert_eq!((q.status, q.invoice_id), (QuoteStatus::Accepted, Some(invoice)));
        } else {
            assert_eq!((q.status, q.invoice_id), (QuoteStatus::Declined, None));
        }
    }
    // Exactly one invoice per accepted quote, and the effect applied once per acceptance.
    let invoices: i64 = fx.read_only().query_row("SELECT COUNT(*) FROM invoices", [], |r| r.get(0)).unwrap();
    assert_eq!(invoices, i64::from(accepted_rounds));
    let accepted: i64 = fx
        .read_only()
        .query_row("SELECT COUNT(*) FROM quotes WHERE status = 'accepted' AND invoice_id IS NOT NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(accepted, i64::from(accepted_rounds));
    let seats = fx.portal.account(&fx.rep(), fx.account).unwrap().subscription.seats;
    assert_eq!(seats, seats_before + accepted_rounds);
    assert_eq!(fx.portal.verify_audit_log(&fx.services()).unwrap(), fx.audit_count() as u64);
}

// DOMAIN: QUO-4
#[test]
fn where_purchase_orders_are_required_acceptance_needs_one_that_has_not_expired() {
    let fx = Fixture::new();
    fx.portal.set_requires_purchase_order(&fx.contact(), fx.account, true).unwrap();
    // Added while in force, expired since.
    fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-OLD", fx.today() + Duration::days(1)).unwrap();
    fx.advance_days(2);
    let q = fx.issue_quote(fx.account);
    let before = fx.snapshot();
    for po in [None, Some("PO-OLD"), Some("PO-NOT-REGISTERED")] {
        let e = fails(fx.portal.accept_quote(&fx.contact(), fx.account, q.id, po));
        assert_eq!(e, Error::PurchaseOrderRequired, "{po:?}");
        assert_eq!(e.code(), "purchase_order_required");
    }
    assert_eq!(fx.snapshot(), before, "a refused acceptance changes nothing");
    fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-2026-17", fx.today() + Duration::days(90)).unwrap();
    let inv = fx.portal.accept_quote(&fx.contact(), fx.account, q.id, Some("PO-2026-17")).unwrap();
    assert_eq!(inv.document.purchase_order.as_deref(), Some("PO-2026-17"));
    assert_eq!(fx.portal.quote(&fx.contact(), fx.account, q.id).unwrap().purchase_order.as_deref(), Some("PO-2026-17"));
    // Without naming one, the purchase order in force is used.
    let q = fx.issue_quote(fx.account);
    let inv = fx.portal.accept_quote(&fx.contact(), fx.account, q.id, None).unwrap();
    assert_eq!(inv.document.purchase_order.as_deref(), Some("PO-2026-17"));
}

// DOMAIN: QUO-4
#[test]
fn where_purchase_orders_are_optional_acceptance_may_carry_one() {
    let fx = Fixture::new();
    let q = fx.issue_quote(fx.account);
    let inv = fx.portal.accept_quote(&fx.contact(), fx.account, q.id, Some("PO-FREE-TEXT-1")).unwrap();
    assert_eq!(inv.document.purchase_order.as_deref(), Some("PO-FREE-TEXT-1"));
    let q = fx.issue_quote(fx.account);
    let inv = fx.portal.accept_quote(&fx.contact(), fx.account, q.id, None).unwrap();
    assert_eq!(inv.document.purchase_order, None);
}

// DOMAIN: QUO-5, SUB-2
#[test]
fn accepting_applies_the_effect_and_issues_the_invoice_together() {
    let fx = Fixture::new();
    let sub = || fx.portal.account(&fx.rep(), fx.account).unwrap().subscription;
    let plan = fx
        .portal
        .issue_quote(
            &fx.rep(),
            fx.account,
            &fx.new_quote_with(QuoteEffect::PlanChange {
                plan: "Corporate Plus".into(),
                annual_seat_price: Money::new(dec!(150), eur()),
            }),
        )
        .unwrap();
    let seats =
        fx.portal.issue_quote(&fx.rep(), fx.account, &fx.new_quote_with(QuoteEffect::AddSeats { seats: 5 })).unwrap();
    let term = fx
        .portal
        .issue_quote(
            &fx.rep(),
            fx.account,
            &fx.new_quote_with(QuoteEffect::NewTerm { start: TERM_START, end: date!(2028 - 01 - 01) }),
        )
        .unwrap();
    // Issuing changes nothing yet (SUB-2).
    assert_eq!((sub().plan.as_str(), sub().seats, sub().term_end), ("Corporate", 10, TERM_END));
    let inv = fx.portal.accept_quote(&fx.contact(), fx.account, plan.id, None).unwrap();
    assert_eq!(sub().plan, "Corporate Plus");
    assert_eq!(sub().annual_seat_price, Money::new(dec!(150), eur()));
    assert_eq!(inv.document.lines, plan.lines);
    assert_eq!(inv.document.totals, plan.totals);
    assert_eq!(inv.status, InvoiceStatus::Open);
    assert_eq!(fx.portal.quote(&fx.contact(), fx.account, plan.id).unwrap().invoice_id, Some(inv.id));
    fx.portal.accept_quote(&fx.contact(), fx.account, seats.id, None).unwrap();
    assert_eq!(sub().seats, 15);
    fx.portal.accept_quote(&fx.contact(), fx.account, term.id, None).unwrap();
    assert_eq!(sub().term_end, date!(2028 - 01 - 01));
    assert_eq!(fx.portal.invoices(&fx.contact(), fx.account).unwrap().len(), 3);
}

// DOMAIN: QUO-5, NOTE-1
#[test]
fn an_acceptance_whose_effect_cannot_apply_leaves_no_trace() {
    let fx = Fixture::new();
    // A reactivation of a subscription that is active cannot apply.
    let q = fx
        .portal
        .issue_quote(
            &fx.rep(),
            fx.account,
            &fx.new_quote_with(QuoteEffect::Reactivation { start: TERM_END, end: date!(2028 - 01 - 01) }),
        )
        .unwrap();
    let before = fx.snapshot();
    let e = fails(fx.portal.accept_quote(&fx.contact(), fx.account, q.id, Some("PO-1")));
    assert_eq!(e.code(), "conflict");
    assert_eq!(fx.snapshot(), before, "no decision, no invoice, no number used, no notification, no audit");
    assert_eq!(fx.portal.quote(&fx.contact(), fx.account, q.id).unwrap().status, QuoteStatus::Open);
    // The next invoice still gets the first number of the series.
    assert_eq!(fx.invoice().number, "VE-000001");
}

// DOMAIN: SUB-2
#[test]
fn a_reactivation_takes_effect_when_the_contact_accepts_it() {
    let fx = Fixture::new();
    fx.portal.turn_off_auto_renewal(&fx.rep(), fx.account).unwrap();
    fx.portal.run_renewals(&fx.services(), TERM_END).unwrap();
    let sub = || fx.portal.account(&fx.rep(), fx.account).unwrap().subscription;
    assert_eq!(sub().status, SubscriptionStatus::Expired);
    fx.clock.set(TERM_END.with_hms(10, 0, 0).unwrap().assume_utc() + Duration::days(10));
    let start = fx.today();
    let end = date!(2028 - 01 - 11);
    let q = fx
        .portal
        .issue_quote(&fx.rep(), fx.account, &fx.new_quote_with(QuoteEffect::Reactivation { start, end }))
        .unwrap();
    assert_eq!(sub().status, SubscriptionStatus::Expired, "not before acceptance");
    fx.portal.accept_quote(&fx.contact(), fx.account, q.id, None).unwrap();
    let s = sub();
    assert_eq!((s.status, s.term_start, s.term_end), (SubscriptionStatus::Active, start, end));
    // A term that is paid by the quote's invoice is not invoiced again by the renewal run.
    let r = fx.portal.run_renewals(&fx.services(), start + Duration::days(30)).unwrap();
    assert_eq!(r.invoices_issued, 0);
}

// DOMAIN: QUO-6
#[test]
fn the_vendor_withdraws_an_open_quote_and_expired_quotes_show_as_expired() {
    let fx = Fixture::new();
    let q = fx.issue_quote(fx.account);
    for caller in [fx.contact(), fx.user(), fx.other_rep()] {
        assert_eq!(fails(fx.portal.withdraw_quote(&caller, fx.account, q.id)), Error::Forbidden);
    }
    let w = fx.portal.withdraw_quote(&fx.rep(), fx.account, q.id).unwrap();
    assert_eq!(w.status, QuoteStatus::Withdrawn);
    assert_eq!(fails(fx.portal.accept_quote(&fx.contact(), fx.account, q.id, None)).code(), "conflict");
    assert_eq!(fails(fx.portal.withdraw_quote(&fx.rep(), fx.account, q.id)).code(), "conflict");
    // A decided quote cannot be withdrawn.
    let accepted = fx.issue_quote(fx.account);
    fx.portal.accept_quote(&fx.contact(), fx.account, accepted.id, None).unwrap();
    assert_eq!(fails(fx.portal.withdraw_quote(&fx.rep(), fx.account, accepted.id)).code(), "conflict");
    // Expired, in the list and in the view.
    let old = fx.issue_quote(fx.account);
    fx.advance_days(31);
    assert_eq!(fx.portal.quote(&fx.contact(), fx.account, old.id).unwrap().status, QuoteStatus::Expired);
    let listed = fx.portal.quotes(&fx.contact(), fx.account).unwrap();
    assert_eq!(listed.iter().find(|s| s.id == old.id).unwrap().status, QuoteStatus::Expired);
    // Account Services, who may issue quotes, may withdraw them as well; an expired one too.
    assert_eq!(fx.portal.withdraw_quote(&fx.services(), fx.account, old.id).unwrap().status, QuoteStatus::Withdrawn);
}

// DOMAIN: INV-5
#[test]
fn quote_and_invoice_amounts_are_exact_in_the_account_currency() {
    let fx = Fixture::new();
    let new = NewQuote {
        lines: vec![
            line("Seat, pro rata", dec!(3), dec!(33.335), dec!(19)), // 100.005 -> 100.01
            line("Seat, pro rata", dec!(1), dec!(0.015), dec!(19)),  // 0.015 -> 0.02
            line("Training", dec!(1.5), dec!(99.99), dec!(7)),       // 149.985 -> 149.99
            line("Discount", dec!(1), dec!(-10), dec!(0)),
        ],
        ..fx.new_quote()
    };
    let q = fx.portal.issue_quote(&fx.rep(), fx.account, &new).unwrap();
    let t = &q.totals;
    let nets: Vec<_> = q.lines.iter().map(|l| l.net.amount()).collect();
    assert_eq!(nets, vec![dec!(100.01), dec!(0.02), dec!(149.99), dec!(-10.00)]);
    // VAT per rate on the sum of that rate's line nets (BR-CO-17): 19 % of 100.03 = 19.0057.
    let per_rate: Vec<_> = t.vat_breakdown.iter().map(|v| (v.rate, v.taxable.amount(), v.vat.amount())).collect();
    assert_eq!(
        per_rate,
        vec![
            (dec!(0), dec!(-10.00), dec!(0.00)),
            (dec!(7), dec!(149.99), dec!(10.50)),
            (dec!(19), dec!(100.03), dec!(19.01))
        ]
    );
    assert_eq!(t.net.amount(), dec!(240.02));
    assert_eq!(t.vat.amount(), dec!(29.51));
    assert_eq!(t.total.amount(), t.net.amount() + t.vat.amount());
    let inv = fx.portal.accept_quote(&fx.contact(), fx.account, q.id, None).unwrap();
    assert_eq!(inv.document.totals, q.totals);
    assert_eq!(inv.document.totals.total.currency(), eur());
    // Another currency never mixes in.
    let usd_quote = NewQuote { currency: usd(), ..fx.new_quote() };
    assert_eq!(fails(fx.portal.issue_quote(&fx.rep(), fx.account, &usd_quote)), Error::CurrencyMismatch);
    let usd_price = fx.new_quote_with(QuoteEffect::PlanChange {
        plan: "Corporate Plus".into(),
        annual_seat_price: Money::new(dec!(150), usd()),
    });
    assert_eq!(fails(fx.portal.issue_quote(&fx.rep(), fx.account, &usd_price)), Error::CurrencyMismatch);
}
