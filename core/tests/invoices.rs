//! Invoices: numbering, voiding, listing, printing, delivery, payment (INV-1..INV-4, INV-6, AUTH-10).

mod common;

use common::*;
use corporate_billing::{
    AchDebit, CardBrand, CardOnFile, Error, InvoiceKind, InvoiceStatus, NewAccount, NotificationKind, PaymentMethod,
    PrintFormat,
};
use rust_decimal_macros::dec;
use time::Duration;

// DOMAIN: INV-1
#[test]
fn numbers_are_unique_sequential_and_gap_free_per_issuer() {
    let fx = Fixture::new();
    // A second account billed by the same issuer shares its series.
    let sister = fx.open(&fx.new_account("Acme Logistics GmbH", fx.contact_login));
    let mut numbers = Vec::new();
    for _ in 0..3 {
        for account in [fx.account, sister] {
            let q = fx.issue_quote(account);
            numbers.push(fx.portal.accept_quote(&fx.contact(), account, q.id, None).unwrap().number);
        }
        // A failed acceptance in between uses no number.
        let bad = fx.portal.issue_quote(&fx.rep(), fx.account, &fx.new_quote()).unwrap();
        fx.portal.set_requires_purchase_order(&fx.contact(), fx.account, true).unwrap();
        assert_eq!(
            fails(fx.portal.accept_quote(&fx.contact(), fx.account, bad.id, None)),
            Error::PurchaseOrderRequired
        );
        fx.portal.set_requires_purchase_order(&fx.contact(), fx.account, false).unwrap();
    }
    let expected: Vec<String> = (1..=6).map(|n| format!("VE-{n:06}")).collect();
    assert_eq!(numbers, expected);
    let seqs: Vec<i64> = fx.read_only().query_all("SELECT seq FROM invoices ORDER BY seq", [], |r| r.get(0)).unwrap();
    assert_eq!(seqs, (1..=6).collect::<Vec<i64>>());
}

// DOMAIN: INV-1
#[test]
fn a_correction_voids_the_invoice_keeps_it_and_issues_a_credit_note_referring_to_it() {
    let fx = Fixture::new();
    // The fixture bills a German address; these checks read the English print (DOCS-1 has its own).
    fx.english();
    let inv = fx.invoice();
    for caller in [fx.contact(), fx.user(), fx.rep()] {
        assert_eq!(fails(fx.portal.void_invoice(&caller, fx.account, inv.id, "wrong seats")), Error::Forbidden);
    }
    let credit = fx.portal.void_invoice(&fx.services(), fx.account, inv.id, "Wrong number of seats").unwrap();
    assert_eq!(credit.kind, InvoiceKind::CreditNote);
    assert_eq!(credit.refers_to.as_deref(), Some(inv.number.as_str()));
    assert_eq!(credit.number, "VE-000002");
    assert_eq!(credit.document.totals.total.amount(), -inv.document.totals.total.amount());
    assert_eq!(credit.document.totals.net.amount(), dec!(-690.00));
    assert_eq!(credit.document.lines[0].net.amount(), -inv.document.lines[0].net.amount());
    // The voided invoice stays, unchanged but for its status.
    let voided = fx.portal.invoice(&fx.contact(), fx.account, inv.id).unwrap();
    assert_eq!(voided.status, InvoiceStatus::Void);
    assert_eq!(voided.void_reason.as_deref(), Some("Wrong number of seats"));
    assert_eq!(
        (voided.number.clone(), voided.document.clone(), voided.issue_date),
        (inv.number.clone(), inv.document.clone(), inv.issue_date)
    );
    let list = fx.portal.invoices(&fx.contact(), fx.account).unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().any(|s| s.id == inv.id && s.status == InvoiceStatus::Void));
    // Voided once; a credit note is not voided.
    assert_eq!(fails(fx.portal.void_invoice(&fx.services(), fx.account, inv.id, "again")).code(), "conflict");
    assert_eq!(fails(fx.portal.void_invoice(&fx.services(), fx.account, credit.id, "again")).code(), "conflict");
    // Printed, the void shows and the credit note names what it cancels.
    let text =
        fx.portal.print_invoice(&fx.contact(), fx.account, credit.id, PrintFormat::Text).unwrap().into_text().unwrap();
    assert!(text.contains(&inv.number) && text.contains("CREDIT NOTE"), "{text}");
    let text =
        fx.portal.print_invoice(&fx.contact(), fx.account, inv.id, PrintFormat::Text).unwrap().into_text().unwrap();
    assert!(text.contains("VOID"), "{text}");
}

// DOMAIN: INV-1
#[test]
fn an_issued_invoice_cannot_be_rewritten_even_in_the_database() {
    let fx = Fixture::new();
    let inv = fx.invoice();
    let db = fx.raw();
    for sql in [
        "UPDATE invoices SET total = '1.00' WHERE id = ?1",
        "UPDATE invoices SET number = 'VE-999999' WHERE id = ?1",
        "UPDATE invoices SET document = '{}' WHERE id = ?1",
        "UPDATE invoices SET issue_date = '2020-01-01' WHERE id = ?1",
    ] {
        let e = db.execute(sql, [inv.id.to_string()]).unwrap_err();
        assert!(e.to_string().contains("immutable"), "{sql}: {e}");
    }
    assert_eq!(fx.portal.invoice(&fx.contact(), fx.account, inv.id).unwrap(), inv);
}

// DOMAIN: INV-2
#[test]
fn the_contact_lists_the_last_20_invoices_newest_first_and_opens_any() {
    let fx = Fixture::new();
    let mut issued = Vec::new();
    for _ in 0..23 {
        issued.push(fx.invoice());
        fx.advance_days(1);
    }
    let list = fx.portal.invoices(&fx.contact(), fx.account).unwrap();
    assert_eq!(list.len(), 20);
    let listed: Vec<_> = list.iter().map(|s| s.number.clone()).collect();
    let newest: Vec<_> = issued.iter().rev().take(20).map(|i| i.number.clone()).collect();
    assert_eq!(listed, newest);
    assert!(list.windows(2).all(|w| w[0].issue_date > w[1].issue_date));
    assert_eq!(list[0].total.amount(), dec!(767.10));
    // The oldest are not listed, but still open by ID.
    for old in &issued[..3] {
        assert!(!listed.contains(&old.number));
        assert_eq!(fx.portal.invoice(&fx.contact(), fx.account, old.id).unwrap().number, old.number);
    }
}

// DOMAIN: INV-2
#[test]
fn invoices_issued_the_same_day_are_listed_newest_number_first() {
    let fx = Fixture::new();
    let numbers: Vec<_> = (0..3).map(|_| fx.invoice().number).collect();
    let listed: Vec<_> = fx.portal.invoices(&fx.contact(), fx.account).unwrap().into_iter().map(|s| s.number).collect();
    assert_eq!(listed, numbers.into_iter().rev().collect::<Vec<_>>());
}

// DOMAIN: INV-3, AUTH-10
#[test]
fn a_printed_invoice_has_everything_on_it() {
    let fx = Fixture::new();
    // The fixture bills a German address; these checks read the English print (DOCS-1 has its own).
    fx.english();
    fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-4711", fx.today() + Duration::days(60)).unwrap();
    let inv = fx.invoice();
    assert_eq!(inv.document.billing_contact_user_id, CONTACT_USERNAME);
    let html =
        fx.portal.print_invoice(&fx.contact(), fx.account, inv.id, PrintFormat::Html).unwrap().into_text().unwrap();
    let text =
        fx.portal.print_invoice(&fx.contact(), fx.account, inv.id, PrintFormat::Text).unwrap().into_text().unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    for (format, doc) in [("html", &html), ("text", &text)] {
        for needle in [
            // issuer
            ISSUER_NAME,
            ISSUER_TAX_ID,
            "Keizersgracht 1",
            // bill-to
            COMPANY,
            "Hauptstraße 1",
            "10115 Berlin",
            // the contact's user ID (AUTH-10)
            CONTACT_USERNAME,
            // number, purchase order, dates
            inv.number.as_str(),
            "PO-4711",
            "2026-03-02",
            "2026-04-01",
            // lines
            "Additional corporate seats",
            "Onboarding workshop",
            "240.00",
            "450.00",
            // VAT per rate, totals
            "45.60",
            "31.50",
            "690.00",
            "77.10",
            "767.10",
            "EUR",
            // payment instructions for SEPA: masked IBAN and mandate
            "MANDATE-2026-001",
            "direct debit",
        ] {
            assert!(doc.contains(needle), "{format} lacks {needle:?}:\n{doc}");
        }
        assert!(!doc.contains("DE44500105175407324931"), "{format} shows the full IBAN");
    }
    assert!(text.contains("VAT 19% (Net 240.00)") && text.contains("VAT 7% (Net 450.00)"), "{text}");
    assert!(html.contains("VAT 19% (Net 240.00 EUR)") && html.contains("VAT 7% (Net 450.00 EUR)"), "{html}");
}

// DOMAIN: INV-3
#[test]
fn payment_instructions_follow_the_payment_method() {
    let fx = Fixture::new();
    // The fixture bills a German address; these checks read the English print (DOCS-1 has its own).
    fx.english();
    let card = PaymentMethod::Card(CardOnFile::new("tok_visa_abc123", CardBrand::Visa, "4242", 12, 2030).unwrap());
    let ach = PaymentMethod::AchDebit(AchDebit::new(None, "6789", "011000015").unwrap());
    for (method, needles) in [
        (card, vec!["Visa", "4242", "charged"]),
        (PaymentMethod::WireTransfer, vec!["transfer", REMITTANCE, "VE-"]),
        (PaymentMethod::Check, vec!["check", ISSUER_NAME, "Keizersgracht 1"]),
        (ach, vec!["ACH", "6789", "011000015"]),
        (PaymentMethod::StandingOrder, vec!["standing order", REMITTANCE]),
    ] {
        fx.portal.set_payment_method(&fx.contact(), fx.account, &method).unwrap();
        let inv = fx.invoice();
        let text =
            fx.portal.print_invoice(&fx.contact(), fx.account, inv.id, PrintFormat::Text).unwrap().into_text().unwrap();
        let payment = text.split("Payment:").nth(1).unwrap_or_else(|| panic!("no payment section:\n{text}"));
        for n in needles {
            assert!(payment.contains(n), "{method:?}: {n:?} missing in {payment:?}");
        }
        assert!(payment.contains(&inv.due_date.to_string()), "{payment}");
    }
}

// DOMAIN: INV-3
#[test]
fn printed_html_escapes_what_people_typed() {
    let fx = Fixture::new();
    let account = fx.open(&fx.new_account("Smith & <Sons> \"Ltd\"", fx.contact_login));
    let q = fx.issue_quote(account);
    let inv = fx.portal.accept_quote(&fx.contact(), account, q.id, Some("PO<script>")).unwrap();
    let html = fx.portal.print_invoice(&fx.contact(), account, inv.id, PrintFormat::Html).unwrap().into_text().unwrap();
    assert!(html.contains("Smith &amp; &lt;Sons&gt; &quot;Ltd&quot;"), "{html}");
    assert!(html.contains("PO&lt;script&gt;") && !html.contains("<script>"), "{html}");
}

// DOMAIN: AUTH-10
#[test]
fn the_user_id_on_the_invoice_is_the_current_contacts() {
    let fx = Fixture::new();
    // The fixture bills a German address; these checks read the English print (DOCS-1 has its own).
    fx.english();
    fx.portal.change_billing_contact(&fx.contact(), fx.account, USER_EMAIL).unwrap();
    // The new contact has no username: the e-mail address is the user ID. (It has no password
    // either, so the invoice comes from the renewal run.)
    let report = fx.portal.run_renewals(&fx.services(), TERM_END).unwrap();
    assert_eq!(report.invoices_issued, 1);
    let invoice = fx.portal.invoices(&fx.rep(), fx.account).unwrap().remove(0);
    let text =
        fx.portal.print_invoice(&fx.rep(), fx.account, invoice.id, PrintFormat::Text).unwrap().into_text().unwrap();
    assert!(text.contains(&format!("User ID:        {USER_EMAIL}")), "{text}");
    assert!(!text.contains(CONTACT_USERNAME));
}

// DOMAIN: INV-4, NOTE-1
#[test]
fn every_issued_invoice_is_mailed_to_the_contact_and_each_recipient() {
    let fx = Fixture::new();
    // The fixture bills a German address; these checks read the English print (DOCS-1 has its own).
    fx.english();
    fx.portal.add_invoice_recipient(&fx.contact(), fx.account, "ap@acme-gmbh.example").unwrap();
    fx.portal.add_invoice_recipient(&fx.contact(), fx.account, "Controller@Acme-GmbH.example").unwrap();
    fx.drain();
    let inv = fx.invoice();
    let mails = fx.pending_of(NotificationKind::InvoiceIssued);
    let mut to: Vec<_> = mails.iter().map(|n| n.recipient.as_str()).collect();
    to.sort_unstable();
    assert_eq!(to, vec![CONTACT_EMAIL, "Controller@Acme-GmbH.example", "ap@acme-gmbh.example"]);
    for m in &mails {
        assert_eq!(m.account_id, Some(fx.account));
        assert!(m.subject.contains(&inv.number) && m.body.contains("767.10"), "{m:?}");
    }
    // The credit note of a correction and a renewal invoice are mailed the same way.
    fx.drain();
    fx.portal.void_invoice(&fx.services(), fx.account, inv.id, "duplicate").unwrap();
    fx.portal.run_renewals(&fx.services(), TERM_END).unwrap();
    assert_eq!(fx.pending_of(NotificationKind::InvoiceIssued).len(), 6);
}

// DOMAIN: INV-6
#[test]
fn a_payment_recorded_by_vendor_staff_marks_the_invoice_paid() {
    let fx = Fixture::new();
    let a = fx.invoice();
    let b = fx.invoice();
    for caller in [fx.contact(), fx.user(), fx.other_rep()] {
        assert_eq!(
            fails(fx.portal.record_payment(&caller, fx.account, a.id, &paid_in_full(fx.today()))),
            Error::Forbidden
        );
    }
    let paid = fx.portal.record_payment(&fx.rep(), fx.account, a.id, &paid_in_full(fx.today())).unwrap();
    assert_eq!((paid.status, paid.paid_on), (InvoiceStatus::Paid, Some(fx.today())));
    assert_eq!(paid.document, a.document, "payment changes nothing that was issued");
    assert_eq!(
        fails(fx.portal.record_payment(&fx.services(), fx.account, a.id, &paid_in_full(fx.today()))).code(),
        "conflict"
    );
    let paid = fx.portal.record_payment(&fx.services(), fx.account, b.id, &paid_in_full(fx.today())).unwrap();
    assert_eq!(paid.status, InvoiceStatus::Paid);
    let credit = fx.portal.void_invoice(&fx.services(), fx.account, b.id, "refund").unwrap();
    assert_eq!(
        fails(fx.portal.record_payment(&fx.rep(), fx.account, b.id, &paid_in_full(fx.today()))).code(),
        "conflict"
    );
    assert_eq!(
        fails(fx.portal.record_payment(&fx.rep(), fx.account, credit.id, &paid_in_full(fx.today()))).code(),
        "conflict"
    );
}

// DOMAIN: INV-6
#[test]
fn an_open_invoice_past_its_due_date_shows_as_overdue() {
    let fx = Fixture::new();
    let open = fx.invoice();
    let paid = fx.invoice();
    let voided = fx.invoice();
    fx.portal.record_payment(&fx.rep(), fx.account, paid.id, &paid_in_full(fx.today())).unwrap();
    let credit = fx.portal.void_invoice(&fx.services(), fx.account, voided.id, "wrong").unwrap();
    assert_eq!(open.due_date, fx.today() + Duration::days(30));
    let overdue = |id| fx.portal.invoice(&fx.contact(), fx.account, id).unwrap().overdue;
    fx.advance_days(30);
    assert!(!overdue(open.id), "due today is not overdue");
    fx.advance_days(1);
    assert!(overdue(open.id));
    assert!(!overdue(paid.id) && !overdue(voided.id) && !overdue(credit.id));
    let list = fx.portal.invoices(&fx.contact(), fx.account).unwrap();
    let flagged: Vec<_> = list.iter().filter(|s| s.overdue).map(|s| s.id).collect();
    assert_eq!(flagged, vec![open.id]);
    assert_eq!(list.iter().find(|s| s.id == open.id).unwrap().status, InvoiceStatus::Open);
    // Paying it late clears the flag.
    fx.portal.record_payment(&fx.rep(), fx.account, open.id, &paid_in_full(fx.today())).unwrap();
    assert!(!overdue(open.id));
}

// DOMAIN: INV-1
#[test]
fn each_issuer_has_its_own_series() {
    let fx = Fixture::new();
    let other_issuer = fx
        .portal
        .create_issuer(&corporate_billing::IssuerProfile {
            legal_name: "Vendor Inc.".into(),
            address: us_address(),
            tax_id: "12-3456789".into(),
            invoice_prefix: "US-".into(),
            remittance: "Chase, ABA 021000021".into(),
        })
        .unwrap();
    let us = fx.open(&NewAccount {
        issuer: other_issuer,
        billing_address: us_address(),
        phone: "+1 212 555 0100".into(),
        currency: usd(),
        ..fx.new_account("Acme Inc.", fx.contact_login)
    });
    let q = fx
        .portal
        .issue_quote(&fx.rep(), us, &corporate_billing::NewQuote { currency: usd(), ..fx.new_quote() })
        .unwrap();
    let first_us = fx.portal.accept_quote(&fx.contact(), us, q.id, None).unwrap();
    let first_eu = fx.invoice();
    assert_eq!((first_us.number.as_str(), first_eu.number.as_str()), ("US-000001", "VE-000001"));
}
