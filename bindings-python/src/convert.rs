//! How values cross the boundary: exact decimals, timezone-aware instants, bounded integers and
//! the string constants that stand for the core's enums. Bad values become `InvalidInput` with
//! the field named (API-2); wrong Python types stay `TypeError`, as everywhere in Python.

use crate::errors::{internal, invalid, to_py};
use corporate_billing::{
    AccountKind, BillingInterval, CardBrand, Durability, EInvoiceProfile, Error as CoreError, PaymentKind, PrintFormat,
    ReversalReason, StaffKind,
};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDateTime, PyFloat};
use rust_decimal::Decimal;
use serde::Serialize;
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

/// The Python spelling of an enum value: its serde name, the one the core uses in the database
/// and in JSON, so that no binding spells a variant itself.
pub(crate) fn name_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => unreachable!("enums handed to Python are unit variants"),
    }
}

/// One of `variants`, by its Python spelling.
pub(crate) fn choice<T: Copy + Serialize>(py: Python<'_>, field: &str, value: &str, variants: &[T]) -> PyResult<T> {
    variants.iter().find(|v| name_of(*v) == value).copied().ok_or_else(|| {
        let allowed = variants.iter().map(|v| format!("'{}'", name_of(v))).collect::<Vec<_>>().join(", ");
        invalid(py, field, &format!("must be one of {allowed}"))
    })
}

/// The values Python may pass, by enum; each is spelled by [`name_of`].
/// `AccountKind`.
pub(crate) const ACCOUNT_KINDS: &[AccountKind] = &[AccountKind::Corporate, AccountKind::Online];
/// `Durability`.
pub(crate) const DURABILITIES: &[Durability] = &[Durability::Full, Durability::Normal];
/// `StaffKind`.
pub(crate) const STAFF_KINDS: &[StaffKind] = &[StaffKind::SalesRep, StaffKind::AccountServices];
/// `BillingInterval`.
pub(crate) const BILLING_INTERVALS: &[BillingInterval] =
    &[BillingInterval::Monthly, BillingInterval::Quarterly, BillingInterval::SemiAnnual, BillingInterval::Annual];
/// `CardBrand`.
pub(crate) const CARD_BRANDS: &[CardBrand] =
    &[CardBrand::Visa, CardBrand::Mastercard, CardBrand::Amex, CardBrand::Discover, CardBrand::Other];
/// `PrintFormat`.
pub(crate) const PRINT_FORMATS: &[PrintFormat] = &[PrintFormat::Html, PrintFormat::Text, PrintFormat::Pdf];
/// `PaymentKind`, as the method of a payment received (PAYM-1).
pub(crate) const PAYMENT_KINDS: &[PaymentKind] = &[
    PaymentKind::Card,
    PaymentKind::WireTransfer,
    PaymentKind::Check,
    PaymentKind::AchDebit,
    PaymentKind::SepaDebit,
    PaymentKind::StandingOrder,
];
/// `ReversalReason`.
pub(crate) const REVERSAL_REASONS: &[ReversalReason] = &[ReversalReason::ReturnedDebit, ReversalReason::Chargeback];
/// `EInvoiceProfile`.
pub(crate) const E_INVOICE_PROFILES: &[EInvoiceProfile] =
    &[EInvoiceProfile::FacturXEn16931, EInvoiceProfile::XRechnung];
/// `EInvoiceFormat`, the format an account's e-invoices are delivered in (EINV-6).
pub(crate) const E_INVOICE_FORMATS: &[corporate_billing::EInvoiceFormat] = &corporate_billing::EInvoiceFormat::ALL;
