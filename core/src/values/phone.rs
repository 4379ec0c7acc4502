//! Telephone numbers in E.164 form (ADDR-2).

use super::Country;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A valid telephone number, kept in E.164 form (`+4930123456`).
///
/// ```
/// use corporate_billing::{Country, Phone};
/// let de = Country::parse("DE").unwrap();
/// assert_eq!(Phone::parse("030 901820", Some(de)).unwrap().as_str(), "+4930901820");
/// assert_eq!(Phone::parse("+1 212 555 0100", None).unwrap().as_str(), "+12125550100");
/// assert!(Phone::parse("12", Some(de)).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Parses an international number, or a national one in `region`'s numbering plan.
    pub fn parse(input: &str, region: Option<Country>) -> Result<Self> {
        if input.len() > 64 || input.chars().any(char::is_control) {
            return Err(Error::invalid("phone", "not a telephone number"));
        }
        let number = phonenumber::parse(region.and_then(|c| c.phone_region()), input.trim())
            .map_err(|_| Error::invalid("phone", "not a telephone number"))?;
        if !number.is_valid() {
            return Err(Error::invalid("phone", "not a valid number for its country"));
        }
        Ok(Phone(number.format().mode(phonenumber::Mode::E164).to_string()))
    }

    /// A number this library stored itself, already in E.164 form: parsing it again would
    /// cost a regex-driven parse on every read of an account.
    pub(crate) fn from_stored(e164: String) -> Self {
        Phone(e164)
    }

    /// The E.164 form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Phone {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        if !s.starts_with('+') {
            return Err(Error::invalid("phone", "not in E.164 form"));
        }
        Phone::parse(&s, None)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}
