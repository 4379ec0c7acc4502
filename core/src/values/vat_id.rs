//! VAT identification numbers (EN 16931 BT-31, BT-48), format checked per country (EINV-5).

use super::Country;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A VAT identification number with its country prefix, in electronic form (upper case, no
/// spaces, dots or dashes), whose format matches its country's: every EU member state's (VIES
/// formats, Greece as `EL`, Northern Ireland as `XI`) and those of the United Kingdom,
/// Switzerland, Norway, Australia, Japan and Bahrain. Other countries have no VAT ID here.
///
/// ```
/// use corporate_billing::VatId;
/// let id = VatId::parse("de 123 456 789").unwrap();
/// assert_eq!((id.as_str(), id.country().code()), ("DE123456789", "DE"));
/// assert_eq!(VatId::parse("EL094259216").unwrap().country().code(), "GR");
/// assert!(VatId::parse("DE12345678").is_err()); // eight digits: one short
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VatId(String);

/// Whether the part after the prefix has the country's format.
type WellFormed = fn(&[u8]) -> bool;

/// The country whose format a VAT ID prefix names, and the format of the rest.
fn format_of(prefix: &str) -> Option<(&'static str, WellFormed)> {
    fn digits(b: &[u8], n: &[usize]) -> bool {
        n.contains(&b.len()) && b.iter().all(u8::is_ascii_digit)
    }
    fn alnum(b: u8) -> bool {
        b.is_ascii_digit() || b.is_ascii_uppercase()
    }
    Some(match prefix {
        "AT" => ("AT", |b| b.first() == Some(&b'U') && digits(&b[1..], &[8])),
        "BE" => ("BE", |b| digits(b, &[10]) && matches!(b[0], b'0' | b'1')),
        "BG" => ("BG", |b| digits(b, &[9, 10])),
        "CY" => ("CY", |b| b.len() == 9 && digits(&b[..8], &[8]) && b[8].is_ascii_uppercase()),
        "CZ" => ("CZ", |b| digits(b, &[8, 9, 10])),
        "DE" => ("DE", |b| digits(b, &[9])),
        "DK" => ("DK", |b| digits(b, &[8])),
        "EE" => ("EE", |b| digits(b, &[9])),
        "EL" => ("GR", |b| digits(b, &[9])),
        "ES" => ("ES", |b| {
            b.len() == 9
                && alnum(b[0])
                && alnum(b[8])
                && digits(&b[1..8], &[7])
                && (b[0].is_ascii_uppercase() || b[8].is_ascii_uppercase())
        }),
        "FI" => ("FI", |b| digits(b, &[8])),
        // The two-character key may be letters other than O and I, then the SIREN.
        "FR" => ("FR", |b| {
            b.len() == 11 && b[..2].iter().all(|&c| alnum(c) && c != b'O' && c != b'I') && digits(&b[2..], &[9])
        }),
        "HR" => ("HR", |b| digits(b, &[11])),
        "HU" => ("HU", |b| digits(b, &[8])),
        "IE" => ("IE", |b| {
            let old = b.len() == 8
                && b[0].is_ascii_digit()
                && (b[1].is_ascii_uppercase() || b"+*".contains(&b[1]))
                && digits(&b[2..7], &[5])
                && (b'A'..=b'W').contains(&b[7]);
            let new = (b.len() == 8 || b.len() == 9)
                && digits(&b[..7], &[7])
                && (b'A'..=b'W').contains(&b[7])
                && b.get(8).is_none_or(|c| (b'A'..=b'I').contains(c) || *c == b'W');
            old || new
        }),
        "IT" => ("IT", |b| digits(b, &[11])),
        "LT" => ("LT", |b| digits(b, &[9, 12])),
        "LU" => ("LU", |b| digits(b, &[8])),
        "LV" => ("LV", |b| digits(b, &[11])),
        "MT" => ("MT", |b| digits(b, &[8])),
        "NL" => ("NL", |b| b.len() == 12 && digits(&b[..9], &[9]) && b[9] == b'B' && digits(&b[10..], &[2])),
        "PL" => ("PL", |b| digits(b, &[10])),
        "PT" => ("PT", |b| digits(b, &[9])),
        "RO" => ("RO", |b| digits(b, &[2, 3, 4, 5, 6, 7, 8, 9, 10]) && b[0] != b'0'),
        "SE" => ("SE", |b| digits(b, &[12]) && b.ends_with(b"01")),
        "SI" => ("SI", |b| digits(b, &[8])),
        "SK" => ("SK", |b| digits(b, &[10])),
        "GB" | "XI" => ("GB", |b| {
            digits(b, &[9, 12])
                || (b.len() == 5 && (b.starts_with(b"GD") || b.starts_with(b"HA")) && digits(&b[2..], &[3]))
        }),
        // CHE and nine digits; the MWST/TVA/IVA suffix of the printed form is dropped.
        "CH" => ("CH", |b| b.len() == 10 && b[0] == b'E' && digits(&b[1..], &[9])),
        "NO" => ("NO", |b| b.len() == 12 && digits(&b[..9], &[9]) && b.ends_with(b"MVA")),
        "AU" => ("AU", |b| digits(b, &[11])),
        // A qualified invoice issuer's registration number: T and thirteen digits.
        "JP" => ("JP", |b| b.len() == 14 && b[0] == b'T' && digits(&b[1..], &[13])),
        "BH" => ("BH", |b| digits(b, &[15])),
        _ => return None,
    })
}

impl VatId {
    /// Parses a VAT ID in print or electronic form: a two-letter prefix and the number, with
    /// spaces, dots and dashes allowed between the characters. Refused with `invalid_input` on
    /// the field `vat_id` when the prefix names no country with VAT IDs or the number does not
    /// have that country's format.
    pub fn parse(input: &str) -> Result<Self> {
        if input.len() > 40 {
            return Err(Error::invalid("vat_id", "too long"));
        }
        let mut id: String =
            input.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).map(|c| c.to_ascii_uppercase()).collect();
        if id.starts_with("CHE") {
            for suffix in ["MWST", "TVA", "IVA"] {
                if let Some(stripped) = id.strip_suffix(suffix) {
                    id = stripped.to_owned();
                }
            }
        }
        if !id.is_ascii() || id.len() < 4 {
            return Err(Error::invalid("vat_id", "must be a country prefix and a number"));
        }
        let (prefix, rest) = id.split_at(2);
        let (country, well_formed) =
            format_of(prefix).ok_or_else(|| Error::invalid("vat_id", "the prefix names no country with VAT IDs"))?;
        if !well_formed(rest.as_bytes()) {
            return Err(Error::invalid("vat_id", "does not have the format of its country"));
        }
        Country::parse(country)?;
        Ok(VatId(id))
    }

    /// The electronic form, prefix included.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country the ID belongs to (`EL` is Greece, `XI` Northern Ireland, part of the United Kingdom).
    pub fn country(&self) -> Country {
        let code = match &self.0[..2] {
            "EL" => "GR",
            "XI" => "GB",
            other => other,
        };
        // Only prefixes whose country parsed are ever kept.
        Country::parse(code).unwrap_or_else(|_| unreachable!("checked at parse"))
    }
}

impl fmt::Display for VatId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for VatId {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        VatId::parse(&s)
    }
}

impl From<VatId> for String {
    fn from(v: VatId) -> String {
        v.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // DOMAIN: EINV-5
    #[test]
    fn vat_ids_have_their_countrys_format() {
        for (input, electronic, country) in [
            ("ATU12345678", "ATU12345678", "AT"),
            ("BE 0123.456.789", "BE0123456789", "BE"),
            ("BG123456789", "BG123456789", "BG"),
            ("CY12345678X", "CY12345678X", "CY"),
            ("CZ12345678", "CZ12345678", "CZ"),
            ("DE123456789", "DE123456789", "DE"),
            ("DK12345678", "DK12345678", "DK"),
            ("EE123456789", "EE123456789", "EE"),
            ("EL123456789", "EL123456789", "GR"),
            ("ESX1234567X", "ESX1234567X", "ES"),
            ("ES12345678Z", "ES12345678Z", "ES"),
            ("FI12345678", "FI12345678", "FI"),
            ("FR 40 303 265 045", "FR40303265045", "FR"),
            ("FRK7399859412", "FRK7399859412", "FR"),
            ("HR12345678901", "HR12345678901", "HR"),
            ("HU12345678", "HU12345678", "HU"),
            ("IE1234567T", "IE1234567T", "IE"),
            ("IE1234567WA", "IE1234567WA", "IE"),
            ("IE1A23456T", "IE1A23456T", "IE"),
            ("IT12345678901", "IT12345678901", "IT"),
            ("LT123456789012", "LT123456789012", "LT"),
            ("LU12345678", "LU12345678", "LU"),
            ("LV12345678901", "LV12345678901", "LV"),
            ("MT12345678", "MT12345678", "MT"),
            ("nl123456789b01", "NL123456789B01", "NL"),
            ("PL1234567890", "PL1234567890", "PL"),
            ("PT123456789", "PT123456789", "PT"),
            ("RO1234567", "RO1234567", "RO"),
            ("SE123456789001", "SE123456789001", "SE"),
            ("SI12345678", "SI12345678", "SI"),
            ("SK1234567890", "SK1234567890", "SK"),
            ("GB123456789", "GB123456789", "GB"),
            ("GBGD123", "GBGD123", "GB"),
            ("XI123456789", "XI123456789", "GB"),
            ("CHE-123.456.789 MWST", "CHE123456789", "CH"),
            ("NO123456789MVA", "NO123456789MVA", "NO"),
            ("AU12345678901", "AU12345678901", "AU"),
            ("JPT1234567890123", "JPT1234567890123", "JP"),
            ("BH200000898300002", "BH200000898300002", "BH"),
        ] {
            let id = VatId::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!((id.as_str(), id.country().code()), (electronic, country), "{input}");
        }
        for bad in [
            "",
            "DE",
            "DE12345678",
            "DE1234567890",
            "DE12345678A",
            "ATU1234567",
            "AT12345678",
            "BE2123456789",
            "CY123456789",
            "ESX123456",
            "ES123456789",
            "FRO1303265045",
            "FR4030326504",
            "NL123456789A01",
            "NL12345678B01",
            "SE123456789012",
            "IE1234567",
            "ROO1234567",
            "RO01234567",
            "US123456789",
            "XX123456789",
            "CHE12345678",
            "NO123456789",
            "DE 123 456 78é",
            "JP1234567890123",
        ] {
            match VatId::parse(bad) {
                Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "vat_id", "{bad}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }
}
