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

Building the counts (a database from before they were kept, or after ``BUILT_VERSION`` went
up) goes batch by batch, never in one transaction: a transaction that read a million stories
would outlive MongoDB's 60 s limit and fail every start. Each step is one short transaction
(``StoryCounts.build_step``); the ``~built`` document holds how far the counts got:

- no ``version``, no ``building``: nothing is counted (before the first step);
- ``building``: the old counts are deleted, ``size`` documents a step; then (``cleared``) the
  stories are counted newest first, ``size`` copies of each collection a step, by ``_id``
  (a live copy has its story's id, so one position serves both): ``below`` is the oldest
  story counted; every story from ``below`` up is counted, every older one is not;
- ``version``: built; every count holds every story.

A step that stops (a crash, a refused commit) is rolled back: the next one, on any instance,
goes on from the last step committed. Meanwhile every write keeps the counts exact (its
moves are per story, ``StoryCounts.change``): a story the counts hold moves them; one they do
not hold yet does not, since the step that counts it will read it as written. That holds
only if the write and that step are ordered: under snapshot isolation a step could read the
story before the write commits, and the write read ``below`` before the step moved it, and
both commit (write skew). So a write of a story not yet counted also writes ``~built``
(``ticks``), and a step writes it first: of the two, the one that commits second saw the
other or conflicts with it and is run again (``Store.atomically`` retries
``TransientTransactionError``). Writes to stories already counted, newest first the ones
mostly written, do not touch ``~built``. Two instances building at once take turns the same
way, each step counting from where the last one committed. Until built, a read of a count
counts its stories exactly instead (``StoryCounts.totals``), as slowly as before counts were
kept; ``Store.prepare`` runs the first steps and the app the rest in the background
(cms/server/counting.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument, UpdateOne
from pymongo.errors import DuplicateKeyError

from cms.store.codec import object_id
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
# The document saying how far the counts are built from the stories (see the module's
# docstring); its version goes up when the lists counted change, so that they are built again.
BUILT = "~built"
BUILT_VERSION = 1
# Stories (of each collection) a step of building counts: a transaction of a second or so.
BUILD_BATCH = 1000
_BATCH = 1000

Doc = Mapping[str, Any]
# A transaction's changes to the counts, by story (``_id``): whether they are written depends
# on whether the counts hold that story yet.
Moves = dict[Any, Counter[str]]

# The field a list is counted on, by its name in the count's key (at most one per list).
_LIVE_FIELDS = {"section": "section", "tag": "tags", "author": "bylines.author_id"}
_WORKING_FIELDS = {"section": "section", "author": "bylines.author_id", "owner": "owner_id"}
_ID_FIELDS = ("bylines.author_id", "owner_id")


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


def stories_of(key: str) -> tuple[str, dict[str, Any]]:
    """The collection and the query of the stories a count holds, named as ``live_key``,
    ``working_key`` or ``tagged_key`` name it: what a count that is not built is read from."""
    kind, _, rest = key.partition("|")
    query: dict[str, Any] = {}
    collection, fields = LIVE_ARTICLES, _LIVE_FIELDS
    if kind != "live":
        status, _, rest = rest.partition("|")
        if status == "tag":
            return ARTICLES, {"tags": rest}
        collection, fields, query = ARTICLES, _WORKING_FIELDS, {"status": status}
    if rest:
        name, _, value = rest.partition("|")
        field = fields[name]
        query[field] = object_id(value) if field in _ID_FIELDS else value
    return collection, query


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


def is_built(progress: Doc | None) -> bool:
    """Whether the counts hold every story, as ``~built`` (``progress``) says."""
    return progress is not None and progress.get("version") == BUILT_VERSION


def _holds(progress: Doc | None) -> Callable[[Any], bool]:
    """Whether the counts hold a story (by ``_id``), as ``~built`` says."""
    if is_built(progress):
        return lambda story: True
    if progress is not None and progress.get("building") == BUILT_VERSION and "below" in progress:
        below = progress["below"]
        return lambda story: bool(story >= below)
    return lambda story: False


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
        self._pending: Moves | None = {} if deferred else None

    async def change(self, keys_of: KeysOf, before: Doc | None, after: Doc | None) -> None:
        """Count a write of one copy: ``before`` as it was stored (``None``: new), ``after``
        as written (``None``: removed). Lists it stays in are not written."""
        delta: Counter[str] = Counter()
        if after is not None:
            delta.update(keys_of(after))
        if before is not None:
            delta.subtract(keys_of(before))
        story = (after if after is not None else before or {})["_id"]
        await self._count({story: delta})

    async def added(self, keys_of: KeysOf, docs: Iterable[Doc]) -> None:
        """Count new copies (a bulk import's, each with its ``_id``)."""
        moves: Moves = {}
        for doc in docs:
            moves.setdefault(doc["_id"], Counter()).update(keys_of(doc))
        await self._count(moves)

    async def _count(self, moves: Moves) -> None:
        if self._pending is None:
            await self._move(moves)
            return
        for story, delta in moves.items():
            self._pending.setdefault(story, Counter()).update(delta)

    async def flush(self) -> None:
        """Write the changes a deferred transaction counted (nothing when there are none)."""
        if self._pending:
            pending = self._pending
            self._pending = {}
            await self._move(pending)

    async def _move(self, moves: Moves) -> None:
        """Write the moves of the stories the counts hold; the others are left to the step
        that will count them, and ``~built`` is written so that this write and that step
        are ordered (see the module's docstring)."""
        moves = {story: delta for story, delta in moves.items() if any(delta.values())}
        if not moves:
            return
        progress = await self._coll.find_one({"_id": BUILT}, session=self._session)
        holds = _holds(progress)
        delta: Counter[str] = Counter()
        for story, moved in moves.items():
            if holds(story):
                delta.update(moved)
        ticked = not all(holds(story) for story in moves)
        await self._write(delta, tick=ticked)

    async def add(self, delta: Mapping[str, int]) -> None:
        """Move each named count by its amount, for stories the counts are built for (a bulk
        seeding that tallies its own documents, after ``Store.prepare`` built them)."""
        if not await self.built():
            raise RuntimeError("the story counts are not built: count the stories with `added`")
        await self._write(delta)

    async def _write(self, delta: Mapping[str, int], *, tick: bool = False) -> None:
        """Move each named count by its amount, and tick ``~built`` (one command a thousand
        counts, in the write's transaction)."""
        moves = [
            UpdateOne({"_id": key}, {"$inc": {"n": amount}}, upsert=True)
            for key, amount in sorted(delta.items())
            if amount
        ]
        if tick:
            moves.append(UpdateOne({"_id": BUILT}, _TICK, upsert=True))
        for start in range(0, len(moves), _BATCH):
            batch = moves[start : start + _BATCH]
            await self._coll.bulk_write(batch, ordered=False, session=self._session)

    async def totals(self, keys: Iterable[str]) -> dict[str, int]:
        """The counts named, by name (a list never counted holds 0); counted exactly from the
        stories while the counts are not built."""
        wanted = list(dict.fromkeys(keys))
        query = {"_id": {"$in": [*wanted, BUILT]}}
        found = {d["_id"]: d async for d in self._coll.find(query, session=self._session)}
        if not is_built(found.get(BUILT)):
            return {key: await self._count_exactly(key) for key in wanted}
        return {key: int(found[key]["n"]) if key in found else 0 for key in wanted}

    async def total(self, keys: Iterable[str]) -> int:
        """The counts named, added up (a section and its subsections)."""
        return sum((await self.totals(keys)).values())

    async def _count_exactly(self, key: str) -> int:
        collection, query = stories_of(key)
        coll = self._db[collection]
        return int(await coll.count_documents(query, session=self._session))

    async def built(self) -> bool:
        """Whether the counts were built from the stories, in this version of the lists."""
        return is_built(await self._coll.find_one({"_id": BUILT}, session=self._session))

    async def build_step(self, *, size: int = BUILD_BATCH) -> bool:
        """One step of building the counts, in the caller's (short) transaction: delete up to
        ``size`` old counts, or, none being left, count ``size`` stories of each collection
        more. ``True`` when nothing is left for this version to do (built, or a newer version
        builds them)."""
        progress = await self._coll.find_one({"_id": BUILT}, session=self._session)
        if is_built(progress):
            return True
        # Written first, so that a write of a story not yet counted conflicts with this step
        # from here on, rather than this step (its reads done) with every such write.
        progress = await self._coll.find_one_and_update(
            {"_id": BUILT},
            _TICK,
            upsert=True,
            return_document=ReturnDocument.AFTER,
            session=self._session,
        )
        assert progress is not None, "an upsert that returns the document after finds one"
        mine = progress.get("building")
        if max(progress.get("version", 0), mine or 0) > BUILT_VERSION:
            return True  # a newer version of the lists is built by its own instances
        if mine != BUILT_VERSION:  # the start: nothing of this version done yet
            progress = {}
            await self._set_progress(
                {"building": BUILT_VERSION}, unset=("version", "cleared", "below")
            )
        # A step goes on to the next phase when it can: a new database is built in one.
        if not progress.get("cleared") and not await self._clear(size):
            return False
        return await self._count_batch(progress.get("below"), size)

    async def _clear(self, size: int) -> bool:
        """Delete ``size`` counts of an earlier build or version; ``True`` when none is left
        (cleared)."""
        query = {"_id": {"$ne": BUILT}}
        cursor = self._coll.find(query, {"_id": 1}, session=self._session).sort("_id").limit(size)
        stale = [doc["_id"] async for doc in cursor]
        if stale:  # by range: what SecantusDB deletes fast (an $in of a thousand, not)
            between = {"$gte": stale[0], "$lte": stale[-1], "$ne": BUILT}
            await self._coll.delete_many({"_id": between}, session=self._session)
        if len(stale) == size:
            return False
        await self._set_progress({"cleared": True})
        return True

    async def _count_batch(self, below: Any, size: int) -> bool:
        """Count the ``size`` newest stories of each collection older than ``below`` (all, at
        first), down to where both collections were read; ``True`` when that was the last."""
        query = {} if below is None else {"_id": {"$lt": below}}
        found: list[tuple[KeysOf, list[dict[str, Any]]]] = []
        for collection, keys_of in _COPIES:
            cursor = self._db[collection].find(query, COUNTED, session=self._session)
            found.append((keys_of, await cursor.sort("_id", -1).limit(size).to_list(size)))
        # Where a collection had more, this batch stops at the last story it read.
        ends = [docs[-1]["_id"] for _, docs in found if len(docs) == size]
        bound = max(ends) if ends else None
        counted: Counter[str] = Counter()
        for keys_of, docs in found:
            counted.update(tally(keys_of, (d for d in docs if bound is None or d["_id"] >= bound)))
        await self._write(counted)
        if bound is not None:
            await self._set_progress({"below": bound})
            return False
        await self._set_progress(
            {"version": BUILT_VERSION}, unset=("building", "cleared", "below", "ticks")
        )
        return True

    async def _set_progress(self, values: Mapping[str, Any], *, unset: Iterable[str] = ()) -> None:
        update: dict[str, Any] = {"$set": dict(values)}
        if unset:
            update["$unset"] = dict.fromkeys(unset, "")
        await self._coll.update_one({"_id": BUILT}, update, session=self._session)


# Each collection of copies, with the lists its copies are counted in.
_COPIES: list[tuple[str, KeysOf]] = [(LIVE_ARTICLES, live_keys), (ARTICLES, working_keys)]
# A write to ``~built`` that orders two transactions (``n``: every count document has one).
_TICK = {"$inc": {"ticks": 1}, "$setOnInsert": {"n": 0}}
