//! What the portal answers: frozen wrappers around the core's records. Each keeps the core value
//! and converts a field only when Python reads it, so that a list of twenty invoices costs
//! twenty small objects, not twenty trees of Python objects nobody looks at.

use crate::convert::{list, name_of};
use crate::repr::q;
use crate::values::{BillingAddress, Caller, IssuerProfile, Money, PaymentMethodView, QuoteEffect, RequestKind};
use corporate_billing::{
    AccountOverview as CoreAccountOverview, AuditHead as CoreAuditHead, AuditRecord as CoreAuditRecord,
    BillingContact as CoreBillingContact, Caller as CoreCaller, ContactAccount as CoreContactAccount,
    Document as CoreDocument, Invoice as CoreInvoice, InvoiceDocument as CoreInvoiceDocument,
    InvoiceSummary as CoreInvoiceSummary, Line as CoreLine, Notification as CoreNotification, Payment as CorePayment,
    PurchaseOrder as CorePurchaseOrder, PurgeReport as CorePurgeReport, Quote as CoreQuote,
    QuoteSummary as CoreQuoteSummary, RenewalFailure as CoreRenewalFailure, RenewalReport as CoreRenewalReport,
    ServiceRequest as CoreServiceRequest, Session as CoreSession, Subscription as CoreSubscription,
    Totals as CoreTotals, VatSubtotal as CoreVatSubtotal,
};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rust_decimal::Decimal;
use time::{Date, OffsetDateTime};

/// Declares a frozen wrapper `$name` around `$core`, with `From<$core>`.
macro_rules! record {
    ($(#[$doc:meta])* $name:ident($core:ty)) => {
        $(#[$doc])*
        #[pyclass(frozen, eq, module = "corporate_billing")]
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name(pub(crate) $core);

        impl From<$core> for $name {
            fn from(v: $core) -> Self {
                $name(v)
            }
        }
    };
}

/// A signed-in billing contact's session (AUTH-6). The token is a secret: it is left out of
/// `repr`.
#[pyclass(frozen, module = "corporate_billing")]
#[derive(Debug, Clone)]
pub struct Session(pub(crate) CoreSession);

impl From<CoreSession> for Session {
    fn from(v: CoreSession) -> Self {
        Session(v)
    }
}

#[pymethods]
impl Session {
    /// The bearer token. Secret.
    #[getter]
    fn token(&self) -> &str {
        self.0.token.expose()
    }
    /// Whose session it is.
    #[getter]
    fn login_id(&self) -> String {
        self.0.login_id.to_string()
    }
    /// The session ends at this instant at the latest (UTC).
    #[getter]
    fn expires_at(&self) -> OffsetDateTime {
        self.0.expires_at
    }
    /// The caller to pass to the portal's operations: `Caller.session(self.token)`.
    #[getter]
    fn caller(&self) -> Caller {
        Caller(CoreCaller::Session(self.0.token.clone()))
    }
    fn __repr__(&self) -> String {
        format!("Session(login_id='{}', expires_at={}, token=<redacted>)", self.0.login_id, self.0.expires_at)
    }
}

record!(
    /// An account the signed-in contact administers (ACC-4).
    ContactAccount(CoreContactAccount)
);

#[pymethods]
impl ContactAccount {
    /// The account ID.
    #[getter]
    fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// The customer's company name.
    #[getter]
    fn company_name(&self) -> &str {
        &self.0.company_name
    }
    fn __repr__(&self) -> String {
        format!("ContactAccount(id='{}', company_name={})", self.0.id, q(&self.0.company_name))
    }
}

record!(
    /// A subscription: plan, seats, term, status, auto-renewal and billing interval (SUB-1).
    Subscription(CoreSubscription)
);

#[pymethods]
impl Subscription {
    /// Plan name.
    #[getter]
    fn plan(&self) -> &str {
        &self.0.plan
    }
    /// Number of seats.
    #[getter]
    fn seats(&self) -> u32 {
        self.0.seats
    }
    /// Price of one seat for one year.
    #[getter]
    fn annual_seat_price(&self) -> Money {
        Money(self.0.annual_seat_price)
    }
    /// First day of the current term.
    #[getter]
    fn term_start(&self) -> Date {
        self.0.term_start
    }
    /// Day after the last day of the current term.
    #[getter]
    fn term_end(&self) -> Date {
        self.0.term_end
    }
    /// `"active"`, `"expired"` or `"cancelled"`.
    #[getter]
    fn status(&self) -> String {
        name_of(&self.0.status)
    }
    /// Whether the term renews automatically (SR-4).
    #[getter]
    fn auto_renew(&self) -> bool {
        self.0.auto_renew
    }
    /// `"monthly"`, `"quarterly"`, `"semi_annual"` or `"annual"` (SR-3).
    #[getter]
    fn billing_interval(&self) -> String {
        name_of(&self.0.billing_interval)
    }
    /// Invoiced up to (excluding) this day.
    #[getter]
    fn billed_until(&self) -> Date {
        self.0.billed_until
    }
    fn __repr__(&self) -> String {
        let s = &self.0;
        format!(
            "Subscription(plan={}, seats={}, term={}..{}, status='{}', auto_renew={}, billing_interval='{}')",
            q(&s.plan),
            s.seats,
            s.term_start,
            s.term_end,
            self.status(),
            if s.auto_renew { "True" } else { "False" },
            self.billing_interval()
        )
    }
}

record!(
    /// What anyone with access to the account sees; the billing contact's identity is not in it
    /// (PRIV-1).
    AccountOverview(CoreAccountOverview)
);

#[pymethods]
impl AccountOverview {
    /// The account ID.
    #[getter]
    fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// `"corporate"` or `"online"`.
    #[getter]
    fn kind(&self) -> String {
        name_of(&self.0.kind)
    }
    /// The customer's company name.
    #[getter]
    fn company_name(&self) -> &str {
        &self.0.company_name
    }
    /// Billing address.
    #[getter]
    fn billing_address(&self) -> BillingAddress {
        BillingAddress(self.0.billing_address.clone())
    }
    /// The language of the account's documents and notifications, `"de"` or `"en"` (DOCS-1).
    #[getter]
    fn document_language(&self) -> &'static str {
        self.0.document_language.code()
    }
    /// Whether the document language was chosen; if not, it follows the billing country.
    #[getter]
    fn document_language_chosen(&self) -> bool {
        self.0.document_language_chosen
    }
    /// Phone number, E.164.
    #[getter]
    fn phone(&self) -> &str {
        self.0.phone.as_str()
    }
    /// Payment method, without the processor token; for account users the kind and last four
    /// only (PAY-2, PRIV-1).
    #[getter]
    fn payment_method(&self) -> PaymentMethodView {
        PaymentMethodView(self.0.payment_method.clone())
    }
    /// Invoice currency (ISO 4217).
    #[getter]
    fn currency(&self) -> &'static str {
        self.0.currency.code()
    }
    /// Whether quotes need a purchase order (QUO-4).
    #[getter]
    fn requires_purchase_order(&self) -> bool {
        self.0.requires_purchase_order
    }
    /// Invoice recipients besides the billing contact (REC-1); `None` for account users (PRIV-1).
    #[getter]
    fn invoice_recipients(&self) -> Option<Vec<String>> {
        self.0.invoice_recipients.as_ref().map(|r| r.iter().map(|e| e.as_str().to_owned()).collect())
    }
    /// The subscription.
    #[getter]
    fn subscription(&self) -> Subscription {
        Subscription(self.0.subscription.clone())
    }
    /// Incremented on every change of the account.
    #[getter]
    fn version(&self) -> i64 {
        self.0.version
    }
    fn __repr__(&self) -> String {
        format!("AccountOverview(id='{}', company_name={}, kind='{}')", self.0.id, q(&self.0.company_name), self.kind())
    }
}

record!(
    /// The billing contact's identity: for that contact and vendor staff only (PRIV-1).
    BillingContact(CoreBillingContact)
);

#[pymethods]
impl BillingContact {
    /// The contact's login ID.
    #[getter]
    fn login_id(&self) -> String {
        self.0.login_id.to_string()
    }
    /// Full name.
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }
    /// Billing e-mail address.
    #[getter]
    fn email(&self) -> &str {
        self.0.email.as_str()
    }
    /// The user ID printed on invoices (AUTH-10).
    #[getter]
    fn user_id(&self) -> &str {
        &self.0.user_id
    }
    /// Phone number (E.164), if known.
    #[getter]
    fn phone(&self) -> Option<&str> {
        self.0.phone.as_ref().map(|p| p.as_str())
    }
    fn __repr__(&self) -> String {
        format!("BillingContact(login_id='{}', user_id={})", self.0.login_id, q(&self.0.user_id))
    }
}

record!(
    /// A purchase order (PO-1).
    PurchaseOrder(CorePurchaseOrder)
);

#[pymethods]
impl PurchaseOrder {
    /// The purchase order's ID.
    #[getter]
    fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// The customer's PO number.
    #[getter]
    fn number(&self) -> &str {
        &self.0.number
    }
    /// Last day on which it is in force.
    #[getter]
    fn expires_on(&self) -> Date {
        self.0.expires_on
    }
    /// Optimistic version: an edit names the version it read.
    #[getter]
    fn version(&self) -> i64 {
        self.0.version
    }
    fn __repr__(&self) -> String {
        format!(
            "PurchaseOrder(number={}, expires_on={}, version={})",
            q(&self.0.number),
            self.0.expires_on,
            self.0.version
        )
    }
}

record!(
    /// A document to download: the W-9 form (DOC-1) or a printed invoice (INV-3, EINV-3).
    Document(CoreDocument)
);

#[pymethods]
impl Document {
    /// Suggested file name.
    #[getter]
    fn file_name(&self) -> &str {
        &self.0.file_name
    }
    /// MIME type.
    #[getter]
    fn content_type(&self) -> &str {
        &self.0.content_type
    }
    /// The content.
    #[getter]
    fn content<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.bytes)
    }
    /// The content as text for the text and HTML prints; `None` for a PDF.
    #[getter]
    fn text(&self) -> Option<&str> {
        self.0.text()
    }
    fn __repr__(&self) -> String {
        format!("Document({}, {}, {} bytes)", q(&self.0.file_name), q(&self.0.content_type), self.0.bytes.len())
    }
}

record!(
    /// A priced line of a quote or invoice.
    Line(CoreLine)
);

#[pymethods]
impl Line {
    /// What is sold.
    #[getter]
    fn description(&self) -> &str {
        &self.0.description
    }
    /// How many.
    #[getter]
    fn quantity(&self) -> Decimal {
        self.0.quantity
    }
    /// Price of one unit.
    #[getter]
    fn unit_price(&self) -> Decimal {
        self.0.unit_price
    }
    /// VAT rate in percent.
    #[getter]
    fn vat_rate(&self) -> Decimal {
        self.0.vat_rate
    }
    /// quantity x unit price, rounded to the minor unit (INV-5).
    #[getter]
    fn net(&self) -> Money {
        Money(self.0.net)
    }
    fn __repr__(&self) -> String {
        format!(
            "Line({}, quantity={}, unit_price={}, net={})",
            q(&self.0.description),
            self.0.quantity,
            self.0.unit_price,
            self.0.net
        )
    }
}

record!(
    /// VAT for one rate (EN 16931 BR-CO-17).
    VatSubtotal(CoreVatSubtotal)
);

#[pymethods]
impl VatSubtotal {
    /// VAT rate in percent.
    #[getter]
    fn rate(&self) -> Decimal {
        self.0.rate
    }
    /// Sum of the nets of the lines at this rate.
    #[getter]
    fn taxable(&self) -> Money {
        Money(self.0.taxable)
    }
    /// taxable x rate / 100, rounded.
    #[getter]
    fn vat(&self) -> Money {
        Money(self.0.vat)
    }
    fn __repr__(&self) -> String {
        format!("VatSubtotal(rate={}, taxable={}, vat={})", self.0.rate, self.0.taxable, self.0.vat)
    }
}

record!(
    /// Totals of a quote or invoice: net, VAT per rate, VAT, total (INV-5).
    Totals(CoreTotals)
);

#[pymethods]
impl Totals {
    /// Sum of line nets.
    #[getter]
    fn net(&self) -> Money {
        Money(self.0.net)
    }
    /// VAT per rate, lowest rate first.
    #[getter]
    fn vat_breakdown(&self) -> Vec<VatSubtotal> {
        list(self.0.vat_breakdown.clone())
    }
    /// Sum of the VAT per rate.
    #[getter]
    fn vat(&self) -> Money {
        Money(self.0.vat)
    }
    /// net + VAT, exactly.
    #[getter]
    fn total(&self) -> Money {
        Money(self.0.total)
    }
    fn __repr__(&self) -> String {
        format!("Totals(net={}, vat={}, total={})", self.0.net, self.0.vat, self.0.total)
    }
}

record!(
    /// A quote in a list (QUO-2).
    QuoteSummary(CoreQuoteSummary)
);

#[pymethods]
impl QuoteSummary {
    /// The quote ID.
    #[getter]
    fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// `"open"`, `"expired"`, `"accepted"`, `"declined"` or `"withdrawn"`.
    #[getter]
    fn status(&self) -> String {
        name_of(&self.0.status)
    }
    /// Last day on which it can be accepted.
    #[getter]
    fn valid_until(&self) -> Date {
        self.0.valid_until
    }
    /// Grand total.
    #[getter]
    fn total(&self) -> Money {
        Money(self.0.total)
    }
    /// When it was issued (UTC).
    #[getter]
    fn issued_at(&self) -> OffsetDateTime {
        self.0.issued_at
    }
    fn __repr__(&self) -> String {
        format!("QuoteSummary(id='{}', status='{}', total={})", self.0.id, self.status(), self.0.total)
    }
}

record!(
    /// A quote with everything on it (QUO-2).
    Quote(CoreQuote)
);

#[pymethods]
impl Quote {
    /// The quote ID.
    #[getter]
    fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// The account it was issued to.
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
    }
    /// `"open"`, `"expired"`, `"accepted"`, `"declined"` or `"withdrawn"`.
    #[getter]
    fn status(&self) -> String {
        name_of(&self.0.status)
    }
    /// Currency of every amount (ISO 4217).
    #[getter]
    fn currency(&self) -> &'static str {
        self.0.currency.code()
    }
    /// Last day on which it can be accepted.
    #[getter]
    fn valid_until(&self) -> Date {
        self.0.valid_until
    }
    /// Priced lines.
    #[getter]
    fn lines(&self) -> Vec<Line> {
        list(self.0.lines.clone())
    }
    /// Net, VAT per rate, total.
    #[getter]
    fn totals(&self) -> Totals {
        Totals(self.0.totals.clone())
    }
    /// What acceptance does to the subscription.
    #[getter]
    fn effect(&self) -> QuoteEffect {
        QuoteEffect(self.0.effect.clone())
    }
    /// When it was issued (UTC).
    #[getter]
    fn issued_at(&self) -> OffsetDateTime {
        self.0.issued_at
    }
    /// When it was accepted, declined or withdrawn.
    #[getter]
    fn decided_at(&self) -> Option<OffsetDateTime> {
        self.0.decided_at
    }
    /// The reason given with a decline.
    #[getter]
    fn decline_reason(&self) -> Option<&str> {
        self.0.decline_reason.as_deref()
    }
    /// The purchase-order number given with acceptance.
    #[getter]
    fn purchase_order(&self) -> Option<&str> {
        self.0.purchase_order.as_deref()
    }
    /// The invoice issued on acceptance.
    #[getter]
    fn invoice_id(&self) -> Option<String> {
        self.0.invoice_id.map(|i| i.to_string())
    }
    fn __repr__(&self) -> String {
        format!("Quote(id='{}', status='{}', total={})", self.0.id, self.status(), self.0.totals.total)
    }
}

record!(
    /// Everything printed on an invoice, fixed when it was issued (INV-1, INV-3).
    InvoiceDocument(CoreInvoiceDocument)
);

#[pymethods]
impl InvoiceDocument {
    /// Who issued it.
    #[getter]
    fn issuer(&self) -> IssuerProfile {
        IssuerProfile(self.0.issuer.clone())
    }
    /// The customer's company name.
    #[getter]
    fn bill_to_name(&self) -> &str {
        &self.0.bill_to_name
    }
    /// The billing address on the issue date.
    #[getter]
    fn bill_to(&self) -> BillingAddress {
        BillingAddress(self.0.bill_to.clone())
    }
    /// The billing contact's user ID (AUTH-10).
    #[getter]
    fn billing_contact_user_id(&self) -> &str {
        &self.0.billing_contact_user_id
    }
    /// The purchase order in force on the issue date (PO-1).
    #[getter]
    fn purchase_order(&self) -> Option<&str> {
        self.0.purchase_order.as_deref()
    }
    /// Priced lines.
    #[getter]
    fn lines(&self) -> Vec<Line> {
        list(self.0.lines.clone())
    }
    /// Net, VAT per rate, total.
    #[getter]
    fn totals(&self) -> Totals {
        Totals(self.0.totals.clone())
    }
    /// How to pay.
    #[getter]
    fn payment_instructions(&self) -> &str {
        &self.0.payment_instructions
    }
    /// The period of service billed, `(first_day, last_day)`, both included; `None` for a one-off
    /// sale (BT-73, BT-74).
    #[getter]
    fn service_period(&self) -> Option<(Date, Date)> {
        self.0.service_period.map(|p| (p.first_day, p.last_day))
    }
    fn __repr__(&self) -> String {
        format!("InvoiceDocument(bill_to_name={}, total={})", q(&self.0.bill_to_name), self.0.totals.total)
    }
}

record!(
    /// An invoice or credit note with everything on it.
    Invoice(CoreInvoice)
);

#[pymethods]
impl Invoice {
    /// The invoice ID.
    #[getter]
    fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// The account billed.
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
    }
    /// Number from the issuer's series, unique and gap-free (INV-1).
    #[getter]
    fn number(&self) -> &str {
        &self.0.number
    }
    /// `"invoice"` or `"credit_note"`.
    #[getter]
    fn kind(&self) -> String {
        name_of(&self.0.kind)
    }
    /// For a credit note, the number of the invoice it cancels.
    #[getter]
    fn refers_to(&self) -> Option<&str> {
        self.0.refers_to.as_deref()
    }
    /// Issue date.
    #[getter]
    fn issue_date(&self) -> Date {
        self.0.issue_date
    }
    /// Payment due date.
    #[getter]
    fn due_date(&self) -> Date {
        self.0.due_date
    }
    /// `"open"`, `"paid"` or `"void"`.
    #[getter]
    fn status(&self) -> String {
        name_of(&self.0.status)
    }
    /// Open and past its due date (INV-6).
    #[getter]
    fn overdue(&self) -> bool {
        self.0.overdue
    }
    /// The day the payment that settled it arrived, while it is paid.
    #[getter]
    fn paid_on(&self) -> Option<Date> {
        self.0.paid_on
    }
    /// The sum of its payments that stand (PAYM-1).
    #[getter]
    fn amount_paid(&self) -> Money {
        Money(self.0.amount_paid)
    }
    /// What is still to be paid; zero once paid, when void and for a credit note (PAYM-1).
    #[getter]
    fn balance_due(&self) -> Money {
        Money(self.0.balance_due)
    }
    /// The ISO 11649 creditor reference payers quote, electronic form (`RF...`).
    #[getter]
    fn creditor_reference(&self) -> &str {
        self.0.creditor_reference.as_str()
    }
    /// The highest payment reminder stage it reached (DUN-1), from 1.
    #[getter]
    fn dunning_stage(&self) -> Option<u32> {
        self.0.dunning_stage
    }
    /// Why it was voided.
    #[getter]
    fn void_reason(&self) -> Option<&str> {
        self.0.void_reason.as_deref()
    }
    /// Grand total (the document's).
    #[getter]
    fn total(&self) -> Money {
        Money(self.0.document.totals.total)
    }
    /// The printed content.
    #[getter]
    fn document(&self) -> InvoiceDocument {
        InvoiceDocument(self.0.document.clone())
    }
    fn __repr__(&self) -> String {
        format!(
            "Invoice(number={}, kind='{}', status='{}', total={}, due_date={})",
            q(&self.0.number),
            self.kind(),
            self.status(),
            self.0.document.totals.total,
            self.0.due_date
        )
    }
}

record!(
    /// An invoice in a list (INV-2).
    InvoiceSummary(CoreInvoiceSummary)
);

#[pymethods]
impl InvoiceSummary {
    /// The invoice ID.
    #[getter]
    fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// Its number.
    #[getter]
    fn number(&self) -> &str {
        &self.0.number
    }
    /// `"invoice"` or `"credit_note"`.
    #[getter]
    fn kind(&self) -> String {
        name_of(&self.0.kind)
    }
    /// Issue date.
    #[getter]
    fn issue_date(&self) -> Date {
        self.0.issue_date
    }
    /// Payment due date.
    #[getter]
    fn due_date(&self) -> Date {
        self.0.due_date
    }
    /// Grand total.
    #[getter]
    fn total(&self) -> Money {
        Money(self.0.total)
    }
    /// `"open"`, `"paid"` or `"void"`.
    #[getter]
    fn status(&self) -> String {
        name_of(&self.0.status)
    }
    /// Open and past its due date (INV-6).
    #[getter]
    fn overdue(&self) -> bool {
        self.0.overdue
    }
    /// What is still to be paid (PAYM-1).
    #[getter]
    fn balance_due(&self) -> Money {
        Money(self.0.balance_due)
    }
    fn __repr__(&self) -> String {
        format!(
            "InvoiceSummary(number={}, status='{}', total={}, due_date={}{})",
            q(&self.0.number),
            self.status(),
            self.0.total,
            self.0.due_date,
            if self.0.overdue { ", overdue" } else { "" }
        )
    }
}

record!(
    /// A service request to Account Services (SR-1).
    ServiceRequest(CoreServiceRequest)
);

#[pymethods]
impl ServiceRequest {
    /// The request ID.
    #[getter]
    fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// The account.
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
    }
    /// What is asked for.
    #[getter]
    fn kind(&self) -> RequestKind {
        RequestKind(self.0.kind.clone())
    }
    /// `"open"`, `"completed"` or `"rejected"`.
    #[getter]
    fn status(&self) -> String {
        name_of(&self.0.status)
    }
    /// When it was submitted (UTC).
    #[getter]
    fn submitted_at(&self) -> OffsetDateTime {
        self.0.submitted_at
    }
    /// When it was completed or rejected.
    #[getter]
    fn decided_at(&self) -> Option<OffsetDateTime> {
        self.0.decided_at
    }
    /// The note or reason given with the decision.
    #[getter]
    fn resolution(&self) -> Option<&str> {
        self.0.resolution.as_deref()
    }
    fn __repr__(&self) -> String {
        format!("ServiceRequest(id='{}', kind='{}', status='{}')", self.0.id, self.0.kind.name(), self.status())
    }
}

record!(
    /// What a renewal run did (SUB-3).
    RenewalReport(CoreRenewalReport)
);

#[pymethods]
impl RenewalReport {
    /// Subscriptions whose term was renewed.
    #[getter]
    fn renewed(&self) -> u64 {
        self.0.renewed
    }
    /// Subscriptions that expired because auto-renewal was off.
    #[getter]
    fn expired(&self) -> u64 {
        self.0.expired
    }
    /// Invoices issued.
    #[getter]
    fn invoices_issued(&self) -> u64 {
        self.0.invoices_issued
    }
    /// Accounts the run left unchanged because their renewal failed.
    #[getter]
    fn not_renewed(&self) -> Vec<RenewalFailure> {
        list(self.0.not_renewed.clone())
    }
    fn __repr__(&self) -> String {
        format!(
            "RenewalReport(renewed={}, expired={}, invoices_issued={}, not_renewed={})",
            self.0.renewed,
            self.0.expired,
            self.0.invoices_issued,
            self.0.not_renewed.len()
        )
    }
}

record!(
    /// An account the renewal run could not renew, and why.
    RenewalFailure(CoreRenewalFailure)
);

#[pymethods]
impl RenewalFailure {
    /// The account, left as it was before the run.
    #[getter]
    fn account_id(&self) -> String {
        self.0.account.to_string()
    }
    /// The stable code of the error that stopped its renewal.
    #[getter]
    fn code(&self) -> &str {
        &self.0.code
    }
    /// The error's message (names fields and rules, never values).
    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }
    fn __repr__(&self) -> String {
        format!("RenewalFailure(account_id='{}', code='{}')", self.0.account, self.0.code)
    }
}

record!(
    /// What a maintenance purge deleted (AUTH-11).
    PurgeReport(CorePurgeReport)
);

#[pymethods]
impl PurgeReport {
    /// Sessions that were signed out or timed out.
    #[getter]
    fn sessions(&self) -> u64 {
        self.0.sessions
    }
    /// Throttle counts that were not locked and quiet for a day.
    #[getter]
    fn throttle_entries(&self) -> u64 {
        self.0.throttle_entries
    }
    /// Used, replaced or expired password links.
    #[getter]
    fn credential_links(&self) -> u64 {
        self.0.credential_links
    }
    /// Purchase orders a year past their expiry.
    #[getter]
    fn purchase_orders(&self) -> u64 {
        self.0.purchase_orders
    }
    fn __repr__(&self) -> String {
        let r = &self.0;
        format!(
            "PurgeReport(sessions={}, throttle_entries={}, credential_links={}, purchase_orders={})",
            r.sessions, r.throttle_entries, r.credential_links, r.purchase_orders
        )
    }
}

record!(
    /// One record of the tamper-evident audit log (AUD-1).
    AuditRecord(CoreAuditRecord)
);

#[pymethods]
impl AuditRecord {
    /// Sequence number, from 1.
    #[getter]
    fn seq(&self) -> i64 {
        self.0.seq
    }
    /// When (UTC).
    #[getter]
    fn at(&self) -> OffsetDateTime {
        self.0.at
    }
    /// Who: `login:<id>`, `staff:<id>`, `host` or `anonymous`.
    #[getter]
    fn actor(&self) -> &str {
        &self.0.actor
    }
    /// The actor's role on the account.
    #[getter]
    fn role(&self) -> &str {
        &self.0.role
    }
    /// What happened.
    #[getter]
    fn action(&self) -> &str {
        &self.0.action
    }
    /// Which account, if any.
    #[getter]
    fn account_id(&self) -> Option<String> {
        self.0.account_id.map(|a| a.to_string())
    }
    /// Details, never a secret.
    #[getter]
    fn detail(&self) -> &str {
        &self.0.detail
    }
    fn __repr__(&self) -> String {
        format!("AuditRecord(seq={}, actor={}, action={})", self.0.seq, q(&self.0.actor), q(&self.0.action))
    }
}

record!(
    /// The head of the audit chain (AUD-2), to keep outside the database: build it again from
    /// the stored `seq` and `hash` with `AuditHead(seq, hash)`.
    AuditHead(CoreAuditHead)
);

#[pymethods]
impl AuditHead {
    #[new]
    fn new(seq: i64, hash: String) -> Self {
        AuditHead(CoreAuditHead { seq, hash })
    }
    /// The newest record's sequence number; 0 for an empty log.
    #[getter]
    fn seq(&self) -> i64 {
        self.0.seq
    }
    /// The newest record's hash: 64 lowercase hexadecimal digits.
    #[getter]
    fn hash(&self) -> &str {
        &self.0.hash
    }
    fn __repr__(&self) -> String {
        format!("AuditHead(seq={}, hash={})", self.0.seq, q(&self.0.hash))
    }
}

record!(
    /// A notification waiting in the outbox for the host's mailer (NOTE-1).
    Notification(CoreNotification)
);

#[pymethods]
impl Notification {
    /// Outbox ID, for `mark_notification_sent`.
    #[getter]
    fn id(&self) -> i64 {
        self.0.id
    }
    /// When it was queued (UTC).
    #[getter]
    fn created_at(&self) -> OffsetDateTime {
        self.0.created_at
    }
    /// Why: `"invoice_issued"`, `"quote_issued"`, `"password_reset"`, ...
    #[getter]
    fn kind(&self) -> String {
        name_of(&self.0.kind)
    }
    /// The account concerned, if any.
    #[getter]
    fn account_id(&self) -> Option<String> {
        self.0.account_id.map(|a| a.to_string())
    }
    /// E-mail address to deliver to.
    #[getter]
    fn recipient(&self) -> &str {
        &self.0.recipient
    }
    /// Subject line.
    #[getter]
    fn subject(&self) -> &str {
        &self.0.subject
    }
    /// Plain-text body.
    #[getter]
    fn body(&self) -> &str {
        &self.0.body
    }
    fn __repr__(&self) -> String {
        format!("Notification(id={}, kind='{}', subject={})", self.0.id, self.kind(), q(&self.0.subject))
    }
}

record!(
    /// A payment received against an invoice (PAYM-1).
    Payment(CorePayment)
);

#[pymethods]
impl Payment {
    /// The payment ID (for `reverse_payment`).
    #[getter]
    fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// The invoice it pays.
    #[getter]
    fn invoice_id(&self) -> String {
        self.0.invoice_id.to_string()
    }
    /// The amount, in the invoice's currency.
    #[getter]
    fn amount(&self) -> Money {
        Money(self.0.amount)
    }
    /// When the money arrived.
    #[getter]
    fn received_on(&self) -> Date {
        self.0.received_on
    }
    /// How it was paid; `None` for payments recorded before amounts were kept.
    #[getter]
    fn method(&self) -> Option<String> {
        self.0.method.as_ref().map(name_of)
    }
    /// The payer's or bank's reference.
    #[getter]
    fn reference(&self) -> &str {
        &self.0.reference
    }
    /// The bank's reference of the statement entry it was imported from (RECON-1).
    #[getter]
    fn bank_reference(&self) -> Option<&str> {
        self.0.bank_reference.as_deref()
    }
    /// When it was reversed, if it was.
    #[getter]
    fn reversed_on(&self) -> Option<Date> {
        self.0.reversed_on
    }
    /// `"returned_debit"` or `"chargeback"`, if it was reversed.
    #[getter]
    fn reversal_reason(&self) -> Option<String> {
        self.0.reversal_reason.as_ref().map(name_of)
    }
    fn __repr__(&self) -> String {
        format!(
            "Payment(amount={}, received_on={}, reversed={})",
            self.0.amount,
            self.0.received_on,
            self.0.reversed_on.is_some()
        )
    }
}

record!(
    /// An invoice in a vendor-wide list (BO-1).
    VendorInvoice(corporate_billing::VendorInvoice)
);

#[pymethods]
impl VendorInvoice {
    /// The invoice ID.
    #[getter]
    fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// Its account.
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
    }
    /// The account's company name.
    #[getter]
    fn company_name(&self) -> &str {
        &self.0.company_name
    }
    /// Its number.
    #[getter]
    fn number(&self) -> &str {
        &self.0.number
    }
    /// `"invoice"` or `"credit_note"`.
    #[getter]
    fn kind(&self) -> String {
        name_of(&self.0.kind)
    }
    /// Issue date.
    #[getter]
    fn issue_date(&self) -> Date {
        self.0.issue_date
    }
    /// Due date.
    #[getter]
    fn due_date(&self) -> Date {
        self.0.due_date
    }
    /// Grand total.
    #[getter]
    fn total(&self) -> Money {
        Money(self.0.total)
    }
    /// What is still to be paid (PAYM-1).
    #[getter]
    fn balance_due(&self) -> Money {
        Money(self.0.balance_due)
    }
    /// `"open"`, `"paid"` or `"void"`.
    #[getter]
    fn status(&self) -> String {
        name_of(&self.0.status)
    }
    /// Open and past its due date.
    #[getter]
    fn overdue(&self) -> bool {
        self.0.overdue
    }
    /// The highest payment reminder stage reached (DUN-1).
    #[getter]
    fn dunning_stage(&self) -> Option<u32> {
        self.0.dunning_stage
    }
    fn __repr__(&self) -> String {
        format!(
            "VendorInvoice(number={}, status='{}', balance_due={})",
            q(&self.0.number),
            self.status(),
            self.0.balance_due
        )
    }
}

/// One page of vendor-wide invoices and the cursor to the next (`None` after the last).
#[pyclass(frozen, module = "corporate_billing")]
pub struct InvoicePage {
    /// The rows.
    #[pyo3(get)]
    items: Vec<VendorInvoice>,
    /// Pass it back for the next page.
    #[pyo3(get)]
    next_cursor: Option<String>,
}

impl From<corporate_billing::Page<corporate_billing::VendorInvoice>> for InvoicePage {
    fn from(p: corporate_billing::Page<corporate_billing::VendorInvoice>) -> Self {
        InvoicePage { items: list(p.items), next_cursor: p.next_cursor }
    }
}

record!(
    /// One entry of an imported bank statement and what became of it (RECON-1).
    StatementEntry(corporate_billing::EntryResult)
);

#[pymethods]
impl StatementEntry {
    /// Position in the document, from 1, across all its statements.
    #[getter]
    fn position(&self) -> u32 {
        self.0.position
    }
    /// The identification of the statement (or notification) it is in.
    #[getter]
    fn statement_id(&self) -> &str {
        &self.0.statement_id
    }
    /// The vendor's account that statement is for, normalised (no spaces, upper case).
    #[getter]
    fn account(&self) -> &str {
        &self.0.account
    }
    /// The bank's reference.
    #[getter]
    fn bank_reference(&self) -> Option<&str> {
        self.0.bank_reference.as_deref()
    }
    /// The amount.
    #[getter]
    fn amount(&self) -> Money {
        Money(self.0.amount)
    }
    /// A debit: money leaving the vendor's account (a returned direct debit, a fee).
    #[getter]
    fn debit(&self) -> bool {
        self.0.debit
    }
    /// The bank's reason code for a returned direct debit (`"AM04"`, `"MD06"`, ...).
    #[getter]
    fn return_reason(&self) -> Option<&str> {
        self.0.return_reason.as_deref()
    }
    /// `"matched"`, `"partial"`, `"reversed"` (a returned direct debit took its payment back) or
    /// `"unmatched"`.
    #[getter]
    fn outcome(&self) -> String {
        name_of(&self.0.outcome)
    }
    /// The payment recorded for it, or reversed by it.
    #[getter]
    fn payment_id(&self) -> Option<String> {
        self.0.payment_id.map(|p| p.to_string())
    }
    /// Why it is unmatched: `"unknown_reference"`, `"amount_above_balance"`,
    /// `"currency_mismatch"`, `"already_paid"`, `"invoice_void"`, `"duplicate"`, `"not_a_credit"`,
    /// `"no_payment_to_reverse"`, `"not_booked"`, `"missing_bank_reference"`, `"zero_amount"` or
    /// `"batch_mismatch"` (a batch whose transactions do not add up to the amount booked).
    #[getter]
    fn reason(&self) -> Option<String> {
        self.0.reason.as_ref().map(name_of)
    }
    /// The invoice it names.
    #[getter]
    fn invoice_number(&self) -> Option<&str> {
        self.0.invoice_number.as_deref()
    }
    /// The invoice's ID.
    #[getter]
    fn invoice_id(&self) -> Option<String> {
        self.0.invoice_id.map(|i| i.to_string())
    }
    /// The invoice's balance due after the entry.
    #[getter]
    fn balance_due(&self) -> Option<Money> {
        self.0.balance_due.map(Money)
    }
    /// The remittance information.
    #[getter]
    fn remittance(&self) -> &str {
        &self.0.remittance
    }
    fn __repr__(&self) -> String {
        format!("StatementEntry(position={}, outcome='{}', amount={})", self.0.position, self.outcome(), self.0.amount)
    }
}

/// What importing one bank statement document did (RECON-1, RECON-2).
#[pyclass(frozen, module = "corporate_billing")]
pub struct StatementImport {
    /// The identification of the document's first statement; each entry names its own.
    #[pyo3(get)]
    statement_id: String,
    /// The vendor's account of the first statement, normalised; each entry names its own.
    #[pyo3(get)]
    account: String,
    /// Every entry, in document order.
    #[pyo3(get)]
    entries: Vec<StatementEntry>,
}

impl From<corporate_billing::StatementImport> for StatementImport {
    fn from(s: corporate_billing::StatementImport) -> Self {
        StatementImport { statement_id: s.statement_id, account: s.account, entries: list(s.entries) }
    }
}

/// What a dunning run did (DUN-1).
#[pyclass(frozen, module = "corporate_billing")]
pub struct DunningReport {
    /// Invoices reminded at a new stage.
    #[pyo3(get)]
    invoices_reminded: u64,
    /// Reminders queued, one per recipient.
    #[pyo3(get)]
    reminders_queued: u64,
}

impl From<corporate_billing::DunningReport> for DunningReport {
    fn from(d: corporate_billing::DunningReport) -> Self {
        DunningReport { invoices_reminded: d.invoices_reminded, reminders_queued: d.reminders_queued }
    }
}

record!(
    /// An account in a vendor-wide list (BO-1).
    VendorAccount(corporate_billing::VendorAccount)
);

#[pymethods]
impl VendorAccount {
    /// The account ID.
    #[getter]
    fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// Company name.
    #[getter]
    fn company_name(&self) -> &str {
        &self.0.company_name
    }
    /// Its sales rep's staff ID.
    #[getter]
    fn sales_rep_id(&self) -> String {
        self.0.sales_rep.to_string()
    }
    /// Billing country (ISO 3166-1 alpha-2).
    #[getter]
    fn country(&self) -> String {
        self.0.country.to_string()
    }
    /// Invoice currency.
    #[getter]
    fn currency(&self) -> &str {
        self.0.currency.code()
    }
    /// `"active"`, `"expired"` or `"cancelled"`.
    #[getter]
    fn subscription_status(&self) -> String {
        name_of(&self.0.subscription_status)
    }
    /// Whether it renews automatically.
    #[getter]
    fn auto_renew(&self) -> bool {
        self.0.auto_renew
    }
    /// End of the current term.
    #[getter]
    fn term_end(&self) -> Date {
        self.0.term_end
    }
    /// Whether its payment reminders are paused (DUN-1).
    #[getter]
    fn dunning_paused(&self) -> bool {
        self.0.dunning_paused
    }
}

record!(
    /// An open quote in a vendor-wide list (BO-1).
    VendorQuote(corporate_billing::VendorQuote)
);

#[pymethods]
impl VendorQuote {
    /// The quote ID.
    #[getter]
    fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// Its account.
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
    }
    /// Grand total.
    #[getter]
    fn total(&self) -> Money {
        Money(self.0.total)
    }
    /// Last day it can be accepted.
    #[getter]
    fn valid_until(&self) -> Date {
        self.0.valid_until
    }
}

record!(
    /// An open service request in the queue (BO-1).
    VendorRequest(corporate_billing::VendorRequest)
);

#[pymethods]
impl VendorRequest {
    /// The request ID.
    #[getter]
    fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// Its account.
    #[getter]
    fn account_id(&self) -> String {
        self.0.account_id.to_string()
    }
    /// When it was submitted (UTC).
    #[getter]
    fn submitted_at(&self) -> OffsetDateTime {
        self.0.submitted_at
    }
}

/// Declares a page class of `$item` rows with its cursor.
macro_rules! page {
    ($(#[$doc:meta])* $name:ident($item:ident, $core:ty)) => {
        $(#[$doc])*
        #[pyclass(frozen, module = "corporate_billing")]
        pub struct $name {
            /// The rows.
            #[pyo3(get)]
            items: Vec<$item>,
            /// Pass it back for the next page; `None` after the last.
            #[pyo3(get)]
            next_cursor: Option<String>,
        }

        impl From<corporate_billing::Page<$core>> for $name {
            fn from(p: corporate_billing::Page<$core>) -> Self {
                $name { items: list(p.items), next_cursor: p.next_cursor }
            }
        }
    };
}

page!(/// One page of vendor-wide accounts.
    AccountPage(VendorAccount, corporate_billing::VendorAccount));
page!(/// One page of open quotes.
    QuotePage(VendorQuote, corporate_billing::VendorQuote));
page!(/// One page of open service requests.
    RequestPage(VendorRequest, corporate_billing::VendorRequest));
