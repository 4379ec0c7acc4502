//! Who may do what (ACC-3, BC-1, SR-2, SR-3, SR-4, QUO-1, QUO-3, PRIV-1).
//!
//! One table, [`allowed`], decides every permission. The store reads what a role is resolved
//! from (the caller's staff kind, the account's sales rep, billing contact and users) in one
//! query; [`authorize`] turns that into the caller's [`Role`] and asks the table. Nothing else
//! grants access, and whatever the table does not name is denied.

use crate::domain::account::{AccountKind, StaffKind};
use crate::error::{Error, Result};
use crate::values::{LoginId, StaffId};
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
    /// Fetch an invoice or credit note as an EN 16931 e-invoice (EINV-1).
    ExportEInvoice,
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
    /// Import a bank statement and record the payments it matches (RECON-1; vendor-wide).
    ImportBankStatement,
    /// Pause or resume payment reminders for an account (DUN-1).
    PauseDunning,
    /// List accounts, invoices, quotes and requests across the vendor (BO-1); what the lists
    /// hold depends on [`Action::SeeEveryAccount`].
    ListVendorWide,
    /// Vendor-wide lists show every account's data, not only the caller's own accounts (BO-1).
    SeeEveryAccount,
}

impl Action {
    /// Every action, for exhaustive checks.
    pub const ALL: [Action; 29] = [
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
        Action::ExportEInvoice,
        Action::ReadAudit,
        Action::ManageAccountUsers,
        Action::OpenAccount,
        Action::RunBilling,
        Action::VerifyAudit,
        Action::ImportBankStatement,
        Action::PauseDunning,
        Action::ListVendorWide,
        Action::SeeEveryAccount,
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
            | ChangeBillingContact | DownloadW9 | ExportEInvoice,
        ) => true,
        (
            SalesRep | AccountServices,
            IssueQuote
            | WithdrawQuote
            | RecordPayment
            | DecideRenewalOrContactRequest
            | ReadAudit
            | ManageAccountUsers
            | OpenAccount
            | PauseDunning
            | ListVendorWide,
        ) => true,
        (BillingContact, DecideQuote | SubmitRequest) => true,
        (
            AccountServices,
            VoidInvoice | ChangeCountry | DecideRequest | RunBilling | VerifyAudit | ImportBankStatement
            | SeeEveryAccount,
        ) => true,
        (SalesRep, TurnOffAutoRenewal) => true,
        _ => false,
    }
}

/// A caller whose credentials have been checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Identity {
    /// A billing contact with a live session.
    Contact(LoginId),
    /// A vendor employee, as the host asserts.
    Staff(StaffId),
    /// A person on a customer's account, as the host asserts.
    User(LoginId),
    Anonymous,
}

impl Identity {
    /// How audit records name the caller.
    pub(crate) fn actor(&self) -> String {
        match self {
            Identity::Contact(l) | Identity::User(l) => format!("login:{l}"),
            Identity::Staff(s) => format!("staff:{s}"),
            Identity::Anonymous => "anonymous".into(),
        }
    }

    pub(crate) fn staff(&self) -> Option<StaffId> {
        match self {
            Identity::Staff(s) => Some(*s),
            _ => None,
        }
    }

    pub(crate) fn login(&self) -> Option<LoginId> {
        match self {
            Identity::Contact(l) | Identity::User(l) => Some(*l),
            _ => None,
        }
    }
}

/// What the store knows of one account that decides the caller's role on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AccountStanding {
    pub kind: AccountKind,
    pub sales_rep: StaffId,
    pub billing_contact: LoginId,
    /// Whether the caller's login is one of the account's users.
    pub caller_is_user: bool,
}

/// What an operation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The whole vendor (renewal runs, opening accounts, the audit chain).
    Vendor,
    /// One account; `None` if it does not exist.
    Account(Option<AccountStanding>),
}

/// The caller's role in `scope`, if the table lets it perform `action` there.
///
/// `staff` is the caller's staff kind as registered (`None` for anyone but registered staff).
/// Only Account Services may learn that an account does not exist; everyone else is refused as
/// if it did (PRIV-2). Online accounts are outside the portal for every role (ACC-1).
pub(crate) fn authorize(who: Identity, staff: Option<StaffKind>, scope: Scope, action: Action) -> Result<Role> {
    let staff_role = match staff {
        Some(StaffKind::AccountServices) => Role::AccountServices,
        Some(StaffKind::SalesRep) => Role::SalesRep,
        None => Role::Outsider,
    };
    let (role, kind) = match scope {
        Scope::Vendor => (if who.staff().is_some() { staff_role } else { Role::Outsider }, None),
        Scope::Account(None) => {
            return Err(if who.staff().is_some() && staff_role == Role::AccountServices {
                Error::not_found("account")
            } else {
                Error::Forbidden
            });
        }
        Scope::Account(Some(a)) => {
            let role = match who {
                Identity::Contact(l) if l == a.billing_contact => Role::BillingContact,
                Identity::Contact(_) | Identity::User(_) if a.caller_is_user => Role::AccountUser,
                Identity::Staff(s) => match staff_role {
                    Role::AccountServices => Role::AccountServices,
                    Role::SalesRep if s == a.sales_rep => Role::SalesRep,
                    _ => Role::Outsider,
                },
                _ => Role::Outsider,
            };
            (role, Some(a.kind))
        }
    };
    require(role, action)?;
    if kind == Some(AccountKind::Online) {
        return Err(Error::NotCorporateAccount);
    }
    Ok(role)
}

/// [`allowed`] as a result: [`Error::Forbidden`] where the table says no.
pub(crate) fn require(role: Role, action: Action) -> Result<()> {
    if allowed(role, action) { Ok(()) } else { Err(Error::Forbidden) }
}

/// Whether a caller in `role` may open an account served by `sales_rep`: Account Services for
/// any sales rep, a sales rep only for itself.
pub(crate) fn may_open_account_for(role: Role, who: Identity, sales_rep: StaffId) -> bool {
    match role {
        Role::AccountServices => true,
        Role::SalesRep => who.staff() == Some(sales_rep),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(kind: AccountKind, rep: StaffId, contact: LoginId, caller_is_user: bool) -> Scope {
        Scope::Account(Some(AccountStanding { kind, sales_rep: rep, billing_contact: contact, caller_is_user }))
    }

    // DOMAIN: ACC-1, ACC-3, PRIV-2
    #[test]
    fn roles_follow_from_the_standing_and_online_accounts_are_refused() {
        let (rep, other_rep, services) = (StaffId::generate(), StaffId::generate(), StaffId::generate());
        let (contact, user) = (LoginId::generate(), LoginId::generate());
        let corp = |is_user| account(AccountKind::Corporate, rep, contact, is_user);
        let sales = Some(StaffKind::SalesRep);
        let view = Action::ViewAccount;
        assert_eq!(authorize(Identity::Contact(contact), None, corp(false), view), Ok(Role::BillingContact));
        assert_eq!(authorize(Identity::Contact(user), None, corp(true), view), Ok(Role::AccountUser));
        assert_eq!(authorize(Identity::User(user), None, corp(true), view), Ok(Role::AccountUser));
        assert_eq!(authorize(Identity::User(user), None, corp(false), view), Err(Error::Forbidden));
        assert_eq!(authorize(Identity::Staff(rep), sales, corp(false), view), Ok(Role::SalesRep));
        assert_eq!(authorize(Identity::Staff(other_rep), sales, corp(false), view), Err(Error::Forbidden));
        let services_kind = Some(StaffKind::AccountServices);
        assert_eq!(authorize(Identity::Staff(services), services_kind, corp(false), view), Ok(Role::AccountServices));
        // A staff ID the store does not know is nobody.
        assert_eq!(authorize(Identity::Staff(rep), None, corp(false), view), Err(Error::Forbidden));
        assert_eq!(authorize(Identity::Anonymous, None, corp(false), view), Err(Error::Forbidden));

        let online = account(AccountKind::Online, rep, contact, false);
        assert_eq!(authorize(Identity::Contact(contact), None, online, view), Err(Error::NotCorporateAccount));
        // Refused by the table first: an outsider does not learn the account is an online one.
        assert_eq!(authorize(Identity::Anonymous, None, online, view), Err(Error::Forbidden));

        let missing = Scope::Account(None);
        assert_eq!(
            authorize(Identity::Staff(services), services_kind, missing, view),
            Err(Error::not_found("account"))
        );
        assert_eq!(authorize(Identity::Staff(rep), sales, missing, view), Err(Error::Forbidden));
        assert_eq!(authorize(Identity::Contact(contact), None, missing, view), Err(Error::Forbidden));
    }

    // DOMAIN: ACC-3
    #[test]
    fn vendor_wide_actions_are_for_registered_staff_only() {
        let rep = StaffId::generate();
        let run = Action::RunBilling;
        assert_eq!(
            authorize(Identity::Staff(rep), Some(StaffKind::AccountServices), Scope::Vendor, run),
            Ok(Role::AccountServices)
        );
        assert_eq!(
            authorize(Identity::Staff(rep), Some(StaffKind::SalesRep), Scope::Vendor, run),
            Err(Error::Forbidden)
        );
        assert_eq!(authorize(Identity::Staff(rep), None, Scope::Vendor, run), Err(Error::Forbidden));
        assert_eq!(
            authorize(Identity::Contact(LoginId::generate()), Some(StaffKind::AccountServices), Scope::Vendor, run),
            Err(Error::Forbidden)
        );
        let open = Action::OpenAccount;
        let me = Identity::Staff(rep);
        assert!(may_open_account_for(Role::SalesRep, me, rep));
        assert!(!may_open_account_for(Role::SalesRep, me, StaffId::generate()));
        assert!(may_open_account_for(Role::AccountServices, me, StaffId::generate()));
        assert_eq!(authorize(me, Some(StaffKind::SalesRep), Scope::Vendor, open), Ok(Role::SalesRep));
    }
}
