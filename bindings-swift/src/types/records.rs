//! What the vendor's back office reads: the audit log and its head (AUD-1, AUD-2), the
//! notification outbox (NOTE-1)
//! and the renewal run's report (SUB-3).

use corporate_billing::{
    AuditHead as CoreAuditHead, AuditRecord as CoreAuditRecord, Notification as CoreNotification,
    NotificationKind as CoreNotificationKind, PurgeReport as CorePurgeReport, RenewalReport as CoreRenewalReport,
};
use std::time::SystemTime;

/// One audit record (AUD-1).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AuditRecord {
    /// Position in the log, from 1.
    pub seq: i64,
    /// When.
    pub at: SystemTime,
    /// Who: `login:<id>`, `staff:<id>`, `anonymous`, `host` or `system`.
    pub actor: String,
    /// The actor's role on the account.
    pub role: String,
    /// What happened, as a stable action name.
    pub action: String,
    /// Which account, if any.
    pub account_id: Option<String>,
    /// Further detail, never a secret.
    pub detail: String,
}

impl From<CoreAuditRecord> for AuditRecord {
    fn from(r: CoreAuditRecord) -> Self {
        AuditRecord {
            seq: r.seq,
            at: r.at.into(),
            actor: r.actor,
            role: r.role,
            action: r.action,
            account_id: r.account_id.map(|a| a.to_string()),
            detail: r.detail,
        }
    }
}

/// The head of the audit chain (AUD-2): the newest record's sequence number and hash, for the
/// host to keep outside the database and check the log against later.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct AuditHead {
    /// The newest record's sequence number; 0 for an empty log.
    pub seq: i64,
    /// The newest record's hash: 64 lowercase hexadecimal digits.
    pub hash: String,
}

impl From<CoreAuditHead> for AuditHead {
    fn from(h: CoreAuditHead) -> Self {
        AuditHead { seq: h.seq, hash: h.hash }
    }
}

impl From<AuditHead> for CoreAuditHead {
    fn from(h: AuditHead) -> Self {
        CoreAuditHead { seq: h.seq, hash: h.hash }
    }
}

/// Whether a commit waits for the disk (file databases).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Durability {
    /// Every commit waits until it is on stable storage: nothing committed is lost on power
    /// loss. The default.
    Full,
    /// Faster writes; a power loss or OS crash may roll back the last commits, and invoice
    /// numbers already issued may be issued again. Only for data that can be rebuilt.
    Normal,
}

impl From<Durability> for corporate_billing::Durability {
    fn from(d: Durability) -> Self {
        match d {
            Durability::Full => corporate_billing::Durability::Full,
            Durability::Normal => corporate_billing::Durability::Normal,
        }
    }
}

impl From<corporate_billing::Durability> for Durability {
    fn from(d: corporate_billing::Durability) -> Self {
        match d {
            corporate_billing::Durability::Full => Durability::Full,
            corporate_billing::Durability::Normal => Durability::Normal,
        }
    }
}

/// Why a notification was written (NOTE-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum NotificationKind {
    /// An invoice or credit note was issued (INV-4).
    InvoiceIssued,
    /// A quote was issued to the account.
    QuoteIssued,
    /// The billing contact changed (BC-2).
    BillingContactChanged,
    /// A service request was completed.
    RequestCompleted,
    /// A service request was rejected.
    RequestRejected,
    /// A purchase order expires within 30 days (PO-1).
    PurchaseOrderExpiring,
    /// A password reset link (AUTH-7).
    PasswordReset,
    /// A set-password link for a new billing contact's login (BC-2).
    SetPassword,
    /// The password was changed or reset (AUTH-8, AUTH-9).
    PasswordChanged,
    /// A payment reminder for an overdue invoice (DUN-1).
    PaymentReminder,
}

impl From<CoreNotificationKind> for NotificationKind {
    fn from(k: CoreNotificationKind) -> Self {
        match k {
            CoreNotificationKind::InvoiceIssued => NotificationKind::InvoiceIssued,
            CoreNotificationKind::QuoteIssued => NotificationKind::QuoteIssued,
            CoreNotificationKind::BillingContactChanged => NotificationKind::BillingContactChanged,
            CoreNotificationKind::RequestCompleted => NotificationKind::RequestCompleted,
            CoreNotificationKind::RequestRejected => NotificationKind::RequestRejected,
            CoreNotificationKind::PurchaseOrderExpiring => NotificationKind::PurchaseOrderExpiring,
            CoreNotificationKind::PasswordReset => NotificationKind::PasswordReset,
            CoreNotificationKind::SetPassword => NotificationKind::SetPassword,
            CoreNotificationKind::PasswordChanged => NotificationKind::PasswordChanged,
            CoreNotificationKind::PaymentReminder => NotificationKind::PaymentReminder,
        }
    }
}

/// A message waiting for the host to deliver it (NOTE-1). Named `OutboxMessage` rather than
/// `Notification` so that it does not clash with `Foundation.Notification` in Swift apps. Its
/// body may carry a live credential link, so `description`/`toString()` show the body's length,
/// not its text.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug, Display)]
pub struct OutboxMessage {
    /// Outbox position; pass it to `mark_notification_sent`.
    pub id: i64,
    /// When it was written.
    pub created_at: SystemTime,
    /// Why.
    pub kind: NotificationKind,
    /// The account it concerns.
    pub account_id: Option<String>,
    /// Where to send it.
    pub recipient: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

impl std::fmt::Debug for OutboxMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboxMessage")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("account_id", &self.account_id)
            .field("recipient", &self.recipient)
            .field("subject", &self.subject)
            .field("body", &format_args!("<{} characters>", self.body.chars().count()))
            .finish()
    }
}

impl std::fmt::Display for OutboxMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self, f)
    }
}

impl From<CoreNotification> for OutboxMessage {
    fn from(n: CoreNotification) -> Self {
        OutboxMessage {
            id: n.id,
            created_at: n.created_at.into(),
            kind: n.kind.into(),
            account_id: n.account_id.map(|a| a.to_string()),
            recipient: n.recipient,
            subject: n.subject,
            body: n.body,
        }
    }
}

/// What a renewal run did (SUB-3).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RenewalReport {
    /// Subscriptions whose term was renewed.
    pub renewed: u64,
    /// Subscriptions that expired because auto-renewal was off.
    pub expired: u64,
    /// Invoices issued.
    pub invoices_issued: u64,
    /// Accounts the run left unchanged because their renewal failed; the next run tries again.
    pub not_renewed: Vec<RenewalFailure>,
}

/// An account the renewal run could not renew, and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RenewalFailure {
    /// The account, left as it was before the run.
    pub account_id: String,
    /// The stable code of the error that stopped its renewal.
    pub code: String,
    /// The error's message (names fields and rules, never values).
    pub reason: String,
}

impl From<CoreRenewalReport> for RenewalReport {
    fn from(r: CoreRenewalReport) -> Self {
        RenewalReport {
            renewed: r.renewed,
            expired: r.expired,
            invoices_issued: r.invoices_issued,
            not_renewed: r
                .not_renewed
                .into_iter()
                .map(|f| RenewalFailure { account_id: f.account.to_string(), code: f.code, reason: f.reason })
                .collect(),
        }
    }
}

/// What a maintenance purge deleted (AUTH-11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct PurgeReport {
    /// Sessions that were signed out or timed out.
    pub sessions: u64,
    /// Throttle counts that were not locked and quiet for a day.
    pub throttle_entries: u64,
    /// Used, replaced or expired password links.
    pub credential_links: u64,
    /// Purchase orders a year past their expiry.
    pub purchase_orders: u64,
}

impl From<CorePurgeReport> for PurgeReport {
    fn from(r: CorePurgeReport) -> Self {
        PurgeReport {
            sessions: r.sessions,
            throttle_entries: r.throttle_entries,
            credential_links: r.credential_links,
            purchase_orders: r.purchase_orders,
        }
    }
}
