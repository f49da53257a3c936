"""The embargo clock: a background loop that releases and expires scheduled stories.

It keeps no timers of its own: each tick asks the database what is due, and each step is a
version-checked write, so it survives restarts and several server processes never publish a
story twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime

from cms.config import Settings
from cms.domain.publishing import run_schedule
from cms.errors import CmsError
from cms.server.tasks import running_while
from cms.store import Store, stop_if_cancelled

log = logging.getLogger(__name__)


async def loop(store: Store, *, interval: float, clock: Callable[[], datetime]) -> None:
    while True:
        try:
            steps = await run_schedule(store, now=clock())
            if steps:
                log.info("scheduler took %d embargo step(s)", steps)
        except CmsError as error:
            stop_if_cancelled()
            log.warning("scheduler tick failed: %s", error)
        except Exception:
            log.exception("scheduler tick failed unexpectedly")
        await asyncio.sleep(interval)


@contextlib.asynccontextmanager
async def running(
    store: Store, *, settings: Settings, clock: Callable[[], datetime]
) -> AsyncIterator[None]:
    """Run the loop for as long as the block; stop it before the database goes."""
    if not settings.scheduler_enabled:
        yield
        return
    work = loop(store, interval=settings.scheduler_interval_seconds, clock=clock)
    async with running_while(work, name="embargo-scheduler"):
        yield
