"""What needs me: the work waiting on the signed-in user, for the desk's panel.

Editors see the stories waiting for review, oldest submission first; everyone sees their own
stories sent back to them, the live or embargoed stories whose pictures' rights end within a
week, and the last time someone took over an edit lease they held.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cms import model
from cms.domain.workflow import Action
from cms.store import Store, WorkingFilter

# How far ahead a picture's rights ending is worth a warning.
RIGHTS_WARNING = timedelta(days=7)
# The most of each list the panel shows: a queue longer than this is a different problem.
MAX_LISTED = 100
# The stories whose pictures readers see now, or will at their embargo.
SHOWN = (model.Status.PUBLISHED, model.Status.SCHEDULED)


@dataclass(frozen=True, slots=True)
class ExpiringPicture:
    asset: model.MediaAsset
    article_ids: list[str]


@dataclass(frozen=True, slots=True)
class NeedsMe:
    to_review: list[model.Article]
    sent_back: list[model.Article]
    expiring_pictures: list[ExpiringPicture]
    last_lease_takeover: model.LeaseTakeover | None


async def needs_me(store: Store, principal: model.Principal, *, now: datetime) -> NeedsMe:
    return NeedsMe(
        to_review=await _to_review(store, principal),
        sent_back=await store.articles.page(
            WorkingFilter(status=model.Status.CHANGES_REQUESTED, owner_id=principal.user_id),
            limit=MAX_LISTED,
            after=None,
        ),
        expiring_pictures=await expiring_pictures(store, now=now),
        last_lease_takeover=await store.lease_takeovers.last_of(principal.user_id),
    )


async def _to_review(store: Store, principal: model.Principal) -> list[model.Article]:
    """Stories in review, the longest waiting first (by their last submission); none for
    writers, who do not review."""
    if principal.role is model.Role.WRITER:
        return []
    waiting = await store.articles.page(
        WorkingFilter(status=model.Status.IN_REVIEW), limit=MAX_LISTED, after=None
    )
    submitted = await store.audit_events.last_at(
        [a.id for a in waiting], action=Action.SUBMIT.value
    )
    return sorted(waiting, key=lambda a: (submitted.get(a.id, a.updated_at), a.id))


async def expiring_pictures(store: Store, *, now: datetime) -> list[ExpiringPicture]:
    """Pictures whose rights end within ``RIGHTS_WARNING`` that a published or scheduled story
    shows (its live copy or its working copy), soonest first, with those stories."""
    assets = await store.media.rights_ending(start=now, end=now + RIGHTS_WARNING, limit=MAX_LISTED)
    ids = [a.id for a in assets]
    working = await store.articles.showing_any_media(ids, statuses=SHOWN)
    live = await store.live_articles.showing_any_media(ids)
    users: dict[str, list[str]] = {}
    for shows in (working, live):
        for article_id, shown in shows.items():
            for asset_id in shown:
                users.setdefault(asset_id, [])
                if article_id not in users[asset_id]:
                    users[asset_id].append(article_id)
    return [ExpiringPicture(a, sorted(users[a.id])) for a in assets if a.id in users]
