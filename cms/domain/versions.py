"""Optimistic concurrency for what the desk edits besides stories: assets, authors, sections,
ad slots and users.

Each carries a version, one up on every change. A caller names the version it read
(``expectedVersion``); the store writes only if the item is still at that version, in one
filtered update, so two editors never silently overwrite each other. A stale version becomes a
``Conflict`` naming the fields changed since and their current values. Stories do the same
through ``stories.commit``, with their revisions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from typing import Any, Protocol, TypeVar

from cms.domain.stories import plain, public_name
from cms.errors import Conflict, NotFound
from cms.store.base import Repository


class Versioned(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def version(self) -> int: ...


V = TypeVar("V", bound=Versioned)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Kind:
    """How one kind of item is named in errors, and which of its fields a CONFLICT may show."""

    noun: str
    shown: Collection[str]
    names: dict[str, str] = dataclasses.field(default_factory=dict)  # API names unlike the model

    def public(self, field: str) -> str:
        return self.names.get(field) or public_name(field)


def bumped(item: V, **changes: Any) -> V:
    """The item after a change: the given fields, one version up."""
    return dataclasses.replace(item, version=item.version + 1, **changes)  # type: ignore[type-var]


async def conflict(repo: Repository[V], current: V, held: int, *, kind: Kind) -> Conflict:
    """The error for a caller who held version ``held``: what others changed since, and how
    those fields read now."""
    changed = [name for name in await repo.changed_since(current.id, held) if name in kind.shown]
    return Conflict(
        f"The {kind.noun} is at version {current.version}, not {held}; nothing was written.",
        currentVersion=current.version,
        yourVersion=held,
        changedFields=[kind.public(name) for name in changed],
        currentValues={kind.public(name): plain(getattr(current, name)) for name in changed},
    )


async def check(repo: Repository[V], item: V, expected_version: int | None, *, kind: Kind) -> None:
    """Nothing if the caller read this version (or named none); else the CONFLICT."""
    if expected_version is not None and item.version != expected_version:
        raise await conflict(repo, item, expected_version, kind=kind)


async def save(
    repo: Repository[V],
    before: V,
    after: V,
    *,
    kind: Kind,
    held: int | None,
    missing: Callable[[], NotFound],
) -> V:
    """Write ``after`` if the item is still at ``before``'s version; else the CONFLICT for a
    caller who held ``held`` (or the version it was read at), or ``missing`` if it is gone."""
    if await repo.update_if_version(before, after):
        return after
    current = await repo.get(before.id)
    if current is None:
        raise missing()
    raise await conflict(repo, current, before.version if held is None else held, kind=kind)
