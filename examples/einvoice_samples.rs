//! Writes one sample e-invoice per case and profile into a directory (default
//! `target/einvoices`), for `scripts/validate-einvoices` to check against the official CII XSD
//! and the EN 16931 Schematron: a German customer at 19 % and 7 %, a French customer with
//! reverse charge, a US customer not subject to EU VAT, a JPY and a BHD invoice, a credit note,
//! and a German public buyer addressed by Leitweg-ID, each as Factur-X EN 16931 and as XRechnung.

use corporate_billing::documents::cii::{self, BuyerDetails, EInvoiceProfile, Preceding, SellerContact, SellerDetails};
use corporate_billing::{
    AccountId, AddressLines, Bic, BillingAddress, CardBrand, CardOnFile, Country, CreditorReference, Currency,
    ElectronicAddress, EmailAddress, Error, Iban, Invoice, InvoiceDocument, InvoiceId, InvoiceKind, InvoiceStatus,
    IssuerProfile, Line, LineInput, Money, PaymentMethod, Phone, SepaCreditorId, SepaDebit, ServicePeriod, VatId,
    price_lines,
};
use rust_decimal::Decimal;
use std::path::PathBuf;
use time::macros::date;

fn address(line1: &str, postal_code: &str, city: &str, region: &str, country: &str) -> Result<BillingAddress, Error> {
    let lines = AddressLines {
        line1: line1.into(),
        line2: String::new(),
        city: city.into(),
        region: region.into(),
        postal_code: postal_code.into(),
    };
    BillingAddress::new(&lines, Country::parse(country)?)
}

fn line(description: &str, quantity: i64, unit_price: Decimal, vat_rate: i64) -> LineInput {
    LineInput {
        description: description.into(),
        quantity: Decimal::from(quantity),
        unit_price,
        vat_rate: Decimal::from(vat_rate),
    }
}

/// An issued invoice, as the portal stores it.
fn invoice(
    number: &str,
    buyer: (&str, BillingAddress),
    currency: &str,
    lines: &[LineInput],
    po: Option<&str>,
) -> Result<Invoice, Error> {
    let (lines, totals) = price_lines(lines, Currency::parse(currency)?)?;
    let balance_due = totals.total;
    let issuer = IssuerProfile {
        legal_name: "Vendor Europe GmbH".into(),
        address: address("Friedrichstraße 100", "10117", "Berlin", "", "DE")?,
        tax_id: "DE123456789".into(),
        invoice_prefix: "VE-".into(),
        remittance: "Deutsche Bank, IBAN DE44 5001 0517 5407 3249 31, BIC DEUTDEFF".into(),
    };
    Ok(Invoice {
        id: InvoiceId::parse("0190a5c4-0000-7000-8000-000000000002")?,
        account_id: AccountId::parse("0190a5c4-0000-7000-8000-000000000001")?,
        number: number.into(),
        kind: InvoiceKind::Invoice,
        refers_to: None,
        issue_date: date!(2026 - 03 - 02),
        due_date: date!(2026 - 04 - 01),
        status: InvoiceStatus::Open,
        overdue: false,
        paid_on: None,
        amount_paid: Money::zero(balance_due.currency()),
        balance_due,
        // The ISO 11649 example reference; the portal derives one per invoice.
        creditor_reference: CreditorReference::parse("RF18 5390 0754 7034")?,
        dunning_stage: None,
        void_reason: None,
        document: InvoiceDocument {
            issuer,
            bill_to_name: buyer.0.into(),
            bill_to: buyer.1,
            billing_contact_user_id: "ap.admin".into(),
            purchase_order: po.map(str::to_owned),
            lines,
            totals,
            payment_instructions: "See the payment means.".into(),
            // A year of the subscription: the invoicing period (BT-73, BT-74).
            service_period: Some(ServicePeriod { first_day: date!(2026 - 03 - 01), last_day: date!(2027 - 02 - 28) }),
            language: Default::default(),
        },
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "target/einvoices".into()));
    std::fs::create_dir_all(&dir)?;
    let seller = SellerDetails {
        vat_id: Some(VatId::parse("DE123456789")?),
        legal_registration_id: Some("HRB 123456 B".into()),
        tax_number: None,
        contact: Some(SellerContact {
            name: "Accounts Receivable".into(),
            phone: Phone::parse("+49 30 1234567", None)?,
            email: EmailAddress::parse("billing@vendor.example")?,
        }),
        electronic_address: Some(ElectronicAddress::parse("EM", "einvoice@vendor.example")?),
        iban: Some(Iban::parse("DE44 5001 0517 5407 3249 31")?),
        bic: Some(Bic::parse("DEUTDEFF")?),
        sepa_creditor_id: Some(SepaCreditorId::parse("DE98ZZZ09999999999")?),
    };
    let buyer = |reference: &str, vat: Option<&str>, email: &str| -> Result<BuyerDetails, Error> {
        Ok(BuyerDetails {
            vat_id: vat.map(VatId::parse).transpose()?,
            reference: Some(reference.into()),
            electronic_address: Some(ElectronicAddress::parse("EM", email)?),
        })
    };
    let sepa = PaymentMethod::SepaDebit(SepaDebit::new("DE89 3704 0044 0532 0130 00", "MANDATE-2026-001")?);
    let card = PaymentMethod::Card(CardOnFile::new("tok_visa_4242", CardBrand::Visa, "4242", 12, 2030)?);
    let seats = |price: Decimal, rate: i64| line("Corporate plan, 10 seats, 2026-03-01 to 2027-02-28", 10, price, rate);

    let german = invoice(
        "VE-000101",
        ("Acme GmbH", address("Hauptstraße 1", "10115", "Berlin", "", "DE")?),
        "EUR",
        &[seats(Decimal::new(12000, 2), 19), line("Onboarding workshop", 1, Decimal::new(45000, 2), 7)],
        Some("PO-4500012345"),
    )?;
    let mut credit = german.clone();
    credit.number = "VE-000107".into();
    credit.kind = InvoiceKind::CreditNote;
    credit.refers_to = Some(german.number.clone());
    credit.issue_date = date!(2026 - 03 - 10);
    credit.due_date = date!(2026 - 03 - 10);
    credit.document.lines = german
        .document
        .lines
        .iter()
        .map(|l| Line { unit_price: -l.unit_price, net: l.net.negated(), ..l.clone() })
        .collect();
    credit.document.totals = german.document.totals.negated();
    let preceding = Preceding { number: german.number.clone(), issue_date: german.issue_date };

    let samples: Vec<(&str, Invoice, PaymentMethod, BuyerDetails, Option<&Preceding>)> = vec![
        (
            "de-19-percent",
            german.clone(),
            sepa.clone(),
            buyer("4711-AP", Some("DE987654321"), "ap@acme-gmbh.example")?,
            None,
        ),
        (
            "fr-reverse-charge",
            invoice(
                "VE-000102",
                ("Exemple SARL", address("12 rue de la Paix", "75002", "Paris", "", "FR")?),
                "EUR",
                &[seats(Decimal::new(12000, 2), 0)],
                None,
            )?,
            PaymentMethod::WireTransfer,
            buyer("ACHATS-2026", Some("FR40303265045"), "factures@exemple.example")?,
            None,
        ),
        (
            "us-not-subject",
            invoice(
                "VE-000103",
                ("Initech Inc.", address("1 Main Street", "98101", "Seattle", "WA", "US")?),
                "USD",
                &[seats(Decimal::new(13000, 2), 0)],
                Some("PO-77"),
            )?,
            card,
            buyer("AP-INITECH", None, "ap@initech.example")?,
            None,
        ),
        (
            "jpy",
            invoice(
                "VE-000104",
                ("Kabushiki Kaisha Example", address("1-1 Marunouchi", "100-0005", "Tokyo", "", "JP")?),
                "JPY",
                &[seats(Decimal::from(18000), 0), line("Onboarding workshop", 1, Decimal::new(5000050, 2), 0)],
                None,
            )?,
            PaymentMethod::WireTransfer,
            buyer("JP-AP-1", None, "ap@example.jp")?,
            None,
        ),
        (
            "bhd",
            invoice(
                "VE-000105",
                ("Example W.L.L.", address("Building 100, Road 200", "317", "Manama", "", "BH")?),
                "BHD",
                &[seats(Decimal::new(12250, 3), 0)],
                None,
            )?,
            PaymentMethod::Check,
            buyer("BH-AP-1", None, "ap@example.bh")?,
            None,
        ),
        (
            "credit-note",
            credit,
            sepa.clone(),
            buyer("4711-AP", Some("DE987654321"), "ap@acme-gmbh.example")?,
            Some(&preceding),
        ),
        (
            "de-public-buyer-leitweg",
            invoice(
                "VE-000106",
                ("Bezirksamt Mitte von Berlin", address("Karl-Marx-Allee 31", "10178", "Berlin", "", "DE")?),
                "EUR",
                &[seats(Decimal::new(12000, 2), 19)],
                None,
            )?,
            PaymentMethod::WireTransfer,
            BuyerDetails {
                vat_id: None,
                reference: Some("991-33333TEST-33".into()),
                electronic_address: Some(ElectronicAddress::parse("0204", "991-33333TEST-33")?),
            },
            None,
        ),
    ];
    for (name, invoice, payment, buyer, preceding) in &samples {
        for (profile, suffix) in
            [(EInvoiceProfile::FacturXEn16931, "factur-x"), (EInvoiceProfile::XRechnung, "xrechnung")]
        {
            let xml = cii::write(invoice, payment, &seller, buyer, *preceding, profile)?;
            let path = dir.join(format!("{name}.{suffix}.xml"));
            std::fs::write(&path, &xml)?;
            println!("{}", path.display());
            // EINV-3: the PDF/A-3 a person files carries the Factur-X XML.
            if profile == EInvoiceProfile::FacturXEn16931 {
                let pdf = corporate_billing::documents::pdf::render(invoice, invoice.document.language, &xml)?;
                let path = dir.join(format!("{name}.pdf"));
                std::fs::write(&path, pdf)?;
                println!("{}", path.display());
            }
        }
    }
    Ok(())
}
