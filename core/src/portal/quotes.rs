//! Quotes: issue, list, view, accept, decline, withdraw (QUO-1..QUO-6, SUB-2).

use super::accounts::{load_subscription, po_in_force, save_subscription};
use super::invoices::{Issue, issue};
use super::{BillingPortal, Caller, account_currency, date_text, instant, notify_contact, parse_date};
use crate::access::Action;
use crate::domain::invoice::{Invoice, InvoiceKind};
use crate::domain::lines::price_lines;
use crate::domain::quote::{NewQuote, Quote, QuoteStatus, QuoteSummary};
use crate::domain::subscription::QuoteEffect;
use crate::error::{Error, Result};
use crate::store::codec::{from_json, to_json};
use crate::store::outbox::NotificationKind;
use crate::store::{OrNotFound as _, Tx};
use crate::values::{AccountId, Currency, Money, QuoteId, StaffId, bounds, text};
use time::Date;

fn load_quote(conn: &Tx<'_>, account: AccountId, id: QuoteId, today: Date) -> Result<Quote> {
    conn.opt(
        "SELECT status, currency, valid_until, lines, totals, effect, issued_at, decided_at, decline_reason,
                purchase_order, invoice_id
         FROM quotes WHERE id = ?1 AND account_id = ?2",
        &[&id, &account],
        |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
                r.get::<String>(3)?,
                r.get::<String>(4)?,
                r.get::<String>(5)?,
                r.get::<i64>(6)?,
                r.get::<Option<i64>>(7)?,
                r.get::<Option<String>>(8)?,
                r.get::<Option<String>>(9)?,
                r.get(10)?,
            ))
        },
    )
    .or_not_found("quote")
    .and_then(|(status, currency, until, lines, totals, effect, issued, decided, reason, po, invoice_id)| {
        let valid_until = parse_date(&until)?;
        Ok(Quote {
            id,
            account_id: account,
            status: QuoteStatus::shown(&status, valid_until, today)
                .ok_or_else(|| Error::Storage("corrupt status".into()))?,
            currency: Currency::parse(&currency)?,
            valid_until,
            lines: from_json(&lines)?,
            totals: from_json(&totals)?,
            effect: from_json(&effect)?,
            issued_at: instant(issued),
            decided_at: decided.map(instant),
            decline_reason: reason,
            purchase_order: po,
            invoice_id,
        })
    })
}

/// Moves an open quote to `to`. The status condition in the UPDATE makes the decision atomic:
/// of two racing requests only one finds the quote still open (QUO-3).
/// The decision to record: the new status, when, and what came with it.
struct Decision<'a> {
    to: QuoteStatus,
    at: i64,
    reason: Option<&'a str>,
    purchase_order: Option<&'a str>,
}

fn decide(conn: &Tx<'_>, account: AccountId, id: QuoteId, today: Date, d: Decision<'_>) -> Result<Quote> {
    let quote = load_quote(conn, account, id, today)?;
    quote.status.check_decidable()?;
    let changed = conn.exec(
        "UPDATE quotes SET status = ?3, decided_at = ?4, decline_reason = ?5, purchase_order = ?6
             WHERE id = ?1 AND account_id = ?2 AND status = 'open'",
        &[&id, &account, &d.to.as_stored(), &d.at, &d.reason, &d.purchase_order],
    )?;
    if changed != 1 {
        return Err(Error::conflict("the quote has already been decided"));
    }
    Ok(quote)
}

impl BillingPortal {
    /// Issues a quote to the account (QUO-1) and notifies the billing contact. Sales rep or
    /// Account Services.
    pub fn issue_quote(&self, caller: &Caller, account: AccountId, new: &NewQuote) -> Result<Quote> {
        new.effect.validate()?;
        bounds::business_date("valid_until", new.valid_until)?;
        let (lines, totals) = price_lines(&new.lines, new.currency)?;
        if let QuoteEffect::PlanChange { annual_seat_price, .. } = &new.effect
            && annual_seat_price.currency() != new.currency
        {
            return Err(Error::CurrencyMismatch);
        }
        self.change(caller, account, Action::IssueQuote, |tx, ctx| {
            if account_currency(tx, account)? != new.currency {
                return Err(Error::CurrencyMismatch);
            }
            if new.valid_until < ctx.now.date() {
                return Err(Error::invalid("valid_until", "lies in the past"));
            }
            let id = QuoteId::generate();
            let issued_by: StaffId = ctx.staff_id().ok_or(Error::Forbidden)?;
            tx.exec("INSERT INTO quotes (id, account_id, status, currency, valid_until, total, lines, totals, effect, issued_at, issued_by)
                 VALUES (?1, ?2, 'open', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &[&id, &account, &new.currency.code(), &date_text(new.valid_until), &totals.total.amount().to_string(), &to_json(&lines)?, &to_json(&totals)?, &to_json(&new.effect)?, &ctx.now.unix_timestamp(), &issued_by])?;
            notify_contact(
                tx,
                ctx,
                NotificationKind::QuoteIssued,
                "A new quote is waiting for you",
                &format!("A quote for {} is available in the billing portal until {}.", totals.total, new.valid_until),
            )?;
            ctx.record(tx, "quote_issued", &format!("quote:{id} {}", totals.total))?;
            load_quote(tx, account, id, ctx.now.date())
        })
    }

    /// The account's quotes, open ones first, newest first within each group (QUO-2).
    pub fn quotes(&self, caller: &Caller, account: AccountId) -> Result<Vec<QuoteSummary>> {
        self.look(caller, account, Action::ViewQuotes, |tx, ctx| {
            let today = ctx.now.date();
            tx.all(
                "SELECT id, status, valid_until, currency, total, issued_at FROM quotes WHERE account_id = ?1
                 ORDER BY (status = 'open' AND valid_until >= ?2) DESC, issued_at DESC, id DESC",
                &[&account, &today],
                |r| {
                    let valid_until = r.get(2)?;
                    Ok(QuoteSummary {
                        id: r.get(0)?,
                        status: QuoteStatus::shown(&r.text(1)?, valid_until, today)
                            .ok_or_else(|| Error::Storage("corrupt status".into()))?,
                        valid_until,
                        total: Money::new(r.get(4)?, Currency::parse(&r.text(3)?)?),
                        issued_at: r.get(5)?,
                    })
                },
            )
        })
    }

    /// One quote with its lines and totals (QUO-2). Another account's quote is "not found" (PRIV-2).
    pub fn quote(&self, caller: &Caller, account: AccountId, id: QuoteId) -> Result<Quote> {
        self.look(caller, account, Action::ViewQuotes, |tx, ctx| load_quote(tx, account, id, ctx.now.date()))
    }

    /// Accepts an open quote (QUO-3, QUO-4, QUO-5): checks the purchase order, applies the
    /// quote's effect to the subscription and issues its invoice, all in one transaction.
    ///
    /// ```
    /// # use corporate_billing::*;
    /// # let portal = BillingPortal::open_in_memory().unwrap();
    /// # let (account, quote) = (AccountId::parse("0190a5c4-0000-7000-8000-000000000001").unwrap(), QuoteId::parse("0190a5c4-0000-7000-8000-000000000002").unwrap());
    /// let err = portal.accept_quote(&Caller::Anonymous, account, quote, Some("PO-1")).unwrap_err();
    /// assert_eq!(err.code(), "forbidden");
    /// ```
    pub fn accept_quote(
        &self,
        caller: &Caller,
        account: AccountId,
        id: QuoteId,
        purchase_order: Option<&str>,
    ) -> Result<Invoice> {
        self.change(caller, account, Action::DecideQuote, |tx, ctx| {
            let today = ctx.now.date();
            let required: bool =
                tx.one("SELECT requires_purchase_order FROM accounts WHERE id = ?1", &[&account], |r| r.get(0))?;
            // Look the quote up first, so that an unknown quote is "not found", not "PO required".
            load_quote(tx, account, id, today)?.status.check_decidable()?;
            let po = po_in_force(tx, account, purchase_order, today, required)?;
            if required && po.is_none() {
                return Err(Error::PurchaseOrderRequired);
            }
            let quote = decide(
                tx,
                account,
                id,
                today,
                Decision {
                    to: QuoteStatus::Accepted,
                    at: ctx.now.unix_timestamp(),
                    reason: None,
                    purchase_order: po.as_deref(),
                },
            )?;
            let mut sub = load_subscription(tx, account, quote.currency)?;
            sub.apply(&quote.effect)?;
            save_subscription(tx, account, &sub)?;
            ctx.record(tx, "quote_accepted", &format!("quote:{id}"))?;
            let invoice = issue(
                tx,
                ctx,
                account,
                Issue {
                    kind: InvoiceKind::Invoice,
                    refers_to: None,
                    lines: quote.lines,
                    totals: quote.totals,
                    purchase_order: po,
                    issue_date: today,
                },
            )?;
            tx.exec("UPDATE quotes SET invoice_id = ?2 WHERE id = ?1", &[&id, &invoice.id])?;
            Ok(invoice)
        })
    }

    /// Declines an open quote, optionally with a reason (QUO-3).
    pub fn decline_quote(
        &self,
        caller: &Caller,
        account: AccountId,
        id: QuoteId,
        reason: Option<&str>,
    ) -> Result<Quote> {
        let reason = reason.map(|r| text::clean("reason", r, 500, true)).transpose()?.filter(|r| !r.is_empty());
        self.change(caller, account, Action::DecideQuote, |tx, ctx| {
            decide(
                tx,
                account,
                id,
                ctx.now.date(),
                Decision {
                    to: QuoteStatus::Declined,
                    at: ctx.now.unix_timestamp(),
                    reason: reason.as_deref(),
                    purchase_order: None,
                },
            )?;
            ctx.record(tx, "quote_declined", &format!("quote:{id}"))?;
            load_quote(tx, account, id, ctx.now.date())
        })
    }

    /// Withdraws an open quote (QUO-6). Sales rep or Account Services.
    pub fn withdraw_quote(&self, caller: &Caller, account: AccountId, id: QuoteId) -> Result<Quote> {
        self.change(caller, account, Action::WithdrawQuote, |tx, ctx| {
            let today = ctx.now.date();
            let quote = load_quote(tx, account, id, today)?;
            if !matches!(quote.status, QuoteStatus::Open | QuoteStatus::Expired) {
                return Err(Error::conflict("the quote has already been decided"));
            }
            // An expired quote may still be withdrawn; compare with the stored status only.
            let changed = tx.exec("UPDATE quotes SET status = 'withdrawn', decided_at = ?3 WHERE id = ?1 AND account_id = ?2 AND status = 'open'", &[&id, &account, &ctx.now.unix_timestamp()])?;
            if changed != 1 {
                return Err(Error::conflict("the quote has already been decided"));
            }
            ctx.record(tx, "quote_withdrawn", &format!("quote:{id}"))?;
            load_quote(tx, account, id, today)
        })
    }
}
