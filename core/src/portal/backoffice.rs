//! Vendor-wide lists for staff (BO-1), a page at a time. Each page carries an opaque cursor to
//! the next; a sales rep's lists hold its own accounts only, Account Services' everything, as
//! the permission table says ([`Action::SeeEveryAccount`]).

use super::{BillingPortal, Caller, Ctx};
use crate::access::Action;
use crate::error::{Error, Result};
use crate::store::backoffice::{
    self, AccountFilter, InvoiceFilter, VendorAccount, VendorInvoice, VendorQuote, VendorRequest,
};
use crate::values::{AccountId, StaffId};
use serde::{Deserialize, Serialize};

/// Rows per page when the caller asks for none.
pub const DEFAULT_PAGE_SIZE: u32 = 100;
/// The most rows one page holds; larger requests get this many.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// One page of a vendor-wide list and the cursor to the next, `None` after the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The rows, in the list's order.
    pub items: Vec<T>,
    /// Pass it back to read the next page.
    pub next_cursor: Option<String>,
}

fn bad_cursor() -> Error {
    Error::invalid("cursor", "is not a cursor of this list")
}

/// Cursors are hex text of `kind|fields`: opaque to callers, checked when they come back.
fn encode(kind: &str, fields: &[String]) -> String {
    hex::encode(format!("{kind}|{}", fields.join("|")))
}

fn decode(kind: &str, cursor: &str, n: usize) -> Result<Vec<String>> {
    let raw = hex::decode(cursor).map_err(|_| bad_cursor())?;
    let text = String::from_utf8(raw).map_err(|_| bad_cursor())?;
    let mut parts = text.split('|');
    if parts.next() != Some(kind) {
        return Err(bad_cursor());
    }
    let fields: Vec<String> = parts.map(str::to_owned).collect();
    if fields.len() != n {
        return Err(bad_cursor());
    }
    Ok(fields)
}

fn number(s: &str) -> Result<i64> {
    s.parse().map_err(|_| bad_cursor())
}

fn page_size(limit: u32) -> u32 {
    if limit == 0 { DEFAULT_PAGE_SIZE } else { limit.min(MAX_PAGE_SIZE) }
}

/// The sales rep whose accounts alone the caller sees, or `None` for every account.
fn scope(ctx: &Ctx) -> Option<StaffId> {
    if ctx.require(Action::SeeEveryAccount).is_ok() { None } else { ctx.staff_id() }
}

/// Reads one more row than the page holds, to know whether another page follows.
fn paged<T>(mut rows: Vec<T>, limit: u32, cursor: impl Fn(&T) -> String) -> Page<T> {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = if more { rows.last().map(cursor) } else { None };
    Page { items: rows, next_cursor }
}

impl BillingPortal {
    /// Invoices and credit notes across the vendor matching `filter`, in the order they were
    /// issued (BO-1). Pass `cursor: None` for the first page and each page's `next_cursor` for
    /// the next; `limit` rows a page (0: 100; at most 1,000). A list read page by page holds
    /// exactly what one page would have held: invoices issued after its first page are left out.
    pub fn vendor_invoices(
        &self,
        caller: &Caller,
        filter: &InvoiceFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<VendorInvoice>> {
        let limit = page_size(limit);
        let position = match cursor {
            Some(c) => {
                let f = decode("inv", c, 2)?;
                Some((number(&f[0])?, number(&f[1])?))
            }
            None => None,
        };
        self.look_vendor(caller, Action::ListVendorWide, |tx, ctx| {
            let (after, until) = match position {
                Some(p) => p,
                None => (0, backoffice::invoice_high_water(tx)?),
            };
            let rows = backoffice::invoices(tx, filter, scope(ctx), (after, until), limit + 1, ctx.now.date())?;
            let page = paged(rows, limit, |(serial, _)| encode("inv", &[serial.to_string(), until.to_string()]));
            Ok(Page { items: page.items.into_iter().map(|(_, i)| i).collect(), next_cursor: page.next_cursor })
        })
    }

    /// Corporate accounts across the vendor matching `filter`, by company name (BO-1); paged
    /// like [`vendor_invoices`](Self::vendor_invoices).
    pub fn vendor_accounts(
        &self,
        caller: &Caller,
        filter: &AccountFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<VendorAccount>> {
        let limit = page_size(limit);
        let after = match cursor {
            Some(c) => {
                let f = decode("acc", c, 2)?;
                let name =
                    String::from_utf8(hex::decode(&f[0]).map_err(|_| bad_cursor())?).map_err(|_| bad_cursor())?;
                Some((name, AccountId::parse(&f[1]).map_err(|_| bad_cursor())?))
            }
            None => None,
        };
        self.look_vendor(caller, Action::ListVendorWide, |tx, ctx| {
            let rows = backoffice::accounts(tx, filter, scope(ctx), after, limit + 1)?;
            // Company names may hold '|': the name travels hex-encoded inside the cursor.
            Ok(paged(rows, limit, |a| encode("acc", &[hex::encode(&a.company_name), a.id.to_string()])))
        })
    }

    /// Open quotes across the vendor, oldest first (BO-1); paged like
    /// [`vendor_invoices`](Self::vendor_invoices).
    pub fn vendor_open_quotes(&self, caller: &Caller, cursor: Option<&str>, limit: u32) -> Result<Page<VendorQuote>> {
        let limit = page_size(limit);
        let after = match cursor {
            Some(c) => {
                let f = decode("quo", c, 2)?;
                Some((number(&f[0])?, f[1].parse().map_err(|_| bad_cursor())?))
            }
            None => None,
        };
        self.look_vendor(caller, Action::ListVendorWide, |tx, ctx| {
            let rows = backoffice::open_quotes(tx, scope(ctx), after, limit + 1)?;
            Ok(paged(rows, limit, |q| encode("quo", &[q.issued_at.unix_timestamp().to_string(), q.id.to_string()])))
        })
    }

    /// The queue of open service requests across the vendor, oldest first (BO-1); paged like
    /// [`vendor_invoices`](Self::vendor_invoices).
    pub fn vendor_open_requests(
        &self,
        caller: &Caller,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Page<VendorRequest>> {
        let limit = page_size(limit);
        let after = match cursor {
            Some(c) => {
                let f = decode("req", c, 2)?;
                Some((number(&f[0])?, f[1].parse().map_err(|_| bad_cursor())?))
            }
            None => None,
        };
        self.look_vendor(caller, Action::ListVendorWide, |tx, ctx| {
            let rows = backoffice::open_requests(tx, scope(ctx), after, limit + 1)?;
            Ok(paged(rows, limit, |r| encode("req", &[r.submitted_at.unix_timestamp().to_string(), r.id.to_string()])))
        })
    }
}
