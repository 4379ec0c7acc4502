//! Sign-in, sessions and sign-out (AUTH-1, AUTH-2, AUTH-3, AUTH-5, AUTH-6).

use super::{BillingPortal, instant};
use crate::auth::token::SessionToken;
use crate::auth::{password, throttle};
use crate::error::{Error, Result};
use crate::store::{self, audit};
use crate::values::{AccountId, LoginId, UserId};
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
    login: Option<LoginId>,
    hash: Option<String>,
    may_sign_in: bool,
    bucket: String,
    throttled: bool,
}

/// Session touches are written at most this often; idle expiry is exact to this granularity.
const TOUCH_EVERY_SECS: i64 = 60;

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

/// An account the signed-in contact administers (ACC-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactAccount {
    /// The account.
    pub id: AccountId,
    /// The customer's company name.
    pub company_name: String,
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
            let found: Option<(LoginId, Option<String>, bool)> = match &key {
                Some(k) => tx.opt("SELECT l.id, l.password_hash,
                                EXISTS (SELECT 1 FROM accounts a WHERE a.billing_contact_id = l.id AND a.kind = 'corporate')
                                AND l.disabled = 0
                         FROM logins l WHERE l.email_key = ?1 OR l.username_key = ?1", &[&k], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?,
                None => None,
            };
            let bucket = match &found {
                Some((login, ..)) => throttle::login_bucket(*login),
                None => throttle::unknown_bucket(key.as_deref(), user_id),
            };
            let throttled = store::throttle::take_attempt(tx, &bucket, now)?;
            let (login, hash, may_sign_in) = match found {
                Some((l, h, m)) => (Some(l), h, m),
                None => (None, None, false),
            };
            Ok(Attempt { login, hash, may_sign_in, bucket, throttled })
        })?;
        // The same Argon2 work runs whatever the outcome will be, so that timing does not tell
        // an unknown user ID, a wrong password, a throttled or a disabled login apart (AUTH-2).
        let candidate = bounded(password);
        let verified = self.hashing.run(|| match (&attempt.hash, DUMMY_HASH.as_deref()) {
            (Some(hash), _) => password::verify(candidate, hash),
            (None, Some(dummy)) => {
                password::verify(candidate, dummy);
                false
            }
            (None, None) => false,
        });
        let over_long = candidate.len() < password.len();
        let login = match attempt.login {
            Some(l) if verified && !over_long && attempt.may_sign_in && !attempt.throttled => l,
            _ => {
                let actor = attempt.login.map(|l| format!("login:{l}")).unwrap_or_else(|| "anonymous".into());
                let detail = if attempt.throttled { "throttled" } else { "" };
                self.db.write(|tx| {
                    let entry = audit::Entry {
                        actor: &actor,
                        role: "anonymous",
                        action: "sign_in_failed",
                        account: None,
                        detail,
                    };
                    audit::append(tx, now, &entry)
                })?;
                return Err(Error::InvalidCredentials);
            }
        };
        let rehashed = match attempt.hash.as_deref() {
            Some(h) if password::needs_rehash(h) => Some(self.hashing.run(|| password::hash(password))?),
            _ => None,
        };
        let token = SessionToken::generate();
        self.db.write(|tx| {
            store::throttle::clear(tx, &attempt.bucket)?;
            if let Some(h) = &rehashed {
                tx.exec("UPDATE logins SET password_hash = ?2 WHERE id = ?1", &[&login, &h])?;
            }
            tx.exec(
                "INSERT INTO sessions (token_hash, login_id, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)",
                &[&token.digest(), &login, &now.unix_timestamp()],
            )?;
            tx.exec(
                "UPDATE sessions SET ended_at = ?2 WHERE token_hash IN (
                     SELECT token_hash FROM sessions WHERE login_id = ?1 AND ended_at IS NULL
                     ORDER BY created_at DESC, rowid DESC LIMIT 9223372036854775807 OFFSET ?3)",
                &[&login, &now.unix_timestamp(), &MAX_SESSIONS_PER_LOGIN],
            )?;
            let detail = if rehashed.is_some() { "password hash upgraded" } else { "" };
            let entry = audit::Entry {
                actor: &format!("login:{login}"),
                role: "billing_contact",
                action: "signed_in",
                account: None,
                detail,
            };
            audit::append(tx, now, &entry)
        })?;
        Ok(Session { token, login_id: login, expires_at: now + self.config.session_lifetime })
    }

    /// Ends a session (AUTH-6). Ending an unknown or ended session is not an error.
    pub fn sign_out(&self, token: &SessionToken) -> Result<()> {
        let now = self.now();
        self.db.write(|tx| {
            let login: Option<LoginId> = tx.opt(
                "UPDATE sessions SET ended_at = ?2 WHERE token_hash = ?1 AND ended_at IS NULL RETURNING login_id",
                &[&token.digest(), &now.unix_timestamp()],
                |r| r.get(0),
            )?;
            match login {
                Some(l) => audit::append(
                    tx,
                    now,
                    &audit::Entry {
                        actor: &format!("login:{l}"),
                        role: "billing_contact",
                        action: "signed_out",
                        account: None,
                        detail: "",
                    },
                ),
                None => Ok(()),
            }
        })
    }

    /// Checks a session token: known, not ended, within its idle timeout and absolute lifetime,
    /// login not disabled. Returns whose it is.
    pub(super) fn check_session(&self, token: &SessionToken) -> Result<LoginId> {
        let now = self.now();
        let digest = token.digest();
        let row: Option<(LoginId, i64, i64, bool)> = self.db.read(|tx| {
            tx.opt(
                "SELECT s.login_id, s.created_at, s.last_seen_at, s.ended_at IS NOT NULL OR l.disabled <> 0
                     FROM sessions s JOIN logins l ON l.id = s.login_id WHERE s.token_hash = ?1",
                &[&digest],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
        })?;
        let Some((login, created, last_seen, ended)) = row else { return Err(Error::Unauthenticated) };
        if ended
            || now - instant(last_seen) > self.config.session_idle_timeout
            || now - instant(created) > self.config.session_lifetime
        {
            return Err(Error::Unauthenticated);
        }
        if now.unix_timestamp() - last_seen >= TOUCH_EVERY_SECS {
            self.db.write(|tx| {
                tx.exec(
                    "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
                    &[&digest, &now.unix_timestamp()],
                )?;
                Ok(())
            })?;
        }
        Ok(login)
    }

    /// The corporate accounts whose billing contact the session's login is (ACC-4).
    pub fn my_accounts(&self, token: &SessionToken) -> Result<Vec<ContactAccount>> {
        let login = self.check_session(token)?;
        self.db.read(|tx| {
            tx.all(
                "SELECT id, company_name FROM accounts WHERE billing_contact_id = ?1 AND kind = 'corporate' ORDER BY company_name",
                &[&login],
                |r| Ok(ContactAccount { id: r.get(0)?, company_name: r.get(1)? }),
            )
        })
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
