//! The vendor-wide lists of accounts, open quotes and open service requests (BO-1), a page at a
//! time; the invoice list is beside the payments.

use super::accounts::SubscriptionStatus;
use super::invoices::{InvoiceKind, InvoiceStatus};
use super::requests::RequestKind;
use super::values::{Money, id};
use crate::convert::CalendarDay;
use crate::error::BillingError;
use corporate_billing::{
    AccountFilter as CoreAccountFilter, Country as CoreCountry, Currency as CoreCurrency,
    InvoiceFilter as CoreInvoiceFilter,
};
use std::time::SystemTime;

fn parsed<T>(
    text: Option<String>,
    parse: impl Fn(&str) -> corporate_billing::Result<T>,
) -> Result<Option<T>, BillingError> {
    Ok(text.as_deref().map(parse).transpose()?)
}

/// Which invoices a vendor-wide list holds (BO-1); every field left out matches all.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct InvoiceFilter {
    /// Open, paid or void.
    #[uniffi(default)]
    pub status: Option<InvoiceStatus>,
    /// Only overdue invoices (`true`) or only others (`false`), as of today.
    #[uniffi(default)]
    pub overdue: Option<bool>,
    /// Issued on or after this day.
    #[uniffi(default)]
    pub issued_from: Option<CalendarDay>,
    /// Issued on or before this day.
    #[uniffi(default)]
    pub issued_to: Option<CalendarDay>,
    /// Due on or after this day.
    #[uniffi(default)]
    pub due_from: Option<CalendarDay>,
    /// Due on or before this day.
    #[uniffi(default)]
    pub due_to: Option<CalendarDay>,
    /// Of this account.
    #[uniffi(default)]
    pub account_id: Option<String>,
    /// From this issuer.
    #[uniffi(default)]
    pub issuer_id: Option<String>,
    /// In this currency (ISO 4217).
    #[uniffi(default)]
    pub currency: Option<String>,
    /// Invoices or credit notes.
    #[uniffi(default)]
    pub kind: Option<InvoiceKind>,
}

impl TryFrom<InvoiceFilter> for CoreInvoiceFilter {
    type Error = BillingError;
    fn try_from(f: InvoiceFilter) -> Result<Self, BillingError> {
        Ok(CoreInvoiceFilter {
            status: f.status.map(Into::into),
            overdue: f.overdue,
            issued_from: f.issued_from.map(|d| d.0),
            issued_to: f.issued_to.map(|d| d.0),
            due_from: f.due_from.map(|d| d.0),
            due_to: f.due_to.map(|d| d.0),
            account: f.account_id.as_deref().map(id).transpose()?,
            issuer: f.issuer_id.as_deref().map(id).transpose()?,
            currency: parsed(f.currency, CoreCurrency::parse)?,
            kind: f.kind.map(Into::into),
        })
    }
}

/// Which accounts a vendor-wide list holds (BO-1); every field left out matches all.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct AccountFilter {
    /// Served by this sales rep.
    #[uniffi(default)]
    pub sales_rep_id: Option<String>,
    /// With a subscription in this status.
    #[uniffi(default)]
    pub subscription_status: Option<SubscriptionStatus>,
    /// Billed in this country (ISO 3166-1 alpha-2).
    #[uniffi(default)]
    pub country: Option<String>,
    /// Invoiced in this currency (ISO 4217).
    #[uniffi(default)]
    pub currency: Option<String>,
    /// Renewing automatically, or not.
    #[uniffi(default)]
    pub auto_renew: Option<bool>,
    /// Whose term ends before this day.
    #[uniffi(default)]
    pub term_ends_before: Option<CalendarDay>,
}

impl TryFrom<AccountFilter> for CoreAccountFilter {
    type Error = BillingError;
    fn try_from(f: AccountFilter) -> Result<Self, BillingError> {
        Ok(CoreAccountFilter {
            sales_rep: f.sales_rep_id.as_deref().map(id).transpose()?,
            subscription_status: f.subscription_status.map(Into::into),
            country: parsed(f.country, CoreCountry::parse)?,
            currency: parsed(f.currency, CoreCurrency::parse)?,
            auto_renew: f.auto_renew,
            term_ends_before: f.term_ends_before.map(|d| d.0),
        })
    }
}

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
