"""schema.org JSON-LD for search engines, and the Open Graph and Twitter tags of a page's head.

A story is a ``NewsArticle`` (headline of at most 110 characters, pictures at 16:9, 4:3 and
1:1 at least 1,200 px wide, never enlarged, with their credit parts; bylines as ``Person``
with their pages; the publisher as ``Organization`` with its logo) beside the
``BreadcrumbList`` of its section; a section front is a ``CollectionPage``, an author's page
a ``ProfilePage`` about a ``Person``. Each is a plain dict, ready for ``json.dumps``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cms import model
from cms.domain import reading
from cms.domain.renditions import RenditionSizes
from cms.domain.syndication import PictureLinks, Publisher, Story, crops
from cms.domain.urls import Paths

CONTEXT = "https://schema.org"
MAX_HEADLINE = 110

JsonLd = dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """What every page's description shares: who publishes, where pages live, the sections
    (for addresses and breadcrumbs), how pictures are addressed and cut."""

    publisher: Publisher
    paths: Paths
    sections: Sequence[model.Section]
    links: PictureLinks
    sizes: RenditionSizes

    def url(self, path: str) -> str:
        return self.paths.absolute(path)

    def article_url(self, article: model.Article) -> str:
        return self.url(self.paths.article(article, self.sections))

    def section_url(self, slug: str) -> str:
        return self.url(self.paths.section(slug, self.sections))

    def author_url(self, slug: str) -> str:
        return self.url(self.paths.author(slug))

    def section_name(self, slug: str | None) -> str | None:
        return next((s.name for s in self.sections if s.slug == slug), None)


def iso(when: datetime) -> str:
    """An instant as schema.org and feeds want it: RFC 3339 in UTC, ``Z``."""
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def shorten(text: str, limit: int = MAX_HEADLINE) -> str:
    """Text of at most ``limit`` characters, cut at a word with an ellipsis if it is longer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"


def organization(publisher: Publisher) -> JsonLd:
    found: JsonLd = {"@type": "Organization", "name": publisher.name, "url": publisher.site_url}
    if publisher.logo_url:
        found["logo"] = {"@type": "ImageObject", "url": publisher.logo_url}
    return found


def person(author: model.Author, site: Site) -> JsonLd:
    found: JsonLd = {"@type": "Person", "name": author.name, "url": site.author_url(author.slug)}
    if author.title:
        found["jobTitle"] = author.title
    return found


def images(use: model.MediaUse | None, asset: model.MediaAsset, site: Site) -> list[JsonLd]:
    """The picture at each shape it fills, with its caption and credit parts."""
    caption = (use.caption if use else None) or asset.caption
    credit = (use.credit if use else None) or asset.credit
    common: JsonLd = {}
    if caption:
        common["caption"] = caption
    if credit:
        common["creditText"] = credit
    if asset.creator:
        common["creator"] = {"@type": "Person", "name": asset.creator}
    if asset.agency:
        common["sourceOrganization"] = {"@type": "Organization", "name": asset.agency}
    if asset.distributor:
        common["provider"] = {"@type": "Organization", "name": asset.distributor}
    if asset.copyright:
        common["copyrightNotice"] = asset.copyright
    return [
        {"@type": "ImageObject", "url": c.url, "width": c.width, "height": c.height, **common}
        for c in crops(asset, site.links, site.sizes)
    ]


def breadcrumbs(section: str | None, site: Site, *, last: tuple[str, str] | None) -> JsonLd:
    """Home, the section's parents, the section, then ``last`` (name, url) if given."""
    trail = [(site.publisher.name, site.url("/"))]
    if section is not None:
        above = reading.ancestors(site.sections, section)
        trail += [(s.name, site.section_url(s.slug)) for s in above]
        name = site.section_name(section)
        if name is not None:
            trail.append((name, site.section_url(section)))
    if last is not None:
        trail.append(last)
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(trail, 1)
        ],
    }


def news_article(story: Story, site: Site, *, tag_names: Mapping[str, str]) -> JsonLd:
    """A story as a ``NewsArticle`` with its ``BreadcrumbList``, in one ``@graph``."""
    article = story.article
    url = site.article_url(article)
    published = article.first_published_at or article.published_at or article.updated_at
    found: JsonLd = {
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": shorten(article.seo.title or article.headline),
        "datePublished": iso(published),
        "dateModified": iso(article.updated_at),
        "author": [person(a, site) for a in story.authors],
        "publisher": organization(site.publisher),
        "isAccessibleForFree": True,
        "inLanguage": site.publisher.language,
    }
    if article.dek or article.seo.description:
        found["description"] = article.seo.description or article.dek
    lead = story.lead
    if lead is not None:
        shown = images(lead[0], lead[1], site)
        if shown:
            found["image"] = shown
    section = site.section_name(article.section)
    if section is not None:
        found["articleSection"] = section
    if article.tags:
        found["keywords"] = [tag_names.get(t, t) for t in article.tags]
    if article.dateline:
        found["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if article.corrections:
        found["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": iso(c.at)}
            for c in article.corrections
        ]
    crumbs = breadcrumbs(article.section, site, last=(shorten(article.headline), url))
    return {"@context": CONTEXT, "@graph": [found, crumbs]}


def collection_page(section: model.Section, site: Site) -> JsonLd:
    """A section front as a ``CollectionPage`` with its breadcrumbs."""
    url = site.section_url(section.slug)
    return {
        "@context": CONTEXT,
        "@type": "CollectionPage",
        "@id": url,
        "url": url,
        "name": section.name,
        "inLanguage": site.publisher.language,
        "isPartOf": {"@type": "WebSite", "name": site.publisher.name, "url": site.url("/")},
        "publisher": organization(site.publisher),
        "breadcrumb": breadcrumbs(section.slug, site, last=None),
    }


def profile_page(author: model.Author, avatar: model.MediaAsset | None, site: Site) -> JsonLd:
    """An author's page as a ``ProfilePage`` about a ``Person``."""
    url = site.author_url(author.slug)
    about = person(author, site)
    about["@id"] = f"{url}#person"
    if author.bio:
        about["description"] = author.bio
    if author.social_links:
        about["sameAs"] = [link.url for link in author.social_links]
    if avatar is not None:
        about["image"] = site.links.file(avatar)
    return {
        "@context": CONTEXT,
        "@type": "ProfilePage",
        "@id": url,
        "url": url,
        "inLanguage": site.publisher.language,
        "mainEntity": about,
    }


@dataclass(frozen=True, slots=True)
class MetaTag:
    """One ``<meta>`` of a page's head: Open Graph tags by ``property``, others by ``name``."""

    content: str
    property: str | None = None
    name: str | None = None


def meta_tags(story: Story, site: Site, *, tag_names: Mapping[str, str]) -> list[MetaTag]:
    """The Open Graph and Twitter card tags (and the description) of a story's page."""
    article = story.article
    title = article.seo.title or article.headline
    description = article.seo.description or article.dek
    url = site.article_url(article)
    og = [
        ("og:type", "article"),
        ("og:title", title),
        ("og:url", url),
        ("og:site_name", site.publisher.name),
        ("og:locale", site.publisher.language.replace("-", "_")),
    ]
    twitter = [("twitter:card", "summary"), ("twitter:title", title)]
    if description:
        og.append(("og:description", description))
        twitter.append(("twitter:description", description))
    picture = _social_picture(story, site)
    if picture is not None:
        image, alt = picture
        og += [
            ("og:image", image["url"]),
            ("og:image:width", str(image["width"])),
            ("og:image:height", str(image["height"])),
        ]
        twitter = [("twitter:card", "summary_large_image"), *twitter[1:]]
        twitter.append(("twitter:image", image["url"]))
        if alt:
            og.append(("og:image:alt", alt))
            twitter.append(("twitter:image:alt", alt))
    published = article.first_published_at or article.published_at or article.updated_at
    og += [
        ("article:published_time", iso(published)),
        ("article:modified_time", iso(article.updated_at)),
    ]
    section = site.section_name(article.section)
    if section is not None:
        og.append(("article:section", section))
    og += [("article:tag", tag_names.get(t, t)) for t in article.tags]
    og += [("article:author", site.author_url(a.slug)) for a in story.authors]
    tags = [MetaTag(content, property=key) for key, content in og]
    tags += [MetaTag(content, name=key) for key, content in twitter]
    if description:
        tags.insert(0, MetaTag(description, name="description"))
    if article.seo.noindex:
        tags.insert(0, MetaTag("noindex", name="robots"))
    return tags


def _social_picture(story: Story, site: Site) -> tuple[JsonLd, str | None] | None:
    """The social image (the lead picture unless one is set) at 16:9, and its alt text."""
    article = story.article
    chosen_id = article.seo.social_image_id
    if chosen_id is not None and chosen_id in story.pictures:
        use, asset = None, story.pictures[chosen_id]
    elif story.lead is not None:
        use, asset = story.lead
    else:
        return None
    shown = images(use, asset, site)
    if not shown:
        return None
    alt = (use.alt_text if use else None) or asset.alt_text
    return shown[0], alt
