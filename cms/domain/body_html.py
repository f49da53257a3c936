"""A story's body as one piece of sanitised HTML, for full-text feeds and ninjs.

Built from the blocks (every character of text escaped, as ``richtext`` does), then cleaned
once more by an allowlist (nh3), so nothing but these elements reaches a feed reader or a
partner. Links to this site's paths become absolute (a feed is read elsewhere); ads are left
out; a picture readers may not see (rights ended), or a related story no longer live, is
left out as the delivery API leaves it out.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import nh3

from cms import model
from cms.domain import richtext
from cms.domain.syndication import PictureLinks, Story

_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "blockquote", "cite", "figure", "figcaption", "img",
    "a", "em", "strong", "ul", "ol", "li", "iframe", "br", "span", "aside",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "blockquote": {"cite", "class"},
    "aside": {"class"},
    "iframe": {"src", "width", "height", "title", "allow", "allowfullscreen", "loading"},
    "span": {"class"},
}


def body_html(
    story: Story,
    *,
    article_url: Callable[[model.Article], str],
    links: PictureLinks,
    site_url: str,
) -> str:
    """The story's body as sanitised HTML."""
    parts = [
        _block(block, story, article_url=article_url, links=links, site_url=site_url)
        for block in story.article.body or ()
    ]
    return nh3.clean(
        "\n".join(p for p in parts if p),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )


def _text(runs: model.RichText, site_url: str) -> str:
    absolute = tuple(
        model.Inline(run.text, run.marks, site_url + run.href)
        if run.href is not None and richtext.is_site_path(run.href)
        else run
        for run in runs
    )
    return richtext.to_html(absolute)


def _block(
    block: model.Block,
    story: Story,
    *,
    article_url: Callable[[model.Article], str],
    links: PictureLinks,
    site_url: str,
) -> str:
    match block:
        case model.Paragraph(inlines=runs):
            return f"<p>{_text(runs, site_url)}</p>"
        case model.Heading(text=text, level=level):
            level = min(max(level, 2), 6)
            return f"<h{level}>{escape(text)}</h{level}>"
        case model.BlockQuote(paragraphs=paragraphs, attribution=who):
            cite = "" if not who else f"<cite>{escape(who)}</cite>"
            said = "".join(f"<p>{_text(runs, site_url)}</p>" for runs in paragraphs)
            return f"<blockquote>{said}{cite}</blockquote>"
        case model.PullQuote(text=text, attribution=who):
            cite = "" if not who else f"<cite>{escape(who)}</cite>"
            return f'<aside class="pull-quote"><p>{escape(text)}</p>{cite}</aside>'
        case model.MediaBlock(media=use):
            return _figure(use, story, links)
        case model.Embed(html=html, url=url):
            return richtext.embed_html(html, url=url)
        case model.RelatedLink():
            return _related(block, story, article_url)
        case model.ListBlock(items=items, ordered=ordered):
            tag = "ol" if ordered else "ul"
            rows = "".join(f"<li>{_text(item, site_url)}</li>" for item in items)
            return f"<{tag}>{rows}</{tag}>"
    return ""  # an ad slot: feeds and partners carry no ads


def _figure(use: model.MediaUse, story: Story, links: PictureLinks) -> str:
    asset = story.pictures.get(use.asset_id)
    if asset is None or asset.kind is not model.MediaKind.IMAGE:
        return ""
    alt = escape(use.alt_text or asset.alt_text or "")
    size = ""
    if asset.width and asset.height:
        size = f' width="{asset.width}" height="{asset.height}"'
    caption = " ".join(
        escape(part) for part in (use.caption or asset.caption, use.credit or asset.credit) if part
    )
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure><img src="{escape(links.file(asset))}" alt="{alt}"{size}>{figcaption}</figure>'


def _related(
    block: model.RelatedLink, story: Story, article_url: Callable[[model.Article], str]
) -> str:
    if block.article_id is not None:
        target = story.related.get(block.article_id)
        if target is None:
            return ""
        href, text = article_url(target), block.text or target.headline
    elif block.url is not None and richtext.is_web_url(block.url):
        href, text = block.url, block.text or block.url
    else:
        return ""
    label = escape(block.label or "READ")
    return f'<p>{label}: <a href="{escape(href)}">{escape(text)}</a></p>'
