//! Sign-in, sessions and sign-out (AUTH-1, AUTH-2, AUTH-6).

use super::{BillingPortal, instant};
use crate::auth::{password, token::SessionToken};
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
        let key = UserId::parse(user_id).map(|u| u.key().to_owned()).ok();
        let found: Option<(LoginId, Option<String>, bool)> = match &key {
            Some(k) => self.db.read(|tx| {
                Ok(tx
                    .prepare_cached(
                        "SELECT l.id, l.password_hash,
                                EXISTS (SELECT 1 FROM accounts a WHERE a.billing_contact_id = l.id AND a.kind = 'corporate')
                                AND NOT l.disabled
                         FROM logins l WHERE l.email_key = ?1 OR l.username_key = ?1",
                    )?
                    .query_row([k], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()?)
            })?,
            None => None,
        };
        let ok = match &found {
            Some((_, Some(hash), may_sign_in)) => password::verify(password, hash) && *may_sign_in,
            _ => {
                if let Some(dummy) = DUMMY_HASH.as_deref() {
                    password::verify(password, dummy);
                }
                false
            }
        };
        let now = self.now();
        let login = found.map(|f| f.0);
        if !ok {
            let actor = login.map(|l| format!("login:{l}")).unwrap_or_else(|| "anonymous".into());
            self.db.write(|tx| {
                audit::append(
                    tx,
                    now,
                    &audit::Entry {
                        actor: &actor,
                        role: "anonymous",
                        action: "sign_in_failed",
                        account: None,
                        detail: "",
                    },
                )
            })?;
            return Err(Error::InvalidCredentials);
        }
        let login_id = login.ok_or(Error::InvalidCredentials)?;
        let token = SessionToken::generate();
        self.db.write(|tx| {
            tx.execute(
                "INSERT INTO sessions (token_hash, login_id, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)",
                params![token.digest(), login_id, now.unix_timestamp()],
            )?;
            audit::append(
                tx,
                now,
                &audit::Entry {
                    actor: &format!("login:{login_id}"),
                    role: "billing_contact",
                    action: "signed_in",
                    account: None,
                    detail: "",
                },
            )
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
