"""Sections, ad slots and authors kept in memory: one read for concurrent readers, nothing stale
kept."""

from __future__ import annotations

import asyncio

import pytest

from cms.api.loaders import _Kept, _KeptById


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


class ReadsById:
    """Reads of values by key that wait until released, recording the keys each read asked."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values
        self.asked: list[list[str]] = []
        self.release = asyncio.Event()
        self.release.set()

    async def __call__(self, keys: list[str]) -> dict[str, str]:
        self.asked.append(sorted(keys))
        found = {k: self.values[k] for k in keys if k in self.values}
        await self.release.wait()
        return found


async def test_values_by_key_are_read_once_each_absent_ones_too() -> None:
    reads = ReadsById({"ada": "Ada Reporter", "ben": "Ben Writer"})
    kept = _KeptById(reads, max_entries=100)
    assert await kept.get_many(["ada", "gone"]) == {"ada": "Ada Reporter"}
    assert await kept.get_many(["ada", "ben", "gone"]) == {
        "ada": "Ada Reporter",
        "ben": "Ben Writer",
    }
    assert await kept.get_many(["ben", "ada"]) == {"ada": "Ada Reporter", "ben": "Ben Writer"}
    assert reads.asked == [["ada", "gone"], ["ben"]]  # "gone" named nothing, and is known to


async def test_a_changed_key_is_read_again_and_only_it() -> None:
    reads = ReadsById({"ada": "Ada Reporter", "ben": "Ben Writer"})
    kept = _KeptById(reads, max_entries=100)
    await kept.get_many(["ada", "ben"])
    reads.values["ada"] = "Ada Q. Reporter"
    kept.forget("ada")  # the change stream reports ada's change
    assert await kept.get_many(["ada", "ben"]) == {"ada": "Ada Q. Reporter", "ben": "Ben Writer"}
    reads.values["cy"] = "Cy Newcomer"
    kept.forget("cy")  # an author created after a page looked for them in vain
    assert await kept.get_many(["cy"]) == {"cy": "Cy Newcomer"}
    kept.forget()  # the stream was reset: anything may have changed
    await kept.get_many(["ben"])
    assert reads.asked == [["ada", "ben"], ["ada"], ["cy"], ["ben"]]


async def test_a_read_by_key_begun_before_a_change_is_not_kept() -> None:
    reads = ReadsById({"ada": "Ada Reporter"})
    kept = _KeptById(reads, max_entries=100)
    reads.release.clear()
    before = asyncio.ensure_future(kept.get_many(["ada"]))
    await asyncio.sleep(0)
    reads.values["ada"] = "Ada Q. Reporter"
    kept.forget("ada")  # the change lands while the read is in flight
    reads.release.set()
    assert await before == {"ada": "Ada Reporter"}  # its reader gets what was read
    assert await kept.get_many(["ada"]) == {"ada": "Ada Q. Reporter"}
    assert await kept.get_many(["ada"]) == {"ada": "Ada Q. Reporter"}
    assert reads.asked == [["ada"], ["ada"]]


async def test_only_the_most_recently_used_keys_are_kept() -> None:
    reads = ReadsById({f"writer-{n}": f"Writer {n}" for n in range(4)})
    kept = _KeptById(reads, max_entries=3)
    await kept.get_many(["writer-0", "writer-1", "writer-2"])
    await kept.get_many(["writer-0"])  # used again: writer-1 is now the least recent
    await kept.get_many(["writer-3"])
    await kept.get_many(["writer-0", "writer-2", "writer-3"])
    await kept.get_many(["writer-1"])
    assert reads.asked == [["writer-0", "writer-1", "writer-2"], ["writer-3"], ["writer-1"]]
