"""Bad input of every kind: a typed error naming the field, and nothing changed (API-2).

Wrong values raise ``InvalidInput`` (a ``ValueError``) with ``.field``; unknown or malformed IDs
raise ``NotFound``, like any ID that does not exist; a wrong Python type raises ``TypeError``
before the portal is called, as everywhere in Python.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

import corporate_billing as cb
from corporate_billing import (
    BillingAddress,
    Caller,
    LineInput,
    ManualClock,
    Money,
    PaymentMethod,
    QuoteEffect,
    RequestKind,
)

from conftest import TODAY, World

CARD_NUMBER = "4111 1111 1111 1111"


def cases(w: World, contact: Caller) -> list[tuple[str, Callable[[], Any]]]:
    """(expected field, call) for every kind of bad value the binding or the core refuses."""
    p = w.portal

    def line(**kw: Any) -> Callable[[], Any]:
        values: dict[str, Any] = dict(description="Seats", quantity=1, unit_price=Decimal("10.00"), vat_rate=0)
        values.update(kw)
        return lambda: p.issue_quote(
            w.rep,
            w.us,
            currency="USD",
            valid_until=TODAY,
            lines=[LineInput(**values)],
            effect=QuoteEffect.add_seats(1),
        )

    def quote(**kw: Any) -> Callable[[], Any]:
        values: dict[str, Any] = dict(
            currency="USD", valid_until=TODAY, lines=[LineInput("x", 1, 1, 0)], effect=QuoteEffect.add_seats(1)
        )
        values.update(kw)
        return lambda: p.issue_quote(w.rep, w.us, **values)

    return [
        # malformed e-mail addresses, phone numbers, IBANs, routing numbers, codes
        ("email", lambda: p.create_login("Kim", "kim@@example")),
        ("email", lambda: p.add_invoice_recipient(contact, w.us, "Kim <kim@example.com>")),
        ("phone", lambda: p.change_phone(contact, w.us, "12")),
        ("phone", lambda: p.change_phone(contact, w.us, "+1 617 555 0100\x00")),
        ("iban", lambda: PaymentMethod.sepa_debit("DE44 5001 0517 5407 3249 32", "M-1")),
        ("routing_number", lambda: PaymentMethod.ach_debit("6789", "011000016")),
        ("last4", lambda: PaymentMethod.card("tok_1", "visa", "42", 12, 2030)),
        ("exp_month", lambda: PaymentMethod.card("tok_1", "visa", "4242", 13, 2030)),
        ("exp_month", lambda: PaymentMethod.card("tok_1", "visa", "4242", -1, 2030)),
        ("exp_year", lambda: p.set_payment_method(contact, w.us, PaymentMethod.card("tok", "visa", "4242", 1, 2026))),
        ("card_token", lambda: PaymentMethod.card("4111111111111111", "visa", "1111", 12, 2030)),
        ("country", lambda: BillingAddress("1 Main Street", "Boston", "XX")),
        ("country", lambda: RequestKind.change_country("Freedonia")),
        ("currency", lambda: Money(Decimal("1.00"), "XYZ")),
        ("user_id", lambda: p.forgot_password("a")),
        ("password", lambda: p.create_login("Kim", "kim@example.com", password="too short")),
        ("password", lambda: p.create_login("Kim", "kim@example.com", password="kim@example.com and more")),
        # amounts: floats, non-numbers, out of range, too precise, negative
        ("amount", lambda: Money(0.1, "EUR")),  # type: ignore[arg-type]
        ("amount", lambda: Money(Decimal("NaN"), "EUR")),
        ("amount", lambda: Money(Decimal("1e40"), "EUR")),
        ("amount", lambda: Money(True, "EUR")),
        ("quantity", lambda: LineInput("Seats", 1.5, 1, 0)),  # type: ignore[arg-type]
        ("unit_price", lambda: LineInput("Seats", 1, "ten", 0)),
        ("lines[0].quantity", line(quantity=0)),
        ("lines[0].quantity", line(quantity=Decimal("1.00001"))),
        ("lines[0].unit_price", line(unit_price=Decimal("0.0000001"))),
        ("lines[0].vat_rate", line(vat_rate=101)),
        ("lines[0].description", line(description=" ")),
        ("lines", quote(lines=[])),
        ("effect.seats", lambda: QuoteEffect.add_seats(-1)),
        ("effect.end", quote(effect=QuoteEffect.new_term(TODAY, TODAY))),
        ("valid_until", quote(valid_until=TODAY - dt.timedelta(days=1))),
        # extreme values that would overflow amounts or the calendar later on
        ("lines[0].quantity", line(quantity=Decimal("1000000001"))),
        ("lines[0].unit_price", line(unit_price=Decimal("1000000000000.01"))),
        ("valid_until", quote(valid_until=dt.date(9999, 12, 31))),
        ("effect.end", quote(effect=QuoteEffect.new_term(TODAY, dt.date(9999, 12, 31)))),
        ("date", lambda: p.run_renewals(w.services, dt.date(9999, 12, 31))),
        ("po_number", lambda: p.add_purchase_order(contact, w.us, "PO 4111.1111.1111.1111", TODAY)),
        # over-long text, control characters, card numbers in free text
        ("line1", lambda: p.change_address(contact, w.us, line1="x" * 101, city="Boston")),
        ("city", lambda: p.change_address(contact, w.us, line1="1 Main Street", city="Bos\x07ton")),
        ("po_number", lambda: p.add_purchase_order(contact, w.us, "PO\n1", TODAY)),
        ("po_number", lambda: p.add_purchase_order(contact, w.us, "P" * 36, TODAY)),
        ("reason", lambda: p.decline_quote(contact, w.us, w.quote().id, f"Paid with {CARD_NUMBER}")),
        ("name", lambda: p.create_login("Kim\x00Berger", "kim@example.com")),
        ("details", lambda: p.submit_request(contact, w.us, RequestKind.change_payment_method(f"Card {CARD_NUMBER}"))),
        ("text", lambda: p.submit_request(contact, w.us, RequestKind.other("   "))),
        ("invoice_number", lambda: p.submit_request(contact, w.us, RequestKind.invoice_copy(""))),
        # the binding's own checks: enum strings, whole numbers, naive datetimes, secrets
        ("kind", lambda: p.register_staff("Kim", "kim@example.com", "boss")),  # type: ignore[arg-type]
        ("format", lambda: p.print_invoice(contact, w.us, str(uuid.uuid4()), "docx")),  # type: ignore[arg-type]
        ("brand", lambda: PaymentMethod.card("tok_1", "diners", "4242", 12, 2030)),  # type: ignore[arg-type]
        ("interval", lambda: RequestKind.change_billing_interval("weekly")),  # type: ignore[arg-type]
        ("limit", lambda: p.pending_notifications(-1)),
        ("at", lambda: ManualClock(dt.datetime(2026, 1, 1))),
        ("at", lambda: w.clock.set(dt.datetime(2026, 1, 1))),
        ("link_secret", lambda: cb.BillingPortal(":memory:", link_secret=b"short")),
    ]


# DOMAIN: API-2
def test_every_kind_of_bad_value_is_invalid_input_with_the_field_named_and_changes_nothing(world: World) -> None:
    contact = world.contact()
    before = world.portal.account(contact, world.us)
    audit_before = len(world.portal.audit_log(world.services, world.us))
    seen = []
    for field, call in cases(world, contact):
        with pytest.raises(cb.InvalidInput) as e:
            call()
        assert isinstance(e.value, ValueError)
        assert (e.value.code, e.value.field) == ("invalid_input", field), (field, str(e.value))
        assert e.value.reason and str(e.value) == f"invalid {field}: {e.value.reason}"
        seen.append(field)
    assert len(seen) >= 45
    assert world.portal.account(contact, world.us) == before
    # The only audit records added are the quote issued for the decline-reason case.
    assert len(world.portal.audit_log(world.services, world.us)) == audit_before + 1
    assert world.portal.purchase_orders(contact, world.us) == []
    assert world.portal.requests(contact, world.us) == []


# DOMAIN: API-2, PRIV-2
def test_unknown_and_malformed_ids_are_not_found(world: World) -> None:
    contact = world.contact()
    unknown = str(uuid.uuid4())
    calls: list[Callable[[], object]] = [
        lambda: world.portal.quote(contact, world.us, unknown),
        lambda: world.portal.invoice(contact, world.us, "../../etc/passwd"),
        lambda: world.portal.complete_request(world.services, world.us, unknown),
        lambda: world.portal.edit_purchase_order(contact, world.us, "x" * 1000, 1, "PO-1", TODAY),
        lambda: world.portal.account(world.services, unknown),
        lambda: world.portal.add_account_user(world.rep, world.us, unknown),
        lambda: world.portal.mark_notification_sent(10**12),
        lambda: Caller.staff("not-a-staff-id"),
    ]
    for call in calls:
        with pytest.raises(cb.NotFound):
            call()
    # Someone who is not Account Services cannot even learn whether an account exists.
    with pytest.raises(cb.Forbidden):
        world.portal.account(contact, unknown)


# DOMAIN: API-2
def test_wrong_python_types_are_type_errors_before_the_call(world: World) -> None:
    contact = world.contact()
    wrong_types: list[Callable[[], object]] = [
        lambda: world.portal.add_purchase_order(contact, world.us, "PO-1", "2026-12-31"),  # type: ignore[arg-type]
        lambda: world.portal.quotes(contact, 42),  # type: ignore[arg-type]
        lambda: world.portal.quotes("contact", world.us),  # type: ignore[arg-type]
        lambda: world.portal.set_requires_purchase_order(contact, world.us, "yes"),  # type: ignore[arg-type]
        lambda: ManualClock("2026-01-01T00:00:00Z"),  # type: ignore[arg-type]
    ]
    for call in wrong_types:
        with pytest.raises(TypeError):
            call()
    # A string that cannot be UTF-8 (a lone surrogate) is refused by Python's codec, a ValueError.
    with pytest.raises(UnicodeEncodeError):
        world.portal.change_phone(contact, world.us, "\ud800")
    assert world.portal.purchase_orders(contact, world.us) == []
