"""Reading a sorted list in time windows on its sort key, widened until the page is full.

SecantusDB reads every document its index lookup yields before it sorts and limits, so a
section's twenty newest cost as much as the whole section, and grow with the archive. A query
bounded to a time window on the sort key reads only that window, through the compound index
that serves the list (its filter's equality fields, then the sort key, then ``_id``). So a page
is read window by window from its starting point (a cursor, or the newest story), each window
``WIDENING`` times wider than the last, until the page is full or the windows pass
``EARLIEST``, after which one last window takes the rest of the list. MongoDB walks the same
index and stops at the limit inside each window, so the one code path is cheap on both.

How wide the first window is comes from what the last page of the same list needed (a
``Hints`` entry kept in memory: time per story, and the newest story seen). A hint changes only
how many windows a page takes, never what it holds: each window's bounds meet the next's
exactly, and the ``(time, _id)`` positions of cursors are applied as conditions in the windows
where they matter, so stories of the same instant are each listed once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cachetools import LRUCache

Position = tuple[datetime, Any]  # (time on the sort key, _id): a place in a list
Query = Callable[[list[dict[str, Any]], int], Awaitable[list[dict[str, Any]]]]

# Each window is this many times as wide as the one before it; after an empty one, more.
WIDENING = 4
WIDENING_EMPTY = 16
# Without a hint, the first window is this wide (per story wanted, at least MIN_WIDTH).
FIRST_WIDTH_PER_STORY = timedelta(hours=1)
MIN_WIDTH = timedelta(seconds=1)
# Windows reaching before this take the rest of the list in one read: nothing is older.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LONGEST = timedelta(days=366 * 1000)  # wider than any archive: a window of everything
# The first window is a little wider than the hint says, so that it usually fills the page.
MARGIN = 1.5
HINTS = 4096


@dataclass(slots=True)
class Hint:
    """What a list's last page showed: time per story, and its newest story's time."""

    per_story: timedelta
    newest: datetime | None


@dataclass
class Hints:
    """Hints by list, bounded (the least recently used go first); shared by every request of
    a process. A list is named by its collection, sort key and conditions."""

    _by_list: LRUCache[str, Hint] = field(default_factory=lambda: LRUCache(maxsize=HINTS))

    def get(self, key: str) -> Hint | None:
        return self._by_list.get(key)

    def put(self, key: str, hint: Hint) -> None:
        self._by_list[key] = hint


@dataclass(frozen=True, slots=True, kw_only=True)
class Seek:
    """One page of a list, read newest first from ``older_than`` (or the newest story) down
    to ``newer_than`` (or the oldest); ``ascending``: oldest first from ``newer_than`` up."""

    field: str  # the sort key: a date
    lead: dict[str, Any]  # equalities the index serves (its leading fields)
    rest: dict[str, Any]  # conditions the index does not serve
    limit: int
    older_than: Position | None = None
    newer_than: Position | None = None
    ascending: bool = False

    def key(self, collection: str) -> str:
        return f"{collection}|{self.field}|{self.lead!r}|{self.rest!r}|{self.ascending}"


def _past(field: str, position: Position, *, ascending: bool) -> dict[str, Any]:
    """Strictly past ``position`` going down (``ascending``: going up) in ``(field, _id)``."""
    when, item_id = position
    op = "$gt" if ascending else "$lt"
    return {"$or": [{field: {op: when}}, {field: when, "_id": {op: item_id}}]}


def _window(
    down: bool,
    *,
    far: datetime | None,
    near: datetime | None,
    start: datetime | None,
    end: datetime | None,
) -> dict[str, datetime]:
    """One window's bounds on the sort key: from where the last one stopped (or from the
    page's start, inclusive: the cursor's own instant may hold more stories) to ``far``, or
    to the page's end (inclusive). Each window begins exactly where the one before stopped."""
    near_op, far_op = ("$lt", "$gte") if down else ("$gte", "$lt")
    window: dict[str, datetime] = {}
    if near is not None:
        window[near_op] = near
    elif start is not None:
        window["$lte" if down else "$gte"] = start
    if far is not None:
        window[far_op] = far
    elif end is not None:
        window["$gte" if down else "$lte"] = end
    return window


def _stages(seek: Seek, window: dict[str, Any], extra: list[dict[str, Any]]) -> list[Any]:
    """The leading ``$match`` is what the index serves (SecantusDB plans only on it); the rest
    follows in a second ``$match``, which MongoDB merges with the first."""
    stages: list[Any] = [{"$match": {**seek.lead, seek.field: window} if window else seek.lead}]
    rest = [*([seek.rest] if seek.rest else []), *extra]
    if rest:
        stages.append({"$match": rest[0] if len(rest) == 1 else {"$and": rest}})
    return stages


async def read(
    seek: Seek,
    query: Query,
    *,
    hints: Hints,
    collection: str,
    now: datetime,
) -> list[dict[str, Any]]:
    """Up to ``seek.limit`` documents of the page, in its order, read window by window.

    ``query(stages, limit)`` runs the stages that select one window's documents (a ``$match``
    or two) and returns at most ``limit`` of them, sorted in the page's order."""
    if seek.limit <= 0:
        return []
    key = seek.key(collection)
    hint = hints.get(key)
    down = not seek.ascending
    start_pos, end_pos = (
        (seek.older_than, seek.newer_than) if down else (seek.newer_than, seek.older_than)
    )
    start = None if start_pos is None else start_pos[0]
    end = None if end_pos is None else end_pos[0]
    anchor = start or (hint.newest if hint is not None and hint.newest else None) or now
    per_story = FIRST_WIDTH_PER_STORY if hint is None else hint.per_story
    width = min(max(per_story * seek.limit * MARGIN, MIN_WIDTH), LONGEST)
    found: list[dict[str, Any]] = []
    near: datetime | None = None  # where the last window ended (its far edge), once moved
    while True:
        # Down, the last window reaches the beginning of time; up, it passes now (and
        # oldest first with no cursor is one read from the beginning of the list).
        last = width >= (anchor - EARLIEST) if down else (start is None or width >= now - anchor)
        far = anchor if last else (anchor - width if down else anchor + width)
        if end is not None and (far <= end if down else far >= end):
            last = True
        window = _window(down, far=None if last else far, near=near, start=start, end=end)
        extra = []
        if near is None and start_pos is not None:
            extra.append(_past(seek.field, start_pos, ascending=not down))
        if last and end_pos is not None:
            extra.append(_past(seek.field, end_pos, ascending=down))
        got = await query(_stages(seek, window, extra), seek.limit - len(found))
        found += got
        if len(found) >= seek.limit or last:
            break
        near = far
        width = min(width * (WIDENING if got else WIDENING_EMPTY), LONGEST)
    _learn(hints, key, seek, found, anchor=anchor, start=start, filled=len(found) >= seek.limit)
    return found


def _learn(
    hints: Hints,
    key: str,
    seek: Seek,
    found: list[dict[str, Any]],
    *,
    anchor: datetime,
    start: datetime | None,
    filled: bool,
) -> None:
    """Remember how much time the page's stories took, for the next page of the list."""
    old = hints.get(key)
    newest = old.newest if old is not None else None
    if not seek.ascending and start is None and found:
        newest = found[0][seek.field]
    if filled:
        edge = found[-1][seek.field]
        span = abs((start or found[0][seek.field]) - edge)
        per_story = max(span / len(found), MIN_WIDTH / seek.limit)
    else:  # the list ended: the next page of it may as well read all of it at once
        per_story = LONGEST / seek.limit
    hints.put(key, Hint(per_story=per_story, newest=newest))


async def sorted_window(
    collection: Any,
    session: Any,
    stages: list[dict[str, Any]],
    limit: int,
    *,
    field: str,
    projection: dict[str, int],
    ascending: bool = False,
) -> list[dict[str, Any]]:
    """One window of a list: its stages, sorted on ``(field, _id)``, limited and projected,
    in one ``aggregate`` command."""
    direction = 1 if ascending else -1
    pipeline = [
        *stages,
        {"$sort": {field: direction, "_id": direction}},
        {"$limit": limit},
        {"$project": projection},
    ]
    cursor = await collection.aggregate(pipeline, session=session)
    return [doc async for doc in cursor]
