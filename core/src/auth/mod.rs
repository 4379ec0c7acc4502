//! Sign-in: password hashing and policy, throttling, session and link tokens.

pub(crate) mod hashing_limit;
pub(crate) mod password;
pub(crate) mod throttle;
pub(crate) mod token;
