//! Validated values. Parse, don't validate: a value of these types cannot exist in a bad state,
//! so nothing further down checks input again.

mod address;
pub(crate) mod bounds;
mod country;
mod email;
mod ids;
mod language;
mod money;
mod payment;
mod phone;
pub(crate) mod text;
mod user_id;

pub use address::{AddressLines, BillingAddress};
pub use country::Country;
pub use email::EmailAddress;
pub use ids::{AccountId, InvoiceId, IssuerId, LoginId, PurchaseOrderId, QuoteId, RequestId, StaffId};
pub use language::Language;
pub use money::{Currency, Money};
pub use payment::{
    AbaRoutingNumber, AchDebit, CardBrand, CardOnFile, Iban, PaymentDetails, PaymentKind, PaymentMethod,
    PaymentMethodView, SepaDebit,
};
pub use phone::Phone;
pub use text::FreeText;
pub use user_id::UserId;
