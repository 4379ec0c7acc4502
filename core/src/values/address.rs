//! Billing addresses (ADDR-1).

use super::Country;
use super::postal_code;
use super::text::{clean, required};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// The street part of a billing address: everything but the country, which the billing contact
/// may not change (ADDR-1). Plain strings, checked by [`BillingAddress::new`] or
/// [`BillingAddress::with_lines`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AddressLines {
    /// First address line (street and number), required.
    pub line1: String,
    /// Second address line, may be empty.
    pub line2: String,
    /// City or town, required.
    pub city: String,
    /// State, province or region, may be empty.
    pub region: String,
    /// Postal code, may be empty where the country has none.
    pub postal_code: String,
}

/// A checked billing address.
///
/// ```
/// use corporate_billing::{AddressLines, BillingAddress, Country};
/// let lines = AddressLines { line1: "1 Main St".into(), city: "Boston".into(), ..Default::default() };
/// let a = BillingAddress::new(&lines, Country::parse("US").unwrap()).unwrap();
/// assert_eq!(a.country().code(), "US");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingAddress {
    line1: String,
    line2: String,
    city: String,
    region: String,
    postal_code: String,
    country: Country,
}

impl BillingAddress {
    /// Checks every line: bounded length, no control characters, no card numbers, and a postal
    /// code in its country's format (kept in its canonical spelling).
    pub fn new(lines: &AddressLines, country: Country) -> Result<Self> {
        let postal_code = clean("postal_code", &lines.postal_code, 20, false)?;
        Ok(BillingAddress {
            line1: required("line1", &lines.line1, 100)?,
            line2: clean("line2", &lines.line2, 100, false)?,
            city: required("city", &lines.city, 80)?,
            region: clean("region", &lines.region, 80, false)?,
            postal_code: postal_code::normalise(country, &postal_code)?,
            country,
        })
    }

    /// Like [`new`](Self::new), and a postal code is required where the country's post uses
    /// them: what a person enters, when saving an address, must be one the post delivers to.
    pub fn entered(lines: &AddressLines, country: Country) -> Result<Self> {
        let address = BillingAddress::new(lines, country)?;
        if address.postal_code.is_empty() && postal_code::required_in(country) {
            return Err(Error::invalid("postal_code", "is required"));
        }
        Ok(address)
    }

    /// The same country with new lines: the only change a billing contact may make.
    pub fn with_lines(&self, lines: &AddressLines) -> Result<Self> {
        BillingAddress::entered(lines, self.country)
    }

    /// The same lines in another country (Account Services only).
    pub fn with_country(&self, country: Country) -> Self {
        BillingAddress { country, ..self.clone() }
    }

    /// First address line.
    pub fn line1(&self) -> &str {
        &self.line1
    }
    /// Second address line (may be empty).
    pub fn line2(&self) -> &str {
        &self.line2
    }
    /// City.
    pub fn city(&self) -> &str {
        &self.city
    }
    /// Region (may be empty).
    pub fn region(&self) -> &str {
        &self.region
    }
    /// Postal code (may be empty).
    pub fn postal_code(&self) -> &str {
        &self.postal_code
    }
    /// Country.
    pub fn country(&self) -> Country {
        self.country
    }

    /// The lines of the address without the country, in the order its country's post reads
    /// them (DOCS-1): "Seattle, WA 98101" in the US, "10117 Berlin" in Germany, the postcode on
    /// a line of its own in the UK.
    pub fn postal_lines(&self) -> Vec<String> {
        let mut out = vec![self.line1.clone()];
        if !self.line2.is_empty() {
            out.push(self.line2.clone());
        }
        let join =
            |parts: &[&str], sep: &str| parts.iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(sep);
        let (city, region, postal) = (self.city.as_str(), self.region.as_str(), self.postal_code.as_str());
        match AddressOrder::of(self.country) {
            AddressOrder::CityCommaRegionPostal => {
                let rest = join(&[region, postal], " ");
                out.push(if rest.is_empty() { city.to_owned() } else { format!("{city}, {rest}") });
            }
            AddressOrder::CityRegionPostal => out.push(join(&[city, region, postal], " ")),
            AddressOrder::CityThenPostcode => {
                out.push(city.to_owned());
                if !postal.is_empty() {
                    out.push(postal.to_owned());
                }
            }
            AddressOrder::PostalCity => out.push(join(&[postal, city], " ")),
            AddressOrder::PostalCityRegion => out.push(join(&[postal, city, region], " ")),
        }
        out
    }

    /// [`postal_lines`](Self::postal_lines) and the country code last.
    pub fn printed_lines(&self) -> Vec<String> {
        let mut out = self.postal_lines();
        out.push(self.country.code().to_owned());
        out
    }
}

/// Where a country's post expects city, region and postal code (after the street lines). From
/// the national postal conventions as the UPU and the postal operators publish them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AddressOrder {
    /// "Seattle, WA 98101" (US), "Chiyoda-ku, Tokyo 100-0001" (JP in Latin script), "Riga, LV-1050".
    CityCommaRegionPostal,
    /// "Toronto ON M5V 2T6" (CA), "Sydney NSW 2000" (AU), "Singapore 018956".
    CityRegionPostal,
    /// The town, then the postcode on a line of its own (GB, IE).
    CityThenPostcode,
    /// "10117 Berlin": most of Europe, where a region is no part of the postal address.
    PostalCity,
    /// "00144 Roma RM", "28013 Madrid": the province follows the city; also the fallback.
    PostalCityRegion,
}

impl AddressOrder {
    fn of(country: Country) -> Self {
        match country.code() {
            "US" | "PR" | "JP" | "PH" | "LV" => AddressOrder::CityCommaRegionPostal,
            "CA" | "AU" | "NZ" | "SG" | "IN" | "HK" | "CN" | "KR" | "TW" | "MY" | "ZA" | "AE" | "BH" | "SA" | "QA"
            | "KW" | "OM" => AddressOrder::CityRegionPostal,
            "GB" | "IE" | "IM" | "JE" | "GG" => AddressOrder::CityThenPostcode,
            "DE" | "AT" | "CH" | "LI" | "FR" | "MC" | "BE" | "NL" | "LU" | "DK" | "NO" | "SE" | "FI" | "IS" | "PL"
            | "CZ" | "SK" | "SI" | "HR" | "HU" | "GR" | "CY" | "PT" | "EE" | "LT" | "BG" | "RO" | "RS" | "IL"
            | "TR" => AddressOrder::PostalCity,
            _ => AddressOrder::PostalCityRegion,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(country: &str, city: &str, region: &str, postal: &str) -> BillingAddress {
        let lines = AddressLines {
            line1: "1 Street".into(),
            city: city.into(),
            region: region.into(),
            postal_code: postal.into(),
            ..Default::default()
        };
        BillingAddress::new(&lines, Country::parse(country).unwrap()).unwrap()
    }

    // DOMAIN: DOCS-1
    #[test]
    fn addresses_print_in_their_countrys_order() {
        for (country, city, region, postal, expected) in [
            ("US", "Seattle", "WA", "98101", &["Seattle, WA 98101"][..]),
            ("US", "Washington", "", "20500", &["Washington, 20500"][..]),
            ("DE", "Berlin", "", "10117", &["10117 Berlin"][..]),
            ("DE", "Berlin", "Berlin", "10117", &["10117 Berlin"][..]),
            ("AT", "Wien", "", "1010", &["1010 Wien"][..]),
            ("CH", "Zürich", "ZH", "8001", &["8001 Zürich"][..]),
            ("FR", "Paris", "", "75001", &["75001 Paris"][..]),
            ("NL", "Amsterdam", "", "1012 AB", &["1012 AB Amsterdam"][..]),
            ("GB", "London", "", "SW1A 1AA", &["London", "SW1A 1AA"][..]),
            ("IT", "Roma", "RM", "00144", &["00144 Roma RM"][..]),
            ("CA", "Toronto", "ON", "M5V 2T6", &["Toronto ON M5V 2T6"][..]),
            ("JP", "Chiyoda-ku", "Tokyo", "100-0001", &["Chiyoda-ku, Tokyo 100-0001"][..]),
            ("BH", "Manama", "", "317", &["Manama 317"][..]),
            ("BR", "São Paulo", "SP", "01310-100", &["01310-100 São Paulo SP"][..]),
        ] {
            let a = address(country, city, region, postal);
            let lines = a.postal_lines();
            assert_eq!(&lines[1..], expected, "{country}");
            assert_eq!(a.printed_lines().last().map(String::as_str), Some(country), "{country}");
        }
    }
}
