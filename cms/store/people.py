"""Authors: the names that appear in bylines."""

from __future__ import annotations

from collections.abc import Iterable

from cms import model
from cms.store.base import Repository
from cms.store.codec import object_id
from cms.store.collections import AUTHORS


class Authors(Repository[model.Author]):
    collection = AUTHORS
    model_type = model.Author
    unique_fields = ("slug",)

    async def by_slug(self, slug: str) -> model.Author | None:
        return await self._one({"slug": slug})

    async def by_slugs(self, slugs: Iterable[str]) -> dict[str, model.Author]:
        return await self._by_key("slug", slugs)

    async def uses_avatar(self, asset_id: str) -> bool:
        return await self._exists({"avatar_id": object_id(asset_id)})
