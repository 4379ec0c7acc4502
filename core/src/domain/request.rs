//! Service requests to Account Services (SR-1..SR-4).

use super::subscription::BillingInterval;
use crate::access::Action;
use crate::values::{AccountId, Country, RequestId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What the billing contact asks for (SR-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
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
        /// The new country.
        country: Country,
    },
    /// Anything else.
    Other {
        /// The request, in the contact's words.
        text: String,
    },
}

impl RequestKind {
    /// Stable name, as stored and audited.
    pub fn name(&self) -> &'static str {
        match self {
            RequestKind::ChangeBillingInterval { .. } => "change_billing_interval",
            RequestKind::TurnOffAutoRenewal => "turn_off_auto_renewal",
            RequestKind::ChangePaymentMethod { .. } => "change_payment_method",
            RequestKind::InvoiceCopy { .. } => "invoice_copy",
            RequestKind::ChangeBillingContact { .. } => "change_billing_contact",
            RequestKind::ChangeCountry { .. } => "change_country",
            RequestKind::Other { .. } => "other",
        }
    }

    /// The permission needed to complete or reject it (SR-2): the sales rep may decide
    /// auto-renewal and billing-contact requests, everything else is Account Services' work.
    pub fn deciding_action(&self) -> Action {
        match self {
            RequestKind::TurnOffAutoRenewal | RequestKind::ChangeBillingContact { .. } => {
                Action::DecideRenewalOrContactRequest
            }
            _ => Action::DecideRequest,
        }
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Waiting for Account Services.
    Open,
    /// Done; the change was applied.
    Completed,
    /// Refused, with a reason.
    Rejected,
}

/// A service request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRequest {
    /// The request.
    pub id: RequestId,
    /// The account it concerns.
    pub account_id: AccountId,
    /// What is asked for.
    pub kind: RequestKind,
    /// Open, completed or rejected.
    pub status: RequestStatus,
    /// When it was submitted.
    pub submitted_at: OffsetDateTime,
    /// When it was completed or rejected.
    pub decided_at: Option<OffsetDateTime>,
    /// Account Services' note or rejection reason.
    pub resolution: Option<String>,
}
