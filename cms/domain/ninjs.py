"""A published story as IPTC ninjs 2.1 (News in JSON), for partners and syndication.

Each story has one stable address, by id (a slug may change): a live story answers with its
headline, bylines, body as HTML, pictures with their rights and credit parts, ``located``
from the dateline, version and ``pubstatus: usable``; a story that came down answers as
withdrawn (``canceled`` once taken down, ``withheld`` once unpublished) with nothing of its
content, so a partner learns to take it down too. A story never published is not found.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from cms import model
from cms.domain.body_html import body_html
from cms.domain.structured_data import Site, iso
from cms.domain.syndication import Story, complete
from cms.store import Store

STANDARD = {
    "name": "ninjs",
    "version": "2.1",
    "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
}

Ninjs = dict[str, Any]


async def story_for(
    store: Store, article_id: str, *, now: datetime
) -> Story | model.Article | None:
    """The live story with its authors, pictures and related stories; else the working copy
    of a story that was published once and came down; ``None`` for any other id."""
    live = await store.live_articles.whole_by_ids([article_id])
    if article_id in live:
        listing = await complete(store, [live[article_id]], now=now, with_related=True)
        return listing.stories[0]
    working = await store.articles.get(article_id)
    if working is None or (working.first_published_at is None and not working.was_taken_down):
        return None
    return working


def withdrawn(article: model.Article, *, uri: str) -> Ninjs:
    """What is left of a story that came down: its identity, and that it may not be used."""
    status = "canceled" if article.was_taken_down else "withheld"
    return {
        "standard": STANDARD,
        "uri": uri,
        "type": "text",
        "version": str(article.version),
        "versioncreated": iso(article.taken_down_at or article.updated_at),
        "pubstatus": status,
    }


def usable(
    story: Story,
    site: Site,
    *,
    uri: str,
    tag_names: Mapping[str, str],
    tag_url: Callable[[str], str],
) -> Ninjs:
    """A live story as a ninjs news item, its pictures as associations."""
    article = story.article
    found: Ninjs = {
        "standard": STANDARD,
        "uri": uri,
        "type": "text",
        "representationtype": "full",
        "version": str(article.version),
        "firstcreated": iso(article.first_published_at or article.updated_at),
        "versioncreated": iso(article.published_at or article.updated_at),
        "pubstatus": "usable",
        "language": site.publisher.language,
        "slugline": article.slug,
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": body_html(
                    story,
                    article_url=site.article_url,
                    links=site.links,
                    site_url=site.publisher.site_url,
                ),
            }
        ],
        "altids": [{"role": "url", "value": site.article_url(article)}],
        "infosources": [{"name": site.publisher.name, "role": "publisher"}],
    }
    if article.seo.title and article.seo.title != article.headline:
        found["headlines"].append({"role": "seo", "value": article.seo.title})
    if article.dek:
        found["descriptions"] = [
            {"role": "summary", "contenttype": "text/plain", "value": article.dek}
        ]
    if story.authors:
        found["by"] = "By " + _names([a.name for a in story.authors])
        found["people"] = [
            {"name": a.name, "rel": "author", "uri": site.author_url(a.slug)} for a in story.authors
        ]
    if article.dateline:
        found["located"] = article.dateline
    if article.tags:
        found["subjects"] = [
            {"name": tag_names.get(t, t), "rel": "about", "uri": tag_url(t)} for t in article.tags
        ]
    section = site.section_name(article.section)
    if section is not None:
        found["genres"] = [{"name": section, "literal": article.section or ""}]
    pictures = _associations(story, site)
    if pictures:
        found["associations"] = pictures
    return found


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _associations(story: Story, site: Site) -> list[Ninjs]:
    """Each picture readers may see: the lead first, then the body's, once each."""
    uses: dict[str, model.MediaUse] = {}
    lead = story.lead
    if lead is not None:
        uses[lead[1].id] = lead[0]
    for block in story.article.body or ():
        if isinstance(block, model.MediaBlock) and block.media.asset_id in story.pictures:
            uses.setdefault(block.media.asset_id, block.media)
    return [
        _picture(use, story.pictures[asset_id], site, name="lead" if i == 0 and lead else "body")
        for i, (asset_id, use) in enumerate(uses.items())
    ]


def _picture(use: model.MediaUse, asset: model.MediaAsset, site: Site, *, name: str) -> Ninjs:
    found: Ninjs = {
        "name": f"{name}-{asset.id}",
        "uri": site.links.file(asset),
        "type": "picture" if asset.kind is model.MediaKind.IMAGE else asset.kind.value.lower(),
        "renditions": [
            {
                "name": "original",
                "href": site.links.file(asset),
                "contenttype": asset.mime_type,
                **({"width": asset.width} if asset.width else {}),
                **({"height": asset.height} if asset.height else {}),
            }
        ],
    }
    caption = use.caption or asset.caption
    if caption:
        found["descriptions"] = [{"role": "caption", "contenttype": "text/plain", "value": caption}]
    credit = use.credit or asset.credit
    if credit:
        found["by"] = credit
    parties = [
        (asset.creator, "creator"),
        (asset.agency, "agency"),
        (asset.distributor, "distributor"),
    ]
    if any(name for name, _ in parties):
        found["infosources"] = [{"name": n, "role": role} for n, role in parties if n]
    if asset.copyright:
        found["copyrightnotice"] = asset.copyright
    terms = ". ".join(t.rstrip(".") for t in (asset.license, asset.usage_terms) if t)
    if terms:
        found["usageterms"] = terms + "."
    if asset.rights_expire_at is not None:
        found["expires"] = iso(asset.rights_expire_at)
    return found
