//! Vendor-wide lists for staff (BO-1): accounts, invoices, open quotes and open requests, each
//! read a page at a time by keyset (the row after the last one seen), in a stable order.

use super::Tx;
use super::codec::from_json;
use super::sql::{Engine, Param};
use crate::domain::account::AccountKind;
use crate::domain::invoice::{Invoice, InvoiceKind, InvoiceStatus, is_overdue};
use crate::domain::request::{RequestKind, RequestStatus};
use crate::domain::subscription::SubscriptionStatus;
use crate::error::Result;
use crate::values::{AccountId, Country, Currency, InvoiceId, IssuerId, Money, QuoteId, RequestId, StaffId};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// Which invoices to list; every field left `None` matches all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceFilter {
    /// Open, paid or void.
    pub status: Option<InvoiceStatus>,
    /// Only overdue invoices (`true`) or only others (`false`), as of today.
    pub overdue: Option<bool>,
    /// Issued on or after this day.
    pub issued_from: Option<Date>,
    /// Issued on or before this day.
    pub issued_to: Option<Date>,
    /// Due on or after this day.
    pub due_from: Option<Date>,
    /// Due on or before this day.
    pub due_to: Option<Date>,
    /// Of this account.
    pub account: Option<AccountId>,
    /// From this issuer.
    pub issuer: Option<IssuerId>,
    /// In this currency.
    pub currency: Option<Currency>,
    /// Invoices or credit notes.
    pub kind: Option<InvoiceKind>,
}

/// Which accounts to list; every field left `None` matches all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountFilter {
    /// Served by this sales rep.
    pub sales_rep: Option<StaffId>,
    /// With a subscription in this status.
    pub subscription_status: Option<SubscriptionStatus>,
    /// Billed in this country.
    pub country: Option<Country>,
    /// Invoiced in this currency.
    pub currency: Option<Currency>,
    /// Renewing automatically, or not.
    pub auto_renew: Option<bool>,
    /// Whose term ends before this day.
    pub term_ends_before: Option<Date>,
}

/// An invoice in a vendor-wide list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorInvoice {
    /// The invoice.
    pub id: InvoiceId,
    /// Its account.
    pub account_id: AccountId,
    /// The account's company name.
    pub company_name: String,
    /// Who issued it.
    pub issuer_id: IssuerId,
    /// Its number.
    pub number: String,
    /// Invoice or credit note.
    pub kind: InvoiceKind,
    /// Issue date.
    pub issue_date: Date,
    /// Due date.
    pub due_date: Date,
    /// Grand total.
    pub total: Money,
    /// What is still to be paid (PAYM-1).
    pub balance_due: Money,
    /// Open, paid or void.
    pub status: InvoiceStatus,
    /// Open and past its due date.
    pub overdue: bool,
    /// The highest reminder stage reached (DUN-1).
    pub dunning_stage: Option<u32>,
}

/// An account in a vendor-wide list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorAccount {
    /// The account.
    pub id: AccountId,
    /// Company name.
    pub company_name: String,
    /// Its sales rep.
    pub sales_rep: StaffId,
    /// Billing country.
    pub country: Country,
    /// Invoice currency.
    pub currency: Currency,
    /// Subscription status.
    pub subscription_status: SubscriptionStatus,
    /// Whether it renews automatically.
    pub auto_renew: bool,
    /// End of the current term.
    pub term_end: Date,
    /// Whether staff paused its payment reminders (DUN-1).
    pub dunning_paused: bool,
}

/// An open quote in a vendor-wide list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorQuote {
    /// The quote.
    pub id: QuoteId,
    /// Its account.
    pub account_id: AccountId,
    /// The account's company name.
    pub company_name: String,
    /// Grand total.
    pub total: Money,
    /// Last day it can be accepted.
    pub valid_until: Date,
    /// When it was issued.
    pub issued_at: OffsetDateTime,
}

/// An open service request in the queue of Account Services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorRequest {
    /// The request.
    pub id: RequestId,
    /// Its account.
    pub account_id: AccountId,
    /// The account's company name.
    pub company_name: String,
    /// What is asked for.
    pub kind: RequestKind,
    /// When it was submitted.
    pub submitted_at: OffsetDateTime,
}

/// A statement's conditions and their arguments, numbered as they are added.
#[derive(Default)]
struct Query {
    conditions: Vec<String>,
    args: Vec<Box<dyn Param>>,
}

impl Query {
    /// Adds `condition`, in which `?` stands for the next argument.
    fn and(&mut self, condition: &str, arg: impl Param + 'static) {
        self.args.push(Box::new(arg));
        self.conditions.push(condition.replace('?', &format!("?{}", self.args.len())));
    }
    fn and_if<T: Param + 'static>(&mut self, condition: &str, arg: Option<T>) {
        if let Some(a) = arg {
            self.and(condition, a);
        }
    }
    fn fixed(&mut self, condition: &str) {
        self.conditions.push(condition.to_owned());
    }
    fn sql(&self) -> String {
        if self.conditions.is_empty() { "TRUE".into() } else { self.conditions.join(" AND ") }
    }
    fn args(&self) -> Vec<&dyn Param> {
        self.args.iter().map(|a| a.as_ref()).collect()
    }
}

/// The newest invoice's serial: where a list read page by page stops.
pub(crate) fn invoice_high_water(tx: &Tx<'_>) -> Result<i64> {
    tx.one("SELECT COALESCE(MAX(serial), 0) FROM invoices", &[], |r| r.get(0))
}

/// Up to `limit` invoices after serial `after`, up to `until`, in issue order; only the
/// accounts of `rep`, when given. Returns each with its serial.
pub(crate) fn invoices(
    tx: &Tx<'_>,
    f: &InvoiceFilter,
    rep: Option<StaffId>,
    (after, until): (i64, i64),
    limit: u32,
    today: Date,
) -> Result<Vec<(i64, VendorInvoice)>> {
    let mut q = Query::default();
    q.and("i.serial > ?", after);
    q.and("i.serial <= ?", until);
    q.and_if("a.sales_rep_id = ?", rep);
    q.and_if("i.status = ?", f.status);
    q.and_if("i.issue_date >= ?", f.issued_from);
    q.and_if("i.issue_date <= ?", f.issued_to);
    q.and_if("i.due_date >= ?", f.due_from);
    q.and_if("i.due_date <= ?", f.due_to);
    q.and_if("i.account_id = ?", f.account);
    q.and_if("i.issuer_id = ?", f.issuer);
    q.and_if("i.currency = ?", f.currency);
    q.and_if("i.kind = ?", f.kind);
    match f.overdue {
        Some(true) => {
            q.fixed("i.status = 'open' AND i.kind = 'invoice'");
            q.and("i.due_date < ?", today);
        }
        Some(false) => q.and("NOT (i.status = 'open' AND i.kind = 'invoice' AND i.due_date < ?)", today),
        None => {}
    }
    let sql = format!(
        "SELECT i.serial, i.id, i.account_id, a.company_name, i.issuer_id, i.number, i.kind, i.issue_date, i.due_date,
                i.currency, i.total, i.amount_paid, i.status,
                (SELECT MAX(d.stage) FROM dunning_reminders d WHERE d.invoice_id = i.id)
         FROM invoices i JOIN accounts a ON a.id = i.account_id
         WHERE {} ORDER BY i.serial LIMIT {limit}",
        q.sql()
    );
    tx.all(&sql, &q.args(), |r| {
        let (kind, due_date, status, currency) = (r.get(6)?, r.get(8)?, r.get(12)?, r.get::<Currency>(9)?);
        let (total, paid) = (Money::new(r.get(10)?, currency), Money::new(r.get(11)?, currency));
        Ok((
            r.get(0)?,
            VendorInvoice {
                id: r.get(1)?,
                account_id: r.get(2)?,
                company_name: r.get(3)?,
                issuer_id: r.get(4)?,
                number: r.get(5)?,
                kind,
                issue_date: r.get(7)?,
                due_date,
                balance_due: Invoice::balance_due(&total, &paid, kind, status),
                total,
                status,
                overdue: is_overdue(kind, status, due_date, today),
                dunning_stage: r.get(13)?,
            },
        ))
    })
}

/// Up to `limit` corporate accounts after (`name`, `id`), by company name.
pub(crate) fn accounts(
    tx: &Tx<'_>,
    f: &AccountFilter,
    rep: Option<StaffId>,
    after: Option<(String, AccountId)>,
    limit: u32,
) -> Result<Vec<VendorAccount>> {
    let mut q = Query::default();
    q.and("a.kind = ?", AccountKind::Corporate);
    if let Some((name, id)) = after {
        q.and("(a.company_name > ?", name.clone());
        let n = q.args.len();
        q.args.push(Box::new(id));
        let last = q.conditions.pop().unwrap_or_default();
        q.conditions.push(format!("{last} OR (a.company_name = ?{n} AND a.id > ?{}))", n + 1));
    }
    q.and_if("a.sales_rep_id = ?", rep);
    q.and_if("a.sales_rep_id = ?", f.sales_rep);
    q.and_if("s.status = ?", f.subscription_status);
    q.and_if("a.currency = ?", f.currency);
    q.and_if("s.auto_renew = ?", f.auto_renew);
    q.and_if("s.term_end < ?", f.term_ends_before);
    if let Some(c) = f.country {
        let country = match tx.engine() {
            Engine::Sqlite => "json_extract(a.billing_address, '$.country') = ?",
            Engine::Postgres => "(a.billing_address::json ->> 'country') = ?",
        };
        q.and(country, c.code().to_owned());
    }
    let sql = format!(
        "SELECT a.id, a.company_name, a.sales_rep_id, a.billing_address, a.currency, s.status, s.auto_renew, s.term_end,
                a.dunning_paused
         FROM accounts a JOIN subscriptions s ON s.account_id = a.id
         WHERE {} ORDER BY a.company_name, a.id LIMIT {limit}",
        q.sql()
    );
    tx.all(&sql, &q.args(), |r| {
        let address: crate::values::BillingAddress = from_json(&r.text(3)?)?;
        Ok(VendorAccount {
            id: r.get(0)?,
            company_name: r.get(1)?,
            sales_rep: r.get(2)?,
            country: address.country(),
            currency: r.get(4)?,
            subscription_status: r.get(5)?,
            auto_renew: r.get(6)?,
            term_end: r.get(7)?,
            dunning_paused: r.get(8)?,
        })
    })
}

/// Up to `limit` open quotes after (`issued_at`, `id`), oldest first.
pub(crate) fn open_quotes(
    tx: &Tx<'_>,
    rep: Option<StaffId>,
    after: Option<(i64, QuoteId)>,
    limit: u32,
) -> Result<Vec<VendorQuote>> {
    let mut q = Query::default();
    q.fixed("q.status = 'open'");
    if let Some((at, id)) = after {
        q.and("(q.issued_at > ?", at);
        let n = q.args.len();
        q.args.push(Box::new(id));
        let last = q.conditions.pop().unwrap_or_default();
        q.conditions.push(format!("{last} OR (q.issued_at = ?{n} AND q.id > ?{}))", n + 1));
    }
    q.and_if("a.sales_rep_id = ?", rep);
    let sql = format!(
        "SELECT q.id, q.account_id, a.company_name, q.currency, q.total, q.valid_until, q.issued_at
         FROM quotes q JOIN accounts a ON a.id = q.account_id
         WHERE {} ORDER BY q.issued_at, q.id LIMIT {limit}",
        q.sql()
    );
    tx.all(&sql, &q.args(), |r| {
        Ok(VendorQuote {
            id: r.get(0)?,
            account_id: r.get(1)?,
            company_name: r.get(2)?,
            total: Money::new(r.get(4)?, r.get(3)?),
            valid_until: r.get(5)?,
            issued_at: r.get(6)?,
        })
    })
}

/// Up to `limit` open service requests after (`submitted_at`, `id`), oldest first.
pub(crate) fn open_requests(
    tx: &Tx<'_>,
    rep: Option<StaffId>,
    after: Option<(i64, RequestId)>,
    limit: u32,
) -> Result<Vec<VendorRequest>> {
    let mut q = Query::default();
    q.and("r.status = ?", RequestStatus::Open);
    if let Some((at, id)) = after {
        q.and("(r.submitted_at > ?", at);
        let n = q.args.len();
        q.args.push(Box::new(id));
        let last = q.conditions.pop().unwrap_or_default();
        q.conditions.push(format!("{last} OR (r.submitted_at = ?{n} AND r.id > ?{}))", n + 1));
    }
    q.and_if("a.sales_rep_id = ?", rep);
    let sql = format!(
        "SELECT r.id, r.account_id, a.company_name, r.kind, r.submitted_at
         FROM service_requests r JOIN accounts a ON a.id = r.account_id
         WHERE {} ORDER BY r.submitted_at, r.id LIMIT {limit}",
        q.sql()
    );
    tx.all(&sql, &q.args(), |r| {
        Ok(VendorRequest {
            id: r.get(0)?,
            account_id: r.get(1)?,
            company_name: r.get(2)?,
            kind: from_json(&r.text(3)?)?,
            submitted_at: r.get(4)?,
        })
    })
}
