"""Opening the configured database: MongoDB at CMS_MONGODB_URI, or the embedded one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from cms.config import Settings
from cms.server.embedded import EmbeddedDatabase
from cms.store import Store, open_store
from cms.store.collections import EVENTS, WEBHOOK_ATTEMPTS, WEBHOOK_DELIVERIES


def retention(settings: Settings) -> dict[str, int]:
    """How long the TTL indexes keep events, and webhook deliveries with their attempts."""
    webhooks = int(settings.webhook_retention_days * 86400)
    return {
        EVENTS: int(settings.event_retention_days * 86400),
        WEBHOOK_DELIVERIES: webhooks,
        WEBHOOK_ATTEMPTS: webhooks,
    }


@asynccontextmanager
async def open_database(
    settings: Settings, *, listeners: Sequence[Any] = ()
) -> AsyncIterator[Store]:
    """A prepared Store; the embedded server, when used, runs exactly as long as the block."""
    embedded = None
    uri = settings.mongodb_uri
    if uri is None:
        embedded = EmbeddedDatabase(settings.db_path)
        uri = await asyncio.to_thread(embedded.start)
    store = open_store(
        uri, settings.database, timeout_ms=settings.db_timeout_ms, listeners=listeners
    )
    try:
        await store.prepare(retention=retention(settings), count_batch=settings.story_count_batch)
        yield store
    finally:
        await store.close()
        if embedded is not None:
            await asyncio.to_thread(embedded.stop)
