"""Cache tags: the names of what a delivery answer was built from, built here and only here.

The delivery reader tags each answer with these functions while it reads; ``tags_for_change``
maps a database change to the same names, so exactly the answers it made stale are dropped
(and purged from a CDN). A tag written anywhere else could drift from its purge: a test checks
that every tag an answer can carry is one some write purges.

- ``article:<id>``: a live story the answer shows (a page, a teaser, a related link)
- ``slug:<slug>``: a story looked up by slug, found or not (a publish under it purges)
- ``list:all``, ``list:section:<slug>``, ``list:tag:<tag>``, ``list:author:<id>``: a list read
- ``author:<id>``, ``author-slug:<slug>``, ``author-slugs``: an author, a lookup by slug
- ``media:<id>``, ``live-media``: a picture shown, and which pictures readers may fetch
- ``sections``, ``ad-slots``: the reference data every page may use
- ``front:home``, ``front:section:<slug>``, ``fronts``: a curated front, and every front (what
  a front's removal makes stale: its section is no longer known)
- ``stories``, ``authors``: any live story, any author (what lists of months or of every
  author, such as the sitemaps', depend on: a story coming down or an author added changes them)
- ``tag:<slug>``: a tag looked up or shown by slug (its name; an old slug's redirect), purged
  by a rename, a merge and a tag made under that slug
- ``tags``: the list of tags published stories name
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from cms import model
from cms.store.changes import Change

ALL_LISTS = "list:all"
# Whether an asset may be shown depends on which live stories use it.
LIVE_MEDIA = "live-media"
# Lookups of authors by slug, when a deleted author's slug is no longer known.
AUTHOR_SLUGS = "author-slugs"
SECTIONS = "sections"
AD_SLOTS = "ad-slots"
FRONTS = "fronts"
# Any change to any live story (published, changed or taken away), or to any author.
ANY_STORY = "stories"
ANY_AUTHOR = "authors"
TAG_LIST = "tags"


def article(article_id: str) -> str:
    return f"article:{article_id}"


def slug(story_slug: str) -> str:
    return f"slug:{story_slug}"


def author(author_id: str) -> str:
    return f"author:{author_id}"


def author_slug(author_slug: str) -> str:
    return f"author-slug:{author_slug}"


def tag(tag_slug: str) -> str:
    return f"tag:{tag_slug}"


def media(asset_id: str) -> str:
    return f"media:{asset_id}"


def front(section: str | None) -> str:
    """A front's answer, which saving that front purges (``None``: the home page)."""
    return "front:home" if section is None else f"front:section:{section}"


def story_list(
    *, section: str | None = None, tag: str | None = None, author_id: str | None = None
) -> str:
    """The tag of one list of live stories (by section, tag or author, or all of them)."""
    if section is not None:
        return f"list:section:{section}"
    if tag is not None:
        return f"list:tag:{tag}"
    if author_id is not None:
        return f"list:author:{author_id}"
    return ALL_LISTS


def tags_for_change(change: Change) -> set[str]:
    """What a database change can make stale.

    A story that goes live, changes or goes away invalidates every answer it appears in
    (they carry ``article:<id>``); one that goes live or changes also invalidates the lists
    it now belongs to and a lookup of its slug that answered nothing before.
    """
    facts = change.facts
    match change.collection:
        case "live_articles":
            tags = {article(change.id), LIVE_MEDIA, ANY_STORY}
            if facts is not None:
                tags |= {ALL_LISTS, slug(str(facts.get("slug")))}
                if facts.get("section"):
                    tags.add(story_list(section=facts["section"]))
                tags |= {story_list(tag=t) for t in facts.get("tags", ())}
                tags |= {story_list(author_id=a) for a in facts.get("author_ids", ())}
            return tags
        case "authors":
            known = (facts or {}).get("slug")
            return {author(change.id), author_slug(known) if known else AUTHOR_SLUGS, ANY_AUTHOR}
        case "tags":
            known = (facts or {}).get("slug")
            return {TAG_LIST} | ({tag(known)} if known else set())
        case "slug_redirects":
            return _redirect_tags(facts)
        case "media":
            return {media(change.id)}
        case "sections":
            return {SECTIONS}
        case "ad_slots":
            return {AD_SLOTS}
        case "fronts":
            return {FRONTS} if facts is None else {front(facts.get("section"))}
    return set()


def _redirect_tags(facts: dict[str, object] | None) -> set[str]:
    """An old slug that now leads elsewhere (or nowhere) changes what a lookup of it says."""
    if facts is None:
        return set()  # a removed redirect is reported with its facts (SlugRedirects.forget)
    old = str(facts.get("slug"))
    match facts.get("kind"):
        case "TAG":
            return {tag(old)}
        case "AUTHOR":
            return {author_slug(old)}
    return {slug(old)}


_GONE = (model.EventType.ARTICLE_UNPUBLISHED, model.EventType.ARTICLE_TAKEN_DOWN)
_COLLECTIONS = {
    model.AggregateKind.ARTICLE: "live_articles",
    model.AggregateKind.MEDIA: "media",
    model.AggregateKind.SECTION: "sections",
    model.AggregateKind.AUTHOR: "authors",
    model.AggregateKind.FRONT: "fronts",
    model.AggregateKind.AD_SLOT: "ad_slots",
    model.AggregateKind.TAG: "tags",
}


def tags_for_event(event: model.Event) -> set[str]:
    """What a public event made stale: the tags ``tags_for_change`` gives the write behind it
    (the CDN purge, a subscriber of the outbox, sends these). A story taken off also names
    the pictures readers lost with it, a story whose slug changed its old slug, and a tag
    merged into another both tags (``tag:<old>`` and ``tag:<new>``)."""
    if not event.public:
        return set()
    payload, kind = event.payload, event.aggregate.kind
    facts: dict[str, object] | None = None
    if kind is model.AggregateKind.ARTICLE and event.type not in _GONE:
        facts = {key: payload.get(key) for key in ("slug", "section")}
        facts["tags"] = list(payload.get("tags") or ())
        facts["author_ids"] = list(payload.get("author_ids") or ())
    elif kind is model.AggregateKind.AUTHOR and not payload.get("deleted"):
        facts = {"slug": payload.get("slug")}
    elif kind is model.AggregateKind.FRONT:
        facts = {"section": payload.get("section")}
    elif kind is model.AggregateKind.TAG:
        facts = {"slug": payload.get("slug")}
    tags = tags_for_change(Change(_COLLECTIONS[kind], event.aggregate.id, facts))
    if payload.get("old_slug"):
        tags.add(slug(str(payload["old_slug"])))
    if payload.get("merged_into"):
        tags.add(tag(str(payload["merged_into"])))
    tags |= {media(asset_id) for asset_id in payload.get("withdrawn_media_ids") or ()}
    return tags


@dataclass(slots=True)
class Tags:
    """What one answer was built from, and whether it may be kept at all."""

    seen: set[str] = field(default_factory=set)
    # When the answer stops being true without any write: a shown asset's rights expire.
    fresh_until: datetime | None = None
    # A preview shows unpublished work: never cached, never shared.
    private: bool = False

    def add(self, *tags: str) -> None:
        self.seen.update(tags)

    def extend(self, tags: Iterable[str]) -> None:
        self.seen.update(tags)

    def expire_by(self, when: datetime) -> None:
        """The answer may be kept no later than ``when``."""
        if self.fresh_until is None or when < self.fresh_until:
            self.fresh_until = when

    def keep_private(self) -> None:
        """This answer is for its one caller: no cache may keep it."""
        self.private = True
