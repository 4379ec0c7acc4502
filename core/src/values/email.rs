//! E-mail addresses.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A syntactically valid e-mail address (RFC 5322 addr-spec, checked by `email_address`).
/// Keeps the spelling given; compares case-insensitively through [`EmailAddress::key`].
///
/// ```
/// use corporate_billing::EmailAddress;
/// let a = EmailAddress::parse("Ap@Example.com").unwrap();
/// assert_eq!(a.key(), "ap@example.com");
/// assert!(EmailAddress::parse("not an address").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    /// The longest address accepted (RFC 5321 path limit).
    pub const MAX_LEN: usize = 254;

    /// Validates an address; surrounding whitespace is ignored.
    pub fn parse(input: &str) -> Result<Self> {
        let s = input.trim();
        if s.len() > Self::MAX_LEN {
            return Err(Error::invalid("email", "longer than 254 characters"));
        }
        if s.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(Error::invalid("email", "contains spaces or control characters"));
        }
        // RFC 6531 lets a local part hold any non-ASCII character, bidirectional controls and
        // noncharacters included; an address is printed on invoices and pages like any text.
        super::text::check_code_points("email", s)?;
        let parsed = email_address::EmailAddress::from_str(s)
            .map_err(|_| Error::invalid("email", "not a valid e-mail address"))?;
        // Display names ("Name <a@b>") parse too, but only a bare address may be stored.
        if parsed.email() != s || !parsed.domain().contains('.') {
            return Err(Error::invalid("email", "not a valid e-mail address"));
        }
        Ok(EmailAddress(s.to_owned()))
    }

    /// An address this library validated and stored itself: parsing it again would cost the
    /// RFC 5322 parser on every read of an account, thousands of times in a renewal run.
    pub(crate) fn from_stored(address: String) -> Self {
        EmailAddress(address)
    }

    /// The address as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The case-folded form used for uniqueness and look-up.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        EmailAddress::parse(&s)
    }
}

impl From<EmailAddress> for String {
    fn from(e: EmailAddress) -> String {
        e.0
    }
}
