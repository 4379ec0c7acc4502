//! Values that cross the boundary as strings: exact decimals and calendar dates.
//!
//! They are UniFFI custom types. `uniffi.toml` turns them into the platform's own types on the
//! foreign side; here `try_lift` parses them and returns [`BillingError::InvalidInput`] for
//! anything malformed (it never panics), which UniFFI hands to the caller as the typed error of
//! the method that received it.

use crate::error::BillingError;
use rust_decimal::Decimal;
use time::Date;

/// Longest decimal text accepted; rust_decimal holds 28-29 significant digits.
const MAX_DECIMAL_CHARS: usize = 64;

/// Parses exact decimal text ("19.99", "-0.005", "100"): no exponent, no rounding, no
/// surrounding spaces. The foreign side sends `Decimal.description` (Swift) or
/// `BigDecimal.toPlainString()` (Kotlin).
fn parse_decimal(field: &str, text: &str) -> Result<Decimal, BillingError> {
    if text.len() > MAX_DECIMAL_CHARS {
        return Err(BillingError::invalid(field, "has too many digits"));
    }
    Decimal::from_str_exact(text).map_err(|_| BillingError::invalid(field, "is not an exact decimal number"))
}

macro_rules! decimal_type {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name(pub Decimal);

        uniffi::custom_type!($name, String, {
            lower: |value| value.0.to_string(),
            try_lift: |text| Ok($name(parse_decimal($field, &text)?)),
        });

        impl From<Decimal> for $name {
            fn from(d: Decimal) -> Self {
                $name(d)
            }
        }

        impl From<$name> for Decimal {
            fn from(v: $name) -> Self {
                v.0
            }
        }
    };
}

decimal_type!(
    /// An exact amount of money (or a unit price) in a currency named beside it. Swift `Decimal`,
    /// Kotlin `BigDecimal`; never a binary floating-point number.
    Amount,
    "amount"
);
decimal_type!(
    /// A VAT rate in percent (19 means 19 %). Swift `Decimal`, Kotlin `BigDecimal`.
    Percent,
    "vat_rate"
);
decimal_type!(
    /// How many units a line sells. Swift `Decimal`, Kotlin `BigDecimal`.
    Quantity,
    "quantity"
);

/// A calendar date without time or zone (a due date, a term's first day). Carried as ISO 8601
/// `YYYY-MM-DD`; Kotlin `java.time.LocalDate`, Swift `DateComponents` with year, month and day
/// (Foundation has no date-only type, and a `Date` would invent a time and a zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CalendarDay(pub Date);

fn format_day(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn parse_day(text: &str) -> Result<Date, BillingError> {
    Date::parse(text, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|_| BillingError::invalid("date", "is not a calendar date (YYYY-MM-DD)"))
}

uniffi::custom_type!(CalendarDay, String, {
    lower: |day| format_day(day.0),
    try_lift: |text| Ok(CalendarDay(parse_day(&text)?)),
});

impl From<Date> for CalendarDay {
    fn from(d: Date) -> Self {
        CalendarDay(d)
    }
}

impl From<CalendarDay> for Date {
    fn from(d: CalendarDay) -> Self {
        d.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_round_trip_exactly_and_bad_text_is_a_typed_error() {
        for text in
            ["19.99", "-0.005", "100", "0.10", "79228162514264337593543950335", "0.0000000000000000000000000001"]
        {
            let d = parse_decimal("amount", text).unwrap();
            assert_eq!(d.to_string(), text, "{text}");
        }
        for bad in ["", " 1", "1e3", "NaN", "1,5", "12.3.4", "99999999999999999999999999999999", &"1".repeat(70)] {
            let err = parse_decimal("amount", bad).unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{bad}");
        }
    }

    #[test]
    fn calendar_days_are_iso_8601() {
        let d = parse_day("2026-02-28").unwrap();
        assert_eq!(format_day(d), "2026-02-28");
        assert_eq!(format_day(parse_day("0001-01-01").unwrap()), "0001-01-01");
        for bad in ["2026-02-30", "2026-2-28", "26-02-28", "", "2026-02-28T00:00", "0000-00-00"] {
            assert_eq!(parse_day(bad).unwrap_err().code(), "invalid_input", "{bad}");
        }
    }
}
