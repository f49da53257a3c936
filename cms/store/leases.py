"""Edit leases: one short claim per story, taken and renewed atomically in the database."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from cms import model
from cms.store.base import Repository
from cms.store.codec import object_id, to_doc
from cms.store.collections import EDIT_LEASES, LEASE_TAKEOVERS


class EditLeases(Repository[model.EditLease]):
    """Keyed by the story's id; an expired lease is as good as none."""

    collection = EDIT_LEASES
    model_type = model.EditLease

    async def current(self, article_id: str, *, now: datetime) -> model.EditLease | None:
        return await self._one({"_id": object_id(article_id), "expires_at": {"$gt": now}})

    async def current_by_article(
        self, article_ids: Iterable[str], *, now: datetime
    ) -> dict[str, model.EditLease]:
        """The unexpired leases on these stories, by story id, in one read (a budget page)."""
        wanted = list({object_id(i) for i in article_ids})
        if not wanted:
            return {}
        query = {"_id": {"$in": wanted}, "expires_at": {"$gt": now}}
        cursor = self._coll.find(query, session=self._session)
        return {str(doc["_id"]): self._load(doc) async for doc in cursor}

    async def acquire(self, lease: model.EditLease, *, now: datetime) -> model.EditLease | None:
        """Take or renew the lease unless someone else holds it; ``None`` when they do."""
        free_or_mine = {
            "_id": object_id(lease.id),
            "$or": [{"user_id": object_id(lease.user_id)}, {"expires_at": {"$lte": now}}],
        }
        doc = to_doc(lease)
        doc.pop("_id")
        try:
            found = await self._coll.find_one_and_update(
                free_or_mine,
                {"$set": doc},
                upsert=True,
                return_document=ReturnDocument.AFTER,
                session=self._session,
            )
        except DuplicateKeyError:  # the lease exists, held by someone else
            return None
        assert found is not None, "an upsert that returns the document after always finds one"
        return self._load(found)

    async def take_over(self, lease: model.EditLease) -> model.EditLease | None:
        """Take the lease whoever holds it; returns the lease it replaced, if any."""
        doc = to_doc(lease)
        before = await self._coll.find_one_and_replace(
            {"_id": doc["_id"]},
            doc,
            upsert=True,
            return_document=ReturnDocument.BEFORE,
            session=self._session,
        )
        return None if before is None else self._load(before)

    async def release(self, article_id: str, *, user_id: str) -> None:
        query = {"_id": object_id(article_id), "user_id": object_id(user_id)}
        await self._coll.delete_one(query, session=self._session)


class LeaseTakeovers(Repository[model.LeaseTakeover]):
    """Each time someone took over an edit lease another user held, newest last."""

    collection = LEASE_TAKEOVERS
    model_type = model.LeaseTakeover

    async def last_of(self, user_id: str) -> model.LeaseTakeover | None:
        """The last time someone took over a lease this user held."""
        cursor = (
            self._coll.find({"user_id": object_id(user_id)}, session=self._session)
            .sort([("at", -1), ("_id", -1)])
            .limit(1)
        )
        found = [self._load(doc) async for doc in cursor]
        return found[0] if found else None
