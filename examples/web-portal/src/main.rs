//! The reference web portal: billing contacts sign in and manage their accounts, vendor staff
//! issue quotes and complete requests, all through the corporate-billing library, which this
//! axum service embeds.
//!
//! `cargo run -p corporate-billing-web -- [database] [--port N]`: SQLite at
//! `target/web-portal/portal.db` by default, PostgreSQL when given a `postgres://` URL. The
//! first start seeds the tour's demo data (examples/demo_seed.rs) dated back from today; later
//! starts serve what the database holds. The service listens on 127.0.0.1 only.

#[path = "../../demo_seed.rs"]
#[allow(dead_code)]
mod demo_seed;

mod app;
mod i18n;
mod pages;
mod security;
mod views;
mod visit;

use corporate_billing::{BillingPortal, LinkSecret, ManualClock, PortalConfig};
use demo_seed::{Calendar, Demo};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use time::OffsetDateTime;

type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// Where the portal keeps its data when given no database.
const DEFAULT_DB: &str = "target/web-portal/portal.db";
/// The port tried first when none is given.
const DEFAULT_PORT: u16 = 8080;

struct Args {
    database: String,
    /// `None`: 8080, or any free port when that one is taken.
    port: Option<u16>,
}

fn args() -> Res<Args> {
    let mut args = Args { database: DEFAULT_DB.into(), port: None };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--port" => args.port = Some(it.next().ok_or("--port needs a number")?.parse()?),
            "-h" | "--help" => {
                println!(
                    "usage: corporate-billing-web [database file or postgres:// URL] [--port N (0: any free port)]"
                );
                println!("PORTAL_PUBLIC_URL=https://... names the address people open when a TLS proxy fronts it");
                std::process::exit(0);
            }
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}").into()),
            _ => args.database = arg,
        }
    }
    Ok(args)
}

/// Where the demo's IDs are kept between starts: beside a SQLite file, under target/ for a
/// PostgreSQL database (named by a hash of its URL, which never shows the password).
fn demo_file(database: &str) -> PathBuf {
    if demo_seed::is_postgres_url(database) {
        PathBuf::from(format!("target/web-portal/{}.demo.json", demo_seed::database_key(database)))
    } else {
        PathBuf::from(format!("{database}.demo.json"))
    }
}

/// The configuration of the serving portal. The link secret is new at every start, so that
/// password links sent before a restart stop working: a real host reads it, and the audit key,
/// from its secret store.
fn config(public_url: &str) -> Res<PortalConfig> {
    Ok(PortalConfig {
        vendor_name: demo_seed::VENDOR_NAME.into(),
        w9_form: Some(demo_seed::W9_PLACEHOLDER.to_vec()),
        credential_link_base_url: Some(format!("{public_url}/password")),
        link_secret: Some(LinkSecret::new(security::random_token().into_bytes())?),
        ..PortalConfig::default()
    })
}

/// Seeds the demo on first start: two years of history on a clock of its own, then the demo's
/// IDs in their file. Later starts read the file. A SQLite database is seeded under another name
/// and moved into place when complete, so that an interrupted first start leaves nothing behind
/// that a second one would mistake for a seeded portal.
fn demo(database: &str, public_url: &str) -> Res<Demo> {
    let file = demo_file(database);
    let postgres = demo_seed::is_postgres_url(database);
    let fresh = if postgres { !demo_seed::holds_portal_data(database)? } else { !Path::new(database).exists() };
    if !fresh {
        let json = std::fs::read(&file).map_err(|e| {
            format!(
                "{} holds portal data but {} is missing ({e}); give the portal a new database",
                shown(database),
                file.display()
            )
        })?;
        return Ok(serde_json::from_slice(&json)?);
    }
    for path in [Some(file.as_path()), (!postgres).then_some(Path::new(database))] {
        if let Some(dir) = path.and_then(Path::parent).filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
    }
    println!("Seeding the demo data (two years of billing) into {} ...", shown(database));
    let seeding = if postgres { database.to_owned() } else { format!("{database}.seeding") };
    if !postgres {
        // Leftovers of an interrupted start, and journal files without their database.
        remove_sqlite(&seeding)?;
        remove_sqlite(database)?;
    }
    let cal = Calendar::new(OffsetDateTime::now_utc());
    let clock = Arc::new(ManualClock::new(cal.now()));
    let portal = BillingPortal::open(&seeding)?.with_clock(clock.clone()).with_config(config(public_url)?);
    let demo = demo_seed::set_up(&portal, &clock, &cal)?;
    demo_seed::history(&portal, &clock, &cal, &demo)?;
    // Closing the portal closes its connections, and SQLite checkpoints its log into the file.
    drop(portal);
    std::fs::write(&file, serde_json::to_vec_pretty(&demo)?)?;
    if !postgres {
        // The log goes with the file, should a connection have outlived the portal.
        if Path::new(&format!("{seeding}-wal")).exists() {
            std::fs::rename(format!("{seeding}-wal"), format!("{database}-wal"))?;
        }
        std::fs::rename(&seeding, database)?;
        remove_sqlite(&seeding)?;
    }
    Ok(demo)
}

/// Removes a SQLite database and its journal files, where they exist.
fn remove_sqlite(path: &str) -> Res {
    for suffix in ["", "-wal", "-shm"] {
        match std::fs::remove_file(format!("{path}{suffix}")) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    Ok(())
}

/// The database as it may be printed: a SQLite path, or a PostgreSQL database's host and name.
fn shown(database: &str) -> String {
    if demo_seed::is_postgres_url(database) { demo_seed::shown_database(database) } else { database.to_owned() }
}

fn main() -> Res {
    let args = args()?;
    // Bound before anything else, so that the printed URL is the one that works (port 0 asks
    // the system for a free one).
    let listener = match args.port {
        Some(port) => std::net::TcpListener::bind(("127.0.0.1", port))?,
        None => std::net::TcpListener::bind(("127.0.0.1", DEFAULT_PORT))
            .or_else(|_| std::net::TcpListener::bind(("127.0.0.1", 0)))?,
    };
    let address = listener.local_addr()?;
    let public_url = std::env::var("PORTAL_PUBLIC_URL").unwrap_or_else(|_| format!("http://{address}"));
    let demo = demo(&args.database, &public_url)?;
    let portal = BillingPortal::open(&args.database)?.with_config(config(&public_url)?);
    let settings = app::Settings { public_url: public_url.clone(), demo_mailbox: true };
    let state = app::AppState::new(portal, demo, settings);

    println!("Corporate billing web portal, database {}", shown(&args.database));
    println!("Open {public_url}/ in a browser.");
    println!(
        "  Billing contact: user ID {} or {}, password \"{}\"",
        demo_seed::USERNAME,
        demo_seed::EMAIL,
        demo_seed::PASSWORD
    );
    println!("  Vendor staff and account users: {public_url}/staff/sign-in (a stand-in: replace with your SSO)");
    println!("  Password links and other mail: {public_url}/demo/mailbox");
    println!("Stop with Ctrl-C.");

    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        tokio::spawn(housekeeping(state.clone()));
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, app::router(state)).with_graceful_shutdown(shutdown()).await
    })?;
    Ok(())
}

/// The library's housekeeping, hourly: ended sessions, quiet throttle counts and used links are
/// deleted (AUTH-11). Like every library call, it runs on the blocking pool.
async fn housekeeping(state: Arc<app::AppState>) {
    let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        hourly.tick().await;
        if let Err(e) = state.run(|portal| portal.purge_expired()).await {
            eprintln!("housekeeping failed: {}", e.code());
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM, so that requests in flight finish before the portal stops.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
