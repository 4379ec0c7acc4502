//! The dunning run and its pause switch (DUN-1).

use super::{BillingPortal, Caller};
use crate::access::Action;
use crate::documents::locale::reminder::{self, Reminder};
use crate::domain::dunning::{check_stages, payment_deadline, stage_reached};
use crate::error::Result;
use crate::store::outbox::{self, NotificationKind};
use crate::store::{accounts, dunning};
use crate::values::{AccountId, bounds};
use serde::Serialize;
use time::Date;

/// What a dunning run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DunningReport {
    /// Invoices reminded at a new stage.
    pub invoices_reminded: u64,
    /// Reminders queued (one per recipient of each).
    pub reminders_queued: u64,
}

impl BillingPortal {
    /// Runs the payment reminders for `date` (DUN-1): every open invoice past its due date that
    /// reached a stage of [`PortalConfig::dunning_stages`](super::PortalConfig::dunning_stages)
    /// (days after the due date; 7, 21 and 35 by default) not reminded yet gets one reminder,
    /// to the billing contact and every invoice recipient, in the account's document language:
    /// the invoice, its total, the payments received so far, the balance due (which it asks
    /// for, DUN-2), a new deadline ([`PortalConfig::reminder_payment_days`](super::PortalConfig::reminder_payment_days)
    /// after `date`, 10 by default), the creditor reference and the issuer's bank details. A run
    /// that missed days sends the stage reached only.
    /// Accounts whose dunning is paused are left out. Running it again for the date, also from
    /// another instance at the same time, queues nothing new. Account Services only.
    pub fn run_dunning(&self, caller: &Caller, date: Date) -> Result<DunningReport> {
        bounds::business_date("date", date)?;
        let stages = self.config.dunning_stages.clone();
        check_stages(&stages)?;
        let deadline = payment_deadline(date, self.config.reminder_payment_days)?;
        self.change_vendor(caller, Action::RunBilling, |tx, ctx| {
            let mut report = DunningReport::default();
            for inv in dunning::overdue(tx, date)? {
                let Some(stage) = stage_reached(&stages, inv.due_date, date) else { continue };
                if inv.last_stage.is_some_and(|last| last >= stage) {
                    continue;
                }
                let days = stages[stage as usize - 1];
                if !dunning::claim(tx, inv.invoice, stage, days, date, ctx.now)? {
                    continue;
                }
                let language = accounts::document_language(tx, inv.account)?;
                let (subject, body) = reminder::payment_reminder(
                    language,
                    &Reminder {
                        number: &inv.number,
                        due: inv.due_date,
                        total: &inv.total,
                        paid: &inv.amount_paid,
                        balance: &inv.balance_due,
                        deadline,
                        reference: &inv.creditor_reference.printed(),
                        bank: &inv.bank_details,
                    },
                );
                let contact = accounts::contact_email(tx, inv.account)?;
                for to in std::iter::once(contact).chain(accounts::recipients(tx, inv.account)?) {
                    outbox::enqueue(
                        tx,
                        ctx.now,
                        NotificationKind::PaymentReminder,
                        Some(inv.account),
                        &to,
                        &subject,
                        &body,
                    )?;
                    report.reminders_queued += 1;
                }
                ctx.record_for(tx, inv.account, "payment_reminder_queued", &format!("{} stage {stage}", inv.number))?;
                report.invoices_reminded += 1;
            }
            Ok(report)
        })
    }

    /// Pauses (or resumes) the account's payment reminders, for example during a dispute
    /// (DUN-1). The account's sales rep or Account Services.
    pub fn pause_dunning(&self, caller: &Caller, account: AccountId, paused: bool) -> Result<()> {
        self.change(caller, account, Action::PauseDunning, |tx, ctx| {
            if dunning::paused(tx, account)? == paused {
                return Ok(());
            }
            dunning::set_paused(tx, account, paused)?;
            ctx.record(tx, if paused { "dunning_paused" } else { "dunning_resumed" }, "")
        })
    }
}
