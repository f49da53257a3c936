"""Per-request DataLoaders, named ``<things>_by_<key>``, so a page costs a fixed few reads.

The delivery set reads stories only through the live-copy repository, so it cannot load a
draft. Built fresh for every request: a loader's cache must never outlive the request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from strawberry.dataloader import DataLoader

from cms import model
from cms.store import Store

K = TypeVar("K")
V = TypeVar("V")


def _loader(fetch: Callable[[Iterable[K]], Awaitable[dict[K, V]]]) -> DataLoader[K, V | None]:
    """A DataLoader answering in key order, ``None`` for a key that names nothing."""

    async def load(keys: Sequence[K]) -> list[V | None]:
        found = await fetch(keys)
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


@dataclass(frozen=True, slots=True)
class DeliveryLoaders:
    authors_by_id: DataLoader[str, model.Author | None]
    sections_by_slug: DataLoader[str, model.Section | None]
    media_by_id: DataLoader[str, model.MediaAsset | None]
    ad_slots_by_code: DataLoader[str, model.AdSlot | None]
    # Teasers (no body) for related links; whole live copies when a body is asked for.
    live_teasers_by_id: DataLoader[str, model.Article | None]
    live_articles_by_id: DataLoader[str, model.Article | None]

    @classmethod
    def build(cls, store: Store) -> DeliveryLoaders:
        return cls(
            authors_by_id=_loader(store.authors.by_ids),
            sections_by_slug=_loader(store.sections.by_slugs),
            media_by_id=_loader(store.media.by_ids),
            ad_slots_by_code=_loader(store.ad_slots.by_codes),
            live_teasers_by_id=_loader(store.live_articles.by_ids),
            live_articles_by_id=_loader(store.live_articles.whole_by_ids),
        )
