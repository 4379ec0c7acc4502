//! Service requests to Account Services, and the changes only they (or the sales rep) make
//! (SR-1..SR-4, BC-1, ADDR-1, INV-2, NOTE-1).

mod common;

use common::*;
use corporate_billing::{BillingInterval, Caller, Error, NotificationKind, RequestKind, RequestStatus};

fn all_kinds() -> Vec<RequestKind> {
    vec![
        RequestKind::ChangeBillingInterval { interval: BillingInterval::Quarterly },
        RequestKind::TurnOffAutoRenewal,
        RequestKind::ChangePaymentMethod { details: "Please switch to ACH.".into() },
        RequestKind::InvoiceCopy { invoice_number: "VE-000001".into() },
        RequestKind::ChangeBillingContact { new_contact_user_id: USER_EMAIL.into() },
        RequestKind::ChangeCountry { country: country("AT") },
        RequestKind::Other { text: "Please add our VAT ID\nDE123456789 to invoices.".into() },
    ]
}

// DOMAIN: SR-1, SR-2
#[test]
fn the_contact_submits_every_kind_of_request_and_only_the_contact() {
    let fx = Fixture::new();
    let kinds = all_kinds();
    for k in &kinds {
        for caller in [fx.user(), fx.rep(), fx.services(), Caller::Anonymous] {
            assert_eq!(fails(fx.portal.submit_request(&caller, fx.account, k)), Error::Forbidden, "{caller:?}");
        }
        let r = fx.portal.submit_request(&fx.contact(), fx.account, k).unwrap();
        assert_eq!((&r.kind, r.status, r.account_id), (k, RequestStatus::Open, fx.account));
        assert_eq!(r.submitted_at, fx.now());
        fx.clock.advance(time::Duration::seconds(1));
    }
    let listed = fx.portal.requests(&fx.services(), fx.account).unwrap();
    let listed: Vec<_> = listed.into_iter().rev().map(|r| r.kind).collect();
    assert_eq!(listed, kinds, "newest first");
    assert_eq!(fails(fx.portal.requests(&fx.user(), fx.account)), Error::Forbidden);
}

// DOMAIN: SR-2, SR-3, NOTE-1
#[test]
fn account_services_completes_a_request_applying_the_change_and_notifying_the_contact() {
    let fx = Fixture::new();
    assert_eq!(
        fx.portal.account(&fx.rep(), fx.account).unwrap().subscription.billing_interval,
        BillingInterval::Annual
    );
    let r = fx
        .portal
        .submit_request(
            &fx.contact(),
            fx.account,
            &RequestKind::ChangeBillingInterval { interval: BillingInterval::Monthly },
        )
        .unwrap();
    // The sales rep may not decide this kind, and the contact decides nothing.
    assert_eq!(fails(fx.portal.complete_request(&fx.rep(), fx.account, r.id, None)), Error::Forbidden);
    assert_eq!(fails(fx.portal.complete_request(&fx.contact(), fx.account, r.id, None)), Error::Forbidden);
    assert_eq!(fails(fx.portal.complete_request(&fx.other_rep(), fx.account, r.id, None)), Error::Forbidden);
    fx.drain();
    let done =
        fx.portal.complete_request(&fx.services(), fx.account, r.id, Some("Monthly from the next term.")).unwrap();
    assert_eq!(
        (done.status, done.resolution.as_deref()),
        (RequestStatus::Completed, Some("Monthly from the next term."))
    );
    assert!(done.decided_at.is_some());
    assert_eq!(
        fx.portal.account(&fx.rep(), fx.account).unwrap().subscription.billing_interval,
        BillingInterval::Monthly
    );
    let mail = fx.pending();
    assert_eq!(mail.len(), 1);
    assert_eq!((mail[0].kind, mail[0].recipient.as_str()), (NotificationKind::RequestCompleted, CONTACT_EMAIL));
    assert!(mail[0].body.contains("Monthly from the next term."));
    // Decided once.
    assert_eq!(fails(fx.portal.complete_request(&fx.services(), fx.account, r.id, None)).code(), "conflict");
    assert_eq!(fails(fx.portal.reject_request(&fx.services(), fx.account, r.id, "no")).code(), "conflict");
}

// DOMAIN: SR-2, NOTE-1
#[test]
fn a_rejection_needs_a_reason_changes_nothing_else_and_notifies_the_contact() {
    let fx = Fixture::new();
    let r = fx
        .portal
        .submit_request(
            &fx.contact(),
            fx.account,
            &RequestKind::ChangeBillingInterval { interval: BillingInterval::Monthly },
        )
        .unwrap();
    fx.drain();
    for reason in ["", "   "] {
        let e = fails(fx.portal.reject_request(&fx.services(), fx.account, r.id, reason));
        assert_eq!(e.code(), "invalid_input");
    }
    let rejected =
        fx.portal.reject_request(&fx.services(), fx.account, r.id, "Monthly billing needs a new contract.").unwrap();
    assert_eq!(
        (rejected.status, rejected.resolution.as_deref()),
        (RequestStatus::Rejected, Some("Monthly billing needs a new contract."))
    );
    assert_eq!(
        fx.portal.account(&fx.rep(), fx.account).unwrap().subscription.billing_interval,
        BillingInterval::Annual
    );
    let mail = fx.pending();
    assert_eq!(mail.len(), 1);
    assert_eq!((mail[0].kind, mail[0].recipient.as_str()), (NotificationKind::RequestRejected, CONTACT_EMAIL));
    assert!(mail[0].body.contains("needs a new contract"));
}

// DOMAIN: SR-2, NOTE-1
#[test]
fn a_completion_that_cannot_apply_leaves_the_request_open_and_queues_nothing() {
    let fx = Fixture::new();
    let r = fx
        .portal
        .submit_request(
            &fx.contact(),
            fx.account,
            &RequestKind::ChangeBillingContact { new_contact_user_id: "nobody@acme-gmbh.example".into() },
        )
        .unwrap();
    let copy = fx
        .portal
        .submit_request(&fx.contact(), fx.account, &RequestKind::InvoiceCopy { invoice_number: "VE-999999".into() })
        .unwrap();
    let before = fx.snapshot();
    assert_eq!(
        fails(fx.portal.complete_request(&fx.services(), fx.account, r.id, None)),
        Error::NotFound { entity: "login" }
    );
    assert_eq!(
        fails(fx.portal.complete_request(&fx.services(), fx.account, copy.id, None)),
        Error::NotFound { entity: "invoice" }
    );
    assert_eq!(fx.snapshot(), before);
    assert!(fx.portal.requests(&fx.services(), fx.account).unwrap().iter().all(|r| r.status == RequestStatus::Open));
}

// DOMAIN: SR-3
#[test]
fn only_account_services_changes_the_billing_interval_through_a_completed_request() {
    let fx = Fixture::new();
    for interval in
        [BillingInterval::Quarterly, BillingInterval::SemiAnnual, BillingInterval::Monthly, BillingInterval::Annual]
    {
        let r = fx
            .portal
            .submit_request(&fx.contact(), fx.account, &RequestKind::ChangeBillingInterval { interval })
            .unwrap();
        assert_eq!(fails(fx.portal.complete_request(&fx.rep(), fx.account, r.id, None)), Error::Forbidden);
        fx.portal.complete_request(&fx.services(), fx.account, r.id, None).unwrap();
        assert_eq!(fx.portal.account(&fx.contact(), fx.account).unwrap().subscription.billing_interval, interval);
        assert_eq!(fx.last_audit().2, "request_completed");
    }
}

// DOMAIN: SR-4
#[test]
fn auto_renewal_is_on_by_default_and_the_sales_rep_turns_it_off_directly() {
    let fx = Fixture::new();
    let on = || fx.portal.account(&fx.rep(), fx.account).unwrap().subscription.auto_renew;
    assert!(on());
    for caller in [fx.contact(), fx.user(), fx.services(), fx.other_rep()] {
        assert_eq!(fails(fx.portal.turn_off_auto_renewal(&caller, fx.account)), Error::Forbidden, "{caller:?}");
    }
    assert!(on());
    fx.portal.turn_off_auto_renewal(&fx.rep(), fx.account).unwrap();
    assert!(!on());
    assert_eq!(fx.last_audit().2, "auto_renewal_turned_off");
}

// DOMAIN: SR-4, SR-2
#[test]
fn auto_renewal_is_turned_off_by_a_completed_request_by_account_services_or_the_rep() {
    let fx = Fixture::new();
    let sister = fx.open(&fx.new_account("Acme Logistics GmbH", fx.contact_login));
    let on = |a| fx.portal.account(&fx.rep(), a).unwrap().subscription.auto_renew;
    for (account, decider) in [(fx.account, fx.services()), (sister, fx.rep())] {
        let r = fx.portal.submit_request(&fx.contact(), account, &RequestKind::TurnOffAutoRenewal).unwrap();
        assert!(on(account), "submitting alone changes nothing");
        fx.portal.complete_request(&decider, account, r.id, None).unwrap();
        assert!(!on(account));
    }
}

// DOMAIN: BC-1
#[test]
fn the_billing_contact_is_changed_by_the_contact_or_vendor_staff_and_nobody_else() {
    let fx = Fixture::new();
    let other = fx.other_company();
    for caller in [fx.user(), fx.other_rep(), other.contact(), Caller::Anonymous] {
        assert_eq!(
            fails(fx.portal.change_billing_contact(&caller, fx.account, USER_EMAIL)),
            Error::Forbidden,
            "{caller:?}"
        );
    }
    let contact = |a| fx.portal.billing_contact(&fx.services(), a).unwrap().login_id;
    assert_eq!(contact(fx.account), fx.contact_login);
    // The contact hands over.
    fx.drain();
    fx.portal.change_billing_contact(&fx.contact(), fx.account, USER_EMAIL).unwrap();
    assert_eq!(contact(fx.account), fx.user_login);
    let told: Vec<_> =
        fx.pending_of(NotificationKind::BillingContactChanged).into_iter().map(|n| n.recipient).collect();
    assert_eq!(told, vec![CONTACT_EMAIL.to_owned(), USER_EMAIL.to_owned()]);
    // The former contact has lost the account at once.
    assert_eq!(fails(fx.portal.quotes(&fx.contact(), fx.account)), Error::Forbidden);
    // The sales rep and Account Services hand it over too (by user ID, in any spelling).
    fx.portal.change_billing_contact(&fx.rep(), fx.account, "AP.ADMIN").unwrap();
    assert_eq!(contact(fx.account), fx.contact_login);
    fx.portal.change_billing_contact(&fx.services(), fx.account, USER_EMAIL).unwrap();
    assert_eq!(contact(fx.account), fx.user_login);
    // Handing to the current contact or to an unknown user ID fails.
    assert_eq!(fails(fx.portal.change_billing_contact(&fx.services(), fx.account, USER_EMAIL)).code(), "invalid_input");
    assert_eq!(
        fails(fx.portal.change_billing_contact(&fx.services(), fx.account, "ghost@acme-gmbh.example")),
        Error::NotFound { entity: "login" }
    );
}

// DOMAIN: BC-1, SR-2
#[test]
fn a_billing_contact_change_request_is_completed_by_the_sales_rep() {
    let fx = Fixture::new();
    fx.english(); // the texts below are the English ones (DOCS-1)
    let r = fx
        .portal
        .submit_request(
            &fx.contact(),
            fx.account,
            &RequestKind::ChangeBillingContact { new_contact_user_id: USER_EMAIL.into() },
        )
        .unwrap();
    fx.portal.complete_request(&fx.rep(), fx.account, r.id, None).unwrap();
    assert_eq!(fx.portal.billing_contact(&fx.rep(), fx.account).unwrap().login_id, fx.user_login);
    assert_eq!(fails(fx.portal.account(&fx.contact(), fx.account)), Error::Forbidden);
    // The completion goes to the contact as of the decision, the new one; the former contact
    // hears of the hand-over itself, and nothing more of the account.
    let done = fx.pending_of(NotificationKind::RequestCompleted);
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].recipient, USER_EMAIL);
    let changed = fx.pending_of(NotificationKind::BillingContactChanged);
    assert!(changed.iter().any(|n| n.recipient == CONTACT_EMAIL && n.body.contains("no longer")));
}

// DOMAIN: ADDR-1, SR-1
#[test]
fn a_country_change_goes_through_account_services() {
    let fx = Fixture::new();
    let r = fx
        .portal
        .submit_request(&fx.contact(), fx.account, &RequestKind::ChangeCountry { country: country("CH") })
        .unwrap();
    assert_eq!(fails(fx.portal.complete_request(&fx.rep(), fx.account, r.id, None)), Error::Forbidden);
    fx.portal.complete_request(&fx.services(), fx.account, r.id, None).unwrap();
    let address = fx.portal.account(&fx.contact(), fx.account).unwrap().billing_address;
    assert_eq!((address.country().code(), address.line1(), address.city()), ("CH", "Hauptstraße 1", "Berlin"));
}

// DOMAIN: INV-2, SR-1
#[test]
fn a_copy_of_an_invoice_is_asked_for_with_a_request() {
    let fx = Fixture::new();
    fx.english(); // the texts below are the English ones (DOCS-1)
    let inv = fx.invoice();
    let r = fx
        .portal
        .submit_request(&fx.contact(), fx.account, &RequestKind::InvoiceCopy { invoice_number: inv.number.clone() })
        .unwrap();
    fx.drain();
    fx.portal.complete_request(&fx.services(), fx.account, r.id, None).unwrap();
    let mail = fx.pending_of(NotificationKind::RequestCompleted);
    let copy = mail.iter().find(|n| n.subject.contains(&inv.number)).expect("the copy is mailed");
    assert_eq!(copy.recipient, CONTACT_EMAIL);
    assert!(
        copy.body.contains(&inv.number) && copy.body.contains("767.10") && copy.body.contains(ISSUER_NAME),
        "{}",
        copy.body
    );
}

// DOMAIN: SR-2, BC-2, PRIV-1
#[test]
fn results_of_requests_go_to_the_contact_at_decision_time_not_to_a_former_one() {
    let fx = Fixture::new();
    let inv = fx.invoice();
    let submit = |kind: RequestKind| fx.portal.submit_request(&fx.contact(), fx.account, &kind).unwrap().id;
    let copy = submit(RequestKind::InvoiceCopy { invoice_number: inv.number.clone() });
    let other = submit(RequestKind::Other { text: "Please send the W-9 again".into() });
    let interval = submit(RequestKind::ChangeBillingInterval { interval: corporate_billing::BillingInterval::Monthly });
    // Billing is handed over before Account Services gets to them.
    fx.other_company(); // its contact, gerd@globex.example, takes over billing
    fx.portal.change_billing_contact(&fx.services(), fx.account, "globex.billing").unwrap();
    fx.drain();
    fx.portal.complete_request(&fx.services(), fx.account, copy, None).unwrap();
    fx.portal.reject_request(&fx.services(), fx.account, other, "We do not do that").unwrap();
    fx.portal.complete_request(&fx.services(), fx.account, interval, Some("Monthly from now on")).unwrap();
    let mail = fx.pending();
    assert_eq!(mail.len(), 4, "{mail:?}");
    assert!(
        mail.iter().all(|n| n.recipient == "gerd@globex.example"),
        "only the current contact is told: {:?}",
        mail.iter().map(|n| &n.recipient).collect::<Vec<_>>()
    );
}

// DOMAIN: SR-1
#[test]
fn free_text_requests_are_checked() {
    let fx = Fixture::new();
    let before = fx.snapshot();
    for (kind, field) in [
        (RequestKind::Other { text: "   ".into() }, "text"),
        (RequestKind::Other { text: "x".repeat(2001) }, "text"),
        (RequestKind::Other { text: "bell\u{0007}".into() }, "text"),
        (RequestKind::InvoiceCopy { invoice_number: "".into() }, "invoice_number"),
        (RequestKind::ChangeBillingContact { new_contact_user_id: "no spaces allowed".into() }, "user_id"),
    ] {
        match fails(fx.portal.submit_request(&fx.contact(), fx.account, &kind)) {
            Error::InvalidInput { field: f, .. } => assert_eq!(f, field, "{kind:?}"),
            other => panic!("{kind:?}: {other:?}"),
        }
    }
    assert_eq!(fx.snapshot(), before);
    let ok = fx
        .portal
        .submit_request(&fx.contact(), fx.account, &RequestKind::Other { text: "  Line one\n\tLine two  ".into() })
        .unwrap();
    assert_eq!(ok.kind, RequestKind::Other { text: "Line one\n\tLine two".into() });
}
