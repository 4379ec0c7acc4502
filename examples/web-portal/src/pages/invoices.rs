//! Invoices: the last 20 (INV-2), one invoice, and its printable page (INV-3), which is the
//! library's own rendering.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse};
use corporate_billing::{InvoiceId, InvoiceKind, InvoiceStatus, PrintFormat};
use serde::Deserialize;
use std::sync::Arc;

use super::account::account_id;
use super::lines_view;
use crate::security::csp_for_library_html;
use crate::views::{Flash, InvoicePage, InvoiceRow, InvoiceView, Invoices};
use crate::app::AppState;
use crate::visit::{Reply, Visit, render};

fn status_class(s: InvoiceStatus, overdue: bool) -> &'static str {
    match s {
        InvoiceStatus::Open if overdue => "bad",
        InvoiceStatus::Open => "open",
        InvoiceStatus::Paid => "good",
        InvoiceStatus::Void => "",
    }
}

/// The last 20 invoices and credit notes, newest first.
pub async fn list(State(app): State<Arc<AppState>>, v: Visit, Path(account): Path<String>) -> Reply {
    let account = account_id(&v, &account)?;
    let caller = v.caller.clone();
    let (o, list) = app
        .run(move |p| Ok((p.account(&caller, account)?, p.invoices(&caller, account)?)))
        .await
        .map_err(|e| v.fail(e))?;
    let lang = v.lang;
    let invoices = list
        .iter()
        .map(|i| InvoiceRow {
            id: i.id.to_string(),
            number: i.number.clone(),
            credit_note: i.kind == InvoiceKind::CreditNote,
            issued: lang.date(i.issue_date),
            due: lang.date(i.due_date),
            total: i.total.to_string(),
            status: lang.invoice_status(i.status, i.overdue),
            status_class: status_class(i.status, i.overdue),
        })
        .collect();
    let id = account.to_string();
    let c = v.account_frame(&app, lang.texts().invoices, (&id, &o.company_name), "/invoices", None);
    Ok(render(&Invoices { c, account: id, invoices }))
}

#[derive(Deserialize, Default)]
pub struct InvoiceNotice {
    accepted: Option<String>,
}

/// One invoice, with links to its printable page and its downloads.
pub async fn show(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path((account, invoice)): Path<(String, String)>,
    Query(n): Query<InvoiceNotice>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let id = InvoiceId::parse(&invoice).map_err(|e| v.fail(e))?;
    let caller = v.caller.clone();
    let (o, inv) = app
        .run(move |p| Ok((p.account(&caller, account)?, p.invoice(&caller, account, id)?)))
        .await
        .map_err(|e| v.fail(e))?;
    let lang = v.lang;
    let d = &inv.document;
    let view = InvoiceView {
        id: inv.id.to_string(),
        status: lang.invoice_status(inv.status, inv.overdue),
        status_class: status_class(inv.status, inv.overdue),
        issued: lang.date(inv.issue_date),
        due: lang.date(inv.due_date),
        purchase_order: d.purchase_order.clone(),
        refers_to: inv.refers_to.clone(),
        user_id: d.billing_contact_user_id.clone(),
        bill_to: std::iter::once(d.bill_to_name.clone()).chain(d.bill_to.printed_lines()).collect(),
        payment: d.payment_instructions.clone(),
        downloads: Vec::new(),
    };
    let account_text = account.to_string();
    let title = format!("{} {}", lang.invoice_kind(inv.kind), inv.number);
    let flash = n.accepted.and(Flash::ok(lang.texts().quote_accepted));
    let c = v.account_frame(&app, &title, (&account_text, &o.company_name), "/invoices", flash);
    let doc = lines_view(lang, &d.lines, &d.totals);
    Ok(render(&InvoicePage { c, account: account_text, i: view, doc }))
}

/// The invoice as the library prints it (INV-3), ready for the browser's print dialog; its
/// inline style is admitted by hash, nothing else.
pub async fn print(State(app): State<Arc<AppState>>, v: Visit, Path((account, invoice)): Path<(String, String)>) -> Reply {
    let account = account_id(&v, &account)?;
    let id = InvoiceId::parse(&invoice).map_err(|e| v.fail(e))?;
    let caller = v.caller.clone();
    let html = app.run(move |p| p.print_invoice(&caller, account, id, PrintFormat::Html)).await.map_err(|e| v.fail(e))?;
    let csp = csp_for_library_html(&html);
    let mut r = Html(html).into_response();
    if let Ok(value) = HeaderValue::from_str(&csp) {
        r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    Ok(r)
}
