//! `BillingPortal`: every operation of the core facade (API-1). Each method converts its
//! arguments, calls the core with the GIL released ([`run`]), and wraps the answer.

use crate::convert::{
    ACCOUNT_KINDS, DURABILITIES, E_INVOICE_FORMATS, E_INVOICE_PROFILES, PAYMENT_KINDS, PRINT_FORMATS, REVERSAL_REASONS,
    STAFF_KINDS, choice, decimal, guard, list, run, whole,
};
use crate::errors::invalid;
use crate::records::{
    AccountOverview, AccountPage, AuditHead, AuditRecord, BillingContact, ContactAccount, Document, DunningReport,
    EInvoiceSettings, Invoice, InvoicePage, InvoiceSummary, Notification, Payment, PurchaseOrder, PurgeReport, Quote,
    QuotePage, QuoteSummary, RenewalReport, RequestPage, ServiceRequest, Session, StatementImport,
};
use crate::values::{
    BillingAddress, Caller, IssuerProfile, LineInput, ManualClock, PaymentMethod, QuoteEffect, RequestKind,
    address_lines,
};
use corporate_billing::{
    AccountId, AuditKey, BillingPortal as CorePortal, BuyerEInvoicingInput, Country, Currency, InvoiceId, Language,
    LinkSecret, LoginId, NewAccount, NewLogin, NewPayment, NewQuote, PaymentId, PortalConfig, PurchaseOrderId, QuoteId,
    RequestId, SessionToken, StaffId,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyInt, PyTraceback, PyType};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use time::{Date, Duration};

/// The corporate billing portal on a SQLite file or a PostgreSQL database.
///
/// Safe to share between threads: every call releases the GIL while the core works, and the
/// core serialises writes itself. Use it as a context manager, or call `close()`.
#[pyclass(frozen, module = "corporate_billing")]
pub struct BillingPortal {
    /// `None` once closed. Calls in flight hold their own `Arc`, so closing never pulls the
    /// database out from under them.
    inner: RwLock<Option<Arc<CorePortal>>>,
}

/// The vendor configuration, from keyword arguments; unset ones keep the core's defaults.
struct Options<'py> {
    clock: Option<PyRef<'py, ManualClock>>,
    vendor_name: Option<String>,
    session_idle_timeout: Option<Duration>,
    session_lifetime: Option<Duration>,
    w9_form: Option<Vec<u8>>,
    credential_link_base_url: Option<String>,
    link_secret: Option<Vec<u8>>,
    credential_link_lifetime: Option<Duration>,
    max_concurrent_password_hashing: Option<usize>,
    audit_key: Option<Vec<u8>>,
    durability: Option<String>,
    dunning_stages: Option<Vec<Bound<'py, PyInt>>>,
    reminder_payment_days: Option<Bound<'py, PyInt>>,
    run_date_horizon_days: Option<Bound<'py, PyInt>>,
}

impl Options<'_> {
    fn apply(self, py: Python<'_>, portal: CorePortal) -> PyResult<CorePortal> {
        let defaults = PortalConfig::default();
        let link_secret = match self.link_secret {
            Some(bytes) => Some(guard(py, || LinkSecret::new(bytes))?),
            None => None,
        };
        let audit_key = match self.audit_key {
            Some(bytes) => Some(guard(py, || AuditKey::new(bytes))?),
            None => None,
        };
        let durability = match self.durability.as_deref() {
            Some(d) => choice(py, "durability", d, DURABILITIES)?,
            None => defaults.durability,
        };
        let config = PortalConfig {
            vendor_name: self.vendor_name.unwrap_or(defaults.vendor_name),
            session_idle_timeout: self.session_idle_timeout.unwrap_or(defaults.session_idle_timeout),
            session_lifetime: self.session_lifetime.unwrap_or(defaults.session_lifetime),
            w9_form: self.w9_form,
            credential_link_base_url: self.credential_link_base_url,
            link_secret,
            credential_link_lifetime: self.credential_link_lifetime.unwrap_or(defaults.credential_link_lifetime),
            max_concurrent_password_hashing: self
                .max_concurrent_password_hashing
                .unwrap_or(defaults.max_concurrent_password_hashing),
            durability,
            audit_key,
            dunning_stages: match self.dunning_stages {
                // A Python int of any size arrives here: out of range is InvalidInput, never
                // OverflowError (DUN-2).
                Some(stages) => stages
                    .iter()
                    .map(|d| d.extract::<u32>().map_err(|_| stage_out_of_range(py)))
                    .collect::<PyResult<_>>()?,
                None => defaults.dunning_stages,
            },
            reminder_payment_days: match self.reminder_payment_days {
                Some(days) => {
                    days.extract::<u32>().map_err(|_| invalid(py, "reminder_payment_days", "must be 1 to 365 days"))?
                }
                None => defaults.reminder_payment_days,
            },
            run_date_horizon_days: match self.run_date_horizon_days {
                Some(days) => days
                    .extract::<u32>()
                    .map_err(|_| invalid(py, "run_date_horizon_days", "must be a number of days from 0 up"))?,
                None => defaults.run_date_horizon_days,
            },
        };
        // A bad dunning configuration is refused here, when the portal is built (DUN-2).
        let portal = guard(py, || portal.try_with_config(config))?;
        Ok(match self.clock {
            Some(clock) => portal.with_clock(clock.0.clone()),
            None => portal,
        })
    }
}

fn stage_out_of_range(py: Python<'_>) -> PyErr {
    invalid(py, "dunning_stages", "each stage is 1 to 365 days after the due date")
}

/// Opens the database (`":memory:"` for a fresh in-memory one) with the GIL released.
fn open_portal(py: Python<'_>, path: Option<PathBuf>, options: Options<'_>) -> PyResult<BillingPortal> {
    let portal = run(py, || match path {
        Some(p) if p.as_os_str() != ":memory:" => CorePortal::open(p),
        _ => CorePortal::open_in_memory(),
    })?;
    let portal = options.apply(py, portal)?;
    Ok(BillingPortal { inner: RwLock::new(Some(Arc::new(portal))) })
}

impl BillingPortal {
    /// The open portal, or `ValueError` after `close()` (as for a closed file).
    fn core(&self) -> PyResult<Arc<CorePortal>> {
        self.inner
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| PyValueError::new_err("operation on a closed BillingPortal"))
    }
}

fn account(s: &str) -> corporate_billing::Result<AccountId> {
    AccountId::parse(s)
}

fn new_login(name: &str, email: &str, username: Option<&str>, phone: Option<&str>) -> NewLogin {
    NewLogin {
        name: name.to_owned(),
        email: email.to_owned(),
        username: username.map(str::to_owned),
        phone: phone.map(str::to_owned),
    }
}

#[pymethods]
impl BillingPortal {
    /// Opens (or creates) the portal database at `path`, a SQLite file; `":memory:"` opens a
    /// fresh one in memory and a `postgres://` or `postgresql://` URL a PostgreSQL database, which
    /// several portals in several processes may share. Keyword arguments set the vendor configuration and, for tests, a `ManualClock`.
    #[new]
    #[pyo3(signature = (
        path, *, clock = None, vendor_name = None, session_idle_timeout = None, session_lifetime = None,
        w9_form = None, credential_link_base_url = None, link_secret = None, credential_link_lifetime = None,
        max_concurrent_password_hashing = None, audit_key = None, durability = None, dunning_stages = None,
        reminder_payment_days = None, run_date_horizon_days = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new<'py>(
        py: Python<'py>,
        path: PathBuf,
        clock: Option<PyRef<'py, ManualClock>>,
        vendor_name: Option<String>,
        session_idle_timeout: Option<Duration>,
        session_lifetime: Option<Duration>,
        w9_form: Option<Vec<u8>>,
        credential_link_base_url: Option<String>,
        link_secret: Option<Vec<u8>>,
        credential_link_lifetime: Option<Duration>,
        max_concurrent_password_hashing: Option<usize>,
        audit_key: Option<Vec<u8>>,
        durability: Option<String>,
        dunning_stages: Option<Vec<Bound<'py, PyInt>>>,
        reminder_payment_days: Option<Bound<'py, PyInt>>,
        run_date_horizon_days: Option<Bound<'py, PyInt>>,
    ) -> PyResult<Self> {
        let options = Options {
            clock,
            vendor_name,
            session_idle_timeout,
            session_lifetime,
            w9_form,
            credential_link_base_url,
            link_secret,
            credential_link_lifetime,
            max_concurrent_password_hashing,
            audit_key,
            durability,
            dunning_stages,
            reminder_payment_days,
            run_date_horizon_days,
        };
        open_portal(py, Some(path), options)
    }

    /// The same as `BillingPortal(path, ...)`.
    #[classmethod]
    #[pyo3(signature = (
        path, *, clock = None, vendor_name = None, session_idle_timeout = None, session_lifetime = None,
        w9_form = None, credential_link_base_url = None, link_secret = None, credential_link_lifetime = None,
        max_concurrent_password_hashing = None, audit_key = None, durability = None, dunning_stages = None,
        reminder_payment_days = None, run_date_horizon_days = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn open<'py>(
        _cls: &Bound<'py, PyType>,
        py: Python<'py>,
        path: PathBuf,
        clock: Option<PyRef<'py, ManualClock>>,
        vendor_name: Option<String>,
        session_idle_timeout: Option<Duration>,
        session_lifetime: Option<Duration>,
        w9_form: Option<Vec<u8>>,
        credential_link_base_url: Option<String>,
        link_secret: Option<Vec<u8>>,
        credential_link_lifetime: Option<Duration>,
        max_concurrent_password_hashing: Option<usize>,
        audit_key: Option<Vec<u8>>,
        durability: Option<String>,
        dunning_stages: Option<Vec<Bound<'py, PyInt>>>,
        reminder_payment_days: Option<Bound<'py, PyInt>>,
        run_date_horizon_days: Option<Bound<'py, PyInt>>,
    ) -> PyResult<Self> {
        BillingPortal::new(
            py,
            path,
            clock,
            vendor_name,
            session_idle_timeout,
            session_lifetime,
            w9_form,
            credential_link_base_url,
            link_secret,
            credential_link_lifetime,
            max_concurrent_password_hashing,
            audit_key,
            durability,
            dunning_stages,
            reminder_payment_days,
            run_date_horizon_days,
        )
    }

    /// A portal on a fresh in-memory database, for tests and trials.
    #[classmethod]
    #[pyo3(signature = (
        *, clock = None, vendor_name = None, session_idle_timeout = None, session_lifetime = None,
        w9_form = None, credential_link_base_url = None, link_secret = None, credential_link_lifetime = None,
        max_concurrent_password_hashing = None, audit_key = None, durability = None, dunning_stages = None,
        reminder_payment_days = None, run_date_horizon_days = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn open_in_memory<'py>(
        _cls: &Bound<'py, PyType>,
        py: Python<'py>,
        clock: Option<PyRef<'py, ManualClock>>,
        vendor_name: Option<String>,
        session_idle_timeout: Option<Duration>,
        session_lifetime: Option<Duration>,
        w9_form: Option<Vec<u8>>,
        credential_link_base_url: Option<String>,
        link_secret: Option<Vec<u8>>,
        credential_link_lifetime: Option<Duration>,
        max_concurrent_password_hashing: Option<usize>,
        audit_key: Option<Vec<u8>>,
        durability: Option<String>,
        dunning_stages: Option<Vec<Bound<'py, PyInt>>>,
        reminder_payment_days: Option<Bound<'py, PyInt>>,
        run_date_horizon_days: Option<Bound<'py, PyInt>>,
    ) -> PyResult<Self> {
        let options = Options {
            clock,
            vendor_name,
            session_idle_timeout,
            session_lifetime,
            w9_form,
            credential_link_base_url,
            link_secret,
            credential_link_lifetime,
            max_concurrent_password_hashing,
            audit_key,
            durability,
            dunning_stages,
            reminder_payment_days,
            run_date_horizon_days,
        };
        open_portal(py, None, options)
    }

    /// Closes the portal; later calls raise `ValueError`. Calls already running finish first.
    fn close(&self) {
        self.inner.write().unwrap_or_else(|p| p.into_inner()).take();
    }

    /// True once `close()` has been called.
    #[getter]
    fn closed(&self) -> bool {
        self.inner.read().unwrap_or_else(|p| p.into_inner()).is_none()
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __exit__(
        &self,
        exc_type: Option<&Bound<'_, PyType>>,
        exc_value: Option<&Bound<'_, PyAny>>,
        traceback: Option<&Bound<'_, PyTraceback>>,
    ) {
        let _ = (exc_type, exc_value, traceback);
        self.close();
    }

    fn __repr__(&self) -> String {
        if self.closed() { "<BillingPortal (closed)>".to_owned() } else { "<BillingPortal>".to_owned() }
    }

    // ---- provisioning by the host -------------------------------------------------------

    /// Registers a vendor employee (`kind`: `"sales_rep"` or `"account_services"`); returns the
    /// staff ID to assert with `Caller.staff`.
    fn register_staff(&self, py: Python<'_>, name: &str, email: &str, kind: &str) -> PyResult<String> {
        let kind = choice(py, "kind", kind, STAFF_KINDS)?;
        let p = self.core()?;
        run(py, || p.register_staff(name, email, kind)).map(|id| id.to_string())
    }

    /// Registers an invoice issuer with a new number series; returns its ID.
    fn create_issuer(&self, py: Python<'_>, profile: &IssuerProfile) -> PyResult<String> {
        let p = self.core()?;
        run(py, || p.create_issuer(&profile.0)).map(|id| id.to_string())
    }

    /// Creates a login; with a password it can sign in as a billing contact (AUTH-1, AUTH-4).
    /// Returns the login ID.
    #[pyo3(signature = (name, email, *, username = None, phone = None, password = None))]
    fn create_login(
        &self,
        py: Python<'_>,
        name: &str,
        email: &str,
        username: Option<&str>,
        phone: Option<&str>,
        password: Option<&str>,
    ) -> PyResult<String> {
        let login = new_login(name, email, username, phone);
        let p = self.core()?;
        run(py, || p.create_login(&login, password)).map(|id| id.to_string())
    }

    /// Opens an account (ACC-2); sales reps (for themselves) and Account Services may. Returns
    /// the account ID.
    #[pyo3(signature = (
        caller, *, company_name, issuer_id, sales_rep_id, billing_contact_id, billing_address, phone,
        payment_method, currency, vat_rate, payment_terms_days, plan, seats, annual_seat_price, term_start,
        term_end, requires_purchase_order = false, kind = "corporate"
    ))]
    #[allow(clippy::too_many_arguments)]
    fn open_account(
        &self,
        py: Python<'_>,
        caller: &Caller,
        company_name: &str,
        issuer_id: &str,
        sales_rep_id: &str,
        billing_contact_id: &str,
        billing_address: &BillingAddress,
        phone: &str,
        payment_method: &PaymentMethod,
        currency: &str,
        vat_rate: &Bound<'_, PyAny>,
        payment_terms_days: i64,
        plan: &str,
        seats: i64,
        annual_seat_price: &Bound<'_, PyAny>,
        term_start: Date,
        term_end: Date,
        requires_purchase_order: bool,
        kind: &str,
    ) -> PyResult<String> {
        let new = NewAccount {
            kind: choice(py, "kind", kind, ACCOUNT_KINDS)?,
            company_name: company_name.to_owned(),
            issuer: guard(py, || corporate_billing::IssuerId::parse(issuer_id))?,
            sales_rep: guard(py, || StaffId::parse(sales_rep_id))?,
            billing_contact: guard(py, || LoginId::parse(billing_contact_id))?,
            billing_address: billing_address.0.clone(),
            phone: phone.to_owned(),
            payment_method: payment_method.0.clone(),
            currency: guard(py, || Currency::parse(currency))?,
            vat_rate: decimal("vat_rate", vat_rate)?,
            payment_terms_days: whole(py, "payment_terms_days", payment_terms_days)?,
            requires_purchase_order,
            plan: plan.to_owned(),
            seats: whole(py, "seats", seats)?,
            annual_seat_price: decimal("annual_seat_price", annual_seat_price)?,
            term_start,
            term_end,
        };
        let p = self.core()?;
        run(py, || p.open_account(&caller.0, &new)).map(|id| id.to_string())
    }

    /// Names a login as a user of the account (vendor staff only).
    fn add_account_user(&self, py: Python<'_>, caller: &Caller, account_id: &str, login_id: &str) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.add_account_user(&caller.0, account(account_id)?, LoginId::parse(login_id)?))
    }

    // ---- sign-in and credentials ----------------------------------------------------------

    /// Signs a billing contact in with a user ID (username or e-mail) and password. Every
    /// failure is `InvalidCredentials` (AUTH-2).
    fn sign_in(&self, py: Python<'_>, user_id: &str, password: &str) -> PyResult<Session> {
        let p = self.core()?;
        run(py, || p.sign_in(user_id, password)).map(Session::from)
    }

    /// Ends a session (AUTH-6); ending an unknown or ended one is not an error.
    fn sign_out(&self, py: Python<'_>, token: &str) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.sign_out(&SessionToken::new(token)))
    }

    /// The corporate accounts whose billing contact the session's login is (ACC-4).
    fn my_accounts(&self, py: Python<'_>, token: &str) -> PyResult<Vec<ContactAccount>> {
        let p = self.core()?;
        run(py, || p.my_accounts(&SessionToken::new(token))).map(list)
    }

    /// Forgot password (AUTH-7): queues a reset link if `user_id` belongs to a billing contact;
    /// the answer is the same either way.
    fn forgot_password(&self, py: Python<'_>, user_id: &str) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.forgot_password(user_id))
    }

    /// Sets a new password with a reset or set-password link's token (AUTH-8, BC-2).
    fn reset_password(&self, py: Python<'_>, link_token: &str, new_password: &str) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.reset_password(link_token, new_password))
    }

    /// Changes the signed-in contact's password, given the current one (AUTH-9).
    fn change_password(&self, py: Python<'_>, token: &str, current: &str, new_password: &str) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.change_password(&SessionToken::new(token), current, new_password))
    }

    /// Hands billing to a person without a login yet (BC-2); returns the new login's ID.
    #[pyo3(signature = (caller, account_id, *, name, email, username = None, phone = None))]
    #[allow(clippy::too_many_arguments)]
    fn change_billing_contact_to_new_login(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        name: &str,
        email: &str,
        username: Option<&str>,
        phone: Option<&str>,
    ) -> PyResult<()> {
        let login = new_login(name, email, username, phone);
        let p = self.core()?;
        run(py, || p.change_billing_contact_to_new_login(&caller.0, account(account_id)?, &login))
    }

    // ---- the account and its billing data -------------------------------------------------

    /// The account overview (without the billing contact's identity, PRIV-1).
    fn account(&self, py: Python<'_>, caller: &Caller, account_id: &str) -> PyResult<AccountOverview> {
        let p = self.core()?;
        run(py, || p.account(&caller.0, account(account_id)?)).map(AccountOverview::from)
    }

    /// The payment method as stored, processor token included, for the host to charge it. Host
    /// only: it takes no caller; never hand it to a client.
    fn stored_payment_method(&self, py: Python<'_>, account_id: &str) -> PyResult<PaymentMethod> {
        let p = self.core()?;
        run(py, || p.stored_payment_method(account(account_id)?)).map(PaymentMethod::from)
    }

    /// The billing contact's identity, for that contact and vendor staff only (PRIV-1).
    fn billing_contact(&self, py: Python<'_>, caller: &Caller, account_id: &str) -> PyResult<BillingContact> {
        let p = self.core()?;
        run(py, || p.billing_contact(&caller.0, account(account_id)?)).map(BillingContact::from)
    }

    /// Hands billing to an existing login, named by its user ID (BC-1).
    fn change_billing_contact(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        new_contact_user_id: &str,
    ) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.change_billing_contact(&caller.0, account(account_id)?, new_contact_user_id))
    }

    /// Replaces the payment method (PAY-1..PAY-3).
    fn set_payment_method(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        method: &PaymentMethod,
    ) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.set_payment_method(&caller.0, account(account_id)?, &method.0))
    }

    /// Chooses the language of the account's documents and notifications (DOCS-1): `"de"` or
    /// `"en"` (a locale such as `"de-CH"` is read too); `None` follows the billing country again.
    /// Returns the language now in force.
    fn set_document_language(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        language: Option<&str>,
    ) -> PyResult<String> {
        let p = self.core()?;
        run(py, || {
            let language = language.map(Language::parse).transpose()?;
            p.set_document_language(&caller.0, account(account_id)?, language)
        })
        .map(|l| l.code().to_owned())
    }

    /// Changes every line of the billing address; the country stays (ADDR-1).
    #[pyo3(signature = (caller, account_id, *, line1, city, line2 = "", region = "", postal_code = ""))]
    #[allow(clippy::too_many_arguments)]
    fn change_address(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        line1: &str,
        city: &str,
        line2: &str,
        region: &str,
        postal_code: &str,
    ) -> PyResult<BillingAddress> {
        let lines = address_lines(line1, city, line2, region, postal_code);
        let p = self.core()?;
        run(py, || p.change_address(&caller.0, account(account_id)?, &lines)).map(BillingAddress::from)
    }

    /// Moves the billing address to another country: Account Services only (ADDR-1).
    fn change_country(&self, py: Python<'_>, caller: &Caller, account_id: &str, country: &str) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.change_country(&caller.0, account(account_id)?, Country::parse(country)?))
    }

    /// Changes the phone number; returns it in E.164 form (ADDR-2).
    fn change_phone(&self, py: Python<'_>, caller: &Caller, account_id: &str, phone: &str) -> PyResult<String> {
        let p = self.core()?;
        run(py, || p.change_phone(&caller.0, account(account_id)?, phone)).map(|ph| ph.as_str().to_owned())
    }

    /// Adds an invoice recipient (REC-1).
    fn add_invoice_recipient(&self, py: Python<'_>, caller: &Caller, account_id: &str, email: &str) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.add_invoice_recipient(&caller.0, account(account_id)?, email))
    }

    /// Removes an invoice recipient, matched regardless of case.
    fn remove_invoice_recipient(&self, py: Python<'_>, caller: &Caller, account_id: &str, email: &str) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.remove_invoice_recipient(&caller.0, account(account_id)?, email))
    }

    /// Sets whether quotes can only be accepted with a purchase order (QUO-4).
    fn set_requires_purchase_order(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        required: bool,
    ) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.set_requires_purchase_order(&caller.0, account(account_id)?, required))
    }

    /// The account's purchase orders, latest expiry first.
    fn purchase_orders(&self, py: Python<'_>, caller: &Caller, account_id: &str) -> PyResult<Vec<PurchaseOrder>> {
        let p = self.core()?;
        run(py, || p.purchase_orders(&caller.0, account(account_id)?)).map(list)
    }

    /// Adds a purchase order (PO-1).
    fn add_purchase_order(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        number: &str,
        expires_on: Date,
    ) -> PyResult<PurchaseOrder> {
        let p = self.core()?;
        run(py, || p.add_purchase_order(&caller.0, account(account_id)?, number, expires_on)).map(PurchaseOrder::from)
    }

    /// Edits a purchase order; `expected_version` is the version read (a stale one is a
    /// `Conflict`).
    #[allow(clippy::too_many_arguments)]
    fn edit_purchase_order(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        purchase_order_id: &str,
        expected_version: i64,
        number: &str,
        expires_on: Date,
    ) -> PyResult<PurchaseOrder> {
        let p = self.core()?;
        run(py, || {
            let id = PurchaseOrderId::parse(purchase_order_id)?;
            p.edit_purchase_order(&caller.0, account(account_id)?, id, expected_version, number, expires_on)
        })
        .map(PurchaseOrder::from)
    }

    /// The vendor's W-9 form, for accounts billed in the United States only (DOC-1).
    fn w9_form(&self, py: Python<'_>, caller: &Caller, account_id: &str) -> PyResult<Document> {
        let p = self.core()?;
        run(py, || p.w9_form(&caller.0, account(account_id)?)).map(Document::from)
    }

    // ---- quotes ---------------------------------------------------------------------------

    /// Issues a quote (QUO-1); sales rep or Account Services.
    #[pyo3(signature = (caller, account_id, *, currency, valid_until, lines, effect))]
    #[allow(clippy::too_many_arguments)]
    fn issue_quote(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        currency: &str,
        valid_until: Date,
        lines: Vec<PyRef<'_, LineInput>>,
        effect: &QuoteEffect,
    ) -> PyResult<Quote> {
        let new = NewQuote {
            currency: guard(py, || Currency::parse(currency))?,
            valid_until,
            lines: lines.iter().map(|l| l.0.clone()).collect(),
            effect: effect.0.clone(),
        };
        let p = self.core()?;
        run(py, || p.issue_quote(&caller.0, account(account_id)?, &new)).map(Quote::from)
    }

    /// The account's quotes, open ones first (QUO-2).
    fn quotes(&self, py: Python<'_>, caller: &Caller, account_id: &str) -> PyResult<Vec<QuoteSummary>> {
        let p = self.core()?;
        run(py, || p.quotes(&caller.0, account(account_id)?)).map(list)
    }

    /// One quote with its lines and totals (QUO-2).
    fn quote(&self, py: Python<'_>, caller: &Caller, account_id: &str, quote_id: &str) -> PyResult<Quote> {
        let p = self.core()?;
        run(py, || p.quote(&caller.0, account(account_id)?, QuoteId::parse(quote_id)?)).map(Quote::from)
    }

    /// Accepts an open quote, optionally with a purchase-order number; returns the invoice
    /// issued for it (QUO-3, QUO-4, QUO-5).
    #[pyo3(signature = (caller, account_id, quote_id, purchase_order = None))]
    fn accept_quote(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        quote_id: &str,
        purchase_order: Option<&str>,
    ) -> PyResult<Invoice> {
        let p = self.core()?;
        run(py, || p.accept_quote(&caller.0, account(account_id)?, QuoteId::parse(quote_id)?, purchase_order))
            .map(Invoice::from)
    }

    /// Declines an open quote, optionally with a reason (QUO-3).
    #[pyo3(signature = (caller, account_id, quote_id, reason = None))]
    fn decline_quote(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        quote_id: &str,
        reason: Option<&str>,
    ) -> PyResult<Quote> {
        let p = self.core()?;
        run(py, || p.decline_quote(&caller.0, account(account_id)?, QuoteId::parse(quote_id)?, reason)).map(Quote::from)
    }

    /// Withdraws an open quote (QUO-6); sales rep or Account Services.
    fn withdraw_quote(&self, py: Python<'_>, caller: &Caller, account_id: &str, quote_id: &str) -> PyResult<Quote> {
        let p = self.core()?;
        run(py, || p.withdraw_quote(&caller.0, account(account_id)?, QuoteId::parse(quote_id)?)).map(Quote::from)
    }

    // ---- invoices -------------------------------------------------------------------------

    /// The last 20 invoices and credit notes, newest first (INV-2).
    fn invoices(&self, py: Python<'_>, caller: &Caller, account_id: &str) -> PyResult<Vec<InvoiceSummary>> {
        let p = self.core()?;
        run(py, || p.invoices(&caller.0, account(account_id)?)).map(list)
    }

    /// One invoice with everything on it (PRIV-2: another account's is "not found").
    fn invoice(&self, py: Python<'_>, caller: &Caller, account_id: &str, invoice_id: &str) -> PyResult<Invoice> {
        let p = self.core()?;
        run(py, || p.invoice(&caller.0, account(account_id)?, InvoiceId::parse(invoice_id)?)).map(Invoice::from)
    }

    /// Renders an invoice for printing (INV-3) in its document language (DOCS-1): `format` is
    /// `"text"`, `"html"` or `"pdf"` (a PDF/A-3b with the e-invoice embedded, EINV-3).
    #[pyo3(signature = (caller, account_id, invoice_id, format = "text"))]
    fn print_invoice(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        invoice_id: &str,
        format: &str,
    ) -> PyResult<Document> {
        let format = choice(py, "format", format, PRINT_FORMATS)?;
        let p = self.core()?;
        run(py, || p.print_invoice(&caller.0, account(account_id)?, InvoiceId::parse(invoice_id)?, format))
            .map(Document::from)
    }

    /// The invoice or credit note as an EN 16931 CII e-invoice (EINV-1): `profile` is
    /// `"factur_x"` (Factur-X/ZUGFeRD EN 16931) or `"xrechnung"` (XRechnung 3.0).
    #[pyo3(signature = (caller, account_id, invoice_id, profile = "factur_x"))]
    fn e_invoice(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        invoice_id: &str,
        profile: &str,
    ) -> PyResult<Py<PyBytes>> {
        let profile = choice(py, "profile", profile, E_INVOICE_PROFILES)?;
        let p = self.core()?;
        let xml = run(py, || p.e_invoice(&caller.0, account(account_id)?, InvoiceId::parse(invoice_id)?, profile))?;
        Ok(PyBytes::new(py, &xml).unbind())
    }

    /// The invoice or credit note as a document in `format` (EINV-6): `"factur_x_pdf"`,
    /// `"xrechnung_cii"`, `"xrechnung_ubl"` or `"peppol_bis_ubl"`; `None`, the account's format.
    #[pyo3(signature = (caller, account_id, invoice_id, format = None))]
    fn e_invoice_document(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        invoice_id: &str,
        format: Option<&str>,
    ) -> PyResult<Document> {
        let format = format.map(|f| choice(py, "format", f, E_INVOICE_FORMATS)).transpose()?;
        let p = self.core()?;
        run(py, || {
            let (account, id) = (account(account_id)?, InvoiceId::parse(invoice_id)?);
            match format {
                Some(f) => p.e_invoice_as(&caller.0, account, id, f),
                None => p.e_invoice_document(&caller.0, account, id),
            }
        })
        .map(Document::from)
    }

    /// The invoice or credit note in `format`, whatever the account's choice (EINV-6); data the
    /// format needs and the account or issuer lacks raises `InvalidInput` naming it.
    fn e_invoice_as(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        invoice_id: &str,
        format: &str,
    ) -> PyResult<Document> {
        let format = choice(py, "format", format, E_INVOICE_FORMATS)?;
        let p = self.core()?;
        run(py, || p.e_invoice_as(&caller.0, account(account_id)?, InvoiceId::parse(invoice_id)?, format))
            .map(Document::from)
    }

    /// Sets the buyer's e-invoicing data at once (EINV-5, EINV-6): VAT ID, buyer reference or
    /// Leitweg-ID, electronic address as `(scheme, identifier)` and the format; a field that fails
    /// raises `InvalidInput` naming it and nothing changes.
    #[pyo3(signature = (caller, account_id, *, vat_id = None, reference = None, electronic_address = None, format = None))]
    #[allow(clippy::too_many_arguments)]
    fn set_buyer_e_invoicing(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        vat_id: Option<String>,
        reference: Option<String>,
        electronic_address: Option<(String, String)>,
        format: Option<&str>,
    ) -> PyResult<EInvoiceSettings> {
        let format = format.map(|f| choice(py, "e_invoice_format", f, E_INVOICE_FORMATS)).transpose()?;
        let input = BuyerEInvoicingInput { vat_id, reference, electronic_address, format };
        let p = self.core()?;
        run(py, || p.set_buyer_e_invoicing(&caller.0, account(account_id)?, &input)).map(EInvoiceSettings::from)
    }

    /// The issuer that bills the account, for the host to set its e-invoicing details.
    fn issuer_of_account(&self, py: Python<'_>, account_id: &str) -> PyResult<String> {
        let p = self.core()?;
        run(py, || p.issuer_of_account(account(account_id)?)).map(|id| id.to_string())
    }

    /// Whether the database already holds accounts: a host that seeds on first start asks this.
    fn holds_data(&self, py: Python<'_>) -> PyResult<bool> {
        let p = self.core()?;
        run(py, || p.holds_data())
    }

    /// The account's e-invoice format, its default and the formats its data satisfies (EINV-6).
    fn e_invoice_settings(&self, py: Python<'_>, caller: &Caller, account_id: &str) -> PyResult<EInvoiceSettings> {
        let p = self.core()?;
        run(py, || p.e_invoice_settings(&caller.0, account(account_id)?)).map(EInvoiceSettings::from)
    }

    /// Chooses the account's e-invoice format, or with `None` the default (EINV-6); a format
    /// its data cannot satisfy raises `InvalidInput` on `e_invoice_format`.
    #[pyo3(signature = (caller, account_id, format))]
    fn set_e_invoice_format(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        format: Option<&str>,
    ) -> PyResult<EInvoiceSettings> {
        let format = format.map(|f| choice(py, "e_invoice_format", f, E_INVOICE_FORMATS)).transpose()?;
        let p = self.core()?;
        run(py, || p.set_e_invoice_format(&caller.0, account(account_id)?, format)).map(EInvoiceSettings::from)
    }

    /// Sets or clears the buyer's VAT ID (BT-48, EINV-5); returns it in electronic form.
    #[pyo3(signature = (caller, account_id, vat_id))]
    fn set_buyer_vat_id(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        vat_id: Option<&str>,
    ) -> PyResult<Option<String>> {
        let p = self.core()?;
        run(py, || p.set_buyer_vat_id(&caller.0, account(account_id)?, vat_id)).map(|v| v.map(String::from))
    }

    /// Makes a German public buyer's Leitweg-ID (check digits verified) the buyer reference (EINV-5).
    fn set_leitweg_id(&self, py: Python<'_>, caller: &Caller, account_id: &str, leitweg_id: &str) -> PyResult<String> {
        let p = self.core()?;
        run(py, || p.set_leitweg_id(&caller.0, account(account_id)?, leitweg_id)).map(String::from)
    }

    /// Sets or clears the buyer reference (BT-10, EINV-5).
    #[pyo3(signature = (caller, account_id, reference))]
    fn set_buyer_reference(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        reference: Option<&str>,
    ) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.set_buyer_reference(&caller.0, account(account_id)?, reference))
    }

    /// Sets or clears the buyer's electronic address (BT-49): `(scheme, identifier)`.
    #[pyo3(signature = (caller, account_id, address))]
    fn set_buyer_electronic_address(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        address: Option<(String, String)>,
    ) -> PyResult<()> {
        let p = self.core()?;
        let address = address.as_ref().map(|(s, i)| (s.as_str(), i.as_str()));
        run(py, || p.set_buyer_electronic_address(&caller.0, account(account_id)?, address))
    }

    /// Sets the issuer's e-invoicing details. Trusted host only.
    #[pyo3(signature = (issuer_id, *, vat_id = None, legal_registration_id = None, tax_number = None,
        contact = None, electronic_address = None, iban = None, bic = None, sepa_creditor_id = None))]
    #[allow(clippy::too_many_arguments)]
    fn set_issuer_e_invoicing(
        &self,
        py: Python<'_>,
        issuer_id: &str,
        vat_id: Option<&str>,
        legal_registration_id: Option<String>,
        tax_number: Option<String>,
        contact: Option<(String, String, String)>,
        electronic_address: Option<(String, String)>,
        iban: Option<&str>,
        bic: Option<&str>,
        sepa_creditor_id: Option<&str>,
    ) -> PyResult<()> {
        use corporate_billing::documents::cii::{SellerContact, SellerDetails};
        use corporate_billing::{Bic, ElectronicAddress, EmailAddress, Iban, IssuerId, Phone, SepaCreditorId, VatId};
        let p = self.core()?;
        run(py, || {
            let details = SellerDetails {
                vat_id: vat_id.map(VatId::parse).transpose()?,
                legal_registration_id,
                tax_number,
                contact: contact
                    .map(|(name, phone, email)| {
                        Ok::<_, corporate_billing::Error>(SellerContact {
                            name,
                            phone: Phone::parse(&phone, None)?,
                            email: EmailAddress::parse(&email)?,
                        })
                    })
                    .transpose()?,
                electronic_address: electronic_address.map(|(s, i)| ElectronicAddress::parse(&s, &i)).transpose()?,
                iban: iban.map(Iban::parse).transpose()?,
                bic: bic.map(Bic::parse).transpose()?,
                sepa_creditor_id: sepa_creditor_id.map(SepaCreditorId::parse).transpose()?,
            };
            p.set_issuer_e_invoicing(IssuerId::parse(issuer_id)?, &details)
        })
    }

    /// Records a payment of an open invoice (PAYM-1): `amount` (a `Decimal`) in `currency`,
    /// received on `received_on` by `method`, with the payer's or bank's `reference`. A partial
    /// payment leaves the rest due; the one that settles the balance marks the invoice paid.
    /// More than the balance is `InvalidInput` on `amount`. Vendor staff only.
    #[pyo3(signature = (caller, account_id, invoice_id, *, amount, currency, received_on, method, reference))]
    #[allow(clippy::too_many_arguments)]
    fn record_payment(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        invoice_id: &str,
        amount: &Bound<'_, PyAny>,
        currency: &str,
        received_on: Date,
        method: &str,
        reference: String,
    ) -> PyResult<Invoice> {
        let payment = NewPayment {
            amount: decimal("amount", amount)?,
            currency: guard(py, || Currency::parse(currency))?,
            received_on,
            method: choice(py, "method", method, PAYMENT_KINDS)?,
            reference,
        };
        let p = self.core()?;
        run(py, || p.record_payment(&caller.0, account(account_id)?, InvoiceId::parse(invoice_id)?, &payment))
            .map(Invoice::from)
    }

    /// Reverses a payment (a returned debit, a chargeback) on `on`; `reason` is
    /// `"returned_debit"` or `"chargeback"`. A paid invoice reopens (PAYM-1). Vendor staff only.
    fn reverse_payment(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        payment_id: &str,
        on: Date,
        reason: &str,
    ) -> PyResult<Invoice> {
        let reason = choice(py, "reason", reason, REVERSAL_REASONS)?;
        let p = self.core()?;
        run(py, || p.reverse_payment(&caller.0, account(account_id)?, PaymentId::parse(payment_id)?, on, reason))
            .map(Invoice::from)
    }

    /// Imports an ISO 20022 camt.053 statement (or camt.054 notification) given as bytes
    /// (RECON-1); matched credits become payments. Account Services only.
    fn import_bank_statement(&self, py: Python<'_>, caller: &Caller, xml: Vec<u8>) -> PyResult<StatementImport> {
        let p = self.core()?;
        run(py, || p.import_bank_statement(&caller.0, &xml)).map(StatementImport::from)
    }

    /// Queues the payment reminders due on `date` (DUN-1). Account Services only.
    fn run_dunning(&self, py: Python<'_>, caller: &Caller, date: Date) -> PyResult<DunningReport> {
        let p = self.core()?;
        run(py, || p.run_dunning(&caller.0, date)).map(DunningReport::from)
    }

    /// Pauses (or resumes, with `paused=False`) the account's payment reminders (DUN-1).
    #[pyo3(signature = (caller, account_id, paused = true))]
    fn pause_dunning(&self, py: Python<'_>, caller: &Caller, account_id: &str, paused: bool) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.pause_dunning(&caller.0, account(account_id)?, paused))
    }

    /// One page of invoices across the vendor (BO-1), in issue order; pass the page's
    /// `next_cursor` back for the next one. `iter_vendor_invoices` walks all pages lazily.
    #[pyo3(signature = (caller, *, cursor = None, limit = 100, status = None, overdue = None, account_id = None, issuer_id = None, currency = None, issued_from = None, issued_to = None, due_from = None, due_to = None, kind = None))]
    #[allow(clippy::too_many_arguments)]
    fn vendor_invoices(
        &self,
        py: Python<'_>,
        caller: &Caller,
        cursor: Option<String>,
        limit: u32,
        status: Option<&str>,
        overdue: Option<bool>,
        account_id: Option<&str>,
        issuer_id: Option<&str>,
        currency: Option<&str>,
        issued_from: Option<Date>,
        issued_to: Option<Date>,
        due_from: Option<Date>,
        due_to: Option<Date>,
        kind: Option<&str>,
    ) -> PyResult<InvoicePage> {
        use corporate_billing::{InvoiceKind, InvoiceStatus};
        const STATUSES: &[InvoiceStatus] = &[InvoiceStatus::Open, InvoiceStatus::Paid, InvoiceStatus::Void];
        const KINDS: &[InvoiceKind] = &[InvoiceKind::Invoice, InvoiceKind::CreditNote];
        let filter = corporate_billing::InvoiceFilter {
            status: status.map(|s| choice(py, "status", s, STATUSES)).transpose()?,
            overdue,
            issued_from,
            issued_to,
            due_from,
            due_to,
            account: account_id.map(|a| guard(py, || AccountId::parse(a))).transpose()?,
            issuer: issuer_id.map(|i| guard(py, || corporate_billing::IssuerId::parse(i))).transpose()?,
            currency: currency.map(|c| guard(py, || Currency::parse(c))).transpose()?,
            kind: kind.map(|k| choice(py, "kind", k, KINDS)).transpose()?,
        };
        let p = self.core()?;
        run(py, || p.vendor_invoices(&caller.0, &filter, cursor.as_deref(), limit)).map(InvoicePage::from)
    }

    /// One page of corporate accounts across the vendor, by company name (BO-1).
    #[pyo3(signature = (caller, *, cursor = None, limit = 100, sales_rep_id = None, subscription_status = None, country = None, currency = None, auto_renew = None, term_ends_before = None))]
    #[allow(clippy::too_many_arguments)]
    fn vendor_accounts(
        &self,
        py: Python<'_>,
        caller: &Caller,
        cursor: Option<String>,
        limit: u32,
        sales_rep_id: Option<&str>,
        subscription_status: Option<&str>,
        country: Option<&str>,
        currency: Option<&str>,
        auto_renew: Option<bool>,
        term_ends_before: Option<Date>,
    ) -> PyResult<AccountPage> {
        use corporate_billing::SubscriptionStatus;
        const STATUSES: &[SubscriptionStatus] =
            &[SubscriptionStatus::Active, SubscriptionStatus::Expired, SubscriptionStatus::Cancelled];
        let filter = corporate_billing::AccountFilter {
            sales_rep: sales_rep_id.map(|s| guard(py, || StaffId::parse(s))).transpose()?,
            subscription_status: subscription_status
                .map(|s| choice(py, "subscription_status", s, STATUSES))
                .transpose()?,
            country: country.map(|c| guard(py, || Country::parse(c))).transpose()?,
            currency: currency.map(|c| guard(py, || Currency::parse(c))).transpose()?,
            auto_renew,
            term_ends_before,
        };
        let p = self.core()?;
        run(py, || p.vendor_accounts(&caller.0, &filter, cursor.as_deref(), limit)).map(AccountPage::from)
    }

    /// One page of open quotes across the vendor, oldest first (BO-1).
    #[pyo3(signature = (caller, *, cursor = None, limit = 100))]
    fn vendor_open_quotes(
        &self,
        py: Python<'_>,
        caller: &Caller,
        cursor: Option<String>,
        limit: u32,
    ) -> PyResult<QuotePage> {
        let p = self.core()?;
        run(py, || p.vendor_open_quotes(&caller.0, cursor.as_deref(), limit)).map(QuotePage::from)
    }

    /// One page of the open service requests across the vendor, oldest first (BO-1).
    #[pyo3(signature = (caller, *, cursor = None, limit = 100))]
    fn vendor_open_requests(
        &self,
        py: Python<'_>,
        caller: &Caller,
        cursor: Option<String>,
        limit: u32,
    ) -> PyResult<RequestPage> {
        let p = self.core()?;
        run(py, || p.vendor_open_requests(&caller.0, cursor.as_deref(), limit)).map(RequestPage::from)
    }

    /// The payments of an invoice, in the order they arrived, reversed ones included (PAYM-1).
    fn invoice_payments(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        invoice_id: &str,
    ) -> PyResult<Vec<Payment>> {
        let p = self.core()?;
        run(py, || p.invoice_payments(&caller.0, account(account_id)?, InvoiceId::parse(invoice_id)?)).map(list)
    }

    /// Voids an invoice and returns the credit note that cancels it (INV-1); Account Services.
    fn void_invoice(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        invoice_id: &str,
        reason: &str,
    ) -> PyResult<Invoice> {
        let p = self.core()?;
        run(py, || p.void_invoice(&caller.0, account(account_id)?, InvoiceId::parse(invoice_id)?, reason))
            .map(Invoice::from)
    }

    // ---- service requests -----------------------------------------------------------------

    /// Submits a request to Account Services (SR-1, SR-2); billing contact only.
    fn submit_request(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        kind: &RequestKind,
    ) -> PyResult<ServiceRequest> {
        let p = self.core()?;
        run(py, || p.submit_request(&caller.0, account(account_id)?, &kind.0)).map(ServiceRequest::from)
    }

    /// The account's service requests, newest first.
    fn requests(&self, py: Python<'_>, caller: &Caller, account_id: &str) -> PyResult<Vec<ServiceRequest>> {
        let p = self.core()?;
        run(py, || p.requests(&caller.0, account(account_id)?)).map(list)
    }

    /// Completes a request and applies its change in the same transaction (SR-2).
    #[pyo3(signature = (caller, account_id, request_id, note = None))]
    fn complete_request(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        request_id: &str,
        note: Option<&str>,
    ) -> PyResult<ServiceRequest> {
        let p = self.core()?;
        run(py, || p.complete_request(&caller.0, account(account_id)?, RequestId::parse(request_id)?, note))
            .map(ServiceRequest::from)
    }

    /// Rejects a request with a reason (SR-2).
    fn reject_request(
        &self,
        py: Python<'_>,
        caller: &Caller,
        account_id: &str,
        request_id: &str,
        reason: &str,
    ) -> PyResult<ServiceRequest> {
        let p = self.core()?;
        run(py, || p.reject_request(&caller.0, account(account_id)?, RequestId::parse(request_id)?, reason))
            .map(ServiceRequest::from)
    }

    // ---- the vendor's periodic jobs -------------------------------------------------------

    /// Runs renewals for `date` (SUB-3); Account Services only. Running it again for the same
    /// date issues nothing new.
    fn run_renewals(&self, py: Python<'_>, caller: &Caller, date: Date) -> PyResult<RenewalReport> {
        let p = self.core()?;
        run(py, || p.run_renewals(&caller.0, date)).map(RenewalReport::from)
    }

    /// Turns auto-renewal off at once: the account's sales rep only (SR-4).
    fn turn_off_auto_renewal(&self, py: Python<'_>, caller: &Caller, account_id: &str) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.turn_off_auto_renewal(&caller.0, account(account_id)?))
    }

    /// Queues reminders for purchase orders expiring within 30 days of `date` (PO-1); returns
    /// how many. Account Services only.
    fn remind_expiring_purchase_orders(&self, py: Python<'_>, caller: &Caller, date: Date) -> PyResult<u64> {
        let p = self.core()?;
        run(py, || p.remind_expiring_purchase_orders(&caller.0, date))
    }

    // ---- audit and outbox -----------------------------------------------------------------

    /// The account's audit records, oldest first (AUD-1); vendor staff only.
    fn audit_log(&self, py: Python<'_>, caller: &Caller, account_id: &str) -> PyResult<Vec<AuditRecord>> {
        let p = self.core()?;
        run(py, || p.audit_log(&caller.0, account(account_id)?)).map(list)
    }

    /// Verifies the whole audit chain; returns its length, or raises `AuditChainBroken`.
    fn verify_audit_log(&self, py: Python<'_>, caller: &Caller) -> PyResult<u64> {
        let p = self.core()?;
        run(py, || p.verify_audit_log(&caller.0))
    }

    /// Deletes what has expired (sessions, quiet throttle counts, used or expired links,
    /// purchase orders a year past expiry) and says how much (AUTH-11). For the trusted host
    /// only, as a scheduled job: it takes no caller.
    fn purge_expired(&self, py: Python<'_>) -> PyResult<PurgeReport> {
        let p = self.core()?;
        run(py, || p.purge_expired()).map(PurgeReport::from)
    }

    /// The head of the audit chain (AUD-2): the newest record's `seq` and `hash`, for the host to
    /// keep outside the database. Verifies the chain first. Account Services only.
    fn audit_head(&self, py: Python<'_>, caller: &Caller) -> PyResult<AuditHead> {
        let p = self.core()?;
        run(py, || p.audit_head(&caller.0)).map(AuditHead::from)
    }

    /// Verifies the audit chain and that it still reaches `head`, kept from `audit_head`:
    /// missing newest records, a changed record or a chain recomputed without the key raise
    /// `AuditChainBroken` (AUD-2). Returns how many records the log holds. Account Services only.
    fn verify_audit_log_against(&self, py: Python<'_>, caller: &Caller, head: &AuditHead) -> PyResult<u64> {
        let p = self.core()?;
        let kept = head.0.clone();
        run(py, || p.verify_audit_log_against(&caller.0, &kept))
    }

    /// Notifications waiting for delivery, oldest first (NOTE-1).
    #[pyo3(signature = (limit = 100))]
    fn pending_notifications(&self, py: Python<'_>, limit: i64) -> PyResult<Vec<Notification>> {
        let limit = whole::<u32>(py, "limit", limit)?;
        let p = self.core()?;
        run(py, || p.pending_notifications(limit)).map(list)
    }

    /// Marks a notification delivered.
    fn mark_notification_sent(&self, py: Python<'_>, notification_id: i64) -> PyResult<()> {
        let p = self.core()?;
        run(py, || p.mark_notification_sent(notification_id))
    }
}
