"""Public addresses: the path of every page a reader can open, built from the settings' patterns
and read back from a path (``route``); the one place a URL of ours is spelled.

A story's path is ``article_path_pattern`` filled in: ``{section}`` is the section's slugs from
the top (``news/politics``), ``{yyyy}/{mm}/{dd}`` its first publication date in the newsroom's
time zone, ``{slug}`` and ``{id}`` its own. A story without a section drops the ``{section}``
segment (``/2026/03/05/slug``, never ``//2026/...``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from cms import model

if TYPE_CHECKING:
    from cms.config import Settings

# What each placeholder may match when a path is read back.
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_MATCHES = {
    "section": rf"{_SLUG}(?:/{_SLUG})*",
    "slug": _SLUG,
    "id": r"[0-9a-f]{24}",
    "yyyy": r"[0-9]{4}",
    "mm": r"[0-9]{2}",
    "dd": r"[0-9]{2}",
}
_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")
_UTC = ZoneInfo("UTC")


class PageKind(StrEnum):
    """What a path can show."""

    ARTICLE = "article"
    SECTION = "section"
    AUTHOR = "author"
    TAG = "tag"


@dataclass(frozen=True, slots=True, kw_only=True)
class PathMatch:
    """A path read against one pattern: the kind of page, and the placeholders' values (a
    story's ``section`` is ``None`` when its pattern's section segment was left out)."""

    kind: PageKind
    values: dict[str, str]

    def get(self, name: str) -> str | None:
        return self.values.get(name)


@dataclass(frozen=True, slots=True)
class Paths:
    """The public site's base URL and path patterns, with what builds and reads paths."""

    site_url: str
    article_pattern: str
    section_pattern: str
    author_pattern: str
    tag_pattern: str
    time_zone: ZoneInfo = _UTC

    @classmethod
    def from_settings(cls, settings: Settings) -> Paths:
        return cls(
            site_url=settings.site_url,
            article_pattern=settings.article_path_pattern,
            section_pattern=settings.section_path_pattern,
            author_pattern=settings.author_path_pattern,
            tag_pattern=settings.tag_path_pattern,
            time_zone=ZoneInfo(settings.time_zone),
        )

    def article(self, article: model.Article, sections: Sequence[model.Section]) -> str:
        """A story's path; dated by its first publication (a story never published yet, as
        in a preview, by its creation)."""
        when = when_of(article).astimezone(self.time_zone)
        values = {
            "slug": article.slug,
            "id": article.id,
            "yyyy": f"{when.year:04d}",
            "mm": f"{when.month:02d}",
            "dd": f"{when.day:02d}",
        }
        if article.section is not None:
            values["section"] = section_trail(article.section, sections)
        return _fill(self.article_pattern, values)

    def section(self, slug: str, sections: Sequence[model.Section]) -> str:
        return _fill(self.section_pattern, {"section": section_trail(slug, sections)})

    def author(self, slug: str) -> str:
        return _fill(self.author_pattern, {"slug": slug})

    def tag(self, slug: str) -> str:
        return _fill(self.tag_pattern, {"slug": slug})

    def absolute(self, path: str) -> str:
        """The URL readers open: the site's base URL and the path."""
        return self.site_url + path

    def read(self, path: str) -> list[PathMatch]:
        """Every way a path reads against the patterns, most specific kind first (a story,
        a tag, an author, then a section, whose pattern is often the loosest); the caller
        keeps the first that names something that exists."""
        path = local_path(path)
        found = []
        for kind, pattern in (
            (PageKind.ARTICLE, self.article_pattern),
            (PageKind.TAG, self.tag_pattern),
            (PageKind.AUTHOR, self.author_pattern),
            (PageKind.SECTION, self.section_pattern),
        ):
            for regex in _regexes(pattern, optional_section=kind is PageKind.ARTICLE):
                matched = regex.fullmatch(path)
                if matched is not None:
                    values = {k: v for k, v in matched.groupdict().items() if v is not None}
                    found.append(PathMatch(kind=kind, values=values))
        return found


def section_trail(slug: str, sections: Sequence[model.Section]) -> str:
    """A section's slugs from the top down to its own, joined by ``/`` (``news/politics``)."""
    by_slug = {section.slug: section for section in sections}
    trail = [slug]
    parent = by_slug[slug].parent if slug in by_slug else None
    while parent is not None and parent not in trail:
        trail.insert(0, parent)
        parent = by_slug[parent].parent if parent in by_slug else None
    return "/".join(trail)


def local_path(path: str) -> str:
    """A path as the patterns read it: no query, no fragment, no trailing slash (but ``/``)."""
    path = path.split("#", 1)[0].split("?", 1)[0]
    if not path.startswith("/"):
        path = "/" + path
    return path.rstrip("/") or "/"


def _fill(pattern: str, values: dict[str, str]) -> str:
    if "section" not in values:
        pattern = _without_section(pattern)
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], pattern)


def _without_section(pattern: str) -> str:
    """The pattern with its ``{section}`` segment dropped cleanly (and its slash with it)."""
    pattern = re.sub(r"/\{section\}(?=/|$)", "", pattern)
    return pattern.replace("{section}", "") or "/"


@cache
def _regexes(pattern: str, *, optional_section: bool) -> list[re.Pattern[str]]:
    """A pattern as regular expressions: itself, and without its section when a story's
    section may be missing."""
    variants = [pattern]
    if optional_section and "{section}" in pattern:
        variants.append(_without_section(pattern))
    return [_compile(variant.rstrip("/") or "/") for variant in variants]


def _compile(pattern: str) -> re.Pattern[str]:
    parts, last = [], 0
    for placeholder in _PLACEHOLDER.finditer(pattern):
        parts.append(re.escape(pattern[last : placeholder.start()]))
        name = placeholder.group(1)
        parts.append(f"(?P<{name}>{_MATCHES[name]})")
        last = placeholder.end()
    parts.append(re.escape(pattern[last:]))
    return re.compile("".join(parts))


def when_of(article: model.Article) -> datetime:
    """The instant a story's path is dated by."""
    return article.first_published_at or article.created_at
