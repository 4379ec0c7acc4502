//! The billing contact's privacy and other accounts' objects (PRIV-1, PRIV-2).
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::*;
use corporate_billing::{
    AchDebit, Caller, CardBrand, CardOnFile, Error, InvoiceId, PaymentMethod, PrintFormat, PurchaseOrderId, QuoteId,
    RequestId, RequestKind,
};
use time::Duration;

const RANDOM: &str = "0190a5c4-1234-7abc-8def-0123456789ab";

// DOMAIN: PRIV-1
#[test]
fn the_contacts_identity_is_shown_to_the_contact_the_accounts_rep_and_account_services_only() {
    let fx = Fixture::new();
    let other = fx.other_company();
    for caller in [fx.contact(), fx.rep(), fx.services()] {
        let c = fx.portal.billing_contact(&caller, fx.account).unwrap();
        assert_eq!(c.name, CONTACT_NAME);
        assert_eq!(c.email.as_str(), CONTACT_EMAIL);
        assert_eq!(c.user_id, CONTACT_USERNAME);
        assert_eq!(c.phone.as_ref().map(|p| p.as_str()), Some(CONTACT_PHONE_E164));
    }
    for caller in [fx.user(), other.contact(), fx.other_rep(), Caller::Anonymous] {
        let e = fails(fx.portal.billing_contact(&caller, fx.account));
        assert_eq!(e, Error::Forbidden, "{caller:?}");
        assert_identity_absent(&format!("{e} {e:?}"));
    }
}

fn assert_identity_absent(shown: &str) {
    let shown = shown.to_lowercase();
    for secret in [CONTACT_NAME, CONTACT_EMAIL, CONTACT_USERNAME, CONTACT_PHONE_E164, "billington"] {
        assert!(!shown.contains(&secret.to_lowercase()), "{secret:?} disclosed in {shown:?}");
    }
}

// DOMAIN: PRIV-1
#[test]
fn no_error_of_any_caller_discloses_the_contacts_identity() {
    let fx = Fixture::new();
    let other = fx.other_company();
    let q = fx.issue_quote(fx.account);
    let mut shown = String::new();
    for caller in [fx.user(), other.contact(), fx.other_rep(), Caller::Anonymous] {
        let errors = [
            fails(fx.portal.billing_contact(&caller, fx.account)).to_string(),
            fails(fx.portal.quote(&caller, fx.account, q.id)).to_string(),
            fails(fx.portal.accept_quote(&caller, fx.account, q.id, None)).to_string(),
            fails(fx.portal.change_billing_contact(&caller, fx.account, CONTACT_USERNAME)).to_string(),
            fails(fx.portal.invoices(&caller, fx.account)).to_string(),
            fails(fx.portal.submit_request(&caller, fx.account, &RequestKind::TurnOffAutoRenewal)).to_string(),
        ];
        shown.push_str(&errors.join(" "));
    }
    // Sign-in errors say nothing about the user ID either (AUTH-2).
    shown.push_str(&fails(fx.portal.sign_in(CONTACT_USERNAME, "a wrong password of length")).to_string());
    // Naming an existing login as new contact is an error to an outsider that reveals nothing.
    shown.push_str(&format!(
        "{:?}",
        fails(fx.portal.change_billing_contact(&other.contact(), fx.account, CONTACT_EMAIL))
    ));
    assert_identity_absent(&shown);
}

// DOMAIN: PRIV-1
#[test]
fn what_account_users_and_invoice_recipients_receive_does_not_name_the_contact() {
    let fx = Fixture::new();
    fx.portal.add_invoice_recipient(&fx.contact(), fx.account, USER_EMAIL).unwrap();
    fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-1", fx.today() + Duration::days(10)).unwrap();
    fx.invoice();
    fx.portal.remind_expiring_purchase_orders(&fx.services(), fx.today()).unwrap();
    // Everything queued for someone other than the contact is free of the contact's identity.
    let others: Vec<_> = fx.pending().into_iter().filter(|n| n.recipient != CONTACT_EMAIL).collect();
    assert!(!others.is_empty());
    for n in &others {
        assert_identity_absent(&format!("{} {}", n.subject, n.body));
    }
    // The overview an account user sees does not carry it.
    assert_identity_absent(&format!("{:?}", fx.portal.account(&fx.user(), fx.account).unwrap()));
    // Nor do the audit log lines (who is recorded by login ID, never by name or address).
    for r in fx.portal.audit_log(&fx.services(), fx.account).unwrap() {
        assert_identity_absent(&format!("{} {} {} {}", r.actor, r.role, r.action, r.detail));
    }
    let log: Vec<String> = fx
        .read_only()
        .query_all("SELECT actor || ' ' || role || ' ' || action || ' ' || detail FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_identity_absent(&log.join("\n"));
}

// DOMAIN: PRIV-2
#[test]
fn another_accounts_objects_look_exactly_like_unknown_ids() {
    let fx = Fixture::new();
    // The same contact administers both accounts (ACC-4), so access to each is not the issue:
    // only the pairing of account and object is.
    let sister = fx.open(&fx.new_account("Acme Logistics GmbH", fx.contact_login));
    let their_quote = fx.issue_quote(sister);
    let their_open_quote = fx.issue_quote(sister);
    let their_invoice = fx.portal.accept_quote(&fx.contact(), sister, their_quote.id, None).unwrap();
    let their_po =
        fx.portal.add_purchase_order(&fx.contact(), sister, "PO-SISTER", fx.today() + Duration::days(90)).unwrap();
    let their_request = fx.portal.submit_request(&fx.contact(), sister, &RequestKind::TurnOffAutoRenewal).unwrap();
    let unknown_quote = QuoteId::parse(RANDOM).unwrap();
    let unknown_invoice = InvoiceId::parse(RANDOM).unwrap();
    let unknown_po = PurchaseOrderId::parse(RANDOM).unwrap();
    let unknown_request = RequestId::parse(RANDOM).unwrap();
    let (p, a, c, s) = (&fx.portal, fx.account, fx.contact(), fx.services());
    let today = fx.today();
    let before = fx.snapshot();
    let pairs: Vec<(&str, Error, Error)> = vec![
        ("view quote", fails(p.quote(&c, a, their_quote.id)), fails(p.quote(&c, a, unknown_quote))),
        (
            "accept quote",
            fails(p.accept_quote(&c, a, their_open_quote.id, None)),
            fails(p.accept_quote(&c, a, unknown_quote, None)),
        ),
        (
            "decline quote",
            fails(p.decline_quote(&c, a, their_open_quote.id, None)),
            fails(p.decline_quote(&c, a, unknown_quote, None)),
        ),
        (
            "withdraw quote",
            fails(p.withdraw_quote(&s, a, their_open_quote.id)),
            fails(p.withdraw_quote(&s, a, unknown_quote)),
        ),
        ("view invoice", fails(p.invoice(&c, a, their_invoice.id)), fails(p.invoice(&c, a, unknown_invoice))),
        (
            "print invoice",
            fails(p.print_invoice(&c, a, their_invoice.id, PrintFormat::Html)),
            fails(p.print_invoice(&c, a, unknown_invoice, PrintFormat::Html)),
        ),
        (
            "pay invoice",
            fails(p.record_payment(&s, a, their_invoice.id, &paid_in_full(today))),
            fails(p.record_payment(&s, a, unknown_invoice, &paid_in_full(today))),
        ),
        (
            "void invoice",
            fails(p.void_invoice(&s, a, their_invoice.id, "x")),
            fails(p.void_invoice(&s, a, unknown_invoice, "x")),
        ),
        (
            "edit purchase order",
            fails(p.edit_purchase_order(&c, a, their_po.id, their_po.version, "PO-X", today)),
            fails(p.edit_purchase_order(&c, a, unknown_po, 1, "PO-X", today)),
        ),
        (
            "complete request",
            fails(p.complete_request(&s, a, their_request.id, None)),
            fails(p.complete_request(&s, a, unknown_request, None)),
        ),
        (
            "reject request",
            fails(p.reject_request(&s, a, their_request.id, "no")),
            fails(p.reject_request(&s, a, unknown_request, "no")),
        ),
    ];
    for (what, theirs, unknown) in pairs {
        assert_eq!(theirs, unknown, "{what}");
        assert_eq!(theirs.to_string(), unknown.to_string(), "{what}");
        assert_eq!(theirs.code(), "not_found", "{what}");
    }
    // A malformed ID is "not found" too.
    assert_eq!(QuoteId::parse("../../etc/passwd").unwrap_err(), fails(p.quote(&c, a, unknown_quote)));
    assert_eq!(fx.snapshot(), before, "nothing changed");
    // Listings of one account never show the other's objects.
    assert!(p.quotes(&c, a).unwrap().iter().all(|q| q.id != their_quote.id && q.id != their_open_quote.id));
    assert!(p.invoices(&c, a).unwrap().is_empty());
    assert!(p.purchase_orders(&c, a).unwrap().is_empty());
    assert!(p.requests(&c, a).unwrap().is_empty());
}

const CARD_TOKEN: &str = "tok_live_9f8e7d6c5b4a";
const ACH_TOKEN: &str = "ba_live_1a2b3c4d";
const IBAN: &str = "DE44500105175407324931";
const MANDATE: &str = "MANDATE-2026-001";
const ROUTING: &str = "011000015";

/// Everything a value shows of itself: its Debug form and its serde JSON.
fn printed<T: std::fmt::Debug + serde::Serialize>(value: &T) -> String {
    format!("{value:?} {}", serde_json::to_string(value).unwrap())
}

fn card() -> PaymentMethod {
    PaymentMethod::Card(CardOnFile::new(CARD_TOKEN, CardBrand::Visa, "4242", 12, 2030).unwrap())
}

fn ach() -> PaymentMethod {
    PaymentMethod::AchDebit(AchDebit::new(Some(ACH_TOKEN), "6789", ROUTING).unwrap())
}

// DOMAIN: PRIV-1, PAY-2
#[test]
fn account_users_see_the_kind_and_last_four_of_the_payment_method_only() {
    let fx = Fixture::new();
    for (method, last4) in [(card(), "4242"), (ach(), "6789"), (sepa(), "4931")] {
        fx.portal.set_payment_method(&fx.contact(), fx.account, &method).unwrap();
        let shown = printed(&fx.portal.account(&fx.user(), fx.account).unwrap());
        for secret in [CARD_TOKEN, ACH_TOKEN, IBAN, MANDATE, ROUTING, "Visa", "2030"] {
            assert!(!shown.contains(secret), "{secret} shown to an account user: {shown}");
        }
        assert!(shown.contains(last4), "{shown}");
    }
}

// DOMAIN: PRIV-1, PAY-2
#[test]
fn the_contact_and_vendor_staff_see_payment_details_but_never_the_processor_token() {
    let fx = Fixture::new();
    let masked_iban = corporate_billing::Iban::parse(IBAN).unwrap().masked();
    for (method, detail) in [(card(), "Visa"), (ach(), ROUTING), (sepa(), MANDATE), (sepa(), masked_iban.as_str())] {
        fx.portal.set_payment_method(&fx.contact(), fx.account, &method).unwrap();
        for caller in [fx.contact(), fx.rep(), fx.services()] {
            let shown = printed(&fx.portal.account(&caller, fx.account).unwrap());
            for secret in [CARD_TOKEN, ACH_TOKEN, IBAN] {
                assert!(!shown.contains(secret), "{secret} shown to {caller:?}: {shown}");
            }
            assert!(shown.contains(detail), "{detail} not shown to {caller:?}: {shown}");
        }
    }
}

// DOMAIN: PRIV-1
#[test]
fn account_users_do_not_see_invoice_recipients_not_even_the_contacts_own_address() {
    let fx = Fixture::new();
    fx.portal.add_invoice_recipient(&fx.contact(), fx.account, CONTACT_EMAIL).unwrap();
    fx.portal.add_invoice_recipient(&fx.contact(), fx.account, "controller@acme-gmbh.example").unwrap();
    let shown = printed(&fx.portal.account(&fx.user(), fx.account).unwrap()).to_lowercase();
    assert!(!shown.contains("controller@acme-gmbh.example"), "{shown}");
    assert_identity_absent(&shown);
}
