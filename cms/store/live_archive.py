"""The live archive by first publication: windows of time, for sitemaps and news sitemaps.

Every read seeks on the ``first_published`` index (``first_published_at`` newest first) and
reads only the stories it returns: a month's sitemap reads that month, the Google News
sitemap the last two days, and the list of months with stories takes one indexed seek per
month that has any, never the whole archive.
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

    async def newest_before(self, when: datetime | None) -> datetime | None:
        """When the newest story first published before ``when`` (``None``: ever) went live."""
        query: dict[str, Any] = {_FIRST: {"$ne": None}}
        if when is not None:
            query[_FIRST] = {"$lt": when}
        cursor = (
            self._coll.find(query, {_FIRST: 1, "_id": 0}, session=self._session)
            .sort([(_FIRST, DESCENDING), ("_id", DESCENDING)])
            .limit(1)
        )
        found = await cursor.to_list(1)
        return found[0][_FIRST] if found else None

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
