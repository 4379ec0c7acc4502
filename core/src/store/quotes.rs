//! Quotes (QUO-1..QUO-6).

use super::codec::{from_json, to_json};
use super::{OrNotFound as _, Tx};
use crate::domain::lines::{Line, Totals};
use crate::domain::quote::{NewQuote, Quote, QuoteDecision, QuoteStatus, QuoteSummary};
use crate::error::Result;
use crate::values::{AccountId, InvoiceId, Money, QuoteId, StaffId};
use time::{Date, OffsetDateTime};

/// A quote as issued, priced.
pub(crate) struct IssuedQuote<'a> {
    pub id: QuoteId,
    pub account: AccountId,
    pub new: &'a NewQuote,
    pub lines: &'a [Line],
    pub totals: &'a Totals,
    pub issued_at: OffsetDateTime,
    pub issued_by: StaffId,
}

pub(crate) fn insert(tx: &Tx<'_>, q: &IssuedQuote<'_>) -> Result<()> {
    tx.exec(
        "INSERT INTO quotes (id, account_id, status, currency, valid_until, total, lines, totals, effect, issued_at, issued_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        &[
            &q.id,
            &q.account,
            &QuoteStatus::Open,
            &q.new.currency.code(),
            &q.new.valid_until,
            &q.totals.total.amount(),
            &to_json(&q.lines)?,
            &to_json(q.totals)?,
            &to_json(&q.new.effect)?,
            &q.issued_at,
            &q.issued_by,
        ],
    )?;
    Ok(())
}

/// The account's quote `id`, with its status as shown on `today`; another account's quote is
/// not found (PRIV-2).
pub(crate) fn load(tx: &Tx<'_>, account: AccountId, id: QuoteId, today: Date) -> Result<Quote> {
    tx.opt(
        "SELECT status, currency, valid_until, lines, totals, effect, issued_at, decided_at, decline_reason,
                purchase_order, invoice_id
         FROM quotes WHERE id = ?1 AND account_id = ?2",
        &[&id, &account],
        |r| {
            let valid_until = r.get(2)?;
            Ok(Quote {
                id,
                account_id: account,
                status: r.get::<QuoteStatus>(0)?.on(valid_until, today),
                currency: r.get(1)?,
                valid_until,
                lines: from_json(&r.text(3)?)?,
                totals: from_json(&r.text(4)?)?,
                effect: from_json(&r.text(5)?)?,
                issued_at: r.get(6)?,
                decided_at: r.get(7)?,
                decline_reason: r.get(8)?,
                purchase_order: r.get(9)?,
                invoice_id: r.get(10)?,
            })
        },
    )
    .or_not_found("quote")
}

/// The account's quotes, open ones first, newest first within each group (QUO-2).
pub(crate) fn list(tx: &Tx<'_>, account: AccountId, today: Date) -> Result<Vec<QuoteSummary>> {
    tx.all(
        "SELECT id, status, valid_until, currency, total, issued_at FROM quotes WHERE account_id = ?1
         ORDER BY (status = ?3 AND valid_until >= ?2) DESC, issued_at DESC, id DESC",
        &[&account, &today, &QuoteStatus::Open],
        |r| {
            let valid_until = r.get(2)?;
            Ok(QuoteSummary {
                id: r.get(0)?,
                status: r.get::<QuoteStatus>(1)?.on(valid_until, today),
                valid_until,
                total: Money::new(r.get(4)?, r.get(3)?),
                issued_at: r.get(5)?,
            })
        },
    )
}

/// Records the decision on a quote that is still open. The status condition makes it atomic:
/// of two racing decisions only one finds the quote open (QUO-3). False if it was not.
pub(crate) fn save_decision(tx: &Tx<'_>, account: AccountId, id: QuoteId, d: &QuoteDecision) -> Result<bool> {
    let changed = tx.exec(
        "UPDATE quotes SET status = ?3, decided_at = ?4, decline_reason = ?5, purchase_order = ?6
             WHERE id = ?1 AND account_id = ?2 AND status = ?7",
        &[&id, &account, &d.to, &d.at, &d.reason, &d.purchase_order, &QuoteStatus::Open],
    )?;
    Ok(changed == 1)
}

/// Links an accepted quote to the invoice its acceptance issued.
pub(crate) fn set_invoice(tx: &Tx<'_>, id: QuoteId, invoice: InvoiceId) -> Result<()> {
    tx.exec("UPDATE quotes SET invoice_id = ?2 WHERE id = ?1", &[&id, &invoice])?;
    Ok(())
}
