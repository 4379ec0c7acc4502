//! The facade: [`BillingPortal`], one method per use case of the portal.
//!
//! Every method follows the same path: identify the caller, resolve its role on the account,
//! ask the permission table, load, apply the domain rule, and persist the change together with
//! its audit record and notifications in one transaction.

mod accounts;
mod backoffice;
mod billing_run;
mod credentials;
mod dunning;
mod e_invoices;
mod idempotency;
mod invoices;
mod maintenance;
mod payments;
mod quotes;
mod records;
mod requests;
mod setup;
mod signin;
mod statements;

pub use accounts::{EXPIRED_PURCHASE_ORDERS_KEPT, MAX_PURCHASE_ORDERS};
pub use backoffice::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page};
pub use billing_run::{RenewalFailure, RenewalReport};
pub use dunning::DunningReport;
pub use e_invoices::{BuyerEInvoicingInput, EInvoiceFormat, EInvoiceSettings};
pub use invoices::PrintFormat;
pub use maintenance::PurgeReport;
pub use requests::MAX_OPEN_REQUESTS;
pub use signin::{MAX_PASSWORD_BYTES, MAX_SESSIONS_PER_LOGIN, Session};

use crate::SessionToken;
use crate::access::{self, Action, Identity, Role};
use crate::auth::hashing_limit::HashingLimit;
use crate::auth::token::LinkSecret;
use crate::clock::{Clock, SystemClock};
use crate::error::Result;
use crate::store::audit::AuditKey;
use crate::store::{self, Db, Durability, Tx, audit, outbox};
use crate::values::{AccountId, LoginId, StaffId};
use signin::LiveSession;
use std::path::Path;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// The default of [`PortalConfig::run_date_horizon_days`].
pub const DEFAULT_RUN_DATE_HORIZON_DAYS: u32 = 400;

/// What the vendor configures.
#[derive(Debug, Clone)]
pub struct PortalConfig {
    /// The vendor's name, used in notifications.
    pub vendor_name: String,
    /// A session ends after this long without use (AUTH-6).
    pub session_idle_timeout: Duration,
    /// A session ends this long after sign-in, used or not (AUTH-6).
    pub session_lifetime: Duration,
    /// The vendor's W-9 form (PDF), offered to US accounts (DOC-1).
    pub w9_form: Option<Vec<u8>>,
    /// The page where people set a new password (AUTH-7). It comes from here only, never from a
    /// caller, and may not have a fragment: links append `#token=...`, which the page reads in
    /// the browser and posts with the new password, so that the token reaches neither access
    /// logs nor `Referer` headers.
    pub credential_link_base_url: Option<String>,
    /// The secret from which credential link tokens are derived (AUTH-7, BC-2).
    pub link_secret: Option<LinkSecret>,
    /// Credential links expire this long after they were sent (AUTH-7).
    pub credential_link_lifetime: Duration,
    /// At most this many Argon2 runs (password checks and hashing, 19 MiB each) at once per
    /// portal; more wait their turn (AUTH-11). Defaults to the number of cores.
    pub max_concurrent_password_hashing: usize,
    /// Whether a commit waits for the disk. [`Durability::Full`] (the default) keeps every
    /// committed transaction through a power loss or OS crash; [`Durability::Normal`] writes
    /// faster but may lose the last ones, and with them re-issue invoice numbers already sent.
    /// File databases only.
    pub durability: Durability,
    /// The key of the audit chain (AUD-2), from the host's secret store, never from the database.
    /// Without it, records are chained unkeyed, which anyone who can write the database can
    /// recompute; for trials and tests. Once a database holds a keyed record it stays keyed:
    /// writes and verification fail with `NotConfigured` until the key is configured again.
    pub audit_key: Option<AuditKey>,
    /// The payment reminder stages, in days after the due date (DUN-1): 1 to 10 of them,
    /// strictly increasing, each 1 to 365 days (DUN-2). Default 7, 21 and 35.
    pub dunning_stages: Vec<u32>,
    /// The renewal and dunning runs refuse a run date more than this many days past the
    /// portal's clock (today, UTC), so that a mistyped year does not issue decades of invoices
    /// or reminders at once (SUB-3, DUN-1). Default 400: a year ahead, with room to spare.
    pub run_date_horizon_days: u32,
    /// The days a payment reminder gives to pay, counted from its date: the new deadline it
    /// names (DUN-2). 1 to 365; default 10.
    pub reminder_payment_days: u32,
}

impl PortalConfig {
    /// Checks what can be checked before the portal runs: the dunning stages (1 to 10, strictly
    /// increasing, each 1 to 365 days) and the reminder's payment days (1 to 365), so that a bad
    /// list is refused when the portal is built rather than at every dunning run (DUN-2).
    /// `invalid_input` naming `dunning_stages` or `reminder_payment_days`.
    pub fn check(&self) -> Result<()> {
        crate::domain::dunning::check_stages(&self.dunning_stages)?;
        crate::domain::dunning::check_payment_days(self.reminder_payment_days)
    }
}

impl Default for PortalConfig {
    fn default() -> Self {
        PortalConfig {
            vendor_name: "Vendor".into(),
            session_idle_timeout: Duration::minutes(30),
            session_lifetime: Duration::hours(12),
            w9_form: None,
            credential_link_base_url: None,
            link_secret: None,
            credential_link_lifetime: Duration::minutes(60),
            max_concurrent_password_hashing: HashingLimit::default_max(),
            durability: Durability::Full,
            audit_key: None,
            dunning_stages: crate::domain::dunning::DEFAULT_DUNNING_STAGES.to_vec(),
            reminder_payment_days: crate::domain::dunning::DEFAULT_REMINDER_PAYMENT_DAYS,
            run_date_horizon_days: DEFAULT_RUN_DATE_HORIZON_DAYS,
        }
    }
}

/// Who is calling.
///
/// Billing contacts are authenticated by the portal itself and present their session token.
/// Vendor staff and account users are authenticated by the host application (its own sign-on) and
/// asserted here; the portal trusts the assertion and checks everything else.
#[derive(Debug, Clone)]
pub enum Caller {
    /// A billing contact, by the token [`BillingPortal::sign_in`] returned.
    Session(SessionToken),
    /// A vendor employee, as asserted by the host.
    Staff(StaffId),
    /// A person on the customer's account, as asserted by the host.
    AccountUser(LoginId),
    /// Nobody in particular.
    Anonymous,
}

/// The caller's standing for one operation, after the permission check.
struct Ctx {
    now: OffsetDateTime,
    actor: String,
    role: Role,
    identity: Identity,
    account: Option<AccountId>,
}

impl Ctx {
    /// Writes the operation's audit record (AUD-1) in the operation's transaction.
    fn record(&self, tx: &Tx<'_>, action: &str, detail: &str) -> Result<()> {
        record(tx, self.now, Actor::Caller(self), action, self.account, detail)
    }

    /// Like [`Ctx::record`], for vendor-wide operations that touch many accounts.
    fn record_for(&self, tx: &Tx<'_>, account: AccountId, action: &str, detail: &str) -> Result<()> {
        record(tx, self.now, Actor::Caller(self), action, Some(account), detail)
    }

    fn account(&self) -> AccountId {
        self.account.unwrap_or_else(|| unreachable!("account-scoped context"))
    }

    fn staff_id(&self) -> Option<StaffId> {
        self.identity.staff()
    }

    /// A second permission check within the operation, for what only its data tells (who
    /// decides a request depends on its kind).
    fn require(&self, action: Action) -> Result<()> {
        access::require(self.role, action)
    }
}

/// Whom an audit record names as having acted.
enum Actor<'a> {
    /// A caller the permission check let through, in its role.
    Caller(&'a Ctx),
    /// Someone at the sign-in or password pages: the login, if the user ID named one, and
    /// whether it acts with a session (a signed-in billing contact) or without (anonymous).
    Login { login: Option<LoginId>, signed_in: bool },
    /// The host application, for the setup calls it makes on its own authority.
    Host,
    /// The portal's own housekeeping.
    System,
}

/// Writes one audit record in the operation's transaction (AUD-1); every record is written
/// here, so that actors and roles are named the same way everywhere.
fn record(
    tx: &Tx<'_>,
    at: OffsetDateTime,
    by: Actor<'_>,
    action: &str,
    account: Option<AccountId>,
    detail: &str,
) -> Result<()> {
    let (actor, role) = match by {
        Actor::Caller(ctx) => (ctx.actor.clone(), ctx.role.as_str()),
        Actor::Login { login, signed_in } => (
            login.map_or_else(|| Identity::Anonymous.actor(), |l| Identity::Contact(l).actor()),
            if signed_in { Role::BillingContact.as_str() } else { "anonymous" },
        ),
        Actor::Host => ("host".into(), "host"),
        Actor::System => ("system".into(), "system"),
    };
    audit::append(tx, at, &audit::Entry { actor: &actor, role, action, account, detail })
}

/// The corporate billing portal on one SQLite database.
///
/// `BillingPortal` is `Send + Sync`: share one instance (for example in an `Arc`) between threads.
///
/// ```
/// use corporate_billing::BillingPortal;
/// let portal = BillingPortal::open_in_memory().unwrap();
/// assert!(portal.pending_notifications(10).unwrap().is_empty());
/// ```
pub struct BillingPortal {
    db: Db,
    clock: Arc<dyn Clock>,
    config: PortalConfig,
    hashing: HashingLimit,
}

impl std::fmt::Debug for BillingPortal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BillingPortal").field("db", &self.db).finish_non_exhaustive()
    }
}

impl BillingPortal {
    /// Opens the portal database, migrating its schema to this version: a `postgres://` or
    /// `postgresql://` URL opens that PostgreSQL database (15 or later; several instances may
    /// share it), anything else is the path of a SQLite file, created if missing.
    ///
    /// A PostgreSQL server that cannot be reached fails here with a storage error; the URL is
    /// never repeated in an error, since it may carry a password.
    pub fn open(database: impl AsRef<Path>) -> Result<Self> {
        let database = database.as_ref();
        match database.to_str() {
            Some(url) if is_postgres_url(url) => Ok(Self::with_db(Db::open_postgres(url)?)),
            _ => Ok(Self::with_db(Db::open_file(database)?)),
        }
    }

    /// A portal on a fresh in-memory database, for tests and trials.
    pub fn open_in_memory() -> Result<Self> {
        Ok(Self::with_db(Db::open_memory()?))
    }

    fn with_db(db: Db) -> Self {
        let config = PortalConfig::default();
        let hashing = HashingLimit::new(config.max_concurrent_password_hashing);
        BillingPortal { db, clock: Arc::new(SystemClock), config, hashing }
    }

    /// Replaces the clock (tests, replays, the tour).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Replaces the vendor configuration.
    pub fn with_config(mut self, config: PortalConfig) -> Self {
        self.hashing = HashingLimit::new(config.max_concurrent_password_hashing);
        self.db.set_durability(config.durability);
        self.db.set_audit_key(config.audit_key.clone());
        self.config = config;
        self
    }

    /// Replaces the vendor configuration after [checking](PortalConfig::check) it: a bad
    /// dunning configuration is refused here, when the portal is built (DUN-2). The bindings
    /// build their portals this way.
    pub fn try_with_config(self, config: PortalConfig) -> Result<Self> {
        config.check()?;
        Ok(self.with_config(config))
    }

    /// The vendor configuration in use.
    pub fn config(&self) -> &PortalConfig {
        &self.config
    }

    fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// Who `caller` is, checked in the operation's own transaction `tx`; for a billing contact,
    /// also the live session, whose use the operation records.
    fn identify(&self, tx: &Tx<'_>, caller: &Caller, now: OffsetDateTime) -> Result<(Identity, Option<LiveSession>)> {
        Ok(match caller {
            Caller::Session(token) => {
                let live = self.check_session(tx, token, now)?;
                (Identity::Contact(live.login), Some(live))
            }
            Caller::Staff(s) => (Identity::Staff(*s), None),
            Caller::AccountUser(l) => (Identity::User(*l), None),
            Caller::Anonymous => (Identity::Anonymous, None),
        })
    }

    /// Resolves the caller's role on `account` (`None`: vendor-wide) and checks `action` against
    /// the permission table, which decides ([`access::authorize`]).
    fn authorize(
        &self,
        tx: &Tx<'_>,
        who: Identity,
        account: Option<AccountId>,
        action: Action,
        now: OffsetDateTime,
    ) -> Result<Ctx> {
        let (staff, scope) = store::accounts::standing(tx, who, account)?;
        let role = access::authorize(who, staff, scope, action)?;
        Ok(Ctx { now, actor: who.actor(), role, identity: who, account })
    }

    /// One write operation on one account: identify, authorize, run `f`, commit.
    fn change<T>(
        &self,
        caller: &Caller,
        account: AccountId,
        action: Action,
        f: impl FnOnce(&Tx<'_>, &Ctx) -> Result<T>,
    ) -> Result<T> {
        self.write_as(caller, Some(account), action, f)
    }

    /// One vendor-wide write operation.
    fn change_vendor<T>(
        &self,
        caller: &Caller,
        action: Action,
        f: impl FnOnce(&Tx<'_>, &Ctx) -> Result<T>,
    ) -> Result<T> {
        self.write_as(caller, None, action, f)
    }

    /// One read operation on one account.
    fn look<T>(
        &self,
        caller: &Caller,
        account: AccountId,
        action: Action,
        f: impl FnOnce(&Tx<'_>, &Ctx) -> Result<T>,
    ) -> Result<T> {
        self.read_as(caller, Some(account), action, f)
    }

    /// One vendor-wide read operation.
    fn look_vendor<T>(&self, caller: &Caller, action: Action, f: impl FnOnce(&Tx<'_>, &Ctx) -> Result<T>) -> Result<T> {
        self.read_as(caller, None, action, f)
    }

    fn write_as<T>(
        &self,
        caller: &Caller,
        account: Option<AccountId>,
        action: Action,
        f: impl FnOnce(&Tx<'_>, &Ctx) -> Result<T>,
    ) -> Result<T> {
        let now = self.now();
        self.db.write(|tx| {
            let (who, session) = self.identify(tx, caller, now)?;
            if let Some(session) = &session {
                session.touch(tx, now)?;
            }
            let ctx = self.authorize(tx, who, account, action, now)?;
            f(tx, &ctx)
        })
    }

    /// Reads in one transaction, session check included; the session's use is written afterwards,
    /// and then only when it is due, so that most reads take no write lock.
    fn read_as<T>(
        &self,
        caller: &Caller,
        account: Option<AccountId>,
        action: Action,
        f: impl FnOnce(&Tx<'_>, &Ctx) -> Result<T>,
    ) -> Result<T> {
        let now = self.now();
        let (session, out) = self.db.read(|tx| {
            let (who, session) = self.identify(tx, caller, now)?;
            let out = self.authorize(tx, who, account, action, now).and_then(|ctx| f(tx, &ctx));
            Ok((session, out))
        })?;
        self.touch_after_read(session.as_ref(), now)?;
        out
    }
}

fn is_postgres_url(s: &str) -> bool {
    ["postgres://", "postgresql://"]
        .iter()
        .any(|scheme| s.get(..scheme.len()).is_some_and(|p| p.eq_ignore_ascii_case(scheme)))
}

/// Queues a notification to the account's billing contact.
fn notify_contact(conn: &Tx<'_>, ctx: &Ctx, kind: outbox::NotificationKind, subject: &str, body: &str) -> Result<()> {
    let to = store::accounts::contact_email(conn, ctx.account())?;
    outbox::enqueue(conn, ctx.now, kind, ctx.account, &to, subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synchronous_with(config: Option<PortalConfig>) -> i64 {
        let dir = tempfile::tempdir().unwrap();
        let portal = BillingPortal::open(dir.path().join("portal.db")).unwrap();
        let portal = match config {
            Some(c) => portal.with_config(c),
            None => portal,
        };
        portal.db.synchronous().unwrap()
    }

    #[test]
    fn file_databases_sync_every_commit_unless_the_vendor_opts_out() {
        const NORMAL: i64 = 1;
        const FULL: i64 = 2;
        assert_eq!(synchronous_with(None), FULL);
        assert_eq!(synchronous_with(Some(PortalConfig::default())), FULL);
        let relaxed = PortalConfig { durability: Durability::Normal, ..PortalConfig::default() };
        assert_eq!(synchronous_with(Some(relaxed.clone())), NORMAL);
        let dir = tempfile::tempdir().unwrap();
        let relaxed_first = BillingPortal::open(dir.path().join("portal.db")).unwrap().with_config(relaxed);
        assert_eq!(relaxed_first.with_config(PortalConfig::default()).db.synchronous().unwrap(), FULL);
    }
}
