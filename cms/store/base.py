"""What every repository shares: its collection, an optional transaction session, batch reads."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar, cast

from pymongo.errors import DuplicateKeyError

from cms.errors import BadUserInput
from cms.store.changes import WATCHED, Change, ChangeSink
from cms.store.codec import from_doc, object_id, to_doc
from cms.store.mongo import Database, Session, reports_unavailable

M = TypeVar("M")

# Where a versioned document keeps, per field, the version at which the field last changed.
FIELD_VERSIONS = "field_versions"


def version_is(version: int) -> dict[str, Any]:
    """A filter on a document's version; one stored before documents had versions is at 1."""
    if version == 1:
        return {"$or": [{"version": 1}, {"version": {"$exists": False}}]}
    return {"version": version}


@reports_unavailable
class Repository(Generic[M]):
    """One collection, read and written as one model type. Its subclasses' coroutines, like
    its own, report a database that does not answer as ``DatabaseUnavailable``."""

    collection: ClassVar[str]
    model_type: type[M]
    # Which unique index a duplicate broke, and how to say so to a client.
    unique_fields: ClassVar[tuple[str, ...]] = ()
    # Fields a repository stores for its own queries (search terms) and never reads back.
    stored_only: ClassVar[dict[str, int] | None] = None
    # The fields its counts are kept on (``None``: it keeps none), read back on each replace
    # and delete so that what was there can be uncounted (see ``_written``).
    counted: ClassVar[dict[str, int] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        reports_unavailable(cls)

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
        await self._written(None, doc)
        self._report(doc)
        return item

    async def replace(self, item: M) -> bool:
        """Store the new state of an existing item; ``False`` when it no longer exists."""
        doc = await self._document(item)
        query = {"_id": doc["_id"]}
        try:
            if self.counted is None:
                result = await self._coll.replace_one(query, doc, session=self._session)
                found = bool(result.matched_count)
            else:
                before = await self._coll.find_one_and_replace(
                    query, doc, projection=self.counted, session=self._session
                )
                found = before is not None
                if found:
                    await self._written(before, doc)
        except DuplicateKeyError as error:
            raise self._duplicate(error) from None
        self._report(doc)
        return found

    async def update_if_version(self, before: M, after: M) -> bool:
        """Store ``after`` (one version up) if the stored item is still at ``before``'s version.

        The version is checked and bumped by one filtered update, never read and then written,
        so of two saves from the same version exactly one lands. Each changed field is stamped
        with the new version, for ``changed_since``. ``False`` when the version moved on (or
        the item is gone): nothing was written.
        """
        old, new = self._dump(before), await self._document(after)
        fields = self._field_keys()
        changed = [key for key in fields if old.get(key) != new.get(key) and key != "version"]
        update: dict[str, Any] = {
            "$set": {
                **{key: value for key, value in new.items() if key != "_id"},
                **{f"{FIELD_VERSIONS}.{key}": new["version"] for key in changed},
            }
        }
        cleared = [key for key in fields if key not in new]
        if cleared:
            update["$unset"] = dict.fromkeys(cleared, "")
        query = {"_id": new["_id"], **version_is(old["version"])}
        try:
            result = await self._coll.update_one(query, update, session=self._session)
        except DuplicateKeyError as error:
            raise self._duplicate(error) from None
        if result.matched_count:
            await self._written(old, new)
            self._report(new)
        return bool(result.matched_count)

    async def changed_since(self, item_id: str, version: int) -> list[str]:
        """The fields of an item that changed after ``version``, in the model's order (fields
        changed before versions were recorded count as unchanged)."""
        query = {"_id": object_id(item_id)}
        doc = await self._coll.find_one(query, {FIELD_VERSIONS: 1}, session=self._session)
        stamps = (doc or {}).get(FIELD_VERSIONS) or {}
        return [key for key in self._field_keys() if stamps.get(key, 0) > version]

    def _field_keys(self) -> list[str]:
        """The document keys that store the model's fields (``id`` is ``_id``)."""
        names = [field.name for field in dataclasses.fields(cast(Any, self.model_type))]
        return ["_id" if name == "id" else name for name in names]

    async def delete(self, item_id: str) -> bool:
        query = {"_id": object_id(item_id)}
        if self.counted is None:
            result = await self._coll.delete_one(query, session=self._session)
            found = bool(result.deleted_count)
        else:
            before = await self._coll.find_one_and_delete(
                query, projection=self.counted, session=self._session
            )
            found = before is not None
            if found:
                await self._written(before, None)
        self._report({"_id": item_id}, gone=True)
        return found

    async def _written(self, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        """Keep the repository's counts: an item was stored as ``after`` (``None``: removed),
        where it was ``before`` (``None``: new), in the write's transaction."""
        return None

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
