//! The store of idempotency keys, for the HTTP API (API-4): [`crate::api`] reaches it here, so
//! that the data still flows API -> portal -> store.

use super::BillingPortal;
use crate::error::Result;
use crate::store::idempotency::{self, Claim};
use time::Duration;

/// A request still running holds its key this long; after that a retry may run it again (the
/// server that ran it died). Longer than any request the server lets run.
const LEASE: Duration = Duration::seconds(120);

impl BillingPortal {
    pub(crate) fn claim_idempotency_key(&self, scope: &str, key: &str, request: &str) -> Result<Claim> {
        let now = self.now();
        self.db.write(|tx| idempotency::claim(tx, scope, key, request, now, now + LEASE))
    }

    pub(crate) fn complete_idempotency_key(
        &self,
        scope: &str,
        key: &str,
        status: u16,
        content_type: &str,
        body: &[u8],
    ) -> Result<()> {
        self.db.write(|tx| idempotency::complete(tx, scope, key, status, content_type, body))
    }

    pub(crate) fn release_idempotency_key(&self, scope: &str, key: &str) -> Result<()> {
        self.db.write(|tx| idempotency::release(tx, scope, key))
    }
}

impl BillingPortal {
    /// The login of a live session, so that a billing contact's idempotency keys outlive the
    /// session they were first used in; `Unauthenticated` otherwise.
    pub(crate) fn session_login(&self, token: &crate::SessionToken) -> Result<crate::LoginId> {
        let now = self.now();
        self.db.read(|tx| self.check_session(tx, token, now).map(|live| live.login))
    }
}
