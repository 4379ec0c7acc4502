//! # corporate-billing-python
//!
//! The Python face of [`corporate_billing`]: the extension module
//! `corporate_billing._corporate_billing`, re-exported by the `corporate_billing` package.
//!
//! Everything here is a thin wrapper over the core (which knows nothing of Python):
//! - value objects and records are frozen classes around the core's types, converted with
//!   `From`; fields become Python values only when read;
//! - money, quantities and rates are `decimal.Decimal` (never `float`), dates `datetime.date`,
//!   instants timezone-aware `datetime.datetime`; IDs are their UUID text; the core's enums are
//!   snake_case strings;
//! - the core's errors become one exception class per stable code under `BillingError`
//!   (`InvalidInput` is also a `ValueError`), and a panic becomes `Internal`: none crosses;
//! - `BillingPortal` releases the GIL around every call into the core and is shared freely
//!   between threads.

mod convert;
mod errors;
mod portal;
mod records;
mod repr;
mod values;

use pyo3::prelude::*;

/// The extension module.
#[pymodule]
fn _corporate_billing(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    m.add_class::<portal::BillingPortal>()?;
    m.add_class::<values::Caller>()?;
    m.add_class::<values::ManualClock>()?;
    m.add_class::<values::Money>()?;
    m.add_class::<values::BillingAddress>()?;
    m.add_class::<values::IssuerProfile>()?;
    m.add_class::<values::PaymentMethod>()?;
    m.add_class::<values::PaymentMethodView>()?;
    m.add_class::<values::LineInput>()?;
    m.add_class::<values::QuoteEffect>()?;
    m.add_class::<values::RequestKind>()?;
    m.add_class::<records::Session>()?;
    m.add_class::<records::ContactAccount>()?;
    m.add_class::<records::Subscription>()?;
    m.add_class::<records::AccountOverview>()?;
    m.add_class::<records::BillingContact>()?;
    m.add_class::<records::PurchaseOrder>()?;
    m.add_class::<records::Document>()?;
    m.add_class::<records::EInvoiceSettings>()?;
    m.add_class::<records::Line>()?;
    m.add_class::<records::VatSubtotal>()?;
    m.add_class::<records::Totals>()?;
    m.add_class::<records::QuoteSummary>()?;
    m.add_class::<records::Quote>()?;
    m.add_class::<records::InvoiceDocument>()?;
    m.add_class::<records::Invoice>()?;
    m.add_class::<records::InvoiceSummary>()?;
    m.add_class::<records::Payment>()?;
    m.add_class::<records::VendorInvoice>()?;
    m.add_class::<records::InvoicePage>()?;
    m.add_class::<records::VendorAccount>()?;
    m.add_class::<records::VendorQuote>()?;
    m.add_class::<records::VendorRequest>()?;
    m.add_class::<records::AccountPage>()?;
    m.add_class::<records::QuotePage>()?;
    m.add_class::<records::RequestPage>()?;
    m.add_class::<records::StatementEntry>()?;
    m.add_class::<records::StatementImport>()?;
    m.add_class::<records::DunningReport>()?;
    m.add_class::<records::ServiceRequest>()?;
    m.add_class::<records::RenewalReport>()?;
    m.add_class::<records::RenewalFailure>()?;
    m.add_class::<records::PurgeReport>()?;
    m.add_class::<records::AuditRecord>()?;
    m.add_class::<records::AuditHead>()?;
    m.add_class::<records::Notification>()?;
    Ok(())
}
