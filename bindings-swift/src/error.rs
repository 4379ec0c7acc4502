//! The one error type of the bindings: Swift `throws` it, Kotlin raises it as a
//! `BillingException` subclass. Each case is one of the core's stable codes ([`BillingError::code`]).

use corporate_billing::Error as CoreError;

/// Everything that can go wrong in the portal, as seen from Swift or Kotlin.
///
/// The cases mirror the core's error variant by variant; messages never carry personal data or
/// secrets. `code()` gives the stable machine code (`"invalid_credentials"`, `"not_found"`, ...).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[uniffi::export(Display)]
pub enum BillingError {
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
        /// What is missing, e.g. "link_secret".
        what: String,
    },
    /// The caller's role on the account does not permit the operation.
    #[error("not permitted for this caller")]
    Forbidden,
    /// No object of this kind with this ID exists for the account (or it belongs to another one).
    #[error("{entity} not found")]
    NotFound {
        /// What was looked up: "account", "quote", "invoice", ...
        entity: String,
    },
    /// The object changed under the caller: decided, edited or removed by someone else.
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
    /// A per-account or per-login bound is reached (open requests, purchase orders).
    #[error("limit reached: at most {limit} {what}")]
    LimitReached {
        /// What is bounded: "open_requests", "purchase_orders".
        what: String,
        /// The bound.
        limit: u32,
    },
    /// The database stayed locked by another writer for longer than the busy timeout; retry.
    #[error("the database is busy; retry the operation")]
    Busy,
    /// The database failed; the detail names the class of failure, never row contents.
    #[error("storage failure: {detail}")]
    Storage {
        /// The class of failure.
        detail: String,
    },
    /// An error of a newer core that these bindings do not name yet, with its stable code.
    /// (Fields are not called `message`: Kotlin exceptions already have that property.)
    #[error("{detail}")]
    Other {
        /// The core's stable code.
        error_code: String,
        /// The core's message.
        detail: String,
    },
    /// A bug in the library: a Rust panic, caught before it could cross the boundary.
    #[error("internal error: {detail}")]
    Internal {
        /// What the panic said.
        detail: String,
    },
}

#[uniffi::export]
impl BillingError {
    /// The stable machine-readable code, the same as the core's `Error::code` (API-1).
    pub fn code(&self) -> String {
        match self {
            BillingError::InvalidCredentials => "invalid_credentials",
            BillingError::Unauthenticated => "unauthenticated",
            BillingError::InvalidToken => "invalid_token",
            BillingError::NotConfigured { .. } => "not_configured",
            BillingError::Forbidden => "forbidden",
            BillingError::NotFound { .. } => "not_found",
            BillingError::Conflict { .. } => "conflict",
            BillingError::QuoteExpired => "quote_expired",
            BillingError::InvalidInput { .. } => "invalid_input",
            BillingError::NotCorporateAccount => "not_corporate_account",
            BillingError::PurchaseOrderRequired => "purchase_order_required",
            BillingError::NotAvailableInCountry => "not_available_in_country",
            BillingError::CurrencyMismatch => "currency_mismatch",
            BillingError::AuditChainBroken { .. } => "audit_chain_broken",
            BillingError::LimitReached { .. } => "limit_reached",
            BillingError::Busy => "busy",
            BillingError::Storage { .. } => "storage",
            BillingError::Other { error_code, .. } => return error_code.clone(),
            BillingError::Internal { .. } => "internal",
        }
        .to_owned()
    }

    /// The sentence a person reads for this error in `language`, naming the field as the pages
    /// label it (DOCS-2). The description stays the developer's text, for logs. (Not `message`:
    /// Kotlin exceptions already have that property.)
    pub fn user_message(&self, language: crate::types::DocumentLanguage) -> String {
        let (subject, reason, number): (&str, &str, i64) = match self {
            BillingError::InvalidInput { field, reason } => (field, reason, 0),
            BillingError::NotFound { entity } => (entity, "", 0),
            BillingError::Conflict { reason } => ("", reason, 0),
            BillingError::NotConfigured { what } => (what, "", 0),
            BillingError::LimitReached { what, limit } => (what, "", i64::from(*limit)),
            BillingError::AuditChainBroken { seq } => ("", "", *seq),
            _ => ("", "", 0),
        };
        corporate_billing::messages::error_message(language.into(), &self.code(), subject, reason, number)
    }
}

impl BillingError {
    pub(crate) fn invalid(field: &str, reason: &str) -> Self {
        BillingError::InvalidInput { field: field.to_owned(), reason: reason.to_owned() }
    }
}

impl From<CoreError> for BillingError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::InvalidCredentials => BillingError::InvalidCredentials,
            CoreError::Unauthenticated => BillingError::Unauthenticated,
            CoreError::InvalidToken => BillingError::InvalidToken,
            CoreError::NotConfigured { what } => BillingError::NotConfigured { what: what.to_owned() },
            CoreError::Forbidden => BillingError::Forbidden,
            CoreError::NotFound { entity } => BillingError::NotFound { entity: entity.to_owned() },
            CoreError::Conflict { reason } => BillingError::Conflict { reason },
            CoreError::QuoteExpired => BillingError::QuoteExpired,
            CoreError::InvalidInput { field, reason } => BillingError::InvalidInput { field, reason },
            CoreError::NotCorporateAccount => BillingError::NotCorporateAccount,
            CoreError::PurchaseOrderRequired => BillingError::PurchaseOrderRequired,
            CoreError::NotAvailableInCountry => BillingError::NotAvailableInCountry,
            CoreError::CurrencyMismatch => BillingError::CurrencyMismatch,
            CoreError::AuditChainBroken { seq } => BillingError::AuditChainBroken { seq },
            CoreError::LimitReached { what, limit } => BillingError::LimitReached { what: what.to_owned(), limit },
            CoreError::Busy => BillingError::Busy,
            CoreError::Storage(detail) => BillingError::Storage { detail },
            // The core's error is `#[non_exhaustive]`: a variant added there still reaches the
            // app with its stable code and message until it gets a case of its own here.
            other => BillingError::Other { error_code: other.code().to_owned(), detail: other.to_string() },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_cores() {
        let cases = [
            CoreError::InvalidCredentials,
            CoreError::Unauthenticated,
            CoreError::InvalidToken,
            CoreError::NotConfigured { what: "link_secret" },
            CoreError::Forbidden,
            CoreError::NotFound { entity: "quote" },
            CoreError::Conflict { reason: "r".into() },
            CoreError::QuoteExpired,
            CoreError::InvalidInput { field: "f".into(), reason: "r".into() },
            CoreError::NotCorporateAccount,
            CoreError::PurchaseOrderRequired,
            CoreError::NotAvailableInCountry,
            CoreError::CurrencyMismatch,
            CoreError::AuditChainBroken { seq: 3 },
            CoreError::LimitReached { what: "open_requests", limit: 20 },
            CoreError::Busy,
            CoreError::Storage("Busy".into()),
        ];
        for core in cases {
            let ours = BillingError::from(core.clone());
            assert_eq!(ours.code(), core.code(), "{core:?}");
            assert_eq!(ours.to_string(), core.to_string(), "{core:?}");
            assert!(!matches!(ours, BillingError::Other { .. }), "{core:?} has a case of its own");
            // DOMAIN: DOCS-2
            for lang in corporate_billing::Language::ALL {
                assert_eq!(ours.user_message(lang.into()), core.message(lang), "{core:?}");
            }
        }
    }
}
