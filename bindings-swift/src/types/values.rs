//! Money, addresses, payment methods and identifiers.

use crate::convert::Amount;
use crate::error::BillingError;
use corporate_billing::{
    AchDebit as CoreAchDebit, AddressLines as CoreAddressLines, BillingAddress as CoreBillingAddress,
    CardBrand as CoreCardBrand, CardOnFile as CoreCardOnFile, Country as CoreCountry, Currency as CoreCurrency,
    Money as CoreMoney, PaymentDetails as CorePaymentDetails, PaymentKind as CorePaymentKind,
    PaymentMethod as CorePaymentMethod, PaymentMethodView as CorePaymentMethodView, SepaDebit as CoreSepaDebit,
};
use std::str::FromStr;

/// Parses an identifier's UUID text; malformed text is `NotFound`, like an unknown ID.
pub(crate) fn id<T: FromStr<Err = corporate_billing::Error>>(text: &str) -> Result<T, BillingError> {
    Ok(text.parse::<T>()?)
}

/// An exact amount in an ISO 4217 currency, at the currency's minor unit (INV-5).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Money {
    /// The amount: Swift `Decimal`, Kotlin `BigDecimal`.
    pub amount: Amount,
    /// The three-letter ISO 4217 code.
    pub currency: String,
}

impl From<CoreMoney> for Money {
    fn from(m: CoreMoney) -> Self {
        Money { amount: m.amount().into(), currency: m.currency().code().to_owned() }
    }
}

impl TryFrom<Money> for CoreMoney {
    type Error = BillingError;
    /// Rounds half away from zero to the currency's minor unit, as the core does.
    fn try_from(m: Money) -> Result<Self, BillingError> {
        Ok(CoreMoney::new(m.amount.0, CoreCurrency::parse(&m.currency)?))
    }
}

/// The street part of a billing address: everything the billing contact may change (ADDR-1).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AddressLines {
    /// First line (street and number), required.
    pub line1: String,
    /// Second line, may be empty.
    pub line2: String,
    /// City or town, required.
    pub city: String,
    /// State, province or region, may be empty.
    pub region: String,
    /// Postal code, may be empty.
    pub postal_code: String,
}

impl From<AddressLines> for CoreAddressLines {
    fn from(l: AddressLines) -> Self {
        CoreAddressLines { line1: l.line1, line2: l.line2, city: l.city, region: l.region, postal_code: l.postal_code }
    }
}

/// A billing address with its ISO 3166-1 alpha-2 country.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BillingAddress {
    /// First line (street and number).
    pub line1: String,
    /// Second line (may be empty).
    pub line2: String,
    /// City or town.
    pub city: String,
    /// Region (may be empty).
    pub region: String,
    /// Postal code (may be empty).
    pub postal_code: String,
    /// Two-letter country code.
    pub country: String,
}

impl From<CoreBillingAddress> for BillingAddress {
    fn from(a: CoreBillingAddress) -> Self {
        BillingAddress {
            line1: a.line1().to_owned(),
            line2: a.line2().to_owned(),
            city: a.city().to_owned(),
            region: a.region().to_owned(),
            postal_code: a.postal_code().to_owned(),
            country: a.country().code().to_owned(),
        }
    }
}

impl TryFrom<BillingAddress> for CoreBillingAddress {
    type Error = BillingError;
    fn try_from(a: BillingAddress) -> Result<Self, BillingError> {
        let country = CoreCountry::parse(&a.country)?;
        let lines =
            AddressLines { line1: a.line1, line2: a.line2, city: a.city, region: a.region, postal_code: a.postal_code };
        Ok(CoreBillingAddress::new(&lines.into(), country)?)
    }
}

/// Card brands the portal knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
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

impl From<CoreCardBrand> for CardBrand {
    fn from(b: CoreCardBrand) -> Self {
        match b {
            CoreCardBrand::Visa => CardBrand::Visa,
            CoreCardBrand::Mastercard => CardBrand::Mastercard,
            CoreCardBrand::Amex => CardBrand::Amex,
            CoreCardBrand::Discover => CardBrand::Discover,
            CoreCardBrand::Other => CardBrand::Other,
        }
    }
}

impl From<CardBrand> for CoreCardBrand {
    fn from(b: CardBrand) -> Self {
        match b {
            CardBrand::Visa => CoreCardBrand::Visa,
            CardBrand::Mastercard => CoreCardBrand::Mastercard,
            CardBrand::Amex => CoreCardBrand::Amex,
            CardBrand::Discover => CoreCardBrand::Discover,
            CardBrand::Other => CoreCardBrand::Other,
        }
    }
}

/// How an account pays its invoices (PAY-1). Never a full card number or security code (PAY-2).
/// Given to `set_payment_method`; read back with the token only from the host-only
/// `stored_payment_method`. `description`/`toString()` leave the token and the hidden part of
/// the IBAN out.
#[derive(Clone, PartialEq, Eq, uniffi::Enum)]
#[uniffi::export(Debug, Display)]
pub enum PaymentMethod {
    /// A card on file at the vendor's processor.
    Card {
        /// The processor's token (not the card number).
        token: String,
        /// The brand.
        brand: CardBrand,
        /// Last four digits.
        last4: String,
        /// Expiry month, 1-12.
        exp_month: u8,
        /// Expiry year, four digits.
        exp_year: u16,
    },
    /// The customer wires each invoice.
    WireTransfer,
    /// The customer mails a check.
    Check,
    /// US ACH direct debit.
    AchDebit {
        /// The processor's token, if any.
        token: Option<String>,
        /// Last four digits of the bank account.
        account_last4: String,
        /// ABA routing number (checksum verified).
        routing_number: String,
    },
    /// SEPA direct debit.
    SepaDebit {
        /// The IBAN (mod-97 verified).
        iban: String,
        /// The mandate reference.
        mandate_reference: String,
    },
    /// Standing order (recurring transfer).
    StandingOrder,
}

impl From<CorePaymentMethod> for PaymentMethod {
    fn from(m: CorePaymentMethod) -> Self {
        match m {
            CorePaymentMethod::Card(c) => PaymentMethod::Card {
                token: c.token().to_owned(),
                brand: c.brand().into(),
                last4: c.last4().to_owned(),
                exp_month: c.exp_month(),
                exp_year: c.exp_year(),
            },
            CorePaymentMethod::WireTransfer => PaymentMethod::WireTransfer,
            CorePaymentMethod::Check => PaymentMethod::Check,
            CorePaymentMethod::AchDebit(a) => PaymentMethod::AchDebit {
                token: a.token().map(str::to_owned),
                account_last4: a.account_last4().to_owned(),
                routing_number: a.routing_number().as_str().to_owned(),
            },
            CorePaymentMethod::SepaDebit(s) => PaymentMethod::SepaDebit {
                iban: s.iban().as_str().to_owned(),
                mandate_reference: s.mandate_reference().to_owned(),
            },
            CorePaymentMethod::StandingOrder => PaymentMethod::StandingOrder,
        }
    }
}

impl TryFrom<PaymentMethod> for CorePaymentMethod {
    type Error = BillingError;
    fn try_from(m: PaymentMethod) -> Result<Self, BillingError> {
        Ok(match m {
            PaymentMethod::Card { token, brand, last4, exp_month, exp_year } => {
                CorePaymentMethod::Card(CoreCardOnFile::new(&token, brand.into(), &last4, exp_month, exp_year)?)
            }
            PaymentMethod::WireTransfer => CorePaymentMethod::WireTransfer,
            PaymentMethod::Check => CorePaymentMethod::Check,
            PaymentMethod::AchDebit { token, account_last4, routing_number } => {
                CorePaymentMethod::AchDebit(CoreAchDebit::new(token.as_deref(), &account_last4, &routing_number)?)
            }
            PaymentMethod::SepaDebit { iban, mandate_reference } => {
                CorePaymentMethod::SepaDebit(CoreSepaDebit::new(&iban, &mandate_reference)?)
            }
            PaymentMethod::StandingOrder => CorePaymentMethod::StandingOrder,
        })
    }
}

impl std::fmt::Display for PaymentMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PaymentMethod::Card { brand, last4, exp_month, exp_year, .. } => {
                write!(f, "Card({brand:?} ending in {last4}, expires {exp_month:02}/{exp_year}, token <redacted>)")
            }
            PaymentMethod::WireTransfer => f.write_str("WireTransfer"),
            PaymentMethod::Check => f.write_str("Check"),
            PaymentMethod::AchDebit { token, account_last4, routing_number } => write!(
                f,
                "AchDebit(account ending in {account_last4}, routing {routing_number}{})",
                if token.is_some() { ", token <redacted>" } else { "" }
            ),
            PaymentMethod::SepaDebit { iban, mandate_reference } => {
                let tail = iban.get(iban.len().saturating_sub(4)..).unwrap_or("");
                write!(f, "SepaDebit(IBAN ending in {tail}, mandate {mandate_reference})")
            }
            PaymentMethod::StandingOrder => f.write_str("StandingOrder"),
        }
    }
}

impl std::fmt::Debug for PaymentMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// The kinds of payment method (PAY-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum PaymentKind {
    /// Credit or debit card.
    Card,
    /// Wire transfer.
    WireTransfer,
    /// Check.
    Check,
    /// US ACH direct debit.
    AchDebit,
    /// SEPA direct debit.
    SepaDebit,
    /// Standing order.
    StandingOrder,
}

impl From<CorePaymentKind> for PaymentKind {
    fn from(k: CorePaymentKind) -> Self {
        match k {
            CorePaymentKind::Card => PaymentKind::Card,
            CorePaymentKind::WireTransfer => PaymentKind::WireTransfer,
            CorePaymentKind::Check => PaymentKind::Check,
            CorePaymentKind::AchDebit => PaymentKind::AchDebit,
            CorePaymentKind::SepaDebit => PaymentKind::SepaDebit,
            CorePaymentKind::StandingOrder => PaymentKind::StandingOrder,
        }
    }
}

/// What the billing contact and vendor staff see of a payment method beyond kind and last four.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum PaymentDetails {
    /// A card's brand and expiry.
    Card {
        /// The brand.
        brand: CardBrand,
        /// Expiry month, 1-12.
        exp_month: u8,
        /// Expiry year.
        exp_year: u16,
    },
    /// An ACH debit's routing number.
    AchDebit {
        /// ABA routing number.
        routing_number: String,
    },
    /// A SEPA debit's masked IBAN and mandate.
    SepaDebit {
        /// The IBAN with all but the country code and the last four characters hidden.
        iban_masked: String,
        /// The mandate reference.
        mandate_reference: String,
    },
}

impl From<CorePaymentDetails> for PaymentDetails {
    fn from(d: CorePaymentDetails) -> Self {
        match d {
            CorePaymentDetails::Card { brand, exp_month, exp_year } => {
                PaymentDetails::Card { brand: brand.into(), exp_month, exp_year }
            }
            CorePaymentDetails::AchDebit { routing_number } => {
                PaymentDetails::AchDebit { routing_number: routing_number.as_str().to_owned() }
            }
            CorePaymentDetails::SepaDebit { iban_masked, mandate_reference } => {
                PaymentDetails::SepaDebit { iban_masked, mandate_reference }
            }
        }
    }
}

/// The payment method as read operations return it (PAY-2, PRIV-1): never the processor token,
/// never a whole account number. Account users get the kind and last four only (`details` nil).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PaymentMethodView {
    /// Card, transfer, check, debit or standing order.
    pub kind: PaymentKind,
    /// Last four digits of the card or bank account (last four characters of an IBAN).
    pub last4: Option<String>,
    /// Brand and expiry, routing number, or masked IBAN and mandate: for the billing contact and
    /// vendor staff only.
    pub details: Option<PaymentDetails>,
    /// A one-line description of what this view shows.
    pub description: String,
}

impl From<CorePaymentMethodView> for PaymentMethodView {
    fn from(v: CorePaymentMethodView) -> Self {
        PaymentMethodView {
            kind: v.kind.into(),
            last4: v.last4,
            details: v.details.map(Into::into),
            description: v.description,
        }
    }
}
