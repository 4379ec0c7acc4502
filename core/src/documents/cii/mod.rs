//! EN 16931 e-invoices as UN/CEFACT Cross Industry Invoice (CII D16B), in the Factur-X/ZUGFeRD
//! EN 16931 profile and as XRechnung 3.0 (EINV-1), written with `quick-xml`.
//!
//! [`write`] is a pure function of the issued invoice and of the parties' e-invoicing details.
//! Amounts are exact decimals; EN 16931 allows at most two decimals (BR-DEC-*), so a currency
//! with three (BHD) exports only amounts whose third decimal is zero and refuses the others.

use crate::domain::account::IssuerProfile;
use crate::domain::invoice::{Invoice, InvoiceKind};
use crate::domain::vat::{VatCategory, default_category};
use crate::error::{Error, Result};
use crate::values::{
    Bic, BillingAddress, Currency, ElectronicAddress, EmailAddress, Iban, PaymentMethod, Phone, SepaCreditorId, VatId,
};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

/// Which CIUS the e-invoice follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EInvoiceProfile {
    /// Factur-X / ZUGFeRD, profile EN 16931 (`urn:cen.eu:en16931:2017`).
    #[serde(rename = "factur_x")]
    FacturXEn16931,
    /// XRechnung 3.0 in CII syntax, the German CIUS that public buyers require.
    #[serde(rename = "xrechnung")]
    XRechnung,
}

impl EInvoiceProfile {
    /// The specification identifier (BT-24).
    pub fn guideline_id(&self) -> &'static str {
        match self {
            EInvoiceProfile::FacturXEn16931 => "urn:cen.eu:en16931:2017",
            EInvoiceProfile::XRechnung => "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
        }
    }
}

/// The seller's contact point (BG-6: BT-41..BT-43).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerContact {
    /// A person or department.
    pub name: String,
    /// Telephone.
    pub phone: Phone,
    /// E-mail address.
    pub email: EmailAddress,
}

/// What an e-invoice needs of the seller beyond the issuer profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerDetails {
    /// VAT identifier (BT-31); without it, the issuer's tax ID is used when it is a VAT ID.
    pub vat_id: Option<VatId>,
    /// Legal registration identifier (BT-30), such as a commercial register number: it names
    /// the seller on invoices not subject to VAT, which carry no VAT ID (BR-CO-26, BR-O-02).
    pub legal_registration_id: Option<String>,
    /// Tax registration number (BT-32); without it, the issuer's tax ID when it is no VAT ID.
    pub tax_number: Option<String>,
    /// Contact (BG-6), which XRechnung requires (BR-DE-2, BR-DE-5..7).
    pub contact: Option<SellerContact>,
    /// Electronic address (BT-34), which XRechnung requires (PEPPOL-EN16931-R020).
    pub electronic_address: Option<ElectronicAddress>,
    /// Account that credit transfers go to (BT-84).
    pub iban: Option<Iban>,
    /// Its bank (BT-86).
    pub bic: Option<Bic>,
    /// SEPA creditor identifier (BT-90), for direct debits.
    pub sepa_creditor_id: Option<SepaCreditorId>,
}

/// What an e-invoice needs of the buyer beyond the invoice document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuyerDetails {
    /// VAT identifier (BT-48).
    pub vat_id: Option<VatId>,
    /// Buyer reference (BT-10): a Leitweg-ID for German public buyers; XRechnung requires one (BR-DE-15).
    pub reference: Option<String>,
    /// Electronic address (BT-49), which XRechnung requires (PEPPOL-EN16931-R010).
    pub electronic_address: Option<ElectronicAddress>,
}

/// The invoice a credit note cancels (BG-3: BT-25, BT-26).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preceding {
    /// Its number.
    pub number: String,
    /// Its issue date.
    pub issue_date: Date,
}

/// The remittance information (BT-83) the customer quotes with a payment: the invoice's ISO 11649
/// creditor reference, which a bank statement import matches first (RECON-1).
pub fn remittance_reference(invoice: &Invoice) -> String {
    invoice.creditor_reference.as_str().to_owned()
}

/// The UNTDID 1001 document type (BT-3): 380 for an invoice, 381 for a credit note (EINV-4).
pub fn type_code(kind: InvoiceKind) -> &'static str {
    match kind {
        InvoiceKind::Invoice => "380",
        InvoiceKind::CreditNote => "381",
    }
}

/// The UNTDID 4461 payment means (BT-81) of a payment method: SEPA credit transfer 58 (any
/// transfer to an IBAN), other credit transfer 30, SEPA direct debit 59, other direct debit 49,
/// card 48, check 20.
pub fn payment_means_code(method: &PaymentMethod, seller_iban: bool) -> &'static str {
    match method {
        PaymentMethod::WireTransfer | PaymentMethod::StandingOrder if seller_iban => "58",
        PaymentMethod::WireTransfer | PaymentMethod::StandingOrder => "30",
        PaymentMethod::SepaDebit(_) => "59",
        PaymentMethod::AchDebit(_) => "49",
        PaymentMethod::Card(_) => "48",
        PaymentMethod::Check => "20",
    }
}

fn missing(field: &str, why: &str) -> Error {
    Error::invalid(field, why)
}

/// An amount as EN 16931 writes it: in the invoice currency, at its minor unit but never more
/// than two decimals (BR-DEC-*); an amount that needs a third is refused.
fn amount(value: Decimal, currency: Currency) -> Result<String> {
    let scale = currency.minor_units().min(2);
    let mut v = value;
    v.rescale(scale);
    if v != value {
        return Err(Error::invalid(
            "currency",
            "EN 16931 allows two decimals; this invoice has amounts with a third that is not zero",
        ));
    }
    Ok(v.to_string())
}

fn date102(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The category of a line issued at `rate`: taxed lines are standard-rated; an untaxed line takes
/// the account's default category when that is one without VAT, and is zero-rated otherwise.
/// Issued amounts are kept as they are: the category never changes a rate.
fn category_of(rate: Decimal, default: VatCategory) -> VatCategory {
    if rate > Decimal::ZERO {
        VatCategory::Standard
    } else if default.is_taxed() {
        VatCategory::ZeroRated
    } else {
        default
    }
}

/// The writer every element helper takes.
type W<'a> = &'a mut Writer<Vec<u8>>;

fn leaf(w: W<'_>, name: &str, text: &str) -> std::io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(text))?;
    Ok(())
}

fn leaf_attr(w: W<'_>, name: &str, attr: (&str, &str), text: &str) -> std::io::Result<()> {
    w.create_element(name).with_attribute(attr).write_text_content(BytesText::new(text))?;
    Ok(())
}

fn group(w: W<'_>, name: &str, f: impl FnOnce(W<'_>) -> std::io::Result<()>) -> std::io::Result<()> {
    w.create_element(name).write_inner_content(f)?;
    Ok(())
}

fn date_el(w: W<'_>, name: &str, d: Date) -> std::io::Result<()> {
    group(w, name, |w| leaf_attr(w, "udt:DateTimeString", ("format", "102"), &date102(d)))
}

fn address(w: W<'_>, a: &BillingAddress) -> std::io::Result<()> {
    group(w, "ram:PostalTradeAddress", |w| {
        if !a.postal_code().is_empty() {
            leaf(w, "ram:PostcodeCode", a.postal_code())?;
        }
        leaf(w, "ram:LineOne", a.line1())?;
        if !a.line2().is_empty() {
            leaf(w, "ram:LineTwo", a.line2())?;
        }
        leaf(w, "ram:CityName", a.city())?;
        leaf(w, "ram:CountryID", a.country().code())?;
        if !a.region().is_empty() {
            leaf(w, "ram:CountrySubDivisionName", a.region())?;
        }
        Ok(())
    })
}

fn uri(w: W<'_>, a: &ElectronicAddress) -> std::io::Result<()> {
    group(w, "ram:URIUniversalCommunication", |w| leaf_attr(w, "ram:URIID", ("schemeID", a.scheme()), a.identifier()))
}

/// One line as written: its category, rate, quantity, net price and net amount, signs fixed
/// so that the price is never negative (BR-27) and a credit note shows what it credits.
pub(crate) struct LineOut<'a> {
    pub(crate) name: &'a str,
    pub(crate) quantity: Decimal,
    /// The net price for `base_quantity` units (BT-146, BT-149).
    pub(crate) price: Decimal,
    /// The price base quantity (BT-149), written only when it is not one.
    pub(crate) base_quantity: Option<Decimal>,
    pub(crate) net: String,
    pub(crate) category: VatCategory,
    pub(crate) rate: Decimal,
}

/// The rule set a document is written for: the data each one needs is checked before writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rules {
    /// EN 16931 alone (Factur-X).
    En16931,
    /// KoSIT's XRechnung 3.0 with the Peppol rules it adopts.
    XRechnung,
    /// Peppol BIS Billing 3.0.
    Peppol,
}

/// The Peppol BIS Billing 3.0 business process (BT-23), which XRechnung requires as well
/// (PEPPOL-EN16931-R001, R007).
pub(crate) const BUSINESS_PROCESS: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

/// An invoice's EN 16931 content, syntax-neutral: the CII and UBL writers both emit it.
pub(crate) struct Prepared<'a> {
    pub(crate) currency: Currency,
    pub(crate) lines: Vec<LineOut<'a>>,
    /// Per category and rate: category, rate, taxable amount, VAT.
    pub(crate) breakdown: Vec<(VatCategory, Decimal, String, String)>,
    pub(crate) net: String,
    pub(crate) vat: String,
    pub(crate) total: String,
    pub(crate) not_subject: bool,
    pub(crate) seller_vat: Option<VatId>,
    pub(crate) tax_number: Option<String>,
    pub(crate) seller_identifier: Option<String>,
    pub(crate) means: &'static str,
    pub(crate) direct_debit: bool,
}

/// The unit price and base quantity a line is written with. Receivers check that the line net
/// equals quantity x price / base quantity (PEPPOL-EN16931-R120) within 0.02. A currency without
/// minor units (JPY) rounds the line net to a whole unit, so 1.5 x 333 is billed as 500, off by
/// 0.5: such a line is written with the price of all its units, the line net, for a base quantity
/// of its quantity (1.5 for 500), which states the same sale exactly. Every other line keeps its
/// unit price for one unit.
fn price_and_base(quantity: Decimal, price: Decimal, net: Decimal, currency: Currency) -> (Decimal, Option<Decimal>) {
    if currency.minor_units() < 2 && !quantity.is_zero() && quantity * price != net {
        (net.abs(), Some(quantity.abs().normalize()))
    } else {
        (price, None)
    }
}

/// Computes what both syntaxes write, and refuses what `rules` need and the data lacks.
pub(crate) fn prepare<'a>(
    invoice: &'a Invoice,
    payment: &PaymentMethod,
    seller: &SellerDetails,
    buyer: &BuyerDetails,
    preceding: Option<&Preceding>,
    rules: Rules,
) -> Result<Prepared<'a>> {
    let d = &invoice.document;
    let issuer: &IssuerProfile = &d.issuer;
    let currency = d.totals.total.currency();
    // A credit note is stored with negated amounts; EN 16931 writes it with positive ones and
    // lets the type code say that it credits.
    let sign = if invoice.kind == InvoiceKind::CreditNote { Decimal::NEGATIVE_ONE } else { Decimal::ONE };
    if invoice.kind == InvoiceKind::CreditNote && preceding.is_none() {
        return Err(missing("refers_to", "a credit note names the invoice it cancels (BT-25)"));
    }
    let seller_vat = seller.vat_id.clone().or_else(|| VatId::parse(&issuer.tax_id).ok());
    let tax_number = seller.tax_number.clone().or_else(|| {
        (seller_vat.is_none() || seller.vat_id.is_some())
            .then(|| issuer.tax_id.clone())
            .filter(|t| VatId::parse(t).is_err())
    });
    let default = default_category(issuer.address.country(), d.bill_to.country(), buyer.vat_id.as_ref());
    let money = |v: Decimal| amount(v, currency);

    let mut lines = Vec::with_capacity(d.lines.len());
    for l in &d.lines {
        let (net, price) = (l.net.amount() * sign, l.unit_price * sign);
        // A discount line keeps a positive price and takes a negative quantity instead.
        let (quantity, price) = if price < Decimal::ZERO { (-l.quantity, -price) } else { (l.quantity, price) };
        let (price, base_quantity) = price_and_base(quantity, price, net, currency);
        lines.push(LineOut {
            name: &l.description,
            quantity,
            price,
            base_quantity,
            net: money(net)?,
            category: category_of(l.vat_rate, default),
            rate: l.vat_rate,
        });
    }
    let categories: Vec<VatCategory> = lines.iter().map(|l| l.category).collect();
    let not_subject = categories.contains(&VatCategory::NotSubject);
    if not_subject && categories.iter().any(|c| *c != VatCategory::NotSubject) {
        return Err(missing("lines", "lines not subject to VAT cannot be mixed with others (BR-O-11)"));
    }
    let needs_buyer_vat =
        categories.iter().any(|c| matches!(c, VatCategory::ReverseCharge | VatCategory::IntraCommunitySupply));
    if needs_buyer_vat && buyer.vat_id.is_none() {
        return Err(missing("buyer_vat_id", "reverse charge needs the buyer's VAT ID (BR-AE-02)"));
    }
    let untaxed_needs_seller_vat = categories
        .iter()
        .any(|c| matches!(c, VatCategory::ReverseCharge | VatCategory::IntraCommunitySupply | VatCategory::Export));
    if untaxed_needs_seller_vat && seller_vat.is_none() {
        return Err(missing(
            "seller_vat_id",
            "reverse charge and exports need the seller's VAT ID (BR-AE-02, BR-G-02)",
        ));
    }
    // BR-CO-26: something must identify the seller. Without a VAT ID on the invoice (none
    // known, or none allowed, BR-O-02) or a registration, the issuer's tax ID does (BT-29).
    let seller_identifier = (seller.legal_registration_id.is_none() && (not_subject || seller_vat.is_none()))
        .then(|| issuer.tax_id.clone());
    if !not_subject && seller_vat.is_none() && tax_number.is_none() {
        return Err(missing("seller_vat_id", "the seller needs a VAT ID or tax number (BR-S-02)"));
    }
    let means = payment_means_code(payment, seller.iban.is_some());
    let direct_debit = matches!(payment, PaymentMethod::SepaDebit(_));
    let reference = buyer.reference.as_deref().unwrap_or("").trim();
    match rules {
        Rules::En16931 => {}
        Rules::XRechnung => {
            if reference.is_empty() {
                return Err(missing("buyer_reference", "XRechnung requires a buyer reference (BR-DE-15)"));
            }
            if seller.contact.is_none() {
                return Err(missing("seller_contact", "XRechnung requires the seller's contact (BR-DE-2)"));
            }
            if issuer.address.postal_code().is_empty() || d.bill_to.postal_code().is_empty() {
                return Err(missing(
                    "postal_code",
                    "XRechnung requires the seller's and buyer's postcodes (BR-DE-4, BR-DE-9)",
                ));
            }
            if seller.electronic_address.is_none() || buyer.electronic_address.is_none() {
                return Err(missing(
                    "electronic_address",
                    "XRechnung requires both electronic addresses (PEPPOL-EN16931-R010, R020)",
                ));
            }
            if (means == "30" || means == "58") && seller.iban.is_none() {
                return Err(missing("iban", "XRechnung requires the payee's account for transfers (BR-DE-23)"));
            }
            if direct_debit && seller.sepa_creditor_id.is_none() {
                return Err(missing("sepa_creditor_id", "a direct debit needs the creditor ID (BR-DE-30)"));
            }
        }
        Rules::Peppol => {
            if reference.is_empty() && d.purchase_order.as_deref().is_none_or(|p| p.trim().is_empty()) {
                return Err(missing(
                    "buyer_reference",
                    "Peppol requires a buyer reference or a purchase order (PEPPOL-EN16931-R003)",
                ));
            }
            for (who, address) in [("seller", &seller.electronic_address), ("buyer", &buyer.electronic_address)] {
                match address {
                    None => {
                        return Err(missing(
                            "electronic_address",
                            &format!("Peppol requires the {who}'s electronic address (PEPPOL-EN16931-R010, R020)"),
                        ));
                    }
                    Some(a) if !a.is_peppol() => {
                        return Err(missing(
                            "electronic_address",
                            &format!(
                                "the {who}'s electronic address scheme {} is no Peppol participant scheme \
                                 (PEPPOL-EN16931-CL008)",
                                a.scheme()
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
            if direct_debit && seller.sepa_creditor_id.is_none() {
                return Err(missing("sepa_creditor_id", "a direct debit needs the creditor ID (BR-61)"));
            }
        }
    }

    // The VAT breakdown per category and rate (BG-23), from the stored breakdown per rate:
    // the category is a function of the rate on one invoice, so the stored sums are kept (BR-CO-17).
    let mut breakdown = Vec::new();
    for v in &d.totals.vat_breakdown {
        breakdown.push((
            category_of(v.rate, default),
            v.rate,
            money(v.taxable.amount() * sign)?,
            money(v.vat.amount() * sign)?,
        ));
    }
    Ok(Prepared {
        currency,
        lines,
        breakdown,
        net: money(d.totals.net.amount() * sign)?,
        vat: money(d.totals.vat.amount() * sign)?,
        total: money(d.totals.total.amount() * sign)?,
        not_subject,
        seller_vat,
        tax_number,
        seller_identifier,
        means,
        direct_debit,
    })
}

/// Writes `invoice` as CII D16B in `profile`.
///
/// `payment` is the account's payment method, `seller` and `buyer` the parties' e-invoicing
/// details, `preceding` the invoice a credit note cancels. Data a rule needs and the invoice
/// lacks is refused with `invalid_input` naming the field and the rule: a credit note without
/// the invoice it cancels, and for XRechnung a buyer reference (BR-DE-15), the seller's contact
/// (BR-DE-2), postcodes (BR-DE-4, BR-DE-9), both electronic addresses (PEPPOL-EN16931-R010,
/// R020), an IBAN for transfers (BR-DE-23) and a creditor ID for direct debits (BR-DE-30).
pub fn write(
    invoice: &Invoice,
    payment: &PaymentMethod,
    seller: &SellerDetails,
    buyer: &BuyerDetails,
    preceding: Option<&Preceding>,
    profile: EInvoiceProfile,
) -> Result<Vec<u8>> {
    let rules = match profile {
        EInvoiceProfile::FacturXEn16931 => Rules::En16931,
        EInvoiceProfile::XRechnung => Rules::XRechnung,
    };
    let p = prepare(invoice, payment, seller, buyer, preceding, rules)?;
    let d = &invoice.document;
    let issuer = &d.issuer;
    let currency = p.currency;
    let (lines, breakdown, net, vat, total) = (&p.lines, &p.breakdown, &p.net, &p.vat, &p.total);
    let (not_subject, seller_vat, tax_number, seller_identifier) =
        (p.not_subject, &p.seller_vat, &p.tax_number, &p.seller_identifier);
    let (means, direct_debit, seller_iban) = (p.means, p.direct_debit, seller.iban.as_ref());

    let io = |e: std::io::Error| Error::Storage(format!("xml: {}", e.kind()));
    let mut w = Writer::new_with_indent(Vec::with_capacity(8192), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).map_err(io)?;
    let result = w
        .create_element("rsm:CrossIndustryInvoice")
        .with_attributes([
            ("xmlns:rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"),
            ("xmlns:qdt", "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"),
            ("xmlns:ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"),
            ("xmlns:udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"),
        ])
        .write_inner_content(|w| {
            group(w, "rsm:ExchangedDocumentContext", |w| {
                // BT-23 (PEPPOL-EN16931-R001): XRechnung adopts the Peppol business process.
                if profile == EInvoiceProfile::XRechnung {
                    group(w, "ram:BusinessProcessSpecifiedDocumentContextParameter", |w| {
                        leaf(w, "ram:ID", BUSINESS_PROCESS)
                    })?;
                }
                group(w, "ram:GuidelineSpecifiedDocumentContextParameter", |w| {
                    leaf(w, "ram:ID", profile.guideline_id())
                })
            })?;
            group(w, "rsm:ExchangedDocument", |w| {
                leaf(w, "ram:ID", &invoice.number)?;
                leaf(w, "ram:TypeCode", type_code(invoice.kind))?;
                date_el(w, "ram:IssueDateTime", invoice.issue_date)?;
                group(w, "ram:IncludedNote", |w| {
                    leaf(w, "ram:Content", &format!("User ID: {}", d.billing_contact_user_id))
                })
            })?;
            group(w, "rsm:SupplyChainTradeTransaction", |w| {
                for (i, l) in lines.iter().enumerate() {
                    group(w, "ram:IncludedSupplyChainTradeLineItem", |w| {
                        group(w, "ram:AssociatedDocumentLineDocument", |w| {
                            leaf(w, "ram:LineID", &(i + 1).to_string())
                        })?;
                        group(w, "ram:SpecifiedTradeProduct", |w| leaf(w, "ram:Name", l.name))?;
                        group(w, "ram:SpecifiedLineTradeAgreement", |w| {
                            group(w, "ram:NetPriceProductTradePrice", |w| {
                                leaf(w, "ram:ChargeAmount", &l.price.normalize().to_string())?;
                                if let Some(b) = l.base_quantity {
                                    leaf_attr(w, "ram:BasisQuantity", ("unitCode", "C62"), &b.to_string())?;
                                }
                                Ok(())
                            })
                        })?;
                        group(w, "ram:SpecifiedLineTradeDelivery", |w| {
                            leaf_attr(w, "ram:BilledQuantity", ("unitCode", "C62"), &l.quantity.normalize().to_string())
                        })?;
                        group(w, "ram:SpecifiedLineTradeSettlement", |w| {
                            group(w, "ram:ApplicableTradeTax", |w| {
                                leaf(w, "ram:TypeCode", "VAT")?;
                                leaf(w, "ram:CategoryCode", l.category.code())?;
                                // BR-O-05: a line not subject to VAT has no rate.
                                if l.category != VatCategory::NotSubject {
                                    leaf(w, "ram:RateApplicablePercent", &l.rate.normalize().to_string())?;
                                }
                                Ok(())
                            })?;
                            group(w, "ram:SpecifiedTradeSettlementLineMonetarySummation", |w| {
                                leaf(w, "ram:LineTotalAmount", &l.net)
                            })
                        })
                    })?;
                }
                group(w, "ram:ApplicableHeaderTradeAgreement", |w| {
                    if let Some(r) = buyer.reference.as_deref().filter(|r| !r.trim().is_empty()) {
                        leaf(w, "ram:BuyerReference", r)?;
                    }
                    group(w, "ram:SellerTradeParty", |w| {
                        if let Some(id) = &seller_identifier {
                            leaf(w, "ram:ID", id)?;
                        }
                        leaf(w, "ram:Name", &issuer.legal_name)?;
                        if let Some(id) = &seller.legal_registration_id {
                            group(w, "ram:SpecifiedLegalOrganization", |w| leaf(w, "ram:ID", id))?;
                        }
                        if let Some(c) = &seller.contact {
                            group(w, "ram:DefinedTradeContact", |w| {
                                leaf(w, "ram:PersonName", &c.name)?;
                                group(w, "ram:TelephoneUniversalCommunication", |w| {
                                    leaf(w, "ram:CompleteNumber", c.phone.as_str())
                                })?;
                                group(w, "ram:EmailURIUniversalCommunication", |w| {
                                    leaf(w, "ram:URIID", c.email.as_str())
                                })
                            })?;
                        }
                        address(w, &issuer.address)?;
                        if let Some(a) = &seller.electronic_address {
                            uri(w, a)?;
                        }
                        // BR-O-02: an invoice not subject to VAT names no VAT ID.
                        if let Some(v) = seller_vat.as_ref().filter(|_| !not_subject) {
                            group(w, "ram:SpecifiedTaxRegistration", |w| {
                                leaf_attr(w, "ram:ID", ("schemeID", "VA"), v.as_str())
                            })?;
                        }
                        if let Some(t) = &tax_number {
                            group(w, "ram:SpecifiedTaxRegistration", |w| {
                                leaf_attr(w, "ram:ID", ("schemeID", "FC"), t)
                            })?;
                        }
                        Ok(())
                    })?;
                    group(w, "ram:BuyerTradeParty", |w| {
                        leaf(w, "ram:Name", &d.bill_to_name)?;
                        address(w, &d.bill_to)?;
                        if let Some(a) = &buyer.electronic_address {
                            uri(w, a)?;
                        }
                        if let Some(v) = buyer.vat_id.as_ref().filter(|_| !not_subject) {
                            group(w, "ram:SpecifiedTaxRegistration", |w| {
                                leaf_attr(w, "ram:ID", ("schemeID", "VA"), v.as_str())
                            })?;
                        }
                        Ok(())
                    })?;
                    if let Some(po) = &d.purchase_order {
                        group(w, "ram:BuyerOrderReferencedDocument", |w| leaf(w, "ram:IssuerAssignedID", po))?;
                    }
                    Ok(())
                })?;
                group(w, "ram:ApplicableHeaderTradeDelivery", |w| {
                    group(w, "ram:ActualDeliverySupplyChainEvent", |w| {
                        date_el(w, "ram:OccurrenceDateTime", invoice.issue_date)
                    })
                })?;
                group(w, "ram:ApplicableHeaderTradeSettlement", |w| {
                    if direct_debit && let Some(c) = &seller.sepa_creditor_id {
                        leaf(w, "ram:CreditorReferenceID", c.as_str())?;
                    }
                    leaf(w, "ram:PaymentReference", &remittance_reference(invoice))?;
                    leaf(w, "ram:InvoiceCurrencyCode", currency.code())?;
                    group(w, "ram:SpecifiedTradeSettlementPaymentMeans", |w| {
                        leaf(w, "ram:TypeCode", means)?;
                        match payment {
                            PaymentMethod::Card(c) => {
                                group(w, "ram:ApplicableTradeSettlementFinancialCard", |w| leaf(w, "ram:ID", c.last4()))
                            }
                            PaymentMethod::SepaDebit(s) => group(w, "ram:PayerPartyDebtorFinancialAccount", |w| {
                                leaf(w, "ram:IBANID", s.iban().as_str())
                            }),
                            PaymentMethod::WireTransfer | PaymentMethod::StandingOrder => {
                                if let Some(iban) = seller_iban {
                                    group(w, "ram:PayeePartyCreditorFinancialAccount", |w| {
                                        leaf(w, "ram:IBANID", iban.as_str())
                                    })?;
                                    if let Some(bic) = &seller.bic {
                                        group(w, "ram:PayeeSpecifiedCreditorFinancialInstitution", |w| {
                                            leaf(w, "ram:BICID", bic.as_str())
                                        })?;
                                    }
                                }
                                Ok(())
                            }
                            PaymentMethod::Check | PaymentMethod::AchDebit(_) => Ok(()),
                        }
                    })?;
                    for (category, rate, basis, tax) in breakdown {
                        group(w, "ram:ApplicableTradeTax", |w| {
                            leaf(w, "ram:CalculatedAmount", tax)?;
                            leaf(w, "ram:TypeCode", "VAT")?;
                            if let Some((_, text)) = category.exemption() {
                                leaf(w, "ram:ExemptionReason", text)?;
                            }
                            leaf(w, "ram:BasisAmount", basis)?;
                            leaf(w, "ram:CategoryCode", category.code())?;
                            if let Some((Some(code), _)) = category.exemption() {
                                leaf(w, "ram:ExemptionReasonCode", code)?;
                            }
                            leaf(w, "ram:RateApplicablePercent", &rate.normalize().to_string())
                        })?;
                    }
                    if let Some(p) = &d.service_period {
                        group(w, "ram:BillingSpecifiedPeriod", |w| {
                            date_el(w, "ram:StartDateTime", p.first_day)?;
                            date_el(w, "ram:EndDateTime", p.last_day)
                        })?;
                    }
                    group(w, "ram:SpecifiedTradePaymentTerms", |w| {
                        let days = (invoice.due_date - invoice.issue_date).whole_days();
                        leaf(w, "ram:Description", &format!("Payable by {} ({days} days net).", invoice.due_date))?;
                        date_el(w, "ram:DueDateDateTime", invoice.due_date)?;
                        if let PaymentMethod::SepaDebit(s) = payment {
                            leaf(w, "ram:DirectDebitMandateID", s.mandate_reference())?;
                        }
                        Ok(())
                    })?;
                    group(w, "ram:SpecifiedTradeSettlementHeaderMonetarySummation", |w| {
                        leaf(w, "ram:LineTotalAmount", net)?;
                        leaf(w, "ram:TaxBasisTotalAmount", net)?;
                        leaf_attr(w, "ram:TaxTotalAmount", ("currencyID", currency.code()), vat)?;
                        leaf(w, "ram:GrandTotalAmount", total)?;
                        leaf(w, "ram:DuePayableAmount", total)
                    })?;
                    if let Some(p) = preceding {
                        group(w, "ram:InvoiceReferencedDocument", |w| {
                            leaf(w, "ram:IssuerAssignedID", &p.number)?;
                            group(w, "ram:FormattedIssueDateTime", |w| {
                                leaf_attr(w, "qdt:DateTimeString", ("format", "102"), &date102(p.issue_date))
                            })
                        })?;
                    }
                    Ok(())
                })
            })
        });
    result.map_err(io)?;
    Ok(w.into_inner())
}

#[cfg(test)]
pub(crate) mod tests;
