"""The delivery response cache: whole responses, tagged with what they were built from.

Every response carries the tags its reader recorded (``cms.api.cache_tags`` names them). A
change in the database (seen through a change stream, so every server process sees it) maps
to the tags it can affect (``cache_tags.tags_for_change``), and exactly the entries carrying
them are dropped. Memory is bounded: the least recently used entries go first.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote

# The longest tag sent as it is; CDNs cap a tag near 1 KB and a whole header near 16 KB.
MAX_HEADER_TAG = 128


@lru_cache(maxsize=8192)  # an answer's tags are mostly those of the answers before it
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
