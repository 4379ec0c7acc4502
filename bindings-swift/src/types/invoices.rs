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
