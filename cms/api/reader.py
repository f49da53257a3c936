"""The delivery reader: the one way the public API reads, made once per request.

It alone decides

- **how** a story or a list is read: a preview's working copy (with ``previewToken``), a story
  page joined with its pictures in one command (when the query shows them), or the plain live
  copy (authors come from delivery's memory, ``Catalogues``); lists as teasers carrying only
  the fields the query selects;
- **what a reader may see**: live copies, authors without their contact address, pictures that
  a live story or an author shows while their rights last, and of a working copy only whether
  it was taken down;
- **which cache tags** the answer carries (built by ``cms.api.cache_tags``, whose
  ``tags_for_change`` purges the same names), and whether it may be cached at all: a preview
  marks it private.

The delivery context holds this reader, not the store. Resolvers make one call each, e.g.
``return await info.context.reader.article(info, slug=slug)``. A new delivery field reads
through these methods (``section``, ``page``, ``live_stories``, ``newest``, ``articles_of``), so
it gets the same visibility and tags; one that reads something new adds a method here that
tags what it read with a ``cache_tags`` function, and teaches ``tags_for_change`` the write
that makes it stale.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from cms import model
from cms.api import cache_tags
from cms.api.cache_tags import Tags
from cms.api.fronts_delivery import LiveFrontType
from cms.api.loaders import Catalogues, Loaders
from cms.api.media_links import MediaLinks
from cms.api.read_ahead import JOINED, ReadAhead, stored_fields
from cms.api.selection import selected
from cms.api.types import (
    Article,
    ArticleConnection,
    ArticleEdge,
    Asked,
    Author,
    AuthorConnection,
    Info,
    MediaAsset,
    Page,
    PageInfo,
    Section,
    Tag,
    TagConnection,
)
from cms.config import Settings
from cms.domain import fronts, furniture, media, reading
from cms.domain.urls import PageKind, PathMatch, Paths
from cms.errors import BadUserInput, TakenDown
from cms.store import LiveFilter, LiveOrder, Store, StoryPage

T = TypeVar("T")


class DeliveryReader:
    """Reads for one request, public content only, tagging the answer as it goes."""

    def __init__(
        self,
        store: Store,
        *,
        loaders: Loaders,
        settings: Settings,
        clock: Callable[[], datetime],
        links: MediaLinks,
        tags: Tags,
        catalogues: Catalogues | None = None,
    ) -> None:
        self._store = store  # never handed out: every read goes through a method below
        self.loaders, self.tags, self.links = loaders, tags, links
        self._settings, self._clock = settings, clock
        self._catalogues = catalogues
        self.paths = Paths.from_settings(settings)
        self._read: dict[Hashable, asyncio.Future[Any]] = {}

    @classmethod
    def for_request(
        cls,
        store: Store,
        *,
        catalogues: Catalogues,
        settings: Settings,
        clock: Callable[[], datetime],
    ) -> DeliveryReader:
        """A reader for one delivery request, with its own loaders, tags and media links."""
        tags = Tags()
        loaders = Loaders.for_delivery(store, catalogues=catalogues, tags=tags)
        return cls(
            store,
            loaders=loaders,
            settings=settings,
            clock=clock,
            links=MediaLinks(),
            tags=tags,
            catalogues=catalogues,
        )

    # --- Stories ---------------------------------------------------------------------------

    async def article(
        self, info: Info, *, slug: str, preview_token: str | None = None
    ) -> Article | None:
        """A live story by slug, read joined with its pictures when the query shows them;
        with a preview token, the working copy it was minted for (private). A slug that was
        taken down raises ``TakenDown``."""
        wanted = selected(info)
        self.tags.add(cache_tags.slug(slug))
        if preview_token is not None:
            shown = await self._preview(info, slug=slug, token=preview_token, wanted=wanted)
        elif wanted & JOINED:
            shown = await self._story_page(info, slug, wanted)
        else:
            found = await self._once(
                ("live", slug), lambda: reading.live_article(self._store, slug)
            )
            shown = None if found is None else await self._story(info, found, wanted)
        if shown is None and await self._once(
            ("taken_down", slug), lambda: reading.taken_down(self._store, slug)
        ):
            raise TakenDown("This story was taken down.", slug=slug)
        if shown is None and preview_token is None:
            shown = await self._moved_story(info, slug)
        return shown

    async def _moved_story(self, info: Info, old_slug: str) -> Article | None:
        """The live story an old slug of it leads to, answering with a redirect."""
        now_at = await reading.moved_story(self._store, old_slug)
        if now_at is None:
            return None
        self.tags.add(cache_tags.slug(now_at))
        shown = await self.article(info, slug=now_at)
        if shown is not None:
            shown.asked = Asked(slug=old_slug)
        return shown

    async def taken_down(self, slug: str) -> bool:
        """Whether the slug's story was taken down (the article query's TAKEN_DOWN)."""
        return await reading.taken_down(self._store, slug)

    async def _once(self, key: Hashable, read: Callable[[], Awaitable[T]]) -> T:
        """One read per key for this reader's answer: a query naming a story twice, or every
        live subscriber of one event (they share a reader), read it once and share it."""
        found = self._read.get(key)
        if found is None:
            found = self._read[key] = asyncio.ensure_future(read())
            found.add_done_callback(_seen)
        # Shielded: a subscriber that goes away mid-read does not cancel the others' read.
        result: T = await asyncio.shield(found)
        return result

    async def _story_page(self, info: Info, slug: str, wanted: frozenset[str]) -> Article | None:
        """The story with its pictures, in one read."""
        page: StoryPage | None = await self._once(
            ("page", slug), lambda: reading.live_story_page(self._store, slug)
        )
        if page is None:
            return None
        self.tags.add(cache_tags.article(page.article.id))
        return Article.build(page.article, await ReadAhead.joined(info, page, wanted, self.tags))

    async def _preview(
        self, info: Info, *, slug: str, token: str, wanted: frozenset[str]
    ) -> Article | None:
        self.tags.keep_private()
        found = await reading.preview_article(
            self._store,
            slug=slug,
            token=token,
            secret=self._settings.secret_key.get_secret_value(),
            now=self._clock(),
        )
        # Its pictures may be unpublished: their addresses carry the token that opens them.
        self.links.preview_token = token
        return None if found is None else await self._story(info, found, wanted)

    async def _story(self, info: Info, story: model.Article, wanted: frozenset[str]) -> Article:
        self.tags.add(cache_tags.article(story.id))
        return Article.build(story, await ReadAhead.read(info, [story], wanted))

    async def articles(
        self,
        info: Info,
        *,
        section: str | None = None,
        tag: str | None = None,
        author: str | None = None,
        include_subsections: bool = True,
        updated_since: datetime | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order: LiveOrder = LiveOrder.FIRST_PUBLISHED,
    ) -> ArticleConnection:
        """A page of live stories, by section (with its subsections unless told not to),
        tag or author slug, or all of them."""
        live_filter = await self._filter(
            section=section,
            subsections=include_subsections,
            tag=tag,
            author=author,
            updated_since=updated_since,
        )
        return await self.page(
            info, live_filter, first=first, after=after, last=last, before=before, order=order
        )

    async def _filter(
        self,
        *,
        section: str | None,
        subsections: bool,
        tag: str | None,
        author: str | None,
        updated_since: datetime | None,
    ) -> LiveFilter | None:
        """The list's filter; ``None`` (nothing matches) when the author slug names nobody."""
        author_id = None
        if author is not None:
            self.tags.add(cache_tags.author_slug(author))  # someone may take the slug later
            found = await reading.author(self._store, author)
            if found is None:
                return None
            self.tags.add(cache_tags.author(found.id))
            author_id = found.id
        if tag is not None:
            self.tags.add(cache_tags.tag(tag))  # a tag's list: a rename or merge purges it
        below = await self.subsections(section) if subsections else ()
        return LiveFilter(
            section=section,
            subsections=below,
            tag=tag,
            author_id=author_id,
            updated_since=updated_since,
        )

    async def subsections(self, section: str | None) -> tuple[str, ...]:
        """The slugs of a section's subsections at every depth (none for no section)."""
        if section is None:
            return ()
        return reading.subsections(await self.all_sections(), section)

    async def page(
        self,
        info: Info,
        live_filter: LiveFilter | None,
        *,
        first: int | None,
        after: str | None,
        last: int | None = None,
        before: str | None = None,
        order: LiveOrder = LiveOrder.FIRST_PUBLISHED,
    ) -> ArticleConnection:
        """One page of a list of live stories as a connection, read with only the fields
        (and the relations) the query selects below ``edges { node }``."""
        max_size = self._settings.max_page_size
        request = reading.PageRequest(first, after, max_size, last=last, before=before)
        wanted = selected(info, "edges", "node")
        page = await reading.live_page(
            self._store,
            live_filter,
            request,
            order=order,
            fields=stored_fields(wanted),
            now=self._clock(),
        )
        self._listed(live_filter, page.articles)
        ahead = await ReadAhead.read(info, page.articles, wanted)
        edges = [
            ArticleEdge(cursor=reading.encode_cursor(a, order), node=Article.build(a, ahead))
            for a in page.articles
        ]
        info_ = PageInfo.around(
            [e.cursor for e in edges],
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
        )
        return ArticleConnection(edges=edges, page_info=info_, live_filter=live_filter)

    async def count(self, live_filter: LiveFilter | None) -> int:
        """How many stories a list holds (its tags are the list's, already on the answer)."""
        return await reading.count(self._store, live_filter)

    def _listed(self, live_filter: LiveFilter | None, stories: Sequence[model.Article]) -> None:
        if live_filter is not None:
            sections = live_filter.sections() or (None,)
            self.tags.extend(
                cache_tags.story_list(
                    section=section, tag=live_filter.tag, author_id=live_filter.author_id
                )
                for section in sections
            )
            if live_filter.subsections:
                self.tags.add(cache_tags.SECTIONS)  # a new subsection changes the list
        self.tags.extend(cache_tags.article(story.id) for story in stories)

    async def related(self, info: Info, story: model.Article, *, first: int) -> list[Article]:
        """The stories to show with ``story``: the desk's choices that are live, in order,
        then the live stories sharing most of its tags, newest first among equals. An answer
        goes stale when one of them changes, when a chosen one goes live, or when a story is
        published under one of its tags."""
        if not 0 <= first <= furniture.MAX_RELATED_SHOWN:
            raise BadUserInput(
                f"first is 0 to {furniture.MAX_RELATED_SHOWN} related stories.", argument="first"
            )
        chosen = [i for i in story.related_article_ids if i != story.id]
        shown = (await self.live_stories(chosen))[:first]
        if len(shown) < first and story.tags:
            self.tags.extend(cache_tags.story_list(tag=tag) for tag in story.tags)
            candidates = await reading.sharing_tags(
                self._store, story, limit=furniture.TOP_UP_CANDIDATES
            )
            more = furniture.top_up(
                story.tags, candidates, taken=[s.id for s in shown], limit=first - len(shown)
            )
            shown += await self.live_stories(more)
        return await self.articles_of(info, shown)

    async def live_stories(self, ids: Sequence[str]) -> list[model.Article]:
        """These stories as teasers, in the order given, leaving out those not live."""
        found = await self.loaders.teasers_by_id.load_many(ids)
        return [story for story in found if story is not None]

    async def newest(self, live_filter: LiveFilter, *, limit: int) -> list[model.Article]:
        """The newest ``limit`` live stories of a list, as teasers."""
        request = reading.PageRequest(limit, None, self._settings.max_page_size)
        page = await reading.live_page(self._store, live_filter, request, now=self._clock())
        self._listed(live_filter, page.articles)
        return page.articles

    async def articles_of(self, info: Info, stories: Sequence[model.Article]) -> list[Article]:
        """Stories this reader read, as the API shows them, their relations read at once."""
        ahead = await ReadAhead.read(info, stories, selected(info))
        return [Article.build(story, ahead) for story in stories]

    async def front(
        self, info: Info, *, section: str | None, first: int | None
    ) -> LiveFrontType | None:
        """A section's front (``None``: the home page's) as readers see it: the curated
        stories that are live, then the newest; ``None`` for an unknown section."""
        size = reading.PageRequest(first, None, self._settings.max_page_size).size()
        self.tags.add(cache_tags.SECTIONS)
        live = await fronts.live_front_of(
            self._store, section=section, first=size, now=self._clock()
        )
        if live is None:
            return None
        self._fronted(section, live)
        ahead = await ReadAhead.read(info, live.articles, selected(info, "articles"))
        return LiveFrontType(
            section=None if live.section is None else Section.build(live.section),
            articles=[Article.build(a, ahead) for a in live.articles],
            curated_count=live.curated,
            source=live.section,
        )

    def _fronted(self, section: str | None, live: fronts.LiveFront) -> None:
        """A front goes stale when it is saved, when a story goes live or comes down in its
        sections (any story, for home), when one it shows changes, or the sections do."""
        lists = (
            [cache_tags.ALL_LISTS]
            if live.sections is None
            else [cache_tags.story_list(section=s) for s in live.sections]
        )
        self.tags.add(cache_tags.front(section), cache_tags.FRONTS, *lists)
        # A scheduled story it curates shows once the scheduler publishes it.
        self.tags.extend(cache_tags.article(i) for i in live.curated_ids)
        self.tags.extend(cache_tags.article(a.id) for a in live.articles)

    # --- Addresses and tags ----------------------------------------------------------------

    async def route(self, info: Info, path: str) -> Page | None:
        """What a path on the site shows: the page whose own address it is, else the page it
        used to be (or nearly is) the address of, with a redirect; ``None`` when nothing."""
        moved: Page | None = None
        for match in self.paths.read(path):
            found = await self._page(info, match)
            if found is None:
                continue
            found.asked = Asked(path=path)
            if await found.redirect(info) is None:
                return found
            moved = moved or found
        return moved

    async def _page(self, info: Info, match: PathMatch) -> Article | Section | Author | Tag | None:
        match match.kind:
            case PageKind.ARTICLE:
                return await self._routed_story(info, match)
            case PageKind.TAG:
                return await self.tag(str(match.get("slug")))
            case PageKind.AUTHOR:
                return await self.author(str(match.get("slug")))
            case PageKind.SECTION:
                # Each part a section (a section moved since: a redirect), or no section page.
                trail = str(match.get("section")).split("/")
                known = {s.slug for s in await self.all_sections()}
                return await self.section(trail[-1]) if known.issuperset(trail) else None
        return None  # pragma: no cover

    async def _routed_story(self, info: Info, match: PathMatch) -> Article | None:
        slug, story_id = match.get("slug"), match.get("id")
        if story_id is not None:  # an id names the story whatever its slug is now
            self.tags.add(cache_tags.article(story_id))
            slug = await reading.live_slug(self._store, story_id) or slug
        return None if slug is None else await self.article(info, slug=slug)

    async def tags_named(self, slugs: Sequence[str]) -> list[model.Tag]:
        """The tags a story names, in its order (a slug without a tag: named by its slug)."""
        found = await self.loaders.tags_by_slug.load_many(list(slugs))
        return [tag or reading.stand_in_tag(slug) for slug, tag in zip(slugs, found, strict=True)]

    async def tag(self, slug: str) -> Tag | None:
        """A tag that published stories name; a slug merged into another answers that one,
        with a redirect."""
        self.tags.add(cache_tags.tag(slug), cache_tags.story_list(tag=slug))
        found = await reading.public_tag(self._store, slug)
        if found is not None:
            return Tag.build(found)
        into = await reading.merged_into(self._store, slug)
        if into is None:
            return None
        self.tags.add(cache_tags.tag(into.slug), cache_tags.story_list(tag=into.slug))
        return Tag.build(into, asked=Asked(slug=slug))

    async def tag_list(self, *, first: int | None, after: str | None) -> TagConnection:
        """Tags that published stories name, by slug."""
        self.tags.add(cache_tags.TAG_LIST, cache_tags.ALL_LISTS)
        request = reading.PageRequest(first, after, self._settings.max_page_size)
        found, more = await reading.public_tags(self._store, request)
        return TagConnection.of([Tag.build(t) for t in found], more=more, after=after)

    async def author_list(self, *, first: int | None, after: str | None) -> AuthorConnection:
        """Every author, by slug, without their contact addresses."""
        self.tags.add(cache_tags.ANY_AUTHOR)
        request = reading.PageRequest(first, after, self._settings.max_page_size)
        found, more = await reading.authors(self._store, request)
        self.tags.extend(cache_tags.author(a.id) for a in found)
        return AuthorConnection.of([Author.build(a) for a in found], more=more, after=after)

    # --- People, sections, pictures ------------------------------------------------------

    async def author(self, slug: str) -> Author | None:
        """An author by slug, without their contact address."""
        self.tags.add(cache_tags.author_slug(slug), cache_tags.AUTHOR_SLUGS)
        found = await reading.author(self._store, slug)
        if found is not None:
            self.tags.add(cache_tags.author(found.id))
            return Author.build(found)
        renamed = await reading.renamed_author(self._store, slug)
        if renamed is None:
            return None
        self.tags.add(cache_tags.author(renamed.id))
        return Author.build(renamed, asked=Asked(slug=slug))

    async def section(self, slug: str) -> Section | None:
        found = await self.section_by_slug(slug)
        return None if found is None else Section.build(found)

    async def section_by_slug(self, slug: str) -> model.Section | None:
        self.tags.add(cache_tags.SECTIONS)
        return await self.loaders.sections_by_slug.load(slug)

    async def sections(self) -> list[Section]:
        """Every section, by slug, read from the database (so an outage shows)."""
        self.tags.add(cache_tags.SECTIONS)
        return [Section.build(s) for s in await reading.sections(self._store)]

    async def all_sections(self) -> list[model.Section]:
        """Every section, by slug (kept in memory for delivery until one changes)."""
        self.tags.add(cache_tags.SECTIONS)
        if self._catalogues is not None:
            return await self._catalogues.all_sections()
        return await reading.sections(self._store)

    async def children(self, slug: str) -> list[model.Section]:
        """A section's subsections, one level down, by name."""
        below = [s for s in await self.all_sections() if s.parent == slug]
        return sorted(below, key=lambda s: (s.name, s.slug))

    async def ancestors(self, slug: str) -> list[model.Section]:
        """A section's breadcrumbs: its parents from the top down."""
        return reading.ancestors(await self.all_sections(), slug)

    async def media(self, asset_id: str) -> MediaAsset | None:
        """An asset a live story or an author shows, while its rights last."""
        self.tags.add(cache_tags.media(asset_id), cache_tags.LIVE_MEDIA)
        found = await reading.public_media(self._store, asset_id)
        return None if found is None or not self.shows(found) else MediaAsset.build(found)

    def shows(self, asset: model.MediaAsset) -> bool:
        """Whether a reader may be shown the asset: only while its rights last. An answer
        showing an asset whose rights will end is kept no longer than that."""
        if not media.is_usable(asset, now=self._clock()):
            return False
        if asset.rights_expire_at is not None:
            self.tags.expire_by(asset.rights_expire_at)
        return True


def _seen(read: asyncio.Future[Any]) -> None:
    """A shared read's error is its readers' to raise; if they all went away, it is dropped
    here rather than logged as never retrieved."""
    if not read.cancelled():
        read.exception()
