//! Bank statements (RECON-1): the sample camt.053 and camt.054 files under
//! `examples/statements/`, matched against the fixture's invoices; importing twice; hostile and
//! malformed documents.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use corporate_billing::{EntryOutcome, Error, Invoice, InvoiceStatus, PaymentKind, ReversalReason, UnmatchedReason};
use rust_decimal_macros::dec;

const DAY: &str = include_str!("../../examples/statements/camt053-day.xml");
const NOTIFICATION: &str = include_str!("../../examples/statements/camt054-notification.xml");
const RETURNS: &str = include_str!("../../examples/statements/camt053-returns.xml");

/// Four standard invoices (767.10 EUR each), VE-000001 to VE-000004.
fn four_invoices(fx: &Fixture) -> Vec<Invoice> {
    (0..4).map(|_| fx.invoice()).collect()
}

fn day_statement(inv: &[Invoice]) -> String {
    DAY.replace("{REF1}", inv[0].creditor_reference.as_str()).replace("{REF3}", inv[2].creditor_reference.as_str())
}

fn outcomes(
    report: &corporate_billing::StatementImport,
) -> Vec<(EntryOutcome, Option<UnmatchedReason>, Option<String>)> {
    report.entries.iter().map(|e| (e.outcome, e.reason, e.invoice_number.clone())).collect()
}

// DOMAIN: RECON-1, PAYM-1
#[test]
fn a_day_statement_matches_by_reference_or_number_and_reports_every_other_entry_with_its_reason() {
    use EntryOutcome::*;
    use UnmatchedReason::*;
    let fx = Fixture::new();
    let inv = four_invoices(&fx);
    assert_eq!(inv[3].number, "VE-000004");
    let report = fx.portal.import_bank_statement(&fx.services(), day_statement(&inv).as_bytes()).unwrap();
    assert_eq!((report.statement_id.as_str(), report.account.as_str()), ("STMT-2026-04-10-NL91", "NL91ABNA0417164300"));
    let n = |i: usize| Some(inv[i].number.clone());
    assert_eq!(
        outcomes(&report),
        vec![
            (Matched, None, n(0)),
            (Partial, None, n(1)),
            (Matched, None, n(2)),
            (Unmatched, Some(AlreadyPaid), n(0)),
            (Unmatched, Some(UnknownReference), None),
            (Unmatched, Some(CurrencyMismatch), n(3)),
            (Unmatched, Some(NotBooked), None),
            (Unmatched, Some(NotACredit), None),
        ]
    );
    assert_eq!(report.entries[1].balance_due.unwrap().amount(), dec!(467.10));
    assert_eq!(report.entries[4].remittance, "Spende Sommerfest & Grillen");
    let status = |i: usize| fx.portal.invoice(&fx.services(), fx.account, inv[i].id).unwrap();
    assert_eq!(status(0).status, InvoiceStatus::Paid);
    assert_eq!((status(1).status, status(1).balance_due.amount()), (InvoiceStatus::Open, dec!(467.10)));
    assert_eq!(status(3).balance_due.amount(), dec!(767.10));
    // The collection of the batch is a direct debit; the bank's references are kept.
    let third = fx.portal.invoice_payments(&fx.services(), fx.account, inv[2].id).unwrap();
    assert_eq!(third[0].method, Some(PaymentKind::SepaDebit));
    assert_eq!(third[0].bank_reference.as_deref(), Some("NL91ABNA0417164300/2026040900003-1"));
    assert_eq!(third[0].received_on, time::macros::date!(2026 - 04 - 09));
    let (_, role, action, account, detail) = fx.last_audit();
    assert_eq!((role.as_str(), action.as_str(), account), ("account_services", "bank_statement_imported", None));
    assert_eq!(detail, "2 matched, 1 partial, 0 reversed, 5 unmatched");

    // The camt.054 notification pays the rest of VE-000002, quoted in print form.
    let note = NOTIFICATION.replace("{REF2PRINTED}", &inv[1].creditor_reference.printed());
    let report = fx.portal.import_bank_statement(&fx.services(), note.as_bytes()).unwrap();
    assert_eq!(outcomes(&report), vec![(Matched, None, n(1))]);
    assert_eq!(status(1).status, InvoiceStatus::Paid);
}

fn returns_statement(inv: &[Invoice]) -> String {
    RETURNS.replace("{E2E3}", &inv[2].number).replace("{REF4}", inv[3].creditor_reference.as_str())
}

// DOMAIN: RECON-1, PAYM-1
#[test]
fn a_returned_direct_debit_in_a_statement_reverses_its_payment_and_the_invoice_is_due_again() {
    use EntryOutcome::*;
    use UnmatchedReason::*;
    let fx = Fixture::new();
    let inv = four_invoices(&fx);
    fx.portal.import_bank_statement(&fx.services(), day_statement(&inv).as_bytes()).unwrap();
    let collected = fx.portal.invoice_payments(&fx.services(), fx.account, inv[2].id).unwrap();
    assert_eq!(fx.portal.invoice(&fx.services(), fx.account, inv[2].id).unwrap().status, InvoiceStatus::Paid);

    let xml = returns_statement(&inv);
    let report = fx.portal.import_bank_statement(&fx.services(), xml.as_bytes()).unwrap();
    let n = |i: usize| Some(inv[i].number.clone());
    assert_eq!(
        outcomes(&report),
        vec![
            (Reversed, None, n(2)),
            (Unmatched, Some(NoPaymentToReverse), n(3)),
            (Unmatched, Some(UnknownReference), None),
            (Unmatched, Some(NotACredit), None),
        ]
    );
    let returned = &report.entries[0];
    assert!(returned.debit);
    assert_eq!(returned.return_reason.as_deref(), Some("AM04"));
    assert_eq!(returned.payment_id, Some(collected[0].id));
    assert_eq!(returned.balance_due.unwrap().amount(), dec!(767.10));
    assert_eq!(report.entries[1].return_reason.as_deref(), Some("MD06"));

    let third = fx.portal.invoice(&fx.services(), fx.account, inv[2].id).unwrap();
    assert_eq!((third.status, third.balance_due.amount(), third.paid_on), (InvoiceStatus::Open, dec!(767.10), None));
    let history = fx.portal.invoice_payments(&fx.contact(), fx.account, inv[2].id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].reversed_on, Some(time::macros::date!(2026 - 04 - 14)));
    assert_eq!(history[0].reversal_reason, Some(ReversalReason::ReturnedDebit));
    let reversal_audit: (String, Option<String>, String) = fx
        .read_only()
        .query_row("SELECT action, account_id, detail FROM audit_log ORDER BY seq DESC LIMIT 1 OFFSET 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(
        reversal_audit,
        ("payment_reversed".to_owned(), Some(fx.account.to_string()), "VE-000003 767.10 EUR returned_debit".to_owned())
    );
    assert_eq!(fx.last_audit().4, "0 matched, 0 partial, 1 reversed, 3 unmatched");

    // Again: the return is known by its bank reference, and nothing more is taken back.
    let payments = || {
        fx.read_only()
            .query_all("SELECT id, reversed_on, reversal_bank_reference FROM payments ORDER BY id", [], |r| {
                Ok((r.get::<String>(0)?, r.get::<Option<String>>(1)?, r.get::<Option<String>>(2)?))
            })
            .unwrap()
    };
    let before = payments();
    assert_eq!(before.iter().filter(|p| p.2.as_deref() == Some("NL91ABNA0417164300/2026041400001")).count(), 1);
    let again = fx.portal.import_bank_statement(&fx.services(), xml.as_bytes()).unwrap();
    assert_eq!(again.entries[0].reason, Some(Duplicate));
    assert_eq!(again.count(Reversed), 0);
    assert_eq!(payments(), before);
    // The unique index holds even where the library's own check is bypassed.
    let dup = fx.raw().execute(
        "UPDATE payments SET reversal_bank_reference = (SELECT reversal_bank_reference FROM payments
             WHERE reversal_bank_reference IS NOT NULL) WHERE reversal_bank_reference IS NULL",
        [],
    );
    assert!(dup.is_err(), "a return is recorded once");
}

// DOMAIN: RECON-1
#[test]
fn a_debit_is_read_as_a_return_by_its_return_information_its_reversal_indicator_or_its_sub_family() {
    let fx = Fixture::new();
    let inv = four_invoices(&fx);
    let entry = |xml: &str| {
        let first = xml.split("<Ntry>").nth(1).unwrap().split("</Ntry>").next().unwrap();
        let head = xml.split("<Ntry>").next().unwrap();
        format!("{head}<Ntry>{first}</Ntry></Stmt></BkToCstmrStmt></Document>")
    };
    let one = entry(&returns_statement(&inv));
    let without_rtr = |x: &str| {
        let (a, rest) = x.split_once("<RtrInf>").unwrap();
        format!("{a}{}", rest.split_once("</RtrInf>").unwrap().1)
    };
    let no_indicator = |x: &str| x.replace("<RvslInd>true</RvslInd>", "");
    let other_family = |x: &str| x.replace("<SubFmlyCd>UPDD</SubFmlyCd>", "<SubFmlyCd>OTHR</SubFmlyCd>");
    let cases = [
        ("return information only", other_family(&no_indicator(&one)), true),
        ("reversal indicator only", other_family(&without_rtr(&one)), true),
        ("sub-family UPDD only", no_indicator(&without_rtr(&one)), true),
        ("sub-family PRDD only", no_indicator(&without_rtr(&one)).replace(">UPDD<", ">PRDD<"), true),
        ("none of them", other_family(&no_indicator(&without_rtr(&one))), false),
    ];
    for (what, xml, returned) in cases {
        let report = fx.portal.import_bank_statement(&fx.services(), xml.as_bytes()).unwrap();
        let reason = report.entries[0].reason;
        // Nothing was collected yet, so a return finds no payment to take back.
        let expected = if returned { UnmatchedReason::NoPaymentToReverse } else { UnmatchedReason::NotACredit };
        assert_eq!(reason, Some(expected), "{what}");
    }
    let bad = one.replace("<Cd>AM04</Cd>", "<Cd>AM 04!</Cd>");
    let e = fails(fx.portal.import_bank_statement(&fx.services(), bad.as_bytes()));
    assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "statement"), "{e:?}");
}

// DOMAIN: RECON-1
#[test]
fn importing_the_same_statement_again_records_nothing_new() {
    let fx = Fixture::new();
    let inv = four_invoices(&fx);
    let xml = day_statement(&inv);
    fx.portal.import_bank_statement(&fx.services(), xml.as_bytes()).unwrap();
    let payments = |db: &RawDb| {
        db.query_all("SELECT id, amount FROM payments ORDER BY id", [], |r| {
            Ok((r.get::<String>(0)?, r.get::<String>(1)?))
        })
        .unwrap()
    };
    let before = payments(&fx.read_only());
    assert_eq!(before.len(), 3);
    let again = fx.portal.import_bank_statement(&fx.services(), xml.as_bytes()).unwrap();
    assert_eq!(payments(&fx.read_only()), before);
    assert_eq!(again.count(EntryOutcome::Matched) + again.count(EntryOutcome::Partial), 0);
    let duplicates = again.entries.iter().filter(|e| e.reason == Some(UnmatchedReason::Duplicate)).count();
    assert_eq!(duplicates, 3, "{again:?}");
    // The unique constraint holds even where the library's own check is bypassed.
    let db = fx.raw();
    let dup = db.execute(
        "INSERT INTO payments (id, invoice_id, account_id, amount, currency, received_on, reference, bank_reference,
             recorded_at, recorded_by)
         SELECT id || 'x', invoice_id, account_id, amount, currency, received_on, reference, bank_reference, 0, 'test'
         FROM payments WHERE bank_reference IS NOT NULL LIMIT 1",
        [],
    );
    assert!(dup.is_err(), "a bank reference is recorded once");
}

// DOMAIN: RECON-1, PAYM-1
#[test]
fn a_credit_above_the_balance_is_reported_and_not_recorded() {
    let fx = Fixture::new();
    let inv = four_invoices(&fx);
    let note = NOTIFICATION.replace("{REF2PRINTED}", inv[1].creditor_reference.as_str()).replace("467.10", "800.00");
    let report = fx.portal.import_bank_statement(&fx.services(), note.as_bytes()).unwrap();
    assert_eq!(report.entries[0].reason, Some(UnmatchedReason::AmountAboveBalance));
    assert_eq!(report.entries[0].invoice_number.as_deref(), Some("VE-000002"));
    assert!(fx.portal.invoice_payments(&fx.services(), fx.account, inv[1].id).unwrap().is_empty());
}

// DOMAIN: RECON-1, API-2
#[test]
fn malformed_or_hostile_documents_are_refused_whole_and_change_nothing() {
    let fx = Fixture::new();
    let inv = four_invoices(&fx);
    let good = day_statement(&inv);
    let entity_bomb = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n{}",
        good.split_once("?>").unwrap().1.replace("Spende Sommerfest", "&b;")
    );
    let external = good.replacen("<Document", "<!DOCTYPE Document SYSTEM \"file:///etc/passwd\">\n<Document", 1);
    let mut huge = good.clone().into_bytes();
    huge.resize(50 * 1024 * 1024, b' ');
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("wrong namespace", good.replace("camt.053.001.08", "pain.001.001.09").into_bytes()),
        ("no namespace", good.replace(" xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"", "").into_bytes()),
        ("entity expansion", entity_bomb.into_bytes()),
        ("external entity", external.into_bytes()),
        ("undefined entity", good.replace("&amp;", "&nbsp;").into_bytes()),
        ("huge amount", good.replace("99.00", "999999999999999999").into_bytes()),
        ("negative amount", good.replace("99.00", "-99.00").into_bytes()),
        ("amount finer than cents", good.replace("99.00", "99.001").into_bytes()),
        ("unknown currency", good.replace("Ccy=\"USD\"", "Ccy=\"XYZ\"").into_bytes()),
        ("truncated", good.as_bytes()[..good.len() / 2].to_vec()),
        ("not XML", b"\x00\x01 not xml at all".to_vec()),
        ("empty", Vec::new()),
        ("50 MB", huge),
        ("a date out of range", good.replace("2026-04-09</Dt></BookgDt>", "9999-04-09</Dt></BookgDt>").into_bytes()),
    ];
    let before = fx.snapshot();
    for (what, xml) in cases {
        let e = fails(fx.portal.import_bank_statement(&fx.services(), &xml));
        assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "statement"), "{what}: {e:?}");
    }
    assert_eq!(fx.snapshot(), before, "nothing of a refused document is imported");
    // Only Account Services imports statements.
    for caller in [fx.rep(), fx.contact(), fx.user()] {
        assert_eq!(fails(fx.portal.import_bank_statement(&caller, good.as_bytes())), Error::Forbidden);
    }
}
