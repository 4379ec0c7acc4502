//! Dates written out digit by digit. The renewal run writes about a dozen for every invoice
//! (stored columns, the line text, the notification, the payment instructions), and the general
//! formatting machinery behind `Date`'s `Display` showed up in its profile.

use time::Date;

fn push_digits(out: &mut String, n: u16, width: u32) {
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u16.pow(place) % 10) as u8));
    }
}

/// The year, if it has four digits; other years are left to `time`'s formatting.
fn four_digit_year(date: Date) -> Option<u16> {
    u16::try_from(date.year()).ok().filter(|y| *y <= 9999)
}

/// `YYYY-MM-DD`, exactly as `Date`'s `Display` writes it.
pub(crate) fn iso(date: Date) -> String {
    let Some(year) = four_digit_year(date) else { return date.to_string() };
    let mut out = String::with_capacity(10);
    push_digits(&mut out, year, 4);
    out.push('-');
    push_digits(&mut out, u16::from(u8::from(date.month())), 2);
    out.push('-');
    push_digits(&mut out, u16::from(date.day()), 2);
    out
}

/// `DD.MM.YYYY`, the German numeric date (DIN 5008).
pub(crate) fn german(date: Date) -> String {
    let Some(year) = four_digit_year(date) else {
        return format!("{:02}.{:02}.{:04}", date.day(), u8::from(date.month()), date.year());
    };
    let mut out = String::with_capacity(10);
    push_digits(&mut out, u16::from(date.day()), 2);
    out.push('.');
    push_digits(&mut out, u16::from(u8::from(date.month())), 2);
    out.push('.');
    push_digits(&mut out, year, 4);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_read_as_the_general_formatting_writes_them() {
        let mut d = date!(0001 - 01 - 01);
        let mut checked = 0;
        while d < date!(9999 - 12 - 31) {
            assert_eq!(iso(d), d.to_string());
            assert_eq!(german(d), format!("{:02}.{:02}.{:04}", d.day(), u8::from(d.month()), d.year()));
            d = d.saturating_add(time::Duration::days(37));
            checked += 1;
        }
        assert!(checked > 90_000);
        assert_eq!(iso(date!(2026 - 03 - 02)), "2026-03-02");
        assert_eq!(german(date!(2026 - 03 - 02)), "02.03.2026");
    }
}
