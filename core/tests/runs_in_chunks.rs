//! The renewal and dunning runs over more accounts than one of their transactions takes: each
//! chunk's rows are written together (on PostgreSQL, held back and sent as one statement per
//! table), and the result must be the one a run row by row gives.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use corporate_billing::NotificationKind;
use std::collections::{BTreeMap, BTreeSet};
use time::Duration;
use time::macros::date;

/// Past the renewal run's 500 accounts per transaction (three chunks) and the dunning run's
/// 1,000 invoices per transaction (two chunks).
const ACCOUNTS: usize = 1_010;

// DOMAIN: SUB-3, DUN-1, INV-1, NOTE-1, AUD-1, STORE-1
#[test]
fn runs_over_several_transactions_number_notify_remind_and_record_every_account_once() {
    let fx = Fixture::new();
    let mut accounts = vec![fx.account];
    for n in 1..ACCOUNTS {
        accounts.push(fx.open(&fx.new_account(&format!("Acme {n:04} GmbH"), fx.contact_login)));
    }
    // Recipients on accounts spread over every chunk; the paused account has none.
    let with_recipient: BTreeSet<_> = accounts.iter().copied().step_by(97).collect();
    for &a in &with_recipient {
        fx.portal.add_invoice_recipient(&fx.contact(), a, "ap@acme-gmbh.example").unwrap();
    }
    fx.drain();

    let report = fx.portal.run_renewals(&fx.services(), TERM_END).unwrap();
    let n = ACCOUNTS as u64;
    assert_eq!((report.renewed, report.invoices_issued, report.not_renewed.len()), (n, n, 0), "{report:?}");
    let mut number_of = BTreeMap::new();
    for &a in &accounts {
        let invoices = fx.portal.invoices(&fx.services(), a).unwrap();
        assert_eq!(invoices.len(), 1, "one invoice for each account");
        assert_eq!(fx.portal.account(&fx.services(), a).unwrap().subscription.term_end, date!(2028 - 01 - 01));
        number_of.insert(a, invoices[0].number.clone());
    }
    let numbers: BTreeSet<&String> = number_of.values().collect();
    let expected: Vec<String> = (1..=ACCOUNTS).map(|i| format!("VE-{i:06}")).collect();
    assert_eq!(numbers.into_iter().cloned().collect::<Vec<_>>(), expected, "gap-free across transactions");
    let issued = fx.pending_of(NotificationKind::InvoiceIssued);
    assert_eq!(issued.len(), ACCOUNTS + with_recipient.len());
    for mail in &issued {
        let account = mail.account_id.unwrap();
        assert!(mail.subject.contains(&number_of[&account]), "{mail:?}");
    }
    // The outbox keeps the order the run wrote in: invoice by invoice, in the order of numbers.
    let order: Vec<&String> = issued.iter().map(|m| &number_of[&m.account_id.unwrap()]).collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "outbox out of order");
    for a in [accounts[0], accounts[499], accounts[500], accounts[ACCOUNTS - 1]] {
        let actions: Vec<String> =
            fx.portal.audit_log(&fx.services(), a).unwrap().into_iter().map(|r| r.action).collect();
        assert_eq!(actions.iter().filter(|a| *a == "subscription_renewed").count(), 1, "{actions:?}");
        assert_eq!(actions.iter().filter(|a| *a == "invoice_issued").count(), 1, "{actions:?}");
    }
    fx.portal.verify_audit_log(&fx.services()).unwrap();
    assert_eq!(fx.portal.run_renewals(&fx.services(), TERM_END).unwrap().invoices_issued, 0, "nothing twice");
    fx.drain();

    let paused = accounts[1];
    assert!(!with_recipient.contains(&paused));
    fx.portal.pause_dunning(&fx.rep(), paused, true).unwrap();
    let first_stage = TERM_END + Duration::days(30 + 7);
    let dunning = fx.portal.run_dunning(&fx.services(), first_stage).unwrap();
    assert_eq!(
        (dunning.invoices_reminded, dunning.reminders_queued),
        (n - 1, n - 1 + with_recipient.len() as u64),
        "{dunning:?}"
    );
    let reminders = fx.pending_of(NotificationKind::PaymentReminder);
    assert_eq!(reminders.len() as u64, dunning.reminders_queued);
    let mut reminded = BTreeMap::<_, usize>::new();
    for mail in &reminders {
        let account = mail.account_id.unwrap();
        assert!(mail.subject.contains(&number_of[&account]), "{mail:?}");
        *reminded.entry(account).or_default() += 1;
    }
    for &a in &accounts {
        let expected = if a == paused { 0 } else { 1 + usize::from(with_recipient.contains(&a)) };
        assert_eq!(reminded.get(&a).copied().unwrap_or(0), expected, "reminders of one account");
    }
    assert_eq!(fx.portal.run_dunning(&fx.services(), first_stage).unwrap(), Default::default(), "nothing twice");
    fx.portal.verify_audit_log(&fx.services()).unwrap();
}
