//! Price quotes and how they are decided (QUO-1..QUO-6).

use super::lines::{Line, LineInput, Totals};
use crate::error::{Error, Result};
use crate::values::{AccountId, Currency, InvoiceId, Money, QuoteId, bounds};
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

/// What accepting a quote does to the subscription (QUO-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuoteEffect {
    /// A new term for an active subscription, paid by the quote's invoice.
    NewTerm {
        /// First day.
        start: Date,
        /// Day after the last day.
        end: Date,
    },
    /// Another plan, at a new price per seat and year.
    PlanChange {
        /// The new plan's name.
        plan: String,
        /// The new price of one seat for one year.
        annual_seat_price: Money,
    },
    /// More seats.
    AddSeats {
        /// How many seats are added.
        seats: u32,
    },
    /// An expired or cancelled subscription starts again, paid by the quote's invoice.
    Reactivation {
        /// First day of the new term.
        start: Date,
        /// Day after its last day.
        end: Date,
    },
}

impl QuoteEffect {
    /// Checks the effect's own values.
    pub(crate) fn validate(&self) -> Result<()> {
        match self {
            QuoteEffect::NewTerm { start, end } | QuoteEffect::Reactivation { start, end } => {
                bounds::business_date("effect.start", *start)?;
                bounds::business_date("effect.end", *end)?;
                if end <= start {
                    return Err(Error::invalid("effect.end", "must be after the start"));
                }
            }
            QuoteEffect::PlanChange { plan, annual_seat_price } => {
                crate::values::text::required("effect.plan", plan, 80)?;
                if annual_seat_price.amount().is_sign_negative() {
                    return Err(Error::invalid("effect.annual_seat_price", "may not be negative"));
                }
                bounds::price("effect.annual_seat_price", annual_seat_price.amount())?;
            }
            QuoteEffect::AddSeats { seats } => {
                if *seats == 0 || *seats > bounds::MAX_SEATS {
                    return Err(Error::invalid("effect.seats", "must be 1 to 1,000,000"));
                }
            }
        }
        Ok(())
    }
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
    /// The status shown on `today`: an open quote past its valid-until date is expired. Expiry
    /// is never stored; it follows from the date.
    pub(crate) fn on(self, valid_until: Date, today: Date) -> Self {
        match self {
            QuoteStatus::Open if valid_until < today => QuoteStatus::Expired,
            other => other,
        }
    }

    /// QUO-3: only an open, unexpired quote can be decided; anything else is decided already.
    pub(crate) fn check_decidable(&self) -> Result<()> {
        match self {
            QuoteStatus::Open => Ok(()),
            QuoteStatus::Expired => Err(Error::QuoteExpired),
            QuoteStatus::Accepted | QuoteStatus::Declined | QuoteStatus::Withdrawn => {
                Err(Error::conflict("the quote has already been decided"))
            }
        }
    }

    /// QUO-6: the vendor may withdraw a quote that was not decided, expired or not.
    pub(crate) fn check_withdrawable(&self) -> Result<()> {
        match self {
            QuoteStatus::Open | QuoteStatus::Expired => Ok(()),
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

/// How a quote was decided, for the store to save while the quote is still open: of two racing
/// decisions only one finds it so (QUO-3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuoteDecision {
    pub to: QuoteStatus,
    pub at: OffsetDateTime,
    pub reason: Option<String>,
    pub purchase_order: Option<String>,
}

impl Quote {
    /// Accepts the quote at `at` (QUO-3, QUO-4): only an open quote within its validity, and
    /// only with a purchase order where the account requires one. `purchase_order` finds the
    /// order the acceptance carries (PO-1); it is asked only once the quote is known to be
    /// decidable, so that an expired quote is reported as expired, not as a PO problem.
    pub(crate) fn accept(
        &self,
        at: OffsetDateTime,
        purchase_order_required: bool,
        purchase_order: impl FnOnce() -> Result<Option<String>>,
    ) -> Result<QuoteDecision> {
        self.status.check_decidable()?;
        let purchase_order = purchase_order()?;
        if purchase_order_required && purchase_order.is_none() {
            return Err(Error::PurchaseOrderRequired);
        }
        Ok(QuoteDecision { to: QuoteStatus::Accepted, at, reason: None, purchase_order })
    }

    /// Declines the quote at `at`, with the contact's reason if given (QUO-3).
    pub(crate) fn decline(&self, at: OffsetDateTime, reason: Option<String>) -> Result<QuoteDecision> {
        self.status.check_decidable()?;
        Ok(QuoteDecision { to: QuoteStatus::Declined, at, reason, purchase_order: None })
    }

    /// Withdraws the quote at `at` (QUO-6): an expired quote may be withdrawn too, a decided one not.
    pub(crate) fn withdraw(&self, at: OffsetDateTime) -> Result<QuoteDecision> {
        self.status.check_withdrawable()?;
        Ok(QuoteDecision { to: QuoteStatus::Withdrawn, at, reason: None, purchase_order: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    // DOMAIN: QUO-3, QUO-6
    #[test]
    fn only_open_unexpired_quotes_can_be_decided() {
        let until = date!(2026 - 06 - 30);
        let shown = |s: QuoteStatus, today| s.on(until, today);
        assert_eq!(shown(QuoteStatus::Open, date!(2026 - 06 - 30)), QuoteStatus::Open);
        assert_eq!(shown(QuoteStatus::Open, date!(2026 - 07 - 01)), QuoteStatus::Expired);
        assert!(shown(QuoteStatus::Open, date!(2026 - 06 - 30)).check_decidable().is_ok());
        assert_eq!(shown(QuoteStatus::Open, date!(2026 - 07 - 01)).check_decidable(), Err(Error::QuoteExpired));
        assert!(shown(QuoteStatus::Open, date!(2026 - 07 - 01)).check_withdrawable().is_ok());
        for s in [QuoteStatus::Accepted, QuoteStatus::Declined, QuoteStatus::Withdrawn] {
            assert!(matches!(shown(s, date!(2026 - 01 - 01)).check_decidable(), Err(Error::Conflict { .. })), "{s:?}");
            assert!(matches!(s.check_withdrawable(), Err(Error::Conflict { .. })), "{s:?}");
        }
    }

    fn quote(status: QuoteStatus) -> Quote {
        let at = time::macros::datetime!(2026-06-01 10:00 UTC);
        let eur = Currency::parse("EUR").unwrap();
        let zero = Money::new(rust_decimal::Decimal::ZERO, eur);
        Quote {
            id: QuoteId::generate(),
            account_id: AccountId::generate(),
            status,
            currency: eur,
            valid_until: date!(2026 - 06 - 30),
            lines: Vec::new(),
            totals: Totals { net: zero, vat_breakdown: Vec::new(), vat: zero, total: zero },
            effect: QuoteEffect::AddSeats { seats: 1 },
            issued_at: at,
            decided_at: None,
            decline_reason: None,
            purchase_order: None,
            invoice_id: None,
        }
    }

    // DOMAIN: QUO-3, QUO-4, QUO-6
    #[test]
    fn the_quote_decides_its_acceptance_decline_and_withdrawal() {
        let at = time::macros::datetime!(2026-06-02 09:00 UTC);
        let open = quote(QuoteStatus::Open);
        let po = || Ok(Some("PO-7".to_owned()));
        let none = || Ok(None);
        let accepted = open.accept(at, true, po).unwrap();
        assert_eq!(
            (accepted.to, accepted.purchase_order.as_deref(), accepted.at),
            (QuoteStatus::Accepted, Some("PO-7"), at)
        );
        assert_eq!(open.accept(at, true, none), Err(Error::PurchaseOrderRequired));
        assert_eq!(open.accept(at, false, none).unwrap().purchase_order, None);
        let declined = open.decline(at, Some("too dear".into())).unwrap();
        assert_eq!((declined.to, declined.reason.as_deref()), (QuoteStatus::Declined, Some("too dear")));
        assert_eq!(open.withdraw(at).unwrap().to, QuoteStatus::Withdrawn);

        let expired = quote(QuoteStatus::Expired);
        let never = || -> Result<Option<String>> { panic!("an expired quote looks no purchase order up") };
        assert_eq!(expired.accept(at, true, never), Err(Error::QuoteExpired));
        assert_eq!(expired.decline(at, None), Err(Error::QuoteExpired));
        assert_eq!(expired.withdraw(at).unwrap().to, QuoteStatus::Withdrawn);
        for s in [QuoteStatus::Accepted, QuoteStatus::Declined, QuoteStatus::Withdrawn] {
            let decided = quote(s);
            assert!(matches!(decided.accept(at, false, none), Err(Error::Conflict { .. })), "{s:?}");
            assert!(matches!(decided.decline(at, None), Err(Error::Conflict { .. })), "{s:?}");
            assert!(matches!(decided.withdraw(at), Err(Error::Conflict { .. })), "{s:?}");
        }
    }
}
