"""Media assets: pictures, clips and recordings with their caption, credit and rights.

Every document also carries ``search``, derived from the asset on each write: its agency,
distributor and source in lowercase, and the lowercase words of its credit line and of its
caption, headline and keywords. The media library filters on those with plain indexes and
anchored prefix regexes (``^word``), since SecantusDB has no ``$text`` index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from cms import model
from cms.store.base import Repository
from cms.store.codec import object_id, to_doc
from cms.store.collections import AUTHORS, LIVE_ARTICLES, MEDIA

_WORD = re.compile(r"\w+")
# When the scheduler told subscribers that the asset's rights ended (media.rights_expired).
RIGHTS_TOLD = "rights_expiry_told_at"


def words(*texts: str | None) -> list[str]:
    """The distinct lowercase words of some text: how it is stored for search and queried."""
    return sorted({word for text in texts if text for word in _WORD.findall(text.casefold())})


def name_key(name: str | None) -> str | None:
    """A name as filters compare it: lowercase, single-spaced; blank means no name."""
    return " ".join(name.casefold().split()) or None if name else None


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaFilter:
    """Which assets the library lists; every part is optional and all given parts must hold.

    ``agency``, ``distributor`` and ``source`` match a whole name, in any case; ``credit`` and
    ``text`` match when each of their words begins a word of the credit line, or of the
    caption, headline and keywords.
    """

    kind: model.MediaKind | None = None
    agency: str | None = None
    distributor: str | None = None
    source: str | None = None
    credit: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Holding:
    """An asset as a request for its file sees it: and whether a live story or an author
    shows it (is published), which decides whether readers may have it."""

    asset: model.MediaAsset
    published: bool


def _shown_by(collection: str, field: str, name: str) -> dict[str, Any]:
    """Whether a document of ``collection`` names the asset in ``field`` (an index each)."""
    return {
        "$lookup": {
            "from": collection,
            "localField": "_id",
            "foreignField": field,
            "pipeline": [{"$limit": 1}, {"$project": {"_id": 1}}],
            "as": name,
        }
    }


class MediaAssets(Repository[model.MediaAsset]):
    collection = MEDIA
    model_type = model.MediaAsset
    stored_only: ClassVar[dict[str, int]] = {"search": 0}

    def _facts(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        """An asset that is still there (an edit); ``None`` is reported for a deletion."""
        return {"file": doc.get("file")}

    def _dump(self, item: model.MediaAsset) -> dict[str, Any]:
        doc = to_doc(item)
        doc["search"] = _search_fields(item)
        return doc

    async def rights_ending(
        self, *, start: datetime, end: datetime, limit: int
    ) -> list[model.MediaAsset]:
        """Assets whose rights end in ``[start, end)``, soonest first."""
        query = {"rights_expire_at": {"$gte": start, "$lt": end}}
        cursor = (
            self._coll.find(query, self.stored_only, session=self._session)
            .sort([("rights_expire_at", 1), ("_id", 1)])
            .limit(limit)
        )
        return [self._load(doc) async for doc in cursor]

    async def page(
        self, media_filter: MediaFilter, *, limit: int, after: tuple[datetime, str] | None
    ) -> list[model.MediaAsset]:
        """Up to ``limit`` assets after the ``(created_at, id)`` position, newest first."""
        query = _query(media_filter)
        if after is not None:
            when, last_id = after
            query["$or"] = [
                {"created_at": {"$lt": when}},
                {"created_at": when, "_id": {"$lt": object_id(last_id)}},
            ]
        cursor = (
            self._coll.find(query, self.stored_only, session=self._session)
            .sort([("created_at", -1), ("_id", -1)])
            .limit(limit)
        )
        return [self._load(doc) async for doc in cursor]

    async def holding_file(self, key: str, *, limit: int = 100) -> list[Holding]:
        """The assets that keep the stored file with this key (the same bytes uploaded twice
        are one file, each upload its own asset with its own rights), each with whether it is
        published: one command, as every request for a file asks it."""
        return await self._holding({"file": key}, limit=limit)

    async def holding_asset(self, asset_id: str) -> list[Holding]:
        """The asset with this id, with whether it is published: one command, as every
        request for a rendition asks it. A malformed id is ``BadUserInput``."""
        return await self._holding({"_id": object_id(asset_id)}, limit=1)

    async def _holding(self, query: dict[str, Any], *, limit: int) -> list[Holding]:
        pipeline: list[dict[str, Any]] = [
            {"$match": query},
            {"$limit": limit},
            {"$project": self.stored_only},
            _shown_by(LIVE_ARTICLES, "media_ids", "_live"),
            _shown_by(AUTHORS, "avatar_id", "_avatar"),
        ]
        cursor = await self._coll.aggregate(pipeline, session=self._session)
        return [self._held(doc) async for doc in cursor]

    def _held(self, doc: dict[str, Any]) -> Holding:
        live, avatar = doc.pop("_live"), doc.pop("_avatar")
        return Holding(self._load(doc), published=bool(live or avatar))

    def withdrawn(self, asset_ids: Iterable[str]) -> None:
        """Tell this process's caches, and through them the CDN, that these assets are no
        longer public, though nothing of theirs was written (what showed them went away)."""
        for asset_id in asset_ids:
            self._report({"_id": asset_id})

    async def pictures_without_placeholder(
        self, *, after: str | None, limit: int
    ) -> list[model.MediaAsset]:
        """Pictures we hold the file of that have no placeholder yet, by id after ``after``."""
        query: dict[str, Any] = {
            "kind": model.MediaKind.IMAGE.value,
            "file": {"$exists": True},
            "placeholder": {"$exists": False},
        }
        if after is not None:
            query["_id"] = {"$gt": object_id(after)}
        cursor = (
            self._coll.find(query, self.stored_only, session=self._session)
            .sort("_id", 1)
            .limit(limit)
        )
        return [self._load(doc) async for doc in cursor]

    async def set_placeholder(
        self, asset: model.MediaAsset, placeholder: model.Placeholder
    ) -> bool:
        """Give a picture the placeholder made from its file, unless its file changed or it
        has one since: derived from the file, not an edit, so its version stays."""
        query = {"_id": object_id(asset.id), "file": asset.file, "placeholder": {"$exists": False}}
        update = {"$set": {"placeholder": to_doc(placeholder)}}
        result = await self._coll.update_one(query, update, session=self._session)
        if result.matched_count:
            self._report({"_id": asset.id, "file": asset.file})
        return bool(result.matched_count)

    async def rights_ended_untold(self, *, now: datetime, limit: int) -> list[model.MediaAsset]:
        """Assets whose rights have ended and whose end no event has told yet."""
        query = {"rights_expire_at": {"$lte": now}, RIGHTS_TOLD: None}
        cursor = self._coll.find(query, self.stored_only, session=self._session).limit(limit)
        return [self._load(doc) async for doc in cursor]

    async def tell_rights_ended(
        self, asset_id: str, *, expired_at: datetime, now: datetime
    ) -> bool:
        """Mark that the end of an asset's rights (at ``expired_at``) is being told; ``False``
        when another process told it first or the rights changed meanwhile."""
        result = await self._coll.update_one(
            {"_id": object_id(asset_id), "rights_expire_at": expired_at, RIGHTS_TOLD: None},
            {"$set": {RIGHTS_TOLD: now}},
            session=self._session,
        )
        return bool(result.modified_count)

    async def untell_rights_ended(self, asset_id: str) -> None:
        """The rights changed: their new end is told when it comes."""
        await self._coll.update_one(
            {"_id": object_id(asset_id)}, {"$unset": {RIGHTS_TOLD: ""}}, session=self._session
        )

    async def uses_file(self, key: str) -> bool:
        """Whether any asset keeps the stored file with this key."""
        return await self._exists({"file": key})


def _search_fields(asset: model.MediaAsset) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "agency": name_key(asset.agency),
        "distributor": name_key(asset.distributor),
        "source": name_key(asset.source),
        "credit": words(asset.credit, asset.creator),
        "text": words(asset.caption, asset.headline, *asset.keywords),
    }
    return {name: value for name, value in fields.items() if value is not None}


def _query(media_filter: MediaFilter) -> dict[str, Any]:
    query: dict[str, Any] = {}
    if media_filter.kind is not None:
        query["kind"] = media_filter.kind.value
    for name in ("agency", "distributor", "source"):
        key = name_key(getattr(media_filter, name))
        if key is not None:
            query[f"search.{name}"] = key
    prefixes = [
        {f"search.{name}": {"$regex": f"^{re.escape(word)}"}}
        for name in ("credit", "text")
        for word in words(getattr(media_filter, name))
    ]
    if prefixes:
        query["$and"] = prefixes
    return query
