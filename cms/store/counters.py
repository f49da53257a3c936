"""Counts kept in the database: requests per client and time window (rate limits), and
stories per list (``totalCount``, the budget's tabs), each shared by every process and instance.

Story counts are kept on writes, in the transaction of the write: every write of a working or
live copy through ``Articles`` and ``LiveArticles`` hands what the copy was and what it is now
(its counted fields) to ``StoryCounts.change``, which moves each list's count by one where the
copy left or joined the list. So reading a count is one read of a few small documents, however
large the archive. A list counts are kept for:

- live copies: all of them, by section, by tag, by author (a section with its subsections is
  the sum of their counts, so a section that moves needs no recount);
- working copies: by status, alone and with a section, an author or an owner ("mine"); and
  by tag (a tag's stories, every status together).

What the counts cannot answer (two of section, tag and author at once, an ``updatedSince``, a
search) is counted exactly by the caller, reading only what the narrowest index range holds.
A database written before the counts were kept gets them at start (``StoryCounts.rebuild``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument, UpdateOne
from pymongo.errors import DuplicateKeyError

from cms.store.collections import ARTICLES, LIVE_ARTICLES, REQUEST_COUNTS, STORY_COUNTS
from cms.store.mongo import reports_unavailable


@reports_unavailable
class RequestCounts:
    """One small document per client and window (``<key>@<window>``), removed by a TTL index
    once its window is over; each count is one atomic upsert."""

    def __init__(self, db: Any, session: Any = None) -> None:
        self._coll = db[REQUEST_COUNTS]
        self._session = session

    async def add(self, key: str, *, window: int, amount: int, expires_at: datetime) -> int:
        """Count ``amount`` more requests; the window's total, these included.

        Two first requests of a window upsert the same new document at once. On MongoDB the
        one that loses the insert may get a duplicate key, with nothing written: it counts
        again, now as an update. SecantusDB counts it but may answer no document: the total
        is then read back.
        """
        for _ in range(3):
            try:
                doc = await self._coll.find_one_and_update(
                    {"_id": f"{key}@{window}"},
                    {"$inc": {"n": amount}, "$setOnInsert": {"expires_at": expires_at}},
                    projection={"n": 1, "_id": 0},
                    upsert=True,
                    return_document=ReturnDocument.AFTER,
                    session=self._session,
                )
            except DuplicateKeyError:
                continue
            if doc is None:
                doc = await self._coll.find_one(
                    {"_id": f"{key}@{window}"}, {"n": 1}, session=self._session
                )
            if doc is not None:
                return int(doc["n"])
        raise RuntimeError(f"the request count {key}@{window} could not be written")


# What a copy's counts are kept on: the fields read back when a copy is replaced or removed.
COUNTED = {"status": 1, "section": 1, "tags": 1, "bylines.author_id": 1, "owner_id": 1}
# The document saying the counts were built from the stories (at start, or by a bulk seeding);
# its version goes up when the lists counted change, so that they are built again.
BUILT = "~built"
BUILT_VERSION = 1
_BATCH = 1000

Doc = Mapping[str, Any]


def live_key(*, section: str | None = None, tag: str | None = None, author: Any = None) -> str:
    """The name of a live list's count: all live stories, or one section's, tag's or author's
    (at most one of them)."""
    for name, value in (("section", section), ("tag", tag), ("author", author)):
        if value is not None:
            return f"live|{name}|{value}"
    return "live"


def working_key(
    status: str, *, section: str | None = None, author: Any = None, owner: Any = None
) -> str:
    """The name of the count of working copies in a status, alone or with (one of) a section,
    an author or an owner."""
    for name, value in (("section", section), ("author", author), ("owner", owner)):
        if value is not None:
            return f"working|{status}|{name}|{value}"
    return f"working|{status}"


def tagged_key(tag: str) -> str:
    """The name of the count of working copies naming a tag, whatever their status."""
    return f"working|tag|{tag}"


def _authors(doc: Doc) -> list[str]:
    return list(dict.fromkeys(str(b["author_id"]) for b in doc.get("bylines") or ()))


def live_keys(doc: Doc) -> list[str]:
    """Every list's count a live copy (stored, or read with ``COUNTED``) is in."""
    keys = [live_key()]
    if doc.get("section"):
        keys.append(live_key(section=doc["section"]))
    keys += [live_key(tag=tag) for tag in dict.fromkeys(doc.get("tags") or ())]
    keys += [live_key(author=author) for author in _authors(doc)]
    return keys


def working_keys(doc: Doc) -> list[str]:
    """Every list's count a working copy (stored, or read with ``COUNTED``) is in."""
    status = str(doc["status"])
    keys = [working_key(status)]
    if doc.get("section"):
        keys.append(working_key(status, section=doc["section"]))
    keys += [working_key(status, author=author) for author in _authors(doc)]
    if doc.get("owner_id") is not None:
        keys.append(working_key(status, owner=str(doc["owner_id"])))
    keys += [tagged_key(tag) for tag in dict.fromkeys(doc.get("tags") or ())]
    return keys


KeysOf = Callable[[Doc], list[str]]


def tally(keys_of: KeysOf, docs: Iterable[Doc]) -> Counter[str]:
    """The counts ``docs`` add to their lists."""
    found: Counter[str] = Counter()
    for doc in docs:
        found.update(keys_of(doc))
    return found


@reports_unavailable
class StoryCounts:
    """How many stories each list holds: one small document per list (``{_id: name, n}``).

    ``deferred`` (a transaction's, see ``Store.atomically``): the changes of the whole
    transaction are added up and written by ``flush``, once, just before it commits. A busy
    list's count (every live story's) is a document every publish writes: written last, it is
    held for the moment of the commit rather than the whole transaction, so concurrent
    changes rarely conflict on it, and a publish moves the counts in one command."""

    def __init__(self, db: Any, session: Any = None, *, deferred: bool = False) -> None:
        self._db = db
        self._coll = db[STORY_COUNTS]
        self._session = session
        self._pending: Counter[str] | None = Counter() if deferred else None

    async def change(self, keys_of: KeysOf, before: Doc | None, after: Doc | None) -> None:
        """Count a write of one copy: ``before`` as it was stored (``None``: new), ``after``
        as written (``None``: removed). Lists it stays in are not written."""
        delta: Counter[str] = Counter()
        if after is not None:
            delta.update(keys_of(after))
        if before is not None:
            delta.subtract(keys_of(before))
        if self._pending is not None:
            self._pending.update(delta)
        else:
            await self.add(delta)

    async def flush(self) -> None:
        """Write the changes a deferred transaction counted (nothing when there are none)."""
        if self._pending:
            pending = dict(self._pending)
            self._pending.clear()
            await self.add(pending)

    async def add(self, delta: Mapping[str, int]) -> None:
        """Move each named count by its amount (one command, in the write's transaction)."""
        moves = [
            UpdateOne({"_id": key}, {"$inc": {"n": amount}}, upsert=True)
            for key, amount in sorted(delta.items())
            if amount
        ]
        for start in range(0, len(moves), _BATCH):
            batch = moves[start : start + _BATCH]
            await self._coll.bulk_write(batch, ordered=False, session=self._session)

    async def totals(self, keys: Iterable[str]) -> dict[str, int]:
        """The counts named, by name (a list never counted holds 0)."""
        wanted = list(dict.fromkeys(keys))
        query = {"_id": {"$in": wanted}}
        found = {d["_id"]: int(d["n"]) async for d in self._coll.find(query, session=self._session)}
        return {key: found.get(key, 0) for key in wanted}

    async def total(self, keys: Iterable[str]) -> int:
        """The counts named, added up (a section and its subsections)."""
        return sum((await self.totals(keys)).values())

    async def built(self) -> bool:
        """Whether the counts were built from the stories, in this version of the lists."""
        doc = await self._coll.find_one({"_id": BUILT}, session=self._session)
        return doc is not None and doc.get("version") == BUILT_VERSION

    async def rebuild(self) -> int:
        """Count every list again from the stories, unless the counts are built already;
        run in a transaction, so writes counted meanwhile are neither lost nor counted twice.
        Returns how many lists were counted (0: they were built)."""
        if await self.built():
            return 0
        found = await self._tally(LIVE_ARTICLES, live_keys)
        found += await self._tally(ARTICLES, working_keys)
        stale = [d["_id"] async for d in self._coll.find({}, {"_id": 1}, session=self._session)]
        await self.replace_all(found, stale=stale)
        return len(found)

    async def replace_all(self, counts: Mapping[str, int], *, stale: Iterable[str] = ()) -> None:
        """Set every count to ``counts`` (the ``stale`` ones not named to 0) and mark them built:
        what a rebuild, or a bulk seeding that counted what it wrote, leaves."""
        values = {**dict.fromkeys(stale, 0), **counts}
        sets = [
            UpdateOne({"_id": key}, {"$set": {"n": n}}, upsert=True) for key, n in values.items()
        ]
        sets.append(
            UpdateOne({"_id": BUILT}, {"$set": {"n": 0, "version": BUILT_VERSION}}, upsert=True)
        )
        for start in range(0, len(sets), _BATCH):
            batch = sets[start : start + _BATCH]
            await self._coll.bulk_write(batch, ordered=False, session=self._session)

    async def _tally(self, collection: str, keys_of: KeysOf) -> Counter[str]:
        cursor = self._db[collection].find({}, COUNTED, session=self._session)
        found: Counter[str] = Counter()
        async for doc in cursor:
            found.update(keys_of(doc))
        return found
