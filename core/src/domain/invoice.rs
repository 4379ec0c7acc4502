//! Invoices and credit notes (INV-1..INV-6).

use super::account::IssuerProfile;
use super::lines::{Line, Totals};
use crate::values::{AccountId, BillingAddress, InvoiceId, Money};
use serde::{Deserialize, Serialize};
use time::Date;

/// An invoice or a credit note that cancels one (INV-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    /// A claim for payment.
    Invoice,
    /// Cancels a voided invoice; amounts are negative.
    CreditNote,
}

impl InvoiceKind {
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            InvoiceKind::Invoice => "invoice",
            InvoiceKind::CreditNote => "credit_note",
        }
    }
    pub(crate) fn from_str(s: &str) -> Option<Self> {
        match s {
            "invoice" => Some(InvoiceKind::Invoice),
            "credit_note" => Some(InvoiceKind::CreditNote),
            _ => None,
        }
    }
}

/// Payment state (INV-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Awaiting payment.
    Open,
    /// Payment recorded by vendor staff.
    Paid,
    /// Voided by a correction; the record stays.
    Void,
}

impl InvoiceStatus {
    pub(crate) fn from_str(s: &str) -> Option<Self> {
        match s {
            "open" => Some(InvoiceStatus::Open),
            "paid" => Some(InvoiceStatus::Paid),
            "void" => Some(InvoiceStatus::Void),
            _ => None,
        }
    }
}

/// Everything printed on an invoice, fixed when it is issued (INV-1, INV-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// How to pay, for the account's payment method on the issue date.
    pub payment_instructions: String,
}

/// An invoice with everything on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// The invoice.
    pub id: InvoiceId,
    /// The account billed.
    pub account_id: AccountId,
    /// Number from the issuer's series, unique and gap-free (INV-1).
    pub number: String,
    /// Invoice or credit note.
    pub kind: InvoiceKind,
    /// For a credit note, the number of the invoice it cancels.
    pub refers_to: Option<String>,
    /// Issue date.
    pub issue_date: Date,
    /// Payment due date.
    pub due_date: Date,
    /// Open, paid or void.
    pub status: InvoiceStatus,
    /// Open and past its due date (INV-6).
    pub overdue: bool,
    /// When the payment was recorded.
    pub paid_on: Option<Date>,
    /// Why it was voided.
    pub void_reason: Option<String>,
    /// The printed content.
    pub document: InvoiceDocument,
}

/// An invoice in a list (INV-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    /// The invoice.
    pub id: InvoiceId,
    /// Its number.
    pub number: String,
    /// Invoice or credit note.
    pub kind: InvoiceKind,
    /// Issue date.
    pub issue_date: Date,
    /// Payment due date.
    pub due_date: Date,
    /// Grand total.
    pub total: Money,
    /// Open, paid or void.
    pub status: InvoiceStatus,
    /// Open and past its due date.
    pub overdue: bool,
}

/// INV-6: an open invoice is overdue once its due date has passed.
pub(crate) fn is_overdue(status: InvoiceStatus, due: Date, today: Date) -> bool {
    status == InvoiceStatus::Open && today > due
}
