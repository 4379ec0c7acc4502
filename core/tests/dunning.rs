//! Payment reminders (DUN-1, DUN-2): stages after the due date, recipients, pausing,
//! idempotence; what a reminder asks for, by when, in the account's language; stages checked
//! when the portal is built.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use corporate_billing::{BillingPortal, Error, NotificationKind, PortalConfig};
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
        assert!(m.body.contains("700,00 EUR") && m.body.contains(&inv.creditor_reference.printed()), "{}", m.body);
        assert!(m.body.contains(REMITTANCE), "the issuer's bank details: {}", m.body);
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

// DOMAIN: DUN-2, PAYM-1
#[test]
fn a_reminder_asks_for_the_balance_due_names_the_payments_so_far_and_a_new_deadline_in_the_accounts_language() {
    let fx = Fixture::new();
    let inv = fx.invoice();
    assert_eq!(inv.balance_due.amount(), dec!(767.10));
    fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &transfer(dec!(172.10), fx.today())).unwrap();
    let untouched = fx.invoice();
    fx.drain();
    let day = inv.due_date + Duration::days(7);
    fx.portal.run_dunning(&fx.services(), day).unwrap();
    let mails = fx.pending_of(NotificationKind::PaymentReminder);
    let body = |number: &str| mails.iter().find(|m| m.subject.contains(number)).unwrap().body.clone();
    let de = |d: time::Date| format!("{:02}.{:02}.{}", d.day(), u8::from(d.month()), d.year());
    let partly = body(&inv.number);
    let deadline = day + Duration::days(10);
    for expected in [
        format!("Rechnung {} über 767,10 EUR war am {} fällig.", inv.number, de(inv.due_date)),
        "Bisher sind 172,10 EUR bei uns eingegangen. Offen sind noch 595,00 EUR.".to_owned(),
        format!("Bitte überweisen Sie 595,00 EUR bis zum {} unter Angabe der Referenz", de(deadline)),
    ] {
        assert!(partly.contains(&expected), "{expected:?} in {partly}");
    }
    // The total is stated as what the invoice came to, never asked for.
    assert!(!partly.contains("überweisen Sie 767,10"), "{partly}");
    let nothing_yet = body(&untouched.number);
    assert!(nothing_yet.contains("Eine Zahlung ist bei uns noch nicht eingegangen."), "{nothing_yet}");
    assert!(nothing_yet.contains("Offen sind noch 767,10 EUR"), "{nothing_yet}");

    // In English, with a vendor that gives 14 days.
    let fx = Fixture::with_config(PortalConfig { reminder_payment_days: 14, ..config() });
    fx.english();
    let inv = fx.invoice();
    fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &transfer(dec!(0.10), fx.today())).unwrap();
    fx.drain();
    let day = inv.due_date + Duration::days(21);
    fx.portal.run_dunning(&fx.services(), day).unwrap();
    let mail = fx.pending_of(NotificationKind::PaymentReminder).remove(0);
    assert_eq!(mail.subject, format!("Payment reminder: invoice {}", inv.number));
    for expected in [
        format!("Invoice {} for 767.10 EUR was due on {}.", inv.number, inv.due_date),
        "We have received 0.10 EUR so far. The balance due is 767.00 EUR.".to_owned(),
        format!(
            "Please pay 767.00 EUR by {}, quoting reference {}.",
            day + Duration::days(14),
            inv.creditor_reference.printed()
        ),
    ] {
        assert!(mail.body.contains(&expected), "{expected:?} in {}", mail.body);
    }
}

// DOMAIN: DUN-2, API-2
#[test]
fn a_bad_dunning_configuration_is_refused_when_the_portal_is_built() {
    let eleven: Vec<u32> = (1..=11).collect();
    let cases: Vec<(&str, PortalConfig, &str)> = vec![
        ("a stage of 0 days", PortalConfig { dunning_stages: vec![0], ..config() }, "dunning_stages"),
        ("decreasing", PortalConfig { dunning_stages: vec![10, 3], ..config() }, "dunning_stages"),
        ("above a year", PortalConfig { dunning_stages: vec![400], ..config() }, "dunning_stages"),
        ("the same twice", PortalConfig { dunning_stages: vec![7, 7], ..config() }, "dunning_stages"),
        ("none", PortalConfig { dunning_stages: vec![], ..config() }, "dunning_stages"),
        ("eleven", PortalConfig { dunning_stages: eleven, ..config() }, "dunning_stages"),
        ("no days to pay", PortalConfig { reminder_payment_days: 0, ..config() }, "reminder_payment_days"),
        ("above a year to pay", PortalConfig { reminder_payment_days: 366, ..config() }, "reminder_payment_days"),
    ];
    for (what, config, expected) in cases {
        let Err(e) = BillingPortal::open_in_memory().unwrap().try_with_config(config) else {
            panic!("{what}: accepted")
        };
        assert!(matches!(&e, Error::InvalidInput { field, .. } if field == expected), "{what}: {e:?}");
    }
    let ten: Vec<u32> = (1..=10).map(|n| n * 36).collect();
    for good in [vec![1], vec![365], ten] {
        let config = PortalConfig { dunning_stages: good.clone(), reminder_payment_days: 365, ..config() };
        assert!(BillingPortal::open_in_memory().unwrap().try_with_config(config).is_ok(), "{good:?}");
    }
}
