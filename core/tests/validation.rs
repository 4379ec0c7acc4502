//! Validation where a person expects it, with the reason in words (ADDR-1, PAY-2, PO-1, DOCS-2):
//! a postal code in its country's format, a SEPA mandate only on an account billed in euros, a
//! purchase order that has not already expired. Each refusal changes nothing.

mod common;

use common::*;
use corporate_billing::{AddressLines, Error, Language, PaymentMethod};
use time::Duration;

fn invalid(e: &Error) -> (&str, &str) {
    match e {
        Error::InvalidInput { field, reason } => (field.as_str(), reason.as_str()),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

// DOMAIN: ADDR-1, DOCS-2
#[test]
fn a_postal_code_must_fit_the_address_country_and_is_required_where_the_post_uses_one() {
    let fx = Fixture::new();
    let before = fx.snapshot();
    for code in ["ABC", "", "1011", "D-1011X"] {
        let e = fails(fx.portal.change_address(&fx.contact(), fx.account, &lines("Hauptstraße 2", code, "Berlin")));
        assert_eq!(invalid(&e).0, "postal_code", "{code:?}");
        assert!(e.message(Language::De).starts_with("Postleitzahl: "), "{}", e.message(Language::De));
        assert!(!e.message(Language::En).contains("postal_code"), "{}", e.message(Language::En));
    }
    assert_eq!(fx.snapshot(), before, "a refused address changes nothing");
    let saved =
        fx.portal.change_address(&fx.contact(), fx.account, &lines("Hauptstraße 2", " 10117 ", "Berlin")).unwrap();
    assert_eq!(saved.postal_code(), "10117");
    assert_eq!(saved.postal_lines(), ["Hauptstraße 2", "10117 Berlin"]);
}

// DOMAIN: ADDR-1
#[test]
fn postal_codes_are_kept_in_their_countrys_spelling() {
    let fx = Fixture::new();
    let other = fx.other_company();
    let mut spec = fx.new_account("Maple Leaf Ltd", other.contact_login);
    spec.billing_address = corporate_billing::BillingAddress::new(
        &AddressLines { region: "ON".into(), ..lines("1 King St W", "m5h1a1", "Toronto") },
        country("CA"),
    )
    .unwrap();
    spec.phone = "+1 416 555 0100".into();
    let account = fx.open(&spec);
    let overview = fx.portal.account(&fx.services(), account).unwrap();
    assert_eq!(overview.billing_address.postal_code(), "M5H 1A1");
    let e = fails(fx.portal.change_address(&fx.services(), account, &lines("1 King St W", "02110", "Toronto")));
    assert_eq!(invalid(&e).0, "postal_code");
}

// DOMAIN: PAY-2, DOCS-2
#[test]
fn a_sepa_mandate_is_taken_only_on_an_account_billed_in_euros() {
    let fx = Fixture::new();
    let other = fx.other_company();
    let mut spec = fx.new_account("Boston Widgets Inc.", other.contact_login);
    spec.billing_address = us_address();
    spec.currency = usd();
    spec.vat_rate = 0.into();
    spec.payment_method = PaymentMethod::Check;
    spec.phone = "+1 617 555 0100".into();
    let account = fx.open(&spec);
    let before = fx.snapshot();
    let e = fails(fx.portal.set_payment_method(&fx.services(), account, &sepa()));
    assert_eq!(invalid(&e), ("iban", "a SEPA mandate needs an account in euros"));
    assert_eq!(e.message(Language::De), "IBAN: Eine SEPA-Lastschrift setzt ein in Euro abgerechnetes Konto voraus.");
    assert_eq!(fx.snapshot(), before, "a refused mandate changes nothing");
    // The fixture's own account is billed in euros and keeps its mandate.
    fx.portal.set_payment_method(&fx.contact(), fx.account, &sepa()).unwrap();
}

// DOMAIN: PO-1, DOCS-2
#[test]
fn a_purchase_order_is_not_added_or_moved_into_the_past() {
    let fx = Fixture::new();
    let today = fx.today();
    let before = fx.snapshot();
    let e = fails(fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-2020", today - Duration::days(1)));
    assert_eq!(invalid(&e), ("expires_on", "lies in the past"));
    assert_eq!(e.message(Language::De), "Gültig bis: Dieses Datum liegt in der Vergangenheit.");
    assert_eq!(fx.snapshot(), before);
    let po = fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-TODAY", today).unwrap();
    let e = fails(fx.portal.edit_purchase_order(
        &fx.contact(),
        fx.account,
        po.id,
        po.version,
        "PO-TODAY",
        today - Duration::days(3),
    ));
    assert_eq!(invalid(&e).0, "expires_on");
    // Once expired, it may still be renamed without moving its date.
    fx.advance_days(5);
    fx.portal.edit_purchase_order(&fx.contact(), fx.account, po.id, po.version, "PO-RENAMED", today).unwrap();
}
