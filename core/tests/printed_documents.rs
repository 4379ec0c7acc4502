//! Printed invoices and credit notes as a reader sees them: poppler's `pdftotext` reads the
//! PDF/A-3 back and `pdfdetach` takes out the e-invoice it embeds (Debian poppler-utils, which
//! scripts/test-rust installs). Reverse charge and the parties' VAT IDs, every character of the
//! names, credit notes (EINV-3, EINV-4, EINV-6, INV-3, DOCS-1).

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::*;
use corporate_billing::{AccountId, BillingAddress, Error, InvoiceId, Language, NewAccount, NewQuote, PrintFormat};
use rust_decimal_macros::dec;
use std::path::Path;
use std::process::Command;

fn run(tool: &str, args: &[&str], dir: &Path) -> Vec<u8> {
    let out = Command::new(tool)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is installed: {e}"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// The PDF's text, whitespace collapsed, and the e-invoice it embeds.
fn read_pdf(fx: &Fixture, account: AccountId, id: InvoiceId) -> (String, String) {
    let pdf = fx.portal.print_invoice(&fx.contact(), account, id, PrintFormat::Pdf).unwrap();
    let dir = fx.dir.path().join(format!("pdf-{id}"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("doc.pdf"), &pdf.bytes).unwrap();
    let text = String::from_utf8(run("pdftotext", &["-raw", "-enc", "UTF-8", "doc.pdf", "-"], &dir)).unwrap();
    run("pdfdetach", &["-saveall", "doc.pdf"], &dir);
    let xml = std::fs::read_to_string(dir.join("factur-x.xml")).unwrap();
    (flat(&text), xml)
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn printed(fx: &Fixture, account: AccountId, id: InvoiceId, format: PrintFormat) -> String {
    flat(&fx.portal.print_invoice(&fx.contact(), account, id, format).unwrap().into_text().unwrap())
}

/// Every `<ram:Name>` of a CII document (seller, buyer, each line's item), entities resolved.
fn names(xml: &str) -> Vec<String> {
    xml.split("<ram:Name>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</ram:Name>").map(|(name, _)| name))
        .map(|n| {
            n.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

fn invoice_for(fx: &Fixture, account: AccountId, lines: Vec<corporate_billing::LineInput>) -> InvoiceId {
    let q = fx.portal.issue_quote(&fx.rep(), account, &NewQuote { lines, ..fx.new_quote() }).unwrap();
    fx.portal.accept_quote(&fx.contact(), account, q.id, None).unwrap().id
}

// DOMAIN: EINV-6, EINV-3
#[test]
fn every_character_of_the_e_invoices_names_prints_in_the_pdf_greek_cyrillic_and_emoji_included() {
    let fx = Fixture::new();
    let company = "Ωmega Δίκτυα & ООО «Ромашка» 🚀";
    let account = fx.open(&NewAccount { company_name: company.into(), ..fx.new_account("x", fx.contact_login) });
    let id = invoice_for(
        &fx,
        account,
        vec![
            line("Поддержка ★★★ — support 👍🎉", dec!(1), dec!(100), dec!(19)),
            line("Ελληνικά: εγκατάσταση ✓ → ∞ ❤\u{fe0f} 😀", dec!(2), dec!(50), dec!(19)),
        ],
    );
    let (text, xml) = read_pdf(&fx, account, id);
    let names = names(&xml);
    assert!(names.iter().any(|n| n == company), "{names:?}");
    assert!(names.len() >= 4, "seller, buyer and two lines: {names:?}");
    for name in &names {
        assert!(text.contains(&flat(name)), "{name:?} is not in the PDF's text: {text}");
    }
    assert!(!text.contains('?'), "nothing printed as '?': {text}");
}

// DOMAIN: EINV-6, API-2
#[test]
fn text_no_embedded_font_can_print_is_refused_when_it_is_entered() {
    let fx = Fixture::new();
    let before = fx.snapshot();
    for company in ["東京システム株式会社", "שלום בע\"מ", "Acme 🫠"] {
        match fx.portal.open_account(&fx.rep(), &fx.new_account(company, fx.contact_login)) {
            Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "company_name", "{company}"),
            other => panic!("{company}: {other:?}"),
        }
    }
    let lines = vec![line("Support 東京", dec!(1), dec!(10), dec!(19))];
    let refused = fx.portal.issue_quote(&fx.rep(), fx.account, &NewQuote { lines, ..fx.new_quote() });
    assert!(matches!(refused, Err(Error::InvalidInput { .. })), "{refused:?}");
    assert_eq!(fx.snapshot(), before);
}

// DOMAIN: EINV-6, DOCS-1, INV-3
#[test]
fn a_reverse_charge_invoice_prints_both_vat_ids_and_the_wording_in_the_documents_language() {
    let fx = Fixture::new();
    let french = fx.open(&NewAccount {
        billing_address: BillingAddress::new(&lines("12 rue de la Paix", "75002", "Paris"), country("FR")).unwrap(),
        phone: "+33 1 23 45 67 89".into(),
        vat_rate: dec!(0),
        ..fx.new_account("Exemple SARL", fx.contact_login)
    });
    fx.portal.set_buyer_vat_id(&fx.contact(), french, Some("FR40303265045")).unwrap();
    let id = invoice_for(&fx, french, vec![line("Additional corporate seats", dec!(2), dec!(120.00), dec!(0))]);
    for (lang, wording, buyer_label, seller_label) in [
        (Language::En, "Reverse charge", "Customer VAT ID: FR40303265045", "VAT ID: NL123456789B01"),
        (
            Language::De,
            "Steuerschuldnerschaft des Leistungsempfängers",
            "USt-IdNr. des Leistungsempfängers: FR40303265045",
            "USt-IdNr.: NL123456789B01",
        ),
    ] {
        fx.portal.set_document_language(&fx.contact(), french, Some(lang)).unwrap();
        // The language is the invoice's own (INV-1), so each language needs its own invoice.
        let id = if lang == Language::En {
            id
        } else {
            invoice_for(&fx, french, vec![line("Zusätzliche Plätze", dec!(2), dec!(120.00), dec!(0))])
        };
        let (pdf, xml) = read_pdf(&fx, french, id);
        assert!(xml.contains("<ram:CategoryCode>AE</ram:CategoryCode>"), "{xml}");
        for shown in [pdf, printed(&fx, french, id, PrintFormat::Text), printed(&fx, french, id, PrintFormat::Html)] {
            for needle in [wording, buyer_label, seller_label] {
                assert!(shown.contains(needle), "{lang:?}: {needle:?} in {shown}");
            }
        }
    }
    // A domestic invoice at 19 % has no reverse-charge wording, and names no buyer VAT ID it lacks.
    let domestic = fx.invoice();
    let (pdf, _) = read_pdf(&fx, fx.account, domestic.id);
    assert!(!pdf.contains("Reverse charge") && !pdf.contains("Steuerschuldnerschaft"), "{pdf}");
    assert!(!pdf.contains("Leistungsempfängers:") && !pdf.contains("Customer VAT ID"), "{pdf}");
}

// DOMAIN: INV-3, EINV-4
#[test]
fn a_credit_note_prints_positive_amounts_the_invoice_it_cancels_and_no_payment_request() {
    let fx = Fixture::new();
    let inv = fx.invoice();
    let credit = fx.portal.void_invoice(&fx.services(), fx.account, inv.id, "Wrong number of seats").unwrap();
    let (pdf, xml) = read_pdf(&fx, fx.account, credit.id);
    assert!(xml.contains("<ram:TypeCode>381</ram:TypeCode>"), "the XML stays a 381");
    let text = printed(&fx, fx.account, credit.id, PrintFormat::Text);
    let html = printed(&fx, fx.account, credit.id, PrintFormat::Html);
    // The fixture's account prints in German (DOCS-1).
    for shown in [&pdf, &text, &html] {
        assert!(shown.contains("767,10"), "{shown}");
        assert!(!shown.contains("-767,10") && !shown.contains("-120,00"), "{shown}");
        assert!(shown.contains(&inv.number), "names the invoice it cancels: {shown}");
        assert!(!shown.contains("Fällig am") && !shown.contains("Bitte überweisen"), "{shown}");
    }
    assert!(pdf.contains("Stornorechnung") && text.contains("STORNORECHNUNG"), "{pdf}");
    // The invoice itself keeps its due date and payment request.
    let original = printed(&fx, fx.account, inv.id, PrintFormat::Text);
    assert!(original.contains("Fällig am") && original.contains("Zahlung:"), "{original}");
}

// DOMAIN: EINV-6, API-2
#[test]
fn an_issuer_charging_a_countrys_vat_without_a_vat_id_of_that_country_is_refused_and_nothing_changes() {
    let fx = Fixture::new();
    let us_issuer = fx
        .portal
        .create_issuer(&corporate_billing::IssuerProfile {
            legal_name: "Vendor Inc.".into(),
            address: us_address(),
            tax_id: "91-1234567".into(),
            invoice_prefix: "VI-".into(),
            remittance: "Bank of Examples, account 123".into(),
        })
        .unwrap();
    let before = fx.snapshot();
    // German VAT charged by a US company that has no German VAT ID.
    let german = NewAccount { issuer: us_issuer, ..fx.new_account("Beispiel GmbH", fx.contact_login) };
    match fx.portal.open_account(&fx.rep(), &german) {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "issuer_vat_id"),
        other => panic!("{other:?}"),
    }
    assert_eq!(fx.snapshot(), before);
    // Without VAT (the German business accounts for it), and at home with US sales tax, it may.
    fx.open(&NewAccount { vat_rate: dec!(0), ..german });
    fx.open(&NewAccount {
        issuer: us_issuer,
        billing_address: us_address(),
        phone: "+1 617 555 0100".into(),
        vat_rate: dec!(6.25),
        ..fx.new_account("Example Inc.", fx.contact_login)
    });
}
