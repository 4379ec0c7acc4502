//! End-to-end scenarios: the flows of the vendor's help page (seed), walked through the public API
//! of `corporate-billing` on a SQLite file, or on PostgreSQL when `CORPORATE_BILLING_TEST_POSTGRES`
//! names a server (each scenario in a schema of its own), with the host's part (staff sign-on, the
//! mailer, the periodic jobs) played by the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use corporate_billing::{
    AccountId, AccountKind, AddressLines, BillingAddress, BillingInterval, BillingPortal, Caller, CardBrand,
    CardOnFile, Country, Currency, Error, InvoiceStatus, IssuerId, IssuerProfile, LineInput, LoginId, ManualClock,
    Money, NewAccount, NewLogin, NewPayment, NewQuote, NotificationKind, PaymentKind, PaymentMethod, PortalConfig,
    PrintFormat, QuoteEffect, QuoteStatus, RequestKind, SepaDebit, StaffId, StaffKind, SubscriptionStatus,
};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;
use time::macros::{date, datetime};
use time::{Date, Duration, OffsetDateTime};

const CONTACT_PASSWORD: &str = "a long and unusual passphrase 2026";
const CONTACT_EMAIL: &str = "alexandra.billington@acme-gmbh.example";

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn eur() -> Currency {
    Currency::parse("EUR").unwrap()
}

fn address(line1: &str, postal: &str, city: &str, country: &str) -> BillingAddress {
    BillingAddress::new(
        &AddressLines {
            line1: line1.into(),
            line2: String::new(),
            city: city.into(),
            region: String::new(),
            postal_code: postal.into(),
        },
        Country::parse(country).unwrap(),
    )
    .unwrap()
}

fn at(date: Date, hour: u8) -> OffsetDateTime {
    date.with_hms(hour, 0, 0).unwrap().assume_utc()
}

fn first_of_next_month(d: Date) -> Date {
    let (y, m) = if d.month() == time::Month::December {
        (d.year() + 1, time::Month::January)
    } else {
        (d.year(), d.month().next())
    };
    Date::from_calendar_date(y, m, 1).unwrap()
}

/// A fresh, empty database: a file under `dir`, or a new schema on the PostgreSQL server the
/// tests were given.
fn fresh_database(dir: &Path) -> PathBuf {
    match std::env::var("CORPORATE_BILLING_TEST_POSTGRES").ok().filter(|s| !s.is_empty()) {
        Some(server) => {
            static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
            let schema = format!("e2e_{}_{nanos}_{n}", std::process::id());
            let mut client = postgres::Client::connect(&server, postgres::NoTls).expect("test PostgreSQL server");
            client.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
            let sep = if server.contains('?') { '&' } else { '?' };
            PathBuf::from(format!("{server}{sep}options=-csearch_path%3D{schema}"))
        }
        None => dir.join("billing.sqlite3"),
    }
}

/// The vendor's side: its portal on a database, its clock, its staff and its issuers.
struct Vendor {
    _dir: TempDir,
    path: PathBuf,
    clock: Arc<ManualClock>,
    portal: BillingPortal,
    rep: StaffId,
    services: StaffId,
    issuer: IssuerId,
}

impl Vendor {
    fn new(start: OffsetDateTime) -> Vendor {
        let dir = tempfile::tempdir().unwrap();
        let path = fresh_database(dir.path());
        let clock = Arc::new(ManualClock::new(start));
        let portal = Self::open(&path, &clock);
        let rep = portal.register_staff("Sam Seller", "sam.seller@vendor.example", StaffKind::SalesRep).unwrap();
        let services =
            portal.register_staff("Casey Services", "cas@vendor.example", StaffKind::AccountServices).unwrap();
        let issuer = portal
            .create_issuer(&IssuerProfile {
                legal_name: "Vendor Europe B.V.".into(),
                address: address("Keizersgracht 1", "1015 CJ", "Amsterdam", "NL"),
                tax_id: "NL123456789B01".into(),
                invoice_prefix: "VE-".into(),
                remittance: "ABN AMRO, IBAN NL91 ABNA 0417 1643 00, BIC ABNANL2A".into(),
            })
            .unwrap();
        Vendor { _dir: dir, path, clock, portal, rep, services, issuer }
    }

    fn open(path: &Path, clock: &Arc<ManualClock>) -> BillingPortal {
        BillingPortal::open(path).unwrap().with_clock(clock.clone()).with_config(PortalConfig {
            vendor_name: "Vendor".into(),
            w9_form: Some(b"%PDF-1.7 Form W-9".to_vec()),
            ..PortalConfig::default()
        })
    }

    fn rep(&self) -> Caller {
        Caller::Staff(self.rep)
    }

    fn services(&self) -> Caller {
        Caller::Staff(self.services)
    }

    fn today(&self) -> Date {
        corporate_billing::Clock::today(&*self.clock)
    }

    fn set_day(&self, day: Date) {
        self.clock.set(at(day, 9));
    }

    fn login(&self, name: &str, email: &str, username: Option<&str>, password: Option<&str>) -> LoginId {
        self.portal
            .create_login(
                &NewLogin { name: name.into(), email: email.into(), username: username.map(Into::into), phone: None },
                password,
            )
            .unwrap()
    }

    fn account(&self, company: &str, contact: LoginId, term_start: Date, term_end: Date) -> NewAccount {
        NewAccount {
            kind: AccountKind::Corporate,
            company_name: company.into(),
            issuer: self.issuer,
            sales_rep: self.rep,
            billing_contact: contact,
            billing_address: address("Hauptstraße 1", "10115", "Berlin", "DE"),
            phone: "030 901820".into(),
            payment_method: PaymentMethod::SepaDebit(
                SepaDebit::new("DE44 5001 0517 5407 3249 31", "MANDATE-2025-001").unwrap(),
            ),
            currency: eur(),
            vat_rate: d("19"),
            payment_terms_days: 30,
            requires_purchase_order: false,
            plan: "Corporate".into(),
            seats: 25,
            annual_seat_price: d("120"),
            term_start,
            term_end,
        }
    }

    /// The host's mailer: hands out every pending message and marks it sent.
    fn deliver(&self) -> Vec<corporate_billing::Notification> {
        let pending = self.portal.pending_notifications(10_000).unwrap();
        for n in &pending {
            self.portal.mark_notification_sent(n.id).unwrap();
        }
        pending
    }

    fn sign_in(&self, user_id: &str) -> Caller {
        Caller::Session(self.portal.sign_in(user_id, CONTACT_PASSWORD).unwrap().token)
    }
}

fn quote(valid_until: Date, lines: Vec<LineInput>, effect: QuoteEffect) -> NewQuote {
    NewQuote { currency: eur(), valid_until, lines, effect }
}

fn seats_line(what: &str, seats: &str, price: &str) -> LineInput {
    LineInput { description: what.into(), quantity: d(seats), unit_price: d(price), vat_rate: d("19") }
}

// DOMAIN: AUTH-1, AUTH-10, QUO-2, QUO-4, QUO-5, SUB-2, INV-2, INV-3, INV-4, INV-6, PO-1, SR-2, SR-3, SR-4, SUB-3, NOTE-1, AUD-1
#[test]
fn a_billing_contacts_three_years_with_the_portal() {
    let v = Vendor::new(datetime!(2026-01-26 08:00 UTC));
    let p = &v.portal;
    let contact_login = v.login("Alexandra Billington", CONTACT_EMAIL, Some("acme.billing"), Some(CONTACT_PASSWORD));
    let spec = NewAccount {
        requires_purchase_order: true,
        ..v.account("Acme GmbH", contact_login, date!(2025 - 02 - 01), date!(2026 - 02 - 01))
    };
    let acme = p.open_account(&v.rep(), &spec).unwrap();

    // February 2026: the renewal run issues the annual invoice and the host mails it, with the
    // printed invoice attached.
    v.set_day(date!(2026 - 02 - 01));
    let report = p.run_renewals(&v.services(), v.today()).unwrap();
    assert_eq!((report.renewed, report.invoices_issued), (1, 1));
    let mail = v.deliver();
    assert_eq!(mail.len(), 1);
    assert_eq!((mail[0].kind, mail[0].recipient.as_str()), (NotificationKind::InvoiceIssued, CONTACT_EMAIL));
    let first = p.invoices(&v.rep(), acme).unwrap().remove(0);
    assert_eq!(first.total, Money::new(d("3570.00"), eur()), "25 seats x 120.00 + 19 % VAT");
    let attachment = p.print_invoice(&v.rep(), acme, first.id, PrintFormat::Text).unwrap().into_text().unwrap();

    // "Enter the user ID found on your e-mailed invoice" (seed): the contact signs in with it.
    // A German company's invoice is in German (DOCS-1).
    let user_id = attachment.lines().find_map(|l| l.strip_prefix("Benutzer-ID:")).unwrap().trim().to_owned();
    assert_eq!(user_id, "acme.billing");
    let contact = v.sign_in(&user_id.to_uppercase());
    let Caller::Session(token) = &contact else { unreachable!() };
    assert_eq!(
        p.my_accounts(token).unwrap().iter().map(|a| a.company_name.as_str()).collect::<Vec<_>>(),
        ["Acme GmbH"]
    );

    // The sales rep offers an upgrade; the contact views, tries, adds a purchase order, accepts.
    let offer = p
        .issue_quote(
            &v.rep(),
            acme,
            &quote(
                v.today() + Duration::days(14),
                vec![seats_line("Upgrade to Corporate Plus, 25 seats, Feb 2026 - Jan 2027", "25", "30.00")],
                QuoteEffect::PlanChange {
                    plan: "Corporate Plus".into(),
                    annual_seat_price: Money::new(d("150"), eur()),
                },
            ),
        )
        .unwrap();
    assert_eq!(v.deliver()[0].kind, NotificationKind::QuoteIssued);
    let listed = p.quotes(&contact, acme).unwrap();
    assert_eq!((listed.len(), listed[0].status), (1, QuoteStatus::Open));
    let viewed = p.quote(&contact, acme, offer.id).unwrap();
    assert_eq!(
        (viewed.totals.net.amount(), viewed.totals.vat.amount(), viewed.totals.total.amount()),
        (d("750.00"), d("142.50"), d("892.50"))
    );
    assert_eq!(p.accept_quote(&contact, acme, offer.id, None).unwrap_err(), Error::PurchaseOrderRequired);
    let po = p.add_purchase_order(&contact, acme, "4500012345", date!(2026 - 12 - 31)).unwrap();
    let upgrade = p.accept_quote(&contact, acme, offer.id, Some("4500012345")).unwrap();
    assert_eq!(upgrade.number, "VE-000002");
    assert_eq!(p.account(&contact, acme).unwrap().subscription.plan, "Corporate Plus");
    let html = p.print_invoice(&contact, acme, upgrade.id, PrintFormat::Html).unwrap().into_text().unwrap();
    for needle in ["4500012345", "acme.billing", "892,50", "Vendor Europe B.V.", "Acme GmbH", "MANDATE-2025-001"] {
        assert!(html.contains(needle), "{needle}");
    }

    // Billing data the contact keeps up to date.
    let card = CardOnFile::new("tok_visa_acme_01", CardBrand::Visa, "4242", 11, 2029).unwrap();
    p.set_payment_method(&contact, acme, &PaymentMethod::Card(card)).unwrap();
    p.change_address(
        &contact,
        acme,
        &AddressLines {
            line1: "Hauptstraße 1".into(),
            line2: "Buchhaltung, 3. OG".into(),
            city: "Berlin".into(),
            region: String::new(),
            postal_code: "10115".into(),
        },
    )
    .unwrap();
    assert_eq!(p.change_phone(&contact, acme, "030 9018299").unwrap().as_str(), "+49309018299");
    p.add_invoice_recipient(&contact, acme, "ap@acme-gmbh.example").unwrap();
    p.add_invoice_recipient(&contact, acme, "controlling@acme-gmbh.example").unwrap();

    // "We offer annual invoicing; the contact may ask Account Services for another interval."
    let r = p
        .submit_request(&contact, acme, &RequestKind::ChangeBillingInterval { interval: BillingInterval::Monthly })
        .unwrap();
    p.complete_request(&v.services(), acme, r.id, Some("Monthly from the next term.")).unwrap();
    assert_eq!(p.account(&v.rep(), acme).unwrap().subscription.billing_interval, BillingInterval::Monthly);
    let mail = v.deliver();
    assert!(mail.iter().any(|n| n.kind == NotificationKind::RequestCompleted && n.recipient == CONTACT_EMAIL));

    // December 2026: the purchase order runs out; the contact is reminded and extends it.
    v.set_day(date!(2026 - 12 - 01));
    assert_eq!(p.remind_expiring_purchase_orders(&v.services(), v.today()).unwrap(), 1);
    assert_eq!(v.deliver()[0].kind, NotificationKind::PurchaseOrderExpiring);
    assert_eq!(p.account(&contact, acme).unwrap_err(), Error::Unauthenticated, "the old session has long ended");
    let contact = v.sign_in(CONTACT_EMAIL);
    p.edit_purchase_order(&contact, acme, po.id, po.version, "4500012345", date!(2028 - 12 - 31)).unwrap();

    // Twenty months of monthly invoices, each mailed to the contact and both recipients; the
    // vendor records the payments, except for the last two.
    let mut month = date!(2027 - 02 - 01);
    let mut monthly = Vec::new();
    for _ in 0..20 {
        v.set_day(month);
        let report = p.run_renewals(&v.services(), month).unwrap();
        assert_eq!(report.invoices_issued, 1, "{month}");
        assert_eq!(p.run_renewals(&v.services(), month).unwrap().invoices_issued, 0, "{month}: once");
        let mails = v.deliver();
        assert_eq!(mails.iter().filter(|n| n.kind == NotificationKind::InvoiceIssued).count(), 3);
        monthly.push(p.invoices(&v.rep(), acme).unwrap().remove(0));
        month = first_of_next_month(month);
    }
    for s in &monthly[..18] {
        let card = NewPayment {
            amount: s.total.amount(),
            currency: s.total.currency(),
            received_on: s.issue_date + Duration::days(10),
            method: PaymentKind::Card,
            reference: format!("Card charge {}", s.number),
        };
        p.record_payment(&v.rep(), acme, s.id, &card).unwrap();
    }
    assert!(monthly.iter().all(|s| s.total == Money::new(d("371.88"), eur())), "25 x 150.00 / 12 + 19 % VAT");

    // September 2028: the contact reads the last 20 invoices and asks for a copy of an older one.
    v.set_day(date!(2028 - 09 - 15));
    let contact = v.sign_in("acme.billing");
    let list = p.invoices(&contact, acme).unwrap();
    assert_eq!(list.len(), 20);
    assert_eq!(list.iter().map(|s| s.id).collect::<Vec<_>>(), monthly.iter().rev().map(|s| s.id).collect::<Vec<_>>());
    assert!(!list.iter().any(|s| s.number == "VE-000001" || s.number == "VE-000002"));
    let recent = p.invoice(&contact, acme, list[0].id).unwrap();
    assert_eq!(recent.document.purchase_order.as_deref(), Some("4500012345"));
    assert!(recent.document.payment_instructions.contains("4242"));
    let overdue: Vec<_> = list.iter().filter(|s| s.overdue).map(|s| s.issue_date).collect();
    assert_eq!(overdue, [date!(2028 - 08 - 01)], "open and past due; September's is not due yet");
    assert_eq!(list.iter().filter(|s| s.status == InvoiceStatus::Paid).count(), 18);
    let r = p.submit_request(&contact, acme, &RequestKind::InvoiceCopy { invoice_number: "VE-000001".into() }).unwrap();
    p.complete_request(&v.services(), acme, r.id, None).unwrap();
    let copy = v.deliver().into_iter().find(|n| n.subject.contains("VE-000001")).expect("the copy is mailed");
    assert_eq!(copy.recipient, CONTACT_EMAIL);
    // Acme bills to Germany, so the copy is in German (DOCS-1).
    assert!(copy.body.contains("acme.billing") && copy.body.contains("3.570,00"), "{}", copy.body);

    // "How do I turn off automatic renewal?" - by request; the subscription then expires.
    let r = p.submit_request(&contact, acme, &RequestKind::TurnOffAutoRenewal).unwrap();
    p.complete_request(&v.rep(), acme, r.id, None).unwrap();
    assert!(!p.account(&contact, acme).unwrap().subscription.auto_renew);
    let mut month = date!(2028 - 10 - 01);
    let mut expired = 0;
    while month <= date!(2029 - 02 - 01) {
        expired += p.run_renewals(&v.services(), month).unwrap().expired;
        month = first_of_next_month(month);
    }
    assert_eq!(expired, 1);
    let sub = p.account(&v.rep(), acme).unwrap().subscription;
    assert_eq!((sub.status, sub.term_end), (SubscriptionStatus::Expired, date!(2029 - 02 - 01)));
    assert_eq!(
        p.invoices(&v.rep(), acme).unwrap()[0].issue_date,
        date!(2029 - 01 - 01),
        "every month of the last term was invoiced"
    );

    // "Reactivate your subscription": a quote, a new purchase order, acceptance.
    v.set_day(date!(2029 - 02 - 20));
    let contact = v.sign_in("acme.billing");
    let back = p
        .issue_quote(
            &v.rep(),
            acme,
            &quote(
                date!(2029 - 03 - 15),
                vec![seats_line("Corporate Plus, 25 seats, Mar 2029 - Feb 2030", "25", "150.00")],
                QuoteEffect::Reactivation { start: date!(2029 - 03 - 01), end: date!(2030 - 03 - 01) },
            ),
        )
        .unwrap();
    p.add_purchase_order(&contact, acme, "4500099999", date!(2030 - 06 - 30)).unwrap();
    let inv = p.accept_quote(&contact, acme, back.id, None).unwrap();
    assert_eq!(inv.document.purchase_order.as_deref(), Some("4500099999"));
    let sub = p.account(&contact, acme).unwrap().subscription;
    assert_eq!(
        (sub.status, sub.term_start, sub.term_end),
        (SubscriptionStatus::Active, date!(2029 - 03 - 01), date!(2030 - 03 - 01))
    );
    // The term the quote paid for is not invoiced again by the renewal run.
    assert_eq!(p.run_renewals(&v.services(), date!(2029 - 06 - 01)).unwrap().invoices_issued, 0);

    // W-9: "only for the USA".
    assert_eq!(p.w9_form(&contact, acme).unwrap_err(), Error::NotAvailableInCountry);

    // Sign out; the session is gone. The audit chain holds; the mailer has nothing left.
    let Caller::Session(token) = &contact else { unreachable!() };
    p.sign_out(token).unwrap();
    assert_eq!(p.quotes(&contact, acme).unwrap_err(), Error::Unauthenticated);
    let records = p.verify_audit_log(&v.services()).unwrap();
    assert!(records > 60, "{records}");
    let log = p.audit_log(&v.services(), acme).unwrap();
    assert!(log.iter().any(|r| r.action == "quote_accepted") && log.iter().any(|r| r.action == "subscription_expired"));
    v.deliver();
    assert!(p.pending_notifications(10).unwrap().is_empty());
}

// DOMAIN: AUTH-2, PRIV-1, BC-1, ACC-3
#[test]
fn who_is_my_billing_contact() {
    let v = Vendor::new(datetime!(2026-05-04 09:00 UTC));
    let p = &v.portal;
    let contact_login = v.login("Alexandra Billington", CONTACT_EMAIL, Some("acme.billing"), Some(CONTACT_PASSWORD));
    let udo = v.login("Udo User", "udo@acme-gmbh.example", Some("udo"), Some("his own long passphrase, different"));
    let acme = p
        .open_account(&v.rep(), &v.account("Acme GmbH", contact_login, date!(2026 - 01 - 01), date!(2027 - 01 - 01)))
        .unwrap();
    p.add_account_user(&v.rep(), acme, udo).unwrap();

    // "Sign in to check your access": an account user cannot, and learns no more than from a
    // wrong password or an unknown user ID.
    let not_contact = p.sign_in("udo", "his own long passphrase, different").unwrap_err();
    let wrong_password = p.sign_in("acme.billing", "not the password at all").unwrap_err();
    let unknown = p.sign_in("nobody@acme-gmbh.example", "whatever password").unwrap_err();
    assert_eq!(not_contact, Error::InvalidCredentials);
    assert_eq!((not_contact.to_string(), not_contact.code()), (wrong_password.to_string(), wrong_password.code()));
    assert_eq!(not_contact, unknown);

    // "The name of the billing contact cannot be looked up online unless you are that contact."
    let as_udo = Caller::AccountUser(udo);
    let overview = p.account(&as_udo, acme).unwrap();
    assert_eq!(overview.company_name, "Acme GmbH");
    assert!(!format!("{overview:?}").contains("Billington"));
    let refused = p.billing_contact(&as_udo, acme).unwrap_err();
    assert_eq!(refused, Error::Forbidden);
    assert!(!format!("{refused} {refused:?}").contains("Billington"));

    // The sales rep may say who it is.
    assert_eq!(p.billing_contact(&v.rep(), acme).unwrap().name, "Alexandra Billington");

    // The contact hands billing over to Udo: both are told, Alexandra loses the account at once.
    let alexandra = v.sign_in("acme.billing");
    v.deliver();
    p.change_billing_contact(&alexandra, acme, "UDO").unwrap();
    let told: Vec<_> = v
        .deliver()
        .into_iter()
        .filter(|n| n.kind == NotificationKind::BillingContactChanged)
        .map(|n| n.recipient)
        .collect();
    assert_eq!(told, [CONTACT_EMAIL, "udo@acme-gmbh.example"]);
    assert_eq!(p.account(&alexandra, acme).unwrap_err(), Error::Forbidden);
    let Caller::Session(token) = &alexandra else { unreachable!() };
    assert!(p.my_accounts(token).unwrap().is_empty());
    // Udo now signs in, and is the one who sees the contact's identity.
    let udo_session =
        Caller::Session(p.sign_in("udo@acme-gmbh.example", "his own long passphrase, different").unwrap().token);
    assert_eq!(p.billing_contact(&udo_session, acme).unwrap().login_id, udo);
    assert_eq!(p.billing_contact(&alexandra, acme).unwrap_err(), Error::Forbidden);
}

// DOMAIN: ACC-1, ACC-4, DOC-1, INV-1, AUTH-6
#[test]
fn a_group_of_companies_on_one_login_survives_a_restart() {
    let v = Vendor::new(datetime!(2026-06-01 09:00 UTC));
    let contact_login = v.login("Grace Group", "grace@group.example", None, Some(CONTACT_PASSWORD));
    let us_issuer = v
        .portal
        .create_issuer(&IssuerProfile {
            legal_name: "Vendor Inc.".into(),
            address: address("1 Main Street", "02110", "Boston", "US"),
            tax_id: "12-3456789".into(),
            invoice_prefix: "US-".into(),
            remittance: "Chase, ABA 021000021".into(),
        })
        .unwrap();
    let term = (date!(2026 - 01 - 01), date!(2027 - 01 - 01));
    let de = v.portal.open_account(&v.rep(), &v.account("Group Holding GmbH", contact_login, term.0, term.1)).unwrap();
    let at_account = v
        .portal
        .open_account(
            &v.services(),
            &NewAccount {
                billing_address: address("Ring 1", "1010", "Wien", "AT"),
                phone: "+49 30 901820".into(),
                ..v.account("Group Austria GmbH", contact_login, term.0, term.1)
            },
        )
        .unwrap();
    let us = v
        .portal
        .open_account(
            &v.services(),
            &NewAccount {
                issuer: us_issuer,
                billing_address: address("1 Main Street", "02110", "Boston", "US"),
                phone: "+1 212 555 0100".into(),
                currency: Currency::parse("USD").unwrap(),
                payment_method: PaymentMethod::Check,
                ..v.account("Group Inc.", contact_login, term.0, term.1)
            },
        )
        .unwrap();
    let online = v
        .portal
        .open_account(
            &v.rep(),
            &NewAccount { kind: AccountKind::Online, ..v.account("Group Web Shop", contact_login, term.0, term.1) },
        )
        .unwrap();

    let session = v.portal.sign_in("grace@group.example", CONTACT_PASSWORD).unwrap();
    let grace = Caller::Session(session.token.clone());
    let mine: Vec<AccountId> = v.portal.my_accounts(&session.token).unwrap().into_iter().map(|a| a.id).collect();
    assert_eq!(mine, [at_account, de, us], "by company name; the online account is not the portal's");
    assert_eq!(v.portal.account(&grace, online).unwrap_err(), Error::NotCorporateAccount);

    // One quote per company, accepted by the one login; each issuer numbers its own series.
    let mut numbers = Vec::new();
    for (account, currency) in [(de, eur()), (us, Currency::parse("USD").unwrap()), (at_account, eur())] {
        let q = v
            .portal
            .issue_quote(
                &v.rep(),
                account,
                &NewQuote {
                    currency,
                    valid_until: v.today() + Duration::days(30),
                    lines: vec![seats_line("Additional seats", "5", "120.00")],
                    effect: QuoteEffect::AddSeats { seats: 5 },
                },
            )
            .unwrap();
        numbers.push(v.portal.accept_quote(&grace, account, q.id, None).unwrap().number);
    }
    assert_eq!(numbers, ["VE-000001", "US-000001", "VE-000002"]);
    for account in [de, us, at_account] {
        assert_eq!(v.portal.account(&grace, account).unwrap().subscription.seats, 30);
    }
    // The W-9 form, for the US company only.
    assert_eq!(v.portal.w9_form(&grace, us).unwrap().bytes, b"%PDF-1.7 Form W-9");
    for account in [de, at_account] {
        assert_eq!(v.portal.w9_form(&grace, account).unwrap_err(), Error::NotAvailableInCountry);
    }

    // The host restarts: a new portal on the same file has every record, and the session
    // (stored only as a digest) still works until it times out.
    let records = v.portal.verify_audit_log(&v.services()).unwrap();
    let Vendor { portal, path, clock, services, .. } = v;
    drop(portal);
    let reopened = Vendor::open(&path, &clock);
    assert_eq!(reopened.verify_audit_log(&Caller::Staff(services)).unwrap(), records);
    assert_eq!(reopened.invoices(&grace, us).unwrap()[0].number, "US-000001");
    clock.advance(Duration::minutes(31));
    assert_eq!(reopened.invoices(&grace, us).unwrap_err(), Error::Unauthenticated);
}
