//! The account and the billing data its contact changes directly (ACC-2, PRIV-1, BC-1, PAY-3,
//! ADDR-1, ADDR-2, REC-1, PO-1, DOC-1).

use super::{BillingPortal, Caller, Ctx, date_text, parse_date};
use crate::access::{Action, Role, allowed};
use crate::domain::account::{AccountKind, AccountOverview, BillingContact, Document, PurchaseOrder};
use crate::error::{Error, Result};
use crate::store::codec::{from_json, to_json};
use crate::store::outbox::{self, NotificationKind};
use crate::store::{self, credentials};
use crate::store::{OrNotFound as _, Tx};
use crate::values::{
    AccountId, AddressLines, BillingAddress, Country, Currency, EmailAddress, LoginId, PaymentMethod,
    PaymentMethodView, Phone, PurchaseOrderId, UserId,
};
use time::Date;

/// REC-1: at most this many invoice recipients per account.
pub const MAX_INVOICE_RECIPIENTS: usize = 10;

/// The overview as `role` may see it: payment details and invoice recipients only where the
/// permission table allows (PRIV-1, PAY-2).
fn load_overview(conn: &Tx<'_>, account: AccountId, role: Role) -> Result<AccountOverview> {
    let (kind, company_name, address, phone, payment, currency, requires_po, version) = conn.opt("SELECT kind, company_name, billing_address, phone, payment_method, currency, requires_purchase_order, version
             FROM accounts WHERE id = ?1", &[&account], |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
                r.get::<String>(3)?,
                r.get::<String>(4)?,
                r.get::<String>(5)?,
                r.get::<bool>(6)?,
                r.get::<i64>(7)?,
            ))
        })
        .or_not_found("account")?;
    let currency = Currency::parse(&currency)?;
    let method: PaymentMethod = from_json(&payment)?;
    let detailed = allowed(role, Action::ViewBillingDetails);
    Ok(AccountOverview {
        id: account,
        kind: if kind == "online" { AccountKind::Online } else { AccountKind::Corporate },
        company_name,
        billing_address: from_json(&address)?,
        phone: Phone::from_stored(phone),
        payment_method: if detailed {
            PaymentMethodView::detailed(&method)
        } else {
            PaymentMethodView::masked(&method)
        },
        currency,
        requires_purchase_order: requires_po,
        invoice_recipients: if detailed { Some(store::accounts::recipients(conn, account)?) } else { None },
        subscription: store::accounts::subscription(conn, account, currency)?,
        version,
    })
}

fn touch_account(conn: &Tx<'_>, account: AccountId) -> Result<()> {
    conn.exec("UPDATE accounts SET version = version + 1 WHERE id = ?1", &[&account])?;
    Ok(())
}

pub(super) fn load_contact(conn: &Tx<'_>, account: AccountId) -> Result<BillingContact> {
    let (login_id, name, email, username, phone): (LoginId, String, String, Option<String>, Option<String>) = conn.opt("SELECT l.id, l.name, l.email, l.username, l.phone FROM accounts a JOIN logins l ON l.id = a.billing_contact_id
             WHERE a.id = ?1", &[&account], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .or_not_found("account")?;
    Ok(BillingContact {
        login_id,
        name,
        user_id: username.unwrap_or_else(|| email.clone()),
        email: EmailAddress::parse(&email)?,
        phone: phone.map(Phone::from_stored),
    })
}

/// Moves billing to `new_contact`; used by a direct hand-over and by a completed request (BC-1).
/// Hands billing to the login a user ID names. A user ID that names no login and one that names a
/// disabled login give the same `not_found` (PRIV-1).
pub(super) fn hand_over(conn: &Tx<'_>, ctx: &Ctx, new_contact_user_id: &str) -> Result<()> {
    let key = UserId::parse(new_contact_user_id)?.key().to_owned();
    let new = credentials::enabled_login(conn, &key)?.ok_or_else(|| Error::not_found("login"))?;
    hand_over_to(conn, ctx, new)
}

/// Makes `new` the billing contact (BC-1, BC-2): the former contact's role on the account ends
/// with this transaction, so its sessions stop working for the account at once. Both are told.
pub(super) fn hand_over_to(conn: &Tx<'_>, ctx: &Ctx, new: LoginId) -> Result<()> {
    let account = ctx.account();
    let former = load_contact(conn, account)?;
    if former.login_id == new {
        return Err(Error::invalid("new_contact_user_id", "is already the billing contact"));
    }
    conn.exec("UPDATE accounts SET billing_contact_id = ?2, version = version + 1 WHERE id = ?1", &[&account, &new])?;
    let company: String = conn.one("SELECT company_name FROM accounts WHERE id = ?1", &[&account], |r| r.get(0))?;
    let subject = format!("Billing contact changed for {company}");
    outbox::enqueue(
        conn,
        ctx.now,
        NotificationKind::BillingContactChanged,
        Some(account),
        &former.email,
        &subject,
        &format!("You are no longer the billing contact for {company}."),
    )?;
    outbox::enqueue(
        conn,
        ctx.now,
        NotificationKind::BillingContactChanged,
        Some(account),
        &store::accounts::contact_email(conn, account)?,
        &subject,
        &format!("You are now the billing contact for {company}."),
    )?;
    ctx.record(conn, "billing_contact_changed", &format!("from login:{} to login:{new}", former.login_id))
}

/// At most this many purchase orders per account, expired ones included until purged.
pub const MAX_PURCHASE_ORDERS: u32 = 100;

/// Expired purchase orders stay listed this long, then the maintenance purge removes them.
/// Invoices keep the number they were issued with.
pub const EXPIRED_PURCHASE_ORDERS_KEPT: time::Duration = time::Duration::days(365);

fn load_po(conn: &Tx<'_>, account: AccountId, id: PurchaseOrderId) -> Result<PurchaseOrder> {
    let (number, expires, version): (String, String, i64) = conn
        .opt(
            "SELECT number, expires_on, version FROM purchase_orders WHERE id = ?1 AND account_id = ?2",
            &[&id, &account],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .or_not_found("purchase order")?;
    Ok(PurchaseOrder { id, number, expires_on: parse_date(&expires)?, version })
}

impl BillingPortal {
    /// The account overview: company, address, phone, payment method, recipients, subscription.
    /// Account users see it too; the billing contact's identity is not in it (PRIV-1).
    pub fn account(&self, caller: &Caller, account: AccountId) -> Result<AccountOverview> {
        self.look(caller, account, Action::ViewAccount, |tx, ctx| load_overview(tx, account, ctx.role))
    }

    /// The payment method as stored, processor token and whole IBAN included, for the host to
    /// charge or debit the account.
    ///
    /// Host only: this takes no caller and checks nothing, like the provisioning and outbox calls.
    /// Never expose it to a client; clients read [`AccountOverview::payment_method`].
    pub fn stored_payment_method(&self, account: AccountId) -> Result<PaymentMethod> {
        self.db.read(|tx| {
            let stored: String = tx
                .opt("SELECT payment_method FROM accounts WHERE id = ?1", &[&account], |r| r.get(0))
                .or_not_found("account")?;
            from_json(&stored)
        })
    }

    /// The billing contact's identity, for that contact and vendor staff only (PRIV-1).
    pub fn billing_contact(&self, caller: &Caller, account: AccountId) -> Result<BillingContact> {
        self.look(caller, account, Action::ViewBillingContact, |tx, _| load_contact(tx, account))
    }

    /// Hands billing to an existing login, named by its user ID (BC-1). The former contact's
    /// sessions stop working for this account at once, and both are notified.
    pub fn change_billing_contact(&self, caller: &Caller, account: AccountId, new_contact_user_id: &str) -> Result<()> {
        self.change(caller, account, Action::ChangeBillingContact, |tx, ctx| hand_over(tx, ctx, new_contact_user_id))
    }

    /// Replaces the payment method (PAY-1..PAY-3). Expired cards are refused.
    pub fn set_payment_method(&self, caller: &Caller, account: AccountId, method: &PaymentMethod) -> Result<()> {
        if let PaymentMethod::Card(card) = method
            && card.is_expired(self.now().date())
        {
            return Err(Error::invalid("exp_year", "the card has expired"));
        }
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            tx.exec(
                "UPDATE accounts SET payment_method = ?2, version = version + 1 WHERE id = ?1",
                &[&account, &to_json(method)?],
            )?;
            ctx.record(tx, "payment_method_changed", &method.describe())
        })
    }

    /// Changes every line of the billing address; the country stays (ADDR-1).
    pub fn change_address(&self, caller: &Caller, account: AccountId, lines: &AddressLines) -> Result<BillingAddress> {
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            let current: BillingAddress =
                from_json(
                    &tx.one("SELECT billing_address FROM accounts WHERE id = ?1", &[&account], |r| r.get::<String>(0))?,
                )?;
            let updated = current.with_lines(lines)?;
            tx.exec(
                "UPDATE accounts SET billing_address = ?2, version = version + 1 WHERE id = ?1",
                &[&account, &to_json(&updated)?],
            )?;
            ctx.record(tx, "address_changed", "")?;
            Ok(updated)
        })
    }

    /// Moves the billing address to another country: Account Services only, normally by
    /// completing a change-country request (ADDR-1).
    pub fn change_country(&self, caller: &Caller, account: AccountId, country: Country) -> Result<()> {
        self.change(caller, account, Action::ChangeCountry, |tx, ctx| apply_country(tx, ctx, country))
    }

    /// Changes the phone number; national numbers are read in the billing country's plan and the
    /// number is kept in E.164 form (ADDR-2).
    pub fn change_phone(&self, caller: &Caller, account: AccountId, phone: &str) -> Result<Phone> {
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            let address: BillingAddress =
                from_json(
                    &tx.one("SELECT billing_address FROM accounts WHERE id = ?1", &[&account], |r| r.get::<String>(0))?,
                )?;
            let phone = Phone::parse(phone, Some(address.country()))?;
            tx.exec(
                "UPDATE accounts SET phone = ?2, version = version + 1 WHERE id = ?1",
                &[&account, &phone.as_str()],
            )?;
            ctx.record(tx, "phone_changed", "")?;
            Ok(phone)
        })
    }

    /// Adds an invoice recipient (REC-1): a valid address, unique regardless of case, ten at most.
    pub fn add_invoice_recipient(&self, caller: &Caller, account: AccountId, email: &str) -> Result<()> {
        let email = EmailAddress::parse(email)?;
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            let existing = store::accounts::recipients(tx, account)?;
            if existing.iter().any(|e| e.key() == email.key()) {
                return Err(Error::conflict("this address already receives invoices"));
            }
            if existing.len() >= MAX_INVOICE_RECIPIENTS {
                return Err(Error::invalid("email", format!("at most {MAX_INVOICE_RECIPIENTS} invoice recipients")));
            }
            tx.exec(
                "INSERT INTO invoice_recipients (account_id, email_key, email) VALUES (?1, ?2, ?3)",
                &[&account, &email.key(), &email.as_str()],
            )?;
            touch_account(tx, account)?;
            ctx.record(tx, "invoice_recipient_added", "")
        })
    }

    /// Removes an invoice recipient, matched regardless of case.
    pub fn remove_invoice_recipient(&self, caller: &Caller, account: AccountId, email: &str) -> Result<()> {
        let email = EmailAddress::parse(email)?;
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            let n = tx.exec(
                "DELETE FROM invoice_recipients WHERE account_id = ?1 AND email_key = ?2",
                &[&account, &email.key()],
            )?;
            if n == 0 {
                return Err(Error::not_found("invoice recipient"));
            }
            touch_account(tx, account)?;
            ctx.record(tx, "invoice_recipient_removed", "")
        })
    }

    /// Sets whether quotes can only be accepted with a purchase order (QUO-4).
    pub fn set_requires_purchase_order(&self, caller: &Caller, account: AccountId, required: bool) -> Result<()> {
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            tx.exec(
                "UPDATE accounts SET requires_purchase_order = ?2, version = version + 1 WHERE id = ?1",
                &[&account, &required],
            )?;
            ctx.record(tx, "purchase_order_requirement_changed", if required { "required" } else { "optional" })
        })
    }

    /// The account's purchase orders, latest expiry first.
    pub fn purchase_orders(&self, caller: &Caller, account: AccountId) -> Result<Vec<PurchaseOrder>> {
        self.look(caller, account, Action::ViewInvoices, |tx, _| {
            tx.all(
                "SELECT id, number, expires_on, version FROM purchase_orders WHERE account_id = ?1 ORDER BY expires_on DESC, number",
                &[&account],
                |r| Ok(PurchaseOrder { id: r.get(0)?, number: r.get(1)?, expires_on: r.get(2)?, version: r.get(3)? }),
            )
        })
    }

    /// Adds a purchase order (PO-1). An account keeps at most [`MAX_PURCHASE_ORDERS`]
    /// ([`Error::LimitReached`]); [`BillingPortal::purge_expired`] removes those that expired
    /// more than [`EXPIRED_PURCHASE_ORDERS_KEPT`] ago.
    pub fn add_purchase_order(
        &self,
        caller: &Caller,
        account: AccountId,
        number: &str,
        expires_on: Date,
    ) -> Result<PurchaseOrder> {
        let number = PurchaseOrder::number(number)?;
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            let count: u32 = tx.one("SELECT COUNT(*) FROM purchase_orders WHERE account_id = ?1", &[&account], |r| r.get(0))?;
            if count >= MAX_PURCHASE_ORDERS {
                return Err(Error::LimitReached { what: "purchase_orders", limit: MAX_PURCHASE_ORDERS });
            }
            let id = PurchaseOrderId::generate();
            let exists = tx.exists("SELECT 1 FROM purchase_orders WHERE account_id = ?1 AND number = ?2", &[&account, &number])?;
            if exists {
                return Err(Error::conflict("a purchase order with this number exists"));
            }
            tx.exec("INSERT INTO purchase_orders (id, account_id, number, expires_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5)", &[&id, &account, &number, &date_text(expires_on), &ctx.now.unix_timestamp()])?;
            ctx.record(tx, "purchase_order_added", &number)?;
            Ok(PurchaseOrder { id, number: number.clone(), expires_on, version: 1 })
        })
    }

    /// Edits a purchase order's number and expiry. `expected_version` is the version the caller
    /// read; if someone changed it since, the edit is refused with a conflict.
    pub fn edit_purchase_order(
        &self,
        caller: &Caller,
        account: AccountId,
        id: PurchaseOrderId,
        expected_version: i64,
        number: &str,
        expires_on: Date,
    ) -> Result<PurchaseOrder> {
        let number = PurchaseOrder::number(number)?;
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            let current = load_po(tx, account, id)?;
            if current.version != expected_version {
                return Err(Error::conflict("the purchase order was changed by someone else"));
            }
            let clash = tx.exists(
                "SELECT 1 FROM purchase_orders WHERE account_id = ?1 AND number = ?2 AND id <> ?3",
                &[&account, &number, &id],
            )?;
            if clash {
                return Err(Error::conflict("a purchase order with this number exists"));
            }
            tx.exec(
                "UPDATE purchase_orders SET number = ?3, expires_on = ?4, version = version + 1, reminded_on = NULL
                 WHERE id = ?1 AND account_id = ?2",
                &[&id, &account, &number, &date_text(expires_on)],
            )?;
            ctx.record(tx, "purchase_order_edited", &number)?;
            Ok(PurchaseOrder { id, number: number.clone(), expires_on, version: current.version + 1 })
        })
    }

    /// The vendor's W-9 form, for accounts billed in the United States only (DOC-1).
    pub fn w9_form(&self, caller: &Caller, account: AccountId) -> Result<Document> {
        self.look(caller, account, Action::DownloadW9, |tx, _| {
            let address: BillingAddress =
                from_json(
                    &tx.one("SELECT billing_address FROM accounts WHERE id = ?1", &[&account], |r| r.get::<String>(0))?,
                )?;
            if !address.country().is_united_states() {
                return Err(Error::NotAvailableInCountry);
            }
            let bytes = self.config.w9_form.clone().ok_or_else(|| Error::not_found("W-9 form"))?;
            Ok(Document { file_name: "W-9.pdf".into(), content_type: "application/pdf".into(), bytes })
        })
    }
}

/// Moves the billing address to `country` (ADDR-1, by Account Services).
pub(super) fn apply_country(conn: &Tx<'_>, ctx: &Ctx, country: Country) -> Result<()> {
    let account = ctx.account();
    let current: BillingAddress =
        from_json(
            &conn.one("SELECT billing_address FROM accounts WHERE id = ?1", &[&account], |r| r.get::<String>(0))?,
        )?;
    conn.exec(
        "UPDATE accounts SET billing_address = ?2, version = version + 1 WHERE id = ?1",
        &[&account, &to_json(&current.with_country(country))?],
    )?;
    ctx.record(conn, "country_changed", country.code())
}
