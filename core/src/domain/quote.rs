//! Price quotes and how they are decided (QUO-1..QUO-6).

use super::lines::{Line, LineInput, Totals};
use super::subscription::QuoteEffect;
use crate::error::{Error, Result};
use crate::values::{AccountId, Currency, InvoiceId, QuoteId};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// A quote as the sales rep enters it (QUO-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewQuote {
    /// ISO 4217 currency of every amount on the quote; must be the account's currency.
    pub currency: Currency,
    /// Last day on which the quote can be accepted.
    pub valid_until: Date,
    /// What is offered.
    pub lines: Vec<LineInput>,
    /// What acceptance does to the subscription.
    pub effect: QuoteEffect,
}

/// Where a quote stands, as shown to callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    /// Waiting for the billing contact's decision.
    Open,
    /// Open, but its valid-until date has passed (QUO-6).
    Expired,
    /// Accepted; its effect applied and its invoice issued.
    Accepted,
    /// Declined by the billing contact.
    Declined,
    /// Withdrawn by the vendor.
    Withdrawn,
}

impl QuoteStatus {
    pub(crate) fn as_stored(&self) -> &'static str {
        match self {
            QuoteStatus::Open | QuoteStatus::Expired => "open",
            QuoteStatus::Accepted => "accepted",
            QuoteStatus::Declined => "declined",
            QuoteStatus::Withdrawn => "withdrawn",
        }
    }

    /// The status shown on `today`: an open quote past its valid-until date is expired.
    pub(crate) fn shown(stored: &str, valid_until: Date, today: Date) -> Option<Self> {
        Some(match stored {
            "open" if valid_until < today => QuoteStatus::Expired,
            "open" => QuoteStatus::Open,
            "accepted" => QuoteStatus::Accepted,
            "declined" => QuoteStatus::Declined,
            "withdrawn" => QuoteStatus::Withdrawn,
            _ => return None,
        })
    }

    /// QUO-3: only an open, unexpired quote can be decided; anything else is decided already.
    pub fn check_decidable(&self) -> Result<()> {
        match self {
            QuoteStatus::Open => Ok(()),
            QuoteStatus::Expired => Err(Error::QuoteExpired),
            QuoteStatus::Accepted | QuoteStatus::Declined | QuoteStatus::Withdrawn => {
                Err(Error::conflict("the quote has already been decided"))
            }
        }
    }
}

/// A quote in a list (QUO-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteSummary {
    /// The quote.
    pub id: QuoteId,
    /// Open, expired, accepted, declined or withdrawn.
    pub status: QuoteStatus,
    /// Last day on which it can be accepted.
    pub valid_until: Date,
    /// Grand total.
    pub total: crate::values::Money,
    /// When it was issued.
    pub issued_at: OffsetDateTime,
}

/// A quote with everything on it (QUO-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quote.
    pub id: QuoteId,
    /// The account it was issued to.
    pub account_id: AccountId,
    /// Open, expired, accepted, declined or withdrawn.
    pub status: QuoteStatus,
    /// Currency of every amount.
    pub currency: Currency,
    /// Last day on which it can be accepted.
    pub valid_until: Date,
    /// Priced lines.
    pub lines: Vec<Line>,
    /// Net, VAT per rate, total.
    pub totals: Totals,
    /// What acceptance does to the subscription.
    pub effect: QuoteEffect,
    /// When it was issued.
    pub issued_at: OffsetDateTime,
    /// When it was accepted, declined or withdrawn.
    pub decided_at: Option<OffsetDateTime>,
    /// The reason given with a decline.
    pub decline_reason: Option<String>,
    /// The purchase-order number given with acceptance.
    pub purchase_order: Option<String>,
    /// The invoice issued on acceptance.
    pub invoice_id: Option<InvoiceId>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    // DOMAIN: QUO-3, QUO-6
    #[test]
    fn only_open_unexpired_quotes_can_be_decided() {
        let until = date!(2026 - 06 - 30);
        let shown = |s, today| QuoteStatus::shown(s, until, today).unwrap();
        assert_eq!(shown("open", date!(2026 - 06 - 30)), QuoteStatus::Open);
        assert_eq!(shown("open", date!(2026 - 07 - 01)), QuoteStatus::Expired);
        assert!(shown("open", date!(2026 - 06 - 30)).check_decidable().is_ok());
        assert_eq!(shown("open", date!(2026 - 07 - 01)).check_decidable(), Err(Error::QuoteExpired));
        for s in ["accepted", "declined", "withdrawn"] {
            assert!(matches!(shown(s, date!(2026 - 01 - 01)).check_decidable(), Err(Error::Conflict { .. })), "{s}");
        }
    }
}
