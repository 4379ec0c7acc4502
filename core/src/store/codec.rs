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
pub(crate) fn variant_name<T: serde::Serialize>(v: &T) -> &'static str {
    v.serialize(VariantName).unwrap_or_else(|_| unreachable!("stored enums are unit variants"))
}

/// The variant named `s`; anything else is a corrupt value.
fn from_variant_name<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> Result<T> {
    use serde::de::IntoDeserializer as _;
    T::deserialize(s.into_deserializer()).map_err(|_: serde::de::value::Error| corrupt(what))
}

/// A serializer that only takes a unit variant, and hands back its name as serde has it:
/// enums are bound and read by the thousand (two per invoice row), so without a copy or a
/// JSON value on the way.
struct VariantName;

macro_rules! not_a_unit_variant {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {$(
        fn $method(self, $(_: $arg),*) -> std::result::Result<$ok, NotAUnitVariant> {
            Err(NotAUnitVariant)
        }
    )*};
}

#[derive(Debug)]
struct NotAUnitVariant;

impl std::fmt::Display for NotAUnitVariant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a unit variant")
    }
}

impl std::error::Error for NotAUnitVariant {}

impl serde::ser::Error for NotAUnitVariant {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        NotAUnitVariant
    }
}

impl serde::Serializer for VariantName {
    type Ok = &'static str;
    type Error = NotAUnitVariant;
    type SerializeSeq = serde::ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeTuple = serde::ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeTupleStruct = serde::ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeTupleVariant = serde::ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeMap = serde::ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeStruct = serde::ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeStructVariant = serde::ser::Impossible<&'static str, NotAUnitVariant>;

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> std::result::Result<&'static str, NotAUnitVariant> {
        Ok(variant)
    }

    not_a_unit_variant! {
        serialize_bool(bool) -> &'static str;
        serialize_i8(i8) -> &'static str;
        serialize_i16(i16) -> &'static str;
        serialize_i32(i32) -> &'static str;
        serialize_i64(i64) -> &'static str;
        serialize_u8(u8) -> &'static str;
        serialize_u16(u16) -> &'static str;
        serialize_u32(u32) -> &'static str;
        serialize_u64(u64) -> &'static str;
        serialize_f32(f32) -> &'static str;
        serialize_f64(f64) -> &'static str;
        serialize_char(char) -> &'static str;
        serialize_str(&str) -> &'static str;
        serialize_bytes(&[u8]) -> &'static str;
        serialize_none() -> &'static str;
        serialize_unit() -> &'static str;
        serialize_unit_struct(&'static str) -> &'static str;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: serde::Serialize + ?Sized>(self, _: &T) -> std::result::Result<&'static str, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }

    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> std::result::Result<&'static str, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }

    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> std::result::Result<&'static str, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }
}

/// Stores each enum by its variant name.
macro_rules! stored_by_name {
    ($($t:ty => $what:literal),* $(,)?) => {$(
        impl Param for $t {
            fn val(&self) -> Val<'_> {
                Val::Text(Cow::Borrowed(variant_name(self)))
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

impl Column for crate::values::EmailAddress {
    fn from_val(v: Val<'_>) -> Result<Self> {
        String::from_val(v).map(Self::from_stored)
    }
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

    #[test]
    fn enums_are_stored_by_their_serde_names_and_unknown_names_are_corrupt() {
        use crate::domain::invoice::{InvoiceKind, InvoiceStatus};
        use crate::domain::subscription::BillingInterval;
        fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(v: T) {
            let name = variant_name(&v);
            assert_eq!(serde_json::to_value(&v).unwrap(), serde_json::Value::String(name.to_owned()));
            assert_eq!(from_variant_name::<T>(name, "test").unwrap(), v);
        }
        round_trip(InvoiceKind::CreditNote);
        round_trip(InvoiceStatus::Void);
        round_trip(BillingInterval::SemiAnnual);
        round_trip(crate::values::Language::De);
        assert_eq!(variant_name(&BillingInterval::SemiAnnual), "semi_annual");
        for bad in ["SemiAnnual", "semi-annual", "", "semi_annual "] {
            assert!(from_variant_name::<BillingInterval>(bad, "billing interval").is_err(), "{bad:?}");
        }
    }
}
