//! The notification outbox (NOTE-1): written in the change's own transaction; the host delivers.

use crate::error::Result;
use crate::store::Tx;
use crate::store::sql::Batched;
use crate::values::{AccountId, EmailAddress};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Why a notification was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    /// An invoice is overdue: a reminder at one of the vendor's dunning stages (DUN-1).
    PaymentReminder,
}

impl NotificationKind {
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            NotificationKind::InvoiceIssued => "invoice_issued",
            NotificationKind::QuoteIssued => "quote_issued",
            NotificationKind::BillingContactChanged => "billing_contact_changed",
            NotificationKind::RequestCompleted => "request_completed",
            NotificationKind::RequestRejected => "request_rejected",
            NotificationKind::PurchaseOrderExpiring => "purchase_order_expiring",
            NotificationKind::PasswordReset => "password_reset",
            NotificationKind::SetPassword => "set_password",
            NotificationKind::PasswordChanged => "password_changed",
            NotificationKind::PaymentReminder => "payment_reminder",
        }
    }
    fn from_str(s: &str) -> Option<Self> {
        [
            NotificationKind::InvoiceIssued,
            NotificationKind::QuoteIssued,
            NotificationKind::BillingContactChanged,
            NotificationKind::RequestCompleted,
            NotificationKind::RequestRejected,
            NotificationKind::PurchaseOrderExpiring,
            NotificationKind::PasswordReset,
            NotificationKind::SetPassword,
            NotificationKind::PasswordChanged,
            NotificationKind::PaymentReminder,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// A message waiting for the host to deliver it. Its body may carry a live credential link, so
/// `Debug` shows the body's length, not its text.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// Outbox position; pass it to `mark_notification_sent`.
    pub id: i64,
    /// When it was written.
    pub created_at: OffsetDateTime,
    /// Why.
    pub kind: NotificationKind,
    /// The account it concerns.
    pub account_id: Option<AccountId>,
    /// Where to send it.
    pub recipient: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

impl std::fmt::Debug for Notification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notification")
            .field("id", &self.id)
            .field("created_at", &self.created_at)
            .field("kind", &self.kind)
            .field("account_id", &self.account_id)
            .field("recipient", &self.recipient)
            .field("subject", &self.subject)
            .field("body", &format_args!("<{} characters>", self.body.chars().count()))
            .finish()
    }
}

pub(crate) fn enqueue(
    conn: &Tx<'_>,
    at: OffsetDateTime,
    kind: NotificationKind,
    account: Option<AccountId>,
    recipient: &EmailAddress,
    subject: &str,
    body: &str,
) -> Result<()> {
    enqueue_with_link(conn, at, kind, account, recipient, (subject, body), None)
}

/// One message; the outbox numbers them in the order they were written.
static ENQUEUE: Batched = Batched {
    row: "INSERT INTO outbox (created_at, kind, account_id, recipient, subject, body, link_ref)
          VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    pg: "INSERT INTO outbox (created_at, kind, account_id, recipient, subject, body, link_ref)
         SELECT * FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])",
};

/// The placeholder in a body that is replaced by the credential link when the host collects it.
pub(crate) const LINK_PLACEHOLDER: &str = "{link}";

/// Like [`enqueue`], for a message carrying a credential link: only the link's reference is
/// stored; the link is rendered by [`pending`].
pub(crate) fn enqueue_with_link(
    conn: &Tx<'_>,
    at: OffsetDateTime,
    kind: NotificationKind,
    account: Option<AccountId>,
    recipient: &EmailAddress,
    (subject, body): (&str, &str),
    link_ref: Option<&str>,
) -> Result<()> {
    conn.exec_batched(
        &ENQUEUE,
        &[&at.unix_timestamp(), &kind.as_str(), &account, &recipient.as_str(), &subject, &body, &link_ref],
    )?;
    Ok(())
}

/// Undelivered notifications, oldest first; `link` renders a credential link from its reference.
pub(crate) fn pending(conn: &Tx<'_>, limit: u32, link: &dyn Fn(&str) -> String) -> Result<Vec<Notification>> {
    conn.all(
        "SELECT id, created_at, kind, account_id, recipient, subject, body, link_ref FROM outbox
         WHERE sent_at IS NULL ORDER BY id LIMIT ?1",
        &[&limit],
        |r| {
            Ok(Notification {
                id: r.get(0)?,
                created_at: r.get(1)?,
                kind: NotificationKind::from_str(&r.text(2)?).unwrap_or(NotificationKind::InvoiceIssued),
                account_id: r.get(3)?,
                recipient: r.get(4)?,
                subject: r.get(5)?,
                body: match r.get::<Option<String>>(7)? {
                    Some(reference) => r.get::<String>(6)?.replace(LINK_PLACEHOLDER, &link(&reference)),
                    None => r.get(6)?,
                },
            })
        },
    )
}

/// Marks a notification delivered; false if there is no such notification waiting.
pub(crate) fn mark_sent(conn: &Tx<'_>, id: i64, at: OffsetDateTime) -> Result<bool> {
    let n = conn.exec("UPDATE outbox SET sent_at = ?2 WHERE id = ?1 AND sent_at IS NULL", &[&id, &at])?;
    Ok(n == 1)
}
