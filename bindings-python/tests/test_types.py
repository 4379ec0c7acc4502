"""How values cross the boundary: exact decimals (scale kept), timezone-aware instants, dates,
string constants for enums, and frozen value objects with repr, equality and hashing (API-1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import corporate_billing as cb
from corporate_billing import BillingAddress, LineInput, ManualClock, Money, PaymentMethod, QuoteEffect, RequestKind

from conftest import NOW, TODAY, USERNAME, PASSWORD, World


# DOMAIN: API-1, INV-5
@pytest.mark.parametrize(
    "amount, currency, shown",
    [
        (Decimal("10.50"), "EUR", "10.50"),
        (Decimal("10.5"), "EUR", "10.50"),
        (Decimal("10"), "USD", "10.00"),
        (10, "USD", "10.00"),
        ("0.005", "EUR", "0.01"),
        (Decimal("-0.005"), "EUR", "-0.01"),
        (Decimal("1000.5"), "JPY", "1001"),
        (Decimal("1.0005"), "BHD", "1.001"),
        (Decimal("1E+3"), "EUR", "1000.00"),
    ],
)
def test_money_is_an_exact_decimal_at_the_minor_unit(amount: Decimal | int | str, currency: str, shown: str) -> None:
    money = Money(amount, currency)
    assert type(money.amount) is Decimal
    assert str(money.amount) == shown
    assert money.currency == currency
    assert str(money) == f"{shown} {currency}"


# DOMAIN: API-1
def test_decimal_scale_is_kept_where_the_core_keeps_it(world: World) -> None:
    line = LineInput("Seats", Decimal("3"), Decimal("33.3300"), Decimal("19.0"))
    assert str(line.unit_price) == "33.3300" and str(line.vat_rate) == "19.0"
    quote = world.portal.issue_quote(
        world.rep,
        world.us,
        currency="USD",
        valid_until=TODAY,
        lines=[LineInput("Seats", Decimal("2.500"), Decimal("10.50"), Decimal("8.250"))],
        effect=QuoteEffect.add_seats(1),
    )
    priced = quote.lines[0]
    assert str(priced.unit_price) == "10.50"  # as entered
    assert str(priced.quantity) == "2.5" and str(priced.vat_rate) == "8.25"  # normalised by the core
    assert str(priced.net.amount) == "26.25"
    assert [str(m.amount) for m in (quote.totals.net, quote.totals.vat, quote.totals.total)] == [
        "26.25",
        "2.17",
        "28.42",
    ]
    summary = world.portal.quotes(world.rep, world.us)[0]
    assert str(summary.total.amount) == "28.42"
    assert str(world.portal.account(world.rep, world.us).subscription.annual_seat_price.amount) == "120.00"


# DOMAIN: API-1
def test_instants_are_timezone_aware_utc_and_dates_are_dates(world: World) -> None:
    session = world.portal.sign_in(USERNAME, PASSWORD)
    assert session.expires_at.tzinfo is not None
    assert session.expires_at.utcoffset() == dt.timedelta(0)
    assert session.expires_at == NOW + dt.timedelta(hours=12)
    quote = world.quote()
    assert quote.issued_at == NOW and quote.issued_at.tzinfo is not None
    assert type(quote.valid_until) is dt.date
    sub = world.portal.account(world.rep, world.us).subscription
    assert (sub.term_start, sub.term_end) == (dt.date(2025, 4, 1), dt.date(2026, 4, 1))
    record = world.portal.audit_log(world.rep, world.us)[-1]
    assert record.at == NOW and record.at.utcoffset() == dt.timedelta(0)


# DOMAIN: API-1
def test_a_manual_clock_takes_any_timezone_and_moves_by_timedeltas() -> None:
    berlin = dt.timezone(dt.timedelta(hours=2))
    clock = ManualClock(dt.datetime(2026, 6, 1, 11, 0, tzinfo=berlin))
    assert clock.now() == dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.timezone.utc)
    clock.advance(dt.timedelta(days=1, microseconds=5))
    assert clock.now() == dt.datetime(2026, 6, 2, 9, 0, 0, 5, tzinfo=dt.timezone.utc)
    clock.advance(-dt.timedelta(days=2))
    clock.set(dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc))
    assert clock.now().year == 2030
    assert repr(clock) == "ManualClock('2030-01-01T00:00:00Z')"


# DOMAIN: API-1
def test_enums_are_snake_case_strings(world: World) -> None:
    quote = world.quote()
    invoice = world.portal.accept_quote(world.contact(), world.us, quote.id)
    assert (invoice.kind, invoice.status) == ("invoice", "open")
    assert world.portal.quote(world.rep, world.us, quote.id).status == "accepted"
    overview = world.portal.account(world.rep, world.us)
    assert (overview.kind, overview.subscription.status, overview.subscription.billing_interval) == (
        "corporate",
        "active",
        "annual",
    )
    assert PaymentMethod.card("tok_1", "amex", "0005", 1, 2031).brand == "amex"
    assert RequestKind.turn_off_auto_renewal().kind == "turn_off_auto_renewal"
    assert {n.kind for n in world.portal.pending_notifications()} <= {"invoice_issued", "quote_issued"}


# DOMAIN: API-1
def test_value_objects_are_frozen_comparable_and_have_a_useful_repr(world: World) -> None:
    price = Money(Decimal("10.50"), "EUR")
    assert price == Money(Decimal("10.5"), "EUR") and price != Money(Decimal("10.50"), "USD")
    assert {price: "x"}[Money(Decimal("10.500"), "EUR")] == "x"
    assert eval(repr(price), {"Money": Money, "Decimal": Decimal}) == price
    with pytest.raises(AttributeError):
        price.amount = Decimal("1")  # type: ignore[misc]
    with pytest.raises(TypeError):

        class Cheaper(Money):  # type: ignore[misc]
            pass

    address = BillingAddress("1 Main Street", "Boston", "us", postal_code="02110")
    assert address.country == "US"
    assert address == BillingAddress("1 Main Street", "Boston", "US", postal_code="02110")
    assert repr(address) == "BillingAddress('1 Main Street', 'Boston', 'US', line2='', region='', postal_code='02110')"
    assert address.printed_lines() == ["1 Main Street", "Boston, 02110", "US"]  # US order (DOCS-1)

    effect = QuoteEffect.plan_change("Enterprise", Money(Decimal("150"), "USD"))
    assert (effect.kind, effect.plan, effect.annual_seat_price, effect.seats) == (
        "plan_change",
        "Enterprise",
        Money(Decimal("150.00"), "USD"),
        None,
    )
    assert repr(effect) == "QuoteEffect.plan_change('Enterprise', Money(Decimal('150.00'), 'USD'))"
    sepa = PaymentMethod.sepa_debit("DE44 5001 0517 5407 3249 31", "ACME-0001")
    assert sepa.iban_masked == "DE** **** **** **** **49 31" and sepa.mandate_reference == "ACME-0001"
    assert "DE44" not in repr(sepa)

    session = world.portal.sign_in(USERNAME, PASSWORD)
    assert session.token not in repr(session) and session.token not in repr(session.caller)
    quote = world.quote()
    assert quote == world.portal.quote(world.rep, world.us, quote.id)
    assert f"id='{quote.id}'" in repr(quote) and "status='open'" in repr(quote)
    assert repr(world.portal.invoices(world.rep, world.us)) == "[]"
    assert repr(cb.Caller.anonymous()) == "Caller.anonymous()"
