//! The UBL writer's own rules: the document per kind, the profile identifiers, Peppol's
//! addressing and reference rules. The official UBL 2.1 XSD and the EN 16931, XRechnung and
//! Peppol rule sets check the samples in `scripts/validate-einvoices`.

use super::*;
use crate::documents::cii::tests::{buyer, invoice, seller};
use crate::values::{CardOnFile, VatId};
use rust_decimal_macros::dec;
use time::macros::date;

fn ubl(inv: &Invoice, b: &BuyerDetails, s: &SellerDetails, profile: UblProfile) -> Result<String> {
    write(inv, &PaymentMethod::WireTransfer, s, b, None, profile).map(|x| String::from_utf8(x).unwrap_or_default())
}

fn peppol_seller() -> SellerDetails {
    SellerDetails { electronic_address: Some(ElectronicAddress::parse("9930", "DE123456789").unwrap()), ..seller() }
}

fn field(r: Result<String>) -> String {
    match r {
        Err(Error::InvalidInput { field, .. }) => field,
        other => panic!("{other:?}"),
    }
}

// DOMAIN: EINV-6
#[test]
fn xrechnung_and_peppol_ubl_name_their_specification_process_and_totals() {
    let de = invoice("DE", "EUR", dec!(120), dec!(19));
    let x = ubl(&de, &buyer(), &peppol_seller(), UblProfile::XRechnung).unwrap();
    assert!(x.contains("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\""), "{x}");
    assert!(x.contains("<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0<"));
    assert!(x.contains("<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>"));
    assert!(x.contains("<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>") && x.contains("<cbc:DueDate>2026-04-01<"));
    assert!(x.contains(r#"<cbc:PayableAmount currencyID="EUR">428.40</cbc:PayableAmount>"#));
    assert!(x.contains(r#"<cbc:EndpointID schemeID="0204">991-33333TEST-33</cbc:EndpointID>"#));
    assert!(x.contains("<cbc:BuyerReference>991-33333TEST-33</cbc:BuyerReference>"));
    let p = ubl(&de, &buyer(), &peppol_seller(), UblProfile::PeppolBis).unwrap();
    assert!(p.contains("urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>"));
    assert!(p.contains(r#"<cbc:EndpointID schemeID="9930">DE123456789</cbc:EndpointID>"#));
}

// DOMAIN: EINV-4, EINV-6
#[test]
fn a_credit_note_is_a_ubl_credit_note_381_with_the_invoice_it_cancels() {
    let mut cn = invoice("DE", "EUR", dec!(120), dec!(19));
    cn.kind = InvoiceKind::CreditNote;
    cn.document.lines = cn
        .document
        .lines
        .iter()
        .map(|l| crate::domain::lines::Line { unit_price: -l.unit_price, net: l.net.negated(), ..l.clone() })
        .collect();
    cn.document.totals = cn.document.totals.negated();
    assert_eq!(field(ubl(&cn, &buyer(), &peppol_seller(), UblProfile::PeppolBis)), "refers_to");
    let pre = Preceding { number: "VE-000000".into(), issue_date: date!(2026 - 02 - 01) };
    let x = String::from_utf8(
        write(&cn, &PaymentMethod::WireTransfer, &peppol_seller(), &buyer(), Some(&pre), UblProfile::PeppolBis)
            .unwrap(),
    )
    .unwrap();
    assert!(x.contains("<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\""));
    assert!(x.contains("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>") && x.contains("<cac:CreditNoteLine>"));
    assert!(x.contains("<cbc:CreditedQuantity unitCode=\"C62\">3</cbc:CreditedQuantity>"), "{x}");
    let reference = x.split("<cac:BillingReference>").nth(1).unwrap().split("</cac:BillingReference>").next();
    let reference = reference.unwrap();
    assert!(reference.contains("<cbc:ID>VE-000000</cbc:ID>") && reference.contains(">2026-02-01<"), "{x}");
    // Positive amounts; the due date moves into the payment means (a credit note has no BT-9 element).
    assert!(!x.contains(">-") && !x.contains("<cbc:DueDate>") && x.contains("<cbc:PaymentDueDate>"));
}

// DOMAIN: EINV-6
#[test]
fn peppol_refuses_e_mail_addresses_and_invoices_without_buyer_or_order_reference() {
    let de = invoice("DE", "EUR", dec!(120), dec!(19));
    // The fixture seller is addressed by e-mail: an EN 16931 scheme, no Peppol one (CL008).
    assert_eq!(field(ubl(&de, &buyer(), &seller(), UblProfile::PeppolBis)), "electronic_address");
    assert!(ubl(&de, &buyer(), &seller(), UblProfile::XRechnung).is_ok(), "XRechnung accepts EM");
    let em_buyer =
        BuyerDetails { electronic_address: Some(ElectronicAddress::parse("EM", "ap@b.example").unwrap()), ..buyer() };
    assert_eq!(field(ubl(&de, &em_buyer, &peppol_seller(), UblProfile::PeppolBis)), "electronic_address");
    // PEPPOL-EN16931-R003: a buyer reference or a purchase order.
    let no_reference = BuyerDetails { reference: None, ..buyer() };
    assert_eq!(field(ubl(&de, &no_reference, &peppol_seller(), UblProfile::PeppolBis)), "buyer_reference");
    let mut with_po = de.clone();
    with_po.document.purchase_order = Some("PO-1".into());
    let x = ubl(&with_po, &no_reference, &peppol_seller(), UblProfile::PeppolBis).unwrap();
    assert!(x.contains("<cac:OrderReference>\n    <cbc:ID>PO-1</cbc:ID>") && !x.contains("BuyerReference"), "{x}");
}

// DOMAIN: EINV-2, EINV-6
#[test]
fn reverse_charge_names_both_vat_ids_and_not_subject_has_no_rate() {
    let fr = invoice("FR", "EUR", dec!(100), dec!(0));
    let with_vat = BuyerDetails { vat_id: Some(VatId::parse("FR40303265045").unwrap()), ..buyer() };
    let x = ubl(&fr, &with_vat, &peppol_seller(), UblProfile::PeppolBis).unwrap();
    assert!(x.contains("<cbc:ID>AE</cbc:ID>") && x.contains("VATEX-EU-AE"), "{x}");
    assert!(x.contains("<cbc:CompanyID>FR40303265045</cbc:CompanyID>"));
    assert!(x.contains("<cbc:CompanyID>DE123456789</cbc:CompanyID>"));
    let us = invoice("US", "USD", dec!(100), dec!(0));
    let card = PaymentMethod::Card(CardOnFile::new("tok", crate::values::CardBrand::Visa, "4242", 12, 2030).unwrap());
    let x = String::from_utf8(write(&us, &card, &peppol_seller(), &buyer(), None, UblProfile::PeppolBis).unwrap());
    let x = x.unwrap();
    // BR-O-05: the line has no rate; BR-DE-14: the breakdown states 0 %.
    let line = x.split("<cac:InvoiceLine>").nth(1).unwrap();
    assert!(x.contains("<cbc:ID>O</cbc:ID>") && !line.contains("<cbc:Percent>"), "{x}");
    assert!(x.contains("<cbc:Percent>0</cbc:Percent>") && !x.contains(">DE123456789</cbc:Company"));
    assert!(x.contains("<cbc:PaymentMeansCode>48</cbc:PaymentMeansCode>") && x.contains("<cbc:NetworkID>VISA<"));
}
