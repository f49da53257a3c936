"""Reading ahead: what a query's selection makes a story read, and read with it.

A page of teasers reads only the stored fields its selection shows (``stored_fields``); the
relations a selection names (bylines, pictures, section) are read with the story or the page
(``ReadAhead``), so those fields resolve at once instead of each awaiting its own turn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import strawberry

from cms import model
from cms.api import cache_tags
from cms.api.cache_tags import Tags
from cms.api.context import DeliveryContext
from cms.api.loaders import prime
from cms.store import StoryPage

Info = strawberry.Info[DeliveryContext, None]


@dataclass(frozen=True, slots=True)
class ReadAhead:
    """Relations of a page of stories, read with the page when the query selects them, so
    the stories' fields resolve at once (a field that awaits costs graphql-core a task)."""

    authors: Mapping[str, model.Author] | None = None
    media: Mapping[str, model.MediaAsset] | None = None
    sections: Mapping[str, model.Section] | None = None

    @classmethod
    async def read(
        cls, info: Info, stories: Sequence[model.Article], wanted: frozenset[str]
    ) -> ReadAhead | None:
        """One batch per relation the selection names, all asked before any is awaited (the
        pictures of a body join its lead picture's batch)."""
        if not stories or not wanted & _READ_AHEAD:
            return None
        loaders = info.context.loaders
        authors = media = sections = None
        if wanted & {"authors", "bylines"}:
            ids = [b.author_id for story in stories for b in story.bylines]
            authors = loaders.authors_by_id.load_many(ids)
        asset_ids = []
        if "leadMedia" in wanted:
            asset_ids += [story.lead_media.asset_id for story in stories if story.lead_media]
        if "body" in wanted:  # a page's bodies are read later, a story page's is here
            asset_ids += [asset_id for story in stories for asset_id in _body_media(story)]
        if asset_ids:
            media = loaders.media_by_id.load_many(asset_ids)
        if wanted & {"section", "adsPolicy", "body"}:
            slugs = {story.section for story in stories if story.section is not None}
            sections = loaders.sections_by_slug.load_many(slugs)
        return cls(
            authors=None if authors is None else _by_id(await authors),
            media=None if media is None else _by_id(await media),
            sections=None if sections is None else {s.slug: s for s in await sections if s},
        )

    @classmethod
    async def joined(
        cls, info: Info, page: StoryPage, wanted: frozenset[str], tags: Tags
    ) -> ReadAhead | None:
        """A story page's joined read, primed into the loaders: ``read`` then finds its
        pictures there, and the response is tagged as if they had been loaded (its authors
        are in delivery's memory)."""
        story, loaders = page.article, info.context.loaders
        media_ids = model.media_ids_of(story)
        prime(loaders.media_by_id, media_ids, page.media, tags=tags, tag=cache_tags.media)
        return await cls.read(info, [story], wanted)


_READ_AHEAD = frozenset({"authors", "bylines", "leadMedia", "body", "section", "adsPolicy"})
# What a story page reads joined with the story: its pictures (its authors are in memory).
JOINED = frozenset({"leadMedia", "body"})


def _body_media(story: model.Article) -> list[str]:
    return [b.media.asset_id for b in story.body or () if isinstance(b, model.MediaBlock)]


def _by_id(found: Sequence[Any]) -> dict[str, Any]:
    return {item.id: item for item in found if item is not None}


# The stored fields each field of a teaser is built from, beyond those every teaser is read
# with (id, slug, headline, its dates).
_STORED_FOR = {
    "id": (),
    "slug": (),
    "headline": (),
    "updatedAt": (),
    "publishedAt": (),
    "__typename": (),
    "dek": ("dek",),
    "dateline": ("dateline",),
    "tags": ("tags",),
    "firstPublishedAt": ("first_published_at",),
    "section": ("section",),
    "bylines": ("bylines",),
    "authors": ("bylines",),
    "leadMedia": ("lead_media",),
    "adsPolicy": ("ads_policy", "section"),
    "corrections": ("corrections",),
    # canonical: its url; the social image: the lead picture by default
    "seo": ("seo", "section", "first_published_at", "created_at", "lead_media"),
    "path": ("section", "first_published_at", "created_at"),
    "url": ("section", "first_published_at", "created_at"),
    "redirect": ("section", "first_published_at", "created_at"),
    "tagList": ("tags",),
    "kicker": ("kicker",),
    "storyType": ("story_type",),
    "displayDate": ("display_date", "first_published_at"),
    "breaking": ("breaking_until",),
    "breakingUntil": ("breaking_until",),
    "wordCount": ("word_count",),
    "readingTimeMinutes": ("word_count",),
    "relatedArticles": ("related_article_ids", "tags"),
}


def stored_fields(wanted: frozenset[str]) -> frozenset[str] | None:
    """What a page of teasers must read for these fields; ``None`` (everything but bodies)
    when a field needs the whole story, such as ``body``, whose ads use its tags and policy."""
    if not wanted <= _STORED_FOR.keys():
        return None
    return frozenset(stored for name in wanted for stored in _STORED_FOR[name])
