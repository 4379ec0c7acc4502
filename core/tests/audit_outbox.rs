//! The audit log and the notification outbox (AUD-1, NOTE-1).

mod common;

use common::*;
use corporate_billing::{
    AccountId, BillingInterval, BillingPortal, Caller, Error, NotificationKind, PaymentMethod, PrintFormat, RequestKind,
};
use time::Duration;

fn step<'a>(
    what: &'static str,
    records: i64,
    action: &'static str,
    actor: &str,
    role: &'static str,
    account: Option<AccountId>,
    run: Box<dyn Fn() + 'a>,
) -> Step<'a> {
    Step { what, records, action, actor: actor.to_owned(), role, account, run }
}

struct Step<'a> {
    what: &'static str,
    records: i64,
    action: &'static str,
    actor: String,
    role: &'static str,
    account: Option<AccountId>,
    run: Box<dyn Fn() + 'a>,
}

// DOMAIN: AUD-1
#[test]
fn every_change_of_state_writes_its_audit_record_with_who_what_which_account_and_when() {
    let fx = Fixture::new();
    let (p, a) = (&fx.portal, fx.account);
    let contact = format!("login:{}", fx.contact_login);
    let rep = format!("staff:{}", fx.rep);
    let services = format!("staff:{}", fx.services);
    let q1 = fx.issue_quote(a);
    let q2 = fx.issue_quote(a);
    let q3 = fx.issue_quote(a);
    let paid = fx.invoice();
    let voided = fx.invoice();
    let po = p.add_purchase_order(&fx.contact(), a, "PO-A", fx.today() + Duration::days(20)).unwrap();
    let r1 = p
        .submit_request(&fx.contact(), a, &RequestKind::ChangeBillingInterval { interval: BillingInterval::Monthly })
        .unwrap();
    let r2 = p.submit_request(&fx.contact(), a, &RequestKind::Other { text: "Hello".into() }).unwrap();
    let c = || fx.contact();
    let today = fx.today();
    let steps: Vec<Step<'_>> = vec![
        step(
            "phone",
            1,
            "phone_changed",
            &contact,
            "billing_contact",
            Some(a),
            Box::new(|| {
                p.change_phone(&c(), a, "030 901829").unwrap();
            }),
        ),
        step(
            "address",
            1,
            "address_changed",
            &contact,
            "billing_contact",
            Some(a),
            Box::new(|| {
                p.change_address(&c(), a, &lines("Hauptstraße 2", "10115", "Berlin")).unwrap();
            }),
        ),
        step(
            "payment",
            1,
            "payment_method_changed",
            &rep,
            "sales_rep",
            Some(a),
            Box::new(|| {
                p.set_payment_method(&fx.rep(), a, &PaymentMethod::WireTransfer).unwrap();
            }),
        ),
        step(
            "recipient added",
            1,
            "invoice_recipient_added",
            &contact,
            "billing_contact",
            Some(a),
            Box::new(|| {
                p.add_invoice_recipient(&c(), a, "ap@acme-gmbh.example").unwrap();
            }),
        ),
        step(
            "recipient removed",
            1,
            "invoice_recipient_removed",
            &contact,
            "billing_contact",
            Some(a),
            Box::new(|| {
                p.remove_invoice_recipient(&c(), a, "ap@acme-gmbh.example").unwrap();
            }),
        ),
        step(
            "po required",
            1,
            "purchase_order_requirement_changed",
            &services,
            "account_services",
            Some(a),
            Box::new(|| {
                p.set_requires_purchase_order(&fx.services(), a, false).unwrap();
            }),
        ),
        step(
            "po added",
            1,
            "purchase_order_added",
            &contact,
            "billing_contact",
            Some(a),
            Box::new(|| {
                p.add_purchase_order(&c(), a, "PO-B", today + Duration::days(200)).unwrap();
            }),
        ),
        step(
            "po edited",
            1,
            "purchase_order_edited",
            &contact,
            "billing_contact",
            Some(a),
            Box::new(|| {
                p.edit_purchase_order(&c(), a, po.id, po.version, "PO-A2", today + Duration::days(25)).unwrap();
            }),
        ),
        step(
            "quote issued",
            1,
            "quote_issued",
            &rep,
            "sales_rep",
            Some(a),
            Box::new(|| {
                p.issue_quote(&fx.rep(), a, &fx.new_quote()).unwrap();
            }),
        ),
        step(
            "quote declined",
            1,
            "quote_declined",
            &contact,
            "billing_contact",
            Some(a),
            Box::new(|| {
                p.decline_quote(&c(), a, q1.id, Some("no")).unwrap();
            }),
        ),
        step(
            "quote withdrawn",
            1,
            "quote_withdrawn",
            &services,
            "account_services",
            Some(a),
            Box::new(|| {
                p.withdraw_quote(&fx.services(), a, q2.id).unwrap();
            }),
        ),
        step(
            "quote accepted",
            2,
            "invoice_issued",
            &contact,
            "billing_contact",
            Some(a),
            Box::new(|| {
                p.accept_quote(&c(), a, q3.id, None).unwrap();
            }),
        ),
        step(
            "payment recorded",
            1,
            "payment_recorded",
            &rep,
            "sales_rep",
            Some(a),
            Box::new(|| {
                p.record_payment(&fx.rep(), a, paid.id, &paid_in_full(today)).unwrap();
            }),
        ),
        step(
            "invoice voided",
            2,
            "invoice_issued",
            &services,
            "account_services",
            Some(a),
            Box::new(|| {
                p.void_invoice(&fx.services(), a, voided.id, "duplicate").unwrap();
            }),
        ),
        step(
            "request submitted",
            1,
            "request_submitted",
            &contact,
            "billing_contact",
            Some(a),
            Box::new(|| {
                p.submit_request(&c(), a, &RequestKind::TurnOffAutoRenewal).unwrap();
            }),
        ),
        step(
            "request completed",
            2,
            "request_completed",
            &services,
            "account_services",
            Some(a),
            Box::new(|| {
                p.complete_request(&fx.services(), a, r1.id, None).unwrap();
            }),
        ),
        step(
            "request rejected",
            1,
            "request_rejected",
            &services,
            "account_services",
            Some(a),
            Box::new(|| {
                p.reject_request(&fx.services(), a, r2.id, "Please call us").unwrap();
            }),
        ),
        step(
            "auto-renewal off",
            1,
            "auto_renewal_turned_off",
            &rep,
            "sales_rep",
            Some(a),
            Box::new(|| {
                p.turn_off_auto_renewal(&fx.rep(), a).unwrap();
            }),
        ),
        step(
            "country",
            1,
            "country_changed",
            &services,
            "account_services",
            Some(a),
            Box::new(|| {
                p.change_country(&fx.services(), a, country("AT")).unwrap();
            }),
        ),
        step(
            "reminder",
            1,
            "purchase_order_reminder_queued",
            &services,
            "account_services",
            Some(a),
            Box::new(|| {
                assert_eq!(p.remind_expiring_purchase_orders(&fx.services(), today).unwrap(), 1);
            }),
        ),
        step(
            "account user",
            1,
            "account_user_added",
            &rep,
            "sales_rep",
            Some(a),
            Box::new(|| {
                p.add_account_user(&fx.rep(), a, fx.contact_login).unwrap();
            }),
        ),
        step(
            "contact changed",
            1,
            "billing_contact_changed",
            &contact,
            "billing_contact",
            Some(a),
            Box::new(|| {
                p.change_billing_contact(&c(), a, USER_EMAIL).unwrap();
            }),
        ),
        step(
            "renewal",
            1,
            "subscription_expired",
            &services,
            "account_services",
            Some(a),
            Box::new(|| {
                p.run_renewals(&fx.services(), TERM_END).unwrap();
            }),
        ),
        step(
            "login created",
            1,
            "login_created",
            "host",
            "host",
            None,
            Box::new(|| {
                p.create_login(
                    &corporate_billing::NewLogin {
                        name: "New Person".into(),
                        email: "new@acme-gmbh.example".into(),
                        username: None,
                        phone: None,
                    },
                    None,
                )
                .unwrap();
            }),
        ),
    ];
    for (i, s) in steps.iter().enumerate() {
        fx.clock.advance(Duration::seconds(61));
        let n = fx.audit_count();
        (s.run)();
        assert_eq!(fx.audit_count(), n + s.records, "{}: number of audit records", s.what);
        let (actor, role, action, account, _) = fx.last_audit();
        assert_eq!(
            (actor.as_str(), role.as_str(), action.as_str(), account),
            (s.actor.as_str(), s.role, s.action, s.account.map(|a| a.to_string())),
            "step {i}: {}",
            s.what
        );
        let at: i64 =
            fx.read_only().query_row("SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| r.get(0)).unwrap();
        assert_eq!(at, fx.now().unix_timestamp(), "{}: when (UTC)", s.what);
    }
    assert_eq!(p.verify_audit_log(&fx.services()).unwrap(), fx.audit_count() as u64);
}

// DOMAIN: AUD-1
#[test]
fn reads_and_refused_operations_write_no_audit_record() {
    let fx = Fixture::new();
    let inv = fx.invoice();
    let q = fx.issue_quote(fx.account);
    let n = fx.audit_count();
    fx.portal.account(&fx.contact(), fx.account).unwrap();
    fx.portal.quotes(&fx.contact(), fx.account).unwrap();
    fx.portal.invoices(&fx.contact(), fx.account).unwrap();
    fx.portal.print_invoice(&fx.contact(), fx.account, inv.id, PrintFormat::Html).unwrap().into_text().unwrap();
    fx.portal.audit_log(&fx.rep(), fx.account).unwrap();
    fails(fx.portal.accept_quote(&fx.user(), fx.account, q.id, None));
    fails(fx.portal.change_phone(&fx.contact(), fx.account, "12"));
    fails(fx.portal.void_invoice(&fx.rep(), fx.account, inv.id, "x"));
    assert_eq!(fx.audit_count(), n);
}

// DOMAIN: AUD-1
#[test]
fn vendor_staff_read_the_accounts_audit_log_oldest_first() {
    let fx = Fixture::new();
    let other = fx.other_company();
    fx.invoice();
    for caller in [fx.contact(), fx.user(), fx.other_rep(), other.contact(), Caller::Anonymous] {
        assert_eq!(fails(fx.portal.audit_log(&caller, fx.account)), Error::Forbidden, "{caller:?}");
    }
    let log = fx.portal.audit_log(&fx.rep(), fx.account).unwrap();
    assert_eq!(log, fx.portal.audit_log(&fx.services(), fx.account).unwrap());
    let actions: Vec<_> = log.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        vec!["account_opened", "account_user_added", "quote_issued", "quote_accepted", "invoice_issued"]
    );
    assert!(log.windows(2).all(|w| w[0].seq < w[1].seq));
    assert!(log.iter().all(|r| r.account_id == Some(fx.account) && r.at == START));
    assert!(
        fx.portal.audit_log(&fx.services(), other.account).unwrap().iter().all(|r| r.account_id == Some(other.account))
    );
}

// DOMAIN: AUD-1
#[test]
fn the_audit_log_is_append_only_and_tampering_is_detected() {
    let fx = Fixture::new();
    fx.invoice();
    let total = fx.audit_count();
    assert!(total > 5);
    assert_eq!(fx.portal.verify_audit_log(&fx.services()).unwrap(), total as u64);
    for caller in [fx.rep(), fx.contact(), Caller::Anonymous] {
        assert_eq!(fails(fx.portal.verify_audit_log(&caller)), Error::Forbidden);
    }
    let db = fx.raw();
    // The database itself refuses edits and deletions.
    let e = db.execute("UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 3", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = db.execute("DELETE FROM audit_log WHERE seq = 3", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    // Someone who drops the trigger and edits a record is caught by the hash chain.
    db.unlock_audit_log();
    db.execute("UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 3", []).unwrap();
    let e = fails(fx.portal.verify_audit_log(&fx.services()));
    assert_eq!(e, Error::AuditChainBroken { seq: 3 });
    assert_eq!(e.code(), "audit_chain_broken");
}

// DOMAIN: AUD-1
#[test]
fn removing_or_appending_forged_audit_records_is_detected() {
    let fx = Fixture::new();
    fx.invoice();
    let total = fx.audit_count();
    let db = fx.raw();
    db.unlock_audit_log();
    db.execute("DELETE FROM audit_log WHERE seq = 4", []).unwrap();
    assert_eq!(fails(fx.portal.verify_audit_log(&fx.services())), Error::AuditChainBroken { seq: 5 });

    let fx = Fixture::new();
    let total2 = fx.audit_count();
    let (prev, at): (String, i64) = fx
        .read_only()
        .query_row("SELECT hash, at FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    fx.raw()
        .execute(
            "INSERT INTO audit_log (seq, at, actor, role, action, account_id, detail, prev_hash, hash)
             VALUES (?1, ?2, 'staff:x', 'account_services', 'payment_recorded', NULL, '', ?3, ?4)",
            rusqlite::params![total2 + 1, at, prev, "f".repeat(64)],
        )
        .unwrap();
    assert_eq!(fails(fx.portal.verify_audit_log(&fx.services())), Error::AuditChainBroken { seq: total2 + 1 });
    assert!(total > 0);
}

// DOMAIN: NOTE-1
#[test]
fn the_library_queues_notifications_in_a_persisted_outbox_for_the_host_to_deliver() {
    let fx = Fixture::new();
    fx.portal.add_invoice_recipient(&fx.contact(), fx.account, "ap@acme-gmbh.example").unwrap();
    fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-1", fx.today() + Duration::days(10)).unwrap();
    fx.invoice();
    let r = fx.portal.submit_request(&fx.contact(), fx.account, &RequestKind::TurnOffAutoRenewal).unwrap();
    fx.portal.complete_request(&fx.rep(), fx.account, r.id, None).unwrap();
    let r = fx.portal.submit_request(&fx.contact(), fx.account, &RequestKind::Other { text: "?".into() }).unwrap();
    fx.portal.reject_request(&fx.services(), fx.account, r.id, "No.").unwrap();
    fx.portal.remind_expiring_purchase_orders(&fx.services(), fx.today()).unwrap();
    fx.portal.change_billing_contact(&fx.rep(), fx.account, USER_EMAIL).unwrap();
    let pending = fx.pending();
    let mut kinds: Vec<_> = pending.iter().map(|n| n.kind).collect();
    kinds.dedup();
    assert_eq!(
        kinds,
        vec![
            NotificationKind::QuoteIssued,
            NotificationKind::InvoiceIssued,
            NotificationKind::RequestCompleted,
            NotificationKind::RequestRejected,
            NotificationKind::PurchaseOrderExpiring,
            NotificationKind::BillingContactChanged,
        ]
    );
    assert!(pending.windows(2).all(|w| w[0].id < w[1].id), "oldest first");
    assert!(pending.iter().all(|n| n.created_at == START && n.account_id == Some(fx.account)));
    // The outbox survives a restart: it is in the database, not in memory.
    let reopened = BillingPortal::open(&fx.path).unwrap();
    assert_eq!(reopened.pending_notifications(1000).unwrap(), pending);
    assert_eq!(reopened.pending_notifications(2).unwrap(), pending[..2].to_vec());
    // The host marks what it delivered; it is not handed out again.
    fx.portal.mark_notification_sent(pending[0].id).unwrap();
    assert_eq!(fx.pending(), pending[1..].to_vec());
    assert_eq!(fails(fx.portal.mark_notification_sent(pending[0].id)).code(), "not_found");
    assert_eq!(fails(fx.portal.mark_notification_sent(-1)).code(), "not_found");
}

// DOMAIN: NOTE-1
#[test]
fn a_failed_operation_leaves_no_notification() {
    let fx = Fixture::new();
    let reactivation = fx
        .portal
        .issue_quote(
            &fx.rep(),
            fx.account,
            &fx.new_quote_with(corporate_billing::QuoteEffect::Reactivation {
                start: TERM_END,
                end: TERM_END + Duration::days(365),
            }),
        )
        .unwrap();
    let r = fx
        .portal
        .submit_request(
            &fx.contact(),
            fx.account,
            &RequestKind::ChangeBillingContact { new_contact_user_id: "ghost.user".into() },
        )
        .unwrap();
    fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-1", fx.today() + Duration::days(5)).unwrap();
    fx.drain();
    // Accepting gets as far as deciding the quote, then the effect fails: the invoice mail that
    // would follow is not queued.
    fails(fx.portal.accept_quote(&fx.contact(), fx.account, reactivation.id, None));
    // Completing gets as far as applying, then the login is not found: no "completed" mail.
    fails(fx.portal.complete_request(&fx.services(), fx.account, r.id, None));
    // A quote in the wrong currency is refused before anything is queued.
    fails(fx.portal.issue_quote(
        &fx.rep(),
        fx.account,
        &corporate_billing::NewQuote { currency: usd(), ..fx.new_quote() },
    ));
    // A reminder run refused for permission queues nothing.
    fails(fx.portal.remind_expiring_purchase_orders(&fx.rep(), fx.today()));
    assert!(fx.pending().is_empty(), "{:?}", fx.pending());
}
