"""The public delivery schema: published content only, for frontends on every page view.

Every root field is one call into the request's delivery reader (``cms.api.reader``), which
decides how to read, what readers may see and which cache tags the answer carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import strawberry
from strawberry.extensions import DisableIntrospection, ParserCache

from cms.api.documents import ValidatedOnce, ValidationResults
from cms.api.enums import ArticleOrder
from cms.api.errors import Schema
from cms.api.fronts_delivery import FrontQuery
from cms.api.limits import extensions as limits_extensions
from cms.api.live import DeliverySubscription
from cms.api.types import (
    Article,
    ArticleConnection,
    Author,
    AuthorConnection,
    Info,
    MediaAsset,
    Page,
    Section,
    Tag,
    TagConnection,
)
from cms.config import QueryLimits


@strawberry.type
class Query(FrontQuery):
    @strawberry.field(
        description="A published story by its slug (unique across the site). With a preview "
        "token, the working copy of the one story it was minted for. A story that was taken "
        "down answers with the error TAKEN_DOWN rather than null. A slug the story had before "
        "it changed answers the story with redirect set: send the reader there."
    )
    async def article(
        self, info: Info, slug: str, preview_token: str | None = None
    ) -> Article | None:
        return await info.context.reader.article(info, slug=slug, preview_token=preview_token)

    @strawberry.field(
        description="Published stories, newest first, optionally by section (with its "
        "subsections unless includeSubsections is false), tag or author slug. Pages forward "
        "with first/after, backward with last/before; updatedSince keeps the stories changed "
        "since then (for incremental sync)."
    )
    async def articles(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        section: str | None = None,
        tag: str | None = None,
        author: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: ArticleOrder = ArticleOrder.FIRST_PUBLISHED,
        updated_since: datetime | None = None,
        include_subsections: bool = True,
    ) -> ArticleConnection:
        return await info.context.reader.articles(
            info,
            section=section,
            tag=tag,
            author=author,
            include_subsections=include_subsections,
            updated_since=updated_since,
            first=first,
            after=after,
            last=last,
            before=before,
            order=order_by,
        )

    @strawberry.field(
        description="What a path on the site shows: a story, a section front, an author page "
        "or a tag page (by the site's path patterns); null when nothing. An old address (a "
        "story's slug before it changed, a merged tag, a section moved, a path not quite a "
        "page's own) answers the page with redirect set: send the reader there."
    )
    async def route(self, info: Info, path: str) -> Page | None:
        return await info.context.reader.route(info, path)

    @strawberry.field(
        description="A tag that published stories name, by slug. A tag merged into another "
        "answers that one, with redirect set."
    )
    async def tag(self, info: Info, slug: str) -> Tag | None:
        return await info.context.reader.tag(slug)

    @strawberry.field(description="The tags published stories name, by slug.")
    async def tags(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> TagConnection:
        return await info.context.reader.tag_list(first=first, after=after)

    @strawberry.field(description="The newsroom's authors, by slug.")
    async def authors(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> AuthorConnection:
        return await info.context.reader.author_list(first=first, after=after)

    @strawberry.field(description="An author by slug, with their published stories.")
    async def author(self, info: Info, slug: str) -> Author | None:
        return await info.context.reader.author(slug)

    @strawberry.field(description="A section by slug, with its published stories.")
    async def section(self, info: Info, slug: str) -> Section | None:
        return await info.context.reader.section(slug)

    @strawberry.field(description="Every section, by slug.")
    async def sections(self, info: Info) -> list[Section]:
        return await info.context.reader.sections()

    @strawberry.field(
        description="A media asset that a published story or an author shows, while its rights "
        "last."
    )
    async def media(self, info: Info, id: strawberry.ID) -> MediaAsset | None:
        return await info.context.reader.media(str(id))


def delivery_schema(
    limits: QueryLimits | None = None,
    *,
    introspection: bool = True,
    suggestions: bool = True,
    traced: Sequence[Any] = (),
) -> Schema:
    """The public schema: limited, with parsing and validation of each document cached.
    ``traced``: extensions that run around everything else (tracing's operation spans)."""
    validated = ValidationResults()
    extensions: list[Any] = [
        *traced,
        lambda: ParserCache(maxsize=2000),
        *limits_extensions(limits or QueryLimits()),  # first: a limit may refuse unvalidated
        lambda: ValidatedOnce(validated),
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    return Schema(
        query=Query,
        subscription=DeliverySubscription,
        extensions=extensions,
        suggestions=suggestions,
    )
