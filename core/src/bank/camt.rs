//! Reads ISO 20022 bank-to-customer statements (camt.053) and debit/credit notifications
//! (camt.054) with `quick-xml`, keeping only what reconciliation needs (RECON-1).
//!
//! The input comes from outside, so the reader is strict and bounded: no document type
//! declaration (and with it no entity expansion or external entity), only the five predefined
//! entities and character references, a size, depth, entry and field-length limit, amounts as
//! ISO 20022 writes them (at most 18 digits, 5 after the point) and within the portal's bounds.
//! Any breach refuses the whole document, so that nothing of a doubtful file is imported.

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

const NAMESPACES: [&str; 2] =
    ["urn:iso:std:iso:20022:tech:xsd:camt.053.001.", "urn:iso:std:iso:20022:tech:xsd:camt.054.001."];

fn refused(reason: &str) -> Error {
    Error::invalid("statement", reason)
}

/// One credit or debit as the bank booked it: an entry, or one transaction of a batch entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BankEntry {
    /// The bank's own reference (the transaction's, else the entry's), if it gave one.
    pub bank_reference: Option<String>,
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
}

/// A statement or notification: which account it is for, and its entries in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BankStatement {
    pub id: String,
    /// The IBAN (or other identification) of the vendor's account.
    pub account: String,
    pub entries: Vec<BankEntry>,
}

#[derive(Default)]
struct Draft {
    reference: Option<String>,
    amount: Option<(String, String)>,
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
    base: Draft,
    booked: bool,
    booking_date: Option<Date>,
    direct_debit: bool,
    /// The reversal indicator or a return sub-family: the whole entry takes money back.
    returned: bool,
    txs: Vec<Draft>,
}

fn parse_amount(text: &str, currency: &str) -> Result<(Decimal, Currency)> {
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

/// The element's `Ccy` attribute.
fn currency_attr(e: &BytesStart<'_>) -> Result<String> {
    for a in e.attributes() {
        let a = a.map_err(|_| refused("is not well-formed XML"))?;
        if a.key.local_name().as_ref() == b"Ccy" {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|_| refused("is not well-formed XML"))?;
            return Ok(v.into_owned());
        }
    }
    Err(refused("has an amount without a currency"))
}

/// Reads a camt.053 or camt.054 document (any version of either).
pub(crate) fn parse(xml: &[u8]) -> Result<BankStatement> {
    if xml.len() > MAX_STATEMENT_BYTES {
        return Err(refused("is larger than 10 MB"));
    }
    let mut reader = NsReader::from_reader(xml);
    let mut path: Vec<String> = Vec::new();
    let mut namespace: Option<Vec<u8>> = None;
    let mut statement = BankStatement { id: String::new(), account: String::new(), entries: Vec::new() };
    let mut entry: Option<EntryDraft> = None;
    let mut text = String::new();
    let mut pending_ccy = String::new();
    let mut statements = 0usize;
    loop {
        let (ns, event) = reader.read_resolved_event().map_err(|_| refused("is not well-formed XML"))?;
        let in_ns = match (&ns, &namespace) {
            (ResolveResult::Bound(n), Some(doc)) => n.as_ref() == doc.as_slice(),
            _ => false,
        };
        match event {
            Event::DocType(_) => return Err(refused("may not carry a document type declaration")),
            Event::Start(e) | Event::Empty(e) if path.is_empty() && namespace.is_none() => {
                let ResolveResult::Bound(n) = ns else {
                    return Err(refused("is not an ISO 20022 camt.053 or camt.054 document"));
                };
                let known = NAMESPACES.iter().any(|p| {
                    n.as_ref()
                        .strip_prefix(p.as_bytes())
                        .is_some_and(|v| v.len() == 2 && v.iter().all(u8::is_ascii_digit))
                });
                if !known || e.local_name().as_ref() != b"Document" {
                    return Err(refused("is not an ISO 20022 camt.053 or camt.054 document"));
                }
                namespace = Some(n.as_ref().to_vec());
                path.push("Document".into());
            }
            Event::Start(e) => {
                if path.len() >= MAX_DEPTH {
                    return Err(refused("is nested too deeply"));
                }
                let name =
                    if in_ns { String::from_utf8_lossy(e.local_name().as_ref()).into_owned() } else { "#other".into() };
                match name.as_str() {
                    "Stmt" | "Ntfctn" => statements += 1,
                    "Ntry" if path.last().is_some_and(|p| p == "Stmt" || p == "Ntfctn") => {
                        entry = Some(EntryDraft::default())
                    }
                    "TxDtls" => {
                        if let Some(en) = entry.as_mut() {
                            en.txs.push(Draft::default());
                        }
                    }
                    "Amt" => pending_ccy = currency_attr(&e)?,
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
                let value = value.trim();
                capture(&path, value, &pending_ccy, &mut statement, &mut entry)?;
                if path.last().is_some_and(|p| p == "Ntry")
                    && let Some(done) = entry.take()
                {
                    finish(done, &mut statement.entries)?;
                    if statement.entries.len() > MAX_STATEMENT_ENTRIES {
                        return Err(refused("has too many entries"));
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
    if statements != 1 {
        return Err(refused("must hold exactly one statement or notification"));
    }
    Ok(statement)
}

fn push_text(text: &mut String, s: &str) -> Result<()> {
    if text.len() + s.len() > MAX_FIELD {
        return Err(refused("has a field that is too long"));
    }
    text.push_str(s);
    Ok(())
}

fn ends(path: &[String], suffix: &[&str]) -> bool {
    path.len() >= suffix.len() && path[path.len() - suffix.len()..].iter().zip(suffix).all(|(a, b)| a == b)
}

/// Keeps the text of the element that `path` ends in, if reconciliation needs it.
fn capture(
    path: &[String],
    value: &str,
    ccy: &str,
    statement: &mut BankStatement,
    entry: &mut Option<EntryDraft>,
) -> Result<()> {
    let owned = || Some(value.to_owned());
    if entry.is_none() {
        if ends(path, &["Stmt", "Id"]) || ends(path, &["Ntfctn", "Id"]) {
            statement.id = value.to_owned();
        } else if ends(path, &["Acct", "Id", "IBAN"]) || ends(path, &["Acct", "Id", "Othr", "Id"]) {
            statement.account = value.to_owned();
        }
        return Ok(());
    }
    let Some(en) = entry.as_mut() else { return Ok(()) };
    let in_tx = path.iter().any(|p| p == "TxDtls");
    let draft = match en.txs.last_mut() {
        Some(tx) if in_tx => tx,
        _ => &mut en.base,
    };
    if ends(path, &["Ntry", "Amt"]) || ends(path, &["TxDtls", "Amt"]) || ends(path, &["TxAmt", "Amt"]) {
        draft.amount = Some((value.to_owned(), ccy.to_owned()));
    } else if ends(path, &["CdtDbtInd"]) {
        draft.credit = Some(match value {
            "CRDT" => true,
            "DBIT" => false,
            _ => return Err(refused("has a malformed credit/debit indicator")),
        });
    } else if ends(path, &["Ntry", "AcctSvcrRef"])
        || ends(path, &["TxDtls", "Refs", "AcctSvcrRef"])
        || (ends(path, &["Ntry", "NtryRef"]) && draft.reference.is_none())
    {
        // The servicer's reference, which comes after NtryRef, replaces it.
        draft.reference = owned();
    } else if ends(path, &["Ntry", "Sts"]) || ends(path, &["Ntry", "Sts", "Cd"]) {
        if !value.is_empty() {
            en.booked = value == "BOOK";
        }
    } else if ends(path, &["Ntry", "BookgDt", "Dt"]) || ends(path, &["Ntry", "BookgDt", "DtTm"]) {
        let day = parse_date(value)?;
        en.booking_date =
            Some(bounds::business_date("statement", day).map_err(|_| refused("has a date out of range"))?);
    } else if ends(path, &["BkTxCd", "Domn", "Fmly", "Cd"]) {
        en.direct_debit = value == "RDDT";
    } else if ends(path, &["BkTxCd", "Domn", "Fmly", "SubFmlyCd"]) {
        // Reversal due to a return or unpaid direct debit, or due to a payment reversal.
        en.returned |= matches!(value, "UPDD" | "PRDD");
    } else if ends(path, &["Ntry", "RvslInd"]) {
        en.returned |= value == "true" || value == "1";
    } else if ends(path, &["RtrInf"]) {
        draft.returned = true;
    } else if ends(path, &["RtrInf", "Rsn", "Cd"]) || ends(path, &["RtrInf", "Rsn", "Prtry"]) {
        let code_like = (1..=35).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric());
        if !code_like {
            return Err(refused("has a malformed return reason"));
        }
        draft.return_reason = owned();
    } else if ends(path, &["Refs", "EndToEndId"]) {
        // NOTPROVIDED is how ISO 20022 writes that the payer gave none.
        if value != "NOTPROVIDED" {
            draft.end_to_end_id = owned();
        }
    } else if ends(path, &["RmtInf", "Strd", "CdtrRefInf", "Ref"]) {
        draft.creditor_reference = owned();
    } else if ends(path, &["RmtInf", "Ustrd"]) {
        draft.remittance.push(value.to_owned());
    } else if ends(path, &["Dbtr", "Nm"]) || ends(path, &["Dbtr", "Pty", "Nm"]) {
        draft.debtor = owned();
    }
    Ok(())
}

/// Turns a finished entry into one bank entry per transaction (one for a single entry).
fn finish(en: EntryDraft, out: &mut Vec<BankEntry>) -> Result<()> {
    let EntryDraft { base, booked, booking_date, direct_debit, returned, txs } = en;
    let credit_of = |d: &Draft| d.credit.or(base.credit).ok_or_else(|| refused("has an entry without CdtDbtInd"));
    if txs.len() <= 1 {
        let tx = txs.into_iter().next().unwrap_or_default();
        let (text, ccy) = base.amount.clone().ok_or_else(|| refused("has an entry without an amount"))?;
        let (amount, currency) = parse_amount(&text, &ccy)?;
        out.push(BankEntry {
            bank_reference: tx.reference.clone().or_else(|| base.reference.clone()),
            amount,
            currency,
            credit: credit_of(&base)?,
            booked,
            booking_date,
            creditor_reference: tx.creditor_reference.or(base.creditor_reference),
            remittance: [base.remittance, tx.remittance].concat().join(" "),
            debtor: tx.debtor.or(base.debtor),
            direct_debit,
            returned: returned || tx.returned || base.returned,
            return_reason: tx.return_reason.or(base.return_reason),
            end_to_end_id: tx.end_to_end_id.or(base.end_to_end_id),
        });
        return Ok(());
    }
    // A batch: each transaction is its own payment, with its own amount and reference.
    for (n, tx) in txs.iter().enumerate() {
        let (text, ccy) = tx.amount.clone().ok_or_else(|| refused("has a batch transaction without an amount"))?;
        let (amount, currency) = parse_amount(&text, &ccy)?;
        out.push(BankEntry {
            bank_reference: tx.reference.clone().or_else(|| base.reference.as_ref().map(|r| format!("{r}/{}", n + 1))),
            amount,
            currency,
            credit: credit_of(tx)?,
            booked,
            booking_date,
            creditor_reference: tx.creditor_reference.clone(),
            remittance: tx.remittance.join(" "),
            debtor: tx.debtor.clone(),
            direct_debit,
            returned: returned || tx.returned,
            return_reason: tx.return_reason.clone(),
            end_to_end_id: tx.end_to_end_id.clone(),
        });
    }
    Ok(())
}
