"""The live archive by first publication: windows of time, for sitemaps and news sitemaps.

Every read is bounded by a window on the ``first_published`` index and reads only what it
returns: a month's sitemap reads that month, the Google News sitemap the last two days, and
whether a window holds any story is one document found, unsorted (a database that sorts by
reading every match, as the embedded one does, reads one), never the whole archive.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from pymongo import DESCENDING

from cms import model
from cms.store.base import Repository
from cms.store.codec import from_doc
from cms.store.collections import LIVE_ARTICLES

_FIRST = "first_published_at"


class LiveArchive(Repository[model.Article]):
    """Live copies read by windows of first publication (no bodies)."""

    collection = LIVE_ARTICLES
    model_type = model.Article

    async def any_between(self, start: datetime | None, end: datetime) -> bool:
        """Whether a live story was first published in ``[start, end)`` (``start`` None: at
        any time before ``end``); one document is looked for, in no order."""
        window: dict[str, Any] = {"$lt": end} if start is None else {"$gte": start, "$lt": end}
        cursor = self._coll.find({_FIRST: window}, {"_id": 1}, session=self._session).limit(1)
        return bool(await cursor.to_list(1))

    async def first_published_between(
        self, start: datetime, end: datetime, *, limit: int, fields: Collection[str]
    ) -> list[model.Article]:
        """Up to ``limit`` stories first published in ``[start, end)``, newest first, read with
        only ``fields`` (model field names) beside what every story is read with."""
        query = {_FIRST: {"$gte": start, "$lt": end}}
        wanted = dict.fromkeys(("slug", "headline", "created_at", "updated_at", _FIRST, *fields), 1)
        cursor = (
            self._coll.find(query, wanted, session=self._session)
            .sort([(_FIRST, DESCENDING), ("_id", DESCENDING)])
            .limit(limit)
        )
        return [from_doc(model.Article, doc, body=None) async for doc in cursor]
