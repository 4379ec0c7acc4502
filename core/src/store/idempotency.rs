//! Idempotency keys of the HTTP API (API-4): the first result of a keyed request, kept 24 hours.

use crate::error::Result;
use crate::store::Tx;
use time::{Duration, OffsetDateTime};

/// A key is kept at least this long after its first use.
pub(crate) const KEPT: Duration = Duration::hours(24);

/// What the store knows of a key when a request arrives with it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Claim {
    /// The key is new, or its first request died: this request runs and owns the key.
    Run,
    /// The first request under the key finished: its status, media type and body.
    Done(u16, String, Vec<u8>),
    /// The key was used for a different request.
    OtherRequest,
    /// The first request under the key is still running.
    Running,
}

/// Claims `key` in `scope` for `request` (a digest), in the caller's write transaction; keys older
/// than [`KEPT`] are forgotten first. A request still running holds its key until `lease_until`.
pub(crate) fn claim(
    tx: &Tx<'_>,
    scope: &str,
    key: &str,
    request: &str,
    now: OffsetDateTime,
    lease_until: OffsetDateTime,
) -> Result<Claim> {
    tx.exec("DELETE FROM api_idempotency WHERE created_at < ?1", &[&(now - KEPT).unix_timestamp()])?;
    let found = tx.opt(
        "SELECT request, lease_until, status, content_type, body FROM api_idempotency WHERE scope = ?1 AND idem_key = ?2",
        &[&scope, &key],
        |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<i64>(1)?,
                r.get::<Option<i64>>(2)?,
                r.get::<Option<String>>(3)?,
                r.get::<Option<Vec<u8>>>(4)?,
            ))
        },
    )?;
    match found {
        None => {
            tx.exec(
                "INSERT INTO api_idempotency (scope, idem_key, request, created_at, lease_until) VALUES (?1, ?2, ?3, ?4, ?5)",
                &[&scope, &key, &request, &now.unix_timestamp(), &lease_until.unix_timestamp()],
            )?;
            Ok(Claim::Run)
        }
        Some((first, ..)) if first != request => Ok(Claim::OtherRequest),
        Some((_, _, Some(status), content_type, body)) => Ok(Claim::Done(
            u16::try_from(status).unwrap_or(500),
            content_type.unwrap_or_default(),
            body.unwrap_or_default(),
        )),
        Some((_, lease, None, ..)) if lease > now.unix_timestamp() => Ok(Claim::Running),
        Some(_) => {
            tx.exec(
                "UPDATE api_idempotency SET lease_until = ?3 WHERE scope = ?1 AND idem_key = ?2",
                &[&scope, &key, &lease_until.unix_timestamp()],
            )?;
            Ok(Claim::Run)
        }
    }
}

/// Keeps the result of the request that claimed `key`.
pub(crate) fn complete(
    tx: &Tx<'_>,
    scope: &str,
    key: &str,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> Result<()> {
    tx.exec(
        "UPDATE api_idempotency SET status = ?3, content_type = ?4, body = ?5 WHERE scope = ?1 AND idem_key = ?2",
        &[&scope, &key, &i64::from(status), &content_type, &body],
    )?;
    Ok(())
}

/// Lets `key` go, so that a retry runs the request again: its first run changed nothing.
pub(crate) fn release(tx: &Tx<'_>, scope: &str, key: &str) -> Result<()> {
    tx.exec("DELETE FROM api_idempotency WHERE scope = ?1 AND idem_key = ?2 AND status IS NULL", &[&scope, &key])?;
    Ok(())
}
