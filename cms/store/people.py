"""People: authors (the names in bylines) and users (who log in), with their sessions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, ClassVar

from pymongo import ReturnDocument

from cms import model
from cms.store.base import Repository
from cms.store.codec import object_id
from cms.store.collections import AUTHORS, LOGIN_FAILURES, SESSIONS, USERS
from cms.store.mongo import reports_unavailable


class Authors(Repository[model.Author]):
    collection = AUTHORS
    model_type = model.Author
    unique_fields = ("slug",)
    # What readers may see of an author: not the contact address the newsroom keeps.
    public: ClassVar[dict[str, int]] = {"email": 0}

    async def by_slug(self, slug: str) -> model.Author | None:
        return await self._one({"slug": slug})

    async def by_slugs(self, slugs: Iterable[str]) -> dict[str, model.Author]:
        return await self._by_key("slug", slugs)

    async def public_by_slug(self, slug: str) -> model.Author | None:
        """For readers: without the contact address the newsroom keeps."""
        doc = await self._coll.find_one({"slug": slug}, self.public, session=self._session)
        return None if doc is None else self._load(doc)

    async def public_by_ids(self, ids: Iterable[str]) -> dict[str, model.Author]:
        """For readers: without the contact address the newsroom keeps."""
        return await self._by_ids(ids, self.public)

    async def public_page(self, *, limit: int, after: str | None = None) -> list[model.Author]:
        """For readers: up to ``limit`` authors in slug order after the slug ``after``."""
        query: dict[str, Any] = {} if after is None else {"slug": {"$gt": after}}
        cursor = self._coll.find(query, self.public, session=self._session).sort("slug", 1)
        return [self._load(doc) async for doc in cursor.limit(limit)]

    async def uses_avatar(self, asset_id: str) -> bool:
        return await self._exists({"avatar_id": object_id(asset_id)})

    async def with_avatar(self, asset_id: str, *, limit: int = 20) -> list[str]:
        """Ids of the authors whose avatar the asset is."""
        return await self._ids({"avatar_id": object_id(asset_id)}, limit=limit)

    async def all(self) -> list[model.Author]:
        cursor = self._coll.find({}, session=self._session).sort("slug", 1)
        return [self._load(doc) async for doc in cursor]

    def _facts(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        return {"slug": doc.get("slug")}


class Users(Repository[model.User]):
    collection = USERS
    model_type = model.User
    unique_fields = ("email",)

    async def by_email(self, email: str) -> model.User | None:
        return await self._one({"email": email.lower()})

    async def all(self) -> list[model.User]:
        cursor = self._coll.find({}, session=self._session).sort("email", 1)
        return [self._load(doc) async for doc in cursor]


@reports_unavailable
class Sessions:
    """Live login sessions by token id; a token is valid only while its session exists."""

    def __init__(self, db: Any, session: Any = None) -> None:
        self._coll = db[SESSIONS]
        self._session = session

    async def open(self, *, session_id: str, user_id: str, expires_at: datetime) -> None:
        doc = {"_id": session_id, "user_id": object_id(user_id), "expires_at": expires_at}
        await self._coll.insert_one(doc, session=self._session)

    async def owner(self, session_id: str, *, now: datetime) -> str | None:
        """The id of the user whose session this is, while it is open; else ``None``."""
        query = {"_id": session_id, "expires_at": {"$gt": now}}
        doc = await self._coll.find_one(query, {"user_id": 1}, session=self._session)
        return None if doc is None else str(doc["user_id"])

    async def close(self, session_id: str) -> None:
        await self._coll.delete_one({"_id": session_id}, session=self._session)

    async def close_all(self, user_id: str) -> None:
        await self._coll.delete_many({"user_id": object_id(user_id)}, session=self._session)


@reports_unavailable
class LoginFailures:
    """Recent failed sign-ins per key (an email from an address, or an address), shared by
    every server process, to slow guessing down."""

    def __init__(self, db: Any, session: Any = None) -> None:
        self._coll = db[LOGIN_FAILURES]
        self._session = session

    async def blocked_until(self, keys: Iterable[str]) -> datetime | None:
        """The latest time until which any of these keys must wait, if one must."""
        query = {"_id": {"$in": list(keys)}, "blocked_until": {"$exists": True}}
        cursor = self._coll.find(query, {"blocked_until": 1}, session=self._session)
        until = [doc["blocked_until"] async for doc in cursor]
        return max(until, default=None)

    async def record(self, key: str, *, now: datetime, window: timedelta) -> int:
        """Count one more failure; the count starts again after a quiet ``window``."""
        await self._coll.delete_one({"_id": key, "last": {"$lt": now - window}})
        doc = await self._coll.find_one_and_update(
            {"_id": key},
            {"$inc": {"count": 1}, "$set": {"last": now}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
            session=self._session,
        )
        return int(doc["count"])

    async def block(self, key: str, *, until: datetime) -> None:
        await self._coll.update_one(
            {"_id": key}, {"$set": {"blocked_until": until}}, session=self._session
        )

    async def clear(self, key: str) -> None:
        await self._coll.delete_one({"_id": key}, session=self._session)
