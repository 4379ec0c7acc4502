//! Payments and the invoice balances they settle (PAYM-1); the bank references that make a
//! statement import idempotent (RECON-1); the issuers' accounts a statement must be for, and the
//! invoices of one issuer it can pay (RECON-2).

use super::codec::from_json;
use super::sql::Row;
use super::{OrNotFound as _, Tx};
use crate::documents::cii::SellerDetails;
use crate::domain::account::IssuerProfile;
use crate::domain::payment::{Payment, ReversalReason, Settlement};
use crate::error::Result;
use crate::values::{AccountId, CreditorReference, Currency, InvoiceId, IssuerId, Money, PaymentId, PaymentKind};
use time::{Date, OffsetDateTime};

/// A payment on its way into the store.
pub(crate) struct PaymentRow<'a> {
    pub id: PaymentId,
    pub invoice: InvoiceId,
    pub account: AccountId,
    pub amount: &'a Money,
    pub received_on: Date,
    pub method: Option<PaymentKind>,
    pub reference: &'a str,
    pub bank_reference: Option<&'a str>,
    pub recorded_at: OffsetDateTime,
    pub recorded_by: &'a str,
}

pub(crate) fn insert(tx: &Tx<'_>, p: &PaymentRow<'_>) -> Result<()> {
    tx.exec(
        "INSERT INTO payments (id, invoice_id, account_id, amount, currency, received_on, method, reference,
            bank_reference, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        &[
            &p.id,
            &p.invoice,
            &p.account,
            &p.amount.amount(),
            &p.amount.currency(),
            &p.received_on,
            &p.method,
            &p.reference,
            &p.bank_reference,
            &p.recorded_at,
            &p.recorded_by,
        ],
    )?;
    Ok(())
}

/// Saves an invoice's state after a payment or a reversal.
pub(crate) fn save_settlement(tx: &Tx<'_>, account: AccountId, invoice: InvoiceId, s: &Settlement) -> Result<()> {
    tx.exec(
        "UPDATE invoices SET amount_paid = ?3, status = ?4, paid_on = ?5 WHERE id = ?1 AND account_id = ?2",
        &[&invoice, &account, &s.amount_paid.amount(), &s.status, &s.paid_on],
    )?;
    Ok(())
}

const COLUMNS: &str =
    "id, invoice_id, amount, currency, received_on, method, reference, bank_reference, reversed_on, reversal_reason";

fn payment(r: &Row<'_>) -> Result<Payment> {
    let currency: Currency = r.get(3)?;
    Ok(Payment {
        id: r.get(0)?,
        invoice_id: r.get(1)?,
        amount: Money::new(r.get(2)?, currency),
        received_on: r.get(4)?,
        method: r.get(5)?,
        reference: r.get(6)?,
        bank_reference: r.get(7)?,
        reversed_on: r.get(8)?,
        reversal_reason: r.get(9)?,
    })
}

/// The invoice's payments, in the order they arrived, reversed ones included.
pub(crate) fn of_invoice(tx: &Tx<'_>, account: AccountId, invoice: InvoiceId) -> Result<Vec<Payment>> {
    tx.all(
        &format!(
            "SELECT {COLUMNS} FROM payments WHERE invoice_id = ?1 AND account_id = ?2
             ORDER BY received_on, recorded_at, id"
        ),
        &[&invoice, &account],
        payment,
    )
}

/// The account's payment `id`; another account's is not found (PRIV-2).
pub(crate) fn load(tx: &Tx<'_>, account: AccountId, id: PaymentId) -> Result<Payment> {
    tx.opt(&format!("SELECT {COLUMNS} FROM payments WHERE id = ?1 AND account_id = ?2"), &[&id, &account], payment)
        .or_not_found("payment")
}

/// Marks the payment reversed; `bank_reference` names the statement entry of the return.
pub(crate) fn save_reversal(
    tx: &Tx<'_>,
    id: PaymentId,
    on: Date,
    reason: ReversalReason,
    bank_reference: Option<&str>,
) -> Result<()> {
    tx.exec(
        "UPDATE payments SET reversed_on = ?2, reversal_reason = ?3, reversal_bank_reference = ?4
         WHERE id = ?1 AND reversed_on IS NULL",
        &[&id, &on, &reason, &bank_reference],
    )?;
    Ok(())
}

/// Whether the statement entry `bank_reference` was imported already, as a payment or as the
/// return of one (RECON-1).
pub(crate) fn bank_reference_taken(tx: &Tx<'_>, bank_reference: &str) -> Result<bool> {
    tx.exists("SELECT 1 FROM payments WHERE bank_reference = ?1 OR reversal_bank_reference = ?1", &[&bank_reference])
}

/// Every issuer with the accounts its money arrives in: the IBAN of its e-invoicing details
/// (BT-84) and each IBAN its printed bank details name (RECON-2).
pub(crate) fn issuer_accounts(tx: &Tx<'_>) -> Result<Vec<(IssuerId, Vec<String>)>> {
    tx.all("SELECT id, profile, e_invoicing FROM issuers ORDER BY id", &[], |r| {
        let profile: IssuerProfile = from_json(&r.get::<String>(1)?)?;
        let mut accounts = crate::bank::ibans_in(&profile.remittance);
        if let Some(seller) = r.get::<Option<String>>(2)? {
            let seller: SellerDetails = from_json(&seller)?;
            if let Some(iban) = seller.iban
                && !accounts.iter().any(|a| a == iban.as_str())
            {
                accounts.push(iban.as_str().to_owned());
            }
        }
        Ok((r.get(0)?, accounts))
    })
}

/// The issuer's invoice whose creditor reference is `reference`, with its account; another
/// issuer's is not found, so a statement of one issuer's account pays only its invoices (RECON-2).
pub(crate) fn issuer_invoice_by_reference(
    tx: &Tx<'_>,
    issuer: IssuerId,
    reference: &CreditorReference,
) -> Result<Option<(AccountId, InvoiceId)>> {
    tx.opt(
        "SELECT account_id, id FROM invoices WHERE creditor_reference = ?1 AND issuer_id = ?2",
        &[reference, &issuer],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The issuer's invoice numbered `number`, with its account (RECON-2).
pub(crate) fn issuer_invoice_by_number(
    tx: &Tx<'_>,
    issuer: IssuerId,
    number: &str,
) -> Result<Option<(AccountId, InvoiceId)>> {
    tx.opt("SELECT account_id, id FROM invoices WHERE number = ?1 AND issuer_id = ?2", &[&number, &issuer], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
}
