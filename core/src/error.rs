//! The one public error type of the library, with a stable machine code per variant.

use std::fmt;

/// Result type of every fallible operation in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the portal, as seen by a caller.
///
/// Each variant has a stable [`code`](Error::code) that bindings and host applications can match
/// on. Messages never carry personal data or secrets: they name fields and rules, not values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A sign-in failed. The same error for every cause (AUTH-2).
    #[error("Invalid User ID/password")]
    InvalidCredentials,
    /// The session token is unknown, ended, or past its idle or absolute lifetime.
    #[error("the session has ended; sign in again")]
    Unauthenticated,
    /// A password-reset or set-password link is unknown, used, replaced by a newer one, or expired.
    #[error("the link is invalid or has expired; request a new one")]
    InvalidToken,
    /// The vendor configuration lacks something this operation needs.
    #[error("the portal is not configured for this: {what}")]
    NotConfigured {
        /// What is missing.
        what: &'static str,
    },
    /// The caller's role on the account does not permit the operation.
    #[error("not permitted for this caller")]
    Forbidden,
    /// No object of this kind with this ID exists for the account (or it belongs to another account).
    #[error("{entity} not found")]
    NotFound {
        /// What was looked up: "account", "quote", "invoice", ...
        entity: &'static str,
    },
    /// The object changed under the caller: it was decided, edited or removed by someone else.
    #[error("conflict: {reason}")]
    Conflict {
        /// Why the operation could not be applied.
        reason: String,
    },
    /// The quote's valid-until date has passed.
    #[error("the quote has expired")]
    QuoteExpired,
    /// An input value is malformed or out of range.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The name of the offending input field.
        field: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The account is an online account; the portal serves corporate accounts only (ACC-1).
    #[error("the portal serves corporate accounts only")]
    NotCorporateAccount,
    /// The account requires a purchase order and none is in force (QUO-4).
    #[error("a purchase order that has not expired is required")]
    PurchaseOrderRequired,
    /// The document is not offered in the account's billing country (DOC-1).
    #[error("not available in your country")]
    NotAvailableInCountry,
    /// Amounts in two different currencies were combined (INV-5).
    #[error("amounts in different currencies cannot be combined")]
    CurrencyMismatch,
    /// The audit log does not verify: a record was changed, removed or inserted.
    #[error("the audit log is broken at record {seq}")]
    AuditChainBroken {
        /// The sequence number of the first record that does not verify.
        seq: i64,
    },
    /// A per-account or per-login bound is reached: open service requests, purchase orders.
    #[error("limit reached: at most {limit} {what}")]
    LimitReached {
        /// What is bounded: "open_requests", "purchase_orders".
        what: &'static str,
        /// The bound.
        limit: u32,
    },
    /// The database stayed locked by another writer for longer than the busy timeout.
    #[error("the database is busy; retry the operation")]
    Busy,
    /// The database failed; the message names the class of failure, never row contents.
    #[error("storage failure: {0}")]
    Storage(String),
    /// A remote portal could not be reached, or the connection failed before its answer came
    /// (API-5). The request may have been applied: a retry with the same idempotency key is safe.
    #[error("the billing service could not be reached: {0}")]
    Network(String),
    /// A remote portal answered that it cannot serve the request now: busy, timed out or
    /// rate-limited (API-5). Retry later.
    #[error("the billing service is unavailable; retry later")]
    Unavailable,
}

impl Error {
    /// The stable machine-readable code of this error.
    ///
    /// ```
    /// use corporate_billing::Error;
    /// assert_eq!(Error::QuoteExpired.code(), "quote_expired");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidCredentials => "invalid_credentials",
            Error::Unauthenticated => "unauthenticated",
            Error::InvalidToken => "invalid_token",
            Error::NotConfigured { .. } => "not_configured",
            Error::Forbidden => "forbidden",
            Error::NotFound { .. } => "not_found",
            Error::Conflict { .. } => "conflict",
            Error::QuoteExpired => "quote_expired",
            Error::InvalidInput { .. } => "invalid_input",
            Error::NotCorporateAccount => "not_corporate_account",
            Error::PurchaseOrderRequired => "purchase_order_required",
            Error::NotAvailableInCountry => "not_available_in_country",
            Error::CurrencyMismatch => "currency_mismatch",
            Error::AuditChainBroken { .. } => "audit_chain_broken",
            Error::LimitReached { .. } => "limit_reached",
            Error::Busy => "busy",
            Error::Storage(_) => "storage",
            Error::Network(_) => "network",
            Error::Unavailable => "unavailable",
        }
    }

    pub(crate) fn invalid(field: impl Into<String>, reason: impl fmt::Display) -> Self {
        Error::InvalidInput { field: field.into(), reason: reason.to_string() }
    }

    pub(crate) fn conflict(reason: impl Into<String>) -> Self {
        Error::Conflict { reason: reason.into() }
    }

    pub(crate) fn not_found(entity: &'static str) -> Self {
        Error::NotFound { entity }
    }
}

/// The single place where database failures become public errors. SQLite's own messages can
/// quote constraint names but never bound values, and we keep only the error class anyway.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => Error::Busy,
            Some(code) => Error::Storage(format!("{code:?}")),
            None => Error::Storage(match e {
                rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::InvalidColumnType(..)
                | rusqlite::Error::IntegralValueOutOfRange(..) => "corrupt value".into(),
                _ => "driver".into(),
            }),
        }
    }
}

impl From<rusqlite::types::FromSqlError> for Error {
    fn from(_: rusqlite::types::FromSqlError) -> Self {
        Error::Storage("corrupt value".into())
    }
}

impl From<serde_json::Error> for Error {
    fn from(_: serde_json::Error) -> Self {
        Error::Storage("corrupt document".into())
    }
}
