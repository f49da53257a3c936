"""Renditions over HTTP: ``GET /renditions/{asset id}/{version}/{spec}?sig=…``.

A rendition is served only when its URL carries our signature or asks for a plain width the
site allows (``CMS_RENDITION_WIDTHS``, at a quality of ``CMS_RENDITION_QUALITIES``), so nobody
can make the server render variants without bound, and only to whoever may have the picture
(see ``media_http``): anyone while delivery could show it, an editor's session or a preview
token for a story showing it otherwise (the desk's URLs are under ``/admin/renditions/``,
where its session cookie goes). Rendering runs in a worker thread, a few at a time, from the
original in the app's file store (a directory, or the bucket every instance shares); each
variant is kept on this machine's disk (a cache bounded in bytes, least recently used first,
that loses a picture's variants when it is deleted or its rights end: ``on_change`` hears of
deletions from every process) and served to readers with
a strong ETag and an immutable Cache-Control, which is safe because the URL's version changes
whenever the file or the focal point does; a picture whose rights end sooner is kept no
longer than that, and ``Surrogate-Key`` names it for a CDN purge. An editor's or a preview's
answer is ``private, no-store``. A URL with an older version is redirected to the current
one, for an asker who may have the picture.

    400 INVALID_RENDITION   the spec is malformed or not in its canonical form
    403 FORBIDDEN           neither signed nor an allowed width at an allowed quality
    404 NOT_FOUND           no such picture, or none this asker may have: the same answer
    410 GONE                the picture's rights have expired
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import datetime

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from cms import model
from cms.api.media_links import (
    EDITORS_PREFIX,
    EDITORS_RENDITION_PATH,
    PREVIEW_PARAM,
    RENDITION_PATH,
    SIGNATURE_PARAM,
    rendition_address,
)
from cms.config import Settings
from cms.domain import media
from cms.domain.media_access import Access, Decision
from cms.domain.renditions import RenditionSpec, parse_spec
from cms.errors import BadUserInput, ErrorCode
from cms.http.media import answer_headers, decide, not_modified, problem
from cms.store import Change, Store
from cms.store.collections import MEDIA
from cms.store.files import MediaFiles, RenditionCache
from cms.store.media import Holding

PATH = RENDITION_PATH
EDITORS_PATH = EDITORS_RENDITION_PATH


def _hidden() -> Response:
    """The one answer for an unknown picture and one the asker may not have."""
    return problem(404, ErrorCode.NOT_FOUND, "There is no such picture.")


class RenditionEndpoint:
    """Serves renditions for one app: its cache, its render slots, its settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.cache = RenditionCache(
            settings.renditions_dir, max_bytes=settings.rendition_cache_bytes
        )
        self.allowed_widths = frozenset(settings.rendition_widths)
        self.allowed_qualities = frozenset(settings.rendition_qualities)
        self._slots = asyncio.Semaphore(settings.rendition_workers)

    async def serve(self, request: Request) -> Response:
        """The request handler for ``PATH`` and ``EDITORS_PATH``, for the app's routes."""
        asset_id, version = request.path_params["asset_id"], request.path_params["version"]
        try:
            spec = parse_spec(request.path_params["spec"])
        except BadUserInput as error:
            return problem(400, ErrorCode.INVALID_RENDITION, error.message)
        signature = request.query_params.get(SIGNATURE_PARAM)
        if not self._may_render(asset_id, version, spec, signature):
            return problem(403, ErrorCode.FORBIDDEN, "Ask for a signed URL or an allowed width.")
        decision = await decide(request, await self._picture(request.state.store, asset_id))
        if decision.access is Access.HIDDEN:
            return _hidden()
        if decision.access is Access.GONE:
            await asyncio.to_thread(self.cache.drop, asset_id)
            return problem(410, ErrorCode.GONE, "The rights to this picture have expired.")
        asset = decision.assets[0]
        if version != media.rendition_version(asset):
            return self._to_current(request, asset, spec, decision)
        now = request.state.clock()
        data = await self._rendition(request.state.files, asset, spec, now=now)
        return _rendition_response(request, data, spec, answer_headers(decision, now=now))

    def _may_render(
        self, asset_id: str, version: str, spec: RenditionSpec, signature: str | None
    ) -> bool:
        return media.may_render(
            asset_id,
            version,
            spec,
            signature=signature,
            secret=self.settings.secret_key.get_secret_value(),
            allowed_widths=self.allowed_widths,
            allowed_qualities=self.allowed_qualities,
        )

    async def _picture(self, store: Store, asset_id: str) -> list[Holding]:
        """The picture with this id, if it is one we can render."""
        try:
            held = await store.media.holding_asset(asset_id)
        except BadUserInput:  # not an id at all
            return []
        return [h for h in held if media.can_render(h.asset)]

    def _to_current(
        self, request: Request, asset: model.MediaAsset, spec: RenditionSpec, decision: Decision
    ) -> Response:
        """The picture was re-cropped or replaced since this URL was made: send to the new one
        (only an asker who may have it learns that it exists)."""
        address = rendition_address(
            self.settings,
            asset.id,
            media.rendition_version(asset),
            spec,
            signed=SIGNATURE_PARAM in request.query_params,
            desk=request.url.path.startswith(EDITORS_PREFIX + "/"),
            preview=request.query_params.get(PREVIEW_PARAM),
        )
        cache = "no-cache" if decision.access is Access.PUBLIC else "private, no-store"
        return RedirectResponse(address, 307, {"cache-control": cache})

    def on_change(self, change: Change) -> None:
        """A picture deleted (here or by another process): its variants go from this cache."""
        if change.collection == MEDIA and change.facts is None:
            self.cache.drop(change.id)

    async def _rendition(
        self, files: MediaFiles, asset: model.MediaAsset, spec: RenditionSpec, *, now: datetime
    ) -> bytes:
        cached = await asyncio.to_thread(media.cached_rendition, self.cache, asset, spec)
        if cached is not None:
            return cached
        async with self._slots:
            return await asyncio.to_thread(
                media.make_rendition,
                files,
                self.cache,
                asset,
                spec,
                max_pixels=self.settings.max_image_pixels,
                now=now,
            )


def _rendition_response(
    request: Request, data: bytes, spec: RenditionSpec, cache: dict[str, str]
) -> Response:
    headers = {"etag": f'"{hashlib.sha256(data).hexdigest()[:32]}"', **cache}
    if not_modified(request, headers["etag"]):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=spec.format.mime_type, headers=headers)
