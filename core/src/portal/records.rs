//! Reading and verifying the audit log (AUD-1, AUD-2) and draining the notification outbox (NOTE-1).

use super::{BillingPortal, Caller};
use crate::access::Action;
use crate::error::{Error, Result};
use crate::store::audit::{self, AuditHead, AuditRecord};
use crate::store::outbox::{self, Notification};
use crate::values::AccountId;

impl BillingPortal {
    /// The account's audit records, oldest first. Vendor staff only.
    pub fn audit_log(&self, caller: &Caller, account: AccountId) -> Result<Vec<AuditRecord>> {
        self.look(caller, account, Action::ReadAudit, |tx, _| audit::for_account(tx, account))
    }

    /// Verifies the whole audit chain; returns how many records it holds, or
    /// [`Error::AuditChainBroken`] naming the first record that was changed, removed or inserted.
    /// With [`PortalConfig::audit_key`](super::PortalConfig::audit_key) set, every record must be
    /// keyed (AUD-2): a chain recomputed without the key fails here alone. A log with records from
    /// before the key was configured verifies only against a head kept from that time, with
    /// [`verify_audit_log_against`](Self::verify_audit_log_against).
    pub fn verify_audit_log(&self, caller: &Caller) -> Result<u64> {
        self.look_vendor(caller, Action::VerifyAudit, |tx, _| audit::verify(tx))
    }

    /// The head of the audit chain (AUD-2): the newest record's sequence number and hash, for
    /// the host to keep outside the database (its own store, a ticket, a printout) and pass to
    /// [`verify_audit_log_against`](Self::verify_audit_log_against) later. The whole chain is
    /// verified first, so a broken log hands out no head but [`Error::AuditChainBroken`]; records
    /// from before the key, sealed by the first keyed one, are allowed, so that a host that adds a
    /// key can anchor its older log.
    /// Account Services only, like [`verify_audit_log`](Self::verify_audit_log).
    pub fn audit_head(&self, caller: &Caller) -> Result<AuditHead> {
        self.look_vendor(caller, Action::VerifyAudit, |tx, _| audit::head(tx))
    }

    /// Verifies the whole audit chain and that it still reaches `kept`, a head read earlier with
    /// [`audit_head`](Self::audit_head): missing newest records, a changed record, or a chain
    /// recomputed without the key each fail with [`Error::AuditChainBroken`] (AUD-2). Returns how
    /// many records the log holds. [`verify_audit_log`](Self::verify_audit_log) alone cannot
    /// tell a log whose newest records were deleted from one that never had them; this can.
    /// Account Services only.
    pub fn verify_audit_log_against(&self, caller: &Caller, kept: &AuditHead) -> Result<u64> {
        self.look_vendor(caller, Action::VerifyAudit, |tx, _| audit::verify_against(tx, kept))
    }

    /// Notifications waiting for delivery, oldest first (NOTE-1). For the host's mailer only:
    /// password-reset and set-password notifications carry live links, which are rendered here
    /// and nowhere else. Never expose this call to a client (see [`BillingPortal::register_staff`]).
    pub fn pending_notifications(&self, limit: u32) -> Result<Vec<Notification>> {
        let link = |reference: &str| self.credential_link(reference).unwrap_or_else(|_| "(link unavailable)".into());
        self.db.read(|tx| outbox::pending(tx, limit, &link))
    }

    /// Marks a notification delivered, so that it is not handed out again. Trusted host only.
    pub fn mark_notification_sent(&self, id: i64) -> Result<()> {
        let now = self.now();
        self.db.write(|tx| {
            if !outbox::mark_sent(tx, id, now)? {
                return Err(Error::not_found("notification"));
            }
            Ok(())
        })
    }
}
