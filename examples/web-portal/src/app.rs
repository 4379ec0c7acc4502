//! The service: its state, its routes, and the one way it calls the library.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::middleware::from_fn;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use corporate_billing::{BillingPortal, Caller, Error, Notification};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use time::{Duration, OffsetDateTime};

use crate::demo_seed::Demo;
use crate::pages;
use crate::security::{self, CookiePolicy, CsrfKey};

/// How the portal is reached.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The address people open, without a trailing slash: `http://127.0.0.1:8080`, or the
    /// `https://` address of a TLS-terminating proxy in front of it. Password links start here.
    pub public_url: String,
    /// Whether the demo's stand-ins are served: the mailbox, which shows every password link,
    /// and the staff sign-in without SSO. Off unless started with `--demo`, which only a
    /// plain-HTTP loopback address may be.
    pub demo: bool,
}

impl Settings {
    /// Cookies are `Secure` unless the portal is plain HTTP on the loopback interface, the one
    /// place browsers treat as safe without TLS and where a `Secure` cookie could not be set
    /// by every browser.
    pub fn cookie_policy(&self) -> CookiePolicy {
        CookiePolicy { secure: !self.loopback_only() }
    }

    /// Whether the public address is plain HTTP on the loopback interface: reachable from this
    /// machine only.
    pub fn loopback_only(&self) -> bool {
        // The host is read as a browser reads it: a prefix such as `http://127.` would also
        // pass `http://127.billing.example` and `http://localhost:@billing.example` (user
        // information before the real host).
        let Some(rest) = self.public_url.strip_prefix("http://") else { return false };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.contains('@') {
            return false;
        }
        let host = match authority.strip_prefix('[') {
            Some(v6) => match v6.split_once(']') {
                Some((ip, port)) if port.is_empty() || port.starts_with(':') => ip,
                _ => return false,
            },
            None => authority.split(':').next().unwrap_or_default(),
        };
        host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }
}

/// The people the stand-in SSO knows: the host's staff directory, in a real service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Person {
    /// Riley Chen, the sales rep.
    Rep,
    /// Morgan Lee, Account Services.
    Services,
    /// Sam Ortiz, an account user of Acme Robotics.
    Sam,
}

impl Person {
    /// Every person, in the order the sign-in page lists them.
    pub const ALL: [Person; 3] = [Person::Rep, Person::Services, Person::Sam];

    /// The form value.
    pub fn key(self) -> &'static str {
        match self {
            Person::Rep => "rep",
            Person::Services => "services",
            Person::Sam => "sam",
        }
    }
}

/// A mail the demo mailer delivered into the demo mailbox.
pub struct Mail {
    pub note: Notification,
}

/// Shared by every request.
pub struct AppState {
    portal: Arc<BillingPortal>,
    demo: Demo,
    pub(crate) settings: Settings,
    pub(crate) cookies: CookiePolicy,
    pub(crate) csrf: CsrfKey,
    sso: Mutex<HashMap<String, (Person, OffsetDateTime)>>,
    mailbox: Mutex<VecDeque<Mail>>,
}

/// Stand-in SSO sessions end after this long.
const SSO_LIFETIME: Duration = Duration::hours(8);
/// The demo mailbox keeps this many mails.
const MAILBOX_SIZE: usize = 50;

impl AppState {
    /// The state of a portal that is set up (configured, and seeded with the demo's people).
    pub fn new(portal: BillingPortal, demo: Demo, settings: Settings) -> Arc<Self> {
        Arc::new(AppState {
            portal: Arc::new(portal),
            demo,
            cookies: settings.cookie_policy(),
            settings,
            csrf: CsrfKey::generate(),
            sso: Mutex::new(HashMap::new()),
            mailbox: Mutex::new(VecDeque::new()),
        })
    }

    /// Runs library calls on tokio's blocking pool, never on an async worker: every call of the
    /// library is synchronous (SQLite or PostgreSQL I/O, Argon2 hashing of 19 MiB per password),
    /// and would stall every other request that worker is serving. One closure per request
    /// keeps its calls together on one thread.
    pub async fn run<T, F>(&self, f: F) -> Result<T, Error>
    where
        F: FnOnce(&BillingPortal) -> corporate_billing::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let portal = Arc::clone(&self.portal);
        match tokio::task::spawn_blocking(move || f(&portal)).await {
            Ok(result) => result,
            // The library does not panic across its API; should a closure of ours, the request
            // fails like a storage fault, and the service goes on.
            Err(_) => Err(Error::Storage("task failed".into())),
        }
    }

    /// The demo's people and accounts.
    pub fn demo(&self) -> &Demo {
        &self.demo
    }

    /// The library caller the stand-in SSO asserts for a person.
    pub fn caller_of(&self, person: Person) -> Caller {
        match person {
            Person::Rep => Caller::Staff(self.demo.rep),
            Person::Services => Caller::Staff(self.demo.services),
            Person::Sam => Caller::AccountUser(self.demo.sam),
        }
    }

    /// A person's name.
    pub fn person_name(&self, person: Person) -> &'static str {
        match person {
            Person::Rep => "Riley Chen",
            Person::Services => "Morgan Lee",
            Person::Sam => "Sam Ortiz",
        }
    }

    /// Starts a stand-in SSO session and returns its token.
    pub fn sso_sign_in(&self, person: Person) -> String {
        let token = security::random_token();
        let now = OffsetDateTime::now_utc();
        let mut sessions = self.sso.lock().unwrap_or_else(PoisonError::into_inner);
        sessions.retain(|_, (_, since)| now - *since < SSO_LIFETIME);
        sessions.insert(token.clone(), (person, now));
        token
    }

    /// Whose stand-in SSO session a token is.
    pub fn sso_person(&self, token: &str) -> Option<Person> {
        let sessions = self.sso.lock().unwrap_or_else(PoisonError::into_inner);
        sessions.get(token).filter(|(_, since)| OffsetDateTime::now_utc() - *since < SSO_LIFETIME).map(|(p, _)| *p)
    }

    /// Ends a stand-in SSO session.
    pub fn sso_sign_out(&self, token: &str) {
        self.sso.lock().unwrap_or_else(PoisonError::into_inner).remove(token);
    }

    /// The demo mailer: takes what the library queued, "delivers" it into the mailbox and marks
    /// it sent, as a host's mailer does after handing a mail to its mail service.
    pub async fn deliver_mail(&self) -> Result<(), Error> {
        let delivered = self
            .run(|portal| {
                let batch = portal.pending_notifications(100)?;
                for note in &batch {
                    portal.mark_notification_sent(note.id)?;
                }
                Ok(batch)
            })
            .await?;
        let mut mailbox = self.mailbox.lock().unwrap_or_else(PoisonError::into_inner);
        for note in delivered {
            mailbox.push_front(Mail { note });
        }
        mailbox.truncate(MAILBOX_SIZE);
        Ok(())
    }

    /// Reads the mailbox, newest first.
    pub fn with_mailbox<T>(&self, f: impl FnOnce(&VecDeque<Mail>) -> T) -> T {
        f(&self.mailbox.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static(content_type))], body).into_response()
}

/// Every route of the portal, with the security layers around them.
pub fn router(state: Arc<AppState>) -> Router {
    let routes = Router::new()
        .route("/", get(pages::auth::home))
        .route("/sign-in", get(pages::auth::sign_in_page).post(pages::auth::sign_in))
        .route("/sign-out", post(pages::auth::sign_out))
        .route("/language", get(pages::auth::choose_language))
        .route("/forgot-password", get(pages::auth::forgot_page).post(pages::auth::forgot))
        .route("/password", get(pages::auth::password_page).post(pages::auth::reset))
        .route("/password/change", get(pages::auth::change_page).post(pages::auth::change))
        .route("/accounts", get(pages::account::list))
        .route("/accounts/{account}", get(pages::account::overview))
        .route("/accounts/{account}/w9", get(pages::account::w9))
        .route("/accounts/{account}/billing", get(pages::billing::page))
        .route("/accounts/{account}/billing/payment-method", post(pages::billing::payment_method))
        .route("/accounts/{account}/billing/address", post(pages::billing::address))
        .route("/accounts/{account}/billing/phone", post(pages::billing::phone))
        .route("/accounts/{account}/billing/e-invoicing", post(pages::billing::e_invoicing))
        .route("/accounts/{account}/billing/recipients/add", post(pages::billing::add_recipient))
        .route("/accounts/{account}/billing/recipients/remove", post(pages::billing::remove_recipient))
        .route("/accounts/{account}/billing/purchase-orders", post(pages::billing::add_po))
        .route("/accounts/{account}/billing/purchase-orders/{po}", post(pages::billing::edit_po))
        .route("/accounts/{account}/quotes", get(pages::quotes::list).post(pages::quotes::issue))
        .route("/accounts/{account}/quotes/{quote}", get(pages::quotes::show))
        .route("/accounts/{account}/quotes/{quote}/accept", post(pages::quotes::accept))
        .route("/accounts/{account}/quotes/{quote}/decline", post(pages::quotes::decline))
        .route("/accounts/{account}/invoices", get(pages::invoices::list))
        .route("/accounts/{account}/invoices/{invoice}", get(pages::invoices::show))
        .route("/accounts/{account}/invoices/{invoice}/print", get(pages::invoices::print))
        .route("/accounts/{account}/invoices/{invoice}/pdf", get(pages::invoices::pdf))
        .route("/accounts/{account}/invoices/{invoice}/e-invoice", get(pages::invoices::e_invoice))
        .route("/accounts/{account}/requests", get(pages::requests::list).post(pages::requests::submit))
        .route("/accounts/{account}/requests/{request}/decide", post(pages::requests::decide))
        .route(
            "/static/style.css",
            get(|| async { asset("text/css; charset=utf-8", include_str!("../static/style.css")) }),
        )
        .route(
            "/static/password.js",
            get(|| async { asset("text/javascript; charset=utf-8", include_str!("../static/password.js")) }),
        );
    // Not mounted at all without `--demo`: they answer like any unknown page.
    let routes = if state.settings.demo {
        routes.merge(
            Router::new()
                .route("/staff/sign-in", get(pages::auth::staff_page).post(pages::auth::staff_sign_in))
                .route("/demo/mailbox", get(pages::auth::mailbox))
                .route_layer(from_fn(not_through_a_proxy)),
        )
    } else {
        routes
    };
    // The HTTP API for apps and remote scripts (API-4), beside the pages and outside their
    // cookie and CSRF layers: it authenticates by bearer token. Staff use the pages' sign-on.
    let api =
        corporate_billing_server::router(Arc::clone(&state.portal), Arc::new(corporate_billing_server::NoStaffSignOn));
    routes
        .fallback(pages::not_found)
        .layer(from_fn_with_state(state.clone(), security::require_csrf))
        .layer(from_fn_with_state(state.clone(), security::csrf_cookie))
        .layer(from_fn_with_state(state.clone(), security::headers))
        .layer(from_fn(security::log))
        .with_state(state)
        .merge(api)
}

/// The demo's stand-ins answer only requests made on this machine: a request a proxy forwarded
/// (it says so in these headers) may come from anywhere, whatever the public address says.
async fn not_through_a_proxy(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let forwarded = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip"]
        .iter()
        .any(|name| request.headers().contains_key(*name));
    if forwarded {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(public_url: &str) -> bool {
        Settings { public_url: public_url.into(), demo: false }.cookie_policy().secure
    }

    #[test]
    fn cookies_are_secure_except_on_plain_http_loopback() {
        for local in ["http://127.0.0.1:8080", "http://localhost:3000", "http://localhost", "http://[::1]:8080"] {
            assert!(!policy(local), "{local}");
        }
        for served in
            ["https://billing.example", "https://127.0.0.1:8443", "http://billing.example", "http://10.0.0.5:8080"]
        {
            assert!(policy(served), "{served}");
        }
    }

    // DOMAIN: AUTH-7, PRIV-1
    #[test]
    fn only_a_loopback_host_counts_as_loopback_whatever_the_address_starts_with() {
        for public in [
            "http://127.billing.example",
            "http://127.0.0.1.billing.example:8080",
            "http://localhost:@billing.example",
            "http://localhost:8080@billing.example/",
            "http://[::1]@billing.example",
            "http://[::1].billing.example",
            "http://localhost.billing.example",
            "https://localhost:8443",
        ] {
            assert!(policy(public), "{public}");
            assert!(!Settings { public_url: public.into(), demo: true }.loopback_only(), "{public}");
        }
        for local in ["http://127.0.0.2:8080/", "http://LOCALHOST", "http://[::1]", "http://localhost/portal"] {
            assert!(!policy(local), "{local}");
        }
    }
}
