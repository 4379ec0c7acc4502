//! Payment methods (PAY-1, PAY-2): what is kept is never enough to charge a card or account.

use super::text::{contains_card_number, required};
use crate::error::{Error, Result};
use iban::IbanLike;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Card brands the portal knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardBrand {
    /// Visa.
    Visa,
    /// Mastercard.
    Mastercard,
    /// American Express.
    Amex,
    /// Discover.
    Discover,
    /// Any other brand.
    Other,
}

impl fmt::Display for CardBrand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CardBrand::Visa => "Visa",
            CardBrand::Mastercard => "Mastercard",
            CardBrand::Amex => "American Express",
            CardBrand::Discover => "Discover",
            CardBrand::Other => "Card",
        })
    }
}

fn processor_token(field: &str, token: &str) -> Result<String> {
    let t = token.trim();
    if t.is_empty() || t.len() > 128 {
        return Err(Error::invalid(field, "must have 1 to 128 characters"));
    }
    if !t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.')) {
        return Err(Error::invalid(field, "may hold only letters, digits, '_', '-', ':' and '.'"));
    }
    if contains_card_number(t) {
        return Err(Error::invalid(field, "looks like a card number; pass the processor's token"));
    }
    Ok(t.to_owned())
}

fn last_four(field: &str, digits: &str) -> Result<String> {
    let d = digits.trim();
    if d.len() != 4 || !d.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid(field, "must be exactly four digits"));
    }
    Ok(d.to_owned())
}

/// A card on file: the processor's token, brand, last four digits and expiry. Never the number
/// or the security code (PAY-2). `Debug` leaves the token out.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardOnFile {
    token: String,
    brand: CardBrand,
    last4: String,
    exp_month: u8,
    exp_year: u16,
}

impl CardOnFile {
    /// Checks the fields: a token (not a card number), four digits, month 1-12, a plausible year.
    pub fn new(token: &str, brand: CardBrand, last4: &str, exp_month: u8, exp_year: u16) -> Result<Self> {
        if !(1..=12).contains(&exp_month) {
            return Err(Error::invalid("exp_month", "must be 1 to 12"));
        }
        if !(2000..=2100).contains(&exp_year) {
            return Err(Error::invalid("exp_year", "must be a four-digit year"));
        }
        Ok(CardOnFile {
            token: processor_token("card_token", token)?,
            brand,
            last4: last_four("last4", last4)?,
            exp_month,
            exp_year,
        })
    }

    /// True if the card's expiry month ended before `today`.
    pub fn is_expired(&self, today: time::Date) -> bool {
        (today.year(), u8::from(today.month())) > (i32::from(self.exp_year), self.exp_month)
    }

    /// The processor's token.
    pub fn token(&self) -> &str {
        &self.token
    }
    /// The card brand.
    pub fn brand(&self) -> CardBrand {
        self.brand
    }
    /// Last four digits of the card number.
    pub fn last4(&self) -> &str {
        &self.last4
    }
    /// Expiry month (1-12).
    pub fn exp_month(&self) -> u8 {
        self.exp_month
    }
    /// Expiry year.
    pub fn exp_year(&self) -> u16 {
        self.exp_year
    }
}

impl fmt::Debug for CardOnFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardOnFile")
            .field("token", &REDACTED)
            .field("brand", &self.brand)
            .field("last4", &self.last4)
            .field("exp_month", &self.exp_month)
            .field("exp_year", &self.exp_year)
            .finish()
    }
}

/// Stands in for a processor token in `Debug` output: the token can charge the customer.
const REDACTED: Redacted = Redacted;

struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A US bank routing number (ABA RTN), checksum verified.
///
/// ```
/// use corporate_billing::AbaRoutingNumber;
/// assert!(AbaRoutingNumber::parse("011000015").is_ok());
/// assert!(AbaRoutingNumber::parse("011000016").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AbaRoutingNumber(String);

impl AbaRoutingNumber {
    /// Nine digits whose weighted sum (3, 7, 1) is a multiple of ten.
    pub fn parse(input: &str) -> Result<Self> {
        let s = input.trim();
        let d: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
        if s.len() != 9 || d.len() != 9 {
            return Err(Error::invalid("routing_number", "must be nine digits"));
        }
        let sum: u32 = d.iter().zip([3, 7, 1].iter().cycle()).map(|(a, w)| a * w).sum();
        if !sum.is_multiple_of(10) {
            return Err(Error::invalid("routing_number", "checksum does not match"));
        }
        Ok(AbaRoutingNumber(s.to_owned()))
    }

    /// The nine digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An IBAN, mod-97 and country-format verified by `iban_validate`, kept in electronic form.
///
/// ```
/// use corporate_billing::Iban;
/// let iban = Iban::parse("DE44 5001 0517 5407 3249 31").unwrap();
/// assert_eq!(iban.masked(), "DE** **** **** **** **49 31");
/// assert!(Iban::parse("DE44 5001 0517 5407 3249 32").is_err());
/// ```
///
/// `Debug` shows the masked form only.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Iban(String);

impl fmt::Debug for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Iban").field(&self.masked()).finish()
    }
}

impl Iban {
    /// Parses print or electronic form.
    pub fn parse(input: &str) -> Result<Self> {
        if input.len() > 64 {
            return Err(Error::invalid("iban", "too long"));
        }
        let iban: iban::Iban = input.trim().parse().map_err(|_| Error::invalid("iban", "not a valid IBAN"))?;
        Ok(Iban(iban.electronic_str().to_owned()))
    }

    /// The electronic form (no spaces).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Print form with all but the country code and the last four characters hidden.
    pub fn masked(&self) -> String {
        let n = self.0.len();
        let shown: String =
            self.0.chars().enumerate().map(|(i, c)| if i < 2 || i + 4 >= n { c } else { '*' }).collect();
        shown.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
    }
}

/// A US ACH debit: a processor token or the last four digits of the account, and the routing number.
/// `Debug` leaves the token out.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AchDebit {
    token: Option<String>,
    account_last4: String,
    routing_number: AbaRoutingNumber,
}

impl AchDebit {
    /// Checks the token (if any), the last four digits and the routing number.
    pub fn new(token: Option<&str>, account_last4: &str, routing_number: &str) -> Result<Self> {
        Ok(AchDebit {
            token: token.map(|t| processor_token("ach_token", t)).transpose()?,
            account_last4: last_four("account_last4", account_last4)?,
            routing_number: AbaRoutingNumber::parse(routing_number)?,
        })
    }
    /// The processor's token, if one was given.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }
    /// Last four digits of the bank account.
    pub fn account_last4(&self) -> &str {
        &self.account_last4
    }
    /// The routing number.
    pub fn routing_number(&self) -> &AbaRoutingNumber {
        &self.routing_number
    }
}

impl fmt::Debug for AchDebit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AchDebit")
            .field("token", &self.token.as_ref().map(|_| REDACTED))
            .field("account_last4", &self.account_last4)
            .field("routing_number", &self.routing_number)
            .finish()
    }
}

/// A SEPA direct debit: the IBAN and the mandate reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SepaDebit {
    iban: Iban,
    mandate_reference: String,
}

impl SepaDebit {
    /// Checks the IBAN and the mandate reference (1-35 characters of the SEPA character set).
    pub fn new(iban: &str, mandate_reference: &str) -> Result<Self> {
        let m = required("mandate_reference", mandate_reference, 35)?;
        if !m.chars().all(|c| c.is_ascii_alphanumeric() || "/-?:().,'+ ".contains(c)) {
            return Err(Error::invalid("mandate_reference", "uses characters outside the SEPA set"));
        }
        Ok(SepaDebit { iban: Iban::parse(iban)?, mandate_reference: m })
    }
    /// The IBAN.
    pub fn iban(&self) -> &Iban {
        &self.iban
    }
    /// The mandate reference.
    pub fn mandate_reference(&self) -> &str {
        &self.mandate_reference
    }
}

/// How an account pays its invoices (PAY-1), as stored: with the processor token and the whole
/// IBAN. Read operations return a [`PaymentMethodView`] instead; only the host reads this form
/// back ([`crate::BillingPortal::stored_payment_method`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Credit or debit card, charged by the vendor's processor.
    Card(CardOnFile),
    /// The customer wires each invoice to the issuer's bank account.
    WireTransfer,
    /// The customer mails a check.
    Check,
    /// US ACH direct debit.
    AchDebit(AchDebit),
    /// SEPA direct debit.
    SepaDebit(SepaDebit),
    /// The customer's bank pays by standing order (recurring transfer).
    StandingOrder,
}

impl PaymentMethod {
    /// Which kind of payment method this is.
    pub fn kind(&self) -> PaymentKind {
        match self {
            PaymentMethod::Card(_) => PaymentKind::Card,
            PaymentMethod::WireTransfer => PaymentKind::WireTransfer,
            PaymentMethod::Check => PaymentKind::Check,
            PaymentMethod::AchDebit(_) => PaymentKind::AchDebit,
            PaymentMethod::SepaDebit(_) => PaymentKind::SepaDebit,
            PaymentMethod::StandingOrder => PaymentKind::StandingOrder,
        }
    }

    /// The last four digits of the card or bank account (for an IBAN, its last four characters).
    pub fn last4(&self) -> Option<&str> {
        match self {
            PaymentMethod::Card(c) => Some(&c.last4),
            PaymentMethod::AchDebit(a) => Some(&a.account_last4),
            PaymentMethod::SepaDebit(s) => s.iban.0.get(s.iban.0.len().saturating_sub(4)..),
            PaymentMethod::WireTransfer | PaymentMethod::Check | PaymentMethod::StandingOrder => None,
        }
    }

    /// A short description safe to show to anyone allowed to see billing data.
    pub fn describe(&self) -> String {
        match self {
            PaymentMethod::Card(c) => {
                format!("{} ending in {}, expires {:02}/{}", c.brand, c.last4, c.exp_month, c.exp_year)
            }
            PaymentMethod::WireTransfer => "Wire transfer".into(),
            PaymentMethod::Check => "Check".into(),
            PaymentMethod::AchDebit(a) => {
                format!("ACH direct debit from account ending in {} (routing {})", a.account_last4, a.routing_number.0)
            }
            PaymentMethod::SepaDebit(s) => {
                format!("SEPA direct debit from {} (mandate {})", s.iban.masked(), s.mandate_reference)
            }
            PaymentMethod::StandingOrder => "Standing order".into(),
        }
    }
}

/// The kinds of payment method (PAY-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    /// Credit or debit card.
    Card,
    /// Wire transfer of each invoice.
    WireTransfer,
    /// Check by mail.
    Check,
    /// US ACH direct debit.
    AchDebit,
    /// SEPA direct debit.
    SepaDebit,
    /// Standing order (recurring transfer).
    StandingOrder,
}

impl PaymentKind {
    /// What the kind is called in descriptions.
    fn label(self) -> &'static str {
        match self {
            PaymentKind::Card => "Card",
            PaymentKind::WireTransfer => "Wire transfer",
            PaymentKind::Check => "Check",
            PaymentKind::AchDebit => "ACH direct debit",
            PaymentKind::SepaDebit => "SEPA direct debit",
            PaymentKind::StandingOrder => "Standing order",
        }
    }
}

/// The payment method as every read operation returns it (PAY-2, PRIV-1): never the processor
/// token, never a whole account number or IBAN. Account users see the kind and the last four
/// ([`PaymentMethodView::masked`]); the billing contact and vendor staff also see the
/// [`PaymentDetails`] ([`PaymentMethodView::detailed`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentMethodView {
    /// Card, transfer, check, debit or standing order.
    pub kind: PaymentKind,
    /// Last four digits of the card or bank account (last four characters of an IBAN).
    pub last4: Option<String>,
    /// Brand and expiry of a card, routing number of an ACH debit, masked IBAN and mandate of a
    /// SEPA debit. `None` for account users, and for kinds that have nothing more to show.
    pub details: Option<PaymentDetails>,
    /// A one-line description of what this view shows, e.g. `Visa ending in 4242, expires 12/2030`.
    pub description: String,
}

/// What the billing contact and vendor staff see of a payment method beyond its kind and last four.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PaymentDetails {
    /// A card: brand and expiry.
    Card {
        /// The brand.
        brand: CardBrand,
        /// Expiry month, 1-12.
        exp_month: u8,
        /// Expiry year.
        exp_year: u16,
    },
    /// An ACH debit: the bank's routing number.
    AchDebit {
        /// The ABA routing number.
        routing_number: AbaRoutingNumber,
    },
    /// A SEPA debit: the masked IBAN and the mandate reference.
    SepaDebit {
        /// The IBAN with all but the country code and the last four characters hidden.
        iban_masked: String,
        /// The mandate reference.
        mandate_reference: String,
    },
}

impl PaymentMethodView {
    /// The view of the billing contact and vendor staff: everything but the processor token and
    /// the hidden part of an IBAN.
    pub fn detailed(method: &PaymentMethod) -> Self {
        let details = match method {
            PaymentMethod::Card(c) => {
                Some(PaymentDetails::Card { brand: c.brand, exp_month: c.exp_month, exp_year: c.exp_year })
            }
            PaymentMethod::AchDebit(a) => Some(PaymentDetails::AchDebit { routing_number: a.routing_number.clone() }),
            PaymentMethod::SepaDebit(s) => Some(PaymentDetails::SepaDebit {
                iban_masked: s.iban.masked(),
                mandate_reference: s.mandate_reference.clone(),
            }),
            PaymentMethod::WireTransfer | PaymentMethod::Check | PaymentMethod::StandingOrder => None,
        };
        PaymentMethodView {
            kind: method.kind(),
            last4: method.last4().map(str::to_owned),
            details,
            description: method.describe(),
        }
    }

    /// [`description`](Self::description) in `lang`, from the message catalogue (DOCS-2): what
    /// the pages show, e.g. "Visa mit der Endung 4242, gültig bis 12/2030".
    pub fn describe_in(&self, lang: super::Language) -> String {
        use crate::messages::text;
        let last4 = self.last4.as_deref().unwrap_or_default();
        let kind = match self.kind {
            PaymentKind::Card => "card",
            PaymentKind::WireTransfer => "wire_transfer",
            PaymentKind::Check => "check",
            PaymentKind::AchDebit => "ach_debit",
            PaymentKind::SepaDebit => "sepa_debit",
            PaymentKind::StandingOrder => "standing_order",
        };
        match &self.details {
            Some(PaymentDetails::Card { brand, exp_month, exp_year }) => text(
                lang,
                "payment_method.card.detailed",
                &[
                    ("brand", &brand.to_string()),
                    ("last4", last4),
                    ("month", &format!("{exp_month:02}")),
                    ("year", &exp_year.to_string()),
                ],
            ),
            Some(PaymentDetails::AchDebit { routing_number }) => text(
                lang,
                "payment_method.ach_debit.detailed",
                &[("last4", last4), ("routing", routing_number.as_str())],
            ),
            Some(PaymentDetails::SepaDebit { iban_masked, mandate_reference }) => text(
                lang,
                "payment_method.sepa_debit.detailed",
                &[("iban", iban_masked), ("mandate", mandate_reference)],
            ),
            None if self.last4.is_some() => text(lang, &format!("payment_method.{kind}.last4"), &[("last4", last4)]),
            None => text(lang, &format!("payment_method.{kind}"), &[]),
        }
    }

    /// The view of account users: the kind and the last four only (PRIV-1).
    pub fn masked(method: &PaymentMethod) -> Self {
        let kind = method.kind();
        let last4 = method.last4().map(str::to_owned);
        let description = match &last4 {
            Some(l) => format!("{} ending in {l}", kind.label()),
            None => kind.label().to_owned(),
        };
        PaymentMethodView { kind, last4, details: None, description }
    }
}
