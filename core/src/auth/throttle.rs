//! Sign-in throttling per user ID (AUTH-5): after 5 consecutive failures, attempts are refused
//! for 30 s, then 60 s, doubling up to an hour.

use super::token;
use crate::values::LoginId;
use time::Duration;

/// Failures allowed before the first delay.
pub(crate) const FREE_FAILURES: u32 = 5;
const FIRST_DELAY_SECS: i64 = 30;
const MAX_DELAY_SECS: i64 = 3600;

/// The bucket of a login: once the user ID typed is known to name a login, its username and its
/// e-mail address count against one and the same limit.
pub(crate) fn login_bucket(login: LoginId) -> String {
    token::digest(&format!("login:{login}"))
}

/// The bucket of a user ID that names no login: the digest of its normalised form, or of the raw
/// input if it is not a user ID at all, so that junk is throttled too and nothing typed is kept.
pub(crate) fn unknown_bucket(normalised: Option<&str>, raw: &str) -> String {
    match normalised {
        Some(k) => token::digest(k),
        None => token::digest(&format!("raw:{}", raw.chars().take(1024).collect::<String>())),
    }
}

/// How long attempts are refused after `failures` consecutive failures (`None`: not at all).
pub(crate) fn delay_after(failures: u32) -> Option<Duration> {
    let over = failures.checked_sub(FREE_FAILURES)?;
    let secs = FIRST_DELAY_SECS.saturating_mul(1i64 << over.min(20)).min(MAX_DELAY_SECS);
    Some(Duration::seconds(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    // DOMAIN: AUTH-5
    #[test]
    fn delays_start_at_30_seconds_double_and_stop_at_an_hour() {
        let secs: Vec<Option<i64>> = (0..=13).map(|n| delay_after(n).map(|d| d.whole_seconds())).collect();
        assert_eq!(
            secs,
            [
                None,
                None,
                None,
                None,
                None,
                Some(30),
                Some(60),
                Some(120),
                Some(240),
                Some(480),
                Some(960),
                Some(1920),
                Some(3600),
                Some(3600)
            ]
        );
        assert_eq!(delay_after(u32::MAX).map(|d| d.whole_seconds()), Some(3600));
    }
}
