//! The vendor's periodic jobs: the renewal run (SUB-3) and purchase-order reminders (PO-1), and
//! the sales rep's direct switch for auto-renewal (SR-4).

use super::invoices::{Issue, issue};
use super::{BillingPortal, Caller, Ctx};
use crate::access::Action;
use crate::documents::locale::{self, notification};
use crate::domain::invoice::{InvoiceKind, ServicePeriod};
use crate::domain::lines::{Line, LineInput, Totals, price_lines};
use crate::domain::subscription::RenewalOutcome;
use crate::error::{Error, Result};
use crate::store::outbox::{self, NotificationKind};
use crate::store::{self, Tx};
use crate::values::{AccountId, bounds, calendar};
use rust_decimal::Decimal;
use serde::Serialize;
use time::{Date, Duration};

/// Accounts handled per transaction by the renewal run: large enough to amortise commits, small
/// enough that other writers are not held up for long.
const RUN_CHUNK: usize = 500;

/// PO-1: contacts are reminded this many days before a purchase order expires.
pub const PO_REMINDER_DAYS: i64 = 30;

/// What a renewal run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenewalFailure {
    /// The account, left as it was before the run.
    pub account: AccountId,
    /// The stable code of the error that stopped its renewal (see [`Error::code`]).
    pub code: String,
    /// The error's message: it names fields and rules, never values.
    pub reason: String,
}

fn too_large() -> Error {
    Error::invalid("annual_seat_price", "is too large to invoice")
}

/// One account's renewal, decided before anything is written: the advanced subscription and
/// the priced invoices of its due periods.
struct Renewal {
    facts: store::accounts::RenewalFacts,
    outcome: RenewalOutcome,
    invoices: Vec<(Vec<Line>, Totals, ServicePeriod)>,
}

/// Decides one account's renewal on `date` (SUB-3). Every way a renewal can fail (a price or a
/// date that cannot be invoiced) fails here, before the run has written anything for the account.
fn plan(mut facts: store::accounts::RenewalFacts, date: Date) -> Result<Renewal> {
    let (currency, vat_rate, lang) = (facts.profile.currency, facts.vat_rate, facts.profile.language);
    let sub = &mut facts.subscription;
    let outcome = sub.advance_to(date)?;
    let mut invoices = Vec::with_capacity(outcome.periods.len());
    for period in &outcome.periods {
        let unit_price =
            sub.annual_seat_price.amount().checked_mul(Decimal::from(period.months)).ok_or_else(too_large)?
                / Decimal::from(12);
        let last_day = period.end.previous_day().ok_or_else(|| Error::invalid("term_start", "out of range"))?;
        let (lines, totals) = price_lines(
            &[LineInput {
                // In the document's language, like everything else it prints (DOCS-2).
                description: crate::messages::text(
                    lang,
                    "line.renewal",
                    &[
                        ("plan", sub.plan.as_str()),
                        ("from", &locale::date(period.start, lang)),
                        ("to", &locale::date(last_day, lang)),
                        (
                            "interval",
                            &crate::messages::text(lang, &format!("interval.{}", sub.billing_interval.as_str()), &[]),
                        ),
                    ],
                ),
                quantity: Decimal::from(sub.seats.max(1)),
                unit_price: unit_price.round_dp(6),
                vat_rate,
            }],
            currency,
        )?;
        invoices.push((lines, totals, ServicePeriod { first_day: period.start, last_day }));
    }
    Ok(Renewal { facts, outcome, invoices })
}

/// Writes a planned renewal in the run's transaction: the subscription, its audit records and
/// the invoices, numbered in the account's issuer series.
fn apply(tx: &Tx<'_>, ctx: &Ctx, account: AccountId, date: Date, renewal: Renewal) -> Result<RenewalReport> {
    let Renewal { facts, outcome, invoices } = renewal;
    let sub = &facts.subscription;
    store::accounts::save_subscription(tx, account, sub)?;
    let mut part = RenewalReport::default();
    if outcome.renewed {
        part.renewed += 1;
        ctx.record_for(tx, account, "subscription_renewed", &format!("until {}", calendar::iso(sub.term_end)))?;
    }
    if outcome.expired {
        part.expired += 1;
        ctx.record_for(tx, account, "subscription_expired", "")?;
    }
    for (lines, totals, period) in invoices {
        // A missing PO does not stop a renewal: the invoice is issued without one.
        let purchase_order = facts.purchase_order.clone();
        issue(
            tx,
            ctx,
            account,
            &facts.profile,
            Issue {
                kind: InvoiceKind::Invoice,
                refers_to: None,
                lines,
                totals,
                purchase_order,
                service_period: Some(period),
                issue_date: date,
            },
        )?;
        part.invoices_issued += 1;
    }
    Ok(part)
}

impl BillingPortal {
    /// Runs renewals for `date` (SUB-3): every auto-renewing subscription whose term ended by then
    /// is renewed and its due billing periods invoiced; the others expire. Running it again for
    /// the same date issues nothing new. Account Services only.
    ///
    /// An account whose renewal fails (its stored price or dates cannot be invoiced) is left
    /// unchanged, audited and listed in [`RenewalReport::not_renewed`]; the run goes on with the
    /// others. A storage failure still stops the run.
    pub fn run_renewals(&self, caller: &Caller, date: Date) -> Result<RenewalReport> {
        bounds::run_date("date", date, self.now().date(), self.config.run_date_horizon_days)?;
        let due: Vec<AccountId> =
            self.change_vendor(caller, Action::RunBilling, |tx, _| store::accounts::due_for_renewal(tx, date))?;
        let mut report = RenewalReport::default();
        for chunk in due.chunks(RUN_CHUNK) {
            let part = self.change_vendor(caller, Action::RunBilling, |tx, ctx| {
                let mut part = RenewalReport::default();
                // The chunk's facts in one read, so that PostgreSQL can hold back its writes and
                // send them together (issue 30); an account missing from it (the chunk out of
                // the database's order) is read alone.
                let mut known = match (chunk.first(), chunk.last()) {
                    (Some(&first), Some(&last)) => store::accounts::renewal_facts_between(tx, (first, last), date)?,
                    _ => Default::default(),
                };
                for &account in chunk {
                    let facts = match known.remove(&account) {
                        Some(facts) => Ok(facts),
                        None => store::accounts::renewal_facts(tx, account, date),
                    };
                    // A renewal that cannot be invoiced fails in `plan`, before anything of the
                    // account is written, so the run goes on without a savepoint per account and
                    // the series stays gap-free (INV-1). What fails while writing stops the run
                    // and rolls the chunk back.
                    match facts.and_then(|facts| plan(facts, date)) {
                        Ok(renewal) => {
                            let done = apply(tx, ctx, account, date, renewal)?;
                            part.renewed += done.renewed;
                            part.expired += done.expired;
                            part.invoices_issued += done.invoices_issued;
                        }
                        Err(e @ (Error::Busy | Error::Storage(_))) => return Err(e),
                        Err(e) => {
                            ctx.record_for(tx, account, "subscription_renewal_failed", e.code())?;
                            part.not_renewed.push(RenewalFailure {
                                account,
                                code: e.code().to_owned(),
                                reason: e.to_string(),
                            });
                        }
                    }
                }
                Ok(part)
            })?;
            report.renewed += part.renewed;
            report.expired += part.expired;
            report.invoices_issued += part.invoices_issued;
            report.not_renewed.extend(part.not_renewed);
        }
        Ok(report)
    }

    /// Turns auto-renewal off at once, without a request: the account's sales rep only (SR-4).
    pub fn turn_off_auto_renewal(&self, caller: &Caller, account: AccountId) -> Result<()> {
        self.change(caller, account, Action::TurnOffAutoRenewal, |tx, ctx| {
            let mut sub = store::accounts::subscription(tx, account, store::accounts::currency(tx, account)?)?;
            if !sub.auto_renew {
                return Ok(());
            }
            sub.auto_renew = false;
            store::accounts::save_subscription(tx, account, &sub)?;
            ctx.record(tx, "auto_renewal_turned_off", "")
        })
    }

    /// Queues a reminder to the billing contact for every purchase order that expires within
    /// 30 days of `date` (PO-1). Each purchase order is reminded once (again after an edit).
    /// A date more than [`PortalConfig::run_date_horizon_days`](super::PortalConfig::run_date_horizon_days)
    /// after today is refused. Returns how many reminders were queued. Account Services only.
    pub fn remind_expiring_purchase_orders(&self, caller: &Caller, date: Date) -> Result<u64> {
        // A mistyped year would spend the one reminder of every purchase order expiring then,
        // years early: the same horizon as the renewal and dunning runs (SUB-3).
        bounds::run_date("date", date, self.now().date(), self.config.run_date_horizon_days)?;
        self.change_vendor(caller, Action::RunBilling, |tx, ctx| {
            let due = store::accounts::expiring_purchase_orders(tx, date, date + Duration::days(PO_REMINDER_DAYS))?;
            for po in &due {
                let number = &po.number;
                let (subject, body) = notification::purchase_order_expiring(po.language, number, po.expires_on);
                outbox::enqueue(
                    tx,
                    ctx.now,
                    NotificationKind::PurchaseOrderExpiring,
                    Some(po.account),
                    &po.contact_email,
                    &subject,
                    &body,
                )?;
                store::accounts::mark_reminded(tx, po.id, date)?;
                ctx.record_for(tx, po.account, "purchase_order_reminder_queued", number)?;
            }
            Ok(due.len() as u64)
        })
    }
}
