//! Issuing, listing, printing and voiding invoices (INV-1..INV-6, INV-3, AUTH-10).

use super::e_invoices::e_invoice_of;
use super::{BillingPortal, Caller, Ctx};
use crate::access::Action;
use crate::documents::cii::EInvoiceProfile;
use crate::documents::locale::notification;
use crate::documents::pdf;
use crate::documents::tax_statement::TaxStatement;
use crate::domain::account::Document;
use crate::domain::invoice::{
    Invoice, InvoiceDocument, InvoiceKind, InvoiceStatus, InvoiceSummary, ServicePeriod, payment_instructions,
};
use crate::domain::lines::{Line, Totals};
use crate::error::{Error, Result};
use crate::print;
use crate::store::accounts::InvoicingProfile;
use crate::store::invoices::{self, IssuedInvoice};
use crate::store::outbox::{self, NotificationKind};
use crate::store::{self, Tx, e_invoicing};
use crate::values::{AccountId, CreditorReference, InvoiceId, Money, text};
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// How a printed invoice is rendered (INV-3), in its document language (DOCS-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrintFormat {
    /// A complete HTML document with print styles (UTF-8).
    Html,
    /// Plain text, 80 columns (UTF-8).
    Text,
    /// A PDF/A-3b with the EN 16931 e-invoice embedded as `factur-x.xml` (EINV-3).
    Pdf,
}

impl PrintFormat {
    /// Every format.
    pub const ALL: [PrintFormat; 3] = [PrintFormat::Html, PrintFormat::Text, PrintFormat::Pdf];
}

/// The file name of invoice `number` printed to PDF, as the invoice-issued notification names
/// it for the host to attach.
pub(crate) fn pdf_file_name(number: &str) -> String {
    format!("{number}.pdf")
}

/// What is issued; the number and the document are filled in by [`issue`].
pub(super) struct Issue {
    pub kind: InvoiceKind,
    pub refers_to: Option<(InvoiceId, String)>,
    pub lines: Vec<Line>,
    pub totals: Totals,
    pub purchase_order: Option<String>,
    pub service_period: Option<ServicePeriod>,
    pub issue_date: Date,
}

/// Issues an invoice in the account's issuer series: allocates the next number in the same
/// transaction (gap-free, INV-1), fixes the printed document, queues the e-mails (INV-4) and
/// writes the audit record.
pub(super) fn issue(
    conn: &Tx<'_>,
    ctx: &Ctx,
    account: AccountId,
    profile: &InvoicingProfile,
    new: Issue,
) -> Result<Invoice> {
    if profile.currency != new.totals.total.currency() {
        return Err(Error::CurrencyMismatch);
    }
    let (seq, issuer) = invoices::next_number(conn, profile.issuer)?;
    let number = format!("{}{seq:06}", issuer.invoice_prefix);
    let due_date = new.issue_date + Duration::days(profile.payment_terms_days);
    let lang = profile.language;
    let creditor_reference = CreditorReference::for_invoice(profile.issuer, &number);
    let payment_instructions = payment_instructions(
        new.kind,
        &profile.payment_method,
        &issuer,
        (&number, &creditor_reference, &new.totals.total, due_date),
        lang,
    );
    let document = InvoiceDocument {
        issuer,
        bill_to_name: profile.company_name.clone(),
        bill_to: profile.billing_address.clone(),
        billing_contact_user_id: profile.contact_user_id.clone(),
        purchase_order: new.purchase_order,
        lines: new.lines,
        totals: new.totals,
        payment_instructions,
        service_period: new.service_period,
        language: lang,
    };
    let id = InvoiceId::generate();
    invoices::insert(
        conn,
        &IssuedInvoice {
            id,
            account,
            issuer: profile.issuer,
            seq,
            number: &number,
            kind: new.kind,
            refers_to: new.refers_to.as_ref().map(|r| r.0),
            issue_date: new.issue_date,
            due_date,
            document: &document,
            creditor_reference: &creditor_reference,
            payment_method: &profile.payment_method,
            created_at: ctx.now,
        },
    )?;
    let total = document.totals.total;
    let (subject, body) = notification::invoice_issued(
        lang,
        new.kind,
        &number,
        &document.issuer.legal_name,
        (new.issue_date, &total, due_date),
        &pdf_file_name(&number),
    );
    for recipient in std::iter::once(&profile.contact_email).chain(&profile.recipients) {
        outbox::enqueue(conn, ctx.now, NotificationKind::InvoiceIssued, Some(account), recipient, &subject, &body)?;
    }
    ctx.record_for(conn, account, "invoice_issued", &format!("{number} {total}"))?;
    Ok(Invoice {
        id,
        account_id: account,
        number,
        kind: new.kind,
        refers_to: new.refers_to.map(|r| r.1),
        issue_date: new.issue_date,
        due_date,
        status: InvoiceStatus::Open,
        overdue: false,
        paid_on: None,
        void_reason: None,
        amount_paid: Money::zero(total.currency()),
        balance_due: if new.kind == InvoiceKind::Invoice { total } else { Money::zero(total.currency()) },
        creditor_reference,
        dunning_stage: None,
        document,
    })
}

/// The VAT IDs and reverse charge that the HTML and text of `invoice` print (EINV-6), from the
/// parties' e-invoicing data as stored now, as its e-invoice takes them; the PDF reads the same
/// from the e-invoice it embeds.
pub(super) fn tax_statement_of(tx: &Tx<'_>, invoice: &Invoice) -> Result<TaxStatement> {
    let seller = e_invoicing::seller(tx, e_invoicing::issuer_of(tx, invoice.account_id)?)?;
    let buyer = e_invoicing::buyer(tx, invoice.account_id)?;
    Ok(TaxStatement::of(invoice, seller.vat_id.as_ref(), buyer.vat_id.as_ref()))
}

impl BillingPortal {
    /// The last 20 invoices and credit notes of the account, newest first (INV-2).
    pub fn invoices(&self, caller: &Caller, account: AccountId) -> Result<Vec<InvoiceSummary>> {
        self.look(caller, account, Action::ViewInvoices, |tx, ctx| invoices::latest(tx, account, ctx.now.date()))
    }

    /// One invoice with everything on it. An invoice of another account is "not found", exactly
    /// like an unknown ID (PRIV-2).
    pub fn invoice(&self, caller: &Caller, account: AccountId, id: InvoiceId) -> Result<Invoice> {
        self.look(caller, account, Action::ViewInvoices, |tx, ctx| invoices::load(tx, account, id, ctx.now.date()))
    }

    /// Renders an invoice for printing (INV-3): issuer, bill-to address, the billing contact's
    /// user ID, purchase order, lines, VAT per rate, totals, due date and payment instructions,
    /// in the invoice's document language (DOCS-1). Text and HTML are UTF-8 bytes
    /// ([`Document::text`]); a PDF is a PDF/A-3b with the e-invoice inside (EINV-3).
    pub fn print_invoice(
        &self,
        caller: &Caller,
        account: AccountId,
        id: InvoiceId,
        format: PrintFormat,
    ) -> Result<Document> {
        self.look(caller, account, Action::ViewInvoices, |tx, ctx| {
            let invoice = invoices::load(tx, account, id, ctx.now.date())?;
            let (file_name, content_type, bytes) = match format {
                PrintFormat::Html => {
                    let html = print::html(&invoice, &tax_statement_of(tx, &invoice)?);
                    (format!("{}.html", invoice.number), "text/html; charset=utf-8", html.into_bytes())
                }
                PrintFormat::Text => {
                    let text = print::text(&invoice, &tax_statement_of(tx, &invoice)?);
                    (format!("{}.txt", invoice.number), "text/plain; charset=utf-8", text.into_bytes())
                }
                PrintFormat::Pdf => {
                    let xml = e_invoice_of(tx, &invoice, EInvoiceProfile::FacturXEn16931)?;
                    let pdf = pdf::render(&invoice, invoice.document.language, &xml)?;
                    // The name the invoice-issued notification gave the host to attach (INV-4).
                    (pdf_file_name(&invoice.number), "application/pdf", pdf)
                }
            };
            Ok(Document { file_name, content_type: content_type.into(), bytes })
        })
    }

    /// Voids an invoice and issues the credit note that cancels it (INV-1). The voided invoice
    /// stays on record, unchanged but for its status. Account Services only.
    pub fn void_invoice(&self, caller: &Caller, account: AccountId, id: InvoiceId, reason: &str) -> Result<Invoice> {
        let reason = text::required("reason", reason, 200)?;
        self.change(caller, account, Action::VoidInvoice, |tx, ctx| {
            let inv = invoices::load(tx, account, id, ctx.now.date())?;
            inv.check_voidable()?;
            invoices::save_void(tx, account, id, &reason)?;
            ctx.record(tx, "invoice_voided", &inv.number)?;
            let (lines, totals) = inv.cancelling_lines();
            let profile = store::accounts::invoicing_profile(tx, account)?;
            issue(
                tx,
                ctx,
                account,
                &profile,
                Issue {
                    kind: InvoiceKind::CreditNote,
                    refers_to: Some((inv.id, inv.number.clone())),
                    lines,
                    totals,
                    purchase_order: inv.document.purchase_order.clone(),
                    service_period: inv.document.service_period,
                    issue_date: ctx.now.date(),
                },
            )
        })
    }
}
