//! Sign-in throttling per user ID (AUTH-5): after 5 consecutive failures, attempts are refused
//! for 30 s, then 60 s, doubling up to an hour.

use time::Duration;

/// Failures allowed before the first delay.
pub(crate) const FREE_FAILURES: u32 = 5;
const FIRST_DELAY_SECS: i64 = 30;
const MAX_DELAY_SECS: i64 = 3600;

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
