//! Accounts, the people around them, and the issuer that bills them (ACC-1, ACC-2, PO-1).

use super::subscription::Subscription;
use crate::error::{Error, Result};
use crate::values::text;
use crate::values::{
    AccountId, BillingAddress, Currency, EmailAddress, IssuerId, Language, LoginId, PaymentMethod, PaymentMethodView,
    Phone, PurchaseOrderId, StaffId,
};
use serde::{Deserialize, Serialize};
use time::Date;

/// Corporate accounts are managed by a sales rep; online accounts were bought on the web shop and
/// are outside the portal (ACC-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// Managed by a vendor sales rep; served by the portal.
    Corporate,
    /// Bought online; the portal refuses it.
    Online,
}

/// The two kinds of vendor staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffKind {
    /// A sales representative, assigned to accounts.
    SalesRep,
    /// Corporate Account Services, for every account.
    AccountServices,
}

/// Who issues invoices: printed at the top of every invoice, with its own number series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuerProfile {
    /// Legal name of the issuing company.
    pub legal_name: String,
    /// Its postal address.
    pub address: BillingAddress,
    /// VAT or tax identification number.
    pub tax_id: String,
    /// Prefix of invoice numbers, e.g. `INV-`.
    pub invoice_prefix: String,
    /// Bank details for wire transfers and standing orders, and the address for checks.
    pub remittance: String,
}

/// A person who can be named on an account and, with a password, sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLogin {
    /// Full name.
    pub name: String,
    /// Billing e-mail address; also usable as user ID (AUTH-1).
    pub email: String,
    /// Optional username, the other form of user ID.
    pub username: Option<String>,
    /// Optional phone number (international form).
    pub phone: Option<String>,
}

/// A corporate account as the vendor opens it (ACC-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccount {
    /// Corporate or online.
    pub kind: AccountKind,
    /// The customer's company name.
    pub company_name: String,
    /// The issuer whose series numbers this account's invoices.
    pub issuer: IssuerId,
    /// The assigned sales rep.
    pub sales_rep: StaffId,
    /// The billing contact's login.
    pub billing_contact: LoginId,
    /// Billing address.
    pub billing_address: BillingAddress,
    /// Phone number (national numbers read in the billing country's plan).
    pub phone: String,
    /// Payment method.
    pub payment_method: PaymentMethod,
    /// Invoice currency.
    pub currency: Currency,
    /// VAT rate in percent applied to renewal invoices.
    pub vat_rate: rust_decimal::Decimal,
    /// Days between issue and due date.
    pub payment_terms_days: u16,
    /// Whether quotes can only be accepted with a purchase order (QUO-4).
    pub requires_purchase_order: bool,
    /// Plan name.
    pub plan: String,
    /// Number of seats.
    pub seats: u32,
    /// Price of one seat for one year.
    pub annual_seat_price: rust_decimal::Decimal,
    /// First day of the current term.
    pub term_start: Date,
    /// Day after the last day of the current term (already invoiced outside the portal).
    pub term_end: Date,
}

/// What anyone with access to the account sees; the billing contact's identity is not in it
/// (PRIV-1), see [`BillingContact`]. Account users see less of the payment method and no
/// invoice recipients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOverview {
    /// The account.
    pub id: AccountId,
    /// Corporate or online.
    pub kind: AccountKind,
    /// The customer's company name.
    pub company_name: String,
    /// Billing address.
    pub billing_address: BillingAddress,
    /// The language of the account's documents and notifications (DOCS-1): the one chosen, or
    /// else the billing country's default.
    pub document_language: Language,
    /// Whether [`document_language`](Self::document_language) was chosen; if not, it follows
    /// the billing country.
    pub document_language_chosen: bool,
    /// Phone number in E.164 form.
    pub phone: Phone,
    /// Payment method, without the processor token or a whole account number; for account users
    /// the kind and last four only (PAY-2, PRIV-1).
    pub payment_method: PaymentMethodView,
    /// Invoice currency.
    pub currency: Currency,
    /// Whether quotes need a purchase order.
    pub requires_purchase_order: bool,
    /// Invoice recipients besides the billing contact (REC-1); `None` for account users, since
    /// the list may hold the contact's own address (PRIV-1).
    pub invoice_recipients: Option<Vec<EmailAddress>>,
    /// The subscription.
    pub subscription: Subscription,
    /// Incremented on every change of the account row.
    pub version: i64,
}

/// The billing contact's identity: shown only to that contact and vendor staff (PRIV-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingContact {
    /// The contact's login.
    pub login_id: LoginId,
    /// Full name.
    pub name: String,
    /// Billing e-mail address.
    pub email: EmailAddress,
    /// The user ID printed on invoices (AUTH-10).
    pub user_id: String,
    /// Phone number, if known.
    pub phone: Option<Phone>,
}

/// A purchase order (PO-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseOrder {
    /// The purchase order.
    pub id: PurchaseOrderId,
    /// The customer's PO number.
    pub number: String,
    /// Last day on which it is in force.
    pub expires_on: Date,
    /// Optimistic version: an edit must name the version it read.
    pub version: i64,
}

/// A document offered for download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Suggested file name.
    pub file_name: String,
    /// MIME type.
    pub content_type: String,
    /// The content.
    pub bytes: Vec<u8>,
}

impl Document {
    /// The content as text, for the text and HTML prints (UTF-8); `None` for binary content.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok().filter(|_| self.content_type.starts_with("text/"))
    }

    /// The content as an owned string, for the text and HTML prints; `None` for binary content.
    pub fn into_text(self) -> Option<String> {
        if !self.content_type.starts_with("text/") {
            return None;
        }
        String::from_utf8(self.bytes).ok()
    }
}

/// An account the signed-in contact administers (ACC-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactAccount {
    /// The account.
    pub id: AccountId,
    /// The customer's company name.
    pub company_name: String,
}

impl PurchaseOrder {
    /// A purchase-order number as entered: required, at most 35 characters.
    pub(crate) fn number(input: &str) -> Result<String> {
        text::required("po_number", input, 35)
    }

    /// PO-1, QUO-4: a purchase order named on `date` must not have expired; where purchase
    /// orders are required it must also be registered (`expires_on` is `None` when it is not).
    pub(crate) fn check_named(expires_on: Option<Date>, date: Date, required: bool) -> Result<()> {
        match expires_on {
            Some(e) if e < date => Err(Error::PurchaseOrderRequired),
            None if required => Err(Error::PurchaseOrderRequired),
            _ => Ok(()),
        }
    }
}
