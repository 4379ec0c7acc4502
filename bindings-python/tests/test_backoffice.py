"""The back office from Python: payments, pagination, bank statements and dunning (PAYM-1,
BO-1, RECON-1, RECON-2, DUN-1, DUN-2). The rules are proven in Rust; these prove the boundary."""

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
    # The sample statements are for this account: the issuer's own (RECON-2).
    portal.set_issuer_e_invoicing(world.issuer_id, iban="NL91 ABNA 0417 1643 00")
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


# DOMAIN: DUN-1, DUN-2
def test_the_vendor_sets_the_reminder_stages(world: World) -> None:
    (inv,) = invoices(world, 1)
    three_days_late = world.portal.invoice(world.services, world.us, inv).due_date + dt.timedelta(days=3)
    assert world.portal.run_dunning(world.services, three_days_late).invoices_reminded == 0
    with BillingPortal(world.db, clock=world.clock, dunning_stages=[3, 10], reminder_payment_days=14) as early:
        assert early.run_dunning(world.services, three_days_late).invoices_reminded == 1
        assert early.invoice(world.services, world.us, inv).dunning_stage == 1
    # A bad configuration is refused when the portal is built, out-of-range ints included.
    bad_configs: list[dict[str, object]] = [
        {"dunning_stages": [0]},
        {"dunning_stages": [10, 3]},
        {"dunning_stages": [400]},
        {"dunning_stages": [-5]},
        {"dunning_stages": [2**70]},
        {"dunning_stages": list(range(1, 12))},
        {"reminder_payment_days": 0},
        {"reminder_payment_days": -1},
        {"reminder_payment_days": 2**64},
    ]
    for config in bad_configs:
        with pytest.raises(InvalidInput) as bad:
            BillingPortal(world.db, clock=world.clock, **config)  # type: ignore[arg-type]
        assert bad.value.field == next(iter(config)), config


# DOMAIN: DUN-2
def test_a_reminder_asks_for_the_balance_due_by_a_new_deadline(world: World) -> None:
    portal = world.portal
    (inv,) = invoices(world, 1)
    invoice = portal.invoice(world.services, world.us, inv)
    portal.record_payment(
        world.rep, world.us, inv, amount=Decimal("100.00"), currency="USD",
        received_on=dt.date(2026, 3, 3), method="wire_transfer", reference="first part",
    )
    balance = invoice.balance_due.amount - Decimal("100.00")
    day = invoice.due_date + dt.timedelta(days=7)
    portal.run_dunning(world.services, day)
    (reminder, *_) = [n for n in portal.pending_notifications(1000) if n.kind == "payment_reminder"]
    assert "We have received 100.00 USD so far." in reminder.body
    deadline = (day + dt.timedelta(days=10)).isoformat()
    assert f"Please pay {balance:,} USD by {deadline}" in reminder.body, reminder.body


def camt053(iban: str, entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>'
        "<GrpHdr><MsgId>PY-1</MsgId><CreDtTm>2026-04-10T06:00:00Z</CreDtTm></GrpHdr>"
        f"<Stmt><Id>PY-STMT-1</Id><Acct><Id><IBAN>{iban}</IBAN></Id></Acct>{entries}</Stmt>"
        "</BkToCstmrStmt></Document>"
    ).encode()


def entry(ref: str, amount: Decimal, direction: str, details: str, extra: str = "") -> str:
    return (
        f'<Ntry><Amt Ccy="USD">{amount}</Amt><CdtDbtInd>{direction}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
        f"<BookgDt><Dt>2026-04-09</Dt></BookgDt><AcctSvcrRef>{ref}</AcctSvcrRef>{extra}"
        f"<NtryDtls>{details}</NtryDtls></Ntry>"
    )


def tx(amount: Decimal, reference: str) -> str:
    return (
        f'<TxDtls><Amt Ccy="USD">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
        f"<RmtInf><Strd><CdtrRefInf><Ref>{reference}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>"
    )


# DOMAIN: RECON-2
def test_a_statement_with_charges_a_batch_and_a_foreign_iban(world: World) -> None:
    portal = world.portal
    portal.set_issuer_e_invoicing(world.issuer_id, iban="NL91ABNA0417164300")
    ids = invoices(world, 3)
    inv = [portal.invoice(world.services, world.us, i) for i in ids]
    total = [i.balance_due.amount for i in inv]
    charges = '<Chrgs><Rcrd><Amt Ccy="USD">2.50</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd></Chrgs>'
    half = (total[1] / 2).quantize(Decimal("0.01"))
    entries = (
        entry("PY-1", total[0], "CRDT", tx(total[0], inv[0].creditor_reference), charges)
        + entry("PY-2", total[2] + half, "CRDT", tx(total[2], inv[2].creditor_reference) + tx(half, inv[1].creditor_reference))
        + entry("PY-3", total[2] + 1, "CRDT", tx(total[2], inv[2].creditor_reference) + tx(half, inv[1].creditor_reference))
    )
    xml = camt053("nl91 abna 0417 1643 00", entries)
    foreign = camt053("GB82 WEST 1234 5698 7654 32", entries)
    with pytest.raises(InvalidInput) as refused:
        portal.import_bank_statement(world.services, foreign)
    assert refused.value.field == "statement_account"
    assert [portal.invoice(world.services, world.us, i).balance_due.amount for i in ids] == total

    report = portal.import_bank_statement(world.services, xml)
    assert [(e.outcome, e.reason, e.invoice_number) for e in report.entries] == [
        ("matched", None, inv[0].number),
        ("matched", None, inv[2].number),
        ("partial", None, inv[1].number),
        ("unmatched", "batch_mismatch", None),
    ]
    assert {(e.statement_id, e.account) for e in report.entries} == {("PY-STMT-1", "NL91ABNA0417164300")}
    after = [Decimal("0.00"), total[1] - half, Decimal("0.00")]
    assert [portal.invoice(world.services, world.us, i).balance_due.amount for i in ids] == after
    again = portal.import_bank_statement(world.services, camt053("NL91ABNA0417164300", entries))
    assert [e.reason for e in again.entries] == ["duplicate", "duplicate", "duplicate", "batch_mismatch"]
    assert [portal.invoice(world.services, world.us, i).balance_due.amount for i in ids] == after


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


# DOMAIN: API-1, EINV-5, EINV-6
def test_the_buyer_e_invoicing_form_the_format_and_the_hosts_issuer_lookup(world: World) -> None:
    portal, contact = world.portal, world.contact()
    assert portal.holds_data()
    assert portal.issuer_of_account(world.us) == world.issuer_id
    before = portal.e_invoice_settings(contact, world.us)
    # A Norwegian organisation number with a wrong check digit: refused, the field named, nothing kept.
    with pytest.raises(InvalidInput) as bad:
        portal.set_buyer_e_invoicing(contact, world.us, reference="AP-1", electronic_address=("0192", "974760674"))
    assert bad.value.field == "electronic_address"
    assert portal.e_invoice_settings(contact, world.us) == before
    settings = portal.set_buyer_e_invoicing(contact, world.us, reference="AP-1", electronic_address=("0192", "974760673"))
    assert settings.format in settings.available
    (inv,) = invoices(world, 1)
    pdf = portal.e_invoice_as(contact, world.us, inv, "factur_x_pdf")
    assert pdf.content_type == "application/pdf" and pdf.content.startswith(b"%PDF-")
