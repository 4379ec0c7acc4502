//! ISO/IEC 7064 MOD 97-10, the check of IBANs, SEPA creditor IDs and Leitweg-IDs.

/// The remainder modulo 97 of `chars` read as one number, letters counting as two digits
/// (A = 10 ... Z = 35, either case); `None` if anything else than ASCII letters and digits occurs.
pub(crate) fn mod97(chars: &str) -> Option<u32> {
    let mut rem = 0u32;
    for c in chars.chars() {
        let v = c.to_digit(36)?;
        rem = if v < 10 { (rem * 10 + v) % 97 } else { (rem * 100 + v) % 97 };
    }
    Some(rem)
}

/// The two check digits that make `chars` followed by them leave 1 modulo 97.
#[cfg(test)]
pub(crate) fn check_digits(chars: &str) -> Option<u32> {
    mod97(&format!("{chars}00")).map(|r| 98 - r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_are_those_of_iso_7064_mod_97_10() {
        // An IBAN moves its country and check digits to the end and then leaves 1.
        assert_eq!(mod97("500105175407324931DE44"), Some(1));
        assert_eq!(check_digits("500105175407324931DE"), Some(44));
        assert_eq!(mod97("12-3"), None);
    }
}
