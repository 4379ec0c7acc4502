//! Password hashing with Argon2id (AUTH-3) and the password policy (AUTH-4).

use crate::error::{Error, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashSet;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

/// OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
const M_COST: u32 = 19_456;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

/// AUTH-4 length bounds, in Unicode code points after NFKC.
pub(crate) const MIN_CHARS: usize = 15;
pub(crate) const MAX_CHARS: usize = 128;

/// The shipped list of common passwords (see the file's header for its source and licence).
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_passwords.txt").lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect()
});

fn hasher() -> Argon2<'static> {
    // The constants are within Argon2's limits, so construction cannot fail; fall back to the
    // library default (identical values) rather than panic.
    let params = Params::new(M_COST, T_COST, P_COST, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// NFKC, so that the same password typed on different keyboards or input methods matches.
fn normalise(password: &str) -> Zeroizing<String> {
    Zeroizing::new(password.nfkc().collect())
}

/// Hashes a password into a PHC string with a fresh random salt.
pub(crate) fn hash(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(normalise(password).as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| Error::Storage("password hashing failed".into()))
}

/// Verifies a password against a stored Argon2id PHC string, with the parameters it names.
pub(crate) fn verify(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    if parsed.algorithm.as_str() != "argon2id" {
        return false;
    }
    hasher().verify_password(normalise(password).as_bytes(), &parsed).is_ok()
}

/// True if a stored hash uses weaker parameters than today's, so that the next successful
/// sign-in re-hashes the password (AUTH-3).
pub(crate) fn needs_rehash(phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else { return true };
    let Ok(params) = Params::try_from(&parsed) else { return true };
    parsed.algorithm.as_str() != "argon2id"
        || params.m_cost() < M_COST
        || params.t_cost() < T_COST
        || params.p_cost() < P_COST
}

/// zxcvbn's score 3 stands for about 10^10 guesses: out of reach of online guessing and costly
/// offline against Argon2id.
const MIN_STRENGTH: zxcvbn::Score = zxcvbn::Score::Three;

/// Whether the password is one word (or one run of characters) said again and again: "password
/// password", "Sommer-Sommer-Sommer", "abcabcabcabcabc". Length alone makes these look strong;
/// a person reading the refusal should learn why.
fn repeats_one_word(folded: &str) -> bool {
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.len() >= 2 && words.iter().all(|w| *w == words[0]) {
        return true;
    }
    let joined: Vec<char> = words.concat().chars().collect();
    let n = joined.len();
    (1..=n / 2).any(|unit| n.is_multiple_of(unit) && joined.chunks(unit).all(|c| c == &joined[..unit]))
}

/// AUTH-4 (NIST SP 800-63B): 15 to 128 code points after NFKC, no composition rules, not a
/// common password (nor one repeated), not containing the user ID, and not easy to guess by the
/// zxcvbn estimate, which knows the patterns a fixed list misses at this length (a common word
/// plus digits, keyboard rows, dates, the user's own IDs). The error says which.
pub(crate) fn check_policy(password: &str, user_ids: &[&str]) -> Result<()> {
    if password.len() > MAX_CHARS * 4 {
        return Err(Error::invalid("password", format!("at most {MAX_CHARS} characters")));
    }
    let p = normalise(password);
    let n = p.chars().count();
    if n < MIN_CHARS {
        return Err(Error::invalid("password", format!("at least {MIN_CHARS} characters")));
    }
    if n > MAX_CHARS {
        return Err(Error::invalid("password", format!("at most {MAX_CHARS} characters")));
    }
    let folded = Zeroizing::new(p.to_lowercase());
    if is_common(&folded) {
        return Err(Error::invalid("password", "is too common; choose a less predictable one"));
    }
    if user_ids.iter().map(|u| u.trim().to_lowercase()).any(|u| !u.is_empty() && folded.contains(&u)) {
        return Err(Error::invalid("password", "must not contain the user ID"));
    }
    if repeats_one_word(&folded) {
        return Err(Error::invalid("password", "repeats one word; choose words that differ"));
    }
    let strength = estimate(&p, &user_inputs(user_ids));
    if strength.score() < MIN_STRENGTH {
        let why = strength.feedback().and_then(|f| f.warning()).map(|w| format!(" {w}")).unwrap_or_default();
        return Err(Error::invalid(
            "password",
            format!("is too easy to guess (strength {} of 4, at least {MIN_STRENGTH} needed).{why}", strength.score()),
        ));
    }
    Ok(())
}

/// zxcvbn's cost grows steeply with length (up to about 0.7 s for 100 random characters, its own
/// cap, against 30 ms for 64), and anyone holding a reset link can make us pay it. So it rates at
/// most 64 code points at a time: the whole password up to that length, else its first and its
/// last 64, which together cover every password the policy admits. A password is at least as hard
/// to guess as any part of it, so the better part decides.
const ESTIMATE_CHARS: usize = 64;

fn estimate(password: &str, user_inputs: &[&str]) -> zxcvbn::Entropy {
    let chars: Zeroizing<Vec<char>> = Zeroizing::new(password.chars().collect());
    if chars.len() <= ESTIMATE_CHARS {
        return zxcvbn::zxcvbn(password, user_inputs);
    }
    let head: Zeroizing<String> = Zeroizing::new(chars[..ESTIMATE_CHARS].iter().collect());
    let first = zxcvbn::zxcvbn(&head, user_inputs);
    if first.score() >= MIN_STRENGTH {
        return first;
    }
    let tail: Zeroizing<String> = Zeroizing::new(chars[chars.len() - ESTIMATE_CHARS..].iter().collect());
    let last = zxcvbn::zxcvbn(&tail, user_inputs);
    if last.score() > first.score() { last } else { first }
}

/// The user's IDs, and the parts of an e-mail address, as words an attacker would try first.
fn user_inputs<'a>(user_ids: &[&'a str]) -> Vec<&'a str> {
    let mut words = Vec::new();
    for id in user_ids {
        words.push(id.trim());
        if let Some((local, domain)) = id.trim().split_once('@') {
            words.push(local);
            words.extend(domain.split('.').filter(|part| part.len() > 2));
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

/// A common password, or one repeated ("passwordpassword"), or a single character repeated.
fn is_common(folded: &str) -> bool {
    if COMMON.contains(folded) {
        return true;
    }
    let chars: Vec<char> = folded.chars().collect();
    (1..=chars.len() / 2).filter(|unit| chars.len().is_multiple_of(*unit)).any(|unit| {
        let head: String = chars[..unit].iter().collect();
        chars.chunks(unit).all(|c| c == &chars[..unit]) && (unit == 1 || COMMON.contains(head.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // DOMAIN: AUTH-3
    #[test]
    fn hashes_are_argon2id_phc_with_owasp_parameters_and_random_salt() {
        let a = hash("correct horse battery staple").unwrap();
        let b = hash("correct horse battery staple").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "salts differ");
        assert!(verify("correct horse battery staple", &a));
        assert!(!verify("correct horse battery stapler", &a));
        assert!(!verify("x", "not a phc string"));
        assert!(!needs_rehash(&a));
    }

    // DOMAIN: AUTH-3
    #[test]
    fn weaker_hashes_are_flagged_for_rehash() {
        let weak = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(4096, 1, 1, None).unwrap())
            .hash_password(b"correct horse battery staple", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert!(verify("correct horse battery staple", &weak), "old hashes still verify");
        assert!(needs_rehash(&weak));
    }

    // DOMAIN: AUTH-4
    #[test]
    fn policy_gives_the_reason() {
        let reason = |p: &str| match check_policy(p, &["ap.admin", "ap@example.com"]) {
            Err(Error::InvalidInput { reason, .. }) => reason,
            other => panic!("{p:?}: {other:?}"),
        };
        assert!(COMMON.len() >= 1000);
        assert_eq!(reason("short one"), "at least 15 characters");
        assert_eq!(reason(&"x".repeat(129)), "at most 128 characters");
        assert!(reason("123456789987654321").contains("common"));
        assert!(reason("PasswordPasswordPassword").contains("common"));
        assert!(reason("zzzzzzzzzzzzzzzzzzzz").contains("common"));
        assert!(reason("my name is AP.Admin, ok?").contains("user ID"));
        assert!(reason("password12345678").contains("too easy to guess"), "{}", reason("password12345678"));
        // No composition rules, and 15 code points counted after NFKC (not bytes).
        assert!(check_policy("all lower case words here", &["ap.admin"]).is_ok());
        assert!(check_policy("Grüße aus Köln!", &[]).is_ok(), "15 code points, 18 bytes");
        assert!(check_policy(&"é".repeat(128), &[]).is_err(), "repetition of one character");
        let long: String = "Füße über Brücke € ".chars().cycle().take(128).collect();
        assert!(check_policy(&long, &[]).is_ok(), "128 code points, {} bytes", long.len());
    }

    // DOMAIN: AUTH-4
    #[test]
    fn a_password_that_repeats_one_word_is_refused_with_the_reason() {
        for repeated in
            ["password password", "Sommer-Sommer-Sommer-Sommer", "abcabcabcabcabcabc", "lighthouse lighthouse"]
        {
            match check_policy(repeated, &["dana.whitfield"]) {
                Err(Error::InvalidInput { field, reason }) => {
                    assert_eq!(field, "password");
                    assert!(reason.contains("repeats") || reason.contains("common"), "{repeated}: {reason}");
                }
                other => panic!("{repeated:?} was accepted: {other:?}"),
            }
        }
        assert_eq!(
            check_policy("lighthouse lighthouse", &[]).unwrap_err(),
            Error::invalid("password", "repeats one word; choose words that differ")
        );
        assert!(check_policy("lighthouse copper meadow 42", &["dana.whitfield"]).is_ok());
    }

    // DOMAIN: AUTH-4
    #[test]
    fn guessable_passwords_past_the_list_are_refused_with_the_reason() {
        let ids = ["dana.whitfield", "dana@ravensworth-holdings.example"];
        for weak in
            ["password12345678", "Passw0rd12345678", "qwertyuiopasdfgh", "1234567890abcdefg", "iloveyou20262026"]
        {
            match check_policy(weak, &ids) {
                Err(Error::InvalidInput { field, reason }) => {
                    assert_eq!(field, "password");
                    assert!(reason.starts_with("is too easy to guess (strength "), "{weak}: {reason}");
                    assert!(!reason.contains(weak), "{weak}: the reason does not repeat the password");
                }
                other => panic!("{weak}: {other:?}"),
            }
        }
        // The user's own names count as known words: the company's name guessed from the e-mail
        // domain is weak for Dana, while the same text is a fair passphrase for someone else.
        let company = "ravensworth-holdings 2026";
        assert!(check_policy(company, &ids).is_err());
        assert!(check_policy(company, &["sam.ortiz", "sam@globex.example"]).is_ok());
        for strong in
            ["correct horse battery staple 42", "lighthouse copper meadow 42", "a brand new passphrase for ap"]
        {
            assert_eq!(check_policy(strong, &ids), Ok(()), "{strong}");
        }
    }

    // DOMAIN: AUTH-4
    #[test]
    fn the_strength_estimate_rates_a_long_password_by_its_better_end() {
        let strong_tail = format!("{}{}", "a".repeat(64), "lighthouse copper meadow 42 under a violet sky");
        assert_eq!(check_policy(&strong_tail, &[]), Ok(()));
        assert!(check_policy(&"ab".repeat(64), &[]).is_err());
    }
}
