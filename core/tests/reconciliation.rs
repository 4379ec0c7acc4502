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

const V02_CHARGES: &str = include_str!("../../examples/statements/camt053-v02-charges.xml");
const V04_TWO_STATEMENTS: &str = include_str!("../../examples/statements/camt053-v04-two-statements.xml");
const V08_BATCH_053: &str = include_str!("../../examples/statements/camt053-v08-batch.xml");
const V08_BATCH_054: &str = include_str!("../../examples/statements/camt054-v08-batch.xml");

/// The balance due of each invoice, exactly.
fn balances(fx: &Fixture, inv: &[Invoice]) -> Vec<rust_decimal::Decimal> {
    inv.iter().map(|i| fx.portal.invoice(&fx.services(), i.account_id, i.id).unwrap().balance_due.amount()).collect()
}

/// Every payment row as stored: what a re-import must leave alone.
fn payment_rows(fx: &Fixture) -> Vec<(String, String, Option<String>)> {
    fx.read_only()
        .query_all("SELECT id, amount, bank_reference FROM payments ORDER BY id", [], |r| {
            Ok((r.get::<String>(0)?, r.get::<String>(1)?, r.get::<Option<String>>(2)?))
        })
        .unwrap()
}

fn fill(template: &str, inv: &[Invoice]) -> String {
    let mut xml = template.to_owned();
    for (i, invoice) in inv.iter().enumerate() {
        let n = i + 1;
        xml = xml
            .replace(&format!("{{REF{n}}}"), invoice.creditor_reference.as_str())
            .replace(&format!("{{REF{n}PRINTED}}"), &invoice.creditor_reference.printed())
            .replace(&format!("{{REF{n}LOWER}}"), &invoice.creditor_reference.printed().to_lowercase());
    }
    xml
}

fn charges_statement(inv: &[Invoice], statement: &str, day: &str, iban: &str) -> String {
    fill(V02_CHARGES, inv).replace("{STMT}", statement).replace("{DAY}", day).replace("{IBAN}", iban)
}

// DOMAIN: RECON-2, RECON-1, PAYM-1
#[test]
fn charges_interest_and_amount_details_never_change_direction_or_booked_amount() {
    use EntryOutcome::*;
    use UnmatchedReason::*;
    let fx = Fixture::new();
    let inv = four_invoices(&fx);
    assert_eq!(balances(&fx, &inv), vec![dec!(767.10); 4]);
    let xml = charges_statement(&inv, "STMT-2026-04-11", "20260410", "NL91 ABNA 0417 1643 00");
    let report = fx.portal.import_bank_statement(&fx.services(), xml.as_bytes()).unwrap();
    let n = |i: usize| Some(inv[i].number.clone());
    assert_eq!(
        outcomes(&report),
        vec![
            // A credit with a debit charges record and an instructed amount in USD: paid in full.
            (Matched, None, n(0)),
            // A debit with a credit charges record, credit interest and an RF: no payment.
            (Unmatched, Some(NotACredit), None),
            // Booked 10.00, whatever AmtDtls/TxAmt says: a partial payment of 10.00.
            (Partial, None, n(2)),
            (Unmatched, Some(ZeroAmount), None),
            // No AcctSvcrRef: known by the statement's ID and its NtryRef.
            (Partial, None, n(3)),
        ]
    );
    assert_eq!(report.account, "NL91ABNA0417164300");
    assert_eq!(report.entries[0].booking_date, Some(time::macros::date!(2026 - 04 - 10)), "from BookgDt/DtTm");
    assert_eq!(report.entries[2].amount.amount(), dec!(10.00));
    assert_eq!(report.entries[4].bank_reference.as_deref(), Some("5"));
    let after = vec![dec!(0.00), dec!(767.10), dec!(757.10), dec!(667.10)];
    assert_eq!(balances(&fx, &inv), after);
    let keys: Vec<Option<String>> = payment_rows(&fx).into_iter().map(|p| p.2).collect();
    assert!(keys.contains(&Some("NL91ABNA0417164300/STMT-2026-04-11/5".into())), "{keys:?}");

    // The same document with the IBAN spelt otherwise books nothing.
    let rows = payment_rows(&fx);
    for iban in ["NL91ABNA0417164300", "nl91abna0417164300", " NL91 ABNA 0417 1643 00 "] {
        let again = charges_statement(&inv, "STMT-2026-04-11", "20260410", iban);
        let report = fx.portal.import_bank_statement(&fx.services(), again.as_bytes()).unwrap();
        let reasons: Vec<_> = report.entries.iter().map(|e| e.reason).collect();
        assert_eq!(
            reasons,
            vec![Some(Duplicate), Some(NotACredit), Some(Duplicate), Some(ZeroAmount), Some(Duplicate)],
            "{iban}"
        );
        assert_eq!(payment_rows(&fx), rows, "{iban}");
        assert_eq!(balances(&fx, &inv), after, "{iban}");
    }

    // The next day's statement reuses NtryRef 5 for a new payment: it is booked.
    let next = charges_statement(&inv, "STMT-2026-04-12", "20260411", "NL91ABNA0417164300");
    let report = fx.portal.import_bank_statement(&fx.services(), next.as_bytes()).unwrap();
    assert_eq!(
        outcomes(&report),
        vec![
            (Unmatched, Some(AlreadyPaid), n(0)),
            (Unmatched, Some(NotACredit), None),
            (Partial, None, n(2)),
            (Unmatched, Some(ZeroAmount), None),
            (Partial, None, n(3)),
        ]
    );
    assert_eq!(balances(&fx, &inv), vec![dec!(0.00), dec!(767.10), dec!(747.10), dec!(567.10)]);
}

/// A second issuer (prefix `DE-`, bank account DE44 5001 0517 5407 3249 31) with one account
/// and one standard invoice, DE-000001.
fn second_issuer(fx: &Fixture) -> Invoice {
    let issuer = fx
        .portal
        .create_issuer(&corporate_billing::IssuerProfile {
            legal_name: "Vendor Deutschland GmbH".into(),
            address: german_address(),
            tax_id: "DE123456789".into(),
            invoice_prefix: "DE-".into(),
            remittance: "Commerzbank, IBAN DE44 5001 0517 5407 3249 31".into(),
        })
        .unwrap();
    let account =
        fx.open(&corporate_billing::NewAccount { issuer, ..fx.new_account("Acme Berlin GmbH", fx.contact_login) });
    let q = fx.portal.issue_quote(&fx.rep(), account, &fx.new_quote()).unwrap();
    fx.portal.accept_quote(&fx.contact(), account, q.id, None).unwrap()
}

// DOMAIN: RECON-2, RECON-1
#[test]
fn a_batch_is_split_only_when_it_adds_up_and_each_statement_pays_only_its_own_issuers_invoices() {
    use EntryOutcome::*;
    use UnmatchedReason::*;
    let fx = Fixture::new();
    let inv = four_invoices(&fx);
    let other = second_issuer(&fx);
    assert_eq!(other.number, "DE-000001");
    let xml = fill(V04_TWO_STATEMENTS, &inv).replace("{OTHER_NUMBER}", &other.number);
    let report = fx.portal.import_bank_statement(&fx.services(), xml.as_bytes()).unwrap();
    let n = |i: usize| Some(inv[i].number.clone());
    assert_eq!(
        outcomes(&report),
        vec![
            (Matched, None, n(0)),
            (Partial, None, n(1)),
            // The other issuer's number, paid into this issuer's account.
            (Unmatched, Some(UnknownReference), None),
            // 767.10 + 200.00 is not the 1000.00 booked.
            (Unmatched, Some(BatchMismatch), None),
            // This issuer's reference, paid into the other issuer's account.
            (Unmatched, Some(UnknownReference), None),
            (Matched, None, Some(other.number.clone())),
        ]
    );
    let accounts: Vec<(&str, &str)> =
        report.entries.iter().map(|e| (e.statement_id.as_str(), e.account.as_str())).collect();
    assert_eq!(accounts[0], ("STMT-2026-04-12-NL91", "NL91ABNA0417164300"));
    assert_eq!(accounts[5], ("STMT-2026-04-12-DE44", "DE44500105175407324931"));
    assert_eq!(report.entries[3].amount.amount(), dec!(1000.00));
    assert_eq!(
        report.entries.iter().map(|e| e.amount.amount()).take(3).collect::<Vec<_>>(),
        vec![dec!(767.10), dec!(300.00), dec!(200.00)]
    );
    let after = vec![dec!(0.00), dec!(467.10), dec!(767.10), dec!(767.10)];
    assert_eq!(balances(&fx, &inv), after);
    assert_eq!(balances(&fx, std::slice::from_ref(&other)), vec![dec!(0.00)]);
    let rows = payment_rows(&fx);
    assert_eq!(rows.len(), 3);
    let again = fx.portal.import_bank_statement(&fx.services(), xml.as_bytes()).unwrap();
    assert_eq!(again.count(Matched) + again.count(Partial), 0, "{again:?}");
    assert_eq!(payment_rows(&fx), rows);
    assert_eq!(balances(&fx, &inv), after);
}

// DOMAIN: RECON-2
#[test]
fn a_camt054_and_a_camt053_of_the_same_payments_book_them_once_either_way_round() {
    use UnmatchedReason::*;
    for first_053 in [true, false] {
        let fx = Fixture::new();
        let inv = four_invoices(&fx);
        let (a, b) = (fill(V08_BATCH_053, &inv), fill(V08_BATCH_054, &inv));
        let (first, second) = if first_053 { (a, b) } else { (b, a) };
        let report = fx.portal.import_bank_statement(&fx.services(), first.as_bytes()).unwrap();
        let n = |i: usize| Some(inv[i].number.clone());
        assert_eq!(
            outcomes(&report),
            vec![
                (EntryOutcome::Matched, None, n(0)),
                (EntryOutcome::Partial, None, n(1)),
                (EntryOutcome::Matched, None, n(2))
            ],
            "053 first: {first_053}"
        );
        let after = vec![dec!(0.00), dec!(467.10), dec!(0.00), dec!(767.10)];
        assert_eq!(balances(&fx, &inv), after);
        let rows = payment_rows(&fx);
        let report = fx.portal.import_bank_statement(&fx.services(), second.as_bytes()).unwrap();
        let reasons: Vec<_> = report.entries.iter().map(|e| e.reason).collect();
        assert_eq!(reasons, vec![Some(Duplicate); 3], "053 first: {first_053}");
        assert_eq!(payment_rows(&fx), rows);
        assert_eq!(balances(&fx, &inv), after);
    }
}

// DOMAIN: RECON-2, API-2
#[test]
fn a_document_with_an_account_of_no_issuer_is_refused_whole_and_books_nothing() {
    let fx = Fixture::new();
    let inv = four_invoices(&fx);
    let other = second_issuer(&fx);
    let foreign = "DE89 3704 0044 0532 0130 00";
    let two = fill(V04_TWO_STATEMENTS, &inv).replace("{OTHER_NUMBER}", &other.number);
    let cases = [
        ("a foreign IBAN", charges_statement(&inv, "S-1", "20260410", foreign)),
        ("a near miss", charges_statement(&inv, "S-1", "20260410", "NL91ABNA0417164301")),
        (
            "another identification",
            day_statement(&inv).replace("<IBAN>NL91ABNA0417164300</IBAN>", "<Othr><Id>0417164300</Id></Othr>"),
        ),
        ("the second of two statements foreign", two.replace("de44 5001 0517 5407 3249 31", foreign)),
    ];
    let before = fx.snapshot();
    for (what, xml) in cases {
        let e = fails(fx.portal.import_bank_statement(&fx.services(), xml.as_bytes()));
        assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "statement_account"), "{what}: {e:?}");
        assert_eq!(fx.snapshot(), before, "{what}: nothing is booked");
    }
    assert_eq!(balances(&fx, &inv), vec![dec!(767.10); 4]);
    // A refused caller learns nothing about the vendor's accounts.
    let xml = charges_statement(&inv, "S-1", "20260410", foreign);
    assert_eq!(fails(fx.portal.import_bank_statement(&fx.contact(), xml.as_bytes())), Error::Forbidden);
}

// DOMAIN: RECON-2
#[test]
fn issuer_prefixes_are_unique_none_a_prefix_of_another_and_an_account_is_one_issuers() {
    let fx = Fixture::new();
    let issuer = |prefix: &str, remittance: &str| {
        fx.portal.create_issuer(&corporate_billing::IssuerProfile {
            legal_name: "Vendor Two".into(),
            address: german_address(),
            tax_id: "DE123456789".into(),
            invoice_prefix: prefix.into(),
            remittance: remittance.into(),
        })
    };
    let audit = fx.audit_count();
    for clash in ["VE-", "VE", "V", "VE-1", "VE-2026-", ""] {
        let e = fails(issuer(clash, "Commerzbank"));
        assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "invoice_prefix"), "{clash:?}: {e:?}");
    }
    let e = fails(issuer("XY-", "ABN AMRO, IBAN nl91abna0417164300"));
    assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "remittance"), "{e:?}");
    assert_eq!(fx.audit_count(), audit, "nothing refused is created");
    let second = issuer("VF-", "Commerzbank, IBAN DE44 5001 0517 5407 3249 31").unwrap();
    assert!(fails(issuer("VF", "")).to_string().contains("invoice_prefix"));
    // Nor can e-invoicing details give an issuer another's account.
    let taken = corporate_billing::documents::cii::SellerDetails {
        iban: Some(corporate_billing::Iban::parse("NL91ABNA0417164300").unwrap()),
        ..Default::default()
    };
    let e = fails(fx.portal.set_issuer_e_invoicing(second, &taken));
    assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "iban"), "{e:?}");
    fx.portal.set_issuer_e_invoicing(fx.issuer, &taken).unwrap();
}
