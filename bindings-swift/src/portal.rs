//! The portal object: one method per operation of the core facade, each a few lines (convert
//! in, call the core, convert out), run under [`guard`] so that no panic crosses the boundary.

use crate::convert::CalendarDay;
use crate::error::BillingError;
use crate::types::*;
use corporate_billing::{
    AuditKey, BillingPortal as CorePortal, Caller as CoreCaller, Clock, Country as CoreCountry, LinkSecret,
    ManualClock as CoreManualClock, PortalConfig as CorePortalConfig,
};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use time::OffsetDateTime;

/// Runs one call into the core; a panic (a bug) becomes [`BillingError::Internal`] instead of
/// unwinding into Swift or Kotlin.
fn guard<T>(call: impl FnOnce() -> Result<T, BillingError>) -> Result<T, BillingError> {
    catch_unwind(AssertUnwindSafe(call)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        Err(BillingError::Internal { detail })
    })
}

fn who(caller: Caller) -> Result<CoreCaller, BillingError> {
    caller.try_into()
}

fn list<T, U: From<T>>(items: Vec<T>) -> Vec<U> {
    items.into_iter().map(U::from).collect()
}

/// A `SystemTime` from Swift or Kotlin as the core's instant, refusing what `time` cannot hold
/// (Kotlin's `Instant.MAX`, for one) instead of panicking.
fn instant(field: &str, at: SystemTime) -> Result<OffsetDateTime, BillingError> {
    let out_of_range = || BillingError::invalid(field, "is outside the years -9999 to 9999");
    let shifted = match at.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(after) => {
            OffsetDateTime::UNIX_EPOCH.checked_add(time::Duration::try_from(after).map_err(|_| out_of_range())?)
        }
        Err(before) => OffsetDateTime::UNIX_EPOCH
            .checked_sub(time::Duration::try_from(before.duration()).map_err(|_| out_of_range())?),
    };
    shifted.ok_or_else(out_of_range)
}

fn duration(field: &str, d: Duration) -> Result<time::Duration, BillingError> {
    time::Duration::try_from(d).map_err(|_| BillingError::invalid(field, "is too long"))
}

/// What the vendor configures.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PortalConfig {
    /// The vendor's name, used in notifications.
    pub vendor_name: String,
    /// A session ends after this long without use (AUTH-6). Swift `TimeInterval`, Kotlin
    /// `java.time.Duration`.
    pub session_idle_timeout: Duration,
    /// A session ends this long after sign-in, used or not (AUTH-6).
    pub session_lifetime: Duration,
    /// The vendor's W-9 form (PDF), offered to US accounts (DOC-1).
    pub w9_form: Option<Vec<u8>>,
    /// The page where people set a new password (AUTH-7). Links append `#token=...`: the
    /// fragment stays out of access logs and `Referer` headers; the page reads it in the browser.
    pub credential_link_base_url: Option<String>,
    /// At least 32 bytes of secret key material for credential links (AUTH-7, BC-2), from the
    /// host's secret store. Without it, password reset is `NotConfigured`.
    pub link_secret: Option<Vec<u8>>,
    /// Credential links expire this long after they were sent (AUTH-7).
    pub credential_link_lifetime: Duration,
    /// At most this many Argon2 runs at once per portal; more wait (AUTH-11). Defaults to the
    /// number of cores.
    pub max_concurrent_password_hashing: u32,
    /// At least 32 bytes of secret key material for the audit chain (AUD-2), from the host's
    /// secret store, never the database. Without it the chain is unkeyed (trials and tests);
    /// once a database holds keyed records, writing without the key is `NotConfigured`.
    pub audit_key: Option<Vec<u8>>,
    /// Whether a commit waits for the disk; `Full` unless the data can be rebuilt.
    pub durability: Durability,
    /// Payment reminder stages, days after the due date (DUN-1): 1 to 10, strictly increasing,
    /// each 1 to 365 (DUN-2); default 7, 21, 35. A bad list is refused by `openWith`.
    pub dunning_stages: Vec<u32>,
    /// The days a payment reminder gives to pay, from its date (DUN-2); 1 to 365, default 10.
    pub reminder_payment_days: u32,
}

impl TryFrom<PortalConfig> for CorePortalConfig {
    type Error = BillingError;
    fn try_from(c: PortalConfig) -> Result<Self, BillingError> {
        Ok(CorePortalConfig {
            vendor_name: c.vendor_name,
            session_idle_timeout: duration("session_idle_timeout", c.session_idle_timeout)?,
            session_lifetime: duration("session_lifetime", c.session_lifetime)?,
            w9_form: c.w9_form,
            credential_link_base_url: c.credential_link_base_url,
            link_secret: c.link_secret.map(LinkSecret::new).transpose()?,
            credential_link_lifetime: duration("credential_link_lifetime", c.credential_link_lifetime)?,
            max_concurrent_password_hashing: c.max_concurrent_password_hashing as usize,
            audit_key: c.audit_key.map(AuditKey::new).transpose()?,
            durability: c.durability.into(),
            dunning_stages: c.dunning_stages,
            reminder_payment_days: c.reminder_payment_days,
        })
    }
}

/// The core's default configuration (30-minute idle timeout, 12-hour lifetime, no W-9 form),
/// to adjust before `BillingPortal.openWith`.
#[uniffi::export]
pub fn default_portal_config() -> PortalConfig {
    let c = CorePortalConfig::default();
    PortalConfig {
        vendor_name: c.vendor_name,
        session_idle_timeout: c.session_idle_timeout.unsigned_abs(),
        session_lifetime: c.session_lifetime.unsigned_abs(),
        w9_form: c.w9_form,
        credential_link_base_url: c.credential_link_base_url,
        // The core keeps its secret opaque; a default configuration has none.
        link_secret: None,
        credential_link_lifetime: c.credential_link_lifetime.unsigned_abs(),
        max_concurrent_password_hashing: u32::try_from(c.max_concurrent_password_hashing).unwrap_or(u32::MAX),
        audit_key: None,
        durability: c.durability.into(),
        dunning_stages: c.dunning_stages,
        reminder_payment_days: c.reminder_payment_days,
    }
}

/// A clock that stands still until moved, for tests, demos and replays. Pass it to
/// `BillingPortal.openWith`; every operation of that portal then reads the time from it.
#[derive(Debug, uniffi::Object)]
pub struct ManualClock {
    inner: Arc<CoreManualClock>,
}

#[uniffi::export]
impl ManualClock {
    /// A clock showing `at`.
    #[uniffi::constructor]
    pub fn new(at: SystemTime) -> Result<Arc<Self>, BillingError> {
        guard(|| Ok(Arc::new(ManualClock { inner: Arc::new(CoreManualClock::new(instant("at", at)?)) })))
    }

    /// The instant the clock shows.
    pub fn now(&self) -> SystemTime {
        self.inner.now().into()
    }

    /// Sets the clock to `at`.
    pub fn set(&self, at: SystemTime) -> Result<(), BillingError> {
        guard(|| {
            self.inner.set(instant("at", at)?);
            Ok(())
        })
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) -> Result<(), BillingError> {
        guard(|| {
            let later = self.inner.now().checked_add(duration("by", by)?);
            self.inner.set(later.ok_or_else(|| BillingError::invalid("by", "moves the clock out of range"))?);
            Ok(())
        })
    }
}

/// The corporate billing portal on one SQLite database: the one object an app holds.
///
/// Thread-safe: share one instance between threads, tasks and coroutines. In Kotlin it is
/// `AutoCloseable` (`use { }`); in Swift it is released with its last reference.
#[derive(Debug, uniffi::Object)]
pub struct BillingPortal {
    core: Arc<CorePortal>,
}

impl BillingPortal {
    fn wrap(core: CorePortal) -> Arc<Self> {
        Arc::new(BillingPortal { core: Arc::new(core) })
    }
}

#[uniffi::export]
impl BillingPortal {
    /// Opens (or creates) the portal database at `path`, migrating its schema.
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>, BillingError> {
        guard(|| Ok(Self::wrap(CorePortal::open(path)?)))
    }

    /// A portal on a fresh in-memory database, for tests and trials.
    #[uniffi::constructor]
    pub fn open_in_memory() -> Result<Arc<Self>, BillingError> {
        guard(|| Ok(Self::wrap(CorePortal::open_in_memory()?)))
    }

    /// Opens a portal at `path` (in memory if `None`) with the vendor's configuration and,
    /// optionally, a [`ManualClock`] instead of the system clock.
    #[uniffi::constructor]
    pub fn open_with(
        path: Option<String>,
        config: PortalConfig,
        clock: Option<Arc<ManualClock>>,
    ) -> Result<Arc<Self>, BillingError> {
        guard(|| {
            let config = CorePortalConfig::try_from(config)?;
            let mut core = match path {
                Some(p) => CorePortal::open(p)?,
                None => CorePortal::open_in_memory()?,
            };
            if let Some(clock) = clock {
                core = core.with_clock(clock.inner.clone());
            }
            // A bad dunning configuration is refused here, when the portal is built (DUN-2).
            Ok(Self::wrap(core.try_with_config(config)?))
        })
    }

    // --- Provisioning by the host app -------------------------------------------------------

    /// Registers a vendor employee; returns the staff ID to assert as `Caller.staff`.
    pub fn register_staff(&self, name: String, email: String, kind: StaffKind) -> Result<String, BillingError> {
        guard(|| Ok(self.core.register_staff(&name, &email, kind.into())?.to_string()))
    }

    /// Registers an invoice issuer with a new number series; returns its ID.
    pub fn create_issuer(&self, profile: IssuerProfile) -> Result<String, BillingError> {
        guard(|| Ok(self.core.create_issuer(&profile.try_into()?)?.to_string()))
    }

    /// Creates a login; with a password it can sign in as a billing contact. Returns its ID.
    pub fn create_login(&self, login: NewLogin, password: Option<String>) -> Result<String, BillingError> {
        guard(|| Ok(self.core.create_login(&login.into(), password.as_deref())?.to_string()))
    }

    /// Opens an account (ACC-2); sales reps and Account Services. Returns its ID.
    pub fn open_account(&self, caller: Caller, account: NewAccount) -> Result<String, BillingError> {
        guard(|| Ok(self.core.open_account(&who(caller)?, &account.try_into()?)?.to_string()))
    }

    /// Names a login as a user of the account (vendor staff only).
    pub fn add_account_user(&self, caller: Caller, account_id: String, login_id: String) -> Result<(), BillingError> {
        guard(|| Ok(self.core.add_account_user(&who(caller)?, id(&account_id)?, id(&login_id)?)?))
    }

    // --- Sign-in ---------------------------------------------------------------------------

    /// Signs a billing contact in (AUTH-1); every failure is `InvalidCredentials` (AUTH-2).
    pub fn sign_in(&self, user_id: String, password: String) -> Result<Session, BillingError> {
        guard(|| Ok(self.core.sign_in(&user_id, &password)?.into()))
    }

    /// Ends a session (AUTH-6); an unknown or ended session is not an error.
    pub fn sign_out(&self, token: Arc<SessionToken>) -> Result<(), BillingError> {
        guard(|| Ok(self.core.sign_out(&token.0)?))
    }

    /// The corporate accounts whose billing contact the session's login is (ACC-4).
    pub fn my_accounts(&self, token: Arc<SessionToken>) -> Result<Vec<ContactAccount>, BillingError> {
        guard(|| Ok(list(self.core.my_accounts(&token.0)?)))
    }

    /// Forgot password (AUTH-7): queues a reset link if `user_id` belongs to a billing contact;
    /// the answer is the same either way.
    pub fn forgot_password(&self, user_id: String) -> Result<(), BillingError> {
        guard(|| Ok(self.core.forgot_password(&user_id)?))
    }

    /// Sets a new password with a reset or set-password link's token (AUTH-8, BC-2); ends every
    /// session of the login and does not sign in. A bad token is `InvalidToken`.
    pub fn reset_password(&self, link_token: String, new_password: String) -> Result<(), BillingError> {
        guard(|| Ok(self.core.reset_password(&link_token, &new_password)?))
    }

    /// Changes the signed-in contact's password, given the current one (AUTH-9).
    pub fn change_password(
        &self,
        token: Arc<SessionToken>,
        current: String,
        new_password: String,
    ) -> Result<(), BillingError> {
        guard(|| Ok(self.core.change_password(&token.0, &current, &new_password)?))
    }

    // --- The account and its billing data --------------------------------------------------

    /// The account overview, without the billing contact's identity (PRIV-1).
    pub fn account(&self, caller: Caller, account_id: String) -> Result<AccountOverview, BillingError> {
        guard(|| Ok(self.core.account(&who(caller)?, id(&account_id)?)?.into()))
    }

    /// The payment method as stored, processor token and whole IBAN included, for the host to
    /// charge it. Host only: it takes no caller; never call it on behalf of a user.
    pub fn stored_payment_method(&self, account_id: String) -> Result<PaymentMethod, BillingError> {
        guard(|| Ok(self.core.stored_payment_method(id(&account_id)?)?.into()))
    }

    /// The billing contact's identity: that contact and vendor staff only (PRIV-1).
    pub fn billing_contact(&self, caller: Caller, account_id: String) -> Result<BillingContact, BillingError> {
        guard(|| Ok(self.core.billing_contact(&who(caller)?, id(&account_id)?)?.into()))
    }

    /// Hands billing to an existing login, named by its user ID (BC-1).
    pub fn change_billing_contact(
        &self,
        caller: Caller,
        account_id: String,
        new_contact_user_id: String,
    ) -> Result<(), BillingError> {
        guard(|| Ok(self.core.change_billing_contact(&who(caller)?, id(&account_id)?, &new_contact_user_id)?))
    }

    /// Hands billing to a person named by name and e-mail (BC-2): a new login gets a
    /// set-password link, an existing login with that e-mail takes over as it is. The answer is
    /// the same either way (PRIV-1).
    pub fn change_billing_contact_to_new_login(
        &self,
        caller: Caller,
        account_id: String,
        login: NewLogin,
    ) -> Result<(), BillingError> {
        guard(|| {
            let (caller, account) = (who(caller)?, id(&account_id)?);
            Ok(self.core.change_billing_contact_to_new_login(&caller, account, &login.into())?)
        })
    }

    /// Replaces the payment method (PAY-1..PAY-3).
    pub fn set_payment_method(
        &self,
        caller: Caller,
        account_id: String,
        method: PaymentMethod,
    ) -> Result<(), BillingError> {
        guard(|| Ok(self.core.set_payment_method(&who(caller)?, id(&account_id)?, &method.try_into()?)?))
    }

    /// Chooses the language of the account's documents and notifications (DOCS-1); `nil`/`null`
    /// follows the billing country again. Returns the language now in force.
    pub fn set_document_language(
        &self,
        caller: Caller,
        account_id: String,
        language: Option<DocumentLanguage>,
    ) -> Result<DocumentLanguage, BillingError> {
        guard(|| {
            let language = language.map(Into::into);
            Ok(self.core.set_document_language(&who(caller)?, id(&account_id)?, language)?.into())
        })
    }

    /// Changes every line of the billing address; the country stays (ADDR-1).
    pub fn change_address(
        &self,
        caller: Caller,
        account_id: String,
        lines: AddressLines,
    ) -> Result<BillingAddress, BillingError> {
        guard(|| Ok(self.core.change_address(&who(caller)?, id(&account_id)?, &lines.into())?.into()))
    }

    /// Moves the billing address to another country: Account Services only (ADDR-1).
    pub fn change_country(&self, caller: Caller, account_id: String, country: String) -> Result<(), BillingError> {
        guard(|| Ok(self.core.change_country(&who(caller)?, id(&account_id)?, CoreCountry::parse(&country)?)?))
    }

    /// Changes the phone number; returns it in E.164 form (ADDR-2).
    pub fn change_phone(&self, caller: Caller, account_id: String, phone: String) -> Result<String, BillingError> {
        guard(|| Ok(self.core.change_phone(&who(caller)?, id(&account_id)?, &phone)?.as_str().to_owned()))
    }

    /// Adds an invoice recipient (REC-1).
    pub fn add_invoice_recipient(&self, caller: Caller, account_id: String, email: String) -> Result<(), BillingError> {
        guard(|| Ok(self.core.add_invoice_recipient(&who(caller)?, id(&account_id)?, &email)?))
    }

    /// Removes an invoice recipient, matched regardless of case (REC-1).
    pub fn remove_invoice_recipient(
        &self,
        caller: Caller,
        account_id: String,
        email: String,
    ) -> Result<(), BillingError> {
        guard(|| Ok(self.core.remove_invoice_recipient(&who(caller)?, id(&account_id)?, &email)?))
    }

    /// Sets whether quotes can only be accepted with a purchase order (QUO-4).
    pub fn set_requires_purchase_order(
        &self,
        caller: Caller,
        account_id: String,
        required: bool,
    ) -> Result<(), BillingError> {
        guard(|| Ok(self.core.set_requires_purchase_order(&who(caller)?, id(&account_id)?, required)?))
    }

    /// The account's purchase orders, latest expiry first (PO-1).
    pub fn purchase_orders(&self, caller: Caller, account_id: String) -> Result<Vec<PurchaseOrder>, BillingError> {
        guard(|| Ok(list(self.core.purchase_orders(&who(caller)?, id(&account_id)?)?)))
    }

    /// Adds a purchase order (PO-1).
    pub fn add_purchase_order(
        &self,
        caller: Caller,
        account_id: String,
        number: String,
        expires_on: CalendarDay,
    ) -> Result<PurchaseOrder, BillingError> {
        guard(|| Ok(self.core.add_purchase_order(&who(caller)?, id(&account_id)?, &number, expires_on.0)?.into()))
    }

    /// Edits a purchase order; `expected_version` is the version the caller read (else Conflict).
    pub fn edit_purchase_order(
        &self,
        caller: Caller,
        account_id: String,
        purchase_order_id: String,
        expected_version: i64,
        number: String,
        expires_on: CalendarDay,
    ) -> Result<PurchaseOrder, BillingError> {
        guard(|| {
            let po = id(&purchase_order_id)?;
            let caller = who(caller)?;
            Ok(self
                .core
                .edit_purchase_order(&caller, id(&account_id)?, po, expected_version, &number, expires_on.0)?
                .into())
        })
    }

    /// The vendor's W-9 form, for accounts billed in the United States only (DOC-1).
    pub fn w9_form(&self, caller: Caller, account_id: String) -> Result<Document, BillingError> {
        guard(|| Ok(self.core.w9_form(&who(caller)?, id(&account_id)?)?.into()))
    }

    // --- Quotes ----------------------------------------------------------------------------

    /// Issues a quote to the account (QUO-1): the sales rep or Account Services.
    pub fn issue_quote(&self, caller: Caller, account_id: String, quote: NewQuote) -> Result<Quote, BillingError> {
        guard(|| Ok(self.core.issue_quote(&who(caller)?, id(&account_id)?, &quote.try_into()?)?.into()))
    }

    /// The account's quotes, open ones first (QUO-2).
    pub fn quotes(&self, caller: Caller, account_id: String) -> Result<Vec<QuoteSummary>, BillingError> {
        guard(|| Ok(list(self.core.quotes(&who(caller)?, id(&account_id)?)?)))
    }

    /// One quote with its lines and totals (QUO-2).
    pub fn quote(&self, caller: Caller, account_id: String, quote_id: String) -> Result<Quote, BillingError> {
        guard(|| Ok(self.core.quote(&who(caller)?, id(&account_id)?, id(&quote_id)?)?.into()))
    }

    /// Accepts an open quote (QUO-3..QUO-5); returns the invoice issued for it.
    pub fn accept_quote(
        &self,
        caller: Caller,
        account_id: String,
        quote_id: String,
        purchase_order: Option<String>,
    ) -> Result<Invoice, BillingError> {
        guard(|| {
            let (caller, account, quote) = (who(caller)?, id(&account_id)?, id(&quote_id)?);
            Ok(self.core.accept_quote(&caller, account, quote, purchase_order.as_deref())?.into())
        })
    }

    /// Declines an open quote, optionally with a reason (QUO-3).
    pub fn decline_quote(
        &self,
        caller: Caller,
        account_id: String,
        quote_id: String,
        reason: Option<String>,
    ) -> Result<Quote, BillingError> {
        guard(|| {
            let (caller, account, quote) = (who(caller)?, id(&account_id)?, id(&quote_id)?);
            Ok(self.core.decline_quote(&caller, account, quote, reason.as_deref())?.into())
        })
    }

    /// Withdraws an open quote: the sales rep (QUO-6).
    pub fn withdraw_quote(&self, caller: Caller, account_id: String, quote_id: String) -> Result<Quote, BillingError> {
        guard(|| Ok(self.core.withdraw_quote(&who(caller)?, id(&account_id)?, id(&quote_id)?)?.into()))
    }

    // --- Invoices --------------------------------------------------------------------------

    /// The last 20 invoices, newest first (INV-2).
    pub fn invoices(&self, caller: Caller, account_id: String) -> Result<Vec<InvoiceSummary>, BillingError> {
        guard(|| Ok(list(self.core.invoices(&who(caller)?, id(&account_id)?)?)))
    }

    /// One invoice with everything on it.
    pub fn invoice(&self, caller: Caller, account_id: String, invoice_id: String) -> Result<Invoice, BillingError> {
        guard(|| Ok(self.core.invoice(&who(caller)?, id(&account_id)?, id(&invoice_id)?)?.into()))
    }

    /// Renders an invoice for printing (INV-3) in its document language (DOCS-1); text and HTML
    /// are UTF-8, a PDF is a PDF/A-3b with the e-invoice embedded (EINV-3).
    pub fn print_invoice(
        &self,
        caller: Caller,
        account_id: String,
        invoice_id: String,
        format: PrintFormat,
    ) -> Result<Document, BillingError> {
        guard(|| Ok(self.core.print_invoice(&who(caller)?, id(&account_id)?, id(&invoice_id)?, format.into())?.into()))
    }

    /// The invoice or credit note as an EN 16931 CII e-invoice, as bytes (Swift `Data`,
    /// Kotlin `ByteArray`): the billing contact and vendor staff (EINV-1).
    pub fn e_invoice(
        &self,
        caller: Caller,
        account_id: String,
        invoice_id: String,
        profile: EInvoiceProfile,
    ) -> Result<Vec<u8>, BillingError> {
        guard(|| Ok(self.core.e_invoice(&who(caller)?, id(&account_id)?, id(&invoice_id)?, profile.into())?))
    }

    /// Records a payment of an open invoice (PAYM-1): a partial one leaves the rest due, the
    /// one that settles the balance marks it paid; more than the balance is refused. Vendor staff.
    pub fn record_payment(
        &self,
        caller: Caller,
        account_id: String,
        invoice_id: String,
        payment: NewPayment,
    ) -> Result<Invoice, BillingError> {
        guard(|| {
            let payment = payment.try_into()?;
            Ok(self.core.record_payment(&who(caller)?, id(&account_id)?, id(&invoice_id)?, &payment)?.into())
        })
    }

    /// Reverses a payment (a returned debit, a chargeback); a paid invoice reopens (PAYM-1).
    pub fn reverse_payment(
        &self,
        caller: Caller,
        account_id: String,
        payment_id: String,
        on: CalendarDay,
        reason: ReversalReason,
    ) -> Result<Invoice, BillingError> {
        guard(|| {
            let invoice =
                self.core.reverse_payment(&who(caller)?, id(&account_id)?, id(&payment_id)?, on.0, reason.into())?;
            Ok(invoice.into())
        })
    }

    /// Imports a camt.053/camt.054 bank statement (RECON-1); matched credits become payments.
    /// Account Services only.
    pub fn import_bank_statement(&self, caller: Caller, xml: Vec<u8>) -> Result<Vec<StatementEntry>, BillingError> {
        guard(|| {
            Ok(self.core.import_bank_statement(&who(caller)?, &xml)?.entries.into_iter().map(Into::into).collect())
        })
    }

    /// Queues the payment reminders due on `date` (DUN-1); returns how many invoices were reminded.
    pub fn run_dunning(&self, caller: Caller, date: CalendarDay) -> Result<u64, BillingError> {
        guard(|| Ok(self.core.run_dunning(&who(caller)?, date.0)?.invoices_reminded))
    }

    /// Pauses or resumes the account's payment reminders (DUN-1).
    pub fn pause_dunning(&self, caller: Caller, account_id: String, paused: bool) -> Result<(), BillingError> {
        guard(|| Ok(self.core.pause_dunning(&who(caller)?, id(&account_id)?, paused)?))
    }

    /// One page of the invoices across the vendor that `filter` holds, in the order they were
    /// issued (BO-1): pass `cursor` nil for the first page and each page's `next_cursor` for the
    /// next; `limit` rows a page (0: 100; at most 1,000).
    pub fn vendor_invoices(
        &self,
        caller: Caller,
        filter: InvoiceFilter,
        cursor: Option<String>,
        limit: u32,
    ) -> Result<InvoicePage, BillingError> {
        guard(|| {
            let filter: corporate_billing::InvoiceFilter = filter.try_into()?;
            let page = self.core.vendor_invoices(&who(caller)?, &filter, cursor.as_deref(), limit)?;
            Ok(InvoicePage { items: page.items.into_iter().map(Into::into).collect(), next_cursor: page.next_cursor })
        })
    }

    /// One page of the corporate accounts across the vendor that `filter` holds, by company
    /// name (BO-1); a sales rep sees their own accounts only.
    pub fn vendor_accounts(
        &self,
        caller: Caller,
        filter: AccountFilter,
        cursor: Option<String>,
        limit: u32,
    ) -> Result<AccountPage, BillingError> {
        guard(|| {
            let filter: corporate_billing::AccountFilter = filter.try_into()?;
            let page = self.core.vendor_accounts(&who(caller)?, &filter, cursor.as_deref(), limit)?;
            Ok(AccountPage { items: page.items.into_iter().map(Into::into).collect(), next_cursor: page.next_cursor })
        })
    }

    /// One page of the open quotes across the vendor, oldest first (BO-1).
    pub fn vendor_open_quotes(
        &self,
        caller: Caller,
        cursor: Option<String>,
        limit: u32,
    ) -> Result<QuotePage, BillingError> {
        guard(|| {
            let page = self.core.vendor_open_quotes(&who(caller)?, cursor.as_deref(), limit)?;
            Ok(QuotePage { items: page.items.into_iter().map(Into::into).collect(), next_cursor: page.next_cursor })
        })
    }

    /// One page of Account Services' queue of open service requests, oldest first (BO-1).
    pub fn vendor_open_requests(
        &self,
        caller: Caller,
        cursor: Option<String>,
        limit: u32,
    ) -> Result<RequestPage, BillingError> {
        guard(|| {
            let page = self.core.vendor_open_requests(&who(caller)?, cursor.as_deref(), limit)?;
            Ok(RequestPage { items: page.items.into_iter().map(Into::into).collect(), next_cursor: page.next_cursor })
        })
    }

    /// The payments of an invoice, in the order they arrived, reversed ones included (PAYM-1).
    pub fn invoice_payments(
        &self,
        caller: Caller,
        account_id: String,
        invoice_id: String,
    ) -> Result<Vec<Payment>, BillingError> {
        guard(|| {
            let payments = self.core.invoice_payments(&who(caller)?, id(&account_id)?, id(&invoice_id)?)?;
            Ok(payments.into_iter().map(Into::into).collect())
        })
    }

    /// Voids an invoice and issues the credit note that cancels it (INV-1).
    pub fn void_invoice(
        &self,
        caller: Caller,
        account_id: String,
        invoice_id: String,
        reason: String,
    ) -> Result<Invoice, BillingError> {
        guard(|| Ok(self.core.void_invoice(&who(caller)?, id(&account_id)?, id(&invoice_id)?, &reason)?.into()))
    }

    // --- Service requests ------------------------------------------------------------------

    /// Submits a request to Account Services: the billing contact (SR-1, SR-2).
    pub fn submit_request(
        &self,
        caller: Caller,
        account_id: String,
        kind: RequestKind,
    ) -> Result<ServiceRequest, BillingError> {
        guard(|| Ok(self.core.submit_request(&who(caller)?, id(&account_id)?, &kind.try_into()?)?.into()))
    }

    /// The account's requests.
    pub fn requests(&self, caller: Caller, account_id: String) -> Result<Vec<ServiceRequest>, BillingError> {
        guard(|| Ok(list(self.core.requests(&who(caller)?, id(&account_id)?)?)))
    }

    /// Completes a request and applies its change (SR-2..SR-4).
    pub fn complete_request(
        &self,
        caller: Caller,
        account_id: String,
        request_id: String,
        note: Option<String>,
    ) -> Result<ServiceRequest, BillingError> {
        guard(|| {
            let (caller, account, request) = (who(caller)?, id(&account_id)?, id(&request_id)?);
            Ok(self.core.complete_request(&caller, account, request, note.as_deref())?.into())
        })
    }

    /// Rejects a request with a reason (SR-2).
    pub fn reject_request(
        &self,
        caller: Caller,
        account_id: String,
        request_id: String,
        reason: String,
    ) -> Result<ServiceRequest, BillingError> {
        guard(|| Ok(self.core.reject_request(&who(caller)?, id(&account_id)?, id(&request_id)?, &reason)?.into()))
    }

    // --- The vendor's periodic jobs --------------------------------------------------------

    /// Runs renewals for `date` (SUB-3): Account Services.
    pub fn run_renewals(&self, caller: Caller, date: CalendarDay) -> Result<RenewalReport, BillingError> {
        guard(|| Ok(self.core.run_renewals(&who(caller)?, date.0)?.into()))
    }

    /// Turns auto-renewal off directly: the account's sales rep (SR-4).
    pub fn turn_off_auto_renewal(&self, caller: Caller, account_id: String) -> Result<(), BillingError> {
        guard(|| Ok(self.core.turn_off_auto_renewal(&who(caller)?, id(&account_id)?)?))
    }

    /// Reminds contacts of purchase orders expiring within 30 days of `date` (PO-1); returns how
    /// many reminders were queued.
    pub fn remind_expiring_purchase_orders(&self, caller: Caller, date: CalendarDay) -> Result<u64, BillingError> {
        guard(|| Ok(self.core.remind_expiring_purchase_orders(&who(caller)?, date.0)?))
    }

    // --- Audit log and outbox --------------------------------------------------------------

    /// The account's audit records, oldest first: vendor staff (AUD-1).
    pub fn audit_log(&self, caller: Caller, account_id: String) -> Result<Vec<AuditRecord>, BillingError> {
        guard(|| Ok(list(self.core.audit_log(&who(caller)?, id(&account_id)?)?)))
    }

    /// Verifies the whole audit chain; returns how many records it holds (AUD-1).
    pub fn verify_audit_log(&self, caller: Caller) -> Result<u64, BillingError> {
        guard(|| Ok(self.core.verify_audit_log(&who(caller)?)?))
    }

    /// Deletes what has expired (sessions, quiet throttle counts, used or expired links,
    /// purchase orders a year past expiry) and says how much (AUTH-11). For the trusted host
    /// only, as a scheduled job; an app never calls it.
    pub fn purge_expired(&self) -> Result<PurgeReport, BillingError> {
        guard(|| Ok(self.core.purge_expired()?.into()))
    }

    /// The head of the audit chain, for the host to keep outside the database (AUD-2).
    pub fn audit_head(&self, caller: Caller) -> Result<AuditHead, BillingError> {
        guard(|| Ok(self.core.audit_head(&who(caller)?)?.into()))
    }

    /// Verifies the audit chain against a head kept earlier; `AuditChainBroken` if records up
    /// to it are missing or changed (AUD-2).
    pub fn verify_audit_log_against(&self, caller: Caller, head: AuditHead) -> Result<u64, BillingError> {
        guard(|| Ok(self.core.verify_audit_log_against(&who(caller)?, &head.into())?))
    }

    /// Notifications waiting for delivery, oldest first (NOTE-1).
    pub fn pending_notifications(&self, limit: u32) -> Result<Vec<OutboxMessage>, BillingError> {
        guard(|| Ok(list(self.core.pending_notifications(limit)?)))
    }

    /// Marks a notification delivered (NOTE-1).
    pub fn mark_notification_sent(&self, id: i64) -> Result<(), BillingError> {
        guard(|| Ok(self.core.mark_notification_sent(id)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let caught: Result<(), BillingError> = guard(|| panic!("boom"));
        assert_eq!(caught, Err(BillingError::Internal { detail: "boom".into() }));
        assert_eq!(BillingError::Internal { detail: "x".into() }.code(), "internal");
    }

    #[test]
    fn instants_out_of_range_are_refused_not_panicked_on() {
        let far = SystemTime::UNIX_EPOCH + Duration::from_secs(1 << 40);
        assert_eq!(instant("at", far).unwrap_err().code(), "invalid_input");
        let before = SystemTime::UNIX_EPOCH - Duration::from_secs(86_400);
        assert_eq!(instant("at", before).unwrap().unix_timestamp(), -86_400);
        let clock = ManualClock::new(SystemTime::UNIX_EPOCH).unwrap();
        assert_eq!(clock.advance(Duration::from_secs(1 << 40)).unwrap_err().code(), "invalid_input");
        assert_eq!(clock.now(), SystemTime::UNIX_EPOCH);
    }

    #[test]
    fn the_default_config_is_the_cores() {
        let c = CorePortalConfig::try_from(default_portal_config()).unwrap();
        let d = CorePortalConfig::default();
        assert_eq!((c.session_idle_timeout, c.session_lifetime), (d.session_idle_timeout, d.session_lifetime));
        assert_eq!(c.credential_link_lifetime, d.credential_link_lifetime);
    }
}
