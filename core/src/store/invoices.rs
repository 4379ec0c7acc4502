//! Invoices, credit notes and the issuers' gap-free number series (INV-1..INV-6).

use super::codec::{from_json, to_json};
use super::sql::{Engine, IssuerSeries, Row};
use super::{OrNotFound as _, Tx};
use crate::domain::account::IssuerProfile;
use crate::domain::invoice::{Invoice, InvoiceDocument, InvoiceKind, InvoiceStatus, InvoiceSummary, is_overdue};
use crate::error::Result;
use crate::values::{AccountId, CreditorReference, InvoiceId, IssuerId, Money, PaymentMethod};
use time::{Date, OffsetDateTime};

/// INV-2: the portal lists this many invoices; older ones are asked for by request.
pub(crate) const LAST_INVOICES: u32 = 20;

/// An invoice as issued, number and document fixed.
pub(crate) struct IssuedInvoice<'a> {
    pub id: InvoiceId,
    pub account: AccountId,
    pub issuer: IssuerId,
    pub seq: i64,
    pub number: &'a str,
    pub kind: InvoiceKind,
    pub refers_to: Option<InvoiceId>,
    pub issue_date: Date,
    pub due_date: Date,
    pub document: &'a InvoiceDocument,
    pub creditor_reference: &'a CreditorReference,
    /// The account's payment method on the issue date.
    pub payment_method: &'a PaymentMethod,
    pub created_at: OffsetDateTime,
}

/// Takes the next number of `issuer`'s series, with the issuer's profile. Taken in the invoice's
/// own transaction, a number returns to the series when that transaction rolls back (INV-1).
///
/// The first number a transaction takes from a series updates the issuer's row, which locks it
/// until the transaction ends; the ones after are counted in memory and written once, before a
/// savepoint or the commit ([`Tx::write_numbers`]), which saves a run one statement per invoice.
pub(crate) fn next_number(tx: &Tx<'_>, issuer: IssuerId) -> Result<(i64, IssuerProfile)> {
    const TAKE: &str = "UPDATE issuers SET next_number = next_number + 1 WHERE id = ?1";
    {
        let mut series = tx.issuers.borrow_mut();
        if let Some(s) = series.iter_mut().find(|i| i.id == issuer)
            && let Some(seq) = s.next
        {
            s.next = Some(seq + 1);
            s.unwritten = true;
            return Ok((seq, s.profile.clone()));
        }
    }
    let known = tx.issuers.borrow().iter().find(|i| i.id == issuer).map(|i| i.profile.clone());
    let parse = known.is_none();
    let columns = if parse { "next_number - 1, profile" } else { "next_number - 1" };
    let taken = |r: &Row<'_>| Ok((r.get::<i64>(0)?, if parse { Some(r.text(1)?.into_owned()) } else { None }));
    let (seq, stored) = match tx.engine() {
        // One round trip to the server instead of two.
        Engine::Postgres => tx.opt(&format!("{TAKE} RETURNING {columns}"), &[&issuer], taken),
        // UPDATE then SELECT rather than RETURNING, for which SQLite builds a temporary table.
        Engine::Sqlite => {
            tx.exec(TAKE, &[&issuer])?;
            tx.opt(&format!("SELECT {columns} FROM issuers WHERE id = ?1"), &[&issuer], taken)
        }
    }
    .or_not_found("issuer")?;
    let profile = match (known, stored) {
        (Some(profile), _) => profile,
        (None, stored) => from_json(stored.as_deref().unwrap_or_default())?,
    };
    let mut series = tx.issuers.borrow_mut();
    match series.iter_mut().find(|i| i.id == issuer) {
        Some(s) => s.next = Some(seq + 1),
        None => {
            series.push(IssuerSeries { id: issuer, profile: profile.clone(), next: Some(seq + 1), unwritten: false })
        }
    }
    Ok((seq, profile))
}

pub(crate) fn insert(tx: &Tx<'_>, i: &IssuedInvoice<'_>) -> Result<()> {
    let total = i.document.totals.total;
    let serial = match tx.invoice_serial.get() {
        Some(last) => last + 1,
        None => tx.one("SELECT COALESCE(MAX(serial), 0) + 1 FROM invoices", &[], |r| r.get::<i64>(0))?,
    };
    tx.exec(
        "INSERT INTO invoices (id, account_id, issuer_id, seq, number, kind, refers_to, issue_date, due_date, currency,
            total, status, document, created_at, amount_paid, creditor_reference, serial, payment_method)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, '0', ?15, ?16, ?17)",
        &[
            &i.id,
            &i.account,
            &i.issuer,
            &i.seq,
            &i.number,
            &i.kind,
            &i.refers_to,
            &i.issue_date,
            &i.due_date,
            &total.currency(),
            &total.amount(),
            &InvoiceStatus::Open,
            &to_json(i.document)?,
            &i.created_at,
            i.creditor_reference,
            &serial,
            &to_json(i.payment_method)?,
        ],
    )?;
    tx.invoice_serial.set(Some(serial));
    Ok(())
}

/// The payment method in force when the account's invoice `id` was issued; `None` for invoices
/// issued before it was kept.
pub(crate) fn payment_method_at_issue(tx: &Tx<'_>, account: AccountId, id: InvoiceId) -> Result<Option<PaymentMethod>> {
    let stored = tx
        .opt("SELECT payment_method FROM invoices WHERE id = ?1 AND account_id = ?2", &[&id, &account], |r| {
            r.get::<Option<String>>(0)
        })
        .or_not_found("invoice")?;
    stored.as_deref().map(from_json).transpose()
}

/// The account's invoice `id`; another account's is not found (PRIV-2).
pub(crate) fn load(tx: &Tx<'_>, account: AccountId, id: InvoiceId, today: Date) -> Result<Invoice> {
    tx.opt(
        "SELECT i.number, i.kind, r.number, i.issue_date, i.due_date, i.status, i.paid_on, i.void_reason, i.document,
                i.currency, i.total, i.amount_paid, i.creditor_reference,
                (SELECT MAX(d.stage) FROM dunning_reminders d WHERE d.invoice_id = i.id)
         FROM invoices i LEFT JOIN invoices r ON r.id = i.refers_to WHERE i.id = ?1 AND i.account_id = ?2",
        &[&id, &account],
        |r| {
            let (kind, due_date, status) = (r.get(1)?, r.get(4)?, r.get(5)?);
            let currency = r.get(9)?;
            let (total, amount_paid) = (Money::new(r.get(10)?, currency), Money::new(r.get(11)?, currency));
            Ok(Invoice {
                id,
                account_id: account,
                number: r.get(0)?,
                kind,
                refers_to: r.get(2)?,
                issue_date: r.get(3)?,
                due_date,
                status,
                overdue: is_overdue(kind, status, due_date, today),
                paid_on: r.get(6)?,
                void_reason: r.get(7)?,
                document: from_json(&r.text(8)?)?,
                balance_due: Invoice::balance_due(&total, &amount_paid, kind, status),
                amount_paid,
                creditor_reference: r.get(12)?,
                dunning_stage: r.get(13)?,
            })
        },
    )
    .or_not_found("invoice")
}

/// The account's invoice numbered `number`.
pub(crate) fn id_by_number(tx: &Tx<'_>, account: AccountId, number: &str) -> Result<Option<InvoiceId>> {
    tx.opt("SELECT id FROM invoices WHERE account_id = ?1 AND number = ?2", &[&account, &number], |r| r.get(0))
}

/// The account's last [`LAST_INVOICES`] invoices and credit notes, newest first (INV-2).
pub(crate) fn latest(tx: &Tx<'_>, account: AccountId, today: Date) -> Result<Vec<InvoiceSummary>> {
    // The limit is written into the SQL, not bound: SQLite plans with a bound LIMIT's value, so
    // it re-prepares the statement every time the parameter is bound again.
    const _: () = assert!(LAST_INVOICES == 20);
    let mut out = Vec::with_capacity(LAST_INVOICES as usize);
    tx.each(
        "SELECT id, number, kind, issue_date, due_date, currency, total, status, amount_paid FROM invoices
         WHERE account_id = ?1 ORDER BY issue_date DESC, seq DESC LIMIT 20",
        &[&account],
        |r| {
            let (kind, due_date, status, currency) = (r.get(2)?, r.get(4)?, r.get(7)?, r.get(5)?);
            let (total, paid) = (Money::new(r.get(6)?, currency), Money::new(r.get(8)?, currency));
            out.push(InvoiceSummary {
                id: r.get(0)?,
                number: r.get(1)?,
                kind,
                issue_date: r.get(3)?,
                due_date,
                balance_due: Invoice::balance_due(&total, &paid, kind, status),
                total,
                status,
                overdue: is_overdue(kind, status, due_date, today),
            });
            Ok(())
        },
    )?;
    Ok(out)
}

/// Marks an invoice void, for `reason` (INV-1).
pub(crate) fn save_void(tx: &Tx<'_>, account: AccountId, id: InvoiceId, reason: &str) -> Result<()> {
    tx.exec(
        "UPDATE invoices SET status = ?3, void_reason = ?4 WHERE id = ?1 AND account_id = ?2",
        &[&id, &account, &InvoiceStatus::Void, &reason],
    )?;
    Ok(())
}

/// Registers an issuer whose number series starts at 1.
pub(crate) fn insert_issuer(tx: &Tx<'_>, id: IssuerId, profile: &IssuerProfile) -> Result<()> {
    tx.exec("INSERT INTO issuers (id, profile) VALUES (?1, ?2)", &[&id, &to_json(profile)?])?;
    Ok(())
}

/// Every issuer's invoice number prefix (RECON-2).
pub(crate) fn issuer_prefixes(tx: &Tx<'_>) -> Result<Vec<String>> {
    tx.all("SELECT profile FROM issuers", &[], |r| Ok(from_json::<IssuerProfile>(&r.get::<String>(0)?)?.invoice_prefix))
}

/// The issuer's profile, if it exists.
pub(crate) fn issuer_profile(tx: &Tx<'_>, id: IssuerId) -> Result<Option<IssuerProfile>> {
    let stored: Option<String> = tx.opt("SELECT profile FROM issuers WHERE id = ?1", &[&id], |r| r.get(0))?;
    stored.as_deref().map(from_json).transpose()
}

pub(crate) fn issuer_exists(tx: &Tx<'_>, id: IssuerId) -> Result<bool> {
    tx.exists("SELECT 1 FROM issuers WHERE id = ?1", &[&id])
}

/// Invoices issued before creditor references existed, at most `limit` of them, with what
/// their reference is derived from.
pub(crate) fn without_creditor_reference(tx: &Tx<'_>, limit: u32) -> Result<Vec<(InvoiceId, IssuerId, String)>> {
    tx.all("SELECT id, issuer_id, number FROM invoices WHERE creditor_reference IS NULL LIMIT ?1", &[&limit], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
}

pub(crate) fn set_creditor_reference(tx: &Tx<'_>, id: InvoiceId, reference: &CreditorReference) -> Result<()> {
    tx.exec("UPDATE invoices SET creditor_reference = ?2 WHERE id = ?1", &[&id, reference])?;
    Ok(())
}
