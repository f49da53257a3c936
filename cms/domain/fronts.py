"""Fronts: the stories editors put first on each section's front and on the home page.

A front is an ordered list of at most ``MAX_SLOTS`` stories, each published or scheduled, of
that section or one of its subsections (any section for the home page). Readers see the
curated stories that are live, in order, then the newest live stories of the same sections,
each story once. A front that was never saved is at version 0 and curates nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from cms import model
from cms.domain import events
from cms.errors import BadUserInput, Conflict, Forbidden, NotFound
from cms.store import LiveFilter, Store
from cms.store.codec import new_id, object_id

MAX_SLOTS = 12
# What a story must be to take a slot: live now, or going live at its embargo.
CURATABLE = frozenset({model.Status.PUBLISHED, model.Status.SCHEDULED})


@dataclass(frozen=True, slots=True)
class FrontView:
    """A front as editors see it: its section (None for home), and what is saved (or not)."""

    section: model.Section | None
    saved: model.Front | None

    @property
    def article_ids(self) -> tuple[str, ...]:
        return () if self.saved is None else self.saved.article_ids

    @property
    def version(self) -> int:
        return 0 if self.saved is None else self.saved.version


@dataclass(frozen=True, slots=True)
class LiveFront:
    """What readers see on a front: the live curated stories first (``curated`` of them)."""

    section: model.Section | None
    articles: list[model.Article]
    curated: int
    # The sections whose stories fill it (None: every section), for caching.
    sections: tuple[str, ...] | None
    curated_ids: tuple[str, ...]


def require_editor(principal: model.Principal) -> None:
    if principal.role not in (model.Role.EDITOR, model.Role.ADMIN):
        raise Forbidden("Only editors and admins may arrange fronts.")


def family(sections: Iterable[model.Section], slug: str) -> tuple[str, ...]:
    """A section and every section below it, at any depth (the section first)."""
    children: dict[str, list[str]] = {}
    for section in sections:
        if section.parent is not None:
            children.setdefault(section.parent, []).append(section.slug)
    found, pending = [slug], [slug]
    while pending:
        for child in sorted(children.get(pending.pop(), ())):
            if child not in found:  # a loop in the tree must not hang us
                found.append(child)
                pending.append(child)
    return tuple(found)


def _section(sections: Sequence[model.Section], slug: str | None) -> model.Section | None:
    if slug is None:
        return None
    for section in sections:
        if section.slug == slug:
            return section
    raise NotFound(f"No section {slug!r}.", slug=slug)


async def front(store: Store, *, section: str | None) -> FrontView:
    """The front of a section (None: the home page); NOT_FOUND for an unknown section."""
    found = _section(await store.sections.all(), section)
    return FrontView(found, await store.fronts.of(section))


async def all_fronts(store: Store) -> list[FrontView]:
    """The home page's front, then every section's (curated or not), by section name."""
    sections = sorted(await store.sections.all(), key=lambda s: (s.name.casefold(), s.slug))
    saved = {f.section: f for f in await store.fronts.all()}
    return [FrontView(None, saved.get(None))] + [FrontView(s, saved.get(s.slug)) for s in sections]


def _bad(message: str, reason: str, ids: Iterable[str]) -> BadUserInput:
    return BadUserInput(message, argument="articleIds", reason=reason, ids=list(ids))


def _check_ids(article_ids: Sequence[str]) -> None:
    for article_id in article_ids:
        object_id(article_id, what="articleIds")
    repeated = sorted({i for i in article_ids if article_ids.count(i) > 1})
    if repeated:
        raise _bad("A story can take only one slot of a front.", "DUPLICATE", repeated)
    if len(article_ids) > MAX_SLOTS:
        raise BadUserInput(
            f"A front has at most {MAX_SLOTS} slots; got {len(article_ids)} stories.",
            argument="articleIds",
            reason="TOO_MANY",
            max=MAX_SLOTS,
        )


async def _check_stories(
    store: Store, article_ids: Sequence[str], sections: tuple[str, ...] | None
) -> None:
    """Every story exists, is published or scheduled, and belongs on this front."""
    found = await store.articles.teasers_by_ids(article_ids)
    unknown = [i for i in article_ids if i not in found]
    if unknown:
        raise _bad("No story with these ids.", "UNKNOWN", unknown)
    stories = [found[i] for i in article_ids]
    not_live = [s.id for s in stories if s.status not in CURATABLE]
    if not_live:
        raise _bad(
            "Only published or scheduled stories can take a slot.", "NOT_PUBLISHED", not_live
        )
    if sections is not None:
        elsewhere = [s.id for s in stories if s.section not in sections]
        if elsewhere:
            raise _bad(
                "These stories belong to another section than this front's.",
                "OTHER_SECTION",
                elsewhere,
            )


def _conflict(current: FrontView, held: int) -> Conflict:
    ids = list(current.article_ids)
    return Conflict(
        f"The front is at version {current.version}, not {held}; nothing was written.",
        currentVersion=current.version,
        yourVersion=held,
        changedFields=["articleIds"],
        currentValues={"articleIds": ids},
    )


class _Overtaken(Exception):
    """Another save of the front landed first: nothing of this one is written."""


async def set_front(
    store: Store,
    principal: model.Principal,
    *,
    section: str | None,
    article_ids: Sequence[str],
    expected_version: int,
    now: datetime,
) -> FrontView:
    """Save a front's curated stories, in order, if nobody saved it since
    ``expected_version``; nothing is written on any error."""
    require_editor(principal)
    sections = await store.sections.all()
    found = _section(sections, section)
    _check_ids(article_ids)
    await _check_stories(store, article_ids, None if section is None else family(sections, section))
    current = FrontView(found, await store.fronts.of(section))
    if current.version != expected_version:
        raise _conflict(current, expected_version)
    saved = model.Front(
        id=new_id() if current.saved is None else current.saved.id,
        section=section,
        article_ids=tuple(article_ids),
        updated_at=now,
        updated_by_id=principal.user_id,
        version=expected_version + 1,
    )
    previous = current.saved

    async def write(tx: Store) -> None:
        if previous is None:
            written = await tx.fronts.create(saved)
        else:
            written = await tx.fronts.update_if_version(previous, saved)
        if not written:
            raise _Overtaken
        await tx.events.insert(events.front_changed(saved, now=now))

    try:
        await store.atomically(write)
    except _Overtaken:  # another save landed between our read and our write
        raise _conflict(
            FrontView(found, await store.fronts.of(section)), expected_version
        ) from None
    return FrontView(found, saved)


async def live_front(
    store: Store,
    *,
    section: str | None,
    first: int,
    saved: model.Front | None,
    now: datetime | None = None,
) -> LiveFront | None:
    """What readers see on a front now, at most ``first`` stories; None for an unknown
    section."""
    sections = await store.sections.all()
    try:
        found = _section(sections, section)
    except NotFound:
        return None
    wanted = None if section is None else family(sections, section)
    curated_ids = () if saved is None else saved.article_ids
    live = await store.live_articles.by_ids(curated_ids)
    curated = [live[i] for i in curated_ids if i in live][:first]
    # The newest `first` hold at least `first - len(curated)` stories that are not curated.
    shown = {a.id for a in curated}
    newest = await store.live_articles.page(_list_of(wanted), limit=first, now=now) if first else []
    rest = [a for a in newest if a.id not in shown][: first - len(curated)]
    return LiveFront(found, curated + rest, len(curated), wanted, curated_ids)


def _list_of(sections: tuple[str, ...] | None) -> LiveFilter:
    """The live list that fills a front: its section and subsections, or every story."""
    return (
        LiveFilter()
        if sections is None
        else LiveFilter(section=sections[0], subsections=sections[1:])
    )


async def live_front_of(
    store: Store, *, section: str | None, first: int, now: datetime | None = None
) -> LiveFront | None:
    """The front readers see, read with its saved curation."""
    return await live_front(
        store, section=section, first=first, saved=await store.fronts.of(section), now=now
    )
