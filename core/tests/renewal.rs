//! The subscription and the renewal run (SUB-1, SUB-3, SR-3, SR-4, INV-2).

mod common;

use common::*;
use corporate_billing::{BillingInterval, Error, InvoiceKind, RenewalReport, RequestKind, SubscriptionStatus};
use rust_decimal_macros::dec;
use time::Duration;
use time::macros::date;

#[allow(clippy::unwrap_used)]
fn set_interval(fx: &Fixture, interval: BillingInterval) {
    set_interval_of(fx, fx.account, interval);
}

#[allow(clippy::unwrap_used)]
fn set_interval_of(fx: &Fixture, account: corporate_billing::AccountId, interval: BillingInterval) {
    let r = fx.portal.submit_request(&fx.contact(), account, &RequestKind::ChangeBillingInterval { interval }).unwrap();
    fx.portal.complete_request(&fx.services(), account, r.id, None).unwrap();
}

fn first_of_next_month(d: time::Date) -> time::Date {
    let (y, m) = if d.month() == time::Month::December {
        (d.year() + 1, time::Month::January)
    } else {
        (d.year(), d.month().next())
    };
    time::Date::from_calendar_date(y, m, 1).unwrap_or(d)
}

// DOMAIN: SUB-1
#[test]
fn a_subscription_has_plan_seats_term_status_auto_renewal_and_interval() {
    let fx = Fixture::new();
    let s = fx.portal.account(&fx.contact(), fx.account).unwrap().subscription;
    assert_eq!(s.plan, "Corporate");
    assert_eq!(s.seats, 10);
    assert_eq!((s.term_start, s.term_end), (TERM_START, TERM_END));
    assert_eq!(s.status, SubscriptionStatus::Active);
    assert!(s.auto_renew);
    assert_eq!(s.billing_interval, BillingInterval::Annual);
    assert_eq!(s.annual_seat_price.amount(), dec!(120.00));
}

// DOMAIN: SUB-3
#[test]
fn the_renewal_run_renews_due_terms_once_per_date() {
    let fx = Fixture::new();
    let run = |d| fx.portal.run_renewals(&fx.services(), d).unwrap();
    assert_eq!(run(TERM_END - Duration::days(1)), RenewalReport::default(), "not due yet");
    assert_eq!(run(TERM_END), RenewalReport { renewed: 1, expired: 0, invoices_issued: 1 });
    let s = fx.portal.account(&fx.contact(), fx.account).unwrap().subscription;
    assert_eq!((s.term_start, s.term_end, s.status), (TERM_END, date!(2028 - 01 - 01), SubscriptionStatus::Active));
    let list = fx.portal.invoices(&fx.contact(), fx.account).unwrap();
    assert_eq!(list.len(), 1);
    let inv = fx.portal.invoice(&fx.contact(), fx.account, list[0].id).unwrap();
    assert_eq!((inv.kind, inv.issue_date), (InvoiceKind::Invoice, TERM_END));
    // 10 seats x 120.00 for a year, 19 % VAT.
    assert_eq!(inv.document.totals.net.amount(), dec!(1200.00));
    assert_eq!(inv.document.totals.vat.amount(), dec!(228.00));
    assert_eq!(inv.document.totals.total.amount(), dec!(1428.00));
    assert!(inv.document.lines[0].description.contains("2027-01-01 to 2027-12-31"), "{:?}", inv.document.lines);
    // Run twice for the same date (or an earlier one): nothing new.
    let before = fx.snapshot();
    assert_eq!(run(TERM_END), RenewalReport::default());
    assert_eq!(run(TERM_END + Duration::days(30)), RenewalReport::default());
    assert_eq!(fx.snapshot(), before, "nothing changed at all");
}

// DOMAIN: SUB-3, SR-4
#[test]
fn a_subscription_without_auto_renewal_expires_and_is_not_invoiced() {
    let fx = Fixture::new();
    let sister = fx.open(&fx.new_account("Acme Logistics GmbH", fx.contact_login));
    fx.portal.turn_off_auto_renewal(&fx.rep(), fx.account).unwrap();
    let report = fx.portal.run_renewals(&fx.services(), TERM_END).unwrap();
    assert_eq!(report, RenewalReport { renewed: 1, expired: 1, invoices_issued: 1 });
    let s = fx.portal.account(&fx.contact(), fx.account).unwrap().subscription;
    assert_eq!((s.status, s.term_end), (SubscriptionStatus::Expired, TERM_END));
    assert!(fx.portal.invoices(&fx.contact(), fx.account).unwrap().is_empty());
    assert_eq!(fx.portal.invoices(&fx.contact(), sister).unwrap().len(), 1);
    // Expired stays expired; nothing is issued for it later.
    let later = fx.portal.run_renewals(&fx.services(), TERM_END + Duration::days(400)).unwrap();
    assert_eq!((later.expired, later.renewed), (0, 1), "only the sister renews again");
    assert!(fx.portal.invoices(&fx.contact(), fx.account).unwrap().is_empty());
}

// DOMAIN: SUB-3, SR-3
#[test]
fn each_billing_period_is_invoiced_once_in_the_chosen_interval() {
    let fx = Fixture::new();
    set_interval(&fx, BillingInterval::Quarterly);
    let run = |d| fx.portal.run_renewals(&fx.services(), d).unwrap();
    // The current term was invoiced outside the portal: the new interval starts with the next term.
    assert_eq!(run(date!(2026 - 12 - 31)).invoices_issued, 0);
    assert_eq!(run(TERM_END).invoices_issued, 1);
    assert_eq!(run(date!(2027 - 03 - 31)).invoices_issued, 0);
    // A late run catches up on the periods that have begun, once.
    assert_eq!(run(date!(2027 - 07 - 15)).invoices_issued, 2);
    assert_eq!(run(date!(2027 - 07 - 15)).invoices_issued, 0);
    let list = fx.portal.invoices(&fx.contact(), fx.account).unwrap();
    let dates: Vec<_> = list.iter().map(|s| s.issue_date).collect();
    assert_eq!(dates, vec![date!(2027 - 07 - 15), date!(2027 - 07 - 15), TERM_END]);
    for s in &list {
        let inv = fx.portal.invoice(&fx.contact(), fx.account, s.id).unwrap();
        assert_eq!(inv.document.totals.net.amount(), dec!(300.00), "a quarter of 1200.00");
    }
}

// DOMAIN: SUB-3, INV-2
#[test]
fn two_years_of_monthly_billing_list_the_last_20_invoices_newest_first() {
    let fx = Fixture::new();
    set_interval(&fx, BillingInterval::Monthly);
    let mut issued = 0;
    let mut month = TERM_END;
    for _ in 0..24 {
        let r = fx.portal.run_renewals(&fx.services(), month).unwrap();
        assert_eq!(r.invoices_issued, 1, "{month}");
        assert_eq!(fx.portal.run_renewals(&fx.services(), month).unwrap(), RenewalReport::default(), "{month}");
        issued += 1;
        month = first_of_next_month(month);
    }
    assert_eq!(issued, 24);
    let count: i64 = fx.read_only().query_row("SELECT COUNT(*) FROM invoices", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 24);
    let list = fx.portal.invoices(&fx.contact(), fx.account).unwrap();
    assert_eq!(list.len(), 20);
    assert_eq!(list[0].issue_date, date!(2028 - 12 - 01));
    assert_eq!(list[19].issue_date, date!(2027 - 05 - 01));
    assert!(list.windows(2).all(|w| w[0].issue_date > w[1].issue_date && w[0].number > w[1].number));
    assert!(list.iter().all(|s| s.total.amount() == dec!(119.00)), "100.00 a month plus 19 % VAT");
}

// DOMAIN: SUB-3
#[test]
fn only_account_services_runs_renewals() {
    let fx = Fixture::new();
    for caller in [fx.rep(), fx.contact(), fx.user(), corporate_billing::Caller::Anonymous] {
        assert_eq!(fails(fx.portal.run_renewals(&caller, TERM_END)), Error::Forbidden);
    }
    assert!(fx.portal.invoices(&fx.contact(), fx.account).unwrap().is_empty());
}

// DOMAIN: SUB-3
#[test]
fn a_late_run_invoices_the_rest_of_an_ended_term_before_renewing_or_expiring() {
    let fx = Fixture::new();
    let sister = fx.open(&fx.new_account("Acme Logistics GmbH", fx.contact_login));
    set_interval_of(&fx, fx.account, BillingInterval::Monthly);
    set_interval_of(&fx, sister, BillingInterval::Monthly);
    fx.portal.turn_off_auto_renewal(&fx.rep(), sister).unwrap();
    let count = |a| fx.portal.invoices(&fx.contact(), a).unwrap().len();
    // Monthly runs through the first ten months of the next term...
    let mut month = TERM_END;
    for _ in 0..10 {
        fx.portal.run_renewals(&fx.services(), month).unwrap();
        month = first_of_next_month(month);
    }
    assert_eq!((count(fx.account), count(sister)), (10, 0), "the sister expired at the end of its term");
    // ...then the job is down for November and December.
    let report = fx.portal.run_renewals(&fx.services(), date!(2028 - 01 - 15)).unwrap();
    // November and December of the ended term, then January of the renewed one.
    assert_eq!(report, RenewalReport { renewed: 1, expired: 0, invoices_issued: 3 });
    let newest: Vec<_> = fx.portal.invoices(&fx.contact(), fx.account).unwrap().into_iter().take(3).collect();
    let mut described = Vec::new();
    for s in &newest {
        let inv = fx.portal.invoice(&fx.contact(), fx.account, s.id).unwrap();
        described.push(inv.document.lines[0].description.clone());
    }
    described.sort();
    assert!(described[0].contains("2027-11-01 to 2027-11-30"), "{described:?}");
    assert!(described[1].contains("2027-12-01 to 2027-12-31"), "{described:?}");
    assert!(described[2].contains("2028-01-01 to 2028-01-31"), "{described:?}");
    assert_eq!(count(fx.account), 13);
}

// DOMAIN: SUB-3
#[test]
fn a_late_run_invoices_the_rest_of_the_last_term_of_a_subscription_that_expires() {
    let fx = Fixture::new();
    set_interval(&fx, BillingInterval::Monthly);
    let mut month = TERM_END;
    for _ in 0..11 {
        fx.portal.run_renewals(&fx.services(), month).unwrap();
        month = first_of_next_month(month);
    }
    assert_eq!(month, date!(2027 - 12 - 01));
    fx.portal.turn_off_auto_renewal(&fx.rep(), fx.account).unwrap();
    // The run for December is missed; the next one comes after the term has ended.
    let report = fx.portal.run_renewals(&fx.services(), date!(2028 - 01 - 10)).unwrap();
    assert_eq!(report, RenewalReport { renewed: 0, expired: 1, invoices_issued: 1 });
    assert_eq!(fx.portal.account(&fx.rep(), fx.account).unwrap().subscription.status, SubscriptionStatus::Expired);
    assert_eq!(fx.portal.invoices(&fx.contact(), fx.account).unwrap().len(), 12, "all twelve months of the term");
}
