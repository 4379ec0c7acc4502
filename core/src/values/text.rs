//! Free text typed by people: names, address lines, PO numbers, request text.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use unicode_normalization::UnicodeNormalization;

/// Checks shared by every text input: NFKC, trimmed, bounded, no control characters, and no
/// full card number hidden in it (PAY-2). Returns the normalised text.
pub(crate) fn clean(field: &str, input: &str, max_chars: usize, multiline: bool) -> Result<String> {
    if input.len() > max_chars * 4 {
        return Err(Error::invalid(field, format!("longer than {max_chars} characters")));
    }
    let text: String = input.nfkc().collect::<String>().trim().to_owned();
    if text.chars().count() > max_chars {
        return Err(Error::invalid(field, format!("longer than {max_chars} characters")));
    }
    if text.chars().any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t'))) {
        return Err(Error::invalid(field, "contains control characters"));
    }
    if contains_card_number(&text) {
        return Err(Error::invalid(field, "looks like a card number; card numbers are never stored"));
    }
    Ok(text)
}

/// Like [`clean`], and the result may not be empty.
pub(crate) fn required(field: &str, input: &str, max_chars: usize) -> Result<String> {
    let text = clean(field, input, max_chars, false)?;
    if text.is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    Ok(text)
}

/// True if the text holds a run of 13 to 19 digits (spaces or hyphens between digits allowed,
/// as card numbers are written) that passes the Luhn check.
pub(crate) fn contains_card_number(text: &str) -> bool {
    let is_sep = |c: char| c == ' ' || c == '-';
    let check = |d: &str| (13..=19).contains(&d.len()) && luhn::valid(d);
    let mut digits = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if is_sep(c) && !digits.is_empty() {
            // Spaces and hyphens between digits are how card numbers are written; skip them if
            // the run goes on.
            let mut ahead = chars.clone();
            while ahead.next_if(|&n| is_sep(n)).is_some() {}
            if ahead.peek().is_some_and(char::is_ascii_digit) {
                chars = ahead;
                continue;
            }
        }
        if check(&digits) {
            return true;
        }
        digits.clear();
    }
    check(&digits)
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

    // DOMAIN: API-2
    #[test]
    fn rejects_control_characters_and_over_long_text() {
        assert!(FreeText::parse("f", "a\u{0007}b").is_err());
        assert!(FreeText::parse("f", "a\nb").is_err());
        assert!(FreeText::parse_message("f", "a\nb").is_ok());
        assert!(FreeText::parse("f", &"x".repeat(201)).is_err());
        assert!(FreeText::parse("f", &"x".repeat(200)).is_ok());
    }
}
