//! Tampering with any field of any stored audit record is detected by the verify function.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::*;
use corporate_billing::Error;

// DOMAIN: AUD-1
#[test]
fn changing_any_field_of_any_audit_record_breaks_the_chain_at_that_record() {
    let fx = Fixture::new();
    fx.invoice();
    fx.portal.change_phone(&fx.contact(), fx.account, "+49 30 901820").unwrap();
    let db = fx.raw();
    db.unlock_audit_log();
    let records = fx.audit_count();
    let columns = ["at", "actor", "role", "action", "account_id", "detail", "prev_hash", "hash"];
    let mut checked = 0;
    for seq in 1..=records {
        for column in columns {
            let original: rusqlite::types::Value =
                db.query_row(&format!("SELECT {column} FROM audit_log WHERE seq = ?1"), [seq], |r| r.get(0)).unwrap();
            let forged = match &original {
                rusqlite::types::Value::Integer(i) => rusqlite::types::Value::Integer(i + 1),
                rusqlite::types::Value::Null => rusqlite::types::Value::Text("forged".into()),
                rusqlite::types::Value::Text(t) if t.is_empty() => rusqlite::types::Value::Text("forged".into()),
                rusqlite::types::Value::Text(t) => {
                    let mut chars: Vec<char> = t.chars().collect();
                    chars[0] = if chars[0] == 'x' { 'y' } else { 'x' };
                    rusqlite::types::Value::Text(chars.into_iter().collect())
                }
                other => panic!("unexpected {other:?}"),
            };
            db.execute(&format!("UPDATE audit_log SET {column} = ?2 WHERE seq = ?1"), rusqlite::params![seq, forged])
                .unwrap();
            assert_eq!(
                fx.portal.verify_audit_log(&fx.services()),
                Err(Error::AuditChainBroken { seq }),
                "record {seq}, {column}"
            );
            db.execute(&format!("UPDATE audit_log SET {column} = ?2 WHERE seq = ?1"), rusqlite::params![seq, original])
                .unwrap();
            checked += 1;
        }
    }
    assert_eq!(fx.portal.verify_audit_log(&fx.services()), Ok(records as u64));
    eprintln!("audit tamper: {checked} single-field forgeries over {records} records, every one detected");
}
