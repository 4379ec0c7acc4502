//! User IDs: how a billing contact names itself at sign-in (AUTH-1).

use super::EmailAddress;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use unicode_normalization::UnicodeNormalization;

/// A user ID as typed at sign-in: a username or an e-mail address. It is compared in its
/// normalised form ([`UserId::key`]): NFKC, trimmed, case-folded.
///
/// ```
/// use corporate_billing::UserId;
/// assert_eq!(UserId::parse(" ＡＰ.Admin ").unwrap().key(), "ap.admin");
/// assert_eq!(UserId::parse("AP@Example.COM").unwrap().key(), "ap@example.com");
/// assert!(UserId::parse("").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UserId {
    display: String,
    key: String,
}

impl UserId {
    /// The longest user ID accepted, in characters.
    pub const MAX_CHARS: usize = 254;

    /// Normalises and checks a user ID: an e-mail address, or a username of 3 to 64 letters,
    /// digits, `.`, `_` or `-`.
    pub fn parse(input: &str) -> Result<Self> {
        if input.len() > Self::MAX_CHARS * 4 {
            return Err(Error::invalid("user_id", "too long"));
        }
        let display: String = input.nfkc().collect::<String>().trim().to_owned();
        if display.contains('@') {
            let email = EmailAddress::parse(&display)
                .map_err(|_| Error::invalid("user_id", "neither a username nor an e-mail address"))?;
            return Ok(UserId { key: email.key(), display });
        }
        let n = display.chars().count();
        if !(3..=64).contains(&n) {
            return Err(Error::invalid("user_id", "a username has 3 to 64 characters"));
        }
        if !display.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-')) {
            return Err(Error::invalid("user_id", "a username has only letters, digits, '.', '_' and '-'"));
        }
        let key = display.to_lowercase();
        Ok(UserId { display, key })
    }

    /// True if this user ID is an e-mail address.
    pub fn is_email(&self) -> bool {
        self.key.contains('@')
    }

    /// The spelling given (after NFKC and trimming), as printed on invoices.
    pub fn as_str(&self) -> &str {
        &self.display
    }

    /// The normalised form used for look-up.
    pub fn key(&self) -> &str {
        &self.key
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display)
    }
}

impl TryFrom<String> for UserId {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        UserId::parse(&s)
    }
}

impl From<UserId> for String {
    fn from(u: UserId) -> String {
        u.display
    }
}
