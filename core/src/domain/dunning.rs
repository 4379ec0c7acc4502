//! Payment reminders (DUN-1): the stages the vendor configures, and which one an overdue invoice
//! has reached on a day.

use crate::error::{Error, Result};
use time::{Date, Duration};

/// The default stages: days after the due date.
pub const DEFAULT_DUNNING_STAGES: [u32; 3] = [7, 21, 35];

/// Checks the vendor's stages: 1 to 10 of them, strictly increasing, each 1 to 365 days.
pub(crate) fn check_stages(stages: &[u32]) -> Result<()> {
    let bad = |why: &str| Error::invalid("dunning_stages", why);
    if stages.is_empty() || stages.len() > 10 {
        return Err(bad("must name 1 to 10 stages"));
    }
    if stages.iter().any(|d| !(1..=365).contains(d)) {
        return Err(bad("each stage is 1 to 365 days after the due date"));
    }
    if stages.windows(2).any(|w| w[0] >= w[1]) {
        return Err(bad("must be strictly increasing"));
    }
    Ok(())
}

/// The highest stage (from 1) that an invoice due on `due` has reached on `date`, if any. A
/// run that missed days sends the stage reached, not every stage it skipped.
pub(crate) fn stage_reached(stages: &[u32], due: Date, date: Date) -> Option<u32> {
    stages.iter().rposition(|days| due + Duration::days(i64::from(*days)) <= date).map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    // DOMAIN: DUN-1
    #[test]
    fn stages_count_from_the_due_date_and_the_highest_one_reached_is_sent() {
        let due = date!(2026 - 03 - 31);
        let s = DEFAULT_DUNNING_STAGES;
        assert_eq!(stage_reached(&s, due, date!(2026 - 04 - 06)), None);
        assert_eq!(stage_reached(&s, due, date!(2026 - 04 - 07)), Some(1));
        assert_eq!(stage_reached(&s, due, date!(2026 - 04 - 21)), Some(2));
        assert_eq!(stage_reached(&s, due, date!(2026 - 05 - 05)), Some(3));
        assert_eq!(stage_reached(&s, due, date!(2027 - 01 - 01)), Some(3));
        assert!(check_stages(&s).is_ok());
        for bad in [&[][..], &[7, 7], &[21, 7], &[0], &[400]] {
            assert!(check_stages(bad).is_err(), "{bad:?}");
        }
    }
}
