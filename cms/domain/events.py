"""Events: what each change tells subscribers, built here and only here.

Every change a subscriber could care about writes its events in the same transaction as the
change (the outbox, ``store.events``): a story's steps in ``stories.commit``, pictures, the
directory and fronts where they are saved, the scheduler's finds. Public events carry only
what readers can already see (a live story's slug, section, tags, dates; never a draft's
content); the desk's events (``story.*``, ``article.scheduled``) name a story by id and title.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from cms import model

EventType = model.EventType
Kind = model.AggregateKind

# Events that say nothing readers cannot already see: delivery subscribers may get them.
PUBLIC = frozenset(
    {
        EventType.ARTICLE_PUBLISHED,
        EventType.ARTICLE_UPDATED,
        EventType.ARTICLE_UNPUBLISHED,
        EventType.ARTICLE_TAKEN_DOWN,
        EventType.ARTICLE_CORRECTED,
        EventType.MEDIA_UPDATED,
        EventType.MEDIA_RIGHTS_EXPIRED,
        EventType.SECTION_CHANGED,
        EventType.AUTHOR_CHANGED,
        EventType.FRONT_CHANGED,
        EventType.AD_SLOT_CHANGED,
        EventType.TAG_CHANGED,
    }
)
WEBHOOK_TYPES = model.WEBHOOK_EVENT_TYPES

# The audit actions that save a story's content (the others are workflow steps).
SAVES = frozenset({"CREATE", "IMPORT", "UPDATE", "RESTORE"})


def new_event(
    type: model.EventType,
    *,
    kind: model.AggregateKind,
    aggregate_id: str,
    version: int,
    now: datetime,
    payload: Mapping[str, Any],
) -> model.Event:
    return model.Event(
        id=uuid.uuid4().hex,
        type=type,
        at=now,
        aggregate=model.Aggregate(kind=kind, id=aggregate_id, version=version),
        public=type in PUBLIC,
        payload=dict(payload),
    )


class Item(Protocol):
    """Anything an event is about: an id, and a version one up on each change."""

    @property
    def id(self) -> str: ...

    @property
    def version(self) -> int: ...


def about(
    type: model.EventType,
    kind: model.AggregateKind,
    item: Item,
    *,
    now: datetime,
    payload: Mapping[str, Any],
    deleted: bool = False,
) -> model.Event:
    """An event about ``item`` at its version. A deletion is told at one version past the
    item's last, so it sorts after every change."""
    return new_event(
        type,
        kind=kind,
        aggregate_id=item.id,
        version=item.version + deleted,
        now=now,
        payload=payload,
    )


def article_payload(article: model.Article, *, old_slug: str | None = None) -> dict[str, Any]:
    """What a public article event says of the story as readers have it."""
    payload: dict[str, Any] = {
        "slug": article.slug,
        "section": article.section,
        "tags": list(article.tags),
        "version": article.version,
        "first_published_at": article.first_published_at,
        "updated_at": article.updated_at,
        "author_ids": list(dict.fromkeys(b.author_id for b in article.bylines)),
    }
    if old_slug is not None and old_slug != article.slug:
        payload["old_slug"] = old_slug
    return payload


def story_payload(article: model.Article, *, by: str, action: str | None) -> dict[str, Any]:
    """What the desk's events say: which story, its state, who, and its title (no body)."""
    payload: dict[str, Any] = {
        "story_id": article.id,
        "version": article.version,
        "status": article.status.value,
        "by": by,
        "title": article.headline,
    }
    if action is not None:
        payload["action"] = action
    return payload


def _article_event(
    type: model.EventType, article: model.Article, now: datetime, payload: Mapping[str, Any]
) -> model.Event:
    return about(type, Kind.ARTICLE, article, now=now, payload=payload)


def of_story_step(
    *,
    action: str,
    before: model.Article | None,
    after: model.Article,
    by: str,
    now: datetime,
    put: model.Article | None = None,
    removed: bool = False,
    was_live: model.Article | None = None,
    withdrawn: Sequence[str] = (),
) -> list[model.Event]:
    """The events of one change to a story: the desk's (saved, or a workflow step) and, when
    readers see a difference, the public one. ``put`` is the live copy the change wrote,
    ``removed`` says it took the live copy down, ``was_live`` the live copy before, and
    ``withdrawn`` the pictures readers lost with it (nothing else shows them)."""
    saved = EventType.STORY_SAVED if action in SAVES else EventType.STORY_WORKFLOW
    events = [_article_event(saved, after, now, story_payload(after, by=by, action=action))]
    if put is not None:
        if action == "CORRECT":
            public = EventType.ARTICLE_CORRECTED
        elif before is not None and before.status is model.Status.PUBLISHED:
            public = EventType.ARTICLE_UPDATED
        else:
            public = EventType.ARTICLE_PUBLISHED
        old_slug = None if was_live is None else was_live.slug
        events.append(_article_event(public, put, now, article_payload(put, old_slug=old_slug)))
    elif removed:
        gone = (
            EventType.ARTICLE_TAKEN_DOWN if action == "TAKE_DOWN" else EventType.ARTICLE_UNPUBLISHED
        )
        shown = was_live or after
        payload = {
            **article_payload(shown),
            "version": after.version,
            "withdrawn_media_ids": list(withdrawn),
        }
        events.append(_article_event(gone, after, now, payload))
    if action == "SCHEDULE":
        payload = {
            **article_payload(after),
            "publish_at": after.publish_at,
            "unpublish_at": after.unpublish_at,
        }
        events.append(_article_event(EventType.ARTICLE_SCHEDULED, after, now, payload))
    return events


def retagged(live: model.Article, *, now: datetime) -> model.Event:
    """A live story's tags changed by a tag merge: readers see it changed, as republished."""
    return _article_event(EventType.ARTICLE_UPDATED, live, now, article_payload(live))


def lease_taken(article: model.Article, *, by: str, from_user: str, now: datetime) -> model.Event:
    """Someone took over the edit lease another editor held on this story."""
    payload = {**story_payload(article, by=by, action=None), "from": from_user}
    return _article_event(EventType.STORY_LEASE_TAKEN, article, now, payload)


def media_updated(asset: model.MediaAsset, *, now: datetime, deleted: bool = False) -> model.Event:
    """A picture's details changed (caption, credit, rights, crop), or it was deleted."""
    payload = {**media_payload(asset), "deleted": deleted}
    return about(
        EventType.MEDIA_UPDATED, Kind.MEDIA, asset, now=now, payload=payload, deleted=deleted
    )


def media_payload(asset: model.MediaAsset) -> dict[str, Any]:
    return {
        "version": asset.version,
        "kind": asset.kind.value,
        "rights_expire_at": asset.rights_expire_at,
    }


def rights_expired(asset: model.MediaAsset, *, now: datetime) -> model.Event:
    """The scheduler found that a picture's rights have ended: pages showing it change."""
    payload = media_payload(asset)
    return about(EventType.MEDIA_RIGHTS_EXPIRED, Kind.MEDIA, asset, now=now, payload=payload)


def section_changed(section: model.Section, *, now: datetime, deleted: bool = False) -> model.Event:
    payload = {"slug": section.slug, "parent": section.parent, "deleted": deleted}
    return about(
        EventType.SECTION_CHANGED, Kind.SECTION, section, now=now, payload=payload, deleted=deleted
    )


def author_changed(author: model.Author, *, now: datetime, deleted: bool = False) -> model.Event:
    payload = {"slug": author.slug, "deleted": deleted}
    return about(
        EventType.AUTHOR_CHANGED, Kind.AUTHOR, author, now=now, payload=payload, deleted=deleted
    )


def front_changed(front: model.Front, *, now: datetime) -> model.Event:
    payload = {"section": front.section}
    return about(EventType.FRONT_CHANGED, Kind.FRONT, front, now=now, payload=payload)


def ad_slot_changed(slot: model.AdSlot, *, now: datetime, deleted: bool = False) -> model.Event:
    payload = {"code": slot.code, "deleted": deleted}
    return about(
        EventType.AD_SLOT_CHANGED, Kind.AD_SLOT, slot, now=now, payload=payload, deleted=deleted
    )


def tag_changed(tag: model.Tag, *, now: datetime) -> model.Event:
    """A tag was made or renamed (its slug never changes: a new slug is a merge)."""
    payload = {"slug": tag.slug, "name": tag.name}
    return about(EventType.TAG_CHANGED, Kind.TAG, tag, now=now, payload=payload)


def tag_merged(slug: str, *, gone: model.Tag | None, into: model.Tag, now: datetime) -> model.Event:
    """A tag was merged into another: it is gone (told as a deletion) and its slug leads to
    ``into``. A slug only stories named (no tag of its own, read under its slug) is told on
    the tag it went into."""
    payload = {"slug": slug, "name": slug if gone is None else gone.name, "merged_into": into.slug}
    item = into if gone is None else gone
    return about(
        EventType.TAG_CHANGED, Kind.TAG, item, now=now, payload=payload, deleted=gone is not None
    )
