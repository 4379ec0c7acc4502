//! Bad input of any kind gets a clear typed error with a stable code, and changes nothing: the
//! database holds exactly the same rows before and after (API-2).

mod common;

use common::*;
use corporate_billing::{
    AbaRoutingNumber, AccountId, AddressLines, Caller, CardBrand, CardOnFile, Country, Currency, EmailAddress, Error,
    FreeText, Iban, InvoiceId, LineInput, LoginId, NewAccount, NewLogin, NewQuote, Phone, PurchaseOrderId, QuoteEffect,
    QuoteId, RequestId, RequestKind, SessionToken, UserId,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use time::Duration;

const UNKNOWN: &str = "0190a5c4-1234-7abc-8def-0123456789ab";

/// What a bad call must give: an invalid-input error naming the field, or another error.
enum Want {
    Field(&'static str),
    Error(Error),
}

fn check(case: &str, got: Error, want: &Want) {
    match want {
        Want::Field(field) => match &got {
            Error::InvalidInput { field: f, reason } => {
                assert_eq!(f, field, "{case}: wrong field ({reason})");
                assert!(!reason.is_empty(), "{case}: the error says why");
                assert_eq!(got.code(), "invalid_input", "{case}");
                assert!(got.to_string().contains(field), "{case}: {got}");
            }
            other => panic!("{case}: expected invalid {field}, got {other:?}"),
        },
        Want::Error(e) => {
            assert_eq!(&got, e, "{case}");
            assert_eq!(got.code(), e.code(), "{case}");
        }
    }
}

/// Forgets the value of a result: only its error matters here.
fn ok<T>(r: Result<T, Error>) -> Result<(), Error> {
    r.map(|_| ())
}

fn long(n: usize) -> String {
    "x".repeat(n)
}

// DOMAIN: API-2
#[test]
fn bad_input_through_the_portal_is_refused_with_a_typed_error_and_changes_nothing() {
    let fx = Fixture::new();
    let (p, a) = (&fx.portal, fx.account);
    let (c, rep, svc) = (fx.contact(), fx.rep(), fx.services());
    let today = fx.today();
    // Objects to aim at.
    let open_quote = fx.issue_quote(a);
    let invoice = fx.invoice();
    let po = p.add_purchase_order(&c, a, "PO-1", today + Duration::days(90)).unwrap();
    let request = p.submit_request(&c, a, &RequestKind::TurnOffAutoRenewal).unwrap();
    for i in 0..10 {
        p.add_invoice_recipient(&c, a, &format!("r{i}@acme-gmbh.example")).unwrap();
    }
    let card = "4111 1111 1111 1111";
    let q = |lines: Vec<LineInput>| NewQuote { lines, ..fx.new_quote() };
    let addr = |line1: &str| lines(line1, "10115", "Berlin");
    let unknown_quote = QuoteId::parse(UNKNOWN).unwrap();
    let unknown_invoice = InvoiceId::parse(UNKNOWN).unwrap();
    let unknown_po = PurchaseOrderId::parse(UNKNOWN).unwrap();
    let unknown_request = RequestId::parse(UNKNOWN).unwrap();
    let unknown_account = AccountId::parse(UNKNOWN).unwrap();
    let nf = |entity| Want::Error(Error::NotFound { entity });

    type Case<'a> = (&'static str, Box<dyn Fn() -> Result<(), Error> + 'a>, Want);
    let cases: Vec<Case<'_>> = vec![
        // Malformed e-mail addresses.
        (
            "recipient not an address",
            Box::new(|| ok(p.add_invoice_recipient(&c, a, "ap at acme"))),
            Want::Field("email"),
        ),
        (
            "recipient without domain dot",
            Box::new(|| ok(p.add_invoice_recipient(&c, a, "ap@localhost"))),
            Want::Field("email"),
        ),
        (
            "recipient with display name",
            Box::new(|| ok(p.add_invoice_recipient(&c, a, "AP <ap@acme.example>"))),
            Want::Field("email"),
        ),
        (
            "recipient too long",
            Box::new(|| ok(p.add_invoice_recipient(&c, a, &format!("{}@acme.example", long(250))))),
            Want::Field("email"),
        ),
        (
            "eleventh recipient",
            Box::new(|| ok(p.add_invoice_recipient(&c, a, "eleven@acme-gmbh.example"))),
            Want::Field("email"),
        ),
        (
            "remove malformed recipient",
            Box::new(|| ok(p.remove_invoice_recipient(&c, a, "not-an-address"))),
            Want::Field("email"),
        ),
        // Phone numbers.
        ("phone too short", Box::new(|| ok(p.change_phone(&c, a, "12"))), Want::Field("phone")),
        ("phone letters", Box::new(|| ok(p.change_phone(&c, a, "call me maybe"))), Want::Field("phone")),
        ("phone control character", Box::new(|| ok(p.change_phone(&c, a, "030\u{0000}901820"))), Want::Field("phone")),
        ("phone over-long", Box::new(|| ok(p.change_phone(&c, a, &"9".repeat(100)))), Want::Field("phone")),
        // Address lines: over-long, control characters, card numbers, missing.
        ("address line over-long", Box::new(|| ok(p.change_address(&c, a, &addr(&long(101))))), Want::Field("line1")),
        (
            "address line control char",
            Box::new(|| ok(p.change_address(&c, a, &addr("Main St\u{001b}[31m 1")))),
            Want::Field("line1"),
        ),
        (
            "address line with newline",
            Box::new(|| ok(p.change_address(&c, a, &addr("Main St\n1")))),
            Want::Field("line1"),
        ),
        (
            "address line card number",
            Box::new(|| ok(p.change_address(&c, a, &addr(&format!("Card {card}"))))),
            Want::Field("line1"),
        ),
        (
            "address city missing",
            Box::new(|| ok(p.change_address(&c, a, &AddressLines { city: String::new(), ..addr("Main St 1") }))),
            Want::Field("city"),
        ),
        (
            "postal code over-long",
            Box::new(|| ok(p.change_address(&c, a, &AddressLines { postal_code: long(21), ..addr("Main St 1") }))),
            Want::Field("postal_code"),
        ),
        // Purchase orders.
        (
            "po number card number",
            Box::new(|| ok(p.add_purchase_order(&c, a, &format!("PO {card}"), today))),
            Want::Field("po_number"),
        ),
        (
            "po number over-long",
            Box::new(|| ok(p.add_purchase_order(&c, a, &long(36), today))),
            Want::Field("po_number"),
        ),
        (
            "po number control char",
            Box::new(|| ok(p.add_purchase_order(&c, a, "PO\u{0008}1", today))),
            Want::Field("po_number"),
        ),
        ("po number empty", Box::new(|| ok(p.add_purchase_order(&c, a, "   ", today))), Want::Field("po_number")),
        (
            "edit po card number",
            Box::new(|| ok(p.edit_purchase_order(&c, a, po.id, po.version, card, today))),
            Want::Field("po_number"),
        ),
        (
            "accept with card as po",
            Box::new(|| ok(p.accept_quote(&c, a, open_quote.id, Some(card)))),
            Want::Field("po_number"),
        ),
        // Request text.
        (
            "request text card number",
            Box::new(|| ok(p.submit_request(&c, a, &RequestKind::Other { text: format!("use {card}") }))),
            Want::Field("text"),
        ),
        (
            "request text over-long",
            Box::new(|| ok(p.submit_request(&c, a, &RequestKind::Other { text: long(2001) }))),
            Want::Field("text"),
        ),
        (
            "request text control",
            Box::new(|| ok(p.submit_request(&c, a, &RequestKind::Other { text: "a\u{0000}b".into() }))),
            Want::Field("text"),
        ),
        (
            "payment request card",
            Box::new(|| ok(p.submit_request(&c, a, &RequestKind::ChangePaymentMethod { details: card.into() }))),
            Want::Field("details"),
        ),
        (
            "decline reason over-long",
            Box::new(|| ok(p.decline_quote(&c, a, open_quote.id, Some(&long(501))))),
            Want::Field("reason"),
        ),
        ("void reason missing", Box::new(|| ok(p.void_invoice(&svc, a, invoice.id, " "))), Want::Field("reason")),
        ("reject without reason", Box::new(|| ok(p.reject_request(&svc, a, request.id, ""))), Want::Field("reason")),
        // Quotes: quantities, rates, prices, effects, currency, dates.
        (
            "zero quantity",
            Box::new(|| ok(p.issue_quote(&rep, a, &q(vec![line("Seat", dec!(0), dec!(10), dec!(19))])))),
            Want::Field("lines[0].quantity"),
        ),
        (
            "negative quantity",
            Box::new(|| {
                ok(p.issue_quote(
                    &rep,
                    a,
                    &q(vec![line("Seat", dec!(1), dec!(10), dec!(19)), line("Seat", dec!(-2), dec!(10), dec!(19))]),
                ))
            }),
            Want::Field("lines[1].quantity"),
        ),
        (
            "quantity too precise",
            Box::new(|| ok(p.issue_quote(&rep, a, &q(vec![line("Seat", dec!(0.00001), dec!(10), dec!(19))])))),
            Want::Field("lines[0].quantity"),
        ),
        (
            "vat above 100",
            Box::new(|| ok(p.issue_quote(&rep, a, &q(vec![line("Seat", dec!(1), dec!(10), dec!(101))])))),
            Want::Field("lines[0].vat_rate"),
        ),
        (
            "unit price too precise",
            Box::new(|| ok(p.issue_quote(&rep, a, &q(vec![line("Seat", dec!(1), dec!(0.0000001), dec!(19))])))),
            Want::Field("lines[0].unit_price"),
        ),
        (
            "negative total",
            Box::new(|| ok(p.issue_quote(&rep, a, &q(vec![line("Credit", dec!(1), dec!(-5), dec!(0))])))),
            Want::Field("lines"),
        ),
        (
            "overflowing amount",
            Box::new(|| ok(p.issue_quote(&rep, a, &q(vec![line("Seat", Decimal::MAX, Decimal::MAX, dec!(0))])))),
            Want::Field("lines[0].quantity"),
        ),
        ("no lines", Box::new(|| ok(p.issue_quote(&rep, a, &q(vec![])))), Want::Field("lines")),
        (
            "description card",
            Box::new(|| ok(p.issue_quote(&rep, a, &q(vec![line(card, dec!(1), dec!(1), dec!(0))])))),
            Want::Field("lines[0].description"),
        ),
        (
            "zero seats",
            Box::new(|| ok(p.issue_quote(&rep, a, &fx.new_quote_with(QuoteEffect::AddSeats { seats: 0 })))),
            Want::Field("effect.seats"),
        ),
        (
            "term ends before start",
            Box::new(|| {
                ok(p.issue_quote(
                    &rep,
                    a,
                    &fx.new_quote_with(QuoteEffect::NewTerm { start: TERM_END, end: TERM_START }),
                ))
            }),
            Want::Field("effect.end"),
        ),
        (
            "valid-until in the past",
            Box::new(|| {
                ok(p.issue_quote(&rep, a, &NewQuote { valid_until: today - Duration::days(1), ..fx.new_quote() }))
            }),
            Want::Field("valid_until"),
        ),
        (
            "quote in another currency",
            Box::new(|| ok(p.issue_quote(&rep, a, &NewQuote { currency: usd(), ..fx.new_quote() }))),
            Want::Error(Error::CurrencyMismatch),
        ),
        // Unknown IDs, including an account nobody has.
        ("unknown quote", Box::new(|| ok(p.quote(&c, a, unknown_quote))), nf("quote")),
        ("accept unknown quote", Box::new(|| ok(p.accept_quote(&c, a, unknown_quote, None))), nf("quote")),
        ("decline unknown quote", Box::new(|| ok(p.decline_quote(&c, a, unknown_quote, None))), nf("quote")),
        ("withdraw unknown quote", Box::new(|| ok(p.withdraw_quote(&rep, a, unknown_quote))), nf("quote")),
        ("unknown invoice", Box::new(|| ok(p.invoice(&c, a, unknown_invoice))), nf("invoice")),
        (
            "pay unknown invoice",
            Box::new(|| ok(p.record_payment(&rep, a, unknown_invoice, &paid_in_full(today)))),
            nf("invoice"),
        ),
        ("void unknown invoice", Box::new(|| ok(p.void_invoice(&svc, a, unknown_invoice, "typo"))), nf("invoice")),
        (
            "edit unknown po",
            Box::new(|| ok(p.edit_purchase_order(&c, a, unknown_po, 1, "PO-2", today))),
            nf("purchase order"),
        ),
        (
            "complete unknown request",
            Box::new(|| ok(p.complete_request(&svc, a, unknown_request, None))),
            nf("request"),
        ),
        (
            "unknown account (services)",
            Box::new(|| ok(p.change_phone(&svc, unknown_account, "030 901820"))),
            nf("account"),
        ),
        (
            "unknown account (contact)",
            Box::new(|| ok(p.change_phone(&c, unknown_account, "030 901820"))),
            Want::Error(Error::Forbidden),
        ),
        (
            "hand over to unknown user",
            Box::new(|| ok(p.change_billing_contact(&c, a, "ghost@acme-gmbh.example"))),
            nf("login"),
        ),
        (
            "hand over to malformed user",
            Box::new(|| ok(p.change_billing_contact(&c, a, "no spaces allowed"))),
            Want::Field("user_id"),
        ),
        (
            "add unknown account user",
            Box::new(|| ok(p.add_account_user(&rep, a, LoginId::parse(UNKNOWN).unwrap()))),
            nf("login"),
        ),
        (
            "forged session",
            Box::new(|| ok(p.change_phone(&Caller::Session(SessionToken::new("f".repeat(64))), a, "030 901820"))),
            Want::Error(Error::Unauthenticated),
        ),
        // Cards and vendor-side setup.
        (
            "expired card",
            Box::new(|| {
                ok(p.set_payment_method(
                    &c,
                    a,
                    &corporate_billing::PaymentMethod::Card(
                        CardOnFile::new("tok_x", CardBrand::Visa, "1111", 2, 2026).unwrap(),
                    ),
                ))
            }),
            Want::Field("exp_year"),
        ),
        (
            "login with bad e-mail",
            Box::new(|| {
                ok(p.create_login(
                    &NewLogin { name: "X".into(), email: "x@".into(), username: None, phone: None },
                    None,
                ))
            }),
            Want::Field("email"),
        ),
        (
            "login with e-mail username",
            Box::new(|| {
                ok(p.create_login(
                    &NewLogin {
                        name: "X".into(),
                        email: "x@acme.example".into(),
                        username: Some("x@acme.example".into()),
                        phone: None,
                    },
                    None,
                ))
            }),
            Want::Field("username"),
        ),
        (
            "login with bad phone",
            Box::new(|| {
                ok(p.create_login(
                    &NewLogin {
                        name: "X".into(),
                        email: "x@acme.example".into(),
                        username: None,
                        phone: Some("12".into()),
                    },
                    None,
                ))
            }),
            Want::Field("phone"),
        ),
        (
            "login name control char",
            Box::new(|| {
                ok(p.create_login(
                    &NewLogin { name: "X\u{0007}".into(), email: "x@acme.example".into(), username: None, phone: None },
                    None,
                ))
            }),
            Want::Field("name"),
        ),
        (
            "account with negative price",
            Box::new(|| {
                ok(p.open_account(
                    &svc,
                    &NewAccount { annual_seat_price: dec!(-1), ..fx.new_account("X", fx.contact_login) },
                ))
            }),
            Want::Field("annual_seat_price"),
        ),
        (
            "account with term backwards",
            Box::new(|| {
                ok(p.open_account(&svc, &NewAccount { term_end: TERM_START, ..fx.new_account("X", fx.contact_login) }))
            }),
            Want::Field("term_end"),
        ),
        (
            "account with vat 150",
            Box::new(|| {
                ok(p.open_account(&svc, &NewAccount { vat_rate: dec!(150), ..fx.new_account("X", fx.contact_login) }))
            }),
            Want::Field("vat_rate"),
        ),
        (
            "account company over-long",
            Box::new(|| {
                ok(p.open_account(
                    &svc,
                    &NewAccount { company_name: long(201), ..fx.new_account("X", fx.contact_login) },
                ))
            }),
            Want::Field("company_name"),
        ),
        (
            "staff with bad e-mail",
            Box::new(|| ok(p.register_staff("X", "x", corporate_billing::StaffKind::SalesRep))),
            Want::Field("email"),
        ),
    ];
    let before = fx.snapshot();
    assert!(before.rows("invoices") > 0 && before.rows("quotes") > 0 && before.rows("audit_log") > 0);
    for (case, call, want) in &cases {
        let got = match call() {
            Ok(()) => panic!("{case}: accepted"),
            Err(e) => e,
        };
        check(case, got, want);
        assert_eq!(fx.snapshot(), before, "{case}: the database changed");
    }
    // The same objects still work with good input.
    p.change_phone(&c, a, "030 901829").unwrap();
    assert_ne!(fx.snapshot(), before);
}

// DOMAIN: API-2
#[test]
fn value_types_refuse_malformed_input_with_the_field_named() {
    let de = Some(Country::parse("DE").unwrap());
    let cases: Vec<(&str, Result<(), Error>, &str)> = vec![
        ("email", EmailAddress::parse("a@b@c.example").map(|_| ()), "email"),
        ("email spaces", EmailAddress::parse("a b@c.example").map(|_| ()), "email"),
        ("phone", Phone::parse("0", de).map(|_| ()), "phone"),
        ("iban checksum", Iban::parse("DE44 5001 0517 5407 3249 32").map(|_| ()), "iban"),
        ("iban country", Iban::parse("XX44 5001 0517 5407 3249 31").map(|_| ()), "iban"),
        ("iban over-long", Iban::parse(&"DE".repeat(40)).map(|_| ()), "iban"),
        ("routing checksum", AbaRoutingNumber::parse("123456789").map(|_| ()), "routing_number"),
        ("routing length", AbaRoutingNumber::parse("0110000150").map(|_| ()), "routing_number"),
        ("currency unknown", Currency::parse("XYZ").map(|_| ()), "currency"),
        ("currency without minor unit", Currency::parse("XAU").map(|_| ()), "currency"),
        ("country", Country::parse("XX").map(|_| ()), "country"),
        ("user id empty", UserId::parse("  ").map(|_| ()), "user_id"),
        ("user id symbols", UserId::parse("a;drop table").map(|_| ()), "user_id"),
        ("free text over-long", FreeText::parse("note", &long(201)).map(|_| ()), "note"),
        ("free text control", FreeText::parse("note", "a\u{0085}b").map(|_| ()), "note"),
        ("free text card", FreeText::parse("note", "5500-0000-0000-0004").map(|_| ()), "note"),
        ("card month", CardOnFile::new("tok", CardBrand::Visa, "1111", 0, 2030).map(|_| ()), "exp_month"),
        ("card last4", CardOnFile::new("tok", CardBrand::Visa, "11a1", 1, 2030).map(|_| ()), "last4"),
        (
            "card token chars",
            CardOnFile::new("tok with spaces", CardBrand::Visa, "1111", 1, 2030).map(|_| ()),
            "card_token",
        ),
    ];
    for (case, result, field) in cases {
        match result {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field, "{case}"),
            other => panic!("{case}: {other:?}"),
        }
    }
    // A malformed ID is reported like an unknown one.
    assert_eq!(QuoteId::parse("not-a-uuid").unwrap_err(), Error::NotFound { entity: "quote" });
    assert_eq!(InvoiceId::parse(&long(100)).unwrap_err(), Error::NotFound { entity: "invoice" });
}

// DOMAIN: API-2
#[test]
fn every_error_has_a_stable_code() {
    for (e, code) in [
        (Error::InvalidCredentials, "invalid_credentials"),
        (Error::Unauthenticated, "unauthenticated"),
        (Error::Forbidden, "forbidden"),
        (Error::NotFound { entity: "quote" }, "not_found"),
        (Error::Conflict { reason: "x".into() }, "conflict"),
        (Error::QuoteExpired, "quote_expired"),
        (Error::InvalidInput { field: "f".into(), reason: "r".into() }, "invalid_input"),
        (Error::NotCorporateAccount, "not_corporate_account"),
        (Error::PurchaseOrderRequired, "purchase_order_required"),
        (Error::NotAvailableInCountry, "not_available_in_country"),
        (Error::CurrencyMismatch, "currency_mismatch"),
        (Error::AuditChainBroken { seq: 1 }, "audit_chain_broken"),
        (Error::Busy, "busy"),
        (Error::Storage("x".into()), "storage"),
        (Error::InvalidToken, "invalid_token"),
        (Error::NotConfigured { what: "x" }, "not_configured"),
    ] {
        assert_eq!(e.code(), code);
        assert!(!e.to_string().is_empty());
    }
}
