"""RSS 2.0 and Atom feeds: the whole site, each section (with its subsections), tag and author.

The newest 50 live stories by first publication (a republish moves nothing), each with its
headline, its address, a GUID that never changes (a tag URI on its id and first publication,
the same as its Atom id, so a new slug is not a new story), its dates in each format's form
(RFC 822 in RSS, RFC 3339 in Atom), its dek as the summary, and its lead picture as
``media:content`` with ``media:credit`` and ``media:description`` (the caption) while the
picture's rights last; ``?full=1`` adds the body as sanitised HTML.

Addresses: ``/feeds/rss`` and ``/feeds/atom`` (also ``/rss`` and ``/feed``), and below them
``/sections/SLUG``, ``/tags/SLUG`` and ``/authors/SLUG``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any  # lxml-stubs type nsmap without the default namespace (None)
from urllib.parse import urlsplit

from lxml import etree
from starlette.requests import Request
from starlette.responses import Response

from cms.api import cache_tags
from cms.domain import reading, syndication
from cms.domain.body_html import body_html
from cms.domain.structured_data import Site, iso
from cms.domain.syndication import Listing, Story
from cms.errors import ErrorCode
from cms.http.delivery import DeliveryState
from cms.http.syndication import Built, Refused, answer, not_found, site_of
from cms.store import LiveFilter

RSS = "application/rss+xml"
ATOM = "application/atom+xml"
MEDIA_TYPES = {"rss": RSS, "atom": ATOM}
KINDS = ("sections", "tags", "authors")

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"


@dataclass(frozen=True, slots=True, kw_only=True)
class Channel:
    """What a feed is of: its title, the page it mirrors, its own address, its stories."""

    title: str
    description: str
    page_url: str
    self_url: str
    listing: Listing
    full: bool


def guid(story: Story, site: Site) -> str:
    """A story's permanent identity (RFC 4151 tag URI): its id, dated by first publication."""
    article = story.article
    host = urlsplit(site.publisher.site_url).hostname or "localhost"
    when = article.first_published_at or article.created_at
    return f"tag:{host},{when:%Y-%m-%d}:article:{article.id}"


def rfc822(when: datetime) -> str:
    """An instant as RSS 2.0 writes it (RFC 822, in GMT)."""
    return format_datetime(when.astimezone(UTC), usegmt=True)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _media(parent: etree._Element, story: Story, site: Site) -> None:
    """The lead picture as Media RSS: the picture, its caption and its credit."""
    lead = story.lead
    if lead is None:
        return
    use, asset = lead
    attrs = {"url": site.links.file(asset), "medium": asset.kind.value.lower()}
    attrs["type"] = asset.mime_type
    if asset.width and asset.height:
        attrs |= {"width": str(asset.width), "height": str(asset.height)}
    content = _sub(parent, f"{{{MEDIA_NS}}}content", **attrs)
    caption = use.caption or asset.caption
    if caption:
        _sub(content, f"{{{MEDIA_NS}}}description", caption, type="plain")
    credit = use.credit or asset.credit
    if credit:
        _sub(content, f"{{{MEDIA_NS}}}credit", credit, role="author", scheme="urn:ebu")
    if asset.alt_text:
        _sub(content, f"{{{MEDIA_NS}}}title", asset.alt_text, type="plain")


def _html(story: Story, site: Site) -> str:
    return body_html(
        story, article_url=site.article_url, links=site.links, site_url=site.publisher.site_url
    )


def _categories(story: Story, site: Site, tag_names: dict[str, str]) -> list[str]:
    section = site.section_name(story.article.section)
    return ([section] if section else []) + [tag_names.get(t, t) for t in story.article.tags]


def rss(channel: Channel, site: Site, *, tag_names: dict[str, str], now: datetime) -> bytes:
    """The channel as RSS 2.0 with the Atom, Media RSS, content and Dublin Core modules."""
    nsmap = {"atom": ATOM_NS, "media": MEDIA_NS, "content": CONTENT_NS, "dc": DC_NS}
    root = etree.Element("rss", {"version": "2.0"}, nsmap=nsmap)
    head = _sub(root, "channel")
    _sub(head, "title", channel.title)
    _sub(head, "link", channel.page_url)
    _sub(head, "description", channel.description)
    _sub(head, "language", site.publisher.language)
    _sub(head, f"{{{ATOM_NS}}}link", href=channel.self_url, rel="self", type=RSS)
    _sub(head, "lastBuildDate", rfc822(_updated(channel, now)))
    _sub(head, "generator", "Newsroom CMS")
    if site.publisher.logo_url:
        image = _sub(head, "image")
        _sub(image, "url", site.publisher.logo_url)
        _sub(image, "title", channel.title)
        _sub(image, "link", channel.page_url)
    for story in channel.listing.stories:
        article = story.article
        item = _sub(head, "item")
        _sub(item, "title", article.headline)
        _sub(item, "link", site.article_url(article))
        _sub(item, "guid", guid(story, site), isPermaLink="false")
        published = article.first_published_at or article.updated_at
        _sub(item, "pubDate", rfc822(published))
        if article.dek:
            _sub(item, "description", article.dek)
        for author in story.authors:
            _sub(item, f"{{{DC_NS}}}creator", author.name)
        for category in _categories(story, site, tag_names):
            _sub(item, "category", category)
        _media(item, story, site)
        if channel.full:
            _sub(item, f"{{{CONTENT_NS}}}encoded").text = etree.CDATA(_html(story, site))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def atom(channel: Channel, site: Site, *, tag_names: dict[str, str], now: datetime) -> bytes:
    """The channel as an Atom 1.0 feed (RFC 4287) with Media RSS pictures."""
    nsmap: Any = {None: ATOM_NS, "media": MEDIA_NS}
    root = etree.Element(f"{{{ATOM_NS}}}feed", nsmap=nsmap)
    root.set("{http://www.w3.org/XML/1998/namespace}lang", site.publisher.language)
    _sub(root, f"{{{ATOM_NS}}}id", channel.self_url)
    _sub(root, f"{{{ATOM_NS}}}title", channel.title)
    _sub(root, f"{{{ATOM_NS}}}subtitle", channel.description)
    _sub(root, f"{{{ATOM_NS}}}updated", iso(_updated(channel, now)))
    _sub(root, f"{{{ATOM_NS}}}link", rel="alternate", type="text/html", href=channel.page_url)
    _sub(root, f"{{{ATOM_NS}}}link", rel="self", type=ATOM, href=channel.self_url)
    publisher = _sub(root, f"{{{ATOM_NS}}}author")
    _sub(publisher, f"{{{ATOM_NS}}}name", site.publisher.name)
    _sub(publisher, f"{{{ATOM_NS}}}uri", site.publisher.site_url)
    _sub(root, f"{{{ATOM_NS}}}generator", "Newsroom CMS")
    if site.publisher.logo_url:
        _sub(root, f"{{{ATOM_NS}}}logo", site.publisher.logo_url)
    for story in channel.listing.stories:
        _entry(root, story, site, tag_names=tag_names, full=channel.full)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _entry(
    root: etree._Element, story: Story, site: Site, *, tag_names: dict[str, str], full: bool
) -> None:
    article = story.article
    entry = _sub(root, f"{{{ATOM_NS}}}entry")
    _sub(entry, f"{{{ATOM_NS}}}id", guid(story, site))
    _sub(entry, f"{{{ATOM_NS}}}title", article.headline, type="text")
    url = site.article_url(article)
    _sub(entry, f"{{{ATOM_NS}}}link", rel="alternate", type="text/html", href=url)
    _sub(entry, f"{{{ATOM_NS}}}published", iso(article.first_published_at or article.updated_at))
    _sub(entry, f"{{{ATOM_NS}}}updated", iso(article.updated_at))
    for author in story.authors:
        person = _sub(entry, f"{{{ATOM_NS}}}author")
        _sub(person, f"{{{ATOM_NS}}}name", author.name)
        _sub(person, f"{{{ATOM_NS}}}uri", site.author_url(author.slug))
    for category in _categories(story, site, tag_names):
        _sub(entry, f"{{{ATOM_NS}}}category", term=category)
    if article.dek:
        _sub(entry, f"{{{ATOM_NS}}}summary", article.dek, type="text")
    if full:
        _sub(entry, f"{{{ATOM_NS}}}content", _html(story, site), type="html")
    _media(entry, story, site)


def _updated(channel: Channel, now: datetime) -> datetime:
    """When the feed last changed: its newest change, or now for an empty feed."""
    changes = [s.article.updated_at for s in channel.listing.stories]
    return max(changes, default=now)


# --- Routes --------------------------------------------------------------------------------


def _full(request: Request) -> bool:
    value = request.query_params.get("full", "0")
    if value not in ("0", "1"):
        raise Refused(400, ErrorCode.BAD_REQUEST, "full must be 1 (the whole body) or 0.")
    return value == "1"


@dataclass(frozen=True, slots=True)
class Subject:
    """What a feed is of: its title and description, the page it mirrors, its stories."""

    title: str
    description: str
    page_url: str
    live_filter: LiveFilter


async def _subject(request: Request, state: DeliveryState, site: Site, built: Built) -> Subject:
    """The feed's subject from its address (tagging the answer with what it reads)."""
    kind = request.path_params.get("kind")
    slug = request.path_params.get("slug", "")
    name = site.publisher.name
    if kind is None:
        built.tags.add(cache_tags.ALL_LISTS)
        return Subject(name, f"The latest from {name}.", site.url("/"), LiveFilter())
    if kind == "sections":
        return _section(site, slug, built)
    if kind == "tags":
        built.tags |= {cache_tags.story_list(tag=slug), cache_tags.tag(slug)}
        found = await reading.tags(state.store, [slug])
        label = found[0].name if found else slug
        url = site.url(site.paths.tag(slug))
        return Subject(f"{label} | {name}", f"The latest about {label}.", url, LiveFilter(tag=slug))
    if kind == "authors":
        return await _author(state, site, slug, built)
    raise not_found(f"There is no feed of {kind!r}.")


def _section(site: Site, slug: str, built: Built) -> Subject:
    section = next((s for s in site.sections if s.slug == slug), None)
    if section is None:
        raise not_found(f"There is no section {slug!r}.")
    below = reading.subsections(site.sections, slug)
    built.tags |= {cache_tags.story_list(section=s) for s in (slug, *below)}
    return Subject(
        f"{section.name} | {site.publisher.name}",
        f"The latest in {section.name}.",
        site.section_url(slug),
        LiveFilter(section=slug, subsections=below),
    )


async def _author(state: DeliveryState, site: Site, slug: str, built: Built) -> Subject:
    built.tags |= {cache_tags.author_slug(slug), cache_tags.AUTHOR_SLUGS}
    author = await reading.author(state.store, slug)
    if author is None:
        raise not_found(f"There is no author {slug!r}.")
    built.tags |= {cache_tags.author(author.id), cache_tags.story_list(author_id=author.id)}
    return Subject(
        f"{author.name} | {site.publisher.name}",
        f"The latest by {author.name}.",
        site.author_url(slug),
        LiveFilter(author_id=author.id),
    )


async def feed(request: Request) -> Response:
    """A feed in the format its address names (``rss`` or ``atom``)."""
    format_ = request.path_params.get("format", "rss")
    if format_ not in MEDIA_TYPES:
        return await answer(request, RSS, _unknown_format)

    async def build() -> Built:
        state: DeliveryState = request.state.delivery
        now: datetime = request.state.clock()
        full = _full(request)
        site = await site_of(state)
        built = Built(b"", {cache_tags.SECTIONS})
        subject = await _subject(request, state, site, built)
        listing = await syndication.newest(
            state.store, subject.live_filter, with_body=full, now=now
        )
        _tag_listing(built, listing)
        tag_names = await _tag_names(state, listing.stories, built)
        channel = Channel(
            title=subject.title,
            description=subject.description,
            page_url=subject.page_url,
            self_url=state.settings.public_url + request.url.path + ("?full=1" if full else ""),
            listing=listing,
            full=full,
        )
        write = rss if format_ == "rss" else atom
        built.body = write(channel, site, tag_names=tag_names, now=now)
        return built

    return await answer(request, MEDIA_TYPES[format_], build)


async def _unknown_format() -> Built:
    raise not_found("Feeds come as rss or atom.")


def _tag_listing(built: Built, listing: Listing) -> None:
    """An answer listing stories goes stale with any of them, their authors or pictures."""
    for story in listing.stories:
        built.tags.add(cache_tags.article(story.article.id))
        built.tags |= {cache_tags.author(a.id) for a in story.authors}
    built.tags |= {cache_tags.media(i) for i in listing.media_ids}
    built.expire_by(listing.fresh_until)


async def _tag_names(
    state: DeliveryState, stories: Sequence[Story], built: Built
) -> dict[str, str]:
    """The names of the stories' tags (their categories), by slug: a rename purges the feed."""
    slugs = list(dict.fromkeys(t for s in stories for t in s.article.tags))
    built.tags |= {cache_tags.tag(t) for t in slugs}
    return {tag.slug: tag.name for tag in await reading.tags(state.store, slugs)} if slugs else {}
