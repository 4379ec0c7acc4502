//! The handlers, one file per part of the portal. Each handler makes one trip to the blocking
//! pool ([`crate::app::AppState::run`]) with every library call it needs, then renders.

pub mod account;
pub mod auth;
pub mod billing;
pub mod invoices;
pub mod quotes;
pub mod requests;

use corporate_billing::{Error, Line, PaymentMethodView, Totals};
use rust_decimal::Decimal;
use time::Date;
use time::macros::format_description;

use crate::i18n::Lang;
use crate::views::{Flash, LineView, LinesView, VatView};
use crate::visit::{Failure, Visit};

/// A form's error that the page shows above the form; an ended session, a refusal of access or
/// an unknown object is a page of its own instead.
pub fn form_error(v: &Visit, e: Error) -> Result<Option<Flash>, Failure> {
    match e {
        Error::Unauthenticated | Error::Forbidden | Error::NotFound { .. } => Err(v.fail(e)),
        other => Ok(Flash::error(v.lang.error(&other))),
    }
}

/// An HTML date input's value.
pub fn parse_date(field: &str, input: &str) -> Result<Date, Error> {
    Date::parse(input.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|_| Error::InvalidInput { field: field.into(), reason: "expected a date".into() })
}

/// A decimal typed in either language's notation (`1234.50`, `1234,50`).
pub fn parse_decimal(field: &str, input: &str) -> Result<Decimal, Error> {
    input
        .trim()
        .replace(',', ".")
        .parse::<Decimal>()
        .map_err(|_| Error::InvalidInput { field: field.into(), reason: "expected a number".into() })
}

/// An empty form field as `None`.
pub fn optional(input: &str) -> Option<&str> {
    Some(input.trim()).filter(|s| !s.is_empty())
}

/// A decimal as a person reads it in `lang`.
pub fn number(lang: Lang, d: Decimal) -> String {
    let s = d.normalize().to_string();
    if lang == Lang::De { s.replace('.', ",") } else { s }
}

/// Lines and totals, formatted.
pub fn lines_view(lang: Lang, lines: &[Line], totals: &Totals) -> LinesView {
    let t = lang.texts();
    LinesView {
        lines: lines
            .iter()
            .map(|l| LineView {
                description: l.description.clone(),
                quantity: number(lang, l.quantity),
                unit_price: number(lang, l.unit_price),
                vat_rate: format!("{} %", number(lang, l.vat_rate)),
                net: l.net.to_string(),
            })
            .collect(),
        net: totals.net.to_string(),
        vat: totals
            .vat_breakdown
            .iter()
            .map(|v| VatView { label: format!("{} {} %", t.vat_on, number(lang, v.rate)), amount: v.vat.to_string() })
            .collect(),
        total: totals.total.to_string(),
    }
}

/// The payment method as the library describes it; in German after the German name of its kind,
/// since the library's description is English.
pub fn payment_text(lang: Lang, method: &PaymentMethodView) -> String {
    match lang {
        Lang::En => method.description.clone(),
        Lang::De => format!("{}: {}", lang.payment_kind(method.kind), method.description),
    }
}
