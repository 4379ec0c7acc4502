"""What a call costs from Python on top of the same call in Rust.

    scripts/test-python --release   # first: an optimised build of the module
    python bindings-python/bench_overhead.py [--iterations N]

Seeds a portal file through the Python API (one account, 25 invoices, a quote), then times a
few simple read operations twice on that file: directly in Rust (the `call_cost` example of the
bindings crate, built with `cargo --release`) and through the Python module. Both sides report
the fastest of many short rounds (one that ran undisturbed), and each side runs twice, so that
other work on the machine disturbs the figures as little as possible; the difference is the binding's overhead per call: argument
conversion, releasing and re-taking the GIL, error mapping and wrapping the answer. The aim is
under 2 microseconds for a simple call.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from corporate_billing import (
    BillingAddress,
    BillingPortal,
    Caller,
    IssuerProfile,
    LineInput,
    NotFound,
    PaymentMethod,
    QuoteEffect,
)

ROOT = Path(__file__).resolve().parents[1]
USER_ID = "bench.contact"
PASSWORD = "a benchmark passphrase of some length"
AIM_NS = 2_000
# The operations whose answer is one small object: the aim applies to these.
SIMPLE = {"pending_notifications", "account", "billing_contact", "quote", "my_accounts"}
NOTES = {
    "invoices": "a list of 20 records; per record: {per:.2f} µs",
    "quote_not_found": "the error path: raise and catch NotFound",
}


def seed(path: Path) -> dict[str, str]:
    """One corporate account with 25 invoices and an open quote; returns the IDs to use."""
    with BillingPortal(path) as portal:
        address = BillingAddress("500 Harbor Blvd", "Seattle", "US", region="WA", postal_code="98101")
        issuer = portal.create_issuer(IssuerProfile("Northwind Cloud Inc.", address, "91-1234567", invoice_prefix="NW-"))
        rep_id = portal.register_staff("Riley Chen", "riley.chen@northwind.example", "sales_rep")
        contact = portal.create_login("Bench Contact", "bench@example.com", username=USER_ID, password=PASSWORD)
        rep = Caller.staff(rep_id)
        account = portal.open_account(
            rep,
            company_name="Acme Robotics Inc.",
            issuer_id=issuer,
            sales_rep_id=rep_id,
            billing_contact_id=contact,
            billing_address=address,
            phone="+1 206 555 0100",
            payment_method=PaymentMethod.wire_transfer(),
            currency="USD",
            vat_rate=Decimal("8.25"),
            payment_terms_days=30,
            plan="Corporate",
            seats=25,
            annual_seat_price=Decimal("120.00"),
            term_start=dt.date(2026, 1, 1),
            term_end=dt.date(2027, 1, 1),
        )
        session = portal.sign_in(USER_ID, PASSWORD)
        valid_until = dt.date.today() + dt.timedelta(days=30)

        def quote() -> str:
            lines = [LineInput("Seats", 5, Decimal("120.00"), Decimal("8.25"))]
            issued = portal.issue_quote(
                rep, account, currency="USD", valid_until=valid_until, lines=lines, effect=QuoteEffect.add_seats(5)
            )
            return issued.id

        for _ in range(25):
            portal.accept_quote(session.caller, account, quote())
        return {"account": account, "quote": quote(), "staff": rep_id}


def rust_costs(path: Path, ids: dict[str, str], iterations: int, rounds: int) -> dict[str, float]:
    command = [
        "cargo", "run", "--quiet", "--release", "-p", "corporate-billing-python", "--example", "call_cost", "--",
        str(path), ids["account"], ids["quote"], ids["staff"], USER_ID, PASSWORD, str(iterations), str(rounds),
    ]  # fmt: skip
    out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return {name: float(ns) for name, ns in (line.split() for line in out.splitlines())}


def python_costs(path: Path, ids: dict[str, str], iterations: int, rounds: int) -> dict[str, float]:
    with BillingPortal(path) as portal:
        staff = Caller.staff(ids["staff"])
        account, quote = ids["account"], ids["quote"]
        token = portal.sign_in(USER_ID, PASSWORD).token
        unknown = "00000000-0000-7000-8000-000000000000"

        def quote_not_found() -> None:
            try:
                portal.quote(staff, account, unknown)
            except NotFound:
                pass

        calls: dict[str, Callable[[], object]] = {
            "pending_notifications": lambda: portal.pending_notifications(0),
            "account": lambda: portal.account(staff, account),
            "billing_contact": lambda: portal.billing_contact(staff, account),
            "quote": lambda: portal.quote(staff, account, quote),
            "my_accounts": lambda: portal.my_accounts(token),
            "invoices": lambda: portal.invoices(staff, account),
            "quote_not_found": quote_not_found,
        }
        return {name: best_round(call, iterations, rounds) for name, call in calls.items()}


def best_round(call: Callable[[], object], iterations: int, rounds: int) -> float:
    """Nanoseconds per call in the fastest of `rounds` rounds of `iterations` calls. Rounds are
    short (about a millisecond), so that many of them run without the thread being preempted."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter_ns()
        for _ in range(iterations):
            call()
        best = min(best, time.perf_counter_ns() - start)
    return best / iterations


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=100, help="calls per round (default 100)")
    parser.add_argument("--rounds", type=int, default=400, help="rounds; the fastest counts (default 400)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cb-bench-") as tmp:
        path = Path(tmp) / "bench.db"
        ids = seed(path)
        print("building and running the Rust side (cargo --release) ...", file=sys.stderr, flush=True)
        # Rust before and after Python, Python twice: the best of each, so that a change of
        # machine load between the halves does not pass for overhead.
        n = (args.iterations, args.rounds)
        first = rust_costs(path, ids, *n)
        python = python_costs(path, ids, *n)
        last = rust_costs(path, ids, *n)
        again = python_costs(path, ids, *n)
        rust = {name: min(first[name], last[name]) for name in first}
        python = {name: min(python[name], again[name]) for name in python}
    load = os.getloadavg()[0]
    print(
        f"per call, fastest of {args.rounds} rounds of {args.iterations} calls "
        f"({os.cpu_count()} CPUs, load {load:.1f})"
    )
    print(f"{'operation':<17}{'Rust':>10}{'Python':>10}{'overhead':>11}")
    worst = 0.0
    for name, rust_ns in rust.items():
        overhead = python[name] - rust_ns
        if name in SIMPLE:
            worst = max(worst, overhead)
        note = f"  ({NOTES[name].format(per=overhead / 20 / 1e3)})" if name in NOTES else ""
        print(f"{name:<17}{rust_ns / 1e3:>8.2f}µs{python[name] / 1e3:>8.2f}µs{overhead / 1e3:>9.2f}µs{note}")
    verdict = "within" if worst < AIM_NS else "OVER"
    print(f"largest overhead of a simple call: {worst / 1e3:.2f} µs ({verdict} the {AIM_NS / 1e3:.0f} µs aim)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
