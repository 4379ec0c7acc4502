//! Issuing, listing, printing, paying and voiding invoices (INV-1..INV-6, INV-3, AUTH-10).

use super::{BillingPortal, Caller, Ctx, date_text, parse_date, recipients};
use crate::access::Action;
use crate::domain::account::IssuerProfile;
use crate::domain::invoice::{Invoice, InvoiceDocument, InvoiceKind, InvoiceStatus, InvoiceSummary, is_overdue};
use crate::domain::lines::{Line, Totals};
use crate::error::{Error, Result};
use crate::print;
use crate::store::codec::{from_json, to_json};
use crate::store::outbox::{self, NotificationKind};
use crate::store::{OrNotFound as _, Tx};
use crate::values::{
    AccountId, BillingAddress, Currency, EmailAddress, InvoiceId, IssuerId, Money, PaymentMethod, text,
};
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// INV-2: the portal lists this many invoices; older ones are asked for by request.
pub const LAST_INVOICES: u32 = 20;

/// How a printed invoice is rendered (INV-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrintFormat {
    /// A complete HTML document with print styles.
    Html,
    /// Plain text, 80 columns.
    Text,
}

/// What is issued; the number and the document are filled in by [`issue`].
pub(super) struct Issue {
    pub kind: InvoiceKind,
    pub refers_to: Option<(InvoiceId, String)>,
    pub lines: Vec<Line>,
    pub totals: Totals,
    pub purchase_order: Option<String>,
    pub issue_date: Date,
}

fn payment_instructions(
    method: &PaymentMethod,
    issuer: &IssuerProfile,
    number: &str,
    total: &Money,
    due: Date,
) -> String {
    match method {
        PaymentMethod::Card(c) => {
            format!("{total} will be charged to your {} card ending in {} on {due}.", c.brand(), c.last4())
        }
        PaymentMethod::WireTransfer => format!(
            "Please transfer {total} by {due} to {}: {}. Reference: {number}.",
            issuer.legal_name, issuer.remittance
        ),
        PaymentMethod::Check => format!(
            "Please mail a check for {total}, payable to {}, by {due} to: {}. Write {number} on the check.",
            issuer.legal_name,
            issuer.address.printed_lines().join(", ")
        ),
        PaymentMethod::AchDebit(a) => format!(
            "{total} will be debited by ACH from your account ending in {} (routing {}) on {due}.",
            a.account_last4(),
            a.routing_number().as_str()
        ),
        PaymentMethod::SepaDebit(s) => format!(
            "{total} will be collected by SEPA direct debit from {} under mandate {} on {due}.",
            s.iban().masked(),
            s.mandate_reference()
        ),
        PaymentMethod::StandingOrder => format!(
            "Your standing order to {} ({}) pays {total}; please make sure it covers this invoice by {due}. Reference: {number}.",
            issuer.legal_name, issuer.remittance
        ),
    }
}

/// Issues an invoice in the account's issuer series: allocates the next number in the same
/// transaction (gap-free, INV-1), fixes the printed document, queues the e-mails (INV-4) and
/// writes the audit record.
pub(super) fn issue(conn: &Tx<'_>, ctx: &Ctx, account: AccountId, new: Issue) -> Result<Invoice> {
    let (company, address, method, currency, terms, issuer_id, user_id, contact_email) = conn
        .opt(
            "SELECT a.company_name, a.billing_address, a.payment_method, a.currency, a.payment_terms_days, a.issuer_id,
                    COALESCE(l.username, l.email), l.email
             FROM accounts a JOIN logins l ON l.id = a.billing_contact_id WHERE a.id = ?1",
            &[&account],
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?,
                    r.get::<i64>(4)?,
                    r.get::<IssuerId>(5)?,
                    r.get::<String>(6)?,
                    r.get::<String>(7)?,
                ))
            },
        )
        .or_not_found("account")?;
    if Currency::parse(&currency)? != new.totals.total.currency() {
        return Err(Error::CurrencyMismatch);
    }
    // The number is taken in the invoice's own transaction: a rollback returns it (gap-free).
    // UPDATE then SELECT rather than RETURNING, for which SQLite builds a temporary table.
    conn.exec("UPDATE issuers SET next_number = next_number + 1 WHERE id = ?1", &[&issuer_id])?;
    let (seq, profile): (i64, String) = conn
        .opt("SELECT next_number - 1, profile FROM issuers WHERE id = ?1", &[&issuer_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .or_not_found("issuer")?;
    let issuer: IssuerProfile = from_json(&profile)?;
    let number = format!("{}{seq:06}", issuer.invoice_prefix);
    let due_date = new.issue_date + Duration::days(terms);
    let method: PaymentMethod = from_json(&method)?;
    let payment_instructions = match new.kind {
        InvoiceKind::Invoice => payment_instructions(&method, &issuer, &number, &new.totals.total, due_date),
        InvoiceKind::CreditNote => {
            "This credit note cancels the invoice it refers to; any amount paid on it will be refunded or credited."
                .into()
        }
    };
    let document = InvoiceDocument {
        issuer,
        bill_to_name: company,
        bill_to: from_json::<BillingAddress>(&address)?,
        billing_contact_user_id: user_id,
        purchase_order: new.purchase_order,
        lines: new.lines,
        totals: new.totals,
        payment_instructions,
    };
    let id = InvoiceId::generate();
    let total = document.totals.total;
    conn.exec(
        "INSERT INTO invoices (id, account_id, issuer_id, seq, number, kind, refers_to, issue_date, due_date, currency,
            total, status, document, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'open', ?12, ?13)",
        &[
            &id,
            &account,
            &issuer_id,
            &seq,
            &number,
            &new.kind.as_str(),
            &new.refers_to.as_ref().map(|r| r.0),
            &date_text(new.issue_date),
            &date_text(due_date),
            &total.currency().code(),
            &total.amount().to_string(),
            &to_json(&document)?,
            &ctx.now.unix_timestamp(),
        ],
    )?;
    let what = match new.kind {
        InvoiceKind::Invoice => "Invoice",
        InvoiceKind::CreditNote => "Credit note",
    };
    let subject = format!("{what} {number} from {}", document.issuer.legal_name);
    let body = format!(
        "{what} {number} dated {} for {total} is available in the billing portal. Due date: {due_date}.",
        new.issue_date
    );
    let mut to = vec![EmailAddress::parse(&contact_email)?];
    to.extend(recipients(conn, account)?);
    for recipient in &to {
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
        document,
    })
}

fn status_of(s: &str) -> Result<InvoiceStatus> {
    InvoiceStatus::from_str(s).ok_or_else(|| Error::Storage("corrupt status".into()))
}

fn overdue(kind: InvoiceKind, status: InvoiceStatus, due: Date, today: Date) -> bool {
    kind == InvoiceKind::Invoice && is_overdue(status, due, today)
}

pub(super) fn load_invoice(conn: &Tx<'_>, account: AccountId, id: InvoiceId, today: Date) -> Result<Invoice> {
    let row = conn.opt("SELECT i.number, i.kind, r.number, i.issue_date, i.due_date, i.status, i.paid_on, i.void_reason, i.document
             FROM invoices i LEFT JOIN invoices r ON r.id = i.refers_to WHERE i.id = ?1 AND i.account_id = ?2", &[&id, &account], |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<String>(1)?,
                r.get::<Option<String>>(2)?,
                r.get::<String>(3)?,
                r.get::<String>(4)?,
                r.get::<String>(5)?,
                r.get::<Option<String>>(6)?,
                r.get::<Option<String>>(7)?,
                r.get::<String>(8)?,
            ))
        })
        .or_not_found("invoice")?;
    let (number, kind, refers_to, issue_date, due_date, status, paid_on, void_reason, document) = row;
    let kind = InvoiceKind::from_str(&kind).ok_or_else(|| Error::Storage("corrupt kind".into()))?;
    let status = status_of(&status)?;
    let due_date = parse_date(&due_date)?;
    Ok(Invoice {
        id,
        account_id: account,
        number,
        kind,
        refers_to,
        issue_date: parse_date(&issue_date)?,
        due_date,
        status,
        overdue: overdue(kind, status, due_date, today),
        paid_on: paid_on.as_deref().map(parse_date).transpose()?,
        void_reason,
        document: from_json(&document)?,
    })
}

impl BillingPortal {
    /// The last 20 invoices and credit notes of the account, newest first (INV-2).
    pub fn invoices(&self, caller: &Caller, account: AccountId) -> Result<Vec<InvoiceSummary>> {
        self.look(caller, account, Action::ViewInvoices, |tx, ctx| {
            let today = ctx.now.date();
            // The limit is written into the SQL, not bound: SQLite plans with a bound LIMIT's
            // value, so it re-prepares the statement every time the parameter is bound again.
            const _: () = assert!(LAST_INVOICES == 20);
            let mut out = Vec::with_capacity(LAST_INVOICES as usize);
            tx.each(
                "SELECT id, number, kind, issue_date, due_date, currency, total, status FROM invoices
                 WHERE account_id = ?1 ORDER BY issue_date DESC, seq DESC LIMIT 20",
                &[&account],
                |r| {
                    let kind =
                        InvoiceKind::from_str(&r.text(2)?).ok_or_else(|| Error::Storage("corrupt kind".into()))?;
                    let status = status_of(&r.text(7)?)?;
                    let due_date = r.get(4)?;
                    let currency = Currency::parse(&r.text(5)?)?;
                    out.push(InvoiceSummary {
                        id: r.get(0)?,
                        number: r.get(1)?,
                        kind,
                        issue_date: r.get(3)?,
                        due_date,
                        total: Money::new(r.get(6)?, currency),
                        status,
                        overdue: overdue(kind, status, due_date, today),
                    });
                    Ok(())
                },
            )?;
            Ok(out)
        })
    }

    /// One invoice with everything on it. An invoice of another account is "not found", exactly
    /// like an unknown ID (PRIV-2).
    pub fn invoice(&self, caller: &Caller, account: AccountId, id: InvoiceId) -> Result<Invoice> {
        self.look(caller, account, Action::ViewInvoices, |tx, ctx| load_invoice(tx, account, id, ctx.now.date()))
    }

    /// Renders an invoice for printing (INV-3): issuer, bill-to address, the billing contact's
    /// user ID, purchase order, lines, VAT per rate, totals, due date and payment instructions.
    pub fn print_invoice(
        &self,
        caller: &Caller,
        account: AccountId,
        id: InvoiceId,
        format: PrintFormat,
    ) -> Result<String> {
        let invoice = self.invoice(caller, account, id)?;
        Ok(match format {
            PrintFormat::Html => print::html(&invoice),
            PrintFormat::Text => print::text(&invoice),
        })
    }

    /// Records that an open invoice was paid (INV-6). Vendor staff only.
    pub fn record_payment(&self, caller: &Caller, account: AccountId, id: InvoiceId, paid_on: Date) -> Result<Invoice> {
        self.change(caller, account, Action::RecordPayment, |tx, ctx| {
            let inv = load_invoice(tx, account, id, ctx.now.date())?;
            if inv.kind != InvoiceKind::Invoice || inv.status != InvoiceStatus::Open {
                return Err(Error::conflict("only an open invoice can be paid"));
            }
            tx.exec("UPDATE invoices SET status = 'paid', paid_on = ?3 WHERE id = ?1 AND account_id = ?2 AND status = 'open'", &[&id, &account, &date_text(paid_on)])?;
            ctx.record(tx, "payment_recorded", &inv.number)?;
            load_invoice(tx, account, id, ctx.now.date())
        })
    }

    /// Voids an invoice and issues the credit note that cancels it (INV-1). The voided invoice
    /// stays on record, unchanged but for its status. Account Services only.
    pub fn void_invoice(&self, caller: &Caller, account: AccountId, id: InvoiceId, reason: &str) -> Result<Invoice> {
        let reason = text::required("reason", reason, 200)?;
        self.change(caller, account, Action::VoidInvoice, |tx, ctx| {
            let inv = load_invoice(tx, account, id, ctx.now.date())?;
            if inv.kind != InvoiceKind::Invoice || inv.status == InvoiceStatus::Void {
                return Err(Error::conflict("only an issued, unvoided invoice can be voided"));
            }
            tx.exec(
                "UPDATE invoices SET status = 'void', void_reason = ?3 WHERE id = ?1 AND account_id = ?2",
                &[&id, &account, &reason],
            )?;
            ctx.record(tx, "invoice_voided", &inv.number)?;
            let lines = inv
                .document
                .lines
                .iter()
                .map(|l| Line { unit_price: -l.unit_price, net: l.net.negated(), ..l.clone() })
                .collect();
            issue(
                tx,
                ctx,
                account,
                Issue {
                    kind: InvoiceKind::CreditNote,
                    refers_to: Some((inv.id, inv.number.clone())),
                    lines,
                    totals: inv.document.totals.negated(),
                    purchase_order: inv.document.purchase_order.clone(),
                    issue_date: ctx.now.date(),
                },
            )
        })
    }
}
