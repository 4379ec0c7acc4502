//! # corporate-billing-remote
//!
//! [`RemotePortal`]: the corporate billing portal over its HTTP API (API-5), for apps and
//! scripts that run away from the database. Its methods have the local
//! [`BillingPortal`](corporate_billing::BillingPortal)'s names, arguments, values and errors;
//! what only a network adds are two errors, [`Error::Network`] (no answer) and
//! [`Error::Unavailable`] (the service is busy, timed out or rate-limited).
//!
//! It keeps no secret: a billing contact's session token is returned by
//! [`RemotePortal::sign_in`] for the app to keep (Keychain, Keystore) and passed back as
//! [`Caller::Session`]. Certificates are checked by the platform's verifier (rustls). Every
//! request has a time limit. A request is sent again after a failure only when that is safe:
//! reads, and changes sent with an idempotency key, which every change but the credential calls
//! carries (one key per call, the same for its retries).
//!
//! ```no_run
//! use corporate_billing::Caller;
//! use corporate_billing_remote::RemotePortal;
//! let portal = RemotePortal::new("https://billing.vendor.example")?;
//! let session = portal.sign_in("ap@acme.example", "a long and private passphrase")?;
//! let me = Caller::Session(session.token);
//! for account in portal.my_accounts(match &me { Caller::Session(t) => t, _ => unreachable!() })? {
//!     println!("{} has {} invoices", account.company_name, portal.invoices(&me, account.id)?.len());
//! }
//! # Ok::<(), corporate_billing::Error>(())
//! ```

use corporate_billing::api::{self, ErrorBody, Op, wire};
use corporate_billing::{
    AccountId, AccountOverview, AddressLines, BillingAddress, BillingContact, Caller, ContactAccount, Document, Error,
    Invoice, InvoiceId, InvoiceSummary, Language, NewPayment, NewQuote, Payment, PrintFormat, PurchaseOrder,
    PurchaseOrderId, Quote, QuoteId, QuoteSummary, RequestId, RequestKind, Result, ServiceRequest, SessionToken,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::time::Duration;
use time::OffsetDateTime;

/// A signed-in billing contact's session, as the remote service returns it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Session {
    /// The bearer token; the app keeps it and passes it back as [`Caller::Session`].
    pub token: SessionToken,
    /// Whose session it is.
    pub login_id: corporate_billing::LoginId,
    /// The session ends at this instant at the latest.
    pub expires_at: OffsetDateTime,
}

/// How the client behaves on the network.
#[derive(Debug, Clone)]
pub struct Options {
    /// The longest a request may take, connection included.
    pub timeout: Duration,
    /// How often a failed request that is safe to repeat is sent again.
    pub retries: u32,
    /// The wait before the first repetition; it doubles with each.
    pub backoff: Duration,
    /// The language of error messages.
    pub language: Language,
    /// Headers sent with every request: the host's own sign-on of vendor staff or account users.
    pub headers: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Duration::from_secs(30),
            retries: 2,
            backoff: Duration::from_millis(200),
            language: Language::En,
            headers: Vec::new(),
        }
    }
}

/// The portal on a remote service's HTTP API. `Send + Sync`; share one per process.
#[derive(Debug)]
pub struct RemotePortal {
    base: String,
    agent: ureq::Agent,
    options: Options,
}

/// What one call sends.
struct Call<'a> {
    op: Op,
    params: Vec<String>,
    query: String,
    body: Option<(Vec<u8>, &'static str)>,
    caller: Option<&'a Caller>,
}

impl RemotePortal {
    /// A client of the service at `base_url` (`https://...`; `http://` only for a loopback
    /// address, as in tests), with the default [`Options`].
    pub fn new(base_url: &str) -> Result<Self> {
        Self::with_options(base_url, Options::default())
    }

    /// A client with the given options.
    pub fn with_options(base_url: &str, options: Options) -> Result<Self> {
        let base = base_url.trim_end_matches('/').to_owned();
        let loopback = ["http://127.", "http://localhost:", "http://[::1]"].iter().any(|p| base.starts_with(p));
        if !base.starts_with("https://") && !loopback {
            return Err(Error::InvalidInput {
                field: "base_url".into(),
                reason: "must be https:// (plain http only on the loopback interface)".into(),
            });
        }
        let tls = ureq::tls::TlsConfig::builder().root_certs(ureq::tls::RootCerts::PlatformVerifier).build();
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .tls_config(tls)
            .build()
            .into();
        Ok(RemotePortal { base, agent, options })
    }

    fn call(&self, call: Call<'_>) -> Result<api::Response> {
        let route = api::route(call.op);
        let params: Vec<&str> = call.params.iter().map(String::as_str).collect();
        let mut url = format!("{}{}{}", self.base, api::PREFIX, route.fill(&params));
        if !call.query.is_empty() {
            url.push('?');
            url.push_str(&call.query);
        }
        let key = route.keyed.then(|| uuid::Uuid::now_v7().to_string());
        let safe = route.idempotent() || key.is_some();
        let mut wait = self.options.backoff;
        let mut tries = 0;
        loop {
            let out = self.send(route.method, &url, &call, key.as_deref());
            let retry = match &out {
                Err(Error::Network(_)) => true,
                Ok(r) => r.status == 503,
                Err(_) => false,
            };
            if !(retry && safe && tries < self.options.retries) {
                return out;
            }
            tries += 1;
            std::thread::sleep(wait);
            wait *= 2;
        }
    }

    fn send(&self, method: api::Method, url: &str, call: &Call<'_>, key: Option<&str>) -> Result<api::Response> {
        let mut request = ureq::http::Request::builder().method(method.as_str()).uri(url);
        request = request.header("accept-language", self.options.language.code());
        for (name, value) in &self.options.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        if let Some(Caller::Session(token)) = call.caller {
            request = request.header("authorization", format!("Bearer {}", token.expose()));
        }
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        let (body, media) = call.body.clone().unwrap_or_default();
        if !media.is_empty() {
            request = request.header("content-type", media);
        }
        let request = request.body(body).map_err(|_| Error::Network("the request could not be built".into()))?;
        let mut answer = self.agent.run(request).map_err(network)?;
        let status = answer.status().as_u16();
        let header = |name: &str| answer.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let content_type = header("content-type").unwrap_or_default();
        let file_name = header("content-disposition")
            .and_then(|d| d.split("filename=\"").nth(1).map(|n| n.trim_end_matches('"').to_owned()));
        let replayed = header("idempotency-replayed").is_some();
        let body = answer.body_mut().with_config().limit(64 * 1024 * 1024).read_to_vec().map_err(network)?;
        Ok(api::Response { status, content_type, file_name, body, replayed })
    }

    fn json<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T> {
        let answer = checked(self.call(call)?)?;
        serde_json::from_slice(&answer.body)
            .map_err(|_| Error::Network("the service's answer was not understood".into()))
    }

    fn done(&self, call: Call<'_>) -> Result<()> {
        checked(self.call(call)?).map(|_| ())
    }

    fn document(&self, call: Call<'_>) -> Result<Document> {
        let answer = checked(self.call(call)?)?;
        Ok(Document {
            file_name: answer.file_name.unwrap_or_else(|| "document".into()),
            content_type: answer.content_type,
            bytes: answer.body,
        })
    }
}

fn network(e: ureq::Error) -> Error {
    match e {
        ureq::Error::Timeout(_) => Error::Unavailable,
        ureq::Error::Io(_) | ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => {
            Error::Network("no connection".into())
        }
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => Error::Network("TLS: the certificate was refused".into()),
        _ => Error::Network("the exchange failed".into()),
    }
}

/// The answer if it is a success; its error, as the local portal would have returned it,
/// otherwise.
fn checked(answer: api::Response) -> Result<api::Response> {
    if answer.status < 400 {
        return Ok(answer);
    }
    let Ok(body) = serde_json::from_slice::<ErrorBody>(&answer.body) else {
        return Err(if answer.status >= 500 {
            Error::Unavailable
        } else {
            Error::Network(format!("HTTP {}", answer.status))
        });
    };
    Err(error_of(&body))
}

/// The library error an API error body stands for (the inverse of [`api::ErrorBody::of`]).
pub fn error_of(body: &ErrorBody) -> Error {
    let reason = body.reason.clone().unwrap_or_default();
    match body.code.as_str() {
        "invalid_credentials" => Error::InvalidCredentials,
        "unauthenticated" => Error::Unauthenticated,
        "invalid_token" => Error::InvalidToken,
        "not_configured" => Error::NotConfigured { what: "this feature" },
        "forbidden" => Error::Forbidden,
        "not_found" => Error::NotFound { entity: entity(&body.message) },
        "conflict" => Error::Conflict { reason },
        "quote_expired" => Error::QuoteExpired,
        "invalid_input" => Error::InvalidInput { field: body.field.clone().unwrap_or_default(), reason },
        "payload_too_large" => Error::InvalidInput { field: "body".into(), reason: "is too large".into() },
        "not_corporate_account" => Error::NotCorporateAccount,
        "purchase_order_required" => Error::PurchaseOrderRequired,
        "not_available_in_country" => Error::NotAvailableInCountry,
        "currency_mismatch" => Error::CurrencyMismatch,
        "audit_chain_broken" => Error::AuditChainBroken { seq: 0 },
        "limit_reached" => Error::LimitReached { what: "objects", limit: 0 },
        "busy" => Error::Busy,
        "storage" => Error::Storage(reason),
        "timeout" | "rate_limited" | "unavailable" => Error::Unavailable,
        _ => Error::Network(format!("unexpected answer: {}", body.code)),
    }
}

fn entity(message: &str) -> &'static str {
    ["account", "quote", "invoice", "payment", "request", "purchase order", "login", "route"]
        .into_iter()
        .find(|e| message.starts_with(e))
        .unwrap_or("object")
}

fn to_json<T: Serialize>(value: &T) -> Option<(Vec<u8>, &'static str)> {
    serde_json::to_vec(value).ok().map(|b| (b, api::JSON))
}

impl<'a> Call<'a> {
    fn new(op: Op, caller: Option<&'a Caller>, params: &[&dyn ToString]) -> Self {
        Call { op, params: params.iter().map(|p| p.to_string()).collect(), query: String::new(), body: None, caller }
    }

    fn body<T: Serialize>(mut self, value: &T) -> Self {
        self.body = to_json(value);
        self
    }
}

/// The operations, by the local portal's names.
impl RemotePortal {
    /// Signs a billing contact in (AUTH-1); the token is the app's to keep.
    pub fn sign_in(&self, user_id: &str, password: &str) -> Result<Session> {
        let body = wire::SignIn { user_id: user_id.into(), password: password.into() };
        self.json(Call::new(Op::SignIn, None, &[]).body(&body))
    }

    /// Ends the session.
    pub fn sign_out(&self, token: &SessionToken) -> Result<()> {
        let caller = Caller::Session(token.clone());
        self.done(Call::new(Op::SignOut, Some(&caller), &[]))
    }

    /// The accounts the session's login is billing contact of.
    pub fn my_accounts(&self, token: &SessionToken) -> Result<Vec<ContactAccount>> {
        let caller = Caller::Session(token.clone());
        self.json(Call::new(Op::MyAccounts, Some(&caller), &[]))
    }

    /// Changes the session's password.
    pub fn change_password(&self, token: &SessionToken, current: &str, new_password: &str) -> Result<()> {
        let caller = Caller::Session(token.clone());
        let body = wire::ChangePassword { current: current.into(), new_password: new_password.into() };
        self.done(Call::new(Op::ChangePassword, Some(&caller), &[]).body(&body))
    }

    /// Asks for a password reset link.
    pub fn forgot_password(&self, user_id: &str) -> Result<()> {
        self.done(Call::new(Op::ForgotPassword, None, &[]).body(&wire::UserId { user_id: user_id.into() }))
    }

    /// The account's overview.
    pub fn account(&self, caller: &Caller, account: AccountId) -> Result<AccountOverview> {
        self.json(Call::new(Op::Account, Some(caller), &[&account]))
    }

    /// The billing contact (PRIV-1).
    pub fn billing_contact(&self, caller: &Caller, account: AccountId) -> Result<BillingContact> {
        self.json(Call::new(Op::BillingContact, Some(caller), &[&account]))
    }

    /// Changes the account's phone number; the number as stored.
    pub fn change_phone(&self, caller: &Caller, account: AccountId, phone: &str) -> Result<corporate_billing::Phone> {
        let set: wire::PhoneSet = self.json(
            Call::new(Op::ChangePhone, Some(caller), &[&account]).body(&wire::PhoneBody { phone: phone.into() }),
        )?;
        Ok(set.phone)
    }

    /// Changes the billing address within its country.
    pub fn change_address(&self, caller: &Caller, account: AccountId, lines: &AddressLines) -> Result<BillingAddress> {
        self.json(Call::new(Op::ChangeAddress, Some(caller), &[&account]).body(lines))
    }

    /// Adds an invoice recipient.
    pub fn add_invoice_recipient(&self, caller: &Caller, account: AccountId, email: &str) -> Result<()> {
        self.done(
            Call::new(Op::AddInvoiceRecipient, Some(caller), &[&account]).body(&wire::Email { email: email.into() }),
        )
    }

    /// Sets the documents' language, or the country's default.
    pub fn set_document_language(
        &self,
        caller: &Caller,
        account: AccountId,
        language: Option<Language>,
    ) -> Result<Language> {
        let set: wire::DocumentLanguage = self.json(
            Call::new(Op::SetDocumentLanguage, Some(caller), &[&account]).body(&wire::DocumentLanguage { language }),
        )?;
        set.language.ok_or_else(|| Error::Network("the service's answer was not understood".into()))
    }

    /// The account's purchase orders.
    pub fn purchase_orders(&self, caller: &Caller, account: AccountId) -> Result<Vec<PurchaseOrder>> {
        self.json(Call::new(Op::PurchaseOrders, Some(caller), &[&account]))
    }

    /// Adds a purchase order.
    pub fn add_purchase_order(
        &self,
        caller: &Caller,
        account: AccountId,
        number: &str,
        expires_on: time::Date,
    ) -> Result<PurchaseOrder> {
        let body = wire::NewPurchaseOrder { number: number.into(), expires_on };
        self.json(Call::new(Op::AddPurchaseOrder, Some(caller), &[&account]).body(&body))
    }

    /// Edits a purchase order at the version read.
    pub fn edit_purchase_order(
        &self,
        caller: &Caller,
        account: AccountId,
        id: PurchaseOrderId,
        expected_version: i64,
        number: &str,
        expires_on: time::Date,
    ) -> Result<PurchaseOrder> {
        let body = wire::EditPurchaseOrder { expected_version, number: number.into(), expires_on };
        self.json(Call::new(Op::EditPurchaseOrder, Some(caller), &[&account, &id]).body(&body))
    }

    /// The vendor's W-9 form (DOC-1).
    pub fn w9_form(&self, caller: &Caller, account: AccountId) -> Result<Document> {
        self.document(Call::new(Op::W9Form, Some(caller), &[&account]))
    }

    /// The account's quotes.
    pub fn quotes(&self, caller: &Caller, account: AccountId) -> Result<Vec<QuoteSummary>> {
        self.json(Call::new(Op::Quotes, Some(caller), &[&account]))
    }

    /// One quote.
    pub fn quote(&self, caller: &Caller, account: AccountId, id: QuoteId) -> Result<Quote> {
        self.json(Call::new(Op::Quote, Some(caller), &[&account, &id]))
    }

    /// Issues a quote (sales rep).
    pub fn issue_quote(&self, caller: &Caller, account: AccountId, new: &NewQuote) -> Result<Quote> {
        self.json(Call::new(Op::IssueQuote, Some(caller), &[&account]).body(new))
    }

    /// Accepts a quote: one invoice, however often the network makes the client send it.
    pub fn accept_quote(
        &self,
        caller: &Caller,
        account: AccountId,
        id: QuoteId,
        purchase_order: Option<&str>,
    ) -> Result<Invoice> {
        let body = wire::Accept { purchase_order: purchase_order.map(str::to_owned) };
        self.json(Call::new(Op::AcceptQuote, Some(caller), &[&account, &id]).body(&body))
    }

    /// Declines a quote.
    pub fn decline_quote(
        &self,
        caller: &Caller,
        account: AccountId,
        id: QuoteId,
        reason: Option<&str>,
    ) -> Result<Quote> {
        let body = wire::Decline { reason: reason.map(str::to_owned) };
        self.json(Call::new(Op::DeclineQuote, Some(caller), &[&account, &id]).body(&body))
    }

    /// The account's last invoices (INV-2).
    pub fn invoices(&self, caller: &Caller, account: AccountId) -> Result<Vec<InvoiceSummary>> {
        self.json(Call::new(Op::Invoices, Some(caller), &[&account]))
    }

    /// One invoice.
    pub fn invoice(&self, caller: &Caller, account: AccountId, id: InvoiceId) -> Result<Invoice> {
        self.json(Call::new(Op::Invoice, Some(caller), &[&account, &id]))
    }

    /// The invoice printed (HTML, text or PDF/A-3).
    pub fn print_invoice(
        &self,
        caller: &Caller,
        account: AccountId,
        id: InvoiceId,
        format: PrintFormat,
    ) -> Result<Document> {
        let format = match format {
            PrintFormat::Html => "html",
            PrintFormat::Text => "text",
            _ => "pdf",
        };
        self.document(Call::new(Op::PrintInvoice, Some(caller), &[&account, &id, &format]))
    }

    /// The payments recorded on an invoice.
    pub fn invoice_payments(&self, caller: &Caller, account: AccountId, invoice: InvoiceId) -> Result<Vec<Payment>> {
        self.json(Call::new(Op::InvoicePayments, Some(caller), &[&account, &invoice]))
    }

    /// Records a payment (Account Services).
    pub fn record_payment(
        &self,
        caller: &Caller,
        account: AccountId,
        invoice: InvoiceId,
        payment: &NewPayment,
    ) -> Result<Invoice> {
        self.json(Call::new(Op::RecordPayment, Some(caller), &[&account, &invoice]).body(payment))
    }

    /// The account's service requests.
    pub fn requests(&self, caller: &Caller, account: AccountId) -> Result<Vec<ServiceRequest>> {
        self.json(Call::new(Op::Requests, Some(caller), &[&account]))
    }

    /// Sends a request to Account Services.
    pub fn submit_request(&self, caller: &Caller, account: AccountId, kind: &RequestKind) -> Result<ServiceRequest> {
        self.json(Call::new(Op::SubmitRequest, Some(caller), &[&account]).body(kind))
    }

    /// Completes a request (staff).
    pub fn complete_request(
        &self,
        caller: &Caller,
        account: AccountId,
        id: RequestId,
        note: Option<&str>,
    ) -> Result<ServiceRequest> {
        let body = wire::Note { note: note.map(str::to_owned) };
        self.json(Call::new(Op::CompleteRequest, Some(caller), &[&account, &id]).body(&body))
    }
}
