//! Priced lines and their totals, exact to the minor unit (INV-5, EN 16931 BR-CO-17).

use crate::error::{Error, Result};
use crate::values::{Currency, Money, bounds, text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A line as entered: description, quantity, unit price (in the document currency) and VAT rate
/// in percent (19 means 19 %).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInput {
    /// What is sold.
    pub description: String,
    /// How many; positive, at most 4 decimal places.
    pub quantity: Decimal,
    /// Price of one unit; may be negative for a discount line.
    pub unit_price: Decimal,
    /// VAT rate in percent, 0 to 100.
    pub vat_rate: Decimal,
}

/// A checked, priced line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// What is sold.
    pub description: String,
    /// How many.
    pub quantity: Decimal,
    /// Price of one unit.
    pub unit_price: Decimal,
    /// VAT rate in percent.
    pub vat_rate: Decimal,
    /// quantity x unit price, rounded to the minor unit.
    pub net: Money,
}

/// VAT for one rate: the sum of that rate's line nets and the tax on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatSubtotal {
    /// VAT rate in percent.
    pub rate: Decimal,
    /// Sum of the nets of the lines at this rate.
    pub taxable: Money,
    /// taxable x rate / 100, rounded to the minor unit.
    pub vat: Money,
}

/// Totals of a quote or invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The most lines a quote or invoice may carry.
pub const MAX_LINES: usize = 200;

fn overflow() -> Error {
    Error::invalid("lines", "amounts are too large")
}

/// Checks and prices `inputs` in `currency`.
///
/// ```
/// use corporate_billing::{price_lines, Currency, LineInput};
/// use rust_decimal::Decimal;
/// let eur = Currency::parse("EUR").unwrap();
/// let line = |q, p| LineInput { description: "Seat".into(), quantity: q, unit_price: p, vat_rate: Decimal::from(19) };
/// let (_, totals) = price_lines(&[line(Decimal::from(3), Decimal::new(3333, 2))], eur).unwrap();
/// assert_eq!(totals.net.amount(), Decimal::new(9999, 2));
/// assert_eq!(totals.vat.amount(), Decimal::new(1900, 2)); // 18.9981 rounds to 19.00
/// assert_eq!(totals.total.amount(), Decimal::new(11899, 2));
/// ```
pub fn price_lines(inputs: &[LineInput], currency: Currency) -> Result<(Vec<Line>, Totals)> {
    if inputs.is_empty() {
        return Err(Error::invalid("lines", "at least one line is required"));
    }
    if inputs.len() > MAX_LINES {
        return Err(Error::invalid("lines", format!("at most {MAX_LINES} lines")));
    }
    let mut lines = Vec::with_capacity(inputs.len());
    let mut by_rate: BTreeMap<Decimal, Decimal> = BTreeMap::new();
    for (i, input) in inputs.iter().enumerate() {
        let field = |name: &str| format!("lines[{i}].{name}");
        let description = text::required(&field("description"), &input.description, 200)?;
        if input.quantity <= Decimal::ZERO || input.quantity.scale() > 4 {
            return Err(Error::invalid(field("quantity"), "must be positive with at most 4 decimal places"));
        }
        if input.quantity > Decimal::from(bounds::MAX_QUANTITY) {
            return Err(Error::invalid(field("quantity"), "may not exceed 1,000,000,000"));
        }
        if input.unit_price.scale() > 6 {
            return Err(Error::invalid(field("unit_price"), "at most 6 decimal places"));
        }
        bounds::price(&field("unit_price"), input.unit_price)?;
        if input.vat_rate < Decimal::ZERO || input.vat_rate > Decimal::ONE_HUNDRED || input.vat_rate.scale() > 4 {
            return Err(Error::invalid(field("vat_rate"), "must be a percentage from 0 to 100"));
        }
        let net = currency.round(input.quantity.checked_mul(input.unit_price).ok_or_else(overflow)?);
        let rate = input.vat_rate.normalize();
        let sum = by_rate.entry(rate).or_insert(Decimal::ZERO);
        *sum = sum.checked_add(net).ok_or_else(overflow)?;
        lines.push(Line {
            description,
            quantity: input.quantity.normalize(),
            unit_price: input.unit_price,
            vat_rate: rate,
            net: Money::new(net, currency),
        });
    }
    let mut net = Decimal::ZERO;
    let mut vat = Decimal::ZERO;
    let mut vat_breakdown = Vec::with_capacity(by_rate.len());
    for (rate, taxable) in by_rate {
        let tax = currency.round(taxable.checked_mul(rate).ok_or_else(overflow)? / Decimal::ONE_HUNDRED);
        net = net.checked_add(taxable).ok_or_else(overflow)?;
        vat = vat.checked_add(tax).ok_or_else(overflow)?;
        vat_breakdown.push(VatSubtotal {
            rate,
            taxable: Money::new(taxable, currency),
            vat: Money::new(tax, currency),
        });
    }
    let total = net.checked_add(vat).ok_or_else(overflow)?;
    if total < Decimal::ZERO {
        return Err(Error::invalid("lines", "the total may not be negative"));
    }
    let totals = Totals {
        net: Money::new(net, currency),
        vat_breakdown,
        vat: Money::new(vat, currency),
        total: Money::new(total, currency),
    };
    Ok((lines, totals))
}

impl Totals {
    /// The same totals with every amount negated, for a credit note.
    pub fn negated(&self) -> Totals {
        Totals {
            net: self.net.negated(),
            vat_breakdown: self
                .vat_breakdown
                .iter()
                .map(|v| VatSubtotal { rate: v.rate, taxable: v.taxable.negated(), vat: v.vat.negated() })
                .collect(),
            vat: self.vat.negated(),
            total: self.total.negated(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn line(q: Decimal, p: Decimal, r: Decimal) -> LineInput {
        LineInput { description: "x".into(), quantity: q, unit_price: p, vat_rate: r }
    }

    // DOMAIN: INV-5
    #[test]
    fn vat_is_computed_per_rate_on_the_sum_of_rounded_line_nets() {
        let eur = Currency::parse("EUR").unwrap();
        // Three lines at 0.015 each: each net rounds to 0.02 (half away from zero), sum 0.06.
        // VAT at 19 % on 0.06 = 0.0114 -> 0.01. Per-line VAT would give 3 x 0.0038 -> 0.00.
        let (lines, t) = price_lines(
            &[
                line(dec!(1), dec!(0.015), dec!(19)),
                line(dec!(1), dec!(0.015), dec!(19)),
                line(dec!(1), dec!(0.015), dec!(19)),
                line(dec!(2), dec!(10.005), dec!(7)),
            ],
            eur,
        )
        .unwrap();
        assert_eq!(lines[0].net.amount(), dec!(0.02));
        assert_eq!(lines[3].net.amount(), dec!(20.01));
        assert_eq!(t.vat_breakdown.len(), 2);
        assert_eq!(t.vat_breakdown[0].rate, dec!(7));
        assert_eq!(t.vat_breakdown[0].vat.amount(), dec!(1.40)); // 20.01 x 7 % = 1.4007
        assert_eq!(t.vat_breakdown[1].taxable.amount(), dec!(0.06));
        assert_eq!(t.vat_breakdown[1].vat.amount(), dec!(0.01));
        assert_eq!(t.net.amount(), dec!(20.07));
        assert_eq!(t.vat.amount(), dec!(1.41));
        assert_eq!(t.total.amount(), t.net.amount() + t.vat.amount());
    }

    // DOMAIN: INV-5
    #[test]
    fn minor_units_follow_the_currency() {
        for (code, price, total) in
            [("JPY", dec!(333.5), dec!(1101)), ("BHD", dec!(0.3335), dec!(1.101)), ("USD", dec!(0.335), dec!(1.11))]
        {
            let (_, t) = price_lines(&[line(dec!(3), price, dec!(10))], Currency::parse(code).unwrap()).unwrap();
            assert_eq!(t.total.amount(), total, "{code}");
        }
    }

    // DOMAIN: API-2
    #[test]
    fn bad_lines_are_refused_with_the_field_named() {
        let eur = Currency::parse("EUR").unwrap();
        for (input, field) in [
            (line(dec!(0), dec!(1), dec!(19)), "lines[0].quantity"),
            (line(dec!(-1), dec!(1), dec!(19)), "lines[0].quantity"),
            (line(dec!(1), dec!(1), dec!(101)), "lines[0].vat_rate"),
            (line(dec!(1), dec!(1), dec!(-1)), "lines[0].vat_rate"),
            (LineInput { description: " ".into(), ..line(dec!(1), dec!(1), dec!(0)) }, "lines[0].description"),
            (line(Decimal::MAX, dec!(1), dec!(0)), "lines[0].quantity"),
            (line(dec!(1000000001), dec!(1), dec!(0)), "lines[0].quantity"),
            (line(dec!(1), Decimal::MAX, dec!(0)), "lines[0].unit_price"),
            (line(dec!(1), Decimal::MIN, dec!(0)), "lines[0].unit_price"),
        ] {
            match price_lines(std::slice::from_ref(&input), eur) {
                Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field, "{input:?}"),
                other => panic!("{input:?}: {other:?}"),
            }
        }
        assert!(price_lines(&[], eur).is_err());
    }
}
