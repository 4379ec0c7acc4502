//! EN 16931 e-invoices in OASIS UBL 2.1: `Invoice` for invoices, `CreditNote` for credit notes,
//! as XRechnung 3.0 (UBL) and as Peppol BIS Billing 3.0 (EINV-6), written with `quick-xml`.
//!
//! The content is the CII writer's ([`crate::documents::cii`]): the same lines, categories,
//! breakdown and checks, prepared once; only the syntax differs. The elements follow the order
//! the UBL 2.1 schemas prescribe.

use crate::documents::cii::{
    self, BUSINESS_PROCESS, BuyerDetails, Preceding, Prepared, Rules, SellerDetails, remittance_reference,
};
use crate::domain::invoice::{Invoice, InvoiceKind};
use crate::domain::vat::VatCategory;
use crate::error::{Error, Result};
use crate::values::{BillingAddress, CardBrand, ElectronicAddress, PaymentMethod};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

/// Which CIUS a UBL e-invoice follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UblProfile {
    /// XRechnung 3.0 in UBL syntax, for German public buyers.
    #[serde(rename = "xrechnung_ubl")]
    XRechnung,
    /// Peppol BIS Billing 3.0, for receivers on the Peppol network.
    #[serde(rename = "peppol_bis")]
    PeppolBis,
}

impl UblProfile {
    /// The specification identifier (BT-24).
    pub fn customization_id(&self) -> &'static str {
        match self {
            UblProfile::XRechnung => "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
            UblProfile::PeppolBis => "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
        }
    }
}

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

fn date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn address(w: W<'_>, a: &BillingAddress) -> std::io::Result<()> {
    group(w, "cac:PostalAddress", |w| {
        leaf(w, "cbc:StreetName", a.line1())?;
        if !a.line2().is_empty() {
            leaf(w, "cbc:AdditionalStreetName", a.line2())?;
        }
        leaf(w, "cbc:CityName", a.city())?;
        if !a.postal_code().is_empty() {
            leaf(w, "cbc:PostalZone", a.postal_code())?;
        }
        if !a.region().is_empty() {
            leaf(w, "cbc:CountrySubentity", a.region())?;
        }
        group(w, "cac:Country", |w| leaf(w, "cbc:IdentificationCode", a.country().code()))
    })
}

fn endpoint(w: W<'_>, a: &ElectronicAddress) -> std::io::Result<()> {
    leaf_attr(w, "cbc:EndpointID", ("schemeID", a.scheme()), a.identifier())
}

fn tax_scheme(w: W<'_>, id: &str) -> std::io::Result<()> {
    group(w, "cac:TaxScheme", |w| leaf(w, "cbc:ID", id))
}

/// The card network (UBL `NetworkID`) of a card payment.
fn network(brand: CardBrand) -> &'static str {
    match brand {
        CardBrand::Visa => "VISA",
        CardBrand::Mastercard => "MASTERCARD",
        CardBrand::Amex => "AMEX",
        CardBrand::Discover => "DISCOVER",
        CardBrand::Other => "OTHER",
    }
}

/// Writes `invoice` as a UBL 2.1 `Invoice` (type 380) or `CreditNote` (type 381) in `profile`.
///
/// The arguments are those of [`cii::write`], and so are the refusals; Peppol BIS refuses as
/// well an invoice with neither buyer reference nor purchase order (PEPPOL-EN16931-R003) and
/// electronic addresses missing or in a scheme that is no Peppol participant scheme, such as `EM`
/// (PEPPOL-EN16931-R010, R020, CL008).
pub fn write(
    invoice: &Invoice,
    payment: &PaymentMethod,
    seller: &SellerDetails,
    buyer: &BuyerDetails,
    preceding: Option<&Preceding>,
    profile: UblProfile,
) -> Result<Vec<u8>> {
    let rules = match profile {
        UblProfile::XRechnung => Rules::XRechnung,
        UblProfile::PeppolBis => Rules::Peppol,
    };
    let p = cii::prepare(invoice, payment, seller, buyer, preceding, rules)?;
    let io = |e: std::io::Error| Error::Storage(format!("xml: {}", e.kind()));
    let mut w = Writer::new_with_indent(Vec::with_capacity(8192), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).map_err(io)?;
    let credit = invoice.kind == InvoiceKind::CreditNote;
    let (root, namespace) = if credit {
        ("CreditNote", "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2")
    } else {
        ("Invoice", "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2")
    };
    w.create_element(root)
        .with_attributes([
            ("xmlns", namespace),
            ("xmlns:cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"),
            ("xmlns:cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"),
        ])
        .write_inner_content(|w| body(w, invoice, payment, seller, buyer, preceding, profile, &p))
        .map_err(io)?;
    Ok(w.into_inner())
}

#[allow(clippy::too_many_arguments)] // the parts of one document, split from `write` for length
fn body(
    w: W<'_>,
    invoice: &Invoice,
    payment: &PaymentMethod,
    seller: &SellerDetails,
    buyer: &BuyerDetails,
    preceding: Option<&Preceding>,
    profile: UblProfile,
    p: &Prepared<'_>,
) -> std::io::Result<()> {
    let d = &invoice.document;
    let issuer = &d.issuer;
    let credit = invoice.kind == InvoiceKind::CreditNote;
    let cur = p.currency.code();
    let money = |w: W<'_>, name: &str, v: &str| leaf_attr(w, name, ("currencyID", cur), v);

    leaf(w, "cbc:CustomizationID", profile.customization_id())?;
    leaf(w, "cbc:ProfileID", BUSINESS_PROCESS)?;
    leaf(w, "cbc:ID", &invoice.number)?;
    leaf(w, "cbc:IssueDate", &date(invoice.issue_date))?;
    if credit {
        leaf(w, "cbc:CreditNoteTypeCode", cii::type_code(invoice.kind))?;
    } else {
        leaf(w, "cbc:DueDate", &date(invoice.due_date))?;
        leaf(w, "cbc:InvoiceTypeCode", cii::type_code(invoice.kind))?;
    }
    leaf(w, "cbc:Note", &format!("User ID: {}", d.billing_contact_user_id))?;
    leaf(w, "cbc:DocumentCurrencyCode", cur)?;
    if let Some(r) = buyer.reference.as_deref().filter(|r| !r.trim().is_empty()) {
        leaf(w, "cbc:BuyerReference", r)?;
    }
    if let Some(period) = &d.service_period {
        group(w, "cac:InvoicePeriod", |w| {
            leaf(w, "cbc:StartDate", &date(period.first_day))?;
            leaf(w, "cbc:EndDate", &date(period.last_day))
        })?;
    }
    if let Some(po) = &d.purchase_order {
        group(w, "cac:OrderReference", |w| leaf(w, "cbc:ID", po))?;
    }
    if let Some(pre) = preceding {
        group(w, "cac:BillingReference", |w| {
            group(w, "cac:InvoiceDocumentReference", |w| {
                leaf(w, "cbc:ID", &pre.number)?;
                leaf(w, "cbc:IssueDate", &date(pre.issue_date))
            })
        })?;
    }

    group(w, "cac:AccountingSupplierParty", |w| {
        group(w, "cac:Party", |w| {
            if let Some(a) = &seller.electronic_address {
                endpoint(w, a)?;
            }
            if let Some(id) = &p.seller_identifier {
                group(w, "cac:PartyIdentification", |w| leaf(w, "cbc:ID", id))?;
            }
            // BT-90: the SEPA creditor identifier is a seller identifier of scheme SEPA.
            if p.direct_debit
                && let Some(c) = &seller.sepa_creditor_id
            {
                group(w, "cac:PartyIdentification", |w| leaf_attr(w, "cbc:ID", ("schemeID", "SEPA"), c.as_str()))?;
            }
            address(w, &issuer.address)?;
            // BR-O-02: an invoice not subject to VAT names no VAT ID.
            if let Some(v) = p.seller_vat.as_ref().filter(|_| !p.not_subject) {
                group(w, "cac:PartyTaxScheme", |w| {
                    leaf(w, "cbc:CompanyID", v.as_str())?;
                    tax_scheme(w, "VAT")
                })?;
            }
            if let Some(t) = &p.tax_number {
                group(w, "cac:PartyTaxScheme", |w| {
                    leaf(w, "cbc:CompanyID", t)?;
                    tax_scheme(w, "FC")
                })?;
            }
            group(w, "cac:PartyLegalEntity", |w| {
                leaf(w, "cbc:RegistrationName", &issuer.legal_name)?;
                if let Some(id) = &seller.legal_registration_id {
                    leaf(w, "cbc:CompanyID", id)?;
                }
                Ok(())
            })?;
            if let Some(c) = &seller.contact {
                group(w, "cac:Contact", |w| {
                    leaf(w, "cbc:Name", &c.name)?;
                    leaf(w, "cbc:Telephone", c.phone.as_str())?;
                    leaf(w, "cbc:ElectronicMail", c.email.as_str())
                })?;
            }
            Ok(())
        })
    })?;
    group(w, "cac:AccountingCustomerParty", |w| {
        group(w, "cac:Party", |w| {
            if let Some(a) = &buyer.electronic_address {
                endpoint(w, a)?;
            }
            address(w, &d.bill_to)?;
            if let Some(v) = buyer.vat_id.as_ref().filter(|_| !p.not_subject) {
                group(w, "cac:PartyTaxScheme", |w| {
                    leaf(w, "cbc:CompanyID", v.as_str())?;
                    tax_scheme(w, "VAT")
                })?;
            }
            group(w, "cac:PartyLegalEntity", |w| leaf(w, "cbc:RegistrationName", &d.bill_to_name))
        })
    })?;
    group(w, "cac:Delivery", |w| leaf(w, "cbc:ActualDeliveryDate", &date(invoice.issue_date)))?;

    group(w, "cac:PaymentMeans", |w| {
        leaf(w, "cbc:PaymentMeansCode", p.means)?;
        // A credit note has no due date of its own element; EN 16931 puts BT-9 here.
        if credit {
            leaf(w, "cbc:PaymentDueDate", &date(invoice.due_date))?;
        }
        leaf(w, "cbc:PaymentID", &remittance_reference(invoice))?;
        match payment {
            PaymentMethod::Card(c) => group(w, "cac:CardAccount", |w| {
                leaf(w, "cbc:PrimaryAccountNumberID", c.last4())?;
                leaf(w, "cbc:NetworkID", network(c.brand()))
            }),
            PaymentMethod::SepaDebit(s) => group(w, "cac:PaymentMandate", |w| {
                leaf(w, "cbc:ID", s.mandate_reference())?;
                group(w, "cac:PayerFinancialAccount", |w| leaf(w, "cbc:ID", s.iban().as_str()))
            }),
            PaymentMethod::WireTransfer | PaymentMethod::StandingOrder => match &seller.iban {
                Some(iban) => group(w, "cac:PayeeFinancialAccount", |w| {
                    leaf(w, "cbc:ID", iban.as_str())?;
                    if let Some(bic) = &seller.bic {
                        group(w, "cac:FinancialInstitutionBranch", |w| leaf(w, "cbc:ID", bic.as_str()))?;
                    }
                    Ok(())
                }),
                None => Ok(()),
            },
            PaymentMethod::Check | PaymentMethod::AchDebit(_) => Ok(()),
        }
    })?;
    group(w, "cac:PaymentTerms", |w| {
        let days = (invoice.due_date - invoice.issue_date).whole_days();
        leaf(w, "cbc:Note", &format!("Payable by {} ({days} days net).", invoice.due_date))
    })?;
    group(w, "cac:TaxTotal", |w| {
        money(w, "cbc:TaxAmount", &p.vat)?;
        for (category, rate, basis, tax) in &p.breakdown {
            group(w, "cac:TaxSubtotal", |w| {
                money(w, "cbc:TaxableAmount", basis)?;
                money(w, "cbc:TaxAmount", tax)?;
                tax_category(w, "cac:TaxCategory", *category, *rate, true)
            })?;
        }
        Ok(())
    })?;
    group(w, "cac:LegalMonetaryTotal", |w| {
        money(w, "cbc:LineExtensionAmount", &p.net)?;
        money(w, "cbc:TaxExclusiveAmount", &p.net)?;
        money(w, "cbc:TaxInclusiveAmount", &p.total)?;
        money(w, "cbc:PayableAmount", &p.total)
    })?;
    let (line_el, quantity_el) = if credit {
        ("cac:CreditNoteLine", "cbc:CreditedQuantity")
    } else {
        ("cac:InvoiceLine", "cbc:InvoicedQuantity")
    };
    for (i, l) in p.lines.iter().enumerate() {
        group(w, line_el, |w| {
            leaf(w, "cbc:ID", &(i + 1).to_string())?;
            leaf_attr(w, quantity_el, ("unitCode", "C62"), &l.quantity.normalize().to_string())?;
            money(w, "cbc:LineExtensionAmount", &l.net)?;
            group(w, "cac:Item", |w| {
                leaf(w, "cbc:Name", l.name)?;
                tax_category(w, "cac:ClassifiedTaxCategory", l.category, l.rate, false)
            })?;
            group(w, "cac:Price", |w| {
                money(w, "cbc:PriceAmount", &l.price.normalize().to_string())?;
                if let Some(b) = l.base_quantity {
                    leaf_attr(w, "cbc:BaseQuantity", ("unitCode", "C62"), &b.to_string())?;
                }
                Ok(())
            })
        })?;
    }
    Ok(())
}

/// A VAT category with its rate and, in the breakdown, its exemption reason (BR-*-10). A line
/// not subject to VAT has no rate (BR-O-05); its breakdown states 0 %, which XRechnung requires
/// (BR-DE-14) and EN 16931 allows.
fn tax_category(w: W<'_>, name: &str, category: VatCategory, rate: Decimal, breakdown: bool) -> std::io::Result<()> {
    group(w, name, |w| {
        leaf(w, "cbc:ID", category.code())?;
        if breakdown || category != VatCategory::NotSubject {
            leaf(w, "cbc:Percent", &rate.normalize().to_string())?;
        }
        if breakdown && let Some((code, text)) = category.exemption() {
            if let Some(code) = code {
                leaf(w, "cbc:TaxExemptionReasonCode", code)?;
            }
            leaf(w, "cbc:TaxExemptionReason", text)?;
        }
        tax_scheme(w, "VAT")
    })
}

#[cfg(test)]
mod tests;
