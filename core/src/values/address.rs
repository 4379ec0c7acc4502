//! Billing addresses (ADDR-1).

use super::Country;
use super::text::{clean, required};
use crate::error::Result;
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
    /// Checks every line: bounded length, no control characters, no card numbers.
    pub fn new(lines: &AddressLines, country: Country) -> Result<Self> {
        Ok(BillingAddress {
            line1: required("line1", &lines.line1, 100)?,
            line2: clean("line2", &lines.line2, 100, false)?,
            city: required("city", &lines.city, 80)?,
            region: clean("region", &lines.region, 80, false)?,
            postal_code: clean("postal_code", &lines.postal_code, 20, false)?,
            country,
        })
    }

    /// The same country with new lines: the only change a billing contact may make.
    pub fn with_lines(&self, lines: &AddressLines) -> Result<Self> {
        BillingAddress::new(lines, self.country)
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

    /// The lines of the address as printed, country last.
    pub fn printed_lines(&self) -> Vec<String> {
        let mut out = vec![self.line1.clone()];
        if !self.line2.is_empty() {
            out.push(self.line2.clone());
        }
        let place = [self.postal_code.as_str(), self.city.as_str(), self.region.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        out.push(place);
        out.push(self.country.code().to_owned());
        out
    }
}
