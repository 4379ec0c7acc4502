//! E-invoices through the portal: who may fetch them, what the contact keeps for them, credit
//! notes (EINV-1, EINV-2, EINV-4, EINV-5). The official XSD and Schematron check the samples of
//! `scripts/validate-einvoices`.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::*;
use corporate_billing::documents::cii::{SellerContact, SellerDetails};
use corporate_billing::{
    Caller, EInvoiceProfile, ElectronicAddress, EmailAddress, Error, InvoiceKind, PaymentMethod, Phone, PrintFormat,
    SepaCreditorId,
};
use rust_decimal_macros::dec;

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

fn field(e: Error) -> String {
    match e {
        Error::InvalidInput { field, .. } => field,
        other => panic!("{other:?}"),
    }
}

fn seller_details() -> SellerDetails {
    SellerDetails {
        contact: Some(SellerContact {
            name: "Accounts Receivable".into(),
            phone: Phone::parse("+31 20 1234567", None).unwrap(),
            email: EmailAddress::parse("ar@vendor.example").unwrap(),
        }),
        electronic_address: Some(ElectronicAddress::parse("EM", "einvoice@vendor.example").unwrap()),
        sepa_creditor_id: Some(SepaCreditorId::parse("DE98ZZZ09999999999").unwrap()),
        ..Default::default()
    }
}

// DOMAIN: EINV-1
#[test]
fn the_contact_and_vendor_staff_fetch_the_e_invoice_in_both_profiles() {
    let fx = Fixture::new();
    let inv = fx.invoice();
    let other = fx.other_company();
    let fx_xml = text(fx.portal.e_invoice(&fx.contact(), fx.account, inv.id, EInvoiceProfile::FacturXEn16931).unwrap());
    assert!(fx_xml.contains("<ram:ID>urn:cen.eu:en16931:2017</ram:ID>") && fx_xml.contains(&inv.number), "{fx_xml}");
    assert!(fx_xml.contains("<ram:GrandTotalAmount>767.10</ram:GrandTotalAmount>"));
    // SEPA direct debit (BT-81 59) with the mandate (BT-89) and the debited account (BT-91).
    assert!(fx_xml.contains("<ram:TypeCode>59</ram:TypeCode>") && fx_xml.contains("MANDATE-2026-001"));
    for caller in [fx.rep(), fx.services()] {
        fx.portal.e_invoice(&caller, fx.account, inv.id, EInvoiceProfile::FacturXEn16931).unwrap();
    }
    for caller in [fx.user(), fx.other_rep(), Caller::Anonymous, other.contact()] {
        assert_eq!(
            fails(fx.portal.e_invoice(&caller, fx.account, inv.id, EInvoiceProfile::FacturXEn16931)),
            Error::Forbidden,
            "{caller:?}"
        );
    }
    // Another account's invoice is not found (PRIV-2).
    assert_eq!(
        fails(fx.portal.e_invoice(&other.contact(), other.account, inv.id, EInvoiceProfile::FacturXEn16931)).code(),
        "not_found"
    );

    // XRechnung needs what the BR-DE rules require, and says which is missing.
    let x = EInvoiceProfile::XRechnung;
    assert_eq!(field(fails(fx.portal.e_invoice(&fx.contact(), fx.account, inv.id, x))), "buyer_reference");
    fx.portal.set_leitweg_id(&fx.contact(), fx.account, "991-33333TEST-33").unwrap();
    assert_eq!(field(fails(fx.portal.e_invoice(&fx.contact(), fx.account, inv.id, x))), "seller_contact");
    fx.portal.set_issuer_e_invoicing(fx.issuer, &seller_details()).unwrap();
    let xr = text(fx.portal.e_invoice(&fx.contact(), fx.account, inv.id, x).unwrap());
    assert!(xr.contains("xrechnung_3.0") && xr.contains("<ram:BuyerReference>991-33333TEST-33</ram:BuyerReference>"));
    assert!(xr.contains(r#"<ram:URIID schemeID="0204">991-33333TEST-33</ram:URIID>"#), "{xr}");
    assert!(xr.contains("<ram:CreditorReferenceID>DE98ZZZ09999999999</ram:CreditorReferenceID>"));
}

// DOMAIN: EINV-5
#[test]
fn the_contact_keeps_buyer_vat_id_and_reference_like_other_billing_data() {
    let fx = Fixture::new();
    let other = fx.other_company();
    let before = fx.snapshot();
    for caller in [fx.user(), fx.other_rep(), Caller::Anonymous, other.contact()] {
        assert_eq!(fails(fx.portal.set_buyer_vat_id(&caller, fx.account, Some("DE123456789"))), Error::Forbidden);
        assert_eq!(fails(fx.portal.set_buyer_reference(&caller, fx.account, Some("4711"))), Error::Forbidden);
        assert_eq!(fails(fx.portal.set_leitweg_id(&caller, fx.account, "991-33333TEST-33")), Error::Forbidden);
    }
    // Bad input is refused with the field named and changes nothing.
    assert_eq!(field(fails(fx.portal.set_buyer_vat_id(&fx.contact(), fx.account, Some("DE12345678")))), "vat_id");
    assert_eq!(field(fails(fx.portal.set_buyer_vat_id(&fx.contact(), fx.account, Some("FR40303265045")))), "vat_id");
    assert_eq!(field(fails(fx.portal.set_leitweg_id(&fx.contact(), fx.account, "991-33333TEST-34"))), "leitweg_id");
    assert_eq!(fx.snapshot(), before, "refused calls change nothing");

    let audit = fx.audit_count();
    assert_eq!(
        fx.portal.set_buyer_vat_id(&fx.contact(), fx.account, Some("de 987 654 321")).unwrap().unwrap().as_str(),
        "DE987654321"
    );
    assert_eq!(fx.last_audit().2, "buyer_vat_id_changed");
    fx.portal.set_buyer_reference(&fx.rep(), fx.account, Some("AP-4711")).unwrap();
    assert_eq!(fx.last_audit().2, "buyer_reference_changed");
    assert_eq!(fx.audit_count(), audit + 2);
    let inv = fx.invoice();
    let xml = text(fx.portal.e_invoice(&fx.contact(), fx.account, inv.id, EInvoiceProfile::FacturXEn16931).unwrap());
    assert!(xml.contains("<ram:BuyerReference>AP-4711</ram:BuyerReference>") && xml.contains(">DE987654321<"), "{xml}");
}

// DOMAIN: EINV-2
#[test]
fn an_eu_buyer_in_another_member_state_with_a_vat_id_is_billed_by_reverse_charge() {
    let fx = Fixture::new();
    let french = fx.open(&corporate_billing::NewAccount {
        billing_address: corporate_billing::BillingAddress::new(
            &lines("12 rue de la Paix", "75002", "Paris"),
            country("FR"),
        )
        .unwrap(),
        phone: "+33 1 23 45 67 89".into(),
        vat_rate: dec!(0),
        ..fx.new_account("Exemple SARL", fx.contact_login)
    });
    let zero = vec![line("Additional corporate seats", dec!(2), dec!(120.00), dec!(0))];
    let quote = |fx: &Fixture| {
        let q = fx
            .portal
            .issue_quote(&fx.rep(), french, &corporate_billing::NewQuote { lines: zero.clone(), ..fx.new_quote() })
            .unwrap();
        fx.portal.accept_quote(&fx.contact(), french, q.id, None).unwrap()
    };
    let before = quote(&fx);
    let xml = text(fx.portal.e_invoice(&fx.contact(), french, before.id, EInvoiceProfile::FacturXEn16931).unwrap());
    assert!(xml.contains("<ram:CategoryCode>Z</ram:CategoryCode>") && !xml.contains("VATEX-EU-AE"), "{xml}");
    fx.portal.set_buyer_vat_id(&fx.contact(), french, Some("FR40303265045")).unwrap();
    let after = quote(&fx);
    let xml = text(fx.portal.e_invoice(&fx.contact(), french, after.id, EInvoiceProfile::FacturXEn16931).unwrap());
    assert!(xml.contains("<ram:CategoryCode>AE</ram:CategoryCode>") && xml.contains("VATEX-EU-AE"), "{xml}");
    assert!(xml.contains("<ram:CalculatedAmount>0.00</ram:CalculatedAmount>"));
}

// DOMAIN: EINV-4
#[test]
fn voiding_issues_a_numbered_credit_note_381_that_refers_to_the_invoice() {
    let fx = Fixture::new();
    let inv = fx.invoice();
    let credit = fx.portal.void_invoice(&fx.services(), fx.account, inv.id, "Wrong number of seats").unwrap();
    let next = fx.invoice();
    // One series per issuer, gap-free, credit notes included.
    assert_eq!([&inv.number, &credit.number, &next.number], ["VE-000001", "VE-000002", "VE-000003"]);
    assert_eq!(credit.kind, InvoiceKind::CreditNote);
    // The contact sees the credit note beside the invoices.
    let listed: Vec<_> =
        fx.portal.invoices(&fx.contact(), fx.account).unwrap().into_iter().map(|s| (s.number, s.kind)).collect();
    assert!(listed.contains(&(credit.number.clone(), InvoiceKind::CreditNote)), "{listed:?}");
    let xml = text(fx.portal.e_invoice(&fx.contact(), fx.account, credit.id, EInvoiceProfile::FacturXEn16931).unwrap());
    assert!(xml.contains("<ram:TypeCode>381</ram:TypeCode>"), "{xml}");
    assert!(xml.contains(&format!("<ram:IssuerAssignedID>{}</ram:IssuerAssignedID>", inv.number)));
    assert!(xml.contains("<ram:GrandTotalAmount>767.10</ram:GrandTotalAmount>"), "credited amounts are positive");
    let original =
        text(fx.portal.e_invoice(&fx.contact(), fx.account, inv.id, EInvoiceProfile::FacturXEn16931).unwrap());
    assert!(original.contains("<ram:TypeCode>380</ram:TypeCode>") && !original.contains("InvoiceReferencedDocument"));
}

// DOMAIN: EINV-1, INV-1
#[test]
fn an_e_invoice_names_the_payment_means_in_force_when_it_was_issued() {
    let fx = Fixture::new();
    let by_debit = fx.invoice();
    fx.portal.set_payment_method(&fx.contact(), fx.account, &PaymentMethod::WireTransfer).unwrap();
    let by_transfer = fx.invoice();
    let xml = |id| text(fx.portal.e_invoice(&fx.contact(), fx.account, id, EInvoiceProfile::FacturXEn16931).unwrap());
    // BT-81: 59 is a SEPA direct debit (with the mandate, BT-89), 30 a credit transfer (to an
    // account the issuer has not named here).
    let debit = xml(by_debit.id);
    assert!(debit.contains("<ram:TypeCode>59</ram:TypeCode>") && debit.contains("MANDATE-2026-001"), "{debit}");
    let transfer = xml(by_transfer.id);
    assert!(transfer.contains("<ram:TypeCode>30</ram:TypeCode>") && !transfer.contains("MANDATE"), "{transfer}");
    // The PDF/A-3 embeds the same XML, so it keeps the means too.
    let pdf = fx.portal.print_invoice(&fx.contact(), fx.account, by_debit.id, PrintFormat::Pdf).unwrap();
    assert!(pdf.bytes.windows(b"factur-x.xml".len()).any(|w| w == b"factur-x.xml"));

    // An invoice issued before the means were kept follows the account's method.
    fx.raw()
        .execute("UPDATE invoices SET payment_method = NULL WHERE number = ?1", [by_debit.number.as_str()])
        .unwrap();
    assert!(xml(by_debit.id).contains("<ram:TypeCode>30</ram:TypeCode>"));
}

fn peppol_seller() -> SellerDetails {
    SellerDetails {
        electronic_address: Some(ElectronicAddress::parse("9930", "DE123456789").unwrap()),
        vat_id: Some(corporate_billing::VatId::parse("DE123456789").unwrap()),
        ..seller_details()
    }
}

// DOMAIN: EINV-6
#[test]
fn the_account_chooses_among_the_e_invoice_formats_its_data_satisfies() {
    use corporate_billing::EInvoiceFormat::{FacturXPdf, PeppolBisUbl, XRechnungCii, XRechnungUbl};
    let fx = Fixture::new();
    let inv = fx.invoice();
    // Without a buyer reference or electronic address only the PDF with Factur-X is possible.
    let s = fx.portal.e_invoice_settings(&fx.contact(), fx.account).unwrap();
    assert_eq!((s.format, s.chosen, s.available.clone()), (FacturXPdf, None, vec![FacturXPdf]));
    let before = fx.snapshot();
    assert_eq!(
        field(fails(fx.portal.set_e_invoice_format(&fx.contact(), fx.account, Some(PeppolBisUbl)))),
        "e_invoice_format"
    );
    // An electronic address is checked for its scheme when entered, the field named.
    assert_eq!(
        field(fails(fx.portal.set_buyer_electronic_address(&fx.contact(), fx.account, Some(("0208", "0403.170.702"))))),
        "electronic_address"
    );
    assert_eq!(fx.snapshot(), before, "refused calls change nothing");
    for caller in [fx.user(), fx.other_rep(), Caller::Anonymous] {
        assert_eq!(fails(fx.portal.set_e_invoice_format(&caller, fx.account, None)), Error::Forbidden);
        assert_eq!(fails(fx.portal.e_invoice_settings(&caller, fx.account)).code(), "forbidden");
    }

    // An e-mail address is enough for XRechnung but not for Peppol (CL008).
    fx.portal.set_issuer_e_invoicing(fx.issuer, &seller_details()).unwrap();
    fx.portal.set_buyer_reference(&fx.contact(), fx.account, Some("AP-4711")).unwrap();
    fx.portal.set_buyer_electronic_address(&fx.contact(), fx.account, Some(("EM", "ap@acme.example"))).unwrap();
    let s = fx.portal.e_invoice_settings(&fx.contact(), fx.account).unwrap();
    assert_eq!((s.format, s.available.clone()), (FacturXPdf, vec![FacturXPdf, XRechnungCii, XRechnungUbl]));
    // With Peppol participant IDs on both sides Peppol BIS is offered and becomes the default.
    fx.portal.set_issuer_e_invoicing(fx.issuer, &peppol_seller()).unwrap();
    fx.portal.set_buyer_electronic_address(&fx.contact(), fx.account, Some(("9930", "DE 987 654 321"))).unwrap();
    let s = fx.portal.e_invoice_settings(&fx.rep(), fx.account).unwrap();
    assert_eq!((s.format, s.default, s.available.len()), (PeppolBisUbl, PeppolBisUbl, 4));
    let doc = fx.portal.e_invoice_document(&fx.contact(), fx.account, inv.id).unwrap();
    let xml = String::from_utf8(doc.bytes).unwrap();
    assert_eq!(doc.file_name, format!("{}.peppol.xml", inv.number));
    assert!(
        xml.contains("poacc:billing:3.0</cbc:CustomizationID>") && xml.contains(r#"schemeID="9930">DE987654321<"#),
        "{xml}"
    );

    // The contact chooses; the document follows, and the change is audited.
    let s = fx.portal.set_e_invoice_format(&fx.contact(), fx.account, Some(XRechnungUbl)).unwrap();
    assert_eq!((s.format, s.chosen), (XRechnungUbl, Some(XRechnungUbl)));
    assert_eq!(fx.last_audit().2, "e_invoice_format_changed");
    let doc = fx.portal.e_invoice_document(&fx.contact(), fx.account, inv.id).unwrap();
    assert!(
        doc.file_name.ends_with(".xrechnung-ubl.xml")
            && String::from_utf8(doc.bytes).unwrap().contains("xrechnung_3.0")
    );
    fx.portal.set_e_invoice_format(&fx.contact(), fx.account, Some(FacturXPdf)).unwrap();
    let doc = fx.portal.e_invoice_document(&fx.services(), fx.account, inv.id).unwrap();
    assert!(doc.content_type == "application/pdf" && doc.bytes.starts_with(b"%PDF-"));
    let cii = fx.portal.e_invoice_as(&fx.contact(), fx.account, inv.id, XRechnungCii).unwrap();
    assert!(String::from_utf8(cii.bytes).unwrap().contains("<ram:BusinessProcessSpecifiedDocumentContextParameter>"));

    // A choice the data no longer satisfies gives way to the default, and comes back with it.
    fx.portal.set_e_invoice_format(&fx.contact(), fx.account, Some(PeppolBisUbl)).unwrap();
    fx.portal.set_buyer_reference(&fx.contact(), fx.account, None).unwrap();
    let s = fx.portal.e_invoice_settings(&fx.contact(), fx.account).unwrap();
    assert_eq!((s.format, s.chosen, s.available.clone()), (FacturXPdf, Some(PeppolBisUbl), vec![FacturXPdf]));
    // A German public buyer's Leitweg-ID makes XRechnung the default.
    fx.portal.set_e_invoice_format(&fx.contact(), fx.account, None).unwrap();
    fx.portal.set_leitweg_id(&fx.contact(), fx.account, "991-33333TEST-33").unwrap();
    let s = fx.portal.e_invoice_settings(&fx.contact(), fx.account).unwrap();
    assert_eq!((s.format, s.chosen), (XRechnungCii, None));
    assert_eq!(corporate_billing::EInvoiceFormat::parse("PEPPOL_BIS_UBL").unwrap(), PeppolBisUbl);
    assert_eq!(field(corporate_billing::EInvoiceFormat::parse("pdf").unwrap_err()), "e_invoice_format");
}

// DOMAIN: EINV-5, EINV-6
#[test]
fn the_billing_data_form_sets_the_buyer_e_invoicing_data_at_once_or_not_at_all() {
    use corporate_billing::BuyerEInvoicingInput;
    use corporate_billing::EInvoiceFormat::{PeppolBisUbl, XRechnungCii};
    let fx = Fixture::new();
    fx.portal.set_issuer_e_invoicing(fx.issuer, &peppol_seller()).unwrap();
    let before = fx.snapshot();
    let input = |vat: &str, reference: &str, address: (&str, &str), format| BuyerEInvoicingInput {
        vat_id: Some(vat.into()),
        reference: Some(reference.into()),
        electronic_address: Some((address.0.into(), address.1.into())),
        format,
    };
    // Each bad field is named, and nothing of the form is kept.
    for (bad, expected) in [
        (input("DE12345678", "AP-1", ("9930", "DE987654321"), None), "vat_id"),
        (input("DE987654321", "991-33333TEST-34", ("", ""), None), "leitweg_id"),
        (input("DE987654321", "AP-1", ("0192", "974760674"), None), "electronic_address"),
        (input("DE987654321", "AP-1", ("EM", "ap@acme.example"), Some(PeppolBisUbl)), "e_invoice_format"),
    ] {
        assert_eq!(field(fails(fx.portal.set_buyer_e_invoicing(&fx.contact(), fx.account, &bad))), expected);
    }
    assert_eq!(fx.snapshot(), before, "refused forms change nothing");
    assert_eq!(
        fails(fx.portal.set_buyer_e_invoicing(&fx.user(), fx.account, &input("", "AP-1", ("", ""), None))),
        Error::Forbidden
    );
    let s = fx
        .portal
        .set_buyer_e_invoicing(
            &fx.contact(),
            fx.account,
            &input(" de 987654321 ", "AP-1", ("9930", "DE987654321"), Some(PeppolBisUbl)),
        )
        .unwrap();
    assert_eq!((s.format, s.buyer.vat_id.unwrap().as_str()), (PeppolBisUbl, "DE987654321"));
    assert_eq!(fx.last_audit().2, "buyer_e_invoicing_changed");
    // A Leitweg-ID as reference is checked and, with no other address, addresses the buyer too.
    let s = fx
        .portal
        .set_buyer_e_invoicing(&fx.contact(), fx.account, &input("", "991-33333test-33", ("", ""), None))
        .unwrap();
    assert_eq!(s.buyer.reference.as_deref(), Some("991-33333TEST-33"));
    assert_eq!(s.buyer.electronic_address.as_ref().map(|a| a.scheme()), Some("0204"));
    assert_eq!((s.format, s.buyer.vat_id), (XRechnungCii, None));
}
