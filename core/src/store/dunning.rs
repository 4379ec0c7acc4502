//! Payment reminders (DUN-1): which invoices are overdue, which stages were reminded, and the
//! accounts whose reminders staff paused.

use super::Tx;
use super::codec::from_json;
use crate::domain::account::{AccountKind, IssuerProfile};
use crate::domain::invoice::{InvoiceKind, InvoiceStatus};
use crate::error::Result;
use crate::values::{AccountId, CreditorReference, Currency, InvoiceId, Money};
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
}

/// The open invoices of corporate accounts due before `date` whose dunning is not paused.
pub(crate) fn overdue(tx: &Tx<'_>, date: Date) -> Result<Vec<Overdue>> {
    tx.all(
        "SELECT i.id, i.account_id, i.number, i.due_date, i.currency, i.total, i.amount_paid, i.creditor_reference,
                s.profile, (SELECT MAX(d.stage) FROM dunning_reminders d WHERE d.invoice_id = i.id)
         FROM invoices i JOIN accounts a ON a.id = i.account_id JOIN issuers s ON s.id = i.issuer_id
         WHERE i.status = ?1 AND i.due_date < ?2 AND i.kind = ?3 AND a.kind = ?4 AND a.dunning_paused = 0
         ORDER BY i.due_date, i.id",
        &[&InvoiceStatus::Open, &date, &InvoiceKind::Invoice, &AccountKind::Corporate],
        |r| {
            let currency: Currency = r.get(4)?;
            let issuer: IssuerProfile = from_json(&r.text(8)?)?;
            let (total, paid): (rust_decimal::Decimal, rust_decimal::Decimal) = (r.get(5)?, r.get(6)?);
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
            })
        },
    )
}

/// Claims `stage` of `invoice` for the run of `date`: true if this run is the first to reach
/// it. The primary key decides, so two runs at once cannot both claim it.
pub(crate) fn claim(
    tx: &Tx<'_>,
    invoice: InvoiceId,
    stage: u32,
    days: u32,
    date: Date,
    now: OffsetDateTime,
) -> Result<bool> {
    let n = tx.exec(
        "INSERT INTO dunning_reminders (invoice_id, stage, days, run_date, queued_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT DO NOTHING",
        &[&invoice, &stage, &days, &date, &now],
    )?;
    Ok(n == 1)
}

pub(crate) fn set_paused(tx: &Tx<'_>, account: AccountId, paused: bool) -> Result<()> {
    tx.exec("UPDATE accounts SET dunning_paused = ?2 WHERE id = ?1", &[&account, &paused])?;
    Ok(())
}

pub(crate) fn paused(tx: &Tx<'_>, account: AccountId) -> Result<bool> {
    tx.one("SELECT dunning_paused FROM accounts WHERE id = ?1", &[&account], |r| r.get(0))
}
