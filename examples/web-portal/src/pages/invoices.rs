//! Invoices: the last 20 (INV-2), one invoice, its printable page (INV-3), which is the
//! library's own rendering, its PDF (the library's PDF/A-3 with the e-invoice embedded, EINV-3)
//! and its e-invoice (EINV-1), the library's CII export.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse};
use corporate_billing::{EInvoiceProfile, InvoiceId, InvoiceKind, InvoiceStatus, PrintFormat};
use serde::Deserialize;
use std::sync::Arc;

use super::account::account_id;
use super::{download, lines_view};
use crate::app::AppState;
use crate::i18n::Lang;
use crate::security::csp_for_library_html;
use crate::views::{Download, Flash, InvoicePage, InvoiceRow, InvoiceView, Invoices};
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
            total: lang.money(&i.total),
            status: lang.invoice_status(i.status, i.overdue),
            status_class: status_class(i.status, i.overdue),
            overdue_due: i.overdue.then(|| lang.money(&i.balance_due)),
        })
        .collect();
    let id = account.to_string();
    let c = v.account_frame(&app, lang.texts().invoices, (&id, &o.company_name), "/invoices", None);
    Ok(render(&Invoices { c, account: id, invoices }))
}

/// The files offered beside an invoice: its PDF and its EN 16931 e-invoice, both written by the
/// library. XRechnung (`?profile=xrechnung`) is served too but not offered: it needs a buyer
/// reference and electronic addresses (EINV-5), which this portal's pages do not edit, so the
/// library would refuse it for every account here.
fn downloads(lang: Lang, account: corporate_billing::AccountId, id: InvoiceId) -> Vec<Download> {
    let t = lang.texts();
    let base = format!("/accounts/{account}/invoices/{id}");
    vec![
        Download { href: format!("{base}/pdf"), label: t.download_pdf },
        Download { href: format!("{base}/e-invoice?profile=factur_x"), label: t.download_xml },
    ]
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
        payment: inv.payment_sentence(lang.language()),
        downloads: downloads(lang, account, inv.id),
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
pub async fn print(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path((account, invoice)): Path<(String, String)>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let id = InvoiceId::parse(&invoice).map_err(|e| v.fail(e))?;
    let caller = v.caller.clone();
    let doc =
        app.run(move |p| p.print_invoice(&caller, account, id, PrintFormat::Html)).await.map_err(|e| v.fail(e))?;
    let html = doc.into_text().unwrap_or_default();
    let csp = csp_for_library_html(&html);
    let mut r = Html(html).into_response();
    if let Ok(value) = HeaderValue::from_str(&csp) {
        r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    Ok(r)
}

/// The invoice as the library prints it to PDF: a PDF/A-3b with its EN 16931 e-invoice embedded
/// as `factur-x.xml` (EINV-3), as a download.
pub async fn pdf(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path((account, invoice)): Path<(String, String)>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let id = InvoiceId::parse(&invoice).map_err(|e| v.fail(e))?;
    let caller = v.caller.clone();
    let doc = app.run(move |p| p.print_invoice(&caller, account, id, PrintFormat::Pdf)).await.map_err(|e| v.fail(e))?;
    Ok(download(&doc.file_name, doc.content_type, doc.bytes))
}

#[derive(Deserialize)]
pub struct EInvoiceQuery {
    profile: EInvoiceProfile,
}

/// The invoice or credit note as the library exports it: CII XML in the Factur-X EN 16931 or
/// the XRechnung profile (EINV-1, EINV-4), as a download.
pub async fn e_invoice(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path((account, invoice)): Path<(String, String)>,
    Query(q): Query<EInvoiceQuery>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let id = InvoiceId::parse(&invoice).map_err(|e| v.fail(e))?;
    let caller = v.caller.clone();
    let (number, xml) = app
        .run(move |p| {
            let number = p.invoice(&caller, account, id)?.number;
            Ok((number, p.e_invoice(&caller, account, id, q.profile)?))
        })
        .await
        .map_err(|e| v.fail(e))?;
    let suffix = match q.profile {
        EInvoiceProfile::FacturXEn16931 => "factur-x",
        EInvoiceProfile::XRechnung => "xrechnung",
    };
    Ok(download(&format!("{number}-{suffix}.xml"), "application/xml".to_owned(), xml))
}
