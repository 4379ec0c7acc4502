//! Payments with amounts (PAYM-1): partial payments, the balance due, the payment that settles
//! an invoice, refusals, reversals, the contact's view, the creditor reference, and the
//! migration of invoices marked paid before amounts were kept.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use corporate_billing::{
    BillingPortal, CreditorReference, Error, InvoiceStatus, NewPayment, PaymentKind, PrintFormat, ReversalReason,
};
use rust_decimal_macros::dec;
use std::path::Path;

// DOMAIN: PAYM-1
#[test]
fn partial_payments_leave_the_balance_due_and_the_last_one_marks_the_invoice_paid() {
    let fx = Fixture::new();
    let inv = fx.invoice();
    assert_eq!((inv.balance_due.amount(), inv.amount_paid.amount()), (dec!(767.10), dec!(0.00)));
    let first = fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &transfer(dec!(500), fx.today())).unwrap();
    assert_eq!(first.status, InvoiceStatus::Open);
    assert_eq!((first.balance_due.amount(), first.amount_paid.amount()), (dec!(267.10), dec!(500.00)));
    assert_eq!(first.paid_on, None);
    let listed = fx.portal.invoices(&fx.contact(), fx.account).unwrap();
    assert_eq!(listed.iter().find(|s| s.id == inv.id).unwrap().balance_due.amount(), dec!(267.10));

    fx.advance_days(3);
    let last =
        fx.portal.record_payment(&fx.services(), fx.account, inv.id, &transfer(dec!(267.10), fx.today())).unwrap();
    assert_eq!(
        (last.status, last.paid_on, last.balance_due.amount()),
        (InvoiceStatus::Paid, Some(fx.today()), dec!(0))
    );
    assert_eq!(last.document, inv.document, "a payment changes nothing that was issued");
    assert_eq!(
        fails(fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &transfer(dec!(1), fx.today()))).code(),
        "conflict"
    );
}

// DOMAIN: PAYM-1, API-2
#[test]
fn a_payment_above_the_balance_or_in_another_currency_is_refused_and_changes_nothing() {
    let fx = Fixture::new();
    let inv = fx.invoice();
    fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &transfer(dec!(700), fx.today())).unwrap();
    let before = fx.snapshot();
    let above = fails(fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &transfer(dec!(67.11), fx.today())));
    assert!(
        matches!(&above, Error::InvalidInput { field, reason } if field == "amount" && reason.contains("balance")),
        "{above:?}"
    );
    let usd_payment = NewPayment { currency: usd(), ..transfer(dec!(10), fx.today()) };
    assert_eq!(fails(fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &usd_payment)), Error::CurrencyMismatch);
    for (bad, field) in [
        (transfer(dec!(0), fx.today()), "amount"),
        (transfer(dec!(-5), fx.today()), "amount"),
        (transfer(dec!(1.001), fx.today()), "amount"),
        (transfer(rust_decimal::Decimal::MAX, fx.today()), "amount"),
        (NewPayment { reference: " ".into(), ..transfer(dec!(1), fx.today()) }, "reference"),
        (NewPayment { reference: "card 4111 1111 1111 1111".into(), ..transfer(dec!(1), fx.today()) }, "reference"),
        (transfer(dec!(1), time::Date::MIN), "received_on"),
    ] {
        let e = fails(fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &bad));
        assert!(matches!(&e, Error::InvalidInput { field: f, .. } if f == field), "{bad:?}: {e:?}");
    }
    assert_eq!(fx.snapshot(), before, "refused payments change nothing");
    let exact = fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &transfer(dec!(67.10), fx.today())).unwrap();
    assert_eq!(exact.status, InvoiceStatus::Paid);
}

// DOMAIN: PAYM-1, ACC-3
#[test]
fn only_vendor_staff_record_and_reverse_payments_and_each_is_audited() {
    let fx = Fixture::new();
    let other = fx.other_company();
    let inv = fx.invoice();
    let pay = transfer(dec!(100), fx.today());
    for caller in [fx.contact(), fx.user(), fx.other_rep(), other.contact()] {
        assert_eq!(fails(fx.portal.record_payment(&caller, fx.account, inv.id, &pay)), Error::Forbidden);
    }
    fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &pay).unwrap();
    let (actor, role, action, account, detail) = fx.last_audit();
    assert_eq!((actor, role.as_str(), action.as_str()), (format!("staff:{}", fx.rep), "sales_rep", "payment_recorded"));
    assert_eq!((account, detail), (Some(fx.account.to_string()), format!("{} 100.00 EUR", inv.number)));
    let payment = fx.portal.invoice_payments(&fx.rep(), fx.account, inv.id).unwrap()[0].id;
    for caller in [fx.contact(), fx.user(), fx.other_rep()] {
        let e = fails(fx.portal.reverse_payment(&caller, fx.account, payment, fx.today(), ReversalReason::Chargeback));
        assert_eq!(e, Error::Forbidden);
    }
    fx.portal.reverse_payment(&fx.services(), fx.account, payment, fx.today(), ReversalReason::Chargeback).unwrap();
    let (_, role, action, _, detail) = fx.last_audit();
    assert_eq!((role.as_str(), action.as_str()), ("account_services", "payment_reversed"));
    assert_eq!(detail, format!("{} 100.00 EUR chargeback", inv.number));
    // Another account's payment is not found, like an unknown one (PRIV-2).
    let e = fails(fx.portal.reverse_payment(
        &fx.services(),
        other.account,
        payment,
        fx.today(),
        ReversalReason::Chargeback,
    ));
    assert_eq!(e, Error::NotFound { entity: "payment" });
}

// DOMAIN: PAYM-1
#[test]
fn a_returned_debit_reopens_a_paid_invoice_with_the_amount_due_again() {
    let fx = Fixture::new();
    let inv = fx.invoice();
    let debit =
        NewPayment { method: PaymentKind::SepaDebit, reference: "MANDATE-2026-001".into(), ..paid_in_full(fx.today()) };
    let paid = fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &debit).unwrap();
    assert_eq!(paid.status, InvoiceStatus::Paid);
    let id = fx.portal.invoice_payments(&fx.rep(), fx.account, inv.id).unwrap()[0].id;
    fx.advance_days(5);
    let reopened =
        fx.portal.reverse_payment(&fx.rep(), fx.account, id, fx.today(), ReversalReason::ReturnedDebit).unwrap();
    assert_eq!((reopened.status, reopened.paid_on), (InvoiceStatus::Open, None));
    assert_eq!(reopened.balance_due.amount(), dec!(767.10));
    let again = fails(fx.portal.reverse_payment(&fx.rep(), fx.account, id, fx.today(), ReversalReason::ReturnedDebit));
    assert_eq!(again.code(), "conflict", "a payment is reversed once");
    // Paid again by transfer: paid, with the history of all three events.
    let repaid = fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &paid_in_full(fx.today())).unwrap();
    assert_eq!(repaid.status, InvoiceStatus::Paid);
    let history = fx.portal.invoice_payments(&fx.contact(), fx.account, inv.id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        (history[0].reversal_reason, history[0].reversed_on),
        (Some(ReversalReason::ReturnedDebit), Some(fx.today()))
    );
    assert_eq!((history[0].method, history[1].method), (Some(PaymentKind::SepaDebit), Some(PaymentKind::WireTransfer)));
    assert_eq!(history[1].reversed_on, None);
}

// DOMAIN: PAYM-1, PRIV-2
#[test]
fn the_billing_contact_sees_the_balance_due_and_the_payments_of_each_invoice() {
    let fx = Fixture::new();
    let other = fx.other_company();
    let inv = fx.invoice();
    fx.portal.record_payment(&fx.rep(), fx.account, inv.id, &transfer(dec!(67.10), fx.today())).unwrap();
    let mine = fx.portal.invoice(&fx.contact(), fx.account, inv.id).unwrap();
    assert_eq!(mine.balance_due.amount(), dec!(700.00));
    let history = fx.portal.invoice_payments(&fx.contact(), fx.account, inv.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].amount.amount(), history[0].received_on), (dec!(67.10), fx.today()));
    assert_eq!(history[0].reference, "Payment of invoice");
    // The other company's contact learns nothing: the same error as for an unknown invoice.
    let theirs = fails(fx.portal.invoice_payments(&other.contact(), other.account, inv.id));
    assert_eq!(theirs, Error::NotFound { entity: "invoice" });
}

// DOMAIN: PAYM-1, INV-3
#[test]
fn every_invoice_prints_its_creditor_reference_with_the_payment_instructions() {
    let fx = Fixture::new();
    let inv = fx.invoice();
    let r = &inv.creditor_reference;
    assert_eq!(CreditorReference::parse(r.as_str()).as_ref(), Ok(r), "check digits verify");
    assert!(r.as_str().ends_with(&inv.number.replace('-', "")), "{r} names {}", inv.number);
    let second = fx.invoice();
    assert_ne!(second.creditor_reference, inv.creditor_reference);
    for format in [PrintFormat::Text, PrintFormat::Html] {
        let printed = fx.portal.print_invoice(&fx.contact(), fx.account, inv.id, format).unwrap().into_text().unwrap();
        // The account bills to Germany, so the document speaks German (DOCS-1).
        assert!(printed.contains(&format!("Gläubigerreferenz: {}", r.printed())), "{format:?}:\n{printed}");
    }
    // A transfer's instructions ask payers to quote it.
    let wire = fx.open(&corporate_billing::NewAccount {
        payment_method: corporate_billing::PaymentMethod::WireTransfer,
        ..fx.new_account("Wire AG", fx.contact_login)
    });
    let q = fx.issue_quote(wire);
    let wired = fx.portal.accept_quote(&fx.contact(), wire, q.id, None).unwrap();
    assert!(wired.document.payment_instructions.contains(&wired.creditor_reference.printed()));
}

/// Builds a database at the schema before payments (SQLite migration 4, PostgreSQL 1) holding
/// one invoice marked paid the old way, and one open; returns their IDs.
fn database_before_payments(database: &str) -> (String, String) {
    if db::postgres_server().is_none() {
        // An empty file is an empty SQLite database.
        std::fs::File::create(database).unwrap();
    }
    let db = RawDb::open(database, false);
    if db.is_postgres() {
        db.execute_batch(include_str!("../src/store/migrations/postgres/001_init.sql")).unwrap();
        db.execute_batch(
            "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
             INSERT INTO schema_migrations (version) VALUES (1);",
        )
        .unwrap();
    } else {
        for sql in [
            include_str!("../src/store/migrations/sqlite/001_init.sql"),
            include_str!("../src/store/migrations/sqlite/002_credentials.sql"),
            include_str!("../src/store/migrations/sqlite/003_abuse_bounds.sql"),
            include_str!("../src/store/migrations/sqlite/004_audit_key.sql"),
        ] {
            db.execute_batch(sql).unwrap();
        }
        db.execute_batch("PRAGMA user_version = 4").unwrap();
    }
    let issuer = "0190a000-0000-7000-8000-000000000001";
    let (paid, open) = ("0190a000-0000-7000-8000-0000000000a1", "0190a000-0000-7000-8000-0000000000a2");
    db.execute_batch(&format!(
        "INSERT INTO staff VALUES ('0190a000-0000-7000-8000-000000000002', 'Sam', 'sam@vendor.example', 'sales_rep');
         INSERT INTO logins (id, name, email, email_key, created_at)
             VALUES ('0190a000-0000-7000-8000-000000000003', 'Pat', 'pat@acme.example', 'pat@acme.example', 0);
         INSERT INTO issuers (id, profile, next_number) VALUES ('{issuer}', '{{}}', 3);
         INSERT INTO accounts (id, kind, company_name, issuer_id, sales_rep_id, billing_contact_id, billing_address,
                 phone, payment_method, currency, vat_rate, payment_terms_days, created_at)
             VALUES ('0190a000-0000-7000-8000-000000000004', 'corporate', 'Acme', '{issuer}',
                 '0190a000-0000-7000-8000-000000000002', '0190a000-0000-7000-8000-000000000003', '{{}}', '+1',
                 '{{}}', 'EUR', '19', 30, 0);
         INSERT INTO invoices (id, account_id, issuer_id, seq, number, kind, issue_date, due_date, currency, total,
                 status, paid_on, document, created_at)
             VALUES ('{paid}', '0190a000-0000-7000-8000-000000000004', '{issuer}', 1, 'OLD-000001', 'invoice',
                 '2025-01-01', '2025-01-31', 'EUR', '119.00', 'paid', '2025-01-20', '{{}}', 0),
                    ('{open}', '0190a000-0000-7000-8000-000000000004', '{issuer}', 2, 'OLD-000002', 'invoice',
                 '2025-02-01', '2025-03-03', 'EUR', '238.00', 'open', NULL, '{{}}', 0);"
    ))
    .unwrap();
    (paid.into(), open.into())
}

// DOMAIN: PAYM-1, STORE-1
#[test]
fn invoices_marked_paid_before_amounts_were_kept_become_paid_in_full_with_a_creditor_reference() {
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path());
    let (paid, open) = database_before_payments(&database);
    BillingPortal::open(Path::new(&database)).unwrap();
    let db = RawDb::open(&database, true);
    let rows: Vec<(String, String, String, Option<String>)> = db
        .query_all("SELECT id, status, amount_paid, creditor_reference FROM invoices ORDER BY seq", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!((rows[0].0.as_str(), rows[0].1.as_str(), rows[0].2.as_str()), (paid.as_str(), "paid", "119.00"));
    assert_eq!((rows[1].0.as_str(), rows[1].1.as_str(), rows[1].2.as_str()), (open.as_str(), "open", "0"));
    for (_, _, _, reference) in &rows {
        let r = reference.as_deref().expect("filled in at open");
        assert!(CreditorReference::parse(r).is_ok(), "{r}");
    }
    assert!(rows[0].3.as_deref().unwrap().ends_with("OLD000001"));
    let payments: Vec<(String, String, String, Option<String>)> = db
        .query_all("SELECT invoice_id, amount, received_on, method FROM payments", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!(payments, vec![(paid, "119.00".into(), "2025-01-20".into(), None)]);
    // Opening again finds nothing to fill in and changes nothing.
    let before = RawDb::open(&database, true).dump();
    BillingPortal::open(Path::new(&database)).unwrap();
    assert_eq!(RawDb::open(&database, true).dump(), before);
}
