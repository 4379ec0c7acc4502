//! The audit log (AUD-1, AUD-2): one record per change and per sign-in, each carrying a MAC over
//! the record and the one before, so that any edit, deletion or insertion is detected by
//! [`verify`], and the loss of the newest records by [`verify_against`] with a head kept outside
//! the database.
//!
//! With an [`AuditKey`] configured, each record's hash is an HMAC-SHA256 under that key, so
//! whoever can write the database but does not hold the key cannot recompute the chain. Without
//! one, records are chained by plain SHA-256, as before keys existed: that still catches careless
//! edits, and truncation against a kept head, but not a rewrite by someone who knows the scheme.
//! Each record says which way it was chained. Once keyed, always keyed: after the first keyed
//! record the portal appends no unkeyed one (it refuses to write with `NotConfigured` when the
//! key is missing), and no walk of the chain accepts an unkeyed record after a keyed one.
//!
//! Unkeyed records before the first keyed one may be the history from before the key, sealed in
//! by the first keyed record's MAC, or a whole chain recomputed without the key, on top of which
//! the portal then wrote its next keyed record: inside the database the two look the same. So
//! with a key configured [`verify`] accepts no unkeyed record at all; [`verify_against`] accepts
//! the unkeyed ones a head kept outside the database pins down (up to its sequence number); and
//! [`head`] hands out a head over sealed history, so that a host that adds a key can anchor it.
//!
//! The key lives in Rust memory only and reaches this module through the transaction; nothing in
//! the database can use it to get records signed.

use super::Tx;
use super::sql::{AuditTip, Batched};
use crate::error::{Error, Result};
use crate::values::AccountId;
use hmac::{Mac, SimpleHmac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use time::OffsetDateTime;

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Separates this MAC's inputs from those of every other use of a vendor key.
const MAC_CONTEXT: &[u8] = b"corporate-billing audit chain v1\0";

/// The vendor's key for the audit chain (AUD-2).
///
/// It is a secret: `Debug` does not show it, and its memory is wiped when dropped. Keep it in the
/// host's secret store, apart from the database: whoever holds both can rewrite the log unseen.
#[derive(Clone)]
pub struct AuditKey(zeroize::Zeroizing<Vec<u8>>);

impl AuditKey {
    /// At least 32 bytes of key material, e.g. from the host's secret store.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Result<Self> {
        let bytes = zeroize::Zeroizing::new(bytes.into());
        if bytes.len() < 32 {
            return Err(Error::invalid("audit_key", "needs at least 32 bytes"));
        }
        Ok(AuditKey(bytes))
    }

    fn mac(&self, message: &[u8]) -> String {
        let mut mac = <SimpleHmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(MAC_CONTEXT);
        mac.update(message);
        lower_hex(&mac.finalize().into_bytes())
    }
}

impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuditKey(<redacted>)")
    }
}

/// The newest record of the chain: its sequence number and hash. The host keeps it outside the
/// database and later checks the log against it with
/// [`verify_audit_log_against`](crate::BillingPortal::verify_audit_log_against) (AUD-2).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AuditHead {
    /// The newest record's sequence number; 0 for an empty log.
    pub seq: i64,
    /// The newest record's hash (64 lowercase hex digits); all zeros for an empty log.
    pub hash: String,
}

impl AuditHead {
    fn empty() -> Self {
        AuditHead { seq: 0, hash: GENESIS.to_owned() }
    }
}

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

/// The bytes a record's hash covers: the previous hash and the record's fields, each
/// length-prefixed so that no two different records produce the same input.
fn message(prev: &str, seq: i64, at: i64, fields: [&str; 5]) -> Vec<u8> {
    let mut m = Vec::with_capacity(256);
    let (seq, at) = (seq.to_string(), at.to_string());
    for part in [prev, &seq, &at].into_iter().chain(fields) {
        m.extend_from_slice(&(part.len() as u64).to_be_bytes());
        m.extend_from_slice(part.as_bytes());
    }
    m
}

/// The unkeyed hash of records written without a key.
fn sha256(message: &[u8]) -> String {
    lower_hex(&Sha256::digest(message))
}

/// A 32-byte digest in lowercase hex, without the per-character iterator `hex::encode` goes
/// through: every audit record needs one.
fn lower_hex(digest: &[u8]) -> String {
    let mut out = [0u8; 64];
    hex::encode_to_slice(digest, &mut out).unwrap_or_else(|_| unreachable!("digests are 32 bytes"));
    std::str::from_utf8(&out).unwrap_or_else(|_| unreachable!("hex is ASCII")).to_owned()
}

/// The keyed hash under the configured key, or `None` when no key is configured.
fn keyed(tx: &Tx<'_>, message: &[u8]) -> Option<String> {
    tx.audit_key.map(|k| k.mac(message))
}

/// What to record; the caller's transaction decides whether it lands.
pub(crate) struct Entry<'a> {
    pub actor: &'a str,
    pub role: &'a str,
    pub action: &'a str,
    pub account: Option<AccountId>,
    pub detail: &'a str,
}

/// One record; the chain head is cached in the transaction, so records need not be read back.
static APPEND: Batched = Batched {
    row: "INSERT INTO audit_log (seq, at, actor, role, action, account_id, detail, prev_hash, hash, keyed)
          VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    pg: "INSERT INTO audit_log (seq, at, actor, role, action, account_id, detail, prev_hash, hash, keyed)
         SELECT * FROM unnest($1::int8[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::text[], $10::int8[])",
};

/// Appends `e` to the chain. The caller's write transaction is the only writer (SQLite's write
/// lock, PostgreSQL's write lock), so the head read here is still the head at commit.
pub(crate) fn append(tx: &Tx<'_>, at: OffsetDateTime, e: &Entry<'_>) -> Result<()> {
    // Taken, not copied: it is put back below once the record is written, and a failure
    // leaves it unset, so that the next record reads the head from the log.
    let cached = tx.audit_head.take();
    let last = match cached {
        Some(tip) => Some(tip),
        None => tx.opt("SELECT seq, hash, keyed FROM audit_log ORDER BY seq DESC LIMIT 1", &[], |r| {
            Ok(AuditTip { seq: r.get(0)?, hash: r.get(1)?, keyed: r.get(2)? })
        })?,
    };
    let (seq, prev, chain_keyed) = match last {
        Some(tip) => (tip.seq + 1, tip.hash, tip.keyed),
        None => (1, GENESIS.to_owned(), false),
    };
    let at = at.unix_timestamp();
    let account = e.account.map(|a| a.to_string()).unwrap_or_default();
    let message = message(&prev, seq, at, [e.actor, e.role, e.action, &account, e.detail]);
    let (hash, is_keyed) = match keyed(tx, &message) {
        Some(mac) => (mac, true),
        None if chain_keyed => return Err(Error::NotConfigured { what: "audit_key" }),
        None => (sha256(&message), false),
    };
    tx.exec_batched(
        &APPEND,
        &[&seq, &at, &e.actor, &e.role, &e.action, &e.account, &e.detail, &prev, &hash, &is_keyed],
    )?;
    tx.audit_head.replace(Some(AuditTip { seq, hash, keyed: is_keyed }));
    Ok(())
}

/// Which unkeyed records a walk accepts while a key is configured (AUD-2). Without a key every
/// unkeyed record is accepted, and a keyed one cannot be checked at all.
#[derive(Clone, Copy)]
enum Unkeyed {
    /// None: a keyed chain is keyed from its first record.
    Refused,
    /// Those before the first keyed record, which its MAC seals in.
    Sealed,
    /// Those up to this sequence number, which a head kept outside the database pins down.
    PinnedThrough(i64),
}

/// Walks the whole chain; returns its head, or the first record that fails.
fn walk(tx: &Tx<'_>, unkeyed: Unkeyed) -> Result<AuditHead> {
    let key_configured = tx.audit_key.is_some();
    let mut head = AuditHead::empty();
    let mut seen_keyed = false;
    tx.each(
        "SELECT seq, at, actor, role, action, COALESCE(account_id, ''), detail, prev_hash, hash, keyed
         FROM audit_log ORDER BY seq",
        &[],
        |r| {
            let seq: i64 = r.get(0)?;
            let stored_prev: String = r.get(7)?;
            let stored_hash: String = r.get(8)?;
            let is_keyed: bool = r.get(9)?;
            let fields: [String; 5] = [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?];
            let message = message(&head.hash, seq, r.get(1)?, fields.each_ref().map(String::as_str));
            let hash = if is_keyed {
                seen_keyed = true;
                keyed(tx, &message).ok_or(Error::NotConfigured { what: "audit_key" })?
            } else if seen_keyed || (key_configured && !unkeyed_accepted(unkeyed, seq)) {
                return Err(Error::AuditChainBroken { seq });
            } else {
                sha256(&message)
            };
            if seq != head.seq + 1 || stored_prev != head.hash || stored_hash != hash {
                return Err(Error::AuditChainBroken { seq });
            }
            head = AuditHead { seq, hash: stored_hash };
            Ok(())
        },
    )?;
    Ok(head)
}

fn unkeyed_accepted(unkeyed: Unkeyed, seq: i64) -> bool {
    match unkeyed {
        Unkeyed::Refused => false,
        // Only unkeyed records before any keyed one get this far.
        Unkeyed::Sealed => true,
        Unkeyed::PinnedThrough(last) => seq <= last,
    }
}

/// Walks the whole chain; returns the number of records, or the first record that fails. With a
/// key configured, every record must be keyed: a chain recomputed without the key fails at its
/// first record, even after the portal wrote keyed records on top of it.
pub(crate) fn verify(tx: &Tx<'_>) -> Result<u64> {
    Ok(walk(tx, Unkeyed::Refused)?.seq.unsigned_abs())
}

/// The head of a chain that verifies, unkeyed history before the first keyed record allowed; a
/// broken chain has no head worth keeping.
pub(crate) fn head(tx: &Tx<'_>) -> Result<AuditHead> {
    walk(tx, Unkeyed::Sealed)
}

/// Verifies the chain and that it still holds `kept`, a head read earlier: the records up to it
/// are there, unchanged. Returns the number of records.
pub(crate) fn verify_against(tx: &Tx<'_>, kept: &AuditHead) -> Result<u64> {
    let well_formed = kept.hash.len() == 64 && kept.hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !well_formed {
        return Err(Error::invalid("audit_head", "the hash must be 64 lowercase hexadecimal digits"));
    }
    if kept.seq < 0 || (kept.seq == 0 && kept.hash != GENESIS) {
        return Err(Error::invalid("audit_head", "not a head this library hands out"));
    }
    let now = walk(tx, Unkeyed::PinnedThrough(kept.seq))?;
    if kept.seq > now.seq {
        return Err(Error::AuditChainBroken { seq: now.seq + 1 });
    }
    if kept.seq > 0 {
        let stored: Option<String> = tx.opt("SELECT hash FROM audit_log WHERE seq = ?1", &[&kept.seq], |r| r.get(0))?;
        if stored.as_ref() != Some(&kept.hash) {
            return Err(Error::AuditChainBroken { seq: kept.seq });
        }
    }
    Ok(now.seq.unsigned_abs())
}

pub(crate) fn for_account(tx: &Tx<'_>, account: AccountId) -> Result<Vec<AuditRecord>> {
    tx.all(
        "SELECT seq, at, actor, role, action, account_id, detail FROM audit_log WHERE account_id = ?1 ORDER BY seq",
        &[&account],
        |r| {
            Ok(AuditRecord {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                role: r.get(3)?,
                action: r.get(4)?,
                account_id: r.get(5)?,
                detail: r.get(6)?,
            })
        },
    )
}
