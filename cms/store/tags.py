"""Tags (topics, places, people) by slug, and the old slugs that still lead somewhere."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from cms import model
from cms.store.base import Repository
from cms.store.changes import redirect_facts
from cms.store.codec import object_id
from cms.store.collections import SLUG_REDIRECTS, TAGS


class Tags(Repository[model.Tag]):
    collection = TAGS
    model_type = model.Tag
    unique_fields = ("slug",)

    async def by_slug(self, slug: str) -> model.Tag | None:
        return await self._one({"slug": slug})

    async def by_slugs(self, slugs: Iterable[str]) -> dict[str, model.Tag]:
        return await self._by_key("slug", slugs)

    async def page(
        self, *, limit: int, after: str | None = None, words: Sequence[str] = ()
    ) -> list[model.Tag]:
        """Up to ``limit`` tags in slug order after the slug ``after``; with ``words``, those
        whose slug or name has a word beginning with each."""
        query: dict[str, Any] = {} if after is None else {"slug": {"$gt": after}}
        if words:
            query["$and"] = [_word_starts(word) for word in words]
        cursor = self._coll.find(query, session=self._session).sort("slug", 1).limit(limit)
        return [self._load(doc) async for doc in cursor]

    async def existing(self, slugs: Iterable[str]) -> set[str]:
        """Which of these slugs have a tag document."""
        wanted = list(set(slugs))
        if not wanted:
            return set()
        query = {"slug": {"$in": wanted}}
        cursor = self._coll.find(query, {"slug": 1}, session=self._session)
        return {doc["slug"] async for doc in cursor}

    async def insert_missing(self, tags: Iterable[model.Tag]) -> int:
        """Insert the tags whose slug has no document yet, leaving any that has one (another
        instance may be doing the same at once); returns how many were inserted."""
        inserted = 0
        for tag in tags:
            doc = self._dump(tag)
            done = await self._coll.update_one(
                {"slug": tag.slug}, {"$setOnInsert": doc}, upsert=True, session=self._session
            )
            if done.upserted_id is not None:
                inserted += 1
                self._report(doc)
        return inserted

    async def remove(self, tag: model.Tag) -> bool:
        result = await self._coll.delete_one({"_id": object_id(tag.id)}, session=self._session)
        self._report({"_id": tag.id, "slug": tag.slug})  # its slug, for the caches to purge
        return bool(result.deleted_count)

    def _facts(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        return {"slug": doc.get("slug")}


def _word_starts(word: str) -> dict[str, Any]:
    start = re.escape(word)
    return {
        "$or": [
            {"slug": {"$regex": f"(^|-){start}"}},
            {"name": {"$regex": f"(^|\\s){start}", "$options": "i"}},
        ]
    }


class SlugRedirects(Repository[model.SlugRedirect]):
    """Old slugs of stories, merged tags and renamed authors, each leading to what now has
    another slug."""

    collection = SLUG_REDIRECTS
    model_type = model.SlugRedirect

    async def of(self, kind: model.RedirectKind, slug: str) -> model.SlugRedirect | None:
        return await self._one({"kind": kind.value, "slug": slug})

    async def point(self, redirect: model.SlugRedirect) -> None:
        """Make the redirect's slug lead to its target (replacing where it led before)."""
        doc = self._dump(redirect)
        new_id = doc.pop("_id")
        await self._coll.update_one(
            {"kind": doc["kind"], "slug": doc["slug"]},
            {"$set": doc, "$setOnInsert": {"_id": new_id}},
            upsert=True,
            session=self._session,
        )
        self._report({"_id": new_id, **doc})

    async def retarget(self, kind: model.RedirectKind, *, old_id: str, new_id: str) -> int:
        """Lead every old slug that led to ``old_id`` to ``new_id`` instead (a merged tag's)."""
        query = {"kind": kind.value, "target_id": object_id(old_id)}
        docs = await self._coll.find(query, session=self._session).to_list()
        if docs:
            update = {"$set": {"target_id": object_id(new_id)}}
            await self._coll.update_many(query, update, session=self._session)
        for doc in docs:
            self._report(doc)
        return len(docs)

    async def forget(self, kind: model.RedirectKind, slug: str) -> None:
        """A slug in use again by a story or tag of its own leads nowhere else any more."""
        query = {"kind": kind.value, "slug": slug}
        doc = await self._coll.find_one_and_delete(query, session=self._session)
        if doc is not None:
            self._report(doc)

    async def redirected_to(self, target_id: str, *, limit: int = 100) -> list[str]:
        """The old slugs that lead to a story or tag."""
        query = {"target_id": object_id(target_id)}
        cursor = self._coll.find(query, {"slug": 1}, session=self._session).limit(limit)
        return [doc["slug"] async for doc in cursor]

    def _facts(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        return redirect_facts(doc)
