//! The API served by axum (API-4): the router in-process, on SQLite and, with
//! `CORPORATE_BILLING_TEST_POSTGRES` set, on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../core/tests/common/mod.rs"]
mod common;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use common::*;
use corporate_billing::Caller;
use corporate_billing_server::{Limits, StaffAuth, openapi, router, router_with};
use http_body_util::BodyExt;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

/// The host's sign-on, as a test stands it in: a header naming the staff member.
struct HeaderSignOn;

impl StaffAuth for HeaderSignOn {
    fn authenticate(&self, headers: &HeaderMap) -> Option<Caller> {
        let id = headers.get("x-test-staff")?.to_str().ok()?;
        corporate_billing::StaffId::parse(id).ok().map(Caller::Staff)
    }
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
}

async fn send(app: &axum::Router, request: Request<Body>) -> Answer {
    let r = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = r.into_parts();
    Answer { status: parts.status, headers: parts.headers, body: body.collect().await.unwrap().to_bytes().to_vec() }
}

fn req(method: &str, uri: &str) -> axum::http::request::Builder {
    Request::builder().method(method).uri(uri)
}

/// A runtime of its own: the fixture's PostgreSQL client blocks, which a tokio worker may not,
/// so the tests call the fixture between `block_on`s.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

fn app(fx: &Fixture) -> axum::Router {
    router(fx.portal.clone(), Arc::new(HeaderSignOn))
}

#[test]
fn the_committed_openapi_description_is_the_one_the_code_generates() {
    let generated = openapi::json();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "server/openapi.json is not what the code describes; regenerate it with \
         UPDATE_OPENAPI=1 cargo test -p corporate-billing-server --test server"
    );
    let doc: serde_json::Value = serde_json::from_str(&generated).unwrap();
    assert_eq!(doc["openapi"].as_str().map(|v| &v[..4]), Some("3.1."));
    let operations: usize =
        doc["paths"].as_object().unwrap().values().map(|item| item.as_object().unwrap().len()).sum();
    assert_eq!(operations, corporate_billing::api::ROUTES.len(), "one described operation per route");
}

// DOMAIN: API-4
#[test]
fn the_router_serves_the_description_and_a_contacts_journey_with_bearer_tokens_and_keys() {
    let fx = Fixture::new();
    let quote = fx.issue_quote(fx.account);
    let app = app(&fx);
    runtime().block_on(async {
        let doc = send(&app, req("GET", "/api/v1/openapi.json").body(Body::empty()).unwrap()).await;
        assert_eq!(doc.status, 200);
        assert_eq!(doc.body, openapi::json().into_bytes());

        let body = format!(r#"{{"user_id":"{CONTACT_USERNAME}","password":"{PASSWORD}"}}"#);
        let signed = send(&app, req("POST", "/api/v1/sessions").body(Body::from(body)).unwrap()).await;
        assert_eq!(signed.status, 201);
        let token = signed.json()["token"].as_str().unwrap().to_owned();
        let bearer = format!("Bearer {token}");

        let accept = format!("/api/v1/accounts/{}/quotes/{}/accept", fx.account, quote.id);
        let first = send(
            &app,
            req("POST", &accept)
                .header("authorization", &bearer)
                .header("idempotency-key", "k1")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(first.status, 201);
        assert!(first.headers.get("idempotency-replayed").is_none());
        assert_eq!(first.headers["cache-control"], "no-store");
        let again = send(
            &app,
            req("POST", &accept)
                .header("authorization", &bearer)
                .header("idempotency-key", "k1")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!((again.status, &again.body), (first.status, &first.body));
        assert_eq!(again.headers["idempotency-replayed"], "true");
        let invoice = first.json()["id"].as_str().unwrap().to_owned();

        let pdf = format!("/api/v1/accounts/{}/invoices/{invoice}/print/pdf", fx.account);
        let doc = send(&app, req("GET", &pdf).header("authorization", &bearer).body(Body::empty()).unwrap()).await;
        assert_eq!((doc.status, &doc.headers["content-type"]), (StatusCode::OK, &"application/pdf".parse().unwrap()));
        assert!(doc.headers["content-disposition"].to_str().unwrap().starts_with("attachment; filename="));

        // The token is a header's, never a URL's: in the query it authenticates nothing.
        let in_url = format!("/api/v1/me/accounts?access_token={token}");
        assert_eq!(send(&app, req("GET", &in_url).body(Body::empty()).unwrap()).await.status, 401);

        // Staff through the host's hook; a contact's token wins over it and is refused staff lists.
        let staff = fx.services.to_string();
        let list = send(
            &app,
            req("GET", "/api/v1/vendor/invoices").header("x-test-staff", &staff).body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(list.status, 200);
        assert_eq!(list.json()["items"].as_array().unwrap().len(), 1);
        let both =
            req("GET", "/api/v1/vendor/invoices").header("x-test-staff", &staff).header("authorization", &bearer);
        assert_eq!(send(&app, both.body(Body::empty()).unwrap()).await.status, 403);

        let german = req("GET", "/api/v1/me/accounts").header("accept-language", "de-CH, en;q=0.5");
        let refused = send(&app, german.body(Body::empty()).unwrap()).await;
        assert_eq!(
            (refused.status, refused.json()["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("unauthenticated"))
        );

        let out = send(
            &app,
            req("DELETE", "/api/v1/sessions/current").header("authorization", &bearer).body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(out.status, 204);
        let after =
            send(&app, req("GET", "/api/v1/me/accounts").header("authorization", &bearer).body(Body::empty()).unwrap())
                .await;
        assert_eq!(after.status, 401);
    });
}

// DOMAIN: API-4, API-2
#[test]
fn bodies_are_bounded_clients_are_rate_limited_and_slow_calls_time_out() {
    let fx = Fixture::new();
    let app = app(&fx);
    runtime().block_on(async {
        let huge = vec![b'x'; corporate_billing::api::MAX_BODY + 1];
        let statement = send(
            &app,
            req("POST", "/api/v1/vendor/bank-statements")
                .header("x-test-staff", fx.services.to_string())
                .body(Body::from(huge))
                .unwrap(),
        )
        .await;
        assert_eq!((statement.status.as_u16(), statement.json()["code"].as_str()), (413, Some("payload_too_large")));

        let strict = router_with(
            fx.portal.clone(),
            Arc::new(HeaderSignOn),
            Limits { per_client_per_minute: 1, burst: 3, ..Limits::default() },
        );
        let mut statuses = Vec::new();
        for _ in 0..5 {
            statuses.push(
                send(&strict, req("GET", "/api/v1/me/accounts").body(Body::empty()).unwrap()).await.status.as_u16(),
            );
        }
        assert_eq!(statuses, [401, 401, 401, 429, 429]);
        let limited = send(&strict, req("GET", "/api/v1/me/accounts").body(Body::empty()).unwrap()).await;
        assert_eq!(limited.json()["code"], "rate_limited");
        assert!(limited.headers.contains_key("retry-after"));

        // A sign-in hashes a password with Argon2id, far longer than a millisecond.
        let hasty = router_with(
            fx.portal.clone(),
            Arc::new(HeaderSignOn),
            Limits { timeout: Duration::from_millis(1), ..Limits::default() },
        );
        let body = format!(r#"{{"user_id":"{CONTACT_USERNAME}","password":"{PASSWORD}"}}"#);
        let slow = send(&hasty, req("POST", "/api/v1/sessions").body(Body::from(body)).unwrap()).await;
        assert_eq!((slow.status.as_u16(), slow.json()["code"].as_str()), (503, Some("timeout")));
    });
}
