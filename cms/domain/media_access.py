"""Who may fetch a media file or a rendition: readers what delivery could show, editors the rest.

Readers (anyone, without credentials) get an asset a live story or an author shows, while its
rights last: exactly what the delivery API could show. An editor's session, or a preview token
for a story that shows the asset, opens the rest, answered privately (never kept by a shared
cache). Everything else is ``HIDDEN``, and answered the same whether the asset exists or not,
so nobody learns which ids exist by guessing them.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from cms import model
from cms.domain import media, security
from cms.errors import Unauthenticated
from cms.store import Store
from cms.store.media import Holding


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who asks for a file: an editor's session, a previewed story, or neither (a reader)."""

    principal: model.Principal | None = None
    preview_of: str | None = None


READER = Viewer()


def previewed_story(token: str | None, *, secret: str, now: datetime) -> str | None:
    """The story a preview token (still valid) was minted for; ``None`` for anything else."""
    if not token:
        return None
    try:
        claims = security.verify(token, secret=secret, audience=security.PREVIEW, now=now)
    except Unauthenticated:
        return None
    return claims.subject


class Access(enum.Enum):
    PUBLIC = "public"  # anyone may have it; shared caches may keep it
    PRIVATE = "private"  # this viewer alone: never kept by a shared cache
    GONE = "gone"  # the viewer could see it, but the rights have expired
    HIDDEN = "hidden"  # no such asset, as far as this viewer may know


@dataclass(frozen=True, slots=True)
class Decision:
    access: Access
    # The assets the answer shows (their rights bound how long it may be kept).
    assets: list[model.MediaAsset] = field(default_factory=list)


async def decide(
    store: Store,
    held: Sequence[Holding],
    *,
    viewer: Callable[[], Awaitable[Viewer]],
    now: datetime,
) -> Decision:
    """What the asker may have of a file (the assets keeping it) or of one asset's rendition.

    ``viewer`` says who asks; it is called only when readers may not have the file, so a
    public file costs no session lookup.
    """
    published = [h.asset for h in held if h.published]
    shown = [asset for asset in published if media.is_usable(asset, now=now)]
    if shown:
        return Decision(Access.PUBLIC, shown)
    if not held or not await _may_see_unpublished(store, await viewer(), held):
        # A published asset past its rights is gone for readers too: its id was public.
        return Decision(Access.GONE) if published else Decision(Access.HIDDEN)
    usable = [h.asset for h in held if media.is_usable(h.asset, now=now)]
    return Decision(Access.PRIVATE, usable) if usable else Decision(Access.GONE)


async def withdraw_unshown(store: Store, asset_ids: Iterable[str]) -> list[str]:
    """Of these assets, those nothing public shows any more (a story that showed them came
    down): caches here and CDNs are told to drop them. Returns their ids."""
    withdrawn = []
    for asset_id in sorted(asset_ids):
        held = await store.media.holding_asset(asset_id)
        if held and not held[0].published:
            withdrawn.append(asset_id)
    store.media.withdrawn(withdrawn)
    return withdrawn


async def _may_see_unpublished(store: Store, viewer: Viewer, held: Sequence[Holding]) -> bool:
    if viewer.principal is not None:
        return True
    if viewer.preview_of is not None:
        return await store.articles.previews_media(viewer.preview_of, [h.asset.id for h in held])
    return False
