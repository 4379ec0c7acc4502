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
//! ```
//! use corporate_billing::*;
//! let portal = BillingPortal::open_in_memory()?;
//! // Unknown user IDs and wrong passwords look the same (AUTH-2).
//! let err = portal.sign_in("ap@example.com", "not the password at all").unwrap_err();
//! assert_eq!(err, Error::InvalidCredentials);
//! # Ok::<(), Error>(())
//! ```
#![forbid(unsafe_code)]

pub mod access;
mod auth;
mod clock;
mod domain;
mod error;
mod portal;
pub mod print;
mod store;
mod values;

pub use auth::token::{LinkSecret, SessionToken};
pub use clock::{Clock, ManualClock, SystemClock};
pub use domain::account::{
    AccountKind, AccountOverview, BillingContact, Document, IssuerProfile, NewAccount, NewLogin, PurchaseOrder,
    StaffKind,
};
pub use domain::invoice::{Invoice, InvoiceDocument, InvoiceKind, InvoiceStatus, InvoiceSummary};
pub use domain::lines::{Line, LineInput, Totals, VatSubtotal, price_lines};
pub use domain::quote::{NewQuote, Quote, QuoteStatus, QuoteSummary};
pub use domain::request::{RequestKind, RequestStatus, ServiceRequest};
pub use domain::subscription::{BillingInterval, QuoteEffect, Subscription, SubscriptionStatus};
pub use error::{Error, Result};
pub use portal::signin::ContactAccount;
pub use portal::{BillingPortal, Caller, PortalConfig, PrintFormat, RenewalReport, Session};
pub use store::audit::AuditRecord;
pub use store::outbox::{Notification, NotificationKind};
pub use values::{
    AbaRoutingNumber, AccountId, AchDebit, AddressLines, BillingAddress, CardBrand, CardOnFile, Country, Currency,
    EmailAddress, FreeText, Iban, InvoiceId, IssuerId, LoginId, Money, PaymentMethod, Phone, PurchaseOrderId, QuoteId,
    RequestId, SepaDebit, StaffId, UserId,
};
