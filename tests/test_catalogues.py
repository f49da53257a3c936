"""Sections and ad slots kept in memory: one read for concurrent readers, nothing stale kept."""

from __future__ import annotations

import asyncio

import pytest

from cms.api.loaders import _Kept


class Reads:
    """A read that waits until released, counting how often it ran."""

    def __init__(self) -> None:
        self.count = 0
        self.release = asyncio.Event()
        self.fail = False

    async def __call__(self) -> dict[str, int]:
        self.count += 1
        seen = self.count
        await self.release.wait()
        if self.fail:
            raise ConnectionError("the database went away")
        return {"read": seen}


async def test_concurrent_first_readers_share_one_read() -> None:
    reads = Reads()
    kept = _Kept(reads)
    waiting = [asyncio.ensure_future(kept.get()) for _ in range(20)]
    await asyncio.sleep(0)
    reads.release.set()
    assert await asyncio.gather(*waiting) == [{"read": 1}] * 20
    assert await kept.get() == {"read": 1}
    assert reads.count == 1


async def test_a_read_begun_before_a_change_is_not_kept() -> None:
    reads = Reads()
    kept = _Kept(reads)
    before = asyncio.ensure_future(kept.get())
    await asyncio.sleep(0)
    kept.forget()  # the change stream reports a change while the read is in flight
    reads.release.set()
    assert await before == {"read": 1}  # its reader gets what was read
    assert await kept.get() == {"read": 2}  # the next one reads again
    assert await kept.get() == {"read": 2}
    assert reads.count == 2


async def test_a_failed_read_is_tried_again_by_the_next_reader() -> None:
    reads = Reads()
    reads.fail = True
    reads.release.set()
    kept = _Kept(reads)
    with pytest.raises(ConnectionError):
        await kept.get()
    reads.fail = False
    assert await kept.get() == {"read": 2}
