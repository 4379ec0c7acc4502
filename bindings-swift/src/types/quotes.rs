//! Quotes, their lines and totals (QUO-1..QUO-6, INV-5).

use super::values::Money;
use crate::convert::{Amount, CalendarDay, Percent, Quantity};
use crate::error::BillingError;
use corporate_billing::{
    Currency as CoreCurrency, Line as CoreLine, LineInput as CoreLineInput, NewQuote as CoreNewQuote,
    Quote as CoreQuote, QuoteEffect as CoreQuoteEffect, QuoteStatus as CoreQuoteStatus,
    QuoteSummary as CoreQuoteSummary, Totals as CoreTotals, VatSubtotal as CoreVatSubtotal,
};
use std::time::SystemTime;

/// A line as entered: description, quantity, unit price (in the document currency), VAT rate.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LineInput {
    /// What is sold.
    pub description: String,
    /// How many; positive, at most 4 decimal places.
    pub quantity: Quantity,
    /// Price of one unit; may be negative for a discount line.
    pub unit_price: Amount,
    /// VAT rate in percent, 0 to 100.
    pub vat_rate: Percent,
}

impl From<LineInput> for CoreLineInput {
    fn from(l: LineInput) -> Self {
        CoreLineInput {
            description: l.description,
            quantity: l.quantity.0,
            unit_price: l.unit_price.0,
            vat_rate: l.vat_rate.0,
        }
    }
}

/// A priced line.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Line {
    /// What is sold.
    pub description: String,
    /// How many.
    pub quantity: Quantity,
    /// Price of one unit.
    pub unit_price: Amount,
    /// VAT rate in percent.
    pub vat_rate: Percent,
    /// quantity x unit price, rounded to the minor unit.
    pub net: Money,
}

impl From<CoreLine> for Line {
    fn from(l: CoreLine) -> Self {
        Line {
            description: l.description,
            quantity: l.quantity.into(),
            unit_price: l.unit_price.into(),
            vat_rate: l.vat_rate.into(),
            net: l.net.into(),
        }
    }
}

/// VAT for one rate (EN 16931 BR-CO-17).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VatSubtotal {
    /// VAT rate in percent.
    pub rate: Percent,
    /// Sum of the nets of the lines at this rate.
    pub taxable: Money,
    /// taxable x rate / 100, rounded to the minor unit.
    pub vat: Money,
}

impl From<CoreVatSubtotal> for VatSubtotal {
    fn from(v: CoreVatSubtotal) -> Self {
        VatSubtotal { rate: v.rate.into(), taxable: v.taxable.into(), vat: v.vat.into() }
    }
}

/// Totals of a quote or invoice (INV-5).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Totals {
    /// Sum of line nets.
    pub net: Money,
    /// VAT per rate, lowest rate first.
    pub vat_breakdown: Vec<VatSubtotal>,
    /// Sum of the VAT per rate.
    pub vat: Money,
    /// net + VAT, exactly.
    pub total: Money,
}

impl From<CoreTotals> for Totals {
    fn from(t: CoreTotals) -> Self {
        Totals {
            net: t.net.into(),
            vat_breakdown: t.vat_breakdown.into_iter().map(Into::into).collect(),
            vat: t.vat.into(),
            total: t.total.into(),
        }
    }
}

/// What accepting a quote does to the subscription (QUO-1).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum QuoteEffect {
    /// A new term for an active subscription.
    NewTerm {
        /// First day.
        start: CalendarDay,
        /// Day after the last day.
        end: CalendarDay,
    },
    /// Another plan at a new price per seat and year.
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
    /// An expired or cancelled subscription starts again.
    Reactivation {
        /// First day of the new term.
        start: CalendarDay,
        /// Day after its last day.
        end: CalendarDay,
    },
}

impl From<CoreQuoteEffect> for QuoteEffect {
    fn from(e: CoreQuoteEffect) -> Self {
        match e {
            CoreQuoteEffect::NewTerm { start, end } => QuoteEffect::NewTerm { start: start.into(), end: end.into() },
            CoreQuoteEffect::PlanChange { plan, annual_seat_price } => {
                QuoteEffect::PlanChange { plan, annual_seat_price: annual_seat_price.into() }
            }
            CoreQuoteEffect::AddSeats { seats } => QuoteEffect::AddSeats { seats },
            CoreQuoteEffect::Reactivation { start, end } => {
                QuoteEffect::Reactivation { start: start.into(), end: end.into() }
            }
        }
    }
}

impl TryFrom<QuoteEffect> for CoreQuoteEffect {
    type Error = BillingError;
    fn try_from(e: QuoteEffect) -> Result<Self, BillingError> {
        Ok(match e {
            QuoteEffect::NewTerm { start, end } => CoreQuoteEffect::NewTerm { start: start.0, end: end.0 },
            QuoteEffect::PlanChange { plan, annual_seat_price } => {
                CoreQuoteEffect::PlanChange { plan, annual_seat_price: annual_seat_price.try_into()? }
            }
            QuoteEffect::AddSeats { seats } => CoreQuoteEffect::AddSeats { seats },
            QuoteEffect::Reactivation { start, end } => CoreQuoteEffect::Reactivation { start: start.0, end: end.0 },
        })
    }
}

/// Where a quote stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
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

impl From<CoreQuoteStatus> for QuoteStatus {
    fn from(s: CoreQuoteStatus) -> Self {
        match s {
            CoreQuoteStatus::Open => QuoteStatus::Open,
            CoreQuoteStatus::Expired => QuoteStatus::Expired,
            CoreQuoteStatus::Accepted => QuoteStatus::Accepted,
            CoreQuoteStatus::Declined => QuoteStatus::Declined,
            CoreQuoteStatus::Withdrawn => QuoteStatus::Withdrawn,
        }
    }
}

/// A quote as the sales rep enters it (QUO-1).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewQuote {
    /// ISO 4217 currency of every amount; must be the account's currency.
    pub currency: String,
    /// Last day on which the quote can be accepted.
    pub valid_until: CalendarDay,
    /// What is offered.
    pub lines: Vec<LineInput>,
    /// What acceptance does to the subscription.
    pub effect: QuoteEffect,
}

impl TryFrom<NewQuote> for CoreNewQuote {
    type Error = BillingError;
    fn try_from(q: NewQuote) -> Result<Self, BillingError> {
        Ok(CoreNewQuote {
            currency: CoreCurrency::parse(&q.currency)?,
            valid_until: q.valid_until.0,
            lines: q.lines.into_iter().map(Into::into).collect(),
            effect: q.effect.try_into()?,
        })
    }
}

/// A quote in a list (QUO-2).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QuoteSummary {
    /// The quote.
    pub id: String,
    /// Open, expired, accepted, declined or withdrawn.
    pub status: QuoteStatus,
    /// Last day on which it can be accepted.
    pub valid_until: CalendarDay,
    /// Grand total.
    pub total: Money,
    /// When it was issued.
    pub issued_at: SystemTime,
}

impl From<CoreQuoteSummary> for QuoteSummary {
    fn from(q: CoreQuoteSummary) -> Self {
        QuoteSummary {
            id: q.id.to_string(),
            status: q.status.into(),
            valid_until: q.valid_until.into(),
            total: q.total.into(),
            issued_at: q.issued_at.into(),
        }
    }
}

/// A quote with everything on it (QUO-2).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Quote {
    /// The quote.
    pub id: String,
    /// The account it was issued to.
    pub account_id: String,
    /// Open, expired, accepted, declined or withdrawn.
    pub status: QuoteStatus,
    /// Currency of every amount.
    pub currency: String,
    /// Last day on which it can be accepted.
    pub valid_until: CalendarDay,
    /// Priced lines.
    pub lines: Vec<Line>,
    /// Net, VAT per rate, total.
    pub totals: Totals,
    /// What acceptance does to the subscription.
    pub effect: QuoteEffect,
    /// When it was issued.
    pub issued_at: SystemTime,
    /// When it was accepted, declined or withdrawn.
    pub decided_at: Option<SystemTime>,
    /// The reason given with a decline.
    pub decline_reason: Option<String>,
    /// The purchase-order number given with acceptance.
    pub purchase_order: Option<String>,
    /// The invoice issued on acceptance.
    pub invoice_id: Option<String>,
}

impl From<CoreQuote> for Quote {
    fn from(q: CoreQuote) -> Self {
        Quote {
            id: q.id.to_string(),
            account_id: q.account_id.to_string(),
            status: q.status.into(),
            currency: q.currency.code().to_owned(),
            valid_until: q.valid_until.into(),
            lines: q.lines.into_iter().map(Into::into).collect(),
            totals: q.totals.into(),
            effect: q.effect.into(),
            issued_at: q.issued_at.into(),
            decided_at: q.decided_at.map(Into::into),
            decline_reason: q.decline_reason,
            purchase_order: q.purchase_order,
            invoice_id: q.invoice_id.map(|i| i.to_string()),
        }
    }
}
