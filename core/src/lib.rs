//! # corporate-billing
//!
//! The back end of a corporate billing portal: the part of a B2B SaaS vendor's billing where a
//! customer's billing contact signs in, decides price quotes, reads and prints invoices, keeps
//! the billing data up to date and sends requests to Account Services, while sales reps and
//! Account Services work the same accounts from the vendor's side.
//!
//! Everything goes through one facade, [`BillingPortal`], on a SQLite database. Every operation
//! names the caller ([`Caller`]) and the account; access is decided by one permission table
//! ([`access::allowed`]).
//!
//! ## A quote, from issue to invoice
//!
//! ```
//! use corporate_billing::*;
//! use rust_decimal::Decimal;
//! use time::{macros::date, Duration};
//!
//! let portal = BillingPortal::open_in_memory()?;
//! // The vendor's side: staff (authenticated by the host's own sign-on), an issuer, an account.
//! let rep = portal.register_staff("Sam Seller", "sam@vendor.example", StaffKind::SalesRep)?;
//! let us = Country::parse("US")?;
//! let street = AddressLines { line1: "1 Main St".into(), city: "Boston".into(), ..Default::default() };
//! let issuer = portal.create_issuer(&IssuerProfile {
//!     legal_name: "Vendor Inc.".into(),
//!     address: BillingAddress::new(&street, us)?,
//!     tax_id: "12-3456789".into(),
//!     invoice_prefix: "INV-".into(),
//!     remittance: "Bank of Examples, ABA 011000015, account 1234567".into(),
//! })?;
//! let contact = portal.create_login(
//!     &NewLogin { name: "Pat Payer".into(), email: "ap@acme.example".into(), username: Some("ap.acme".into()), phone: None },
//!     Some("a long and private passphrase"),
//! )?;
//! let today = time::OffsetDateTime::now_utc().date();
//! let account = portal.open_account(&Caller::Staff(rep), &NewAccount {
//!     kind: AccountKind::Corporate,
//!     company_name: "Acme Corp".into(),
//!     issuer,
//!     sales_rep: rep,
//!     billing_contact: contact,
//!     billing_address: BillingAddress::new(&street, us)?,
//!     phone: "+1 212 555 0100".into(),
//!     payment_method: PaymentMethod::Check,
//!     currency: Currency::parse("USD")?,
//!     vat_rate: Decimal::ZERO,
//!     payment_terms_days: 30,
//!     requires_purchase_order: false,
//!     plan: "Corporate".into(),
//!     seats: 10,
//!     annual_seat_price: Decimal::from(120),
//!     term_start: today - Duration::days(30),
//!     term_end: today + Duration::days(335),
//! })?;
//! portal.issue_quote(&Caller::Staff(rep), account, &NewQuote {
//!     currency: Currency::parse("USD")?,
//!     valid_until: today + Duration::days(30),
//!     lines: vec![LineInput {
//!         description: "5 more seats".into(),
//!         quantity: Decimal::from(5),
//!         unit_price: Decimal::new(9950, 2),
//!         vat_rate: Decimal::ZERO,
//!     }],
//!     effect: QuoteEffect::AddSeats { seats: 5 },
//! })?;
//!
//! // The billing contact's side: sign in with the user ID (username or e-mail) and decide.
//! let session = portal.sign_in("ap@acme.example", "a long and private passphrase")?;
//! let me = Caller::Session(session.token);
//! let open = portal.quotes(&me, account)?;
//! let invoice = portal.accept_quote(&me, account, open[0].id, Some("PO-4711"))?;
//! assert_eq!(invoice.number, "INV-000001");
//! assert_eq!(invoice.document.totals.total.to_string(), "497.50 USD");
//! assert_eq!(portal.account(&me, account)?.subscription.seats, 15);
//! let printed = portal.print_invoice(&me, account, invoice.id, PrintFormat::Text)?.into_text().unwrap_or_default();
//! assert!(printed.contains("User ID:        ap.acme") && printed.contains("PO-4711"));
//!
//! // Every failed sign-in looks the same (AUTH-2).
//! let refused = portal.sign_in("ap.acme", "not the passphrase at all").unwrap_err();
//! assert_eq!((refused.code(), refused.to_string().as_str()), ("invalid_credentials", "Invalid User ID/password"));
//! # Ok::<(), Error>(())
//! ```
#![forbid(unsafe_code)]

pub mod access;
pub mod api;
mod auth;
mod bank;
mod clock;
pub mod documents;
mod domain;
mod error;
pub mod messages;
mod portal;
pub mod print;
mod store;
mod values;

pub use auth::token::{LinkSecret, SessionToken};
pub use bank::{
    EntryOutcome, EntryResult, MAX_STATEMENT_BYTES, MAX_STATEMENT_ENTRIES, StatementImport, UnmatchedReason,
    count_statement_entries,
};
pub use clock::{Clock, ManualClock, SystemClock};
pub use documents::cii::EInvoiceProfile;
pub use documents::ubl::UblProfile;
pub use domain::account::ContactAccount;
pub use domain::account::{
    AccountKind, AccountOverview, BillingContact, Document, IssuerProfile, NewAccount, NewLogin, PurchaseOrder,
    StaffKind,
};
pub use domain::dunning::{DEFAULT_DUNNING_STAGES, DEFAULT_REMINDER_PAYMENT_DAYS};
pub use domain::invoice::{Invoice, InvoiceDocument, InvoiceKind, InvoiceStatus, InvoiceSummary, ServicePeriod};
pub use domain::lines::{Line, LineInput, Totals, VatSubtotal, price_lines};
pub use domain::payment::{MAX_PAYMENT_REFERENCE, NewPayment, Payment, ReversalReason};
pub use domain::quote::{NewQuote, Quote, QuoteEffect, QuoteStatus, QuoteSummary};
pub use domain::request::{RequestKind, RequestStatus, ServiceRequest};
pub use domain::subscription::{BillingInterval, Subscription, SubscriptionStatus};
pub use domain::vat::{VatCategory, default_category};
pub use error::{Error, Result};
pub use portal::DEFAULT_RUN_DATE_HORIZON_DAYS;
pub use portal::{
    BillingPortal, BuyerEInvoicingInput, Caller, DEFAULT_PAGE_SIZE, DunningReport, EInvoiceFormat, EInvoiceSettings,
    MAX_PAGE_SIZE, Page, PortalConfig, PrintFormat, PurgeReport, RenewalFailure, RenewalReport, Session,
};
/// Bounds that keep one account or login from growing the database without end (AUTH-11).
pub mod limits {
    pub use crate::portal::{
        EXPIRED_PURCHASE_ORDERS_KEPT, MAX_OPEN_REQUESTS, MAX_PASSWORD_BYTES, MAX_PURCHASE_ORDERS,
        MAX_SESSIONS_PER_LOGIN,
    };
}
pub use store::Durability;
pub use store::audit::{AuditHead, AuditKey, AuditRecord};
pub use store::backoffice::{AccountFilter, InvoiceFilter, VendorAccount, VendorInvoice, VendorQuote, VendorRequest};
pub use store::outbox::{Notification, NotificationKind};
pub use values::{
    AbaRoutingNumber, AccountId, AchDebit, AddressLines, Bic, BillingAddress, CardBrand, CardOnFile, Country,
    CreditorReference, Currency, ElectronicAddress, EmailAddress, FreeText, Iban, InvoiceId, IssuerId, Language,
    LeitwegId, LoginId, Money, PaymentDetails, PaymentId, PaymentKind, PaymentMethod, PaymentMethodView, Phone,
    PurchaseOrderId, QuoteId, RequestId, SepaCreditorId, SepaDebit, StaffId, UserId, VatId,
};

/// `BillingPortal` is shared between threads by its users; keep it so.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<BillingPortal>();
};
