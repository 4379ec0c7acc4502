//! Reads ISO 20022 bank-to-customer statements (camt.053) and debit/credit notifications
//! (camt.054) with `quick-xml`, keeping only what reconciliation needs (RECON-1, RECON-2).
//!
//! The input comes from outside, so the reader is strict and bounded: no document type
//! declaration (and with it no entity expansion or external entity), only the five predefined
//! entities and character references, a size, depth, entry and field-length limit, amounts as
//! ISO 20022 writes them (at most 18 digits, 5 after the point) and within the portal's bounds.
//! Any breach refuses the whole document, so that nothing of a doubtful file is imported.
//!
//! Every element is read at its anchored path from the document root, never by a suffix found
//! anywhere: an entry's direction is `Ntry/CdtDbtInd` and its booked amount `Ntry/Amt`, a
//! transaction's direction `Ntry/NtryDtls/TxDtls/CdtDbtInd`. A charges record
//! (`Chrgs/Rcrd/CdtDbtInd`), interest (`Intrst`) or an amount detail (`AmtDtls/InstdAmt`,
//! `AmtDtls/TxAmt`) is somewhere else in the tree and so never turns a credit into a debit or
//! changes what was booked (RECON-2).

use crate::error::{Error, Result};
use crate::values::{Currency, bounds};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use rust_decimal::Decimal;
use time::Date;

/// The largest document read: far above a day's statement of a busy account, far below what
/// would tie up the portal (a 50 MB file is refused before it is parsed).
pub const MAX_STATEMENT_BYTES: usize = 10 * 1024 * 1024;
/// The most entries (transactions, for batch entries) one document may carry.
pub const MAX_STATEMENT_ENTRIES: usize = 20_000;
const MAX_DEPTH: usize = 32;
/// ISO 20022 text fields are at most 140 characters (Max140Text); a few repeat.
const MAX_FIELD: usize = 1_000;

const CAMT053: &str = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.";
const CAMT054: &str = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.";

fn refused(reason: &str) -> Error {
    Error::invalid("statement", reason)
}

/// Why an entry, read correctly, cannot be booked as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryProblem {
    /// The booked amount is 0.00: nothing moved.
    ZeroAmount,
    /// A batch whose transactions do not add up to the booked amount (or lack an amount in the
    /// account's currency), or a transaction whose direction contradicts its entry's: splitting
    /// it would be a guess.
    BatchMismatch,
}

/// One credit or debit as the bank booked it: an entry, or one transaction of a batch entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BankEntry {
    /// The bank's own reference (the transaction's, else the entry's `AcctSvcrRef`, else the
    /// entry's `NtryRef`), as shown to people.
    pub bank_reference: Option<String>,
    /// What makes the entry the same one in any statement or notification of the account, the
    /// account left out: the servicer's reference, else the statement's ID and the `NtryRef`.
    pub key: Option<String>,
    pub amount: Decimal,
    pub currency: Currency,
    pub credit: bool,
    /// Booked, as opposed to pending or information only.
    pub booked: bool,
    pub booking_date: Option<Date>,
    /// A structured creditor reference (`RmtInf/Strd/CdtrRefInf/Ref`), as written.
    pub creditor_reference: Option<String>,
    /// The unstructured remittance lines, joined by spaces.
    pub remittance: String,
    pub debtor: Option<String>,
    /// Collected by direct debit (bank transaction family RDDT), not sent by the payer.
    pub direct_debit: bool,
    /// Money taken back: a returned or unpaid direct debit (return information, the reversal
    /// indicator, or the sub-family UPDD/PRDD), not a payment.
    pub returned: bool,
    /// The bank's reason for a return (an ISO 20022 code such as `AM04` or `MD06`).
    pub return_reason: Option<String>,
    /// The end-to-end reference the collecting creditor gave, which a return carries back.
    pub end_to_end_id: Option<String>,
    /// Why it cannot be booked, when it cannot.
    pub problem: Option<EntryProblem>,
}

/// A statement or notification: which account it is for, and its entries in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BankStatement {
    pub id: String,
    /// The IBAN (or other identification) of the vendor's account, normalised: no white space,
    /// upper case.
    pub account: String,
    pub entries: Vec<BankEntry>,
}

/// An account identification as banks write it (`DE44 5001 ...`, lower case) in the one form it
/// is compared and keyed by (RECON-2).
pub(crate) fn normalise_account(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect()
}

#[derive(Default)]
struct TxDraft {
    reference: Option<String>,
    /// `TxDtls/Amt` (camt.053 from .001.03 on).
    amount: Option<(String, Option<String>)>,
    /// `TxDtls/AmtDtls/TxAmt/Amt`, which .001.02 documents carry instead; used only to split a
    /// batch, whose parts must still add up to the booked amount.
    detail_amount: Option<(String, Option<String>)>,
    credit: Option<bool>,
    creditor_reference: Option<String>,
    remittance: Vec<String>,
    debtor: Option<String>,
    returned: bool,
    return_reason: Option<String>,
    end_to_end_id: Option<String>,
}

#[derive(Default)]
struct EntryDraft {
    amount: Option<(String, Option<String>)>,
    credit: Option<bool>,
    servicer_reference: Option<String>,
    entry_reference: Option<String>,
    booked: bool,
    booking_date: Option<Date>,
    direct_debit: bool,
    /// The reversal indicator or a return sub-family: the whole entry takes money back.
    returned: bool,
    remittance: Vec<String>,
    txs: Vec<TxDraft>,
}

fn parse_amount(text: &str, currency: Option<&str>) -> Result<(Decimal, Currency)> {
    let currency = currency.ok_or_else(|| refused("has an amount without a currency"))?;
    let currency = Currency::parse(currency).map_err(|_| refused("names an unknown currency"))?;
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits_ok = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && int.len() + frac.len() <= 18
        && frac.len() <= 5
        && (frac.is_empty() != text.contains('.'));
    if !digits_ok {
        return Err(refused("has a malformed amount"));
    }
    let amount: Decimal = text.parse().map_err(|_| refused("has a malformed amount"))?;
    bounds::price("statement", amount).map_err(|_| refused("has an amount out of range"))?;
    if amount.normalize().scale() > currency.minor_units() {
        return Err(refused("has an amount finer than its currency's minor unit"));
    }
    Ok((amount, currency))
}

fn parse_date(text: &str) -> Result<Date> {
    let day = text.get(..10).ok_or_else(|| refused("has a malformed date"))?;
    Date::parse(day, &time::format_description::well_known::Iso8601::DATE).map_err(|_| refused("has a malformed date"))
}

fn parse_direction(value: &str) -> Result<bool> {
    match value {
        "CRDT" => Ok(true),
        "DBIT" => Ok(false),
        _ => Err(refused("has a malformed credit/debit indicator")),
    }
}

/// The element's `Ccy` attribute, if it has one.
fn currency_attr(e: &BytesStart<'_>) -> Result<Option<String>> {
    for a in e.attributes() {
        let a = a.map_err(|_| refused("is not well-formed XML"))?;
        if a.key.local_name().as_ref() == b"Ccy" {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|_| refused("is not well-formed XML"))?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

/// Which message the document is, by its namespace and its root's child.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Statement,
    Notification,
}

impl Kind {
    fn message(self) -> &'static str {
        match self {
            Kind::Statement => "BkToCstmrStmt",
            Kind::Notification => "BkToCstmrDbtCdtNtfctn",
        }
    }
    fn report(self) -> &'static str {
        match self {
            Kind::Statement => "Stmt",
            Kind::Notification => "Ntfctn",
        }
    }
}

/// How deep `Document/<message>/<report>` sits: what is below it is read relative to it.
const REPORT_DEPTH: usize = 3;

/// Reads a camt.053 or camt.054 document (any version of either): every statement or
/// notification in it, in document order.
pub(crate) fn parse(xml: &[u8]) -> Result<Vec<BankStatement>> {
    if xml.len() > MAX_STATEMENT_BYTES {
        return Err(refused("is larger than 10 MB"));
    }
    let mut reader = NsReader::from_reader(xml);
    let mut path: Vec<String> = Vec::new();
    let mut namespace: Option<(Vec<u8>, Kind)> = None;
    let mut statements: Vec<BankStatement> = Vec::new();
    let mut entry: Option<EntryDraft> = None;
    let mut text = String::new();
    let mut pending_ccy: Option<String> = None;
    let mut total = 0usize;
    loop {
        let (ns, event) = reader.read_resolved_event().map_err(|_| refused("is not well-formed XML"))?;
        let in_ns = match (&ns, &namespace) {
            (ResolveResult::Bound(n), Some((doc, _))) => n.as_ref() == doc.as_slice(),
            _ => false,
        };
        match event {
            Event::DocType(_) => return Err(refused("may not carry a document type declaration")),
            Event::Start(e) | Event::Empty(e) if path.is_empty() && namespace.is_none() => {
                let not_camt = || refused("is not an ISO 20022 camt.053 or camt.054 document");
                let ResolveResult::Bound(n) = ns else { return Err(not_camt()) };
                let version = |prefix: &str| {
                    n.as_ref()
                        .strip_prefix(prefix.as_bytes())
                        .is_some_and(|v| v.len() == 2 && v.iter().all(u8::is_ascii_digit))
                };
                let kind = if version(CAMT053) {
                    Kind::Statement
                } else if version(CAMT054) {
                    Kind::Notification
                } else {
                    return Err(not_camt());
                };
                if e.local_name().as_ref() != b"Document" {
                    return Err(not_camt());
                }
                namespace = Some((n.as_ref().to_vec(), kind));
                path.push("Document".into());
            }
            Event::Start(e) => {
                if path.len() >= MAX_DEPTH {
                    return Err(refused("is nested too deeply"));
                }
                let name =
                    if in_ns { String::from_utf8_lossy(e.local_name().as_ref()).into_owned() } else { "#other".into() };
                let kind = namespace.as_ref().map(|(_, k)| *k);
                match (path.len(), name.as_str(), kind) {
                    (1, n, Some(k)) if n != k.message() => {
                        return Err(refused("is not an ISO 20022 camt.053 or camt.054 document"));
                    }
                    (2, n, Some(k)) if n == k.report() => statements.push(BankStatement {
                        id: String::new(),
                        account: String::new(),
                        entries: Vec::new(),
                    }),
                    (3, "Ntry", _) if path[2] == kind.map_or("", Kind::report) => entry = Some(EntryDraft::default()),
                    (5, "TxDtls", _) if path[3] == "Ntry" && path[4] == "NtryDtls" => {
                        if let Some(en) = entry.as_mut() {
                            en.txs.push(TxDraft::default());
                        }
                    }
                    (_, "Amt", _) => pending_ccy = currency_attr(&e)?,
                    _ => {}
                }
                path.push(name);
                text.clear();
            }
            Event::Empty(_) => {}
            Event::Text(t) => {
                let s = t.xml10_content().map_err(|_| refused("is not well-formed XML"))?;
                push_text(&mut text, &s)?;
            }
            Event::CData(t) => {
                let s = String::from_utf8(t.into_inner().into_owned()).map_err(|_| refused("is not UTF-8"))?;
                push_text(&mut text, &s)?;
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|_| refused("has a malformed character reference"))? {
                    Some(c) => c,
                    None => match r.as_ref() {
                        b"amp" => '&',
                        b"lt" => '<',
                        b"gt" => '>',
                        b"quot" => '"',
                        b"apos" => '\'',
                        _ => return Err(refused("refers to an undefined entity")),
                    },
                };
                push_text(&mut text, c.encode_utf8(&mut [0; 4]))?;
            }
            Event::End(_) => {
                let value = std::mem::take(&mut text);
                // Only what lies inside a statement (or notification) counts: a sibling of it,
                // such as supplementary data, never names an account or an entry.
                let in_report = namespace
                    .as_ref()
                    .is_some_and(|(_, k)| path.get(REPORT_DEPTH - 1).is_some_and(|p| p == k.report()));
                if path.len() > REPORT_DEPTH
                    && in_report
                    && let Some(statement) = statements.last_mut()
                {
                    let names: Vec<&str> = path[REPORT_DEPTH..].iter().map(String::as_str).collect();
                    legal_text(&value)?;
                    capture(&names, value.trim(), pending_ccy.as_deref(), statement, &mut entry)?;
                    if names.len() == 1
                        && names[0] == "Ntry"
                        && let Some(done) = entry.take()
                    {
                        let before = statement.entries.len();
                        finish(done, &statement.id, &mut statement.entries)?;
                        total += statement.entries.len() - before;
                        if total > MAX_STATEMENT_ENTRIES {
                            return Err(refused("has too many entries"));
                        }
                    }
                }
                path.pop();
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if namespace.is_none() || !path.is_empty() {
        return Err(refused("is not an ISO 20022 camt.053 or camt.054 document"));
    }
    if statements.is_empty() {
        return Err(refused("holds no statement or notification"));
    }
    if statements.iter().any(|s| s.account.is_empty()) {
        return Err(refused("has a statement without its account"));
    }
    Ok(statements)
}

fn push_text(text: &mut String, s: &str) -> Result<()> {
    if text.len() + s.len() > MAX_FIELD {
        return Err(refused("has a field that is too long"));
    }
    text.push_str(s);
    Ok(())
}

/// Refuses text that XML 1.0 forbids (control characters, U+FFFE, U+FFFF), which a character
/// reference such as `&#xFFFF;` would otherwise bring in, and what API-3 keeps out of all text
/// (noncharacters, unassigned code points, bidirectional and other format controls): entry
/// references are stored as payments' bank references and the rest is reported to the caller.
fn legal_text(value: &str) -> Result<()> {
    if value.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        return Err(refused("contains a character XML 1.0 does not allow"));
    }
    crate::values::text::check_code_points("statement", value)
        .map_err(|_| refused("contains a noncharacter, an unassigned code point or a format control"))
}

/// Keeps the text of the element at `path` (below the statement), if reconciliation needs it.
/// Each arm is a whole path from the statement: nothing found deeper elsewhere counts.
fn capture(
    path: &[&str],
    value: &str,
    ccy: Option<&str>,
    statement: &mut BankStatement,
    entry: &mut Option<EntryDraft>,
) -> Result<()> {
    let owned = || Some(value.to_owned());
    let amount = || Some((value.to_owned(), ccy.map(str::to_owned)));
    let Some(en) = entry.as_mut() else {
        // One of each: with two accounts, whichever came last would be checked against the
        // issuers' IBANs while the entries could be the other's (RECON-2).
        match path {
            ["Id"] if !statement.id.is_empty() => return Err(refused("has a statement with two IDs")),
            ["Id"] => statement.id = value.to_owned(),
            ["Acct", "Id", "IBAN"] | ["Acct", "Id", "Othr", "Id"] if !statement.account.is_empty() => {
                return Err(refused("has a statement that names two accounts"));
            }
            ["Acct", "Id", "IBAN"] | ["Acct", "Id", "Othr", "Id"] => statement.account = normalise_account(value),
            _ => {}
        }
        return Ok(());
    };
    let ["Ntry", below @ ..] = path else { return Ok(()) };
    match below {
        ["Amt"] => en.amount = amount(),
        ["CdtDbtInd"] => en.credit = Some(parse_direction(value)?),
        ["AcctSvcrRef"] => en.servicer_reference = owned().filter(|v| !v.is_empty()),
        ["NtryRef"] => en.entry_reference = owned().filter(|v| !v.is_empty()),
        // camt.053.001.02 to .06 write the status as text, later versions as a code.
        ["Sts"] | ["Sts", "Cd"] if !value.is_empty() => en.booked = value == "BOOK",
        ["BookgDt", "Dt"] | ["BookgDt", "DtTm"] => {
            let day = parse_date(value)?;
            en.booking_date =
                Some(bounds::business_date("statement", day).map_err(|_| refused("has a date out of range"))?);
        }
        ["BkTxCd", "Domn", "Fmly", "Cd"] => en.direct_debit = value == "RDDT",
        // Reversal due to a return or unpaid direct debit, or due to a payment reversal.
        ["BkTxCd", "Domn", "Fmly", "SubFmlyCd"] => en.returned |= matches!(value, "UPDD" | "PRDD"),
        ["RvslInd"] => en.returned |= value == "true" || value == "1",
        ["NtryDtls", "TxDtls", tx_path @ ..] => {
            let Some(tx) = en.txs.last_mut() else { return Ok(()) };
            capture_tx(tx_path, value, ccy, tx)?;
        }
        _ => {}
    }
    Ok(())
}

/// Keeps the text of the element at `path` below `Ntry/NtryDtls/TxDtls`.
fn capture_tx(path: &[&str], value: &str, ccy: Option<&str>, tx: &mut TxDraft) -> Result<()> {
    let owned = || Some(value.to_owned());
    match path {
        ["Amt"] => tx.amount = Some((value.to_owned(), ccy.map(str::to_owned))),
        ["AmtDtls", "TxAmt", "Amt"] => tx.detail_amount = Some((value.to_owned(), ccy.map(str::to_owned))),
        ["CdtDbtInd"] => tx.credit = Some(parse_direction(value)?),
        ["Refs", "AcctSvcrRef"] => tx.reference = owned().filter(|v| !v.is_empty()),
        ["RtrInf"] => tx.returned = true,
        ["RtrInf", "Rsn", "Cd"] | ["RtrInf", "Rsn", "Prtry"] => {
            let code_like = (1..=35).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric());
            if !code_like {
                return Err(refused("has a malformed return reason"));
            }
            tx.return_reason = owned();
        }
        // NOTPROVIDED is how ISO 20022 writes that the payer gave none.
        ["Refs", "EndToEndId"] if value != "NOTPROVIDED" => tx.end_to_end_id = owned(),
        ["RmtInf", "Strd", "CdtrRefInf", "Ref"] => tx.creditor_reference = owned(),
        ["RmtInf", "Ustrd"] => tx.remittance.push(value.to_owned()),
        ["RltdPties", "Dbtr", "Nm"] | ["RltdPties", "Dbtr", "Pty", "Nm"] => tx.debtor = owned(),
        _ => {}
    }
    Ok(())
}

/// Turns a finished entry into one bank entry per transaction (one for a single entry, or for
/// a batch that cannot be split).
fn finish(en: EntryDraft, statement_id: &str, out: &mut Vec<BankEntry>) -> Result<()> {
    let (text, ccy) = en.amount.as_ref().ok_or_else(|| refused("has an entry without an amount"))?;
    let (amount, currency) = parse_amount(text, ccy.as_deref())?;
    let credit = en.credit.ok_or_else(|| refused("has an entry without CdtDbtInd"))?;
    let entry_key = match (&en.servicer_reference, &en.entry_reference) {
        (Some(r), _) => Some(r.clone()),
        // NtryRef is unique within one statement only, so the statement's ID goes with it.
        (None, Some(n)) if !statement_id.is_empty() => Some(format!("{statement_id}/{n}")),
        (None, _) => None,
    };
    let shown = en.servicer_reference.clone().or_else(|| en.entry_reference.clone());
    let whole = |problem: Option<EntryProblem>, tx: Option<TxDraft>| {
        let tx = tx.unwrap_or_default();
        BankEntry {
            bank_reference: tx.reference.clone().or_else(|| shown.clone()),
            key: tx.reference.clone().or_else(|| entry_key.clone()),
            amount,
            currency,
            credit,
            booked: en.booked,
            booking_date: en.booking_date,
            creditor_reference: tx.creditor_reference,
            remittance: [en.remittance.clone(), tx.remittance].concat().join(" "),
            debtor: tx.debtor,
            direct_debit: en.direct_debit,
            returned: en.returned || tx.returned,
            return_reason: tx.return_reason,
            end_to_end_id: tx.end_to_end_id,
            problem: problem.or(amount.is_zero().then_some(EntryProblem::ZeroAmount)),
        }
    };
    if en.txs.len() <= 1 {
        // The booked amount is the entry's, whatever the transaction's details say.
        let mut txs = en.txs;
        let tx = txs.pop();
        let contradicts = tx.as_ref().and_then(|t| t.credit).is_some_and(|c| c != credit);
        out.push(whole(contradicts.then_some(EntryProblem::BatchMismatch), tx));
        return Ok(());
    }
    // A batch: each transaction is its own payment, if the parts add up to what was booked.
    let mut parts = Vec::with_capacity(en.txs.len());
    let mut sum = Decimal::ZERO;
    let mut fits = true;
    for tx in &en.txs {
        let Some((text, ccy)) = tx.amount.as_ref().or(tx.detail_amount.as_ref()) else {
            fits = false;
            break;
        };
        let (part, part_ccy) = parse_amount(text, ccy.as_deref())?;
        let tx_credit = tx.credit.unwrap_or(credit);
        fits &= part_ccy == currency;
        sum += if tx_credit == credit { part } else { -part };
        parts.push((part, tx_credit));
    }
    if !fits || sum != amount {
        out.push(whole(Some(EntryProblem::BatchMismatch), None));
        return Ok(());
    }
    for (n, (tx, (part, tx_credit))) in en.txs.into_iter().zip(parts).enumerate() {
        let nth = |r: &String| format!("{r}/{}", n + 1);
        out.push(BankEntry {
            bank_reference: tx.reference.clone().or_else(|| shown.as_ref().map(nth)),
            key: tx.reference.clone().or_else(|| entry_key.as_ref().map(nth)),
            amount: part,
            currency,
            credit: tx_credit,
            booked: en.booked,
            booking_date: en.booking_date,
            creditor_reference: tx.creditor_reference,
            remittance: tx.remittance.join(" "),
            debtor: tx.debtor,
            direct_debit: en.direct_debit,
            returned: en.returned || tx.returned,
            return_reason: tx.return_reason,
            end_to_end_id: tx.end_to_end_id,
            problem: part.is_zero().then_some(EntryProblem::ZeroAmount),
        });
    }
    Ok(())
}
