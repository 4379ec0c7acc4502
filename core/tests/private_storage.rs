//! Stored data stays private (STORE-4): a SQLite database and its `-wal` and `-shm` files are the
//! owner's alone, and connections to PostgreSQL use TLS.
//!
//! The TLS tests run against the real server `CORPORATE_BILLING_TEST_POSTGRES` names:
//! scripts/postgres-start's throwaway cluster, which runs with `ssl = on`, a certificate for
//! `localhost` from the test CA in target/pg/tls, and `hostssl`-only rules for members of the
//! role cb_tls_required. Each test logs in as a role of its own in that group, so that
//! `pg_stat_ssl` shows exactly the library's connections.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns unwrap too

use corporate_billing::{BillingPortal, Error, StaffKind};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

const POSTGRES_VAR: &str = "CORPORATE_BILLING_TEST_POSTGRES";
/// Where a server other than the throwaway cluster keeps its test CA (ca.crt, other-ca.crt).
const TLS_DIR_VAR: &str = "CORPORATE_BILLING_TEST_POSTGRES_TLS";
/// Never accepted by the server (it trusts these connections) nor printed by the library.
const PASSWORD: &str = "Pw-7f3c-never-printed";

struct Server {
    admin: String,
    port: u16,
    tls: PathBuf,
}

/// The server and its CA files, or None (with the reason printed) when no PostgreSQL is named.
fn server() -> Option<&'static Server> {
    static SERVER: OnceLock<Option<Server>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let Some(admin) = std::env::var(POSTGRES_VAR).ok().filter(|v| !v.is_empty()) else {
                eprintln!("PostgreSQL only, not run: set {POSTGRES_VAR} (scripts/postgres-start) to run it");
                return None;
            };
            let cluster = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/pg");
            let tls = match std::env::var(TLS_DIR_VAR) {
                Ok(dir) => PathBuf::from(dir),
                Err(_) => {
                    let ours = std::fs::read_to_string(cluster.join("url")).is_ok_and(|u| u.trim() == admin);
                    assert!(
                        ours,
                        "{POSTGRES_VAR} names a server scripts/postgres-start did not start: set {TLS_DIR_VAR} to a \
                         directory with ca.crt (which signed its certificate for localhost) and other-ca.crt, \
                         and give it the hostssl rules for +cb_tls_required that the script writes"
                    );
                    cluster.join("tls")
                }
            };
            let port = postgres::Config::from_str(&admin).unwrap().get_ports().first().copied().unwrap_or(5432);
            let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
            client
                .batch_execute(
                    "DO $$ BEGIN
                         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cb_tls_required') THEN
                             CREATE ROLE cb_tls_required NOLOGIN;
                         END IF;
                     END $$",
                )
                .unwrap();
            Some(Server { admin, port, tls })
        })
        .as_ref()
}

/// A login role of its own, in cb_tls_required, with a schema of its own.
struct Role<'s> {
    server: &'s Server,
    name: String,
}

impl Server {
    fn role(&self) -> Role<'_> {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!("cb_tls_{}_{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        self.admin()
            .batch_execute(&format!(
                "CREATE ROLE {name} LOGIN IN ROLE cb_tls_required; CREATE SCHEMA {name} AUTHORIZATION {name}"
            ))
            .unwrap();
        Role { server: self, name }
    }

    fn admin(&self) -> postgres::Client {
        postgres::Client::connect(&self.admin, postgres::NoTls).unwrap()
    }

    fn ca(&self, file: &str) -> String {
        self.tls.join(file).to_string_lossy().replace('%', "%25").replace('&', "%26")
    }
}

impl Role<'_> {
    /// The URL of this role's schema on `host`, with a password and `params` appended.
    fn url(&self, host: &str, params: &str) -> String {
        let (name, port) = (&self.name, self.server.port);
        let sep = if params.is_empty() { "" } else { "&" };
        format!("postgres://{name}:{PASSWORD}@{host}:{port}/postgres?options=-csearch_path%3D{name}{sep}{params}")
    }

    /// (connections, encrypted ones, TLS versions) of this role, as the server sees them.
    fn connections(&self) -> (i64, i64, String) {
        let row = self
            .server
            .admin()
            .query_one(
                "SELECT count(*), count(*) FILTER (WHERE s.ssl), coalesce(string_agg(DISTINCT s.version, ','), '')
                   FROM pg_stat_activity a JOIN pg_stat_ssl s ON s.pid = a.pid
                  WHERE a.usename = $1",
                &[&self.name],
            )
            .unwrap();
        (row.get(0), row.get(1), row.get(2))
    }
}

impl Drop for Role<'_> {
    fn drop(&mut self) {
        let name = &self.name;
        let _ = self.server.admin().batch_execute(&format!("DROP SCHEMA {name} CASCADE; DROP ROLE {name}"));
    }
}

/// Opens the portal, writes to it, and checks that each of its connections is encrypted.
fn assert_encrypted(role: &Role<'_>, url: &str) {
    let portal = BillingPortal::open(url).unwrap_or_else(|e| panic!("open with {url}: {e}"));
    portal.register_staff("Riley Chen", "riley.chen@northwind.example", StaffKind::SalesRep).unwrap();
    let (connections, encrypted, versions) = role.connections();
    assert!(connections > 0, "the portal holds a connection");
    assert_eq!(encrypted, connections, "every connection of the library is encrypted ({url})");
    assert!(versions.starts_with("TLSv1."), "{versions}");
    // The host's first-start check runs on the same encrypted connections.
    assert!(portal.holds_data().unwrap());
    drop(portal);
}

/// The message of the error `url` fails to open with; it names neither password nor URL.
fn refusal(url: &str) -> String {
    let error = match BillingPortal::open(url) {
        Ok(_) => panic!("{url} must be refused"),
        Err(e) => e,
    };
    let message = error.to_string();
    assert!(!message.contains(PASSWORD) && !message.contains("postgres://"), "{message}");
    assert!(!format!("{error:?}").contains(PASSWORD));
    message
}

// DOMAIN: STORE-4
#[test]
fn verify_full_require_and_the_loopback_default_encrypt_every_connection() {
    let Some(server) = server() else { return };
    let role = server.role();
    let ca = server.ca("ca.crt");
    assert_encrypted(&role, &role.url("localhost", &format!("sslmode=verify-full&sslrootcert={ca}")));
    assert_encrypted(&role, &role.url("127.0.0.1", "sslmode=require"));
    // No TLS settings on a loopback host: TLS when the server offers it.
    assert_encrypted(&role, &role.url("127.0.0.1", ""));
    // A root certificate alone asks for verify-full.
    assert_encrypted(&role, &role.url("localhost", &format!("sslrootcert={ca}")));
}

// DOMAIN: STORE-4
#[test]
fn a_certificate_from_another_ca_is_refused_naming_the_cause() {
    let Some(server) = server() else { return };
    let role = server.role();
    let other = server.ca("other-ca.crt");
    for mode in ["verify-full", "verify-ca"] {
        let message = refusal(&role.url("localhost", &format!("sslmode={mode}&sslrootcert={other}")));
        assert!(message.contains("certificate not trusted"), "{mode}: {message}");
    }
    assert_eq!(role.connections().0, 0);
}

// DOMAIN: STORE-4
#[test]
fn verify_full_refuses_a_certificate_for_another_host_name_which_verify_ca_accepts() {
    let Some(server) = server() else { return };
    let role = server.role();
    let ca = server.ca("ca.crt");
    // The certificate names localhost; 127.0.0.1 is the same server under another name.
    let message = refusal(&role.url("127.0.0.1", &format!("sslmode=verify-full&sslrootcert={ca}")));
    assert!(message.contains("host name mismatch"), "{message}");
    assert_encrypted(&role, &role.url("127.0.0.1", &format!("sslmode=verify-ca&sslrootcert={ca}")));
    // require with a root certificate checks it, as libpq does.
    assert_encrypted(&role, &role.url("127.0.0.1", &format!("sslmode=require&sslrootcert={ca}")));
    let other = server.ca("other-ca.crt");
    let message = refusal(&role.url("127.0.0.1", &format!("sslmode=require&sslrootcert={other}")));
    assert!(message.contains("certificate not trusted"), "{message}");
}

// DOMAIN: STORE-4
#[test]
fn a_remote_host_name_defaults_to_verify_full() {
    let Some(server) = server() else { return };
    let role = server.role();
    // hostaddr reaches this machine under a name that is not loopback, as a remote server is.
    let remote = "db.corporate-billing.invalid";
    let url = |params: &str| role.url(remote, &format!("hostaddr=127.0.0.1&{params}"));
    // The test CA is in no system store: the default check refuses it, where a URL without
    // settings would have been plain text or unchecked TLS under libpq's `prefer`.
    let message = refusal(&role.url(remote, "hostaddr=127.0.0.1"));
    assert!(
        message.contains("certificate not trusted") || message.contains("no trusted root certificates"),
        "{message}"
    );
    let message = refusal(&url(&format!("sslrootcert={}", server.ca("ca.crt"))));
    assert!(message.contains("host name mismatch"), "{message}");
    // The same address and name connect when the URL asks for less: the refusals above were
    // the certificate check's.
    assert_encrypted(&role, &url("sslmode=require"));
}

// DOMAIN: STORE-4
#[test]
fn plain_text_against_a_hostssl_only_rule_is_refused_clearly() {
    let Some(server) = server() else { return };
    let role = server.role();
    let message = refusal(&role.url("127.0.0.1", "sslmode=disable"));
    assert!(message.contains("refuses unencrypted connections"), "{message}");
}

/// A server that answers "no TLS" to the client's TLS request, as one with `ssl = off` does.
fn server_without_tls() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 8];
            if stream.read_exact(&mut request).is_ok() && request == [0, 0, 0, 8, 4, 210, 22, 47] {
                let _ = stream.write_all(b"N");
            }
        }
    });
    port
}

// DOMAIN: STORE-4
#[test]
fn a_server_without_tls_is_refused_under_require_naming_the_cause() {
    let port = server_without_tls();
    let message = refusal(&format!("postgres://billing:{PASSWORD}@127.0.0.1:{port}/billing?sslmode=require"));
    assert!(message.contains("server does not support TLS"), "{message}");
}

// DOMAIN: STORE-4
#[test]
fn bad_tls_parameters_are_refused_before_connecting_without_echoing_the_url() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let cases = [
        ("sslmode=verify_full", "sslmode must be"),
        ("sslrootcert=/nonexistent/ca.crt", "sslrootcert"),
        (&format!("sslrootcert={}", empty.display()), "holds no certificate"),
        ("sslcert=client.crt", "sslcert is not supported"),
    ];
    for (params, expected) in cases {
        // Port 1: nothing listens there, so only the parameters can fail this fast and this way.
        let url = format!("postgres://billing:{PASSWORD}@db.example:1/billing?{params}");
        let message = refusal(&url);
        assert!(message.contains(expected), "{params}: {message}");
        assert!(matches!(BillingPortal::open(&url), Err(Error::InvalidInput { .. })), "{params}");
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

// DOMAIN: STORE-4
#[cfg(unix)]
#[test]
fn a_sqlite_database_and_its_wal_and_shm_files_are_created_readable_by_their_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portal.sqlite3");
    let with = |suffix: &str| dir.path().join(format!("portal.sqlite3{suffix}"));
    let portal = BillingPortal::open(&db).unwrap();
    assert_eq!(mode(&db), 0o600, "after open");
    assert!(!portal.holds_data().unwrap());
    for n in 0..20 {
        portal
            .register_staff(&format!("Staff {n}"), &format!("staff{n}@northwind.example"), StaffKind::SalesRep)
            .unwrap();
    }
    // The log files appear with the first writes and stay while a connection is open.
    for file in [db.clone(), with("-wal"), with("-shm")] {
        assert_eq!(mode(&file), 0o600, "{} after writes", file.display());
    }
    assert!(portal.holds_data().unwrap());
    drop(portal);
    let portal = BillingPortal::open(&db).unwrap();
    portal.register_staff("Morgan Lee", "morgan.lee@northwind.example", StaffKind::AccountServices).unwrap();
    for file in [db.clone(), with("-wal"), with("-shm")] {
        assert_eq!(mode(&file), 0o600, "{} after reopening", file.display());
    }
}

// DOMAIN: STORE-4
#[cfg(unix)]
#[test]
fn an_existing_database_file_keeps_the_mode_its_owner_gave_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portal.sqlite3");
    drop(BillingPortal::open(&db).unwrap());
    // A host that lets a backup group read the file says so; the library does not undo it.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o640)).unwrap();
    let portal = BillingPortal::open(&db).unwrap();
    portal.register_staff("Riley Chen", "riley.chen@northwind.example", StaffKind::SalesRep).unwrap();
    assert_eq!(mode(&db), 0o640);
}
