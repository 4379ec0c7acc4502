//! The Leitweg-ID: the routing ID of a German public buyer, sent as buyer reference (BT-10).

use super::iso7064;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A Leitweg-ID (KoSIT Formatspezifikation Leitweg-ID 2.0): a coarse address of 2 to 12 digits,
/// an optional fine address of up to 30 letters and digits, and two check digits, joined by
/// hyphens. The check digits are ISO/IEC 7064 MOD 97-10 over the two addresses (letters count
/// as 10 to 35), verified here.
///
/// ```
/// use corporate_billing::LeitwegId;
/// assert_eq!(LeitwegId::parse(" 991-33333TEST-33 ").unwrap().as_str(), "991-33333TEST-33");
/// assert!(LeitwegId::parse("991-33333TEST-34").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LeitwegId(String);

impl LeitwegId {
    /// Parses and verifies a Leitweg-ID; letters are kept in upper case. Refused with
    /// `invalid_input` on the field `leitweg_id`.
    pub fn parse(input: &str) -> Result<Self> {
        let id = input.trim().to_ascii_uppercase();
        let invalid = |why: &str| Error::invalid("leitweg_id", why);
        if id.len() > 46 {
            return Err(invalid("has at most 46 characters"));
        }
        let parts: Vec<&str> = id.split('-').collect();
        let (coarse, fine, check) = match parts.as_slice() {
            [coarse, check] => (*coarse, "", *check),
            [coarse, fine, check] => (*coarse, *fine, *check),
            _ => {
                return Err(invalid(
                    "must be a coarse address, an optional fine address and check digits, joined by hyphens",
                ));
            }
        };
        if !(2..=12).contains(&coarse.len()) || !coarse.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid("the coarse address has 2 to 12 digits"));
        }
        if parts.len() == 3 && (fine.is_empty() || fine.len() > 30 || !fine.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return Err(invalid("the fine address has 1 to 30 letters and digits"));
        }
        // ISO 7064 check digits are 02 to 98; 00 and 01 would pass for 97 and 98.
        if check.len() != 2 || !check.bytes().all(|b| b.is_ascii_digit()) || check < "02" {
            return Err(invalid("ends in two check digits"));
        }
        if iso7064::mod97(&format!("{coarse}{fine}{check}")) != Some(1) {
            return Err(invalid("the check digits do not match"));
        }
        Ok(LeitwegId(id))
    }

    /// The ID as printed, with its hyphens.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LeitwegId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for LeitwegId {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        LeitwegId::parse(&s)
    }
}

impl From<LeitwegId> for String {
    fn from(v: LeitwegId) -> String {
        v.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Check digits computed afresh, so that the table below proves the algorithm, not copies.
    fn with_check(addresses: &str) -> String {
        let joined: String = addresses.chars().filter(|c| *c != '-').collect();
        format!("{addresses}-{:02}", iso7064::check_digits(&joined.to_ascii_uppercase()).unwrap())
    }

    // DOMAIN: EINV-5
    #[test]
    fn leitweg_ids_have_verified_check_digits() {
        for good in ["991-33333TEST-33", "04011000-1234512345-06", "992-90009-96", "04011000-12345ABCXYZ-86"] {
            assert_eq!(LeitwegId::parse(good).unwrap().as_str(), good, "{good}");
        }
        assert_eq!(with_check("991-33333TEST"), "991-33333TEST-33");
        assert_eq!(LeitwegId::parse("991-33333test-33").unwrap().as_str(), "991-33333TEST-33");
        for bad in [
            "991-33333TEST-34",
            "991-33333TEST-3",
            "991-33333TEST",
            "9-33333TEST-33",
            "1234567890123-1-00",
            "991--33",
            "991-333 33-33",
            "991-33333TEST-33-33",
            "",
            "A91-33333TEST-33",
            &format!("991-{}-00", "A".repeat(31)),
        ] {
            match LeitwegId::parse(bad) {
                Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "leitweg_id", "{bad}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
        // Every single-digit slip in the check digits is caught.
        for d in 0..100 {
            let id = format!("04011000-1234512345-{d:02}");
            assert_eq!(LeitwegId::parse(&id).is_ok(), d == 6, "{id}");
        }
    }
}
