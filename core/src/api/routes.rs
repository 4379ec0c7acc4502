//! The API's routes as data: one row per operation, read by the dispatcher, the server, the
//! remote client and the OpenAPI description alike, so that none of them can drift apart.

/// An HTTP method the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Reads.
    Get,
    /// Creates or acts.
    Post,
    /// Replaces a value.
    Put,
    /// Ends something.
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Reads a method name; `None` for one the API does not use.
    pub fn parse(name: &str) -> Option<Method> {
        [Method::Get, Method::Post, Method::Put, Method::Delete].into_iter().find(|m| m.as_str() == name)
    }
}

/// Every operation of the API, one per portal method a billing contact, an account user or
/// vendor staff can call. The trusted-host calls (issuers, logins, outbox, maintenance) have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // Each is documented by its row in ROUTES.
pub enum Op {
    SignIn,
    SignOut,
    MyAccounts,
    ChangePassword,
    ForgotPassword,
    ResetPassword,
    OpenAccount,
    Account,
    BillingContact,
    ChangeBillingContact,
    ChangeBillingContactToNewLogin,
    AddAccountUser,
    SetPaymentMethod,
    SetDocumentLanguage,
    ChangeAddress,
    ChangeCountry,
    ChangePhone,
    AddInvoiceRecipient,
    RemoveInvoiceRecipient,
    SetRequiresPurchaseOrder,
    PurchaseOrders,
    AddPurchaseOrder,
    EditPurchaseOrder,
    W9Form,
    SetBuyerVatId,
    SetBuyerReference,
    SetLeitwegId,
    SetBuyerElectronicAddress,
    TurnOffAutoRenewal,
    PauseDunning,
    AuditLog,
    Quotes,
    Quote,
    IssueQuote,
    AcceptQuote,
    DeclineQuote,
    WithdrawQuote,
    Invoices,
    Invoice,
    PrintInvoice,
    EInvoice,
    VoidInvoice,
    InvoicePayments,
    RecordPayment,
    ReversePayment,
    Requests,
    SubmitRequest,
    CompleteRequest,
    RejectRequest,
    VendorAccounts,
    VendorInvoices,
    VendorOpenQuotes,
    VendorOpenRequests,
    RunRenewals,
    RunDunning,
    RemindExpiringPurchaseOrders,
    ImportBankStatement,
    VerifyAuditLog,
    AuditHead,
    VerifyAuditLogAgainst,
}

/// The JSON type of a body field, for the OpenAPI description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    String,
    /// `true` or `false`.
    Boolean,
    /// A whole number.
    Integer,
    /// A day, `YYYY-MM-DD`.
    Date,
    /// An amount or rate as a decimal string, `"120.00"` (never a float).
    Decimal,
    /// An object of the library type named, as its serde form gives it.
    Object(&'static str),
    /// A list of objects of the library type named.
    List(&'static str),
}

/// One field of a JSON request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Its name.
    pub name: &'static str,
    /// Its JSON type.
    pub kind: Kind,
    /// Whether the body must have it.
    pub required: bool,
}

/// What a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// Nothing.
    None,
    /// A JSON object with these fields.
    Json(&'static [Field]),
    /// A JSON value of the library type named (an enum tagged by `type`, or a struct).
    Value(&'static str),
    /// An XML document (a bank statement).
    Xml,
}

/// What a successful response carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// JSON of the library type named, with this status.
    Json(u16, &'static str),
    /// `204 No Content`.
    Empty,
    /// A document (PDF, HTML, text, XML) with its media type and a file name.
    Document,
}

/// One operation: how it is reached, who calls it and what it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The operation.
    pub op: Op,
    /// Its method.
    pub method: Method,
    /// Its path under [`super::PREFIX`], with `{name}` for path parameters.
    pub path: &'static str,
    /// Its OpenAPI operation ID (the portal method's name).
    pub operation_id: &'static str,
    /// What it does, and who may call it.
    pub summary: &'static str,
    /// Query parameters it reads.
    pub query: &'static [&'static str],
    /// Its request body.
    pub body: Body,
    /// Its success response.
    pub reply: Reply,
    /// Whether it changes state and takes an `Idempotency-Key` (API-4). The credential calls
    /// change state but take none: their bodies hold passwords and their results tokens, which
    /// are never kept.
    pub keyed: bool,
}

impl Route {
    /// Whether a client may send it again after a failure without a key: it changes nothing,
    /// or sending it twice has the effect of sending it once.
    pub fn idempotent(&self) -> bool {
        matches!(self.method, Method::Get | Method::Delete)
            || matches!(self.op, Op::VerifyAuditLogAgainst | Op::ChangePhone | Op::SetRequiresPurchaseOrder)
    }

    /// The path's parameter names, in order.
    pub fn params(&self) -> impl Iterator<Item = &'static str> {
        self.path.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
    }

    /// Matches a request path (under the prefix) against this route's template; the values of
    /// its parameters, in order, on a match.
    pub fn matches<'p>(&self, path: &'p str) -> Option<Vec<&'p str>> {
        let mut template = self.path.split('/');
        let mut given = path.split('/');
        let mut params = Vec::new();
        loop {
            match (template.next(), given.next()) {
                (None, None) => return Some(params),
                (Some(t), Some(g)) if t.starts_with('{') && !g.is_empty() => params.push(g),
                (Some(t), Some(g)) if t == g => {}
                _ => return None,
            }
        }
    }

    /// The path with `values` put in for its parameters, percent-encoded.
    pub fn fill(&self, values: &[&str]) -> String {
        let mut values = values.iter();
        self.path
            .split('/')
            .map(
                |s| {
                    if s.starts_with('{') { encode_segment(values.next().copied().unwrap_or("")) } else { s.to_owned() }
                },
            )
            .collect::<Vec<_>>()
            .join("/")
    }
}

fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The route of `op`.
pub fn route(op: Op) -> &'static Route {
    ROUTES.iter().find(|r| r.op == op).unwrap_or_else(|| unreachable!("every operation has a route"))
}

const fn f(name: &'static str, kind: Kind) -> Field {
    Field { name, kind, required: true }
}

const fn opt(name: &'static str, kind: Kind) -> Field {
    Field { name, kind, required: false }
}

use Body::{Json, Value, Xml};
use Kind::{Boolean, Date, Integer, String as Text};
use Method::{Delete, Get, Post, Put};
use Reply::{Document, Empty};

const fn get(op: Op, path: &'static str, operation_id: &'static str, summary: &'static str, reply: Reply) -> Route {
    Route { op, method: Get, path, operation_id, summary, query: &[], body: Body::None, reply, keyed: false }
}

const fn write(
    op: Op,
    method: Method,
    path: &'static str,
    operation_id: &'static str,
    summary: &'static str,
    body: Body,
    reply: Reply,
) -> Route {
    Route { op, method, path, operation_id, summary, query: &[], body, reply, keyed: true }
}

const fn json(name: &'static str) -> Reply {
    Reply::Json(200, name)
}

const PAGE: &[&str] = &["cursor", "limit"];
const DAY: &[Field] = &[f("date", Date)];

/// Every route of the API, under [`super::PREFIX`].
pub const ROUTES: &[Route] = &[
    // A billing contact's credentials (AUTH-1..9): no key, since bodies hold passwords and
    // results tokens.
    Route {
        keyed: false,
        ..write(
            Op::SignIn,
            Post,
            "/sessions",
            "sign_in",
            "Signs a billing contact in; the token is the bearer credential of every later call (AUTH-6).",
            Json(&[f("user_id", Text), f("password", Text)]),
            Reply::Json(201, "Session"),
        )
    },
    Route {
        keyed: false,
        ..write(Op::SignOut, Delete, "/sessions/current", "sign_out", "Ends the bearer's session.", Body::None, Empty)
    },
    get(
        Op::MyAccounts,
        "/me/accounts",
        "my_accounts",
        "The accounts the bearer is billing contact of.",
        Reply::Json(200, "ContactAccount[]"),
    ),
    Route {
        keyed: false,
        ..write(
            Op::ChangePassword,
            Put,
            "/me/password",
            "change_password",
            "Changes the bearer's password; every other session ends (AUTH-8).",
            Json(&[f("current", Text), f("new_password", Text)]),
            Empty,
        )
    },
    Route {
        keyed: false,
        ..write(
            Op::ForgotPassword,
            Post,
            "/password-resets",
            "forgot_password",
            "Sends a reset link if the user ID names a login; the answer is the same either way (AUTH-7).",
            Json(&[f("user_id", Text)]),
            Empty,
        )
    },
    Route {
        keyed: false,
        ..write(
            Op::ResetPassword,
            Put,
            "/password",
            "reset_password",
            "Sets a new password with the token of a reset or set-password link (in the body, never the URL).",
            Json(&[f("token", Text), f("new_password", Text)]),
            Empty,
        )
    },
    // One account.
    write(
        Op::OpenAccount,
        Post,
        "/accounts",
        "open_account",
        "Opens a corporate account (staff).",
        Value("NewAccount"),
        Reply::Json(201, "AccountCreated"),
    ),
    get(Op::Account, "/accounts/{account}", "account", "The account's overview.", json("AccountOverview")),
    get(
        Op::BillingContact,
        "/accounts/{account}/billing-contact",
        "billing_contact",
        "The billing contact (PRIV-1).",
        json("BillingContact"),
    ),
    write(
        Op::ChangeBillingContact,
        Put,
        "/accounts/{account}/billing-contact",
        "change_billing_contact",
        "Hands billing to an existing login (BC-1, BC-2).",
        Json(&[f("user_id", Text)]),
        Empty,
    ),
    write(
        Op::ChangeBillingContactToNewLogin,
        Post,
        "/accounts/{account}/billing-contact/new-login",
        "change_billing_contact_to_new_login",
        "Hands billing to a new login, which gets a set-password link (BC-2).",
        Value("NewLogin"),
        Empty,
    ),
    write(
        Op::AddAccountUser,
        Post,
        "/accounts/{account}/users",
        "add_account_user",
        "Adds a login as an account user (staff).",
        Json(&[f("login_id", Text)]),
        Empty,
    ),
    write(
        Op::SetPaymentMethod,
        Put,
        "/accounts/{account}/payment-method",
        "set_payment_method",
        "Sets how the account pays (PAY-1..3).",
        Value("PaymentMethod"),
        Empty,
    ),
    write(
        Op::SetDocumentLanguage,
        Put,
        "/accounts/{account}/document-language",
        "set_document_language",
        "Sets the documents' language, or the country's default with null.",
        Json(&[opt("language", Text)]),
        json("LanguageSet"),
    ),
    write(
        Op::ChangeAddress,
        Put,
        "/accounts/{account}/address",
        "change_address",
        "Changes the billing address within its country (ADDR-1).",
        Value("AddressLines"),
        json("BillingAddress"),
    ),
    write(
        Op::ChangeCountry,
        Put,
        "/accounts/{account}/country",
        "change_country",
        "Moves the billing address to another country (staff, ADDR-1).",
        Json(&[f("country", Text)]),
        Empty,
    ),
    write(
        Op::ChangePhone,
        Put,
        "/accounts/{account}/phone",
        "change_phone",
        "Changes the account's phone number.",
        Json(&[f("phone", Text)]),
        json("PhoneSet"),
    ),
    write(
        Op::AddInvoiceRecipient,
        Post,
        "/accounts/{account}/invoice-recipients",
        "add_invoice_recipient",
        "Adds an address that gets invoices.",
        Json(&[f("email", Text)]),
        Empty,
    ),
    write(
        Op::RemoveInvoiceRecipient,
        Post,
        "/accounts/{account}/invoice-recipients/removal",
        "remove_invoice_recipient",
        "Removes an invoice recipient (its address in the body, never the URL).",
        Json(&[f("email", Text)]),
        Empty,
    ),
    write(
        Op::SetRequiresPurchaseOrder,
        Put,
        "/accounts/{account}/requires-purchase-order",
        "set_requires_purchase_order",
        "Whether accepting a quote needs a purchase order (QUO-4).",
        Json(&[f("required", Boolean)]),
        Empty,
    ),
    get(
        Op::PurchaseOrders,
        "/accounts/{account}/purchase-orders",
        "purchase_orders",
        "The account's purchase orders.",
        json("PurchaseOrder[]"),
    ),
    write(
        Op::AddPurchaseOrder,
        Post,
        "/accounts/{account}/purchase-orders",
        "add_purchase_order",
        "Adds a purchase order (PO-1).",
        Json(&[f("number", Text), f("expires_on", Date)]),
        Reply::Json(201, "PurchaseOrder"),
    ),
    write(
        Op::EditPurchaseOrder,
        Put,
        "/accounts/{account}/purchase-orders/{purchase_order}",
        "edit_purchase_order",
        "Edits a purchase order at the version read.",
        Json(&[f("expected_version", Integer), f("number", Text), f("expires_on", Date)]),
        json("PurchaseOrder"),
    ),
    get(Op::W9Form, "/accounts/{account}/w9", "w9_form", "The vendor's W-9 form, for US accounts (DOC-1).", Document),
    write(
        Op::SetBuyerVatId,
        Put,
        "/accounts/{account}/buyer-vat-id",
        "set_buyer_vat_id",
        "Sets or clears the buyer's VAT ID (BT-48).",
        Json(&[opt("vat_id", Text)]),
        json("VatIdSet"),
    ),
    write(
        Op::SetBuyerReference,
        Put,
        "/accounts/{account}/buyer-reference",
        "set_buyer_reference",
        "Sets or clears the buyer reference (BT-10).",
        Json(&[opt("reference", Text)]),
        Empty,
    ),
    write(
        Op::SetLeitwegId,
        Put,
        "/accounts/{account}/leitweg-id",
        "set_leitweg_id",
        "Sets the Leitweg-ID of a German public buyer (XRechnung).",
        Json(&[f("leitweg_id", Text)]),
        json("LeitwegIdSet"),
    ),
    write(
        Op::SetBuyerElectronicAddress,
        Put,
        "/accounts/{account}/buyer-electronic-address",
        "set_buyer_electronic_address",
        "Sets or clears the buyer's electronic address (BT-49): both fields or neither.",
        Json(&[opt("scheme", Text), opt("address", Text)]),
        Empty,
    ),
    write(
        Op::TurnOffAutoRenewal,
        Post,
        "/accounts/{account}/auto-renewal/turn-off",
        "turn_off_auto_renewal",
        "Stops renewing at the end of the term (staff, SR-4).",
        Body::None,
        Empty,
    ),
    write(
        Op::PauseDunning,
        Put,
        "/accounts/{account}/dunning-paused",
        "pause_dunning",
        "Pauses or resumes payment reminders (staff, DUN-1).",
        Json(&[f("paused", Boolean)]),
        Empty,
    ),
    get(
        Op::AuditLog,
        "/accounts/{account}/audit-log",
        "audit_log",
        "The account's audit records (staff, AUD-1).",
        json("AuditRecord[]"),
    ),
    // Quotes.
    get(Op::Quotes, "/accounts/{account}/quotes", "quotes", "The account's quotes.", json("QuoteSummary[]")),
    get(Op::Quote, "/accounts/{account}/quotes/{quote}", "quote", "One quote.", json("Quote")),
    write(
        Op::IssueQuote,
        Post,
        "/accounts/{account}/quotes",
        "issue_quote",
        "Issues a quote (sales rep).",
        Value("NewQuote"),
        Reply::Json(201, "Quote"),
    ),
    write(
        Op::AcceptQuote,
        Post,
        "/accounts/{account}/quotes/{quote}/accept",
        "accept_quote",
        "Accepts a quote: one invoice, even when retried with its key (QUO-1..4).",
        Json(&[opt("purchase_order", Text)]),
        Reply::Json(201, "Invoice"),
    ),
    write(
        Op::DeclineQuote,
        Post,
        "/accounts/{account}/quotes/{quote}/decline",
        "decline_quote",
        "Declines a quote.",
        Json(&[opt("reason", Text)]),
        json("Quote"),
    ),
    write(
        Op::WithdrawQuote,
        Post,
        "/accounts/{account}/quotes/{quote}/withdraw",
        "withdraw_quote",
        "Withdraws an open quote (sales rep).",
        Body::None,
        json("Quote"),
    ),
    // Invoices and payments.
    get(
        Op::Invoices,
        "/accounts/{account}/invoices",
        "invoices",
        "The account's last 20 invoices (INV-2).",
        json("InvoiceSummary[]"),
    ),
    get(Op::Invoice, "/accounts/{account}/invoices/{invoice}", "invoice", "One invoice.", json("Invoice")),
    get(
        Op::PrintInvoice,
        "/accounts/{account}/invoices/{invoice}/print/{format}",
        "print_invoice",
        "The invoice printed: format html, text or pdf (PDF/A-3 with its e-invoice).",
        Document,
    ),
    get(
        Op::EInvoice,
        "/accounts/{account}/invoices/{invoice}/e-invoice/{profile}",
        "e_invoice",
        "The EN 16931 CII e-invoice: profile factur_x or xrechnung.",
        Document,
    ),
    write(
        Op::VoidInvoice,
        Post,
        "/accounts/{account}/invoices/{invoice}/void",
        "void_invoice",
        "Voids an invoice with a credit note (Account Services).",
        Json(&[f("reason", Text)]),
        json("Invoice"),
    ),
    get(
        Op::InvoicePayments,
        "/accounts/{account}/invoices/{invoice}/payments",
        "invoice_payments",
        "The payments recorded on an invoice.",
        json("Payment[]"),
    ),
    write(
        Op::RecordPayment,
        Post,
        "/accounts/{account}/invoices/{invoice}/payments",
        "record_payment",
        "Records a payment (Account Services).",
        Value("NewPayment"),
        Reply::Json(201, "Invoice"),
    ),
    write(
        Op::ReversePayment,
        Post,
        "/accounts/{account}/payments/{payment}/reversal",
        "reverse_payment",
        "Reverses a payment (Account Services).",
        Json(&[f("on", Date), f("reason", Text)]),
        json("Invoice"),
    ),
    // Service requests.
    get(
        Op::Requests,
        "/accounts/{account}/requests",
        "requests",
        "The account's service requests.",
        json("ServiceRequest[]"),
    ),
    write(
        Op::SubmitRequest,
        Post,
        "/accounts/{account}/requests",
        "submit_request",
        "Sends a request to Account Services (SR-1).",
        Value("RequestKind"),
        Reply::Json(201, "ServiceRequest"),
    ),
    write(
        Op::CompleteRequest,
        Post,
        "/accounts/{account}/requests/{request}/complete",
        "complete_request",
        "Completes a request (staff).",
        Json(&[opt("note", Text)]),
        json("ServiceRequest"),
    ),
    write(
        Op::RejectRequest,
        Post,
        "/accounts/{account}/requests/{request}/reject",
        "reject_request",
        "Rejects a request with a reason (staff).",
        Json(&[f("reason", Text)]),
        json("ServiceRequest"),
    ),
    // Vendor-wide (staff).
    Route {
        query: ACCOUNT_FILTER,
        ..get(
            Op::VendorAccounts,
            "/vendor/accounts",
            "vendor_accounts",
            "Accounts, filtered, one page at a time (BO-1).",
            json("Page<VendorAccount>"),
        )
    },
    Route {
        query: INVOICE_FILTER,
        ..get(
            Op::VendorInvoices,
            "/vendor/invoices",
            "vendor_invoices",
            "Invoices, filtered, one page at a time (BO-1).",
            json("Page<VendorInvoice>"),
        )
    },
    Route {
        query: PAGE,
        ..get(
            Op::VendorOpenQuotes,
            "/vendor/open-quotes",
            "vendor_open_quotes",
            "Open quotes, one page at a time.",
            json("Page<VendorQuote>"),
        )
    },
    Route {
        query: PAGE,
        ..get(
            Op::VendorOpenRequests,
            "/vendor/open-requests",
            "vendor_open_requests",
            "Open service requests, one page at a time.",
            json("Page<VendorRequest>"),
        )
    },
    write(
        Op::RunRenewals,
        Post,
        "/vendor/renewal-runs",
        "run_renewals",
        "Renews and invoices what is due on the date (Account Services).",
        Json(DAY),
        json("RenewalReport"),
    ),
    write(
        Op::RunDunning,
        Post,
        "/vendor/dunning-runs",
        "run_dunning",
        "Sends the payment reminders due on the date (DUN-1).",
        Json(DAY),
        json("DunningReport"),
    ),
    write(
        Op::RemindExpiringPurchaseOrders,
        Post,
        "/vendor/purchase-order-reminders",
        "remind_expiring_purchase_orders",
        "Reminds of purchase orders that expire within 30 days (PO-1).",
        Json(DAY),
        json("Reminded"),
    ),
    write(
        Op::ImportBankStatement,
        Post,
        "/vendor/bank-statements",
        "import_bank_statement",
        "Imports a camt.053 statement (RECON-1).",
        Xml,
        json("StatementImport"),
    ),
    get(
        Op::VerifyAuditLog,
        "/vendor/audit-log/verification",
        "verify_audit_log",
        "Verifies the whole audit chain (AUD-2).",
        json("Verified"),
    ),
    get(
        Op::AuditHead,
        "/vendor/audit-log/head",
        "audit_head",
        "The audit chain's head, to keep elsewhere (AUD-2).",
        json("AuditHead"),
    ),
    Route {
        keyed: false,
        ..write(
            Op::VerifyAuditLogAgainst,
            Post,
            "/vendor/audit-log/verification",
            "verify_audit_log_against",
            "Verifies the chain and that it still reaches a head kept earlier (AUD-2); changes nothing.",
            Value("AuditHead"),
            json("Verified"),
        )
    },
];

const ACCOUNT_FILTER: &[&str] =
    &["sales_rep", "subscription_status", "country", "currency", "auto_renew", "term_ends_before", "cursor", "limit"];
const INVOICE_FILTER: &[&str] = &[
    "status",
    "overdue",
    "issued_from",
    "issued_to",
    "due_from",
    "due_to",
    "account",
    "issuer",
    "currency",
    "kind",
    "cursor",
    "limit",
];
