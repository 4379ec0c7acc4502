//! The vendor-wide lists of accounts, open quotes and open service requests (BO-1), a page at a
//! time; the invoice list is beside the payments.

use super::accounts::SubscriptionStatus;
use super::requests::RequestKind;
use super::values::Money;
use crate::convert::CalendarDay;
use std::time::SystemTime;

/// A corporate account in the vendor-wide list.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VendorAccount {
    /// The account.
    pub id: String,
    /// Its company name.
    pub company_name: String,
    /// The sales rep who serves it.
    pub sales_rep_id: String,
    /// The billing country (ISO 3166-1 alpha-2).
    pub country: String,
    /// The invoicing currency (ISO 4217).
    pub currency: String,
    /// The subscription's status.
    pub subscription_status: SubscriptionStatus,
    /// Whether the subscription renews by itself.
    pub auto_renew: bool,
    /// The last day of the current term.
    pub term_end: CalendarDay,
    /// Whether payment reminders are held back (DUN-1).
    pub dunning_paused: bool,
}

impl From<corporate_billing::VendorAccount> for VendorAccount {
    fn from(a: corporate_billing::VendorAccount) -> Self {
        VendorAccount {
            id: a.id.to_string(),
            company_name: a.company_name,
            sales_rep_id: a.sales_rep.to_string(),
            country: a.country.code().to_owned(),
            currency: a.currency.code().to_owned(),
            subscription_status: a.subscription_status.into(),
            auto_renew: a.auto_renew,
            term_end: a.term_end.into(),
            dunning_paused: a.dunning_paused,
        }
    }
}

/// One page of vendor-wide accounts, by company name, and the cursor to the next.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountPage {
    /// The rows.
    pub items: Vec<VendorAccount>,
    /// Pass it back for the next page; none after the last.
    pub next_cursor: Option<String>,
}

/// An open quote in the vendor-wide list.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VendorQuote {
    /// The quote.
    pub id: String,
    /// Its account.
    pub account_id: String,
    /// The account's company name.
    pub company_name: String,
    /// The quote's total.
    pub total: Money,
    /// The last day it can be accepted.
    pub valid_until: CalendarDay,
    /// When it was issued.
    pub issued_at: SystemTime,
}

impl From<corporate_billing::VendorQuote> for VendorQuote {
    fn from(q: corporate_billing::VendorQuote) -> Self {
        VendorQuote {
            id: q.id.to_string(),
            account_id: q.account_id.to_string(),
            company_name: q.company_name,
            total: q.total.into(),
            valid_until: q.valid_until.into(),
            issued_at: q.issued_at.into(),
        }
    }
}

/// One page of open quotes, oldest first, and the cursor to the next.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QuotePage {
    /// The rows.
    pub items: Vec<VendorQuote>,
    /// Pass it back for the next page; none after the last.
    pub next_cursor: Option<String>,
}

/// An open service request in Account Services' queue.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VendorRequest {
    /// The request.
    pub id: String,
    /// Its account.
    pub account_id: String,
    /// The account's company name.
    pub company_name: String,
    /// What is asked for.
    pub kind: RequestKind,
    /// When it was submitted.
    pub submitted_at: SystemTime,
}

impl From<corporate_billing::VendorRequest> for VendorRequest {
    fn from(r: corporate_billing::VendorRequest) -> Self {
        VendorRequest {
            id: r.id.to_string(),
            account_id: r.account_id.to_string(),
            company_name: r.company_name,
            kind: r.kind.into(),
            submitted_at: r.submitted_at.into(),
        }
    }
}

/// One page of the request queue, oldest first, and the cursor to the next.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RequestPage {
    /// The rows.
    pub items: Vec<VendorRequest>,
    /// Pass it back for the next page; none after the last.
    pub next_cursor: Option<String>,
}
