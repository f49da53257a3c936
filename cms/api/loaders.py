"""Per-request DataLoaders, named ``<things>_by_<key>``, so a page costs a fixed few reads.

The delivery set reads stories only through the live-copy repository, so it cannot load a
draft, and tags every response with what it loaded (for the response cache). Built fresh for
every request: a loader's cache must never outlive the request. Sections, the ad slot
catalogue and the authors delivery has shown are few and rarely change, so delivery keeps
them in process memory (``Catalogues``) until the change stream says they changed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from cachetools import LRUCache
from strawberry.dataloader import DataLoader

from cms import model
from cms.api import cache_tags
from cms.api.cache_tags import AD_SLOTS, SECTIONS, Tags
from cms.store import Store

K = TypeVar("K")
V = TypeVar("V")
K_contra = TypeVar("K_contra", contravariant=True)

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


def prime(
    loader: DataLoader[K, V | None],
    keys: Iterable[K],
    found: Mapping[K, V],
    *,
    tags: Tags,
    tag: Callable[[K], str],
) -> None:
    """Answer ``keys`` from a read made another way (a join), tagged as the loader would."""
    keys = list(keys)
    tags.extend(tag(key) for key in keys)
    loader.prime_many({key: found.get(key) for key in keys})


class Lookup(Protocol[K_contra, V]):
    """What resolvers ask a loader: a DataLoader, or a lookup in memory."""

    def load(self, key: K_contra, /) -> Awaitable[V]: ...

    def load_many(self, keys: Iterable[K_contra], /) -> Awaitable[list[V]]: ...


class _Kept(Generic[V]):
    """A value read once and kept until forgotten. Concurrent first readers share one read;
    a read that began before ``forget`` answers its readers but is not kept."""

    def __init__(self, read: Callable[[], Awaitable[V]]) -> None:
        self._read = read
        self._value: V | None = None
        self._pending: asyncio.Future[V] | None = None
        self._generation = 0

    async def get(self) -> V:
        if self._value is not None:
            return self._value
        if self._pending is None:
            self._pending = asyncio.ensure_future(self._fill(self._generation))
        return await asyncio.shield(self._pending)

    async def _fill(self, generation: int) -> V:
        try:
            value = await self._read()
        except BaseException:
            if generation == self._generation:
                self._pending = None  # the next reader tries again
            raise
        if generation == self._generation:
            self._value, self._pending = value, None
        return value

    def forget(self) -> None:
        self._generation += 1
        self._value = self._pending = None


class _KeptById(Generic[K, V]):
    """Values read by key when first asked for and kept (the most recently used
    ``max_entries``) until forgotten, each or all; a key that named nothing is remembered
    too. A read that began before any ``forget`` answers its readers but is not kept."""

    def __init__(
        self, read: Callable[[list[K]], Awaitable[Mapping[K, V]]], *, max_entries: int
    ) -> None:
        self._read = read
        self._kept: LRUCache[K, V | None] = LRUCache(max_entries)
        self._generation = 0

    async def get_many(self, keys: Iterable[K]) -> dict[K, V]:
        found: dict[K, V] = {}
        missing: list[K] = []
        for key in keys:
            if key not in self._kept:
                missing.append(key)
            elif (value := self._kept[key]) is not None:
                found[key] = value
        if missing:
            generation = self._generation
            read = await self._read(missing)
            if generation == self._generation:
                for key in missing:
                    self._kept[key] = read.get(key)
            found.update((key, read[key]) for key in missing if key in read)
        return found

    def forget(self, key: K | None = None) -> None:
        self._generation += 1
        if key is None:
            self._kept.clear()
        else:
            self._kept.pop(key, None)


class Catalogues:
    """Sections and ad slots, read once, and the authors delivery shows, each read when first
    shown; all kept until a change to them is reported."""

    # Far more than a newsroom's bylines; an author beyond it is read again when shown.
    MAX_AUTHORS = 20_000

    def __init__(self, store: Store) -> None:
        self._sections = _Kept(self._read_sections)
        self._slots = _Kept(store.ad_slots.all)
        self._authors = _KeptById(store.authors.public_by_ids, max_entries=self.MAX_AUTHORS)
        self._store = store

    async def _read_sections(self) -> dict[str, model.Section]:
        return {s.slug: s for s in await self._store.sections.all()}

    async def sections_by_slug(self, slugs: Iterable[str]) -> dict[str, model.Section]:
        sections = await self._sections.get()
        return {slug: sections[slug] for slug in slugs if slug in sections}

    async def all_sections(self) -> list[model.Section]:
        """Every section, by slug."""
        sections = await self._sections.get()
        return sorted(sections.values(), key=lambda s: s.slug)

    async def ad_slots(self) -> list[model.AdSlot]:
        return await self._slots.get()

    async def authors_by_id(self, ids: Iterable[str]) -> dict[str, model.Author]:
        """Authors as readers see them (without their contact address)."""
        return await self._authors.get_many(ids)

    def forget(self, collection: str | None = None, id: str | None = None) -> None:
        """Drop what may have changed: the document ``id`` of ``collection``, or all of it
        (everything when ``collection`` is None)."""
        if collection in (None, "sections"):
            self._sections.forget()
        if collection in (None, "ad_slots"):
            self._slots.forget()
        if collection in (None, "authors"):
            self._authors.forget(id)


class _InMemory(Generic[K, V]):
    """A lookup in data the process keeps: answered at once, without a DataLoader's batch
    (a future and a turn of the event loop per use), which a page asks for several times."""

    def __init__(
        self,
        fetch: Callable[[Iterable[K]], Awaitable[dict[K, V]]],
        on_use: Callable[[tuple[K, ...]], None],
    ) -> None:
        self._fetch, self._on_use = fetch, on_use

    async def load(self, key: K) -> V | None:
        return (await self.load_many((key,)))[0]

    async def load_many(self, keys: Iterable[K]) -> list[V | None]:
        keys = tuple(keys)
        self._on_use(keys)
        found = await self._fetch(keys)
        return [found.get(key) for key in keys]


def _catalogue(
    fetch: Callable[[], Awaitable[list[model.AdSlot]]], *, tags: Tags
) -> DataLoader[str, list[model.AdSlot] | None]:
    """The whole ad slot catalogue, read at most once per request however many bodies ask."""

    async def load(keys: Sequence[str]) -> list[list[model.AdSlot] | None]:
        tags.add(AD_SLOTS)
        slots = await fetch()
        return [slots for _ in keys]

    return DataLoader(load_fn=load)


@dataclass(frozen=True, slots=True)
class Loaders:
    authors_by_id: Lookup[str, model.Author | None]
    sections_by_slug: Lookup[str, model.Section | None]
    media_by_id: DataLoader[str, model.MediaAsset | None]
    # Teasers (no body) for related links; whole stories when a list asks for bodies.
    teasers_by_id: DataLoader[str, model.Article | None]
    articles_by_id: DataLoader[str, model.Article | None]
    users_by_id: DataLoader[str, model.User | None]
    ad_slot_catalogue: Lookup[str, list[model.AdSlot] | None]
    # Editors only: who is editing each story of a page, read at once.
    edit_leases_by_article: DataLoader[str, model.EditLease | None]
    # The tags a page's stories name, by slug (names and addresses).
    tags_by_slug: DataLoader[str, model.Tag | None]

    @classmethod
    def for_delivery(cls, store: Store, *, catalogues: Catalogues, tags: Tags) -> Loaders:
        """Stories come from live copies only: these loaders cannot return a draft."""

        async def all_slots(keys: Iterable[str]) -> dict[str, list[model.AdSlot]]:
            slots = await catalogues.ad_slots()
            return dict.fromkeys(keys, slots)

        return cls(
            authors_by_id=_InMemory(
                catalogues.authors_by_id,
                on_use=lambda ids: tags.extend(cache_tags.author(i) for i in ids),
            ),
            sections_by_slug=_InMemory(
                catalogues.sections_by_slug, on_use=lambda slugs: tags.add(SECTIONS)
            ),
            media_by_id=_loader(store.media.by_ids, tags=tags, tag=cache_tags.media),
            teasers_by_id=_loader(store.live_articles.by_ids, tags=tags, tag=cache_tags.article),
            articles_by_id=_loader(
                store.live_articles.whole_by_ids, tags=tags, tag=cache_tags.article
            ),
            users_by_id=_loader(_no_users, tags=tags),
            ad_slot_catalogue=_InMemory(all_slots, on_use=lambda keys: tags.add(AD_SLOTS)),
            edit_leases_by_article=_loader(_no_leases, tags=tags),
            tags_by_slug=_loader(store.tags.by_slugs, tags=tags, tag=cache_tags.tag),
        )

    @classmethod
    def for_management(cls, store: Store, *, now: datetime) -> Loaders:
        """Editors see working copies, in every status, and always fresh reference data;
        ``now``: the request's time, which decides whether a lease has run out."""
        tags = Tags()

        async def leases(ids: Iterable[str]) -> dict[str, model.EditLease]:
            return await store.edit_leases.current_by_article(ids, now=now)

        return cls(
            authors_by_id=_loader(store.authors.by_ids, tags=tags),
            sections_by_slug=_loader(store.sections.by_slugs, tags=tags),
            media_by_id=_loader(store.media.by_ids, tags=tags),
            teasers_by_id=_loader(store.articles.teasers_by_ids, tags=tags),
            articles_by_id=_loader(store.articles.by_ids, tags=tags),
            users_by_id=_loader(store.users.by_ids, tags=tags),
            ad_slot_catalogue=_catalogue(store.ad_slots.all, tags=tags),
            edit_leases_by_article=_loader(leases, tags=tags),
            tags_by_slug=_loader(store.tags.by_slugs, tags=tags),
        )


async def _no_users(ids: Iterable[str]) -> dict[str, model.User]:
    """Delivery never shows who works in the newsroom."""
    return {}


async def _no_leases(ids: Iterable[str]) -> dict[str, model.EditLease]:
    """Nor who is editing what."""
    return {}
