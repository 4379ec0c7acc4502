//! What `BillingPortal::open` opens (STORE-1): a path is a SQLite file, a `postgres://` or
//! `postgresql://` URL (any case) is a PostgreSQL database. That both then behave the same is
//! what the rest of the suite proves, run once on each.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::db::postgres_only;
use common::*;
use corporate_billing::{BillingPortal, StaffKind};

// DOMAIN: STORE-1
#[test]
fn a_path_opens_a_sqlite_file_and_memory_opens_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portal.sqlite3");
    BillingPortal::open(&path).unwrap().register_staff("Sam", "sam@vendor.example", StaffKind::SalesRep).unwrap();
    let header = std::fs::read(&path).unwrap();
    assert!(header.starts_with(b"SQLite format 3\0"), "a SQLite database file");
    // A path that merely contains the word is still a path.
    let odd = dir.path().join("postgres:");
    BillingPortal::open(&odd).unwrap();
    assert!(odd.is_file());

    let memory = BillingPortal::open_in_memory().unwrap();
    memory.register_staff("Mia", "mia@vendor.example", StaffKind::SalesRep).unwrap();
}

// DOMAIN: STORE-1
#[test]
fn a_url_in_either_scheme_opens_postgresql_with_the_whole_schema() {
    if postgres_only("the URL of a PostgreSQL server") {
        return;
    }
    for scheme in ["postgres://", "postgresql://", "PostgreSQL://"] {
        let dir = tempfile::tempdir().unwrap();
        let url = fresh_database(dir.path()).replacen("postgres://", scheme, 1);
        let portal = BillingPortal::open(&url).unwrap();
        portal.register_staff("Sam", "sam@vendor.example", StaffKind::SalesRep).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no file: {url}");

        let db = RawDb::open(&url.replacen(scheme, "postgres://", 1), true);
        let tables: Vec<String> = db
            .query_all(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema() ORDER BY 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        for table in ["accounts", "audit_log", "invoices", "quotes", "schema_migrations", "sessions", "staff"] {
            assert!(tables.iter().any(|t| t == table), "{table} missing from {tables:?}");
        }
        let staff: i64 = db.query_row("SELECT COUNT(*) FROM staff", [], |r| r.get(0)).unwrap();
        assert_eq!(staff, 1, "the portal wrote to the schema the URL names");
    }
}
