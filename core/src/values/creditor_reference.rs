//! The ISO 11649 structured creditor reference (`RF` + two check digits + up to 21 letters and
//! digits) that payers quote with a transfer, so that the payment finds its invoice (PAYM-1,
//! RECON-1).

use crate::error::{Error, Result};
use crate::values::IssuerId;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// Letters and digits of a reference after `RF` and the check digits, at most.
const MAX_BODY: usize = 21;
/// Characters of the issuer tag that start every derived reference.
const ISSUER_TAG: usize = 4;

/// A creditor reference whose check digits verify (ISO 11649), kept in its electronic form:
/// upper case, without spaces.
///
/// ```
/// use corporate_billing::CreditorReference;
/// let r = CreditorReference::parse("rf18 5390 0754 7034").unwrap();
/// assert_eq!(r.as_str(), "RF18539007547034");
/// assert_eq!(r.printed(), "RF18 5390 0754 7034");
/// assert!(CreditorReference::parse("RF19539007547034").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditorReference(String);

/// The remainder modulo 97 of the number that `chars` spell, letters counting A = 10 .. Z = 35.
fn mod97(chars: impl Iterator<Item = u8>) -> u32 {
    chars.fold(0u32, |acc, c| {
        let v = if c.is_ascii_digit() { u32::from(c - b'0') } else { u32::from(c - b'A') + 10 };
        if v >= 10 { (acc * 100 + v) % 97 } else { (acc * 10 + v) % 97 }
    })
}

fn base36(bytes: &[u8], n: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    bytes.iter().take(n).map(|b| char::from(DIGITS[usize::from(*b) % 36])).collect()
}

impl CreditorReference {
    /// Reads a reference as payers and banks write it: any case, spaces allowed. The check
    /// digits must verify.
    pub fn parse(input: &str) -> Result<Self> {
        let bad = |why: &str| Error::invalid("creditor_reference", why);
        if input.len() > 64 {
            return Err(bad("is too long"));
        }
        let compact: String = input.chars().filter(|c| *c != ' ').map(|c| c.to_ascii_uppercase()).collect();
        let b = compact.as_bytes();
        if b.len() < 5 || b.len() > 4 + MAX_BODY || !compact.starts_with("RF") {
            return Err(bad("must be RF, two check digits and 1 to 21 letters or digits"));
        }
        if !b[2..4].iter().all(u8::is_ascii_digit) || !b[4..].iter().all(u8::is_ascii_alphanumeric) {
            return Err(bad("must be RF, two check digits and 1 to 21 letters or digits"));
        }
        if mod97(b[4..].iter().chain(&b[..4]).copied()) != 1 {
            return Err(bad("check digits do not match"));
        }
        Ok(CreditorReference(compact))
    }

    /// The reference for `body` (letters and digits, 1 to 21 of them), with its check digits.
    fn for_body(body: &str) -> Self {
        let check = 98 - mod97(body.bytes().chain(*b"RF00"));
        CreditorReference(format!("RF{check:02}{body}"))
    }

    /// The reference of invoice `number` of `issuer`: the same inputs always give the same
    /// reference, so it can be printed at issue time and derived again for invoices issued
    /// before references existed. A short tag of the issuer comes first, then the number's
    /// letters and digits; a number too long for that is replaced by a digest of it.
    pub(crate) fn for_invoice(issuer: IssuerId, number: &str) -> Self {
        let tag = base36(&Sha256::digest(issuer.to_string().as_bytes()), ISSUER_TAG);
        let plain: String =
            number.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect();
        let body = if !plain.is_empty() && plain.len() <= MAX_BODY - ISSUER_TAG {
            format!("{tag}{plain}")
        } else {
            format!("{tag}{}", base36(&Sha256::digest(number.as_bytes()), MAX_BODY - ISSUER_TAG))
        };
        Self::for_body(&body)
    }

    /// The electronic form: `RF18539007547034`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The printed form, in groups of four: `RF18 5390 0754 7034`.
    pub fn printed(&self) -> String {
        let mut out = String::with_capacity(self.0.len() + 6);
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }
}

impl fmt::Display for CreditorReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CreditorReference {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        CreditorReference::parse(&s)
    }
}

impl From<CreditorReference> for String {
    fn from(r: CreditorReference) -> String {
        r.0
    }
}

impl crate::store::Param for CreditorReference {
    fn val(&self) -> crate::store::sql::Val<'_> {
        crate::store::sql::Val::Text(std::borrow::Cow::Borrowed(&self.0))
    }
}

impl crate::store::Column for CreditorReference {
    fn from_val(v: crate::store::sql::Val<'_>) -> Result<Self> {
        match v {
            crate::store::sql::Val::Text(s) => {
                CreditorReference::parse(&s).map_err(|_| Error::Storage("corrupt value".into()))
            }
            _ => Err(Error::Storage("corrupt value".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // DOMAIN: PAYM-1
    #[test]
    fn check_digits_are_those_of_iso_11649_and_are_verified() {
        // The standard's own example, and references from published payment slips.
        for good in ["RF18539007547034", "RF18 5390 0754 7034", "RF712348231", "RF45G72UUR", "RF6518K5"] {
            assert!(CreditorReference::parse(good).is_ok(), "{good}");
        }
        assert_eq!(CreditorReference::for_body("539007547034").as_str(), "RF18539007547034");
        for bad in [
            "RF19539007547034",
            "RF18539007547035",
            "RF18",
            "XX18539007547034",
            "RFAB539007547034",
            "RF18-5390",
            "RF1853900754703412345678901",
            "",
        ] {
            let e = CreditorReference::parse(bad).unwrap_err();
            assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "creditor_reference"), "{bad}: {e:?}");
        }
    }

    // DOMAIN: PAYM-1
    #[test]
    fn an_invoice_reference_is_derived_from_issuer_and_number_alone() {
        let (a, b) = (IssuerId::generate(), IssuerId::generate());
        let r = CreditorReference::for_invoice(a, "VE-000042");
        assert_eq!(r, CreditorReference::for_invoice(a, "VE-000042"), "deterministic");
        assert!(r.as_str().ends_with("VE000042"), "{r}");
        assert_eq!(CreditorReference::parse(r.as_str()), Ok(r.clone()), "its check digits verify");
        assert_ne!(r, CreditorReference::for_invoice(a, "VE-000043"));
        assert_ne!(r, CreditorReference::for_invoice(b, "VE-000042"), "issuers differ: {r}");
        let long = CreditorReference::for_invoice(a, "A-VERY-LONG-INVOICE-PREFIX-000001");
        assert!(long.as_str().len() <= 25 && CreditorReference::parse(long.as_str()).is_ok(), "{long}");
        assert_ne!(long, CreditorReference::for_invoice(a, "A-VERY-LONG-INVOICE-PREFIX-000002"));
    }
}
