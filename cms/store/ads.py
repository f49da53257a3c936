"""Ad slot definitions, addressed by their code."""

from __future__ import annotations

from cms import model
from cms.store.base import Repository
from cms.store.collections import AD_SLOTS


class AdSlots(Repository[model.AdSlot]):
    collection = AD_SLOTS
    model_type = model.AdSlot
    unique_fields = ("code",)

    async def all(self) -> list[model.AdSlot]:
        """Every slot definition, by code (there are a handful, not thousands)."""
        cursor = self._coll.find({}, session=self._session).sort("code", 1)
        return [self._load(doc) async for doc in cursor]
