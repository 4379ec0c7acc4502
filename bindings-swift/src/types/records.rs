//! What the vendor's back office reads: the audit log (AUD-1), the notification outbox (NOTE-1)
//! and the renewal run's report (SUB-3).

use corporate_billing::{
    AuditRecord as CoreAuditRecord, Notification as CoreNotification, NotificationKind as CoreNotificationKind,
    PurgeReport as CorePurgeReport, RenewalReport as CoreRenewalReport,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct RenewalReport {
    /// Subscriptions whose term was renewed.
    pub renewed: u64,
    /// Subscriptions that expired because auto-renewal was off.
    pub expired: u64,
    /// Invoices issued.
    pub invoices_issued: u64,
}

impl From<CoreRenewalReport> for RenewalReport {
    fn from(r: CoreRenewalReport) -> Self {
        RenewalReport { renewed: r.renewed, expired: r.expired, invoices_issued: r.invoices_issued }
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
