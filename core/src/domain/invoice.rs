//! Invoices and credit notes (INV-1..INV-6).

use super::account::IssuerProfile;
use super::lines::{Line, Totals};
use crate::documents::locale::{self, payment};
use crate::error::{Error, Result};
use crate::values::{AccountId, BillingAddress, CreditorReference, InvoiceId, Language, Money, PaymentMethod};
use serde::{Deserialize, Serialize};
use time::Date;

/// An invoice or a credit note that cancels one (INV-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    /// A claim for payment.
    Invoice,
    /// Cancels a voided invoice; amounts are negative.
    CreditNote,
}

/// Payment state (INV-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Awaiting payment.
    Open,
    /// Payment recorded by vendor staff.
    Paid,
    /// Voided by a correction; the record stays.
    Void,
}

/// Everything printed on an invoice, fixed when it is issued (INV-1, INV-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDocument {
    /// Who issues the invoice.
    pub issuer: IssuerProfile,
    /// The customer's company name.
    pub bill_to_name: String,
    /// The billing address on the issue date.
    pub bill_to: BillingAddress,
    /// The billing contact's user ID (AUTH-10).
    pub billing_contact_user_id: String,
    /// The purchase order in force on the issue date, if any (PO-1).
    pub purchase_order: Option<String>,
    /// Priced lines.
    pub lines: Vec<Line>,
    /// Net, VAT per rate, total.
    pub totals: Totals,
    /// How to pay, for the account's payment method on the issue date, in [`language`](Self::language).
    pub payment_instructions: String,
    /// The period of service the invoice bills, for an invoice of a subscription's billing
    /// period (or the credit note that cancels one); `None` for a one-off sale. Printed as the
    /// time of supply and written to the e-invoice as the invoicing period (BT-73, BT-74).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_period: Option<ServicePeriod>,
    /// The account's document language on the issue date (DOCS-1): the document is printed in
    /// it for good, like everything else on it (INV-1). Invoices from before documents had a
    /// language read back as English, which they were written in.
    #[serde(default)]
    pub language: Language,
}

/// A period of service, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ServicePeriod {
    /// The first day.
    pub first_day: Date,
    /// The last day.
    pub last_day: Date,
}

/// An invoice with everything on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// The invoice.
    pub id: InvoiceId,
    /// The account billed.
    pub account_id: AccountId,
    /// Number from the issuer's series, unique and gap-free (INV-1).
    pub number: String,
    /// Invoice or credit note.
    pub kind: InvoiceKind,
    /// For a credit note, the number of the invoice it cancels.
    pub refers_to: Option<String>,
    /// Issue date.
    pub issue_date: Date,
    /// Payment due date.
    pub due_date: Date,
    /// Open, paid or void.
    pub status: InvoiceStatus,
    /// Open and past its due date (INV-6).
    pub overdue: bool,
    /// The day the payment that settled it arrived, while it is paid.
    pub paid_on: Option<Date>,
    /// The sum of its payments that stand (PAYM-1).
    pub amount_paid: Money,
    /// What is still to be paid; zero once paid, for a void invoice and for a credit note.
    pub balance_due: Money,
    /// The ISO 11649 reference payers quote (PAYM-1, RECON-1).
    pub creditor_reference: CreditorReference,
    /// The highest payment reminder stage it reached (DUN-1), from 1.
    pub dunning_stage: Option<u32>,
    /// Why it was voided.
    pub void_reason: Option<String>,
    /// The printed content.
    pub document: InvoiceDocument,
}

/// An invoice in a list (INV-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    /// The invoice.
    pub id: InvoiceId,
    /// Its number.
    pub number: String,
    /// Invoice or credit note.
    pub kind: InvoiceKind,
    /// Issue date.
    pub issue_date: Date,
    /// Payment due date.
    pub due_date: Date,
    /// Grand total.
    pub total: Money,
    /// Open, paid or void.
    pub status: InvoiceStatus,
    /// Open and past its due date.
    pub overdue: bool,
    /// What is still to be paid (PAYM-1).
    pub balance_due: Money,
}

/// INV-6: an open invoice is overdue once its due date has passed; a credit note never is.
pub(crate) fn is_overdue(kind: InvoiceKind, status: InvoiceStatus, due: Date, today: Date) -> bool {
    kind == InvoiceKind::Invoice && status == InvoiceStatus::Open && today > due
}

/// How to pay invoice `number` of `total` by `due` with `method` (INV-3), in `lang` (DOCS-1); a
/// credit note says what becomes of the money instead.
pub(crate) fn payment_instructions(
    kind: InvoiceKind,
    method: &PaymentMethod,
    issuer: &IssuerProfile,
    (number, reference, total, due): (&str, &CreditorReference, &Money, Date),
    lang: Language,
) -> String {
    if kind == InvoiceKind::CreditNote {
        return payment::credit_note(lang);
    }
    let (total, due) = (locale::money(total, lang), locale::date(due, lang));
    let payee = issuer.legal_name.as_str();
    let reference = reference.printed();
    let refs = (reference.as_str(), number);
    match method {
        PaymentMethod::Card(c) => payment::card(lang, &total, &c.brand().to_string(), c.last4(), &due),
        PaymentMethod::WireTransfer => payment::wire(lang, &total, &due, payee, &issuer.remittance, refs),
        PaymentMethod::Check => {
            let address = locale::address_lines(&issuer.address, lang).join(", ");
            payment::check(lang, &total, payee, &due, &address, number)
        }
        PaymentMethod::AchDebit(a) => payment::ach(lang, &total, a.account_last4(), a.routing_number().as_str(), &due),
        PaymentMethod::SepaDebit(s) => payment::sepa(lang, &total, &s.iban().masked(), s.mandate_reference(), &due),
        PaymentMethod::StandingOrder => payment::standing_order(lang, payee, &issuer.remittance, &total, &due, refs),
    }
}

impl Invoice {
    /// What the invoice asks of the payer today, in words that follow its state (DOCS-2): the
    /// printed instructions while it is due and unpaid; the balance and how to pay it once part
    /// is paid or it is overdue (never "will be debited" after the date has passed); a thank-you
    /// once paid; "nothing is due" once voided. A credit note says what becomes of the money.
    ///
    /// The printed instructions are in the document's language; read in another language, a due
    /// invoice gets the catalogue's sentence with its amount, date and reference instead.
    pub fn payment_sentence(&self, lang: Language) -> String {
        use crate::messages::text;
        if self.kind == InvoiceKind::CreditNote {
            return payment::credit_note(lang);
        }
        let number = self.number.as_str();
        let reference = self.creditor_reference.printed();
        let payee = self.document.issuer.legal_name.as_str();
        let bank = self.document.issuer.remittance.as_str();
        let (due, balance) = (locale::date(self.due_date, lang), locale::money(&self.balance_due, lang));
        let how = text(
            lang,
            "payment.how_to_pay",
            &[("payee", payee), ("bank", bank), ("reference", &reference), ("number", number)],
        );
        match self.status {
            InvoiceStatus::Void => text(lang, "payment.state.void", &[("number", number)]),
            InvoiceStatus::Paid => match self.paid_on {
                Some(on) => text(lang, "payment.state.paid_on", &[("date", &locale::date(on, lang))]),
                None => text(lang, "payment.state.paid", &[]),
            },
            InvoiceStatus::Open if self.overdue => {
                let sentence = text(lang, "payment.state.overdue", &[("due", &due), ("balance", &balance)]);
                format!("{sentence} {how} {}", text(lang, "payment.ask_account_services", &[]))
            }
            InvoiceStatus::Open if !self.amount_paid.amount().is_zero() => {
                let paid = locale::money(&self.amount_paid, lang);
                let sentence =
                    text(lang, "payment.state.partly_paid", &[("paid", &paid), ("balance", &balance), ("due", &due)]);
                format!("{sentence} {how}")
            }
            InvoiceStatus::Open if self.document.language == lang => self.document.payment_instructions.clone(),
            InvoiceStatus::Open => {
                let total = locale::money(&self.document.totals.total, lang);
                let sentence = text(lang, "payment.state.due", &[("total", &total), ("due", &due)]);
                format!(
                    "{sentence} {}",
                    text(lang, "payment.reference", &[("reference", &reference), ("number", number)])
                )
            }
        }
    }

    /// INV-1: only an issued invoice that is not void yet can be voided.
    pub(crate) fn check_voidable(&self) -> Result<()> {
        if self.kind != InvoiceKind::Invoice || self.status == InvoiceStatus::Void {
            return Err(Error::conflict("only an issued, unvoided invoice can be voided"));
        }
        Ok(())
    }

    /// The lines and totals of the credit note that cancels this invoice (INV-1).
    pub(crate) fn cancelling_lines(&self) -> (Vec<Line>, Totals) {
        let lines = self
            .document
            .lines
            .iter()
            .map(|l| Line { unit_price: -l.unit_price, net: l.net.negated(), ..l.clone() })
            .collect();
        (lines, self.document.totals.negated())
    }
}
