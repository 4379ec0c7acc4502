//! Accounts and what hangs off them: subscriptions, purchase orders, invoice recipients, account
//! users and staff (ACC-1..ACC-4, SUB-1, PO-1, REC-1).

use super::codec::from_json;
use super::{OrNotFound as _, Tx};
use crate::domain::account::ContactAccount;
use crate::domain::subscription::Subscription;
use crate::error::Result;
use crate::values::{AccountId, BillingAddress, Currency, EmailAddress, IssuerId, LoginId, Money, PaymentMethod};
use rust_decimal::Decimal;
use time::Date;

/// The corporate accounts whose billing contact `login` is, by company name (ACC-4).
pub(crate) fn of_contact(tx: &Tx<'_>, login: LoginId) -> Result<Vec<ContactAccount>> {
    tx.all(
        "SELECT id, company_name FROM accounts WHERE billing_contact_id = ?1 AND kind = 'corporate' ORDER BY company_name",
        &[&login],
        |r| Ok(ContactAccount { id: r.get(0)?, company_name: r.get(1)? }),
    )
}

/// The account's invoice currency.
pub(crate) fn currency(tx: &Tx<'_>, account: AccountId) -> Result<Currency> {
    tx.opt("SELECT currency FROM accounts WHERE id = ?1", &[&account], |r| r.get(0)).or_not_found("account")
}

/// What the account's invoices are issued with (INV-1, INV-3, AUTH-10).
pub(crate) struct InvoicingProfile {
    pub company_name: String,
    pub billing_address: BillingAddress,
    pub payment_method: PaymentMethod,
    pub currency: Currency,
    pub payment_terms_days: i64,
    pub issuer: IssuerId,
    /// The billing contact's user ID, printed on the invoice.
    pub contact_user_id: String,
    pub contact_email: EmailAddress,
}

pub(crate) fn invoicing_profile(tx: &Tx<'_>, account: AccountId) -> Result<InvoicingProfile> {
    tx.opt(
        "SELECT a.company_name, a.billing_address, a.payment_method, a.currency, a.payment_terms_days, a.issuer_id,
                COALESCE(l.username, l.email), l.email
         FROM accounts a JOIN logins l ON l.id = a.billing_contact_id WHERE a.id = ?1",
        &[&account],
        |r| {
            Ok(InvoicingProfile {
                company_name: r.get(0)?,
                billing_address: from_json(&r.text(1)?)?,
                payment_method: from_json(&r.text(2)?)?,
                currency: r.get(3)?,
                payment_terms_days: r.get(4)?,
                issuer: r.get(5)?,
                contact_user_id: r.get(6)?,
                contact_email: EmailAddress::parse(&r.text(7)?)?,
            })
        },
    )
    .or_not_found("account")
}

/// The VAT rate, in percent, of the account's invoices.
pub(crate) fn vat_rate(tx: &Tx<'_>, account: AccountId) -> Result<Decimal> {
    tx.opt("SELECT vat_rate FROM accounts WHERE id = ?1", &[&account], |r| r.get(0)).or_not_found("account")
}

/// Whether quotes of the account can only be accepted with a purchase order (QUO-4).
pub(crate) fn requires_purchase_order(tx: &Tx<'_>, account: AccountId) -> Result<bool> {
    tx.opt("SELECT requires_purchase_order FROM accounts WHERE id = ?1", &[&account], |r| r.get(0))
        .or_not_found("account")
}

/// The e-mail address of the account's billing contact.
pub(crate) fn contact_email(tx: &Tx<'_>, account: AccountId) -> Result<EmailAddress> {
    tx.opt(
        "SELECT l.email FROM accounts a JOIN logins l ON l.id = a.billing_contact_id WHERE a.id = ?1",
        &[&account],
        |r| EmailAddress::parse(&r.text(0)?),
    )
    .or_not_found("account")
}

/// The account's subscription; its price is in the account's `currency`.
pub(crate) fn subscription(tx: &Tx<'_>, account: AccountId, currency: Currency) -> Result<Subscription> {
    tx.opt(
        "SELECT plan, seats, annual_seat_price, term_start, term_end, status, auto_renew, billing_interval, billed_until
         FROM subscriptions WHERE account_id = ?1",
        &[&account],
        |r| {
            Ok(Subscription {
                plan: r.get(0)?,
                seats: r.get(1)?,
                annual_seat_price: Money::new(r.get(2)?, currency),
                term_start: r.get(3)?,
                term_end: r.get(4)?,
                status: r.get(5)?,
                auto_renew: r.get(6)?,
                billing_interval: r.get(7)?,
                billed_until: r.get(8)?,
            })
        },
    )
    .or_not_found("subscription")
}

pub(crate) fn save_subscription(tx: &Tx<'_>, account: AccountId, s: &Subscription) -> Result<()> {
    tx.exec(
        "UPDATE subscriptions SET plan = ?2, seats = ?3, annual_seat_price = ?4, term_start = ?5, term_end = ?6,
            status = ?7, auto_renew = ?8, billing_interval = ?9, billed_until = ?10 WHERE account_id = ?1",
        &[
            &account,
            &s.plan,
            &s.seats,
            &s.annual_seat_price.amount(),
            &s.term_start,
            &s.term_end,
            &s.status,
            &s.auto_renew,
            &s.billing_interval,
            &s.billed_until,
        ],
    )?;
    Ok(())
}

/// The expiry of the account's purchase order `number`, if it is registered.
pub(crate) fn purchase_order_expiry(tx: &Tx<'_>, account: AccountId, number: &str) -> Result<Option<Date>> {
    tx.opt("SELECT expires_on FROM purchase_orders WHERE account_id = ?1 AND number = ?2", &[&account, &number], |r| {
        r.get(0)
    })
}

/// The registered purchase order in force on `date` that stays in force longest (PO-1).
pub(crate) fn purchase_order_in_force(tx: &Tx<'_>, account: AccountId, date: Date) -> Result<Option<String>> {
    tx.opt(
        "SELECT number FROM purchase_orders WHERE account_id = ?1 AND expires_on >= ?2
             ORDER BY expires_on DESC, created_at DESC LIMIT 1",
        &[&account, &date],
        |r| r.get(0),
    )
}

/// The account's invoice recipients, by address (REC-1).
pub(crate) fn recipients(tx: &Tx<'_>, account: AccountId) -> Result<Vec<EmailAddress>> {
    tx.all("SELECT email FROM invoice_recipients WHERE account_id = ?1 ORDER BY email_key", &[&account], |r| {
        EmailAddress::parse(&r.text(0)?)
    })
}
