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


ALL_SLOTS = "*"


def _catalogue(
    fetch: Callable[[], Awaitable[list[model.AdSlot]]],
) -> DataLoader[str, list[model.AdSlot]]:
    """The whole ad slot catalogue, read at most once per request however many bodies ask."""

    async def load(keys: Sequence[str]) -> list[list[model.AdSlot]]:
        slots = await fetch()
        return [slots for _ in keys]

    return DataLoader(load_fn=load)


@dataclass(frozen=True, slots=True)
class Loaders:
    authors_by_id: DataLoader[str, model.Author | None]
    sections_by_slug: DataLoader[str, model.Section | None]
    media_by_id: DataLoader[str, model.MediaAsset | None]
    ad_slots_by_code: DataLoader[str, model.AdSlot | None]
    # Teasers (no body) for related links; whole stories when a list asks for bodies.
    teasers_by_id: DataLoader[str, model.Article | None]
    articles_by_id: DataLoader[str, model.Article | None]
    users_by_id: DataLoader[str, model.User | None]
    ad_slot_catalogue: DataLoader[str, list[model.AdSlot]]

    @classmethod
    def for_delivery(cls, store: Store) -> Loaders:
        """Stories come from live copies only: these loaders cannot return a draft."""
        return cls._build(store, store.live_articles.by_ids, store.live_articles.whole_by_ids)

    @classmethod
    def for_management(cls, store: Store) -> Loaders:
        """Editors see working copies, in every status."""
        return cls._build(store, store.articles.teasers_by_ids, store.articles.by_ids)

    @classmethod
    def _build(
        cls,
        store: Store,
        teasers: Callable[[Iterable[str]], Awaitable[dict[str, model.Article]]],
        whole: Callable[[Iterable[str]], Awaitable[dict[str, model.Article]]],
    ) -> Loaders:
        return cls(
            authors_by_id=_loader(store.authors.by_ids),
            sections_by_slug=_loader(store.sections.by_slugs),
            media_by_id=_loader(store.media.by_ids),
            ad_slots_by_code=_loader(store.ad_slots.by_codes),
            teasers_by_id=_loader(teasers),
            articles_by_id=_loader(whole),
            users_by_id=_loader(store.users.by_ids),
            ad_slot_catalogue=_catalogue(store.ad_slots.all),
        )
