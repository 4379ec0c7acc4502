//! Recording and reversing payments, and showing them (PAYM-1).

use super::{BillingPortal, Caller, Ctx};
use crate::access::Action;
use crate::domain::invoice::Invoice;
use crate::domain::payment::{CheckedPayment, NewPayment, Payment, ReversalReason};
use crate::error::Result;
use crate::store::payments::{self, PaymentRow};
use crate::store::{Tx, invoices};
use crate::values::{AccountId, InvoiceId, PaymentId, bounds};
use time::Date;

/// Applies a checked payment to `invoice` and writes it, its settlement and its audit record
/// in the caller's transaction; `bank_reference` names the statement entry it came from.
pub(super) fn apply(
    tx: &Tx<'_>,
    ctx: &Ctx,
    invoice: &Invoice,
    payment: &CheckedPayment,
    bank_reference: Option<&str>,
) -> Result<PaymentId> {
    let settlement = invoice.settle(&payment.amount, payment.received_on).map_err(|r| r.error())?;
    let id = PaymentId::generate();
    payments::insert(
        tx,
        &PaymentRow {
            id,
            invoice: invoice.id,
            account: invoice.account_id,
            amount: &payment.amount,
            received_on: payment.received_on,
            method: payment.method,
            reference: &payment.reference,
            bank_reference,
            recorded_at: ctx.now,
            recorded_by: &ctx.actor,
        },
    )?;
    payments::save_settlement(tx, invoice.account_id, invoice.id, &settlement)?;
    ctx.record_for(tx, invoice.account_id, "payment_recorded", &format!("{} {}", invoice.number, payment.amount))?;
    Ok(id)
}

/// Takes `payment` of `invoice` back on `on` and writes the reversal, the invoice's settlement
/// and the audit record in the caller's transaction; `bank_reference` names the statement entry
/// of a return.
pub(super) fn unapply(
    tx: &Tx<'_>,
    ctx: &Ctx,
    invoice: &Invoice,
    payment: &Payment,
    on: Date,
    reason: ReversalReason,
    bank_reference: Option<&str>,
) -> Result<()> {
    let settlement = invoice.reverse(payment)?;
    payments::save_reversal(tx, payment.id, on, reason, bank_reference)?;
    payments::save_settlement(tx, invoice.account_id, invoice.id, &settlement)?;
    let reason_name = crate::store::codec::variant_name(&reason);
    ctx.record_for(
        tx,
        invoice.account_id,
        "payment_reversed",
        &format!("{} {} {reason_name}", invoice.number, payment.amount),
    )
}

impl BillingPortal {
    /// Records a payment of an open invoice (PAYM-1): its amount, currency, date, method and
    /// reference. A partial payment leaves the invoice open with the rest due; the payment that
    /// brings the balance to zero marks it paid. More than the balance is refused
    /// (`invalid_input` on `amount`), as are another currency (`currency_mismatch`) and an
    /// invoice with nothing due (`conflict`). Vendor staff only. Returns the invoice as it now
    /// stands.
    pub fn record_payment(
        &self,
        caller: &Caller,
        account: AccountId,
        invoice: InvoiceId,
        payment: &NewPayment,
    ) -> Result<Invoice> {
        let checked = payment.check()?;
        self.change(caller, account, Action::RecordPayment, |tx, ctx| {
            let inv = invoices::load(tx, account, invoice, ctx.now.date())?;
            apply(tx, ctx, &inv, &checked, None)?;
            invoices::load(tx, account, invoice, ctx.now.date())
        })
    }

    /// Reverses a payment that did not stand (PAYM-1): a returned direct debit or a card
    /// chargeback, on the day the vendor learnt of it. The amount is due again and a paid
    /// invoice reopens. Vendor staff only. Returns the invoice as it now stands.
    pub fn reverse_payment(
        &self,
        caller: &Caller,
        account: AccountId,
        payment: PaymentId,
        on: Date,
        reason: ReversalReason,
    ) -> Result<Invoice> {
        bounds::business_date("on", on)?;
        self.change(caller, account, Action::RecordPayment, |tx, ctx| {
            let p = payments::load(tx, account, payment)?;
            let inv = invoices::load(tx, account, p.invoice_id, ctx.now.date())?;
            unapply(tx, ctx, &inv, &p, on, reason, None)?;
            invoices::load(tx, account, inv.id, ctx.now.date())
        })
    }

    /// The payments of one invoice, in the order they arrived, reversed ones included (PAYM-1):
    /// the billing contact's payment history beside the balance due on the invoice.
    pub fn invoice_payments(&self, caller: &Caller, account: AccountId, invoice: InvoiceId) -> Result<Vec<Payment>> {
        self.look(caller, account, Action::ViewInvoices, |tx, ctx| {
            // An invoice of another account is not found, exactly like an unknown one (PRIV-2).
            invoices::load(tx, account, invoice, ctx.now.date())?;
            payments::of_invoice(tx, account, invoice)
        })
    }
}
