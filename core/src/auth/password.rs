//! Password hashing with Argon2id (AUTH-3) and the password policy (AUTH-4).

use crate::error::{Error, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};
use unicode_normalization::UnicodeNormalization;

/// OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
const M_COST: u32 = 19_456;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

fn hasher() -> Argon2<'static> {
    // The constants are within Argon2's limits, so construction cannot fail; fall back to the
    // library default (identical values) rather than panic.
    let params = Params::new(M_COST, T_COST, P_COST, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// NFKC, so that the same password typed on different keyboards or input methods matches.
fn normalise(password: &str) -> String {
    password.nfkc().collect()
}

/// Hashes a password into a PHC string with a fresh random salt.
pub(crate) fn hash(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(normalise(password).as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| Error::Storage("password hashing failed".into()))
}

/// Verifies a password against a stored PHC string, using the parameters the string names.
pub(crate) fn verify(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    if parsed.algorithm.as_str() != "argon2id" {
        return false;
    }
    hasher().verify_password(normalise(password).as_bytes(), &parsed).is_ok()
}

/// AUTH-4: 15 to 128 code points after NFKC, and not containing the user ID.
pub(crate) fn check_policy(password: &str, user_ids: &[&str]) -> Result<()> {
    if password.len() > 128 * 4 {
        return Err(Error::invalid("password", "at most 128 characters"));
    }
    let p = normalise(password);
    let n = p.chars().count();
    if n < 15 {
        return Err(Error::invalid("password", "at least 15 characters"));
    }
    if n > 128 {
        return Err(Error::invalid("password", "at most 128 characters"));
    }
    let folded = p.to_lowercase();
    if user_ids.iter().any(|u| !u.is_empty() && folded.contains(&u.to_lowercase())) {
        return Err(Error::invalid("password", "must not contain the user ID"));
    }
    Ok(())
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
    }
}
