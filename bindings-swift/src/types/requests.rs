//! Service requests to Account Services (SR-1..SR-4).

use super::accounts::BillingInterval;
use crate::error::BillingError;
use corporate_billing::{
    Country as CoreCountry, RequestKind as CoreRequestKind, RequestStatus as CoreRequestStatus,
    ServiceRequest as CoreServiceRequest,
};
use std::time::SystemTime;

/// What the billing contact asks for (SR-1).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum RequestKind {
    /// Change how often the subscription is invoiced (SR-3).
    ChangeBillingInterval {
        /// The interval wanted.
        interval: BillingInterval,
    },
    /// Stop renewing at the end of the term (SR-4).
    TurnOffAutoRenewal,
    /// Account Services changes the payment method (PAY-3).
    ChangePaymentMethod {
        /// What the contact wants; never card data.
        details: String,
    },
    /// A copy of an invoice older than the last 20 (INV-2).
    InvoiceCopy {
        /// The invoice number.
        invoice_number: String,
    },
    /// Hand billing to another person (BC-1).
    ChangeBillingContact {
        /// The user ID of the existing login that should take over.
        new_contact_user_id: String,
    },
    /// Move the billing address to another country (ADDR-1).
    ChangeCountry {
        /// The new two-letter country code.
        country: String,
    },
    /// Anything else.
    Other {
        /// The request, in the contact's words.
        text: String,
    },
}

impl From<CoreRequestKind> for RequestKind {
    fn from(k: CoreRequestKind) -> Self {
        match k {
            CoreRequestKind::ChangeBillingInterval { interval } => {
                RequestKind::ChangeBillingInterval { interval: interval.into() }
            }
            CoreRequestKind::TurnOffAutoRenewal => RequestKind::TurnOffAutoRenewal,
            CoreRequestKind::ChangePaymentMethod { details } => RequestKind::ChangePaymentMethod { details },
            CoreRequestKind::InvoiceCopy { invoice_number } => RequestKind::InvoiceCopy { invoice_number },
            CoreRequestKind::ChangeBillingContact { new_contact_user_id } => {
                RequestKind::ChangeBillingContact { new_contact_user_id }
            }
            CoreRequestKind::ChangeCountry { country } => {
                RequestKind::ChangeCountry { country: country.code().to_owned() }
            }
            CoreRequestKind::Other { text } => RequestKind::Other { text },
        }
    }
}

impl TryFrom<RequestKind> for CoreRequestKind {
    type Error = BillingError;
    fn try_from(k: RequestKind) -> Result<Self, BillingError> {
        Ok(match k {
            RequestKind::ChangeBillingInterval { interval } => {
                CoreRequestKind::ChangeBillingInterval { interval: interval.into() }
            }
            RequestKind::TurnOffAutoRenewal => CoreRequestKind::TurnOffAutoRenewal,
            RequestKind::ChangePaymentMethod { details } => CoreRequestKind::ChangePaymentMethod { details },
            RequestKind::InvoiceCopy { invoice_number } => CoreRequestKind::InvoiceCopy { invoice_number },
            RequestKind::ChangeBillingContact { new_contact_user_id } => {
                CoreRequestKind::ChangeBillingContact { new_contact_user_id }
            }
            RequestKind::ChangeCountry { country } => {
                CoreRequestKind::ChangeCountry { country: CoreCountry::parse(&country)? }
            }
            RequestKind::Other { text } => CoreRequestKind::Other { text },
        })
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum RequestStatus {
    /// Waiting for Account Services.
    Open,
    /// Done; the change was applied.
    Completed,
    /// Refused, with a reason.
    Rejected,
}

impl From<CoreRequestStatus> for RequestStatus {
    fn from(s: CoreRequestStatus) -> Self {
        match s {
            CoreRequestStatus::Open => RequestStatus::Open,
            CoreRequestStatus::Completed => RequestStatus::Completed,
            CoreRequestStatus::Rejected => RequestStatus::Rejected,
        }
    }
}

/// A service request.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ServiceRequest {
    /// The request.
    pub id: String,
    /// The account it concerns.
    pub account_id: String,
    /// What is asked for.
    pub kind: RequestKind,
    /// Open, completed or rejected.
    pub status: RequestStatus,
    /// When it was submitted.
    pub submitted_at: SystemTime,
    /// When it was completed or rejected.
    pub decided_at: Option<SystemTime>,
    /// Account Services' note or rejection reason.
    pub resolution: Option<String>,
}

impl From<CoreServiceRequest> for ServiceRequest {
    fn from(r: CoreServiceRequest) -> Self {
        ServiceRequest {
            id: r.id.to_string(),
            account_id: r.account_id.to_string(),
            kind: r.kind.into(),
            status: r.status.into(),
            submitted_at: r.submitted_at.into(),
            decided_at: r.decided_at.map(Into::into),
            resolution: r.resolution,
        }
    }
}
