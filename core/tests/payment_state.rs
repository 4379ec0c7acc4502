//! The payment sentence follows the invoice's state: due, partly paid, overdue, paid, credited
//! (DOCS-2). A paid or overdue invoice never says the amount "will be debited".

mod common;

use common::*;
use corporate_billing::{InvoiceStatus, Language};
use rust_decimal_macros::dec;

// DOMAIN: DOCS-2, PAYM-1, INV-6
#[test]
fn the_payment_sentence_follows_the_invoice_state_in_each_language() {
    let fx = Fixture::new();
    let issued = fx.invoice();
    let read = || fx.portal.invoice(&fx.contact(), fx.account, issued.id).unwrap();

    // Due: the printed instructions in the document's language, the catalogue's sentence in the
    // other one.
    let due = read();
    assert_eq!(due.payment_sentence(Language::De), due.document.payment_instructions);
    assert!(due.payment_sentence(Language::De).contains("SEPA-Lastschrift"), "{}", due.payment_sentence(Language::De));
    let en = due.payment_sentence(Language::En);
    assert!(en.starts_with("767.10 EUR is due by "), "{en}");
    assert!(en.contains(&due.number), "{en}");

    // Partly paid: what arrived and what is still due.
    fx.portal.record_payment(&fx.services(), fx.account, issued.id, &transfer(dec!(100), fx.today())).unwrap();
    let partly = read().payment_sentence(Language::De);
    assert!(partly.starts_with("100,00 EUR sind eingegangen, vielen Dank; 667,10 EUR sind noch bis zum "), "{partly}");

    // Overdue: the balance, how to pay it and whom to ask; no collection promised any more.
    fx.advance_days(45);
    let overdue = read();
    assert!(overdue.overdue);
    for lang in Language::ALL {
        let s = overdue.payment_sentence(lang);
        assert!(!s.contains("eingezogen") && !s.contains("will be"), "{lang:?}: {s}");
        assert!(s.contains("667"), "{lang:?}: {s}");
        assert!(s.contains("Account Services"), "{lang:?}: {s}");
    }
    assert!(overdue.payment_sentence(Language::De).starts_with("Überfällig seit "));
    assert!(overdue.payment_sentence(Language::En).starts_with("Overdue since "));

    // Paid.
    fx.portal.record_payment(&fx.services(), fx.account, issued.id, &transfer(dec!(667.10), fx.today())).unwrap();
    let paid = read();
    assert_eq!(paid.status, InvoiceStatus::Paid);
    assert!(
        paid.payment_sentence(Language::De).contains("vollständig bezahlt"),
        "{}",
        paid.payment_sentence(Language::De)
    );
    assert!(paid.payment_sentence(Language::En).starts_with("Paid in full on "));

    // Credited: a voided invoice asks for nothing, and its credit note says what becomes of the money.
    let other = fx.invoice();
    fx.portal.void_invoice(&fx.services(), fx.account, other.id, "Issued twice").unwrap();
    let void = fx.portal.invoice(&fx.contact(), fx.account, other.id).unwrap();
    assert!(void.payment_sentence(Language::En).contains("nothing is due"), "{}", void.payment_sentence(Language::En));
    assert!(void.payment_sentence(Language::De).contains("nichts zu zahlen"));
}
