//! Bounds on the amounts and dates that vendor staff type in. They lie far beyond any real
//! contract and far enough inside the limits of `Decimal` (about 7.9 x 10^28) and `time::Date`
//! (the year 9999) that no product, sum, due date or renewal computed from them can overflow.

use crate::error::{Error, Result};
use rust_decimal::Decimal;
use time::Date;

/// The earliest year of a term, quote, run or other business date.
pub(crate) const FIRST_YEAR: i32 = 1970;
/// The latest such year: a thousand years of yearly renewals still end far from year 9999.
pub(crate) const LAST_YEAR: i32 = 2999;
/// The largest unit or seat price, in currency units (10^12).
pub(crate) const MAX_PRICE: i64 = 1_000_000_000_000;
/// The largest quantity on a line (10^9). With [`MAX_PRICE`] and 200 lines, totals stay below
/// 10^24.
pub(crate) const MAX_QUANTITY: i64 = 1_000_000_000;
/// The most seats an account opens with; quotes add at most as many at a time.
pub(crate) const MAX_SEATS: u32 = 1_000_000;

/// `date`, if its year lies from [`FIRST_YEAR`] to [`LAST_YEAR`].
pub(crate) fn business_date(field: &str, date: Date) -> Result<Date> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(Error::invalid(field, format!("must lie in the years {FIRST_YEAR} to {LAST_YEAR}")))
    }
}

/// `date`, a billing run's date, if it lies at most `horizon_days` after `today` (SUB-3, DUN-1):
/// a run date typed with the wrong year would otherwise issue every invoice or reminder up to
/// it at once.
pub(crate) fn run_date(field: &str, date: Date, today: Date, horizon_days: u32) -> Result<Date> {
    business_date(field, date)?;
    if (date - today).whole_days() > i64::from(horizon_days) {
        return Err(Error::invalid(field, format!("lies more than {horizon_days} days after today")));
    }
    Ok(date)
}

/// `amount`, if it is at most [`MAX_PRICE`] either side of zero.
pub(crate) fn price(field: &str, amount: Decimal) -> Result<Decimal> {
    if amount.abs() <= Decimal::from(MAX_PRICE) {
        Ok(amount)
    } else {
        Err(Error::invalid(field, "may not exceed 1,000,000,000,000"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    // DOMAIN: API-2
    #[test]
    fn extreme_dates_and_prices_are_refused_with_the_field() {
        assert_eq!(business_date("d", date!(2026 - 06 - 30)), Ok(date!(2026 - 06 - 30)));
        for d in [date!(9999 - 12 - 31), date!(3000 - 01 - 01), date!(1969 - 12 - 31), Date::MIN] {
            assert!(matches!(business_date("d", d), Err(Error::InvalidInput { field, .. }) if field == "d"), "{d}");
        }
        assert!(price("p", Decimal::from(MAX_PRICE)).is_ok());
        assert!(price("p", -Decimal::from(MAX_PRICE)).is_ok());
        for p in [Decimal::MAX, Decimal::MIN, Decimal::from(MAX_PRICE) + Decimal::ONE] {
            assert!(matches!(price("p", p), Err(Error::InvalidInput { field, .. }) if field == "p"), "{p}");
        }
    }
}
