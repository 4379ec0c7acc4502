//! The portal's security at the HTTP level, without a browser: a form posted without its CSRF
//! token is refused before the library sees it, the session cookie carries its flags, every page
//! carries a strict CSP, the session token appears in no URL or page, signing out ends the
//! session in the library and not just in the browser, and the PDF and the e-invoice come from
//! the library. One portal (seeded once) serves every check, in order.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::{Portal, Response, enc, request};

const USERNAME: &str = "dana.w";
const PASSWORD: &str = "lighthouse copper meadow 42";

/// A visitor's cookies, kept like a browser keeps them.
#[derive(Default)]
struct Jar(Vec<(String, String)>);

impl Jar {
    fn header(&self) -> String {
        self.0.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn take(&mut self, r: &Response) {
        for c in r.all("set-cookie") {
            let pair = c.split(';').next().unwrap_or_default();
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            self.0.retain(|(n, _)| n != name);
            if !value.is_empty() && !c.contains("Max-Age=0") {
                self.0.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn go(&mut self, portal: &Portal, method: &str, path: &str, form: Option<&str>) -> Response {
        let r = request(portal, method, path, &self.header(), form);
        self.take(&r);
        r
    }
}

fn sign_in(portal: &Portal, jar: &mut Jar) -> Response {
    let page = jar.go(portal, "GET", "/sign-in", None);
    let csrf = page.field("csrf").expect("the sign-in form carries a CSRF token");
    let form = format!("csrf={}&user_id={}&password={}", enc(&csrf), enc(USERNAME), enc(PASSWORD));
    jar.go(portal, "POST", "/sign-in", Some(&form))
}

#[test]
fn the_portal_refuses_forms_without_their_token_and_keeps_the_session_in_a_flagged_cookie() {
    let portal = Portal::start();
    let mut jar = Jar::default();

    // A sign-in without the token is refused before the library checks the password.
    let page = jar.go(&portal, "GET", "/sign-in", None);
    assert_eq!(page.status, 200);
    let form = format!("user_id={}&password={}", enc(USERNAME), enc(PASSWORD));
    let refused = jar.go(&portal, "POST", "/sign-in", Some(&form));
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.body.contains("This form has expired or did not come from this portal"));
    assert_eq!(refused.set_cookie("cb_session"), None, "no session without the token");
    // A token of another browser's cookie is refused too.
    let forged = format!("csrf={}&{form}", enc("not-a-token-of-this-cookie"));
    assert_eq!(jar.go(&portal, "POST", "/sign-in", Some(&forged)).status, 403);

    // The session token lives in an HttpOnly, SameSite=Lax cookie; on plain-HTTP loopback it
    // cannot be Secure (see README), which the unit tests of app.rs and security.rs cover.
    let signed_in = sign_in(&portal, &mut jar);
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    assert_eq!(signed_in.header("location"), Some("/accounts"));
    let cookie = signed_in.all("set-cookie").into_iter().find(|c| c.starts_with("cb_session=")).unwrap().to_owned();
    let token = jar.get("cb_session").unwrap().to_owned();
    assert_eq!(cookie, format!("cb_session={token}; Path=/; HttpOnly; SameSite=Lax"));
    assert!(!signed_in.header("location").unwrap().contains(&token));

    // Every page: a strict CSP, and the token in no page or link.
    let accounts = jar.go(&portal, "GET", "/accounts", None);
    assert_eq!(accounts.status, 200);
    let csp = accounts.header("content-security-policy").unwrap();
    assert!(csp.starts_with("default-src 'none'") && !csp.contains("unsafe"), "{csp}");
    assert_eq!(accounts.header("cache-control"), Some("no-store"));
    assert!(!accounts.body.contains(&token));
    let account = accounts.body.split("href=\"/accounts/").nth(1).unwrap().split('"').next().unwrap().to_owned();

    // With the session, a change without the token is refused and changes nothing.
    let billing = jar.go(&portal, "GET", &format!("/accounts/{account}/billing"), None);
    assert!(billing.body.contains("200 Innovation Way"));
    let change = "line1=1+Forged+Street&city=Boston&region=MA&postal_code=02110";
    let path = format!("/accounts/{account}/billing/address");
    assert_eq!(jar.go(&portal, "POST", &path, Some(change)).status, 403);
    let billing = jar.go(&portal, "GET", &format!("/accounts/{account}/billing"), None);
    assert!(billing.body.contains("200 Innovation Way") && !billing.body.contains("Forged"));
    // With it, the same change goes through.
    let csrf = billing.field("csrf").unwrap();
    let saved = jar.go(&portal, "POST", &path, Some(&format!("csrf={}&{change}", enc(&csrf))));
    assert_eq!(saved.status, 303);
    assert!(jar.go(&portal, "GET", &format!("/accounts/{account}/billing"), None).body.contains("1 Forged Street"));

    // The W-9 for the US account, as a PDF; the German account has none (DOC-1).
    // DOMAIN: DOC-1
    let w9 = jar.go(&portal, "GET", &format!("/accounts/{account}/w9"), None);
    assert_eq!(w9.status, 200);
    assert_eq!(w9.header("content-type"), Some("application/pdf"));
    assert!(w9.body.starts_with("%PDF-"));
    let german = accounts.body.split("href=\"/accounts/").nth(2).unwrap().split('"').next().unwrap().to_owned();
    let overview = jar.go(&portal, "GET", &format!("/accounts/{german}"), None);
    assert!(overview.body.contains("Acme Robotik GmbH") && !overview.body.contains("/w9"));
    let refused = jar.go(&portal, "GET", &format!("/accounts/{german}/w9"), None);
    assert_eq!(refused.status, 404);
    assert!(refused.body.contains("not available"), "{}", refused.body);

    // Unknown paths and oversized forms get a page of the portal, with its header and a way
    // back, not the browser's own empty one.
    // DOMAIN: DOCS-2
    let lost = jar.go(&portal, "GET", "/no/such/page", None);
    assert_eq!(lost.status, 404);
    assert!(
        lost.body.contains("There is no page at this address") && lost.body.contains("id=\"sign-out\""),
        "{}",
        lost.body
    );
    let huge = jar.go(&portal, "POST", "/sign-out", Some(&"x".repeat(1 << 20)));
    assert_eq!(huge.status, 413);
    assert!(huge.body.contains("more than the portal accepts"), "{}", huge.body);

    let invoices = jar.go(&portal, "GET", &format!("/accounts/{account}/invoices"), None);
    let invoice = invoices.body.split(&format!("href=\"/accounts/{account}/invoices/")).nth(1).unwrap();
    let invoice = invoice.split('"').next().unwrap().to_owned();
    // The PDF of the newest invoice, as the library prints it: PDF/A-3 with the e-invoice inside.
    // DOMAIN: EINV-3
    let pdf = jar.go(&portal, "GET", &format!("/accounts/{account}/invoices/{invoice}/pdf"), None);
    assert_eq!(pdf.status, 200, "{}", pdf.body);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.header("content-disposition").unwrap().starts_with("attachment; filename=\"NW-"));
    assert!(pdf.body.starts_with("%PDF-") && pdf.body.contains("factur-x.xml"));

    // The e-invoice of the newest invoice, as the library exports it.
    // DOMAIN: EINV-1
    let xml =
        jar.go(&portal, "GET", &format!("/accounts/{account}/invoices/{invoice}/e-invoice?profile=factur_x"), None);
    assert_eq!(xml.status, 200, "{}", xml.body);
    assert_eq!(xml.header("content-type"), Some("application/xml"));
    assert!(xml.header("content-disposition").unwrap().starts_with("attachment; filename=\"NW-"));
    assert!(xml.body.contains("CrossIndustryInvoice") && xml.body.contains("urn:cen.eu:en16931:2017"));
    // XRechnung needs a buyer reference, which the demo's accounts have none of: the library's
    // refusal, in words, with the rule it names.
    let xr =
        jar.go(&portal, "GET", &format!("/accounts/{account}/invoices/{invoice}/e-invoice?profile=xrechnung"), None);
    assert_eq!(xr.status, 400);
    assert!(xr.body.contains("Buyer reference: the e-invoice&#39;s rules require this (BR-DE-15)."), "{}", xr.body);

    // Signing out ends the session in the library: the old token no longer works anywhere.
    let page = jar.go(&portal, "GET", "/accounts", None);
    let csrf = page.field("csrf").unwrap();
    let out = jar.go(&portal, "POST", "/sign-out", Some(&format!("csrf={}", enc(&csrf))));
    assert_eq!(out.header("location"), Some("/sign-in?signed_out=1"));
    assert_eq!(jar.get("cb_session"), None);
    let replay = request(&portal, "GET", "/accounts", &format!("cb_session={token}"), None);
    assert_eq!(replay.status, 303);
    assert_eq!(replay.header("location"), Some("/sign-in?ended=1"));
}

#[test]
fn a_second_start_serves_what_the_first_seeded() {
    let portal = Portal::start();
    let mut jar = Jar::default();
    assert_eq!(sign_in(&portal, &mut jar).header("location"), Some("/accounts"));
    let before = jar.go(&portal, "GET", "/accounts", None).body;
    let account = before.split("href=\"/accounts/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let page = jar.go(&portal, "GET", &format!("/accounts/{account}/billing"), None);
    let form = format!("csrf={}&email={}", enc(&page.field("csrf").unwrap()), enc("ap@acme-robotics.example"));
    let added = jar.go(&portal, "POST", &format!("/accounts/{account}/billing/recipients/add"), Some(&form));
    assert_eq!(added.status, 303);

    // Killed, not stopped: what was committed is there, nothing is seeded again, and the session
    // lives in the database, not in the process.
    let portal = portal.restart();
    let after = jar.go(&portal, "GET", "/accounts", None);
    assert_eq!(after.status, 200, "the session survives the restart");
    assert_eq!(after.body.matches("href=\"/accounts/").count(), 2);
    assert!(after.body.contains(&account), "the same accounts, not a second seed");
    let billing = jar.go(&portal, "GET", &format!("/accounts/{account}/billing"), None);
    assert!(billing.body.contains("ap@acme-robotics.example"));
}

// DOMAIN: AUTH-7, PRIV-1
#[test]
fn the_mailbox_and_the_stand_in_staff_sign_in_are_served_only_with_demo_and_never_in_public() {
    // Off by default: both answer like any unknown page, while the real sign-in works.
    let portal = Portal::start_without_demo();
    let mut jar = Jar::default();
    for path in ["/demo/mailbox", "/staff/sign-in"] {
        assert_eq!(jar.go(&portal, "GET", path, None).status, 404, "{path}");
    }
    assert_eq!(sign_in(&portal, &mut jar).header("location"), Some("/accounts"));
    drop(portal);

    let demo = Portal::start();
    let mut jar = Jar::default();
    for path in ["/demo/mailbox", "/staff/sign-in"] {
        assert_eq!(jar.go(&demo, "GET", path, None).status, 200, "{path}");
    }
    drop(demo);

    // --demo with an address others can reach is refused before anything is served.
    for public in ["https://billing.vendor.example", "http://10.0.0.5:8080"] {
        let stderr = common::refused_start(&["--demo"], &[("PORTAL_PUBLIC_URL", public)]);
        assert!(stderr.contains("--demo") && stderr.contains("loopback"), "{public}: {stderr}");
    }
}

// DOMAIN: EINV-5, EINV-6
#[test]
fn the_billing_page_offers_only_the_e_invoice_formats_the_account_data_satisfies() {
    let portal = Portal::start();
    let mut jar = Jar::default();
    sign_in(&portal, &mut jar);
    let accounts = jar.go(&portal, "GET", "/accounts", None).body;
    let account = accounts.split("href=\"/accounts/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let path = format!("/accounts/{account}/billing");
    let page = jar.go(&portal, "GET", &path, None);
    assert!(page.body.contains("name=\"e_invoice_format\"") && !page.body.contains("value=\"peppol_bis_ubl\""));
    let form = |csrf: &str, reference: &str, scheme: &str, id: &str, format: &str| {
        format!(
            "csrf={}&buyer_vat_id=&buyer_reference={}&address_scheme={}&address_id={}&e_invoice_format={}",
            enc(csrf),
            enc(reference),
            enc(scheme),
            enc(id),
            enc(format)
        )
    };
    let csrf = page.field("csrf").unwrap();
    // A Norwegian organisation number with a wrong check digit is refused, the field named.
    let bad =
        jar.go(&portal, "POST", &format!("{path}/e-invoicing"), Some(&form(&csrf, "AP-1", "0192", "974760674", "")));
    assert_eq!(bad.status, 400);
    assert!(!jar.go(&portal, "GET", &path, None).body.contains("974760674"), "a refused form keeps nothing");
    let saved =
        jar.go(&portal, "POST", &format!("{path}/e-invoicing"), Some(&form(&csrf, "AP-1", "0192", "974760673", "")));
    assert_eq!(saved.status, 303);
    let page = jar.go(&portal, "GET", &path, None);
    assert!(page.body.contains("value=\"974760673\"") && page.body.contains("value=\"AP-1\""), "{}", page.body);
    // The demo issuer has no e-invoicing contact yet, so XRechnung and Peppol are not offered.
    assert!(!page.body.contains("value=\"xrechnung_cii\"") && page.body.contains("value=\"factur_x_pdf\""));
}

// DOMAIN: AUTH-7, PRIV-1
#[test]
fn a_demo_behind_a_proxy_serves_neither_the_mailbox_nor_the_stand_in_staff_sign_in() {
    use std::io::{Read, Write};
    // A proxy on this machine makes a loopback demo public while its address still reads
    // http://127.0.0.1: what it forwards says so.
    let demo = Portal::start();
    let status = |path: &str, header: &str| {
        let mut stream = std::net::TcpStream::connect(demo.authority()).unwrap();
        let req = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n{header}Connection: close\r\n\r\n", demo.authority());
        stream.write_all(req.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        String::from_utf8_lossy(&raw).split_whitespace().nth(1).unwrap_or_default().to_owned()
    };
    for path in ["/demo/mailbox", "/staff/sign-in"] {
        assert_eq!(status(path, ""), "200", "{path}");
        for header in [
            "X-Forwarded-For: 203.0.113.9\r\n",
            "Forwarded: for=203.0.113.9;proto=https\r\n",
            "X-Forwarded-Host: billing.vendor.example\r\n",
            "X-Real-IP: 203.0.113.9\r\n",
        ] {
            assert_eq!(status(path, header), "404", "{path} with {header}");
        }
    }
    // A public address that merely starts like a loopback one is refused too.
    for public in ["http://127.billing.example", "http://localhost:@billing.example"] {
        let stderr = common::refused_start(&["--demo"], &[("PORTAL_PUBLIC_URL", public)]);
        assert!(stderr.contains("--demo") && stderr.contains("loopback"), "{public}: {stderr}");
    }
}
