//! Accounts and what hangs off them: subscriptions, purchase orders, invoice recipients, account
//! users and staff (ACC-1..ACC-4, SUB-1, PO-1, REC-1).

use super::codec::{from_json, to_json};
use super::sql::Row;
use super::{OrNotFound as _, Tx};
use crate::access::{AccountStanding, Identity, Scope};
use crate::domain::account::{
    AccountKind, AccountOverview, BillingContact, ContactAccount, NewAccount, PurchaseOrder, StaffKind,
};
use crate::domain::subscription::{BillingInterval, Subscription, SubscriptionStatus};
use crate::error::Result;
use crate::values::{
    AccountId, BillingAddress, Currency, EmailAddress, IssuerId, Language, LoginId, Money, PaymentMethod,
    PaymentMethodView, Phone, PurchaseOrderId, StaffId,
};
use rust_decimal::Decimal;
use std::sync::LazyLock;
use time::{Date, OffsetDateTime};

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
    /// Who receives the account's invoices besides the billing contact (REC-1).
    pub recipients: Vec<EmailAddress>,
    /// The document language in force: the one chosen, or the billing country's (DOCS-1).
    pub language: Language,
}

pub(crate) fn invoicing_profile(tx: &Tx<'_>, account: AccountId) -> Result<InvoicingProfile> {
    let mut profile = tx
        .opt(&format!("SELECT {PROFILE_COLUMNS} {PROFILE_FROM} WHERE a.id = ?1"), &[&account], |r| profile_at(r, 0))
        .or_not_found("account")?;
    profile.recipients = recipients(tx, account)?;
    Ok(profile)
}

const PROFILE_COLUMNS: &str = "a.company_name, a.billing_address, a.payment_method, a.currency, a.payment_terms_days,
    a.issuer_id, COALESCE(l.username, l.email), l.email, a.document_language";
const PROFILE_FROM: &str = "FROM accounts a JOIN logins l ON l.id = a.billing_contact_id";

/// The [`PROFILE_COLUMNS`] of a row, from column `at` on.
fn profile_at(r: &Row<'_>, at: usize) -> Result<InvoicingProfile> {
    let billing_address: BillingAddress = from_json(&r.text(at + 1)?)?;
    Ok(InvoicingProfile {
        language: language_in_force(r.get(at + 8)?, &billing_address),
        company_name: r.get(at)?,
        billing_address,
        payment_method: from_json(&r.text(at + 2)?)?,
        currency: r.get(at + 3)?,
        payment_terms_days: r.get(at + 4)?,
        issuer: r.get(at + 5)?,
        contact_user_id: r.get(at + 6)?,
        contact_email: r.get(at + 7)?,
        recipients: Vec::new(),
    })
}

/// What the renewal run needs of one account (SUB-3), read in one round trip.
pub(crate) struct RenewalFacts {
    pub subscription: Subscription,
    pub vat_rate: Decimal,
    pub profile: InvoicingProfile,
    /// The purchase order in force on the run's date (PO-1).
    pub purchase_order: Option<String>,
}

pub(crate) fn renewal_facts(tx: &Tx<'_>, account: AccountId, date: Date) -> Result<RenewalFacts> {
    // Built once: the renewal run reads the facts of thousands of accounts.
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {PROFILE_COLUMNS}, a.vat_rate, ({PO_IN_FORCE}),
                EXISTS (SELECT 1 FROM invoice_recipients r WHERE r.account_id = a.id), {SUBSCRIPTION_COLUMNS}
             {PROFILE_FROM} JOIN subscriptions s ON s.account_id = a.id WHERE a.id = ?1"
        )
    });
    let (mut facts, has_recipients) = tx
        .opt(&SQL, &[&account, &date], |r| {
            let profile = profile_at(r, 0)?;
            let facts = RenewalFacts {
                subscription: subscription_at(r, 12, profile.currency)?,
                vat_rate: r.get(9)?,
                purchase_order: r.get(10)?,
                profile,
            };
            Ok((facts, r.get::<bool>(11)?))
        })
        .or_not_found("subscription")?;
    // Most accounts have none; the query is spared for them.
    if has_recipients {
        facts.profile.recipients = recipients(tx, account)?;
    }
    Ok(facts)
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
        |r| r.get(0),
    )
    .or_not_found("account")
}

/// The account's subscription; its price is in the account's `currency`.
pub(crate) fn subscription(tx: &Tx<'_>, account: AccountId, currency: Currency) -> Result<Subscription> {
    tx.opt(&format!("SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions s WHERE s.account_id = ?1"), &[&account], |r| {
        subscription_at(r, 0, currency)
    })
    .or_not_found("subscription")
}

const SUBSCRIPTION_COLUMNS: &str = "s.plan, s.seats, s.annual_seat_price, s.term_start, s.term_end, s.status,
    s.auto_renew, s.billing_interval, s.billed_until";

/// The [`SUBSCRIPTION_COLUMNS`] of a row, from column `at` on.
fn subscription_at(r: &Row<'_>, at: usize, currency: Currency) -> Result<Subscription> {
    Ok(Subscription {
        plan: r.get(at)?,
        seats: r.get(at + 1)?,
        annual_seat_price: Money::new(r.get(at + 2)?, currency),
        term_start: r.get(at + 3)?,
        term_end: r.get(at + 4)?,
        status: r.get(at + 5)?,
        auto_renew: r.get(at + 6)?,
        billing_interval: r.get(at + 7)?,
        billed_until: r.get(at + 8)?,
    })
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
    tx.opt(&format!("SELECT ({PO_IN_FORCE})"), &[&account, &date], |r| r.get(0)).map(Option::flatten)
}

/// The number of the purchase order in force on `?2` for account `?1`, as a subquery.
const PO_IN_FORCE: &str = "SELECT p.number FROM purchase_orders p WHERE p.account_id = ?1 AND p.expires_on >= ?2
    ORDER BY p.expires_on DESC, p.created_at DESC LIMIT 1";

/// The account's invoice recipients, by address (REC-1).
pub(crate) fn recipients(tx: &Tx<'_>, account: AccountId) -> Result<Vec<EmailAddress>> {
    tx.all("SELECT email FROM invoice_recipients WHERE account_id = ?1 ORDER BY email_key", &[&account], |r| r.get(0))
}

/// The account overview; with `detailed`, the payment method's details and the invoice
/// recipients too (PRIV-1, PAY-2).
pub(crate) fn overview(tx: &Tx<'_>, account: AccountId, detailed: bool) -> Result<AccountOverview> {
    let (kind, company_name, billing_address, phone, method, currency, requires_purchase_order, version, language) = tx
        .opt(
            "SELECT kind, company_name, billing_address, phone, payment_method, currency, requires_purchase_order,
                    version, document_language
             FROM accounts WHERE id = ?1",
            &[&account],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get::<String>(1)?,
                    from_json(&r.text(2)?)?,
                    Phone::from_stored(r.get(3)?),
                    from_json::<PaymentMethod>(&r.text(4)?)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get::<Option<Language>>(8)?,
                ))
            },
        )
        .or_not_found("account")?;
    Ok(AccountOverview {
        id: account,
        kind,
        company_name,
        document_language: language_in_force(language, &billing_address),
        document_language_chosen: language.is_some(),
        billing_address,
        phone,
        payment_method: if detailed {
            PaymentMethodView::detailed(&method)
        } else {
            PaymentMethodView::masked(&method)
        },
        currency,
        requires_purchase_order,
        invoice_recipients: if detailed { Some(recipients(tx, account)?) } else { None },
        subscription: subscription(tx, account, currency)?,
        version,
    })
}

/// The fields of a new account and its subscription, checked by the caller (ACC-2).
pub(crate) struct AccountRow<'a> {
    pub id: AccountId,
    pub new: &'a NewAccount,
    pub company_name: &'a str,
    pub phone: &'a Phone,
    pub plan: &'a str,
    pub created_at: OffsetDateTime,
}

/// Stores a new account with its subscription: active, annual, renewing (SR-3, SR-4).
pub(crate) fn insert(tx: &Tx<'_>, a: &AccountRow<'_>) -> Result<()> {
    let new = a.new;
    tx.exec(
        "INSERT INTO accounts (id, kind, company_name, issuer_id, sales_rep_id, billing_contact_id,
            billing_address, phone, payment_method, currency, vat_rate, payment_terms_days,
            requires_purchase_order, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        &[
            &a.id,
            &new.kind,
            &a.company_name,
            &new.issuer,
            &new.sales_rep,
            &new.billing_contact,
            &to_json(&new.billing_address)?,
            &a.phone.as_str(),
            &to_json(&new.payment_method)?,
            &new.currency,
            &new.vat_rate.normalize(),
            &new.payment_terms_days,
            &new.requires_purchase_order,
            &a.created_at,
        ],
    )?;
    tx.exec(
        "INSERT INTO subscriptions (account_id, plan, seats, annual_seat_price, term_start, term_end,
            status, auto_renew, billing_interval, billed_until)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?6)",
        &[
            &a.id,
            &a.plan,
            &new.seats,
            &new.annual_seat_price,
            &new.term_start,
            &new.term_end,
            &SubscriptionStatus::Active,
            &BillingInterval::Annual,
        ],
    )?;
    Ok(())
}

/// DOCS-1: the language chosen for the account, or else its billing country's.
fn language_in_force(chosen: Option<Language>, address: &BillingAddress) -> Language {
    chosen.unwrap_or_else(|| Language::for_country(address.country()))
}

/// The account's document language in force (DOCS-1).
pub(crate) fn document_language(tx: &Tx<'_>, account: AccountId) -> Result<Language> {
    tx.opt("SELECT document_language, billing_address FROM accounts WHERE id = ?1", &[&account], |r| {
        Ok(language_in_force(r.get(0)?, &from_json(&r.text(1)?)?))
    })
    .or_not_found("account")
}

/// Chooses the account's document language; `None` lets it follow the billing country again.
pub(crate) fn set_document_language(tx: &Tx<'_>, account: AccountId, language: Option<Language>) -> Result<()> {
    tx.exec("UPDATE accounts SET document_language = ?2 WHERE id = ?1", &[&account, &language])?;
    bump_version(tx, account)
}

/// Counts a change of the account's billing data, for optimistic readers.
fn bump_version(tx: &Tx<'_>, account: AccountId) -> Result<()> {
    tx.exec("UPDATE accounts SET version = version + 1 WHERE id = ?1", &[&account])?;
    Ok(())
}

pub(crate) fn payment_method(tx: &Tx<'_>, account: AccountId) -> Result<PaymentMethod> {
    tx.opt("SELECT payment_method FROM accounts WHERE id = ?1", &[&account], |r| from_json(&r.text(0)?))
        .or_not_found("account")
}

pub(crate) fn set_payment_method(tx: &Tx<'_>, account: AccountId, method: &PaymentMethod) -> Result<()> {
    tx.exec(
        "UPDATE accounts SET payment_method = ?2, version = version + 1 WHERE id = ?1",
        &[&account, &to_json(method)?],
    )?;
    Ok(())
}

pub(crate) fn billing_address(tx: &Tx<'_>, account: AccountId) -> Result<BillingAddress> {
    tx.opt("SELECT billing_address FROM accounts WHERE id = ?1", &[&account], |r| from_json(&r.text(0)?))
        .or_not_found("account")
}

pub(crate) fn set_billing_address(tx: &Tx<'_>, account: AccountId, address: &BillingAddress) -> Result<()> {
    tx.exec(
        "UPDATE accounts SET billing_address = ?2, version = version + 1 WHERE id = ?1",
        &[&account, &to_json(address)?],
    )?;
    Ok(())
}

pub(crate) fn set_phone(tx: &Tx<'_>, account: AccountId, phone: &Phone) -> Result<()> {
    tx.exec("UPDATE accounts SET phone = ?2, version = version + 1 WHERE id = ?1", &[&account, &phone.as_str()])?;
    Ok(())
}

pub(crate) fn set_requires_purchase_order(tx: &Tx<'_>, account: AccountId, required: bool) -> Result<()> {
    tx.exec(
        "UPDATE accounts SET requires_purchase_order = ?2, version = version + 1 WHERE id = ?1",
        &[&account, &required],
    )?;
    Ok(())
}

pub(crate) fn company_name(tx: &Tx<'_>, account: AccountId) -> Result<String> {
    tx.opt("SELECT company_name FROM accounts WHERE id = ?1", &[&account], |r| r.get(0)).or_not_found("account")
}

/// The account's billing contact, with the identity only the contact and staff may see (PRIV-1).
pub(crate) fn billing_contact(tx: &Tx<'_>, account: AccountId) -> Result<BillingContact> {
    tx.opt(
        "SELECT l.id, l.name, l.email, l.username, l.phone FROM accounts a JOIN logins l ON l.id = a.billing_contact_id
         WHERE a.id = ?1",
        &[&account],
        |r| {
            let email: String = r.get(2)?;
            Ok(BillingContact {
                login_id: r.get(0)?,
                name: r.get(1)?,
                user_id: r.get::<Option<String>>(3)?.unwrap_or_else(|| email.clone()),
                email: EmailAddress::from_stored(email),
                phone: r.get::<Option<String>>(4)?.map(Phone::from_stored),
            })
        },
    )
    .or_not_found("account")
}

pub(crate) fn set_billing_contact(tx: &Tx<'_>, account: AccountId, login: LoginId) -> Result<()> {
    tx.exec("UPDATE accounts SET billing_contact_id = ?2, version = version + 1 WHERE id = ?1", &[&account, &login])?;
    Ok(())
}

/// Adds an invoice recipient, unique by its case-folded address (REC-1).
pub(crate) fn add_recipient(tx: &Tx<'_>, account: AccountId, email: &EmailAddress) -> Result<()> {
    tx.exec(
        "INSERT INTO invoice_recipients (account_id, email_key, email) VALUES (?1, ?2, ?3)",
        &[&account, &email.key(), &email.as_str()],
    )?;
    bump_version(tx, account)
}

/// Removes an invoice recipient; false if the account had none with that address.
pub(crate) fn remove_recipient(tx: &Tx<'_>, account: AccountId, email: &EmailAddress) -> Result<bool> {
    let removed =
        tx.exec("DELETE FROM invoice_recipients WHERE account_id = ?1 AND email_key = ?2", &[&account, &email.key()])?;
    if removed == 0 {
        return Ok(false);
    }
    bump_version(tx, account)?;
    Ok(true)
}

/// Names `login` as a user of the account; naming it again changes nothing.
pub(crate) fn add_user(tx: &Tx<'_>, account: AccountId, login: LoginId) -> Result<()> {
    tx.exec(
        "INSERT INTO account_users (account_id, login_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        &[&account, &login],
    )?;
    Ok(())
}

/// The corporate accounts whose subscription is active and whose term ended, or whose next
/// billing period began, by `date` (SUB-3).
pub(crate) fn due_for_renewal(tx: &Tx<'_>, date: Date) -> Result<Vec<AccountId>> {
    tx.all(
        "SELECT s.account_id FROM subscriptions s JOIN accounts a ON a.id = s.account_id
         WHERE a.kind = ?2 AND s.status = ?3
           AND (s.term_end <= ?1 OR (s.billed_until <= ?1 AND s.billed_until < s.term_end))
         ORDER BY s.account_id",
        &[&date, &AccountKind::Corporate, &SubscriptionStatus::Active],
        |r| r.get(0),
    )
}

pub(crate) fn purchase_orders(tx: &Tx<'_>, account: AccountId) -> Result<Vec<PurchaseOrder>> {
    tx.all(
        "SELECT id, number, expires_on, version FROM purchase_orders WHERE account_id = ?1
         ORDER BY expires_on DESC, number",
        &[&account],
        |r| Ok(PurchaseOrder { id: r.get(0)?, number: r.get(1)?, expires_on: r.get(2)?, version: r.get(3)? }),
    )
}

pub(crate) fn purchase_order(tx: &Tx<'_>, account: AccountId, id: PurchaseOrderId) -> Result<PurchaseOrder> {
    tx.opt(
        "SELECT number, expires_on, version FROM purchase_orders WHERE id = ?1 AND account_id = ?2",
        &[&id, &account],
        |r| Ok(PurchaseOrder { id, number: r.get(0)?, expires_on: r.get(1)?, version: r.get(2)? }),
    )
    .or_not_found("purchase order")
}

pub(crate) fn purchase_order_count(tx: &Tx<'_>, account: AccountId) -> Result<u32> {
    tx.one("SELECT COUNT(*) FROM purchase_orders WHERE account_id = ?1", &[&account], |r| r.get(0))
}

/// Whether another of the account's purchase orders than `except` has `number`.
pub(crate) fn purchase_order_number_taken(
    tx: &Tx<'_>,
    account: AccountId,
    number: &str,
    except: Option<PurchaseOrderId>,
) -> Result<bool> {
    tx.exists(
        "SELECT 1 FROM purchase_orders WHERE account_id = ?1 AND number = ?2 AND id IS DISTINCT FROM ?3",
        &[&account, &number, &except],
    )
}

pub(crate) fn insert_purchase_order(
    tx: &Tx<'_>,
    account: AccountId,
    po: &PurchaseOrder,
    created_at: OffsetDateTime,
) -> Result<()> {
    tx.exec(
        "INSERT INTO purchase_orders (id, account_id, number, expires_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[&po.id, &account, &po.number, &po.expires_on, &created_at],
    )?;
    Ok(())
}

/// Stores an edited purchase order; it is reminded again before its new expiry (PO-1).
pub(crate) fn update_purchase_order(
    tx: &Tx<'_>,
    account: AccountId,
    id: PurchaseOrderId,
    number: &str,
    expires_on: Date,
) -> Result<()> {
    tx.exec(
        "UPDATE purchase_orders SET number = ?3, expires_on = ?4, version = version + 1, reminded_on = NULL
         WHERE id = ?1 AND account_id = ?2",
        &[&id, &account, &number, &expires_on],
    )?;
    Ok(())
}

/// A purchase order to remind the billing contact of (PO-1).
pub(crate) struct ExpiringPurchaseOrder {
    pub id: PurchaseOrderId,
    pub account: AccountId,
    pub number: String,
    pub expires_on: Date,
    pub contact_email: EmailAddress,
    /// The account's document language (DOCS-1).
    pub language: Language,
}

/// The purchase orders of corporate accounts that expire from `from` to `to` and were not
/// reminded of yet.
pub(crate) fn expiring_purchase_orders(tx: &Tx<'_>, from: Date, to: Date) -> Result<Vec<ExpiringPurchaseOrder>> {
    tx.all(
        "SELECT p.id, p.account_id, p.number, p.expires_on, l.email, a.document_language, a.billing_address
         FROM purchase_orders p
         JOIN accounts a ON a.id = p.account_id JOIN logins l ON l.id = a.billing_contact_id
         WHERE p.reminded_on IS NULL AND p.expires_on >= ?1 AND p.expires_on <= ?2 AND a.kind = ?3",
        &[&from, &to, &AccountKind::Corporate],
        |r| {
            Ok(ExpiringPurchaseOrder {
                id: r.get(0)?,
                account: r.get(1)?,
                number: r.get(2)?,
                expires_on: r.get(3)?,
                contact_email: r.get(4)?,
                language: language_in_force(r.get(5)?, &from_json(&r.text(6)?)?),
            })
        },
    )
}

pub(crate) fn mark_reminded(tx: &Tx<'_>, id: PurchaseOrderId, on: Date) -> Result<()> {
    tx.exec("UPDATE purchase_orders SET reminded_on = ?2 WHERE id = ?1", &[&id, &on])?;
    Ok(())
}

/// Deletes purchase orders that expired before `before`.
pub(crate) fn purge_purchase_orders(tx: &Tx<'_>, before: Date) -> Result<u64> {
    tx.exec("DELETE FROM purchase_orders WHERE expires_on < ?1", &[&before])
}

pub(crate) fn staff_kind(tx: &Tx<'_>, staff: StaffId) -> Result<Option<StaffKind>> {
    tx.opt("SELECT kind FROM staff WHERE id = ?1", &[&staff], |r| r.get(0))
}

/// Everything the caller's role is resolved from (see [`crate::access::authorize`]), in one
/// round trip: the caller's staff kind and, for an account operation, the account's kind, sales
/// rep and billing contact and whether the caller is one of its users.
pub(crate) fn standing(tx: &Tx<'_>, who: Identity, account: Option<AccountId>) -> Result<(Option<StaffKind>, Scope)> {
    let Some(account) = account else {
        let staff = match who.staff() {
            Some(s) => staff_kind(tx, s)?,
            None => None,
        };
        return Ok((staff, Scope::Vendor));
    };
    // The one-row select keeps the staff kind when the account does not exist; the users are
    // not searched for the billing contact, the most frequent caller.
    tx.one(
        "SELECT s.kind, a.kind, a.sales_rep_id, a.billing_contact_id,
                CASE WHEN CAST(?3 AS TEXT) IS NULL OR a.billing_contact_id = ?3 THEN FALSE
                     ELSE EXISTS (SELECT 1 FROM account_users u WHERE u.account_id = a.id AND u.login_id = ?3) END
         FROM (SELECT 1 AS one) AS q
         LEFT JOIN staff s ON s.id = ?1
         LEFT JOIN accounts a ON a.id = ?2",
        &[&who.staff(), &account, &who.login()],
        |r| {
            let found = match r.get::<Option<AccountKind>>(1)? {
                Some(kind) => Some(AccountStanding {
                    kind,
                    sales_rep: r.get(2)?,
                    billing_contact: r.get(3)?,
                    caller_is_user: r.get(4)?,
                }),
                None => None,
            };
            Ok((r.get(0)?, Scope::Account(found)))
        },
    )
}

pub(crate) fn insert_staff(tx: &Tx<'_>, id: StaffId, name: &str, email: &EmailAddress, kind: StaffKind) -> Result<()> {
    tx.exec(
        "INSERT INTO staff (id, name, email, kind) VALUES (?1, ?2, ?3, ?4)",
        &[&id, &name, &email.as_str(), &kind],
    )?;
    Ok(())
}

/// Whether anything was provisioned: a staff member, an issuer or a login.
pub(crate) fn any_provisioned(tx: &Tx<'_>) -> Result<bool> {
    tx.exists("SELECT 1 FROM staff UNION ALL SELECT 1 FROM issuers UNION ALL SELECT 1 FROM logins LIMIT 1", &[])
}
