//! Postal codes by their country's format (ADDR-1): what the national post prints, checked when
//! an address is saved so that "ABC" never becomes a German postal code.
//!
//! The formats are those the postal operators publish (Deutsche Post, Österreichische Post,
//! Swiss Post, La Poste, PostNL, bpost, Royal Mail, USPS, Canada Post). A code is kept in its
//! country's canonical spelling: upper case, with the one space the country prints ("1015 CJ",
//! "EC2R 8EJ", "M5V 2T6"), or the hyphen of a ZIP+4.

use super::Country;
use crate::error::{Error, Result};

/// What a country's postal codes look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// Exactly this many digits.
    Digits(usize),
    /// Four digits and two letters: NL.
    Dutch,
    /// Outward and inward code: GB.
    British,
    /// ZIP or ZIP+4: US.
    Zip,
    /// Letter-digit-letter digit-letter-digit: CA.
    Canadian,
}

fn format_of(country: Country) -> Option<Format> {
    Some(match country.code() {
        "DE" | "FR" | "IT" | "ES" | "FI" | "EE" | "HR" => Format::Digits(5),
        "AT" | "CH" | "BE" | "DK" | "NO" | "LU" | "HU" | "AU" | "NZ" | "LI" | "BG" | "SI" | "CY" => Format::Digits(4),
        "NL" => Format::Dutch,
        "GB" => Format::British,
        "US" => Format::Zip,
        "CA" => Format::Canadian,
        _ => return None,
    })
}

/// Whether an address in `country` must carry a postal code: every country whose format is
/// known here has them.
pub(crate) fn required_in(country: Country) -> bool {
    format_of(country).is_some()
}

/// `input` checked against `country`'s format and written in its canonical form; an empty input
/// stays empty (whether one is required is the caller's rule). A country without a known format
/// takes any short code as written.
pub(crate) fn normalise(country: Country, input: &str) -> Result<String> {
    let compact: String = input.split_whitespace().collect::<String>().to_uppercase();
    if compact.is_empty() {
        return Ok(String::new());
    }
    let bad = || Error::invalid("postal_code", "does not have the format of its country's postal codes");
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let letters = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_uppercase());
    let Some(format) = format_of(country) else {
        return Ok(input.trim().to_owned());
    };
    match format {
        Format::Digits(n) => {
            // A leading country prefix ("D-10117", "CH-8001") is an old habit; the post reads
            // the digits.
            let code = match compact.split_once('-') {
                Some((prefix, rest)) if (1..=2).contains(&prefix.len()) && letters(prefix) => rest,
                _ => compact.as_str(),
            };
            if code.len() == n && digits(code) { Ok(code.to_owned()) } else { Err(bad()) }
        }
        Format::Dutch => {
            let (num, tail) = compact.split_at(compact.len().min(4));
            // PostNL never issues SA, SD or SS, and the first digit is never 0.
            if num.len() == 4
                && digits(num)
                && !num.starts_with('0')
                && tail.len() == 2
                && letters(tail)
                && !["SA", "SD", "SS"].contains(&tail)
            {
                Ok(format!("{num} {tail}"))
            } else {
                Err(bad())
            }
        }
        Format::British => {
            if compact == "GIR0AA" {
                return Ok("GIR 0AA".into());
            }
            if !(5..=7).contains(&compact.len()) {
                return Err(bad());
            }
            let (outward, inward) = compact.split_at(compact.len() - 3);
            let inward_ok = {
                let mut c = inward.chars();
                c.next().is_some_and(|d| d.is_ascii_digit()) && letters(&inward[1..])
            };
            // Outward: one or two letters, a digit, then a digit or a letter (A9, A9A, A99,
            // AA9, AA9A, AA99).
            let alpha = outward.chars().take_while(|c| c.is_ascii_uppercase()).count();
            let rest = &outward[alpha..];
            let outward_ok = (1..=2).contains(&alpha)
                && rest.chars().next().is_some_and(|c| c.is_ascii_digit())
                && rest.len() <= 2
                && rest.chars().all(|c| c.is_ascii_alphanumeric());
            if inward_ok && outward_ok { Ok(format!("{outward} {inward}")) } else { Err(bad()) }
        }
        Format::Zip => {
            let plain: String = compact.chars().filter(|c| *c != '-').collect();
            match plain.len() {
                5 if digits(&plain) => Ok(plain),
                9 if digits(&plain) => Ok(format!("{}-{}", &plain[..5], &plain[5..])),
                _ => Err(bad()),
            }
        }
        Format::Canadian => {
            let c: Vec<char> = compact.chars().collect();
            // Canada Post leaves out D, F, I, O, Q and U, and W and Z as the first letter.
            let letter = |ch: char| ch.is_ascii_uppercase() && !"DFIOQU".contains(ch);
            let ok = c.len() == 6
                && letter(c[0])
                && !"WZ".contains(c[0])
                && c[1].is_ascii_digit()
                && letter(c[2])
                && c[3].is_ascii_digit()
                && letter(c[4])
                && c[5].is_ascii_digit();
            if ok { Ok(format!("{} {}", &compact[..3], &compact[3..])) } else { Err(bad()) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(country: &str, code: &str) -> Result<String> {
        normalise(Country::parse(country)?, code)
    }

    // DOMAIN: ADDR-1
    #[test]
    fn postal_codes_follow_their_countrys_format_and_are_kept_canonical() {
        for (country, input, kept) in [
            ("DE", "10117", "10117"),
            ("DE", " D-80331 ", "80331"),
            ("AT", "1010", "1010"),
            ("CH", "8001", "8001"),
            ("FR", "75001", "75001"),
            ("NL", "1015cj", "1015 CJ"),
            ("BE", "1000", "1000"),
            ("GB", "ec2r8ej", "EC2R 8EJ"),
            ("GB", "M1 1AE", "M1 1AE"),
            ("GB", "gir 0aa", "GIR 0AA"),
            ("US", "02110", "02110"),
            ("US", "021101234", "02110-1234"),
            ("CA", "m5v2t6", "M5V 2T6"),
            ("JP", "100-0001", "100-0001"),
            ("DE", "", ""),
        ] {
            assert_eq!(norm(country, input).ok().as_deref(), Some(kept), "{country} {input}");
        }
        for (country, input) in [
            ("DE", "ABC"),
            ("DE", "1011"),
            ("DE", "101177"),
            ("AT", "10100"),
            ("CH", "80A1"),
            ("FR", "7500"),
            ("NL", "1015"),
            ("NL", "0123 AB"),
            ("NL", "1015 SS"),
            ("BE", "B1000X"),
            ("GB", "12345"),
            ("GB", "EC2R 8E"),
            ("US", "0211"),
            ("US", "02110-12"),
            ("CA", "D5V 2T6"),
            ("CA", "W5V 2T6"),
            ("CA", "M5V 2T"),
        ] {
            match norm(country, input) {
                Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "postal_code"),
                other => panic!("{country} {input:?} was accepted: {other:?}"),
            }
        }
        assert!(required_in(Country::parse("DE").unwrap()));
    }
}
