"""A story's past: the revisions of its content and the audit trail of its workflow steps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from cms import model
from cms.store.base import Repository
from cms.store.codec import object_id
from cms.store.collections import AUDIT_EVENTS, REVISIONS


class Revisions(Repository[model.Revision]):
    collection = REVISIONS
    model_type = model.Revision

    async def of_article(self, article_id: str) -> list[model.Revision]:
        """Newest first, without their content (a list shows who and when)."""
        query = {"article_id": object_id(article_id)}
        cursor = self._coll.find(query, session=self._session).sort("number", -1)
        return [self._load(doc) async for doc in cursor]

    async def latest_number(self, article_id: str) -> int:
        doc = await self._coll.find_one(
            {"article_id": object_id(article_id)},
            {"number": 1},
            sort=[("number", -1)],
            session=self._session,
        )
        return 0 if doc is None else int(doc["number"])

    async def as_of_version(self, article_id: str, version: int) -> model.Revision | None:
        """The content as it stood when the story was at ``version``."""
        query: dict[str, Any] = {"article_id": object_id(article_id), "version": {"$lte": version}}
        doc = await self._coll.find_one(query, sort=[("version", -1)], session=self._session)
        return None if doc is None else self._load(doc)


class AuditEvents(Repository[model.AuditEvent]):
    collection = AUDIT_EVENTS
    model_type = model.AuditEvent

    async def last_at(self, article_ids: Iterable[str], *, action: str) -> dict[str, datetime]:
        """When each story last took this step (stories that never did are left out)."""
        wanted = [object_id(i) for i in set(article_ids)]
        if not wanted:
            return {}
        pipeline = [
            {"$match": {"article_id": {"$in": wanted}, "action": action}},
            {"$group": {"_id": "$article_id", "at": {"$max": "$at"}}},
        ]
        cursor = await self._coll.aggregate(pipeline, session=self._session)
        return {str(doc["_id"]): doc["at"] async for doc in cursor}

    async def of_article(self, article_id: str) -> list[model.AuditEvent]:
        """Oldest first: a story's history reads from top to bottom."""
        query = {"article_id": object_id(article_id)}
        cursor = self._coll.find(query, session=self._session).sort([("at", 1), ("_id", 1)])
        return [self._load(doc) async for doc in cursor]
