//! Invoices and credit notes (INV-1..INV-6).

use super::account::IssuerProfile;
use super::lines::{Line, Totals};
use crate::error::{Error, Result};
use crate::values::{AccountId, BillingAddress, CreditorReference, InvoiceId, Money, PaymentMethod};
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
    /// The day the payment that settled it arrived, while it is paid.
    pub paid_on: Option<Date>,
    /// The sum of its payments that stand (PAYM-1).
    pub amount_paid: Money,
    /// What is still to be paid; zero once paid, for a void invoice and for a credit note.
    pub balance_due: Money,
    /// The ISO 11649 reference payers quote (PAYM-1, RECON-1).
    pub creditor_reference: CreditorReference,
    /// The highest payment reminder stage it reached (DUN-1), from 1.
    pub dunning_stage: Option<u32>,
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
    /// What is still to be paid (PAYM-1).
    pub balance_due: Money,
}

/// INV-6: an open invoice is overdue once its due date has passed; a credit note never is.
pub(crate) fn is_overdue(kind: InvoiceKind, status: InvoiceStatus, due: Date, today: Date) -> bool {
    kind == InvoiceKind::Invoice && status == InvoiceStatus::Open && today > due
}

/// How to pay invoice `number` of `total` by `due` with `method` (INV-3); a credit note says what
/// becomes of the money instead.
pub(crate) fn payment_instructions(
    kind: InvoiceKind,
    method: &PaymentMethod,
    issuer: &IssuerProfile,
    number: &str,
    reference: &CreditorReference,
    total: &Money,
    due: Date,
) -> String {
    if kind == InvoiceKind::CreditNote {
        return "This credit note cancels the invoice it refers to; any amount paid on it will be refunded or credited."
            .into();
    }
    match method {
        PaymentMethod::Card(c) => {
            format!("{total} will be charged to your {} card ending in {} on {due}.", c.brand(), c.last4())
        }
        PaymentMethod::WireTransfer => format!(
            "Please transfer {total} by {due} to {}: {}. Reference: {} (invoice {number}).",
            issuer.legal_name,
            issuer.remittance,
            reference.printed()
        ),
        PaymentMethod::Check => format!(
            "Please mail a check for {total}, payable to {}, by {due} to: {}. Write {number} on the check.",
            issuer.legal_name,
            issuer.address.printed_lines().join(", ")
        ),
        PaymentMethod::AchDebit(a) => format!(
            "{total} will be debited by ACH from your account ending in {} (routing {}) on {due}.",
            a.account_last4(),
            a.routing_number().as_str()
        ),
        PaymentMethod::SepaDebit(s) => format!(
            "{total} will be collected by SEPA direct debit from {} under mandate {} on {due}.",
            s.iban().masked(),
            s.mandate_reference()
        ),
        PaymentMethod::StandingOrder => format!(
            "Your standing order to {} ({}) pays {total}; please make sure it covers this invoice by {due}. Reference: {} (invoice {number}).",
            issuer.legal_name,
            issuer.remittance,
            reference.printed()
        ),
    }
}

impl Invoice {
    /// INV-1: only an issued invoice that is not void yet can be voided.
    pub(crate) fn check_voidable(&self) -> Result<()> {
        if self.kind != InvoiceKind::Invoice || self.status == InvoiceStatus::Void {
            return Err(Error::conflict("only an issued, unvoided invoice can be voided"));
        }
        Ok(())
    }

    /// The lines and totals of the credit note that cancels this invoice (INV-1).
    pub(crate) fn cancelling_lines(&self) -> (Vec<Line>, Totals) {
        let lines = self
            .document
            .lines
            .iter()
            .map(|l| Line { unit_price: -l.unit_price, net: l.net.negated(), ..l.clone() })
            .collect();
        (lines, self.document.totals.negated())
    }
}
