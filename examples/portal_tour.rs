//! A guided tour of the corporate billing portal, on a SQLite file or a PostgreSQL database.
//!
//! ```text
//! cargo run -p corporate-billing --example portal_tour [-- path/to/portal.db | postgres://...]
//! ```
//!
//! The vendor's back office sets up an issuer, a sales rep, Account Services and two corporate
//! accounts of one customer group (one in the US, one in Germany) with the same billing contact;
//! two years of monthly billing run; then the billing contact walks through the portal. Every
//! step prints one line. A manual clock makes the transcript the same on every run; a database
//! file is recreated at the start, and a PostgreSQL database (or the schema its URL names) must
//! be empty, since the tour will not delete anyone's data on a server.

#[path = "demo_seed.rs"]
mod demo_seed;

use corporate_billing::{
    AccountId, AddressLines, BillingInterval, BillingPortal, Caller, CardBrand, CardOnFile, Country, Error,
    InvoiceStatus, InvoiceSummary, ManualClock, Money, PaymentMethod, PortalConfig, PrintFormat, QuoteEffect, QuoteId,
    QuoteStatus, RequestKind, RequestStatus,
};
use demo_seed::{Calendar, EMAIL, PASSWORD, USERNAME};
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use time::macros::{date, datetime, format_description};
use time::{Duration, OffsetDateTime};

type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

const DEFAULT_DB: &str = "target/portal-tour.db";

/// The portal, its clock, and the people and accounts the tour works with.
struct Tour {
    portal: BillingPortal,
    clock: Arc<ManualClock>,
    /// Where the printed files go: `<stem>-<name>` beside this path.
    out: PathBuf,
    rep: Caller,
    services: Caller,
    /// Sam Ortiz, a user on the US account (not its billing contact).
    user: Caller,
    us: AccountId,
    de: AccountId,
    /// Everything the demo set up, as the host keeps it.
    demo: demo_seed::Demo,
}

/// The tour's present: the demo's history ends here, and the walk through the portal starts.
const TODAY: OffsetDateTime = datetime!(2026-03-02 09:00 UTC);

fn main() -> Res {
    let db = std::env::args().nth(1).unwrap_or_else(|| DEFAULT_DB.into());
    let cal = Calendar::new(TODAY);
    let tour = setup(db, &cal)?;
    history(&tour, &cal)?;
    let dana = sign_in(&tour)?;
    quotes(&tour, &dana)?;
    invoices(&tour, &dana)?;
    billing_data(&tour, &dana)?;
    requests(&tour, &dana)?;
    documents(&tour, &dana)?;
    privacy(&tour)?;
    idle_timeout(&tour, &dana)?;
    outbox(&tour)?;
    audit(&tour)?;
    println!("\nDone.");
    Ok(())
}

// ---- transcript helpers --------------------------------------------------------------------

fn heading(title: &str) {
    println!("\n== {title} ==");
}

/// One line per step.
fn step(what: impl Display) {
    println!("  - {what}");
}

/// An indented line under a step.
fn detail(line: impl Display) {
    println!("      {line}");
}

/// The error an operation was expected to fail with.
fn refused<T>(result: corporate_billing::Result<T>) -> Res<Error> {
    match result {
        Ok(_) => Err("expected the portal to refuse this, but it succeeded".into()),
        Err(e) => Ok(e),
    }
}

/// An error as a caller sees it: the stable code and the message.
fn shown(e: &Error) -> String {
    format!("refused [{}] \"{e}\"", e.code())
}

fn when(t: OffsetDateTime) -> String {
    t.format(format_description!("[year]-[month]-[day] [hour]:[minute] UTC")).unwrap_or_default()
}

/// Money right-aligned in a column (`Money`'s `Display` ignores width).
fn amount(m: Money) -> String {
    format!("{:>13}", m.to_string())
}

fn lower_debug(v: impl std::fmt::Debug) -> String {
    format!("{v:?}").to_lowercase()
}

// ---- setup and history (the demo data: demo_seed.rs) ----------------------------------------

fn remove_database(db: &Path) -> Res {
    for suffix in ["", "-wal", "-shm"] {
        let mut path = db.as_os_str().to_owned();
        path.push(suffix);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    Ok(())
}

/// Refuses a PostgreSQL database that already holds portal data.
fn require_empty(url: &str) -> Res {
    if demo_seed::holds_portal_data(url)? {
        return Err(format!(
            "{} already holds portal data; give the tour an empty database or schema, for example \
             ...?options=-csearch_path%3Dtour after CREATE SCHEMA tour",
            demo_seed::shown_database(url)
        )
        .into());
    }
    Ok(())
}

fn setup(db: String, cal: &Calendar) -> Res<Tour> {
    let out = if demo_seed::is_postgres_url(&db) {
        println!("Corporate billing portal tour, database {}", demo_seed::shown_database(&db));
        require_empty(&db)?;
        PathBuf::from(DEFAULT_DB)
    } else {
        println!("Corporate billing portal tour, database {db}");
        let path = PathBuf::from(&db);
        remove_database(&path)?;
        path
    };
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let clock = Arc::new(ManualClock::new(cal.now()));
    let config = PortalConfig {
        vendor_name: demo_seed::VENDOR_NAME.into(),
        w9_form: Some(demo_seed::W9_PLACEHOLDER.to_vec()),
        ..PortalConfig::default()
    };
    let portal = BillingPortal::open(&db)?.with_clock(clock.clone()).with_config(config);
    let demo = demo_seed::set_up(&portal, &clock, cal)?;

    heading(&format!("Setup: the vendor's back office, {}", cal.day(-25, 1)));
    step("issuer profiles: Northwind Cloud Inc., Seattle, tax ID 91-1234567, invoice series NW- (US customers);");
    step("  Northwind Cloud GmbH, Berlin, USt-IdNr. DE123456789, invoice series NWD- (German customers, 19 % VAT)");
    step("staff: Riley Chen (sales rep), Morgan Lee (Account Services)");
    step(format!("login: Dana Whitfield, username {USERNAME}, e-mail {EMAIL}, a 27-character passphrase"));
    step("login: Sam Ortiz, no password (an account user, authenticated by the host)");
    step("Riley opens Acme Robotics Inc. (Boston, US): USD, 6.25 % tax, ACH debit, net 30,");
    detail(format!(
        "plan Business, 25 seats at 1188.00 USD a year, current term {} to {}",
        cal.day(-36, 1),
        cal.day(-24, 1) - Duration::days(1)
    ));
    step("Riley opens Acme Robotik GmbH (Berlin, DE): EUR, 19 % VAT, SEPA direct debit, net 14,");
    detail(format!(
        "plan Business, 10 seats at 1140.00 EUR a year, term {} to {}; same billing contact",
        cal.day(-20, 1),
        cal.day(-8, 1) - Duration::days(1)
    ));
    step("Sam Ortiz is added as an account user of Acme Robotics");

    Ok(Tour {
        portal,
        clock,
        out,
        rep: Caller::Staff(demo.rep),
        services: Caller::Staff(demo.services),
        user: Caller::AccountUser(demo.sam),
        us: demo.us,
        de: demo.de,
        demo,
    })
}

fn history(t: &Tour, cal: &Calendar) -> Res {
    let report = demo_seed::history(&t.portal, &t.clock, cal, &t.demo)?;
    heading(&format!("History: two years of billing, {} to {}", cal.day(-25, 5), cal.day(0, 1)));
    step(format!(
        "{} Dana asks for monthly billing of Acme Robotics; Account Services completes it next day",
        cal.day(-25, 5)
    ));
    step(format!(
        "renewal runs on the 1st of every month, {} to {}: {} invoices issued",
        cal.day(-24, 1),
        cal.day(0, 1),
        report.invoices_issued
    ));
    detail("(25 monthly invoices for Acme Robotics, 1 annual renewal for Acme Robotik GmbH)");
    step(format!(
        "Account Services records {} collected payments; the {} debit was returned",
        report.payments_recorded,
        cal.day(-2, 1).format(format_description!("[month repr:long] [year]"))?
    ));
    step(format!("{} and {} Riley issues three quotes to Acme Robotics", cal.day(-1, 10), cal.day(-1, 16)));
    step(format!(
        "the host's mailer delivers the {} e-mails queued so far and marks them sent",
        report.mails_delivered
    ));
    Ok(())
}

// ---- the tour ------------------------------------------------------------------------------

fn sign_in(t: &Tour) -> Res<Caller> {
    t.clock.set(datetime!(2026-03-02 09:00 UTC));
    heading("1. Sign-in (AUTH-1, AUTH-2, AUTH-6, ACC-4), 2026-03-02 09:00 UTC");
    let session = t.portal.sign_in(USERNAME, PASSWORD)?;
    step(format!(
        "sign in with the username \"{USERNAME}\": signed in, session ends {} at the latest",
        when(session.expires_at)
    ));
    let by_email = "Dana.Whitfield@ACME-Robotics.example";
    let other = t.portal.sign_in(by_email, PASSWORD)?;
    step(format!("sign in with the e-mail address \"{by_email}\" (any case): signed in"));
    t.portal.sign_out(&other.token)?;
    let ended = refused(t.portal.invoices(&Caller::Session(other.token), t.us))?;
    step(format!("sign out of that second session; using it again is {}", shown(&ended)));
    let wrong = refused(t.portal.sign_in(USERNAME, "lighthouse copper meadow 43"))?;
    step(format!("wrong password: {}", shown(&wrong)));
    let unknown = refused(t.portal.sign_in("nobody@acme-robotics.example", PASSWORD))?;
    step(format!("unknown user ID: {} (the same answer)", shown(&unknown)));
    let accounts = t.portal.my_accounts(&session.token)?;
    let names: Vec<&str> = accounts.iter().map(|a| a.company_name.as_str()).collect();
    step(format!("Dana is the billing contact of {} accounts: {}", accounts.len(), names.join(", ")));
    Ok(Caller::Session(session.token))
}

fn effect_text(effect: &QuoteEffect) -> String {
    match effect {
        QuoteEffect::AddSeats { seats } => format!("adds {seats} seats"),
        QuoteEffect::PlanChange { plan, annual_seat_price } => {
            format!("plan {plan} at {annual_seat_price} per seat and year")
        }
        QuoteEffect::NewTerm { start, end } => format!("new term {start} to {end}"),
        QuoteEffect::Reactivation { start, end } => format!("reactivation {start} to {end}"),
    }
}

fn quotes(t: &Tour, dana: &Caller) -> Res {
    t.clock.advance(Duration::minutes(2));
    heading("2. Quotes (QUO-2, QUO-3, QUO-4, QUO-5)");
    let list = t.portal.quotes(dana, t.us)?;
    step(format!("{} quotes for Acme Robotics, open ones first:", list.len()));
    let (mut seats, mut upgrade, mut expired) = (None, None, None);
    for summary in &list {
        let quote = t.portal.quote(dana, t.us, summary.id)?;
        detail(format!(
            "{:<8} {}  valid until {}  {}",
            lower_debug(summary.status),
            amount(summary.total),
            summary.valid_until,
            effect_text(&quote.effect)
        ));
        let slot = match (&quote.status, &quote.effect) {
            (QuoteStatus::Expired, _) => &mut expired,
            (_, QuoteEffect::AddSeats { .. }) => &mut seats,
            _ => &mut upgrade,
        };
        *slot = Some(quote.id);
    }
    let found = |q: Option<QuoteId>| q.ok_or("the tour's quotes are missing");
    let (seats, upgrade, expired) = (found(seats)?, found(upgrade)?, found(expired)?);

    let invoice = t.portal.accept_quote(dana, t.us, seats, Some("4500012345"))?;
    let now_seats = t.portal.account(dana, t.us)?.subscription.seats;
    step(format!(
        "accept the 5-seat quote with PO 4500012345: invoice {} for {} issued, due {}; seats now {now_seats}",
        invoice.number, invoice.document.totals.total, invoice.due_date
    ));
    let again = refused(t.portal.accept_quote(dana, t.us, seats, None))?;
    step(format!("accept it a second time: {}", shown(&again)));
    let declined = t.portal.decline_quote(dana, t.us, upgrade, Some("Budget for the upgrade is frozen until Q3."))?;
    step(format!(
        "decline the upgrade quote: {}, reason \"{}\"",
        lower_debug(declined.status),
        declined.decline_reason.unwrap_or_default()
    ));
    let late = refused(t.portal.accept_quote(dana, t.us, expired, None))?;
    step(format!("accept the expired quote: {}", shown(&late)));
    Ok(())
}

fn invoice_state(inv: &InvoiceSummary) -> &'static str {
    match inv.status {
        InvoiceStatus::Open if inv.overdue => "OVERDUE",
        InvoiceStatus::Open => "open",
        InvoiceStatus::Paid => "paid",
        InvoiceStatus::Void => "void",
    }
}

fn invoices(t: &Tour, dana: &Caller) -> Res {
    t.clock.advance(Duration::minutes(3));
    heading("3. Invoices (INV-2, INV-3, INV-6)");
    let list = t.portal.invoices(dana, t.us)?;
    step(format!("the last {} invoices of Acme Robotics, newest first (older ones: by request):", list.len()));
    for inv in &list {
        detail(format!(
            "{}  issued {}  due {}  {}  {}",
            inv.number,
            inv.issue_date,
            inv.due_date,
            amount(inv.total),
            invoice_state(inv)
        ));
    }
    let newest = list.first().ok_or("no invoices")?;
    let printed = t.portal.print_invoice(dana, t.us, newest.id, PrintFormat::Text)?;
    let text = printed.text().unwrap_or_default();
    step(format!("print {} (text form):", newest.number));
    for line in text.lines() {
        println!("      | {line}");
    }
    let html = t.portal.print_invoice(dana, t.us, newest.id, PrintFormat::Html)?;
    let path = beside_db(&t.out, &format!("{}.html", newest.number));
    std::fs::write(&path, &html.bytes)?;
    step(format!("the HTML form, ready to print, is in {}", path.display()));
    Ok(())
}

/// A file next to the database: `target/portal-tour.db` -> `target/portal-tour-<name>`.
fn beside_db(db: &Path, name: &str) -> PathBuf {
    let stem = db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "portal".into());
    db.with_file_name(format!("{stem}-{name}"))
}

fn billing_data(t: &Tour, dana: &Caller) -> Res {
    t.clock.advance(Duration::minutes(4));
    heading("4. Billing data the contact changes directly (PAY-1..3, ADDR-1, ADDR-2, REC-1, PO-1)");
    let before = t.portal.account(dana, t.us)?.payment_method.description;
    let card = CardOnFile::new("tok_1PqR7sAcmeVisa", CardBrand::Visa, "4242", 9, 2029)?;
    t.portal.set_payment_method(dana, t.us, &PaymentMethod::Card(card))?;
    let after = t.portal.account(dana, t.us)?.payment_method.description;
    step(format!("payment method was: {before}"));
    step(format!("payment method now: {after} (a processor token is kept, never the number)"));
    let number = refused(CardOnFile::new("4111111111111111", CardBrand::Visa, "1111", 9, 2029))?;
    step(format!("a full card number where the token belongs: {}", shown(&number)));

    let lines = AddressLines {
        line1: "75 Seaport Blvd".into(),
        line2: "Floor 9".into(),
        city: "Boston".into(),
        region: "MA".into(),
        postal_code: "02210".into(),
    };
    let moved = t.portal.change_address(dana, t.us, &lines)?;
    step(format!("billing address: {}", moved.printed_lines().join(", ")));
    let canada = Country::parse("CA")?;
    let country = refused(t.portal.change_country(dana, t.us, canada))?;
    step(format!("move the address to Canada: {} (only Account Services changes the country)", shown(&country)));
    let request = t.portal.submit_request(dana, t.us, &RequestKind::ChangeCountry { country: canada })?;
    step(format!("so Dana asks Account Services: change-country request {}", lower_debug(request.status)));

    let phone = t.portal.change_phone(dana, t.us, "617-555-0142")?;
    step(format!("phone \"617-555-0142\" -> {phone} (E.164)"));
    t.portal.add_invoice_recipient(dana, t.us, "ap@acme-robotics.example")?;
    t.portal.add_invoice_recipient(dana, t.us, "Controller@Acme-Robotics.example")?;
    let twice = refused(t.portal.add_invoice_recipient(dana, t.us, "AP@acme-robotics.example"))?;
    step(format!("invoice recipients: add two; AP@acme-robotics.example again: {}", shown(&twice)));
    t.portal.remove_invoice_recipient(dana, t.us, "controller@acme-robotics.example")?;
    let recipients: Vec<String> =
        t.portal.account(dana, t.us)?.invoice_recipients.iter().flatten().map(ToString::to_string).collect();
    step(format!("remove controller@...; invoices now also go to: {}", recipients.join(", ")));

    let po = t.portal.add_purchase_order(dana, t.us, "4500012345", date!(2026 - 06 - 30))?;
    step(format!("purchase order {} added, in force until {} (version {})", po.number, po.expires_on, po.version));
    let edited = t.portal.edit_purchase_order(dana, t.us, po.id, po.version, "4500012345", date!(2026 - 12 - 31))?;
    step(format!("edited: in force until {} (version {})", edited.expires_on, edited.version));
    let stale =
        refused(t.portal.edit_purchase_order(dana, t.us, po.id, po.version, "4500012399", date!(2027 - 01 - 31)))?;
    step(format!("an edit based on version {}: {}", po.version, shown(&stale)));
    Ok(())
}

fn requests(t: &Tour, dana: &Caller) -> Res {
    t.clock.advance(Duration::minutes(5));
    heading("5. Requests to Account Services (SR-1..SR-4)");
    let quarterly = RequestKind::ChangeBillingInterval { interval: BillingInterval::Quarterly };
    let request = t.portal.submit_request(dana, t.us, &quarterly)?;
    step(format!("Dana asks for quarterly billing instead of monthly: request {}", lower_debug(request.status)));
    t.clock.advance(Duration::minutes(20));
    let by_rep = refused(t.portal.complete_request(&t.rep, t.us, request.id, None))?;
    step(format!(
        "the sales rep tries to complete it: {} (billing intervals are Account Services' job)",
        shown(&by_rep)
    ));
    let done = t.portal.complete_request(&t.services, t.us, request.id, Some("Quarterly from 2026-04-01."))?;
    let interval = t.portal.account(dana, t.us)?.subscription.billing_interval;
    step(format!(
        "Account Services completes it: request {}, billing interval now {}",
        lower_debug(done.status),
        interval.as_str()
    ));

    let by_contact = refused(t.portal.turn_off_auto_renewal(dana, t.us))?;
    step(format!("Dana turns auto-renewal off herself: {} (she would submit a request)", shown(&by_contact)));
    t.portal.turn_off_auto_renewal(&t.rep, t.us)?;
    let sub = t.portal.account(dana, t.us)?.subscription;
    step(format!(
        "Riley, the sales rep, turns it off directly: auto-renewal {}; the subscription ends after {}",
        if sub.auto_renew { "on" } else { "off" },
        sub.term_end - Duration::days(1)
    ));
    step("Acme Robotics' requests, newest first:");
    for r in t.portal.requests(dana, t.us)? {
        let open = if r.status == RequestStatus::Open { "  (waiting for Account Services)" } else { "" };
        detail(format!("{:<24} {}{open}", r.kind.name(), lower_debug(r.status)));
    }
    Ok(())
}

fn documents(t: &Tour, dana: &Caller) -> Res {
    t.clock.advance(Duration::minutes(2));
    heading("6. The vendor's W-9 form (DOC-1)");
    let w9 = t.portal.w9_form(dana, t.us)?;
    let path = beside_db(&t.out, &w9.file_name);
    std::fs::write(&path, &w9.bytes)?;
    step(format!(
        "Acme Robotics (US): {} ({}, {} bytes), saved to {}",
        w9.file_name,
        w9.content_type,
        w9.bytes.len(),
        path.display()
    ));
    let abroad = refused(t.portal.w9_form(dana, t.de))?;
    step(format!("Acme Robotik GmbH (DE): {}", shown(&abroad)));
    Ok(())
}

fn privacy(t: &Tour) -> Res {
    t.clock.advance(Duration::minutes(1));
    heading("7. Who may see and change what (PRIV-1, ACC-3)");
    let overview = t.portal.account(&t.user, t.us)?;
    step(format!(
        "Sam, an account user, opens the overview: {}, plan {}, {} seats",
        overview.company_name, overview.subscription.plan, overview.subscription.seats
    ));
    let name = refused(t.portal.billing_contact(&t.user, t.us))?;
    step(format!("Sam asks who the billing contact is: {}", shown(&name)));
    let phone = refused(t.portal.change_phone(&t.user, t.us, "617-555-0199"))?;
    step(format!("Sam changes the phone number: {}", shown(&phone)));
    let contact = t.portal.billing_contact(&t.rep, t.us)?;
    step(format!("the sales rep may see it: {}, user ID {}", contact.name, contact.user_id));
    Ok(())
}

fn idle_timeout(t: &Tour, dana: &Caller) -> Res {
    t.clock.advance(Duration::minutes(31));
    heading("8. Idle sessions end (AUTH-6)");
    let idle = refused(t.portal.invoices(dana, t.us))?;
    step(format!("31 minutes later Dana's session is used again: {}", shown(&idle)));
    Ok(())
}

fn outbox(t: &Tour) -> Res {
    heading("9. Notifications waiting in the outbox (NOTE-1, INV-4)");
    let pending = t.portal.pending_notifications(100)?;
    step(format!("{} e-mails for the host's mailer to deliver:", pending.len()));
    for note in &pending {
        detail(format!("{:<22} to {:<38} {}", format!("{:?}", note.kind), note.recipient, note.subject));
    }
    Ok(())
}

fn audit(t: &Tour) -> Res {
    heading("10. The audit log (AUD-1)");
    let records = t.portal.audit_log(&t.services, t.us)?;
    step(format!("{} records for Acme Robotics; the last 8:", records.len()));
    for r in &records[records.len().saturating_sub(8)..] {
        detail(format!("#{:<4} {}  {:<16} {}", r.seq, when(r.at), r.role, r.action));
    }
    let count = t.portal.verify_audit_log(&t.services)?;
    step(format!("verify the whole chain: {count} records, each carrying the hash of the one before: intact"));
    Ok(())
}
