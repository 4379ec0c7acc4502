//! Invoices, credit notes and how they print (INV-1..INV-6).

use super::accounts::IssuerProfile;
use super::quotes::{Line, Totals};
use super::values::{BillingAddress, Money};
use crate::convert::CalendarDay;
use corporate_billing::{
    Invoice as CoreInvoice, InvoiceDocument as CoreInvoiceDocument, InvoiceKind as CoreInvoiceKind,
    InvoiceStatus as CoreInvoiceStatus, InvoiceSummary as CoreInvoiceSummary, PrintFormat as CorePrintFormat,
};

/// An invoice or a credit note that cancels one (INV-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum InvoiceKind {
    /// A claim for payment.
    Invoice,
    /// Cancels a voided invoice; amounts are negative.
    CreditNote,
}

impl From<InvoiceKind> for CoreInvoiceKind {
    fn from(k: InvoiceKind) -> Self {
        match k {
            InvoiceKind::Invoice => CoreInvoiceKind::Invoice,
            InvoiceKind::CreditNote => CoreInvoiceKind::CreditNote,
        }
    }
}

impl From<CoreInvoiceKind> for InvoiceKind {
    fn from(k: CoreInvoiceKind) -> Self {
        match k {
            CoreInvoiceKind::Invoice => InvoiceKind::Invoice,
            CoreInvoiceKind::CreditNote => InvoiceKind::CreditNote,
        }
    }
}

/// Payment state (INV-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum InvoiceStatus {
    /// Awaiting payment.
    Open,
    /// Payment recorded by vendor staff.
    Paid,
    /// Voided by a correction; the record stays.
    Void,
}

impl From<InvoiceStatus> for CoreInvoiceStatus {
    fn from(s: InvoiceStatus) -> Self {
        match s {
            InvoiceStatus::Open => CoreInvoiceStatus::Open,
            InvoiceStatus::Paid => CoreInvoiceStatus::Paid,
            InvoiceStatus::Void => CoreInvoiceStatus::Void,
        }
    }
}

impl From<CoreInvoiceStatus> for InvoiceStatus {
    fn from(s: CoreInvoiceStatus) -> Self {
        match s {
            CoreInvoiceStatus::Open => InvoiceStatus::Open,
            CoreInvoiceStatus::Paid => InvoiceStatus::Paid,
            CoreInvoiceStatus::Void => InvoiceStatus::Void,
        }
    }
}

/// Which EN 16931 CIUS an e-invoice follows (EINV-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum EInvoiceProfile {
    /// Factur-X / ZUGFeRD, profile EN 16931.
    FacturX,
    /// XRechnung 3.0 (CII).
    XRechnung,
}

impl From<EInvoiceProfile> for corporate_billing::EInvoiceProfile {
    fn from(p: EInvoiceProfile) -> Self {
        match p {
            EInvoiceProfile::FacturX => corporate_billing::EInvoiceProfile::FacturXEn16931,
            EInvoiceProfile::XRechnung => corporate_billing::EInvoiceProfile::XRechnung,
        }
    }
}

/// How a printed invoice is rendered (INV-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum PrintFormat {
    /// A complete HTML document with print styles.
    Html,
    /// Plain text, 80 columns.
    Text,
    /// A PDF/A-3b with the EN 16931 e-invoice embedded as `factur-x.xml` (EINV-3).
    Pdf,
}

impl From<PrintFormat> for CorePrintFormat {
    fn from(f: PrintFormat) -> Self {
        match f {
            PrintFormat::Html => CorePrintFormat::Html,
            PrintFormat::Text => CorePrintFormat::Text,
            PrintFormat::Pdf => CorePrintFormat::Pdf,
        }
    }
}

/// Everything printed on an invoice, fixed when it is issued (INV-1, INV-3).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct InvoiceDocument {
    /// Who issues the invoice.
    pub issuer: IssuerProfile,
    /// The customer's company name.
    pub bill_to_name: String,
    /// The billing address on the issue date.
    pub bill_to: BillingAddress,
    /// The billing contact's user ID (AUTH-10).
    pub billing_contact_user_id: String,
    /// The purchase order in force on the issue date, if any (PO-1).
    pub purchase_order: Option<String>,
    /// Priced lines.
    pub lines: Vec<Line>,
    /// Net, VAT per rate, total.
    pub totals: Totals,
    /// How to pay, for the payment method on the issue date.
    pub payment_instructions: String,
    /// The period of service billed, for a subscription's invoice (BT-73, BT-74).
    pub service_period: Option<ServicePeriod>,
}

/// A period of service, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Record)]
pub struct ServicePeriod {
    /// The first day.
    pub first_day: CalendarDay,
    /// The last day.
    pub last_day: CalendarDay,
}

impl From<CoreInvoiceDocument> for InvoiceDocument {
    fn from(d: CoreInvoiceDocument) -> Self {
        InvoiceDocument {
            issuer: d.issuer.into(),
            bill_to_name: d.bill_to_name,
            bill_to: d.bill_to.into(),
            billing_contact_user_id: d.billing_contact_user_id,
            purchase_order: d.purchase_order,
            lines: d.lines.into_iter().map(Into::into).collect(),
            totals: d.totals.into(),
            payment_instructions: d.payment_instructions,
            service_period: d
                .service_period
                .map(|p| ServicePeriod { first_day: p.first_day.into(), last_day: p.last_day.into() }),
        }
    }
}

/// An invoice with everything on it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Invoice {
    /// The invoice.
    pub id: String,
    /// The account billed.
    pub account_id: String,
    /// Number from the issuer's series, unique and gap-free (INV-1).
    pub number: String,
    /// Invoice or credit note.
    pub kind: InvoiceKind,
    /// For a credit note, the number of the invoice it cancels.
    pub refers_to: Option<String>,
    /// Issue date.
    pub issue_date: CalendarDay,
    /// Payment due date.
    pub due_date: CalendarDay,
    /// Open, paid or void.
    pub status: InvoiceStatus,
    /// Open and past its due date (INV-6).
    pub overdue: bool,
    /// The day the payment that settled it arrived, while it is paid.
    pub paid_on: Option<CalendarDay>,
    /// Why it was voided.
    pub void_reason: Option<String>,
    /// The sum of its payments that stand (PAYM-1).
    pub amount_paid: Money,
    /// What is still to be paid (PAYM-1).
    pub balance_due: Money,
    /// The ISO 11649 creditor reference payers quote.
    pub creditor_reference: String,
    /// The printed content.
    pub document: InvoiceDocument,
}

impl From<CoreInvoice> for Invoice {
    fn from(i: CoreInvoice) -> Self {
        Invoice {
            id: i.id.to_string(),
            account_id: i.account_id.to_string(),
            number: i.number,
            kind: i.kind.into(),
            refers_to: i.refers_to,
            issue_date: i.issue_date.into(),
            due_date: i.due_date.into(),
            status: i.status.into(),
            overdue: i.overdue,
            paid_on: i.paid_on.map(Into::into),
            void_reason: i.void_reason,
            amount_paid: i.amount_paid.into(),
            balance_due: i.balance_due.into(),
            creditor_reference: i.creditor_reference.as_str().to_owned(),
            document: i.document.into(),
        }
    }
}

/// An invoice in a list (INV-2).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct InvoiceSummary {
    /// The invoice.
    pub id: String,
    /// Its number.
    pub number: String,
    /// Invoice or credit note.
    pub kind: InvoiceKind,
    /// Issue date.
    pub issue_date: CalendarDay,
    /// Payment due date.
    pub due_date: CalendarDay,
    /// Grand total.
    pub total: Money,
    /// Open, paid or void.
    pub status: InvoiceStatus,
    /// Open and past its due date.
    pub overdue: bool,
    /// What is still to be paid (PAYM-1).
    pub balance_due: Money,
}

impl From<CoreInvoiceSummary> for InvoiceSummary {
    fn from(i: CoreInvoiceSummary) -> Self {
        InvoiceSummary {
            id: i.id.to_string(),
            number: i.number,
            kind: i.kind.into(),
            issue_date: i.issue_date.into(),
            due_date: i.due_date.into(),
            total: i.total.into(),
            status: i.status.into(),
            overdue: i.overdue,
            balance_due: i.balance_due.into(),
        }
    }
}

/// The format an account's e-invoices are delivered in (EINV-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum EInvoiceFormat {
    /// A PDF/A-3 with the Factur-X (EN 16931) XML inside.
    FacturXPdf,
    /// XRechnung 3.0 in CII.
    XRechnungCii,
    /// XRechnung 3.0 in UBL.
    XRechnungUbl,
    /// Peppol BIS Billing 3.0 in UBL.
    PeppolBisUbl,
}

impl From<EInvoiceFormat> for corporate_billing::EInvoiceFormat {
    fn from(f: EInvoiceFormat) -> Self {
        match f {
            EInvoiceFormat::FacturXPdf => corporate_billing::EInvoiceFormat::FacturXPdf,
            EInvoiceFormat::XRechnungCii => corporate_billing::EInvoiceFormat::XRechnungCii,
            EInvoiceFormat::XRechnungUbl => corporate_billing::EInvoiceFormat::XRechnungUbl,
            EInvoiceFormat::PeppolBisUbl => corporate_billing::EInvoiceFormat::PeppolBisUbl,
        }
    }
}

impl From<corporate_billing::EInvoiceFormat> for EInvoiceFormat {
    fn from(f: corporate_billing::EInvoiceFormat) -> Self {
        match f {
            corporate_billing::EInvoiceFormat::FacturXPdf => EInvoiceFormat::FacturXPdf,
            corporate_billing::EInvoiceFormat::XRechnungCii => EInvoiceFormat::XRechnungCii,
            corporate_billing::EInvoiceFormat::XRechnungUbl => EInvoiceFormat::XRechnungUbl,
            corporate_billing::EInvoiceFormat::PeppolBisUbl => EInvoiceFormat::PeppolBisUbl,
        }
    }
}

/// The account's e-invoice format, its default and the formats its data satisfies (EINV-6).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EInvoiceSettings {
    /// The format in force.
    pub format: EInvoiceFormat,
    /// The format the billing contact chose; none follows the default.
    pub chosen: Option<EInvoiceFormat>,
    /// The default from the buyer's country and reference.
    pub default_format: EInvoiceFormat,
    /// The formats the account's and issuer's data satisfy.
    pub available: Vec<EInvoiceFormat>,
}

impl From<corporate_billing::EInvoiceSettings> for EInvoiceSettings {
    fn from(s: corporate_billing::EInvoiceSettings) -> Self {
        EInvoiceSettings {
            format: s.format.into(),
            chosen: s.chosen.map(Into::into),
            default_format: s.default.into(),
            available: s.available.into_iter().map(Into::into).collect(),
        }
    }
}

/// An electronic address (BT-34, BT-49): an EAS scheme code and an identifier in it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ElectronicAddress {
    /// The EAS scheme, such as `9930` (German VAT ID), `0204` (Leitweg-ID) or `EM` (e-mail).
    pub scheme: String,
    /// The identifier within the scheme.
    pub identifier: String,
}

/// The seller's contact on e-invoices (BG-6).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SellerContact {
    /// A person or department.
    pub name: String,
    /// Telephone.
    pub phone: String,
    /// E-mail address.
    pub email: String,
}

/// The issuer's e-invoicing details, each checked when set (EINV-1, EINV-6).
#[derive(Debug, Clone, PartialEq, Eq, Default, uniffi::Record)]
pub struct IssuerEInvoicing {
    /// VAT identifier (BT-31).
    pub vat_id: Option<String>,
    /// Legal registration identifier (BT-30).
    pub legal_registration_id: Option<String>,
    /// Tax registration number (BT-32).
    pub tax_number: Option<String>,
    /// Contact (BG-6), which XRechnung requires.
    pub contact: Option<SellerContact>,
    /// Electronic address (BT-34), which XRechnung and Peppol require.
    pub electronic_address: Option<ElectronicAddress>,
    /// Account credit transfers go to (BT-84).
    pub iban: Option<String>,
    /// Its bank (BT-86).
    pub bic: Option<String>,
    /// SEPA creditor identifier (BT-90).
    pub sepa_creditor_id: Option<String>,
}

impl IssuerEInvoicing {
    /// The core's details, every value parsed (`invalid_input` naming the field otherwise).
    pub(crate) fn parse(self) -> corporate_billing::Result<corporate_billing::documents::cii::SellerDetails> {
        use corporate_billing::{Bic, EmailAddress, Iban, Phone, SepaCreditorId, VatId};
        Ok(corporate_billing::documents::cii::SellerDetails {
            vat_id: self.vat_id.as_deref().map(VatId::parse).transpose()?,
            legal_registration_id: self.legal_registration_id,
            tax_number: self.tax_number,
            contact: self
                .contact
                .map(|c| {
                    Ok::<_, corporate_billing::Error>(corporate_billing::documents::cii::SellerContact {
                        name: c.name,
                        phone: Phone::parse(&c.phone, None)?,
                        email: EmailAddress::parse(&c.email)?,
                    })
                })
                .transpose()?,
            electronic_address: self
                .electronic_address
                .map(|a| corporate_billing::ElectronicAddress::parse(&a.scheme, &a.identifier))
                .transpose()?,
            iban: self.iban.as_deref().map(Iban::parse).transpose()?,
            bic: self.bic.as_deref().map(Bic::parse).transpose()?,
            sepa_creditor_id: self.sepa_creditor_id.as_deref().map(SepaCreditorId::parse).transpose()?,
        })
    }
}
