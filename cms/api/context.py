"""The typed per-request context: the store, the loaders and how to address media files."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from cms import model
from cms.api.loaders import DeliveryLoaders
from cms.config import Settings
from cms.store import Store


@dataclass(frozen=True, slots=True)
class DeliveryContext:
    request: Request
    response: Response
    store: Store
    settings: Settings
    loaders: DeliveryLoaders

    def media_url(self, asset: model.MediaAsset) -> str:
        """Where a client fetches the asset: our stable media URL, or its outside address."""
        if asset.file is not None:
            return f"{self.settings.public_url}/media/{asset.file}"
        return asset.source_url or ""
