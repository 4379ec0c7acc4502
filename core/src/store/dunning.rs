//! Payment reminders (DUN-1): which invoices are overdue, which stages were reminded, and the
//! accounts whose reminders staff paused.

use super::codec::from_json;
use super::sql::Batched;
use super::{Param, Tx};
use crate::domain::account::{AccountKind, IssuerProfile};
use crate::domain::invoice::{InvoiceKind, InvoiceStatus};
use crate::error::Result;
use crate::values::{AccountId, CreditorReference, Currency, EmailAddress, InvoiceId, Money};
use std::collections::HashMap;
use std::sync::LazyLock;
use time::{Date, OffsetDateTime};

/// An open invoice past its due date, on an account whose reminders are not paused.
pub(crate) struct Overdue {
    pub invoice: InvoiceId,
    pub account: AccountId,
    pub number: String,
    pub due_date: Date,
    pub total: Money,
    pub amount_paid: Money,
    pub balance_due: Money,
    pub creditor_reference: CreditorReference,
    /// The issuer's bank details, where a reminded customer pays.
    pub bank_details: String,
    /// The highest stage reminded so far.
    pub last_stage: Option<u32>,
    /// The billing contact's address.
    pub contact_email: EmailAddress,
}

/// Where an overdue invoice stands in the run's order: by due date, then by ID.
pub(crate) type Key = (Date, InvoiceId);

/// The invoice recipients of accounts, by account.
pub(crate) type Recipients = HashMap<AccountId, Vec<EmailAddress>>;

/// What makes an invoice overdue for the run of `?1`, with `i` the invoice and `a` its account;
/// `?2` to `?4` are [`overdue_args`].
const OVERDUE: &str = "i.status = ?2 AND i.due_date < ?1 AND i.kind = ?3 AND a.kind = ?4 AND a.dunning_paused = 0";

fn overdue_args(date: &Date) -> [&dyn Param; 4] {
    [date, &InvoiceStatus::Open, &InvoiceKind::Invoice, &AccountKind::Corporate]
}

/// The keys of every invoice overdue on `date`, in the run's order: small, so that the run can
/// then read and remind them chunk by chunk.
pub(crate) fn overdue_keys(tx: &Tx<'_>, date: Date) -> Result<Vec<Key>> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT i.due_date, i.id FROM invoices i JOIN accounts a ON a.id = i.account_id WHERE {OVERDUE}
             ORDER BY i.due_date, i.id"
        )
    });
    tx.all(&SQL, &overdue_args(&date), |r| Ok((r.get(0)?, r.get(1)?)))
}

/// The invoices overdue on `date` from key `first` to key `last`, in the run's order, as they
/// stand now: read in the transaction that reminds them, under its write lock, so that an
/// invoice paid or an account paused since [`overdue_keys`] is left out, and the stages reminded
/// so far are the ones the database holds. With each, its account's invoice recipients.
pub(crate) fn overdue_between(
    tx: &Tx<'_>,
    date: Date,
    (first, last): (Key, Key),
) -> Result<(Vec<Overdue>, Recipients)> {
    // The plain bounds on the due date let both engines range over the index on it.
    const RANGE: &str = "i.due_date >= ?5 AND i.due_date <= ?7 AND (i.due_date, i.id) >= (?5, ?6)
        AND (i.due_date, i.id) <= (?7, ?8)";
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT i.id, i.account_id, i.number, i.due_date, i.currency, i.total, i.amount_paid,
                    i.creditor_reference, s.profile,
                    (SELECT MAX(d.stage) FROM dunning_reminders d WHERE d.invoice_id = i.id), l.email,
                    EXISTS (SELECT 1 FROM invoice_recipients r WHERE r.account_id = a.id)
             FROM invoices i JOIN accounts a ON a.id = i.account_id JOIN logins l ON l.id = a.billing_contact_id
                  JOIN issuers s ON s.id = i.issuer_id
             WHERE {OVERDUE} AND {RANGE}
             ORDER BY i.due_date, i.id"
        )
    });
    static RECIPIENTS: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT r.account_id, r.email FROM invoice_recipients r
             WHERE r.account_id IN (SELECT i.account_id FROM invoices i JOIN accounts a ON a.id = i.account_id
                                    WHERE {OVERDUE} AND {RANGE})
             ORDER BY r.account_id, r.email_key"
        )
    });
    let [a1, a2, a3, a4] = overdue_args(&date);
    let args: [&dyn Param; 8] = [a1, a2, a3, a4, &first.0, &first.1, &last.0, &last.1];
    let mut with_recipients = false;
    let due = tx.all(&SQL, &args, |r| {
        let currency: Currency = r.get(4)?;
        let issuer: IssuerProfile = from_json(&r.text(8)?)?;
        let (total, paid): (rust_decimal::Decimal, rust_decimal::Decimal) = (r.get(5)?, r.get(6)?);
        with_recipients |= r.get::<bool>(11)?;
        Ok(Overdue {
            invoice: r.get(0)?,
            account: r.get(1)?,
            number: r.get(2)?,
            due_date: r.get(3)?,
            total: Money::new(total, currency),
            amount_paid: Money::new(paid, currency),
            balance_due: Money::new(total - paid, currency),
            creditor_reference: r.get(7)?,
            bank_details: issuer.remittance,
            last_stage: r.get(9)?,
            contact_email: r.get(10)?,
        })
    })?;
    let mut recipients = Recipients::new();
    // Most accounts have none; the query is spared for them.
    if with_recipients {
        tx.each(&RECIPIENTS, &args, |r| {
            recipients.entry(r.get(0)?).or_default().push(r.get(1)?);
            Ok(())
        })?;
    }
    Ok((due, recipients))
}

/// One stage reminded.
static CLAIM: Batched = Batched {
    row: "INSERT INTO dunning_reminders (invoice_id, stage, days, run_date, queued_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    pg: "INSERT INTO dunning_reminders (invoice_id, stage, days, run_date, queued_at)
         SELECT * FROM unnest($1::text[], $2::int8[], $3::int8[], $4::text[], $5::int8[])",
};

/// Records that `stage` of `invoice` is reminded by the run of `date`. The run read the stages
/// reminded so far under its write lock, so no other run can have claimed it since; should one
/// have done so anyway, the primary key fails this run's transaction rather than let a stage be
/// reminded twice.
pub(crate) fn claim(
    tx: &Tx<'_>,
    invoice: InvoiceId,
    stage: u32,
    days: u32,
    date: Date,
    now: OffsetDateTime,
) -> Result<()> {
    tx.exec_batched(&CLAIM, &[&invoice, &stage, &days, &date, &now])
}

pub(crate) fn set_paused(tx: &Tx<'_>, account: AccountId, paused: bool) -> Result<()> {
    tx.exec("UPDATE accounts SET dunning_paused = ?2 WHERE id = ?1", &[&account, &paused])?;
    Ok(())
}

pub(crate) fn paused(tx: &Tx<'_>, account: AccountId) -> Result<bool> {
    tx.one("SELECT dunning_paused FROM accounts WHERE id = ?1", &[&account], |r| r.get(0))
}
