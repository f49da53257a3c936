"""Sitemaps (sitemaps.org) for search engines, a Google News sitemap, and robots.txt.

- ``/sitemap.xml``: the index, naming every sitemap below.
- ``/sitemaps/articles/YYYY-MM.xml``: the live stories first published that month (UTC), at
  most 50,000, each with its ``lastmod`` (its last change) and its lead picture (the image
  extension) while the picture's rights last.
- ``/sitemaps/sections.xml``, ``/sitemaps/authors.xml``: the section fronts and authors' pages,
  each with its ``lastmod``: the later of the section's or author's own last change and the
  newest change to a live story on the page (one story read per page, by the updated index).
- ``/sitemaps/news.xml``: stories first published in the last two days, at most 1,000, with
  the publication's name and language, the publication date and the title.
- ``/robots.txt``: the paths crawlers should leave (``CMS_ROBOTS_DISALLOW``) and the sitemaps.

Stories marked ``noindex`` are in none of them; stories that came down are not live.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any  # lxml-stubs type nsmap without the default namespace (None)

from lxml import etree
from starlette.requests import Request
from starlette.responses import Response

from cms.api import cache_tags
from cms.domain import syndication
from cms.domain.structured_data import iso
from cms.domain.syndication import Listing, Story
from cms.http.delivery import DeliveryState
from cms.http.syndication import XML, Built, answer, not_found, site_of

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
TEXT = "text/plain"

INDEX_PATH = "/sitemap.xml"
NEWS_PATH = "/sitemaps/news.xml"
SECTIONS_PATH = "/sitemaps/sections.xml"
AUTHORS_PATH = "/sitemaps/authors.xml"
MONTH_PATH = "/sitemaps/articles/{month}.xml"
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def month_path(start: datetime) -> str:
    return MONTH_PATH.format(month=f"{start:%Y-%m}")


def _base(request: Request) -> str:
    state: DeliveryState = request.state.delivery
    return state.settings.public_url


def _urlset(*extensions: tuple[str, str]) -> etree._Element:
    nsmap: Any = {None: SITEMAP_NS, **dict(extensions)}
    return etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap=nsmap)


def _url(root: etree._Element, loc: str, lastmod: datetime | None = None) -> etree._Element:
    url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
    etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
    if lastmod is not None:
        etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = iso(lastmod)
    return url


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def is_indexed(story: Story) -> bool:
    """Whether search engines may list the story (editors can mark it ``noindex``)."""
    return not story.article.seo.noindex


def _tag_listing(built: Built, listing: Listing) -> None:
    built.tags |= {cache_tags.article(s.article.id) for s in listing.stories}
    built.tags |= {cache_tags.media(i) for i in listing.media_ids}
    built.expire_by(listing.fresh_until)


async def index(request: Request) -> Response:
    """The sitemap index: the fixed sitemaps and one per month that has stories."""

    async def build() -> Built:
        state: DeliveryState = request.state.delivery
        months = await syndication.months_with_stories(state.store, now=request.state.clock())
        base = _base(request)
        nsmap: Any = {None: SITEMAP_NS}
        root = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap=nsmap)
        paths = [NEWS_PATH, SECTIONS_PATH, AUTHORS_PATH, *(month_path(m) for m in months)]
        for path in paths:
            entry = etree.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
            etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = base + path
        return Built(_xml(root), {cache_tags.ANY_STORY})

    return await answer(request, XML, build)


async def articles(request: Request) -> Response:
    """The stories first published in one month, with their lead pictures."""

    async def build() -> Built:
        found = _MONTH.fullmatch(request.path_params["month"])
        if found is None:
            raise not_found("Article sitemaps are named by month: YYYY-MM.xml.")
        start = datetime(int(found[1]), int(found[2]), 1, tzinfo=UTC)
        state: DeliveryState = request.state.delivery
        listing = await syndication.first_published_in(
            state.store,
            start,
            syndication.next_month(start),
            now=request.state.clock(),
            limit=syndication.SITEMAP_LIMIT,
        )
        site = await site_of(state)
        root = _urlset(("image", IMAGE_NS))
        for story in filter(is_indexed, listing.stories):
            url = _url(root, site.article_url(story.article), story.article.updated_at)
            lead = story.lead
            if lead is not None:
                image = etree.SubElement(url, f"{{{IMAGE_NS}}}image")
                etree.SubElement(image, f"{{{IMAGE_NS}}}loc").text = site.links.file(lead[1])
        built = Built(_xml(root), {cache_tags.ALL_LISTS, cache_tags.SECTIONS})
        _tag_listing(built, listing)
        return built

    return await answer(request, XML, build)


async def sections(request: Request) -> Response:
    """The home page and each section's front, each last changed when the section itself or
    the newest change to a live story on it (a subsection's too) was."""

    async def build() -> Built:
        state: DeliveryState = request.state.delivery
        site = await site_of(state)
        home, fronts = await syndication.sections_changed(
            state.store, site.sections, now=request.state.clock()
        )
        root = _urlset()
        _url(root, site.url("/"), home)
        for section, lastmod in zip(site.sections, fronts, strict=True):
            _url(root, site.section_url(section.slug), lastmod)
        return Built(_xml(root), {cache_tags.SECTIONS, cache_tags.ANY_STORY})

    return await answer(request, XML, build)


async def authors(request: Request) -> Response:
    """Each author's page, last changed when the author or their newest story last did."""

    async def build() -> Built:
        state: DeliveryState = request.state.delivery
        site = await site_of(state)
        found = await syndication.all_authors(state.store)
        changed = await syndication.authors_changed(state.store, found, now=request.state.clock())
        root = _urlset()
        for author, lastmod in zip(found, changed, strict=True):
            _url(root, site.author_url(author.slug), lastmod)
        return Built(_xml(root), {cache_tags.ANY_AUTHOR, cache_tags.ANY_STORY})

    return await answer(request, XML, build)


def news_language(tag: str) -> str:
    """Google News wants an ISO 639 code (``zh-cn`` and ``zh-tw`` for Chinese)."""
    parts = tag.lower().split("-")
    if parts[0] == "zh":
        traditional = {"hant", "tw", "hk", "mo"} & set(parts[1:])
        return "zh-tw" if traditional else "zh-cn"
    return parts[0]


async def news(request: Request) -> Response:
    """The Google News sitemap: what first went live in the last two days."""

    async def build() -> Built:
        state: DeliveryState = request.state.delivery
        now: datetime = request.state.clock()
        # (now - 2 days, now], at the database's precision of a millisecond.
        tick = timedelta(milliseconds=1)
        start, end = now - syndication.NEWS_WINDOW + tick, now + tick
        listing = await syndication.first_published_in(
            state.store, start, end, now=now, limit=syndication.NEWS_LIMIT
        )
        site = await site_of(state)
        root = _urlset(("news", NEWS_NS))
        publisher = site.publisher
        for story in filter(is_indexed, listing.stories):
            article = story.article
            url = _url(root, site.article_url(article))
            item = etree.SubElement(url, f"{{{NEWS_NS}}}news")
            publication = etree.SubElement(item, f"{{{NEWS_NS}}}publication")
            etree.SubElement(publication, f"{{{NEWS_NS}}}name").text = publisher.name
            language = news_language(publisher.language)
            etree.SubElement(publication, f"{{{NEWS_NS}}}language").text = language
            published = article.first_published_at or article.updated_at
            etree.SubElement(item, f"{{{NEWS_NS}}}publication_date").text = iso(published)
            etree.SubElement(item, f"{{{NEWS_NS}}}title").text = article.headline
        built = Built(_xml(root), {cache_tags.ALL_LISTS, cache_tags.SECTIONS})
        built.tags |= {cache_tags.article(s.article.id) for s in listing.stories}
        # The oldest story leaves the window two days after it went live.
        if listing.stories:
            oldest = listing.stories[-1].article.first_published_at
            if oldest is not None:
                built.expire_by(oldest + syndication.NEWS_WINDOW)
        return built

    return await answer(request, XML, build)


async def robots(request: Request) -> Response:
    """robots.txt: every crawler, the paths to leave alone, and where the sitemaps are."""

    async def build() -> Built:
        state: DeliveryState = request.state.delivery
        base = _base(request)
        lines = ["User-agent: *"]
        lines += [f"Disallow: {path}" for path in state.settings.robots_disallow]
        if not state.settings.robots_disallow:
            lines.append("Allow: /")
        lines += ["", f"Sitemap: {base}{INDEX_PATH}", f"Sitemap: {base}{NEWS_PATH}", ""]
        return Built("\n".join(lines).encode())

    return await answer(request, TEXT, build)
