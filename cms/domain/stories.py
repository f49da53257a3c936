"""Saving a story safely: one version check, one transaction, one audit event per change.

Every change to a story goes through ``commit``: it writes the new working copy only if the
story is still at the version the caller held, and in the same transaction records the audit
event, the content revision (for edits) and the live copy (for publication), so a change is
entirely written or not at all. A stale version becomes a ``Conflict`` naming what changed
since and how those fields read now.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from cms import model
from cms.domain import events, tagging
from cms.errors import Conflict, NotFound
from cms.store import Store
from cms.store.codec import new_id

LiveChange = Literal["put", "remove"] | None


async def load(store: Store, article_id: str) -> model.Article:
    article = await store.articles.get(article_id)
    if article is None:
        raise NotFound(f"No article with id {article_id!r}.", id=article_id)
    return article


def public_name(field: str) -> str:
    """The name the API uses for a model field: lead_media -> leadMedia."""
    head, *rest = field.split("_")
    return head + "".join(part.title() for part in rest)


def plain(value: Any) -> Any:
    """A JSON-ready rendering of model values, for diffs a client can display."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        kind = getattr(type(value), "kind", None)
        return {"type": kind, **fields} if isinstance(kind, str) else fields
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    before: Any
    after: Any


def diff(before: model.Article, after: model.Article) -> list[FieldChange]:
    """The content fields that differ between two states of a story, in a fixed order."""
    return [
        FieldChange(public_name(name), plain(getattr(before, name)), plain(getattr(after, name)))
        for name in model.CONTENT_FIELDS
        if getattr(before, name) != getattr(after, name)
    ]


async def conflict(store: Store, current: model.Article, held_version: int) -> Conflict:
    """The error for a caller who held ``held_version``: what others changed since."""
    seen = await store.revisions.as_of_version(current.id, held_version)
    changes = [] if seen is None else diff(seen.content, current)
    return Conflict(
        f"The article is at version {current.version}, not {held_version}; nothing was written.",
        currentVersion=current.version,
        yourVersion=held_version,
        changedFields=[change.field for change in changes],
        currentValues={change.field: change.after for change in changes},
    )


async def check_version(store: Store, article: model.Article, expected_version: int) -> None:
    if article.version != expected_version:
        raise await conflict(store, article, expected_version)


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One change to a story: its states before and after, and what to record of it."""

    before: model.Article
    after: model.Article
    actor: model.Principal
    action: str
    now: datetime
    comment: str | None = None
    revision: bool = False
    live: LiveChange = None
    live_copy: model.Article | None = None


async def commit(store: Store, change: Change) -> model.Article:
    """Write the change atomically if nobody else changed the story first; the story
    records who made it."""
    before = change.before
    after = dataclasses.replace(change.after, updated_by_id=change.actor.user_id)

    async def write(tx: Store) -> None:
        if not await tx.articles.save_if_version(after, expected_version=before.version):
            current = await tx.articles.get(before.id)
            raise await conflict(tx, current or before, before.version)
        if change.revision:
            number = await tx.revisions.latest_number(after.id) + 1
            await tx.revisions.insert(
                model.Revision(
                    id=new_id(),
                    article_id=after.id,
                    number=number,
                    version=after.version,
                    actor_id=change.actor.user_id,
                    at=change.now,
                    content=after,
                )
            )
        await tx.audit_events.insert(_event(change))
        await tagging.keep_addresses(tx, before, after, now=change.now)
        was_live = None
        if change.live == "put" and before.status is model.Status.PUBLISHED:
            was_live = (await tx.live_articles.by_ids([after.id])).get(after.id)
        elif change.live == "remove":
            was_live = (await tx.live_articles.whole_by_ids([after.id])).get(after.id)
        put = (change.live_copy or after) if change.live == "put" else None
        withdrawn: list[str] = []
        if put is not None:
            await tx.live_articles.put(put)
            await tagging.claim_slug(tx, put)
        elif change.live == "remove":
            await tx.live_articles.remove(after.id)
            if was_live is not None:
                withdrawn = await unshown(tx, model.media_ids_of(was_live))
        await tx.events.insert(
            *events.of_story_step(
                action=change.action,
                before=before,
                after=after,
                by=change.actor.user_id,
                now=change.now,
                put=put,
                removed=change.live == "remove",
                was_live=was_live,
                withdrawn=withdrawn,
            )
        )

    await store.atomically(write)
    return after


async def unshown(store: Store, asset_ids: Iterable[str]) -> list[str]:
    """Of these assets, those no live story and no author shows now: readers lose them."""
    return [
        asset_id
        for asset_id in sorted(set(asset_ids))
        if not await store.live_articles.showing_media(asset_id, limit=1)
        and not await store.authors.with_avatar(asset_id, limit=1)
    ]


def _event(change: Change) -> model.AuditEvent:
    return model.AuditEvent(
        id=new_id(),
        article_id=change.after.id,
        actor_id=change.actor.user_id,
        action=change.action,
        at=change.now,
        from_status=change.before.status,
        to_status=change.after.status,
        version=change.after.version,
        comment=change.comment,
    )


def next_state(article: model.Article, now: datetime, **fields: Any) -> model.Article:
    """The story after a change: the given fields, one version up."""
    return dataclasses.replace(article, version=article.version + 1, updated_at=now, **fields)


def content_of(article: model.Article) -> Mapping[str, Any]:
    return {name: getattr(article, name) for name in model.CONTENT_FIELDS}
