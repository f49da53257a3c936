"""Following the database's changes, so every server process learns what others wrote.

A change stream (MongoDB's, and SecantusDB's) on the collections delivery reads. When the
stream breaks (the database restarted, a failover), everything is treated as changed and the
stream is opened again: a cache may be emptied for nothing, never kept stale.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pymongo.errors import PyMongoError

from cms.store import mongo
from cms.store.collections import (
    AD_SLOTS,
    AUTHORS,
    FRONTS,
    LIVE_ARTICLES,
    MEDIA,
    SECTIONS,
    SLUG_REDIRECTS,
    TAGS,
)

log = logging.getLogger(__name__)

WATCHED = (LIVE_ARTICLES, AUTHORS, MEDIA, SECTIONS, AD_SLOTS, FRONTS, TAGS, SLUG_REDIRECTS)


@dataclass(frozen=True, slots=True)
class Change:
    """One document of a watched collection changed. ``facts`` describes a live story as it
    now is (slug, section, tags, author ids), an author's or a tag's slug, an asset's file,
    or an old slug's kind and slug; ``None`` when the document went away."""

    collection: str
    id: str
    facts: dict[str, Any] | None = None


def _facts(document: dict[str, Any] | None) -> dict[str, Any] | None:
    if document is None:
        return None
    return {
        "slug": document.get("slug"),
        "section": document.get("section"),
        "tags": list(document.get("tags", [])),
        "author_ids": [str(b["author_id"]) for b in document.get("bylines", [])],
    }


def _change(event: dict[str, Any]) -> Change | None:
    key = event.get("documentKey")
    if key is None:
        return None
    collection = event["ns"]["coll"]
    document = event.get("fullDocument")
    facts = None
    if collection == LIVE_ARTICLES:
        facts = _facts(document)
    elif collection == AUTHORS and document is not None:
        facts = {"slug": document.get("slug")}
    elif collection == MEDIA and document is not None:
        facts = {"file": document.get("file")}
    elif collection == FRONTS and document is not None:
        facts = front_facts(document)
    elif collection == TAGS and document is not None:
        facts = {"slug": document.get("slug")}
    elif collection == SLUG_REDIRECTS and document is not None:
        facts = redirect_facts(document)
    return Change(collection=collection, id=str(key["_id"]), facts=facts)


async def follow(
    db: Any,
    *,
    on_change: Callable[[Change], None],
    on_reset: Callable[[], None],
    retry_seconds: float = 1.0,
) -> None:
    """Call ``on_change`` for each change, ``on_reset`` whenever changes may have been missed."""
    pipeline = [{"$match": {"ns.coll": {"$in": list(WATCHED)}}}]
    while True:
        try:
            async with await db.watch(pipeline, full_document="updateLookup") as stream:
                on_reset()
                async for event in stream:
                    change = _change(event)
                    if change is not None:
                        on_change(change)
        except PyMongoError as error:
            mongo.stop_if_cancelled()
            log.warning("change stream interrupted (%s); retrying", error)
            on_reset()
            await asyncio.sleep(retry_seconds)


class ChangeSink:
    """Where a Store reports its own writes, so this process's caches need not wait for the
    change stream. Inside a transaction the reports are held until it commits."""

    def __init__(self, parent: ChangeSink | None = None) -> None:
        self._parent = parent
        self._listeners: list[Callable[[Change], None]] = []
        self._held: list[Change] = []

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    def changed(self, change: Change) -> None:
        if self._parent is not None:
            self._held.append(change)
            return
        for listener in self._listeners:
            listener(change)

    def held(self) -> ChangeSink:
        """A sink for one transaction attempt: nothing is reported until ``release``."""
        return ChangeSink(parent=self)

    def release(self) -> None:
        if self._parent is not None:
            for change in self._held:
                self._parent.changed(change)
        self._held.clear()


def story_facts(document: dict[str, Any]) -> dict[str, Any] | None:
    """The facts of a live story document, as a change stream would report them."""
    return _facts(document)


def front_facts(document: dict[str, Any]) -> dict[str, Any]:
    """What a change to a curated front says: which front (``section`` None: the home page)."""
    return {"section": document.get("section")}


def redirect_facts(document: dict[str, Any]) -> dict[str, Any]:
    """What a change to an old slug says: whose (ARTICLE, TAG or AUTHOR) and which slug."""
    return {"kind": document.get("kind"), "slug": document.get("slug")}
