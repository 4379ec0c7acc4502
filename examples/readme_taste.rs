//! The Rust taste shown in README.md, kept compiling: the part between the `README` markers is
//! copied into the README verbatim (`scripts/test` checks that they match).
//!
//! ```text
//! cargo run -p corporate-billing --example readme_taste
//! ```

// README: begin
use corporate_billing::{
    AccountId, BillingPortal, Caller, Country, Error, PrintFormat, QuoteStatus, RequestKind, Result,
};

/// A billing contact's visit: sign in, accept the open quote, read and print invoices.
fn visit(portal: &BillingPortal, account: AccountId) -> Result<()> {
    let session = portal.sign_in("dana.w", "lighthouse copper meadow 42")?; // username or e-mail
    let dana = Caller::Session(session.token);

    // Open quotes come first; accepting one applies it and issues its invoice in one transaction.
    if let Some(quote) = portal.quotes(&dana, account)?.into_iter().find(|q| q.status == QuoteStatus::Open) {
        let invoice = portal.accept_quote(&dana, account, quote.id, Some("PO-4500012345"))?;
        println!("accepted: invoice {} for {}", invoice.number, invoice.document.totals.total);
    }
    let invoices = portal.invoices(&dana, account)?; // the last 20, newest first
    for inv in &invoices {
        println!("{}  {}  {}  {:?}", inv.number, inv.issue_date, inv.total, inv.status);
    }
    if let Some(newest) = invoices.first() {
        let printed = portal.print_invoice(&dana, account, newest.id, PrintFormat::Text)?;
        print!("{}", printed.text().unwrap_or_default()); // text and HTML are UTF-8, a PDF is bytes
    }

    // The contact may not move the account abroad; Account Services does, on request.
    let canada = Country::parse("CA")?;
    assert_eq!(portal.change_country(&dana, account, canada), Err(Error::Forbidden));
    portal.submit_request(&dana, account, &RequestKind::ChangeCountry { country: canada })?;
    Ok(())
}
// README: end

use corporate_billing::{
    AccountKind, AddressLines, BillingAddress, Currency, IssuerProfile, LineInput, NewAccount, NewLogin, NewQuote,
    PaymentMethod, QuoteEffect, StaffKind,
};
use rust_decimal_macros::dec;
use time::macros::date;

/// The vendor's side: what the host application sets up before a contact can visit.
fn main() -> Result<()> {
    let portal = BillingPortal::open_in_memory()?;
    let us = Country::parse("US")?;
    let lines = AddressLines { line1: "1 Main St".into(), city: "Boston".into(), ..AddressLines::default() };
    let issuer = portal.create_issuer(&IssuerProfile {
        legal_name: "Northwind Cloud Inc.".into(),
        address: BillingAddress::new(&lines, us)?,
        tax_id: "91-1234567".into(),
        invoice_prefix: "NW-".into(),
        remittance: "Wire to ABA 021000021".into(),
    })?;
    let rep_id = portal.register_staff("Riley Chen", "riley@northwind.example", StaffKind::SalesRep)?;
    let rep = Caller::Staff(rep_id);
    let login = NewLogin {
        name: "Dana Whitfield".into(),
        email: "dana@acme.example".into(),
        username: Some("dana.w".into()),
        phone: None,
    };
    let dana = portal.create_login(&login, Some("lighthouse copper meadow 42"))?;
    let account = portal.open_account(
        &rep,
        &NewAccount {
            kind: AccountKind::Corporate,
            company_name: "Acme Robotics Inc.".into(),
            issuer,
            sales_rep: rep_id,
            billing_contact: dana,
            billing_address: BillingAddress::new(&lines, us)?,
            phone: "+1 617 555 0100".into(),
            payment_method: PaymentMethod::WireTransfer,
            currency: Currency::parse("USD")?,
            vat_rate: dec!(0),
            payment_terms_days: 30,
            requires_purchase_order: false,
            plan: "Business".into(),
            seats: 25,
            annual_seat_price: dec!(1188),
            term_start: date!(2026 - 01 - 01),
            term_end: date!(2027 - 01 - 01),
        },
    )?;
    let seats =
        LineInput { description: "5 seats".into(), quantity: dec!(5), unit_price: dec!(990), vat_rate: dec!(0) };
    let valid_until = time::OffsetDateTime::now_utc().date() + time::Duration::days(30);
    let quote = NewQuote {
        currency: Currency::parse("USD")?,
        valid_until,
        lines: vec![seats],
        effect: QuoteEffect::AddSeats { seats: 5 },
    };
    portal.issue_quote(&rep, account, &quote)?;
    visit(&portal, account)
}
