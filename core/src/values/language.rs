//! The language an account's documents and notifications are written in (DOCS-1).

use super::Country;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A document language: printed invoices, credit notes and notification texts use it (DOCS-1).
///
/// An account that has not chosen one follows its billing country ([`Language::for_country`]),
/// so a country change moves it along; a chosen one stays until it is changed.
///
/// ```
/// use corporate_billing::{Country, Language};
/// assert_eq!(Language::parse("de-AT").unwrap(), Language::De);
/// assert_eq!(Language::for_country(Country::parse("CH").unwrap()), Language::De);
/// assert_eq!(Language::for_country(Country::parse("FR").unwrap()), Language::En);
/// assert!(Language::parse("xx").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// German: dates 31.12.2026, amounts 1.234,56.
    De,
    /// English: dates 2026-12-31 (ISO 8601, unambiguous on both sides of the Atlantic), amounts
    /// 1,234.56. Invoices issued before documents had a language were English.
    #[default]
    En,
}

impl Language {
    /// Every supported language.
    pub const ALL: [Language; 2] = [Language::De, Language::En];

    /// Reads a language code: `de` or `en`, in either case, with or without a region
    /// (`de-CH`, `en_GB`), as a browser's or host's locale gives it.
    pub fn parse(input: &str) -> Result<Self> {
        let primary = input.trim().split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "de" => Ok(Language::De),
            "en" => Ok(Language::En),
            _ => Err(Error::invalid("document_language", "supported languages are de and en")),
        }
    }

    /// The two-letter code (ISO 639-1).
    pub fn code(&self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
        }
    }

    /// The default for a billing country: German where German is the (or the majority's)
    /// official language, English everywhere else, as the language of international business.
    pub fn for_country(country: Country) -> Self {
        match country.code() {
            "DE" | "AT" | "CH" | "LI" => Language::De,
            _ => Language::En,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // DOMAIN: DOCS-1
    #[test]
    fn codes_are_read_with_or_without_a_region_and_others_are_refused() {
        for (input, expected) in [
            ("de", Language::De),
            ("DE", Language::De),
            ("de-CH", Language::De),
            ("en_GB", Language::En),
            (" en ", Language::En),
        ] {
            assert_eq!(Language::parse(input).unwrap(), expected, "{input}");
        }
        for bad in ["", "fr", "deu", "d", "-de", "english"] {
            assert!(Language::parse(bad).is_err(), "{bad}");
        }
    }

    // DOMAIN: DOCS-1
    #[test]
    fn the_default_follows_the_billing_country() {
        for (country, expected) in [
            ("DE", Language::De),
            ("AT", Language::De),
            ("CH", Language::De),
            ("US", Language::En),
            ("GB", Language::En),
            ("FR", Language::En),
            ("JP", Language::En),
        ] {
            assert_eq!(Language::for_country(Country::parse(country).unwrap()), expected, "{country}");
        }
    }
}
