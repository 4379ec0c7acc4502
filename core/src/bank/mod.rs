//! Bank statements (RECON-1): reading ISO 20022 camt.053/camt.054 ([`camt`]) and the rules that
//! decide what each entry is: a payment of which invoice, a returned payment taken back, or why
//! it is neither.

pub(crate) mod camt;

use crate::domain::invoice::{Invoice, InvoiceKind, InvoiceStatus};
use crate::domain::payment::{Payment, Refusal};
use crate::values::{AccountId, CreditorReference, InvoiceId, Money, PaymentId, PaymentKind};
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
    /// A returned direct debit: the payment it took back is reversed and its amount is due again.
    Reversed,
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
    /// A debit: money leaving the vendor's account, and no return of a payment.
    NotACredit,
    /// A return that names an invoice with no standing payment of its amount to take back.
    NoPaymentToReverse,
    /// Pending or for information only: not booked yet.
    NotBooked,
    /// The bank gave no reference, so importing it again could not be recognised.
    MissingBankReference,
    /// Booked at 0.00: nothing moved (RECON-2).
    ZeroAmount,
    /// A batch whose transactions do not add up to the amount booked, or a transaction whose
    /// direction contradicts its entry's: splitting it would be a guess (RECON-2).
    BatchMismatch,
}

/// One entry of an imported statement and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryResult {
    /// Its position in the document, from 1, counted across all its statements.
    pub position: u32,
    /// The identification of the statement or notification it is in.
    pub statement_id: String,
    /// The vendor's account that statement is for, normalised (no spaces, upper case).
    pub account: String,
    /// The bank's reference of the entry (or of the transaction, in a batch).
    pub bank_reference: Option<String>,
    /// The amount; debits too are positive (see [`UnmatchedReason::NotACredit`]).
    pub amount: Money,
    /// A debit, money leaving the vendor's account: a return, a fee, a refund.
    pub debit: bool,
    /// The bank's reason code for a returned direct debit (`AM04` insufficient funds, `MD06`
    /// refund requested by the payer, ...).
    pub return_reason: Option<String>,
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
    /// The payment recorded for it, or reversed by it.
    pub payment_id: Option<PaymentId>,
    /// The invoice's balance due after this entry.
    pub balance_due: Option<Money>,
}

/// What importing one statement did (RECON-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementImport {
    /// The identification of the document's first statement or notification, as the bank gives
    /// it; each entry names its own.
    pub statement_id: String,
    /// The vendor's account of the first statement, normalised (no spaces, upper case); each
    /// entry names its own.
    pub account: String,
    /// Every entry of every statement in the document, in document order.
    pub entries: Vec<EntryResult>,
}

impl StatementImport {
    /// How many entries had `outcome`.
    pub fn count(&self, outcome: EntryOutcome) -> usize {
        self.entries.iter().filter(|e| e.outcome == outcome).count()
    }
}

/// Reads a camt.053 or camt.054 document as [`BillingPortal::import_bank_statement`] reads it,
/// checks and limits included, and says how many entries (transactions, for a batch that adds
/// up) it holds, booking nothing and reading no database: a dry run before an import, and the
/// floor of the import's benchmark. A document the import would refuse is `invalid_input` on
/// `statement` here too (an account of no issuer is found by the import only).
///
/// [`BillingPortal::import_bank_statement`]: crate::BillingPortal::import_bank_statement
pub fn count_statement_entries(xml: &[u8]) -> crate::error::Result<usize> {
    Ok(camt::parse(xml)?.iter().map(|s| s.entries.len()).sum())
}

/// The IBANs written in `text` (an issuer's bank details, such as `ABN AMRO, IBAN NL91 ABNA
/// 0417 1643 00, BIC ABNANL2A`), in electronic form: runs of letters, digits and spaces read
/// without the spaces, and every stretch of them that is a valid IBAN (country, length and
/// check digits), which a stray word or number almost never is.
pub(crate) fn ibans_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for run in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == ' ')) {
        let compact: String = run.chars().filter(|c| *c != ' ').map(|c| c.to_ascii_uppercase()).collect();
        let b = compact.as_bytes();
        let mut i = 0;
        while i + 15 <= b.len() {
            let looks = b[i].is_ascii_uppercase()
                && b[i + 1].is_ascii_uppercase()
                && b[i + 2].is_ascii_digit()
                && b[i + 3].is_ascii_digit();
            let hit = looks
                .then(|| {
                    (15..=34.min(b.len() - i)).rev().find_map(|n| crate::values::Iban::parse(&compact[i..i + n]).ok())
                })
                .flatten();
            match hit {
                Some(iban) => {
                    i += iban.as_str().len();
                    if !found.iter().any(|f: &String| f == iban.as_str()) {
                        found.push(iban.as_str().to_owned());
                    }
                }
                None => i += 1,
            }
        }
    }
    found
}

/// Whether two invoice number prefixes could name the same number: equal, or one the start of
/// the other (`VE-` and `VE-1`), so that a number could not tell its issuer (RECON-2).
pub(crate) fn prefixes_clash(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// Where to look for the invoice an entry pays (or a return takes back), most specific first:
/// the structured creditor reference, creditor references typed into the remittance line (in
/// any spacing) or given as the end-to-end reference, then the end-to-end reference and words of
/// the remittance line that may be invoice numbers.
pub(crate) fn candidates(entry: &camt::BankEntry) -> (Vec<CreditorReference>, Vec<String>) {
    let mut refs = Vec::new();
    if let Some(r) = entry.creditor_reference.as_deref().and_then(|r| CreditorReference::parse(r).ok()) {
        refs.push(r);
    }
    let compact: String = [entry.remittance.as_str(), entry.end_to_end_id.as_deref().unwrap_or("")]
        .join(" ")
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
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
        .end_to_end_id
        .iter()
        .map(String::as_str)
        .chain(entry.remittance.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')')))
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

/// The payment a returned direct debit of `amount` on `on` takes back, among the invoice's
/// payments: one that stands, of that very amount, received by then; a direct debit before any
/// other kind, and the latest of those, since a return follows its collection within weeks.
pub(crate) fn returned_payment<'a>(payments: &'a [Payment], amount: &Money, on: Date) -> Option<&'a Payment> {
    payments
        .iter()
        .filter(|p| p.reversed_on.is_none() && p.amount == *amount && p.received_on <= on)
        .max_by_key(|p| (p.method == Some(PaymentKind::SepaDebit), p.received_on))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{Currency, InvoiceId};
    use rust_decimal_macros::dec;
    use time::macros::date;

    fn paid(amount: Money, on: Date, method: PaymentKind, reversed: bool) -> Payment {
        Payment {
            id: PaymentId::generate(),
            invoice_id: InvoiceId::generate(),
            amount,
            received_on: on,
            method: Some(method),
            reference: "r".into(),
            bank_reference: None,
            reversed_on: reversed.then_some(on),
            reversal_reason: None,
        }
    }

    // DOMAIN: RECON-1, PAYM-1
    #[test]
    fn a_return_takes_back_the_latest_standing_debit_of_its_amount_received_by_then() {
        let eur = |a| Money::new(a, Currency::parse("EUR").unwrap());
        let return_of = eur(dec!(100.00));
        let payments = vec![
            paid(eur(dec!(100)), date!(2026 - 03 - 01), PaymentKind::SepaDebit, false),
            paid(eur(dec!(100)), date!(2026 - 03 - 05), PaymentKind::WireTransfer, false),
            paid(eur(dec!(100)), date!(2026 - 03 - 09), PaymentKind::SepaDebit, false),
            paid(eur(dec!(100)), date!(2026 - 03 - 10), PaymentKind::SepaDebit, true),
            paid(eur(dec!(99.99)), date!(2026 - 03 - 11), PaymentKind::SepaDebit, false),
            paid(eur(dec!(100)), date!(2026 - 03 - 20), PaymentKind::SepaDebit, false),
        ];
        let chosen = |on| returned_payment(&payments, &return_of, on).map(|p| p.received_on);
        assert_eq!(chosen(date!(2026 - 03 - 15)), Some(date!(2026 - 03 - 09)));
        assert_eq!(chosen(date!(2026 - 03 - 06)), Some(date!(2026 - 03 - 01)), "a debit before a transfer");
        let transfers_only = &payments[1..2];
        assert_eq!(
            returned_payment(transfers_only, &return_of, date!(2026 - 03 - 06)).map(|p| p.received_on),
            Some(date!(2026 - 03 - 05))
        );
        assert_eq!(chosen(date!(2026 - 02 - 28)), None, "nothing was received by then");
        let usd = Money::new(dec!(100), Currency::parse("USD").unwrap());
        assert_eq!(returned_payment(&payments, &usd, date!(2026 - 03 - 15)), None);
    }
}
