//! `RemotePortal` against the API served by axum on a loopback port (API-5): on SQLite and,
//! with `CORPORATE_BILLING_TEST_POSTGRES` set, on PostgreSQL; with the faults a network brings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../core/tests/common/mod.rs"]
mod common;

use axum::http::HeaderMap;
use common::*;
use corporate_billing::{Caller, Error, LoginId, PrintFormat, StaffId};
use corporate_billing_remote::{Options, RemotePortal};
use corporate_billing_server::{StaffAuth, router};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// The host's sign-on as a test stands it in: headers naming a staff member or an account
/// user; `x-slow` makes the service take two seconds.
struct HeaderSignOn;

impl StaffAuth for HeaderSignOn {
    fn authenticate(&self, headers: &HeaderMap) -> Option<Caller> {
        if headers.contains_key("x-slow") {
            std::thread::sleep(Duration::from_secs(2));
        }
        let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(id) = get("x-test-staff") {
            return StaffId::parse(id).ok().map(Caller::Staff);
        }
        get("x-test-user").and_then(|id| LoginId::parse(id).ok()).map(Caller::AccountUser)
    }
}

/// A service on a loopback port, with its own runtime; dropping it stops the service.
struct Served {
    url: String,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Served {
    fn start(app: axum::Router) -> Served {
        Self::on("127.0.0.1:0", app)
    }

    fn on(addr: &str, app: axum::Router) -> Served {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let listener = runtime.block_on(tokio::net::TcpListener::bind(addr)).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        runtime.spawn(async move {
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.ok();
        });
        Served { url, runtime: Some(runtime) }
    }

    fn stop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(Duration::from_millis(200));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.stop();
    }
}

fn serve(fx: &Fixture) -> Served {
    Served::start(router(fx.portal.clone(), Arc::new(HeaderSignOn)))
}

fn quick() -> Options {
    Options { timeout: Duration::from_millis(500), backoff: Duration::from_millis(10), ..Options::default() }
}

// DOMAIN: API-5, API-1
#[test]
fn a_billing_contacts_journey_through_the_remote_client() {
    let fx = Fixture::new();
    let quote = fx.issue_quote(fx.account);
    let served = serve(&fx);
    let remote = RemotePortal::new(&served.url).unwrap();

    let session = remote.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
    let me = Caller::Session(session.token.clone());
    let mine = remote.my_accounts(&session.token).unwrap();
    assert_eq!(mine.iter().map(|a| a.id).collect::<Vec<_>>(), vec![fx.account]);
    let open = remote.quotes(&me, fx.account).unwrap();
    assert_eq!(open[0].id, quote.id);
    // The same values as the local portal's.
    assert_eq!(
        remote.quote(&me, fx.account, quote.id).unwrap(),
        fx.portal.quote(&fx.contact(), fx.account, quote.id).unwrap()
    );
    let invoice = remote.accept_quote(&me, fx.account, quote.id, None).unwrap();
    assert_eq!(remote.invoices(&me, fx.account).unwrap().iter().map(|i| i.id).collect::<Vec<_>>(), vec![invoice.id]);
    assert_eq!(remote.invoice(&me, fx.account, invoice.id).unwrap(), invoice);
    let pdf = remote.print_invoice(&me, fx.account, invoice.id, PrintFormat::Pdf).unwrap();
    assert!(
        pdf.bytes.starts_with(b"%PDF-") && pdf.content_type == "application/pdf" && pdf.file_name.ends_with(".pdf")
    );
    // The same errors: a second acceptance meets the decided quote.
    assert!(matches!(remote.accept_quote(&me, fx.account, quote.id, None), Err(Error::Conflict { .. })));

    let bad = remote.change_phone(&me, fx.account, "12").unwrap_err();
    let local = fx.portal.change_phone(&fx.contact(), fx.account, "12").unwrap_err();
    assert_eq!(bad, local);
    assert_eq!(remote.change_phone(&me, fx.account, "+49 30 7654321").unwrap().as_str(), "+49307654321");

    remote.sign_out(&session.token).unwrap();
    assert_eq!(remote.invoices(&me, fx.account).unwrap_err(), Error::Unauthenticated);
}

// DOMAIN: API-5, AUTH-6, PRIV-2
#[test]
fn another_vendors_or_an_expired_token_is_refused_and_an_account_user_may_not_decide() {
    let fx = Fixture::with_config(default_sessions());
    let other_vendor = Fixture::with_config(default_sessions());
    let quote = fx.issue_quote(fx.account);
    let served = serve(&fx);
    let remote = RemotePortal::new(&served.url).unwrap();
    let foreign = Caller::Session(other_vendor.session.token.clone());
    assert_eq!(remote.account(&foreign, fx.account).unwrap_err(), Error::Unauthenticated);
    let session = remote.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
    fx.clock.advance(time::Duration::hours(13));
    assert_eq!(remote.quotes(&Caller::Session(session.token), fx.account).unwrap_err(), Error::Unauthenticated);

    let user = Options { headers: vec![("x-test-user".into(), fx.user_login.to_string())], ..Options::default() };
    let as_user = RemotePortal::with_options(&served.url, user).unwrap();
    let err = as_user.accept_quote(&Caller::AccountUser(fx.user_login), fx.account, quote.id, None).unwrap_err();
    assert_eq!(err, Error::Forbidden);
    assert!(as_user.account(&Caller::AccountUser(fx.user_login), fx.account).is_ok());
}

// DOMAIN: API-5
#[test]
fn a_stopped_server_is_a_network_error_and_the_journey_goes_on_without_a_duplicate_once_it_is_back() {
    let fx = Fixture::new();
    let quote = fx.issue_quote(fx.account);
    let mut served = serve(&fx);
    let addr = served.url.trim_start_matches("http://").to_owned();
    let remote = RemotePortal::with_options(&served.url, quick()).unwrap();
    let session = remote.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
    let me = Caller::Session(session.token.clone());
    assert_eq!(remote.quotes(&me, fx.account).unwrap().len(), 1);
    served.stop();
    assert!(matches!(remote.accept_quote(&me, fx.account, quote.id, None), Err(Error::Network(_))));
    assert!(fx.portal.invoices(&fx.contact(), fx.account).unwrap().is_empty(), "nothing reached the portal");
    let _back = Served::on(&addr, router(fx.portal.clone(), Arc::new(HeaderSignOn)));
    let invoice = remote.accept_quote(&me, fx.account, quote.id, None).unwrap();
    assert_eq!(
        fx.portal.invoices(&fx.contact(), fx.account).unwrap().iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![invoice.id]
    );
}

// DOMAIN: API-5
#[test]
fn a_slow_server_times_out_as_unavailable() {
    let fx = Fixture::new();
    let served = serve(&fx);
    let slow = Options { headers: vec![("x-slow".into(), "1".into())], retries: 0, ..quick() };
    let remote = RemotePortal::with_options(&served.url, slow).unwrap();
    let started = std::time::Instant::now();
    assert_eq!(remote.account(&fx.services(), fx.account).unwrap_err(), Error::Unavailable);
    assert!(started.elapsed() < Duration::from_millis(1900), "the client gave up before the server answered");
}

// DOMAIN: API-5
#[test]
fn a_503_is_sent_again_only_when_the_request_is_a_read_or_keyed() {
    let hits = Arc::new(AtomicU32::new(0));
    let counted = hits.clone();
    let busy = axum::Router::new().fallback(move || {
        let hits = counted.clone();
        async move {
            hits.fetch_add(1, Ordering::SeqCst);
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                [("content-type", "application/json")],
                r#"{"code":"busy","message":"the database is busy; retry the operation"}"#,
            )
        }
    });
    let served = Served::start(busy);
    let remote = RemotePortal::with_options(&served.url, quick()).unwrap();
    let account = corporate_billing::AccountId::parse("0190a5c4-1234-7abc-8def-0123456789ab").unwrap();
    let quote = corporate_billing::QuoteId::parse("0190a5c4-1234-7abc-8def-0123456789ab").unwrap();
    let attempts = |f: &dyn Fn() -> Error| {
        hits.store(0, Ordering::SeqCst);
        let e = f();
        (e, hits.load(Ordering::SeqCst))
    };
    let staff = Caller::Staff(StaffId::parse("0190a5c4-1234-7abc-8def-0123456789ab").unwrap());
    assert_eq!(attempts(&|| remote.account(&staff, account).unwrap_err()), (Error::Busy, 3), "a read");
    assert_eq!(attempts(&|| remote.accept_quote(&staff, account, quote, None).unwrap_err()), (Error::Busy, 3), "keyed");
    assert_eq!(
        attempts(&|| remote.sign_in("someone", "a password").map(|_| ()).unwrap_err()),
        (Error::Busy, 1),
        "a sign-in"
    );
    assert_eq!(attempts(&|| remote.forgot_password("someone").unwrap_err()), (Error::Busy, 1), "unkeyed");
}

#[test]
fn plain_http_is_refused_except_on_loopback() {
    assert!(RemotePortal::new("http://billing.vendor.example").is_err());
    assert!(RemotePortal::new("https://billing.vendor.example").is_ok());
    assert!(RemotePortal::new("http://127.0.0.1:9").is_ok());
}
