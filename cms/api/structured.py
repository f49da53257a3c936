"""Structured data and social tags for the delivery API's types, read through the request's
loaders (so they are batched and tagged like every other field) and built by
``cms.domain.structured_data``."""

from __future__ import annotations

from typing import Any

import strawberry

from cms import model
from cms.api.context import DeliveryContext
from cms.api.media_links import rendition_sizes
from cms.domain import structured_data
from cms.domain.structured_data import Site
from cms.domain.syndication import Publisher, Story
from cms.domain.urls import Paths

Info = strawberry.Info[DeliveryContext, None]


@strawberry.type(
    description="One <meta> of a page's head: Open Graph tags have a property (og:title, "
    "article:published_time), the others a name (description, twitter:card)."
)
class MetaTag:
    property: str | None
    name: str | None
    content: str


class _ContextLinks:
    """Pictures' addresses as this request gives them (a preview's carry its token)."""

    def __init__(self, info: Info) -> None:
        self._context = info.context

    def file(self, asset: model.MediaAsset) -> str:
        return self._context.media_url(asset)

    def rendition(self, asset: model.MediaAsset, spec: Any) -> str:
        return self._context.rendition_url(asset, spec)


async def site(info: Info) -> Site:
    settings = info.context.settings
    return Site(
        publisher=Publisher.from_settings(settings),
        paths=Paths.from_settings(settings),
        sections=await info.context.reader.all_sections(),
        links=_ContextLinks(info),
        sizes=rendition_sizes(settings),
    )


async def story(info: Info, article: model.Article) -> Story:
    """The story with its bylines' authors and the pictures this caller may be shown."""
    loaders = info.context.loaders
    ids = list(dict.fromkeys(b.author_id for b in article.bylines))
    authors = [a for a in await loaders.authors_by_id.load_many(ids) if a is not None]
    assets = await loaders.media_by_id.load_many(sorted(model.media_ids_of(article)))
    pictures = {a.id: a for a in assets if a is not None and info.context.shows(a)}
    return Story(article=article, authors=tuple(authors), pictures=pictures)


async def tag_names(info: Info, article: model.Article) -> dict[str, str]:
    """The names of the story's tags, by slug (read once per request, purged on a rename)."""
    return {t.slug: t.name for t in await info.context.reader.tags_named(article.tags)}


async def article(info: Info, article: model.Article) -> structured_data.JsonLd:
    names = await tag_names(info, article)
    return structured_data.news_article(
        await story(info, article), await site(info), tag_names=names
    )


async def meta_tags(info: Info, article: model.Article) -> list[MetaTag]:
    names = await tag_names(info, article)
    found = structured_data.meta_tags(await story(info, article), await site(info), tag_names=names)
    return [MetaTag(property=t.property, name=t.name, content=t.content) for t in found]


async def section(info: Info, section: model.Section) -> structured_data.JsonLd:
    return structured_data.collection_page(section, await site(info))


async def author(info: Info, author: model.Author) -> structured_data.JsonLd:
    avatar = None
    if author.avatar_id is not None:
        found = await info.context.loaders.media_by_id.load(author.avatar_id)
        avatar = found if found is not None and info.context.shows(found) else None
    return structured_data.profile_page(author, avatar, await site(info))
