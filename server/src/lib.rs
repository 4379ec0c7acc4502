//! # corporate-billing-server
//!
//! Serves the corporate-billing HTTP API (`corporate_billing::api`, API-4) on axum in one call:
//!
//! ```no_run
//! use corporate_billing::BillingPortal;
//! use corporate_billing_server::{NoStaffSignOn, router};
//! use std::sync::Arc;
//! # async fn run() -> std::io::Result<()> {
//! let portal = Arc::new(BillingPortal::open("portal.db").map_err(std::io::Error::other)?);
//! let app = router(portal, Arc::new(NoStaffSignOn));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await
//! # }
//! ```
//!
//! Each call runs on tokio's blocking pool (the portal's calls block on the database and on
//! Argon2), within a time limit; bodies are bounded; each client (its bearer token, or else its
//! address) has a rate limit. Billing contacts present their session token as a bearer token,
//! never in a URL (AUTH-6); vendor staff and account users are authenticated by the host's own
//! sign-on through [`StaffAuth`]. The OpenAPI 3.1 description is served at
//! `/api/v1/openapi.json`.

pub mod openapi;

use axum::Router;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::routing::{any, get};
use corporate_billing::api::{self, ErrorBody};
use corporate_billing::{BillingPortal, Caller, Language};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

/// How the host tells the API which vendor employee or account user sends a request: from its
/// own sign-on's cookie or header. A request with a bearer token is a billing contact's and is
/// not asked about.
pub trait StaffAuth: Send + Sync + 'static {
    /// The staff member ([`Caller::Staff`]) or account user ([`Caller::AccountUser`]) whom the
    /// request's credentials prove, or `None`.
    fn authenticate(&self, headers: &HeaderMap) -> Option<Caller>;
}

/// A host without staff on the API: only billing contacts (by bearer token) are served.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoStaffSignOn;

impl StaffAuth for NoStaffSignOn {
    fn authenticate(&self, _: &HeaderMap) -> Option<Caller> {
        None
    }
}

/// The server's bounds.
#[derive(Debug, Clone)]
pub struct Limits {
    /// A call that takes longer is answered `503 timeout` (it may still complete; a keyed retry
    /// then gets its result).
    pub timeout: Duration,
    /// Requests a client may send per minute, on average.
    pub per_client_per_minute: u32,
    /// Requests a client may send at once before the average applies.
    pub burst: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { timeout: Duration::from_secs(30), per_client_per_minute: 600, burst: 120 }
    }
}

struct Shared {
    portal: Arc<BillingPortal>,
    auth: Arc<dyn StaffAuth>,
    limits: Limits,
    buckets: Mutex<HashMap<[u8; 32], Bucket>>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The API under `/api/v1` with the default [`Limits`].
pub fn router(portal: Arc<BillingPortal>, auth: Arc<dyn StaffAuth>) -> Router {
    router_with(portal, auth, Limits::default())
}

/// The API under `/api/v1` with the given bounds.
pub fn router_with(portal: Arc<BillingPortal>, auth: Arc<dyn StaffAuth>, limits: Limits) -> Router {
    let shared = Arc::new(Shared { portal, auth, limits, buckets: Mutex::new(HashMap::new()) });
    Router::new()
        .route("/api/v1/openapi.json", get(description))
        .route("/api/v1/{*rest}", any(serve))
        .with_state(shared)
}

static DESCRIPTION: LazyLock<String> = LazyLock::new(openapi::json);

async fn description() -> axum::response::Response {
    let mut r = axum::response::Response::new(axum::body::Body::from(DESCRIPTION.as_str()));
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

async fn serve(State(shared): State<Arc<Shared>>, request: axum::extract::Request) -> axum::response::Response {
    let (parts, body) = request.into_parts();
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned());
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let client = Sha256::digest(match (&bearer, peer) {
        (Some(token), _) => format!("bearer:{token}"),
        (None, Some(ip)) => format!("ip:{ip}"),
        (None, None) => "unknown".into(),
    })
    .into();
    if let Some(wait) = shared.take(client) {
        let mut r = problem(429, "rate_limited", "too many requests; slow down");
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
        return r;
    }
    let Ok(body) = axum::body::to_bytes(body, api::MAX_BODY).await else {
        return problem(413, "payload_too_large", "the request body is too large");
    };
    let asserted = if bearer.is_none() { shared.auth.authenticate(&parts.headers) } else { None };
    let key = parts.headers.get("idempotency-key").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let language = parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split([',', ';']).find_map(|tag| Language::parse(tag).ok()))
        .unwrap_or(Language::En);
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().unwrap_or("").to_owned();
    let portal = shared.portal.clone();
    let job = tokio::task::spawn_blocking(move || {
        let request = api::Request {
            method: &method,
            path: &path,
            query: &query,
            bearer: bearer.as_deref(),
            asserted,
            idempotency_key: key.as_deref(),
            language,
            body: &body,
        };
        api::handle(&portal, &request)
    });
    match tokio::time::timeout(shared.limits.timeout, job).await {
        Ok(Ok(answer)) => into_response(answer),
        Ok(Err(_)) => problem(500, "internal", "the request failed"),
        Err(_) => problem(503, "timeout", "the request took too long; retry it with its idempotency key"),
    }
}

impl Shared {
    /// Takes one request from `client`'s bucket; how long to wait when it is empty.
    fn take(&self, client: [u8; 32]) -> Option<Duration> {
        let now = Instant::now();
        let rate = f64::from(self.limits.per_client_per_minute.max(1)) / 60.0;
        let burst = f64::from(self.limits.burst.max(1));
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > 100_000 {
            // Full buckets hold nothing worth keeping: a client seen again starts full anyway.
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * rate < burst);
        }
        let b = buckets.entry(client).or_insert(Bucket { tokens: burst, at: now });
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * rate).min(burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            None
        } else {
            Some(Duration::from_secs_f64((1.0 - b.tokens) / rate))
        }
    }
}

fn problem(status: u16, code: &str, message: &str) -> axum::response::Response {
    into_response(api::Response::problem(status, &ErrorBody::transport(code, message)))
}

fn into_response(answer: api::Response) -> axum::response::Response {
    let mut r = axum::response::Response::new(axum::body::Body::from(answer.body));
    *r.status_mut() = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&answer.content_type)
        && !answer.content_type.is_empty()
    {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Some(name) = answer.file_name {
        let safe: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')).collect();
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    if answer.replayed {
        h.insert(HeaderName::from_static("idempotency-replayed"), HeaderValue::from_static("true"));
    }
    if answer.status == 503 {
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    r
}
