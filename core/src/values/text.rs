//! Free text typed by people: names, address lines, PO numbers, request text.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Checks shared by every text input: NFKC, trimmed, bounded, no control characters, and no
/// full card number hidden in it (PAY-2). Returns the normalised text.
pub(crate) fn clean(field: &str, input: &str, max_chars: usize, multiline: bool) -> Result<String> {
    if input.len() > max_chars * 4 {
        return Err(Error::invalid(field, format!("longer than {max_chars} characters")));
    }
    // The quick check settles nearly all input (all ASCII, for one) without composing it anew.
    let text = match is_nfkc_quick(input.chars()) {
        IsNormalized::Yes => input.trim().to_owned(),
        IsNormalized::No | IsNormalized::Maybe => input.nfkc().collect::<String>().trim().to_owned(),
    };
    if text.chars().count() > max_chars {
        return Err(Error::invalid(field, format!("longer than {max_chars} characters")));
    }
    if text.chars().any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t'))) {
        return Err(Error::invalid(field, "contains control characters"));
    }
    check_code_points(field, &text)?;
    if contains_card_number(&text) {
        return Err(Error::invalid(field, "looks like a card number; card numbers are never stored"));
    }
    // EINV-6: any text may end up on a printed invoice, where a character no embedded font has
    // would be lost; it is refused here, the one check every free-text field goes through.
    if !crate::documents::fonts::covers(&text) {
        return Err(Error::invalid(field, "contains characters that printed documents cannot show"));
    }
    Ok(text)
}

/// Refuses code points that have no place in text a person typed (API-3): unassigned ones and
/// noncharacters (general category Cn; XML 1.0 forbids U+FFFE and U+FFFF, so an e-invoice or
/// PDF/A carrying one is invalid), surrogates (Cs), and format characters (Cf), among them the
/// bidirectional controls that make "12" print as "21". ZWJ and ZWNJ, which some scripts and
/// emoji sequences need, are kept between two other characters; variation selectors are marks
/// (Mn), not format characters, and pass. The field is named, the character is not.
pub(crate) fn check_code_points(field: &str, text: &str) -> Result<()> {
    let mut chars = text.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let inside = !first && chars.peek().is_some();
        first = false;
        match c.general_category() {
            GeneralCategory::Unassigned => {
                return Err(Error::invalid(field, "contains an unassigned code point or a noncharacter"));
            }
            GeneralCategory::Surrogate => return Err(Error::invalid(field, "contains a surrogate code point")),
            GeneralCategory::Format if inside && matches!(c, '\u{200C}' | '\u{200D}') => {}
            GeneralCategory::Format => {
                return Err(Error::invalid(
                    field,
                    "contains an invisible format character, such as a bidirectional control",
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Like [`clean`], and the result may not be empty.
pub(crate) fn required(field: &str, input: &str, max_chars: usize) -> Result<String> {
    let text = clean(field, input, max_chars, false)?;
    if text.is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    Ok(text)
}

/// True if the text holds something written like a full card number (PAY-2): 13 to 19 digits
/// that pass the Luhn check, in groups separated by anything but letters and digits ("4111 1111",
/// "4111-1111", "4111.1111", "4111/1111", "4111_1111", ...).
///
/// Digit groups between two letters (or the ends of the text) form a run. The whole run is
/// checked, and so is each consistently separated stretch of it that a different separator sets
/// off, as in "4111 1111 1111 1111, 12/28". A stretch that continues with its own separator is
/// not cut out of a longer run: that is how an IBAN such as "DE44 5001 0517 5407 3249 31" is
/// printed, and every 16-digit slice of it would pass Luhn one time in ten.
pub(crate) fn contains_card_number(text: &str) -> bool {
    let mut groups: Vec<&str> = Vec::new();
    let mut seps: Vec<&str> = Vec::new();
    let mut rest = text;
    loop {
        let start = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let (before, from_digits) = rest.split_at(start);
        if !groups.is_empty() {
            if before.chars().any(char::is_alphanumeric) || from_digits.is_empty() {
                if run_has_card_number(&groups, &seps) {
                    return true;
                }
                groups.clear();
                seps.clear();
            } else {
                seps.push(before);
            }
        }
        if from_digits.is_empty() {
            return false;
        }
        let len = from_digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(from_digits.len());
        let (group, after) = from_digits.split_at(len);
        groups.push(group);
        rest = after;
    }
}

/// Checks one run of digit groups; `seps[k]` stands between `groups[k]` and `groups[k + 1]`.
fn run_has_card_number(groups: &[&str], seps: &[&str]) -> bool {
    let is_card = |stretch: &[&str]| {
        (13..=19).contains(&stretch.iter().map(|g| g.len()).sum::<usize>()) && luhn::valid(&stretch.concat())
    };
    if is_card(groups) {
        return true;
    }
    for first in 0..groups.len() {
        let mut len = 0;
        for last in first..groups.len() {
            len += groups[last].len();
            if len > 19 {
                break;
            }
            let inner = &seps[first..last];
            if inner.iter().any(|s| *s != inner[0]) {
                break;
            }
            let set_off = |edge: Option<&&str>| edge.is_none_or(|s| inner.first().is_none_or(|i| i != s));
            let left = first.checked_sub(1).and_then(|k| seps.get(k));
            if set_off(left) && set_off(seps.get(last)) && is_card(&groups[first..=last]) {
                return true;
            }
        }
    }
    false
}

/// A short piece of single-line text that a person typed: trimmed, NFKC-normalised, at most 200
/// characters, no control characters, no card numbers.
///
/// ```
/// use corporate_billing::FreeText;
/// assert_eq!(FreeText::parse("reason", "  Too expensive ").unwrap().as_str(), "Too expensive");
/// assert!(FreeText::parse("reason", "card 4111 1111 1111 1111").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FreeText(String);

impl FreeText {
    /// The longest text accepted, in characters.
    pub const MAX_CHARS: usize = 200;

    /// Validates `input` for the named field.
    pub fn parse(field: &str, input: &str) -> Result<Self> {
        clean(field, input, Self::MAX_CHARS, false).map(FreeText)
    }

    /// Validates a multi-line message of up to 2,000 characters (line breaks and tabs allowed).
    pub fn parse_message(field: &str, input: &str) -> Result<Self> {
        clean(field, input, 2000, true).map(FreeText)
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FreeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // DOMAIN: PAY-2
    #[test]
    fn card_numbers_in_free_text_are_found() {
        for (text, expected) in [
            ("4111111111111111", true),
            ("PO 4111 1111 1111 1111 for Q3", true),
            ("4111-1111-1111-1111", true),
            ("4111 - 1111 - 1111 - 1111", true),
            ("378282246310005", true),
            ("4111111111111112", false),
            ("PO-2026-0001", false),
            ("12345678", false),
            ("Order 4111111111111111000000", false),
        ] {
            assert_eq!(contains_card_number(text), expected, "{text}");
        }
    }

    // DOMAIN: PAY-2
    #[test]
    fn any_punctuation_between_digit_groups_is_a_separator() {
        for text in [
            "4111.1111.1111.1111",
            "4111/1111/1111/1111",
            "4111_1111_1111_1111",
            "4111 _/. 1111 ,; 1111 :: 1111",
            "tok_4111.1111.1111.1111",
            "(4111)(1111)(1111)(1111)",
            "4111\n1111\n1111\n1111",
            "card 4111 1111 1111 1111, exp 12/28",
            "4111 1111 1111 1111, 12/28",
            "4111.1111.1111.1111 12/28 123",
            "ref 12 4111111111111111",
            "3782.822463.10005",
        ] {
            assert!(contains_card_number(text), "{text}");
        }
    }

    // DOMAIN: PAY-2
    #[test]
    fn ordinary_text_with_digits_is_not_a_card_number() {
        for text in [
            "Renewal on 2026-12-31",
            "from 2026-12-31 to 2027-12-30",
            "31.12.2026, 10:30-12:00",
            "+1 (555) 123-4567",
            "+49 30 1234 5678 or +49 30 8765 4321",
            "DE44 5001 0517 5407 3249 31",
            "IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX",
            "GB29 NWBK 6016 1331 9268 19",
            "PO 4500012345/10",
            "Total 1,234,567.89 EUR",
            "INV-2026-000123",
        ] {
            assert!(!contains_card_number(text), "{text}");
        }
    }

    // DOMAIN: API-2
    #[test]
    fn rejects_control_characters_and_over_long_text() {
        assert!(FreeText::parse("f", "a\u{0007}b").is_err());
        assert!(FreeText::parse("f", "a\nb").is_err());
        assert!(FreeText::parse_message("f", "a\nb").is_ok());
        assert!(FreeText::parse("f", &"x".repeat(201)).is_err());
        assert!(FreeText::parse("f", &"x".repeat(200)).is_ok());
    }

    // DOMAIN: API-3
    #[test]
    fn noncharacters_unassigned_code_points_and_format_characters_are_refused_naming_the_field() {
        for bad in [
            "a\u{FFFF}b",
            "a\u{FFFE}",
            "\u{FDD0}x",
            "x\u{10FFFF}",
            "a\u{0378}b",
            "Total 12\u{202E}34",
            "a\u{2066}b\u{2069}",
            "\u{200F}ab",
            "a\u{061C}b",
            "zero\u{200B}width",
            "a\u{FEFF}b",
            "soft\u{00AD}hyphen",
            "\u{200D}joined",
            "joined\u{200C}",
        ] {
            let err = clean("company_name", bad, 200, false).unwrap_err();
            assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "company_name"), "{bad:?}: {err:?}");
        }
        for good in [
            "\u{0928}\u{094D}\u{200D}\u{0928}",
            "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}",
            "\u{1F468}\u{200D}\u{1F4BB}",
            "\u{2764}\u{FE0F} \u{845B}\u{E0100}",
            "\u{05E9}\u{05DC}\u{05D5}\u{05DD} M\u{00FC}ller",
        ] {
            // The code points pass; whether the PDF fonts cover the script is EINV-6's check,
            // which `clean` adds and which refuses Devanagari, Persian and Hebrew for now.
            assert!(check_code_points("f", good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn text_is_normalised_to_nfkc_whether_or_not_it_already_was() {
        for (input, expected) in [
            ("  Acme GmbH  ", "Acme GmbH"),
            ("M\u{fc}ller", "M\u{fc}ller"),
            ("Mu\u{308}ller", "M\u{fc}ller"),
            ("\u{fb01}nance \u{ff21}\u{ff27}", "finance AG"),
            ("\u{2460} Stra\u{df}e", "1 Stra\u{df}e"),
        ] {
            assert_eq!(clean("f", input, 200, false).unwrap(), expected, "{input:?}");
        }
    }
}
