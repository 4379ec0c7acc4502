//! Subscriptions, their terms and billing periods (SUB-1..SUB-3, SR-3, SR-4).

use super::quote::QuoteEffect;
use crate::error::{Error, Result};
use crate::values::Money;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// How often a subscription is invoiced (SR-3). Annual by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillingInterval {
    /// Every month.
    Monthly,
    /// Every three months.
    Quarterly,
    /// Every six months.
    SemiAnnual,
    /// Once a year.
    #[default]
    Annual,
}

impl BillingInterval {
    /// Length of one billing period in months.
    pub fn months(&self) -> u32 {
        match self {
            BillingInterval::Monthly => 1,
            BillingInterval::Quarterly => 3,
            BillingInterval::SemiAnnual => 6,
            BillingInterval::Annual => 12,
        }
    }

    /// Stable name.
    pub fn as_str(&self) -> &'static str {
        match self {
            BillingInterval::Monthly => "monthly",
            BillingInterval::Quarterly => "quarterly",
            BillingInterval::SemiAnnual => "semi_annual",
            BillingInterval::Annual => "annual",
        }
    }
}

/// Where a subscription stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    /// In its term.
    Active,
    /// The term ended without renewal.
    Expired,
    /// Ended by the vendor.
    Cancelled,
}

/// A corporate account's subscription (SUB-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// Plan name.
    pub plan: String,
    /// Number of seats.
    pub seats: u32,
    /// Price of one seat for one year, in the account currency.
    pub annual_seat_price: Money,
    /// First day of the current term.
    pub term_start: Date,
    /// Day after the last day of the current term.
    pub term_end: Date,
    /// Active, expired or cancelled.
    pub status: SubscriptionStatus,
    /// Whether the renewal run renews the term (SR-4; on by default).
    pub auto_renew: bool,
    /// How often the term is invoiced (SR-3; annual by default).
    pub billing_interval: BillingInterval,
    /// Invoices have been issued for every period before this date.
    pub billed_until: Date,
}

/// A billing period the renewal run must invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BillingPeriod {
    /// First day.
    pub start: Date,
    /// Day after the last day.
    pub end: Date,
    /// Length in months.
    pub months: u32,
}

/// What the renewal run did to one subscription.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RenewalOutcome {
    /// The term was renewed (at least once).
    pub renewed: bool,
    /// The subscription expired.
    pub expired: bool,
    /// Periods to invoice, oldest first.
    pub periods: Vec<BillingPeriod>,
}

/// `date` plus `months` calendar months, clamped to the last day of the target month; `None`
/// past the last date the calendar holds.
pub fn checked_add_months(date: Date, months: u32) -> Option<Date> {
    let total = (date.year() * 12 + i32::from(u8::from(date.month())) - 1).checked_add(i32::try_from(months).ok()?)?;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = Month::try_from(u8::try_from(month0 + 1).ok()?).ok()?;
    Date::from_calendar_date(year, month, date.day().min(month.length(year))).ok()
}

fn past_the_calendar() -> Error {
    Error::invalid("term_end", "the renewal would pass the last date the calendar holds")
}

impl Subscription {
    /// Advances the subscription to `date` (SUB-3): renews every auto-renewing term that ended by
    /// then, expires the others, and lists the billing periods that start by `date` and are not
    /// invoiced yet. Running it again for the same date finds nothing more to do. Fails if a term or
    /// period would end past the calendar's last date; `self` is then half advanced and must not
    /// be saved.
    pub fn advance_to(&mut self, date: Date) -> Result<RenewalOutcome> {
        let mut out = RenewalOutcome::default();
        let months = self.billing_interval.months();
        while self.status == SubscriptionStatus::Active {
            if self.billed_until < self.term_start {
                self.billed_until = self.term_start;
            }
            // The periods of the current term that have begun are invoiced before the term is
            // renewed or expires, so that a late run does not skip the end of an ended term.
            while self.billed_until < self.term_end && self.billed_until <= date {
                let end =
                    checked_add_months(self.billed_until, months).ok_or_else(past_the_calendar)?.min(self.term_end);
                out.periods.push(BillingPeriod { start: self.billed_until, end, months });
                self.billed_until = end;
            }
            if self.term_end > date {
                break;
            }
            if self.auto_renew {
                self.term_start = self.term_end;
                self.term_end = checked_add_months(self.term_end, 12).ok_or_else(past_the_calendar)?;
                out.renewed = true;
            } else {
                self.status = SubscriptionStatus::Expired;
                out.expired = true;
            }
        }
        Ok(out)
    }

    /// Applies an accepted quote's effect (SUB-2, QUO-5).
    pub fn apply(&mut self, effect: &QuoteEffect) -> Result<()> {
        match effect {
            QuoteEffect::NewTerm { start, end } => {
                if self.status != SubscriptionStatus::Active {
                    return Err(Error::conflict("the subscription is not active; it needs a reactivation quote"));
                }
                self.term_start = *start;
                self.term_end = *end;
                self.billed_until = *end;
            }
            QuoteEffect::Reactivation { start, end } => {
                if self.status == SubscriptionStatus::Active {
                    return Err(Error::conflict("the subscription is already active"));
                }
                self.status = SubscriptionStatus::Active;
                self.term_start = *start;
                self.term_end = *end;
                self.billed_until = *end;
            }
            QuoteEffect::PlanChange { plan, annual_seat_price } => {
                if annual_seat_price.currency() != self.annual_seat_price.currency() {
                    return Err(Error::CurrencyMismatch);
                }
                self.plan.clone_from(plan);
                self.annual_seat_price = *annual_seat_price;
            }
            QuoteEffect::AddSeats { seats } => {
                self.seats = self.seats.checked_add(*seats).ok_or_else(|| Error::invalid("seats", "too many seats"))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Currency;
    use rust_decimal::Decimal;
    use time::macros::date;

    fn sub(interval: BillingInterval, auto_renew: bool) -> Subscription {
        Subscription {
            plan: "Corporate".into(),
            seats: 10,
            annual_seat_price: Money::new(Decimal::from(120), Currency::parse("USD").unwrap()),
            term_start: date!(2026 - 01 - 01),
            term_end: date!(2027 - 01 - 01),
            status: SubscriptionStatus::Active,
            auto_renew,
            billing_interval: interval,
            billed_until: date!(2027 - 01 - 01),
        }
    }

    // DOMAIN: SUB-3
    #[test]
    fn renewal_issues_each_period_once() {
        let mut s = sub(BillingInterval::Quarterly, true);
        assert_eq!(s.advance_to(date!(2026 - 12 - 31)).unwrap(), RenewalOutcome::default());
        let first = s.advance_to(date!(2027 - 01 - 01)).unwrap();
        assert!(first.renewed);
        assert_eq!(
            first.periods,
            vec![BillingPeriod { start: date!(2027 - 01 - 01), end: date!(2027 - 04 - 01), months: 3 }]
        );
        assert_eq!(s.advance_to(date!(2027 - 01 - 01)).unwrap(), RenewalOutcome::default());
        assert_eq!(s.advance_to(date!(2027 - 07 - 15)).unwrap().periods.len(), 2);
        assert_eq!(s.term_end, date!(2028 - 01 - 01));
    }

    // DOMAIN: SUB-3, SR-4
    #[test]
    fn without_auto_renewal_the_subscription_expires() {
        let mut s = sub(BillingInterval::Annual, false);
        let out = s.advance_to(date!(2027 - 02 - 01)).unwrap();
        assert!(out.expired && out.periods.is_empty());
        assert_eq!(s.status, SubscriptionStatus::Expired);
    }

    #[test]
    fn months_are_added_on_the_calendar() {
        assert_eq!(checked_add_months(date!(2026 - 01 - 31), 1), Some(date!(2026 - 02 - 28)));
        assert_eq!(checked_add_months(date!(2026 - 11 - 30), 3), Some(date!(2027 - 02 - 28)));
        assert_eq!(checked_add_months(date!(2024 - 02 - 29), 12), Some(date!(2025 - 02 - 28)));
        assert_eq!(checked_add_months(date!(9999 - 01 - 31), 11), Some(date!(9999 - 12 - 31)));
        assert_eq!(checked_add_months(date!(9999 - 06 - 01), 12), None);
        assert_eq!(checked_add_months(Date::MAX, u32::MAX), None);
    }

    // DOMAIN: SUB-3
    #[test]
    fn a_renewal_past_the_calendar_fails_instead_of_looping() {
        for interval in [BillingInterval::Monthly, BillingInterval::Annual] {
            let mut s = sub(interval, true);
            (s.term_start, s.term_end, s.billed_until) =
                (date!(9998 - 06 - 01), date!(9999 - 06 - 01), date!(9999 - 06 - 01));
            assert!(matches!(s.advance_to(Date::MAX), Err(Error::InvalidInput { .. })), "{interval:?}");
        }
    }

    // DOMAIN: SUB-2
    #[test]
    fn reactivation_only_applies_to_an_inactive_subscription() {
        let mut s = sub(BillingInterval::Annual, true);
        let effect = QuoteEffect::Reactivation { start: date!(2027 - 03 - 01), end: date!(2028 - 03 - 01) };
        assert!(matches!(s.apply(&effect), Err(Error::Conflict { .. })));
        s.status = SubscriptionStatus::Expired;
        s.apply(&effect).unwrap();
        assert_eq!(
            (s.status, s.term_start, s.billed_until),
            (SubscriptionStatus::Active, date!(2027 - 03 - 01), date!(2028 - 03 - 01))
        );
    }
}
