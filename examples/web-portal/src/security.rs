//! Cookies, the CSRF check, and the security headers every response carries.
//!
//! - The billing contact's session token (the library's, AUTH-6) lives only in an
//!   `HttpOnly; Secure; SameSite=Lax` cookie: never in a URL, a page or a log line. `Secure` is
//!   left off only when the portal is served over plain HTTP on the loopback interface, where
//!   browsers would otherwise refuse the cookie (see [`CookiePolicy`]).
//! - Every form carries a CSRF token, `HMAC-SHA256(key, csrf cookie)`: a random cookie per browser
//!   (renewed at sign-in and sign-out) signed with a key only this process knows. Every request
//!   that is not a GET or HEAD is refused before any handler runs unless its `csrf` field matches.
//! - A strict Content-Security-Policy: nothing from other origins, no inline script or style; the
//!   password page alone runs one script file from this origin, and the library's printable
//!   invoice gets its own inline style admitted by hash.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use subtle::ConstantTimeEq;

use crate::app::AppState;
use crate::i18n::Lang;

/// Largest form body accepted; every form of the portal is far smaller.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// The policy of every page: this origin's style sheet, nothing else, forms posting here only.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                       frame-ancestors 'none'; base-uri 'none'";
/// The password page's policy: the same, plus its one script file.
pub const CSP_WITH_SCRIPT: &str = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; \
                                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A random value of 256 bits, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// How cookies are marked; `secure` is false only for plain HTTP on loopback.
#[derive(Debug, Clone, Copy)]
pub struct CookiePolicy {
    /// Whether cookies carry `Secure` (and the `__Host-` prefix that requires it).
    pub secure: bool,
}

/// The cookies the portal sets.
#[derive(Debug, Clone, Copy)]
pub enum CookieName {
    /// The library's session token of a signed-in billing contact.
    Session,
    /// The stand-in SSO's session of vendor staff or an account user.
    Sso,
    /// The per-browser value the CSRF tokens are derived from.
    Csrf,
    /// The language the visitor chose with the switch in the header; it wins over
    /// `Accept-Language`.
    Lang,
}

impl CookiePolicy {
    /// The cookie's name: `__Host-` prefixed when secure, so that no subdomain can set it.
    pub fn name(&self, cookie: CookieName) -> &'static str {
        match (cookie, self.secure) {
            (CookieName::Session, true) => "__Host-cb_session",
            (CookieName::Session, false) => "cb_session",
            (CookieName::Sso, true) => "__Host-cb_sso",
            (CookieName::Sso, false) => "cb_sso",
            (CookieName::Csrf, true) => "__Host-cb_csrf",
            (CookieName::Csrf, false) => "cb_csrf",
            (CookieName::Lang, true) => "__Host-cb_lang",
            (CookieName::Lang, false) => "cb_lang",
        }
    }

    /// A `Set-Cookie` value: a session cookie (no expiry; the library ends the session) with
    /// every flag the policy allows.
    pub fn set(&self, cookie: CookieName, value: &str) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let text = format!("{}={value}; Path=/; HttpOnly; SameSite=Lax{secure}", self.name(cookie));
        HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static(""))
    }

    /// A `Set-Cookie` value that removes the cookie.
    pub fn clear(&self, cookie: CookieName) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let text = format!("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}", self.name(cookie));
        HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static(""))
    }

    /// The value of one of our cookies in a request.
    pub fn get(&self, headers: &HeaderMap, cookie: CookieName) -> Option<String> {
        let wanted = self.name(cookie);
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, value)| *name == wanted && !value.is_empty())
            .map(|(_, value)| value.to_owned())
    }
}

/// Signs CSRF cookies into form tokens.
pub struct CsrfKey([u8; 32]);

impl CsrfKey {
    /// A fresh key: forms rendered before a restart are refused after it, which is harmless.
    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        CsrfKey(key)
    }

    /// The form token for a browser's CSRF cookie.
    pub fn token(&self, cookie: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!("any key length"));
        mac.update(b"corporate-billing-web csrf\0");
        mac.update(cookie.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    fn verify(&self, cookie: &str, token: &str) -> bool {
        bool::from(self.token(cookie).as_bytes().ct_eq(token.as_bytes()))
    }
}

/// The CSRF cookie of this request, set by [`csrf_cookie`]: the browser's, or a new one.
#[derive(Debug, Clone)]
pub struct CsrfCookie(pub String);

/// Gives every browser a CSRF cookie: a request without one gets a fresh value, which its page's
/// forms are signed with and which the response sets.
pub async fn csrf_cookie(State(app): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let existing = app.cookies.get(req.headers(), CookieName::Csrf);
    let fresh = existing.is_none();
    let value = existing.unwrap_or_else(random_token);
    req.extensions_mut().insert(CsrfCookie(value.clone()));
    let mut response = next.run(req).await;
    let renewed = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.starts_with(&format!("{}=", app.cookies.name(CookieName::Csrf)))));
    if fresh && !renewed {
        response.headers_mut().append(header::SET_COOKIE, app.cookies.set(CookieName::Csrf, &value));
    }
    response
}

#[derive(serde::Deserialize)]
struct CsrfField {
    csrf: Option<String>,
}

/// Refuses every request that changes something (any method but GET and HEAD) unless its form
/// carries the token of the browser's CSRF cookie; nothing of the request reaches a handler or
/// the library before this check.
pub async fn require_csrf(State(app): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let lang = Lang::of_request(req.headers(), &app.cookies);
    let cookie = app.cookies.get(req.headers(), CookieName::Csrf);
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return crate::visit::refusal_page(lang, StatusCode::PAYLOAD_TOO_LARGE, lang.texts().too_large);
    };
    let token = serde_urlencoded::from_bytes::<CsrfField>(&bytes).ok().and_then(|f| f.csrf);
    let valid = matches!((&cookie, &token), (Some(c), Some(t)) if app.csrf.verify(c, t));
    if !valid {
        return crate::visit::refusal_page(lang, StatusCode::FORBIDDEN, lang.texts().csrf_refused);
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// Headers on every response: the default CSP (unless the page set its own), no sniffing, no
/// framing, no referrer, and no caching of the portal's private pages; served over TLS, HSTS.
pub async fn headers(State(app): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    if app.settings.public_url.starts_with("https://") {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if !is_static {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// One line per request: method, path, status and time. Never the query, a header or a body,
/// so that no secret reaches the log (the portal puts none in a path).
pub async fn log(req: Request, next: Next) -> Response {
    let (method, path) = (req.method().clone(), req.uri().path().to_owned());
    let started = std::time::Instant::now();
    let response = next.run(req).await;
    eprintln!("{method} {path} {} {} ms", response.status().as_u16(), started.elapsed().as_millis());
    response
}

/// A CSP for a page from the library (the printable invoice) that admits exactly its inline
/// `<style>` blocks, by their SHA-256, and nothing else.
pub fn csp_for_library_html(html: &str) -> String {
    let mut hashes = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<style>") {
        let after = &rest[start + "<style>".len()..];
        let Some(end) = after.find("</style>") else { break };
        let digest = Sha256::digest(&after.as_bytes()[..end]);
        hashes.push_str(&format!(" 'sha256-{}'", STANDARD.encode(digest)));
        rest = &after[end..];
    }
    format!(
        "default-src 'none'; style-src{hashes}; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_only_for_its_cookie() {
        let key = CsrfKey::generate();
        let token = key.token("cookie-a");
        assert!(key.verify("cookie-a", &token));
        assert!(!key.verify("cookie-b", &token));
        assert!(!key.verify("cookie-a", ""));
        assert!(!CsrfKey::generate().verify("cookie-a", &token), "another process's key");
    }

    #[test]
    fn the_library_pages_style_is_admitted_by_its_hash_alone() {
        let csp = csp_for_library_html("<html><style>\nbody { color: red; }\n</style><style>p{}</style>");
        let expected = STANDARD.encode(Sha256::digest(b"\nbody { color: red; }\n"));
        assert!(csp.contains(&format!("style-src 'sha256-{expected}' 'sha256-")), "{csp}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("script-src"), "{csp}");
    }

    #[test]
    fn cookies_carry_their_flags() {
        let secure = CookiePolicy { secure: true }.set(CookieName::Session, "abc");
        assert_eq!(secure, "__Host-cb_session=abc; Path=/; HttpOnly; SameSite=Lax; Secure");
        let local = CookiePolicy { secure: false }.set(CookieName::Session, "abc");
        assert_eq!(local, "cb_session=abc; Path=/; HttpOnly; SameSite=Lax");
    }
}
