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

import asyncio
import dataclasses
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any, ClassVar

from bson import ObjectId
from pymongo import DESCENDING

from cms import model
from cms.store import windows
from cms.store.base import FIELD_VERSIONS, Repository
from cms.store.changes import ChangeSink, story_facts
from cms.store.codec import from_doc, object_id, to_doc
from cms.store.collections import ARTICLES, AUTHORS, LIVE_ARTICLES, MEDIA
from cms.store.counters import (
    COUNTED,
    StoryCounts,
    live_key,
    live_keys,
    tagged_key,
    working_key,
    working_keys,
)
from cms.store.media import MediaAssets, words
from cms.store.mongo import Database, Session

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


@dataclass(frozen=True, slots=True)
class TagUse:
    """A story naming some tags: its id, its tags in order, and its version."""

    id: str
    tags: tuple[str, ...]
    version: int


async def _tag_uses(coll: Any, session: Any, slugs: Iterable[str], limit: int) -> list[TagUse]:
    query = {"tags": {"$in": list(dict.fromkeys(slugs))}}
    cursor = coll.find(query, {"tags": 1, "version": 1}, session=session).sort("_id", 1)
    return [
        TagUse(id=str(doc["_id"]), tags=tuple(doc["tags"]), version=doc.get("version", 1))
        async for doc in cursor.limit(limit)
    ]


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
    counted = COUNTED

    def __init__(
        self,
        db: Database,
        session: Session | None = None,
        *,
        hints: windows.Hints | None = None,
        counts: StoryCounts | None = None,
    ) -> None:
        super().__init__(db, session)
        self._hints = hints or windows.Hints()
        self._counts = counts or StoryCounts(db, session)

    async def _written(self, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        await self._counts.change(working_keys, before, after)

    async def _document(self, item: model.Article) -> dict[str, Any]:
        doc = story_document(item)
        doc["words"] = (await self._words_of([doc]))[doc["_id"]]
        return doc

    async def insert_many(self, articles: Sequence[model.Article]) -> None:
        """Working copies of many stories in one command, with their search words (an
        archive brought in at once); nothing else (revisions, audit) is written for them."""
        docs = [to_doc(article) for article in articles]
        found = await self._words_of(docs)
        for doc in docs:
            doc["words"] = found[doc["_id"]]
        if docs:
            await self._coll.insert_many(docs, ordered=False, session=self._session)
            await self._counts.added(working_keys, docs)

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
        self,
        wanted: WorkingFilter,
        *,
        limit: int,
        after: tuple[datetime, str] | None,
        now: datetime | None = None,
    ) -> list[model.Article]:
        """Working copies for the budget (no body), most recently changed first.

        Read in time windows on ``updated_at`` led by the filter's most telling equality
        (owner, byline, status, section), so a page reads about what it shows; a search reads
        the stories having a word that begins with its longest word (the ``words`` index),
        then keeps those matching every word."""
        rest = _working_query(wanted)
        older_than = None if after is None else (after[0], object_id(after[1]))
        if wanted.words:
            return await self._search(rest, wanted.words, limit=limit, older_than=older_than)
        lead: dict[str, Any] = {}
        for key in ("owner_id", "bylines.author_id", "status", "section"):
            if key in rest:
                lead = {key: rest.pop(key)}
                break
        seek = windows.Seek(
            field="updated_at", lead=lead, rest=rest, limit=limit, older_than=older_than
        )

        async def query(stages: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
            return await windows.sorted_window(
                self._coll, self._session, stages, size, field="updated_at", projection=_LISTED
            )

        docs = await windows.read(
            seek,
            query,
            hints=self._hints,
            collection=self.collection,
            now=now or datetime.now(UTC),
        )
        return [from_doc(model.Article, doc, body=None) for doc in docs]

    async def _search(
        self,
        rest: dict[str, Any],
        words_: tuple[str, ...],
        *,
        limit: int,
        older_than: windows.Position | None,
    ) -> list[model.Article]:
        """A search: the index range of the longest word's prefix first (what SecantusDB and
        MongoDB both serve from the ``words`` index), then every word and the rest."""
        longest = max(words_, key=len)
        lead = {"words": {"$gte": longest, "$lt": _next_prefix(longest)}}
        if older_than is not None:
            rest.setdefault("$and", []).append({"$or": _before("updated_at", older_than)})
        stages = [{"$match": lead}, {"$match": rest}]
        docs = await windows.sorted_window(
            self._coll, self._session, stages, limit, field="updated_at", projection=_LISTED
        )
        return [from_doc(model.Article, doc, body=None) for doc in docs]

    async def count_by_status(self, wanted: WorkingFilter) -> dict[model.Status, int]:
        """How many working copies match in each status (the filter's own status ignored);
        statuses without any are left out.

        Read from the counts kept on writes when the filter has at most one of section, author
        and owner, and no search; otherwise counted from the filter's narrowest index range."""
        owner, author = wanted.owner_id, wanted.author_id
        given = {"section": wanted.section, "author": author, "owner": owner}
        if not wanted.words and sum(v is not None for v in given.values()) <= 1:
            names = {status: working_key(status.value, **given) for status in model.Status}
            found = await self._counts.totals(names.values())
            return {status: found[name] for status, name in names.items() if found[name]}
        return await self._count_exactly(wanted)

    async def _count_exactly(self, wanted: WorkingFilter) -> dict[model.Status, int]:
        query = _working_query(wanted, by_status=False)
        if wanted.words:
            longest = max(wanted.words, key=len)
            lead = {"words": {"$gte": longest, "$lt": _next_prefix(longest)}}
        else:
            key = next(k for k in ("owner_id", "bylines.author_id", "section") if k in query)
            lead = {key: query.pop(key)}
        pipeline = [
            {"$match": lead},
            {"$match": query},
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

    async def tag_uses(self, slugs: Iterable[str], *, limit: int = 0) -> list[TagUse]:
        """The working copies naming any of these tags (``limit`` 0: all of them)."""
        return await _tag_uses(self._coll, self._session, slugs, limit)

    async def tags_named(self) -> set[str]:
        """Every tag slug a working copy names (read from the tags index)."""
        return set(await self._coll.distinct("tags", session=self._session))

    async def count_tagged(self, slug: str) -> int:
        """How many working copies name the tag (from the counts kept on writes)."""
        return await self._counts.total([tagged_key(slug)])

    async def set_tags(self, article_id: str, tags: tuple[str, ...], *, version: int) -> bool:
        """Give a working copy these tags, one version up, if it is still at ``version``."""
        new = version + 1
        before = await self._coll.find_one_and_update(
            {"_id": object_id(article_id), "version": version},
            {"$set": {"tags": list(tags), "version": new, f"{FIELD_VERSIONS}.tags": new}},
            projection=COUNTED,
            session=self._session,
        )
        if before is None:
            return False
        await self._written(before, {**before, "tags": list(tags)})
        return True

    async def save_if_version(self, article: model.Article, *, expected_version: int) -> bool:
        """Store a new state of a story if nobody changed it since ``expected_version``."""
        doc = await self._document(article)
        before = await self._coll.find_one_and_replace(
            {"_id": object_id(article.id), "version": expected_version},
            doc,
            projection=COUNTED,
            session=self._session,
        )
        if before is None:
            return False
        await self._written(before, doc)
        return True


def story_document(article: model.Article) -> dict[str, Any]:
    """A story as stored, with its word count derived from the body (lists read no body)."""
    doc = to_doc(article)
    if article.body is not None:
        doc["word_count"] = model.words_in(article.body)
    return doc


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


def _leads(
    live_filter: LiveFilter,
) -> list[tuple[str, list[dict[str, Any]], list[str]]]:
    """The lists a filter combines, each as the field it holds in the query, the equalities
    that read it (a section with its subsections: one per section) and the names of its
    counts."""
    options: list[tuple[str, list[dict[str, Any]], list[str]]] = []
    sections = live_filter.sections()
    if sections:
        by_section = [{"section": s} for s in sections]
        options.append(("section", by_section, [live_key(section=s) for s in sections]))
    if live_filter.tag is not None:
        tag = live_filter.tag
        options.append(("tags", [{"tags": tag}], [live_key(tag=tag)]))
    if live_filter.author_id is not None:
        author = live_filter.author_id
        by_author = [{"bylines.author_id": object_id(author)}]
        options.append(("bylines.author_id", by_author, [live_key(author=author)]))
    return options


# An ObjectId below every other: ``(since, _LOWEST)`` is a position just before ``since``.
_LOWEST = ObjectId("0" * 24)


def _seek(
    live_filter: LiveFilter,
    order: LiveOrder,
    *,
    limit: int,
    after: tuple[datetime, str] | None,
    before: tuple[datetime, str] | None,
) -> windows.Seek:
    """A live list as windows read it: one equality the list's index leads with (author,
    else tag, else a single section), and the rest of its conditions beside it."""
    rest = _live_query(live_filter)
    lead: dict[str, Any] = {}
    for key in ("bylines.author_id", "tags", "section"):
        if key in rest and not isinstance(rest[key], dict):
            lead = {key: rest.pop(key)}
            break
    newer_than = None if before is None else (before[0], object_id(before[1]))
    since = live_filter.updated_since
    if since is not None and since.tzinfo is None:  # stored dates are UTC, as the driver reads
        since = since.replace(tzinfo=UTC)
    if order is LiveOrder.LAST_UPDATED and since is not None:
        del rest["updated_at"]  # a bound of the windows themselves: they stop there
        if newer_than is None or newer_than[0] < since:
            newer_than = (since, _LOWEST)
    return windows.Seek(
        field=order.value,
        lead=lead,
        rest=rest,
        limit=limit,
        older_than=None if after is None else (after[0], object_id(after[1])),
        newer_than=newer_than,
    )


def _before(field: str, position: windows.Position) -> list[dict[str, Any]]:
    """Keyset condition: strictly after ``position`` in newest-first ``(field, _id)`` order."""
    when, last_id = position
    return [{field: {"$lt": when}}, {field: when, "_id": {"$lt": last_id}}]


def _next_prefix(prefix: str) -> str:
    """The first string after every string that begins with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _projection(with_body: bool) -> dict[str, int]:
    """Teasers never need the body: a list of twenty stories should not read twenty bodies."""
    stored_only = {"media_ids": 0, "author_ids": 0}
    return stored_only if with_body else {**stored_only, "body": 0}


@dataclass(frozen=True, slots=True)
class StoryPage:
    """A live story with the pictures it shows, by id. (Its authors are not joined: delivery
    keeps the authors it has shown in memory, see cms.api.loaders.Catalogues.)"""

    article: model.Article
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


def live_document(article: model.Article) -> dict[str, Any]:
    """A live copy as stored: with the ids of its pictures and authors, for joins (what
    ``put`` writes; a bulk import prepares its documents with it)."""
    doc = story_document(article)
    doc["media_ids"] = [object_id(i) for i in sorted(model.media_ids_of(article))]
    doc["author_ids"] = [object_id(i) for i in dict.fromkeys(b.author_id for b in article.bylines)]
    return doc


def _list_projection(fields: Collection[str] | None, order: LiveOrder) -> dict[str, int]:
    """A list's teasers carry their sort key too: the windows and the cursors are made of it."""
    projection = _teaser_projection(fields)
    return projection if fields is None else {**projection, order.value: 1}


class LiveArticles(Repository[model.Article]):
    """What readers see: one live copy per published story, newest first."""

    collection = LIVE_ARTICLES
    model_type = model.Article
    unique_fields = ("slug",)
    counted = COUNTED

    def __init__(
        self,
        db: Database,
        session: Session | None = None,
        sink: ChangeSink | None = None,
        *,
        hints: windows.Hints | None = None,
        counts: StoryCounts | None = None,
    ) -> None:
        super().__init__(db, session, sink)
        self._hints = hints or windows.Hints()
        self._counts = counts or StoryCounts(db, session)

    async def _written(self, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        await self._counts.change(live_keys, before, after)

    async def put(self, article: model.Article) -> None:
        """Make this snapshot the live copy of its story, replacing any earlier one."""
        doc = live_document(article)
        before = await self._coll.find_one_and_replace(
            {"_id": object_id(article.id)},
            doc,
            projection=COUNTED,
            upsert=True,
            session=self._session,
        )
        await self._written(before, doc)
        self._report(doc)

    async def put_many(self, articles: Sequence[model.Article]) -> None:
        """Live copies of stories never published before, in one command (an archive brought
        in at once: the benchmark's, tests'). Caches hear of them as of any other write."""
        await self.put_documents([live_document(article) for article in articles])

    async def put_documents(self, docs: Sequence[dict[str, Any]], *, counted: bool = True) -> None:
        """``put_many`` of documents prepared with ``live_document`` (off the event loop, by a
        bulk import). ``counted=False``: the caller adds their counts itself, once for the
        whole import (``counters.tally``, ``StoryCounts.add``)."""
        if docs:
            await self._coll.insert_many(docs, ordered=False, session=self._session)
            if counted:
                await self._counts.added(live_keys, docs)
        for doc in docs:
            self._report(doc)

    async def by_slug(self, slug: str) -> model.Article | None:
        return await self._one({"slug": slug})

    async def story_page(self, slug: str) -> StoryPage | None:
        """The story with its pictures, in one round trip: a command costs the app more CPU
        than the rendering of a whole story page."""
        pipeline = [
            {"$match": {"slug": slug}},
            {"$limit": 1},
            _joined(MEDIA, "media_ids", MediaAssets.stored_only, "_media"),
        ]
        cursor = await self._coll.aggregate(pipeline, session=self._session)
        docs = await cursor.to_list(1)
        if not docs:
            return None
        doc = docs[0]
        media = {str(m["_id"]): from_doc(model.MediaAsset, m) for m in doc["_media"]}
        return StoryPage(self._load(doc), media)

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
        now: datetime | None = None,
    ) -> list[model.Article]:
        """Up to ``limit`` teasers (no body) between the ``(time, id)`` positions in ``order``,
        newest first; ``backward``: the ``limit`` next to ``before`` instead, oldest first.
        Read with only ``fields`` (and the base every teaser has) when given.

        The list is read in time windows on its sort key (``cms.store.windows``), so a page
        reads about as many stories as it shows, however large the archive; ``now`` is where
        the first page's first window is placed when nothing is known of the list yet."""
        seek = _seek(live_filter, order, limit=limit, after=after, before=before)
        if backward:
            seek = dataclasses.replace(seek, ascending=True)
        docs = await self._seek(seek, _list_projection(fields, order), now=now)
        return [self._teaser(doc) for doc in docs]

    async def in_window(
        self,
        live_filter: LiveFilter,
        *,
        start: datetime,
        end: datetime,
        order: LiveOrder = LiveOrder.FIRST_PUBLISHED,
        limit: int,
        fields: Collection[str] | None = None,
    ) -> list[model.Article]:
        """The live stories whose ``order`` time is in ``[start, end)``, newest first, at most
        ``limit`` (teasers, no body): what a feed or a sitemap of one period reads. A caller
        walking the whole archive asks period by period; each read costs what it returns."""
        seek = _seek(live_filter, order, limit=limit, after=None, before=None)
        window = {"$gte": start, "$lt": end}
        stages = [{"$match": {**seek.lead, order.value: window}}]
        if seek.rest:
            stages.append({"$match": seek.rest})
        projection = _list_projection(fields, order)
        docs = await windows.sorted_window(
            self._coll, self._session, stages, limit, field=order.value, projection=projection
        )
        return [self._teaser(doc) for doc in docs]

    async def _seek(
        self, seek: windows.Seek, projection: dict[str, int], *, now: datetime | None
    ) -> list[dict[str, Any]]:
        async def query(stages: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
            return await windows.sorted_window(
                self._coll,
                self._session,
                stages,
                limit,
                field=seek.field,
                projection=projection,
                ascending=seek.ascending,
            )

        return await windows.read(
            seek,
            query,
            hints=self._hints,
            collection=self.collection,
            now=now or datetime.now(UTC),
        )

    async def count_listed(self, live_filter: LiveFilter) -> int:
        """How many live stories the list holds: from the counts kept on writes when the list
        is all stories, or one section (with its subsections), tag or author; otherwise
        counted exactly from the narrowest index range (see ``_count_exactly``)."""
        sections = live_filter.sections()
        given = [bool(sections), live_filter.tag is not None, live_filter.author_id is not None]
        if live_filter.updated_since is None and sum(given) <= 1:
            if sections:
                return await self._counts.total(live_key(section=s) for s in sections)
            if live_filter.tag is not None:
                return await self._counts.total([live_key(tag=live_filter.tag)])
            return await self._counts.total([live_key(author=live_filter.author_id)])
        return await self._count_exactly(live_filter)

    async def _count_exactly(self, live_filter: LiveFilter) -> int:
        """Count what the counts cannot answer, reading one index range per lead: the smallest
        of the lists combined (as its count says), each of its sections for a section, and
        with an ``updatedSince`` only the window since then (the ``*_updated`` indexes)."""
        rest = _live_query(live_filter)
        since = rest.pop("updated_at", None)
        options = _leads(live_filter)
        leads: list[dict[str, Any]] = [{}]
        if len(options) > 1:
            found = await self._counts.totals(k for _, _, keys in options for k in keys)
            sizes = [sum(found[k] for k in keys) for _, _, keys in options]
            options = [options[sizes.index(min(sizes))]]
        if options:
            field, leads, _ = options[0]
            del rest[field]
        total = 0
        for lead in leads:
            first = lead if since is None else {**lead, "updated_at": since}
            stages: list[dict[str, Any]] = [{"$match": first}]
            stages += [{"$match": rest}] if rest else []
            stages.append({"$count": "n"})
            cursor = await self._coll.aggregate(stages, session=self._session)
            total += sum([int(doc["n"]) async for doc in cursor])
        return total

    async def tag_uses(self, slugs: Iterable[str], *, limit: int = 0) -> list[TagUse]:
        """The live copies naming any of these tags (``limit`` 0: all of them)."""
        return await _tag_uses(self._coll, self._session, slugs, limit)

    async def set_tags(
        self, article_id: str, tags: tuple[str, ...], *, version: int
    ) -> model.Article | None:
        """Give a live copy these tags at ``version`` (a merge: nothing else of it changes);
        the copy as it now is (a teaser), or None if it is no longer live."""
        before = await self._coll.find_one_and_update(
            {"_id": object_id(article_id)},
            {"$set": {"tags": list(tags), "version": version}},
            projection=_projection(with_body=False),
            session=self._session,
        )
        if before is None:
            return None
        after = {**before, "tags": list(tags), "version": version}
        await self._written(before, after)
        self._report(after)
        return self._teaser(after)

    async def tags_named(self) -> set[str]:
        """Every tag slug a live copy names (read from the tags index)."""
        return set(await self._coll.distinct("tags", session=self._session))

    async def tags_in_use(self, slugs: Iterable[str]) -> set[str]:
        """Which of these tags a live copy names: one indexed look per tag, at once, however
        many stories each tag has."""

        async def used(slug: str) -> bool:
            return await self._exists({"tags": slug})

        wanted = list(dict.fromkeys(slugs))
        if self._session is not None:  # a transaction takes one command at a time
            return {slug for slug in wanted if await used(slug)}
        found = await asyncio.gather(*(used(slug) for slug in wanted))
        return {slug for slug, is_used in zip(wanted, found, strict=True) if is_used}

    async def slug_of(self, article_id: str) -> str | None:
        """The slug a story is live under, if it is live."""
        query = {"_id": object_id(article_id)}
        doc = await self._coll.find_one(query, {"slug": 1}, session=self._session)
        return None if doc is None else str(doc["slug"])

    async def remove(self, article_id: str) -> None:
        """Take the live copy away: readers no longer see the story."""
        await self.delete(article_id)

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

    async def sharing_tags(
        self, tags: Collection[str], *, except_id: str, limit: int
    ) -> list[tuple[str, tuple[str, ...]]]:
        """The ids and tags of up to ``limit`` of the newest live stories that share a tag
        with a story, leaving that story out: what tops up its related stories. One indexed
        read of small documents, however large the archive."""
        if not tags:
            return []
        query = {"tags": {"$in": list(tags)}, "_id": {"$ne": object_id(except_id)}}
        cursor = (
            self._coll.find(query, {"tags": 1}, session=self._session)
            .sort([("first_published_at", DESCENDING), ("_id", DESCENDING)])
            .limit(limit)
        )
        return [(str(doc["_id"]), tuple(doc.get("tags", ()))) async for doc in cursor]
