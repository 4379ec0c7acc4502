"""A small vendor world on a fresh database (see database.py), set up through the Python API.

The clock is a ManualClock at 2026-03-02 09:00 UTC, so dates in the tests are fixed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from database import drop, fresh

from corporate_billing import (
    BillingAddress,
    BillingPortal,
    Caller,
    IssuerProfile,
    LineInput,
    ManualClock,
    PaymentMethod,
    Quote,
    QuoteEffect,
)

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
TODAY = NOW.date()
USERNAME = "dana.w"
EMAIL = "dana.whitfield@acme-robotics.example"
PASSWORD = "lighthouse copper meadow 42"
W9 = b"%PDF-1.4 placeholder W-9"
LINK_SECRET = b"0123456789abcdef0123456789abcdef"


@dataclass(frozen=True)
class World:
    portal: BillingPortal
    clock: ManualClock
    db: str
    rep: Caller
    services: Caller
    rep_id: str
    contact_id: str
    user: Caller
    user_id: str
    issuer_id: str
    us: str
    de: str

    def contact(self) -> Caller:
        """Signs the billing contact in and returns the session's caller."""
        return self.portal.sign_in(USERNAME, PASSWORD).caller

    def quote(self, account: str | None = None, *, price: str = "120.00", days: int = 30) -> Quote:
        """Issues a 10-seat quote to `account` (the US account by default)."""
        return self.portal.issue_quote(
            self.rep,
            account or self.us,
            currency="USD",
            valid_until=TODAY + dt.timedelta(days=days),
            lines=[LineInput("Corporate plan, 10 more seats", 10, Decimal(price), Decimal("8.25"))],
            effect=QuoteEffect.add_seats(10),
        )


def us_address() -> BillingAddress:
    return BillingAddress("1 Main Street", "Boston", "US", region="MA", postal_code="02110")


@pytest.fixture
def database(tmp_path: Path) -> Iterator[str]:
    """A fresh database for one test, on the engine the suite runs on (see database.py)."""
    db = fresh(tmp_path)
    yield db
    drop(db)


@pytest.fixture
def world(database: str) -> Iterator[World]:
    clock = ManualClock(NOW)
    with BillingPortal(
        database,
        clock=clock,
        vendor_name="Northwind Cloud",
        w9_form=W9,
        credential_link_base_url="https://billing.northwind.example/set-password",
        link_secret=LINK_SECRET,
    ) as portal:
        issuer = portal.create_issuer(
            IssuerProfile(
                "Northwind Cloud Inc.",
                BillingAddress("500 Harbor Blvd", "Seattle", "US", region="WA", postal_code="98101"),
                "91-1234567",
                invoice_prefix="NW-",
                remittance="JPMorgan Chase Bank, ABA 021000021, account 000123456789",
            )
        )
        # German customers are billed by the vendor's German company, under its German VAT ID
        # (EINV-6: an issuer charging a country's VAT carries a VAT ID of that country).
        issuer_de = portal.create_issuer(
            IssuerProfile(
                "Northwind Cloud GmbH",
                BillingAddress("Torstraße 49", "Berlin", "DE", postal_code="10119"),
                "DE123456789",
                invoice_prefix="NWD-",
                remittance="Commerzbank, IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX",
            )
        )
        rep_id = portal.register_staff("Riley Chen", "riley.chen@northwind.example", "sales_rep")
        services_id = portal.register_staff("Morgan Lee", "morgan.lee@northwind.example", "account_services")
        contact_id = portal.create_login(
            "Dana Whitfield", EMAIL, username=USERNAME, phone="+1 617 555 0100", password=PASSWORD
        )
        user_id = portal.create_login("Sam Ortiz", "sam.ortiz@acme-robotics.example")
        rep = Caller.staff(rep_id)

        def open_account(
            company: str, address: BillingAddress, phone: str, method: PaymentMethod, currency: str, vat: str
        ) -> str:
            return portal.open_account(
                rep,
                company_name=company,
                issuer_id=issuer_de if address.country == "DE" else issuer,
                sales_rep_id=rep_id,
                billing_contact_id=contact_id,
                billing_address=address,
                phone=phone,
                payment_method=method,
                currency=currency,
                vat_rate=Decimal(vat),
                payment_terms_days=30,
                plan="Corporate",
                seats=25,
                annual_seat_price=Decimal("120.00"),
                term_start=dt.date(2025, 4, 1),
                term_end=dt.date(2026, 4, 1),
            )

        us = open_account("Acme Robotics Inc.", us_address(), "+1 617 555 0199", PaymentMethod.wire_transfer(), "USD", "0")
        de = open_account(
            "Acme Robotics GmbH",
            BillingAddress("Friedrichstraße 68", "Berlin", "DE", postal_code="10117"),
            "030 901820",
            PaymentMethod.sepa_debit("DE44 5001 0517 5407 3249 31", "ACME-0001"),
            "EUR",
            "19",
        )
        portal.add_account_user(rep, us, user_id)
        yield World(
            portal=portal,
            clock=clock,
            db=database,
            rep=rep,
            services=Caller.staff(services_id),
            rep_id=rep_id,
            contact_id=contact_id,
            user=Caller.account_user(user_id),
            user_id=user_id,
            issuer_id=issuer,
            us=us,
            de=de,
        )
