"""What every repository shares: its collection, an optional transaction session, batch reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar

from pymongo.errors import DuplicateKeyError

from cms.errors import BadUserInput
from cms.store.changes import WATCHED, Change, ChangeSink
from cms.store.codec import from_doc, object_id, to_doc
from cms.store.mongo import Database, Session

M = TypeVar("M")


class Repository(Generic[M]):
    """One collection, read and written as one model type."""

    collection: ClassVar[str]
    model_type: type[M]
    # Which unique index a duplicate broke, and how to say so to a client.
    unique_fields: ClassVar[tuple[str, ...]] = ()
    # Fields a repository stores for its own queries (search terms) and never reads back.
    stored_only: ClassVar[dict[str, int] | None] = None

    def __init__(
        self,
        db: Database,
        session: Session | None = None,
        sink: ChangeSink | None = None,
    ) -> None:
        self._coll = db[self.collection]
        self._session = session
        self._sink = sink or ChangeSink()

    async def insert(self, item: M) -> M:
        doc = await self._document(item)
        try:
            await self._coll.insert_one(doc, session=self._session)
        except DuplicateKeyError as error:
            raise self._duplicate(error) from None
        self._report(doc)
        return item

    async def replace(self, item: M) -> bool:
        """Store the new state of an existing item; ``False`` when it no longer exists."""
        doc = await self._document(item)
        try:
            result = await self._coll.replace_one({"_id": doc["_id"]}, doc, session=self._session)
        except DuplicateKeyError as error:
            raise self._duplicate(error) from None
        self._report(doc)
        return bool(result.matched_count)

    async def delete(self, item_id: str) -> bool:
        result = await self._coll.delete_one({"_id": object_id(item_id)}, session=self._session)
        self._report({"_id": item_id}, gone=True)
        return bool(result.deleted_count)

    def _report(self, doc: dict[str, Any], *, gone: bool = False) -> None:
        """Tell this process's caches about a write to a collection delivery reads."""
        if self.collection in WATCHED:
            facts = None if gone else self._facts(doc)
            self._sink.changed(Change(self.collection, str(doc["_id"]), facts))

    def _facts(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        return None

    async def by_ids(self, ids: Iterable[str]) -> dict[str, M]:
        """Many at once, keyed by id; ids that name nothing are simply absent."""
        return await self._by_ids(ids, self.stored_only)

    async def _by_ids(self, ids: Iterable[str], projection: dict[str, int] | None) -> dict[str, M]:
        wanted = list({object_id(i) for i in ids})
        if not wanted:
            return {}
        query = {"_id": {"$in": wanted}}
        cursor = self._coll.find(query, projection, session=self._session)
        return {str(doc["_id"]): self._load(doc) async for doc in cursor}

    async def get(self, item_id: str) -> M | None:
        return await self._one({"_id": object_id(item_id)})

    async def _one(self, query: dict[str, Any]) -> M | None:
        doc = await self._coll.find_one(query, self.stored_only, session=self._session)
        return None if doc is None else self._load(doc)

    async def _by_key(self, key: str, values: Iterable[str]) -> dict[str, M]:
        """Many at once by a unique string field, keyed by that field."""
        wanted = list(set(values))
        if not wanted:
            return {}
        cursor = self._coll.find({key: {"$in": wanted}}, self.stored_only, session=self._session)
        return {doc[key]: self._load(doc) async for doc in cursor}

    async def _exists(self, query: dict[str, Any]) -> bool:
        return await self._coll.find_one(query, {"_id": 1}, session=self._session) is not None

    async def _ids(self, query: dict[str, Any], *, limit: int) -> list[str]:
        """The ids of up to ``limit`` documents matching the query, nothing else of them."""
        cursor = self._coll.find(query, {"_id": 1}, session=self._session).limit(limit)
        return [str(doc["_id"]) async for doc in cursor]

    async def count(self) -> int:
        return int(await self._coll.count_documents({}, session=self._session))

    def _load(self, doc: dict[str, Any]) -> M:
        return from_doc(self.model_type, doc)

    def _dump(self, item: M) -> dict[str, Any]:
        """The document stored for an item; a repository may add derived fields (for search)."""
        return to_doc(item)

    async def _document(self, item: M) -> dict[str, Any]:
        """The document to write; a repository whose derived fields need a read overrides it."""
        return self._dump(item)

    def _duplicate(self, error: DuplicateKeyError) -> BadUserInput:
        taken = (error.details or {}).get("keyValue") or {}
        field = next(iter(taken), self.unique_fields[0] if self.unique_fields else "id")
        return BadUserInput(
            f"{field} {taken.get(field)!r} is already in use.", field=field, reason="DUPLICATE"
        )
