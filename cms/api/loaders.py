"""Per-request DataLoaders, named ``<things>_by_<key>``, so a page costs a fixed few reads.

The delivery set reads stories only through the live-copy repository, so it cannot load a
draft, and tags every response with what it loaded (for the response cache). Built fresh for
every request: a loader's cache must never outlive the request. Sections and the ad slot
catalogue are small and rarely change, so delivery keeps them in process memory
(``Catalogues``) until the change stream says they changed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from strawberry.dataloader import DataLoader

from cms import model
from cms.api.cache import AD_SLOTS, SECTIONS, Tags
from cms.store import Store

K = TypeVar("K")
V = TypeVar("V")

ALL_SLOTS = "*"


def _loader(
    fetch: Callable[[Iterable[K]], Awaitable[dict[K, V]]],
    *,
    tags: Tags,
    tag: Callable[[K], str] | None = None,
) -> DataLoader[K, V | None]:
    """A DataLoader answering in key order, ``None`` for a key that names nothing."""

    async def load(keys: Sequence[K]) -> list[V | None]:
        if tag is not None:
            tags.extend(tag(key) for key in keys)
        found = await fetch(keys)
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


class Catalogues:
    """Sections and ad slots, read once and kept until a change to them is reported."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._sections: dict[str, model.Section] | None = None
        self._slots: list[model.AdSlot] | None = None

    async def sections_by_slug(self, slugs: Iterable[str]) -> dict[str, model.Section]:
        if self._sections is None:
            self._sections = {s.slug: s for s in await self._store.sections.all()}
        return {slug: self._sections[slug] for slug in slugs if slug in self._sections}

    async def ad_slots(self) -> list[model.AdSlot]:
        if self._slots is None:
            self._slots = await self._store.ad_slots.all()
        return self._slots

    def forget(self, collection: str | None = None) -> None:
        """Drop what may have changed (everything when ``collection`` is None)."""
        if collection in (None, "sections"):
            self._sections = None
        if collection in (None, "ad_slots"):
            self._slots = None


def _catalogue(
    fetch: Callable[[], Awaitable[list[model.AdSlot]]], *, tags: Tags
) -> DataLoader[str, list[model.AdSlot]]:
    """The whole ad slot catalogue, read at most once per request however many bodies ask."""

    async def load(keys: Sequence[str]) -> list[list[model.AdSlot]]:
        tags.add(AD_SLOTS)
        slots = await fetch()
        return [slots for _ in keys]

    return DataLoader(load_fn=load)


@dataclass(frozen=True, slots=True)
class Loaders:
    authors_by_id: DataLoader[str, model.Author | None]
    sections_by_slug: DataLoader[str, model.Section | None]
    media_by_id: DataLoader[str, model.MediaAsset | None]
    # Teasers (no body) for related links; whole stories when a list asks for bodies.
    teasers_by_id: DataLoader[str, model.Article | None]
    articles_by_id: DataLoader[str, model.Article | None]
    users_by_id: DataLoader[str, model.User | None]
    ad_slot_catalogue: DataLoader[str, list[model.AdSlot]]

    @classmethod
    def for_delivery(cls, store: Store, *, catalogues: Catalogues, tags: Tags) -> Loaders:
        """Stories come from live copies only: these loaders cannot return a draft."""

        def sections(slugs: Iterable[str]) -> Awaitable[dict[str, model.Section]]:
            tags.add(SECTIONS)
            return catalogues.sections_by_slug(slugs)

        return cls(
            authors_by_id=_loader(store.authors.by_ids, tags=tags, tag="author:{}".format),
            sections_by_slug=_loader(sections, tags=tags),
            media_by_id=_loader(store.media.by_ids, tags=tags, tag="media:{}".format),
            teasers_by_id=_loader(store.live_articles.by_ids, tags=tags, tag="article:{}".format),
            articles_by_id=_loader(
                store.live_articles.whole_by_ids, tags=tags, tag="article:{}".format
            ),
            users_by_id=_loader(_no_users, tags=tags),
            ad_slot_catalogue=_catalogue(catalogues.ad_slots, tags=tags),
        )

    @classmethod
    def for_management(cls, store: Store) -> Loaders:
        """Editors see working copies, in every status, and always fresh reference data."""
        tags = Tags()
        return cls(
            authors_by_id=_loader(store.authors.by_ids, tags=tags),
            sections_by_slug=_loader(store.sections.by_slugs, tags=tags),
            media_by_id=_loader(store.media.by_ids, tags=tags),
            teasers_by_id=_loader(store.articles.teasers_by_ids, tags=tags),
            articles_by_id=_loader(store.articles.by_ids, tags=tags),
            users_by_id=_loader(store.users.by_ids, tags=tags),
            ad_slot_catalogue=_catalogue(store.ad_slots.all, tags=tags),
        )


async def _no_users(ids: Iterable[str]) -> dict[str, model.User]:
    """Delivery never shows who works in the newsroom."""
    return {}
