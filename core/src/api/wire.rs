//! The JSON bodies of the API that are not library values themselves: small request bodies and
//! the one-field answers. Library values (quotes, invoices, accounts...) travel as their own
//! serde form. Request bodies refuse unknown fields, so that a misspelt field is an error
//! rather than a silently missing value. Bodies that hold a password have no `Debug`.

use crate::{AccountId, Language, LeitwegId, LoginId, Phone, ReversalReason, VatId};
use serde::{Deserialize, Serialize};
use time::Date;

/// `POST /sessions`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// Username or e-mail address.
    pub user_id: String,
    /// The password. Secret.
    pub password: String,
}

/// `PUT /me/password`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    /// The password in force. Secret.
    pub current: String,
    /// The new one. Secret.
    pub new_password: String,
}

/// `PUT /password`: a new password by the token of a credential link.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetPassword {
    /// The link's token. Secret.
    pub token: String,
    /// The new password. Secret.
    pub new_password: String,
}

/// A body naming a login by its user ID (`POST /password-resets`, `PUT .../billing-contact`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserId {
    /// Username or e-mail address.
    pub user_id: String,
}

/// `POST .../users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountUser {
    /// The login that becomes an account user.
    pub login_id: LoginId,
}

/// `PUT .../document-language`, and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentLanguage {
    /// `de` or `en`; `null` for the billing country's default (in a request).
    pub language: Option<Language>,
}

/// `PUT .../country`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryBody {
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
}

/// `PUT .../phone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneBody {
    /// The number as typed; the answer carries the number as stored.
    pub phone: String,
}

/// The answer of `PUT .../phone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneSet {
    /// The number as stored.
    pub phone: Phone,
}

/// An invoice recipient to add or remove.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Email {
    /// The address.
    pub email: String,
}

/// `PUT .../requires-purchase-order`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Required {
    /// Whether a purchase order is required.
    pub required: bool,
}

/// `POST .../purchase-orders`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPurchaseOrder {
    /// The customer's number.
    pub number: String,
    /// Last day in force.
    pub expires_on: Date,
}

/// `PUT .../purchase-orders/{purchase_order}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditPurchaseOrder {
    /// The version the caller read.
    pub expected_version: i64,
    /// The customer's number.
    pub number: String,
    /// Last day in force.
    pub expires_on: Date,
}

/// `PUT .../buyer-vat-id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuyerVatId {
    /// The VAT ID, or `null` to clear it.
    pub vat_id: Option<String>,
}

/// The answer of `PUT .../buyer-vat-id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatIdSet {
    /// The VAT ID as stored, `null` when cleared.
    pub vat_id: Option<VatId>,
}

/// `PUT .../buyer-reference`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuyerReference {
    /// The reference, or `null` to clear it.
    pub reference: Option<String>,
}

/// `PUT .../leitweg-id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeitwegIdBody {
    /// The Leitweg-ID.
    pub leitweg_id: String,
}

/// The answer of `PUT .../leitweg-id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeitwegIdSet {
    /// The Leitweg-ID as stored.
    pub leitweg_id: LeitwegId,
}

/// `PUT .../buyer-electronic-address`: both fields, or neither to clear it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectronicAddressBody {
    /// The EAS scheme code, e.g. `0204` or `EM`.
    pub scheme: Option<String>,
    /// The identifier in that scheme.
    pub address: Option<String>,
}

/// `PUT .../dunning-paused`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paused {
    /// Whether reminders are paused.
    pub paused: bool,
}

/// `POST .../accept`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accept {
    /// The purchase order number, if the account gives one.
    pub purchase_order: Option<String>,
}

/// `POST .../decline`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decline {
    /// Why, if the contact says.
    pub reason: Option<String>,
}

/// A body with a reason that must be given (`.../void`, `.../reject`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// Why.
    pub reason: String,
}

/// `POST .../complete`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// A note to the contact.
    pub note: Option<String>,
}

/// `POST .../reversal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reversal {
    /// The day the payment was taken back.
    pub on: Date,
    /// Why.
    pub reason: ReversalReason,
}

/// A run's day (`/vendor/renewal-runs`, `/vendor/dunning-runs`, `/vendor/purchase-order-reminders`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Day {
    /// The day, `YYYY-MM-DD`.
    pub date: Date,
}

/// The answer of `POST /accounts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountCreated {
    /// The new account.
    pub account_id: AccountId,
}

/// The answer of `POST /vendor/purchase-order-reminders`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminded {
    /// How many reminders were queued.
    pub reminded: u64,
}

/// The answer of the audit verifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verified {
    /// How many records verified.
    pub records: u64,
}
