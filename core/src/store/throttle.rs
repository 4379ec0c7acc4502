//! Throttle buckets of sign-in and password-change attempts (AUTH-5, AUTH-11).

use crate::auth::throttle;
use crate::error::Result;
use crate::store::Tx;
use time::{Duration, OffsetDateTime};

/// A bucket left alone this long after its last failure, and not locked, is forgotten by the
/// maintenance purge: its count of consecutive failures starts again from zero.
pub(crate) const FORGET_AFTER: Duration = Duration::hours(24);

/// Takes an attempt slot in `bucket`, in the caller's write transaction, before the password is
/// checked: the attempt counts as a failure until [`clear`] says otherwise. Because the count
/// and the lock are written before any verdict, parallel attempts can never get more guesses
/// than the limit. Returns whether the bucket was locked (the attempt is refused without a
/// slot: refused attempts do not lengthen the lock, or anyone could keep a contact locked out for
/// good by guessing once a minute).
pub(crate) fn take_attempt(conn: &Tx<'_>, bucket: &str, now: OffsetDateTime) -> Result<bool> {
    let locked_until: Option<i64> =
        conn.opt("SELECT locked_until FROM sign_in_throttle WHERE key_hash = ?1", &[&bucket], |r| r.get(0))?;
    if locked_until.is_some_and(|t| t > now.unix_timestamp()) {
        return Ok(true);
    }
    let failures: u32 = conn.one(
        "INSERT INTO sign_in_throttle (key_hash, failures, last_failure_at) VALUES (?1, 1, ?2)
             ON CONFLICT (key_hash) DO UPDATE SET failures = sign_in_throttle.failures + 1, last_failure_at = ?2
             RETURNING failures",
        &[&bucket, &now.unix_timestamp()],
        |r| r.get(0),
    )?;
    if let Some(delay) = throttle::delay_after(failures) {
        conn.exec(
            "UPDATE sign_in_throttle SET locked_until = ?2 WHERE key_hash = ?1",
            &[&bucket, &(now + delay).unix_timestamp()],
        )?;
    }
    Ok(false)
}

/// A success: the bucket's consecutive failures are forgotten (AUTH-5).
pub(crate) fn clear(conn: &Tx<'_>, bucket: &str) -> Result<()> {
    conn.exec("DELETE FROM sign_in_throttle WHERE key_hash = ?1", &[&bucket])?;
    Ok(())
}

/// Deletes buckets that are not locked and have seen no failure for [`FORGET_AFTER`].
pub(crate) fn purge(conn: &Tx<'_>, now: OffsetDateTime) -> Result<u64> {
    let n = conn.exec(
        "DELETE FROM sign_in_throttle WHERE locked_until <= ?1 AND last_failure_at <= ?2",
        &[&now.unix_timestamp(), &(now - FORGET_AFTER).unix_timestamp()],
    )?;
    Ok(n)
}
