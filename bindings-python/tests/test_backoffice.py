"""The back office from Python: payments, pagination, bank statements and dunning (PAYM-1,
BO-1, RECON-1, DUN-1). The rules are proven in Rust; these prove the boundary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import World

from corporate_billing import AccountPage, BillingPortal, Forbidden, InvalidInput, iter_vendor_invoices

STATEMENTS = Path(__file__).resolve().parents[2] / "examples" / "statements"


def invoices(world: World, n: int) -> list[str]:
    out = []
    for _ in range(n):
        q = world.quote()
        out.append(world.portal.accept_quote(world.contact(), world.us, q.id).id)
    return out


# DOMAIN: PAYM-1
def test_partial_payment_balance_and_reversal(world: World) -> None:
    portal = world.portal
    (inv,) = invoices(world, 1)
    total = portal.invoice(world.services, world.us, inv).balance_due.amount
    part = portal.record_payment(
        world.rep, world.us, inv, amount=Decimal("100.00"), currency="USD",
        received_on=dt.date(2026, 3, 3), method="wire_transfer", reference="first part",
    )
    assert part.status == "open" and part.balance_due.amount == total - Decimal("100.00")
    assert part.creditor_reference.startswith("RF")
    with pytest.raises(InvalidInput) as above:
        portal.record_payment(
            world.rep, world.us, inv, amount=total, currency="USD",
            received_on=dt.date(2026, 3, 3), method="wire_transfer", reference="too much",
        )
    assert above.value.field == "amount"
    with pytest.raises(InvalidInput):
        portal.record_payment(
            world.rep, world.us, inv, amount=1.5, currency="USD",  # type: ignore[arg-type]
            received_on=dt.date(2026, 3, 3), method="wire_transfer", reference="a float",
        )
    paid = portal.record_payment(
        world.rep, world.us, inv, amount=part.balance_due.amount, currency="USD",
        received_on=dt.date(2026, 3, 4), method="wire_transfer", reference="rest",
    )
    assert paid.status == "paid"
    history = portal.invoice_payments(world.contact(), world.us, inv)
    assert [p.amount.amount for p in history] == [Decimal("100.00"), part.balance_due.amount]
    reopened = portal.reverse_payment(world.services, world.us, history[1].id, dt.date(2026, 3, 9), "chargeback")
    assert reopened.status == "open" and reopened.balance_due == history[1].amount


# DOMAIN: BO-1
def test_the_lazy_iterator_reads_every_page_and_matches_one_page(world: World) -> None:
    invoices(world, 7)
    one = world.portal.vendor_invoices(world.services, limit=500)
    assert one.next_cursor is None and len(one.items) == 7
    pages = []
    page = world.portal.vendor_invoices(world.services, limit=3)
    pages.append(page)
    assert page.next_cursor is not None
    lazily = list(iter_vendor_invoices(world.portal, world.services, page_size=2))
    assert [i.id for i in lazily] == [i.id for i in one.items]
    assert [i.number for i in iter_vendor_invoices(world.portal, world.services, status="open", account_id=world.us)] == [
        i.number for i in one.items
    ]
    with pytest.raises(InvalidInput) as bad:
        world.portal.vendor_invoices(world.services, cursor="not-a-cursor")
    assert bad.value.field == "cursor"
    with pytest.raises(Forbidden):
        world.portal.vendor_invoices(world.contact())


# DOMAIN: BO-1
def test_accounts_and_invoices_filter_by_status_country_and_issuer(world: World) -> None:
    portal, services = world.portal, world.services

    def names(page: AccountPage) -> list[str]:
        return [a.company_name for a in page.items]

    assert names(portal.vendor_accounts(services)) == ["Acme Robotics GmbH", "Acme Robotics Inc."]
    assert names(portal.vendor_accounts(services, country="de")) == ["Acme Robotics GmbH"]
    assert names(portal.vendor_accounts(services, subscription_status="active", country="US")) == ["Acme Robotics Inc."]
    assert names(portal.vendor_accounts(services, subscription_status="expired")) == []
    with pytest.raises(InvalidInput) as bad_status:
        portal.vendor_accounts(services, subscription_status="lapsed")  # type: ignore[arg-type]
    assert bad_status.value.field == "subscription_status"
    with pytest.raises(InvalidInput) as bad_country:
        portal.vendor_accounts(services, country="XX")
    assert bad_country.value.field == "country"
    issued = invoices(world, 2)
    by_issuer = portal.vendor_invoices(services, issuer_id=world.issuer_id)
    assert [i.id for i in by_issuer.items] == issued


# DOMAIN: RECON-1, PAYM-1
def test_a_camt_053_statement_is_matched_and_importing_it_again_records_nothing(world: World) -> None:
    portal = world.portal
    (inv,) = invoices(world, 1)
    invoice = portal.invoice(world.services, world.us, inv)
    xml = (STATEMENTS / "camt054-notification.xml").read_text()
    xml = xml.replace("EUR", "USD").replace("467.10", str(invoice.balance_due.amount))
    xml = xml.replace("{REF2PRINTED}", invoice.creditor_reference)
    report = portal.import_bank_statement(world.services, xml.encode())
    assert [(e.outcome, e.invoice_number) for e in report.entries] == [("matched", invoice.number)]
    assert portal.invoice(world.services, world.us, inv).status == "paid"
    again = portal.import_bank_statement(world.services, xml.encode())
    assert [e.reason for e in again.entries] == ["duplicate"]

    # The bank returns the payment: the statement's return reverses it and the invoice is due again.
    returns = (STATEMENTS / "camt053-returns.xml").read_text().replace("EUR", "USD")
    returns = returns.replace("767.10", str(invoice.balance_due.amount)).replace("{E2E3}", invoice.number)
    taken_back = portal.import_bank_statement(world.services, returns.encode()).entries[0]
    assert (taken_back.outcome, taken_back.debit, taken_back.return_reason) == ("reversed", True, "AM04")
    assert taken_back.payment_id == report.entries[0].payment_id
    reopened = portal.invoice(world.services, world.us, inv)
    assert reopened.status == "open" and reopened.balance_due == invoice.balance_due
    (payment,) = portal.invoice_payments(world.contact(), world.us, inv)
    assert (payment.reversed_on, payment.reversal_reason) == (dt.date(2026, 4, 14), "returned_debit")
    with pytest.raises(InvalidInput) as bad:
        portal.import_bank_statement(world.services, b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>")
    assert bad.value.field == "statement"


# DOMAIN: DUN-1
def test_dunning_reminds_once_per_stage_and_pauses(world: World) -> None:
    portal = world.portal
    (inv,) = invoices(world, 1)
    due = portal.invoice(world.services, world.us, inv).due_date
    portal.pause_dunning(world.rep, world.us)
    assert portal.run_dunning(world.services, due + dt.timedelta(days=7)).invoices_reminded == 0
    portal.pause_dunning(world.rep, world.us, paused=False)
    first = portal.run_dunning(world.services, due + dt.timedelta(days=7))
    assert first.invoices_reminded == 1 and first.reminders_queued >= 1
    assert portal.run_dunning(world.services, due + dt.timedelta(days=7)).invoices_reminded == 0
    reminders = [n for n in portal.pending_notifications(1000) if n.kind == "payment_reminder"]
    assert len(reminders) == first.reminders_queued
    assert portal.invoice(world.services, world.us, inv).dunning_stage == 1


# DOMAIN: DUN-1
def test_the_vendor_sets_the_reminder_stages(world: World) -> None:
    (inv,) = invoices(world, 1)
    three_days_late = world.portal.invoice(world.services, world.us, inv).due_date + dt.timedelta(days=3)
    assert world.portal.run_dunning(world.services, three_days_late).invoices_reminded == 0
    with BillingPortal(world.db, clock=world.clock, dunning_stages=[3, 10]) as early:
        assert early.run_dunning(world.services, three_days_late).invoices_reminded == 1
        assert early.invoice(world.services, world.us, inv).dunning_stage == 1
    with BillingPortal(world.db, clock=world.clock, dunning_stages=[10, 3]) as unordered:
        with pytest.raises(InvalidInput) as bad:
            unordered.run_dunning(world.services, three_days_late)
        assert bad.value.field == "dunning_stages"


# DOMAIN: SUB-3, DUN-1
def test_the_vendor_sets_how_far_ahead_a_run_may_be_dated(world: World) -> None:
    today = world.clock.now().date()
    for run in (world.portal.run_renewals, world.portal.run_dunning):
        with pytest.raises(InvalidInput) as bad:
            run(world.services, today + dt.timedelta(days=401))  # the default horizon is 400 days
        assert bad.value.field == "date"
    with BillingPortal(world.db, clock=world.clock, run_date_horizon_days=30) as near:
        with pytest.raises(InvalidInput) as bad:
            near.run_dunning(world.services, today + dt.timedelta(days=31))
        assert bad.value.field == "date"
        near.run_dunning(world.services, today + dt.timedelta(days=30))  # at the horizon: runs
