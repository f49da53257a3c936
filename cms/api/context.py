"""The typed per-request context: the store, the loaders and how to address media files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response

from cms import model
from cms.api.loaders import Loaders
from cms.config import Settings
from cms.errors import CmsError, Unauthenticated
from cms.store import Store


@dataclass(frozen=True, slots=True)
class DeliveryContext:
    request: Request
    response: Response
    store: Store
    settings: Settings
    loaders: Loaders
    clock: Callable[[], datetime]

    def now(self) -> datetime:
        return self.clock()

    @property
    def secret(self) -> str:
        return self.settings.secret_key.get_secret_value()

    def media_url(self, asset: model.MediaAsset) -> str:
        """Where a client fetches the asset: our stable media URL, or its outside address."""
        if asset.file is not None:
            return f"{self.settings.public_url}/media/{asset.file}"
        return asset.source_url or ""


@dataclass(frozen=True, slots=True)
class ManagementContext(DeliveryContext):
    """The editors' context: who is calling (if the token was valid), and why not otherwise."""

    principal: model.Principal | None = None
    auth_error: CmsError | None = None

    def actor(self) -> model.Principal:
        """The caller; everything but login needs one."""
        if self.principal is not None:
            return self.principal
        raise self.auth_error or Unauthenticated(
            "Log in first: send `Authorization: Bearer <token>`."
        )
