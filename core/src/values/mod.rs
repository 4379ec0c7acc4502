//! Validated values. Parse, don't validate: a value of these types cannot exist in a bad state,
//! so nothing further down checks input again.

mod address;
mod bank;
pub(crate) mod bounds;
pub(crate) mod calendar;
mod country;
mod creditor_reference;
mod electronic_address;
mod email;
mod ids;
pub(crate) mod iso7064;
mod language;
mod leitweg;
mod money;
mod payment;
mod phone;
mod postal_code;
pub(crate) mod text;
mod user_id;
mod vat_id;

pub use address::{AddressLines, BillingAddress};
pub use bank::{Bic, SepaCreditorId};
pub use country::Country;
pub use creditor_reference::CreditorReference;
pub use electronic_address::ElectronicAddress;
pub use email::EmailAddress;
pub use ids::{AccountId, InvoiceId, IssuerId, LoginId, PaymentId, PurchaseOrderId, QuoteId, RequestId, StaffId};
pub use language::Language;
pub use leitweg::LeitwegId;
pub use money::{Currency, Money};
pub use payment::{
    AbaRoutingNumber, AchDebit, CardBrand, CardOnFile, Iban, PaymentDetails, PaymentKind, PaymentMethod,
    PaymentMethodView, SepaDebit,
};
pub use phone::Phone;
pub use text::FreeText;
pub use user_id::UserId;
pub use vat_id::VatId;
