//! Housekeeping the host runs from time to time (AUTH-11): what has expired is deleted, so that
//! neither sign-in attempts nor sessions nor links make the database grow without bound.

use super::accounts::EXPIRED_PURCHASE_ORDERS_KEPT;
use super::{Actor, BillingPortal, record};
use crate::error::Result;
use crate::store::{self, credentials};
use serde::Serialize;
use time::Duration;

/// Credential links are kept this long after they were sent, used or not, because the AUTH-7
/// limit of reset mails per hour counts them.
const LINKS_KEPT: Duration = Duration::hours(1);

/// What [`BillingPortal::purge_expired`] deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PurgeReport {
    /// Sessions that were signed out or past their idle timeout or absolute lifetime.
    pub sessions: u64,
    /// Throttle counts not locked and quiet for a day.
    pub throttle_entries: u64,
    /// Password-reset and set-password links that were used, replaced or expired.
    pub credential_links: u64,
    /// Purchase orders that expired more than a year ago.
    pub purchase_orders: u64,
}

impl BillingPortal {
    /// Deletes what has expired: sessions that ended or timed out, throttle counts that are not
    /// locked and saw no failure for a day, used, replaced or expired credential links (older
    /// than an hour, which the reset limit counts), and purchase orders that expired more than
    /// a year ago. Nothing that is still in force is touched, and the audit log is kept whole.
    ///
    /// For the trusted host only (a scheduled job), like the provisioning calls: it takes no
    /// caller. Run it as often as convenient, for example hourly.
    ///
    /// ```
    /// # use corporate_billing::BillingPortal;
    /// let portal = BillingPortal::open_in_memory()?;
    /// assert_eq!(portal.purge_expired()?.sessions, 0);
    /// # Ok::<(), corporate_billing::Error>(())
    /// ```
    pub fn purge_expired(&self) -> Result<PurgeReport> {
        let now = self.now();
        let idle = now - self.config.session_idle_timeout;
        let old = now - self.config.session_lifetime;
        self.db.write(|tx| {
            let sessions = credentials::purge_sessions(tx, idle, old)?;
            let throttle_entries = store::throttle::purge(tx, now)?;
            let credential_links = credentials::purge_links(tx, now, now - LINKS_KEPT)?;
            let purchase_orders =
                store::accounts::purge_purchase_orders(tx, now.date() - EXPIRED_PURCHASE_ORDERS_KEPT)?;
            let report = PurgeReport { sessions, throttle_entries, credential_links, purchase_orders };
            let detail = format!(
                "sessions:{sessions} throttle:{throttle_entries} links:{credential_links} purchase_orders:{purchase_orders}"
            );
            record(tx, now, Actor::System, "expired_purged", None, &detail)?;
            Ok(report)
        })
    }
}
