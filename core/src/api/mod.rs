//! The HTTP API as data (API-4): routes, wire bodies, the mapping of errors to statuses, and one
//! transport-free entry point, [`handle`], that any HTTP framework can serve and any test can
//! call without one. The `corporate-billing-server` crate mounts it on axum.
//!
//! Callers: a billing contact presents the session token of `POST /api/v1/sessions` as a bearer
//! token (AUTH-6), never in a URL; vendor staff and account users are authenticated by the host
//! (its sign-on), which asserts them in [`Request::asserted`]. A state-changing request may carry an
//! `Idempotency-Key`: a retry with the same key gets the first result, kept 24 hours; another
//! request under the same key is refused.
//!
//! ```
//! use corporate_billing::{BillingPortal, api};
//! let portal = BillingPortal::open_in_memory()?;
//! let answer = api::handle(&portal, &api::Request::new("GET", "/api/v1/me/accounts"));
//! assert_eq!(answer.status, 401);
//! let body: api::ErrorBody = serde_json::from_slice(&answer.body).unwrap_or_else(|_| unreachable!());
//! assert_eq!(body.code, "unauthenticated");
//! # Ok::<(), corporate_billing::Error>(())
//! ```

mod dispatch;
pub mod routes;
pub mod wire;

pub use routes::{Body, Field, Kind, Method, Op, ROUTES, Reply, Route, route};

use crate::error::Error;
use crate::store::idempotency::Claim;
use crate::{Caller, Language};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Where the API lives on a host.
pub const PREFIX: &str = "/api/v1";

/// The largest JSON body a request may carry.
pub const MAX_JSON_BODY: usize = 64 * 1024;

/// The largest body of any request: a bank statement (RECON-1).
pub const MAX_BODY: usize = crate::MAX_STATEMENT_BYTES;

/// The longest idempotency key accepted.
pub const MAX_IDEMPOTENCY_KEY: usize = 255;

/// The JSON media type.
pub const JSON: &str = "application/json";

/// One request, as the host's HTTP framework received it.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The method's name.
    pub method: &'a str,
    /// The path, starting with [`PREFIX`], without the query.
    pub path: &'a str,
    /// The query string without `?`, empty when there is none.
    pub query: &'a str,
    /// The bearer token of `Authorization: Bearer ...`: a billing contact's session.
    pub bearer: Option<&'a str>,
    /// A staff member or account user the host authenticated itself. A bearer token wins.
    pub asserted: Option<Caller>,
    /// The `Idempotency-Key` header.
    pub idempotency_key: Option<&'a str>,
    /// The language of error messages (from `Accept-Language`).
    pub language: Language,
    /// The body.
    pub body: &'a [u8],
}

impl<'a> Request<'a> {
    /// A request with no query, caller, key or body, in English.
    pub fn new(method: &'a str, path: &'a str) -> Self {
        Request {
            method,
            path,
            query: "",
            bearer: None,
            asserted: None,
            idempotency_key: None,
            language: Language::En,
            body: &[],
        }
    }
}

/// The answer to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The media type of the body; empty for no body.
    pub content_type: String,
    /// For a document: the file name to offer (`Content-Disposition: attachment`).
    pub file_name: Option<String>,
    /// The body.
    pub body: Vec<u8>,
    /// Whether this is the kept first result of a retried idempotency key
    /// (`Idempotency-Replayed: true`).
    pub replayed: bool,
}

impl Response {
    fn json(status: u16, body: Vec<u8>) -> Self {
        Response { status, content_type: JSON.into(), file_name: None, body, replayed: false }
    }

    fn empty() -> Self {
        Response { status: 204, content_type: String::new(), file_name: None, body: Vec::new(), replayed: false }
    }

    /// An error answer with `code`, the sentence a person reads and, for bad input, the field.
    pub fn problem(status: u16, body: &ErrorBody) -> Self {
        Response::json(status, serde_json::to_vec(body).unwrap_or_default())
    }

    /// The answer to `error` (see [`status`]).
    pub fn error(error: &Error, language: Language) -> Self {
        Response::problem(status(error), &ErrorBody::of(error, language))
    }
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The stable code ([`Error::code`], or `payload_too_large`, `method_not_allowed`,
    /// `rate_limited`, `timeout` from the transport).
    pub code: String,
    /// The sentence a person reads, in the request's language.
    pub message: String,
    /// For bad input: the offending field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For bad input and conflicts: why, in the developer's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl ErrorBody {
    /// The body of `error`'s answer.
    pub fn of(error: &Error, language: Language) -> Self {
        let (field, reason) = match error {
            Error::InvalidInput { field, reason } => (Some(field.clone()), Some(reason.clone())),
            Error::Conflict { reason } => (None, Some(reason.clone())),
            _ => (None, None),
        };
        ErrorBody { code: error.code().into(), message: user_message(error, language), field, reason }
    }

    /// An error of the transport, which has no [`Error`] of its own.
    pub fn transport(code: &str, message: &str) -> Self {
        ErrorBody { code: code.into(), message: message.into(), field: None, reason: None }
    }
}

/// The sentence a person reads for `error`, in `language`, from the message catalogue
/// ([`Error::message`], DOCS-2); the one place the API takes it from. Like the error's own text
/// it names fields and rules, never values (PRIV-1).
pub fn user_message(error: &Error, language: Language) -> String {
    error.message(language)
}

/// The HTTP status of `error`: 401 for a missing or ended session and a failed sign-in, 403 for
/// what the caller's role does not permit, 404 for what does not exist or is another account's
/// (PRIV-2), 409 for a state that refuses the change, 422 for input the rules refuse, 400 for a
/// broken credential link, 503 when the database is busy or unreachable (worth a retry when the
/// request is idempotent), 501 when the vendor has not configured the feature, and 500 for a
/// broken audit chain.
pub fn status(error: &Error) -> u16 {
    match error {
        Error::InvalidCredentials | Error::Unauthenticated => 401,
        Error::InvalidToken => 400,
        Error::Forbidden | Error::NotAvailableInCountry => 403,
        Error::NotFound { .. } => 404,
        Error::Conflict { .. } | Error::QuoteExpired | Error::LimitReached { .. } => 409,
        Error::InvalidInput { .. }
        | Error::NotCorporateAccount
        | Error::PurchaseOrderRequired
        | Error::CurrencyMismatch => 422,
        Error::Busy | Error::Storage(_) | Error::Network(_) | Error::Unavailable => 503,
        Error::NotConfigured { .. } => 501,
        Error::AuditChainBroken { .. } => 500,
    }
}

/// The route a method and path (with the prefix) reach, and the path's parameters; `Err` with
/// the status to answer otherwise (404, or 405 when the path exists for another method).
pub fn find(method: &str, path: &str) -> Result<(&'static Route, Vec<String>), u16> {
    let Some(rest) = path.strip_prefix(PREFIX) else { return Err(404) };
    let method = Method::parse(method);
    let mut other_method = false;
    for r in ROUTES {
        if let Some(params) = r.matches(rest) {
            if Some(r.method) == method {
                return Ok((r, params.into_iter().map(str::to_owned).collect()));
            }
            other_method = true;
        }
    }
    Err(if other_method { 405 } else { 404 })
}

/// Answers one request: finds its route, identifies the caller, honours the idempotency key,
/// calls the portal and maps the result or error to a status and body. Never panics on any
/// input; bad input is a 4xx.
pub fn handle(portal: &crate::BillingPortal, req: &Request<'_>) -> Response {
    let lang = req.language;
    let (route, params) = match find(req.method, req.path) {
        Ok(found) => found,
        Err(405) => {
            return Response::problem(
                405,
                &ErrorBody::transport("method_not_allowed", "this path does not take this method"),
            );
        }
        Err(_) => return Response::error(&Error::not_found("route"), lang),
    };
    let limit = if route.body == Body::Xml { MAX_BODY } else { MAX_JSON_BODY };
    if req.body.len() > limit {
        return too_large();
    }
    let caller = match (req.bearer, &req.asserted) {
        (Some(token), _) => Caller::Session(crate::SessionToken::new(token)),
        (None, Some(asserted)) => asserted.clone(),
        (None, None) => Caller::Anonymous,
    };
    let key = match (route.keyed, req.idempotency_key) {
        (true, Some(key)) => match checked_key(key) {
            Ok(key) => Some(key),
            Err(e) => return Response::error(&e, lang),
        },
        _ => None,
    };
    let Some(key) = key else {
        return answer(dispatch::call(portal, route, &params, &caller, req), lang);
    };
    let scope = match scope_of(portal, &caller) {
        Ok(scope) => scope,
        Err(e) => return Response::error(&e, lang),
    };
    let digest = request_digest(req);
    match portal.claim_idempotency_key(&scope, key, &digest) {
        Err(e) => Response::error(&e, lang),
        Ok(Claim::Done(status, content_type, body)) => {
            Response { status, file_name: None, replayed: true, body, content_type }
        }
        Ok(Claim::OtherRequest) => Response::error(
            &Error::invalid("Idempotency-Key", "was used for another request; use a new key for each request"),
            lang,
        ),
        Ok(Claim::Running) => Response::error(
            &Error::conflict("the first request with this idempotency key is still running; retry later"),
            lang,
        ),
        Ok(Claim::Run) => {
            let out = answer(dispatch::call(portal, route, &params, &caller, req), lang);
            // A 401 or 5xx changed nothing and may go through once the session or the database
            // is back: the key is let go. Every other answer is the first result for good.
            let kept = if out.status == 401 || out.status >= 500 {
                portal.release_idempotency_key(&scope, key)
            } else {
                portal.complete_idempotency_key(&scope, key, out.status, &out.content_type, &out.body)
            };
            // When the result could not be kept, the key stays claimed until its lease ends;
            // a retry then runs again, and the domain refuses a second decision.
            let _ = kept;
            out
        }
    }
}

fn too_large() -> Response {
    Response::problem(413, &ErrorBody::transport("payload_too_large", "the request body is too large"))
}

fn answer(out: crate::Result<dispatch::Out>, lang: Language) -> Response {
    match out {
        Ok(dispatch::Out::Json(status, body)) => Response::json(status, body),
        Ok(dispatch::Out::Empty) => Response::empty(),
        Ok(dispatch::Out::Document(doc)) => Response {
            status: 200,
            content_type: doc.content_type,
            file_name: Some(doc.file_name),
            body: doc.bytes,
            replayed: false,
        },
        Err(e) => Response::error(&e, lang),
    }
}

fn checked_key(key: &str) -> crate::Result<&str> {
    if key.is_empty() || key.len() > MAX_IDEMPOTENCY_KEY || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid(
            "Idempotency-Key",
            format_args!("must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters"),
        ));
    }
    Ok(key)
}

/// Whose keys these are: a billing contact's login (keys outlive a session), a staff member or
/// an account user. A key of one caller never answers another's request.
fn scope_of(portal: &crate::BillingPortal, caller: &Caller) -> crate::Result<String> {
    let who = match caller {
        Caller::Session(token) => format!("contact:{}", portal.session_login(token)?),
        Caller::Staff(id) => format!("staff:{id}"),
        Caller::AccountUser(id) => format!("user:{id}"),
        Caller::Anonymous => "anonymous".into(),
    };
    Ok(hex::encode(Sha256::digest(who.as_bytes())))
}

fn request_digest(req: &Request<'_>) -> String {
    let mut h = Sha256::new();
    for part in [req.method.as_bytes(), req.path.as_bytes(), req.query.as_bytes()] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    h.update(req.body);
    hex::encode(h.finalize())
}
