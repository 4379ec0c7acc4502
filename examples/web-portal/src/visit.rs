//! Who is visiting, in which language, and how a refusal of the library becomes a page.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use corporate_billing::{Caller, Error, SessionToken};
use std::sync::Arc;

use crate::app::{AppState, Person};
use crate::i18n::Lang;
use crate::security::{CookieName, CookiePolicy, CsrfCookie};
use crate::views::{AccountNav, Flash, Frame, Message, Tab};
use askama::Template;

/// Who the visitor is, as far as the portal knows before asking the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// A signed-in billing contact (the library checks the session on every call).
    Contact,
    /// Someone the stand-in SSO signed in: vendor staff or an account user.
    Sso(Person),
    /// Nobody signed in.
    Anonymous,
}

/// One request's visitor: language, caller for the library, and the token for its forms.
pub struct Visit {
    pub lang: Lang,
    pub caller: Caller,
    pub who: Who,
    pub csrf: String,
    pub cookies: CookiePolicy,
    /// The path (and query) of this request, for the language switch to come back to.
    pub here: String,
}

impl FromRequestParts<Arc<AppState>> for Visit {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        let lang = Lang::of_request(&parts.headers, &app.cookies);
        let csrf_cookie = parts.extensions.get::<CsrfCookie>().map(|c| c.0.clone()).unwrap_or_default();
        let (caller, who) = if let Some(token) = app.cookies.get(&parts.headers, CookieName::Session) {
            (Caller::Session(SessionToken::new(token)), Who::Contact)
        } else if let Some(person) = app.cookies.get(&parts.headers, CookieName::Sso).and_then(|t| app.sso_person(&t)) {
            (app.caller_of(person), Who::Sso(person))
        } else {
            (Caller::Anonymous, Who::Anonymous)
        };
        let here = parts.uri.path_and_query().map_or("/", |p| p.as_str()).to_owned();
        Ok(Visit { lang, caller, who, csrf: app.csrf.token(&csrf_cookie), cookies: app.cookies, here })
    }
}

impl Visit {
    /// The frame of a page outside any account.
    pub fn frame(&self, app: &AppState, title: &str, flash: Option<Flash>) -> Frame {
        let t = self.lang.texts();
        let who = match self.who {
            Who::Contact => Some(t.billing_contact.to_owned()),
            Who::Sso(p) => Some(app.person_name(p).to_owned()),
            Who::Anonymous => None,
        };
        Frame {
            lang: self.lang.code(),
            other_lang: switch_link(self.lang, &self.here),
            t,
            title: title.to_owned(),
            csrf: self.csrf.clone(),
            who,
            is_contact: self.who == Who::Contact,
            account: None,
            flash,
        }
    }

    /// The frame of one of an account's pages, with its tabs: an account user sees the overview
    /// only, which is all the library shows them.
    pub fn account_frame(
        &self,
        app: &AppState,
        title: &str,
        (id, company): (&str, &str),
        tab: &str,
        flash: Option<Flash>,
    ) -> Frame {
        let t = self.lang.texts();
        let all: [(&str, &'static str); 5] = [
            ("", t.overview),
            ("/quotes", t.quotes),
            ("/invoices", t.invoices),
            ("/billing", t.billing),
            ("/requests", t.requests),
        ];
        let shown = if self.who == Who::Sso(Person::Sam) { &all[..1] } else { &all[..] };
        let tabs = shown
            .iter()
            .map(|(path, label)| Tab { href: format!("/accounts/{id}{path}"), label, current: *path == tab })
            .collect();
        Frame { account: Some(AccountNav { name: company.to_owned(), tabs }), ..self.frame(app, title, flash) }
    }

    /// A refusal of the library, as a page (or, for an ended session, the sign-in page).
    pub fn fail(&self, e: Error) -> Failure {
        Failure { lang: self.lang, cookies: self.cookies, error: e }
    }
}

/// A request the library refused; see its [`IntoResponse`].
pub struct Failure {
    lang: Lang,
    cookies: CookiePolicy,
    error: Error,
}

/// What a handler returns.
pub type Reply = Result<Response, Failure>;

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let t = self.lang.texts();
        let status = match &self.error {
            Error::Unauthenticated => {
                let mut r = Redirect::to("/sign-in?ended=1").into_response();
                r.headers_mut().append(header::SET_COOKIE, self.cookies.clear(CookieName::Session));
                return r;
            }
            Error::Forbidden => StatusCode::FORBIDDEN,
            Error::NotFound { .. } => StatusCode::NOT_FOUND,
            Error::NotAvailableInCountry => StatusCode::NOT_FOUND,
            Error::Conflict { .. } | Error::QuoteExpired => StatusCode::CONFLICT,
            Error::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Error::Storage(_) | Error::NotConfigured { .. } | Error::AuditChainBroken { .. } => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            _ => StatusCode::BAD_REQUEST,
        };
        let title = match status {
            StatusCode::FORBIDDEN => t.not_permitted_title,
            StatusCode::NOT_FOUND => t.not_found_title,
            _ => t.error_title,
        };
        message_page(self.lang, status, title, &self.lang.error(&self.error))
    }
}

/// The header's link to the other language, coming back to `here`.
fn switch_link(lang: Lang, here: &str) -> (String, &'static str, &'static str) {
    let other = lang.other();
    let query = serde_urlencoded::to_string([("to", other.code()), ("back", here)]).unwrap_or_default();
    (format!("/language?{query}"), other.code(), other.name())
}

/// A page with one message and a way back.
pub fn message_page(lang: Lang, status: StatusCode, title: &str, text: &str) -> Response {
    let t = lang.texts();
    let frame = Frame {
        lang: lang.code(),
        other_lang: switch_link(lang, "/"),
        t,
        title: title.to_owned(),
        csrf: String::new(),
        who: None,
        is_contact: false,
        account: None,
        flash: None,
    };
    let page = Message { c: frame, text: text.to_owned(), back_href: "/", back_label: t.back };
    (status, render(&page)).into_response()
}

/// The refusal of a form without a valid CSRF token.
pub fn refusal_page(lang: Lang, status: StatusCode, text: &str) -> Response {
    message_page(lang, status, lang.texts().error_title, text)
}

/// Renders a page; a template error (which the compiler mostly rules out) is a plain 500.
pub fn render(page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A page with its own Content-Security-Policy.
pub fn render_with_csp(page: &impl Template, csp: &str) -> Response {
    let mut r = render(page);
    if let Ok(v) = HeaderValue::from_str(csp) {
        r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    r
}

/// After a successful form post: back to a page, with a notice key (never data) in the query.
pub fn see_other(location: &str) -> Response {
    Redirect::to(location).into_response()
}
