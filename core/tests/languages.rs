//! Every notification kind, every printed document and every error, rendered in each language,
//! holds no text of the other language's catalogue, no untranslated key and no unfilled
//! placeholder (DOCS-1, DOCS-2).

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use corporate_billing::messages::{self, has_unfilled_placeholder};
use corporate_billing::{
    Error, Language, LinkSecret, NewLogin, NotificationKind, PortalConfig, PrintFormat, RequestKind,
};
use std::collections::BTreeSet;
use time::Duration;

fn with_links() -> PortalConfig {
    PortalConfig {
        credential_link_base_url: Some("https://billing.vendor.example/password".into()),
        link_secret: Some(LinkSecret::new(b"0123456789abcdef0123456789abcdef".to_vec()).unwrap()),
        ..config()
    }
}

/// The literal pieces of `lang`'s catalogue texts that the other language's catalogue does not
/// share, long enough to be a phrase rather than a shared word or name.
fn phrases_of(lang: Language, other: Language) -> Vec<String> {
    let theirs: Vec<&str> = messages::catalogue(other).iter().map(|(_, t)| *t).collect();
    let mut out = BTreeSet::new();
    for (_, text) in messages::catalogue(lang) {
        let mut rest = *text;
        while !rest.is_empty() {
            let (piece, after) = match rest.find('{') {
                Some(i) => (&rest[..i], rest[i..].split_once('}').map_or("", |(_, a)| a)),
                None => (rest, ""),
            };
            let piece = piece.trim_matches(|c: char| !c.is_alphanumeric());
            if piece.chars().count() >= 14 && !theirs.iter().any(|t| t.contains(piece)) {
                out.insert(piece.to_owned());
            }
            rest = after;
        }
    }
    out.into_iter().collect()
}

/// Words that give one language away in the other's text.
fn giveaways(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::De => &[" the ", " your ", " will be ", " please ", " invoice ", " is due", "Payment reminder"],
        Language::En => &[" der ", " die ", " und ", " Sie ", " Ihre ", " Rechnung ", " bitte "],
    }
}

fn check(lang: Language, what: &str, text: &str) {
    let other = Language::ALL.into_iter().find(|l| *l != lang).unwrap();
    for phrase in phrases_of(other, lang) {
        assert!(!text.contains(&phrase), "{lang:?} {what} holds the {other:?} text {phrase:?}:\n{text}");
    }
    let padded = format!(" {} ", text.replace(['\n', '(', ')', ':', ',', '.'], " "));
    for word in giveaways(lang) {
        assert!(!padded.contains(word), "{lang:?} {what} holds {word:?}:\n{text}");
    }
    for (key, _) in messages::catalogue(lang) {
        assert!(!text.contains(key), "{lang:?} {what} shows the key {key}:\n{text}");
    }
    assert!(!has_unfilled_placeholder(text), "{lang:?} {what} has an unfilled placeholder:\n{text}");
}

// DOMAIN: DOCS-1, DOCS-2
#[test]
fn every_notification_document_and_error_is_in_one_language() {
    for lang in Language::ALL {
        let fx = Fixture::with_config(with_links());
        fx.portal.set_document_language(&fx.services(), fx.account, Some(lang)).unwrap();
        fx.drain();
        let today = fx.today();

        // An invoice (with its quote), a purchase order near its end, requests decided both ways.
        let invoice = fx.invoice();
        fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-7", today + Duration::days(10)).unwrap();
        fx.portal.remind_expiring_purchase_orders(&fx.services(), today).unwrap();
        let other = RequestKind::Other { text: "Please call back".into() };
        let r = fx.portal.submit_request(&fx.contact(), fx.account, &other).unwrap();
        fx.portal.complete_request(&fx.services(), fx.account, r.id, None).unwrap();
        let copy = RequestKind::InvoiceCopy { invoice_number: invoice.number.clone() };
        let r = fx.portal.submit_request(&fx.contact(), fx.account, &copy).unwrap();
        fx.portal.complete_request(&fx.services(), fx.account, r.id, None).unwrap();
        let r = fx.portal.submit_request(&fx.contact(), fx.account, &other).unwrap();
        fx.portal.reject_request(&fx.services(), fx.account, r.id, "Not possible").unwrap();
        // Password mail: a reset link and a change.
        fx.portal.forgot_password(CONTACT_USERNAME).unwrap();
        fx.portal.change_password(&fx.session.token, PASSWORD, "a different and long passphrase 7").unwrap();
        // A payment reminder for the invoice, once overdue.
        fx.advance_days(60);
        fx.portal.run_dunning(&fx.services(), fx.today()).unwrap();
        // The billing contact hands over to a new person (BC-2).
        let newcomer = NewLogin {
            name: "Nina Neu".into(),
            email: "nina.neu@example.com".into(),
            username: Some("nina.neu".into()),
            phone: None,
        };
        fx.portal.change_billing_contact_to_new_login(&fx.services(), fx.account, &newcomer).unwrap();

        let mail = fx.pending();
        let kinds: BTreeSet<String> = mail.iter().map(|n| format!("{:?}", n.kind)).collect();
        for kind in [
            NotificationKind::InvoiceIssued,
            NotificationKind::QuoteIssued,
            NotificationKind::BillingContactChanged,
            NotificationKind::RequestCompleted,
            NotificationKind::RequestRejected,
            NotificationKind::PurchaseOrderExpiring,
            NotificationKind::PasswordReset,
            NotificationKind::SetPassword,
            NotificationKind::PasswordChanged,
            NotificationKind::PaymentReminder,
        ] {
            assert!(kinds.contains(&format!("{kind:?}")), "{lang:?}: no {kind:?} was written ({kinds:?})");
        }
        for n in &mail {
            check(lang, &format!("{:?} subject", n.kind), &n.subject);
            check(lang, &format!("{:?} body", n.kind), &n.body);
        }

        // The printed documents.
        for format in [PrintFormat::Text, PrintFormat::Html] {
            let printed = fx.portal.print_invoice(&fx.services(), fx.account, invoice.id, format).unwrap();
            check(lang, &format!("{format:?} invoice"), &printed.into_text().unwrap());
        }
        let read = fx.portal.invoice(&fx.services(), fx.account, invoice.id).unwrap();
        check(lang, "payment sentence", &read.payment_sentence(lang));

        // Every error.
        for e in [
            Error::InvalidCredentials,
            Error::Unauthenticated,
            Error::InvalidToken,
            Error::NotConfigured { what: "link_secret" },
            Error::Forbidden,
            Error::NotFound { entity: "invoice" },
            Error::Conflict { reason: "the quote has already been decided".into() },
            Error::QuoteExpired,
            Error::InvalidInput { field: "postal_code".into(), reason: "is required".into() },
            Error::NotCorporateAccount,
            Error::PurchaseOrderRequired,
            Error::NotAvailableInCountry,
            Error::CurrencyMismatch,
            Error::AuditChainBroken { seq: 3 },
            Error::LimitReached { what: "purchase_orders", limit: 20 },
            Error::Busy,
            Error::Storage("IoErr".into()),
        ] {
            check(lang, &format!("{e:?}"), &e.message(lang));
        }
    }
}

// DOMAIN: DOCS-2, SUB-3
#[test]
fn a_renewal_line_is_written_in_the_documents_language() {
    for (lang, words) in [(Language::De, [" bis ", "(jährlich)"]), (Language::En, [" to ", "(annual)"])] {
        let fx = Fixture::new();
        fx.portal.set_document_language(&fx.services(), fx.account, Some(lang)).unwrap();
        fx.portal.run_renewals(&fx.services(), TERM_END).unwrap();
        let newest = fx.portal.invoices(&fx.contact(), fx.account).unwrap().remove(0);
        let renewal = fx.portal.invoice(&fx.contact(), fx.account, newest.id).unwrap();
        let line = &renewal.document.lines[0].description;
        assert!(words.iter().all(|w| line.contains(w)), "{lang:?}: {line}");
        check(lang, "renewal line", line);
    }
}
