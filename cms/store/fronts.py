"""Curated fronts: one document per section front, and one for the home page (no section)."""

from __future__ import annotations

from typing import Any

from pymongo.errors import DuplicateKeyError

from cms import model
from cms.store.base import Repository
from cms.store.changes import front_facts
from cms.store.codec import from_doc, object_id, to_doc
from cms.store.collections import FRONTS


class Fronts(Repository[model.Front]):
    collection = FRONTS
    model_type = model.Front

    async def of(self, section: str | None) -> model.Front | None:
        """The curated front of a section, or of the home page; None until first saved."""
        return await self._one({"section": section})

    async def all(self) -> list[model.Front]:
        cursor = self._coll.find({}, session=self._session)
        return [self._load(doc) async for doc in cursor]

    async def create(self, front: model.Front) -> bool:
        """Store a section's first front; ``False`` if another save made it first."""
        doc = self._dump(front)
        try:
            await self._coll.insert_one(doc, session=self._session)
        except DuplicateKeyError:
            return False
        self._report(doc)
        return True

    def _facts(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        return front_facts(doc)

    def _dump(self, item: model.Front) -> dict[str, Any]:
        # Story ids are ObjectIds in the database, as everywhere else.
        doc = to_doc(item)
        doc["article_ids"] = [object_id(i) for i in item.article_ids]
        return doc

    def _load(self, doc: dict[str, Any]) -> model.Front:
        return from_doc(model.Front, doc, article_ids=tuple(str(i) for i in doc["article_ids"]))
