//! The billing data the contact changes directly: payment method (PAY-1..3), address without the
//! country (ADDR-1), phone (ADDR-2), invoice recipients (REC-1) and purchase orders (PO-1).
//! Every change goes through the library, which validates it and decides who may make it.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use corporate_billing::{
    AccountId, AchDebit, AddressLines, BuyerEInvoicingInput, CardBrand, CardOnFile, EInvoiceFormat, Error,
    PaymentMethod, PurchaseOrderId, SepaDebit,
};
use serde::Deserialize;
use std::sync::Arc;

use super::account::account_id;
use super::{form_error, optional, parse_date};
use crate::app::AppState;
use crate::views::{Billing, BillingView, Flash, PoView};
use crate::visit::{Reply, Visit, render, see_other};

#[derive(Deserialize, Default)]
pub struct Saved {
    saved: Option<String>,
}

async fn billing_page(app: &AppState, v: &Visit, account: AccountId, flash: Option<Flash>) -> Reply {
    let caller = v.caller.clone();
    let (o, pos, e) = app
        .run(move |p| {
            Ok((
                p.account(&caller, account)?,
                p.purchase_orders(&caller, account)?,
                p.e_invoice_settings(&caller, account)?,
            ))
        })
        .await
        .map_err(|e| v.fail(e))?;
    let lang = v.lang;
    let t = lang.texts();
    let a = &o.billing_address;
    let b = BillingView {
        payment: super::payment_text(lang, &o.payment_method),
        line1: a.line1().to_owned(),
        line2: a.line2().to_owned(),
        city: a.city().to_owned(),
        region: a.region().to_owned(),
        postal_code: a.postal_code().to_owned(),
        country: a.country().code().to_owned(),
        phone: o.phone.to_string(),
        recipients: o.invoice_recipients.iter().flatten().map(ToString::to_string).collect(),
        requires_po: o.requires_purchase_order,
        purchase_orders: pos
            .iter()
            .map(|p| PoView {
                id: p.id.to_string(),
                number: p.number.clone(),
                expires_on: p.expires_on.to_string(),
                version: p.version,
            })
            .collect(),
        buyer_vat_id: e.buyer.vat_id.as_ref().map(|v| v.as_str().to_owned()).unwrap_or_default(),
        buyer_reference: e.buyer.reference.clone().unwrap_or_default(),
        address_scheme: e.buyer.electronic_address.as_ref().map(|a| a.scheme().to_owned()).unwrap_or_default(),
        address_id: e.buyer.electronic_address.as_ref().map(|a| a.identifier().to_owned()).unwrap_or_default(),
        // Only the formats the account's data satisfies are offered (EINV-6).
        formats: e.available.iter().map(|f| (f.code(), f.label(), e.chosen == Some(*f))).collect(),
        format_default: e.chosen.is_none(),
        default_format: e.default.label(),
    };
    let id = account.to_string();
    let c = v.account_frame(app, t.billing, (&id, &o.company_name), "/billing", flash);
    let brands = vec![
        ("visa", "Visa"),
        ("mastercard", "Mastercard"),
        ("amex", "American Express"),
        ("discover", "Discover"),
        ("other", t.rk_other),
    ];
    let simple_methods =
        vec![("wire_transfer", t.pk_wire), ("check", t.pk_check), ("standing_order", t.pk_standing_order)];
    Ok(render(&Billing { c, account: id, b, brands, simple_methods }))
}

/// The billing data page, with the notice of the last change.
pub async fn page(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path(account): Path<String>,
    Query(s): Query<Saved>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let t = v.lang.texts();
    let flash = s.saved.as_deref().and_then(|what| match what {
        "payment" => Flash::ok(t.payment_saved),
        "address" => Flash::ok(t.address_saved),
        "phone" => Flash::ok(t.phone_saved),
        "e_invoicing" => Flash::ok(t.e_invoicing_saved),
        "recipient_added" => Flash::ok(t.recipient_added),
        "recipient_removed" => Flash::ok(t.recipient_removed),
        "po" => Flash::ok(t.po_saved),
        _ => None,
    });
    billing_page(&app, &v, account, flash).await
}

/// After a change: back to the page with its notice, or the page again with the library's error.
async fn done(app: &AppState, v: &Visit, account: AccountId, result: Result<(), Error>, saved: &str) -> Reply {
    match result {
        Ok(()) => Ok(see_other(&format!("/accounts/{account}/billing?saved={saved}"))),
        Err(e) => {
            let flash = form_error(v, e)?;
            Ok((StatusCode::BAD_REQUEST, billing_page(app, v, account, flash).await?).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct PaymentForm {
    kind: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    brand: String,
    #[serde(default)]
    last4: String,
    #[serde(default)]
    exp_month: String,
    #[serde(default)]
    exp_year: String,
    #[serde(default)]
    routing_number: String,
    #[serde(default)]
    iban: String,
    #[serde(default)]
    mandate_reference: String,
}

fn parse_payment_method(f: &PaymentForm) -> Result<PaymentMethod, Error> {
    let invalid = |field: &str, reason: &str| Error::InvalidInput { field: field.into(), reason: reason.into() };
    Ok(match f.kind.as_str() {
        "card" => {
            let brand = match f.brand.as_str() {
                "visa" => CardBrand::Visa,
                "mastercard" => CardBrand::Mastercard,
                "amex" => CardBrand::Amex,
                "discover" => CardBrand::Discover,
                _ => CardBrand::Other,
            };
            let month = f.exp_month.trim().parse().map_err(|_| invalid("exp_month", "expected a month, 1-12"))?;
            let year = f.exp_year.trim().parse().map_err(|_| invalid("exp_year", "expected a year"))?;
            PaymentMethod::Card(CardOnFile::new(f.token.trim(), brand, f.last4.trim(), month, year)?)
        }
        "ach_debit" => PaymentMethod::AchDebit(AchDebit::new(optional(&f.token), f.last4.trim(), &f.routing_number)?),
        "sepa_debit" => PaymentMethod::SepaDebit(SepaDebit::new(&f.iban, &f.mandate_reference)?),
        "wire_transfer" => PaymentMethod::WireTransfer,
        "check" => PaymentMethod::Check,
        "standing_order" => PaymentMethod::StandingOrder,
        _ => return Err(invalid("kind", "unknown payment method")),
    })
}

/// Changes the payment method (PAY-3).
pub async fn payment_method_post(app: &AppState, v: &Visit, account: AccountId, f: PaymentForm) -> Reply {
    let caller = v.caller.clone();
    let result = match parse_payment_method(&f) {
        Ok(method) => app.run(move |p| p.set_payment_method(&caller, account, &method)).await,
        Err(e) => Err(e),
    };
    done(app, v, account, result, "payment").await
}

/// `POST .../billing/payment-method`.
pub async fn payment_method(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path(account): Path<String>,
    Form(f): Form<PaymentForm>,
) -> Reply {
    let account = account_id(&v, &account)?;
    payment_method_post(&app, &v, account, f).await
}

#[derive(Deserialize)]
pub struct AddressForm {
    line1: String,
    #[serde(default)]
    line2: String,
    city: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    postal_code: String,
}

/// Changes the address lines; the form has no country field, and the library would refuse a
/// country change from the contact anyway (ADDR-1).
pub async fn address(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path(account): Path<String>,
    Form(f): Form<AddressForm>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let lines =
        AddressLines { line1: f.line1, line2: f.line2, city: f.city, region: f.region, postal_code: f.postal_code };
    let caller = v.caller.clone();
    let result = app.run(move |p| p.change_address(&caller, account, &lines).map(drop)).await;
    done(&app, &v, account, result, "address").await
}

#[derive(Deserialize)]
pub struct PhoneForm {
    phone: String,
}

/// Changes the phone number; the library validates it and keeps it in E.164 form (ADDR-2).
pub async fn phone(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path(account): Path<String>,
    Form(f): Form<PhoneForm>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let caller = v.caller.clone();
    let result = app.run(move |p| p.change_phone(&caller, account, &f.phone).map(drop)).await;
    done(&app, &v, account, result, "phone").await
}

#[derive(Deserialize)]
pub struct EInvoicingForm {
    #[serde(default)]
    buyer_vat_id: String,
    #[serde(default)]
    buyer_reference: String,
    #[serde(default)]
    address_scheme: String,
    #[serde(default)]
    address_id: String,
    #[serde(default)]
    e_invoice_format: String,
}

/// Sets the buyer's VAT ID, reference or Leitweg-ID, electronic address and e-invoice format in
/// one change; the library checks each field and refuses a format the data cannot satisfy.
pub async fn e_invoicing(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path(account): Path<String>,
    Form(f): Form<EInvoicingForm>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let caller = v.caller.clone();
    let result = app
        .run(move |p| {
            let format = match f.e_invoice_format.trim() {
                "" => None,
                code => Some(EInvoiceFormat::parse(code)?),
            };
            let input = BuyerEInvoicingInput {
                vat_id: Some(f.buyer_vat_id),
                reference: Some(f.buyer_reference),
                electronic_address: Some((f.address_scheme, f.address_id)),
                format,
            };
            p.set_buyer_e_invoicing(&caller, account, &input).map(drop)
        })
        .await;
    done(&app, &v, account, result, "e_invoicing").await
}

#[derive(Deserialize)]
pub struct RecipientForm {
    email: String,
}

/// Adds an invoice recipient (REC-1).
pub async fn add_recipient(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path(account): Path<String>,
    Form(f): Form<RecipientForm>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let caller = v.caller.clone();
    let result = app.run(move |p| p.add_invoice_recipient(&caller, account, &f.email)).await;
    done(&app, &v, account, result, "recipient_added").await
}

/// Removes an invoice recipient (REC-1).
pub async fn remove_recipient(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path(account): Path<String>,
    Form(f): Form<RecipientForm>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let caller = v.caller.clone();
    let result = app.run(move |p| p.remove_invoice_recipient(&caller, account, &f.email)).await;
    done(&app, &v, account, result, "recipient_removed").await
}

#[derive(Deserialize)]
pub struct PoForm {
    number: String,
    expires_on: String,
    #[serde(default)]
    version: i64,
}

/// Adds a purchase order with its expiry (PO-1).
pub async fn add_po(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path(account): Path<String>,
    Form(f): Form<PoForm>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let caller = v.caller.clone();
    let result = match parse_date("expires_on", &f.expires_on) {
        Ok(expires) => app.run(move |p| p.add_purchase_order(&caller, account, &f.number, expires).map(drop)).await,
        Err(e) => Err(e),
    };
    done(&app, &v, account, result, "po").await
}

/// Edits a purchase order; the version it was read at guards against a concurrent edit.
pub async fn edit_po(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path((account, po)): Path<(String, String)>,
    Form(f): Form<PoForm>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let id = PurchaseOrderId::parse(&po).map_err(|e| v.fail(e))?;
    let caller = v.caller.clone();
    let result = match parse_date("expires_on", &f.expires_on) {
        Ok(expires) => {
            app.run(move |p| p.edit_purchase_order(&caller, account, id, f.version, &f.number, expires).map(drop)).await
        }
        Err(e) => Err(e),
    };
    done(&app, &v, account, result, "po").await
}
