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

/// AUTH-4 (NIST SP 800-63B): 15 to 128 code points after NFKC, no composition rules, not a
/// common password (nor one repeated), not containing the user ID. The error says which.
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
    Ok(())
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
        // No composition rules, and 15 code points counted after NFKC (not bytes).
        assert!(check_policy("all lower case words here", &["ap.admin"]).is_ok());
        assert!(check_policy("ääääääääääääääb", &[]).is_ok());
        assert!(check_policy(&"é".repeat(128), &[]).is_err(), "repetition of one character");
        assert!(check_policy(&"é€".repeat(64), &[]).is_ok(), "128 code points, 320 bytes");
    }
}
