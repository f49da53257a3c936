"""Rate limits counted in the database: exact across processes, and cheap in writes."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from cms.http.rate_limits import SharedLimit
from tests.conftest import Api

CLIENT = "ip:203.0.113.7"


async def test_processes_share_a_window_exactly_and_write_in_chunks(api: Api) -> None:
    workers = [SharedLimit(limit=64, window_seconds=10) for _ in range(3)]
    api.commands.rate_counts = 0
    waits = [
        await workers[n % 3].wait(api.store.request_counts, CLIENT, now=api.clock())
        for n in range(100)
    ]
    assert waits.count(0) == 64, "never more than the limit, however many processes"
    assert all(0 < wait <= 10 for wait in waits if wait)
    writes = api.commands.rate_counts
    assert writes <= 25, f"{writes} writes for 100 requests"

    api.clock.advance(seconds=10)
    assert await workers[0].wait(api.store.request_counts, CLIENT, now=api.clock()) == 0


async def test_a_light_client_costs_one_write_per_window(api: Api) -> None:
    limit = SharedLimit(limit=200, window_seconds=2)
    api.commands.rate_counts = 0
    for _ in range(3):
        assert await limit.wait(api.store.request_counts, CLIENT, now=api.clock()) == 0
    assert api.commands.rate_counts == 2, "a chunk of 1, then one of 2"
    assert await limit.wait(api.store.request_counts, CLIENT, now=api.clock()) == 0
    assert api.commands.rate_counts == 3


async def test_first_counts_of_a_window_at_once_all_count(api: Api) -> None:
    """Twenty first requests of a window upsert one new document at once: each is counted."""
    expires = api.clock() + timedelta(seconds=10)
    totals = await asyncio.gather(
        *(
            api.store.request_counts.add("ip:198.51.100.9", window=1, amount=1, expires_at=expires)
            for _ in range(20)
        )
    )
    assert all(1 <= total <= 20 for total in totals)
    stored = await api.store.request_counts.add(
        "ip:198.51.100.9", window=1, amount=0, expires_at=expires
    )
    assert stored == 20, "every add counted once"
