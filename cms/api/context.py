"""The typed per-request contexts: delivery's holds the public-only reader, never the store;
the editors' adds the store, who is calling and their status counts."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from cms import model
from cms.api.loaders import Loaders
from cms.api.media_links import MediaLinks
from cms.config import Settings
from cms.domain import reading
from cms.domain.live import Listener
from cms.domain.renditions import RenditionSpec
from cms.errors import CmsError, Unauthenticated
from cms.store import Store, WorkingFilter
from cms.store.files import MediaFiles

if TYPE_CHECKING:
    from cms.api.reader import DeliveryReader


class Exchange(Protocol):
    """The HTTP exchange an editor's request runs in, as far as resolvers touch it: who the
    client is, the password checks' rate limit, the answer's status and the desk's session
    cookie. ``cms.http`` builds it, so this layer never sees the transport."""

    @property
    def client(self) -> str:
        """The client's address, through our own reverse proxies only."""
        ...

    async def login_wait(self, *, now: datetime) -> float:
        """0 when this client may check a password now; otherwise the seconds until it may."""
        ...

    def retry_later(self, seconds: int) -> None:
        """Answer HTTP 429 with ``Retry-After``."""
        ...

    def open_session(self, *, token: str, lifetime: timedelta) -> None:
        """Hand the desk its session cookie."""
        ...

    def end_session(self) -> None:
        """Clear the desk's session cookie."""
        ...


@dataclass(frozen=True, slots=True)
class DeliveryContext:
    settings: Settings
    loaders: Loaders
    clock: Callable[[], datetime]
    # Every read of published content goes through it: what it reads, readers may see.
    reader: DeliveryReader
    links: MediaLinks = field(default_factory=MediaLinks)
    # Over WebSocket only: the connection's way into the live broadcast, and how to make a
    # fresh context (new loaders, nothing cached) for each event a subscription sends, given
    # what the subscription yielded for it.
    live: Listener | None = None
    renew: Callable[[object], DeliveryContext] | None = None

    def now(self) -> datetime:
        return self.clock()

    @property
    def secret(self) -> str:
        return self.settings.secret_key.get_secret_value()

    def media_url(self, asset: model.MediaAsset) -> str:
        """Where a client fetches the asset: our stable media URL, or its outside address."""
        if asset.file is not None:
            return self.links.file(self.settings, asset.file)
        return asset.source_url or ""

    def rendition_url(self, asset: model.MediaAsset, spec: RenditionSpec) -> str:
        """The signed address of a rendition, for this caller (reader, desk or preview)."""
        return self.links.rendition(self.settings, asset, spec)

    def shows(self, asset: model.MediaAsset) -> bool:
        """Whether this caller may be shown the asset (the reader decides for readers)."""
        return self.reader.shows(asset)


@dataclass(frozen=True, slots=True)
class ManagementContext(DeliveryContext):
    """The editors' context: who is calling (if the token was valid), and why not otherwise."""

    exchange: Exchange = field(kw_only=True)
    store: Store = field(kw_only=True)
    # Where uploads go: the app's one media file store (a directory, or a shared bucket).
    files: MediaFiles = field(kw_only=True)
    principal: model.Principal | None = None
    auth_error: CmsError | None = None
    # The budget's counts by status, per filter, read once per request (see status_counts).
    _status_counts: dict[WorkingFilter | None, asyncio.Future[dict[model.Status, int]]] = field(
        default_factory=dict
    )

    def status_counts(self, wanted: WorkingFilter | None) -> Awaitable[dict[model.Status, int]]:
        """How many working copies match in each status (the filter's own status aside),
        read once per request: the budget asks for its total and its tabs in one query, and
        each is a pass over every matching story."""
        key = None if wanted is None else dataclasses.replace(wanted, status=None)
        counting = self._status_counts.get(key)
        if counting is None:
            counting = asyncio.ensure_future(reading.counts_by_status(self.store, key))
            self._status_counts[key] = counting
        return counting

    def shows(self, asset: model.MediaAsset) -> bool:
        """Editors see every asset; an expired one is flagged (``rightsExpired``), not hidden."""
        return True

    def actor(self) -> model.Principal:
        """The caller; everything but login needs one."""
        if self.principal is not None:
            return self.principal
        raise self.auth_error or Unauthenticated(
            "Log in first: send `Authorization: Bearer <token>`."
        )
