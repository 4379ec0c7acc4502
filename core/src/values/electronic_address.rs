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

/// The EAS codes that Peppol BIS Billing 3.0 accepts as participant schemes (its code list for
/// PEPPOL-EN16931-CL008): no `EM`, `AN`..`AU`, nor some newer codes.
const PEPPOL_CODES: &[&str] = &[
    "0002", "0007", "0009", "0037", "0060", "0088", "0096", "0097", "0106", "0130", "0135", "0142", "0147", "0151",
    "0154", "0158", "0170", "0177", "0183", "0184", "0188", "0190", "0191", "0192", "0193", "0194", "0195", "0196",
    "0198", "0199", "0200", "0201", "0202", "0203", "0204", "0205", "0208", "0209", "0210", "0211", "0212", "0213",
    "0215", "0216", "0217", "0218", "0221", "0225", "0230", "0235", "0240", "9910", "9913", "9914", "9915", "9918",
    "9919", "9920", "9922", "9923", "9924", "9925", "9926", "9927", "9928", "9929", "9930", "9931", "9932", "9933",
    "9934", "9935", "9936", "9937", "9938", "9939", "9940", "9941", "9942", "9943", "9944", "9945", "9946", "9947",
    "9948", "9949", "9950", "9951", "9952", "9953", "9957", "9959",
];

/// Where an e-invoice is delivered electronically: an identifier in a scheme of the EAS code
/// list, such as `EM` (an e-mail address), `0204` (a Leitweg-ID), `0088` (a GLN), `9930` (a
/// German VAT ID), `0208` (a Belgian enterprise number) or `0192` (a Norwegian organisation
/// number). Identifiers of the schemes receivers check are checked as they do (check digits,
/// length, country of a VAT ID); other identifiers need 1 to 100 printable characters without
/// spaces. `EM` is an EN 16931 scheme but no Peppol one: [`ElectronicAddress::is_peppol`].
///
/// ```
/// use corporate_billing::ElectronicAddress;
/// let a = ElectronicAddress::parse("EM", "invoices@acme.example").unwrap();
/// assert_eq!((a.scheme(), a.identifier()), ("EM", "invoices@acme.example"));
/// assert!(!a.is_peppol());
/// assert!(ElectronicAddress::parse("0208", "0403.170.701").unwrap().is_peppol());
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

fn digits_of(id: &str, len: usize) -> Option<Vec<u32>> {
    let d: Vec<u32> = id.chars().map(|c| c.to_digit(10)).collect::<Option<_>>()?;
    (d.len() == len).then_some(d)
}

/// GS1 mod-10 over all digits, the last one the check digit (GLN).
fn gln_ok(d: &[u32]) -> bool {
    let Some((check, body)) = d.split_last() else { return false };
    let weighted: u32 = body.iter().rev().enumerate().map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d }).sum();
    (10 - weighted % 10) % 10 == *check
}

/// Weighted mod 11 whose last digit is the check digit (Norwegian organisation numbers).
fn mod11_ok(d: &[u32], weights: &[u32]) -> bool {
    let Some((check, body)) = d.split_last() else { return false };
    let sum: u32 = body.iter().zip(weights).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => *check == 0,
        10 => false,
        c => c == *check,
    }
}

/// Luhn over all digits (Swedish organisation numbers).
fn luhn_ok(d: &[u32]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { *d })
        .sum();
    sum.is_multiple_of(10)
}

/// Belgian enterprise number: 10 digits, the last two 97 minus the first eight mod 97.
fn be_enterprise_ok(d: &[u32]) -> bool {
    let body = d[..8].iter().fold(0u64, |n, d| n * 10 + u64::from(*d));
    let check = u64::from(d[8] * 10 + d[9]);
    d[0] <= 1 && 97 - body % 97 == check
}

/// Finnish business ID (Y-tunnus): 7 digits and a check digit, weights 7 9 10 5 8 4 2.
fn fi_business_id_ok(d: &[u32]) -> bool {
    let sum: u32 = d[..7].iter().zip([7, 9, 10, 5, 8, 4, 2]).map(|(d, w)| d * w).sum();
    match sum % 11 {
        0 => d[7] == 0,
        1 => false,
        r => 11 - r == d[7],
    }
}

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
        // Numbers are often entered with the dots, dashes or spaces they are printed with.
        let compact: String = id.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
        let number = |len: usize, ok: fn(&[u32]) -> bool, what: &str| -> Result<String> {
            match digits_of(&compact, len) {
                Some(d) if ok(&d) => Ok(compact.clone()),
                _ => Err(invalid(what)),
            }
        };
        let identifier = match scheme.as_str() {
            "EM" => EmailAddress::parse(id).map_err(|_| invalid("is not an e-mail address"))?.as_str().to_owned(),
            "0204" => {
                LeitwegId::parse(id).map_err(|_| invalid("is not a Leitweg-ID with valid check digits"))?.to_string()
            }
            "0088" => number(13, gln_ok, "is not a GLN with a valid check digit")?,
            "0192" => number(9, |d| mod11_ok(d, &[3, 2, 7, 6, 5, 4, 3, 2]), "is not a Norwegian organisation number")?,
            "0208" => number(10, be_enterprise_ok, "is not a Belgian enterprise number")?,
            "0007" => number(10, luhn_ok, "is not a Swedish organisation number")?,
            "0184" => number(8, |d| mod11_ok(d, &[2, 7, 6, 5, 4, 3, 2]), "is not a Danish CVR number")?,
            "0106" => number(8, |_| true, "is not a Dutch KvK number (8 digits)")?,
            "0190" => number(20, |_| true, "is not a Dutch OIN (20 digits)")?,
            "0037" => {
                // OVT: 0037, the 8-digit business ID, and up to 5 characters naming a unit.
                let ok = compact.len() <= 17
                    && compact.starts_with("0037")
                    && compact.get(4..12).and_then(|b| digits_of(b, 8)).is_some_and(|d| fi_business_id_ok(&d))
                    && compact.get(12..).is_some_and(|u| u.chars().all(|c| c.is_ascii_alphanumeric()));
                if !ok {
                    return Err(invalid("is not a Finnish OVT identifier (0037, business ID, unit)"));
                }
                compact.to_ascii_uppercase()
            }
            s => match VAT_SCHEMES.iter().find(|(code, _)| *code == s) {
                Some((_, prefix)) => {
                    let vat = VatId::parse(id).map_err(|_| invalid("is not a VAT ID"))?;
                    if !vat.as_str().starts_with(prefix) {
                        return Err(invalid("is a VAT ID of another country than the scheme's"));
                    }
                    if *prefix == "BE" && digits_of(&vat.as_str()[2..], 10).is_none_or(|d| !be_enterprise_ok(&d)) {
                        return Err(invalid("is not a Belgian VAT ID with a valid check number"));
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

    /// Whether Peppol can deliver to it: its scheme is a Peppol participant scheme (not `EM`).
    pub fn is_peppol(&self) -> bool {
        PEPPOL_CODES.contains(&self.scheme.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // DOMAIN: EINV-5, EINV-6
    #[test]
    fn electronic_addresses_are_checked_for_their_scheme() {
        for (scheme, id, kept) in [
            ("em", " ap@acme.example ", "ap@acme.example"),
            ("0204", "991-33333test-33", "991-33333TEST-33"),
            ("0088", "4000001000005", "4000001000005"),
            ("9930", "DE 123456789", "DE123456789"),
            ("0009", "73282932000074", "73282932000074"),
            ("0208", "0403.170.701", "0403170701"),
            ("9925", "BE0403170701", "BE0403170701"),
            ("0192", "974760673", "974760673"),
            ("0007", "5560360793", "5560360793"),
            ("0184", "13585628", "13585628"),
            ("0106", "12345678", "12345678"),
            ("0190", "00000001003214345000", "00000001003214345000"),
            ("0037", "0037 0112038-9", "003701120389"),
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
            ("0208", "0403.170.702"),
            ("9925", "BE0403170702"),
            ("0192", "974760674"),
            ("0007", "5560360794"),
            ("0184", "13585629"),
            ("0106", "1234567"),
            ("0190", "0000000100321434500"),
            ("0037", "003701120388"),
        ] {
            assert!(
                matches!(ElectronicAddress::parse(scheme, id), Err(Error::InvalidInput { field, .. }) if field == "electronic_address"),
                "{scheme} {id}"
            );
        }
    }
}

#[cfg(test)]
mod peppol_tests {
    use super::*;

    // DOMAIN: EINV-6
    #[test]
    fn only_peppol_participant_schemes_are_peppol_addresses() {
        assert!(!ElectronicAddress::parse("EM", "ap@acme.example").unwrap().is_peppol());
        for (scheme, id) in [("9930", "DE123456789"), ("0204", "991-33333TEST-33"), ("0192", "974760673")] {
            assert!(ElectronicAddress::parse(scheme, id).unwrap().is_peppol(), "{scheme}");
        }
        // Every Peppol scheme is an EAS code: the writer's check and the parser agree.
        assert!(PEPPOL_CODES.iter().all(|c| EAS_CODES.contains(c)));
    }
}
