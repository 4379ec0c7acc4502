//! The audit log (AUD-1): one record per change and per sign-in, chained by SHA-256 so that any
//! edit, deletion or insertion is detected by [`verify`].

use crate::error::{Error, Result};
use crate::values::AccountId;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Position in the log, from 1.
    pub seq: i64,
    /// When (UTC).
    pub at: OffsetDateTime,
    /// Who: `login:<id>`, `staff:<id>`, `anonymous` or `system`.
    pub actor: String,
    /// The actor's role on the account.
    pub role: String,
    /// What happened, as a stable action name.
    pub action: String,
    /// Which account, if any.
    pub account_id: Option<AccountId>,
    /// Further detail, never a secret.
    pub detail: String,
}

/// SHA-256 over the previous hash and the record's fields, each length-prefixed so that no two
/// different records can produce the same input.
fn digest(prev: &str, seq: i64, at: i64, fields: [&str; 5]) -> String {
    let mut h = Sha256::new();
    let (seq, at) = (seq.to_string(), at.to_string());
    for part in [prev, &seq, &at].into_iter().chain(fields) {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// What to record; the caller's transaction decides whether it lands.
pub(crate) struct Entry<'a> {
    pub actor: &'a str,
    pub role: &'a str,
    pub action: &'a str,
    pub account: Option<AccountId>,
    pub detail: &'a str,
}

pub(crate) fn append(conn: &Connection, at: OffsetDateTime, e: &Entry<'_>) -> Result<()> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_owned()),
    };
    let at = at.unix_timestamp();
    let account = e.account.map(|a| a.to_string()).unwrap_or_default();
    let hash = digest(&prev, seq, at, [e.actor, e.role, e.action, &account, e.detail]);
    conn.prepare_cached(
        "INSERT INTO audit_log (seq, at, actor, role, action, account_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![seq, at, e.actor, e.role, e.action, e.account, e.detail, prev, hash])?;
    Ok(())
}

/// Walks the whole chain; returns the number of records, or the first record that fails.
pub(crate) fn verify(conn: &Connection) -> Result<u64> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, role, action, COALESCE(account_id, ''), detail, prev_hash, hash
         FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_owned();
    let mut expected_seq = 1i64;
    let mut n = 0u64;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let stored_prev: String = r.get(7)?;
        let stored_hash: String = r.get(8)?;
        let fields: [String; 5] = [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?];
        let hash = digest(&prev, seq, r.get(1)?, fields.each_ref().map(String::as_str));
        if seq != expected_seq || stored_prev != prev || stored_hash != hash {
            return Err(Error::AuditChainBroken { seq });
        }
        prev = stored_hash;
        expected_seq += 1;
        n += 1;
    }
    Ok(n)
}

pub(crate) fn for_account(conn: &Connection, account: AccountId) -> Result<Vec<AuditRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, at, actor, role, action, account_id, detail FROM audit_log
         WHERE account_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([account], |r| {
        Ok(AuditRecord {
            seq: r.get(0)?,
            at: OffsetDateTime::from_unix_timestamp(r.get(1)?).unwrap_or(OffsetDateTime::UNIX_EPOCH),
            actor: r.get(2)?,
            role: r.get(3)?,
            action: r.get(4)?,
            account_id: r.get(5)?,
            detail: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
