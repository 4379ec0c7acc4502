//! Payment reminders (DUN-1, DUN-2): the stages the vendor configures, which one an overdue
//! invoice has reached on a day, and the new deadline a reminder gives.

use crate::error::{Error, Result};
use time::{Date, Duration};

/// The default stages: days after the due date.
pub const DEFAULT_DUNNING_STAGES: [u32; 3] = [7, 21, 35];

/// Checks the vendor's stages: 1 to 10 of them, strictly increasing, each 1 to 365 days (DUN-2).
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

/// The default days a reminder gives to pay, counted from its date (DUN-2).
pub const DEFAULT_REMINDER_PAYMENT_DAYS: u32 = 10;

/// Checks the days a reminder gives to pay: 1 to 365.
pub(crate) fn check_payment_days(days: u32) -> Result<()> {
    if !(1..=365).contains(&days) {
        return Err(Error::invalid("reminder_payment_days", "must be 1 to 365 days"));
    }
    Ok(())
}

/// The new payment deadline a reminder of `date` names (DUN-2).
pub(crate) fn payment_deadline(date: Date, days: u32) -> Result<Date> {
    check_payment_days(days)?;
    date.checked_add(Duration::days(i64::from(days))).ok_or_else(|| Error::invalid("date", "is out of range"))
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

    // DOMAIN: DUN-2
    #[test]
    fn stages_are_1_to_10_strictly_increasing_days_of_1_to_365_and_a_deadline_is_days_after_the_reminder() {
        let eleven: Vec<u32> = (1..=11).collect();
        for bad in [&[0][..], &[10, 3], &[400], &[1, 366], &[5, 5], &eleven] {
            let e = check_stages(bad).unwrap_err();
            assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "dunning_stages"), "{bad:?}");
        }
        for good in [&[1][..], &[365], &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], &[7, 21, 35]] {
            assert!(check_stages(good).is_ok(), "{good:?}");
        }
        assert_eq!(payment_deadline(date!(2026 - 04 - 25), 10).unwrap(), date!(2026 - 05 - 05));
        assert_eq!(payment_deadline(date!(2026 - 12 - 31), 1).unwrap(), date!(2027 - 01 - 01));
        for bad in [0, 366] {
            let e = payment_deadline(date!(2026 - 04 - 25), bad).unwrap_err();
            assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "reminder_payment_days"), "{bad}");
        }
    }
}
