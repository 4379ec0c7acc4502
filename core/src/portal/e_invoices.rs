//! E-invoices (EINV-1, EINV-4, EINV-6) and the e-invoicing data the billing contact keeps like
//! other billing data (EINV-5): buyer VAT ID, buyer reference or Leitweg-ID, electronic address,
//! and the format the account's e-invoices are delivered in.

use super::invoices::pdf_file_name;
use super::{Actor, BillingPortal, Caller, record};
use crate::access::Action;
use crate::documents::cii::{self, BuyerDetails, EInvoiceProfile, Preceding, SellerDetails};
use crate::documents::pdf;
use crate::documents::ubl::{self, UblProfile};
use crate::domain::account::Document;
use crate::domain::invoice::Invoice;
use crate::error::{Error, Result};
use crate::store::{self, Tx, e_invoicing, invoices};
use crate::values::{AccountId, Country, ElectronicAddress, InvoiceId, IssuerId, LeitwegId, VatId, text};
use serde::{Deserialize, Serialize};

/// The format an account's e-invoices are delivered in (EINV-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EInvoiceFormat {
    /// A PDF/A-3 with the Factur-X (EN 16931) XML inside: readable by people and machines.
    #[serde(rename = "factur_x_pdf")]
    FacturXPdf,
    /// XRechnung 3.0 in CII, as German public buyers receive it.
    #[serde(rename = "xrechnung_cii")]
    XRechnungCii,
    /// XRechnung 3.0 in UBL.
    #[serde(rename = "xrechnung_ubl")]
    XRechnungUbl,
    /// Peppol BIS Billing 3.0 in UBL, for receivers on the Peppol network.
    #[serde(rename = "peppol_bis_ubl")]
    PeppolBisUbl,
}

impl EInvoiceFormat {
    /// Every format, in the order they are offered.
    pub const ALL: [EInvoiceFormat; 4] = [
        EInvoiceFormat::FacturXPdf,
        EInvoiceFormat::XRechnungCii,
        EInvoiceFormat::XRechnungUbl,
        EInvoiceFormat::PeppolBisUbl,
    ];

    /// The stable code stored and used by the bindings and the web portal.
    pub fn code(&self) -> &'static str {
        match self {
            EInvoiceFormat::FacturXPdf => "factur_x_pdf",
            EInvoiceFormat::XRechnungCii => "xrechnung_cii",
            EInvoiceFormat::XRechnungUbl => "xrechnung_ubl",
            EInvoiceFormat::PeppolBisUbl => "peppol_bis_ubl",
        }
    }

    /// The format of a code; `invalid_input` on `e_invoice_format` otherwise.
    pub fn parse(code: &str) -> Result<Self> {
        let code = code.trim();
        Self::ALL.into_iter().find(|f| f.code().eq_ignore_ascii_case(code)).ok_or_else(|| {
            Error::invalid(
                "e_invoice_format",
                "is not one of factur_x_pdf, xrechnung_cii, xrechnung_ubl, peppol_bis_ubl",
            )
        })
    }

    /// What a person reads for it.
    pub fn label(&self) -> &'static str {
        match self {
            EInvoiceFormat::FacturXPdf => "PDF with Factur-X (EN 16931)",
            EInvoiceFormat::XRechnungCii => "XRechnung 3.0 (CII)",
            EInvoiceFormat::XRechnungUbl => "XRechnung 3.0 (UBL)",
            EInvoiceFormat::PeppolBisUbl => "Peppol BIS Billing 3.0 (UBL)",
        }
    }

    /// The file name suffix of a document in this format.
    fn suffix(&self) -> &'static str {
        match self {
            EInvoiceFormat::FacturXPdf => "pdf",
            EInvoiceFormat::XRechnungCii => "xrechnung.xml",
            EInvoiceFormat::XRechnungUbl => "xrechnung-ubl.xml",
            EInvoiceFormat::PeppolBisUbl => "peppol.xml",
        }
    }
}

/// The account's e-invoice format: the one in force, the one chosen, the default, and the
/// formats the account's and issuer's data can satisfy (EINV-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EInvoiceSettings {
    /// The format the account's e-invoices are delivered in: the chosen one while the data
    /// still satisfies it, the default otherwise.
    pub format: EInvoiceFormat,
    /// The format the billing contact chose; `None` follows the default.
    pub chosen: Option<EInvoiceFormat>,
    /// The default from the buyer's country and reference.
    pub default: EInvoiceFormat,
    /// The formats the data satisfies, in the order of [`EInvoiceFormat::ALL`].
    pub available: Vec<EInvoiceFormat>,
    /// The buyer's e-invoicing data: VAT ID, reference, electronic address (EINV-5).
    pub buyer: BuyerDetails,
}

/// The buyer's e-invoicing data as the billing contact enters it in one form (EINV-5, EINV-6):
/// each field as typed, empty or `None` clearing it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuyerEInvoicingInput {
    /// The buyer's VAT ID (BT-48), of the billing country.
    pub vat_id: Option<String>,
    /// The buyer reference (BT-10); a Leitweg-ID is checked as one and, without another
    /// address, becomes the electronic address (scheme 0204) too.
    pub reference: Option<String>,
    /// The electronic address (BT-49): EAS scheme and identifier.
    pub electronic_address: Option<(String, String)>,
    /// The preferred format; `None` follows the default.
    pub format: Option<EInvoiceFormat>,
}

/// The formats the parties' data satisfies. The PDF always; XRechnung with a buyer reference
/// (BR-DE-15), the buyer's electronic address and the seller's contact and electronic address;
/// Peppol BIS with a buyer reference (R003: the order reference varies per invoice, so the
/// account's standing data must carry one) and Peppol participant IDs on both sides (CL008).
pub(crate) fn available_formats(seller: &SellerDetails, buyer: &BuyerDetails) -> Vec<EInvoiceFormat> {
    let reference = buyer.reference.as_deref().is_some_and(|r| !r.trim().is_empty());
    let xrechnung = reference
        && buyer.electronic_address.is_some()
        && seller.contact.is_some()
        && seller.electronic_address.is_some();
    let peppol = reference
        && buyer.electronic_address.as_ref().is_some_and(ElectronicAddress::is_peppol)
        && seller.electronic_address.as_ref().is_some_and(ElectronicAddress::is_peppol);
    EInvoiceFormat::ALL
        .into_iter()
        .filter(|f| match f {
            EInvoiceFormat::FacturXPdf => true,
            EInvoiceFormat::XRechnungCii | EInvoiceFormat::XRechnungUbl => xrechnung,
            EInvoiceFormat::PeppolBisUbl => peppol,
        })
        .collect()
}

/// The default format: a German public buyer, addressed by its Leitweg-ID, receives XRechnung
/// (CII, what most German gateways take first); a buyer with a Peppol participant ID receives
/// Peppol BIS, as Belgian (since 2026), Nordic, Dutch and German businesses on Peppol do; every
/// other buyer the PDF with Factur-X, which people and machines both read.
pub(crate) fn default_format(country: Country, buyer: &BuyerDetails, available: &[EInvoiceFormat]) -> EInvoiceFormat {
    let scheme = buyer.electronic_address.as_ref().map(ElectronicAddress::scheme);
    if country.code() == "DE" && scheme == Some("0204") && available.contains(&EInvoiceFormat::XRechnungCii) {
        EInvoiceFormat::XRechnungCii
    } else if available.contains(&EInvoiceFormat::PeppolBisUbl) {
        EInvoiceFormat::PeppolBisUbl
    } else {
        EInvoiceFormat::FacturXPdf
    }
}

fn unsatisfied() -> Error {
    Error::invalid(
        "e_invoice_format",
        "the account's data does not satisfy this format: XRechnung needs a buyer reference and electronic address, Peppol BIS a buyer reference and Peppol participant IDs",
    )
}

/// Whether a buyer reference is meant as a Leitweg-ID: a coarse code of digits, a dash, and
/// the rest with a dash before two check digits (`991-33333TEST-33`).
fn looks_like_leitweg_id(reference: &str) -> bool {
    let parts: Vec<&str> = reference.split('-').collect();
    parts.len() >= 2
        && parts[0].len() >= 2
        && parts[0].len() <= 12
        && parts[0].bytes().all(|b| b.is_ascii_digit())
        && parts.last().is_some_and(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

fn settings_of(tx: &Tx<'_>, account: AccountId) -> Result<EInvoiceSettings> {
    let seller = e_invoicing::seller(tx, e_invoicing::issuer_of(tx, account)?)?;
    let buyer = e_invoicing::buyer(tx, account)?;
    let country = store::accounts::billing_address(tx, account)?.country();
    let available = available_formats(&seller, &buyer);
    let default = default_format(country, &buyer, &available);
    // A stored code this library does not know (written by a newer one) counts as no choice.
    let chosen = e_invoicing::e_invoice_format(tx, account)?.and_then(|c| EInvoiceFormat::parse(&c).ok());
    let format = chosen.filter(|c| available.contains(c)).unwrap_or(default);
    Ok(EInvoiceSettings { format, chosen, default, available, buyer })
}

impl BillingPortal {
    /// The invoice or credit note as an EN 16931 e-invoice in UN/CEFACT CII D16B (EINV-1), in the
    /// Factur-X/ZUGFeRD EN 16931 profile or as XRechnung 3.0: invoices are type 380, credit notes
    /// 381 with the invoice they cancel (EINV-4). The billing contact and vendor staff may fetch
    /// it. Data the profile requires and the account or issuer lacks is refused with
    /// `invalid_input` naming it (see [`cii::write`]).
    ///
    /// The payment means are those of the account's payment method today.
    pub fn e_invoice(
        &self,
        caller: &Caller,
        account: AccountId,
        id: InvoiceId,
        profile: EInvoiceProfile,
    ) -> Result<Vec<u8>> {
        self.look(caller, account, Action::ExportEInvoice, |tx, ctx| {
            let invoice = invoices::load(tx, account, id, ctx.now.date())?;
            e_invoice_of(tx, &invoice, profile)
        })
    }

    /// The account's e-invoice format and the formats its data can satisfy (EINV-6): the
    /// billing contact and vendor staff.
    pub fn e_invoice_settings(&self, caller: &Caller, account: AccountId) -> Result<EInvoiceSettings> {
        self.look(caller, account, Action::ExportEInvoice, |tx, _| settings_of(tx, account))
    }

    /// Sets the buyer's VAT ID, reference, electronic address and preferred format at once, as
    /// the billing-data form sends them (EINV-5, EINV-6): every field is checked first, and one
    /// that fails is refused with `invalid_input` naming it (`vat_id`, `buyer_reference`,
    /// `leitweg_id`, `electronic_address`, `e_invoice_format`) and changes nothing. A reference
    /// that looks like a Leitweg-ID (digits, then dashes) must have valid check digits.
    pub fn set_buyer_e_invoicing(
        &self,
        caller: &Caller,
        account: AccountId,
        input: &BuyerEInvoicingInput,
    ) -> Result<EInvoiceSettings> {
        let filled = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let vat_id = filled(&input.vat_id).map(|v| VatId::parse(&v)).transpose()?;
        let reference = filled(&input.reference);
        let leitweg = match reference.as_deref() {
            Some(r) if looks_like_leitweg_id(r) => Some(LeitwegId::parse(r)?),
            _ => None,
        };
        let reference = match (&leitweg, reference) {
            (Some(id), _) => Some(id.as_str().to_owned()),
            (None, Some(r)) => Some(text::required("buyer_reference", &r, 100)?),
            (None, None) => None,
        };
        let address = match &input.electronic_address {
            Some((scheme, id)) if !scheme.trim().is_empty() || !id.trim().is_empty() => {
                Some(ElectronicAddress::parse(scheme, id)?)
            }
            _ => match &leitweg {
                Some(id) => Some(ElectronicAddress::parse("0204", id.as_str())?),
                None => None,
            },
        };
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            if let Some(v) = &vat_id
                && v.country() != store::accounts::billing_address(tx, account)?.country()
            {
                return Err(Error::invalid("vat_id", "belongs to another country than the billing address"));
            }
            e_invoicing::set_buyer_vat_id(tx, account, vat_id.as_ref())?;
            e_invoicing::set_buyer_reference(tx, account, reference.as_deref())?;
            e_invoicing::set_buyer_electronic_address(tx, account, address.as_ref())?;
            if let Some(f) = input.format
                && !settings_of(tx, account)?.available.contains(&f)
            {
                // The transaction is rolled back: the other fields are not kept either.
                return Err(unsatisfied());
            }
            e_invoicing::set_e_invoice_format(tx, account, input.format.as_ref().map(EInvoiceFormat::code))?;
            ctx.record(tx, "buyer_e_invoicing_changed", input.format.as_ref().map_or("default", EInvoiceFormat::code))?;
            settings_of(tx, account)
        })
    }

    /// Chooses the account's e-invoice format, or with `None` lets it follow the default
    /// (EINV-6). A format the account's data cannot satisfy (see [`EInvoiceSettings`]) is
    /// refused with `invalid_input` on `e_invoice_format` and changes nothing.
    pub fn set_e_invoice_format(
        &self,
        caller: &Caller,
        account: AccountId,
        format: Option<EInvoiceFormat>,
    ) -> Result<EInvoiceSettings> {
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            if let Some(f) = format
                && !settings_of(tx, account)?.available.contains(&f)
            {
                return Err(unsatisfied());
            }
            e_invoicing::set_e_invoice_format(tx, account, format.as_ref().map(EInvoiceFormat::code))?;
            ctx.record(tx, "e_invoice_format_changed", format.as_ref().map_or("default", EInvoiceFormat::code))?;
            settings_of(tx, account)
        })
    }

    /// The invoice or credit note in the account's e-invoice format (EINV-6): a PDF/A-3 with
    /// Factur-X inside, XRechnung CII, XRechnung UBL or Peppol BIS UBL, named after its number.
    pub fn e_invoice_document(&self, caller: &Caller, account: AccountId, id: InvoiceId) -> Result<Document> {
        self.look(caller, account, Action::ExportEInvoice, |tx, ctx| {
            let invoice = invoices::load(tx, account, id, ctx.now.date())?;
            document_of(tx, &invoice, settings_of(tx, account)?.format)
        })
    }

    /// The invoice or credit note in `format`, whatever the account's choice (EINV-6). Data the
    /// format requires and the account or issuer lacks is refused with `invalid_input` naming it.
    pub fn e_invoice_as(
        &self,
        caller: &Caller,
        account: AccountId,
        id: InvoiceId,
        format: EInvoiceFormat,
    ) -> Result<Document> {
        self.look(caller, account, Action::ExportEInvoice, |tx, ctx| {
            let invoice = invoices::load(tx, account, id, ctx.now.date())?;
            document_of(tx, &invoice, format)
        })
    }

    /// Sets or clears the buyer's VAT ID (BT-48, EINV-5): format-checked, and of the billing
    /// country. With it, an EU buyer in another member state than the issuer's is billed by
    /// reverse charge (EINV-2).
    pub fn set_buyer_vat_id(&self, caller: &Caller, account: AccountId, vat_id: Option<&str>) -> Result<Option<VatId>> {
        let vat_id = vat_id.map(VatId::parse).transpose()?;
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            if let Some(v) = &vat_id
                && v.country() != store::accounts::billing_address(tx, account)?.country()
            {
                return Err(Error::invalid("vat_id", "belongs to another country than the billing address"));
            }
            e_invoicing::set_buyer_vat_id(tx, account, vat_id.as_ref())?;
            ctx.record(tx, "buyer_vat_id_changed", if vat_id.is_some() { "set" } else { "cleared" })?;
            Ok(vat_id)
        })
    }

    /// Sets or clears the buyer reference (BT-10, EINV-5): the customer's own reference, at most
    /// 100 characters. A German public buyer's Leitweg-ID goes through [`Self::set_leitweg_id`].
    pub fn set_buyer_reference(&self, caller: &Caller, account: AccountId, reference: Option<&str>) -> Result<()> {
        let reference = reference.map(|r| text::required("buyer_reference", r, 100)).transpose()?;
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            e_invoicing::set_buyer_reference(tx, account, reference.as_deref())?;
            ctx.record(tx, "buyer_reference_changed", if reference.is_some() { "set" } else { "cleared" })
        })
    }

    /// Makes a German public buyer's Leitweg-ID, check digits verified, the buyer reference (BT-10)
    /// and the electronic address (BT-49, scheme 0204) of the account's e-invoices (EINV-5).
    pub fn set_leitweg_id(&self, caller: &Caller, account: AccountId, leitweg_id: &str) -> Result<LeitwegId> {
        let id = LeitwegId::parse(leitweg_id)?;
        let address = ElectronicAddress::parse("0204", id.as_str())?;
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            e_invoicing::set_buyer_reference(tx, account, Some(id.as_str()))?;
            e_invoicing::set_buyer_electronic_address(tx, account, Some(&address))?;
            ctx.record(tx, "leitweg_id_changed", id.as_str())?;
            Ok(id.clone())
        })
    }

    /// Sets or clears the buyer's electronic address (BT-49): a `scheme` of the EAS code list and
    /// an identifier in it.
    pub fn set_buyer_electronic_address(
        &self,
        caller: &Caller,
        account: AccountId,
        address: Option<(&str, &str)>,
    ) -> Result<()> {
        let address = address.map(|(scheme, id)| ElectronicAddress::parse(scheme, id)).transpose()?;
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            e_invoicing::set_buyer_electronic_address(tx, account, address.as_ref())?;
            ctx.record(tx, "buyer_electronic_address_changed", address.as_ref().map_or("cleared", |a| a.scheme()))
        })
    }

    /// The issuer that bills the account, for the host to set its e-invoicing details. Trusted
    /// host only, like [`Self::set_issuer_e_invoicing`].
    pub fn issuer_of_account(&self, account: AccountId) -> Result<IssuerId> {
        self.db.read(|tx| e_invoicing::issuer_of(tx, account))
    }

    /// Sets the issuer's e-invoicing details: VAT ID, registration, contact, electronic address,
    /// bank account and SEPA creditor ID. Trusted host only (see [`BillingPortal::register_staff`]).
    pub fn set_issuer_e_invoicing(&self, issuer: IssuerId, details: &SellerDetails) -> Result<()> {
        if let Some(n) = &details.tax_number {
            text::required("tax_number", n, 40)?;
        }
        if let Some(r) = &details.legal_registration_id {
            text::required("legal_registration_id", r, 100)?;
        }
        if let Some(c) = &details.contact {
            text::required("contact.name", &c.name, 100)?;
        }
        self.db.write(|tx| {
            // A bank statement's account names one issuer, whose invoices alone it can pay (RECON-2).
            if let Some(iban) = &details.iban
                && store::payments::issuer_accounts(tx)?
                    .iter()
                    .any(|(other, accounts)| *other != issuer && accounts.iter().any(|a| a == iban.as_str()))
            {
                return Err(Error::invalid("iban", "is an account of another issuer"));
            }
            if !e_invoicing::set_seller(tx, issuer, details)? {
                return Err(Error::not_found("issuer"));
            }
            record(tx, self.now(), Actor::Host, "issuer_e_invoicing_changed", None, &format!("issuer:{issuer}"))
        })
    }
}

/// `invoice` as a document in `format`.
fn document_of(tx: &Tx<'_>, invoice: &Invoice, format: EInvoiceFormat) -> Result<Document> {
    let file_name = format!("{}.{}", invoice.number, format.suffix());
    let xml = |bytes| Document { file_name: file_name.clone(), content_type: "application/xml".into(), bytes };
    Ok(match format {
        EInvoiceFormat::FacturXPdf => {
            let fx = e_invoice_of(tx, invoice, EInvoiceProfile::FacturXEn16931)?;
            let bytes = pdf::render(invoice, invoice.document.language, &fx)?;
            Document { file_name: pdf_file_name(&invoice.number), content_type: "application/pdf".into(), bytes }
        }
        EInvoiceFormat::XRechnungCii => xml(e_invoice_of(tx, invoice, EInvoiceProfile::XRechnung)?),
        EInvoiceFormat::XRechnungUbl => xml(ubl_of(tx, invoice, UblProfile::XRechnung)?),
        EInvoiceFormat::PeppolBisUbl => xml(ubl_of(tx, invoice, UblProfile::PeppolBis)?),
    })
}

/// What an e-invoice of `invoice` is written from: its payment means as on the issue date (for
/// invoices issued before those were kept, the account's method now), the parties' e-invoicing
/// data as stored now, and the invoice a credit note cancels.
fn parts_of(
    tx: &Tx<'_>,
    invoice: &Invoice,
) -> Result<(crate::values::PaymentMethod, SellerDetails, BuyerDetails, Option<Preceding>)> {
    let account = invoice.account_id;
    let preceding = match &invoice.refers_to {
        Some(number) => {
            let original = invoices::id_by_number(tx, account, number)?.ok_or_else(|| Error::not_found("invoice"))?;
            let original = invoices::load(tx, account, original, invoice.issue_date)?;
            Some(Preceding { number: original.number, issue_date: original.issue_date })
        }
        None => None,
    };
    let payment = match invoices::payment_method_at_issue(tx, account, invoice.id)? {
        Some(at_issue) => at_issue,
        None => store::accounts::payment_method(tx, account)?,
    };
    let seller = e_invoicing::seller(tx, e_invoicing::issuer_of(tx, account)?)?;
    let buyer = e_invoicing::buyer(tx, account)?;
    Ok((payment, seller, buyer, preceding))
}

/// `invoice` as a CII e-invoice in `profile`.
pub(super) fn e_invoice_of(tx: &Tx<'_>, invoice: &Invoice, profile: EInvoiceProfile) -> Result<Vec<u8>> {
    let (payment, seller, buyer, preceding) = parts_of(tx, invoice)?;
    cii::write(invoice, &payment, &seller, &buyer, preceding.as_ref(), profile)
}

/// `invoice` as a UBL e-invoice in `profile`.
fn ubl_of(tx: &Tx<'_>, invoice: &Invoice, profile: UblProfile) -> Result<Vec<u8>> {
    let (payment, seller, buyer, preceding) = parts_of(tx, invoice)?;
    ubl::write(invoice, &payment, &seller, &buyer, preceding.as_ref(), profile)
}
