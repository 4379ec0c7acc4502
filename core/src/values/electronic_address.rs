//! Electronic addresses of seller and buyer (EN 16931 BT-34, BT-49), with their EAS scheme.

use super::{EmailAddress, LeitwegId, VatId};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// The codes of the Electronic Address Scheme code list (CEF EAS, as EN 16931 uses it).
const EAS_CODES: &[&str] = &[
    "0002", "0007", "0009", "0037", "0060", "0088", "0096", "0097", "0106", "0130", "0135", "0142", "0147", "0151",
    "0154", "0158", "0170", "0177", "0183", "0184", "0188", "0190", "0191", "0192", "0193", "0194", "0195", "0196",
    "0198", "0199", "0200", "0201", "0202", "0203", "0204", "0205", "0208", "0209", "0210", "0211", "0212", "0213",
    "0215", "0216", "0217", "0218", "0219", "0220", "0221", "0225", "0230", "0235", "0240", "0242", "0244", "0245",
    "0246", "0248", "9910", "9913", "9914", "9915", "9918", "9919", "9920", "9922", "9923", "9924", "9925", "9926",
    "9927", "9928", "9929", "9930", "9931", "9932", "9933", "9934", "9935", "9936", "9937", "9938", "9939", "9940",
    "9941", "9942", "9943", "9944", "9945", "9946", "9947", "9948", "9949", "9950", "9951", "9952", "9953", "9957",
    "9959", "AN", "AQ", "AS", "AU", "EM",
];

/// Where an e-invoice is delivered electronically: an identifier in a scheme of the EAS code
/// list, such as `EM` (an e-mail address), `0204` (a Leitweg-ID), `0088` (a GLN) or `9930`
/// (a German VAT ID). E-mail addresses, Leitweg-IDs, GLNs and VAT IDs are checked as such; other
/// identifiers need 1 to 100 printable characters without spaces.
///
/// ```
/// use corporate_billing::ElectronicAddress;
/// let a = ElectronicAddress::parse("EM", "invoices@acme.example").unwrap();
/// assert_eq!((a.scheme(), a.identifier()), ("EM", "invoices@acme.example"));
/// assert!(ElectronicAddress::parse("0204", "991-33333TEST-34").is_err()); // wrong check digits
/// assert!(ElectronicAddress::parse("XX", "anything").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ElectronicAddress {
    scheme: String,
    identifier: String,
}

/// The VAT-ID schemes of the EAS list, with the prefix their IDs carry.
const VAT_SCHEMES: &[(&str, &str)] =
    &[("9914", "AT"), ("9925", "BE"), ("9930", "DE"), ("9957", "FR"), ("9944", "NL"), ("9920", "ES")];

impl ElectronicAddress {
    /// Checks the scheme against the EAS code list and the identifier against the scheme;
    /// `invalid_input` on the field `electronic_address` otherwise.
    pub fn parse(scheme: &str, identifier: &str) -> Result<Self> {
        let scheme = scheme.trim().to_ascii_uppercase();
        let invalid = |why: &str| Error::invalid("electronic_address", why);
        if !EAS_CODES.contains(&scheme.as_str()) {
            return Err(invalid("the scheme is not in the EAS code list"));
        }
        let id = identifier.trim();
        let identifier = match scheme.as_str() {
            "EM" => EmailAddress::parse(id).map_err(|_| invalid("is not an e-mail address"))?.as_str().to_owned(),
            "0204" => {
                LeitwegId::parse(id).map_err(|_| invalid("is not a Leitweg-ID with valid check digits"))?.to_string()
            }
            "0088" => {
                let digits: Vec<u32> = id.chars().filter_map(|c| c.to_digit(10)).collect();
                let weighted: u32 =
                    digits.iter().rev().skip(1).enumerate().map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d }).sum();
                if id.len() != 13 || digits.len() != 13 || (10 - weighted % 10) % 10 != digits[12] {
                    return Err(invalid("is not a GLN with a valid check digit"));
                }
                id.to_owned()
            }
            s => match VAT_SCHEMES.iter().find(|(code, _)| *code == s) {
                Some((_, prefix)) => {
                    let vat = VatId::parse(id).map_err(|_| invalid("is not a VAT ID"))?;
                    if !vat.as_str().starts_with(prefix) {
                        return Err(invalid("is a VAT ID of another country than the scheme's"));
                    }
                    vat.as_str().to_owned()
                }
                None => {
                    if id.is_empty()
                        || id.chars().count() > 100
                        || id.chars().any(|c| c.is_whitespace() || c.is_control())
                    {
                        return Err(invalid("needs 1 to 100 characters without spaces"));
                    }
                    // Printed as the endpoint of the CII (BT-34, BT-49): API-3 as for any text.
                    super::text::check_code_points("electronic_address", id)?;
                    id.to_owned()
                }
            },
        };
        Ok(ElectronicAddress { scheme, identifier })
    }

    /// The EAS scheme code.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The identifier within the scheme.
    pub fn identifier(&self) -> &str {
        &self.identifier
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // DOMAIN: EINV-5
    #[test]
    fn electronic_addresses_are_checked_for_their_scheme() {
        for (scheme, id, kept) in [
            ("em", " ap@acme.example ", "ap@acme.example"),
            ("0204", "991-33333test-33", "991-33333TEST-33"),
            ("0088", "4000001000005", "4000001000005"),
            ("9930", "DE 123456789", "DE123456789"),
            ("0009", "73282932000074", "73282932000074"),
        ] {
            let a = ElectronicAddress::parse(scheme, id).unwrap_or_else(|e| panic!("{scheme} {id}: {e}"));
            assert_eq!(a.identifier(), kept);
        }
        for (scheme, id) in [
            ("EM", "not-an-address"),
            ("0204", "991-33333TEST-34"),
            ("0088", "4000001000006"),
            ("9930", "FR40303265045"),
            ("0009", "732 829"),
            ("0009", ""),
            ("ZZ", "x"),
            ("9999", "x"),
        ] {
            assert!(
                matches!(ElectronicAddress::parse(scheme, id), Err(Error::InvalidInput { field, .. }) if field == "electronic_address"),
                "{scheme} {id}"
            );
        }
    }
}
