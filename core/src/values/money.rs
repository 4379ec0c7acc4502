//! Exact money: decimal amounts in an ISO 4217 currency, rounded to its minor unit (INV-5).

use crate::error::{Error, Result};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 currency with its minor unit (JPY 0, EUR 2, BHD 3).
///
/// ```
/// use corporate_billing::Currency;
/// assert_eq!(Currency::parse("bhd").unwrap().minor_units(), 3);
/// assert!(Currency::parse("XYZ").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct Currency(iso_currency::Currency);

impl Currency {
    /// Looks up an ISO 4217 alphabetic code. Funds and metals without a minor unit are refused.
    pub fn parse(code: &str) -> Result<Self> {
        // Stored and most given codes are already upper case: no copy for them.
        let code = code.trim();
        let c = if code.bytes().all(|b| b.is_ascii_uppercase()) {
            iso_currency::Currency::from_code(code)
        } else {
            iso_currency::Currency::from_code(&code.to_ascii_uppercase())
        }
        .ok_or_else(|| Error::invalid("currency", "not an ISO 4217 currency code"))?;
        if c.exponent().is_none() {
            return Err(Error::invalid("currency", "has no minor unit"));
        }
        Ok(Currency(c))
    }

    /// The three-letter code.
    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    /// Digits after the decimal point of the currency's minor unit.
    pub fn minor_units(&self) -> u32 {
        u32::from(self.0.exponent().unwrap_or(0))
    }

    /// Rounds half away from zero to the minor unit.
    ///
    /// ```
    /// use corporate_billing::Currency;
    /// use rust_decimal::Decimal;
    /// let jpy = Currency::parse("JPY").unwrap();
    /// assert_eq!(jpy.round(Decimal::new(25, 1)), Decimal::from(3));
    /// ```
    pub fn round(&self, amount: Decimal) -> Decimal {
        let minor = self.minor_units();
        // Stored amounts already are at the minor unit: every listed invoice row has two.
        if amount.scale() == minor {
            return amount;
        }
        let mut r = amount.round_dp_with_strategy(minor, RoundingStrategy::MidpointAwayFromZero);
        r.rescale(minor);
        r
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl TryFrom<String> for Currency {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        Currency::parse(&s)
    }
}

/// Written as its code, without the copy that `into = "String"` would make for every one.
impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_owned()
    }
}

/// An amount of money in one currency, always at the currency's minor unit.
///
/// ```
/// use corporate_billing::{Currency, Money};
/// use rust_decimal::Decimal;
/// let eur = Currency::parse("EUR").unwrap();
/// let a = Money::new(Decimal::new(1005, 3), eur); // 1.005 rounds half away from zero
/// assert_eq!(a.to_string(), "1.01 EUR");
/// let b = a.checked_add(&a).unwrap();
/// assert_eq!(b.amount(), Decimal::new(202, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// `amount` rounded to `currency`'s minor unit.
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount: currency.round(amount), currency }
    }

    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Self {
        Money::new(Decimal::ZERO, currency)
    }

    /// The amount, scaled to the minor unit.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The sum, or [`Error::CurrencyMismatch`] if the currencies differ.
    pub fn checked_add(&self, other: &Money) -> Result<Money> {
        if self.currency != other.currency {
            return Err(Error::CurrencyMismatch);
        }
        let sum = self.amount.checked_add(other.amount).ok_or_else(|| Error::invalid("amount", "too large"))?;
        Ok(Money::new(sum, self.currency))
    }

    /// The amount with its sign flipped (for credit notes).
    pub fn negated(&self) -> Money {
        Money { amount: -self.amount, currency: self.currency }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    // DOMAIN: INV-5
    #[test]
    fn rounds_half_away_from_zero_to_the_minor_unit() {
        for (code, input, expected) in [
            ("EUR", dec!(0.005), dec!(0.01)),
            ("EUR", dec!(-0.005), dec!(-0.01)),
            ("EUR", dec!(2.345), dec!(2.35)),
            ("EUR", dec!(2.3449), dec!(2.34)),
            ("USD", dec!(10), dec!(10.00)),
            ("JPY", dec!(100.5), dec!(101)),
            ("JPY", dec!(-100.5), dec!(-101)),
            ("BHD", dec!(1.0005), dec!(1.001)),
            ("BHD", dec!(1.0004), dec!(1.000)),
            ("EUR", dec!(-2.35), dec!(-2.35)),
            ("JPY", dec!(7), dec!(7)),
        ] {
            let c = Currency::parse(code).unwrap();
            let got = c.round(input);
            assert_eq!(got, expected, "{code} {input}");
            assert_eq!(got.scale(), c.minor_units(), "{code} {input} keeps the minor unit scale");
        }
    }

    // DOMAIN: INV-5
    #[test]
    fn currencies_never_mix() {
        let eur = Money::new(dec!(1), Currency::parse("EUR").unwrap());
        let usd = Money::new(dec!(1), Currency::parse("USD").unwrap());
        assert_eq!(eur.checked_add(&usd), Err(Error::CurrencyMismatch));
    }
}
