//! The handlers, one file per part of the portal. Each handler makes one trip to the blocking
//! pool ([`crate::app::AppState::run`]) with every library call it needs, then renders.

pub mod account;
pub mod auth;
pub mod billing;
pub mod invoices;
pub mod quotes;
pub mod requests;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use corporate_billing::documents::locale;
use corporate_billing::{Error, Line, PaymentMethodView, Totals};
use rust_decimal::Decimal;
use time::Date;
use time::macros::format_description;

use crate::i18n::Lang;
use crate::views::{Flash, LineView, LinesView, VatView};
use crate::visit::{Failure, Visit};

/// Any path the portal does not serve: an HTML page with the header (sign-out and accounts for
/// the signed-in) and a way back, not the browser's own empty page.
pub async fn not_found(
    axum::extract::State(app): axum::extract::State<std::sync::Arc<crate::app::AppState>>,
    v: Visit,
) -> Response {
    let t = v.lang.texts();
    let page = crate::views::Message {
        c: v.frame(&app, t.not_found_title, None),
        text: t.page_not_found.to_owned(),
        back_href: "/",
        back_label: t.back,
    };
    (axum::http::StatusCode::NOT_FOUND, crate::visit::render(&page)).into_response()
}

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

/// Lines and totals, formatted as the library prints them in `lang`.
pub fn lines_view(lang: Lang, lines: &[Line], totals: &Totals) -> LinesView {
    let (t, l10n) = (lang.texts(), lang.language());
    LinesView {
        lines: lines
            .iter()
            .map(|l| LineView {
                description: l.description.clone(),
                quantity: lang.number(l.quantity),
                unit_price: locale::unit_price(l.unit_price, l.net.currency(), l10n),
                vat_rate: locale::percent(l.vat_rate, l10n),
                net: lang.money(&l.net),
            })
            .collect(),
        net: lang.money(&totals.net),
        vat: totals
            .vat_breakdown
            .iter()
            .map(|v| VatView {
                label: format!("{} {}", t.vat_on, locale::percent(v.rate, l10n)),
                amount: lang.money(&v.vat),
            })
            .collect(),
        total: lang.money(&totals.total),
    }
}

/// The payment method as the library describes it in the page's language (DOCS-2).
pub fn payment_text(lang: Lang, method: &PaymentMethodView) -> String {
    method.describe_in(lang.language())
}

/// A file the browser saves rather than shows. The name is reduced to letters, digits, `-`, `_`
/// and `.`, so nothing in it can break out of the header's quotes.
pub fn download(file_name: &str, content_type: String, bytes: Vec<u8>) -> Response {
    let safe: String =
        file_name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect();
    let disposition = format!("attachment; filename=\"{safe}\"");
    ([(header::CONTENT_TYPE, content_type), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response()
}
