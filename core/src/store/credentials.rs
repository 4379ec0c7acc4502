//! Logins, sessions and credential links (AUTH-1..AUTH-9, BC-2).

use super::{OrNotFound as _, Tx};
use crate::error::Result;
use crate::values::{EmailAddress, LoginId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What a credential link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum LinkPurpose {
    /// Forgot password (AUTH-7).
    Reset,
    /// A new billing contact's first password (BC-2).
    SetPassword,
}

/// A login that a user ID names, as sign-in needs it.
pub(crate) struct SignInCandidate {
    pub login: LoginId,
    pub password_hash: Option<String>,
    /// Enabled, and the billing contact of a corporate account.
    pub may_sign_in: bool,
}

/// A stored session, whatever its state.
pub(crate) struct StoredSession {
    pub login: LoginId,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    /// Signed out, or its login disabled.
    pub ended: bool,
}

/// The fields of a new login row, checked by the caller.
pub(crate) struct LoginRow<'a> {
    pub id: LoginId,
    pub name: &'a str,
    pub email: &'a EmailAddress,
    pub email_key: &'a str,
    pub username: Option<&'a str>,
    pub username_key: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub password_hash: Option<&'a str>,
    pub created_at: OffsetDateTime,
}

/// The login whose e-mail address or username has `key`.
pub(crate) fn sign_in_candidate(tx: &Tx<'_>, key: &str) -> Result<Option<SignInCandidate>> {
    tx.opt(
        "SELECT l.id, l.password_hash,
                EXISTS (SELECT 1 FROM accounts a WHERE a.billing_contact_id = l.id AND a.kind = 'corporate')
                AND l.disabled = 0
         FROM logins l WHERE l.email_key = ?1 OR l.username_key = ?1",
        &[&key],
        |r| Ok(SignInCandidate { login: r.get(0)?, password_hash: r.get(1)?, may_sign_in: r.get(2)? }),
    )
}

/// The enabled billing contact of a corporate account whose user ID has `key`, with its e-mail
/// address: the only logins a reset link goes to (AUTH-7).
pub(crate) fn reset_candidate(tx: &Tx<'_>, key: &str) -> Result<Option<(LoginId, EmailAddress)>> {
    tx.opt(
        "SELECT l.id, l.email FROM logins l WHERE (l.email_key = ?1 OR l.username_key = ?1) AND l.disabled = 0
             AND EXISTS (SELECT 1 FROM accounts a WHERE a.billing_contact_id = l.id AND a.kind = 'corporate')",
        &[&key],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The enabled login whose e-mail address or username has `key`.
pub(crate) fn enabled_login(tx: &Tx<'_>, key: &str) -> Result<Option<LoginId>> {
    tx.opt("SELECT id FROM logins WHERE (email_key = ?1 OR username_key = ?1) AND disabled = 0", &[&key], |r| r.get(0))
}

/// The login whose e-mail address has `email_key`, enabled or not.
pub(crate) fn login_by_email(tx: &Tx<'_>, email_key: &str) -> Result<Option<LoginId>> {
    tx.opt("SELECT id FROM logins WHERE email_key = ?1", &[&email_key], |r| r.get(0))
}

pub(crate) fn login_exists(tx: &Tx<'_>, login: LoginId) -> Result<bool> {
    tx.exists("SELECT 1 FROM logins WHERE id = ?1", &[&login])
}

pub(crate) fn username_taken(tx: &Tx<'_>, username_key: &str) -> Result<bool> {
    tx.exists("SELECT 1 FROM logins WHERE username_key = ?1", &[&username_key])
}

/// Whether a login has this e-mail address or username, disabled ones included.
pub(crate) fn user_id_taken(tx: &Tx<'_>, email_key: &str, username_key: Option<&str>) -> Result<bool> {
    tx.exists("SELECT 1 FROM logins WHERE email_key = ?1 OR username_key = ?2", &[&email_key, &username_key])
}

pub(crate) fn insert_login(tx: &Tx<'_>, row: &LoginRow<'_>) -> Result<()> {
    tx.exec(
        "INSERT INTO logins (id, name, email, email_key, username, username_key, phone, password_hash, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        &[
            &row.id,
            &row.name,
            &row.email.as_str(),
            &row.email_key,
            &row.username,
            &row.username_key,
            &row.phone,
            &row.password_hash,
            &row.created_at,
        ],
    )?;
    Ok(())
}

/// A login's e-mail address.
pub(crate) fn login_email(tx: &Tx<'_>, login: LoginId) -> Result<EmailAddress> {
    tx.opt("SELECT email FROM logins WHERE id = ?1", &[&login], |r| r.get(0)).or_not_found("login")
}

/// The user IDs of a login, which its password may not contain (AUTH-4).
pub(crate) fn user_ids(tx: &Tx<'_>, login: LoginId) -> Result<Vec<String>> {
    let (email, username): (String, Option<String>) =
        tx.one("SELECT email, username FROM logins WHERE id = ?1", &[&login], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok([Some(email), username].into_iter().flatten().collect())
}

pub(crate) fn password_hash(tx: &Tx<'_>, login: LoginId) -> Result<Option<String>> {
    tx.one("SELECT password_hash FROM logins WHERE id = ?1", &[&login], |r| r.get(0))
}

pub(crate) fn set_password_hash(tx: &Tx<'_>, login: LoginId, hash: &str) -> Result<()> {
    tx.exec("UPDATE logins SET password_hash = ?2 WHERE id = ?1", &[&login, &hash])?;
    Ok(())
}

/// Whether `login` still has the password hash `verified`, is enabled and is the billing contact
/// of a corporate account: read in the transaction that opens a session or replaces a password,
/// so that a reset, change or disabling committed since the password was checked wins (AUTH-12).
pub(crate) fn still_may_sign_in(tx: &Tx<'_>, login: LoginId, verified: &str) -> Result<bool> {
    tx.exists(
        "SELECT 1 FROM logins l WHERE l.id = ?1 AND l.password_hash = ?2 AND l.disabled = 0
             AND EXISTS (SELECT 1 FROM accounts a WHERE a.billing_contact_id = l.id AND a.kind = 'corporate')",
        &[&login, &verified],
    )
}

/// Replaces the password hash only if it is still `verified`: false if another transaction
/// changed it since it was read (AUTH-12).
pub(crate) fn replace_password_hash(tx: &Tx<'_>, login: LoginId, verified: &str, hash: &str) -> Result<bool> {
    let changed = tx.exec(
        "UPDATE logins SET password_hash = ?3 WHERE id = ?1 AND password_hash = ?2 AND disabled = 0",
        &[&login, &verified, &hash],
    )?;
    Ok(changed == 1)
}

/// Stores a new session and ends the login's oldest live ones beyond `max_live`.
pub(crate) fn open_session(
    tx: &Tx<'_>,
    token_digest: &str,
    login: LoginId,
    now: OffsetDateTime,
    max_live: u32,
) -> Result<()> {
    tx.exec(
        "INSERT INTO sessions (token_hash, login_id, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)",
        &[&token_digest, &login, &now],
    )?;
    tx.exec(
        "UPDATE sessions SET ended_at = ?2 WHERE token_hash IN (
             SELECT token_hash FROM sessions WHERE login_id = ?1 AND ended_at IS NULL
             ORDER BY created_at DESC, rowid DESC LIMIT 9223372036854775807 OFFSET ?3)",
        &[&login, &now, &max_live],
    )?;
    Ok(())
}

pub(crate) fn session(tx: &Tx<'_>, token_digest: &str) -> Result<Option<StoredSession>> {
    tx.opt(
        "SELECT s.login_id, s.created_at, s.last_seen_at, s.ended_at IS NOT NULL OR l.disabled <> 0
             FROM sessions s JOIN logins l ON l.id = s.login_id WHERE s.token_hash = ?1",
        &[&token_digest],
        |r| Ok(StoredSession { login: r.get(0)?, created_at: r.get(1)?, last_seen_at: r.get(2)?, ended: r.get(3)? }),
    )
}

pub(crate) fn touch_session(tx: &Tx<'_>, token_digest: &str, now: OffsetDateTime) -> Result<()> {
    tx.exec("UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1", &[&token_digest, &now])?;
    Ok(())
}

/// Ends a live session; returns whose it was, or `None` if it was unknown or ended already.
pub(crate) fn end_session(tx: &Tx<'_>, token_digest: &str, now: OffsetDateTime) -> Result<Option<LoginId>> {
    tx.opt(
        "UPDATE sessions SET ended_at = ?2 WHERE token_hash = ?1 AND ended_at IS NULL RETURNING login_id",
        &[&token_digest, &now],
        |r| r.get(0),
    )
}

/// Ends every live session of `login` but the one whose digest is `keep`.
pub(crate) fn end_sessions(tx: &Tx<'_>, login: LoginId, now: OffsetDateTime, keep: Option<&str>) -> Result<()> {
    tx.exec(
        "UPDATE sessions SET ended_at = ?2 WHERE login_id = ?1 AND ended_at IS NULL AND token_hash IS DISTINCT FROM ?3",
        &[&login, &now, &keep],
    )?;
    Ok(())
}

/// Voids every unused link of `login`.
pub(crate) fn void_links(tx: &Tx<'_>, login: LoginId, now: OffsetDateTime) -> Result<()> {
    tx.exec(
        "UPDATE credential_tokens SET voided_at = ?2 WHERE login_id = ?1 AND used_at IS NULL AND voided_at IS NULL",
        &[&login, &now],
    )?;
    Ok(())
}

pub(crate) fn insert_link(
    tx: &Tx<'_>,
    token_digest: &str,
    login: LoginId,
    purpose: LinkPurpose,
    now: OffsetDateTime,
    expires_at: OffsetDateTime,
) -> Result<()> {
    tx.exec(
        "INSERT INTO credential_tokens (token_hash, login_id, purpose, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        &[&token_digest, &login, &purpose, &now, &expires_at],
    )?;
    Ok(())
}

/// How many reset links `login` was sent after `since`.
pub(crate) fn resets_since(tx: &Tx<'_>, login: LoginId, since: OffsetDateTime) -> Result<i64> {
    tx.one(
        "SELECT COUNT(*) FROM credential_tokens WHERE login_id = ?1 AND purpose = ?2 AND created_at > ?3",
        &[&login, &LinkPurpose::Reset, &since],
        |r| r.get(0),
    )
}

/// The login and purpose of a link that is neither used, voided nor expired at `now`.
pub(crate) fn live_link(
    tx: &Tx<'_>,
    token_digest: &str,
    now: OffsetDateTime,
) -> Result<Option<(LoginId, LinkPurpose)>> {
    tx.opt(
        "SELECT login_id, purpose FROM credential_tokens
         WHERE token_hash = ?1 AND used_at IS NULL AND voided_at IS NULL AND expires_at > ?2",
        &[&token_digest, &now],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Marks a live link used; false if it no longer was live (used by a racing request, say).
pub(crate) fn use_link(tx: &Tx<'_>, token_digest: &str, now: OffsetDateTime) -> Result<bool> {
    let used = tx.exec(
        "UPDATE credential_tokens SET used_at = ?2
             WHERE token_hash = ?1 AND used_at IS NULL AND voided_at IS NULL AND expires_at > ?2",
        &[&token_digest, &now],
    )?;
    Ok(used == 1)
}

/// Deletes sessions that ended, or whose last use or creation is at or before the given instants.
pub(crate) fn purge_sessions(tx: &Tx<'_>, idle_before: OffsetDateTime, created_before: OffsetDateTime) -> Result<u64> {
    tx.exec(
        "DELETE FROM sessions WHERE ended_at IS NOT NULL OR last_seen_at <= ?1 OR created_at <= ?2",
        &[&idle_before, &created_before],
    )
}

/// Deletes links sent at or before `sent_before` that were used, voided or have expired at `now`.
pub(crate) fn purge_links(tx: &Tx<'_>, now: OffsetDateTime, sent_before: OffsetDateTime) -> Result<u64> {
    tx.exec(
        "DELETE FROM credential_tokens WHERE created_at <= ?2
             AND (used_at IS NOT NULL OR voided_at IS NOT NULL OR expires_at <= ?1)",
        &[&now, &sent_before],
    )
}
