//! Writes one sample e-invoice per case and format into a directory (default
//! `target/einvoices`), for `scripts/validate-einvoices` to check against the official XSDs and
//! the EN 16931, XRechnung and Peppol rule sets: a German customer at 19 % and 7 % (in German)
//! and its credit note, reverse charge to France (with a credit note), Austria and Belgium, a US
//! customer (USD) and a Swiss one (CHF) not subject to EU VAT, a JPY invoice with a line whose
//! net is rounded to the yen, a BHD invoice, and a German public buyer addressed by Leitweg-ID.
//! Each is written as Factur-X EN 16931 (CII, with its PDF/A-3), XRechnung CII, XRechnung UBL
//! and Peppol BIS Billing 3.0 UBL.

use corporate_billing::documents::cii::{self, BuyerDetails, EInvoiceProfile, Preceding, SellerContact, SellerDetails};
use corporate_billing::documents::ubl::{self, UblProfile};
use corporate_billing::{
    AccountId, AddressLines, Bic, BillingAddress, CardBrand, CardOnFile, Country, CreditorReference, Currency,
    ElectronicAddress, EmailAddress, Error, Iban, Invoice, InvoiceDocument, InvoiceId, InvoiceKind, InvoiceStatus,
    IssuerProfile, Language, Line, LineInput, Money, PaymentMethod, Phone, SepaCreditorId, SepaDebit, ServicePeriod,
    VatId, price_lines,
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

/// A credit note that cancels `original` in full.
fn credit_note(original: &Invoice, number: &str) -> Invoice {
    let mut credit = original.clone();
    credit.number = number.into();
    credit.kind = InvoiceKind::CreditNote;
    credit.refers_to = Some(original.number.clone());
    credit.issue_date = date!(2026 - 03 - 10);
    credit.due_date = date!(2026 - 03 - 10);
    credit.document.lines = original
        .document
        .lines
        .iter()
        .map(|l| Line { unit_price: -l.unit_price, net: l.net.negated(), ..l.clone() })
        .collect();
    credit.document.totals = original.document.totals.negated();
    credit
}

/// One sample: a name, the document, how it is paid, the buyer's e-invoicing data and the
/// invoice a credit note cancels.
struct Sample {
    name: &'static str,
    invoice: Invoice,
    payment: PaymentMethod,
    buyer: BuyerDetails,
    preceding: Option<Preceding>,
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
        // A Peppol participant ID (EAS 9930, the German VAT ID): XRechnung takes it too.
        electronic_address: Some(ElectronicAddress::parse("9930", "DE123456789")?),
        iban: Some(Iban::parse("DE44 5001 0517 5407 3249 31")?),
        bic: Some(Bic::parse("DEUTDEFF")?),
        sepa_creditor_id: Some(SepaCreditorId::parse("DE98ZZZ09999999999")?),
    };
    let buyer = |reference: &str, vat: Option<&str>, address: (&str, &str)| -> Result<BuyerDetails, Error> {
        Ok(BuyerDetails {
            vat_id: vat.map(VatId::parse).transpose()?,
            reference: Some(reference.into()),
            electronic_address: Some(ElectronicAddress::parse(address.0, address.1)?),
        })
    };
    let sepa = PaymentMethod::SepaDebit(SepaDebit::new("DE89 3704 0044 0532 0130 00", "MANDATE-2026-001")?);
    let card = PaymentMethod::Card(CardOnFile::new("tok_visa_4242", CardBrand::Visa, "4242", 12, 2030)?);
    let seats = |price: Decimal, rate: i64| line("Corporate plan, 10 seats, 2026-03-01 to 2027-02-28", 10, price, rate);
    let in_language = |mut invoice: Invoice, language: Language| {
        invoice.document.language = language;
        invoice
    };

    let german = in_language(
        invoice(
            "VE-000101",
            ("Acme GmbH", address("Hauptstraße 1", "10115", "Berlin", "", "DE")?),
            "EUR",
            &[seats(Decimal::new(12000, 2), 19), line("Onboarding workshop", 1, Decimal::new(45000, 2), 7)],
            Some("PO-4500012345"),
        )?,
        Language::De,
    );
    let german_buyer = buyer("4711-AP", Some("DE987654321"), ("9930", "DE987654321"))?;
    let french = invoice(
        "VE-000102",
        ("Exemple SARL", address("12 rue de la Paix", "75002", "Paris", "", "FR")?),
        "EUR",
        &[seats(Decimal::new(12000, 2), 0)],
        None,
    )?;
    let french_buyer = buyer("ACHATS-2026", Some("FR40303265045"), ("9957", "FR40303265045"))?;
    let preceding =
        |original: &Invoice| Some(Preceding { number: original.number.clone(), issue_date: original.issue_date });
    let jpy_lines = [
        seats(Decimal::from(18000), 0),
        // 1.5 x 333 = 499.5, billed as 500 yen: written with a price base quantity (R120).
        LineInput {
            description: "Extra storage, 1.5 TB".into(),
            quantity: Decimal::new(15, 1),
            unit_price: Decimal::from(333),
            vat_rate: Decimal::ZERO,
        },
        line("Onboarding workshop", 1, Decimal::new(5000050, 2), 0),
    ];

    let samples = vec![
        Sample {
            name: "de-19-percent",
            invoice: german.clone(),
            payment: sepa.clone(),
            buyer: german_buyer.clone(),
            preceding: None,
        },
        Sample {
            name: "de-credit-note",
            invoice: credit_note(&german, "VE-000107"),
            payment: sepa.clone(),
            buyer: german_buyer,
            preceding: preceding(&german),
        },
        Sample {
            name: "fr-reverse-charge",
            invoice: french.clone(),
            payment: PaymentMethod::WireTransfer,
            buyer: french_buyer.clone(),
            preceding: None,
        },
        Sample {
            name: "fr-reverse-charge-credit-note",
            invoice: credit_note(&french, "VE-000108"),
            payment: PaymentMethod::WireTransfer,
            buyer: french_buyer,
            preceding: preceding(&french),
        },
        Sample {
            name: "at-reverse-charge",
            invoice: in_language(
                invoice(
                    "VE-000109",
                    ("Beispiel GmbH", address("Kärntner Straße 1", "1010", "Wien", "", "AT")?),
                    "EUR",
                    &[seats(Decimal::new(12000, 2), 0)],
                    Some("BE-2026-17"),
                )?,
                Language::De,
            ),
            payment: PaymentMethod::WireTransfer,
            buyer: buyer("EINKAUF-AT", Some("ATU12345678"), ("9914", "ATU12345678"))?,
            preceding: None,
        },
        Sample {
            name: "be-reverse-charge",
            invoice: invoice(
                "VE-000110",
                ("Voorbeeld NV", address("Wetstraat 16", "1000", "Brussel", "", "BE")?),
                "EUR",
                &[seats(Decimal::new(12000, 2), 0)],
                None,
            )?,
            payment: PaymentMethod::WireTransfer,
            buyer: buyer("AANKOOP-1", Some("BE0403170701"), ("0208", "0403170701"))?,
            preceding: None,
        },
        Sample {
            name: "us-not-subject",
            invoice: invoice(
                "VE-000103",
                ("Initech Inc.", address("1 Main Street", "98101", "Seattle", "WA", "US")?),
                "USD",
                &[seats(Decimal::new(13000, 2), 0)],
                Some("PO-77"),
            )?,
            payment: card,
            buyer: buyer("AP-INITECH", None, ("0060", "123456789"))?,
            preceding: None,
        },
        Sample {
            name: "ch-not-subject",
            invoice: in_language(
                invoice(
                    "VE-000111",
                    ("Beispiel AG", address("Bahnhofstrasse 1", "8001", "Zürich", "", "CH")?),
                    "CHF",
                    &[seats(Decimal::new(11500, 2), 0)],
                    None,
                )?,
                Language::De,
            ),
            payment: PaymentMethod::WireTransfer,
            buyer: buyer("CH-EINKAUF", None, ("0183", "CHE109322551"))?,
            preceding: None,
        },
        Sample {
            name: "jpy",
            invoice: invoice(
                "VE-000104",
                ("Kabushiki Kaisha Example", address("1-1 Marunouchi", "100-0005", "Tokyo", "", "JP")?),
                "JPY",
                &jpy_lines,
                None,
            )?,
            payment: PaymentMethod::WireTransfer,
            buyer: buyer("JP-AP-1", None, ("0088", "4000001000005"))?,
            preceding: None,
        },
        Sample {
            name: "bhd",
            invoice: invoice(
                "VE-000105",
                ("Example W.L.L.", address("Building 100, Road 200", "317", "Manama", "", "BH")?),
                "BHD",
                &[seats(Decimal::new(12250, 3), 0)],
                None,
            )?,
            payment: PaymentMethod::Check,
            buyer: buyer("BH-AP-1", None, ("0088", "4000001000005"))?,
            preceding: None,
        },
        Sample {
            name: "de-public-buyer-leitweg",
            invoice: in_language(
                invoice(
                    "VE-000106",
                    ("Bezirksamt Mitte von Berlin", address("Karl-Marx-Allee 31", "10178", "Berlin", "", "DE")?),
                    "EUR",
                    &[seats(Decimal::new(12000, 2), 19)],
                    None,
                )?,
                Language::De,
            ),
            payment: PaymentMethod::WireTransfer,
            buyer: BuyerDetails {
                vat_id: None,
                reference: Some("991-33333TEST-33".into()),
                electronic_address: Some(ElectronicAddress::parse("0204", "991-33333TEST-33")?),
            },
            preceding: None,
        },
    ];
    for s in &samples {
        let (invoice, pre) = (&s.invoice, s.preceding.as_ref());
        let write = |suffix: &str, bytes: &[u8]| -> std::io::Result<()> {
            let path = dir.join(format!("{}.{suffix}", s.name));
            std::fs::write(&path, bytes)?;
            println!("{}", path.display());
            Ok(())
        };
        let fx = cii::write(invoice, &s.payment, &seller, &s.buyer, pre, EInvoiceProfile::FacturXEn16931)?;
        write("factur-x.xml", &fx)?;
        // EINV-3: the PDF/A-3 a person files carries the Factur-X XML.
        write("pdf", &corporate_billing::documents::pdf::render(invoice, invoice.document.language, &fx)?)?;
        write("xrechnung.xml", &cii::write(invoice, &s.payment, &seller, &s.buyer, pre, EInvoiceProfile::XRechnung)?)?;
        write("xrechnung-ubl.xml", &ubl::write(invoice, &s.payment, &seller, &s.buyer, pre, UblProfile::XRechnung)?)?;
        write("peppol.xml", &ubl::write(invoice, &s.payment, &seller, &s.buyer, pre, UblProfile::PeppolBis)?)?;
    }
    Ok(())
}
