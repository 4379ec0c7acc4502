//! Quotes: issue, list, view, accept, decline, withdraw (QUO-1..QUO-6, SUB-2).

use super::invoices::{Issue, issue};
use super::{BillingPortal, Caller, notify_contact};
use crate::access::Action;
use crate::documents::locale::notification;
use crate::domain::account::PurchaseOrder;
use crate::domain::invoice::{Invoice, InvoiceKind};
use crate::domain::lines::price_lines;
use crate::domain::quote::{NewQuote, Quote, QuoteDecision, QuoteEffect, QuoteSummary};
use crate::error::{Error, Result};
use crate::store::outbox::NotificationKind;
use crate::store::quotes::{self, IssuedQuote};
use crate::store::{self, Tx};
use crate::values::{AccountId, QuoteId, StaffId, bounds, text};
use time::Date;

/// Saves the quote's decision `d`; of two racing decisions only one succeeds (QUO-3).
fn save(tx: &Tx<'_>, quote: &Quote, d: &QuoteDecision) -> Result<()> {
    if !quotes::save_decision(tx, quote.account_id, quote.id, d)? {
        return Err(Error::conflict("the quote has already been decided"));
    }
    Ok(())
}

/// The purchase order an acceptance on `date` carries: the named one, if it may be used, or
/// else the registered one that stays in force longest (PO-1, QUO-4).
fn purchase_order_for(
    tx: &Tx<'_>,
    account: AccountId,
    named: Option<&str>,
    date: Date,
    required: bool,
) -> Result<Option<String>> {
    let Some(named) = named else { return store::accounts::purchase_order_in_force(tx, account, date) };
    let number = PurchaseOrder::number(named)?;
    PurchaseOrder::check_named(store::accounts::purchase_order_expiry(tx, account, &number)?, date, required)?;
    Ok(Some(number))
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
            if store::accounts::currency(tx, account)? != new.currency {
                return Err(Error::CurrencyMismatch);
            }
            if new.valid_until < ctx.now.date() {
                return Err(Error::invalid("valid_until", "lies in the past"));
            }
            let id = QuoteId::generate();
            let issued_by: StaffId = ctx.staff_id().ok_or(Error::Forbidden)?;
            quotes::insert(
                tx,
                &IssuedQuote { id, account, new, lines: &lines, totals: &totals, issued_at: ctx.now, issued_by },
            )?;
            let lang = store::accounts::document_language(tx, account)?;
            let (subject, body) = notification::quote_issued(lang, &totals.total, new.valid_until);
            notify_contact(tx, ctx, NotificationKind::QuoteIssued, &subject, &body)?;
            ctx.record(tx, "quote_issued", &format!("quote:{id} {}", totals.total))?;
            quotes::load(tx, account, id, ctx.now.date())
        })
    }

    /// The account's quotes, open ones first, newest first within each group (QUO-2).
    pub fn quotes(&self, caller: &Caller, account: AccountId) -> Result<Vec<QuoteSummary>> {
        self.look(caller, account, Action::ViewQuotes, |tx, ctx| quotes::list(tx, account, ctx.now.date()))
    }

    /// One quote with its lines and totals (QUO-2). Another account's quote is "not found" (PRIV-2).
    pub fn quote(&self, caller: &Caller, account: AccountId, id: QuoteId) -> Result<Quote> {
        self.look(caller, account, Action::ViewQuotes, |tx, ctx| quotes::load(tx, account, id, ctx.now.date()))
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
            let required = store::accounts::requires_purchase_order(tx, account)?;
            // Looked up first, so that an unknown quote is "not found", not "PO required".
            let quote = quotes::load(tx, account, id, today)?;
            let decision =
                quote.accept(ctx.now, required, || purchase_order_for(tx, account, purchase_order, today, required))?;
            save(tx, &quote, &decision)?;
            let mut sub = store::accounts::subscription(tx, account, quote.currency)?;
            sub.apply(&quote.effect)?;
            store::accounts::save_subscription(tx, account, &sub)?;
            ctx.record(tx, "quote_accepted", &format!("quote:{id}"))?;
            let profile = store::accounts::invoicing_profile(tx, account)?;
            let invoice = issue(
                tx,
                ctx,
                account,
                &profile,
                Issue {
                    kind: InvoiceKind::Invoice,
                    refers_to: None,
                    lines: quote.lines,
                    totals: quote.totals,
                    purchase_order: decision.purchase_order,
                    service_period: None,
                    issue_date: today,
                },
            )?;
            quotes::set_invoice(tx, id, invoice.id)?;
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
            let quote = quotes::load(tx, account, id, ctx.now.date())?;
            save(tx, &quote, &quote.decline(ctx.now, reason)?)?;
            ctx.record(tx, "quote_declined", &format!("quote:{id}"))?;
            quotes::load(tx, account, id, ctx.now.date())
        })
    }

    /// Withdraws an open quote (QUO-6). Sales rep or Account Services.
    pub fn withdraw_quote(&self, caller: &Caller, account: AccountId, id: QuoteId) -> Result<Quote> {
        self.change(caller, account, Action::WithdrawQuote, |tx, ctx| {
            let today = ctx.now.date();
            let quote = quotes::load(tx, account, id, today)?;
            // An expired quote is still open in the store, so the save finds it open.
            save(tx, &quote, &quote.withdraw(ctx.now)?)?;
            ctx.record(tx, "quote_withdrawn", &format!("quote:{id}"))?;
            quotes::load(tx, account, id, today)
        })
    }
}
