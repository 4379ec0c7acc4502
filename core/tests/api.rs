//! The HTTP API as data, through `api::handle` (API-4): routes, statuses, error bodies,
//! idempotency keys kept by the store, and hostile input.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::*;
use corporate_billing::api::{self, ErrorBody, Op, ROUTES, Request, Response};
use corporate_billing::{Caller, Invoice, InvoiceSummary, PurchaseOrder, Quote};
use std::collections::HashSet;
use time::Duration;

const RANDOM: &str = "0190a5c4-1234-7abc-8def-0123456789ab";

struct Call<'a> {
    req: Request<'a>,
}

fn call<'a>(method: &'a str, path: &'a str) -> Call<'a> {
    Call { req: Request::new(method, path) }
}

impl<'a> Call<'a> {
    fn bearer(mut self, token: &'a str) -> Self {
        self.req.bearer = Some(token);
        self
    }
    fn as_(mut self, caller: Caller) -> Self {
        self.req.asserted = Some(caller);
        self
    }
    fn key(mut self, key: &'a str) -> Self {
        self.req.idempotency_key = Some(key);
        self
    }
    fn body(mut self, body: &'a str) -> Self {
        self.req.body = body.as_bytes();
        self
    }
    fn query(mut self, query: &'a str) -> Self {
        self.req.query = query;
        self
    }
    fn on(self, fx: &Fixture) -> Response {
        api::handle(&fx.portal, &self.req)
    }
}

fn json<T: serde::de::DeserializeOwned>(r: &Response) -> T {
    serde_json::from_slice(&r.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&r.body)))
}

fn problem(r: &Response) -> ErrorBody {
    assert!(r.status >= 400, "{} {}", r.status, String::from_utf8_lossy(&r.body));
    json(r)
}

fn path(fx: &Fixture, rest: &str) -> String {
    format!("/api/v1/accounts/{}{rest}", fx.account)
}

#[test]
fn every_operation_has_exactly_one_route_and_no_two_routes_overlap() {
    let ops: HashSet<Op> = ROUTES.iter().map(|r| r.op).collect();
    assert_eq!(ops.len(), ROUTES.len(), "an operation with two routes");
    let ids: HashSet<&str> = ROUTES.iter().map(|r| r.operation_id).collect();
    assert_eq!(ids.len(), ROUTES.len(), "two routes with one operation ID");
    for r in ROUTES {
        let sample = r.fill(&r.params().map(|_| RANDOM).collect::<Vec<_>>());
        let (found, params) = api::find(r.method.as_str(), &format!("{}{sample}", api::PREFIX)).unwrap();
        assert_eq!(found.op, r.op, "{sample} reaches another operation");
        assert_eq!(params.len(), r.params().count());
        assert!(!r.keyed || r.method != api::Method::Get, "{:?}: a read takes no key", r.op);
    }
    assert_eq!(api::find("GET", "/api/v1/nothing/here"), Err(404));
    assert_eq!(api::find("PATCH", "/api/v1/me/accounts"), Err(405));
    assert_eq!(api::find("GET", "/me/accounts"), Err(404));
}

// DOMAIN: API-4, AUTH-6
#[test]
fn a_contact_signs_in_by_the_api_and_every_later_call_takes_the_bearer_token() {
    let fx = Fixture::with_config(default_sessions());
    let body = format!(r#"{{"user_id":"{CONTACT_USERNAME}","password":"{PASSWORD}"}}"#);
    let r = call("POST", "/api/v1/sessions").body(&body).on(&fx);
    assert_eq!(r.status, 201);
    let session: serde_json::Value = json(&r);
    let token = session["token"].as_str().unwrap().to_owned();
    assert!(token.len() >= 32);
    let r = call("GET", "/api/v1/me/accounts").bearer(&token).on(&fx);
    assert_eq!(r.status, 200);
    assert!(String::from_utf8_lossy(&r.body).contains(&fx.account.to_string()));

    let wrong = call("POST", "/api/v1/sessions").body(r#"{"user_id":"ap.admin","password":"nope nope nope"}"#).on(&fx);
    assert_eq!((wrong.status, problem(&wrong).code.as_str()), (401, "invalid_credentials"));
    let none = call("GET", "/api/v1/me/accounts").on(&fx);
    assert_eq!((none.status, problem(&none).code.as_str()), (401, "unauthenticated"));

    assert_eq!(call("DELETE", "/api/v1/sessions/current").bearer(&token).on(&fx).status, 204);
    let ended = call("GET", &path(&fx, "")).bearer(&token).on(&fx);
    assert_eq!((ended.status, problem(&ended).code.as_str()), (401, "unauthenticated"));

    // An expired session is refused like an ended one.
    let live = fx.session.token.expose().to_owned();
    fx.clock.advance(Duration::hours(13));
    let expired = call("GET", &path(&fx, "")).bearer(&live).on(&fx);
    assert_eq!((expired.status, problem(&expired).code.as_str()), (401, "unauthenticated"));
}

// DOMAIN: API-4
#[test]
fn accepting_a_quote_twice_with_one_key_gives_one_invoice_and_the_first_answer() {
    let fx = Fixture::new();
    let token = fx.session.token.expose().to_owned();
    let quote = fx.issue_quote(fx.account);
    let accept = path(&fx, &format!("/quotes/{}/accept", quote.id));
    let first = call("POST", &accept).bearer(&token).key("accept-1").body("{}").on(&fx);
    assert_eq!(first.status, 201, "{}", String::from_utf8_lossy(&first.body));
    assert!(!first.replayed);
    let again = call("POST", &accept).bearer(&token).key("accept-1").body("{}").on(&fx);
    assert_eq!((again.status, &again.body, again.replayed), (201, &first.body, true));
    let invoice: Invoice = json(&again);
    let listed: Vec<InvoiceSummary> = json(&call("GET", &path(&fx, "/invoices")).bearer(&token).on(&fx));
    assert_eq!(listed.iter().map(|i| i.id).collect::<Vec<_>>(), vec![invoice.id]);

    // Another body under the same key is refused, and changes nothing.
    let other = call("POST", &accept).bearer(&token).key("accept-1").body(r#"{"purchase_order":"PO-1"}"#).on(&fx);
    let e = problem(&other);
    assert_eq!((other.status, e.code.as_str(), e.field.as_deref()), (422, "invalid_input", Some("Idempotency-Key")));
    // Without the key, the second acceptance meets the decided quote.
    let unkeyed = call("POST", &accept).bearer(&token).body("{}").on(&fx);
    assert_eq!((unkeyed.status, problem(&unkeyed).code.as_str()), (409, "conflict"));
    assert_eq!(fx.portal.invoices(&fx.contact(), fx.account).unwrap().len(), 1);
}

// DOMAIN: API-4
#[test]
fn a_key_is_kept_a_day_for_its_caller_only_then_forgotten() {
    let fx = Fixture::with_config(default_sessions());
    let pos = path(&fx, "/purchase-orders");
    let body = r#"{"number":"PO-77","expires_on":"2027-12-31"}"#;
    let token = fx.session.token.expose().to_owned();
    let first = call("POST", &pos).bearer(&token).key("po").body(body).on(&fx);
    assert_eq!(first.status, 201);
    // A day less an hour later, in a new session of the same login: the first answer.
    fx.clock.advance(Duration::hours(23));
    let token = fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap().token.expose().to_owned();
    let replay = call("POST", &pos).bearer(&token).key("po").body(body).on(&fx);
    assert!(replay.replayed);
    assert_eq!((replay.status, &replay.body), (201, &first.body));
    // Another caller's key of the same name is its own: the request runs, and meets the number.
    let staff = call("POST", &pos).as_(fx.services()).key("po").body(body).on(&fx);
    assert_eq!((staff.status, staff.replayed), (409, false));
    // Past a day the key is forgotten, and the request runs again.
    fx.clock.advance(Duration::hours(2));
    let token = fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap().token.expose().to_owned();
    let late = call("POST", &pos).bearer(&token).key("po").body(body).on(&fx);
    assert_eq!((late.status, late.replayed), (409, false));
    assert_eq!(fx.portal.purchase_orders(&fx.services(), fx.account).unwrap().len(), 1);
    // A key whose request failed for the session stays free.
    let gone = call("POST", &pos).bearer("not-a-session").key("fresh").body(body).on(&fx);
    assert_eq!(gone.status, 401);
    let _: PurchaseOrder = json(&first);
}

// DOMAIN: API-4, API-2
#[test]
fn errors_carry_the_status_the_code_the_message_and_the_field() {
    let fx = Fixture::new();
    let token = fx.session.token.expose().to_owned();
    let before = fx.snapshot();
    let bad = call("PUT", &path(&fx, "/phone")).bearer(&token).key("p1").body(r#"{"phone":"12"}"#).on(&fx);
    let e = problem(&bad);
    assert_eq!((bad.status, e.code.as_str(), e.field.as_deref()), (422, "invalid_input", Some("phone")));
    assert!(!e.message.is_empty());
    assert_eq!(fx.snapshot().rows("accounts"), before.rows("accounts"));
    let good = call("PUT", &path(&fx, "/phone")).bearer(&token).key("p2").body(r#"{"phone":"+49 30 7654321"}"#).on(&fx);
    assert_eq!(good.status, 200);
    assert_eq!(json::<serde_json::Value>(&good)["phone"], "+49307654321");

    let not_json = call("PUT", &path(&fx, "/phone")).bearer(&token).body("{phone:").on(&fx);
    let e = problem(&not_json);
    assert_eq!((not_json.status, e.field.as_deref()), (422, Some("body")));
    let typo = call("PUT", &path(&fx, "/phone")).bearer(&token).body(r#"{"phon":"+49 30 7654321"}"#).on(&fx);
    assert_eq!(problem(&typo).field.as_deref(), Some("body"));
    let key = call("PUT", &path(&fx, "/phone")).bearer(&token).key("bad key").body("{}").on(&fx);
    assert_eq!(problem(&key).field.as_deref(), Some("Idempotency-Key"));
    let method = call("PATCH", &path(&fx, "/phone")).bearer(&token).on(&fx);
    assert_eq!((method.status, problem(&method).code.as_str()), (405, "method_not_allowed"));
    let huge = "x".repeat(api::MAX_JSON_BODY + 1);
    let large = call("PUT", &path(&fx, "/phone")).bearer(&token).body(&huge).on(&fx);
    assert_eq!((large.status, problem(&large).code.as_str()), (413, "payload_too_large"));
}

// DOMAIN: API-4, PRIV-2
#[test]
fn another_accounts_object_is_not_found_exactly_like_an_unknown_id() {
    let fx = Fixture::new();
    let other = fx.other_company();
    let theirs = fx.portal.issue_quote(&fx.other_rep(), other.account, &fx.new_quote()).unwrap();
    let token = fx.session.token.expose().to_owned();
    let foreign = call("GET", &path(&fx, &format!("/quotes/{}", theirs.id))).bearer(&token).on(&fx);
    let unknown = call("GET", &path(&fx, &format!("/quotes/{RANDOM}"))).bearer(&token).on(&fx);
    let malformed = call("GET", &path(&fx, "/quotes/not-an-id")).bearer(&token).on(&fx);
    assert_eq!(foreign.status, 404);
    assert_eq!((foreign.status, &foreign.body), (unknown.status, &unknown.body));
    assert_eq!((foreign.status, &foreign.body), (malformed.status, &malformed.body));
}

// DOMAIN: API-4
#[test]
fn an_account_user_calling_a_contacts_operation_is_forbidden() {
    let fx = Fixture::new();
    let quote = fx.issue_quote(fx.account);
    let r = call("POST", &path(&fx, &format!("/quotes/{}/accept", quote.id))).as_(fx.user()).key("u").on(&fx);
    assert_eq!((r.status, problem(&r).code.as_str()), (403, "forbidden"));
    let r = call("GET", &path(&fx, "")).as_(fx.user()).on(&fx);
    assert_eq!(r.status, 200, "an account user sees the account");
    let q: Quote = json(&call("GET", &path(&fx, &format!("/quotes/{}", quote.id))).as_(fx.rep()).on(&fx));
    assert_eq!(q.id, quote.id);
}

// DOMAIN: API-4
#[test]
fn documents_travel_as_bytes_with_their_media_type_and_file_name_and_dates_as_days() {
    let fx = Fixture::new();
    let invoice = fx.invoice();
    let token = fx.session.token.expose().to_owned();
    let pdf = call("GET", &path(&fx, &format!("/invoices/{}/print/pdf", invoice.id))).bearer(&token).on(&fx);
    assert_eq!((pdf.status, pdf.content_type.as_str()), (200, "application/pdf"));
    assert!(pdf.body.starts_with(b"%PDF-") && pdf.file_name.as_deref().is_some_and(|n| n.ends_with(".pdf")));
    let xml = call("GET", &path(&fx, &format!("/invoices/{}/e-invoice/factur_x", invoice.id))).bearer(&token).on(&fx);
    assert_eq!((xml.status, xml.content_type.as_str()), (200, "application/xml"));
    let bad = call("GET", &path(&fx, &format!("/invoices/{}/print/docx", invoice.id))).bearer(&token).on(&fx);
    assert_eq!(problem(&bad).field.as_deref(), Some("format"));
    let shown: serde_json::Value =
        json(&call("GET", &path(&fx, &format!("/invoices/{}", invoice.id))).bearer(&token).on(&fx));
    assert_eq!(shown["issue_date"], serde_json::json!(fx.today().to_string()));
}

// DOMAIN: API-4
#[test]
fn vendor_lists_read_their_filter_from_the_query_and_refuse_what_they_do_not_know() {
    let fx = Fixture::new();
    fx.invoice();
    let all = call("GET", "/api/v1/vendor/invoices").as_(fx.services()).on(&fx);
    assert_eq!(all.status, 200);
    assert_eq!(json::<serde_json::Value>(&all)["items"].as_array().unwrap().len(), 1);
    let paid = call("GET", "/api/v1/vendor/invoices").query("status=paid&overdue=false").as_(fx.services()).on(&fx);
    assert_eq!(json::<serde_json::Value>(&paid)["items"].as_array().unwrap().len(), 0);
    let unknown = call("GET", "/api/v1/vendor/invoices").query("colour=red").as_(fx.services()).on(&fx);
    assert_eq!(problem(&unknown).field.as_deref(), Some("colour"));
    let flag = call("GET", "/api/v1/vendor/accounts").query("auto_renew=yes").as_(fx.services()).on(&fx);
    assert_eq!(problem(&flag).field.as_deref(), Some("auto_renew"));
    let contact = call("GET", "/api/v1/vendor/invoices").bearer(fx.session.token.expose()).on(&fx);
    assert_eq!(contact.status, 403);
}

/// Bodies a hostile or broken client sends.
fn hostile_bodies() -> Vec<Vec<u8>> {
    let mut bodies: Vec<Vec<u8>> = [
        "",
        "null",
        "[]",
        "{",
        "\"\"",
        "{}",
        "1e999999",
        r#"{"phone":null,"email":[],"date":"2026-02-30","number":"\u0000","reason":"\u202e"}"#,
        r#"{"type":"nothing_we_know"}"#,
        r#"{"user_id":"ap.admin","password":"x","extra":1}"#,
        r#"{"expected_version":9223372036854775808,"number":"PO","expires_on":"9999-99-99"}"#,
        r#"{"on":"2026-01-01","reason":"because"}"#,
        r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>"#,
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    bodies.push(vec![0xff, 0xfe, 0x00, 0x80]);
    bodies.push(format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes());
    bodies.push(format!(r#"{{"phone":"{}"}}"#, "9".repeat(60_000)).into_bytes());
    bodies
}

// DOMAIN: API-2, API-4
#[test]
fn hostile_bodies_on_every_route_get_a_4xx_never_a_5xx() {
    let fx = Fixture::new();
    let invoice = fx.invoice();
    let quote = fx.issue_quote(fx.account);
    let token = fx.session.token.expose().to_owned();
    let account = fx.account.to_string();
    for route in ROUTES {
        let values: Vec<String> = route
            .params()
            .map(|p| match p {
                "account" => account.clone(),
                "quote" => quote.id.to_string(),
                "invoice" => invoice.id.to_string(),
                "format" => "pdf".into(),
                "profile" => "xrechnung".into(),
                _ => RANDOM.into(),
            })
            .collect();
        let target = format!("{}{}", api::PREFIX, route.fill(&values.iter().map(String::as_str).collect::<Vec<_>>()));
        for (i, body) in hostile_bodies().iter().enumerate() {
            let key = format!("hostile-{i}");
            for who in [Some(fx.services()), Some(fx.user()), None] {
                let mut req = Request::new(route.method.as_str(), &target);
                req.body = body;
                req.idempotency_key = Some(&key);
                req.query = "limit=abc";
                match &who {
                    Some(c) => req.asserted = Some(c.clone()),
                    None => req.bearer = Some(&token),
                }
                let r = api::handle(&fx.portal, &req);
                assert!(r.status < 500 || r.status == 501, "{:?} {who:?} body {i}: {}", route.op, r.status);
                if r.status >= 400 {
                    let e = problem(&r);
                    assert!(!e.code.is_empty() && !e.message.is_empty());
                }
            }
        }
    }
}
