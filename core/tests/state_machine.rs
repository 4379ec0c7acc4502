//! A state-machine property test: random sequences of portal operations by random actors. After
//! every step: a denial happens exactly where the permission table says so, no quote moves
//! along an illegal transition, and every invoice's totals are exact.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::*;
use corporate_billing::access::{Action, Role, allowed};
use corporate_billing::{
    AccountId, BillingInterval, BillingPortal, Caller, Error, InvoiceId, InvoiceStatus, QuoteId, QuoteStatus,
    RequestId, RequestKind,
};
use proptest::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone)]
enum Op {
    IssueQuote,
    Accept(usize),
    Decline(usize),
    Withdraw(usize),
    Pay(usize),
    Void(usize),
    ChangePhone,
    Submit(u8),
    Complete(usize),
    Reject(usize),
    TurnOffAutoRenewal,
    ViewContact,
    ListInvoices,
    ReadAudit,
    Wait(u8),
}

fn op() -> impl Strategy<Value = Op> {
    let i = 0usize..6;
    prop_oneof![
        3 => Just(Op::IssueQuote),
        3 => i.clone().prop_map(Op::Accept),
        2 => i.clone().prop_map(Op::Decline),
        1 => i.clone().prop_map(Op::Withdraw),
        2 => i.clone().prop_map(Op::Pay),
        1 => i.clone().prop_map(Op::Void),
        1 => Just(Op::ChangePhone),
        2 => (0u8..3).prop_map(Op::Submit),
        2 => i.clone().prop_map(Op::Complete),
        1 => i.clone().prop_map(Op::Reject),
        1 => Just(Op::TurnOffAutoRenewal),
        1 => Just(Op::ViewContact),
        1 => Just(Op::ListInvoices),
        1 => Just(Op::ReadAudit),
        1 => (1u8..40).prop_map(Op::Wait),
    ]
}

/// What the model knows: the IDs created so far and each quote's last seen status.
#[derive(Default)]
struct Model {
    quotes: Vec<QuoteId>,
    invoices: Vec<InvoiceId>,
    requests: Vec<(RequestId, RequestKind)>,
    status: HashMap<QuoteId, QuoteStatus>,
}

fn legal(from: QuoteStatus, to: QuoteStatus) -> bool {
    use QuoteStatus::*;
    from == to || matches!((from, to), (Open, Expired | Accepted | Declined | Withdrawn) | (Expired, Withdrawn))
}

fn pick<T: Clone>(v: &[T], i: usize) -> Option<T> {
    (!v.is_empty()).then(|| v[i % v.len()].clone())
}

fn request_kind(k: u8) -> RequestKind {
    match k {
        0 => RequestKind::ChangeBillingInterval { interval: BillingInterval::Quarterly },
        1 => RequestKind::TurnOffAutoRenewal,
        _ => RequestKind::Other { text: "Please send a W-9 by post".into() },
    }
}

/// Runs one operation; returns the action it needs and its outcome.
fn run(fx: &Fixture, m: &mut Model, who: &Caller, op: &Op) -> Option<(Action, Result<(), Error>)> {
    let (p, a): (&BillingPortal, AccountId) = (&fx.portal, fx.account);
    Some(match op {
        Op::IssueQuote => (Action::IssueQuote, p.issue_quote(who, a, &fx.new_quote()).map(|q| m.quotes.push(q.id))),
        Op::Accept(i) => {
            let q = pick(&m.quotes, *i)?;
            (Action::DecideQuote, p.accept_quote(who, a, q, None).map(|inv| m.invoices.push(inv.id)))
        }
        Op::Decline(i) => (Action::DecideQuote, p.decline_quote(who, a, pick(&m.quotes, *i)?, Some("no")).map(drop)),
        Op::Withdraw(i) => (Action::WithdrawQuote, p.withdraw_quote(who, a, pick(&m.quotes, *i)?).map(drop)),
        Op::Pay(i) => {
            let today = fx.today();
            (Action::RecordPayment, p.record_payment(who, a, pick(&m.invoices, *i)?, &paid_in_full(today)).map(drop))
        }
        Op::Void(i) => (
            Action::VoidInvoice,
            p.void_invoice(who, a, pick(&m.invoices, *i)?, "correction").map(|cn| m.invoices.push(cn.id)),
        ),
        Op::ChangePhone => (Action::ChangeBillingData, p.change_phone(who, a, "+49 30 901820").map(drop)),
        Op::Submit(k) => {
            let kind = request_kind(*k);
            (Action::SubmitRequest, p.submit_request(who, a, &kind).map(|r| m.requests.push((r.id, kind))))
        }
        Op::Complete(i) => {
            let (id, kind) = pick(&m.requests, *i)?;
            (kind.deciding_action(), p.complete_request(who, a, id, None).map(drop))
        }
        Op::Reject(i) => {
            let (id, kind) = pick(&m.requests, *i)?;
            (kind.deciding_action(), p.reject_request(who, a, id, "not possible").map(drop))
        }
        Op::TurnOffAutoRenewal => (Action::TurnOffAutoRenewal, p.turn_off_auto_renewal(who, a)),
        Op::ViewContact => (Action::ViewBillingContact, p.billing_contact(who, a).map(drop)),
        Op::ListInvoices => (Action::ViewInvoices, p.invoices(who, a).map(drop)),
        Op::ReadAudit => (Action::ReadAudit, p.audit_log(who, a).map(drop)),
        Op::Wait(days) => {
            fx.advance_days(i64::from(*days));
            return None;
        }
    })
}

fn check_invariants(fx: &Fixture, m: &mut Model) {
    let services = fx.services();
    for q in &m.quotes {
        let now = fx.portal.quote(&services, fx.account, *q).unwrap().status;
        if let Some(before) = m.status.insert(*q, now) {
            assert!(legal(before, now), "quote {q}: {before:?} -> {now:?}");
        }
    }
    for id in &m.invoices {
        let inv = fx.portal.invoice(&services, fx.account, *id).unwrap();
        let t = &inv.document.totals;
        let line_sum: rust_decimal::Decimal = inv.document.lines.iter().map(|l| l.net.amount()).sum();
        let vat_sum: rust_decimal::Decimal = t.vat_breakdown.iter().map(|v| v.vat.amount()).sum();
        assert_eq!(t.net.amount(), line_sum, "{}", inv.number);
        assert_eq!(t.vat.amount(), vat_sum, "{}", inv.number);
        assert_eq!(t.total.amount(), t.net.amount() + t.vat.amount(), "{}", inv.number);
        for v in &t.vat_breakdown {
            assert_eq!(v.vat.amount(), eur().round(v.taxable.amount() * v.rate / rust_decimal::Decimal::ONE_HUNDRED));
        }
        assert!(inv.status != InvoiceStatus::Paid || inv.paid_on.is_some());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, max_shrink_iters: 64, ..ProptestConfig::default() })]

    // DOMAIN: ACC-3, QUO-3, QUO-6, INV-5, SR-2, SR-4, PRIV-1, AUD-1
    #[test]
    fn random_operations_by_random_actors_keep_the_invariants(steps in prop::collection::vec((0usize..6, op()), 1..40)) {
        let fx = Fixture::new();
        let actors: [(Caller, Role); 6] = [
            (fx.contact(), Role::BillingContact),
            (fx.user(), Role::AccountUser),
            (fx.rep(), Role::SalesRep),
            (fx.services(), Role::AccountServices),
            (fx.other_rep(), Role::Outsider),
            (Caller::Anonymous, Role::Outsider),
        ];
        let mut m = Model::default();
        for (who, op) in &steps {
            let (caller, role) = &actors[*who];
            if let Some((action, outcome)) = run(&fx, &mut m, caller, op) {
                match (&outcome, allowed(*role, action)) {
                    (Err(Error::Forbidden), true) => prop_assert!(false, "{role:?} was denied {op:?}"),
                    (Err(Error::Forbidden), false) => {}
                    (_, false) => prop_assert!(false, "{role:?} was let through for {op:?}: {outcome:?}"),
                    (Err(e), true) => prop_assert!(
                        matches!(e.code(), "conflict" | "quote_expired" | "not_found" | "invalid_input"),
                        "{op:?} by {role:?}: {e:?}"
                    ),
                    (Ok(()), true) => {}
                }
            }
            check_invariants(&fx, &mut m);
        }
        prop_assert!(fx.portal.verify_audit_log(&fx.services()).is_ok());
    }
}
