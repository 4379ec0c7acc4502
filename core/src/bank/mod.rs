//! Bank statements (RECON-1): reading ISO 20022 camt.053/camt.054 ([`camt`]) and the rules that
//! decide what each credit entry is: a payment of which invoice, or why it is none.

pub(crate) mod camt;

use crate::domain::invoice::{Invoice, InvoiceKind, InvoiceStatus};
use crate::domain::payment::Refusal;
use crate::values::{AccountId, CreditorReference, InvoiceId, Money, PaymentId};
use serde::{Deserialize, Serialize};
use time::Date;

pub use camt::{MAX_STATEMENT_BYTES, MAX_STATEMENT_ENTRIES};

/// What became of one statement entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryOutcome {
    /// Recorded as a payment that settles the invoice's balance.
    Matched,
    /// Recorded as a payment of part of the invoice's balance; the rest stays due.
    Partial,
    /// Not recorded; see the reason.
    Unmatched,
}

/// Why an entry was not recorded as a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnmatchedReason {
    /// Neither a creditor reference nor an invoice number in it names an invoice.
    UnknownReference,
    /// It is more than the invoice's balance due.
    AmountAboveBalance,
    /// It is in another currency than the invoice.
    CurrencyMismatch,
    /// The invoice it names is paid already.
    AlreadyPaid,
    /// The invoice it names is void (or a credit note): nothing is due on it.
    InvoiceVoid,
    /// Imported before (the same bank reference), or twice in this document.
    Duplicate,
    /// A debit: money leaving the vendor's account.
    NotACredit,
    /// Pending or for information only: not booked yet.
    NotBooked,
    /// The bank gave no reference, so importing it again could not be recognised.
    MissingBankReference,
}

/// One entry of an imported statement and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryResult {
    /// Its position in the document, from 1.
    pub position: u32,
    /// The bank's reference of the entry (or of the transaction, in a batch).
    pub bank_reference: Option<String>,
    /// The amount; debits too are positive (see [`UnmatchedReason::NotACredit`]).
    pub amount: Money,
    /// When the bank booked it.
    pub booking_date: Option<Date>,
    /// Who paid, as the bank names them.
    pub debtor: Option<String>,
    /// The unstructured remittance information.
    pub remittance: String,
    /// Matched, partial or unmatched.
    pub outcome: EntryOutcome,
    /// Why it is unmatched.
    pub reason: Option<UnmatchedReason>,
    /// The invoice it was matched to (or that it names, when refused for its amount or status).
    pub invoice_id: Option<InvoiceId>,
    /// That invoice's number.
    pub invoice_number: Option<String>,
    /// That invoice's account.
    pub account_id: Option<AccountId>,
    /// The payment recorded for it.
    pub payment_id: Option<PaymentId>,
    /// The invoice's balance due after this entry.
    pub balance_due: Option<Money>,
}

/// What importing one statement did (RECON-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementImport {
    /// The statement's identification, as the bank gives it.
    pub statement_id: String,
    /// The vendor's account it is for (IBAN or other identification).
    pub account: String,
    /// Every entry, in document order.
    pub entries: Vec<EntryResult>,
}

impl StatementImport {
    /// How many entries had `outcome`.
    pub fn count(&self, outcome: EntryOutcome) -> usize {
        self.entries.iter().filter(|e| e.outcome == outcome).count()
    }
}

/// Where to look for the invoice an entry pays, most specific first: the structured creditor
/// reference, creditor references typed into the remittance line (in any spacing), then words
/// of the remittance line that may be invoice numbers.
pub(crate) fn candidates(entry: &camt::BankEntry) -> (Vec<CreditorReference>, Vec<String>) {
    let mut refs = Vec::new();
    if let Some(r) = entry.creditor_reference.as_deref().and_then(|r| CreditorReference::parse(r).ok()) {
        refs.push(r);
    }
    let compact: String =
        entry.remittance.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
    let b = compact.as_bytes();
    let mut i = 0;
    while let Some(at) = compact.get(i..).and_then(|s| s.find("RF")).map(|at| at + i) {
        // The longest run of letters and digits that verifies is the reference.
        let run = b[at..].iter().take(25).take_while(|c| c.is_ascii_alphanumeric()).count();
        if let Some(r) = (5..=run).rev().find_map(|n| CreditorReference::parse(&compact[at..at + n]).ok())
            && !refs.contains(&r)
        {
            refs.push(r);
        }
        i = at + 2;
        if refs.len() >= 5 {
            break;
        }
    }
    let numbers = entry
        .remittance
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')'))
        .map(|w| w.trim_matches(|c: char| matches!(c, '.' | ':' | '#')))
        .filter(|w| (3..=35).contains(&w.len()) && w.bytes().any(|c| c.is_ascii_digit()))
        .take(20)
        .map(str::to_owned)
        .collect();
    (refs, numbers)
}

/// Decides a booked credit entry against the invoice it names (RECON-1); `Ok` carries the
/// outcome of recording it as a payment.
pub(crate) fn decide(invoice: &Invoice, amount: &Money, on: Date) -> Result<EntryOutcome, UnmatchedReason> {
    if invoice.kind != InvoiceKind::Invoice || invoice.status == InvoiceStatus::Void {
        return Err(UnmatchedReason::InvoiceVoid);
    }
    match invoice.settle(amount, on) {
        Ok(s) if s.status == InvoiceStatus::Paid => Ok(EntryOutcome::Matched),
        Ok(_) => Ok(EntryOutcome::Partial),
        Err(Refusal::NothingDue) => Err(UnmatchedReason::AlreadyPaid),
        Err(Refusal::CurrencyMismatch) => Err(UnmatchedReason::CurrencyMismatch),
        Err(Refusal::AboveBalance) => Err(UnmatchedReason::AmountAboveBalance),
    }
}
