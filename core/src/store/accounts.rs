//! Accounts and what hangs off them: subscriptions, purchase orders, invoice recipients, account
//! users and staff (ACC-1..ACC-4, SUB-1, PO-1, REC-1).

use super::Tx;
use crate::domain::account::ContactAccount;
use crate::error::Result;
use crate::values::LoginId;

/// The corporate accounts whose billing contact `login` is, by company name (ACC-4).
pub(crate) fn of_contact(tx: &Tx<'_>, login: LoginId) -> Result<Vec<ContactAccount>> {
    tx.all(
        "SELECT id, company_name FROM accounts WHERE billing_contact_id = ?1 AND kind = 'corporate' ORDER BY company_name",
        &[&login],
        |r| Ok(ContactAccount { id: r.get(0)?, company_name: r.get(1)? }),
    )
}
