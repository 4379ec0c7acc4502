//! One arm per operation: convert the request in, call the portal, convert the result out.

use super::routes::{Op, Route};
use super::{Request, wire};
use crate::error::{Error, Result};
use crate::{
    AccountFilter, AccountId, BillingPortal, Caller, Country, Document, EInvoiceProfile, InvoiceFilter, InvoiceId,
    PaymentId, PrintFormat, PurchaseOrderId, QuoteId, RequestId, SessionToken,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub(super) enum Out {
    Json(u16, Vec<u8>),
    Empty,
    Document(Document),
}

fn ok<T: Serialize>(value: &T) -> Result<Out> {
    created(200, value)
}

fn created<T: Serialize>(status: u16, value: &T) -> Result<Out> {
    serde_json::to_vec(value).map(|b| Out::Json(status, b)).map_err(|_| Error::Storage("encoding".into()))
}

/// The request body as `T`. An empty body reads as `{}`, so that the optional fields of
/// bodies like `.../decline` may be left out altogether. A body that is not JSON, or not of
/// the operation's shape, is refused naming the body, not echoing its content.
fn body<T: DeserializeOwned>(req: &Request<'_>) -> Result<T> {
    let raw: &[u8] = if req.body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { req.body };
    serde_json::from_slice(raw).map_err(|e| {
        let reason = match e.classify() {
            serde_json::error::Category::Data => "does not have the fields and types this operation takes",
            _ => "is not a JSON document",
        };
        Error::invalid("body", reason)
    })
}

fn token(caller: &Caller) -> Result<&SessionToken> {
    match caller {
        Caller::Session(token) => Ok(token),
        _ => Err(Error::Unauthenticated),
    }
}

/// The page of a vendor-wide list and its filter, from the query: every value is text but the
/// flags and the limit; an unknown or repeated parameter is refused, naming it.
fn listing<F: DeserializeOwned>(route: &Route, query: &str) -> Result<(F, Option<String>, u32)> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query).map_err(|_| Error::invalid("query", "is not a URL query"))?;
    let mut filter = serde_json::Map::new();
    let (mut cursor, mut limit) = (None, 0u32);
    for (name, value) in pairs {
        if !route.query.contains(&name.as_str()) {
            return Err(Error::invalid(name, "is not a parameter of this list"));
        }
        if filter.contains_key(&name) || (name == "cursor" && cursor.is_some()) {
            return Err(Error::invalid(name, "is given twice"));
        }
        match name.as_str() {
            "cursor" => cursor = Some(value),
            "limit" => limit = value.parse().map_err(|_| Error::invalid("limit", "is not a whole number"))?,
            "overdue" | "auto_renew" => {
                let flag = match value.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(Error::invalid(name, "is neither true nor false")),
                };
                filter.insert(name, serde_json::Value::Bool(flag));
            }
            _ => {
                filter.insert(name, serde_json::Value::String(value));
            }
        }
    }
    let filter = serde_json::from_value(serde_json::Value::Object(filter))
        .map_err(|_| Error::invalid("query", "has a value this list does not know"))?;
    Ok((filter, cursor, limit))
}

fn param(params: &[String], i: usize) -> &str {
    params.get(i).map_or("", String::as_str)
}

pub(super) fn call(
    portal: &BillingPortal,
    route: &Route,
    params: &[String],
    caller: &Caller,
    req: &Request<'_>,
) -> Result<Out> {
    let p = portal;
    let c = caller;
    let account = || AccountId::parse(param(params, 0));
    let second = || param(params, 1);
    match route.op {
        Op::SignIn => {
            let b: wire::SignIn = body(req)?;
            created(201, &p.sign_in(&b.user_id, &b.password)?)
        }
        Op::SignOut => p.sign_out(token(c)?).map(|()| Out::Empty),
        Op::MyAccounts => ok(&p.my_accounts(token(c)?)?),
        Op::ChangePassword => {
            let b: wire::ChangePassword = body(req)?;
            p.change_password(token(c)?, &b.current, &b.new_password).map(|()| Out::Empty)
        }
        Op::ForgotPassword => {
            let b: wire::UserId = body(req)?;
            p.forgot_password(&b.user_id).map(|()| Out::Empty)
        }
        Op::ResetPassword => {
            let b: wire::ResetPassword = body(req)?;
            p.reset_password(&b.token, &b.new_password).map(|()| Out::Empty)
        }
        Op::OpenAccount => {
            let new = body(req)?;
            created(201, &wire::AccountCreated { account_id: p.open_account(c, &new)? })
        }
        Op::Account => ok(&p.account(c, account()?)?),
        Op::BillingContact => ok(&p.billing_contact(c, account()?)?),
        Op::ChangeBillingContact => {
            let b: wire::UserId = body(req)?;
            p.change_billing_contact(c, account()?, &b.user_id).map(|()| Out::Empty)
        }
        Op::ChangeBillingContactToNewLogin => {
            let login = body(req)?;
            p.change_billing_contact_to_new_login(c, account()?, &login).map(|()| Out::Empty)
        }
        Op::AddAccountUser => {
            let b: wire::AccountUser = body(req)?;
            p.add_account_user(c, account()?, b.login_id).map(|()| Out::Empty)
        }
        Op::SetPaymentMethod => {
            let method = body(req)?;
            p.set_payment_method(c, account()?, &method).map(|()| Out::Empty)
        }
        Op::SetDocumentLanguage => {
            let b: wire::DocumentLanguage = body(req)?;
            ok(&wire::DocumentLanguage { language: Some(p.set_document_language(c, account()?, b.language)?) })
        }
        Op::ChangeAddress => {
            let lines = body(req)?;
            ok(&p.change_address(c, account()?, &lines)?)
        }
        Op::ChangeCountry => {
            let b: wire::CountryBody = body(req)?;
            p.change_country(c, account()?, Country::parse(&b.country)?).map(|()| Out::Empty)
        }
        Op::ChangePhone => {
            let b: wire::PhoneBody = body(req)?;
            ok(&wire::PhoneSet { phone: p.change_phone(c, account()?, &b.phone)? })
        }
        Op::AddInvoiceRecipient => {
            let b: wire::Email = body(req)?;
            p.add_invoice_recipient(c, account()?, &b.email).map(|()| Out::Empty)
        }
        Op::RemoveInvoiceRecipient => {
            let b: wire::Email = body(req)?;
            p.remove_invoice_recipient(c, account()?, &b.email).map(|()| Out::Empty)
        }
        Op::SetRequiresPurchaseOrder => {
            let b: wire::Required = body(req)?;
            p.set_requires_purchase_order(c, account()?, b.required).map(|()| Out::Empty)
        }
        Op::PurchaseOrders => ok(&p.purchase_orders(c, account()?)?),
        Op::AddPurchaseOrder => {
            let b: wire::NewPurchaseOrder = body(req)?;
            created(201, &p.add_purchase_order(c, account()?, &b.number, b.expires_on)?)
        }
        Op::EditPurchaseOrder => {
            let b: wire::EditPurchaseOrder = body(req)?;
            let po = PurchaseOrderId::parse(second())?;
            ok(&p.edit_purchase_order(c, account()?, po, b.expected_version, &b.number, b.expires_on)?)
        }
        Op::W9Form => p.w9_form(c, account()?).map(Out::Document),
        Op::SetBuyerVatId => {
            let b: wire::BuyerVatId = body(req)?;
            ok(&wire::VatIdSet { vat_id: p.set_buyer_vat_id(c, account()?, b.vat_id.as_deref())? })
        }
        Op::SetBuyerReference => {
            let b: wire::BuyerReference = body(req)?;
            p.set_buyer_reference(c, account()?, b.reference.as_deref()).map(|()| Out::Empty)
        }
        Op::SetLeitwegId => {
            let b: wire::LeitwegIdBody = body(req)?;
            ok(&wire::LeitwegIdSet { leitweg_id: p.set_leitweg_id(c, account()?, &b.leitweg_id)? })
        }
        Op::SetBuyerElectronicAddress => {
            let b: wire::ElectronicAddressBody = body(req)?;
            let address = match (b.scheme.as_deref(), b.address.as_deref()) {
                (Some(scheme), Some(address)) => Some((scheme, address)),
                (None, None) => None,
                (None, Some(_)) => return Err(Error::invalid("scheme", "is required with an address")),
                (Some(_), None) => return Err(Error::invalid("address", "is required with a scheme")),
            };
            p.set_buyer_electronic_address(c, account()?, address).map(|()| Out::Empty)
        }
        Op::TurnOffAutoRenewal => p.turn_off_auto_renewal(c, account()?).map(|()| Out::Empty),
        Op::PauseDunning => {
            let b: wire::Paused = body(req)?;
            p.pause_dunning(c, account()?, b.paused).map(|()| Out::Empty)
        }
        Op::AuditLog => ok(&p.audit_log(c, account()?)?),
        Op::Quotes => ok(&p.quotes(c, account()?)?),
        Op::Quote => ok(&p.quote(c, account()?, QuoteId::parse(second())?)?),
        Op::IssueQuote => {
            let new = body(req)?;
            created(201, &p.issue_quote(c, account()?, &new)?)
        }
        Op::AcceptQuote => {
            let b: wire::Accept = body(req)?;
            created(201, &p.accept_quote(c, account()?, QuoteId::parse(second())?, b.purchase_order.as_deref())?)
        }
        Op::DeclineQuote => {
            let b: wire::Decline = body(req)?;
            ok(&p.decline_quote(c, account()?, QuoteId::parse(second())?, b.reason.as_deref())?)
        }
        Op::WithdrawQuote => ok(&p.withdraw_quote(c, account()?, QuoteId::parse(second())?)?),
        Op::Invoices => ok(&p.invoices(c, account()?)?),
        Op::Invoice => ok(&p.invoice(c, account()?, InvoiceId::parse(second())?)?),
        Op::PrintInvoice => {
            let format = match param(params, 2) {
                "html" => PrintFormat::Html,
                "text" => PrintFormat::Text,
                "pdf" => PrintFormat::Pdf,
                _ => return Err(Error::invalid("format", "is one of html, text and pdf")),
            };
            p.print_invoice(c, account()?, InvoiceId::parse(second())?, format).map(Out::Document)
        }
        Op::EInvoice => {
            let profile = match param(params, 2) {
                "factur_x" => EInvoiceProfile::FacturXEn16931,
                "xrechnung" => EInvoiceProfile::XRechnung,
                _ => return Err(Error::invalid("profile", "is one of factur_x and xrechnung")),
            };
            let invoice = InvoiceId::parse(second())?;
            let xml = p.e_invoice(c, account()?, invoice, profile)?;
            let name = match profile {
                EInvoiceProfile::FacturXEn16931 => "factur-x.xml",
                EInvoiceProfile::XRechnung => "xrechnung.xml",
            };
            Ok(Out::Document(Document { file_name: name.into(), content_type: "application/xml".into(), bytes: xml }))
        }
        Op::VoidInvoice => {
            let b: wire::Reason = body(req)?;
            ok(&p.void_invoice(c, account()?, InvoiceId::parse(second())?, &b.reason)?)
        }
        Op::InvoicePayments => ok(&p.invoice_payments(c, account()?, InvoiceId::parse(second())?)?),
        Op::RecordPayment => {
            let payment = body(req)?;
            created(201, &p.record_payment(c, account()?, InvoiceId::parse(second())?, &payment)?)
        }
        Op::ReversePayment => {
            let b: wire::Reversal = body(req)?;
            ok(&p.reverse_payment(c, account()?, PaymentId::parse(second())?, b.on, b.reason)?)
        }
        Op::Requests => ok(&p.requests(c, account()?)?),
        Op::SubmitRequest => {
            let kind = body(req)?;
            created(201, &p.submit_request(c, account()?, &kind)?)
        }
        Op::CompleteRequest => {
            let b: wire::Note = body(req)?;
            ok(&p.complete_request(c, account()?, RequestId::parse(second())?, b.note.as_deref())?)
        }
        Op::RejectRequest => {
            let b: wire::Reason = body(req)?;
            ok(&p.reject_request(c, account()?, RequestId::parse(second())?, &b.reason)?)
        }
        Op::VendorAccounts => {
            let (filter, cursor, limit) = listing::<AccountFilter>(route, req.query)?;
            ok(&p.vendor_accounts(c, &filter, cursor.as_deref(), limit)?)
        }
        Op::VendorInvoices => {
            let (filter, cursor, limit) = listing::<InvoiceFilter>(route, req.query)?;
            ok(&p.vendor_invoices(c, &filter, cursor.as_deref(), limit)?)
        }
        Op::VendorOpenQuotes => {
            let (_, cursor, limit) = listing::<serde_json::Map<String, serde_json::Value>>(route, req.query)?;
            ok(&p.vendor_open_quotes(c, cursor.as_deref(), limit)?)
        }
        Op::VendorOpenRequests => {
            let (_, cursor, limit) = listing::<serde_json::Map<String, serde_json::Value>>(route, req.query)?;
            ok(&p.vendor_open_requests(c, cursor.as_deref(), limit)?)
        }
        Op::RunRenewals => {
            let b: wire::Day = body(req)?;
            ok(&p.run_renewals(c, b.date)?)
        }
        Op::RunDunning => {
            let b: wire::Day = body(req)?;
            ok(&p.run_dunning(c, b.date)?)
        }
        Op::RemindExpiringPurchaseOrders => {
            let b: wire::Day = body(req)?;
            ok(&wire::Reminded { reminded: p.remind_expiring_purchase_orders(c, b.date)? })
        }
        Op::ImportBankStatement => ok(&p.import_bank_statement(c, req.body)?),
        Op::VerifyAuditLog => ok(&wire::Verified { records: p.verify_audit_log(c)? }),
        Op::AuditHead => ok(&p.audit_head(c)?),
        Op::VerifyAuditLogAgainst => {
            let head = body(req)?;
            ok(&wire::Verified { records: p.verify_audit_log_against(c, &head)? })
        }
    }
}
