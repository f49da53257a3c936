"""What the plain routes for feeds, sitemaps and ninjs share: the site's description, and
answers cached, tagged and made conditional as the delivery API's are.

Each answer is kept in the delivery response cache under its path and query, tagged with
what it was built from (``cms.api.cache_tags``), so the writes that purge delivery answers
purge these too (and the CDN, through the purge webhook, by the same ``Surrogate-Key``s); it
carries a weak ETag (``If-None-Match`` gets 304) and the delivery API's ``Cache-Control``,
cut short when a picture it shows loses its rights sooner.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response

from cms.api import cache
from cms.api.media_links import PictureAddresses, rendition_sizes
from cms.domain.structured_data import Site
from cms.domain.syndication import Publisher
from cms.domain.urls import Paths
from cms.errors import ErrorCode, error_body
from cms.http.conditional import none_match, weak_tag
from cms.http.delivery import DeliveryState, cache_control

XML = "application/xml"
JSON = "application/json"


class Refused(Exception):
    """A request a syndication route cannot answer: its status, code and message."""

    def __init__(self, status: int, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def not_found(message: str) -> Refused:
    return Refused(404, ErrorCode.NOT_FOUND, message)


@dataclass(slots=True)
class Built:
    """One answer: its bytes and type, what it was built from, and until when it holds."""

    body: bytes
    tags: set[str] = field(default_factory=set)
    fresh_until: datetime | None = None

    def expire_by(self, when: datetime | None) -> None:
        if when is not None and (self.fresh_until is None or when < self.fresh_until):
            self.fresh_until = when


async def site_of(state: DeliveryState) -> Site:
    """The site as this process knows it now (sections from the in-memory catalogue)."""
    settings = state.settings
    return Site(
        publisher=Publisher.from_settings(settings),
        paths=Paths.from_settings(settings),
        sections=await state.catalogues.all_sections(),
        links=PictureAddresses(settings),
        sizes=rendition_sizes(settings),
    )


def refusal(error: Refused) -> Response:
    return Response(
        json.dumps(error_body(error.code, error.message)).encode(),
        status_code=error.status,
        media_type=JSON,
        headers={"Cache-Control": "no-store"},
    )


def _key(request: Request) -> str:
    raw = json.dumps(["syndication", request.url.path, sorted(request.query_params.multi_items())])
    return hashlib.sha256(raw.encode()).hexdigest()


async def answer(
    request: Request, media_type: str, build: Callable[[], Awaitable[Built]]
) -> Response:
    """The cached answer for this path and query, or a new one built, kept and tagged."""
    state: DeliveryState = request.state.delivery
    now: datetime = request.state.clock()
    key = _key(request)
    responses = state.responses
    entry = None if responses is None else responses.get(key, now=now)
    hit = entry is not None
    if entry is None:
        generation = -1 if responses is None else responses.generation
        try:
            built = await build()
        except Refused as error:
            return refusal(error)
        entry = cache.Entry.build(
            built.body,
            etag=weak_tag(hashlib.sha256(built.body).hexdigest()[:40]),
            tags=frozenset(built.tags),
            fresh_until=built.fresh_until,
        )
        if responses is not None:
            responses.put(key, entry, generation=generation)
    headers = {
        "ETag": entry.etag,
        "Cache-Control": cache_control(state.settings, entry.fresh_until, now=now),
        "Surrogate-Key": entry.surrogate_key,
        "Cache-Tag": entry.cache_tag,
        "X-Cache": "HIT" if hit else "MISS",
        "Vary": "Accept-Encoding",
    }
    if none_match(request.headers.get("if-none-match"), entry.etag):
        return Response(status_code=304, headers=headers)
    return Response(entry.body, headers=headers, media_type=media_type)
