//! Sign-in, sessions and sign-out (AUTH-1, AUTH-2, AUTH-3, AUTH-5, AUTH-6).

use super::{BillingPortal, instant};
use crate::auth::token::{self, SessionToken};
use crate::auth::{password, throttle};
use crate::error::{Error, Result};
use crate::store::audit;
use crate::values::{AccountId, LoginId, UserId};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::sync::LazyLock;
use time::OffsetDateTime;

/// Used to spend the same Argon2 work on unknown user IDs as on known ones (AUTH-2).
static DUMMY_HASH: LazyLock<Option<String>> =
    LazyLock::new(|| password::hash("dummy password for timing equalisation").ok());

/// The throttling key of a user ID: the digest of its normalised form, or of the raw input if it
/// is not a user ID at all, so that junk is throttled too and nothing typed is stored (AUTH-5).
fn throttle_key(normalised: Option<&str>, raw: &str) -> String {
    match normalised {
        Some(k) => token::digest(k),
        None => token::digest(&format!("raw:{}", raw.chars().take(1024).collect::<String>())),
    }
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
    /// Every failure, whatever its cause, is [`Error::InvalidCredentials`] (AUTH-2).
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
        let throttle_key = throttle_key(key.as_deref(), user_id);
        let (found, locked_until): (Option<(LoginId, Option<String>, bool)>, i64) = self.db.read(|tx| {
            let found = match &key {
                Some(k) => tx
                    .prepare_cached(
                        "SELECT l.id, l.password_hash,
                                EXISTS (SELECT 1 FROM accounts a WHERE a.billing_contact_id = l.id AND a.kind = 'corporate')
                                AND NOT l.disabled
                         FROM logins l WHERE l.email_key = ?1 OR l.username_key = ?1",
                    )?
                    .query_row([k], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()?,
                None => None,
            };
            let locked_until = tx
                .prepare_cached("SELECT locked_until FROM sign_in_throttle WHERE key_hash = ?1")?
                .query_row([&throttle_key], |r| r.get(0))
                .optional()?
                .unwrap_or(0);
            Ok((found, locked_until))
        })?;
        // The same Argon2 work runs whatever the outcome will be, so that timing does not tell
        // an unknown user ID, a wrong password, a throttled or a disabled login apart (AUTH-2).
        let (verified, stored_hash) = match &found {
            Some((_, Some(hash), _)) => (password::verify(password, hash), Some(hash.as_str())),
            _ => {
                if let Some(dummy) = DUMMY_HASH.as_deref() {
                    password::verify(password, dummy);
                }
                (false, None)
            }
        };
        let throttled = locked_until > now.unix_timestamp();
        let may_sign_in = found.as_ref().is_some_and(|f| f.2);
        let login = found.as_ref().map(|f| f.0);
        if !(verified && may_sign_in && !throttled) {
            let actor = login.map(|l| format!("login:{l}")).unwrap_or_else(|| "anonymous".into());
            self.db.write(|tx| {
                // Attempts refused while throttled do not extend the delay: otherwise anyone could
                // keep a contact locked out for good by guessing once a minute.
                if !throttled {
                    let failures: u32 = tx
                        .prepare_cached(
                            "INSERT INTO sign_in_throttle (key_hash, failures) VALUES (?1, 1)
                             ON CONFLICT (key_hash) DO UPDATE SET failures = failures + 1 RETURNING failures",
                        )?
                        .query_row([&throttle_key], |r| r.get(0))?;
                    if let Some(delay) = throttle::delay_after(failures) {
                        tx.prepare_cached("UPDATE sign_in_throttle SET locked_until = ?2 WHERE key_hash = ?1")?
                            .execute(params![throttle_key, (now + delay).unix_timestamp()])?;
                    }
                }
                let entry = audit::Entry {
                    actor: &actor,
                    role: "anonymous",
                    action: "sign_in_failed",
                    account: None,
                    detail: "",
                };
                audit::append(tx, now, &entry)
            })?;
            return Err(Error::InvalidCredentials);
        }
        let login_id = login.ok_or(Error::InvalidCredentials)?;
        let rehashed = match stored_hash {
            Some(h) if password::needs_rehash(h) => Some(password::hash(password)?),
            _ => None,
        };
        let token = SessionToken::generate();
        self.db.write(|tx| {
            tx.prepare_cached("DELETE FROM sign_in_throttle WHERE key_hash = ?1")?.execute([&throttle_key])?;
            if let Some(h) = &rehashed {
                tx.prepare_cached("UPDATE logins SET password_hash = ?2 WHERE id = ?1")?
                    .execute(params![login_id, h])?;
            }
            tx.prepare_cached(
                "INSERT INTO sessions (token_hash, login_id, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)",
            )?
            .execute(params![token.digest(), login_id, now.unix_timestamp()])?;
            let detail = if rehashed.is_some() { "password hash upgraded" } else { "" };
            let entry = audit::Entry {
                actor: &format!("login:{login_id}"),
                role: "billing_contact",
                action: "signed_in",
                account: None,
                detail,
            };
            audit::append(tx, now, &entry)
        })?;
        Ok(Session { token, login_id, expires_at: now + self.config.session_lifetime })
    }

    /// Ends a session (AUTH-6). Ending an unknown or ended session is not an error.
    pub fn sign_out(&self, token: &SessionToken) -> Result<()> {
        let now = self.now();
        self.db.write(|tx| {
            let login: Option<LoginId> = tx
                .prepare_cached(
                    "UPDATE sessions SET ended_at = ?2 WHERE token_hash = ?1 AND ended_at IS NULL RETURNING login_id",
                )?
                .query_row(params![token.digest(), now.unix_timestamp()], |r| r.get(0))
                .optional()?;
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
            Ok(tx
                .prepare_cached(
                    "SELECT s.login_id, s.created_at, s.last_seen_at, s.ended_at IS NOT NULL OR l.disabled
                     FROM sessions s JOIN logins l ON l.id = s.login_id WHERE s.token_hash = ?1",
                )?
                .query_row([&digest], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?)
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
                tx.prepare_cached("UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1")?
                    .execute(params![digest, now.unix_timestamp()])?;
                Ok(())
            })?;
        }
        Ok(login)
    }

    /// The corporate accounts whose billing contact the session's login is (ACC-4).
    pub fn my_accounts(&self, token: &SessionToken) -> Result<Vec<ContactAccount>> {
        let login = self.check_session(token)?;
        self.db.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT id, company_name FROM accounts WHERE billing_contact_id = ?1 AND kind = 'corporate' ORDER BY company_name",
            )?;
            let rows = stmt.query_map([login], |r| Ok(ContactAccount { id: r.get(0)?, company_name: r.get(1)? }))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
