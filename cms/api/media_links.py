"""The addresses of media files and renditions: built here, for the APIs and the routes alike.

Readers' addresses are ``/media/…`` and ``/renditions/…``. The editors' API gives the same
under ``/admin``, where the desk's session cookie (``Path=/admin``) goes with an ``<img>``
request. A preview's answer adds its token (``?preview=``), which opens the pictures of the
one story it was minted for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from cms import model
from cms.config import Settings
from cms.domain import media
from cms.domain.renditions import RenditionSizes, RenditionSpec

EDITORS_PREFIX = "/admin"
MEDIA_PATH = "/media/{key}"
RENDITION_PATH = "/renditions/{asset_id}/{version}/{spec}"
EDITORS_MEDIA_PATH = EDITORS_PREFIX + MEDIA_PATH
EDITORS_RENDITION_PATH = EDITORS_PREFIX + RENDITION_PATH
PREVIEW_PARAM = "preview"
SIGNATURE_PARAM = "sig"


@dataclass(slots=True)
class MediaLinks:
    """How one answer addresses media: for readers, for the desk, or for one preview (its
    token is learnt while the answer is resolved, hence mutable)."""

    desk: bool = False
    preview_token: str | None = None

    def file(self, settings: Settings, key: str) -> str:
        return _with_query(f"{self._base(settings)}/media/{key}", self._query())

    def rendition(self, settings: Settings, asset: model.MediaAsset, spec: RenditionSpec) -> str:
        """The signed address of one rendition of a picture."""
        version = media.rendition_version(asset)
        return rendition_address(
            settings,
            asset.id,
            version,
            spec,
            signed=True,
            desk=self.desk,
            preview=self.preview_token,
        )

    def _base(self, settings: Settings) -> str:
        return settings.public_url + (EDITORS_PREFIX if self.desk else "")

    def _query(self) -> dict[str, str]:
        return {} if self.preview_token is None else {PREVIEW_PARAM: self.preview_token}


def rendition_sizes(settings: Settings) -> RenditionSizes:
    """The renditions this site signs URLs for, from its settings."""
    ratios = tuple(
        (int(width), int(height))
        for width, height in (ratio.split(":") for ratio in settings.rendition_ratios)
    )
    return RenditionSizes(
        widths=frozenset(settings.rendition_widths),
        heights=frozenset(settings.rendition_heights),
        ratios=ratios,
        qualities=frozenset(settings.rendition_qualities),
        step=settings.rendition_size_step,
    )


def rendition_address(
    settings: Settings,
    asset_id: str,
    version: str,
    spec: RenditionSpec,
    *,
    signed: bool,
    desk: bool,
    preview: str | None,
) -> str:
    """A rendition's address: signed or a plain allowed width, for readers or the desk."""
    query: dict[str, str] = {}
    if signed:
        secret = settings.secret_key.get_secret_value()
        query[SIGNATURE_PARAM] = media.rendition_signature(asset_id, version, spec, secret=secret)
    if preview is not None:
        query[PREVIEW_PARAM] = preview
    prefix = settings.public_url + (EDITORS_PREFIX if desk else "")
    return _with_query(f"{prefix}/renditions/{asset_id}/{version}/{spec.canonical}", query)


def _with_query(path: str, query: dict[str, str]) -> str:
    return f"{path}?{urlencode(query)}" if query else path


@dataclass(frozen=True, slots=True)
class PictureAddresses:
    """Pictures' addresses for one kind of answer (readers' by default): what structured
    data, feeds, sitemaps and ninjs print (``cms.domain.syndication.PictureLinks``)."""

    settings: Settings
    links: MediaLinks = field(default_factory=MediaLinks)

    def file(self, asset: model.MediaAsset) -> str:
        """The file we hold, or the outside address of one we only reference."""
        if asset.file is not None:
            return self.links.file(self.settings, asset.file)
        return asset.source_url or ""

    def rendition(self, asset: model.MediaAsset, spec: RenditionSpec) -> str:
        return self.links.rendition(self.settings, asset, spec)
