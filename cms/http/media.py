"""Original media files over HTTP: ``GET /media/{key}``, for readers while delivery shows them.

A file is served to anyone only while an asset keeping it is one the delivery API could show
(a live story or an author shows it, and its rights last). An editor's session, or a preview
token (``?preview=``) for a story that shows it, opens the others, answered ``private,
no-store`` and without CDN tags. The editors' API gives its files under ``/admin/media/``, so
the desk's session cookie (``Path=/admin``) comes with its ``<img>`` requests; both paths follow
the same rules. Public answers carry headers a CDN can act on: a strong ETag (the key is the
file's content hash), a ``Cache-Control`` that lasts no longer than the rights, and
``Surrogate-Key``/``Cache-Tag`` naming its assets, which a change to one of them purges.

    404 NOT_FOUND   no such file, or none this asker may have: the same answer either way
    410 GONE        the rights of every asset keeping it, that the asker may see, have expired
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from datetime import datetime

from starlette.concurrency import iterate_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse

from cms import model
from cms.api import cache_tags
from cms.api.cache import header_tag
from cms.api.media_links import EDITORS_MEDIA_PATH, MEDIA_PATH, PREVIEW_PARAM
from cms.config import Settings
from cms.domain import media, media_access
from cms.domain.media_access import Access, Decision, Viewer
from cms.errors import ErrorCode, error_body
from cms.http.auth import principal_of
from cms.http.conditional import none_match
from cms.store import Store
from cms.store.files import MediaFiles, StoredFile
from cms.store.media import Holding

PATH = MEDIA_PATH
EDITORS_PATH = EDITORS_MEDIA_PATH
YEAR = 31_536_000
PRIVATE = {"cache-control": "private, no-store"}


def problem(status: int, code: ErrorCode, message: str, **headers: str) -> Response:
    """An error answer in the API's one shape, never cached."""
    return JSONResponse(error_body(code, message), status, {"cache-control": "no-store", **headers})


def hidden() -> Response:
    """The one answer for an unknown file and one the asker may not have."""
    return problem(404, ErrorCode.NOT_FOUND, "There is no such media file.")


def cache_headers(assets: Iterable[model.MediaAsset], *, now: datetime) -> dict[str, str]:
    """What browsers and CDNs are told about a file these assets show to anyone.

    Kept for a year and ``immutable`` (the URL changes with the bytes) unless rights end
    sooner; tagged with each asset so a CDN purges it when the asset changes.
    """
    held = list(assets)
    seconds = media.keepable_for(held, now=now, longest=YEAR)
    tags = sorted(header_tag(cache_tags.media(asset.id)) for asset in held)
    return {
        "cache-control": f"public, max-age={seconds}" + (", immutable" if seconds == YEAR else ""),
        "surrogate-key": " ".join(tags),
        "cache-tag": ",".join(tags),
    }


def answer_headers(decision: Decision, *, now: datetime) -> dict[str, str]:
    """Public answers may be kept by anyone; an editor's or a preview's by nobody."""
    if decision.access is Access.PUBLIC:
        return cache_headers(decision.assets, now=now)
    return dict(PRIVATE)


async def viewer(request: Request) -> Viewer:
    """Who asks for a file: an editor's session, a preview token in the URL, or a reader."""
    settings: Settings = request.state.settings
    story = media_access.previewed_story(
        request.query_params.get(PREVIEW_PARAM),
        secret=settings.secret_key.get_secret_value(),
        now=request.state.clock(),
    )
    principal, _ = await principal_of(request, reading_a_file=True)
    return Viewer(principal=principal, preview_of=story)


async def decide(request: Request, held: Sequence[Holding]) -> Decision:
    """What the asker may have of these assets' file; who asks is looked up only if needed."""
    store: Store = request.state.store
    return await media_access.decide(
        store, held, viewer=lambda: viewer(request), now=request.state.clock()
    )


def not_modified(request: Request, etag: str) -> bool:
    """Whether the client's copy is current (RFC 9110's If-None-Match, compared weakly)."""
    return none_match(request.headers.get("if-none-match"), etag)


def original_endpoint() -> Callable[[Request], Awaitable[Response]]:
    """The request handler for ``PATH`` and ``EDITORS_PATH``, for the app's routes."""

    async def serve(request: Request) -> Response:
        key: str = request.path_params["key"]
        store: Store = request.state.store
        files: MediaFiles = request.state.files
        decision = await decide(request, await store.media.holding_file(key))
        if decision.access is Access.HIDDEN:
            return hidden()
        if decision.access is Access.GONE:
            return problem(410, ErrorCode.GONE, "The rights to this media file have expired.")
        stored = await asyncio.to_thread(files.find, key)
        if stored is None:
            return hidden()
        now = request.state.clock()
        headers = {"etag": f'"{key}"', **answer_headers(decision, now=now)}
        if not_modified(request, headers["etag"]):
            return Response(status_code=304, headers=headers)
        media_type = decision.assets[0].mime_type
        if stored.path is not None:
            return FileResponse(stored.path, media_type=media_type, headers=headers)
        return await streamed(request, files, stored, media_type=media_type, headers=headers)

    return serve


async def streamed(
    request: Request,
    files: MediaFiles,
    stored: StoredFile,
    *,
    media_type: str,
    headers: dict[str, str],
) -> Response:
    """A file from a remote store, read a chunk at a time in a worker thread, with what
    ``FileResponse`` gives a file on disk: ``Accept-Ranges``, one byte range (``Range``,
    ``If-Range``; several ranges get the whole file, which RFC 9110 allows), 416 for a range
    past the end, and headers alone for HEAD."""
    headers = {**headers, "accept-ranges": "bytes"}
    start, end, status = 0, stored.size, 200
    asked = request.headers.get("range")
    if asked is not None and request.headers.get("if-range", headers["etag"]) == headers["etag"]:
        try:
            span = byte_range(asked, stored.size)
        except RangeNotSatisfiable:
            return Response(status_code=416, headers={"content-range": f"bytes */{stored.size}"})
        if span is not None:
            start, end, status = span[0], span[1], 206
            headers["content-range"] = f"bytes {start}-{end - 1}/{stored.size}"
    headers["content-length"] = str(end - start)
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers, media_type=media_type)
    chunks = files.chunks(stored.key, start=start, end=end)
    # The first chunk is read before answering, so a store that fails fails the answer (503)
    # rather than cutting a 200 short; the rest follow, each read in a worker thread.
    first = await asyncio.to_thread(next, chunks, b"")

    async def body() -> AsyncIterator[bytes]:
        yield first
        async for chunk in iterate_in_threadpool(chunks):
            yield chunk

    return StreamingResponse(body(), status_code=status, headers=headers, media_type=media_type)


class RangeNotSatisfiable(Exception):
    """The range asked for starts past the end of the file."""


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The one range ``Range: bytes=…`` asks for, as (start, end exclusive), or ``None`` for
    a header we do not serve in part (malformed, another unit, several ranges): the whole
    file then."""
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = (part.strip() for part in spec.partition("-"))
    if not dash or not (first.isdigit() or (not first and last.isdigit())):
        return None
    if not first:  # the last N bytes
        if int(last) == 0 or size == 0:
            raise RangeNotSatisfiable
        return (max(0, size - int(last)), size)
    start = int(first)
    if start >= size:
        raise RangeNotSatisfiable
    if not last:
        return (start, size)
    if not last.isdigit() or int(last) < start:
        return None
    return (start, min(size, int(last) + 1))
