//! Payment reminders (DUN-1): stages after the due date, recipients, pausing, idempotence.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use corporate_billing::{Error, NotificationKind, PortalConfig};
use rust_decimal_macros::dec;
use time::Duration;

// DOMAIN: DUN-1, NOTE-1
#[test]
fn each_stage_queues_one_reminder_to_the_contact_and_the_recipients_and_a_second_run_nothing() {
    let fx = Fixture::new();
    fx.portal.add_invoice_recipient(&fx.contact(), fx.account, "ap@acme-gmbh.example").unwrap();
    let inv = fx.invoice();
    fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &transfer(dec!(67.10), fx.today())).unwrap();
    let paid = fx.invoice();
    fx.portal.record_payment(&fx.rep(), fx.account, paid.id, &paid_in_full(fx.today())).unwrap();
    fx.drain();
    let due = inv.due_date;
    let run = |days: i64| fx.portal.run_dunning(&fx.services(), due + Duration::days(days)).unwrap();
    assert_eq!(run(6).invoices_reminded, 0, "not before the first stage");
    let first = run(7);
    assert_eq!((first.invoices_reminded, first.reminders_queued), (1, 2));
    let mails = fx.pending_of(NotificationKind::PaymentReminder);
    let mut to: Vec<_> = mails.iter().map(|m| m.recipient.to_lowercase()).collect();
    to.sort();
    assert_eq!(to, vec!["alexandra.billington@acme-gmbh.example".to_owned(), "ap@acme-gmbh.example".into()]);
    for m in &mails {
        assert!(m.subject.contains(&inv.number), "{m:?}");
        assert!(m.body.contains("700.00 EUR") && m.body.contains(&inv.creditor_reference.printed()), "{}", m.body);
        assert!(m.body.contains(&inv.document.payment_instructions));
        assert_eq!(m.account_id, Some(fx.account));
    }
    assert_eq!(run(7), Default::default(), "the same date again: nothing new");
    assert_eq!(run(20).invoices_reminded, 0, "nothing between stages");
    assert_eq!(fx.portal.invoice(&fx.rep(), fx.account, inv.id).unwrap().dunning_stage, Some(1), "staff see the stage");
    // A run that missed the second stage sends the third only, once.
    assert_eq!(run(40).invoices_reminded, 1);
    assert_eq!(run(41).invoices_reminded, 0);
    assert_eq!(fx.portal.invoice(&fx.services(), fx.account, inv.id).unwrap().dunning_stage, Some(3));
    assert_eq!(fx.pending_of(NotificationKind::PaymentReminder).len(), 4);
    let (_, _, action, _, detail) = fx.last_audit();
    assert_eq!((action.as_str(), detail), ("payment_reminder_queued", format!("{} stage 3", inv.number)));
    assert_eq!(fails(fx.portal.run_dunning(&fx.rep(), due)), Error::Forbidden);
}

// DOMAIN: DUN-1
#[test]
fn paused_accounts_and_paid_invoices_are_not_reminded() {
    let fx = Fixture::new();
    let inv = fx.invoice();
    for caller in [fx.contact(), fx.user(), fx.other_rep()] {
        assert_eq!(fails(fx.portal.pause_dunning(&caller, fx.account, true)), Error::Forbidden);
    }
    fx.portal.pause_dunning(&fx.rep(), fx.account, true).unwrap();
    assert_eq!(fx.last_audit().2, "dunning_paused");
    let day = inv.due_date + Duration::days(8);
    assert_eq!(fx.portal.run_dunning(&fx.services(), day).unwrap().invoices_reminded, 0);
    fx.portal.pause_dunning(&fx.services(), fx.account, false).unwrap();
    assert_eq!(fx.portal.run_dunning(&fx.services(), day).unwrap().invoices_reminded, 1);
    // Paid before the next stage: no more reminders.
    fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &paid_in_full(day)).unwrap();
    assert_eq!(fx.portal.run_dunning(&fx.services(), inv.due_date + Duration::days(30)).unwrap().invoices_reminded, 0);
}

// DOMAIN: DUN-1, API-2
#[test]
fn the_vendor_configures_the_stages() {
    let fx = Fixture::with_config(PortalConfig { dunning_stages: vec![3], ..config() });
    let inv = fx.invoice();
    let report = fx.portal.run_dunning(&fx.services(), inv.due_date + Duration::days(3)).unwrap();
    assert_eq!(report.invoices_reminded, 1);
    let bad = Fixture::with_config(PortalConfig { dunning_stages: vec![21, 7], ..config() });
    let e = fails(bad.portal.run_dunning(&bad.services(), START.date()));
    assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "dunning_stages"), "{e:?}");
}
