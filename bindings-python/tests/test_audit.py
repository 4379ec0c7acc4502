"""The keyed audit chain and its head kept outside the database (AUD-2), and the durability
setting, through the Python API."""

from __future__ import annotations

from pathlib import Path

import pytest

import corporate_billing as cb
from corporate_billing import AuditHead, BillingPortal, Caller, ManualClock

from conftest import NOW
from database import execute, unlock_audit_log

KEY = bytes(range(32))


def grown(portal: BillingPortal, n: int) -> Caller:
    """Registers Account Services and writes `n` more audit records; returns the caller."""
    services = Caller.staff(portal.register_staff("Morgan Lee", "morgan.lee@northwind.example", "account_services"))
    for i in range(n):
        portal.create_login(f"Login {i}", f"login{i}@acme.example")
    return services


def unlocked(db: str, sql: str) -> None:
    unlock_audit_log(db)
    execute(db, sql)


# DOMAIN: AUD-1, AUD-2
@pytest.mark.parametrize("dropped", [1, 10])
def test_deleting_the_newest_records_is_detected_against_the_kept_head(database: str, dropped: int) -> None:
    db = database
    with BillingPortal(db, clock=ManualClock(NOW), audit_key=KEY) as portal:
        services = grown(portal, 12)
        head = portal.audit_head(services)
        assert (head.seq, len(head.hash)) == (13, 64)
        kept = AuditHead(head.seq, head.hash)  # as the host rebuilds it from its own store
        assert kept == head
        assert portal.verify_audit_log_against(services, kept) == 13

        unlocked(db, f"DELETE FROM audit_log WHERE seq > {13 - dropped};")
        assert portal.verify_audit_log(services) == 13 - dropped  # the rest is a perfect chain
        with pytest.raises(cb.AuditChainBroken) as e:
            portal.verify_audit_log_against(services, kept)
        assert e.value.seq == 13 - dropped + 1


# DOMAIN: AUD-2
def test_the_chain_is_keyed_and_stays_keyed(database: str) -> None:
    db = database
    with BillingPortal(db, clock=ManualClock(NOW), audit_key=KEY) as portal:
        services = grown(portal, 2)
        head = portal.audit_head(services)
    with BillingPortal(db, clock=ManualClock(NOW), audit_key=bytes(32)) as wrong_key:
        with pytest.raises(cb.AuditChainBroken) as e:
            wrong_key.verify_audit_log_against(services, head)
        assert e.value.seq == 1
    with BillingPortal(db, clock=ManualClock(NOW)) as no_key:
        with pytest.raises(cb.NotConfigured):
            no_key.verify_audit_log(services)
        with pytest.raises(cb.NotConfigured):
            no_key.create_login("Eve", "eve@acme.example")
    with BillingPortal(db, clock=ManualClock(NOW), audit_key=KEY) as portal:
        assert portal.verify_audit_log_against(services, head) == head.seq


def test_bad_audit_settings_are_invalid_input(database: str) -> None:
    for kwargs, field in [
        ({"audit_key": b"short"}, "audit_key"),
        ({"durability": "fast"}, "durability"),
    ]:
        with pytest.raises(cb.InvalidInput) as e:
            BillingPortal(database, **kwargs)  # type: ignore[arg-type]
        assert e.value.field == field
    with BillingPortal(database, audit_key=KEY, durability="normal") as portal:
        services = grown(portal, 0)
        with pytest.raises(cb.InvalidInput) as e:
            portal.verify_audit_log_against(services, AuditHead(1, "not hex"))
        assert e.value.field == "audit_head"
        with pytest.raises(cb.Forbidden):
            portal.audit_head(Caller.anonymous())
