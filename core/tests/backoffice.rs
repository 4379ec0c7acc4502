//! Vendor-wide lists for staff (BO-1): filters, keyset pagination in a stable order, the same
//! rows in one page or many (also while invoices are issued between pages), and who sees what.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use corporate_billing::{
    AccountFilter, Caller, Error, InvoiceFilter, InvoiceKind, InvoiceStatus, MAX_PAGE_SIZE, RequestKind,
    SubscriptionStatus, VendorInvoice,
};
use time::Duration;

fn all_invoices(fx: &Fixture, who: &Caller, f: &InvoiceFilter, size: u32, between: &dyn Fn()) -> Vec<VendorInvoice> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = fx.portal.vendor_invoices(who, f, cursor.as_deref(), size).unwrap();
        assert!(page.items.len() <= size as usize);
        out.extend(page.items);
        between();
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return out,
        }
    }
}

// DOMAIN: BO-1
#[test]
fn invoices_read_in_many_pages_are_those_of_one_page_also_while_new_ones_are_issued() {
    let fx = Fixture::new();
    let other = fx.other_company();
    for n in 0..14 {
        fx.invoice();
        if n % 3 == 0 {
            let q = fx.portal.issue_quote(&fx.other_rep(), other.account, &fx.new_quote()).unwrap();
            fx.portal.accept_quote(&other.contact(), other.account, q.id, None).unwrap();
        }
    }
    let all = InvoiceFilter::default();
    let one = fx.portal.vendor_invoices(&fx.services(), &all, None, 500).unwrap();
    assert_eq!((one.items.len(), one.next_cursor.as_deref()), (19, None));
    let numbers: Vec<_> = one.items.iter().map(|i| i.number.clone()).collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    assert_eq!(numbers, sorted, "issue order");
    let mut total = one.items.len();
    for size in [1, 4, 7, 17] {
        let one = fx.portal.vendor_invoices(&fx.services(), &all, None, 500).unwrap();
        assert_eq!(one.items.len(), total);
        let issued = std::cell::Cell::new(0);
        let paged = all_invoices(&fx, &fx.services(), &all, size, &|| {
            // Issued between pages: not part of the list being read.
            if issued.get() < 3 {
                fx.invoice();
                issued.set(issued.get() + 1);
            }
        });
        assert_eq!(
            paged.iter().map(|i| &i.id).collect::<Vec<_>>(),
            one.items.iter().map(|i| &i.id).collect::<Vec<_>>(),
            "size {size}"
        );
        // The next read sees them.
        total += issued.get();
    }
    assert_eq!(fx.portal.vendor_invoices(&fx.services(), &all, None, 500).unwrap().items.len(), total);
    let over = fx.portal.vendor_invoices(&fx.services(), &all, None, 10_000).unwrap();
    assert!(over.items.len() <= MAX_PAGE_SIZE as usize);
    for bad in ["", "zz", "696e767c31", &hex_of("acc|x|y")] {
        let e = fails(fx.portal.vendor_invoices(&fx.services(), &all, Some(bad), 5));
        assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "cursor"), "{bad}: {e:?}");
    }
}

fn hex_of(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

// DOMAIN: BO-1, ACC-3
#[test]
fn a_sales_rep_sees_its_own_accounts_account_services_all_and_nobody_else_anything() {
    let fx = Fixture::new();
    let other = fx.other_company();
    fx.invoice();
    let q = fx.portal.issue_quote(&fx.other_rep(), other.account, &fx.new_quote()).unwrap();
    fx.portal.accept_quote(&other.contact(), other.account, q.id, None).unwrap();
    let all = InvoiceFilter::default();
    let accounts_of = |who: &Caller| {
        let mut a: Vec<_> =
            fx.portal.vendor_invoices(who, &all, None, 100).unwrap().items.into_iter().map(|i| i.account_id).collect();
        a.dedup();
        a
    };
    assert_eq!(accounts_of(&fx.rep()), vec![fx.account]);
    assert_eq!(accounts_of(&fx.other_rep()), vec![other.account]);
    assert_eq!(accounts_of(&fx.services()).len(), 2);
    let mine = fx.portal.vendor_accounts(&fx.rep(), &AccountFilter::default(), None, 100).unwrap();
    assert!(mine.items.iter().all(|a| a.sales_rep == fx.rep));
    // Asking for another rep's accounts does not widen a rep's view.
    let theirs = AccountFilter { sales_rep: Some(fx.other_rep), ..Default::default() };
    assert!(fx.portal.vendor_accounts(&fx.rep(), &theirs, None, 100).unwrap().items.is_empty());
    assert_eq!(fx.portal.vendor_accounts(&fx.services(), &theirs, None, 100).unwrap().items.len(), 1);
    for who in [fx.contact(), fx.user(), Caller::Anonymous, other.contact()] {
        assert_eq!(fails(fx.portal.vendor_invoices(&who, &all, None, 10)), Error::Forbidden);
        assert_eq!(fails(fx.portal.vendor_accounts(&who, &AccountFilter::default(), None, 10)), Error::Forbidden);
        assert_eq!(fails(fx.portal.vendor_open_quotes(&who, None, 10)), Error::Forbidden);
        assert_eq!(fails(fx.portal.vendor_open_requests(&who, None, 10)), Error::Forbidden);
    }
}

// DOMAIN: BO-1, INV-6
#[test]
fn invoice_filters_select_by_status_overdue_dates_account_issuer_currency_and_kind() {
    let fx = Fixture::new();
    let other = fx.other_company();
    let a = fx.invoice();
    let b = fx.invoice();
    fx.portal.record_payment(&fx.rep(), fx.account, b.id, &paid_in_full(fx.today())).unwrap();
    let credit = fx.portal.void_invoice(&fx.services(), fx.account, a.id, "wrong").unwrap();
    fx.advance_days(10);
    let c = fx.invoice();
    let q = fx.portal.issue_quote(&fx.other_rep(), other.account, &fx.new_quote()).unwrap();
    let d = fx.portal.accept_quote(&other.contact(), other.account, q.id, None).unwrap();
    fx.advance_days(35);
    let ids = |f: InvoiceFilter| {
        let mut v: Vec<_> =
            fx.portal.vendor_invoices(&fx.services(), &f, None, 100).unwrap().items.into_iter().map(|i| i.id).collect();
        v.sort();
        v
    };
    let sorted = |mut v: Vec<corporate_billing::InvoiceId>| {
        v.sort();
        v
    };
    assert_eq!(
        ids(InvoiceFilter { status: Some(InvoiceStatus::Open), ..Default::default() }),
        sorted(vec![c.id, d.id, credit.id])
    );
    assert_eq!(ids(InvoiceFilter { overdue: Some(true), ..Default::default() }), sorted(vec![c.id, d.id]));
    assert_eq!(ids(InvoiceFilter { overdue: Some(false), ..Default::default() }), sorted(vec![a.id, b.id, credit.id]));
    assert_eq!(ids(InvoiceFilter { kind: Some(InvoiceKind::CreditNote), ..Default::default() }), vec![credit.id]);
    assert_eq!(ids(InvoiceFilter { account: Some(other.account), ..Default::default() }), vec![d.id]);
    assert_eq!(ids(InvoiceFilter { issued_from: Some(c.issue_date), ..Default::default() }), sorted(vec![c.id, d.id]));
    assert_eq!(
        ids(InvoiceFilter { issued_to: Some(a.issue_date), ..Default::default() }),
        sorted(vec![a.id, b.id, credit.id])
    );
    let due = InvoiceFilter { due_from: Some(c.due_date), due_to: Some(c.due_date), ..Default::default() };
    assert_eq!(ids(due), sorted(vec![c.id, d.id]));
    assert_eq!(ids(InvoiceFilter { issuer: Some(fx.issuer), currency: Some(usd()), ..Default::default() }), vec![]);
    assert_eq!(ids(InvoiceFilter { currency: Some(eur()), ..Default::default() }).len(), 5);
    let row = fx
        .portal
        .vendor_invoices(&fx.services(), &InvoiceFilter { account: Some(other.account), ..Default::default() }, None, 1)
        .unwrap();
    assert_eq!((row.items[0].balance_due.amount(), row.items[0].company_name.as_str()), (STANDARD_TOTAL, "Globex Ltd"));
}

// DOMAIN: BO-1
#[test]
fn accounts_filter_and_page_and_the_queues_list_open_quotes_and_requests_oldest_first() {
    let fx = Fixture::new();
    let names = ["Zeta AG", "Alpha GmbH", "Mid KG", "Alpha GmbH"];
    for n in names {
        fx.open(&corporate_billing::NewAccount { currency: usd(), ..fx.new_account(n, fx.contact_login) });
    }
    fx.portal.turn_off_auto_renewal(&fx.rep(), fx.account).unwrap();
    let all = AccountFilter::default();
    let one = fx.portal.vendor_accounts(&fx.services(), &all, None, 100).unwrap().items;
    assert_eq!(
        one.iter().map(|a| a.company_name.as_str()).collect::<Vec<_>>(),
        ["Acme GmbH", "Alpha GmbH", "Alpha GmbH", "Mid KG", "Zeta AG"]
    );
    let mut paged = Vec::new();
    let mut cursor = None;
    loop {
        let p = fx.portal.vendor_accounts(&fx.services(), &all, cursor.as_deref(), 2).unwrap();
        paged.extend(p.items);
        match p.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(paged, one);
    let count = |f: AccountFilter| fx.portal.vendor_accounts(&fx.services(), &f, None, 100).unwrap().items.len();
    assert_eq!(count(AccountFilter { currency: Some(usd()), ..Default::default() }), 4);
    assert_eq!(count(AccountFilter { auto_renew: Some(false), ..Default::default() }), 1);
    assert_eq!(count(AccountFilter { country: Some(country("DE")), ..Default::default() }), 5);
    assert_eq!(count(AccountFilter { country: Some(country("US")), ..Default::default() }), 0);
    assert_eq!(count(AccountFilter { subscription_status: Some(SubscriptionStatus::Active), ..Default::default() }), 5);
    assert_eq!(count(AccountFilter { term_ends_before: Some(TERM_END), ..Default::default() }), 0);
    assert_eq!(count(AccountFilter { term_ends_before: Some(TERM_END + Duration::days(1)), ..Default::default() }), 5);

    let first = fx.issue_quote(fx.account);
    fx.clock.advance(Duration::minutes(1));
    let second = fx.issue_quote(fx.account);
    let quotes = fx.portal.vendor_open_quotes(&fx.services(), None, 1).unwrap();
    assert_eq!(quotes.items[0].id, first.id);
    let rest = fx.portal.vendor_open_quotes(&fx.services(), quotes.next_cursor.as_deref(), 1).unwrap();
    assert_eq!((rest.items[0].id, rest.next_cursor), (second.id, None));
    let r1 = fx.portal.submit_request(&fx.contact(), fx.account, &RequestKind::TurnOffAutoRenewal).unwrap();
    fx.clock.advance(Duration::minutes(1));
    let r2 = fx
        .portal
        .submit_request(&fx.contact(), fx.account, &RequestKind::Other { text: "Please call".into() })
        .unwrap();
    let queue = fx.portal.vendor_open_requests(&fx.rep(), None, 10).unwrap();
    assert_eq!(queue.items.iter().map(|r| r.id).collect::<Vec<_>>(), vec![r1.id, r2.id]);
    fx.portal.reject_request(&fx.services(), fx.account, r1.id, "no").unwrap();
    assert_eq!(fx.portal.vendor_open_requests(&fx.services(), None, 10).unwrap().items.len(), 1);
}
