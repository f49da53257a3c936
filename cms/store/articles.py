"""Stories: working copies for editors, and live copies, the only thing delivery can read.

A live copy is a snapshot taken at publication and stored in its own collection under the
story's id. Delivery reads go through ``LiveArticles`` alone, so a draft cannot leak: there is
no query to forget a status filter on.

Every working copy also carries ``words``, derived on each write: the lowercase words of its
headline, its slug and its bylines' names. The budget's search matches them with a multikey
index and anchored prefix regexes (``^word``), as the media library does, since SecantusDB has
no ``$text`` index. Copies stored without them are given them at start, and an author's rename
renews them on the stories that name the author.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar

from pymongo import ASCENDING, DESCENDING

from cms import model
from cms.store.base import Repository
from cms.store.changes import story_facts
from cms.store.codec import from_doc, object_id, to_doc
from cms.store.collections import ARTICLES, AUTHORS, LIVE_ARTICLES, MEDIA
from cms.store.media import MediaAssets, words
from cms.store.people import Authors

# What the budget's lists leave out: bodies are long, and the words are for queries only.
_LISTED = {"body": 0, "words": 0}
# What a working copy's words are made of, and what is needed to store them again.
_WORDS_FROM = {"slug": 1, "headline": 1, "bylines": 1, "version": 1}
_BATCH = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkingFilter:
    """Which working copies the budget lists; every part is optional and all given parts hold.

    ``words`` match when each one begins a word of the headline, the slug or a byline's name.
    """

    status: model.Status | None = None
    section: str | None = None
    author_id: str | None = None
    owner_id: str | None = None
    words: tuple[str, ...] = ()


def _working_query(wanted: WorkingFilter, *, by_status: bool = True) -> dict[str, Any]:
    query: dict[str, Any] = {}
    if by_status and wanted.status is not None:
        query["status"] = wanted.status.value
    if wanted.section is not None:
        query["section"] = wanted.section
    if wanted.author_id is not None:
        query["bylines.author_id"] = object_id(wanted.author_id)
    if wanted.owner_id is not None:
        query["owner_id"] = object_id(wanted.owner_id)
    if wanted.words:
        query["$and"] = [{"words": {"$regex": f"^{re.escape(word)}"}} for word in wanted.words]
    return query


class Articles(Repository[model.Article]):
    """Working copies in every status."""

    collection = ARTICLES
    model_type = model.Article
    unique_fields = ("slug",)
    stored_only: ClassVar[dict[str, int]] = {"words": 0}

    async def _document(self, item: model.Article) -> dict[str, Any]:
        doc = to_doc(item)
        doc["words"] = (await self._words_of([doc]))[doc["_id"]]
        return doc

    async def _words_of(self, docs: list[dict[str, Any]]) -> dict[Any, list[str]]:
        """The search words of stored stories, by ``_id``: their bylines' names read at once."""
        ids = {b["author_id"] for doc in docs for b in doc.get("bylines", ())}
        names: dict[Any, str] = {}
        if ids:
            authors = self._coll.database[AUTHORS]
            query = {"_id": {"$in": list(ids)}}
            cursor = authors.find(query, {"name": 1}, session=self._session)
            names = {a["_id"]: a["name"] async for a in cursor}
        return {
            doc["_id"]: words(
                doc.get("headline"),
                doc.get("slug"),
                *(names.get(b["author_id"]) for b in doc.get("bylines", ())),
            )
            for doc in docs
        }

    async def store_words(self, *, author_id: str | None = None) -> int:
        """Store the search words again: of the stories naming ``author_id`` (renamed), or of
        those stored without any (older copies, at start). Returns how many were written.

        Each write is checked against the version read, and a story saved in between is read
        again, so a save racing with a rename cannot keep the old name's words.
        """
        query: dict[str, Any] = (
            {"words": {"$exists": False}}
            if author_id is None
            else {"bylines.author_id": object_id(author_id)}
        )
        written = 0
        pending = [d async for d in self._coll.find(query, _WORDS_FROM, session=self._session)]
        for _attempt in range(5):
            missed = []
            for start in range(0, len(pending), _BATCH):
                batch = pending[start : start + _BATCH]
                found = await self._words_of(batch)
                for doc in batch:
                    done = await self._coll.update_one(
                        {"_id": doc["_id"], "version": doc["version"]},
                        {"$set": {"words": found[doc["_id"]]}},
                        session=self._session,
                    )
                    written += done.modified_count
                    if not done.matched_count:
                        missed.append(doc["_id"])
            if not missed:
                break
            again = {"_id": {"$in": missed}}
            pending = [d async for d in self._coll.find(again, _WORDS_FROM, session=self._session)]
        return written

    async def slug_taken(self, slug: str, *, except_id: str | None = None) -> bool:
        query: dict[str, Any] = {"slug": slug}
        if except_id is not None:
            query["_id"] = {"$ne": object_id(except_id)}
        return await self._exists(query)

    async def by_slug(self, slug: str) -> model.Article | None:
        return await self._one({"slug": slug})

    async def taken_down_under(self, slug: str) -> bool:
        """Whether the story with this slug was taken down; nothing else of it is read."""
        taken_down = {
            "slug": slug,
            "$or": [
                {"status": model.Status.TAKEN_DOWN.value},
                {"taken_down_at": {"$ne": None}},
            ],
        }
        return await self._exists(taken_down)

    async def teasers_by_ids(self, ids: Iterable[str]) -> dict[str, model.Article]:
        wanted = list({object_id(i) for i in ids})
        if not wanted:
            return {}
        cursor = self._coll.find({"_id": {"$in": wanted}}, _LISTED, session=self._session)
        return {str(d["_id"]): from_doc(model.Article, d, body=None) async for d in cursor}

    async def page(
        self, wanted: WorkingFilter, *, limit: int, after: tuple[datetime, str] | None
    ) -> list[model.Article]:
        """Working copies for the budget (no body), most recently changed first."""
        query = _working_query(wanted)
        if after is not None:
            query["$or"] = _before("updated_at", after)
        cursor = (
            self._coll.find(query, _LISTED, session=self._session)
            .sort([("updated_at", -1), ("_id", -1)])
            .limit(limit)
        )
        return [from_doc(model.Article, doc, body=None) async for doc in cursor]

    async def count_by_status(self, wanted: WorkingFilter) -> dict[model.Status, int]:
        """How many working copies match in each status (the filter's own status ignored);
        statuses without any are left out."""
        pipeline = [
            {"$match": _working_query(wanted, by_status=False)},
            {"$group": {"_id": "$status", "count": {"$sum": 1}}},
        ]
        cursor = await self._coll.aggregate(pipeline, session=self._session)
        return {model.Status(doc["_id"]): int(doc["count"]) async for doc in cursor}

    async def count_with_author(self, author_id: str) -> int:
        query = {"bylines.author_id": object_id(author_id)}
        return int(await self._coll.count_documents(query, session=self._session))

    async def using_media(self, asset_id: str, *, limit: int = 20) -> list[str]:
        """Ids of working copies that show the asset: lead, body or social image."""
        asset = object_id(asset_id)
        query = {
            "$or": [
                {"lead_media.asset_id": asset},
                {"body.media.asset_id": asset},
                {"seo.social_image_id": asset},
            ]
        }
        return await self._ids(query, limit=limit)

    async def timed_between(
        self, start: datetime, end: datetime, *, limit: int
    ) -> list[model.Article]:
        """Stories (no body) with an embargo step in ``[start, end)``: scheduled ones going live
        or coming down then, and published ones coming down then."""
        window = {"$gte": start, "$lt": end}
        query = {
            "$or": [
                {"status": model.Status.SCHEDULED.value, "publish_at": window},
                {"status": model.Status.SCHEDULED.value, "unpublish_at": window},
                {"status": model.Status.PUBLISHED.value, "unpublish_at": window},
            ]
        }
        cursor = self._coll.find(query, _LISTED, session=self._session).limit(limit)
        return [from_doc(model.Article, doc, body=None) async for doc in cursor]

    async def showing_any_media(
        self, asset_ids: Iterable[str], *, statuses: Collection[model.Status], limit: int = 500
    ) -> dict[str, set[str]]:
        """Working copies in these statuses that show any of the assets (lead, body or
        social image), each with which of them it shows."""
        wanted = [object_id(i) for i in set(asset_ids)]
        if not wanted:
            return {}
        query = {
            "status": {"$in": [s.value for s in statuses]},
            "$or": [
                {"lead_media.asset_id": {"$in": wanted}},
                {"body.media.asset_id": {"$in": wanted}},
                {"seo.social_image_id": {"$in": wanted}},
            ],
        }
        shown = {"lead_media.asset_id": 1, "body.media.asset_id": 1, "seo.social_image_id": 1}
        cursor = self._coll.find(query, shown, session=self._session).limit(limit)
        keep = set(wanted)
        return {str(doc["_id"]): _assets_in(doc, keep) async for doc in cursor}

    async def media_uses(self, asset_id: str, *, limit: int) -> dict[str, bool]:
        """The working copies that show the asset (lead, body or social image), each with
        whether it is their lead picture."""
        asset = object_id(asset_id)
        query = {
            "$or": [
                {"lead_media.asset_id": asset},
                {"body.media.asset_id": asset},
                {"seo.social_image_id": asset},
            ]
        }
        cursor = self._coll.find(query, {"lead_media.asset_id": 1}, session=self._session)
        return {str(d["_id"]): _is_lead(d, asset) async for d in cursor.limit(limit)}

    async def previews_media(self, article_id: str, asset_ids: Iterable[str]) -> bool:
        """Whether this story's working copy shows one of the assets and may be previewed
        (it was not taken down): what a preview token lets its holder fetch."""
        wanted = [object_id(i) for i in asset_ids]
        query = {
            "_id": object_id(article_id),
            "status": {"$ne": model.Status.TAKEN_DOWN.value},
            "taken_down_at": None,
            "$or": [
                {"lead_media.asset_id": {"$in": wanted}},
                {"body.media.asset_id": {"$in": wanted}},
                {"seo.social_image_id": {"$in": wanted}},
            ],
        }
        return await self._exists(query)

    async def count_in_section(self, slug: str) -> int:
        return int(await self._coll.count_documents({"section": slug}, session=self._session))

    async def due(self, *, status: model.Status, field: str, now: datetime) -> list[str]:
        """Ids of stories in ``status`` whose ``field`` time has come."""
        return await self._ids({"status": status.value, field: {"$lte": now}}, limit=100)

    async def save_if_version(self, article: model.Article, *, expected_version: int) -> bool:
        """Store a new state of a story if nobody changed it since ``expected_version``."""
        result = await self._coll.replace_one(
            {"_id": object_id(article.id), "version": expected_version},
            await self._document(article),
            session=self._session,
        )
        return bool(result.matched_count)


def _is_lead(doc: dict[str, Any], asset: Any) -> bool:
    return bool((doc.get("lead_media") or {}).get("asset_id") == asset)


def _assets_in(doc: dict[str, Any], wanted: set[Any]) -> set[str]:
    """Which of ``wanted`` a story document (read with only its media references) shows."""
    found = [
        (doc.get("lead_media") or {}).get("asset_id"),
        (doc.get("seo") or {}).get("social_image_id"),
    ]
    found += [(block.get("media") or {}).get("asset_id") for block in doc.get("body") or ()]
    return {str(i) for i in found if i in wanted}


class LiveOrder(Enum):
    """The orders live lists come in, by the stored field each sorts on (newest first)."""

    FIRST_PUBLISHED = "first_published_at"  # holds still: a republish moves nothing
    LAST_UPDATED = "updated_at"


@dataclass(frozen=True, slots=True, kw_only=True)
class LiveFilter:
    """Which live stories a list wants; every part is optional. ``subsections``: more
    sections whose stories count as the section's."""

    section: str | None = None
    subsections: tuple[str, ...] = ()
    tag: str | None = None
    author_id: str | None = None
    updated_since: datetime | None = None

    def sections(self) -> tuple[str, ...]:
        return () if self.section is None else (self.section, *self.subsections)


def _live_query(live_filter: LiveFilter) -> dict[str, Any]:
    query: dict[str, Any] = {}
    sections = live_filter.sections()
    if len(sections) == 1:
        query["section"] = sections[0]
    elif sections:
        query["section"] = {"$in": list(sections)}
    if live_filter.tag is not None:
        query["tags"] = live_filter.tag
    if live_filter.author_id is not None:
        query["bylines.author_id"] = object_id(live_filter.author_id)
    if live_filter.updated_since is not None:
        query["updated_at"] = {"$gte": live_filter.updated_since}
    return query


def _before(field: str, position: tuple[datetime, str]) -> list[dict[str, Any]]:
    """Keyset condition: strictly after ``position`` in newest-first ``(field, _id)`` order."""
    when, last_id = position
    return [{field: {"$lt": when}}, {field: when, "_id": {"$lt": object_id(last_id)}}]


def _newer(field: str, position: tuple[datetime, str]) -> list[dict[str, Any]]:
    """Keyset condition: strictly before ``position`` in newest-first order (newer)."""
    when, last_id = position
    return [{field: {"$gt": when}}, {field: when, "_id": {"$gt": object_id(last_id)}}]


def _projection(with_body: bool) -> dict[str, int]:
    """Teasers never need the body: a list of twenty stories should not read twenty bodies."""
    stored_only = {"media_ids": 0, "author_ids": 0}
    return stored_only if with_body else {**stored_only, "body": 0}


@dataclass(frozen=True, slots=True)
class StoryPage:
    """A live story with the authors of its bylines and the pictures it shows, by id.

    ``authors`` is None for a live copy stored before copies kept their author ids: its
    authors must be read by id."""

    article: model.Article
    authors: dict[str, model.Author] | None
    media: dict[str, model.MediaAsset]


def _joined(collection: str, local: str, projection: dict[str, int], name: str) -> Any:
    """A ``$lookup`` by a top-level array of ids. (SecantusDB 0.7 finds nothing through a
    path into an array of subdocuments, such as ``bylines.author_id``, so the ids are stored.)"""
    return {
        "$lookup": {
            "from": collection,
            "localField": local,
            "foreignField": "_id",
            "pipeline": [{"$project": projection}],
            "as": name,
        }
    }


# What every teaser is read with, whatever else is asked: its identity, its dates (a page's
# cursors are built from published_at) and what the model cannot do without.
TEASER_BASE = ("slug", "headline", "created_at", "updated_at", "published_at")


def _teaser_projection(fields: Collection[str] | None) -> dict[str, int]:
    """Only ``fields`` (model field names) and the base, or everything but the body."""
    if fields is None:
        return _projection(with_body=False)
    return dict.fromkeys((*TEASER_BASE, *fields), 1)


class LiveArticles(Repository[model.Article]):
    """What readers see: one live copy per published story, newest first."""

    collection = LIVE_ARTICLES
    model_type = model.Article
    unique_fields = ("slug",)

    async def put(self, article: model.Article) -> None:
        """Make this snapshot the live copy of its story, replacing any earlier one."""
        doc = to_doc(article)
        doc["media_ids"] = [object_id(i) for i in sorted(model.media_ids_of(article))]
        doc["author_ids"] = [
            object_id(i) for i in dict.fromkeys(b.author_id for b in article.bylines)
        ]
        await self._coll.replace_one(
            {"_id": object_id(article.id)}, doc, upsert=True, session=self._session
        )
        self._report(doc)

    async def by_slug(self, slug: str) -> model.Article | None:
        return await self._one({"slug": slug})

    async def story_page(self, slug: str) -> StoryPage | None:
        """The story with its authors (public fields) and pictures, in one round trip: a
        command costs the app more CPU than the rendering of a whole story page."""
        pipeline = [
            {"$match": {"slug": slug}},
            {"$limit": 1},
            _joined(AUTHORS, "author_ids", Authors.public, "_authors"),
            _joined(MEDIA, "media_ids", MediaAssets.stored_only, "_media"),
        ]
        cursor = await self._coll.aggregate(pipeline, session=self._session)
        docs = await cursor.to_list(1)
        if not docs:
            return None
        doc = docs[0]
        authors = {str(a["_id"]): from_doc(model.Author, a) for a in doc["_authors"]}
        media = {str(m["_id"]): from_doc(model.MediaAsset, m) for m in doc["_media"]}
        return StoryPage(self._load(doc), authors if "author_ids" in doc else None, media)

    async def by_ids(self, ids: Iterable[str]) -> dict[str, model.Article]:
        """Teasers: live copies without their bodies."""
        return await self._find_by_ids(ids, with_body=False)

    async def whole_by_ids(self, ids: Iterable[str]) -> dict[str, model.Article]:
        return await self._find_by_ids(ids, with_body=True)

    async def _find_by_ids(
        self, ids: Iterable[str], *, with_body: bool
    ) -> dict[str, model.Article]:
        wanted = list({object_id(i) for i in ids})
        if not wanted:
            return {}
        query = {"_id": {"$in": wanted}}
        cursor = self._coll.find(query, _projection(with_body), session=self._session)
        load = self._load if with_body else self._teaser
        return {str(doc["_id"]): load(doc) async for doc in cursor}

    async def page(
        self,
        live_filter: LiveFilter,
        *,
        limit: int,
        after: tuple[datetime, str] | None = None,
        before: tuple[datetime, str] | None = None,
        order: LiveOrder = LiveOrder.FIRST_PUBLISHED,
        backward: bool = False,
        fields: Collection[str] | None = None,
    ) -> list[model.Article]:
        """Up to ``limit`` teasers (no body) between the ``(time, id)`` positions in ``order``,
        newest first; ``backward``: the ``limit`` next to ``before`` instead, oldest first.
        Read with only ``fields`` (and the base every teaser has) when given."""
        query = _live_query(live_filter)
        field = order.value
        bounds = []
        if after is not None:
            bounds.append({"$or": _before(field, after)})
        if before is not None:
            bounds.append({"$or": _newer(field, before)})
        if bounds:
            query["$and"] = bounds
        direction = ASCENDING if backward else DESCENDING
        cursor = (
            self._coll.find(query, _teaser_projection(fields), session=self._session)
            .sort([(field, direction), ("_id", direction)])
            .limit(limit)
        )
        return [self._teaser(doc) async for doc in cursor]

    async def count_listed(self, live_filter: LiveFilter) -> int:
        """How many live stories the list holds."""
        query = _live_query(live_filter)
        return int(await self._coll.count_documents(query, session=self._session))

    async def remove(self, article_id: str) -> None:
        """Take the live copy away: readers no longer see the story."""
        await self._coll.delete_one({"_id": object_id(article_id)}, session=self._session)
        self._report({"_id": article_id}, gone=True)

    def _facts(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        return story_facts(doc)

    async def showing_any_media(
        self, asset_ids: Iterable[str], *, limit: int = 500
    ) -> dict[str, set[str]]:
        """Live copies that show any of the assets, each with which of them it shows."""
        wanted = [object_id(i) for i in set(asset_ids)]
        if not wanted:
            return {}
        query = {"media_ids": {"$in": wanted}}
        cursor = self._coll.find(query, {"media_ids": 1}, session=self._session).limit(limit)
        keep = set(wanted)
        return {str(d["_id"]): {str(i) for i in d["media_ids"] if i in keep} async for d in cursor}

    async def shows_media(self, asset_id: str) -> bool:
        return await self._exists({"media_ids": object_id(asset_id)})

    async def media_uses(self, asset_id: str, *, limit: int) -> dict[str, bool]:
        """The live copies that show the asset, each with whether it is their lead picture."""
        asset = object_id(asset_id)
        query = {"media_ids": asset}
        cursor = self._coll.find(query, {"lead_media.asset_id": 1}, session=self._session)
        return {str(d["_id"]): _is_lead(d, asset) async for d in cursor.limit(limit)}

    async def showing_media(self, asset_id: str, *, limit: int = 20) -> list[str]:
        """Ids of live copies that show the asset."""
        return await self._ids({"media_ids": object_id(asset_id)}, limit=limit)

    def _teaser(self, doc: dict[str, Any]) -> model.Article:
        return from_doc(model.Article, doc, body=None)
