//! Value objects that Python code builds and passes in (and reads back): money, addresses,
//! payment methods, issuer profiles, quote lines and effects, request kinds, the caller and the
//! manual clock. Each wraps the core type it stands for; constructors check their input.

use crate::convert::{BILLING_INTERVALS, CARD_BRANDS, choice, decimal, guard, instant, name_of, whole};
use crate::errors::invalid;
use crate::repr::q;
use corporate_billing::{
    AchDebit, AddressLines, BillingAddress as CoreBillingAddress, Caller as CoreCaller, CardOnFile, Clock, Country,
    Currency, IssuerProfile as CoreIssuerProfile, LineInput as CoreLineInput, LoginId, ManualClock as CoreManualClock,
    Money as CoreMoney, PaymentDetails, PaymentMethod as CorePaymentMethod, PaymentMethodView as CorePaymentMethodView,
    QuoteEffect as CoreQuoteEffect, RequestKind as CoreRequestKind, SepaDebit, SessionToken, StaffId,
};
use pyo3::prelude::*;
use pyo3::types::PyDateTime;
use rust_decimal::Decimal;
use std::sync::Arc;
use time::{Date, OffsetDateTime};

/// An amount of money in one currency, exact, at the currency's minor unit (INV-5).
#[pyclass(frozen, eq, hash, module = "corporate_billing")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Money(pub(crate) CoreMoney);

#[pymethods]
impl Money {
    /// `amount` (a `Decimal` or `int`) in `currency` (ISO 4217), rounded half away from zero to
    /// the currency's minor unit.
    #[new]
    fn new(py: Python<'_>, amount: &Bound<'_, PyAny>, currency: &str) -> PyResult<Self> {
        let amount = decimal("amount", amount)?;
        Ok(Money(CoreMoney::new(amount, guard(py, || Currency::parse(currency))?)))
    }
    /// The amount, scaled to the minor unit (`Decimal("10.50")`, `Decimal("1000")` for JPY).
    #[getter]
    fn amount(&self) -> Decimal {
        self.0.amount()
    }
    /// The ISO 4217 code.
    #[getter]
    fn currency(&self) -> &'static str {
        self.0.currency().code()
    }
    fn __repr__(&self) -> String {
        format!("Money(Decimal('{}'), '{}')", self.0.amount(), self.0.currency())
    }
    fn __str__(&self) -> String {
        self.0.to_string()
    }
}

impl From<CoreMoney> for Money {
    fn from(m: CoreMoney) -> Self {
        Money(m)
    }
}

/// A checked billing address (ADDR-1).
#[pyclass(frozen, eq, module = "corporate_billing")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillingAddress(pub(crate) CoreBillingAddress);

#[pymethods]
impl BillingAddress {
    /// Checks every line (bounded, no control characters, no card numbers) and the ISO 3166-1
    /// alpha-2 country code.
    #[new]
    #[pyo3(signature = (line1, city, country, *, line2 = "", region = "", postal_code = ""))]
    fn new(
        py: Python<'_>,
        line1: &str,
        city: &str,
        country: &str,
        line2: &str,
        region: &str,
        postal_code: &str,
    ) -> PyResult<Self> {
        let country = guard(py, || Country::parse(country))?;
        let lines = address_lines(line1, city, line2, region, postal_code);
        Ok(BillingAddress(guard(py, || CoreBillingAddress::new(&lines, country))?))
    }
    /// First address line.
    #[getter]
    fn line1(&self) -> &str {
        self.0.line1()
    }
    /// Second address line (may be empty).
    #[getter]
    fn line2(&self) -> &str {
        self.0.line2()
    }
    /// City.
    #[getter]
    fn city(&self) -> &str {
        self.0.city()
    }
    /// Region (may be empty).
    #[getter]
    fn region(&self) -> &str {
        self.0.region()
    }
    /// Postal code (may be empty).
    #[getter]
    fn postal_code(&self) -> &str {
        self.0.postal_code()
    }
    /// ISO 3166-1 alpha-2 country code.
    #[getter]
    fn country(&self) -> String {
        self.0.country().code().to_owned()
    }
    /// The lines as printed, country last.
    fn printed_lines(&self) -> Vec<String> {
        self.0.printed_lines()
    }
    fn __repr__(&self) -> String {
        let a = &self.0;
        format!(
            "BillingAddress({}, {}, {}, line2={}, region={}, postal_code={})",
            q(a.line1()),
            q(a.city()),
            q(a.country().code()),
            q(a.line2()),
            q(a.region()),
            q(a.postal_code())
        )
    }
}

impl From<CoreBillingAddress> for BillingAddress {
    fn from(a: CoreBillingAddress) -> Self {
        BillingAddress(a)
    }
}

/// The core's address lines from keyword arguments.
pub(crate) fn address_lines(line1: &str, city: &str, line2: &str, region: &str, postal_code: &str) -> AddressLines {
    AddressLines {
        line1: line1.to_owned(),
        line2: line2.to_owned(),
        city: city.to_owned(),
        region: region.to_owned(),
        postal_code: postal_code.to_owned(),
    }
}

/// Who issues invoices: legal name, address, tax ID, number prefix and remittance details.
#[pyclass(frozen, eq, module = "corporate_billing")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerProfile(pub(crate) CoreIssuerProfile);

#[pymethods]
impl IssuerProfile {
    /// An issuer profile; the portal checks its fields when the issuer is created.
    #[new]
    #[pyo3(signature = (legal_name, address, tax_id, *, invoice_prefix = "", remittance = ""))]
    fn new(legal_name: &str, address: &BillingAddress, tax_id: &str, invoice_prefix: &str, remittance: &str) -> Self {
        IssuerProfile(CoreIssuerProfile {
            legal_name: legal_name.to_owned(),
            address: address.0.clone(),
            tax_id: tax_id.to_owned(),
            invoice_prefix: invoice_prefix.to_owned(),
            remittance: remittance.to_owned(),
        })
    }
    /// Legal name of the issuing company.
    #[getter]
    fn legal_name(&self) -> &str {
        &self.0.legal_name
    }
    /// Its postal address.
    #[getter]
    fn address(&self) -> BillingAddress {
        BillingAddress(self.0.address.clone())
    }
    /// VAT or tax identification number.
    #[getter]
    fn tax_id(&self) -> &str {
        &self.0.tax_id
    }
    /// Prefix of invoice numbers.
    #[getter]
    fn invoice_prefix(&self) -> &str {
        &self.0.invoice_prefix
    }
    /// Bank details for transfers, address for checks.
    #[getter]
    fn remittance(&self) -> &str {
        &self.0.remittance
    }
    fn __repr__(&self) -> String {
        format!(
            "IssuerProfile({}, tax_id={}, invoice_prefix={})",
            q(&self.0.legal_name),
            q(&self.0.tax_id),
            q(&self.0.invoice_prefix)
        )
    }
}

impl From<CoreIssuerProfile> for IssuerProfile {
    fn from(p: CoreIssuerProfile) -> Self {
        IssuerProfile(p)
    }
}

/// How an account pays (PAY-1). Build one with the static constructors; never holds a full card
/// number or security code (PAY-2). Read operations return a `PaymentMethodView` instead; this
/// form, with the processor token, comes back only from the host-only `stored_payment_method`.
#[pyclass(frozen, eq, module = "corporate_billing")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentMethod(pub(crate) CorePaymentMethod);

#[pymethods]
impl PaymentMethod {
    /// A card on file: the processor's token, brand (`"visa"`, `"mastercard"`, `"amex"`,
    /// `"discover"`, `"other"`), last four digits and expiry.
    #[staticmethod]
    fn card(py: Python<'_>, token: &str, brand: &str, last4: &str, exp_month: i64, exp_year: i64) -> PyResult<Self> {
        let brand = choice(py, "brand", brand, CARD_BRANDS)?;
        let (m, y) = (whole::<u8>(py, "exp_month", exp_month)?, whole::<u16>(py, "exp_year", exp_year)?);
        Ok(PaymentMethod(CorePaymentMethod::Card(guard(py, || CardOnFile::new(token, brand, last4, m, y))?)))
    }
    /// The customer wires each invoice.
    #[staticmethod]
    fn wire_transfer() -> Self {
        PaymentMethod(CorePaymentMethod::WireTransfer)
    }
    /// The customer mails a check.
    #[staticmethod]
    fn check() -> Self {
        PaymentMethod(CorePaymentMethod::Check)
    }
    /// US ACH direct debit: last four digits of the account, the ABA routing number, and the
    /// processor's token if there is one.
    #[staticmethod]
    #[pyo3(signature = (account_last4, routing_number, *, token = None))]
    fn ach_debit(py: Python<'_>, account_last4: &str, routing_number: &str, token: Option<&str>) -> PyResult<Self> {
        Ok(PaymentMethod(CorePaymentMethod::AchDebit(guard(py, || {
            AchDebit::new(token, account_last4, routing_number)
        })?)))
    }
    /// SEPA direct debit: IBAN (mod-97 checked) and mandate reference.
    #[staticmethod]
    fn sepa_debit(py: Python<'_>, iban: &str, mandate_reference: &str) -> PyResult<Self> {
        Ok(PaymentMethod(CorePaymentMethod::SepaDebit(guard(py, || SepaDebit::new(iban, mandate_reference))?)))
    }
    /// A standing order (recurring transfer).
    #[staticmethod]
    fn standing_order() -> Self {
        PaymentMethod(CorePaymentMethod::StandingOrder)
    }
    /// `"card"`, `"wire_transfer"`, `"check"`, `"ach_debit"`, `"sepa_debit"` or `"standing_order"`.
    #[getter]
    fn kind(&self) -> String {
        name_of(&self.0.kind())
    }
    /// A short description, safe to show (`"Visa ending in 4242, expires 12/2030"`).
    #[getter]
    fn description(&self) -> String {
        self.0.describe()
    }
    /// The processor's token (card, ACH), if any.
    #[getter]
    fn token(&self) -> Option<&str> {
        match &self.0 {
            CorePaymentMethod::Card(c) => Some(c.token()),
            CorePaymentMethod::AchDebit(a) => a.token(),
            _ => None,
        }
    }
    /// Card brand.
    #[getter]
    fn brand(&self) -> Option<String> {
        match &self.0 {
            CorePaymentMethod::Card(c) => Some(name_of(&c.brand())),
            _ => None,
        }
    }
    /// Last four digits of the card or bank account.
    #[getter]
    fn last4(&self) -> Option<&str> {
        match &self.0 {
            CorePaymentMethod::Card(c) => Some(c.last4()),
            CorePaymentMethod::AchDebit(a) => Some(a.account_last4()),
            _ => None,
        }
    }
    /// Card expiry month (1-12).
    #[getter]
    fn exp_month(&self) -> Option<u8> {
        match &self.0 {
            CorePaymentMethod::Card(c) => Some(c.exp_month()),
            _ => None,
        }
    }
    /// Card expiry year.
    #[getter]
    fn exp_year(&self) -> Option<u16> {
        match &self.0 {
            CorePaymentMethod::Card(c) => Some(c.exp_year()),
            _ => None,
        }
    }
    /// ABA routing number (ACH).
    #[getter]
    fn routing_number(&self) -> Option<&str> {
        match &self.0 {
            CorePaymentMethod::AchDebit(a) => Some(a.routing_number().as_str()),
            _ => None,
        }
    }
    /// IBAN with all but the country code and the last four characters hidden (SEPA).
    #[getter]
    fn iban_masked(&self) -> Option<String> {
        match &self.0 {
            CorePaymentMethod::SepaDebit(s) => Some(s.iban().masked()),
            _ => None,
        }
    }
    /// SEPA mandate reference.
    #[getter]
    fn mandate_reference(&self) -> Option<&str> {
        match &self.0 {
            CorePaymentMethod::SepaDebit(s) => Some(s.mandate_reference()),
            _ => None,
        }
    }
    fn __repr__(&self) -> String {
        format!("<PaymentMethod {}: {}>", self.kind(), self.0.describe())
    }
}

/// The payment method as read operations show it (PAY-2, PRIV-1): never the processor token or a
/// whole account number. Account users see `kind`, `last4` and `description` only; the other
/// fields are `None` for them.
#[pyclass(frozen, eq, module = "corporate_billing")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentMethodView(pub(crate) CorePaymentMethodView);

#[pymethods]
impl PaymentMethodView {
    /// `"card"`, `"wire_transfer"`, `"check"`, `"ach_debit"`, `"sepa_debit"` or `"standing_order"`.
    #[getter]
    fn kind(&self) -> String {
        name_of(&self.0.kind)
    }
    /// Last four digits of the card or bank account (last four characters of an IBAN).
    #[getter]
    fn last4(&self) -> Option<&str> {
        self.0.last4.as_deref()
    }
    /// A short description of what this view shows (`"Visa ending in 4242, expires 12/2030"`).
    #[getter]
    fn description(&self) -> &str {
        &self.0.description
    }
    /// Whether the details below are shown (billing contact and vendor staff).
    #[getter]
    fn detailed(&self) -> bool {
        self.0.details.is_some()
    }
    /// Card brand.
    #[getter]
    fn brand(&self) -> Option<String> {
        match &self.0.details {
            Some(PaymentDetails::Card { brand, .. }) => Some(name_of(brand)),
            _ => None,
        }
    }
    /// Card expiry month (1-12).
    #[getter]
    fn exp_month(&self) -> Option<u8> {
        match &self.0.details {
            Some(PaymentDetails::Card { exp_month, .. }) => Some(*exp_month),
            _ => None,
        }
    }
    /// Card expiry year.
    #[getter]
    fn exp_year(&self) -> Option<u16> {
        match &self.0.details {
            Some(PaymentDetails::Card { exp_year, .. }) => Some(*exp_year),
            _ => None,
        }
    }
    /// ABA routing number (ACH).
    #[getter]
    fn routing_number(&self) -> Option<&str> {
        match &self.0.details {
            Some(PaymentDetails::AchDebit { routing_number }) => Some(routing_number.as_str()),
            _ => None,
        }
    }
    /// IBAN with all but the country code and the last four characters hidden (SEPA).
    #[getter]
    fn iban_masked(&self) -> Option<&str> {
        match &self.0.details {
            Some(PaymentDetails::SepaDebit { iban_masked, .. }) => Some(iban_masked),
            _ => None,
        }
    }
    /// SEPA mandate reference.
    #[getter]
    fn mandate_reference(&self) -> Option<&str> {
        match &self.0.details {
            Some(PaymentDetails::SepaDebit { mandate_reference, .. }) => Some(mandate_reference),
            _ => None,
        }
    }
    fn __repr__(&self) -> String {
        format!("<PaymentMethodView {}: {}>", self.kind(), self.0.description)
    }
}

impl From<CorePaymentMethodView> for PaymentMethodView {
    fn from(v: CorePaymentMethodView) -> Self {
        PaymentMethodView(v)
    }
}

impl From<CorePaymentMethod> for PaymentMethod {
    fn from(m: CorePaymentMethod) -> Self {
        PaymentMethod(m)
    }
}

/// A quote line as the sales rep enters it: description, quantity, unit price and VAT rate in
/// percent (19 means 19 %), all exact.
#[pyclass(frozen, eq, module = "corporate_billing")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineInput(pub(crate) CoreLineInput);

#[pymethods]
impl LineInput {
    /// Amounts are `Decimal` or `int`; the portal checks the line when the quote is issued.
    #[new]
    fn new(
        description: &str,
        quantity: &Bound<'_, PyAny>,
        unit_price: &Bound<'_, PyAny>,
        vat_rate: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        Ok(LineInput(CoreLineInput {
            description: description.to_owned(),
            quantity: decimal("quantity", quantity)?,
            unit_price: decimal("unit_price", unit_price)?,
            vat_rate: decimal("vat_rate", vat_rate)?,
        }))
    }
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
    fn __repr__(&self) -> String {
        let l = &self.0;
        format!(
            "LineInput({}, Decimal('{}'), Decimal('{}'), Decimal('{}'))",
            q(&l.description),
            l.quantity,
            l.unit_price,
            l.vat_rate
        )
    }
}

/// What accepting a quote does to the subscription (QUO-1).
#[pyclass(frozen, eq, module = "corporate_billing")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteEffect(pub(crate) CoreQuoteEffect);

#[pymethods]
impl QuoteEffect {
    /// A new subscription term from `start` to `end` (the day after its last day).
    #[staticmethod]
    fn new_term(start: Date, end: Date) -> Self {
        QuoteEffect(CoreQuoteEffect::NewTerm { start, end })
    }
    /// A change of plan and seat price.
    #[staticmethod]
    fn plan_change(plan: &str, annual_seat_price: &Money) -> Self {
        QuoteEffect(CoreQuoteEffect::PlanChange { plan: plan.to_owned(), annual_seat_price: annual_seat_price.0 })
    }
    /// More seats.
    #[staticmethod]
    fn add_seats(py: Python<'_>, seats: i64) -> PyResult<Self> {
        Ok(QuoteEffect(CoreQuoteEffect::AddSeats { seats: whole(py, "effect.seats", seats)? }))
    }
    /// Reactivates an expired or cancelled subscription for a new term.
    #[staticmethod]
    fn reactivation(start: Date, end: Date) -> Self {
        QuoteEffect(CoreQuoteEffect::Reactivation { start, end })
    }
    /// `"new_term"`, `"plan_change"`, `"add_seats"` or `"reactivation"`.
    #[getter]
    fn kind(&self) -> &'static str {
        match &self.0 {
            CoreQuoteEffect::NewTerm { .. } => "new_term",
            CoreQuoteEffect::PlanChange { .. } => "plan_change",
            CoreQuoteEffect::AddSeats { .. } => "add_seats",
            CoreQuoteEffect::Reactivation { .. } => "reactivation",
        }
    }
    /// Start of the new term (new term, reactivation).
    #[getter]
    fn start(&self) -> Option<Date> {
        match &self.0 {
            CoreQuoteEffect::NewTerm { start, .. } | CoreQuoteEffect::Reactivation { start, .. } => Some(*start),
            _ => None,
        }
    }
    /// End of the new term (new term, reactivation).
    #[getter]
    fn end(&self) -> Option<Date> {
        match &self.0 {
            CoreQuoteEffect::NewTerm { end, .. } | CoreQuoteEffect::Reactivation { end, .. } => Some(*end),
            _ => None,
        }
    }
    /// The new plan (plan change).
    #[getter]
    fn plan(&self) -> Option<&str> {
        match &self.0 {
            CoreQuoteEffect::PlanChange { plan, .. } => Some(plan),
            _ => None,
        }
    }
    /// The new seat price (plan change).
    #[getter]
    fn annual_seat_price(&self) -> Option<Money> {
        match &self.0 {
            CoreQuoteEffect::PlanChange { annual_seat_price, .. } => Some(Money(*annual_seat_price)),
            _ => None,
        }
    }
    /// Seats added (add seats).
    #[getter]
    fn seats(&self) -> Option<u32> {
        match &self.0 {
            CoreQuoteEffect::AddSeats { seats } => Some(*seats),
            _ => None,
        }
    }
    fn __repr__(&self) -> String {
        match &self.0 {
            CoreQuoteEffect::NewTerm { start, end } => format!("QuoteEffect.new_term({start}, {end})"),
            CoreQuoteEffect::Reactivation { start, end } => format!("QuoteEffect.reactivation({start}, {end})"),
            CoreQuoteEffect::PlanChange { plan, annual_seat_price } => {
                format!("QuoteEffect.plan_change({}, {})", q(plan), Money(*annual_seat_price).__repr__())
            }
            CoreQuoteEffect::AddSeats { seats } => format!("QuoteEffect.add_seats({seats})"),
        }
    }
}

impl From<CoreQuoteEffect> for QuoteEffect {
    fn from(e: CoreQuoteEffect) -> Self {
        QuoteEffect(e)
    }
}

/// What a service request asks Account Services for (SR-1).
#[pyclass(frozen, eq, module = "corporate_billing")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestKind(pub(crate) CoreRequestKind);

#[pymethods]
impl RequestKind {
    /// Change the billing interval: `"monthly"`, `"quarterly"`, `"semi_annual"` or `"annual"`.
    #[staticmethod]
    fn change_billing_interval(py: Python<'_>, interval: &str) -> PyResult<Self> {
        let interval = choice(py, "interval", interval, BILLING_INTERVALS)?;
        Ok(RequestKind(CoreRequestKind::ChangeBillingInterval { interval }))
    }
    /// Turn off auto-renewal.
    #[staticmethod]
    fn turn_off_auto_renewal() -> Self {
        RequestKind(CoreRequestKind::TurnOffAutoRenewal)
    }
    /// Change the payment method, described in words (never a card number).
    #[staticmethod]
    fn change_payment_method(details: &str) -> Self {
        RequestKind(CoreRequestKind::ChangePaymentMethod { details: details.to_owned() })
    }
    /// A copy of an invoice by number (INV-2).
    #[staticmethod]
    fn invoice_copy(invoice_number: &str) -> Self {
        RequestKind(CoreRequestKind::InvoiceCopy { invoice_number: invoice_number.to_owned() })
    }
    /// Hand billing to the login with this user ID (BC-1).
    #[staticmethod]
    fn change_billing_contact(new_contact_user_id: &str) -> Self {
        RequestKind(CoreRequestKind::ChangeBillingContact { new_contact_user_id: new_contact_user_id.to_owned() })
    }
    /// Move the billing address to another country (ADDR-1).
    #[staticmethod]
    fn change_country(py: Python<'_>, country: &str) -> PyResult<Self> {
        Ok(RequestKind(CoreRequestKind::ChangeCountry { country: guard(py, || Country::parse(country))? }))
    }
    /// Anything else, in free text.
    #[staticmethod]
    fn other(text: &str) -> Self {
        RequestKind(CoreRequestKind::Other { text: text.to_owned() })
    }
    /// `"change_billing_interval"`, `"turn_off_auto_renewal"`, `"change_payment_method"`,
    /// `"invoice_copy"`, `"change_billing_contact"`, `"change_country"` or `"other"`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.name()
    }
    /// The requested billing interval.
    #[getter]
    fn interval(&self) -> Option<String> {
        match &self.0 {
            CoreRequestKind::ChangeBillingInterval { interval } => Some(name_of(interval)),
            _ => None,
        }
    }
    /// The request's text: payment details, invoice number, new contact's user ID, country code
    /// or free text, whichever the kind carries.
    #[getter]
    fn text(&self) -> Option<String> {
        match &self.0 {
            CoreRequestKind::ChangePaymentMethod { details } => Some(details.clone()),
            CoreRequestKind::InvoiceCopy { invoice_number } => Some(invoice_number.clone()),
            CoreRequestKind::ChangeBillingContact { new_contact_user_id } => Some(new_contact_user_id.clone()),
            CoreRequestKind::ChangeCountry { country } => Some(country.code().to_owned()),
            CoreRequestKind::Other { text } => Some(text.clone()),
            CoreRequestKind::ChangeBillingInterval { .. } | CoreRequestKind::TurnOffAutoRenewal => None,
        }
    }
    fn __repr__(&self) -> String {
        let arg = self.interval().or_else(|| self.text());
        format!("RequestKind.{}({})", self.kind(), arg.map(|a| q(&a)).unwrap_or_default())
    }
}

impl From<CoreRequestKind> for RequestKind {
    fn from(k: CoreRequestKind) -> Self {
        RequestKind(k)
    }
}

/// Who is calling. Billing contacts present their session; vendor staff and account users are
/// authenticated by the host application and asserted here.
#[pyclass(frozen, module = "corporate_billing")]
#[derive(Debug, Clone)]
pub struct Caller(pub(crate) CoreCaller);

#[pymethods]
impl Caller {
    /// A billing contact, by the token `sign_in` returned.
    #[staticmethod]
    fn session(token: &str) -> Self {
        Caller(CoreCaller::Session(SessionToken::new(token)))
    }
    /// A vendor employee, by staff ID.
    #[staticmethod]
    fn staff(py: Python<'_>, staff_id: &str) -> PyResult<Self> {
        Ok(Caller(CoreCaller::Staff(guard(py, || StaffId::parse(staff_id))?)))
    }
    /// A person on the customer's account, by login ID.
    #[staticmethod]
    fn account_user(py: Python<'_>, login_id: &str) -> PyResult<Self> {
        Ok(Caller(CoreCaller::AccountUser(guard(py, || LoginId::parse(login_id))?)))
    }
    /// Nobody in particular.
    #[staticmethod]
    fn anonymous() -> Self {
        Caller(CoreCaller::Anonymous)
    }
    fn __repr__(&self) -> String {
        match &self.0 {
            CoreCaller::Session(_) => "Caller.session(<redacted>)".to_owned(),
            CoreCaller::Staff(s) => format!("Caller.staff('{s}')"),
            CoreCaller::AccountUser(l) => format!("Caller.account_user('{l}')"),
            CoreCaller::Anonymous => "Caller.anonymous()".to_owned(),
        }
    }
}

/// A clock that stands still until moved, for tests and replays. Pass it to
/// `BillingPortal.open(..., clock=...)`; the portal then reads the time only from it.
#[pyclass(frozen, module = "corporate_billing")]
#[derive(Debug)]
pub struct ManualClock(pub(crate) Arc<CoreManualClock>);

#[pymethods]
impl ManualClock {
    /// A clock showing `at`, a timezone-aware datetime.
    #[new]
    fn new(at: &Bound<'_, PyDateTime>) -> PyResult<Self> {
        Ok(ManualClock(Arc::new(CoreManualClock::new(instant("at", at)?))))
    }
    /// The instant the clock shows, in UTC.
    fn now(&self) -> OffsetDateTime {
        self.0.now()
    }
    /// Moves the clock by `by` (a `datetime.timedelta`; negative moves it back).
    fn advance(&self, py: Python<'_>, by: time::Duration) -> PyResult<()> {
        // Checked here: the core clock would panic past the years it can represent.
        let at = self.0.now().checked_add(by).ok_or_else(|| invalid(py, "by", "moves the clock out of range"))?;
        self.0.set(at);
        Ok(())
    }
    /// Sets the clock to `at`, a timezone-aware datetime.
    fn set(&self, at: &Bound<'_, PyDateTime>) -> PyResult<()> {
        self.0.set(instant("at", at)?);
        Ok(())
    }
    fn __repr__(&self) -> String {
        let now = self.0.now();
        let shown = now.format(&time::format_description::well_known::Rfc3339).unwrap_or_else(|_| now.to_string());
        format!("ManualClock('{shown}')")
    }
}
