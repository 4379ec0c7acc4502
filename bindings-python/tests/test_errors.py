"""Every exception class, raised once for its cause, with the core's stable code (API-1)."""

from __future__ import annotations

import datetime as dt
import pickle
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import pytest

import corporate_billing as cb
from corporate_billing import BillingAddress, BillingPortal, Caller, LineInput, PaymentMethod, QuoteEffect

from conftest import PASSWORD, TODAY, USERNAME, World
from database import LOCK_HOLDER, execute, sqlite_only, unlock_audit_log

# The class of every code the core can return, and the code it carries.
CODES = {
    cb.InvalidCredentials: "invalid_credentials",
    cb.Unauthenticated: "unauthenticated",
    cb.InvalidToken: "invalid_token",
    cb.NotConfigured: "not_configured",
    cb.Forbidden: "forbidden",
    cb.NotFound: "not_found",
    cb.Conflict: "conflict",
    cb.QuoteExpired: "quote_expired",
    cb.InvalidInput: "invalid_input",
    cb.NotCorporateAccount: "not_corporate_account",
    cb.PurchaseOrderRequired: "purchase_order_required",
    cb.NotAvailableInCountry: "not_available_in_country",
    cb.CurrencyMismatch: "currency_mismatch",
    cb.AuditChainBroken: "audit_chain_broken",
    cb.LimitReached: "limit_reached",
    cb.Busy: "busy",
    cb.Storage: "storage",
    cb.Internal: "internal",
}


# DOMAIN: API-1
@pytest.mark.parametrize("cls, code", CODES.items(), ids=lambda v: getattr(v, "__name__", v))
def test_one_class_per_code_under_one_base(cls: type[cb.BillingError], code: str) -> None:
    assert issubclass(cls, cb.BillingError) and issubclass(cb.BillingError, Exception)
    assert cls.code == code
    assert cls.__module__ == "corporate_billing" and getattr(cb, cls.__name__) is cls
    assert issubclass(cls, ValueError) == (cls is cb.InvalidInput)
    assert cls.__doc__


def test_exceptions_survive_pickling(world: World) -> None:
    with pytest.raises(cb.InvalidInput) as caught:
        world.portal.change_phone(world.contact(), world.us, "12")
    again = pickle.loads(pickle.dumps(caught.value))
    assert type(again) is cb.InvalidInput
    assert (again.code, again.field, str(again)) == ("invalid_input", "phone", str(caught.value))


# DOMAIN: API-1, AUTH-2
def test_invalid_credentials(world: World) -> None:
    with pytest.raises(cb.InvalidCredentials) as e:
        world.portal.sign_in(USERNAME, "not the right password at all")
    assert e.value.code == "invalid_credentials" and str(e.value) == "Invalid User ID/password"


# DOMAIN: API-1, AUTH-6
def test_unauthenticated(world: World) -> None:
    with pytest.raises(cb.Unauthenticated):
        world.portal.my_accounts("f" * 64)
    session = world.portal.sign_in(USERNAME, PASSWORD)
    world.clock.advance(dt.timedelta(minutes=31))
    with pytest.raises(cb.Unauthenticated):
        world.portal.quotes(session.caller, world.us)


# DOMAIN: API-1, AUTH-8
def test_invalid_token(world: World) -> None:
    with pytest.raises(cb.InvalidToken):
        world.portal.reset_password("no-such-link-token", "a perfectly fine passphrase")


# DOMAIN: API-1, AUTH-7
def test_not_configured() -> None:
    with BillingPortal(":memory:") as portal, pytest.raises(cb.NotConfigured) as e:
        portal.forgot_password("someone@example.com")
    assert e.value.what == "credential_link_base_url"


# DOMAIN: API-1, ACC-3
def test_forbidden(world: World) -> None:
    quote = world.quote()
    with pytest.raises(cb.Forbidden):
        world.portal.accept_quote(world.user, world.us, quote.id)
    with pytest.raises(cb.Forbidden):
        world.portal.account(Caller.anonymous(), world.us)


# DOMAIN: API-1, PRIV-2
def test_not_found(world: World) -> None:
    contact = world.contact()
    de_quote = world.portal.issue_quote(
        world.rep,
        world.de,
        currency="EUR",
        valid_until=TODAY,
        lines=[LineInput("Seats", 1, 100, 19)],
        effect=QuoteEffect.add_seats(1),
    )
    errors = []
    for quote_id in [str(uuid.uuid4()), de_quote.id, "not-a-uuid"]:
        with pytest.raises(cb.NotFound) as e:
            world.portal.quote(contact, world.us, quote_id)
        errors.append((type(e.value), e.value.entity, str(e.value)))
    # Another account's quote looks exactly like one that does not exist.
    assert errors == [(cb.NotFound, "quote", "quote not found")] * 3


# DOMAIN: API-1, QUO-3
def test_conflict(world: World) -> None:
    contact = world.contact()
    quote = world.quote()
    world.portal.decline_quote(contact, world.us, quote.id)
    with pytest.raises(cb.Conflict) as e:
        world.portal.accept_quote(contact, world.us, quote.id)
    assert e.value.reason == "the quote has already been decided"


# DOMAIN: API-1, QUO-3, QUO-6
def test_quote_expired(world: World) -> None:
    quote = world.quote(days=1)
    world.clock.advance(dt.timedelta(days=2))
    contact = world.contact()
    assert world.portal.quote(contact, world.us, quote.id).status == "expired"
    with pytest.raises(cb.QuoteExpired):
        world.portal.accept_quote(contact, world.us, quote.id)


# DOMAIN: API-1, API-2
def test_invalid_input(world: World) -> None:
    with pytest.raises(ValueError) as e:
        world.portal.add_invoice_recipient(world.contact(), world.us, "not an address")
    assert isinstance(e.value, cb.InvalidInput)
    assert (e.value.field, e.value.reason) == ("email", "contains spaces or control characters")


# DOMAIN: API-1, ACC-1
def test_not_corporate_account(world: World) -> None:
    online = world.portal.open_account(
        world.rep,
        company_name="Webshop Customer LLC",
        issuer_id=world.issuer_id,
        sales_rep_id=world.rep_id,
        billing_contact_id=world.contact_id,
        billing_address=BillingAddress("9 Elm Street", "Denver", "US", region="CO"),
        phone="+1 303 555 0100",
        payment_method=PaymentMethod.check(),
        currency="USD",
        vat_rate=0,
        payment_terms_days=14,
        plan="Team",
        seats=3,
        annual_seat_price=Decimal("60"),
        term_start=dt.date(2026, 1, 1),
        term_end=dt.date(2027, 1, 1),
        kind="online",
    )
    with pytest.raises(cb.NotCorporateAccount):
        world.portal.account(world.rep, online)


# DOMAIN: API-1, QUO-4
def test_purchase_order_required(world: World) -> None:
    contact = world.contact()
    world.portal.set_requires_purchase_order(contact, world.us, True)
    with pytest.raises(cb.PurchaseOrderRequired):
        world.portal.accept_quote(contact, world.us, world.quote().id)


# DOMAIN: API-1, AUTH-11
def test_limit_reached(world: World) -> None:
    contact = world.contact()
    for _ in range(20):
        world.portal.submit_request(contact, world.us, cb.RequestKind.other("Please call me back"))
    with pytest.raises(cb.LimitReached) as caught:
        world.portal.submit_request(contact, world.us, cb.RequestKind.other("One more"))
    assert (caught.value.code, caught.value.what, caught.value.limit) == ("limit_reached", "open_requests", 20)
    # DOMAIN: DOCS-2
    assert caught.value.message("de").startswith("Sie haben bereits 20 offene Anfragen")


# DOMAIN: API-1, DOC-1
def test_not_available_in_country(world: World) -> None:
    with pytest.raises(cb.NotAvailableInCountry):
        world.portal.w9_form(world.contact(), world.de)


# DOMAIN: API-1, INV-5
def test_currency_mismatch(world: World) -> None:
    with pytest.raises(cb.CurrencyMismatch):
        world.portal.issue_quote(
            world.rep,
            world.us,
            currency="EUR",
            valid_until=TODAY,
            lines=[LineInput("Seats", 1, 100, 19)],
            effect=QuoteEffect.add_seats(1),
        )


# DOMAIN: API-1, AUD-1
def test_audit_chain_broken(world: World) -> None:
    unlock_audit_log(world.db)
    execute(world.db, "UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 3")
    with pytest.raises(cb.AuditChainBroken) as e:
        world.portal.verify_audit_log(world.services)
    assert e.value.seq == 3


# DOMAIN: API-1
def test_busy(world: World) -> None:
    # Another process holds the write lock past the portal's busy timeout (10 s). (A process,
    # not a thread: two SQLite libraries in one process do not see each other's file locks.)
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, world.db], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(cb.Busy):
            world.portal.add_invoice_recipient(world.rep, world.us, "ap@acme-robotics.example")
    finally:
        holder.communicate("")
    world.portal.add_invoice_recipient(world.rep, world.us, "ap@acme-robotics.example")



# DOMAIN: API-1
@sqlite_only
def test_storage(tmp_path: Path) -> None:
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_bytes(b"these are not the pages of a SQLite database" * 100)
    with pytest.raises(cb.Storage) as e:
        BillingPortal(not_a_database)
    assert e.value.code == "storage"


# DOMAIN: API-1, STORE-3
def test_a_database_server_that_is_not_there_is_storage() -> None:
    with pytest.raises(cb.Storage) as e:
        BillingPortal("postgres://billing:s3cret-pw@127.0.0.1:1/portal")
    assert "s3cret-pw" not in str(e.value)


# DOMAIN: API-1
def test_internal_is_what_a_panic_would_become() -> None:
    # The core has no reachable panic to provoke; a panic inside any call is caught at the
    # boundary and raised as Internal (see convert::run). Out-of-range input that would make the
    # core's clock panic is refused before it gets there:
    clock = cb.ManualClock(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    with pytest.raises(cb.InvalidInput) as e:
        clock.advance(dt.timedelta(days=999_999_999))
    assert e.value.field == "by"
    assert issubclass(cb.Internal, cb.BillingError) and cb.Internal.code == "internal"


# DOMAIN: DOCS-2
def test_message_is_the_sentence_a_person_reads_in_the_requested_language(world: World) -> None:
    with pytest.raises(cb.InvalidInput) as caught:
        PaymentMethod.card("tok_1", "visa", "4242", 13, 2030)
    err = caught.value
    assert err.message("de") == "Der Ablaufmonat muss zwischen 1 und 12 liegen."
    assert err.message("en") == "The expiry month must be between 1 and 12."
    # The developer text stays, for logs, and names the Rust field.
    assert "exp_month" in str(err) and "exp_month" not in err.message("en")
    with pytest.raises(cb.InvalidCredentials) as refused:
        world.portal.sign_in(USERNAME, "not the password at all, really")
    assert refused.value.message("de") == "Benutzer-ID oder Passwort ist ungültig."
    with pytest.raises(cb.InvalidInput):
        err.message("xx")
