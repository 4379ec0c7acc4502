//! How values the schema does not know natively are stored, on both engines: dates as ISO 8601
//! text (sortable), instants as Unix seconds, money and rates as decimal text, documents as JSON.

use super::sql::{Column, Param, Val};
use crate::error::{Error, Result};
use crate::values::Currency;
use rust_decimal::Decimal;
use std::borrow::Cow;
use time::{Date, OffsetDateTime};

fn corrupt(what: &str) -> Error {
    Error::Storage(format!("corrupt {what}"))
}

impl Param for Date {
    fn val(&self) -> Val<'_> {
        Val::Text(Cow::Owned(crate::values::calendar::iso(*self)))
    }
}

impl Column for Date {
    fn from_val(v: Val<'_>) -> Result<Self> {
        match v {
            Val::Text(s) => parse_date(&s),
            _ => Err(corrupt("date")),
        }
    }
}

impl Param for OffsetDateTime {
    fn val(&self) -> Val<'_> {
        Val::Int(self.unix_timestamp())
    }
}

impl Column for OffsetDateTime {
    fn from_val(v: Val<'_>) -> Result<Self> {
        OffsetDateTime::from_unix_timestamp(i64::from_val(v)?).map_err(|_| corrupt("instant"))
    }
}

impl Param for Decimal {
    fn val(&self) -> Val<'_> {
        Val::Text(Cow::Owned(self.to_string()))
    }
}

impl Column for Decimal {
    fn from_val(v: Val<'_>) -> Result<Self> {
        match v {
            Val::Text(s) => s.parse().map_err(|_| corrupt("amount")),
            _ => Err(corrupt("amount")),
        }
    }
}

/// The serde name of a unit variant (`snake_case` throughout the domain): the one spelling of an
/// enum in the database, the same one the bindings and JSON show.
pub(crate) fn variant_name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => unreachable!("stored enums are unit variants"),
    }
}

fn from_variant_name<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|_| corrupt(what))
}

/// Stores each enum by its variant name.
macro_rules! stored_by_name {
    ($($t:ty => $what:literal),* $(,)?) => {$(
        impl Param for $t {
            fn val(&self) -> Val<'_> {
                Val::Text(Cow::Owned(variant_name(self)))
            }
        }

        impl Column for $t {
            fn from_val(v: Val<'_>) -> Result<Self> {
                match v {
                    Val::Text(s) => from_variant_name(&s, $what),
                    _ => Err(corrupt($what)),
                }
            }
        }
    )*};
}

stored_by_name! {
    super::credentials::LinkPurpose => "link purpose",
    crate::domain::quote::QuoteStatus => "quote status",
    crate::domain::subscription::SubscriptionStatus => "subscription status",
    crate::domain::subscription::BillingInterval => "billing interval",
    crate::domain::invoice::InvoiceKind => "invoice kind",
    crate::domain::invoice::InvoiceStatus => "invoice status",
    crate::domain::request::RequestStatus => "request status",
    crate::domain::account::AccountKind => "account kind",
    crate::domain::account::StaffKind => "staff kind",
    crate::values::Language => "document language",
    crate::domain::payment::ReversalReason => "reversal reason",
    crate::values::PaymentKind => "payment kind",
}

impl Param for Currency {
    fn val(&self) -> Val<'_> {
        Val::Text(Cow::Borrowed(self.code()))
    }
}

impl Column for Currency {
    fn from_val(v: Val<'_>) -> Result<Self> {
        match v {
            Val::Text(s) => Currency::parse(&s),
            _ => Err(corrupt("currency")),
        }
    }
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    // Sized for an invoice document, so that writing one does not grow the buffer step by step.
    let mut out = Vec::with_capacity(2048);
    serde_json::to_writer(&mut out, v)?;
    Ok(String::from_utf8(out).unwrap_or_else(|_| unreachable!("serde_json writes UTF-8")))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    Ok(serde_json::from_str(s)?)
}

/// Reads a stored `YYYY-MM-DD` date. Written out by hand: a format-description parser showed up
/// in profiles of the invoice list, which reads two dates per row.
fn parse_date(s: &str) -> Result<Date> {
    let corrupt = || corrupt("date");
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !shape_ok {
        return Err(corrupt());
    }
    let num = |from: usize, to: usize| b[from..to].iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
    let month = time::Month::try_from(num(5, 7) as u8).map_err(|_| corrupt())?;
    Date::from_calendar_date(i32::from(num(0, 4)), month, num(8, 10) as u8).map_err(|_| corrupt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn stored_dates_read_back_and_malformed_ones_are_refused() {
        for d in [date!(2026 - 03 - 02), date!(2024 - 02 - 29), date!(1999 - 12 - 31), date!(0001 - 01 - 01)] {
            assert_eq!(parse_date(&d.to_string()).unwrap(), d, "{d}");
        }
        for bad in
            ["2026-13-01", "2026-02-30", "2026-00-10", "2026-3-02", "2026/03/02", "", "2026-03-02x", "+2026-03-0"]
        {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }
}
