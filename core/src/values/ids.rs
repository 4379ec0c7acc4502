//! Identifiers of stored objects: UUIDv7 (time-ordered, unguessable enough for look-ups; access is
//! still checked on every operation).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $entity:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(uuid::Uuid);

        impl $name {
            pub(crate) fn generate() -> Self {
                $name(uuid::Uuid::now_v7())
            }

            /// Parses the hyphenated text form; a malformed ID is reported as not found, like an
            /// unknown one, so that callers learn nothing from its shape.
            pub fn parse(input: &str) -> Result<Self> {
                if input.len() > 64 {
                    return Err(Error::not_found($entity));
                }
                uuid::Uuid::try_parse(input.trim()).map($name).map_err(|_| Error::not_found($entity))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                $name::parse(s)
            }
        }

        impl crate::store::Param for $name {
            fn val(&self) -> crate::store::sql::Val<'_> {
                crate::store::sql::Val::Text(std::borrow::Cow::Owned(self.0.hyphenated().to_string()))
            }
        }

        impl crate::store::Column for $name {
            fn from_val(v: crate::store::sql::Val<'_>) -> Result<Self> {
                match v {
                    crate::store::sql::Val::Text(s) => uuid::Uuid::try_parse(&s).map($name).ok(),
                    _ => None,
                }
                .ok_or_else(|| Error::Storage("corrupt value".into()))
            }
        }
    };
}

id_type!(/// A corporate or online account.
    AccountId, "account");
id_type!(/// A login: a person who may sign in (billing contacts) or be named as an account user.
    LoginId, "login");
id_type!(/// A vendor employee: a sales rep or a member of Account Services.
    StaffId, "staff member");
id_type!(/// An invoice issuer profile with its number series.
    IssuerId, "issuer");
id_type!(/// A price quote.
    QuoteId, "quote");
id_type!(/// An invoice or credit note.
    InvoiceId, "invoice");
id_type!(/// A service request to Account Services.
    RequestId, "request");
id_type!(/// A purchase order.
    PurchaseOrderId, "purchase order");
id_type!(/// A payment received against an invoice (PAYM-1).
    PaymentId, "payment");
