"""The delivery response cache: whole responses, tagged with what they were built from.

Every response records tags while it is resolved: ``article:<id>`` for each story in it,
``author:<id>``, ``media:<id>``, ``list:...`` for each list it read, ``slug:<slug>`` for a
story looked up by slug (found or not), ``sections`` and ``ad-slots`` for reference data. A
change in the database (seen through a change stream, so every server process sees it) maps
to the tags it can affect, and exactly the entries carrying them are dropped. Memory is
bounded: the least recently used entries go first.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from cms.store.changes import Change

ALL_LISTS = "list:all"
# Whether an asset may be shown depends on which live stories use it.
LIVE_MEDIA = "live-media"
# Lookups of authors by slug, when a deleted author's slug is no longer known.
AUTHOR_SLUGS = "author-slugs"
SECTIONS = "sections"
AD_SLOTS = "ad-slots"
# Every curated front (what a front's removal makes stale: its section is no longer known).
FRONTS = "fronts"


# The longest tag sent as it is; CDNs cap a tag near 1 KB and a whole header near 16 KB.
MAX_HEADER_TAG = 128


def header_tag(tag: str) -> str:
    """A tag as it travels in HTTP headers and to a CDN: client-chosen parts (a slug asked
    for) are percent-encoded, so no header can be broken or injected, and a long tag is
    replaced by its kind and a hash of it, so no client can make headers grow without bound.
    The purge webhook sends tags through this same function, so both sides agree."""
    encoded = quote(tag, safe=":-._~")
    if len(encoded) <= MAX_HEADER_TAG:
        return encoded
    kind = quote(tag.partition(":")[0], safe="-._~")[:32]
    return f"{kind}:sha256-{hashlib.sha256(tag.encode('utf-8', 'surrogatepass')).hexdigest()}"


def list_tag(*, section: str | None, tag: str | None, author_id: str | None) -> str:
    """The tag of one list of live stories (by section, tag or author, or all of them)."""
    if section is not None:
        return f"list:section:{section}"
    if tag is not None:
        return f"list:tag:{tag}"
    if author_id is not None:
        return f"list:author:{author_id}"
    return ALL_LISTS


def front_tag(section: str | None) -> str:
    """The tag of a front's answer, which saving that front purges (``None``: the home page)."""
    return "front:home" if section is None else f"front:section:{section}"


def tags_for_change(change: Change) -> set[str]:
    """What a database change can make stale.

    A story that goes live, changes or goes away invalidates every response it appears in
    (they carry ``article:<id>``); one that goes live or changes also invalidates the lists
    it now belongs to and a lookup of its slug that answered nothing before.
    """
    match change.collection:
        case "live_articles":
            tags = {f"article:{change.id}", LIVE_MEDIA}
            facts = change.facts
            if facts is not None:
                tags |= {ALL_LISTS, f"slug:{facts.get('slug')}"}
                if facts.get("section"):
                    tags.add(f"list:section:{facts['section']}")
                tags |= {f"list:tag:{t}" for t in facts.get("tags", ())}
                tags |= {f"list:author:{a}" for a in facts.get("author_ids", ())}
            return tags
        case "authors":
            slug = (change.facts or {}).get("slug")
            return (
                {f"author:{change.id}", f"author-slug:{slug}"}
                if slug
                else {
                    f"author:{change.id}",
                    AUTHOR_SLUGS,
                }
            )
        case "media":
            return {f"media:{change.id}"}
        case "sections":
            return {SECTIONS}
        case "ad_slots":
            return {AD_SLOTS}
        case "fronts":
            return {FRONTS} if change.facts is None else {front_tag(change.facts.get("section"))}
    return set()


@dataclass(slots=True)
class Tags:
    """What one response was built from; filled in by resolvers and loaders."""

    seen: set[str] = field(default_factory=set)
    # When the response stops being true without any write: a shown asset's rights expire.
    fresh_until: datetime | None = None

    def add(self, *tags: str) -> None:
        self.seen.update(tags)

    def expire_by(self, when: datetime) -> None:
        """The response may be kept no later than ``when``."""
        if self.fresh_until is None or when < self.fresh_until:
            self.fresh_until = when

    def extend(self, tags: Iterable[str]) -> None:
        self.seen.update(tags)


@dataclass(frozen=True, slots=True)
class Entry:
    body: bytes
    etag: str
    tags: frozenset[str]
    fresh_until: datetime | None = None
    # The tags as header values, built once when the entry is made, not on every hit.
    surrogate_key: str = ""
    cache_tag: str = ""

    @classmethod
    def build(
        cls, body: bytes, *, etag: str, tags: frozenset[str], fresh_until: datetime | None
    ) -> Entry:
        encoded = sorted(header_tag(t) for t in tags)
        return cls(
            body=body,
            etag=etag,
            tags=tags,
            fresh_until=fresh_until,
            surrogate_key=" ".join(encoded),
            cache_tag=",".join(encoded),
        )


class ResponseCache:
    """Entries by key, an index from tag to keys, and a size bound in bytes."""

    def __init__(self, *, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.generation = 0
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._by_tag: dict[str, set[str]] = {}

    def get(self, key: str, *, now: datetime | None = None) -> Entry | None:
        """The entry, unless it was kept past its ``fresh_until`` (then it is dropped)."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        if now is not None and entry.fresh_until is not None and now >= entry.fresh_until:
            self._drop(key)
            return None
        self._entries.move_to_end(key)
        return entry

    def put(self, key: str, entry: Entry, *, generation: int) -> bool:
        """Keep the entry unless something was invalidated while it was being built."""
        if generation != self.generation or len(entry.body) > self.max_bytes:
            return False
        self._drop(key)
        self._entries[key] = entry
        self.size += len(entry.body)
        for tag in entry.tags:
            self._by_tag.setdefault(tag, set()).add(key)
        while self.size > self.max_bytes:
            self._drop(next(iter(self._entries)))
        return True

    def invalidate(self, tags: Iterable[str]) -> int:
        """Drop every entry carrying any of the tags; returns how many went."""
        self.generation += 1
        keys = set().union(*(self._by_tag.get(tag, set()) for tag in tags))
        for key in keys:
            self._drop(key)
        return len(keys)

    def clear(self) -> None:
        self.generation += 1
        self._entries.clear()
        self._by_tag.clear()
        self.size = 0

    def __len__(self) -> int:
        return len(self._entries)

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is None:
            return
        self.size -= len(entry.body)
        for tag in entry.tags:
            keys = self._by_tag.get(tag)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._by_tag[tag]
