//! Storage faults on PostgreSQL (STORE-3): a server that is not there, a connection that dies in
//! the middle of an operation, a server that restarts under an open portal. Each fails the
//! operation it hits with a typed error, changes nothing, and leaves the portal usable.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::db::postgres_only;
use common::*;
use corporate_billing::{BillingPortal, Error, QuoteStatus, StaffKind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

// DOMAIN: STORE-3, API-1
#[test]
fn a_server_that_is_down_at_open_is_a_storage_error_without_the_password() {
    // Port 1 is reserved and nothing listens there.
    for url in ["postgres://billing:s3cret-pw@127.0.0.1:1/portal", "postgresql://billing:s3cret-pw@127.0.0.1:1/portal"]
    {
        let e = BillingPortal::open(url).map(|_| ()).unwrap_err();
        assert!(matches!(e, Error::Storage(_)), "{e:?}");
        assert_eq!(e.code(), "storage");
        assert!(!format!("{e} {e:?}").contains("s3cret-pw"), "the error repeats the password: {e:?}");
    }
    let e = BillingPortal::open("postgres://billing:s3cret-pw@127.0.0.1:notaport/portal").map(|_| ()).unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    assert!(!format!("{e} {e:?}").contains("s3cret-pw"), "the error repeats the password: {e:?}");
}

// DOMAIN: STORE-3, API-2
#[test]
fn a_connection_lost_in_the_middle_of_an_operation_fails_it_and_changes_nothing() {
    if postgres_only("a connection of the server cut") {
        return;
    }
    let fx = Fixture::new();
    let quote = fx.issue_quote(fx.account);
    let before = fx.snapshot();

    // Another client holds the quotes table, so the acceptance stops in the middle, with its
    // transaction open and the write lock taken; then its connection is cut.
    let holder = fx.raw();
    holder.execute_batch("BEGIN; LOCK TABLE quotes IN ACCESS EXCLUSIVE MODE").unwrap();
    let accepting = {
        let (portal, contact, account) = (fx.portal.clone(), fx.contact(), fx.account);
        std::thread::spawn(move || portal.accept_quote(&contact, account, quote.id, None).map(|i| i.number))
    };
    let holder_pid: i64 = holder.query_row("SELECT CAST(pg_backend_pid() AS BIGINT)", [], |r| r.get(0)).unwrap();
    // Only the backend this test's holder blocks: other tests run beside this one.
    let blocked = format!(
        "FROM pg_stat_activity WHERE application_name = 'corporate-billing' AND {holder_pid} = ANY(pg_blocking_pids(pid))"
    );
    let watcher = fx.raw();
    let deadline = Instant::now() + Duration::from_secs(8);
    while watcher.query_row(&format!("SELECT COUNT(*) {blocked}"), [], |r| r.get::<i64>(0)).unwrap() == 0 {
        assert!(Instant::now() < deadline, "the acceptance never reached the locked table");
        std::thread::sleep(Duration::from_millis(20));
    }
    let cut: i64 = watcher
        .query_row(&format!("SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) {blocked}) AS t"), [], |r| r.get(0))
        .unwrap();
    assert_eq!(cut, 1);
    let e = accepting.join().unwrap().unwrap_err();
    assert!(matches!(e, Error::Storage(_)), "{e:?}");
    holder.execute_batch("ROLLBACK").unwrap();

    assert_eq!(fx.snapshot(), before, "the cut operation changed nothing");
    // The same portal goes on, on a fresh connection: the quote is still open and can be accepted.
    assert_eq!(fx.portal.quote(&fx.rep(), fx.account, quote.id).unwrap().status, QuoteStatus::Open);
    fx.portal.accept_quote(&fx.contact(), fx.account, quote.id, None).unwrap();
    assert!(fx.portal.verify_audit_log(&fx.services()).unwrap() > 0);
}

// DOMAIN: STORE-3, API-2
#[test]
fn a_write_that_cannot_get_the_lock_in_time_is_busy_and_changes_nothing() {
    if postgres_only("the write lock of another instance") {
        return;
    }
    let fx = Fixture::new();
    let quote = fx.issue_quote(fx.account);
    // A second instance whose writers give up after half a second, as its URL asks.
    let impatient = BillingPortal::open(format!("{}%20-clock_timeout%3D500ms", fx.path.display()))
        .unwrap()
        .with_clock(fx.clock.clone())
        .with_config(config());
    let before = fx.snapshot();
    // Another instance in the middle of a long write holds the schema's write lock.
    let holder = fx.raw();
    holder.execute_batch("SELECT pg_advisory_lock(1128429426, hashtext(current_schema()))").unwrap();
    let started = Instant::now();
    let e = impatient.accept_quote(&fx.contact(), fx.account, quote.id, None).unwrap_err();
    assert_eq!(e, Error::Busy);
    assert!(started.elapsed() < Duration::from_secs(5), "it waited {:?}", started.elapsed());
    assert_eq!(fx.snapshot(), before, "nothing of the busy operation is kept");
    holder.execute_batch("SELECT pg_advisory_unlock(1128429426, hashtext(current_schema()))").unwrap();
    impatient.accept_quote(&fx.contact(), fx.account, quote.id, None).unwrap();
}

// DOMAIN: STORE-3
#[test]
fn after_a_server_restart_the_same_portal_works_again() {
    let Some(server) = ThrowawayServer::start() else { return };
    let portal = BillingPortal::open(&server.url).unwrap();
    for n in 0..4 {
        portal
            .register_staff(&format!("Before {n}"), &format!("before{n}@vendor.example"), StaffKind::SalesRep)
            .unwrap();
    }

    server.pg_ctl(&["stop", "-m", "fast"]);
    let e = portal.register_staff("While Down", "down@vendor.example", StaffKind::SalesRep).unwrap_err();
    assert!(matches!(e, Error::Storage(_)), "{e:?}");

    server.pg_ctl(&["start", "-l", &server.log(), "-o", &server.options()]);
    // Every pooled connection died with the server; the portal replaces them as it meets them.
    for n in 0..12 {
        portal.register_staff(&format!("After {n}"), &format!("after{n}@vendor.example"), StaffKind::SalesRep).unwrap();
    }
    let names: Vec<String> =
        RawDb::open(&server.url, true).query_all("SELECT name FROM staff ORDER BY name", [], |r| r.get(0)).unwrap();
    assert_eq!(names.len(), 16, "what was written before the restart is kept, the failed write is not: {names:?}");
    assert!(!names.iter().any(|n| n == "While Down"));
}

/// A PostgreSQL cluster of this test's own, under the target directory, that the test may stop
/// and start. Only where the test suite runs on PostgreSQL, whose server binaries it uses.
struct ThrowawayServer {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    url: String,
}

impl ThrowawayServer {
    fn start() -> Option<ThrowawayServer> {
        if postgres_only("a server restart") {
            return None;
        }
        let bin = std::env::var_os("PG_BIN").map(PathBuf::from).or_else(newest_installed_bin)?;
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("pg-restart-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        if is_root() {
            assert!(Command::new("chown").arg("postgres").arg(&dir).status().unwrap().success());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
        let server = ThrowawayServer { bin, dir, port, url };
        server.run("initdb", &["-D", &server.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
        server.pg_ctl(&["start", "-l", &server.log(), "-o", &server.options()]);
        Some(server)
    }

    fn data(&self) -> String {
        self.dir.join("data").to_string_lossy().into_owned()
    }

    fn log(&self) -> String {
        self.dir.join("log").to_string_lossy().into_owned()
    }

    fn options(&self) -> String {
        format!("-p {} -k {} -c listen_addresses=127.0.0.1", self.port, self.dir.display())
    }

    fn pg_ctl(&self, args: &[&str]) {
        let mut all = vec!["-D", &self.data(), "-w"].into_iter().map(String::from).collect::<Vec<_>>();
        all.extend(args.iter().map(|a| a.to_string()));
        self.run("pg_ctl", &all.iter().map(String::as_str).collect::<Vec<_>>());
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let out = self.command(tool).args(args).output().unwrap();
        assert!(out.status.success(), "{tool} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// `tool` of the server, run as the `postgres` user when the tests run as root (the server
    /// refuses to run as root).
    fn command(&self, tool: &str) -> Command {
        let program = self.bin.join(tool);
        if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        }
    }
}

impl Drop for ThrowawayServer {
    fn drop(&mut self) {
        let _ = self.command("pg_ctl").args(["-D", &self.data(), "-m", "immediate", "stop"]).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn newest_installed_bin() -> Option<PathBuf> {
    let mut bins: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin)| bin.join("initdb").exists())
        .collect();
    bins.sort();
    bins.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}
