"""`front(section)` on /graphql: a section front (or the home page) as readers see it, the
stories editors chose first, then the newest."""

from __future__ import annotations

import strawberry

from cms import model
from cms.api.blocks import PageAd, front_page_ads
from cms.api.types import Article, Info, Section
from cms.domain import reading


@strawberry.type(name="Front", description="A section front, or the home page, as readers see it.")
class LiveFrontType:
    section: Section | None = strawberry.field(description="The section; null for the home page.")
    articles: list[Article] = strawberry.field(
        description="The stories editors chose that are live, in their order, then the newest "
        "live stories of the section and its subsections (of every section for the home page), "
        "each once, at most `first`."
    )
    curated_count: int = strawberry.field(description="How many of `articles` editors chose.")
    source: strawberry.Private[model.Section | None]

    @strawberry.field(
        description="The ads for the front's whole page (leaderboards, rails, out-of-page), by "
        "position, under its section's ads policy (NORMAL for the home page)."
    )
    async def page_ads(self, info: Info) -> list[PageAd]:
        return await front_page_ads(self.source, info)


@strawberry.type
class FrontQuery:
    @strawberry.field(
        description="A section's front by slug; without one, the home page's. Null for an "
        "unknown section."
    )
    async def front(
        self,
        info: Info,
        section: str | None = None,
        first: int | None = reading.DEFAULT_PAGE_SIZE,
    ) -> LiveFrontType | None:
        return await info.context.reader.front(info, section=section, first=first)
