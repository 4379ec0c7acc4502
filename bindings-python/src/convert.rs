//! How values cross the boundary: exact decimals, timezone-aware instants, bounded integers and
//! the string constants that stand for the core's enums. Bad values become `InvalidInput` with
//! the field named (API-2); wrong Python types stay `TypeError`, as everywhere in Python.

use crate::errors::{internal, invalid, to_py};
use corporate_billing::{
    AccountKind, BillingInterval, CardBrand, Durability, Error as CoreError, InvoiceKind, InvoiceStatus,
    NotificationKind, PaymentKind, PrintFormat, QuoteStatus, RequestStatus, StaffKind, SubscriptionStatus,
};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDateTime, PyFloat};
use rust_decimal::Decimal;
use std::panic::{AssertUnwindSafe, catch_unwind};
use time::OffsetDateTime;

/// Runs one call into the core with the GIL released, so that other Python threads run while
/// SQLite and Argon2 work. A panic (a bug) is caught here and raised as `Internal`; the core's
/// error becomes its exception class.
pub(crate) fn run<T: Send>(py: Python<'_>, call: impl FnOnce() -> Result<T, CoreError> + Send) -> PyResult<T> {
    answer(py, py.detach(|| catch_unwind(AssertUnwindSafe(call))))
}

/// Like [`run`], for the core's quick value checks (parsing an IBAN, a country code, ...), which
/// are not worth releasing the GIL for.
pub(crate) fn guard<T>(py: Python<'_>, call: impl FnOnce() -> Result<T, CoreError>) -> PyResult<T> {
    answer(py, catch_unwind(AssertUnwindSafe(call)))
}

fn answer<T>(py: Python<'_>, outcome: std::thread::Result<Result<T, CoreError>>) -> PyResult<T> {
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(to_py(py, e)),
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_owned());
            Err(internal(py, &what))
        }
    }
}

/// Maps a list of core values to their Python wrappers.
pub(crate) fn list<T, U: From<T>>(items: Vec<T>) -> Vec<U> {
    items.into_iter().map(U::from).collect()
}

/// An exact decimal: `decimal.Decimal`, `int` or a numeric string. A float is refused: money,
/// quantities and rates are exact, and `0.1` is not.
pub(crate) fn decimal(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Decimal> {
    let py = value.py();
    if value.is_instance_of::<PyFloat>() {
        return Err(invalid(py, field, "must be a decimal.Decimal or an int, not a float (amounts are exact)"));
    }
    if value.is_instance_of::<PyBool>() {
        return Err(invalid(py, field, "must be a decimal.Decimal or an int, not a bool"));
    }
    value.extract::<Decimal>().map_err(|_| invalid(py, field, "not a finite decimal number within range"))
}

/// A whole number in `T`'s range, else `InvalidInput` naming the field.
pub(crate) fn whole<T: TryFrom<i64>>(py: Python<'_>, field: &str, value: i64) -> PyResult<T> {
    T::try_from(value).map_err(|_| invalid(py, field, "out of range"))
}

/// A timezone-aware `datetime.datetime` as the core's instant. A naive datetime is refused:
/// its meaning depends on the machine it runs on.
pub(crate) fn instant(field: &str, value: &Bound<'_, PyDateTime>) -> PyResult<OffsetDateTime> {
    let py = value.py();
    let aware = value.getattr("utcoffset")?.call0()?;
    if aware.is_none() {
        return Err(invalid(py, field, "must be a timezone-aware datetime (tzinfo set)"));
    }
    value.extract::<OffsetDateTime>().map_err(|_| invalid(py, field, "not representable"))
}

/// One of the string constants of an enum.
pub(crate) fn choice<T: Copy>(py: Python<'_>, field: &str, value: &str, table: &[(T, &'static str)]) -> PyResult<T> {
    table.iter().find(|(_, s)| *s == value).map(|(v, _)| *v).ok_or_else(|| {
        let allowed = table.iter().map(|(_, s)| format!("'{s}'")).collect::<Vec<_>>().join(", ");
        invalid(py, field, &format!("must be one of {allowed}"))
    })
}

/// The string constant of an enum value.
pub(crate) fn name_of<T: PartialEq>(value: &T, table: &[(T, &'static str)]) -> &'static str {
    table.iter().find(|(v, _)| v == value).map_or("unknown", |(_, s)| s)
}

/// `AccountKind`.
pub(crate) const ACCOUNT_KINDS: &[(AccountKind, &str)] =
    &[(AccountKind::Corporate, "corporate"), (AccountKind::Online, "online")];
/// `Durability`.
pub(crate) const DURABILITIES: &[(Durability, &str)] = &[(Durability::Full, "full"), (Durability::Normal, "normal")];
/// `StaffKind`.
pub(crate) const STAFF_KINDS: &[(StaffKind, &str)] =
    &[(StaffKind::SalesRep, "sales_rep"), (StaffKind::AccountServices, "account_services")];
/// `InvoiceKind`.
pub(crate) const INVOICE_KINDS: &[(InvoiceKind, &str)] =
    &[(InvoiceKind::Invoice, "invoice"), (InvoiceKind::CreditNote, "credit_note")];
/// `InvoiceStatus`.
pub(crate) const INVOICE_STATUSES: &[(InvoiceStatus, &str)] =
    &[(InvoiceStatus::Open, "open"), (InvoiceStatus::Paid, "paid"), (InvoiceStatus::Void, "void")];
/// `QuoteStatus`.
pub(crate) const QUOTE_STATUSES: &[(QuoteStatus, &str)] = &[
    (QuoteStatus::Open, "open"),
    (QuoteStatus::Expired, "expired"),
    (QuoteStatus::Accepted, "accepted"),
    (QuoteStatus::Declined, "declined"),
    (QuoteStatus::Withdrawn, "withdrawn"),
];
/// `RequestStatus`.
pub(crate) const REQUEST_STATUSES: &[(RequestStatus, &str)] =
    &[(RequestStatus::Open, "open"), (RequestStatus::Completed, "completed"), (RequestStatus::Rejected, "rejected")];
/// `BillingInterval`.
pub(crate) const BILLING_INTERVALS: &[(BillingInterval, &str)] = &[
    (BillingInterval::Monthly, "monthly"),
    (BillingInterval::Quarterly, "quarterly"),
    (BillingInterval::SemiAnnual, "semi_annual"),
    (BillingInterval::Annual, "annual"),
];
/// `SubscriptionStatus`.
pub(crate) const SUBSCRIPTION_STATUSES: &[(SubscriptionStatus, &str)] = &[
    (SubscriptionStatus::Active, "active"),
    (SubscriptionStatus::Expired, "expired"),
    (SubscriptionStatus::Cancelled, "cancelled"),
];
/// `NotificationKind`.
pub(crate) const NOTIFICATION_KINDS: &[(NotificationKind, &str)] = &[
    (NotificationKind::InvoiceIssued, "invoice_issued"),
    (NotificationKind::QuoteIssued, "quote_issued"),
    (NotificationKind::BillingContactChanged, "billing_contact_changed"),
    (NotificationKind::RequestCompleted, "request_completed"),
    (NotificationKind::RequestRejected, "request_rejected"),
    (NotificationKind::PurchaseOrderExpiring, "purchase_order_expiring"),
    (NotificationKind::PasswordReset, "password_reset"),
    (NotificationKind::SetPassword, "set_password"),
    (NotificationKind::PasswordChanged, "password_changed"),
];
/// `CardBrand`.
pub(crate) const CARD_BRANDS: &[(CardBrand, &str)] = &[
    (CardBrand::Visa, "visa"),
    (CardBrand::Mastercard, "mastercard"),
    (CardBrand::Amex, "amex"),
    (CardBrand::Discover, "discover"),
    (CardBrand::Other, "other"),
];
/// `PaymentKind`.
pub(crate) const PAYMENT_KINDS: &[(PaymentKind, &str)] = &[
    (PaymentKind::Card, "card"),
    (PaymentKind::WireTransfer, "wire_transfer"),
    (PaymentKind::Check, "check"),
    (PaymentKind::AchDebit, "ach_debit"),
    (PaymentKind::SepaDebit, "sepa_debit"),
    (PaymentKind::StandingOrder, "standing_order"),
];
/// `PrintFormat`.
pub(crate) const PRINT_FORMATS: &[(PrintFormat, &str)] = &[(PrintFormat::Html, "html"), (PrintFormat::Text, "text")];
