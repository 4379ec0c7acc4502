//! The shared fixture of the integration tests: a portal on a fresh database (a SQLite file in a
//! temporary directory, or a schema of its own on PostgreSQL: see `db`), a manual clock, the
//! vendor's staff and issuer, one corporate account with its billing contact (signed in) and an
//! account user, and helpers to look at the database itself.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod db;
pub use db::{RawDb, fresh_database};

use corporate_billing::{
    AccountId, AccountKind, AddressLines, BillingAddress, BillingPortal, Caller, Country, Currency, Error, Invoice,
    IssuerId, IssuerProfile, LineInput, LoginId, ManualClock, NewAccount, NewLogin, NewPayment, NewQuote, Notification,
    NotificationKind, PaymentKind, PaymentMethod, PortalConfig, Quote, QuoteEffect, SepaDebit, Session, StaffId,
    StaffKind,
};
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::fmt::Debug;
use std::path::PathBuf;
use std::sync::Arc;
use tempfile::TempDir;
use time::macros::{date, datetime};
use time::{Date, Duration, OffsetDateTime};

/// The billing contact's password. Hashing costs real time: the fixture creates one password.
pub const PASSWORD: &str = "correct horse battery staple 42";
pub const CONTACT_NAME: &str = "Alexandra Billington";
pub const CONTACT_EMAIL: &str = "Alexandra.Billington@acme-gmbh.example";
pub const CONTACT_USERNAME: &str = "ap.admin";
pub const CONTACT_PHONE: &str = "+49 30 12345678";
pub const CONTACT_PHONE_E164: &str = "+493012345678";
pub const USER_NAME: &str = "Udo Accountuser";
pub const USER_EMAIL: &str = "udo@acme-gmbh.example";
pub const ISSUER_NAME: &str = "Vendor Europe B.V.";
pub const ISSUER_TAX_ID: &str = "NL123456789B01";
pub const REMITTANCE: &str = "ABN AMRO, IBAN NL91 ABNA 0417 1643 00, BIC ABNANL2A";
pub const COMPANY: &str = "Acme GmbH";
pub const W9: &[u8] = b"%PDF-1.7 W-9 form of the vendor";

/// The instant the fixture's clock starts at.
pub const START: OffsetDateTime = datetime!(2026-03-02 09:00 UTC);
pub const TERM_START: Date = date!(2026 - 01 - 01);
pub const TERM_END: Date = date!(2027 - 01 - 01);

pub fn eur() -> Currency {
    Currency::parse("EUR").unwrap()
}

pub fn usd() -> Currency {
    Currency::parse("USD").unwrap()
}

pub fn country(code: &str) -> Country {
    Country::parse(code).unwrap()
}

pub fn lines(line1: &str, postal_code: &str, city: &str) -> AddressLines {
    AddressLines {
        line1: line1.into(),
        line2: String::new(),
        city: city.into(),
        region: String::new(),
        postal_code: postal_code.into(),
    }
}

pub fn german_address() -> BillingAddress {
    BillingAddress::new(&lines("Hauptstraße 1", "10115", "Berlin"), country("DE")).unwrap()
}

pub fn us_address() -> BillingAddress {
    BillingAddress::new(
        &AddressLines { region: "MA".into(), ..lines("1 Main Street", "02110", "Boston") },
        country("US"),
    )
    .unwrap()
}

pub fn sepa() -> PaymentMethod {
    PaymentMethod::SepaDebit(SepaDebit::new("DE44 5001 0517 5407 3249 31", "MANDATE-2026-001").unwrap())
}

/// A line of a quote.
pub fn line(description: &str, quantity: Decimal, unit_price: Decimal, vat_rate: Decimal) -> LineInput {
    LineInput { description: description.into(), quantity, unit_price, vat_rate }
}

/// Two lines at two VAT rates: net 690.00, VAT 45.60 (19 %) + 31.50 (7 %), total 767.10 EUR.
pub fn standard_lines() -> Vec<LineInput> {
    vec![
        line("Additional corporate seats", dec!(2), dec!(120.00), dec!(19)),
        line("Onboarding workshop", dec!(1), dec!(450), dec!(7)),
    ]
}

/// The total of the standard quote's invoice.
pub const STANDARD_TOTAL: Decimal = dec!(767.10);

/// A wire transfer of `amount` EUR received on `on`.
pub fn transfer(amount: Decimal, on: Date) -> NewPayment {
    NewPayment {
        amount,
        currency: eur(),
        received_on: on,
        method: PaymentKind::WireTransfer,
        reference: "Payment of invoice".into(),
    }
}

/// The whole of a standard invoice (see [`standard_lines`]), by transfer on `on`.
pub fn paid_in_full(on: Date) -> NewPayment {
    transfer(STANDARD_TOTAL, on)
}

/// Returns the error of a call that must fail.
#[track_caller]
pub fn fails<T: Debug>(r: Result<T, Error>) -> Error {
    match r {
        Ok(v) => panic!("expected an error, got Ok({v:?})"),
        Err(e) => e,
    }
}

/// Every row of every table (and the schema), as text: two snapshots are equal exactly when the
/// database holds the same content.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot(Vec<(String, Vec<String>)>);

impl Snapshot {
    pub fn rows(&self, table: &str) -> usize {
        self.0.iter().find(|(t, _)| t == table).map(|(_, r)| r.len()).unwrap_or(0)
    }

    /// True if any stored value contains `needle`.
    pub fn contains(&self, needle: &str) -> bool {
        self.0.iter().any(|(_, rows)| rows.iter().any(|r| r.contains(needle)))
    }
}

fn value_text(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => format!("i:{i}"),
        ValueRef::Real(f) => format!("r:{f}"),
        ValueRef::Text(t) => format!("t:{}", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => format!("b:{b:?}"),
    }
}

pub(crate) fn dump_sqlite(conn: &Connection) -> Vec<(String, Vec<String>)> {
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables.insert(0, "sqlite_master".into());
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| Ok((0..n).map(|i| value_text(r.get_ref(i).unwrap())).collect::<Vec<_>>().join(" | ")))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        out.push((table, rows));
    }
    out
}

/// What a test needs to see the other account (ACC-4, PRIV-2): another company with its own
/// billing contact and sales rep.
pub struct OtherCompany {
    pub contact_login: LoginId,
    pub session: Session,
    pub account: AccountId,
}

impl OtherCompany {
    pub fn contact(&self) -> Caller {
        Caller::Session(self.session.token.clone())
    }
}

pub struct Fixture {
    pub dir: TempDir,
    /// The SQLite file, or the PostgreSQL URL with the test's own schema.
    pub path: PathBuf,
    pub clock: Arc<ManualClock>,
    pub portal: Arc<BillingPortal>,
    pub issuer: IssuerId,
    pub rep: StaffId,
    pub other_rep: StaffId,
    pub services: StaffId,
    pub contact_login: LoginId,
    pub session: Session,
    pub user_login: LoginId,
    pub account: AccountId,
}

/// The vendor configuration of the fixture: the library's defaults, a W-9 form, sessions that
/// outlive the days and months the tests move the clock through, and billing runs that reach
/// the years ahead the tests run them for without moving the clock (the default horizon has
/// its own test).
pub fn config() -> PortalConfig {
    PortalConfig {
        session_idle_timeout: Duration::days(5000),
        session_lifetime: Duration::days(5000),
        run_date_horizon_days: u32::MAX,
        ..default_sessions()
    }
}

/// The library's default session timeouts (AUTH-6: 30 minutes idle, 12 hours at most).
pub fn default_sessions() -> PortalConfig {
    PortalConfig { vendor_name: "Vendor".into(), w9_form: Some(W9.to_vec()), ..PortalConfig::default() }
}

impl Fixture {
    pub fn new() -> Self {
        Self::with_config(config())
    }

    pub fn with_config(config: PortalConfig) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = PathBuf::from(fresh_database(dir.path()));
        let clock = Arc::new(ManualClock::new(START));
        let portal = BillingPortal::open(&path).unwrap().with_clock(clock.clone()).with_config(config);
        let rep = portal.register_staff("Sam Seller", "sam.seller@vendor.example", StaffKind::SalesRep).unwrap();
        let other_rep = portal.register_staff("Olga Other", "olga.other@vendor.example", StaffKind::SalesRep).unwrap();
        let services =
            portal.register_staff("Casey Services", "cas@vendor.example", StaffKind::AccountServices).unwrap();
        let issuer = portal
            .create_issuer(&IssuerProfile {
                legal_name: ISSUER_NAME.into(),
                address: BillingAddress::new(&lines("Keizersgracht 1", "1015 CJ", "Amsterdam"), country("NL")).unwrap(),
                tax_id: ISSUER_TAX_ID.into(),
                invoice_prefix: "VE-".into(),
                remittance: REMITTANCE.into(),
            })
            .unwrap();
        let contact_login = portal
            .create_login(
                &NewLogin {
                    name: CONTACT_NAME.into(),
                    email: CONTACT_EMAIL.into(),
                    username: Some(CONTACT_USERNAME.into()),
                    phone: Some(CONTACT_PHONE.into()),
                },
                Some(PASSWORD),
            )
            .unwrap();
        let user_login = portal
            .create_login(
                &NewLogin { name: USER_NAME.into(), email: USER_EMAIL.into(), username: None, phone: None },
                None,
            )
            .unwrap();
        let mut fx = Fixture {
            dir,
            path,
            clock,
            portal: Arc::new(portal),
            issuer,
            rep,
            other_rep,
            services,
            contact_login,
            // Replaced below, once the account exists (only billing contacts can sign in).
            session: Session {
                token: corporate_billing::SessionToken::new("none"),
                login_id: contact_login,
                expires_at: START,
            },
            user_login,
            account: AccountId::parse("00000000-0000-7000-8000-000000000000").unwrap(),
        };
        fx.account = fx.open(&fx.new_account(COMPANY, contact_login));
        fx.portal.add_account_user(&fx.rep(), fx.account, user_login).unwrap();
        fx.session = fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
        fx
    }

    /// The description of a German corporate account in EUR, managed by the fixture's sales rep.
    pub fn new_account(&self, company: &str, contact: LoginId) -> NewAccount {
        NewAccount {
            kind: AccountKind::Corporate,
            company_name: company.into(),
            issuer: self.issuer,
            sales_rep: self.rep,
            billing_contact: contact,
            billing_address: german_address(),
            phone: "030 901820".into(),
            payment_method: sepa(),
            currency: eur(),
            vat_rate: dec!(19),
            payment_terms_days: 30,
            requires_purchase_order: false,
            plan: "Corporate".into(),
            seats: 10,
            annual_seat_price: dec!(120),
            term_start: TERM_START,
            term_end: TERM_END,
        }
    }

    /// Opens an account as Account Services.
    pub fn open(&self, spec: &NewAccount) -> AccountId {
        self.portal.open_account(&self.services(), spec).unwrap()
    }

    /// Another company with its own billing contact (one more password: use sparingly) and the
    /// other sales rep.
    pub fn other_company(&self) -> OtherCompany {
        let contact_login = self
            .portal
            .create_login(
                &NewLogin {
                    name: "Gerd Globex".into(),
                    email: "gerd@globex.example".into(),
                    username: Some("globex.billing".into()),
                    phone: None,
                },
                Some("another long passphrase for globex"),
            )
            .unwrap();
        let account =
            self.open(&NewAccount { sales_rep: self.other_rep, ..self.new_account("Globex Ltd", contact_login) });
        let session = self.portal.sign_in("globex.billing", "another long passphrase for globex").unwrap();
        OtherCompany { contact_login, session, account }
    }

    pub fn contact(&self) -> Caller {
        Caller::Session(self.session.token.clone())
    }
    pub fn rep(&self) -> Caller {
        Caller::Staff(self.rep)
    }
    pub fn other_rep(&self) -> Caller {
        Caller::Staff(self.other_rep)
    }
    pub fn services(&self) -> Caller {
        Caller::Staff(self.services)
    }
    pub fn user(&self) -> Caller {
        Caller::AccountUser(self.user_login)
    }

    pub fn now(&self) -> OffsetDateTime {
        corporate_billing::Clock::now(&*self.clock)
    }
    pub fn today(&self) -> Date {
        self.now().date()
    }
    pub fn advance_days(&self, days: i64) {
        self.clock.advance(Duration::days(days));
    }

    /// A quote with the standard lines, valid for 30 days, adding one seat when accepted.
    pub fn new_quote(&self) -> NewQuote {
        self.new_quote_with(QuoteEffect::AddSeats { seats: 1 })
    }

    pub fn new_quote_with(&self, effect: QuoteEffect) -> NewQuote {
        NewQuote { currency: eur(), valid_until: self.today() + Duration::days(30), lines: standard_lines(), effect }
    }

    /// Issues the standard quote to `account` as its sales rep.
    pub fn issue_quote(&self, account: AccountId) -> Quote {
        self.portal.issue_quote(&self.rep(), account, &self.new_quote()).unwrap()
    }

    /// Issues the standard quote to the fixture's account and has the contact accept it.
    pub fn invoice(&self) -> Invoice {
        let q = self.issue_quote(self.account);
        self.portal.accept_quote(&self.contact(), self.account, q.id, None).unwrap()
    }

    /// Has the fixture's account print and mail in English (its German address would choose
    /// German, DOCS-1).
    pub fn english(&self) {
        self.portal
            .set_document_language(&self.contact(), self.account, Some(corporate_billing::Language::En))
            .unwrap();
    }

    /// A read-only connection to the portal's database.
    pub fn read_only(&self) -> RawDb {
        RawDb::open(&self.path.to_string_lossy(), true)
    }

    /// A read-write connection, to do what the library never does (tampering, disabling).
    pub fn raw(&self) -> RawDb {
        RawDb::open(&self.path.to_string_lossy(), false)
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot(self.read_only().dump())
    }

    pub fn pending(&self) -> Vec<Notification> {
        self.portal.pending_notifications(100_000).unwrap()
    }

    pub fn pending_of(&self, kind: NotificationKind) -> Vec<Notification> {
        self.pending().into_iter().filter(|n| n.kind == kind).collect()
    }

    /// Marks every pending notification sent, so that a test sees only what follows.
    pub fn drain(&self) {
        for n in self.pending() {
            self.portal.mark_notification_sent(n.id).unwrap();
        }
    }

    /// Number of rows in the audit log.
    pub fn audit_count(&self) -> i64 {
        self.read_only().query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0)).unwrap()
    }

    /// The last audit record as (actor, role, action, account_id, detail).
    pub fn last_audit(&self) -> (String, String, String, Option<String>, String) {
        self.read_only()
            .query_row(
                "SELECT actor, role, action, account_id, detail FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap()
    }
}

impl Default for Fixture {
    fn default() -> Self {
        Self::new()
    }
}
