"""What feeds, sitemaps, structured data and ninjs show of the newsroom, read once for all.

Only live copies are read, so a story unpublished or taken down is in none of them, and a
picture is shown only while its rights last: each read says until when its answer holds
(``fresh_until``, the first rights expiry among the pictures it shows) and which pictures
it shows, so a cache can keep it no longer and purge it when one of them changes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from cms import model
from cms.domain import media
from cms.domain.reading import subsections
from cms.domain.renditions import RenditionSizes, RenditionSpec
from cms.store import LiveFilter, LiveOrder, Store

if TYPE_CHECKING:
    from cms.config import Settings

# How many stories a feed lists, newest first by first publication.
FEED_SIZE = 50
# A Google News sitemap lists stories first published in the last two days, at most 1,000.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000
# A sitemap holds at most 50,000 addresses (sitemaps.org).
SITEMAP_LIMIT = 50_000
# How many pages' last changes a sitemap reads at once (a newsroom has hundreds of authors).
PAGES_AT_ONCE = 16
# Structured data's pictures: these shapes, at least this wide, never enlarged.
CROP_RATIOS = ((16, 9), (4, 3), (1, 1))
MIN_CROP_WIDTH = 1200


@dataclass(frozen=True, slots=True, kw_only=True)
class Publisher:
    """Who publishes: the publication's name, language, logo, site and time zone."""

    name: str
    language: str
    logo_url: str | None
    site_url: str
    time_zone: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Publisher:
        return cls(
            name=settings.newsroom_name,
            language=settings.publication_language,
            logo_url=settings.publisher_logo_url or None,
            site_url=settings.site_url or settings.public_url,
            time_zone=settings.time_zone,
        )


class PictureLinks(Protocol):
    """The public addresses of a picture's file and of its renditions."""

    def file(self, asset: model.MediaAsset) -> str: ...

    def rendition(self, asset: model.MediaAsset, spec: RenditionSpec) -> str: ...


@dataclass(frozen=True, slots=True)
class Crop:
    """One rendition of a picture at a shape, with its address."""

    url: str
    width: int
    height: int


def crops(asset: model.MediaAsset, links: PictureLinks, sizes: RenditionSizes) -> list[Crop]:
    """The picture cut to 16:9, 4:3 and 1:1 around its focal point, each at the widest width
    the site makes that the picture fills without enlarging, and only if that is at least
    1,200 px: none for a picture too small."""
    if not media.can_render(asset) or asset.width is None or asset.height is None:
        return []
    found = []
    for ratio_w, ratio_h in CROP_RATIOS:
        fits = min(asset.width, asset.height * ratio_w // ratio_h)
        for width in sorted(sizes.widths, reverse=True):
            height = round(width * ratio_h / ratio_w)
            if width > fits or height > asset.height or width < MIN_CROP_WIDTH:
                continue
            spec = media.plan_rendition(
                asset, width=width, height=height, fit=None, image_format=None, quality=None
            )
            found.append(Crop(links.rendition(asset, spec), width, height))
            break
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    """A live story with the authors of its bylines and the pictures readers may see."""

    article: model.Article
    authors: tuple[model.Author, ...]
    pictures: Mapping[str, model.MediaAsset]
    # Live stories its related links point at, by id (for a body shown whole).
    related: Mapping[str, model.Article] = field(default_factory=dict)

    @property
    def lead(self) -> tuple[model.MediaUse, model.MediaAsset] | None:
        """The lead picture with this use's caption and credit, if readers may see it."""
        use = self.article.lead_media
        if use is None or use.asset_id not in self.pictures:
            return None
        return use, self.pictures[use.asset_id]


@dataclass(frozen=True, slots=True, kw_only=True)
class Listing:
    """Stories as an output shows them, with what its cache needs to know."""

    stories: list[Story]
    # Every picture a reader would have been shown, usable or not (a change to one purges).
    media_ids: frozenset[str]
    fresh_until: datetime | None


async def newest(
    store: Store, live_filter: LiveFilter, *, with_body: bool, now: datetime
) -> Listing:
    """A feed's stories: the newest ``FEED_SIZE`` live ones of the list, by first
    publication (one indexed read), with bodies when the feed shows them whole."""
    teasers = await store.live_articles.page(
        live_filter, limit=FEED_SIZE, order=LiveOrder.FIRST_PUBLISHED
    )
    if with_body and teasers:
        whole = await store.live_articles.whole_by_ids(a.id for a in teasers)
        teasers = [whole.get(a.id, a) for a in teasers]
    return await complete(store, teasers, now=now, with_related=with_body)


async def complete(
    store: Store,
    articles: Sequence[model.Article],
    *,
    now: datetime,
    with_related: bool = False,
) -> Listing:
    """Stories with their authors and the pictures readers may see (one read each)."""
    author_ids = {b.author_id for a in articles for b in a.bylines}
    authors = await store.authors.public_by_ids(author_ids) if author_ids else {}
    wanted = frozenset().union(*(model.media_ids_of(a) for a in articles))
    assets = await store.media.by_ids(wanted) if wanted else {}
    usable = {i: a for i, a in assets.items() if media.is_usable(a, now=now)}
    related: dict[str, model.Article] = {}
    if with_related:
        ids = {
            b.article_id
            for a in articles
            for b in a.body or ()
            if isinstance(b, model.RelatedLink) and b.article_id is not None
        }
        related = await store.live_articles.by_ids(ids) if ids else {}
    stories = [
        Story(
            article=a,
            authors=tuple(authors[b.author_id] for b in a.bylines if b.author_id in authors),
            pictures={i: usable[i] for i in model.media_ids_of(a) if i in usable},
            related=related,
        )
        for a in articles
    ]
    return Listing(stories=stories, media_ids=wanted, fresh_until=fresh_until(usable.values()))


def fresh_until(assets: Iterable[model.MediaAsset]) -> datetime | None:
    """The first moment one of these pictures stops being shown: its rights end."""
    ends = [a.rights_expire_at for a in assets if a.rights_expire_at is not None]
    return min(ends, default=None)


async def all_authors(store: Store) -> list[model.Author]:
    """Every author, for the sitemap of authors' pages."""
    return await store.authors.all()


# --- Sitemaps: when a page last changed ----------------------------------------------------


async def last_story_change(
    store: Store, live_filter: LiveFilter, *, now: datetime
) -> datetime | None:
    """When the newest change to a live story of a list was: its first story by last update,
    read as the list is (windows on its ``updated`` index), so it costs one story, not the
    list. None for a list with no live story."""
    found = await store.live_articles.page(
        live_filter, limit=1, order=LiveOrder.LAST_UPDATED, fields=("updated_at",), now=now
    )
    return found[0].updated_at if found else None


def _later(*times: datetime | None) -> datetime | None:
    return max((t for t in times if t is not None), default=None)


async def pages_changed(
    store: Store, pages: Sequence[tuple[datetime | None, LiveFilter]], *, now: datetime
) -> list[datetime | None]:
    """For each page (its own last change, the stories it lists), when it last changed: the
    later of the two, or None when neither is known. One story per page, a few at a time."""
    at_once = asyncio.Semaphore(PAGES_AT_ONCE)

    async def newest(live_filter: LiveFilter) -> datetime | None:
        async with at_once:
            return await last_story_change(store, live_filter, now=now)

    found = await asyncio.gather(*(newest(f) for _, f in pages))
    return [_later(own, story) for (own, _), story in zip(pages, found, strict=True)]


async def sections_changed(
    store: Store, sections: Sequence[model.Section], *, now: datetime
) -> tuple[datetime | None, list[datetime | None]]:
    """When the home page (any live story) and each section's front (the section itself,
    its stories and its subsections') last changed."""
    pages = [(None, LiveFilter())] + [
        (s.updated_at, LiveFilter(section=s.slug, subsections=subsections(sections, s.slug)))
        for s in sections
    ]
    found = await pages_changed(store, pages, now=now)
    return found[0], found[1:]


async def authors_changed(
    store: Store, authors: Sequence[model.Author], *, now: datetime
) -> list[datetime | None]:
    """When each author's page (the author, and the live stories under their byline) last
    changed."""
    pages = [(a.updated_at, LiveFilter(author_id=a.id)) for a in authors]
    return await pages_changed(store, pages, now=now)


# --- Sitemaps: windows of first publication ------------------------------------------------


def month_start(when: datetime) -> datetime:
    when = when.astimezone(UTC)
    return datetime(when.year, when.month, 1, tzinfo=UTC)


def add_months(start: datetime, months: int) -> datetime:
    """The first of the month ``months`` after (or, negative, before) ``start``'s."""
    index = start.year * 12 + start.month - 1 + months
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def next_month(start: datetime) -> datetime:
    return add_months(start, 1)


def _months_between(start: datetime, end: datetime) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


async def months_with_stories(store: Store, *, now: datetime) -> list[datetime]:
    """The months (UTC) in which a live story first went live, newest first.

    Each question is whether a window holds any story (one document, unsorted): about two per
    month with stories, and a few per gap (the gap is found by doubling, then halving), so the
    cost follows the months, never the number of stories.
    """
    months: list[datetime] = []
    end = next_month(month_start(now))
    while await store.live_archive.any_between(None, end):
        end = await _newest_month_before(store, end)
        months.append(end)
    return months


async def _newest_month_before(store: Store, end: datetime) -> datetime:
    """The newest month before ``end`` with a story, when one is known to exist."""
    span = 1
    while not await store.live_archive.any_between(add_months(end, -span), end):
        span *= 2
    low, high = add_months(end, -span), add_months(end, -span // 2) if span > 1 else end
    # A story is in [low, high), none in [high, end): narrow [low, high) to one month.
    while _months_between(low, high) > 1:
        middle = add_months(low, _months_between(low, high) // 2)
        if await store.live_archive.any_between(middle, high):
            low = middle
        else:
            high = middle
    return low


# What a sitemap shows of each story: its address, dates, lead picture and noindex mark.
SITEMAP_FIELDS = ("section", "lead_media", "seo", "status", "tags")


async def first_published_in(
    store: Store, start: datetime, end: datetime, *, now: datetime, limit: int
) -> Listing:
    """The live stories first published in ``[start, end)``, newest first, with their lead
    pictures (a sitemap shows no byline)."""
    articles = await store.live_archive.first_published_between(
        start, end, limit=limit, fields=SITEMAP_FIELDS
    )
    leads = {a.lead_media.asset_id for a in articles if a.lead_media is not None}
    assets = await store.media.by_ids(leads) if leads else {}
    usable = {i: a for i, a in assets.items() if media.is_usable(a, now=now)}
    stories = [
        Story(
            article=a,
            authors=(),
            pictures={i: usable[i] for i in model.media_ids_of(a) if i in usable},
        )
        for a in articles
    ]
    return Listing(
        stories=stories, media_ids=frozenset(leads), fresh_until=fresh_until(usable.values())
    )
