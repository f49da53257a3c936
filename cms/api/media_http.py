"""Original media files over HTTP: ``GET /media/{key}``, withdrawn when their rights end.

A file is served only while some asset holding it may still be shown, so a picture's rights
expiring takes it off the site everywhere, not only out of the API's answers. Like the
renditions it answers with headers a CDN can act on: a strong ETag (the key is the file's
content hash), a ``Cache-Control`` that lasts no longer than the rights, and
``Surrogate-Key``/``Cache-Tag`` naming its assets, which a change to one of them purges.

    404 NOT_FOUND   no asset keeps a file with this key
    410 GONE        the rights of every asset holding it have expired
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from cms import model
from cms.api.cache import header_tag
from cms.api.loaders import MEDIA_TAG
from cms.config import Settings
from cms.domain import media
from cms.errors import error_body
from cms.store import Store
from cms.store.files import LocalMediaFiles

PATH = "/media/{key}"
YEAR = 31_536_000


def problem(status: int, code: str, message: str, **headers: str) -> Response:
    """An error answer in the API's one shape, never cached."""
    return JSONResponse(error_body(code, message), status, {"cache-control": "no-store", **headers})


def cache_headers(assets: Iterable[model.MediaAsset], *, now: datetime) -> dict[str, str]:
    """What browsers and CDNs are told about a file these assets show.

    Kept for a year and ``immutable`` (the URL changes with the bytes) unless rights end
    sooner; tagged with each asset so a CDN purges it when the asset changes.
    """
    held = list(assets)
    seconds = media.keepable_for(held, now=now, longest=YEAR)
    tags = sorted(header_tag(MEDIA_TAG.format(asset.id)) for asset in held)
    return {
        "cache-control": f"public, max-age={seconds}" + (", immutable" if seconds == YEAR else ""),
        "surrogate-key": " ".join(tags),
        "cache-tag": ",".join(tags),
    }


def not_modified(request: Request, etag: str) -> bool:
    wanted = {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}
    return etag in wanted or "*" in wanted


def original_endpoint(settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    """The request handler for ``PATH``, for the app's routes."""
    files = LocalMediaFiles(settings.media_dir)

    async def serve(request: Request) -> Response:
        key: str = request.path_params["key"]
        store: Store = request.state.store
        clock: Callable[[], datetime] = request.state.clock
        now = clock()
        holders = await store.media.holding_file(key)
        if not holders:
            return problem(404, "NOT_FOUND", "There is no such media file.")
        usable = [asset for asset in holders if media.is_usable(asset, now=now)]
        if not usable:
            return problem(410, "GONE", "The rights to this media file have expired.")
        try:
            path = files.path(key)
        except FileNotFoundError:  # a key this file store could not have made
            path = None
        if path is None or not path.is_file():
            return problem(404, "NOT_FOUND", "There is no such media file.")
        headers = {"etag": f'"{key}"', **cache_headers(usable, now=now)}
        if not_modified(request, headers["etag"]):
            return Response(status_code=304, headers=headers)
        return FileResponse(path, media_type=usable[0].mime_type, headers=headers)

    return serve
