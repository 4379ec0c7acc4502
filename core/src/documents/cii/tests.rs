//! The e-invoice writer's own rules: document types, categories, amounts, and the BR-DE rules of
//! XRechnung it enforces. The official XSD and Schematron check the samples in
//! `scripts/validate-einvoices`.

use super::*;
use crate::domain::invoice::{InvoiceDocument, InvoiceStatus, ServicePeriod};
use crate::domain::lines::{LineInput, price_lines};
use crate::values::{AccountId, AddressLines, Country, CreditorReference, InvoiceId, IssuerId, Money, SepaDebit};
use rust_decimal_macros::dec;
use time::macros::date;

fn address(postal_code: &str, country: &str) -> BillingAddress {
    let lines = AddressLines {
        line1: "1 Street".into(),
        city: "Town".into(),
        postal_code: postal_code.into(),
        ..Default::default()
    };
    BillingAddress::new(&lines, Country::parse(country).unwrap()).unwrap()
}

pub(crate) fn invoice(country: &str, currency: &str, price: Decimal, rate: Decimal) -> Invoice {
    let line = LineInput { description: "Seats".into(), quantity: dec!(3), unit_price: price, vat_rate: rate };
    let currency = Currency::parse(currency).unwrap();
    let (lines, totals) = price_lines(&[line], currency).unwrap();
    let (account_id, number) = (AccountId::generate(), "VE-000001".to_owned());
    Invoice {
        id: InvoiceId::generate(),
        account_id,
        creditor_reference: CreditorReference::for_invoice(IssuerId::generate(), &number),
        number,
        kind: InvoiceKind::Invoice,
        refers_to: None,
        issue_date: date!(2026 - 03 - 02),
        due_date: date!(2026 - 04 - 01),
        status: InvoiceStatus::Open,
        overdue: false,
        paid_on: None,
        amount_paid: Money::zero(currency),
        balance_due: totals.total,
        dunning_stage: None,
        void_reason: None,
        document: InvoiceDocument {
            issuer: IssuerProfile {
                legal_name: "Vendor GmbH".into(),
                address: address("10117", "DE"),
                tax_id: "DE123456789".into(),
                invoice_prefix: "VE-".into(),
                remittance: String::new(),
            },
            bill_to_name: "Buyer".into(),
            bill_to: address("75002", country),
            billing_contact_user_id: "ap.admin".into(),
            purchase_order: None,
            lines,
            totals,
            payment_instructions: String::new(),
            service_period: None,
            language: Default::default(),
        },
    }
}

pub(crate) fn seller() -> SellerDetails {
    SellerDetails {
        legal_registration_id: Some("HRB 1".into()),
        contact: Some(SellerContact {
            name: "AR".into(),
            phone: Phone::parse("+49 30 1234567", None).unwrap(),
            email: EmailAddress::parse("ar@vendor.example").unwrap(),
        }),
        electronic_address: Some(ElectronicAddress::parse("EM", "e@vendor.example").unwrap()),
        iban: Some(Iban::parse("DE44 5001 0517 5407 3249 31").unwrap()),
        ..Default::default()
    }
}

pub(crate) fn buyer() -> BuyerDetails {
    BuyerDetails {
        vat_id: None,
        reference: Some("991-33333TEST-33".into()),
        electronic_address: Some(ElectronicAddress::parse("0204", "991-33333TEST-33").unwrap()),
    }
}

fn xml(
    inv: &Invoice,
    pay: &PaymentMethod,
    s: &SellerDetails,
    b: &BuyerDetails,
    profile: EInvoiceProfile,
) -> Result<String> {
    write(inv, pay, s, b, None, profile).map(|x| String::from_utf8(x).unwrap())
}

fn field(r: Result<String>) -> String {
    match r {
        Err(Error::InvalidInput { field, .. }) => field,
        other => panic!("{other:?}"),
    }
}

// DOMAIN: EINV-1
#[test]
fn the_profile_names_its_specification_and_amounts_keep_their_currency() {
    let de = invoice("DE", "EUR", dec!(120), dec!(19));
    let x = xml(&de, &PaymentMethod::WireTransfer, &seller(), &buyer(), EInvoiceProfile::XRechnung).unwrap();
    // BR-DE-21: the XRechnung specification identifier.
    assert!(
        x.contains("<ram:ID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</ram:ID>"),
        "{x}"
    );
    assert!(
        x.contains("<ram:TypeCode>380</ram:TypeCode>")
            && x.contains("<ram:GrandTotalAmount>428.40</ram:GrandTotalAmount>")
    );
    assert!(
        x.contains("<ram:TypeCode>58</ram:TypeCode>")
            && x.contains(&format!("<ram:PaymentReference>{}</ram:PaymentReference>", de.creditor_reference))
    );
    let fx = xml(&de, &PaymentMethod::WireTransfer, &seller(), &buyer(), EInvoiceProfile::FacturXEn16931).unwrap();
    assert!(fx.contains("<ram:ID>urn:cen.eu:en16931:2017</ram:ID>"));
    // A one-off sale bills no period (BG-14); a subscription's invoice names its own.
    assert!(!fx.contains("BillingSpecifiedPeriod"));
    let mut yearly = de.clone();
    yearly.document.service_period =
        Some(ServicePeriod { first_day: date!(2026 - 03 - 02), last_day: date!(2027 - 03 - 01) });
    let y = xml(&yearly, &PaymentMethod::WireTransfer, &seller(), &buyer(), EInvoiceProfile::XRechnung).unwrap();
    let period = y.split("<ram:BillingSpecifiedPeriod>").nth(1).unwrap().split("</ram:BillingSpecifiedPeriod>").next();
    let period = period.unwrap();
    let start = period.find(">20260302<").unwrap();
    assert!(period[..start].contains("<ram:StartDateTime>") && period[start..].contains(">20270301<"), "{period}");
    // After the VAT breakdown and before the payment terms, as the CII schema orders them.
    let at = |tag: &str| y.find(tag).unwrap();
    assert!(at("<ram:ApplicableTradeTax>") < at("<ram:BillingSpecifiedPeriod>"));
    assert!(at("<ram:BillingSpecifiedPeriod>") < at("<ram:SpecifiedTradePaymentTerms>"));
    let jpy = xml(
        &invoice("JP", "JPY", dec!(333.5), dec!(0)),
        &PaymentMethod::Check,
        &seller(),
        &buyer(),
        EInvoiceProfile::FacturXEn16931,
    )
    .unwrap();
    assert!(jpy.contains("<ram:GrandTotalAmount>1001</ram:GrandTotalAmount>"), "{jpy}");
    // Three decimals are written as two when the third is zero, and refused otherwise.
    let bhd = xml(
        &invoice("BH", "BHD", dec!(1.250), dec!(0)),
        &PaymentMethod::Check,
        &seller(),
        &buyer(),
        EInvoiceProfile::FacturXEn16931,
    )
    .unwrap();
    assert!(bhd.contains("<ram:GrandTotalAmount>3.75</ram:GrandTotalAmount>"), "{bhd}");
    let odd = invoice("BH", "BHD", dec!(1.251), dec!(0));
    assert_eq!(
        field(xml(&odd, &PaymentMethod::Check, &seller(), &buyer(), EInvoiceProfile::FacturXEn16931)),
        "currency"
    );
}

// DOMAIN: EINV-2
#[test]
fn reverse_charge_and_not_subject_lines_carry_their_category_reason_and_identifiers() {
    let fr = invoice("FR", "EUR", dec!(100), dec!(0));
    let with_vat = BuyerDetails { vat_id: Some(VatId::parse("FR40303265045").unwrap()), ..buyer() };
    let x = xml(&fr, &PaymentMethod::WireTransfer, &seller(), &with_vat, EInvoiceProfile::FacturXEn16931).unwrap();
    assert!(x.contains("<ram:CategoryCode>AE</ram:CategoryCode>") && x.contains("VATEX-EU-AE"), "{x}");
    assert!(x.contains(">FR40303265045<") && x.contains(">DE123456789<"));
    // Without the buyer's VAT ID the same 0 % line is zero-rated, not reverse charge.
    let x = xml(&fr, &PaymentMethod::WireTransfer, &seller(), &buyer(), EInvoiceProfile::FacturXEn16931).unwrap();
    assert!(x.contains("<ram:CategoryCode>Z</ram:CategoryCode>") && !x.contains("VATEX"), "{x}");
    // BR-O-02, BR-O-05: outside the EU, no VAT IDs and no line rate.
    let us = invoice("US", "USD", dec!(100), dec!(0));
    let x = xml(&us, &PaymentMethod::Check, &seller(), &buyer(), EInvoiceProfile::FacturXEn16931).unwrap();
    assert!(x.contains("<ram:CategoryCode>O</ram:CategoryCode>") && x.contains("VATEX-EU-O"), "{x}");
    assert!(!x.contains("DE123456789") && x.contains("HRB 1"));
    let no_registration = SellerDetails { legal_registration_id: None, ..seller() };
    let x = xml(&us, &PaymentMethod::Check, &no_registration, &buyer(), EInvoiceProfile::FacturXEn16931).unwrap();
    // BR-CO-26 without a VAT ID (BR-O-02) or registration: the tax ID is the seller identifier.
    assert!(x.contains("<ram:ID>DE123456789</ram:ID>") && !x.contains(r#"schemeID="VA""#), "{x}");
}

// DOMAIN: EINV-4
#[test]
fn a_credit_note_is_type_381_positive_and_names_the_invoice_it_cancels() {
    let mut cn = invoice("DE", "EUR", dec!(120), dec!(19));
    cn.kind = InvoiceKind::CreditNote;
    cn.document.lines = cn
        .document
        .lines
        .iter()
        .map(|l| crate::domain::lines::Line { unit_price: -l.unit_price, net: l.net.negated(), ..l.clone() })
        .collect();
    cn.document.totals = cn.document.totals.negated();
    assert_eq!(
        field(xml(&cn, &PaymentMethod::WireTransfer, &seller(), &buyer(), EInvoiceProfile::FacturXEn16931)),
        "refers_to"
    );
    let p = Preceding { number: "VE-000000".into(), issue_date: date!(2026 - 02 - 01) };
    let x = String::from_utf8(
        write(&cn, &PaymentMethod::WireTransfer, &seller(), &buyer(), Some(&p), EInvoiceProfile::XRechnung).unwrap(),
    )
    .unwrap();
    assert!(
        x.contains("<ram:TypeCode>381</ram:TypeCode>")
            && x.contains("<ram:GrandTotalAmount>428.40</ram:GrandTotalAmount>"),
        "{x}"
    );
    assert!(
        x.contains("<ram:IssuerAssignedID>VE-000000</ram:IssuerAssignedID>")
            && x.contains(">20260201<")
            && !x.contains(">-")
    );
}

// DOMAIN: EINV-1
#[test]
fn xrechnung_refuses_what_its_br_de_rules_require_and_the_invoice_lacks() {
    let de = invoice("DE", "EUR", dec!(120), dec!(19));
    let t = PaymentMethod::WireTransfer;
    let x = EInvoiceProfile::XRechnung;
    // BR-DE-15 buyer reference, BR-DE-2 seller contact, PEPPOL R010/R020 electronic addresses.
    assert_eq!(field(xml(&de, &t, &seller(), &BuyerDetails { reference: None, ..buyer() }, x)), "buyer_reference");
    assert_eq!(field(xml(&de, &t, &SellerDetails { contact: None, ..seller() }, &buyer(), x)), "seller_contact");
    assert_eq!(
        field(xml(&de, &t, &seller(), &BuyerDetails { electronic_address: None, ..buyer() }, x)),
        "electronic_address"
    );
    // BR-DE-1 / BR-DE-23: a transfer names the payee's account; without an IBAN, XRechnung refuses.
    assert_eq!(field(xml(&de, &t, &SellerDetails { iban: None, ..seller() }, &buyer(), x)), "iban");
    // BR-DE-25, BR-DE-30, BR-DE-31: a SEPA debit names mandate, creditor ID and debited account.
    let debit = PaymentMethod::SepaDebit(SepaDebit::new("DE89 3704 0044 0532 0130 00", "M-1").unwrap());
    assert_eq!(field(xml(&de, &debit, &seller(), &buyer(), x)), "sepa_creditor_id");
    let with_creditor =
        SellerDetails { sepa_creditor_id: Some(SepaCreditorId::parse("DE98ZZZ09999999999").unwrap()), ..seller() };
    let out = xml(&de, &debit, &with_creditor, &buyer(), x).unwrap();
    assert!(
        out.contains("<ram:TypeCode>59</ram:TypeCode>")
            && out.contains("<ram:DirectDebitMandateID>M-1</ram:DirectDebitMandateID>")
    );
    assert!(
        out.contains("<ram:CreditorReferenceID>DE98ZZZ09999999999</ram:CreditorReferenceID>")
            && out.contains("DE89370400440532013000")
    );
    // BR-DE-23-b: a transfer carries no direct-debit group.
    let out = xml(&de, &t, &with_creditor, &buyer(), x).unwrap();
    assert!(
        !out.contains("CreditorReferenceID")
            && out.contains("<ram:BuyerReference>991-33333TEST-33</ram:BuyerReference>")
    );
    // The same gaps are no obstacle to Factur-X EN 16931, which does not require them.
    let bare = SellerDetails { contact: None, electronic_address: None, ..seller() };
    assert!(xml(&de, &t, &bare, &BuyerDetails::default(), EInvoiceProfile::FacturXEn16931).is_ok());
}

// DOMAIN: EINV-6
#[test]
fn xrechnung_names_the_peppol_business_process_and_factur_x_does_not_need_it() {
    let de = invoice("DE", "EUR", dec!(120), dec!(19));
    let x = xml(&de, &PaymentMethod::WireTransfer, &seller(), &buyer(), EInvoiceProfile::XRechnung).unwrap();
    // PEPPOL-EN16931-R001, R007: BT-23 comes before the specification identifier (BT-24).
    let process = x.find(&format!("<ram:ID>{BUSINESS_PROCESS}</ram:ID>")).unwrap();
    assert!(process < x.find("xrechnung_3.0").unwrap(), "{x}");
    assert!(x.contains("<ram:BusinessProcessSpecifiedDocumentContextParameter>"));
    let fx = xml(&de, &PaymentMethod::WireTransfer, &seller(), &buyer(), EInvoiceProfile::FacturXEn16931).unwrap();
    assert!(!fx.contains("BusinessProcess"));
}

// DOMAIN: EINV-6
#[test]
fn a_line_in_a_currency_without_minor_units_states_its_price_for_its_whole_quantity() {
    let jpy = Currency::parse("JPY").unwrap();
    let line = |q: Decimal, p: Decimal| LineInput {
        description: "Seats".into(),
        quantity: q,
        unit_price: p,
        vat_rate: dec!(0),
    };
    let (lines, totals) = price_lines(&[line(dec!(1.5), dec!(333)), line(dec!(2), dec!(300))], jpy).unwrap();
    let mut inv = invoice("JP", "JPY", dec!(1), dec!(0));
    inv.document.lines = lines;
    inv.document.totals = totals;
    let x = xml(&inv, &PaymentMethod::Check, &seller(), &buyer(), EInvoiceProfile::XRechnung).unwrap();
    // 1.5 x 333 = 499.5 is billed as 500: the price is 500 for a base quantity of 1.5, so that
    // quantity x price / base quantity equals the line net (PEPPOL-EN16931-R120).
    assert!(x.contains("<ram:ChargeAmount>500</ram:ChargeAmount>"), "{x}");
    assert!(x.contains(r#"<ram:BasisQuantity unitCode="C62">1.5</ram:BasisQuantity>"#));
    assert!(x.contains("<ram:LineTotalAmount>500</ram:LineTotalAmount>"));
    // A line whose quantity x price is whole keeps its unit price for one unit.
    assert!(x.contains("<ram:ChargeAmount>300</ram:ChargeAmount>") && x.matches("BasisQuantity").count() == 2);
    // In EUR the rounding stays within the receivers' tolerance and the unit price is kept.
    let eur = Currency::parse("EUR").unwrap();
    assert_eq!(price_and_base(dec!(3), dec!(33.333), dec!(100.00), eur), (dec!(33.333), None));
}
