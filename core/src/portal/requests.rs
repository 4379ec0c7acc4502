//! Service requests: submitted by the billing contact, completed or rejected by Account Services
//! (SR-1..SR-4, PAY-3, ADDR-1, BC-1, INV-2).

use super::accounts::{apply_country, hand_over};
use super::{BillingPortal, Caller, Ctx, notify_contact};
use crate::access::{Action, Identity};
use crate::documents::locale::notification;
use crate::domain::request::{RequestKind, RequestStatus, ServiceRequest};
use crate::error::{Error, Result};
use crate::print;
use crate::store::outbox::NotificationKind;
use crate::store::requests::{self, Decision};
use crate::store::{self, Tx};
use crate::values::{AccountId, RequestId, UserId, text};

/// Checks a request's free-text fields (no control characters, no card numbers, bounded).
fn checked(kind: &RequestKind) -> Result<RequestKind> {
    Ok(match kind {
        RequestKind::ChangePaymentMethod { details } => {
            RequestKind::ChangePaymentMethod { details: text::clean("details", details, 2000, true)? }
        }
        RequestKind::InvoiceCopy { invoice_number } => {
            RequestKind::InvoiceCopy { invoice_number: text::required("invoice_number", invoice_number, 40)? }
        }
        RequestKind::ChangeBillingContact { new_contact_user_id } => RequestKind::ChangeBillingContact {
            new_contact_user_id: UserId::parse(new_contact_user_id)?.as_str().to_owned(),
        },
        RequestKind::Other { text: t } => {
            let t = text::clean("text", t, 2000, true)?;
            if t.is_empty() {
                return Err(Error::invalid("text", "is required"));
            }
            RequestKind::Other { text: t }
        }
        other => other.clone(),
    })
}

/// At most this many requests of one account are open at once; Account Services decides them
/// before more can be sent.
pub const MAX_OPEN_REQUESTS: u32 = 20;

/// Applies a completed request's change in the completing transaction (SR-2). An invoice copy
/// goes to whoever is the billing contact now, not to the submitter, who may have handed billing
/// over since (PRIV-1).
fn apply(conn: &Tx<'_>, ctx: &Ctx, kind: &RequestKind) -> Result<()> {
    let account = ctx.account();
    match kind {
        RequestKind::ChangeBillingInterval { interval } => {
            let mut sub = store::accounts::subscription(conn, account, store::accounts::currency(conn, account)?)?;
            sub.billing_interval = *interval;
            store::accounts::save_subscription(conn, account, &sub)?;
            ctx.record(conn, "billing_interval_changed", interval.as_str())
        }
        RequestKind::TurnOffAutoRenewal => {
            let mut sub = store::accounts::subscription(conn, account, store::accounts::currency(conn, account)?)?;
            sub.auto_renew = false;
            store::accounts::save_subscription(conn, account, &sub)?;
            ctx.record(conn, "auto_renewal_turned_off", "")
        }
        RequestKind::ChangeBillingContact { new_contact_user_id } => hand_over(conn, ctx, new_contact_user_id),
        RequestKind::ChangeCountry { country } => apply_country(conn, ctx, *country),
        RequestKind::InvoiceCopy { invoice_number } => {
            let id = store::invoices::id_by_number(conn, account, invoice_number)?
                .ok_or_else(|| Error::not_found("invoice"))?;
            let invoice = store::invoices::load(conn, account, id, ctx.now.date())?;
            let tax = super::invoices::tax_statement_of(conn, &invoice)?;
            notify_contact(
                conn,
                ctx,
                NotificationKind::RequestCompleted,
                &notification::invoice_copy(invoice.document.language, invoice_number),
                &print::text(&invoice, &tax),
            )
        }
        // Account Services makes these changes with the portal's own operations first.
        RequestKind::ChangePaymentMethod { .. } | RequestKind::Other { .. } => Ok(()),
    }
}

impl BillingPortal {
    /// Submits a request to Account Services (SR-1, SR-2). Billing contact only; at most
    /// [`MAX_OPEN_REQUESTS`] open at once ([`Error::LimitReached`]).
    pub fn submit_request(&self, caller: &Caller, account: AccountId, kind: &RequestKind) -> Result<ServiceRequest> {
        let kind = checked(kind)?;
        self.change(caller, account, Action::SubmitRequest, |tx, ctx| {
            let Identity::Contact(login) = ctx.identity else { return Err(Error::Forbidden) };
            if requests::open_count(tx, account)? >= MAX_OPEN_REQUESTS {
                return Err(Error::LimitReached { what: "open_requests", limit: MAX_OPEN_REQUESTS });
            }
            let id = RequestId::generate();
            requests::insert(tx, id, account, &kind, ctx.now, login)?;
            ctx.record(tx, "request_submitted", &format!("request:{id} {}", kind.name()))?;
            requests::load(tx, account, id)
        })
    }

    /// The account's service requests, newest first.
    pub fn requests(&self, caller: &Caller, account: AccountId) -> Result<Vec<ServiceRequest>> {
        self.look(caller, account, Action::ViewRequests, |tx, _| requests::list(tx, account))
    }

    fn decide_request(
        &self,
        caller: &Caller,
        account: AccountId,
        id: RequestId,
        outcome: RequestStatus,
        note: Option<&str>,
    ) -> Result<ServiceRequest> {
        let note = note.map(|n| text::clean("note", n, 2000, true)).transpose()?.filter(|n| !n.is_empty());
        if outcome == RequestStatus::Rejected && note.is_none() {
            return Err(Error::invalid("reason", "a rejection needs a reason"));
        }
        self.change(caller, account, Action::DecideRenewalOrContactRequest, |tx, ctx| {
            let request = requests::load(tx, account, id)?;
            ctx.require(request.kind.deciding_action())?;
            if request.status != RequestStatus::Open {
                return Err(Error::conflict("the request has already been decided"));
            }
            if outcome == RequestStatus::Completed {
                apply(tx, ctx, &request.kind)?;
            }
            let decision = Decision { to: outcome, at: ctx.now, by: ctx.staff_id(), resolution: note.as_deref() };
            if !requests::save_decision(tx, account, id, &decision)? {
                return Err(Error::conflict("the request has already been decided"));
            }
            let (kind, verb) = match outcome {
                RequestStatus::Rejected => (NotificationKind::RequestRejected, "rejected"),
                _ => (NotificationKind::RequestCompleted, "completed"),
            };
            // To the billing contact as of this decision, who may not be the submitter (PRIV-1).
            let lang = store::accounts::document_language(tx, account)?;
            let (subject, body) = notification::request_decided(
                lang,
                outcome == RequestStatus::Rejected,
                request.kind.name(),
                note.as_deref(),
            );
            notify_contact(tx, ctx, kind, &subject, &body)?;
            ctx.record(tx, &format!("request_{verb}"), &format!("request:{id} {}", request.kind.name()))?;
            requests::load(tx, account, id)
        })
    }

    /// Completes a request and applies its change in the same transaction (SR-2, SR-3, SR-4).
    /// Account Services; the sales rep for auto-renewal and billing-contact requests.
    pub fn complete_request(
        &self,
        caller: &Caller,
        account: AccountId,
        id: RequestId,
        note: Option<&str>,
    ) -> Result<ServiceRequest> {
        self.decide_request(caller, account, id, RequestStatus::Completed, note)
    }

    /// Rejects a request with a reason, changing nothing else (SR-2).
    pub fn reject_request(
        &self,
        caller: &Caller,
        account: AccountId,
        id: RequestId,
        reason: &str,
    ) -> Result<ServiceRequest> {
        self.decide_request(caller, account, id, RequestStatus::Rejected, Some(reason))
    }
}
