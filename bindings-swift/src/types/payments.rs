//! Payments against invoices and their reversals (PAYM-1).

use super::values::{Money, PaymentKind};
use crate::convert::{Amount, CalendarDay};
use crate::error::BillingError;
use corporate_billing::{
    Currency as CoreCurrency, NewPayment as CoreNewPayment, Payment as CorePayment, PaymentKind as CorePaymentKind,
    ReversalReason as CoreReversalReason,
};

impl From<PaymentKind> for CorePaymentKind {
    fn from(k: PaymentKind) -> Self {
        match k {
            PaymentKind::Card => CorePaymentKind::Card,
            PaymentKind::WireTransfer => CorePaymentKind::WireTransfer,
            PaymentKind::Check => CorePaymentKind::Check,
            PaymentKind::AchDebit => CorePaymentKind::AchDebit,
            PaymentKind::SepaDebit => CorePaymentKind::SepaDebit,
            PaymentKind::StandingOrder => CorePaymentKind::StandingOrder,
        }
    }
}

/// Why a payment was taken back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ReversalReason {
    /// The payer's bank returned a direct debit.
    ReturnedDebit,
    /// The cardholder disputed a card payment.
    Chargeback,
}

impl From<ReversalReason> for CoreReversalReason {
    fn from(r: ReversalReason) -> Self {
        match r {
            ReversalReason::ReturnedDebit => CoreReversalReason::ReturnedDebit,
            ReversalReason::Chargeback => CoreReversalReason::Chargeback,
        }
    }
}

impl From<CoreReversalReason> for ReversalReason {
    fn from(r: CoreReversalReason) -> Self {
        match r {
            CoreReversalReason::ReturnedDebit => ReversalReason::ReturnedDebit,
            CoreReversalReason::Chargeback => ReversalReason::Chargeback,
        }
    }
}

/// A payment as vendor staff record it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewPayment {
    /// The amount received; positive, at most the balance due.
    pub amount: Amount,
    /// ISO 4217 code; must be the invoice's currency.
    pub currency: String,
    /// When the money arrived.
    pub received_on: CalendarDay,
    /// How it was paid.
    pub method: PaymentKind,
    /// The payer's or bank's reference.
    pub reference: String,
}

impl TryFrom<NewPayment> for CoreNewPayment {
    type Error = BillingError;
    fn try_from(p: NewPayment) -> Result<Self, BillingError> {
        Ok(CoreNewPayment {
            amount: p.amount.0,
            currency: CoreCurrency::parse(&p.currency)?,
            received_on: p.received_on.0,
            method: p.method.into(),
            reference: p.reference,
        })
    }
}

/// A payment received against an invoice.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Payment {
    /// The payment.
    pub id: String,
    /// The invoice it pays.
    pub invoice_id: String,
    /// The amount.
    pub amount: Money,
    /// When the money arrived.
    pub received_on: CalendarDay,
    /// How it was paid; none for payments recorded before amounts were kept.
    pub method: Option<PaymentKind>,
    /// The payer's or bank's reference.
    pub reference: String,
    /// The bank's reference of the statement entry it came from (RECON-1).
    pub bank_reference: Option<String>,
    /// When it was reversed, if it was.
    pub reversed_on: Option<CalendarDay>,
    /// Why it was reversed.
    pub reversal_reason: Option<ReversalReason>,
}

impl From<CorePayment> for Payment {
    fn from(p: CorePayment) -> Self {
        Payment {
            id: p.id.to_string(),
            invoice_id: p.invoice_id.to_string(),
            amount: p.amount.into(),
            received_on: p.received_on.into(),
            method: p.method.map(Into::into),
            reference: p.reference,
            bank_reference: p.bank_reference,
            reversed_on: p.reversed_on.map(Into::into),
            reversal_reason: p.reversal_reason.map(Into::into),
        }
    }
}

/// One entry of an imported bank statement and what became of it (RECON-1).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StatementEntry {
    /// Position in the document, from 1, across all its statements.
    pub position: u32,
    /// The identification of the statement (or notification) it is in.
    pub statement_id: String,
    /// The vendor's account that statement is for, normalised (no spaces, upper case).
    pub account: String,
    /// The bank's reference.
    pub bank_reference: Option<String>,
    /// The amount.
    pub amount: Money,
    /// A debit: money leaving the vendor's account (a returned direct debit, a fee).
    pub debit: bool,
    /// The bank's reason code for a returned direct debit (`AM04`, `MD06`, ...).
    pub return_reason: Option<String>,
    /// The unstructured remittance information.
    pub remittance: String,
    /// `matched`, `partial`, `reversed` (a returned direct debit took its payment back) or
    /// `unmatched`.
    pub outcome: String,
    /// Why it is unmatched (`unknown_reference`, `amount_above_balance`, `currency_mismatch`,
    /// `duplicate`, `not_a_credit`, `zero_amount`, `batch_mismatch` (a batch whose transactions
    /// do not add up to the amount booked), ...).
    pub reason: Option<String>,
    /// The invoice it names.
    pub invoice_number: Option<String>,
    /// That invoice's ID.
    pub invoice_id: Option<String>,
    /// The payment recorded for it, or reversed by it.
    pub payment_id: Option<String>,
    /// The invoice's balance due after the entry.
    pub balance_due: Option<Money>,
}

fn outcome_name(o: corporate_billing::EntryOutcome) -> String {
    use corporate_billing::EntryOutcome::*;
    match o {
        Matched => "matched",
        Partial => "partial",
        Reversed => "reversed",
        Unmatched => "unmatched",
    }
    .into()
}

fn reason_name(r: corporate_billing::UnmatchedReason) -> String {
    use corporate_billing::UnmatchedReason::*;
    match r {
        UnknownReference => "unknown_reference",
        AmountAboveBalance => "amount_above_balance",
        CurrencyMismatch => "currency_mismatch",
        AlreadyPaid => "already_paid",
        InvoiceVoid => "invoice_void",
        Duplicate => "duplicate",
        NotACredit => "not_a_credit",
        NoPaymentToReverse => "no_payment_to_reverse",
        NotBooked => "not_booked",
        MissingBankReference => "missing_bank_reference",
        ZeroAmount => "zero_amount",
        BatchMismatch => "batch_mismatch",
    }
    .into()
}

impl From<corporate_billing::EntryResult> for StatementEntry {
    fn from(e: corporate_billing::EntryResult) -> Self {
        StatementEntry {
            position: e.position,
            statement_id: e.statement_id,
            account: e.account,
            bank_reference: e.bank_reference,
            amount: e.amount.into(),
            debit: e.debit,
            return_reason: e.return_reason,
            remittance: e.remittance,
            outcome: outcome_name(e.outcome),
            reason: e.reason.map(reason_name),
            invoice_number: e.invoice_number,
            invoice_id: e.invoice_id.map(|i| i.to_string()),
            payment_id: e.payment_id.map(|p| p.to_string()),
            balance_due: e.balance_due.map(Into::into),
        }
    }
}

/// An invoice in a vendor-wide list (BO-1).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VendorInvoice {
    /// The invoice.
    pub id: String,
    /// Its account.
    pub account_id: String,
    /// The account's company name.
    pub company_name: String,
    /// Its number.
    pub number: String,
    /// Due date.
    pub due_date: CalendarDay,
    /// What is still to be paid.
    pub balance_due: Money,
    /// Open and past its due date.
    pub overdue: bool,
    /// The highest reminder stage reached (DUN-1).
    pub dunning_stage: Option<u32>,
}

impl From<corporate_billing::VendorInvoice> for VendorInvoice {
    fn from(i: corporate_billing::VendorInvoice) -> Self {
        VendorInvoice {
            id: i.id.to_string(),
            account_id: i.account_id.to_string(),
            company_name: i.company_name,
            number: i.number,
            due_date: i.due_date.into(),
            balance_due: i.balance_due.into(),
            overdue: i.overdue,
            dunning_stage: i.dunning_stage,
        }
    }
}

/// One page of vendor-wide invoices and the cursor to the next.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct InvoicePage {
    /// The rows, in issue order.
    pub items: Vec<VendorInvoice>,
    /// Pass it back for the next page; none after the last.
    pub next_cursor: Option<String>,
}
