"""The whole portal from Python: one scenario through every kind of operation (API-1).

The rules themselves are proved by the Rust tests; here we prove that Python reaches each
operation and gets the core's answers back intact.
"""

from __future__ import annotations

import datetime as dt
import doctest
import re
from decimal import Decimal
from pathlib import Path

import pytest

import corporate_billing as cb
from corporate_billing import BillingPortal, PaymentMethod, QuoteEffect, RequestKind

from conftest import EMAIL, PASSWORD, TODAY, USERNAME, W9, World

CORE_PORTAL = Path(__file__).resolve().parents[2] / "core" / "src" / "portal"

# Builder methods of the Rust facade; Python passes their values as keyword arguments of
# BillingPortal(...) / open() / open_in_memory() instead.
BUILDERS = {"with_clock", "with_config", "try_with_config", "check", "config"}
# Methods of EInvoiceFormat, a value that portal/e_invoices.rs defines beside the facade: not operations.
VALUE_METHODS = {"code", "label", "parse"}


# DOMAIN: API-1
def test_every_operation_of_the_rust_facade_is_reachable_from_python() -> None:
    names = set()
    for source in sorted(CORE_PORTAL.glob("*.rs")):
        names |= set(re.findall(r"^    pub fn (\w+)", source.read_text(), flags=re.M))
    assert len(names) > 40, names
    missing = sorted(n for n in names - BUILDERS - VALUE_METHODS if not callable(getattr(BillingPortal, n, None)))
    assert missing == []


# DOMAIN: API-1, AUTH-1, ACC-4
def test_sign_in_with_username_or_email_lists_the_contacts_accounts(world: World) -> None:
    by_name = world.portal.sign_in(USERNAME, PASSWORD)
    by_mail = world.portal.sign_in(f"  {EMAIL.upper()} ", PASSWORD)
    assert by_name.login_id == by_mail.login_id == world.contact_id
    assert by_name.token != by_mail.token
    assert by_name.expires_at == dt.datetime(2026, 3, 2, 21, 0, tzinfo=dt.timezone.utc)
    accounts = world.portal.my_accounts(by_name.token)
    assert [a.company_name for a in accounts] == ["Acme Robotics GmbH", "Acme Robotics Inc."]
    assert {a.id for a in accounts} == {world.us, world.de}
    assert "<redacted>" in repr(by_name)
    assert by_name.token not in repr(by_name)


# DOMAIN: API-1, QUO-2, QUO-3, QUO-4, QUO-5, INV-2, INV-3, AUTH-10
def test_quotes_accepted_with_a_purchase_order_and_declined(world: World) -> None:
    portal, contact = world.portal, world.contact()
    first = world.quote()
    second = world.quote(price="99.99")
    assert first.status == "open" and first.currency == "USD"
    assert first.totals.net == cb.Money(Decimal("1200.00"), "USD")
    assert first.totals.vat.amount == Decimal("99.00")
    assert first.totals.total.amount == Decimal("1299.00")
    assert [v.rate for v in first.totals.vat_breakdown] == [Decimal("8.25")]
    assert first.lines[0].net.amount == Decimal("1200.00")
    assert first.effect == QuoteEffect.add_seats(10)

    listed = portal.quotes(contact, world.us)
    assert [q.id for q in listed] == [second.id, first.id]
    assert portal.quote(contact, world.us, first.id) == first

    portal.set_requires_purchase_order(contact, world.us, True)
    po = portal.add_purchase_order(contact, world.us, "PO-2026-0042", dt.date(2026, 12, 31))
    invoice = portal.accept_quote(contact, world.us, first.id, "PO-2026-0042")
    assert invoice.kind == "invoice" and invoice.status == "open" and not invoice.overdue
    assert invoice.number == "NW-000001"
    assert invoice.total.amount == Decimal("1299.00")
    assert invoice.document.purchase_order == po.number
    assert invoice.document.billing_contact_user_id == USERNAME
    assert invoice.issue_date == TODAY and invoice.due_date == TODAY + dt.timedelta(days=30)
    assert portal.quote(contact, world.us, first.id).invoice_id == invoice.id
    assert portal.account(contact, world.us).subscription.seats == 35

    declined = portal.decline_quote(contact, world.us, second.id, "Budget is frozen until Q3")
    assert declined.status == "declined" and declined.decline_reason == "Budget is frozen until Q3"
    assert declined.decided_at == world.clock.now()

    listed_invoices = portal.invoices(contact, world.us)
    assert [i.number for i in listed_invoices] == ["NW-000001"]
    assert listed_invoices[0].total == invoice.total
    assert portal.invoice(contact, world.us, invoice.id) == invoice
    text = portal.print_invoice(contact, world.us, invoice.id).text
    html = portal.print_invoice(contact, world.us, invoice.id, "html").text
    assert text is not None and html is not None
    for printed in (text, html):
        assert "NW-000001" in printed and USERNAME in printed and "PO-2026-0042" in printed
        assert "1,299.00" in printed  # English amounts (DOCS-1)
    assert html.startswith("<!DOCTYPE html>")


# DOMAIN: API-1, PAY-1, PAY-3, ADDR-1, ADDR-2, REC-1, PO-1
def test_billing_data_changed_by_the_contact(world: World) -> None:
    portal, contact = world.portal, world.contact()
    card = PaymentMethod.card("tok_visa_4242", "visa", "4242", 12, 2030)
    portal.set_payment_method(contact, world.us, card)
    address = portal.change_address(
        contact, world.us, line1="200 Clarendon Street", line2="Floor 12", city="Boston", region="MA", postal_code="02116"
    )
    assert address.country == "US" and address.line2 == "Floor 12"
    assert portal.change_phone(contact, world.us, "(617) 555-0142") == "+16175550142"
    portal.add_invoice_recipient(contact, world.us, "ap@acme-robotics.example")
    portal.add_invoice_recipient(contact, world.us, "controller@acme-robotics.example")
    portal.remove_invoice_recipient(contact, world.us, "AP@ACME-ROBOTICS.EXAMPLE")
    po = portal.add_purchase_order(contact, world.us, "PO-1", dt.date(2026, 6, 30))
    edited = portal.edit_purchase_order(contact, world.us, po.id, po.version, "PO-1-A", dt.date(2026, 9, 30))
    assert (edited.number, edited.expires_on, edited.version) == ("PO-1-A", dt.date(2026, 9, 30), po.version + 1)
    assert portal.purchase_orders(contact, world.us) == [edited]
    with pytest.raises(cb.Conflict):
        portal.edit_purchase_order(contact, world.us, po.id, po.version, "PO-1-B", dt.date(2026, 9, 30))

    overview = portal.account(contact, world.us)
    assert (overview.payment_method.kind, overview.payment_method.brand) == ("card", "visa")
    assert overview.payment_method.description == "Visa ending in 4242, expires 12/2030"
    assert portal.stored_payment_method(world.us) == card
    assert overview.billing_address == address
    assert overview.phone == "+16175550142"
    assert overview.invoice_recipients == ["controller@acme-robotics.example"]
    assert overview.kind == "corporate" and overview.currency == "USD"


# DOMAIN: API-1, SR-1, SR-2, SR-3, DOC-1, PRIV-1
def test_requests_documents_and_the_contacts_privacy(world: World) -> None:
    portal, contact = world.portal, world.contact()
    request = portal.submit_request(contact, world.us, RequestKind.change_billing_interval("quarterly"))
    assert request.status == "open" and request.kind.interval == "quarterly"
    done = portal.complete_request(world.services, world.us, request.id, "Changed from the next period on.")
    assert done.status == "completed" and done.resolution == "Changed from the next period on."
    assert portal.account(contact, world.us).subscription.billing_interval == "quarterly"
    other = portal.submit_request(contact, world.us, RequestKind.other("Please send paper invoices"))
    rejected = portal.reject_request(world.services, world.us, other.id, "We only send e-mail.")
    assert rejected.status == "rejected"
    assert [r.id for r in portal.requests(contact, world.us)] == [other.id, request.id]

    w9 = portal.w9_form(contact, world.us)
    assert (w9.file_name, w9.content_type, w9.content) == ("W-9.pdf", "application/pdf", W9)
    with pytest.raises(cb.NotAvailableInCountry):
        portal.w9_form(contact, world.de)

    # An account user sees the account, but not who the billing contact is.
    assert portal.account(world.user, world.us).company_name == "Acme Robotics Inc."
    with pytest.raises(cb.Forbidden) as refused:
        portal.billing_contact(world.user, world.us)
    assert EMAIL not in str(refused.value) and USERNAME not in str(refused.value)
    me = portal.billing_contact(contact, world.us)
    assert (me.name, me.email, me.user_id, me.phone) == ("Dana Whitfield", EMAIL, USERNAME, "+16175550100")


# DOMAIN: API-1, SUB-3, INV-6, INV-1, PO-1, SR-4, AUD-1, NOTE-1
def test_vendor_jobs_payments_voids_audit_and_outbox(world: World) -> None:
    portal, contact = world.portal, world.contact()
    report = portal.run_renewals(world.services, dt.date(2026, 4, 1))
    assert (report.renewed, report.expired, report.invoices_issued, report.not_renewed) == (2, 0, 2, [])
    again = portal.run_renewals(world.services, dt.date(2026, 4, 1))
    assert again.invoices_issued == 0
    renewal = portal.invoices(contact, world.us)[0]
    assert renewal.total.amount == Decimal("3000.00")
    # The renewed year is the period of service billed (BT-73, BT-74).
    billed = portal.invoice(contact, world.us, renewal.id).document.service_period
    assert billed == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))

    paid = portal.record_payment(
        world.rep,
        world.us,
        renewal.id,
        amount=renewal.balance_due.amount,
        currency=renewal.balance_due.currency,
        received_on=dt.date(2026, 4, 10),
        method="wire_transfer",
        reference="Transfer",
    )
    assert paid.status == "paid" and paid.paid_on == dt.date(2026, 4, 10)
    credit = portal.void_invoice(world.services, world.de, portal.invoices(contact, world.de)[0].id, "Wrong VAT ID")
    assert credit.kind == "credit_note" and credit.total.amount < 0 and credit.refers_to is not None

    portal.add_purchase_order(contact, world.us, "PO-EXPIRING", dt.date(2026, 3, 20))
    assert portal.remind_expiring_purchase_orders(world.services, TODAY) == 1
    portal.turn_off_auto_renewal(world.rep, world.us)
    assert not portal.account(contact, world.us).subscription.auto_renew
    portal.change_country(world.services, world.us, "CA")
    assert portal.account(contact, world.us).billing_address.country == "CA"

    log = portal.audit_log(world.rep, world.us)
    assert log[0].action == "account_opened" and all(r.account_id == world.us for r in log)
    assert log[-1].at.tzinfo is not None
    assert portal.verify_audit_log(world.services) >= len(log)

    pending = portal.pending_notifications(500)
    assert {n.kind for n in pending} >= {"invoice_issued", "purchase_order_expiring"}
    portal.mark_notification_sent(pending[0].id)
    assert pending[0].id not in {n.id for n in portal.pending_notifications(500)}


# DOMAIN: API-1, AUTH-6, AUTH-7, AUTH-8, AUTH-9, BC-1, BC-2, QUO-6
def test_credentials_sessions_and_handing_billing_over(world: World) -> None:
    portal = world.portal
    session = portal.sign_in(USERNAME, PASSWORD)
    portal.change_password(session.token, PASSWORD, "a brand new passphrase 2026")
    portal.sign_out(session.token)
    with pytest.raises(cb.Unauthenticated):
        portal.my_accounts(session.token)

    portal.forgot_password(EMAIL)
    mail = [n for n in portal.pending_notifications(500) if n.kind == "password_reset"][-1]
    link = re.search(r"token=(\S+)", mail.body)
    assert link is not None and mail.recipient == EMAIL
    token = link.group(1).rstrip(".")
    portal.reset_password(token, "yet another passphrase 2026")
    with pytest.raises(cb.InvalidToken):
        portal.reset_password(token, "yet another passphrase 2027")
    session = portal.sign_in(USERNAME, "yet another passphrase 2026")

    quote = world.quote()
    assert portal.withdraw_quote(world.rep, world.us, quote.id).status == "withdrawn"

    portal.change_billing_contact_to_new_login(
        session.caller, world.de, name="Kim Berger", email="kim.berger@acme-robotics.example"
    )
    assert portal.billing_contact(world.rep, world.de).email == "kim.berger@acme-robotics.example"
    with pytest.raises(cb.Forbidden):
        portal.account(session.caller, world.de)
    portal.change_billing_contact(world.rep, world.de, USERNAME)
    assert portal.billing_contact(world.rep, world.de).login_id == world.contact_id


def is_closed(portal: BillingPortal) -> bool:
    return portal.closed


# DOMAIN: API-1
def test_portal_is_a_context_manager_and_refuses_calls_once_closed(database: str) -> None:
    path = database
    with BillingPortal.open(path) as portal:
        assert not is_closed(portal)
        assert portal.pending_notifications() == []
    assert is_closed(portal) and "closed" in repr(portal)
    with pytest.raises(ValueError, match="closed"):
        portal.pending_notifications()
    # The database keeps what was written; another portal opens it again.
    with BillingPortal(path) as again:
        assert again.pending_notifications() == []
    with BillingPortal.open_in_memory() as memory:
        assert memory.pending_notifications() == []


# DOMAIN: API-1
def test_the_package_docstring_example_runs() -> None:
    failures, tried = doctest.testmod(cb)
    assert (failures, tried > 0) == (0, True)


# DOMAIN: AUTH-11, API-1
def test_the_host_purges_what_expired(world: World) -> None:
    portal = world.portal
    session = portal.sign_in(USERNAME, PASSWORD)
    portal.sign_out(session.token)
    for _ in range(3):
        with pytest.raises(cb.InvalidCredentials):
            portal.sign_in("nobody.at.all", "a guess of fifteen characters")
    world.clock.advance(dt.timedelta(days=2))
    report = portal.purge_expired()
    assert isinstance(report, cb.PurgeReport)
    assert report.sessions >= 1 and report.throttle_entries == 1
    assert "sessions=" in repr(report)
    again = portal.purge_expired()
    assert (again.sessions, again.throttle_entries, again.credential_links) == (0, 0, 0)


# DOMAIN: AUTH-11
def test_argon2_work_per_portal_is_configurable(database: str) -> None:
    with cb.BillingPortal(database, max_concurrent_password_hashing=1) as portal:
        with pytest.raises(cb.InvalidCredentials):
            portal.sign_in("someone", "a password of fifteen or more")
