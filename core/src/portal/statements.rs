//! Importing a bank statement (RECON-1, RECON-2): every booked credit that names an open invoice
//! of the statement account's issuer becomes a payment of it, every returned direct debit
//! reverses the payment it took back, in one transaction with the import's audit records;
//! everything else is reported with its reason.

use super::payments::{apply, unapply};
use super::{BillingPortal, Caller, Ctx};
use crate::access::Action;
use crate::bank::camt::EntryProblem;
use crate::bank::{self, EntryOutcome, EntryResult, StatementImport, UnmatchedReason, camt};
use crate::domain::invoice::Invoice;
use crate::domain::payment::{CheckedPayment, MAX_PAYMENT_REFERENCE, ReversalReason};
use crate::error::{Error, Result};
use crate::store::{Tx, invoices, payments};
use crate::values::{AccountId, InvoiceId, IssuerId, Money, PaymentKind, text};
use std::collections::HashSet;

/// The invoice of `issuer` an entry names: by creditor reference first, then by an invoice
/// number; another issuer's invoices are never found (RECON-2).
fn find(tx: &Tx<'_>, issuer: IssuerId, entry: &camt::BankEntry) -> Result<Option<(AccountId, InvoiceId)>> {
    let (references, numbers) = bank::candidates(entry);
    for r in &references {
        if let Some(found) = payments::issuer_invoice_by_reference(tx, issuer, r)? {
            return Ok(Some(found));
        }
    }
    for n in &numbers {
        if let Some(found) = payments::issuer_invoice_by_number(tx, issuer, n)? {
            return Ok(Some(found));
        }
        let upper = n.to_ascii_uppercase();
        if upper != *n
            && let Some(found) = payments::issuer_invoice_by_number(tx, issuer, &upper)?
        {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// The issuer whose account each statement is for; an account of no issuer (or, by a
/// misconfiguration, of several) refuses the whole document before anything is booked (RECON-2).
fn owners(tx: &Tx<'_>, statements: &[camt::BankStatement]) -> Result<Vec<IssuerId>> {
    let known = payments::issuer_accounts(tx)?;
    statements
        .iter()
        .map(|s| {
            let mut owning = known.iter().filter(|(_, accounts)| accounts.iter().any(|a| *a == s.account));
            match (owning.next(), owning.next()) {
                (Some((issuer, _)), None) => Ok(*issuer),
                (Some(_), Some(_)) => Err(Error::invalid("statement_account", "belongs to more than one issuer")),
                (None, _) => {
                    Err(Error::invalid("statement_account", "is not an account of any of the vendor's issuers"))
                }
            }
        })
        .collect()
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
    (statement, issuer): (&camt::BankStatement, IssuerId),
    position: usize,
    entry: &camt::BankEntry,
    seen: &mut HashSet<String>,
) -> Result<EntryResult> {
    let account = statement.account.as_str();
    let mut result = EntryResult {
        position: position as u32 + 1,
        statement_id: statement.id.clone(),
        account: statement.account.clone(),
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
    // The normalised account with the bank's reference: the same entry in any statement or
    // notification of the account, in any spelling of its IBAN, has this key (RECON-2).
    let key = entry.key.as_ref().map(|r| format!("{account}/{r}"));
    let refused = if entry.problem == Some(EntryProblem::BatchMismatch) {
        Some(UnmatchedReason::BatchMismatch)
    } else if !entry.credit && !returned {
        Some(UnmatchedReason::NotACredit)
    } else if entry.problem == Some(EntryProblem::ZeroAmount) {
        Some(UnmatchedReason::ZeroAmount)
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
    let Some((account_id, id)) = find(tx, issuer, entry)? else {
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
    /// A document may hold several statements (or notifications); each must be for an account
    /// of one of the vendor's issuers (the IBAN of its e-invoicing details, or one its bank
    /// details name), compared without spaces and in upper case, and only that issuer's invoices
    /// can match its entries (RECON-2). An account of no issuer refuses the whole document with
    /// `invalid_input` on `statement_account`, and nothing is booked. Direction and amount are
    /// the entry's own (`Ntry/CdtDbtInd`, `Ntry/Amt`); a batch is split by its transactions,
    /// which must add up to it, else it is reported as [`UnmatchedReason::BatchMismatch`]; an
    /// entry of 0.00 is [`UnmatchedReason::ZeroAmount`].
    ///
    /// Importing the same entry again records nothing new: its key, the normalised account with
    /// the bank's reference (`AcctSvcrRef`, else the statement's ID with `NtryRef`), is recorded
    /// with its payment or reversal, once (a unique constraint), and reported as a duplicate
    /// after, from any statement or notification. A document that is not a well-formed
    /// camt.053/054 within the limits (size, entries, amounts, no DTD or entities) is
    /// `invalid_input` on `statement` and changes nothing. Account Services only.
    pub fn import_bank_statement(&self, caller: &Caller, xml: &[u8]) -> Result<StatementImport> {
        let statements = camt::parse(xml)?;
        self.change_vendor(caller, Action::ImportBankStatement, |tx, ctx| {
            let issuers = owners(tx, &statements)?;
            let mut seen = HashSet::new();
            let mut entries = Vec::new();
            for (statement, issuer) in statements.iter().zip(issuers) {
                for entry in &statement.entries {
                    let n = entries.len();
                    entries.push(settle(tx, ctx, (statement, issuer), n, entry, &mut seen)?);
                }
            }
            let first = statements.first();
            let report = StatementImport {
                statement_id: first.map(|s| s.id.clone()).unwrap_or_default(),
                account: first.map(|s| s.account.clone()).unwrap_or_default(),
                entries,
            };
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
