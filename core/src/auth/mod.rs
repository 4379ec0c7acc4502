//! Sign-in: password hashing and session tokens.

pub(crate) mod password;
pub(crate) mod token;
