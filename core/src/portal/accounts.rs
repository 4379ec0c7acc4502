//! The account and the billing data its contact changes directly (ACC-2, PRIV-1, BC-1, PAY-3,
//! ADDR-1, ADDR-2, REC-1, PO-1, DOC-1).

use super::{BillingPortal, Caller, Ctx};
use crate::access::{Action, allowed};
use crate::documents::locale::notification;
use crate::domain::account::{AccountOverview, BillingContact, Document, PurchaseOrder};
use crate::error::{Error, Result};
use crate::store::outbox::{self, NotificationKind};
use crate::store::{self, Tx, credentials};
use crate::values::{
    AccountId, AddressLines, BillingAddress, Country, EmailAddress, Language, LoginId, PaymentMethod, Phone,
    PurchaseOrderId, UserId,
};
use time::Date;

/// REC-1: at most this many invoice recipients per account.
pub const MAX_INVOICE_RECIPIENTS: usize = 10;

/// Hands billing to the login a user ID names, directly or by a completed request (BC-1). A user ID that names no login and one that names a
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
    let former = store::accounts::billing_contact(conn, account)?;
    if former.login_id == new {
        return Err(Error::invalid("new_contact_user_id", "is already the billing contact"));
    }
    store::accounts::set_billing_contact(conn, account, new)?;
    let company = store::accounts::company_name(conn, account)?;
    let lang = store::accounts::document_language(conn, account)?;
    let (subject, to_former, to_new) = notification::billing_contact_changed(lang, &company);
    outbox::enqueue(
        conn,
        ctx.now,
        NotificationKind::BillingContactChanged,
        Some(account),
        &former.email,
        &subject,
        &to_former,
    )?;
    outbox::enqueue(
        conn,
        ctx.now,
        NotificationKind::BillingContactChanged,
        Some(account),
        &store::accounts::contact_email(conn, account)?,
        &subject,
        &to_new,
    )?;
    ctx.record(conn, "billing_contact_changed", &format!("from login:{} to login:{new}", former.login_id))
}

/// At most this many purchase orders per account, expired ones included until purged.
pub const MAX_PURCHASE_ORDERS: u32 = 100;

/// Expired purchase orders stay listed this long, then the maintenance purge removes them.
/// Invoices keep the number they were issued with.
pub const EXPIRED_PURCHASE_ORDERS_KEPT: time::Duration = time::Duration::days(365);

impl BillingPortal {
    /// The account overview: company, address, phone, payment method, recipients, subscription.
    /// Account users see it too; the billing contact's identity is not in it (PRIV-1).
    pub fn account(&self, caller: &Caller, account: AccountId) -> Result<AccountOverview> {
        self.look(caller, account, Action::ViewAccount, |tx, ctx| {
            store::accounts::overview(tx, account, allowed(ctx.role, Action::ViewBillingDetails))
        })
    }

    /// The payment method as stored, processor token and whole IBAN included, for the host to
    /// charge or debit the account.
    ///
    /// Host only: this takes no caller and checks nothing, like the provisioning and outbox calls.
    /// Never expose it to a client; clients read [`AccountOverview::payment_method`].
    pub fn stored_payment_method(&self, account: AccountId) -> Result<PaymentMethod> {
        self.db.read(|tx| store::accounts::payment_method(tx, account))
    }

    /// The billing contact's identity, for that contact and vendor staff only (PRIV-1).
    pub fn billing_contact(&self, caller: &Caller, account: AccountId) -> Result<BillingContact> {
        self.look(caller, account, Action::ViewBillingContact, |tx, _| store::accounts::billing_contact(tx, account))
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
            check_method_fits_currency(method, store::accounts::currency(tx, account)?)?;
            store::accounts::set_payment_method(tx, account, method)?;
            ctx.record(tx, "payment_method_changed", &method.describe())
        })
    }

    /// Chooses the language of the account's documents and notifications (DOCS-1): the billing
    /// contact or vendor staff, like other billing data (ACC-3). `None` lets it follow the
    /// billing country again (German for DE, AT, CH, LI; English elsewhere). Invoices already
    /// issued keep the language they were issued in (INV-1); new ones use this.
    pub fn set_document_language(
        &self,
        caller: &Caller,
        account: AccountId,
        language: Option<Language>,
    ) -> Result<Language> {
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            store::accounts::set_document_language(tx, account, language)?;
            ctx.record(tx, "document_language_changed", language.map_or("country default", |l| l.code()))?;
            store::accounts::document_language(tx, account)
        })
    }

    /// Changes every line of the billing address; the country stays (ADDR-1).
    pub fn change_address(&self, caller: &Caller, account: AccountId, lines: &AddressLines) -> Result<BillingAddress> {
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            let updated = store::accounts::billing_address(tx, account)?.with_lines(lines)?;
            store::accounts::set_billing_address(tx, account, &updated)?;
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
            let address = store::accounts::billing_address(tx, account)?;
            let phone = Phone::parse(phone, Some(address.country()))?;
            store::accounts::set_phone(tx, account, &phone)?;
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
            store::accounts::add_recipient(tx, account, &email)?;
            ctx.record(tx, "invoice_recipient_added", "")
        })
    }

    /// Removes an invoice recipient, matched regardless of case.
    pub fn remove_invoice_recipient(&self, caller: &Caller, account: AccountId, email: &str) -> Result<()> {
        let email = EmailAddress::parse(email)?;
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            if !store::accounts::remove_recipient(tx, account, &email)? {
                return Err(Error::not_found("invoice recipient"));
            }
            ctx.record(tx, "invoice_recipient_removed", "")
        })
    }

    /// Sets whether quotes can only be accepted with a purchase order (QUO-4).
    pub fn set_requires_purchase_order(&self, caller: &Caller, account: AccountId, required: bool) -> Result<()> {
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            store::accounts::set_requires_purchase_order(tx, account, required)?;
            ctx.record(tx, "purchase_order_requirement_changed", if required { "required" } else { "optional" })
        })
    }

    /// The account's purchase orders, latest expiry first.
    pub fn purchase_orders(&self, caller: &Caller, account: AccountId) -> Result<Vec<PurchaseOrder>> {
        self.look(caller, account, Action::ViewInvoices, |tx, _| store::accounts::purchase_orders(tx, account))
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
        if expires_on < self.now().date() {
            return Err(Error::invalid("expires_on", "lies in the past"));
        }
        self.change(caller, account, Action::ChangeBillingData, |tx, ctx| {
            if store::accounts::purchase_order_count(tx, account)? >= MAX_PURCHASE_ORDERS {
                return Err(Error::LimitReached { what: "purchase_orders", limit: MAX_PURCHASE_ORDERS });
            }
            if store::accounts::purchase_order_number_taken(tx, account, &number, None)? {
                return Err(Error::conflict("a purchase order with this number exists"));
            }
            let po = PurchaseOrder { id: PurchaseOrderId::generate(), number: number.clone(), expires_on, version: 1 };
            store::accounts::insert_purchase_order(tx, account, &po, ctx.now)?;
            ctx.record(tx, "purchase_order_added", &number)?;
            Ok(po)
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
            let current = store::accounts::purchase_order(tx, account, id)?;
            if current.version != expected_version {
                return Err(Error::conflict("the purchase order was changed by someone else"));
            }
            // An expired order may be renamed, but no order is moved into the past.
            if expires_on != current.expires_on && expires_on < ctx.now.date() {
                return Err(Error::invalid("expires_on", "lies in the past"));
            }
            if store::accounts::purchase_order_number_taken(tx, account, &number, Some(id))? {
                return Err(Error::conflict("a purchase order with this number exists"));
            }
            store::accounts::update_purchase_order(tx, account, id, &number, expires_on)?;
            ctx.record(tx, "purchase_order_edited", &number)?;
            Ok(PurchaseOrder { id, number: number.clone(), expires_on, version: current.version + 1 })
        })
    }

    /// The vendor's W-9 form, for accounts billed in the United States only (DOC-1).
    pub fn w9_form(&self, caller: &Caller, account: AccountId) -> Result<Document> {
        self.look(caller, account, Action::DownloadW9, |tx, _| {
            let address = store::accounts::billing_address(tx, account)?;
            if !address.country().is_united_states() {
                return Err(Error::NotAvailableInCountry);
            }
            let bytes = self.config.w9_form.clone().ok_or_else(|| Error::not_found("W-9 form"))?;
            Ok(Document { file_name: "W-9.pdf".into(), content_type: "application/pdf".into(), bytes })
        })
    }
}

/// A SEPA direct debit collects euros only (the SEPA schemes are euro schemes): a mandate on an
/// account billed in another currency could never be collected (PAY-2).
pub(super) fn check_method_fits_currency(method: &PaymentMethod, currency: crate::values::Currency) -> Result<()> {
    if matches!(method, PaymentMethod::SepaDebit(_)) && currency.code() != "EUR" {
        return Err(Error::invalid("iban", "a SEPA mandate needs an account in euros"));
    }
    Ok(())
}

/// Moves the billing address to `country` (ADDR-1, by Account Services).
pub(super) fn apply_country(conn: &Tx<'_>, ctx: &Ctx, country: Country) -> Result<()> {
    let account = ctx.account();
    let current = store::accounts::billing_address(conn, account)?;
    store::accounts::set_billing_address(conn, account, &current.with_country(country))?;
    ctx.record(conn, "country_changed", country.code())
}
