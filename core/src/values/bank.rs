//! The issuer's bank details for e-invoices: BIC (BT-86) and SEPA creditor ID (BT-90).

use super::{Country, iso7064};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A business identifier code (ISO 9362): four letters of the institution, the two-letter
/// country code, two letters or digits of the location, and an optional three-character branch.
///
/// ```
/// use corporate_billing::Bic;
/// assert_eq!(Bic::parse("abnanl2a").unwrap().as_str(), "ABNANL2A");
/// assert!(Bic::parse("ABNAXX2A").is_err()); // no such country
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bic(String);

impl Bic {
    /// Parses a BIC of 8 or 11 characters; `invalid_input` on the field `bic` otherwise.
    pub fn parse(input: &str) -> Result<Self> {
        let b = input.trim().to_ascii_uppercase();
        let bytes = b.as_bytes();
        let alnum = |s: &[u8]| s.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if !(b.len() == 8 || b.len() == 11)
            || !bytes[..4].iter().all(u8::is_ascii_uppercase)
            || !bytes[4..6].iter().all(u8::is_ascii_uppercase)
            || !alnum(&bytes[6..])
        {
            return Err(Error::invalid("bic", "must be 8 or 11 characters: bank, country, location, branch"));
        }
        Country::parse(&b[4..6]).map_err(|_| Error::invalid("bic", "names no country"))?;
        Ok(Bic(b))
    }

    /// The code, upper case.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A SEPA creditor identifier: the country code, two check digits, a three-character business
/// code and the national identifier, at most 35 characters. The check digits (ISO 7064 MOD 97-10
/// over the national identifier and the country code; the business code is not checked) are verified.
///
/// ```
/// use corporate_billing::SepaCreditorId;
/// assert_eq!(SepaCreditorId::parse("de98 zzz0 9999 9999 99").unwrap().as_str(), "DE98ZZZ09999999999");
/// assert!(SepaCreditorId::parse("DE97ZZZ09999999999").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SepaCreditorId(String);

impl SepaCreditorId {
    /// Parses print or electronic form; `invalid_input` on the field `sepa_creditor_id` otherwise.
    pub fn parse(input: &str) -> Result<Self> {
        let id: String = input.chars().filter(|c| *c != ' ').map(|c| c.to_ascii_uppercase()).collect();
        let invalid = |why: &str| Error::invalid("sepa_creditor_id", why);
        if !(8..=35).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(invalid("must have 8 to 35 letters and digits"));
        }
        let (country, check, national) = (&id[..2], &id[2..4], &id[7..]);
        Country::parse(country).map_err(|_| invalid("names no country"))?;
        // 00 and 01 leave the same remainders as 97 and 98: ISO 7064 check digits are 02 to 98.
        if !check.bytes().all(|b| b.is_ascii_digit()) || check < "02" {
            return Err(invalid("the check digits must be 02 to 98"));
        }
        if iso7064::mod97(&format!("{national}{country}{check}")) != Some(1) {
            return Err(invalid("the check digits do not match"));
        }
        Ok(SepaCreditorId(id))
    }

    /// The electronic form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_value {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl TryFrom<String> for $t {
            type Error = Error;
            fn try_from(s: String) -> Result<Self> {
                <$t>::parse(&s)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }
    )*};
}
string_value!(Bic, SepaCreditorId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bics_have_bank_country_location_and_branch() {
        for good in ["ABNANL2A", "DEUTDEFF500", "COBADEFFXXX", "BNPAFRPP"] {
            assert_eq!(Bic::parse(good).unwrap().as_str(), good);
        }
        for bad in ["", "ABNANL2", "ABNANL2A1", "AB1ANL2A", "ABNAXX2A", "ABNANL2A-12", "ABNANL2AÄÄ"] {
            assert!(matches!(Bic::parse(bad), Err(Error::InvalidInput { field, .. }) if field == "bic"), "{bad}");
        }
    }

    #[test]
    fn creditor_ids_have_verified_check_digits() {
        assert_eq!(SepaCreditorId::parse("DE98ZZZ09999999999").unwrap().as_str(), "DE98ZZZ09999999999");
        // The business code is outside the check: another one is as valid.
        assert!(SepaCreditorId::parse("DE98ABC09999999999").is_ok());
        for check in 0..100 {
            let id = format!("DE{check:02}ZZZ09999999999");
            assert_eq!(SepaCreditorId::parse(&id).is_ok(), check == 98, "{id}");
        }
        for bad in ["", "DE98ZZZ", "XX98ZZZ09999999999", "DEAAZZZ09999999999", "DE98ZZZ0999999999-"] {
            assert!(
                matches!(SepaCreditorId::parse(bad), Err(Error::InvalidInput { field, .. }) if field == "sepa_creditor_id"),
                "{bad}"
            );
        }
    }
}
