//! Service requests (SR-1..SR-4).

use super::codec::{from_json, to_json};
use super::{OrNotFound as _, Tx};
use crate::domain::request::{RequestKind, RequestStatus, ServiceRequest};
use crate::error::Result;
use crate::values::{AccountId, LoginId, RequestId, StaffId};
use time::OffsetDateTime;

/// How a request was decided.
pub(crate) struct Decision<'a> {
    pub to: RequestStatus,
    pub at: OffsetDateTime,
    pub by: Option<StaffId>,
    pub resolution: Option<&'a str>,
}

const COLUMNS: &str = "id, account_id, kind, status, submitted_at, decided_at, resolution";

fn row(r: &super::sql::Row<'_>) -> Result<ServiceRequest> {
    Ok(ServiceRequest {
        id: r.get(0)?,
        account_id: r.get(1)?,
        kind: from_json(&r.text(2)?)?,
        status: r.get(3)?,
        submitted_at: r.get(4)?,
        decided_at: r.get(5)?,
        resolution: r.get(6)?,
    })
}

pub(crate) fn insert(
    tx: &Tx<'_>,
    id: RequestId,
    account: AccountId,
    kind: &RequestKind,
    at: OffsetDateTime,
    by: LoginId,
) -> Result<()> {
    tx.exec(
        "INSERT INTO service_requests (id, account_id, kind, status, submitted_at, submitted_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[&id, &account, &to_json(kind)?, &RequestStatus::Open, &at, &by],
    )?;
    Ok(())
}

/// The account's request `id`; another account's is not found (PRIV-2).
pub(crate) fn load(tx: &Tx<'_>, account: AccountId, id: RequestId) -> Result<ServiceRequest> {
    tx.opt(&format!("SELECT {COLUMNS} FROM service_requests WHERE id = ?1 AND account_id = ?2"), &[&id, &account], row)
        .or_not_found("request")
}

/// The account's requests, newest first.
pub(crate) fn list(tx: &Tx<'_>, account: AccountId) -> Result<Vec<ServiceRequest>> {
    tx.all(
        &format!("SELECT {COLUMNS} FROM service_requests WHERE account_id = ?1 ORDER BY submitted_at DESC, id DESC"),
        &[&account],
        row,
    )
}

/// How many requests of the account are open.
pub(crate) fn open_count(tx: &Tx<'_>, account: AccountId) -> Result<u32> {
    tx.one(
        "SELECT COUNT(*) FROM service_requests WHERE account_id = ?1 AND status = ?2",
        &[&account, &RequestStatus::Open],
        |r| r.get(0),
    )
}

/// Records the decision on a request that is still open; false if it was not, because a racing
/// decision came first.
pub(crate) fn save_decision(tx: &Tx<'_>, account: AccountId, id: RequestId, d: &Decision<'_>) -> Result<bool> {
    let changed = tx.exec(
        "UPDATE service_requests SET status = ?3, decided_at = ?4, decided_by = ?5, resolution = ?6
             WHERE id = ?1 AND account_id = ?2 AND status = ?7",
        &[&id, &account, &d.to, &d.at, &d.by, &d.resolution, &RequestStatus::Open],
    )?;
    Ok(changed == 1)
}
