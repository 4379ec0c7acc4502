//! The pages: one askama template per struct, every value formatted before it gets here.
//! Askama escapes everything it prints, so library data (company names, descriptions, reasons)
//! cannot inject markup.

use crate::i18n::Texts;
use askama::Template;

/// What every page has: language, texts, title, the form token, who is signed in, the account's
/// tabs, and a message about the last action.
pub struct Frame {
    pub lang: &'static str,
    /// The language switch in the header: the link, the other language's code and its name in
    /// itself.
    pub other_lang: (String, &'static str, &'static str),
    pub t: &'static Texts,
    pub title: String,
    pub csrf: String,
    pub who: Option<String>,
    pub is_contact: bool,
    pub account: Option<AccountNav>,
    pub flash: Option<Flash>,
}

/// The account's name and section tabs.
pub struct AccountNav {
    pub name: String,
    pub tabs: Vec<Tab>,
}

/// One section tab.
pub struct Tab {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
}

/// The outcome of the last action, shown above the page.
pub struct Flash {
    pub ok: bool,
    pub text: String,
}

impl Flash {
    pub fn ok(text: impl Into<String>) -> Option<Flash> {
        Some(Flash { ok: true, text: text.into() })
    }

    pub fn error(text: impl Into<String>) -> Option<Flash> {
        Some(Flash { ok: false, text: text.into() })
    }

    pub fn class(&self) -> &'static str {
        if self.ok { "ok" } else { "error" }
    }

    /// Errors interrupt assistive technology at once; confirmations wait their turn.
    pub fn role(&self) -> &'static str {
        if self.ok { "status" } else { "alert" }
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
pub struct SignIn {
    pub c: Frame,
    pub user_id: String,
    pub demo_user: &'static str,
    pub demo_email: &'static str,
    pub demo_password: &'static str,
}

#[derive(Template)]
#[template(path = "forgot.html")]
pub struct Forgot {
    pub c: Frame,
}

#[derive(Template)]
#[template(path = "password.html")]
pub struct Password {
    pub c: Frame,
    /// The link's token, kept when a new password was refused (the token stays usable).
    pub token: String,
}

#[derive(Template)]
#[template(path = "change_password.html")]
pub struct ChangePassword {
    pub c: Frame,
}

/// Someone the stand-in SSO can sign in.
pub struct Person {
    pub key: &'static str,
    pub name: &'static str,
    pub role: &'static str,
}

#[derive(Template)]
#[template(path = "staff_sign_in.html")]
pub struct StaffSignIn {
    pub c: Frame,
    pub people: Vec<Person>,
}

/// An account in a list.
pub struct AccountLink {
    pub id: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "accounts.html")]
pub struct Accounts {
    pub c: Frame,
    pub intro: &'static str,
    pub accounts: Vec<AccountLink>,
}

/// The account overview's facts.
pub struct Overview {
    pub id: String,
    pub plan: String,
    pub seats: u32,
    pub term: String,
    pub status: &'static str,
    pub auto_renew: &'static str,
    pub interval: &'static str,
    pub currency: String,
    pub address: Vec<String>,
    pub phone: String,
    pub payment: String,
    pub contact: Option<String>,
    pub w9: bool,
}

/// The overview's flag for overdue invoices: the sentence, and the oldest one's page.
pub struct OverdueFlag {
    pub text: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "account.html")]
pub struct Account {
    pub overdue: Option<OverdueFlag>,
    pub c: Frame,
    pub o: Overview,
}

/// A quote in the list.
pub struct QuoteRow {
    pub id: String,
    pub issued: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub valid_until: String,
    pub total: String,
    pub effect: String,
}

#[derive(Template)]
#[template(path = "quotes.html")]
pub struct Quotes {
    pub c: Frame,
    pub account: String,
    pub quotes: Vec<QuoteRow>,
    pub staff: bool,
    pub currency: String,
    pub default_valid_until: String,
}

/// Lines and totals of a quote or an invoice.
pub struct LinesView {
    pub lines: Vec<LineView>,
    pub net: String,
    pub vat: Vec<VatView>,
    pub total: String,
}

pub struct LineView {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub vat_rate: String,
    pub net: String,
}

pub struct VatView {
    pub label: String,
    pub amount: String,
}

/// One quote.
pub struct QuoteView {
    pub id: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub issued: String,
    pub valid_until: String,
    pub effect: String,
    pub decline_reason: Option<String>,
    pub purchase_order: Option<String>,
    pub invoice: Option<String>,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "quote.html")]
pub struct QuotePage {
    pub c: Frame,
    pub account: String,
    pub q: QuoteView,
    pub doc: LinesView,
    pub requires_po: bool,
    /// The purchase orders in force today, with their last day, for the acceptance to name one
    /// (PO-1, QUO-4): with several, the contact chooses; with one, it is filled in.
    pub pos_in_force: Vec<(String, String)>,
}

/// An invoice in the list.
pub struct InvoiceRow {
    pub id: String,
    pub number: String,
    pub credit_note: bool,
    pub issued: String,
    pub due: String,
    pub total: String,
    pub status: &'static str,
    pub status_class: &'static str,
    /// For an overdue invoice, what is still due.
    pub overdue_due: Option<String>,
}

#[derive(Template)]
#[template(path = "invoices.html")]
pub struct Invoices {
    pub c: Frame,
    pub account: String,
    pub invoices: Vec<InvoiceRow>,
}

/// A download offered beside an invoice.
pub struct Download {
    pub href: String,
    pub label: &'static str,
}

/// One invoice.
pub struct InvoiceView {
    pub id: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub issued: String,
    pub due: String,
    pub purchase_order: Option<String>,
    pub refers_to: Option<String>,
    pub user_id: String,
    pub bill_to: Vec<String>,
    pub payment: String,
    pub downloads: Vec<Download>,
}

#[derive(Template)]
#[template(path = "invoice.html")]
pub struct InvoicePage {
    pub c: Frame,
    pub account: String,
    pub i: InvoiceView,
    pub doc: LinesView,
}

/// A purchase order, as its edit form shows it.
pub struct PoView {
    pub id: String,
    pub number: String,
    pub expires_on: String,
    pub version: i64,
}

/// The billing data form values.
pub struct BillingView {
    pub payment: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
    pub phone: String,
    pub recipients: Vec<String>,
    pub requires_po: bool,
    pub purchase_orders: Vec<PoView>,
}

#[derive(Template)]
#[template(path = "billing.html")]
pub struct Billing {
    pub c: Frame,
    pub account: String,
    pub b: BillingView,
    pub brands: Vec<(&'static str, &'static str)>,
    pub simple_methods: Vec<(&'static str, &'static str)>,
}

/// A request in the list.
pub struct RequestRow {
    pub id: String,
    pub submitted: String,
    pub what: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub resolution: Option<String>,
    pub open: bool,
}

/// What a request form asks for besides its kind.
pub enum RequestField {
    None,
    Text(&'static str),
    Line(&'static str),
    Choice(&'static str, Vec<(&'static str, &'static str)>),
}

/// The form for one kind of request.
pub struct RequestForm {
    pub kind: &'static str,
    pub title: &'static str,
    pub field: RequestField,
}

#[derive(Template)]
#[template(path = "requests.html")]
pub struct Requests {
    pub c: Frame,
    pub account: String,
    pub requests: Vec<RequestRow>,
    pub staff: bool,
    pub contact: bool,
    pub forms: Vec<RequestForm>,
}

/// A delivered mail in the demo mailbox, its link (if any) cut out to be shown as a link.
pub struct MailView {
    pub subject: String,
    pub to: String,
    pub at: String,
    pub before: String,
    pub link: Option<String>,
    pub after: String,
}

#[derive(Template)]
#[template(path = "mailbox.html")]
pub struct Mailbox {
    pub c: Frame,
    pub mails: Vec<MailView>,
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct Message {
    pub c: Frame,
    pub text: String,
    pub back_href: &'static str,
    pub back_label: &'static str,
}
