//! The demo data of the portal tour and of the web portal: a vendor (Northwind Cloud) with two
//! issuers (its US company for US customers, its German GmbH with a German VAT ID for German
//! ones), a sales rep and Account Services, and one customer group (Acme) with a US and a German
//! corporate account under one billing contact, two years of billing and three quotes.
//!
//! Both examples include this file as a module (`#[path = ...] mod demo_seed;`), so that the
//! demo is set up in one place. Every date is counted from the month of [`Calendar::now`]: the
//! tour passes a fixed instant and prints the same transcript on every run, the web portal passes
//! the present, so that its quotes are current whenever it is started.

use corporate_billing::{
    AccountId, AccountKind, AchDebit, AddressLines, BillingAddress, BillingInterval, BillingPortal, Caller, Country,
    Currency, InvoiceStatus, IssuerProfile, LineInput, LoginId, ManualClock, Money, NewAccount, NewLogin, NewPayment,
    NewQuote, PaymentMethod, QuoteEffect, RequestKind, ReversalReason, SepaDebit, StaffId, StaffKind,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};
use time::{Date, Month, OffsetDateTime, Time};

type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// The vendor's W-9 form: a one-page placeholder PDF.
pub const W9_PLACEHOLDER: &[u8] = include_bytes!("assets/w9-placeholder.pdf");
/// The vendor's name in notifications.
pub const VENDOR_NAME: &str = "Northwind Cloud";
/// The billing contact's username, e-mail address and password.
pub const USERNAME: &str = "dana.w";
pub const EMAIL: &str = "dana.whitfield@acme-robotics.example";
pub const PASSWORD: &str = "lighthouse copper meadow 42";

/// The demo's calendar: its month `m(0)` is the month of `now`; renewals run on the 1st.
#[derive(Debug, Clone, Copy)]
pub struct Calendar {
    now: OffsetDateTime,
}

impl Calendar {
    /// A calendar whose present is `now`.
    pub fn new(now: OffsetDateTime) -> Self {
        Calendar { now }
    }

    /// The present.
    pub fn now(&self) -> OffsetDateTime {
        self.now
    }

    /// Day `day` of the month `months` after the present month (negative: before it), or its
    /// last day when the month is shorter.
    pub fn day(&self, months: i32, day: u8) -> Date {
        let index = self.now.year() * 12 + i32::from(u8::from(self.now.month())) - 1 + months;
        let (year, month) = (index.div_euclid(12), Month::try_from((index.rem_euclid(12) + 1) as u8));
        let month = month.unwrap_or(Month::January);
        let day = day.min(month.length(year));
        Date::from_calendar_date(year, month, day).unwrap_or(self.now.date())
    }

    /// `hour:minute` UTC on [`Calendar::day`], but never after the present.
    pub fn at(&self, months: i32, day: u8, hour: u8, minute: u8) -> OffsetDateTime {
        let time = Time::from_hms(hour, minute, 0).unwrap_or(Time::MIDNIGHT);
        self.day(months, day).with_time(time).assume_utc().min(self.now)
    }
}

/// Who and what the demo set up: the host keeps these (its staff directory and CRM would).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Demo {
    /// Riley Chen, the accounts' sales rep.
    pub rep: StaffId,
    /// Morgan Lee, Account Services.
    pub services: StaffId,
    /// Dana Whitfield, the billing contact of both accounts.
    pub dana: LoginId,
    /// Sam Ortiz, a user on the US account (not its billing contact; no password).
    pub sam: LoginId,
    /// Acme Robotics Inc., Boston.
    pub us: AccountId,
    /// Acme Robotik GmbH, Berlin.
    pub de: AccountId,
}

/// What the history did, for the tour's transcript.
#[derive(Debug, Clone, Copy)]
pub struct History {
    pub invoices_issued: u64,
    pub payments_recorded: u32,
    pub mails_delivered: usize,
}

/// The month whose renewal invoice of Acme Robotics stays unpaid: its direct debit was returned.
const RETURNED_DEBIT_MONTH: i32 = -2;

fn address(
    line1: &str,
    line2: &str,
    city: &str,
    region: &str,
    postal_code: &str,
    country: &str,
) -> Res<BillingAddress> {
    let lines = AddressLines {
        line1: line1.into(),
        line2: line2.into(),
        city: city.into(),
        region: region.into(),
        postal_code: postal_code.into(),
    };
    Ok(BillingAddress::new(&lines, Country::parse(country)?)?)
}

/// The vendor's back office, 25 months before the present: issuer, staff, logins, accounts.
pub fn set_up(portal: &BillingPortal, clock: &ManualClock, cal: &Calendar) -> Res<Demo> {
    clock.set(cal.at(-25, 1, 9, 0));
    let issuer = portal.create_issuer(&IssuerProfile {
        legal_name: "Northwind Cloud Inc.".into(),
        address: address("500 Harbor Blvd", "", "Seattle", "WA", "98101", "US")?,
        tax_id: "91-1234567".into(),
        invoice_prefix: "NW-".into(),
        remittance: "JPMorgan Chase Bank, ABA 021000021, account 000123456789".into(),
    })?;
    // German customers are billed by the vendor's German company, which charges German VAT under
    // its own USt-IdNr., as a vendor must (EINV-6); the US company has no German VAT ID to charge
    // it with.
    let issuer_de = portal.create_issuer(&IssuerProfile {
        legal_name: "Northwind Cloud GmbH".into(),
        address: address("Torstraße 49", "", "Berlin", "", "10119", "DE")?,
        tax_id: "DE123456789".into(),
        invoice_prefix: "NWD-".into(),
        remittance: "Commerzbank, IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX".into(),
    })?;
    let rep = portal.register_staff("Riley Chen", "riley.chen@northwind.example", StaffKind::SalesRep)?;
    let services = portal.register_staff("Morgan Lee", "morgan.lee@northwind.example", StaffKind::AccountServices)?;
    let dana = portal.create_login(
        &NewLogin {
            name: "Dana Whitfield".into(),
            email: EMAIL.into(),
            username: Some(USERNAME.into()),
            phone: Some("+1 617 555 0100".into()),
        },
        Some(PASSWORD),
    )?;
    let sam = portal.create_login(
        &NewLogin {
            name: "Sam Ortiz".into(),
            email: "sam.ortiz@acme-robotics.example".into(),
            username: None,
            phone: None,
        },
        None,
    )?;
    let by_rep = Caller::Staff(rep);
    let us = portal.open_account(
        &by_rep,
        &NewAccount {
            kind: AccountKind::Corporate,
            company_name: "Acme Robotics Inc.".into(),
            issuer,
            sales_rep: rep,
            billing_contact: dana,
            billing_address: address("200 Innovation Way", "", "Boston", "MA", "02110", "US")?,
            phone: "(617) 555-0100".into(),
            payment_method: PaymentMethod::AchDebit(AchDebit::new(Some("ba_1OkQ2vAcme"), "6789", "011000015")?),
            currency: Currency::parse("USD")?,
            vat_rate: dec!(6.25),
            payment_terms_days: 30,
            requires_purchase_order: false,
            plan: "Business".into(),
            seats: 25,
            annual_seat_price: dec!(1188.00),
            term_start: cal.day(-36, 1),
            term_end: cal.day(-24, 1),
        },
    )?;
    let de = portal.open_account(
        &by_rep,
        &NewAccount {
            kind: AccountKind::Corporate,
            company_name: "Acme Robotik GmbH".into(),
            issuer: issuer_de,
            sales_rep: rep,
            billing_contact: dana,
            billing_address: address("Friedrichstraße 68", "", "Berlin", "", "10117", "DE")?,
            phone: "030 901820".into(),
            payment_method: PaymentMethod::SepaDebit(SepaDebit::new("DE44 5001 0517 5407 3249 31", "ACME-DE-0001")?),
            currency: Currency::parse("EUR")?,
            vat_rate: dec!(19),
            payment_terms_days: 14,
            requires_purchase_order: false,
            plan: "Business".into(),
            seats: 10,
            annual_seat_price: dec!(1140.00),
            term_start: cal.day(-20, 1),
            term_end: cal.day(-8, 1),
        },
    )?;
    portal.add_account_user(&by_rep, us, sam)?;
    Ok(Demo { rep, services, dana, sam, us, de })
}

/// Two years of billing: Dana asks for monthly billing, the renewal runs on every 1st up to the
/// present month, Account Services records the payments collected (all but the returned debit),
/// the sales rep issues three quotes, and the host's mailer delivers everything queued.
pub fn history(portal: &BillingPortal, clock: &ManualClock, cal: &Calendar, demo: &Demo) -> Res<History> {
    let services = Caller::Staff(demo.services);
    clock.set(cal.at(-25, 5, 10, 0));
    let session = portal.sign_in(USERNAME, PASSWORD)?;
    let dana = Caller::Session(session.token.clone());
    let monthly = RequestKind::ChangeBillingInterval { interval: BillingInterval::Monthly };
    let request = portal.submit_request(&dana, demo.us, &monthly)?;
    portal.sign_out(&session.token)?;
    clock.set(cal.at(-25, 6, 14, 0));
    portal.complete_request(&services, demo.us, request.id, Some("Monthly billing from the next term on."))?;

    let (mut invoices_issued, mut payments_recorded) = (0u64, 0);
    for months in -24..=0 {
        let run = cal.day(months, 1);
        clock.set(cal.at(months, 1, 6, 0));
        payments_recorded += record_collected_payments(portal, &services, demo, run, cal.day(RETURNED_DEBIT_MONTH, 1))?;
        invoices_issued += portal.run_renewals(&services, run)?.invoices_issued;
    }
    issue_quotes(portal, clock, cal, demo)?;
    let mails_delivered = deliver_outbox(portal)?;
    Ok(History { invoices_issued, payments_recorded, mails_delivered })
}

/// Records payment of every open invoice that fell due before `today`, collected on its due
/// date by the account's payment method; the debit of the invoice issued on `returned` is
/// recorded and then reversed, so that invoice stays open.
fn record_collected_payments(
    portal: &BillingPortal,
    services: &Caller,
    demo: &Demo,
    today: Date,
    returned: Date,
) -> Res<u32> {
    let mut paid = 0;
    for account in [demo.us, demo.de] {
        let method = portal.account(services, account)?.payment_method.kind;
        for inv in portal.invoices(services, account)? {
            let is_returned = inv.issue_date == returned;
            if is_returned && !portal.invoice_payments(services, account, inv.id)?.is_empty() {
                continue; // returned once, and not collected again
            }
            if inv.status == InvoiceStatus::Open && inv.due_date < today {
                let payment = NewPayment {
                    amount: inv.balance_due.amount(),
                    currency: inv.balance_due.currency(),
                    received_on: inv.due_date,
                    method,
                    reference: format!("Collection {}", inv.number),
                };
                portal.record_payment(services, account, inv.id, &payment)?;
                if is_returned {
                    let collected = portal.invoice_payments(services, account, inv.id)?;
                    let returned_on = inv.due_date + time::Duration::days(5);
                    portal.reverse_payment(
                        services,
                        account,
                        collected[0].id,
                        returned_on,
                        ReversalReason::ReturnedDebit,
                    )?;
                } else {
                    paid += 1;
                }
            }
        }
    }
    Ok(paid)
}

fn line(description: &str, quantity: Decimal, unit_price: Decimal, vat_rate: Decimal) -> LineInput {
    LineInput { description: description.into(), quantity, unit_price, vat_rate }
}

/// Last month: a 10-seat quote that has expired since, a 5-seat one and an upgrade, both valid
/// to the end of this month.
fn issue_quotes(portal: &BillingPortal, clock: &ManualClock, cal: &Calendar, demo: &Demo) -> Res {
    let (rep, usd) = (Caller::Staff(demo.rep), Currency::parse("USD")?);
    clock.set(cal.at(-1, 10, 15, 0));
    portal.issue_quote(
        &rep,
        demo.us,
        &NewQuote {
            currency: usd,
            valid_until: cal.day(-1, 27),
            lines: vec![line("10 lab seats, prorated", dec!(10), dec!(1039.50), dec!(6.25))],
            effect: QuoteEffect::AddSeats { seats: 10 },
        },
    )?;
    clock.set(cal.at(-1, 16, 11, 0));
    let term = format!("5 seats, {} to {}", cal.day(0, 2), cal.day(11, 28));
    portal.issue_quote(
        &rep,
        demo.us,
        &NewQuote {
            currency: usd,
            valid_until: cal.day(0, 31),
            lines: vec![line(&term, dec!(5), dec!(990.00), dec!(6.25))],
            effect: QuoteEffect::AddSeats { seats: 5 },
        },
    )?;
    clock.set(cal.at(-1, 16, 11, 30));
    portal.issue_quote(
        &rep,
        demo.us,
        &NewQuote {
            currency: usd,
            valid_until: cal.day(0, 31),
            lines: vec![
                line("Enterprise upgrade, 25 seats", dec!(25), dec!(199.995), dec!(6.25)),
                line("Enterprise onboarding workshop", dec!(1), dec!(1500.00), dec!(0)),
            ],
            effect: QuoteEffect::PlanChange {
                plan: "Enterprise".into(),
                annual_seat_price: Money::new(dec!(1428.00), usd),
            },
        },
    )?;
    Ok(())
}

/// What the host's mailer does: takes every pending notification and marks it sent.
pub fn deliver_outbox(portal: &BillingPortal) -> Res<usize> {
    let mut delivered = 0;
    loop {
        let batch = portal.pending_notifications(100)?;
        if batch.is_empty() {
            return Ok(delivered);
        }
        for note in &batch {
            portal.mark_notification_sent(note.id)?;
            delivered += 1;
        }
    }
}

/// True for what `BillingPortal::open` takes as a PostgreSQL URL.
pub fn is_postgres_url(db: &str) -> bool {
    ["postgres://", "postgresql://"].iter().any(|s| db.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s)))
}

/// A PostgreSQL URL as it may be printed: its database, hosts and ports as the driver reads them,
/// nothing else: the user information and the parameters can carry a password.
pub fn shown_database(url: &str) -> String {
    let Some(config) = parsed(url) else {
        return "(a PostgreSQL URL that does not parse)".into();
    };
    let ports = config.get_ports();
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let host = match host {
                postgres::config::Host::Tcp(name) => name.clone(),
                #[cfg(unix)]
                postgres::config::Host::Unix(path) => path.display().to_string(),
            };
            match ports.get(i).or(ports.first()) {
                Some(port) => format!("{host}:{port}"),
                None => host,
            }
        })
        .collect();
    format!("{} on {}", config.get_dbname().unwrap_or("(default database)"), hosts.join(","))
}

/// A name for the files kept about one PostgreSQL database: a hash of what identifies it (user,
/// hosts, ports, database, options such as the schema), which leaves the password out, so that
/// the name neither shows nor encodes it and stays when the password changes.
#[allow(dead_code)] // the web portal keeps files per database, the tour none
pub fn database_key(url: &str) -> String {
    use sha2::{Digest, Sha256};
    let identity = match parsed(url) {
        Some(c) => format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
            c.get_user(),
            c.get_hosts(),
            c.get_hostaddrs(),
            c.get_ports(),
            c.get_dbname(),
            c.get_options()
        ),
        // The portal cannot open such a URL either.
        None => String::new(),
    };
    Sha256::digest(identity.as_bytes()).iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// The URL as the driver reads it. The library takes the TLS parameters out before the driver,
/// which knows fewer of them, sees the URL; so does this.
fn parsed(url: &str) -> Option<postgres::Config> {
    let (scheme, rest) = url.split_once("://")?;
    let (base, query) = rest.split_once('?').unwrap_or((rest, ""));
    let params: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("sslmode=") && !p.starts_with("sslrootcert="))
        .collect();
    let url = format!("{}://{base}?{}", scheme.to_ascii_lowercase(), params.join("&"));
    url.parse().ok()
}

/// Whether a PostgreSQL database (or the schema its URL names) already holds portal data. The
/// portal's own connection asks, encrypted and checked as the URL's `sslmode` says (STORE-4);
/// opening gives a new database the empty schema.
pub fn holds_portal_data(url: &str) -> Res<bool> {
    Ok(corporate_billing::BillingPortal::open(url)?.holds_data()?)
}

#[cfg(test)]
mod tests {
    use super::{database_key, shown_database};

    const PASSWORD: &str = "s3cret-Pw";

    // DOMAIN: STORE-4
    #[test]
    fn a_postgres_url_prints_as_host_and_database_and_its_file_name_is_a_hash_without_the_password() {
        let urls = [
            format!("postgres://billing:{PASSWORD}@db.example:5432/portal?sslmode=verify-full"),
            format!("postgresql://billing@db.example:5432/portal?password={PASSWORD}&sslmode=verify-full"),
            format!("postgres://billing:{PASSWORD}@db.example:5432/portal?sslrootcert=%2Fca.crt&sslmode=verify-ca"),
        ];
        for url in &urls {
            let shown = shown_database(url);
            assert_eq!(shown, "portal on db.example:5432", "{url}");
            let key = database_key(url);
            assert!(key.len() == 24 && key.chars().all(|c| c.is_ascii_hexdigit()), "{key}");
            // The same database whatever the password and TLS settings: one demo file.
            assert_eq!(key, database_key("postgres://billing:other@db.example:5432/portal"), "{url}");
        }
        // Unescaped separators in a password: nothing of it is printed.
        for url in
            [format!("postgres://billing:a/b?{PASSWORD}@db.example/portal"), format!("postgres://billing:{PASSWORD}")]
        {
            assert!(!shown_database(&url).contains(PASSWORD), "{}", shown_database(&url));
        }
        // Another schema, server or user is another demo.
        let key = database_key(&urls[0]);
        assert_ne!(key, database_key("postgres://billing:x@db.example:5432/portal?options=-csearch_path%3Dt"));
        assert_ne!(key, database_key("postgres://billing:x@db2.example:5432/portal"));
        assert_ne!(key, database_key("postgres://tour:x@db.example:5432/portal"));
    }
}
