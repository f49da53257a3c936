"""The public delivery schema: published content only, for frontends on every page view.

Every root field is one call into the domain or a loader. Stories come only from live copies,
so nothing here can return a draft.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import DisableIntrospection, ParserCache

from cms.api import cache
from cms.api.documents import ValidatedOnce, ValidationResults
from cms.api.errors import Schema
from cms.api.fronts_delivery import FrontQuery
from cms.api.limits import extensions as limits_extensions
from cms.api.read_ahead import JOINED, ReadAhead
from cms.api.selection import selected
from cms.api.types import Article, ArticleConnection, Author, Info, MediaAsset, Section
from cms.config import QueryLimits
from cms.domain import reading
from cms.errors import TakenDown


@strawberry.type
class Query(FrontQuery):
    @strawberry.field(
        description="A published story by its slug (unique across the site). With a preview "
        "token, the working copy of the one story it was minted for. A story that was taken "
        "down answers with the error TAKEN_DOWN rather than null."
    )
    async def article(
        self, info: Info, slug: str, preview_token: str | None = None
    ) -> Article | None:
        ctx = info.context
        wanted, page = selected(info), None
        if preview_token is not None:
            found = await reading.preview_article(
                ctx.store, slug=slug, token=preview_token, secret=ctx.secret, now=ctx.now()
            )
            # Its pictures may be unpublished: their addresses carry the token that opens them.
            ctx.links.preview_token = preview_token
        elif wanted & JOINED:  # the story with its authors and pictures, in one read
            page = await reading.live_story_page(ctx.store, slug)
            found = None if page is None else page.article
        else:
            found = await reading.live_article(ctx.store, slug)
        ctx.tags.add(f"slug:{slug}")
        if found is None and await reading.taken_down(ctx.store, slug):
            raise TakenDown("This story was taken down.", slug=slug)
        if found is None:
            return None
        ctx.tags.add(f"article:{found.id}")
        if page is not None:
            return Article.build(found, await ReadAhead.joined(info, page, wanted))
        return Article.build(found, await ReadAhead.read(info, [found], wanted))

    @strawberry.field(
        description="Published stories, newest first, optionally by section, tag or author slug."
    )
    async def articles(
        self,
        info: Info,
        first: int | None = reading.DEFAULT_PAGE_SIZE,
        after: str | None = None,
        section: str | None = None,
        tag: str | None = None,
        author: str | None = None,
    ) -> ArticleConnection:
        live_filter = await reading.filter_for(
            info.context.store, section=section, tag=tag, author=author
        )
        return await ArticleConnection.load(info, live_filter, first=first, after=after)

    @strawberry.field(description="An author by slug, with their published stories.")
    async def author(self, info: Info, slug: str) -> Author | None:
        found = await reading.author(info.context.store, slug)
        info.context.tags.add(f"author-slug:{slug}", cache.AUTHOR_SLUGS)
        if found is None:
            return None
        info.context.tags.add(f"author:{found.id}")
        return Author.build(found)

    @strawberry.field(description="A section by slug, with its published stories.")
    async def section(self, info: Info, slug: str) -> Section | None:
        info.context.tags.add(cache.SECTIONS)
        found = await info.context.loaders.sections_by_slug.load(slug)
        return None if found is None else Section.build(found)

    @strawberry.field(description="Every section, by slug.")
    async def sections(self, info: Info) -> list[Section]:
        info.context.tags.add(cache.SECTIONS)
        return [Section.build(s) for s in await reading.sections(info.context.store)]

    @strawberry.field(
        description="A media asset that a published story or an author shows, while its rights "
        "last."
    )
    async def media(self, info: Info, id: strawberry.ID) -> MediaAsset | None:
        info.context.tags.add(f"media:{id}", cache.LIVE_MEDIA)
        found = await reading.public_media(info.context.store, str(id))
        return MediaAsset.shown(found, info)


def delivery_schema(
    limits: QueryLimits | None = None, *, introspection: bool = True, suggestions: bool = True
) -> Schema:
    """The public schema: limited, with parsing and validation of each document cached."""
    validated = ValidationResults()
    extensions: list[Any] = [
        lambda: ParserCache(maxsize=2000),
        *limits_extensions(limits or QueryLimits()),  # first: a limit may refuse unvalidated
        lambda: ValidatedOnce(validated),
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    return Schema(query=Query, extensions=extensions, suggestions=suggestions)
