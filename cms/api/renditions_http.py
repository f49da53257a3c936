"""Renditions over HTTP: ``GET /renditions/{asset id}/{version}/{spec}?sig=…``.

A rendition is served only when its URL carries our signature or asks for a plain width the
site allows (``CMS_RENDITION_WIDTHS``), so nobody can make the server render variants without
bound. Rendering runs in a worker thread, a few at a time; each variant is kept on disk and
served with a strong ETag and an immutable Cache-Control, which is safe because the URL's
version changes whenever the file or the focal point does; a picture whose rights end sooner
is kept no longer than that, and ``Surrogate-Key`` names it for a CDN purge. A URL with an
older version is redirected to the current one.

    400 INVALID_RENDITION   the spec is malformed or not in its canonical form
    403 FORBIDDEN           neither signed nor an allowed width
    404 NOT_FOUND           no such picture (or it has no file we could render)
    410 GONE                the picture's rights have expired
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from datetime import datetime

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from cms import model
from cms.api.media_http import cache_headers, not_modified, problem
from cms.config import Settings
from cms.domain import media
from cms.domain.renditions import RenditionSpec, parse_spec
from cms.errors import BadUserInput
from cms.store import Store
from cms.store.files import LocalMediaFiles, RenditionCache

PATH = "/renditions/{asset_id}/{version}/{spec}"


def rendition_url(settings: Settings, asset: model.MediaAsset, spec: RenditionSpec) -> str:
    """The signed address of one rendition of a picture."""
    version = media.rendition_version(asset)
    return _signed_path(settings, asset.id, version, spec)


def _signed_path(settings: Settings, asset_id: str, version: str, spec: RenditionSpec) -> str:
    secret = settings.secret_key.get_secret_value()
    signature = media.rendition_signature(asset_id, version, spec, secret=secret)
    return f"{settings.public_url}/renditions/{asset_id}/{version}/{spec.canonical}?sig={signature}"


class RenditionEndpoint:
    """Serves renditions for one app: its cache, its render slots, its settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.files = LocalMediaFiles(settings.media_dir)
        self.cache = RenditionCache(settings.renditions_dir)
        self.allowed_widths = frozenset(settings.rendition_widths)
        self._slots = asyncio.Semaphore(settings.rendition_workers)

    async def __call__(self, request: Request) -> Response:
        asset_id, version = request.path_params["asset_id"], request.path_params["version"]
        try:
            spec = parse_spec(request.path_params["spec"])
        except BadUserInput as error:
            return problem(400, "INVALID_RENDITION", error.message)
        signature = request.query_params.get("sig")
        if not self._may_render(asset_id, version, spec, signature):
            return problem(403, "FORBIDDEN", "Ask for a signed URL or an allowed width.")
        asset = await self._picture(request.state.store, asset_id)
        if asset is None:
            return problem(404, "NOT_FOUND", "There is no such picture.")
        clock: Callable[[], datetime] = request.state.clock
        if media.rights_expired(asset, now=clock()):
            return problem(410, "GONE", "The rights to this picture have expired.")
        if version != media.rendition_version(asset):
            return self._to_current(asset, spec, signed=signature is not None)
        data = await self._rendition(asset, spec)
        return _rendition_response(request, data, spec, cache_headers([asset], now=clock()))

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
        )

    async def _picture(self, store: Store, asset_id: str) -> model.MediaAsset | None:
        try:
            asset = await store.media.get(asset_id)
        except BadUserInput:  # not an id at all
            return None
        return asset if asset is not None and media.can_render(asset) else None

    def _to_current(
        self, asset: model.MediaAsset, spec: RenditionSpec, *, signed: bool
    ) -> Response:
        """The picture was re-cropped or replaced since this URL was made: send to the new one."""
        version = media.rendition_version(asset)
        if signed:
            url = _signed_path(self.settings, asset.id, version, spec)
        else:
            url = f"{self.settings.public_url}/renditions/{asset.id}/{version}/{spec.canonical}"
        return RedirectResponse(url, 307, {"cache-control": "no-cache"})

    async def _rendition(self, asset: model.MediaAsset, spec: RenditionSpec) -> bytes:
        cached = await asyncio.to_thread(media.cached_rendition, self.cache, asset, spec)
        if cached is not None:
            return cached
        async with self._slots:
            return await asyncio.to_thread(
                media.make_rendition,
                self.files,
                self.cache,
                asset,
                spec,
                max_pixels=self.settings.max_image_pixels,
            )


def _rendition_response(
    request: Request, data: bytes, spec: RenditionSpec, cache: dict[str, str]
) -> Response:
    headers = {"etag": f'"{hashlib.sha256(data).hexdigest()[:32]}"', **cache}
    if not_modified(request, headers["etag"]):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=spec.format.mime_type, headers=headers)


def rendition_endpoint(settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    """The request handler for ``PATH``, for the app's routes."""
    endpoint = RenditionEndpoint(settings)

    async def serve(request: Request) -> Response:
        return await endpoint(request)

    return serve
