//! Importing a bank statement (RECON-1): every booked credit that names an open invoice becomes
//! a payment of it, every returned direct debit reverses the payment it took back, in one
//! transaction with the import's audit records; everything else is reported with its reason.

use super::payments::{apply, unapply};
use super::{BillingPortal, Caller, Ctx};
use crate::access::Action;
use crate::bank::{self, EntryOutcome, EntryResult, StatementImport, UnmatchedReason, camt};
use crate::domain::invoice::Invoice;
use crate::domain::payment::{CheckedPayment, MAX_PAYMENT_REFERENCE, ReversalReason};
use crate::error::Result;
use crate::store::{Tx, invoices, payments};
use crate::values::{AccountId, InvoiceId, Money, PaymentKind, text};
use std::collections::HashSet;

/// The invoice an entry names: by creditor reference first, then by an invoice number.
fn find(tx: &Tx<'_>, entry: &camt::BankEntry) -> Result<Option<(AccountId, InvoiceId)>> {
    let (references, numbers) = bank::candidates(entry);
    for r in &references {
        if let Some(found) = invoices::by_creditor_reference(tx, r)? {
            return Ok(Some(found));
        }
    }
    for n in &numbers {
        if let Some(found) = invoices::by_number(tx, n)? {
            return Ok(Some(found));
        }
        let upper = n.to_ascii_uppercase();
        if upper != *n
            && let Some(found) = invoices::by_number(tx, &upper)?
        {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// Records a booked credit that names `invoice` as its payment, if the invoice takes it.
fn pay(
    tx: &Tx<'_>,
    ctx: &Ctx,
    entry: &camt::BankEntry,
    key: &str,
    invoice: &Invoice,
    result: &mut EntryResult,
) -> Result<()> {
    let on = entry.booking_date.unwrap_or(ctx.now.date());
    let outcome = match bank::decide(invoice, &result.amount, on) {
        Ok(outcome) => outcome,
        Err(why) => {
            result.reason = Some(why);
            return Ok(());
        }
    };
    // What the payer wrote, when it is fit to keep; else the bank's reference.
    let quoted = entry.creditor_reference.as_deref().unwrap_or(&entry.remittance);
    let reference = text::required("reference", quoted, MAX_PAYMENT_REFERENCE)
        .or_else(|_| text::required("reference", key, MAX_PAYMENT_REFERENCE))?;
    let method = if entry.direct_debit { PaymentKind::SepaDebit } else { PaymentKind::WireTransfer };
    let payment = CheckedPayment { amount: result.amount, received_on: on, method: Some(method), reference };
    result.payment_id = Some(apply(tx, ctx, invoice, &payment, Some(key))?);
    result.outcome = outcome;
    Ok(())
}

/// Reverses the payment of `invoice` that a booked return takes back, if there is one.
fn take_back(
    tx: &Tx<'_>,
    ctx: &Ctx,
    entry: &camt::BankEntry,
    key: &str,
    invoice: &Invoice,
    result: &mut EntryResult,
) -> Result<()> {
    let on = entry.booking_date.unwrap_or(ctx.now.date());
    let standing = payments::of_invoice(tx, invoice.account_id, invoice.id)?;
    let Some(payment) = bank::returned_payment(&standing, &result.amount, on) else {
        result.reason = Some(UnmatchedReason::NoPaymentToReverse);
        return Ok(());
    };
    unapply(tx, ctx, invoice, payment, on, ReversalReason::ReturnedDebit, Some(key))?;
    result.payment_id = Some(payment.id);
    result.outcome = EntryOutcome::Reversed;
    Ok(())
}

/// What becomes of one entry: checks common to every entry, then a payment or a return.
fn settle(
    tx: &Tx<'_>,
    ctx: &Ctx,
    account: &str,
    position: usize,
    entry: &camt::BankEntry,
    seen: &mut HashSet<String>,
) -> Result<EntryResult> {
    let mut result = EntryResult {
        position: position as u32 + 1,
        bank_reference: entry.bank_reference.clone(),
        amount: Money::new(entry.amount, entry.currency),
        debit: !entry.credit,
        return_reason: entry.return_reason.clone(),
        booking_date: entry.booking_date,
        debtor: entry.debtor.clone(),
        remittance: entry.remittance.clone(),
        outcome: EntryOutcome::Unmatched,
        reason: None,
        invoice_id: None,
        invoice_number: None,
        account_id: None,
        payment_id: None,
        balance_due: None,
    };
    let returned = !entry.credit && entry.returned;
    let key = entry.bank_reference.as_ref().map(|r| format!("{account}/{r}"));
    let refused = if !entry.credit && !returned {
        Some(UnmatchedReason::NotACredit)
    } else if !entry.booked {
        Some(UnmatchedReason::NotBooked)
    } else {
        match key.as_deref() {
            None => Some(UnmatchedReason::MissingBankReference),
            Some(k) if !seen.insert(k.to_owned()) || payments::bank_reference_taken(tx, k)? => {
                Some(UnmatchedReason::Duplicate)
            }
            Some(_) => None,
        }
    };
    let (Some(key), None) = (key, refused) else {
        result.reason = refused;
        return Ok(result);
    };
    let Some((account_id, id)) = find(tx, entry)? else {
        result.reason = Some(UnmatchedReason::UnknownReference);
        return Ok(result);
    };
    let invoice = invoices::load(tx, account_id, id, ctx.now.date())?;
    result.invoice_id = Some(id);
    result.invoice_number = Some(invoice.number.clone());
    result.account_id = Some(account_id);
    if returned {
        take_back(tx, ctx, entry, &key, &invoice, &mut result)?;
    } else {
        pay(tx, ctx, entry, &key, &invoice, &mut result)?;
    }
    result.balance_due = Some(if result.outcome == EntryOutcome::Unmatched {
        invoice.balance_due
    } else {
        invoices::load(tx, account_id, id, ctx.now.date())?.balance_due
    });
    Ok(result)
}

impl BillingPortal {
    /// Imports an ISO 20022 bank statement (camt.053, or a camt.054 notification) given as the
    /// file's bytes (RECON-1). Each booked credit is matched to an invoice by its creditor
    /// reference, else by an invoice number in its remittance information (or its end-to-end
    /// reference), and checked against the invoice's currency and balance due; a match is
    /// recorded as a payment. A booked return of a direct debit (return information, the
    /// reversal indicator, or the sub-family UPDD/PRDD) names its invoice the same way and
    /// reverses the standing payment of its amount as a returned debit, so that the amount is due
    /// again. The answer lists every entry: matched (to which invoice), partial, reversed, or
    /// unmatched with the reason.
    ///
    /// Importing the same statement again records nothing new: an entry's bank reference is
    /// recorded with its payment or reversal, once (a unique constraint), and reported as a
    /// duplicate after. A document that is not a well-formed camt.053/054 within the limits
    /// (size, entries, amounts, no DTD or entities) is `invalid_input` on `statement` and changes
    /// nothing. Account Services only.
    pub fn import_bank_statement(&self, caller: &Caller, xml: &[u8]) -> Result<StatementImport> {
        let statement = camt::parse(xml)?;
        self.change_vendor(caller, Action::ImportBankStatement, |tx, ctx| {
            let mut seen = HashSet::new();
            let entries = statement
                .entries
                .iter()
                .enumerate()
                .map(|(n, entry)| settle(tx, ctx, &statement.account, n, entry, &mut seen))
                .collect::<Result<Vec<_>>>()?;
            let report =
                StatementImport { statement_id: statement.id.clone(), account: statement.account.clone(), entries };
            let detail = format!(
                "{} matched, {} partial, {} reversed, {} unmatched",
                report.count(EntryOutcome::Matched),
                report.count(EntryOutcome::Partial),
                report.count(EntryOutcome::Reversed),
                report.count(EntryOutcome::Unmatched)
            );
            ctx.record(tx, "bank_statement_imported", &detail)?;
            Ok(report)
        })
    }
}
