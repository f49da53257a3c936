"""Inline text to safe HTML and to plain text, and third-party embed HTML through an allowlist.

Paragraphs are stored as runs of text with marks, never as HTML, so the HTML we hand out is
built here and every character of content is escaped. Embeds are the one place outside HTML
enters; it is cleaned by nh3 (ammonia) with a short allowlist and https-only iframes from
known players.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

import nh3

from cms.model import Inline, Mark, RichText

_WEB_SCHEMES = frozenset({"http", "https"})
# Browsers drop tabs and newlines from a URL and read a backslash as a slash, so "/\\host" and
# "/\t/host" lead to another host: none of them, nor any control character, is let through.
_UNSAFE_IN_URL = re.compile(r"[\x00-\x20\x7f\\]")
# What an embedded player may ask the browser for (an iframe's `allow`); nothing that reaches
# the reader's camera, microphone, location or payment details.
IFRAME_FEATURES = frozenset(
    {
        "accelerometer",
        "autoplay",
        "clipboard-write",
        "encrypted-media",
        "fullscreen",
        "gyroscope",
        "picture-in-picture",
        "web-share",
    }
)
_MARK_TAGS = {Mark.BOLD: "strong", Mark.ITALIC: "em"}

EMBED_PLAYERS = frozenset(
    {
        "www.youtube.com",
        "www.youtube-nocookie.com",
        "player.vimeo.com",
        "open.spotify.com",
        "w.soundcloud.com",
        "www.dailymotion.com",
    }
)
_EMBED_TAGS = {"blockquote", "p", "a", "br", "em", "strong", "span", "iframe", "figure"}
_EMBED_ATTRIBUTES = {
    "a": {"href", "title"},
    "blockquote": {"class", "cite"},
    "iframe": {"src", "width", "height", "title", "allow", "allowfullscreen", "loading"},
    "span": {"class"},
}


def is_web_url(url: str) -> bool:
    """An absolute http(s) address with a host (a canonical URL, an embed, a related link)."""
    if _UNSAFE_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in _WEB_SCHEMES and bool(parts.hostname)
    except ValueError:  # a malformed host, such as an unclosed "[" of an IPv6 address
        return False


def is_site_path(url: str) -> bool:
    """A path on this site that no browser can read as another host ("//host", "/\\host")."""
    return url.startswith("/") and not url.startswith("//") and not _UNSAFE_IN_URL.search(url)


def is_safe_link(href: str) -> bool:
    """Links a reader may follow: web and mail addresses, or paths on this site."""
    if is_site_path(href) or is_web_url(href):
        return True
    return not _UNSAFE_IN_URL.search(href) and href[:7].lower() == "mailto:"


def allowed_features(allow: str) -> str | None:
    """An iframe's `allow` list reduced to ``IFRAME_FEATURES`` (each for the frame's own
    origin, as a bare feature name means); None when nothing is left."""
    names = [part.split()[0].lower() for part in allow.split(";") if part.split()]
    kept = [name for name in dict.fromkeys(names) if name in IFRAME_FEATURES]
    return "; ".join(kept) or None


def inline_html(inline: Inline) -> str:
    html = escape(inline.text, quote=False)
    for mark in sorted(inline.marks):
        tag = _MARK_TAGS[mark]
        html = f"<{tag}>{html}</{tag}>"
    if inline.href is not None and is_safe_link(inline.href):
        html = f'<a href="{escape(inline.href)}">{html}</a>'
    return html


def to_html(text: RichText) -> str:
    """The runs as HTML that is safe to insert into a page as it is."""
    return "".join(inline_html(inline) for inline in text)


def to_plain(text: RichText) -> str:
    return "".join(inline.text for inline in text)


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "iframe" and attribute == "src":
        parts = urlsplit(value)
        return value if parts.scheme == "https" and parts.hostname in EMBED_PLAYERS else None
    if element == "iframe" and attribute == "allow":
        return allowed_features(value)
    if attribute == "href":
        return value if is_safe_link(value) else None
    if attribute == "cite":
        return value if is_web_url(value) else None
    return value


def sanitize_embed(html: str) -> str:
    """Embed HTML reduced to an allowlist: no scripts, no handlers, only known players."""
    return nh3.clean(
        html,
        tags=_EMBED_TAGS,
        attributes=_EMBED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def embed_html(html: str | None, *, url: str) -> str:
    """What a page may insert for an embed: its cleaned HTML, or a plain link to it."""
    if html is not None:
        cleaned = sanitize_embed(html)
        if cleaned.strip():
            return cleaned
    if not is_safe_link(url):
        return ""
    return f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(url)}</a>'
