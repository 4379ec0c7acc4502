"""One portal shared by several Python threads; the GIL is released while the core works."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import corporate_billing as cb

from conftest import PASSWORD, USERNAME, World


def together(n: int, work: Callable[[int], Any]) -> list[Any]:
    """Runs `work(i)` in `n` threads started at the same moment; returns results or exceptions."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as e:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


# DOMAIN: QUO-3, API-1
def test_racing_accepts_and_declines_on_one_quote_exactly_one_wins(world: World) -> None:
    contact = world.contact()
    for _ in range(3):
        quote = world.quote()

        def decide(i: int) -> object:
            if i % 2:
                return world.portal.decline_quote(contact, world.us, quote.id, f"thread {i}")
            return world.portal.accept_quote(contact, world.us, quote.id)

        outcomes = together(8, decide)
        winners = [o for o in outcomes if isinstance(o, (cb.Invoice, cb.Quote))]
        losers = [o for o in outcomes if isinstance(o, cb.Conflict)]
        assert len(winners) == 1 and len(losers) == 7, outcomes
        final = world.portal.quote(contact, world.us, quote.id)
        assert final.status == ("accepted" if isinstance(winners[0], cb.Invoice) else "declined")
    invoices = world.portal.invoices(contact, world.us)
    assert len({i.number for i in invoices}) == len(invoices)


# DOMAIN: API-1, AUD-1
def test_threads_read_and_write_one_portal_at_once(world: World) -> None:
    contact = world.contact()

    def work(i: int) -> int:
        for _ in range(3):
            world.quote()
            world.portal.quotes(contact, world.us)
            world.portal.account(contact, world.de)
        return len(world.portal.my_accounts(world.portal.sign_in(USERNAME, PASSWORD).token))

    # Five at once: a sign-in takes its throttle slot before the password is checked, so a sixth
    # parallel attempt on the same login would be refused until one of these is decided (AUTH-11).
    results = together(5, work)
    assert results == [2] * 5
    assert Counter(q.status for q in world.portal.quotes(contact, world.us)) == {"open": 15}
    assert world.portal.verify_audit_log(world.services) > 15


# DOMAIN: API-1
def test_the_gil_is_released_while_the_core_works(world: World) -> None:
    # Password hashing takes tens of milliseconds per sign-in. While a worker thread signs in
    # six times, the main thread keeps running Python code; were the GIL held during a call, the
    # main thread would stand still for the whole call at least once.
    calls = 6
    worker = threading.Thread(target=lambda: [world.portal.sign_in(USERNAME, PASSWORD) for _ in range(calls)])
    start = last = time.perf_counter()
    longest_pause = 0.0
    worker.start()
    while worker.is_alive():
        now = time.perf_counter()
        longest_pause, last = max(longest_pause, now - last), now
    worker.join()
    per_call = (time.perf_counter() - start) / calls
    assert per_call > 0.005, "the sign-ins finished too quickly to tell"
    assert longest_pause < 0.5 * per_call, (longest_pause, per_call)
