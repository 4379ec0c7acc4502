//! Importing a bank statement (RECON-1): every booked credit that names an open invoice becomes
//! a payment of it, in one transaction with the import's audit records; everything else is
//! reported with its reason.

use super::payments::apply;
use super::{BillingPortal, Caller};
use crate::access::Action;
use crate::bank::{self, EntryOutcome, EntryResult, StatementImport, UnmatchedReason, camt};
use crate::domain::payment::{CheckedPayment, MAX_PAYMENT_REFERENCE};
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

impl BillingPortal {
    /// Imports an ISO 20022 bank statement (camt.053, or a camt.054 notification) given as the
    /// file's bytes (RECON-1). Each booked credit is matched to an invoice by its creditor
    /// reference, else by an invoice number in its remittance information, and checked against
    /// the invoice's currency and balance due; a match is recorded as a payment. The answer lists
    /// every entry: matched (to which invoice), partial, or unmatched with the reason.
    ///
    /// Importing the same statement again records nothing new: an entry's bank reference is
    /// recorded with its payment, once (a unique constraint), and reported as a duplicate after.
    /// A document that is not a well-formed camt.053/054 within the limits (size, entries,
    /// amounts, no DTD or entities) is `invalid_input` on `statement` and changes nothing.
    /// Account Services only.
    pub fn import_bank_statement(&self, caller: &Caller, xml: &[u8]) -> Result<StatementImport> {
        let statement = camt::parse(xml)?;
        self.change_vendor(caller, Action::ImportBankStatement, |tx, ctx| {
            let mut seen = HashSet::new();
            let mut out = Vec::with_capacity(statement.entries.len());
            for (n, entry) in statement.entries.iter().enumerate() {
                let amount = Money::new(entry.amount, entry.currency);
                let key = entry.bank_reference.as_ref().map(|r| format!("{}/{r}", statement.account));
                let mut result = EntryResult {
                    position: n as u32 + 1,
                    bank_reference: entry.bank_reference.clone(),
                    amount,
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
                let reason = if !entry.credit {
                    Some(UnmatchedReason::NotACredit)
                } else if !entry.booked {
                    Some(UnmatchedReason::NotBooked)
                } else if let Some(key) = key.as_deref() {
                    if !seen.insert(key.to_owned()) || payments::bank_reference_taken(tx, key)? {
                        Some(UnmatchedReason::Duplicate)
                    } else {
                        None
                    }
                } else {
                    Some(UnmatchedReason::MissingBankReference)
                };
                if reason.is_none() {
                    match find(tx, entry)? {
                        None => result.reason = Some(UnmatchedReason::UnknownReference),
                        Some((account, id)) => {
                            let on = entry.booking_date.unwrap_or(ctx.now.date());
                            let invoice = invoices::load(tx, account, id, ctx.now.date())?;
                            result.invoice_id = Some(id);
                            result.invoice_number = Some(invoice.number.clone());
                            result.account_id = Some(account);
                            match bank::decide(&invoice, &amount, on) {
                                Err(why) => {
                                    result.reason = Some(why);
                                    result.balance_due = Some(invoice.balance_due);
                                }
                                Ok(outcome) => {
                                    // What the payer wrote, when it is fit to keep; else the bank's reference.
                                    let quoted =
                                        entry.creditor_reference.clone().unwrap_or_else(|| entry.remittance.clone());
                                    let reference = text::required("reference", &quoted, MAX_PAYMENT_REFERENCE)
                                        .or_else(|_| {
                                            text::required(
                                                "reference",
                                                key.as_deref().unwrap_or("bank statement"),
                                                MAX_PAYMENT_REFERENCE,
                                            )
                                        })?;
                                    let payment = CheckedPayment {
                                        amount,
                                        received_on: on,
                                        method: Some(if entry.direct_debit {
                                            PaymentKind::SepaDebit
                                        } else {
                                            PaymentKind::WireTransfer
                                        }),
                                        reference,
                                    };
                                    result.payment_id = Some(apply(tx, ctx, &invoice, &payment, key.as_deref())?);
                                    result.outcome = outcome;
                                    result.balance_due =
                                        Some(invoices::load(tx, account, id, ctx.now.date())?.balance_due);
                                }
                            }
                        }
                    }
                } else {
                    result.reason = reason;
                }
                out.push(result);
            }
            let report = StatementImport {
                statement_id: statement.id.clone(),
                account: statement.account.clone(),
                entries: out,
            };
            let detail = format!(
                "{} matched, {} partial, {} unmatched",
                report.count(EntryOutcome::Matched),
                report.count(EntryOutcome::Partial),
                report.count(EntryOutcome::Unmatched)
            );
            ctx.record(tx, "bank_statement_imported", &detail)?;
            Ok(report)
        })
    }
}
