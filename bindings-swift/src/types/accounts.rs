//! Callers, sessions, staff, logins, issuers, accounts, subscriptions and purchase orders.

use super::values::{BillingAddress, Money, PaymentMethod, PaymentMethodView, id};
use crate::convert::{Amount, CalendarDay, Percent};
use crate::error::BillingError;
use corporate_billing::{
    AccountKind as CoreAccountKind, AccountOverview as CoreAccountOverview, BillingContact as CoreBillingContact,
    BillingInterval as CoreBillingInterval, Caller as CoreCaller, ContactAccount as CoreContactAccount,
    Currency as CoreCurrency, Document as CoreDocument, IssuerProfile as CoreIssuerProfile,
    NewAccount as CoreNewAccount, NewLogin as CoreNewLogin, PurchaseOrder as CorePurchaseOrder, Session as CoreSession,
    SessionToken as CoreSessionToken, StaffKind as CoreStaffKind, Subscription as CoreSubscription,
    SubscriptionStatus as CoreSubscriptionStatus,
};
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// A billing contact's session token (AUTH-6). An object rather than a string, so that a
/// `Session` or `Caller` prints `SessionToken(<redacted>)` in Swift's `description` and Kotlin's
/// `toString()`, never the token.
#[derive(PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Display)]
pub struct SessionToken(pub(crate) CoreSessionToken);

#[uniffi::export]
impl SessionToken {
    /// Wraps a token kept by the app (for example in the keychain).
    #[uniffi::constructor]
    pub fn new(token: String) -> Arc<Self> {
        Arc::new(SessionToken(CoreSessionToken::new(token)))
    }

    /// The token's text, to keep in the keychain. Secret.
    pub fn expose(&self) -> String {
        self.0.expose().to_owned()
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

impl fmt::Display for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

/// Who is calling. Billing contacts present the token that `sign_in` returned; vendor staff and
/// account users are authenticated by the host app and asserted here.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Caller {
    /// A signed-in billing contact.
    Session {
        /// The session token (secret; prints redacted).
        token: Arc<SessionToken>,
    },
    /// A vendor employee (sales rep or Account Services), as asserted by the host.
    Staff {
        /// The staff member's ID from `register_staff`.
        staff_id: String,
    },
    /// A person on the customer's account, as asserted by the host.
    AccountUser {
        /// The login's ID from `create_login`.
        login_id: String,
    },
    /// Nobody in particular.
    Anonymous,
}

impl TryFrom<Caller> for CoreCaller {
    type Error = BillingError;
    fn try_from(c: Caller) -> Result<Self, BillingError> {
        Ok(match c {
            Caller::Session { token } => CoreCaller::Session(token.0.clone()),
            Caller::Staff { staff_id } => CoreCaller::Staff(id(&staff_id)?),
            Caller::AccountUser { login_id } => CoreCaller::AccountUser(id(&login_id)?),
            Caller::Anonymous => CoreCaller::Anonymous,
        })
    }
}

/// A signed-in billing contact's session (AUTH-6).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Session {
    /// The bearer token to present as `Caller.session`. Secret: keep `token.expose()` in the
    /// keychain; the token prints redacted.
    pub token: Arc<SessionToken>,
    /// Whose session it is.
    pub login_id: String,
    /// The session ends at this instant at the latest.
    pub expires_at: SystemTime,
}

impl From<CoreSession> for Session {
    fn from(s: CoreSession) -> Self {
        Session {
            token: Arc::new(SessionToken(s.token)),
            login_id: s.login_id.to_string(),
            expires_at: s.expires_at.into(),
        }
    }
}

/// An account the signed-in contact administers (ACC-4).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ContactAccount {
    /// The account.
    pub id: String,
    /// The customer's company name.
    pub company_name: String,
}

impl From<CoreContactAccount> for ContactAccount {
    fn from(a: CoreContactAccount) -> Self {
        ContactAccount { id: a.id.to_string(), company_name: a.company_name }
    }
}

/// The two kinds of vendor staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum StaffKind {
    /// A sales representative, assigned to accounts.
    SalesRep,
    /// Corporate Account Services, for every account.
    AccountServices,
}

impl From<StaffKind> for CoreStaffKind {
    fn from(k: StaffKind) -> Self {
        match k {
            StaffKind::SalesRep => CoreStaffKind::SalesRep,
            StaffKind::AccountServices => CoreStaffKind::AccountServices,
        }
    }
}

/// Corporate (served by the portal) or online (refused by it, ACC-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum AccountKind {
    /// Managed by a vendor sales rep.
    Corporate,
    /// Bought online; outside the portal.
    Online,
}

impl From<AccountKind> for CoreAccountKind {
    fn from(k: AccountKind) -> Self {
        match k {
            AccountKind::Corporate => CoreAccountKind::Corporate,
            AccountKind::Online => CoreAccountKind::Online,
        }
    }
}

impl From<CoreAccountKind> for AccountKind {
    fn from(k: CoreAccountKind) -> Self {
        match k {
            CoreAccountKind::Corporate => AccountKind::Corporate,
            CoreAccountKind::Online => AccountKind::Online,
        }
    }
}

/// Who issues invoices, with its own number series.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IssuerProfile {
    /// Legal name of the issuing company.
    pub legal_name: String,
    /// Its postal address.
    pub address: BillingAddress,
    /// VAT or tax identification number.
    pub tax_id: String,
    /// Prefix of invoice numbers, e.g. `INV-`.
    pub invoice_prefix: String,
    /// Bank details for transfers and the address for checks.
    pub remittance: String,
}

impl From<CoreIssuerProfile> for IssuerProfile {
    fn from(p: CoreIssuerProfile) -> Self {
        IssuerProfile {
            legal_name: p.legal_name,
            address: p.address.into(),
            tax_id: p.tax_id,
            invoice_prefix: p.invoice_prefix,
            remittance: p.remittance,
        }
    }
}

impl TryFrom<IssuerProfile> for CoreIssuerProfile {
    type Error = BillingError;
    fn try_from(p: IssuerProfile) -> Result<Self, BillingError> {
        Ok(CoreIssuerProfile {
            legal_name: p.legal_name,
            address: p.address.try_into()?,
            tax_id: p.tax_id,
            invoice_prefix: p.invoice_prefix,
            remittance: p.remittance,
        })
    }
}

/// A person who can be named on an account and, with a password, sign in.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
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

impl From<NewLogin> for CoreNewLogin {
    fn from(l: NewLogin) -> Self {
        CoreNewLogin { name: l.name, email: l.email, username: l.username, phone: l.phone }
    }
}

/// A corporate account as the vendor opens it (ACC-2).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewAccount {
    /// Corporate or online.
    pub kind: AccountKind,
    /// The customer's company name.
    pub company_name: String,
    /// The issuer (from `create_issuer`).
    pub issuer_id: String,
    /// The assigned sales rep (from `register_staff`).
    pub sales_rep_id: String,
    /// The billing contact's login (from `create_login`).
    pub billing_contact_id: String,
    /// Billing address.
    pub billing_address: BillingAddress,
    /// Phone number (national numbers read in the billing country's plan).
    pub phone: String,
    /// Payment method.
    pub payment_method: PaymentMethod,
    /// Invoice currency (ISO 4217).
    pub currency: String,
    /// VAT rate in percent applied to renewal invoices.
    pub vat_rate: Percent,
    /// Days between issue and due date.
    pub payment_terms_days: u16,
    /// Whether quotes can only be accepted with a purchase order (QUO-4).
    pub requires_purchase_order: bool,
    /// Plan name.
    pub plan: String,
    /// Number of seats.
    pub seats: u32,
    /// Price of one seat for one year, in `currency`.
    pub annual_seat_price: Amount,
    /// First day of the current term.
    pub term_start: CalendarDay,
    /// Day after the last day of the current term.
    pub term_end: CalendarDay,
}

impl TryFrom<NewAccount> for CoreNewAccount {
    type Error = BillingError;
    fn try_from(a: NewAccount) -> Result<Self, BillingError> {
        Ok(CoreNewAccount {
            kind: a.kind.into(),
            company_name: a.company_name,
            issuer: id(&a.issuer_id)?,
            sales_rep: id(&a.sales_rep_id)?,
            billing_contact: id(&a.billing_contact_id)?,
            billing_address: a.billing_address.try_into()?,
            phone: a.phone,
            payment_method: a.payment_method.try_into()?,
            currency: CoreCurrency::parse(&a.currency)?,
            vat_rate: a.vat_rate.0,
            payment_terms_days: a.payment_terms_days,
            requires_purchase_order: a.requires_purchase_order,
            plan: a.plan,
            seats: a.seats,
            annual_seat_price: a.annual_seat_price.0,
            term_start: a.term_start.0,
            term_end: a.term_end.0,
        })
    }
}

/// Where a subscription stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum SubscriptionStatus {
    /// In its term.
    Active,
    /// The term ended without renewal.
    Expired,
    /// Ended by the vendor.
    Cancelled,
}

impl From<SubscriptionStatus> for CoreSubscriptionStatus {
    fn from(s: SubscriptionStatus) -> Self {
        match s {
            SubscriptionStatus::Active => CoreSubscriptionStatus::Active,
            SubscriptionStatus::Expired => CoreSubscriptionStatus::Expired,
            SubscriptionStatus::Cancelled => CoreSubscriptionStatus::Cancelled,
        }
    }
}

impl From<CoreSubscriptionStatus> for SubscriptionStatus {
    fn from(s: CoreSubscriptionStatus) -> Self {
        match s {
            CoreSubscriptionStatus::Active => SubscriptionStatus::Active,
            CoreSubscriptionStatus::Expired => SubscriptionStatus::Expired,
            CoreSubscriptionStatus::Cancelled => SubscriptionStatus::Cancelled,
        }
    }
}

/// How often a subscription is invoiced (SR-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum BillingInterval {
    /// Every month.
    Monthly,
    /// Every three months.
    Quarterly,
    /// Every six months.
    SemiAnnual,
    /// Once a year (the default).
    Annual,
}

impl From<CoreBillingInterval> for BillingInterval {
    fn from(i: CoreBillingInterval) -> Self {
        match i {
            CoreBillingInterval::Monthly => BillingInterval::Monthly,
            CoreBillingInterval::Quarterly => BillingInterval::Quarterly,
            CoreBillingInterval::SemiAnnual => BillingInterval::SemiAnnual,
            CoreBillingInterval::Annual => BillingInterval::Annual,
        }
    }
}

impl From<BillingInterval> for CoreBillingInterval {
    fn from(i: BillingInterval) -> Self {
        match i {
            BillingInterval::Monthly => CoreBillingInterval::Monthly,
            BillingInterval::Quarterly => CoreBillingInterval::Quarterly,
            BillingInterval::SemiAnnual => CoreBillingInterval::SemiAnnual,
            BillingInterval::Annual => CoreBillingInterval::Annual,
        }
    }
}

/// A corporate account's subscription (SUB-1).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Subscription {
    /// Plan name.
    pub plan: String,
    /// Number of seats.
    pub seats: u32,
    /// Price of one seat for one year.
    pub annual_seat_price: Money,
    /// First day of the current term.
    pub term_start: CalendarDay,
    /// Day after the last day of the current term.
    pub term_end: CalendarDay,
    /// Active, expired or cancelled.
    pub status: SubscriptionStatus,
    /// Whether the renewal run renews the term (SR-4).
    pub auto_renew: bool,
    /// How often the term is invoiced (SR-3).
    pub billing_interval: BillingInterval,
    /// Invoices have been issued for every period before this date.
    pub billed_until: CalendarDay,
}

impl From<CoreSubscription> for Subscription {
    fn from(s: CoreSubscription) -> Self {
        Subscription {
            plan: s.plan,
            seats: s.seats,
            annual_seat_price: s.annual_seat_price.into(),
            term_start: s.term_start.into(),
            term_end: s.term_end.into(),
            status: s.status.into(),
            auto_renew: s.auto_renew,
            billing_interval: s.billing_interval.into(),
            billed_until: s.billed_until.into(),
        }
    }
}

/// The language of an account's documents and notifications (DOCS-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum DocumentLanguage {
    /// German.
    De,
    /// English.
    En,
}

impl From<corporate_billing::Language> for DocumentLanguage {
    fn from(l: corporate_billing::Language) -> Self {
        match l {
            corporate_billing::Language::De => DocumentLanguage::De,
            corporate_billing::Language::En => DocumentLanguage::En,
        }
    }
}

impl From<DocumentLanguage> for corporate_billing::Language {
    fn from(l: DocumentLanguage) -> Self {
        match l {
            DocumentLanguage::De => corporate_billing::Language::De,
            DocumentLanguage::En => corporate_billing::Language::En,
        }
    }
}

/// What anyone with access to the account sees; not the billing contact's identity (PRIV-1).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountOverview {
    /// The account.
    pub id: String,
    /// Corporate or online.
    pub kind: AccountKind,
    /// The customer's company name.
    pub company_name: String,
    /// Billing address.
    pub billing_address: BillingAddress,
    /// The language of the account's documents and notifications (DOCS-1).
    pub document_language: DocumentLanguage,
    /// Whether the document language was chosen; if not, it follows the billing country.
    pub document_language_chosen: bool,
    /// Phone number in E.164 form.
    pub phone: String,
    /// Payment method, without the processor token; for account users the kind and last four
    /// only (PAY-2, PRIV-1).
    pub payment_method: PaymentMethodView,
    /// Invoice currency.
    pub currency: String,
    /// Whether quotes need a purchase order.
    pub requires_purchase_order: bool,
    /// Invoice recipients besides the billing contact (REC-1); `nil`/`null` for account users
    /// (PRIV-1).
    pub invoice_recipients: Option<Vec<String>>,
    /// The subscription.
    pub subscription: Subscription,
    /// Incremented on every change of the account.
    pub version: i64,
}

impl From<CoreAccountOverview> for AccountOverview {
    fn from(a: CoreAccountOverview) -> Self {
        AccountOverview {
            id: a.id.to_string(),
            kind: a.kind.into(),
            company_name: a.company_name,
            billing_address: a.billing_address.into(),
            document_language: a.document_language.into(),
            document_language_chosen: a.document_language_chosen,
            phone: a.phone.as_str().to_owned(),
            payment_method: a.payment_method.into(),
            currency: a.currency.code().to_owned(),
            requires_purchase_order: a.requires_purchase_order,
            invoice_recipients: a.invoice_recipients.map(|r| r.iter().map(|e| e.as_str().to_owned()).collect()),
            subscription: a.subscription.into(),
            version: a.version,
        }
    }
}

/// The billing contact's identity: for that contact and vendor staff only (PRIV-1).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BillingContact {
    /// The contact's login.
    pub login_id: String,
    /// Full name.
    pub name: String,
    /// Billing e-mail address.
    pub email: String,
    /// The user ID printed on invoices (AUTH-10).
    pub user_id: String,
    /// Phone number, if known.
    pub phone: Option<String>,
}

impl From<CoreBillingContact> for BillingContact {
    fn from(c: CoreBillingContact) -> Self {
        BillingContact {
            login_id: c.login_id.to_string(),
            name: c.name,
            email: c.email.as_str().to_owned(),
            user_id: c.user_id,
            phone: c.phone.map(|p| p.as_str().to_owned()),
        }
    }
}

/// A purchase order (PO-1).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PurchaseOrder {
    /// The purchase order.
    pub id: String,
    /// The customer's PO number.
    pub number: String,
    /// Last day on which it is in force.
    pub expires_on: CalendarDay,
    /// Optimistic version: an edit names the version it read.
    pub version: i64,
}

impl From<CorePurchaseOrder> for PurchaseOrder {
    fn from(p: CorePurchaseOrder) -> Self {
        PurchaseOrder { id: p.id.to_string(), number: p.number, expires_on: p.expires_on.into(), version: p.version }
    }
}

/// A document offered for download (the W-9 form, DOC-1).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Document {
    /// Suggested file name.
    pub file_name: String,
    /// MIME type.
    pub content_type: String,
    /// The content: Swift `Data`, Kotlin `ByteArray`.
    pub bytes: Vec<u8>,
}

impl From<CoreDocument> for Document {
    fn from(d: CoreDocument) -> Self {
        Document { file_name: d.file_name, content_type: d.content_type, bytes: d.bytes }
    }
}
