//! The keyed audit chain and its head kept outside the database (AUD-1, AUD-2): truncation,
//! recomputation without the key or with a wrong one, and unkeyed records after keyed ones are
//! each detected; an untouched log verifies against every head it handed out.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::*;
use corporate_billing::{AuditHead, AuditKey, BillingPortal, Error, PortalConfig};
use hmac::{Mac, SimpleHmac};
use sha2::{Digest, Sha256};

const KEY: [u8; 32] = [0x5a; 32];

fn keyed_config() -> PortalConfig {
    PortalConfig { audit_key: Some(AuditKey::new(KEY).unwrap()), ..config() }
}

/// A portal whose audit chain is keyed, with `extra` more records than the fixture writes.
fn keyed_fixture(extra: usize) -> Fixture {
    let fx = Fixture::with_config(keyed_config());
    grow(&fx, extra);
    fx
}

/// Writes `n` audit records, one per phone change.
fn grow(fx: &Fixture, n: usize) {
    for i in 0..n {
        fx.portal.change_phone(&fx.contact(), fx.account, &format!("+49 30 9018{:02}", i % 100)).unwrap();
    }
}

fn head(fx: &Fixture) -> AuditHead {
    fx.portal.audit_head(&fx.services()).unwrap()
}

/// A connection that can do what the library forbids: update and delete audit records.
fn unlocked(fx: &Fixture) -> RawDb {
    let db = fx.raw();
    db.unlock_audit_log();
    db
}

/// The bytes a record's hash covers, as the library's storage format defines them.
fn message(prev: &str, seq: i64, at: i64, fields: &[String; 5]) -> Vec<u8> {
    let (seq, at) = (seq.to_string(), at.to_string());
    let mut m = Vec::new();
    for part in [prev, &seq, &at].into_iter().chain(fields.iter().map(String::as_str)) {
        m.extend_from_slice(&(part.len() as u64).to_be_bytes());
        m.extend_from_slice(part.as_bytes());
    }
    m
}

fn unkeyed(m: &[u8]) -> String {
    hex::encode(Sha256::digest(m))
}

fn hmac_under(key: &[u8]) -> impl Fn(&[u8]) -> String {
    move |m: &[u8]| {
        let mut mac = <SimpleHmac<Sha256> as Mac>::new_from_slice(key).unwrap();
        mac.update(b"corporate-billing audit chain v1\0");
        mac.update(m);
        hex::encode(mac.finalize().into_bytes())
    }
}

/// Recomputes every record from `from` on with `hash`, marking it keyed or not, as someone who
/// can write the database and knows the scheme would.
fn rewrite(db: &RawDb, from: i64, keyed: bool, hash: impl Fn(&[u8]) -> String) {
    let rows: Vec<(i64, i64, [String; 5])> = db
        .query_all(
            "SELECT seq, at, actor, role, action, COALESCE(account_id, ''), detail FROM audit_log ORDER BY seq",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?])),
        )
        .unwrap();
    let mut prev = "0".repeat(64);
    for (seq, at, fields) in rows {
        if seq < from {
            prev = db.query_row("SELECT hash FROM audit_log WHERE seq = ?1", [seq], |r| r.get(0)).unwrap();
            continue;
        }
        let h = hash(&message(&prev, seq, at, &fields));
        db.execute(
            "UPDATE audit_log SET prev_hash = ?2, hash = ?3, keyed = ?4 WHERE seq = ?1",
            rusqlite::params![seq, prev, h, keyed],
        )
        .unwrap();
        prev = h;
    }
}

fn stored_hashes(fx: &Fixture) -> Vec<String> {
    let db = fx.read_only();
    db.query_all("SELECT hash FROM audit_log ORDER BY seq", [], |r| r.get(0)).unwrap()
}

// DOMAIN: AUD-1, AUD-2
#[test]
fn an_untouched_log_verifies_against_every_head_it_handed_out() {
    let fx = keyed_fixture(3);
    let first = head(&fx);
    assert_eq!(first.seq, fx.audit_count());
    assert_eq!(fx.portal.verify_audit_log_against(&fx.services(), &first), Ok(first.seq as u64));
    grow(&fx, 5);
    let second = head(&fx);
    assert_eq!(second.seq, first.seq + 5);
    assert_ne!(second.hash, first.hash);
    for kept in [&first, &second] {
        assert_eq!(fx.portal.verify_audit_log_against(&fx.services(), kept), Ok(second.seq as u64));
    }
    let empty = AuditHead { seq: 0, hash: "0".repeat(64) };
    assert_eq!(fx.portal.verify_audit_log_against(&fx.services(), &empty), Ok(second.seq as u64));
    let keyed: i64 =
        fx.read_only().query_row("SELECT COUNT(*) FROM audit_log WHERE keyed = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(keyed, second.seq, "with a key configured every record is keyed");
}

// DOMAIN: AUD-1, AUD-2
#[test]
fn deleting_the_newest_records_is_detected_against_the_kept_head() {
    for dropped in [1, 10] {
        let fx = keyed_fixture(12);
        let kept = head(&fx);
        unlocked(&fx).execute("DELETE FROM audit_log WHERE seq > ?1", [kept.seq - dropped]).unwrap();
        // What is left is a perfect chain: only the head kept outside the database shows the loss.
        assert_eq!(fx.portal.verify_audit_log(&fx.services()), Ok((kept.seq - dropped) as u64));
        assert_eq!(
            fx.portal.verify_audit_log_against(&fx.services(), &kept),
            Err(Error::AuditChainBroken { seq: kept.seq - dropped + 1 }),
            "{dropped} dropped"
        );
        // Nor does writing as many new records over the gap hide it.
        fx.advance_days(1);
        grow(&fx, dropped as usize);
        assert_eq!(fx.audit_count(), kept.seq);
        assert_eq!(
            fx.portal.verify_audit_log_against(&fx.services(), &kept),
            Err(Error::AuditChainBroken { seq: kept.seq }),
            "{dropped} dropped and refilled"
        );
    }
}

// DOMAIN: AUD-2
#[test]
fn a_chain_recomputed_without_the_key_or_with_a_wrong_one_is_detected() {
    let fx = keyed_fixture(4);
    let kept = head(&fx);
    let db = unlocked(&fx);
    let original = stored_hashes(&fx);

    // The forger's tool is exact: with the right key it reproduces every stored hash.
    rewrite(&db, 1, true, hmac_under(&KEY));
    assert_eq!(stored_hashes(&fx), original);
    assert_eq!(fx.portal.verify_audit_log_against(&fx.services(), &kept), Ok(kept.seq as u64));

    // A wrong key, with and without dropping the newest record.
    rewrite(&db, 1, true, hmac_under(&[0x17; 32]));
    assert_eq!(fx.portal.verify_audit_log(&fx.services()), Err(Error::AuditChainBroken { seq: 1 }));
    assert_eq!(fx.portal.verify_audit_log_against(&fx.services(), &kept), Err(Error::AuditChainBroken { seq: 1 }));
    db.execute("DELETE FROM audit_log WHERE seq = ?1", [kept.seq]).unwrap();
    rewrite(&db, 1, true, hmac_under(&[0x17; 32]));
    assert_eq!(fx.portal.verify_audit_log(&fx.services()), Err(Error::AuditChainBroken { seq: 1 }));
    rewrite(&db, 1, true, hmac_under(&KEY));

    // The old unkeyed algorithm after the keyed records: broken where the unkeyed ones begin.
    rewrite(&db, 5, false, unkeyed);
    assert_eq!(fx.portal.verify_audit_log(&fx.services()), Err(Error::AuditChainBroken { seq: 5 }));
    // Keyed records whose hash is the unkeyed one.
    rewrite(&db, 1, true, unkeyed);
    assert_eq!(fx.portal.verify_audit_log(&fx.services()), Err(Error::AuditChainBroken { seq: 1 }));
    // The whole log unkeyed: with a key configured, the log alone fails at its first record,
    // and the kept head fails it too.
    rewrite(&db, 1, false, unkeyed);
    assert_eq!(fx.portal.verify_audit_log(&fx.services()), Err(Error::AuditChainBroken { seq: 1 }));
    assert_eq!(
        fx.portal.verify_audit_log_against(&fx.services(), &kept),
        Err(Error::AuditChainBroken { seq: kept.seq })
    );
    // Nor does the portal's next (keyed) record on top of it make either pass.
    fx.advance_days(1);
    grow(&fx, 1);
    assert_eq!(fx.portal.verify_audit_log(&fx.services()), Err(Error::AuditChainBroken { seq: 1 }));
    assert_eq!(
        fx.portal.verify_audit_log_against(&fx.services(), &kept),
        Err(Error::AuditChainBroken { seq: kept.seq })
    );
}

// DOMAIN: AUD-2
#[test]
fn once_keyed_the_log_takes_no_unkeyed_record() {
    let fx = keyed_fixture(1);
    let before = fx.snapshot();
    let keyless = BillingPortal::open(&fx.path).unwrap().with_clock(fx.clock.clone()).with_config(config());
    assert_eq!(
        keyless.change_phone(&fx.contact(), fx.account, "+49 30 555555"),
        Err(Error::NotConfigured { what: "audit_key" })
    );
    assert_eq!(fx.snapshot(), before, "the refused change changed nothing");
    assert_eq!(keyless.verify_audit_log(&fx.services()), Err(Error::NotConfigured { what: "audit_key" }));
    assert_eq!(keyless.audit_head(&fx.services()), Err(Error::NotConfigured { what: "audit_key" }));

    // An unkeyed record slipped in after the keyed ones, correctly chained, is refused.
    let n = fx.audit_count();
    let db = fx.raw();
    let prev: String = db.query_row("SELECT hash FROM audit_log WHERE seq = ?1", [n], |r| r.get(0)).unwrap();
    let fields = ["system".to_owned(), "system".into(), "invoice_voided".into(), String::new(), String::new()];
    let hash = unkeyed(&message(&prev, n + 1, 1_800_000_000, &fields));
    db.execute(
        "INSERT INTO audit_log (seq, at, actor, role, action, account_id, detail, prev_hash, hash, keyed)
         VALUES (?1, 1800000000, 'system', 'system', 'invoice_voided', NULL, '', ?2, ?3, 0)",
        rusqlite::params![n + 1, prev, hash],
    )
    .unwrap();
    assert_eq!(fx.portal.verify_audit_log(&fx.services()), Err(Error::AuditChainBroken { seq: n + 1 }));
}

// DOMAIN: AUD-2
#[test]
fn a_log_begun_without_a_key_is_sealed_by_its_first_keyed_record() {
    let fx = Fixture::new();
    let unkeyed_records = fx.audit_count();
    assert_eq!(fx.portal.verify_audit_log(&fx.services()), Ok(unkeyed_records as u64));
    let legacy_head = head(&fx);

    let keyed = BillingPortal::open(&fx.path).unwrap().with_clock(fx.clock.clone()).with_config(keyed_config());
    keyed.change_phone(&fx.contact(), fx.account, "+49 30 555555").unwrap();
    let flags: Vec<bool> = {
        let db = fx.read_only();
        db.query_all("SELECT keyed FROM audit_log ORDER BY seq", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(flags.iter().filter(|k| !**k).count() as i64, unkeyed_records);
    assert_eq!(flags.last(), Some(&true));
    assert_eq!(keyed.verify_audit_log_against(&fx.services(), &legacy_head), Ok(unkeyed_records as u64 + 1));
    // The log alone cannot tell this history from a chain recomputed without the key, so with
    // the key configured it does not pass alone; the head kept from before the key vouches for
    // it, and a head read now anchors it from here on.
    assert_eq!(keyed.verify_audit_log(&fx.services()), Err(Error::AuditChainBroken { seq: 1 }));
    let keyed_head = keyed.audit_head(&fx.services()).unwrap();
    keyed.change_phone(&fx.contact(), fx.account, "+49 30 555556").unwrap();
    assert_eq!(keyed.verify_audit_log_against(&fx.services(), &keyed_head), Ok(unkeyed_records as u64 + 2));

    // The first keyed record covers the unkeyed ones: rewriting them breaks it.
    let db = unlocked(&fx);
    db.execute("UPDATE audit_log SET detail = 'forged' WHERE seq = 1", []).unwrap();
    rewrite(&db, 1, false, unkeyed);
    db.execute("UPDATE audit_log SET keyed = 1 WHERE seq = ?1", [unkeyed_records + 1]).unwrap();
    assert_eq!(
        keyed.verify_audit_log_against(&fx.services(), &legacy_head),
        Err(Error::AuditChainBroken { seq: unkeyed_records + 1 })
    );
    assert_eq!(keyed.audit_head(&fx.services()), Err(Error::AuditChainBroken { seq: unkeyed_records + 1 }));
}

#[test]
fn a_malformed_head_is_invalid_input_and_the_calls_are_for_account_services() {
    let fx = keyed_fixture(0);
    let good = head(&fx);
    for bad in [
        AuditHead { seq: good.seq, hash: "xyz".into() },
        AuditHead { seq: good.seq, hash: good.hash.to_uppercase() },
        AuditHead { seq: -1, hash: good.hash.clone() },
        AuditHead { seq: 0, hash: good.hash.clone() },
    ] {
        let err = fx.portal.verify_audit_log_against(&fx.services(), &bad).unwrap_err();
        assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "audit_head"), "{bad:?}: {err:?}");
    }
    for who in [fx.contact(), fx.rep(), fx.user(), corporate_billing::Caller::Anonymous] {
        assert_eq!(fx.portal.audit_head(&who), Err(Error::Forbidden));
        assert_eq!(fx.portal.verify_audit_log_against(&who, &good), Err(Error::Forbidden));
    }
}

#[test]
fn the_audit_key_is_a_secret() {
    assert!(AuditKey::new([1u8; 31]).is_err());
    let config = keyed_config();
    for shown in [format!("{:?}", config.audit_key), format!("{config:?}")] {
        assert!(shown.contains("AuditKey(<redacted>)"), "{shown}");
        assert!(!shown.contains("90, 90, 90") && !shown.contains("5a5a5a"), "{shown}");
    }
    let fx = keyed_fixture(0);
    let hex_key = hex::encode(KEY);
    assert!(!fx.snapshot().contains(&hex_key));
}

// DOMAIN: AUD-2
#[test]
fn two_keyed_records_swapped_with_their_own_hashes_are_detected() {
    // Each record keeps the MAC it was written with; only their order changes, which a MAC
    // over the record alone would not show.
    let fx = keyed_fixture(4);
    let kept = head(&fx);
    let db = unlocked(&fx);
    let (a, b) = (kept.seq - 2, kept.seq - 1);
    db.execute("UPDATE audit_log SET seq = -1 WHERE seq = ?1", [a]).unwrap();
    db.execute("UPDATE audit_log SET seq = ?1 WHERE seq = ?2", [a, b]).unwrap();
    db.execute("UPDATE audit_log SET seq = ?1 WHERE seq = -1", [b]).unwrap();
    assert_eq!(fx.portal.verify_audit_log(&fx.services()), Err(Error::AuditChainBroken { seq: a }));
    assert_eq!(fx.portal.verify_audit_log_against(&fx.services(), &kept), Err(Error::AuditChainBroken { seq: a }));
}
