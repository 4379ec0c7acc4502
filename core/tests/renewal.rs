//! The subscription and the renewal run (SUB-1, SUB-3, SR-3, SR-4, INV-2).

mod common;

use common::*;
use corporate_billing::{
    BillingInterval, EInvoiceProfile, Error, InvoiceKind, Money, NewAccount, NewQuote, PrintFormat, QuoteEffect,
    RenewalReport, RequestKind, ServicePeriod, SubscriptionStatus,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use time::macros::date;
use time::{Date, Duration};

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
    assert_eq!(run(TERM_END), RenewalReport { renewed: 1, expired: 0, invoices_issued: 1, not_renewed: vec![] });
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
    // The fixture's German account gets its renewal line in German (DOCS-2).
    assert!(
        inv.document.lines[0].description.contains("01.01.2027 bis 31.12.2027 (jährlich)"),
        "{:?}",
        inv.document.lines
    );
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
    assert_eq!(report, RenewalReport { renewed: 1, expired: 1, invoices_issued: 1, not_renewed: vec![] });
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
    // ISO dates in the line descriptions sort by time (an English document writes them so).
    fx.english();
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
    assert_eq!(report, RenewalReport { renewed: 1, expired: 0, invoices_issued: 3, not_renewed: vec![] });
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
    assert_eq!(report, RenewalReport { renewed: 0, expired: 1, invoices_issued: 1, not_renewed: vec![] });
    assert_eq!(fx.portal.account(&fx.rep(), fx.account).unwrap().subscription.status, SubscriptionStatus::Expired);
    assert_eq!(fx.portal.invoices(&fx.contact(), fx.account).unwrap().len(), 12, "all twelve months of the term");
}

fn invalid_field(r: Result<impl std::fmt::Debug, Error>) -> String {
    match r {
        Err(Error::InvalidInput { field, .. }) => field,
        other => panic!("expected invalid_input, got {other:?}"),
    }
}

// DOMAIN: API-2, SUB-1
#[test]
fn extreme_prices_seats_and_dates_are_refused_when_an_account_is_opened() {
    let fx = Fixture::new();
    let base = fx.new_account("Extreme Values AG", fx.contact_login);
    let before = fx.snapshot();
    for (spec, field) in [
        (NewAccount { annual_seat_price: Decimal::MAX, ..base.clone() }, "annual_seat_price"),
        (NewAccount { annual_seat_price: dec!(1000000000000.01), ..base.clone() }, "annual_seat_price"),
        (NewAccount { seats: u32::MAX, ..base.clone() }, "seats"),
        (NewAccount { term_end: date!(9999 - 12 - 31), ..base.clone() }, "term_end"),
        (
            NewAccount { term_start: date!(9999 - 01 - 01), term_end: date!(9999 - 12 - 31), ..base.clone() },
            "term_start",
        ),
        (NewAccount { term_start: Date::MIN, ..base.clone() }, "term_start"),
    ] {
        assert_eq!(invalid_field(fx.portal.open_account(&fx.services(), &spec)), field);
    }
    assert_eq!(fx.snapshot(), before, "nothing changed");
    // The largest values the bounds admit still open and renew.
    let big = fx.open(&NewAccount {
        annual_seat_price: dec!(1000000000000),
        seats: 1_000_000,
        term_start: date!(2998 - 01 - 01),
        term_end: date!(2999 - 01 - 01),
        ..base
    });
    let report = fx.portal.run_renewals(&fx.services(), date!(2999 - 12 - 31)).unwrap();
    assert!(report.not_renewed.is_empty(), "{report:?}");
    let s = fx.portal.account(&fx.services(), big).unwrap().subscription;
    assert_eq!(s.term_end, date!(3000 - 01 - 01));
}

// DOMAIN: API-2, QUO-1
#[test]
fn extreme_quantities_prices_and_dates_are_refused_when_a_quote_is_issued() {
    let fx = Fixture::new();
    let before = fx.snapshot();
    let with_line = |quantity, unit_price| NewQuote {
        lines: vec![line("Seats", quantity, unit_price, dec!(19))],
        ..fx.new_quote()
    };
    for (quote, field) in [
        (with_line(Decimal::MAX, dec!(1)), "lines[0].quantity"),
        (with_line(dec!(1000000001), dec!(1)), "lines[0].quantity"),
        (with_line(dec!(2), Decimal::MAX), "lines[0].unit_price"),
        (with_line(dec!(2), Decimal::MIN), "lines[0].unit_price"),
        (NewQuote { valid_until: date!(9999 - 12 - 31), ..fx.new_quote() }, "valid_until"),
        (
            fx.new_quote_with(QuoteEffect::NewTerm { start: date!(9999 - 01 - 01), end: date!(9999 - 12 - 31) }),
            "effect.start",
        ),
        (fx.new_quote_with(QuoteEffect::Reactivation { start: TERM_END, end: date!(9999 - 12 - 31) }), "effect.end"),
        (
            fx.new_quote_with(QuoteEffect::PlanChange {
                plan: "Gold".into(),
                annual_seat_price: Money::new(Decimal::MAX, eur()),
            }),
            "effect.annual_seat_price",
        ),
    ] {
        assert_eq!(invalid_field(fx.portal.issue_quote(&fx.rep(), fx.account, &quote)), field);
    }
    assert_eq!(fx.snapshot(), before, "nothing changed");
}

// DOMAIN: API-2, SUB-3
#[test]
fn run_dates_past_the_supported_years_are_refused_instead_of_hanging() {
    let fx = Fixture::new();
    let before = fx.snapshot();
    for date in [date!(9999 - 12 - 31), date!(3000 - 01 - 01)] {
        assert_eq!(invalid_field(fx.portal.run_renewals(&fx.services(), date)), "date");
        assert_eq!(invalid_field(fx.portal.remind_expiring_purchase_orders(&fx.services(), date)), "date");
    }
    assert_eq!(fx.snapshot(), before, "nothing changed");
}

// DOMAIN: SUB-3, INV-1, AUD-1
#[test]
fn an_account_whose_stored_state_overflows_is_reported_and_the_others_still_renew() {
    let fx = Fixture::new();
    let second = fx.open(&fx.new_account("Acme Logistics GmbH", fx.contact_login));
    let third = fx.open(&fx.new_account("Acme Robotics GmbH", fx.contact_login));
    let fourth = fx.open(&fx.new_account("Acme Holding GmbH", fx.contact_login));
    // States the input bounds no longer admit, as an older version or a hand edit could leave
    // them: a price whose yearly amount overflows the decimal type, and one past the price bound.
    let raw = fx.raw();
    for (account, price) in [(fx.account, Decimal::MAX.to_string()), (third, "100000000000000000000".to_owned())] {
        raw.execute(
            "UPDATE subscriptions SET annual_seat_price = ?2 WHERE account_id = ?1",
            rusqlite::params![account.to_string(), price],
        )
        .unwrap();
    }
    let stuck = |a| fx.portal.account(&fx.services(), a).unwrap().subscription;
    let (first_before, third_before) = (stuck(fx.account), stuck(third));

    let report = fx.portal.run_renewals(&fx.services(), TERM_END).unwrap();
    assert_eq!((report.renewed, report.expired, report.invoices_issued), (2, 0, 2), "{report:?}");
    let failed: Vec<_> = report.not_renewed.iter().map(|f| (f.account, f.code.as_str())).collect();
    assert_eq!(failed, vec![(fx.account, "invalid_input"), (third, "invalid_input")]);
    assert!(report.not_renewed.iter().all(|f| !f.reason.contains("1000000")), "no values in reasons");
    for good in [second, fourth] {
        assert_eq!(stuck(good).term_end, date!(2028 - 01 - 01));
        assert_eq!(fx.portal.invoices(&fx.services(), good).unwrap().len(), 1);
    }
    assert_eq!(stuck(fx.account), first_before, "left as it was");
    assert_eq!(stuck(third), third_before, "left as it was");
    assert!(fx.portal.invoices(&fx.services(), fx.account).unwrap().is_empty());
    assert!(fx.portal.invoices(&fx.services(), third).unwrap().is_empty());
    let numbers: Vec<String> =
        [second, fourth].iter().map(|&a| fx.portal.invoices(&fx.services(), a).unwrap()[0].number.clone()).collect();
    assert_eq!(numbers, vec!["VE-000001".to_owned(), "VE-000002".to_owned()], "no gap in the series");
    let audit = fx.portal.audit_log(&fx.services(), fx.account).unwrap();
    assert!(audit.iter().any(|r| r.action == "subscription_renewal_failed"), "{audit:?}");
    fx.portal.verify_audit_log(&fx.services()).unwrap();

    // The next run tries again and reports the same accounts, changing nothing else.
    let again = fx.portal.run_renewals(&fx.services(), TERM_END).unwrap();
    assert_eq!((again.renewed, again.invoices_issued, again.not_renewed.len()), (0, 0, 2));
}

// DOMAIN: SUB-3, INV-1, EINV-1
#[test]
fn a_renewal_invoice_states_the_period_of_service_it_bills_and_its_credit_note_keeps_it() {
    let fx = Fixture::new();
    set_interval(&fx, BillingInterval::Quarterly);
    fx.portal.run_renewals(&fx.services(), TERM_END).unwrap();
    let id = fx.portal.invoices(&fx.contact(), fx.account).unwrap()[0].id;
    let inv = fx.portal.invoice(&fx.contact(), fx.account, id).unwrap();
    let quarter = ServicePeriod { first_day: TERM_END, last_day: date!(2027 - 03 - 31) };
    assert_eq!(inv.document.service_period, Some(quarter));
    let printed =
        fx.portal.print_invoice(&fx.contact(), fx.account, id, PrintFormat::Text).unwrap().into_text().unwrap();
    // The account bills to Germany, so its documents are German (DOCS-1).
    assert!(printed.contains("Leistungszeitraum") && printed.contains("01.01.2027 – 31.03.2027"), "{printed}");
    // BG-14: the invoicing period, first and last day (BT-73, BT-74).
    let xml =
        String::from_utf8(fx.portal.e_invoice(&fx.contact(), fx.account, id, EInvoiceProfile::FacturXEn16931).unwrap())
            .unwrap();
    let period =
        xml.split("<ram:BillingSpecifiedPeriod>").nth(1).and_then(|r| r.split("</ram:BillingSpecifiedPeriod>").next());
    let period = period.unwrap_or_else(|| panic!("no invoicing period in {xml}"));
    assert!(period.contains(">20270101<") && period.contains(">20270331<"), "{period}");

    let credit_note = fx.portal.void_invoice(&fx.services(), fx.account, id, "wrong seat count").unwrap();
    assert_eq!(credit_note.document.service_period, Some(quarter));
    // A one-off sale has no period.
    assert_eq!(fx.invoice().document.service_period, None);
}

// DOMAIN: INV-1, SUB-3
#[test]
fn numbers_taken_in_one_run_are_stored_with_it_and_the_next_invoice_follows_them() {
    let fx = Fixture::new();
    set_interval(&fx, BillingInterval::Quarterly);
    let before = fx.invoice();
    // One transaction takes three numbers: the term's first quarter and the two begun since.
    assert_eq!(fx.portal.run_renewals(&fx.services(), date!(2027 - 07 - 15)).unwrap().invoices_issued, 3);
    let stored: i64 = fx.read_only().query_row("SELECT next_number FROM issuers", [], |r| r.get(0)).unwrap();
    let seq = |number: &str| number.trim_start_matches(|c: char| !c.is_ascii_digit()).parse::<i64>().unwrap();
    assert_eq!(stored, seq(&before.number) + 4);
    let after = fx.invoice();
    assert_eq!(seq(&after.number), seq(&before.number) + 4, "{} then {}", before.number, after.number);
    let mut numbers: Vec<i64> =
        fx.portal.invoices(&fx.contact(), fx.account).unwrap().iter().map(|s| seq(&s.number)).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (seq(&before.number)..=seq(&after.number)).collect::<Vec<_>>(), "gap-free");
}

// DOMAIN: SUB-3, DUN-1, API-2
#[test]
#[allow(clippy::unwrap_used)]
fn a_run_date_past_the_horizon_is_refused_and_changes_nothing() {
    let fx = Fixture::new();
    let today = fx.today();
    let refused = |date: Date, horizon: u32| {
        let before = fx.snapshot();
        let portal = corporate_billing::BillingPortal::open(&fx.path)
            .unwrap()
            .with_clock(fx.clock.clone())
            .with_config(corporate_billing::PortalConfig { run_date_horizon_days: horizon, ..default_sessions() });
        for (run, err) in [
            ("renewals", fails(portal.run_renewals(&fx.services(), date))),
            ("dunning", fails(portal.run_dunning(&fx.services(), date))),
        ] {
            assert!(
                matches!(&err, Error::InvalidInput { field, reason } if field == "date" && reason.contains("days after today")),
                "{run} on {date}: {err:?}"
            );
        }
        assert_eq!(fx.snapshot(), before, "a refused run on {date} changed nothing");
    };
    // A mistyped year, and the first day past the default horizon of 400 days.
    assert_eq!(corporate_billing::DEFAULT_RUN_DATE_HORIZON_DAYS, 400);
    refused(date!(2999 - 12 - 31), 400);
    refused(today + Duration::days(401), 400);
    // A configured horizon, counted from the portal's clock.
    refused(today + Duration::days(31), 30);
    fx.advance_days(10);
    refused(fx.today() + Duration::days(31), 30);
    // At the horizon itself the runs go ahead.
    let defaults = corporate_billing::BillingPortal::open(&fx.path)
        .unwrap()
        .with_clock(fx.clock.clone())
        .with_config(default_sessions());
    let last = fx.today() + Duration::days(400);
    defaults.run_dunning(&fx.services(), last).unwrap();
    let report = defaults.run_renewals(&fx.services(), last).unwrap();
    assert_eq!(report.renewed, 1, "the fixture's subscription, whose term ends within the horizon");
}
