//! Sign-in, sessions and sign-out (AUTH-1, AUTH-2, AUTH-3, AUTH-5, AUTH-6, AUTH-12).

use super::{Actor, BillingPortal, record};
use crate::auth::token::SessionToken;
use crate::auth::{password, throttle};
use crate::domain::account::ContactAccount;
use crate::error::{Error, Result};
use crate::store::credentials::{self, SignInCandidate};
use crate::store::{self, Tx};
use crate::values::{LoginId, UserId};
use serde::Serialize;
use std::sync::LazyLock;
use time::OffsetDateTime;

/// Used to spend the same Argon2 work on unknown user IDs as on known ones (AUTH-2).
static DUMMY_HASH: LazyLock<Option<String>> =
    LazyLock::new(|| password::hash("dummy password for timing equalisation").ok());

/// No password the policy accepts (at most 128 code points after NFKC, AUTH-4) is longer than
/// this in any normal form it can be typed in; longer input fails at once (AUTH-11), after the
/// same work as any other failure, on no more than this many bytes of it.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// The first `MAX_PASSWORD_BYTES` of `password`, cut at a character boundary.
pub(crate) fn bounded(password: &str) -> &str {
    let mut end = password.len().min(MAX_PASSWORD_BYTES);
    while !password.is_char_boundary(end) {
        end -= 1;
    }
    &password[..end]
}

/// At most this many sessions of one login are live at once; signing in again ends the oldest.
pub const MAX_SESSIONS_PER_LOGIN: u32 = 10;

/// What the sign-in transaction found before the password is checked.
struct Attempt {
    found: Option<SignInCandidate>,
    bucket: String,
    throttled: bool,
}

/// Session touches are written at most this often; idle expiry is exact to this granularity.
const TOUCH_EVERY_SECS: i64 = 60;

/// A session that [`BillingPortal::check_session`] found live.
pub(super) struct LiveSession {
    pub(super) login: LoginId,
    digest: String,
    touch_due: bool,
}

impl LiveSession {
    /// Records the session's use, at most once a minute (idle expiry, AUTH-6).
    pub(super) fn touch(&self, tx: &Tx<'_>, now: OffsetDateTime) -> Result<()> {
        if self.touch_due { credentials::touch_session(tx, &self.digest, now) } else { Ok(()) }
    }
}

/// A signed-in billing contact's session.
#[derive(Debug, Clone, Serialize)]
pub struct Session {
    /// The bearer token to present as [`super::Caller::Session`]. Secret.
    pub token: SessionToken,
    /// Whose session it is.
    pub login_id: LoginId,
    /// The session ends at this instant at the latest.
    pub expires_at: OffsetDateTime,
}

impl BillingPortal {
    /// Signs a billing contact in with a user ID (username or e-mail address) and password.
    ///
    /// Every failure, whatever its cause, is [`Error::InvalidCredentials`] (AUTH-2): an unknown
    /// user ID, a wrong password, a throttled or disabled login, a password longer than any the
    /// policy accepts. Attempts are throttled per login (its username and e-mail address share
    /// one count) or, for user IDs that name no login, per user ID (AUTH-5); the count is taken
    /// before the password is checked, so parallel attempts get no more guesses (AUTH-11): while
    /// five attempts on one login are undecided, a sixth is refused as throttled. A login
    /// keeps at most [`MAX_SESSIONS_PER_LOGIN`] sessions: a newer sign-in ends the oldest.
    ///
    /// ```
    /// # use corporate_billing::*;
    /// let portal = BillingPortal::open_in_memory().unwrap();
    /// let err = portal.sign_in("nobody@example.com", "a long enough password").unwrap_err();
    /// assert_eq!(err.code(), "invalid_credentials");
    /// ```
    pub fn sign_in(&self, user_id: &str, password: &str) -> Result<Session> {
        let now = self.now();
        let key = UserId::parse(user_id).map(|u| u.key().to_owned()).ok();
        // The attempt is counted before the password is checked (AUTH-11).
        let attempt = self.db.write(|tx| {
            let found = match &key {
                Some(k) => credentials::sign_in_candidate(tx, k)?,
                None => None,
            };
            let bucket = match &found {
                Some(c) => throttle::login_bucket(c.login),
                None => throttle::unknown_bucket(key.as_deref(), user_id),
            };
            let throttled = store::throttle::take_attempt(tx, &bucket, now)?;
            Ok(Attempt { found, bucket, throttled })
        })?;
        // The same Argon2 work runs whatever the outcome will be, so that timing does not tell
        // an unknown user ID, a wrong password, a throttled or a disabled login apart (AUTH-2).
        let candidate = bounded(password);
        let hash = attempt.found.as_ref().and_then(|c| c.password_hash.as_deref());
        let verified = self.hashing.run(|| match (hash, DUMMY_HASH.as_deref()) {
            (Some(hash), _) => password::verify(candidate, hash),
            (None, Some(dummy)) => {
                password::verify(candidate, dummy);
                false
            }
            (None, None) => false,
        });
        let over_long = candidate.len() < password.len();
        let failed = |detail: &str| -> Result<Session> {
            let by = Actor::Login { login: attempt.found.as_ref().map(|c| c.login), signed_in: false };
            self.db.write(|tx| record(tx, now, by, "sign_in_failed", None, detail))?;
            Err(Error::InvalidCredentials)
        };
        let (login, verified_hash) = match (&attempt.found, hash) {
            (Some(c), Some(h)) if verified && !over_long && c.may_sign_in && !attempt.throttled => (c.login, h),
            _ => return failed(if attempt.throttled { "throttled" } else { "" }),
        };
        let rehashed = if password::needs_rehash(verified_hash) {
            Some(self.hashing.run(|| password::hash(password))?)
        } else {
            None
        };
        let token = SessionToken::generate();
        let opened = self.db.write(|tx| {
            // The password was checked outside any transaction, against the hash read in the
            // first one; a reset, a change or a disabling may have committed since. The session
            // opens only if none did, in the transaction that opens it: writers take turns, so
            // a reset that commits later ends this session too (AUTH-12).
            if !credentials::still_may_sign_in(tx, login, verified_hash)? {
                return Ok(false);
            }
            store::throttle::clear(tx, &attempt.bucket)?;
            if let Some(h) = &rehashed {
                credentials::replace_password_hash(tx, login, verified_hash, h)?;
            }
            credentials::open_session(tx, &token.digest(), login, now, MAX_SESSIONS_PER_LOGIN)?;
            let detail = if rehashed.is_some() { "password hash upgraded" } else { "" };
            record(tx, now, Actor::Login { login: Some(login), signed_in: true }, "signed_in", None, detail)?;
            Ok(true)
        })?;
        if !opened {
            return failed("password or login changed during sign-in");
        }
        Ok(Session { token, login_id: login, expires_at: now + self.config.session_lifetime })
    }

    /// Ends a session (AUTH-6). Ending an unknown or ended session is not an error.
    pub fn sign_out(&self, token: &SessionToken) -> Result<()> {
        let now = self.now();
        self.db.write(|tx| match credentials::end_session(tx, &token.digest(), now)? {
            Some(l) => record(tx, now, Actor::Login { login: Some(l), signed_in: true }, "signed_out", None, ""),
            None => Ok(()),
        })
    }

    /// Checks a session token in the operation's transaction: known, not ended, within its idle
    /// timeout and absolute lifetime, login not disabled.
    pub(super) fn check_session(&self, tx: &Tx<'_>, token: &SessionToken, now: OffsetDateTime) -> Result<LiveSession> {
        let digest = token.digest();
        let Some(found) = credentials::session(tx, &digest)? else { return Err(Error::Unauthenticated) };
        if found.ended
            || now - found.last_seen_at > self.config.session_idle_timeout
            || now - found.created_at > self.config.session_lifetime
        {
            return Err(Error::Unauthenticated);
        }
        let touch_due = (now - found.last_seen_at).whole_seconds() >= TOUCH_EVERY_SECS;
        Ok(LiveSession { login: found.login, digest, touch_due })
    }

    /// Records a session's use, if it is due, in its own write transaction: for operations that
    /// only read, which need one only once a minute.
    pub(super) fn touch_after_read(&self, session: Option<&LiveSession>, now: OffsetDateTime) -> Result<()> {
        match session {
            Some(s) if s.touch_due => self.db.write(|tx| s.touch(tx, now)),
            _ => Ok(()),
        }
    }

    /// The corporate accounts whose billing contact the session's login is (ACC-4).
    pub fn my_accounts(&self, token: &SessionToken) -> Result<Vec<ContactAccount>> {
        let now = self.now();
        let (session, accounts) = self.db.read(|tx| {
            let session = self.check_session(tx, token, now)?;
            let accounts = store::accounts::of_contact(tx, session.login)?;
            Ok((session, accounts))
        })?;
        self.touch_after_read(Some(&session), now)?;
        Ok(accounts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PortalConfig;

    // DOMAIN: AUTH-11
    #[test]
    fn the_portal_runs_no_more_argon2_at_once_than_configured() {
        let portal = BillingPortal::open_in_memory()
            .unwrap()
            .with_config(PortalConfig { max_concurrent_password_hashing: 1, ..PortalConfig::default() });
        std::thread::scope(|s| {
            for i in 0..4 {
                let portal = &portal;
                s.spawn(move || portal.sign_in(&format!("someone.{i}"), "a password of fifteen or more").unwrap_err());
            }
        });
        assert_eq!(portal.hashing.peak(), 1);
    }
}
