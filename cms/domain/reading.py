"""What readers may see: live stories by slug and in newest-first pages, and public media.

Pages are keyset-paginated on ``(published_at, id)``, so a cursor stays correct while stories
are published in between and two stories published in the same instant are both listed once.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from cms import model
from cms.domain import security
from cms.errors import BadUserInput, TakenDown
from cms.store import LiveFilter, Store, StoryPage, WorkingFilter
from cms.store.media import words

DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class PageRequest:
    """``first`` and ``after`` as a client sent them, checked against the page-size limit."""

    first: int | None
    after: str | None
    max_size: int

    def size(self) -> int:
        first = DEFAULT_PAGE_SIZE if self.first is None else self.first
        if not 0 <= first <= self.max_size:
            raise BadUserInput(
                f"first must be between 0 and {self.max_size}; got {first}.",
                argument="first",
                max=self.max_size,
            )
        return min(first, self.max_size)

    def position(self) -> tuple[datetime, str] | None:
        return None if self.after is None else decode_cursor(self.after)


@dataclass(frozen=True, slots=True)
class Page:
    articles: list[model.Article]
    has_next_page: bool


def encode_cursor(article: model.Article) -> str:
    """A live story's place in newest-first order."""
    return encode_position(article.published_at or article.updated_at, article.id)


def encode_position(when: datetime, item_id: str) -> str:
    raw = f"{when.isoformat()}|{item_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        published_at, article_id = base64.urlsafe_b64decode(padded).decode().split("|")
        when = datetime.fromisoformat(published_at)
        if when.tzinfo is None or len(article_id) != 24:
            raise ValueError(cursor)
        int(article_id, 16)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadUserInput("after is not a cursor this API issued.", argument="after") from None
    return when, article_id


async def live_page(
    store: Store,
    live_filter: LiveFilter | None,
    request: PageRequest,
    *,
    fields: Collection[str] | None = None,
) -> Page:
    """One page of live stories as teasers (no body), newest first, plus whether another page
    follows; read with only ``fields`` of each story when the caller knows what it shows.

    A ``None`` filter matches nothing (a list by an author slug that names nobody).
    """
    size = request.size()
    position = request.position()
    if size == 0 or live_filter is None:
        return Page([], has_next_page=False)
    articles = await store.live_articles.page(
        live_filter, limit=size + 1, after=position, fields=fields
    )
    return Page(articles[:size], has_next_page=len(articles) > size)


async def live_article(store: Store, slug: str) -> model.Article | None:
    return await store.live_articles.by_slug(slug)


async def live_story_page(store: Store, slug: str) -> StoryPage | None:
    """A live story with its authors and pictures, for a story page."""
    return await store.live_articles.story_page(slug)


async def author(store: Store, slug: str) -> model.Author | None:
    """An author as readers see them: without the contact address the newsroom keeps."""
    return await store.authors.public_by_slug(slug)


async def sections(store: Store) -> list[model.Section]:
    return await store.sections.all()


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
    wanted = _search_words(search)
    author_id = None
    if author is not None:
        found = await store.authors.by_slug(author)
        if found is None:
            return None
        author_id = found.id
    return WorkingFilter(
        status=status, section=section, author_id=author_id, owner_id=owner_id, words=wanted
    )


def _search_words(search: str | None) -> tuple[str, ...]:
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


async def working_page(store: Store, wanted: WorkingFilter | None, request: PageRequest) -> Page:
    """Working copies for the budget, most recently changed first."""
    size = request.size()
    position = request.position()
    if size == 0 or wanted is None:
        return Page([], has_next_page=False)
    articles = await store.articles.page(wanted, limit=size + 1, after=position)
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
