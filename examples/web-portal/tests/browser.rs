//! The seed's journeys through the portal in a real headless Chromium, driven over WebDriver
//! (chromedriver) with fantoccini. Each journey ends with a screenshot under
//! `target/tmp/web-portal-screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver`: `scripts/test-web-portal` installs them when
//! missing and runs this file (`cargo test -p corporate-billing-web --test browser -- --ignored`).
//! `CHROMIUM` and `CHROMEDRIVER` name other binaries.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::{Portal, wait_until};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const USERNAME: &str = "dana.w";
const EMAIL: &str = "dana.whitfield@acme-robotics.example";
const PASSWORD: &str = "lighthouse copper meadow 42";
const NEW_PASSWORD: &str = "harbor violet engine quartz 17";
/// The library's one answer to every failed sign-in (AUTH-2).
const INVALID: &str = "Invalid User ID/password.";

/// A chromedriver on a free port; stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("{binary} does not start ({e}): run scripts/test-web-portal, which installs it")
            });
        let driver = Driver { child, url: format!("http://127.0.0.1:{port}") };
        wait_until(Duration::from_secs(20), "chromedriver", || TcpStream::connect(("127.0.0.1", port)).is_ok());
        driver
    }

    /// A new browser (its own profile and cookies) that asks for `languages` first.
    async fn browser(&self, languages: &str) -> Client {
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,960", "--hide-scrollbars", format!("--lang={languages}")],
                "prefs": { "intl.accept_languages": languages },
            },
        });
        let serde_json::Value::Object(caps) = caps else { unreachable!() };
        ClientBuilder::new(HttpConnector::new()).capabilities(caps).connect(&self.url).await.expect("a browser session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser on one portal, and the helpers the journeys share.
struct Visit<'a> {
    c: Client,
    portal: &'a Portal,
}

impl Visit<'_> {
    async fn go(&self, path: &str) {
        self.c.goto(&format!("{}{path}", self.portal.url)).await.unwrap();
    }

    async fn el(&self, css: &str) -> Element {
        match self.c.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css(css)).await {
            Ok(el) => el,
            Err(e) => panic!("no {css} on {}: {e}", self.path().await),
        }
    }

    async fn text(&self, css: &str) -> String {
        self.el(css).await.text().await.unwrap()
    }

    async fn fill(&self, css: &str, value: &str) {
        let field = self.el(css).await;
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    /// Clicks what does not leave the page (a radio button, a summary).
    async fn press(&self, css: &str) {
        self.el(css).await.click().await.unwrap();
    }

    /// Clicks a button or link that loads another page, and waits until it has: a click
    /// returns before the form's navigation is done, so the old page must be gone first.
    async fn click_into(&self, target: Element) {
        let old = self.c.find(Locator::Css("html")).await.unwrap();
        target.click().await.unwrap();
        let started = Instant::now();
        while old.tag_name().await.is_ok() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "no new page after the click on {}",
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        while self.c.execute("return document.readyState", vec![]).await.ok() != Some(json!("complete")) {
            assert!(started.elapsed() < Duration::from_secs(15), "the page does not finish loading");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    async fn click(&self, css: &str) {
        self.click_into(self.el(css).await).await;
    }

    async fn link(&self, text: &str) {
        let link = self.c.find(Locator::LinkText(text)).await.unwrap_or_else(|e| panic!("no link {text}: {e}"));
        self.click_into(link).await;
    }

    async fn path(&self) -> String {
        let url = self.c.current_url().await.unwrap();
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    async fn sign_in(&self, user_id: &str, password: &str) {
        self.go("/sign-in").await;
        self.fill("#user_id", user_id).await;
        self.fill("#password", password).await;
        self.click("#sign-in").await;
    }

    /// Signs in as Dana and opens Acme Robotics; returns the account's path.
    async fn dana_at_acme(&self) -> String {
        self.sign_in(USERNAME, PASSWORD).await;
        let path = self.path().await;
        assert_eq!(path, "/accounts", "{}", self.text("main").await);
        self.link("Acme Robotics Inc.").await;
        self.path().await
    }

    /// Picks a person on the stand-in SSO page.
    async fn staff_sign_in(&self, person: &str) {
        self.go("/staff/sign-in").await;
        self.press(&format!("#person-{person}")).await;
        self.click("#staff-sign-in").await;
    }

    async fn sign_out(&self) {
        self.click("#sign-out").await;
        assert_eq!(self.path().await, "/sign-in?signed_out=1");
    }

    async fn shot(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("web-portal-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), self.c.screenshot().await.unwrap()).unwrap();
    }

    async fn forget_cookies(&self) {
        self.go("/sign-in").await;
        self.c.delete_all_cookies().await.unwrap();
    }
}

// ---- the journeys ----------------------------------------------------------------------------

// DOMAIN: AUTH-1, ACC-4
async fn sign_in_with_username_and_with_email(v: &Visit<'_>) {
    for user_id in [USERNAME, EMAIL] {
        v.sign_in(user_id, PASSWORD).await;
        assert_eq!(v.path().await, "/accounts", "signed in as {user_id}: {}", v.text("main").await);
        assert_eq!(v.text("h1").await, "Your accounts");
        let accounts = v.text("ul.accounts").await;
        assert!(accounts.contains("Acme Robotics Inc.") && accounts.contains("Acme Robotik GmbH"), "{accounts}");
        if user_id == EMAIL {
            v.shot("sign-in-with-email").await;
        }
        v.sign_out().await;
    }
}

// DOMAIN: AUTH-2
async fn wrong_password_and_unknown_user_read_alike(v: &Visit<'_>) {
    v.sign_in(USERNAME, "not the password at all").await;
    let wrong = v.text("#flash").await;
    v.sign_in("nobody.here@example.com", PASSWORD).await;
    let unknown = v.text("#flash").await;
    assert_eq!(wrong, INVALID);
    assert_eq!(unknown, wrong, "the same message for a wrong password and an unknown user ID (AUTH-2)");
    assert_eq!(v.path().await, "/sign-in");
    assert_eq!(v.el("#user_id").await.prop("value").await.unwrap().as_deref(), Some("nobody.here@example.com"));
    v.shot("sign-in-refused").await;
}

// DOMAIN: QUO-4, QUO-5, INV-2, INV-3
async fn accept_a_quote_with_a_po_and_see_its_invoice(v: &Visit<'_>) {
    let account = v.dana_at_acme().await;
    v.link("Quotes").await;
    v.link("Adds 5 seats").await;
    assert_eq!(v.text("#quote-status").await, "open");
    v.fill("#po", "PO-2026-0042").await;
    v.click("#accept").await;
    let invoice = v.path().await;
    assert!(invoice.starts_with(&format!("{account}/invoices/")) && invoice.ends_with("?accepted=1"), "{invoice}");
    assert!(v.text("#flash").await.starts_with("You accepted the quote."));
    assert_eq!(v.text("#invoice-po").await, "PO-2026-0042");
    assert_eq!(v.text("#total").await, "5,259.38 USD");
    let number = v.text("h1").await.trim_start_matches("Invoice ").to_owned();
    assert_eq!(v.text("a[href$='/pdf']").await, "PDF (with e-invoice)");
    let xml = v.el("a[href$='/e-invoice?profile=factur_x']").await;
    assert_eq!(xml.text().await.unwrap(), "E-invoice (XML, EN 16931)");
    v.shot("quote-accepted").await;

    // It heads the list of the last invoices, and prints as the library renders it.
    v.link("Invoices").await;
    let first = v.text("#invoices tbody tr").await;
    assert!(first.starts_with(&number) && first.contains("5,259.38 USD"), "{first}");
    v.link(&number).await;
    v.click("#print").await;
    let printed = v.c.source().await.unwrap();
    assert!(printed.contains(&number) && printed.contains("PO-2026-0042"), "the printable invoice");
    v.shot("invoice-printable").await;
    v.c.back().await.unwrap();
    v.sign_out().await;
}

// DOMAIN: QUO-3
async fn decline_a_quote_with_a_reason(v: &Visit<'_>) {
    v.dana_at_acme().await;
    v.link("Quotes").await;
    v.link("Plan Enterprise at 1,428.00 USD per seat and year").await;
    v.fill("#reason", "Budget frozen until the next fiscal year").await;
    v.click("#decline").await;
    assert!(v.path().await.ends_with("?declined=1"));
    assert_eq!(v.text("#flash").await, "You declined the quote.");
    assert_eq!(v.text("#quote-status").await, "declined");
    assert_eq!(v.text("#decline-reason").await, "Budget frozen until the next fiscal year");
    assert!(v.c.find_all(Locator::Css("#accept, #decline")).await.unwrap().is_empty(), "no more decisions");
    v.shot("quote-declined").await;
    v.sign_out().await;
}

// DOMAIN: ADDR-1, ADDR-2, PO-1
async fn change_the_address_with_the_country_locked(v: &Visit<'_>) {
    v.dana_at_acme().await;
    v.link("Billing data").await;
    let country = v.el("#country").await;
    assert_eq!(country.prop("value").await.unwrap().as_deref(), Some("US"));
    assert!(!country.is_enabled().await.unwrap(), "the country field is locked");
    assert!(v.c.find_all(Locator::Css("input[name='country']")).await.unwrap().is_empty(), "and is not posted");
    v.fill("#line2", "Building 4, Dock C").await;
    v.fill("#city", "Cambridge").await;
    v.fill("#postal_code", "02139").await;
    v.click("#save-address").await;
    assert_eq!(v.text("#flash").await, "The billing address was saved.");
    assert_eq!(v.el("#line2").await.prop("value").await.unwrap().as_deref(), Some("Building 4, Dock C"));
    assert_eq!(v.el("#city").await.prop("value").await.unwrap().as_deref(), Some("Cambridge"));
    assert!(!v.el("#country").await.is_enabled().await.unwrap());
    assert_eq!(v.el("#country").await.prop("value").await.unwrap().as_deref(), Some("US"));
    v.shot("billing-data").await;

    v.fill("#phone", "(617) 555-0199").await;
    v.click("#save-phone").await;
    assert_eq!(v.text("#flash").await, "The phone number was saved.");
    assert_eq!(v.el("#phone").await.prop("value").await.unwrap().as_deref(), Some("+16175550199"), "kept in E.164");
    let today = time::OffsetDateTime::now_utc().date();
    let (expires, extended) =
        ((today + time::Duration::days(200)).to_string(), (today + time::Duration::days(400)).to_string());
    v.fill("#po-new", "PO-7788").await;
    // A date input's typing follows the browser's locale; the value itself is ISO 8601.
    v.c.execute(&format!("document.getElementById('po-new-exp').value = '{expires}'"), vec![]).await.unwrap();
    v.click("#add-po").await;
    assert_eq!(v.text("#flash").await, "The purchase order was saved.");
    let po = v.el("input[value='PO-7788']").await;
    let id = po.attr("id").await.unwrap().unwrap().trim_start_matches("po-").to_owned();
    assert_eq!(v.el(&format!("#po-exp-{id}")).await.prop("value").await.unwrap(), Some(expires));
    // Edited in place: a new number and a later expiry.
    v.fill(&format!("#po-{id}"), "PO-7788-A").await;
    v.c.execute(&format!("document.getElementById('po-exp-{id}').value = '{extended}'"), vec![]).await.unwrap();
    v.click(&format!("form:has(#po-{id}) button[type='submit']")).await;
    assert_eq!(v.text("#flash").await, "The purchase order was saved.");
    assert_eq!(v.el(&format!("#po-{id}")).await.prop("value").await.unwrap().as_deref(), Some("PO-7788-A"));
    assert_eq!(v.el(&format!("#po-exp-{id}")).await.prop("value").await.unwrap(), Some(extended));
    v.link("Overview").await;
    assert!(v.text("dl.facts").await.contains("Building 4, Dock C"));
    v.sign_out().await;
}

// DOMAIN: REC-1
async fn add_and_remove_a_recipient(v: &Visit<'_>) {
    v.dana_at_acme().await;
    v.link("Billing data").await;
    assert!(v.text("#no-recipients").await.starts_with("No further recipients"));
    v.fill("#recipient", "ap@acme-robotics.example").await;
    v.click("#add-recipient").await;
    assert_eq!(v.text("#flash").await, "The recipient was added.");
    assert!(v.text("#recipients").await.contains("ap@acme-robotics.example"));
    v.shot("recipient-added").await;
    v.click("button[aria-label='Remove ap@acme-robotics.example']").await;
    assert_eq!(v.text("#flash").await, "The recipient was removed.");
    assert!(v.c.find_all(Locator::Css("#recipients")).await.unwrap().is_empty());
    v.sign_out().await;
}

/// A card is kept as the processor's token, brand, last four digits and expiry; then a wire
/// transfer, chosen without any details.
// DOMAIN: PAY-2, PAY-3
async fn change_the_payment_method(v: &Visit<'_>) {
    v.dana_at_acme().await;
    v.link("Billing data").await;
    v.press("details:nth-of-type(1) summary").await;
    v.fill("#card_token", "tok_1QdemoVisa").await;
    v.el("#card_brand").await.select_by_value("visa").await.unwrap();
    v.fill("#card_last4", "4242").await;
    v.fill("#card_month", "12").await;
    v.fill("#card_year", &(time::OffsetDateTime::now_utc().year() + 3).to_string()).await;
    v.click("form:has(#card_token) button[type='submit']").await;
    assert_eq!(v.text("#flash").await, "The payment method was saved.");
    let now = v.text("#payment-now").await;
    assert!(now.contains("4242") && !now.contains("tok_1QdemoVisa"), "{now}");
    v.shot("payment-method").await;
    v.press("details:nth-of-type(4) summary").await;
    v.press("#kind-wire_transfer").await;
    v.click("form:has(#kind-wire_transfer) button[type='submit']").await;
    assert_eq!(v.text("#flash").await, "The payment method was saved.");
    assert!(v.text("#payment-now").await.to_lowercase().contains("wire"), "{}", v.text("#payment-now").await);
    v.sign_out().await;
}

/// The contact submits a request, Account Services completes it, the contact sees it completed;
/// the sales rep issues a quote, which the contact then finds.
// DOMAIN: SR-2, QUO-1
async fn submit_a_request_and_the_staff_view(v: &Visit<'_>) {
    v.dana_at_acme().await;
    v.link("Requests").await;
    v.press("#other summary").await;
    v.fill("#v-other", "Please add our cost centre 4711 to every invoice.").await;
    v.click("#submit-other").await;
    assert_eq!(v.text("#flash").await, "Your request was sent to Account Services.");
    let row = v.text("#requests tbody tr").await;
    assert!(row.contains("Other: Please add our cost centre 4711") && row.contains("open"), "{row}");
    v.shot("request-submitted").await;
    v.sign_out().await;

    v.staff_sign_in("services").await;
    assert!(v.text("header.top").await.contains("Morgan Lee"));
    let accounts = v.text("ul.accounts").await;
    assert!(accounts.contains("Acme Robotics Inc.") && accounts.contains("Acme Robotik GmbH"), "{accounts}");
    v.link("Acme Robotics Inc.").await;
    v.link("Requests").await;
    let form = v.el(".inline-form").await;
    form.find(Locator::Css("input[name='note']")).await.unwrap().send_keys("Cost centre added.").await.unwrap();
    v.click_into(form.find(Locator::Css("button.complete")).await.unwrap()).await;
    assert!(v.text("#flash").await.starts_with("The request was decided"));
    v.shot("staff-request-completed").await;
    v.sign_out().await;

    v.staff_sign_in("rep").await;
    v.link("Acme Robotics Inc.").await;
    v.link("Quotes").await;
    v.fill("#description", "2 training seats").await;
    v.fill("#quantity", "2").await;
    v.fill("#unit_price", "990").await;
    v.fill("#vat_rate", "6.25").await;
    v.fill("#seats", "2").await;
    v.click("#issue-quote").await;
    assert!(v.text("#flash").await.starts_with("The quote was issued"));
    v.shot("staff-quote-issued").await;
    v.sign_out().await;

    v.dana_at_acme().await;
    v.link("Requests").await;
    let row = v.text("#requests tbody tr").await;
    assert!(row.contains("completed") && row.contains("Cost centre added."), "{row}");
    v.link("Quotes").await;
    v.link("Adds 2 seats").await;
    assert_eq!(v.text("#total").await, "2,103.75 USD");
    v.sign_out().await;
}

// DOMAIN: PRIV-1, ACC-3
async fn an_account_user_cannot_reach_the_contacts_pages(v: &Visit<'_>) {
    v.staff_sign_in("sam").await;
    let account = v.path().await;
    assert!(account.starts_with("/accounts/"), "{account}");
    let page = v.text("main").await;
    assert!(page.contains("Business") && !page.contains("Dana"), "the overview, without the billing contact (PRIV-1)");
    assert_eq!(v.c.find_all(Locator::Css("nav.tabs li")).await.unwrap().len(), 1, "the overview tab only");
    v.shot("account-user").await;
    for section in ["/billing", "/quotes", "/invoices", "/requests"] {
        v.go(&format!("{account}{section}")).await;
        assert_eq!(v.text("h1").await, "Not permitted", "{section}");
    }
    v.go("/password/change").await;
    assert_eq!(v.path().await, "/sign-in");
    v.forget_cookies().await;
}

// DOMAIN: AUTH-6
async fn sign_out_ends_the_session(v: &Visit<'_>) {
    v.sign_in(USERNAME, PASSWORD).await;
    let cookie = v.c.get_named_cookie("cb_session").await.unwrap();
    // The token is for the browser alone: HttpOnly, SameSite=Lax (and Secure off only on
    // plain-HTTP loopback, where browsers would drop it), out of reach of any script.
    assert_eq!(cookie.http_only(), Some(true));
    assert_eq!(format!("{:?}", cookie.same_site()), "Some(Lax)");
    assert_eq!(cookie.path(), Some("/"));
    let script_sees = v.c.execute("return document.cookie", vec![]).await.unwrap();
    assert_eq!(script_sees, json!(""), "no cookie of the portal is readable by script");
    let token = cookie.value().to_owned();
    v.sign_out().await;
    assert_eq!(v.text("#flash").await, "You are signed out.");
    v.go("/accounts").await;
    assert_eq!(v.path().await, "/sign-in");

    // The old token, put back into the browser, opens nothing: the library ended the session.
    assert!(v.c.get_named_cookie("cb_session").await.is_err(), "the browser dropped it");
    v.c.add_cookie(cookie.clone()).await.unwrap();
    assert_eq!(v.c.get_named_cookie("cb_session").await.unwrap().value(), token);
    v.go("/accounts").await;
    assert_eq!(v.path().await, "/sign-in?ended=1");
    assert_eq!(v.text("#flash").await, "Your session has ended; please sign in again.");
    v.shot("session-ended").await;
    v.forget_cookies().await;
}

async fn a_form_without_its_csrf_token_is_refused(v: &Visit<'_>) {
    v.dana_at_acme().await;
    v.link("Billing data").await;
    v.c.execute("document.querySelectorAll(\"input[name='csrf']\").forEach(e => e.remove())", vec![]).await.unwrap();
    v.fill("#phone", "+1 617 555 0199").await;
    v.click("#save-phone").await;
    assert_eq!(v.text("h1").await, "Something went wrong");
    assert!(v.text("#message").await.starts_with("This form has expired or did not come from this portal."));
    v.shot("csrf-refused").await;
    v.c.back().await.unwrap();
    v.c.refresh().await.unwrap();
    assert_eq!(v.el("#phone").await.prop("value").await.unwrap().as_deref(), Some("+16175550199"), "unchanged");
    v.sign_out().await;
}

/// Forgot password -> the reset link from the outbox (the demo mailbox) -> a new password ->
/// sign in with it; the old one fails. Changes Dana's password, so it runs last.
// DOMAIN: AUTH-7, AUTH-8
async fn forgot_password_reset_link_new_password_sign_in(v: &Visit<'_>) {
    v.go("/sign-in").await;
    v.link("Forgot password?").await;
    v.fill("#user_id", USERNAME).await;
    v.click("#send-link").await;
    assert!(v.text("#flash").await.starts_with("If this user ID belongs to a billing contact"));
    v.go("/demo/mailbox").await;
    let mail = v.el("article.mail").await;
    assert!(mail.text().await.unwrap().contains(EMAIL));
    let link = mail.find(Locator::Css("a.mail-link")).await.unwrap();
    let href = link.attr("href").await.unwrap().unwrap();
    assert!(href.starts_with(&format!("{}/password#token=", v.portal.url)), "{href}");
    v.click_into(link).await;
    // The page's one script took the token out of the fragment, into the form.
    assert_eq!(v.path().await, "/password");
    assert!(v.c.current_url().await.unwrap().fragment().is_none(), "the token left the address bar");
    assert!(!v.el("#token").await.is_displayed().await.unwrap());
    v.fill("#new_password", NEW_PASSWORD).await;
    v.fill("#repeat", NEW_PASSWORD).await;
    v.shot("password-reset").await;
    v.click("#set-password").await;
    assert_eq!(v.path().await, "/sign-in?reset=1");
    assert!(v.text("#flash").await.starts_with("Your new password is set"));

    v.sign_in(USERNAME, PASSWORD).await;
    assert_eq!(v.text("#flash").await, INVALID, "the old password no longer works");
    v.sign_in(USERNAME, NEW_PASSWORD).await;
    assert_eq!(v.path().await, "/accounts");
    v.sign_out().await;

    // The link was single-use (AUTH-7).
    v.go(&href.replacen(&v.portal.url, "", 1)).await;
    v.fill("#new_password", PASSWORD).await;
    v.fill("#repeat", PASSWORD).await;
    v.click("#set-password").await;
    assert!(v.text("#flash").await.starts_with("This link is no longer valid"), "{}", v.text("#flash").await);
}

/// German pages and the German wording of the library's uniform error; the password changed
/// in German, and the new one signs in.
// DOMAIN: AUTH-9
async fn german_from_accept_language(v: &Visit<'_>) {
    v.go("/sign-in").await;
    assert_eq!(v.el("html").await.attr("lang").await.unwrap().as_deref(), Some("de"));
    assert_eq!(v.text("h1").await, "Beim Corporate Billing Portal anmelden");
    v.sign_in(USERNAME, "falsch").await;
    // DOMAIN: DOCS-2
    assert_eq!(v.text("#flash").await, "Benutzer-ID oder Passwort ist ungültig.");
    v.sign_in(USERNAME, PASSWORD).await;
    assert_eq!(v.text("h1").await, "Ihre Konten");
    v.link("Acme Robotik GmbH").await;
    let facts = v.text("dl.facts").await;
    assert!(facts.contains("Plätze") && facts.contains("Friedrichstraße 68"), "{facts}");
    v.link("Rechnungen").await;
    let invoice = v.text("#invoices tbody tr").await;
    let german_date = |w: &str| {
        let b = w.as_bytes();
        b.len() == 10 && b[2] == b'.' && b[5] == b'.' && w.chars().filter(char::is_ascii_digit).count() == 8
    };
    assert!(invoice.contains("13.566,00 EUR"), "a German amount: {invoice}");
    assert!(invoice.split_whitespace().any(german_date), "a German date: {invoice}");
    v.shot("german").await;

    // A validation error in German, naming the field by its label (DOCS-2, ADDR-1).
    // DOMAIN: DOCS-2, ADDR-1
    v.link("Rechnungsdaten").await;
    v.fill("#postal_code", "ABC").await;
    v.click("#save-address").await;
    assert_eq!(v.text("#flash").await, "Postleitzahl: Das ist keine Postleitzahl des Landes der Adresse.");
    v.shot("validation-error-de").await;
    // The language switch beside Accept-Language: English, back on the same page, and German again.
    v.link("Übersicht").await;
    let here = v.path().await;
    v.click("#language-switch").await;
    assert_eq!(v.el("html").await.attr("lang").await.unwrap().as_deref(), Some("en"));
    assert_eq!(v.path().await, here, "the switch comes back to the page it was used on");
    assert!(v.text("dl.facts").await.contains("Seats"));
    v.click("#language-switch").await;
    assert_eq!(v.el("html").await.attr("lang").await.unwrap().as_deref(), Some("de"));

    v.link("Passwort ändern").await;
    v.fill("#current", PASSWORD).await;
    v.fill("#new_password", NEW_PASSWORD).await;
    v.fill("#repeat", NEW_PASSWORD).await;
    v.click("#change-password").await;
    assert_eq!(v.text("#flash").await, "Ihr Passwort wurde geändert; Ihre anderen Sitzungen wurden beendet.");
    v.sign_out().await;
    v.sign_in(USERNAME, PASSWORD).await;
    assert_eq!(v.path().await, "/sign-in", "the old password no longer signs in");
    v.sign_in(USERNAME, NEW_PASSWORD).await;
    assert_eq!(v.text("h1").await, "Ihre Konten");
    v.sign_out().await;
}

/// A journey, started and waiting to be run.
type Journey<'a> = std::pin::Pin<Box<dyn Future<Output = ()> + 'a>>;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives Chromium over chromedriver: run scripts/test-web-portal"]
async fn the_seeds_journeys_in_a_real_browser() {
    let started = Instant::now();
    let driver = Driver::start();
    // Starting it blocks (and may talk to PostgreSQL through a blocking client).
    let portal = tokio::task::block_in_place(Portal::start);
    let english = Visit { c: driver.browser("en-US,en").await, portal: &portal };
    let journeys: [(&str, Journey<'_>); 12] = [
        ("sign in with username and with e-mail", Box::pin(sign_in_with_username_and_with_email(&english))),
        ("wrong password and unknown user read alike", Box::pin(wrong_password_and_unknown_user_read_alike(&english))),
        ("accept a quote with a PO", Box::pin(accept_a_quote_with_a_po_and_see_its_invoice(&english))),
        ("decline a quote", Box::pin(decline_a_quote_with_a_reason(&english))),
        ("change the address, country locked", Box::pin(change_the_address_with_the_country_locked(&english))),
        ("add and remove a recipient", Box::pin(add_and_remove_a_recipient(&english))),
        ("change the payment method", Box::pin(change_the_payment_method(&english))),
        ("submit a request; staff view", Box::pin(submit_a_request_and_the_staff_view(&english))),
        ("account user kept out", Box::pin(an_account_user_cannot_reach_the_contacts_pages(&english))),
        ("sign out ends the session", Box::pin(sign_out_ends_the_session(&english))),
        ("form without CSRF token refused", Box::pin(a_form_without_its_csrf_token_is_refused(&english))),
        ("forgot password", Box::pin(forgot_password_reset_link_new_password_sign_in(&english))),
    ];
    for (name, journey) in journeys {
        let t = Instant::now();
        journey.await;
        eprintln!("journey ok: {name} ({} ms)", t.elapsed().as_millis());
    }
    english.c.close().await.unwrap();

    // German (and a password change), on a portal of its own, since the journeys above changed
    // Dana's password.
    let portal = tokio::task::block_in_place(Portal::start);
    let german = Visit { c: driver.browser("de-DE,de;q=0.9,en;q=0.5").await, portal: &portal };
    german_from_accept_language(&german).await;
    german.c.close().await.unwrap();
    eprintln!("every journey passed in {} s", started.elapsed().as_secs());
}
