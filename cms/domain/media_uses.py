"""Where a media asset is used: the stories that show it (working or live copy) and the
authors whose avatar it is, the same uses that keep ``deleteMedia`` from removing it."""

from __future__ import annotations

from dataclasses import dataclass

from cms.store import Store

# The most uses listed: enough for a picture desk to say why an asset must stay.
MAX_LISTED = 100


@dataclass(frozen=True, slots=True)
class MediaUse:
    """One story (``article_id``) or one author's avatar (``author_id``) using the asset."""

    article_id: str | None = None
    author_id: str | None = None
    as_lead: bool = False


async def uses_of(store: Store, asset_id: str) -> list[MediaUse]:
    """The stories showing the asset, by id (the lead picture of either copy counts as lead),
    then the authors whose avatar it is."""
    working = await store.articles.media_uses(asset_id, limit=MAX_LISTED)
    live = await store.live_articles.media_uses(asset_id, limit=MAX_LISTED)
    stories = {i: working.get(i, False) or live.get(i, False) for i in {*working, *live}}
    authors = await store.authors.with_avatar(asset_id, limit=MAX_LISTED)
    return [MediaUse(article_id=i, as_lead=stories[i]) for i in sorted(stories)] + [
        MediaUse(author_id=i) for i in authors
    ]
