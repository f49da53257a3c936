"""`front(section)` on /graphql: a section front (or the home page) as readers see it, the
stories editors chose first, then the newest."""

from __future__ import annotations

import strawberry

from cms.api import cache
from cms.api.read_ahead import ReadAhead
from cms.api.selection import selected
from cms.api.types import Article, Info, Section
from cms.domain import fronts, reading


@strawberry.type(name="Front", description="A section front, or the home page, as readers see it.")
class LiveFrontType:
    section: Section | None = strawberry.field(description="The section; null for the home page.")
    articles: list[Article] = strawberry.field(
        description="The stories editors chose that are live, in their order, then the newest "
        "live stories of the section and its subsections (of every section for the home page), "
        "each once, at most `first`."
    )
    curated_count: int = strawberry.field(description="How many of `articles` editors chose.")


def _tag(info: Info, section: str | None, live: fronts.LiveFront) -> None:
    """An answer goes stale when the front is saved, when a story goes live or comes down in
    its sections (any story, for home), when one it shows changes, or the sections do."""
    lists = (
        [cache.ALL_LISTS]
        if live.sections is None
        else [cache.list_tag(section=s, tag=None, author_id=None) for s in live.sections]
    )
    info.context.tags.add(cache.front_tag(section), cache.FRONTS, cache.SECTIONS, *lists)
    # A scheduled story it curates shows once the scheduler publishes it.
    info.context.tags.extend(f"article:{i}" for i in live.curated_ids)
    info.context.tags.extend(f"article:{a.id}" for a in live.articles)


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
        ctx = info.context
        size = reading.PageRequest(first, None, ctx.settings.max_page_size).size()
        ctx.tags.add(cache.SECTIONS)
        live = await fronts.live_front_of(ctx.store, section=section, first=size)
        if live is None:
            return None
        _tag(info, section, live)
        ahead = await ReadAhead.read(info, live.articles, selected(info, "articles"))
        return LiveFrontType(
            section=None if live.section is None else Section.build(live.section),
            articles=[Article.build(a, ahead) for a in live.articles],
            curated_count=live.curated,
        )
