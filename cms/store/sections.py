"""Sections of the site (News, World, Politics…), addressed by slug."""

from __future__ import annotations

from collections.abc import Iterable

from cms import model
from cms.store.base import Repository
from cms.store.collections import SECTIONS


class Sections(Repository[model.Section]):
    collection = SECTIONS
    model_type = model.Section
    unique_fields = ("slug",)

    async def all(self) -> list[model.Section]:
        cursor = self._coll.find({}, session=self._session).sort("slug", 1)
        return [self._load(doc) async for doc in cursor]

    async def by_slugs(self, slugs: Iterable[str]) -> dict[str, model.Section]:
        return await self._by_key("slug", slugs)
