//! Countries, as ISO 3166-1 alpha-2 codes.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An ISO 3166-1 alpha-2 country code, checked against the region list that ships with
/// `phonenumber` (CLDR), so that a billing country always has phone metadata too.
///
/// ```
/// use corporate_billing::Country;
/// assert!(Country::parse("us").unwrap().is_united_states());
/// assert!(Country::parse("XX").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct Country([u8; 2]);

impl Country {
    /// Validates a two-letter code, in either case.
    pub fn parse(input: &str) -> Result<Self> {
        let code = input.trim().to_ascii_uppercase();
        if code.len() != 2 || phonenumber::country::Id::from_str(&code).is_err() {
            return Err(Error::invalid("country", "not an ISO 3166-1 alpha-2 country code"));
        }
        let b = code.as_bytes();
        Ok(Country([b[0], b[1]]))
    }

    /// The upper-case code.
    pub fn code(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// True for the United States (DOC-1).
    pub fn is_united_states(&self) -> bool {
        &self.0 == b"US"
    }

    pub(crate) fn phone_region(&self) -> Option<phonenumber::country::Id> {
        phonenumber::country::Id::from_str(self.code()).ok()
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl TryFrom<String> for Country {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        Country::parse(&s)
    }
}

/// Written as its code, without the copy that `into = "String"` would make for every one.
impl Serialize for Country {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl From<Country> for String {
    fn from(c: Country) -> String {
        c.code().to_owned()
    }
}
