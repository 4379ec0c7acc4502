//! Billing data the contact changes directly: payment method, address, phone, invoice
//! recipients, purchase orders, and the W-9 form (PAY-1..PAY-3, ADDR-1, ADDR-2, REC-1, PO-1, DOC-1).

mod common;

use common::*;
use corporate_billing::{
    AchDebit, AddressLines, CardBrand, CardOnFile, Error, Iban, NewAccount, NotificationKind, PaymentMethod,
    PaymentMethodView, RequestKind, RequestStatus, SepaDebit,
};
use time::Duration;

fn field(e: &Error) -> &str {
    match e {
        Error::InvalidInput { field, .. } => field,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

// DOMAIN: PAY-1, PAY-3
#[test]
fn the_contact_sets_every_kind_of_payment_method_directly() {
    let fx = Fixture::new();
    let methods = [
        PaymentMethod::Card(CardOnFile::new("tok_1NmXyZ", CardBrand::Mastercard, "5454", 9, 2029).unwrap()),
        PaymentMethod::WireTransfer,
        PaymentMethod::Check,
        PaymentMethod::AchDebit(AchDebit::new(Some("ba_123"), "6789", "011000015").unwrap()),
        PaymentMethod::SepaDebit(SepaDebit::new("FR14 2004 1010 0505 0001 3M02 606", "MANDATE/42").unwrap()),
        PaymentMethod::StandingOrder,
    ];
    for m in &methods {
        fx.portal.set_payment_method(&fx.contact(), fx.account, m).unwrap();
        assert_eq!(
            fx.portal.account(&fx.contact(), fx.account).unwrap().payment_method,
            PaymentMethodView::detailed(m)
        );
        // The host, and only the host, reads it back whole, token included, to charge it.
        assert_eq!(&fx.portal.stored_payment_method(fx.account).unwrap(), m);
        assert_eq!(fx.last_audit().2, "payment_method_changed");
    }
    // Vendor staff may do it for the contact; nobody else.
    fx.portal.set_payment_method(&fx.services(), fx.account, &PaymentMethod::Check).unwrap();
    assert_eq!(fails(fx.portal.set_payment_method(&fx.user(), fx.account, &PaymentMethod::Check)), Error::Forbidden);
}

// DOMAIN: PAY-2
#[test]
fn a_card_is_kept_only_as_token_brand_last_four_and_expiry() {
    let fx = Fixture::new();
    let card = CardOnFile::new("tok_visa_9f8e7d", CardBrand::Visa, "1111", 12, 2030).unwrap();
    fx.portal.set_payment_method(&fx.contact(), fx.account, &PaymentMethod::Card(card.clone())).unwrap();
    let stored: String = fx
        .read_only()
        .query_row("SELECT payment_method FROM accounts WHERE id = ?1", [fx.account.to_string()], |r| r.get(0))
        .unwrap();
    for key in ["tok_visa_9f8e7d", "visa", "1111", "12", "2030"] {
        assert!(stored.contains(key), "{stored}");
    }
    assert!(!stored.contains("4111111111111111") && !stored.to_lowercase().contains("cvc"), "{stored}");
    // A full card number where the processor's token belongs is refused; so are bad fields.
    for (result, expected_field) in [
        (CardOnFile::new("4111111111111111", CardBrand::Visa, "1111", 12, 2030), "card_token"),
        (CardOnFile::new("4111-1111-1111-1111", CardBrand::Visa, "1111", 12, 2030), "card_token"),
        (CardOnFile::new("tok_ok", CardBrand::Visa, "411111", 12, 2030), "last4"),
        (CardOnFile::new("tok_ok", CardBrand::Visa, "1111", 13, 2030), "exp_month"),
        (CardOnFile::new("tok_ok", CardBrand::Visa, "1111", 12, 30), "exp_year"),
    ] {
        assert_eq!(field(&result.unwrap_err()), expected_field);
    }
    // An expired card is refused by the portal.
    let expired = CardOnFile::new("tok_old", CardBrand::Visa, "1111", 1, 2026).unwrap();
    let e = fails(fx.portal.set_payment_method(&fx.contact(), fx.account, &PaymentMethod::Card(expired)));
    assert_eq!(field(&e), "exp_year");
}

// DOMAIN: PAY-2
#[test]
fn bank_debits_keep_verified_routing_numbers_and_ibans_and_the_mandate() {
    for (iban, ok) in [
        ("DE44 5001 0517 5407 3249 31", true),
        ("DE44500105175407324931", true),
        ("GB82 WEST 1234 5698 7654 32", true),
        ("DE44 5001 0517 5407 3249 32", false), // mod-97 fails
        ("DE44 5001 0517 5407 3249", false),    // wrong length for DE
        ("not an iban", false),
    ] {
        assert_eq!(Iban::parse(iban).is_ok(), ok, "{iban}");
    }
    assert_eq!(field(&Iban::parse("DE44 5001 0517 5407 3249 32").unwrap_err()), "iban");
    let sepa = SepaDebit::new("DE44 5001 0517 5407 3249 31", "MANDATE-7").unwrap();
    assert_eq!(sepa.iban().as_str(), "DE44500105175407324931");
    assert_eq!(sepa.mandate_reference(), "MANDATE-7");
    assert!(!sepa.iban().masked().contains("5407"));
    assert_eq!(
        field(&SepaDebit::new("DE44 5001 0517 5407 3249 31", "MANDATE\u{0007}").unwrap_err()),
        "mandate_reference"
    );
    for (rtn, ok) in
        [("011000015", true), ("021000021", true), ("011000016", false), ("01100001", false), ("01100001x", false)]
    {
        assert_eq!(AchDebit::new(None, "6789", rtn).is_ok(), ok, "{rtn}");
    }
    assert_eq!(field(&AchDebit::new(None, "6789", "011000016").unwrap_err()), "routing_number");
    assert_eq!(field(&AchDebit::new(None, "123456789", "011000015").unwrap_err()), "account_last4");
    let ach = AchDebit::new(None, "6789", "011000015").unwrap();
    assert_eq!((ach.account_last4(), ach.routing_number().as_str(), ach.token()), ("6789", "011000015", None));
    assert_eq!(field(&AchDebit::new(Some("4111111111111111"), "6789", "011000015").unwrap_err()), "ach_token");
}

// DOMAIN: PAY-2
#[test]
fn a_card_number_in_any_free_text_field_is_refused() {
    let fx = Fixture::new();
    let q = fx.issue_quote(fx.account);
    let card = "4111 1111 1111 1111";
    let before = fx.snapshot();
    let e = fails(fx.portal.add_purchase_order(&fx.contact(), fx.account, &format!("PO {card}"), fx.today()));
    assert_eq!(field(&e), "po_number");
    let e =
        fails(fx.portal.change_address(&fx.contact(), fx.account, &lines(&format!("Card {card}"), "10115", "Berlin")));
    assert_eq!(field(&e), "line1");
    let e = fails(fx.portal.decline_quote(&fx.contact(), fx.account, q.id, Some(&format!("pay with {card}"))));
    assert_eq!(field(&e), "reason");
    let e = fails(fx.portal.accept_quote(&fx.contact(), fx.account, q.id, Some("4111111111111111")));
    assert_eq!(field(&e), "po_number");
    for kind in [
        RequestKind::Other { text: format!("Please charge {card} instead") },
        RequestKind::ChangePaymentMethod { details: format!("New card: {card} exp 12/30") },
    ] {
        let e = fails(fx.portal.submit_request(&fx.contact(), fx.account, &kind));
        assert!(["text", "details"].contains(&field(&e)), "{e:?}");
    }
    let e = fails(fx.portal.open_account(
        &fx.services(),
        &NewAccount { company_name: format!("Acme {card}"), ..fx.new_account("x", fx.contact_login) },
    ));
    assert_eq!(field(&e), "company_name");
    assert_eq!(fx.snapshot(), before, "nothing was stored");
    // Numbers that are not card numbers are fine.
    fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO 4111 1111 1111 1112", fx.today()).unwrap();
}

// DOMAIN: PAY-3, SR-1
#[test]
fn the_contact_may_instead_ask_account_services_to_change_the_payment_method() {
    let fx = Fixture::new();
    fx.drain();
    let r = fx
        .portal
        .submit_request(
            &fx.contact(),
            fx.account,
            &RequestKind::ChangePaymentMethod { details: "Switch us to wire transfer, please.".into() },
        )
        .unwrap();
    // Account Services makes the change with the portal's operation, then completes the request.
    fx.portal.set_payment_method(&fx.services(), fx.account, &PaymentMethod::WireTransfer).unwrap();
    let done =
        fx.portal.complete_request(&fx.services(), fx.account, r.id, Some("Done: wire transfer from now on.")).unwrap();
    assert_eq!(done.status, RequestStatus::Completed);
    assert_eq!(fx.portal.stored_payment_method(fx.account).unwrap(), PaymentMethod::WireTransfer);
    let mail = fx.pending_of(NotificationKind::RequestCompleted);
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].recipient, CONTACT_EMAIL);
    assert!(mail[0].body.contains("Done: wire transfer"));
}

// DOMAIN: ADDR-1
#[test]
fn the_contact_changes_every_address_field_but_the_country() {
    let fx = Fixture::new();
    let new = AddressLines {
        line1: "Friedrichstraße 100".into(),
        line2: "3. OG, Buchhaltung".into(),
        city: "München".into(),
        region: "Bayern".into(),
        postal_code: "80331".into(),
    };
    let a = fx.portal.change_address(&fx.contact(), fx.account, &new).unwrap();
    assert_eq!(
        (a.line1(), a.line2(), a.city(), a.region(), a.postal_code(), a.country().code()),
        ("Friedrichstraße 100", "3. OG, Buchhaltung", "München", "Bayern", "80331", "DE")
    );
    assert_eq!(fx.portal.account(&fx.user(), fx.account).unwrap().billing_address, a);
    // The country is not the contact's to change, nor the sales rep's: Account Services does it.
    for caller in [fx.contact(), fx.rep(), fx.user()] {
        assert_eq!(fails(fx.portal.change_country(&caller, fx.account, country("AT"))), Error::Forbidden);
    }
    fx.portal.change_country(&fx.services(), fx.account, country("AT")).unwrap();
    let moved = fx.portal.account(&fx.contact(), fx.account).unwrap().billing_address;
    assert_eq!((moved.country().code(), moved.line1()), ("AT", "Friedrichstraße 100"));
    // Required lines stay required.
    let e = fails(fx.portal.change_address(&fx.contact(), fx.account, &AddressLines { city: " ".into(), ..new }));
    assert_eq!(field(&e), "city");
}

// DOMAIN: ADDR-2
#[test]
fn the_phone_number_is_validated_and_kept_in_e164_form() {
    let fx = Fixture::new();
    for (input, e164) in
        [("030 901820", "+4930901820"), ("+49 (30) 9018-20", "+4930901820"), ("+1 212 555 0100", "+12125550100")]
    {
        assert_eq!(fx.portal.change_phone(&fx.contact(), fx.account, input).unwrap().as_str(), e164, "{input}");
        assert_eq!(fx.portal.account(&fx.contact(), fx.account).unwrap().phone.as_str(), e164);
    }
    let before = fx.snapshot();
    for bad in ["12", "not a phone", "+49 30", "030 901820\u{0000}", &"1".repeat(80)] {
        let e = fails(fx.portal.change_phone(&fx.contact(), fx.account, bad));
        assert_eq!(field(&e), "phone", "{bad:?}");
    }
    assert_eq!(fx.snapshot(), before);
}

// DOMAIN: REC-1
#[test]
fn invoice_recipients_are_valid_unique_regardless_of_case_and_at_most_ten() {
    let fx = Fixture::new();
    fx.portal.add_invoice_recipient(&fx.contact(), fx.account, "AP@Acme-GmbH.example").unwrap();
    let e = fails(fx.portal.add_invoice_recipient(&fx.contact(), fx.account, "ap@acme-gmbh.EXAMPLE"));
    assert_eq!(e.code(), "conflict");
    assert_eq!(field(&fails(fx.portal.add_invoice_recipient(&fx.contact(), fx.account, "ap at acme"))), "email");
    assert_eq!(
        field(&fails(fx.portal.add_invoice_recipient(&fx.contact(), fx.account, "Name <ap@acme.example>"))),
        "email"
    );
    for i in 2..=10 {
        fx.portal.add_invoice_recipient(&fx.contact(), fx.account, &format!("r{i}@acme-gmbh.example")).unwrap();
    }
    let e = fails(fx.portal.add_invoice_recipient(&fx.contact(), fx.account, "r11@acme-gmbh.example"));
    assert_eq!(field(&e), "email");
    let listed = fx.portal.account(&fx.contact(), fx.account).unwrap().invoice_recipients.unwrap();
    assert_eq!(listed.len(), 10);
    assert!(listed.iter().any(|r| r.as_str() == "AP@Acme-GmbH.example"), "kept as typed");
    // Removal matches regardless of case, and makes room again.
    fx.portal.remove_invoice_recipient(&fx.contact(), fx.account, "ap@ACME-gmbh.example").unwrap();
    assert_eq!(
        fails(fx.portal.remove_invoice_recipient(&fx.contact(), fx.account, "ap@acme-gmbh.example")).code(),
        "not_found"
    );
    fx.portal.add_invoice_recipient(&fx.contact(), fx.account, "r11@acme-gmbh.example").unwrap();
    assert_eq!(fx.portal.account(&fx.contact(), fx.account).unwrap().invoice_recipients.map(|r| r.len()), Some(10));
}

// DOMAIN: PO-1
#[test]
fn the_contact_adds_and_edits_purchase_orders() {
    let fx = Fixture::new();
    let po = fx
        .portal
        .add_purchase_order(&fx.contact(), fx.account, "PO-2026-001", fx.today() + Duration::days(90))
        .unwrap();
    assert_eq!((po.number.as_str(), po.version), ("PO-2026-001", 1));
    assert_eq!(
        fails(fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-2026-001", fx.today())).code(),
        "conflict"
    );
    let edited = fx
        .portal
        .edit_purchase_order(
            &fx.contact(),
            fx.account,
            po.id,
            po.version,
            "PO-2026-001a",
            fx.today() + Duration::days(120),
        )
        .unwrap();
    assert_eq!(
        (edited.number.as_str(), edited.expires_on, edited.version),
        ("PO-2026-001a", fx.today() + Duration::days(120), 2)
    );
    // An edit based on what someone else has changed since is refused.
    let stale =
        fx.portal.edit_purchase_order(&fx.contact(), fx.account, po.id, po.version, "PO-LOST-UPDATE", fx.today());
    assert_eq!(fails(stale).code(), "conflict");
    assert_eq!(fx.portal.purchase_orders(&fx.rep(), fx.account).unwrap(), vec![edited]);
    assert_eq!(fails(fx.portal.add_purchase_order(&fx.user(), fx.account, "PO-USER", fx.today())), Error::Forbidden);
}

// DOMAIN: PO-1
#[test]
fn an_invoice_carries_the_purchase_order_in_force_on_its_issue_date() {
    let fx = Fixture::new();
    fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-2026", TERM_END - Duration::days(1)).unwrap();
    fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-2027", TERM_END + Duration::days(364)).unwrap();
    let now = fx.invoice();
    assert_eq!(now.document.purchase_order.as_deref(), Some("PO-2027"), "the one in force longest");
    fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-EXPIRED", fx.today()).unwrap();
    // At renewal, PO-2026 has expired; PO-2027 is in force.
    fx.portal.run_renewals(&fx.services(), TERM_END).unwrap();
    let renewal = fx.portal.invoices(&fx.contact(), fx.account).unwrap().remove(0);
    let renewal = fx.portal.invoice(&fx.contact(), fx.account, renewal.id).unwrap();
    assert_eq!(renewal.document.purchase_order.as_deref(), Some("PO-2027"));
    // When none is in force, none is printed.
    fx.portal.run_renewals(&fx.services(), TERM_END + Duration::days(366)).unwrap();
    let later = fx.portal.invoices(&fx.contact(), fx.account).unwrap().remove(0);
    assert_eq!(fx.portal.invoice(&fx.contact(), fx.account, later.id).unwrap().document.purchase_order, None);
}

// DOMAIN: PO-1, NOTE-1
#[test]
fn contacts_are_reminded_30_days_before_a_purchase_order_expires() {
    let fx = Fixture::new();
    let today = fx.today();
    let soon = fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-SOON", today + Duration::days(30)).unwrap();
    fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-LATER", today + Duration::days(31)).unwrap();
    // Added two days ago, while in force; expired yesterday.
    fx.advance_days(-2);
    fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-GONE", today - Duration::days(1)).unwrap();
    fx.advance_days(2);
    fx.drain();
    assert_eq!(fails(fx.portal.remind_expiring_purchase_orders(&fx.rep(), today)), Error::Forbidden);
    assert_eq!(fx.portal.remind_expiring_purchase_orders(&fx.services(), today).unwrap(), 1);
    let mail = fx.pending_of(NotificationKind::PurchaseOrderExpiring);
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].recipient, CONTACT_EMAIL);
    assert!(mail[0].subject.contains("PO-SOON"), "{:?}", mail[0]);
    // Reminded once...
    assert_eq!(fx.portal.remind_expiring_purchase_orders(&fx.services(), today).unwrap(), 0);
    // ...the next one when its turn comes...
    assert_eq!(fx.portal.remind_expiring_purchase_orders(&fx.services(), today + Duration::days(1)).unwrap(), 1);
    // ...and again after an edit moves the date.
    let soon =
        fx.portal.purchase_orders(&fx.contact(), fx.account).unwrap().into_iter().find(|p| p.id == soon.id).unwrap();
    fx.portal
        .edit_purchase_order(&fx.contact(), fx.account, soon.id, soon.version, "PO-SOON", today + Duration::days(20))
        .unwrap();
    assert_eq!(fx.portal.remind_expiring_purchase_orders(&fx.services(), today + Duration::days(1)).unwrap(), 1);
    assert_eq!(fx.pending_of(NotificationKind::PurchaseOrderExpiring).len(), 3);
}

// DOMAIN: DOC-1
#[test]
fn the_w9_form_is_offered_to_accounts_billed_in_the_united_states_only() {
    let fx = Fixture::new();
    let us = fx.open(&NewAccount {
        billing_address: us_address(),
        phone: "+1 212 555 0100".into(),
        currency: usd(),
        ..fx.new_account("Acme Inc.", fx.contact_login)
    });
    for caller in [fx.contact(), fx.rep(), fx.services()] {
        let doc = fx.portal.w9_form(&caller, us).unwrap();
        assert_eq!(
            (doc.file_name.as_str(), doc.content_type.as_str(), doc.bytes.as_slice()),
            ("W-9.pdf", "application/pdf", W9)
        );
    }
    let e = fails(fx.portal.w9_form(&fx.contact(), fx.account));
    assert_eq!(e, Error::NotAvailableInCountry);
    assert_eq!((e.code(), e.to_string().as_str()), ("not_available_in_country", "not available in your country"));
    // Moving the billing address to the US makes it available.
    fx.portal.change_country(&fx.services(), fx.account, country("US")).unwrap();
    assert!(fx.portal.w9_form(&fx.contact(), fx.account).is_ok());
    assert_eq!(fails(fx.portal.w9_form(&fx.other_rep(), us)), Error::Forbidden);
}
