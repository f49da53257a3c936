"""What readers may see: live stories by slug and in newest-first pages, and public media.

Pages are keyset-paginated on ``(time, id)`` in their order (first publication by default,
which a republish does not change; or last update), so a cursor stays correct while stories
are published in between and two stories of the same instant are both listed once. A cursor
names its order, and is refused by a list in another one.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from cms import model
from cms.domain import security
from cms.errors import BadUserInput, TakenDown
from cms.store import LiveFilter, LiveOrder, Store, StoryPage, WorkingFilter
from cms.store.media import words

DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class PageRequest:
    """``first``/``after`` (or ``last``/``before``, paging backward) as a client sent them,
    checked against the page-size limit."""

    first: int | None
    after: str | None
    max_size: int
    last: int | None = None
    before: str | None = None

    @property
    def backward(self) -> bool:
        return self.last is not None

    def size(self) -> int:
        if self.first is not None and self.last is not None:
            raise BadUserInput("Give first or last, not both.", argument="last")
        name, size = ("last", self.last) if self.backward else ("first", self.first)
        size = DEFAULT_PAGE_SIZE if size is None else size
        if not 0 <= size <= self.max_size:
            raise BadUserInput(
                f"{name} must be between 0 and {self.max_size}; got {size}.",
                argument=name,
                max=self.max_size,
            )
        return size

    def position(self) -> tuple[datetime, str] | None:
        return None if self.after is None else decode_cursor(self.after)

    def positions(self, order: LiveOrder) -> tuple[Position | None, Position | None]:
        """Where a live list's page starts and ends, from cursors of that order."""
        after = None if self.after is None else decode_cursor(self.after, order=order)
        before = (
            None
            if self.before is None
            else decode_cursor(self.before, order=order, argument="before")
        )
        return after, before


Position = tuple[datetime, str]


@dataclass(frozen=True, slots=True)
class Page:
    articles: list[model.Article]
    has_next_page: bool
    has_previous_page: bool = False


# How a cursor names the order it was made in.
_ORDER_MARKS = {LiveOrder.FIRST_PUBLISHED: "f", LiveOrder.LAST_UPDATED: "u"}


def encode_cursor(article: model.Article, order: LiveOrder = LiveOrder.FIRST_PUBLISHED) -> str:
    """A live story's place in a list of that order."""
    when = getattr(article, order.value) or article.updated_at
    return encode_position(when, article.id, mark=_ORDER_MARKS[order])


def encode_position(when: datetime, item_id: str, *, mark: str | None = None) -> str:
    raw = f"{when.isoformat()}|{item_id}" + ("" if mark is None else f"|{mark}")
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(
    cursor: str, *, order: LiveOrder | None = None, argument: str = "after"
) -> Position:
    """The position a cursor names; a cursor of another list or order is BAD_USER_INPUT."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        when_text, item_id, *mark = base64.urlsafe_b64decode(padded).decode().split("|")
        when = datetime.fromisoformat(when_text)
        if when.tzinfo is None or len(item_id) != 24:
            raise ValueError(cursor)
        int(item_id, 16)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadUserInput(
            f"{argument} is not a cursor this API issued.", argument=argument
        ) from None
    expected = [] if order is None else [_ORDER_MARKS[order]]
    if mark != expected:
        raise BadUserInput(f"{argument} is a cursor of a list in another order.", argument=argument)
    return when, item_id


async def live_page(
    store: Store,
    live_filter: LiveFilter | None,
    request: PageRequest,
    *,
    order: LiveOrder = LiveOrder.FIRST_PUBLISHED,
    fields: Collection[str] | None = None,
    now: datetime | None = None,
) -> Page:
    """One page of live stories as teasers (no body), newest first, and whether pages
    follow and precede it; read with only ``fields`` of each story when the caller knows
    what it shows. ``first: 0`` reads one story to say truly whether a page follows.
    ``now`` places the first time window of a list nothing is known of yet (speed only).

    A ``None`` filter matches nothing (a list by an author slug that names nobody).
    """
    size = request.size()
    after, before = request.positions(order)
    if live_filter is None:
        return Page([], has_next_page=False)
    found = await store.live_articles.page(
        live_filter,
        limit=size + 1,
        after=after,
        before=before,
        order=order,
        backward=request.backward,
        fields=fields,
        now=now,
    )
    more = len(found) > size
    if request.backward:
        stories = list(reversed(found[:size]))
        return Page(stories, has_next_page=before is not None, has_previous_page=more)
    return Page(found[:size], has_next_page=more, has_previous_page=after is not None)


async def count(store: Store, live_filter: LiveFilter | None) -> int:
    """How many live stories a list holds in all."""
    return 0 if live_filter is None else await store.live_articles.count_listed(live_filter)


def subsections(sections: Iterable[model.Section], slug: str) -> tuple[str, ...]:
    """The slugs of a section's subsections at every depth, nearest first."""
    children: dict[str | None, list[str]] = {}
    for section in sections:
        children.setdefault(section.parent, []).append(section.slug)
    found, queue = [], list(children.get(slug, ()))
    while queue:
        child = queue.pop(0)
        if child not in found and child != slug:
            found.append(child)
            queue.extend(children.get(child, ()))
    return tuple(found)


def ancestors(sections: Iterable[model.Section], slug: str) -> list[model.Section]:
    """A section's parents from the top down to its own parent: its breadcrumbs."""
    by_slug = {section.slug: section for section in sections}
    found: list[model.Section] = []
    parent = by_slug[slug].parent if slug in by_slug else None
    while parent is not None and parent in by_slug and by_slug[parent] not in found:
        found.insert(0, by_slug[parent])
        parent = by_slug[parent].parent
    return found


async def live_article(store: Store, slug: str) -> model.Article | None:
    return await store.live_articles.by_slug(slug)


async def sharing_tags(
    store: Store, story: model.Article, *, limit: int
) -> list[tuple[str, tuple[str, ...]]]:
    """The newest live stories sharing a tag with ``story`` (not itself): ids and tags."""
    return await store.live_articles.sharing_tags(story.tags, except_id=story.id, limit=limit)


async def live_story_page(store: Store, slug: str) -> StoryPage | None:
    """A live story with its pictures, for a story page."""
    return await store.live_articles.story_page(slug)


async def author(store: Store, slug: str) -> model.Author | None:
    """An author as readers see them: without the contact address the newsroom keeps."""
    return await store.authors.public_by_slug(slug)


async def renamed_author(store: Store, old_slug: str) -> model.Author | None:
    """The author (as readers see them) whose slug ``old_slug`` was, when it has changed."""
    redirect = await store.slug_redirects.of(model.RedirectKind.AUTHOR, old_slug)
    if redirect is None:
        return None
    found = await store.authors.public_by_ids([redirect.target_id])
    now = found.get(redirect.target_id)
    return None if now is None or now.slug == old_slug else now


async def sections(store: Store) -> list[model.Section]:
    return await store.sections.all()


async def tags(store: Store, slugs: Sequence[str]) -> list[model.Tag]:
    """The tags a story names, in its order; a slug with no tag document (content tagged
    before tags were things) reads as a tag named by its slug."""
    found = await store.tags.by_slugs(slugs)
    return [found.get(slug) or stand_in_tag(slug) for slug in slugs]


async def live_slug(store: Store, article_id: str) -> str | None:
    """The slug a story is live under (for a path that names the story by its id)."""
    if not _is_id(article_id):
        return None
    return await store.live_articles.slug_of(article_id)


def _is_id(text: str) -> bool:
    return len(text) == 24 and all(c in "0123456789abcdef" for c in text)


async def moved_story(store: Store, old_slug: str) -> str | None:
    """The slug a live story has now, when ``old_slug`` was its slug once; else ``None``."""
    redirect = await store.slug_redirects.of(model.RedirectKind.ARTICLE, old_slug)
    if redirect is None:
        return None
    now_at = await store.live_articles.slug_of(redirect.target_id)
    return None if now_at == old_slug else now_at


async def public_tag(store: Store, slug: str) -> model.Tag | None:
    """A tag as readers see it: only while a published story names it (a tag typed on a
    draft must not be found before the story is out)."""
    if not await store.live_articles.tag_uses([slug], limit=1):
        return None
    return await store.tags.by_slug(slug) or stand_in_tag(slug)


async def merged_into(store: Store, slug: str) -> model.Tag | None:
    """The public tag a merged tag's slug leads to, if any."""
    redirect = await store.slug_redirects.of(model.RedirectKind.TAG, slug)
    if redirect is None:
        return None
    target = await store.tags.get(redirect.target_id)
    return None if target is None else await public_tag(store, target.slug)


async def public_tags(store: Store, request: PageRequest) -> tuple[list[model.Tag], bool]:
    """A page of the tags published stories name, by slug, and whether more follow."""
    size = request.size()
    after = None if request.after is None else decode_slug_cursor(request.after)
    found: list[model.Tag] = []
    while len(found) <= size:
        batch = await store.tags.page(limit=size + 1, after=after)
        if not batch:
            break
        used = await store.live_articles.tags_in_use([t.slug for t in batch])
        found += [t for t in batch if t.slug in used]
        after = batch[-1].slug
    return found[:size], len(found) > size


async def authors(store: Store, request: PageRequest) -> tuple[list[model.Author], bool]:
    """A page of the newsroom's authors, by slug, as readers see them, and whether more
    follow."""
    size = request.size()
    after = None if request.after is None else decode_slug_cursor(request.after)
    found = await store.authors.public_page(limit=size + 1, after=after)
    return found[:size], len(found) > size


def encode_slug_cursor(slug: str) -> str:
    """A place in a list by slug (tags, authors)."""
    return base64.urlsafe_b64encode(f"slug|{slug}".encode()).decode().rstrip("=")


def decode_slug_cursor(cursor: str) -> str:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        mark, slug = base64.urlsafe_b64decode(padded).decode().split("|", 1)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        mark, slug = "", ""
    if mark != "slug" or not slug:
        raise BadUserInput("after is not a cursor of this list.", argument="after")
    return slug


# The instant a tag read from a bare slug says it was made: none is known.
_UNKNOWN_TIME = datetime(1970, 1, 1, tzinfo=UTC)


def stand_in_tag(slug: str) -> model.Tag:
    """A tag only stories name, with no document of its own: named by its slug."""
    return model.Tag(
        id="0" * 24, slug=slug, name=slug, created_at=_UNKNOWN_TIME, updated_at=_UNKNOWN_TIME
    )


async def public_media(store: Store, asset_id: str) -> model.MediaAsset | None:
    """An asset, once a live story shows it or it is an author's portrait; else nothing.

    Pictures uploaded for a story still in draft must not be found by guessing their ids.
    """
    held = await store.media.holding_asset(asset_id)
    return held[0].asset if held and held[0].published else None


# The longest search the budget takes: a few words of a headline, never a paragraph.
MAX_SEARCH_CHARS = 200
MAX_SEARCH_WORDS = 10


async def working_filter(
    store: Store,
    *,
    status: model.Status | None = None,
    section: str | None = None,
    author: str | None = None,
    owner_id: str | None = None,
    search: str | None = None,
) -> WorkingFilter | None:
    """The budget's filter from what a client sent; ``None`` when an author slug names nobody
    (nothing matches). ``owner_id``: only stories that user created ("mine")."""
    wanted = search_words(search)
    author_id = None
    if author is not None:
        found = await store.authors.by_slug(author)
        if found is None:
            return None
        author_id = found.id
    return WorkingFilter(
        status=status, section=section, author_id=author_id, owner_id=owner_id, words=wanted
    )


def search_words(search: str | None) -> tuple[str, ...]:
    """The words of a desk's search, lowercased; a search too long is refused."""
    if search is None:
        return ()
    if len(search) > MAX_SEARCH_CHARS:
        raise BadUserInput(
            f"search is longer than {MAX_SEARCH_CHARS} characters.", argument="search"
        )
    found = tuple(words(search))
    if len(found) > MAX_SEARCH_WORDS:
        raise BadUserInput(f"search has more than {MAX_SEARCH_WORDS} words.", argument="search")
    return found


async def working_page(
    store: Store,
    wanted: WorkingFilter | None,
    request: PageRequest,
    *,
    now: datetime | None = None,
) -> Page:
    """Working copies for the budget, most recently changed first."""
    size = request.size()
    position = request.position()
    if size == 0 or wanted is None:
        return Page([], has_next_page=False)
    articles = await store.articles.page(wanted, limit=size + 1, after=position, now=now)
    return Page(articles[:size], has_next_page=len(articles) > size)


async def counts_by_status(store: Store, wanted: WorkingFilter | None) -> dict[model.Status, int]:
    """How many working copies match in each status, every status named (zeros too); the
    filter's own status is ignored, so a budget's tabs show them all."""
    found = {} if wanted is None else await store.articles.count_by_status(wanted)
    return {status: found.get(status, 0) for status in model.Status}


async def taken_down(store: Store, slug: str) -> bool:
    """Whether the slug belonged to a story that was taken down (and must stay down)."""
    return await store.articles.taken_down_under(slug)


async def preview_article(
    store: Store, *, slug: str, token: str, secret: str, now: datetime
) -> model.Article | None:
    """The working copy a preview token was minted for, and only that story."""
    claims = security.verify(token, secret=secret, audience=security.PREVIEW, now=now)
    article = await store.articles.get(claims.subject)
    if article is None or article.slug != slug:
        return None
    if article.was_taken_down:  # a token minted before the take-down shows nothing
        raise TakenDown("This story was taken down.", slug=slug)
    return article
