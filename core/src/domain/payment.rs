//! Payments against invoices (PAYM-1): amounts, partial payments, the balance due, reversals.
//! The invoice's status follows from its payments: open while a balance is due, paid when none
//! is, open again when a payment is reversed.

use super::invoice::{Invoice, InvoiceKind, InvoiceStatus};
use crate::error::{Error, Result};
use crate::values::{Currency, InvoiceId, Money, PaymentId, PaymentKind, bounds, text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

/// The longest payment reference kept: the 140 characters of a SEPA remittance line.
pub const MAX_PAYMENT_REFERENCE: usize = 140;

/// Why a payment was taken back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReversalReason {
    /// The payer's bank returned a direct debit (SEPA R-transaction, ACH return).
    ReturnedDebit,
    /// The cardholder disputed a card payment.
    Chargeback,
}

/// A payment as vendor staff record it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPayment {
    /// The amount received, in `currency`; positive, at most the balance due.
    pub amount: Decimal,
    /// Must be the invoice's currency.
    pub currency: Currency,
    /// When the money arrived.
    pub received_on: Date,
    /// How it was paid.
    pub method: PaymentKind,
    /// The payer's or bank's reference (a transfer's remittance line, a check number).
    pub reference: String,
}

/// A payment received against an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// The payment.
    pub id: PaymentId,
    /// The invoice it pays.
    pub invoice_id: InvoiceId,
    /// The amount, in the invoice's currency.
    pub amount: Money,
    /// When the money arrived.
    pub received_on: Date,
    /// How it was paid; `None` for payments recorded before amounts were kept.
    pub method: Option<PaymentKind>,
    /// The payer's or bank's reference.
    pub reference: String,
    /// The bank's reference of the statement entry it was imported from (RECON-1).
    pub bank_reference: Option<String>,
    /// When it was reversed, if it was.
    pub reversed_on: Option<Date>,
    /// Why it was reversed.
    pub reversal_reason: Option<ReversalReason>,
}

/// An invoice's state after a payment or a reversal, for the store to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settlement {
    /// The sum of the invoice's payments that stand.
    pub amount_paid: Money,
    pub status: InvoiceStatus,
    /// The day the last payment settled it, while it is paid.
    pub paid_on: Option<Date>,
}

/// A payment, checked: a positive amount at the currency's minor unit, a business date and a
/// reference (API-2).
pub(crate) struct CheckedPayment {
    pub amount: Money,
    pub received_on: Date,
    pub method: Option<PaymentKind>,
    pub reference: String,
}

impl NewPayment {
    pub(crate) fn check(&self) -> Result<CheckedPayment> {
        let amount = bounds::price("amount", self.amount)?;
        if amount <= Decimal::ZERO {
            return Err(Error::invalid("amount", "must be positive"));
        }
        if amount.normalize().scale() > self.currency.minor_units() {
            return Err(Error::invalid("amount", "has more decimals than the currency's minor unit"));
        }
        Ok(CheckedPayment {
            amount: Money::new(amount, self.currency),
            received_on: bounds::business_date("received_on", self.received_on)?,
            method: Some(self.method),
            reference: text::required("reference", &self.reference, MAX_PAYMENT_REFERENCE)?,
        })
    }
}

/// Why a payment cannot be applied to an invoice, as the reconciliation reports it (RECON-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Paid in full, void, or a credit note: nothing is due.
    NothingDue,
    CurrencyMismatch,
    AboveBalance,
}

impl Refusal {
    pub(crate) fn error(self) -> Error {
        match self {
            Refusal::NothingDue => Error::conflict("only an open invoice can be paid"),
            Refusal::CurrencyMismatch => Error::CurrencyMismatch,
            Refusal::AboveBalance => Error::invalid("amount", "is above the balance due"),
        }
    }
}

impl Invoice {
    /// PAYM-1: what is still to be paid; nothing for a void invoice or a credit note.
    pub(crate) fn balance_due(total: &Money, paid: &Money, kind: InvoiceKind, status: InvoiceStatus) -> Money {
        if kind != InvoiceKind::Invoice || status == InvoiceStatus::Void {
            return Money::zero(total.currency());
        }
        Money::new(total.amount() - paid.amount(), total.currency())
    }

    /// PAYM-1: applies `amount` received on `on`. A partial payment leaves the invoice open, the
    /// one that brings the balance to zero marks it paid; more than the balance is refused.
    pub(crate) fn settle(&self, amount: &Money, on: Date) -> std::result::Result<Settlement, Refusal> {
        if self.kind != InvoiceKind::Invoice || self.status != InvoiceStatus::Open {
            return Err(Refusal::NothingDue);
        }
        if amount.currency() != self.balance_due.currency() {
            return Err(Refusal::CurrencyMismatch);
        }
        if amount.amount() > self.balance_due.amount() {
            return Err(Refusal::AboveBalance);
        }
        let amount_paid = Money::new(self.amount_paid.amount() + amount.amount(), amount.currency());
        let settled = amount.amount() == self.balance_due.amount();
        Ok(Settlement {
            amount_paid,
            status: if settled { InvoiceStatus::Paid } else { InvoiceStatus::Open },
            paid_on: settled.then_some(on),
        })
    }

    /// PAYM-1: takes back `payment` (a returned debit, a chargeback); a paid invoice is open
    /// again, with the payment's amount due. A void invoice stays void.
    pub(crate) fn reverse(&self, payment: &Payment) -> Result<Settlement> {
        if payment.reversed_on.is_some() {
            return Err(Error::conflict("the payment is already reversed"));
        }
        let amount_paid = Money::new(self.amount_paid.amount() - payment.amount.amount(), payment.amount.currency());
        let status = if self.status == InvoiceStatus::Void { InvoiceStatus::Void } else { InvoiceStatus::Open };
        Ok(Settlement { amount_paid, status, paid_on: None })
    }
}
