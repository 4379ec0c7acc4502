//! Who may do what (ACC-3, BC-1, SR-2, SR-3, SR-4, QUO-1, QUO-3, PRIV-1).
//!
//! One table, [`allowed`], decides every permission; the portal resolves the caller's [`Role`] on
//! an account and asks it. Nothing else grants access, and whatever the table does not name is
//! denied.

use serde::{Deserialize, Serialize};

/// A caller's relation to one account (or to the vendor, for vendor-wide actions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The account's billing contact, signed in through the portal.
    BillingContact,
    /// Another person on the customer's account.
    AccountUser,
    /// The vendor sales rep assigned to this account.
    SalesRep,
    /// A member of the vendor's Corporate Account Services.
    AccountServices,
    /// Anyone else: anonymous, another account's contact, another sales rep.
    Outsider,
}

impl Role {
    /// Every role, for exhaustive checks.
    pub const ALL: [Role; 5] =
        [Role::BillingContact, Role::AccountUser, Role::SalesRep, Role::AccountServices, Role::Outsider];

    /// Stable name used in audit records.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::BillingContact => "billing_contact",
            Role::AccountUser => "account_user",
            Role::SalesRep => "sales_rep",
            Role::AccountServices => "account_services",
            Role::Outsider => "outsider",
        }
    }

    /// True for vendor employees.
    pub fn is_staff(&self) -> bool {
        matches!(self, Role::SalesRep | Role::AccountServices)
    }
}

/// Everything a caller can ask the portal to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// See the account overview (plan, status, address), without the billing contact's identity.
    ViewAccount,
    /// See who the billing contact is (PRIV-1).
    ViewBillingContact,
    /// See the payment method's details and the invoice recipients in the overview (PRIV-1,
    /// PAY-2); others see the payment method's kind and last four only.
    ViewBillingDetails,
    /// List and open quotes.
    ViewQuotes,
    /// Issue a quote (QUO-1).
    IssueQuote,
    /// Withdraw an open quote (QUO-6).
    WithdrawQuote,
    /// Accept or decline a quote (QUO-3).
    DecideQuote,
    /// List, open and print invoices.
    ViewInvoices,
    /// Record that an invoice was paid (INV-6).
    RecordPayment,
    /// Void an invoice and issue its credit note (INV-1).
    VoidInvoice,
    /// Change payment method, address lines, phone, invoice recipients, purchase orders (ACC-3).
    ChangeBillingData,
    /// Change the billing country (ADDR-1).
    ChangeCountry,
    /// Submit a service request (SR-2).
    SubmitRequest,
    /// List service requests.
    ViewRequests,
    /// Complete or reject any service request (SR-2, SR-3).
    DecideRequest,
    /// Complete or reject an auto-renewal or billing-contact request (SR-2).
    DecideRenewalOrContactRequest,
    /// Turn auto-renewal off directly, without a request (SR-4).
    TurnOffAutoRenewal,
    /// Hand the account to another billing contact (BC-1).
    ChangeBillingContact,
    /// Download the vendor's W-9 form (DOC-1).
    DownloadW9,
    /// Read the account's audit log (AUD-1).
    ReadAudit,
    /// Name a login as a user of the account.
    ManageAccountUsers,
    /// Open a corporate account (vendor-wide).
    OpenAccount,
    /// Run renewals and reminders for every account (vendor-wide).
    RunBilling,
    /// Verify the whole audit chain (vendor-wide).
    VerifyAudit,
}

impl Action {
    /// Every action, for exhaustive checks.
    pub const ALL: [Action; 24] = [
        Action::ViewAccount,
        Action::ViewBillingContact,
        Action::ViewBillingDetails,
        Action::ViewQuotes,
        Action::IssueQuote,
        Action::WithdrawQuote,
        Action::DecideQuote,
        Action::ViewInvoices,
        Action::RecordPayment,
        Action::VoidInvoice,
        Action::ChangeBillingData,
        Action::ChangeCountry,
        Action::SubmitRequest,
        Action::ViewRequests,
        Action::DecideRequest,
        Action::DecideRenewalOrContactRequest,
        Action::TurnOffAutoRenewal,
        Action::ChangeBillingContact,
        Action::DownloadW9,
        Action::ReadAudit,
        Action::ManageAccountUsers,
        Action::OpenAccount,
        Action::RunBilling,
        Action::VerifyAudit,
    ];
}

/// The permission table: true if `role` may perform `action`.
pub fn allowed(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match (role, action) {
        (Outsider, _) => false,
        (_, ViewAccount) => true,
        (
            BillingContact | SalesRep | AccountServices,
            ViewBillingContact | ViewBillingDetails | ViewQuotes | ViewInvoices | ChangeBillingData | ViewRequests
            | ChangeBillingContact | DownloadW9,
        ) => true,
        (
            SalesRep | AccountServices,
            IssueQuote
            | WithdrawQuote
            | RecordPayment
            | DecideRenewalOrContactRequest
            | ReadAudit
            | ManageAccountUsers
            | OpenAccount,
        ) => true,
        (BillingContact, DecideQuote | SubmitRequest) => true,
        (AccountServices, VoidInvoice | ChangeCountry | DecideRequest | RunBilling | VerifyAudit) => true,
        (SalesRep, TurnOffAutoRenewal) => true,
        _ => false,
    }
}
