"""Building the lists' counts in the background: what a start left of it (a large archive
from before the counts were kept, or a new version of the lists counted).

Every instance runs it: each step is one short transaction that goes on from where the last
committed step stopped, whichever instance ran it, and two steps at once conflict and take
turns (see ``cms.store.counters``), so nothing is counted twice and no lease is needed. After
each step it waits as long as the step took, so that a write of a story not yet counted,
which conflicts with a step, soon finds a moment between two. Until the counts are built,
every count read is counted exactly from the stories.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator

from cms.config import Settings
from cms.errors import CmsError
from cms.server.tasks import running_while
from cms.store import Store, stop_if_cancelled
from cms.store.counters import BUILD_BATCH

log = logging.getLogger(__name__)

# The shortest wait between two steps, and after a step that failed.
PAUSE_SECONDS = 0.05
RETRY_SECONDS = 5.0


async def build(
    store: Store, *, size: int = BUILD_BATCH, retry_seconds: float = RETRY_SECONDS
) -> None:
    """Run steps until the counts are built (or a newer version of the lists builds them);
    after a step that failed, again ``retry_seconds`` later."""
    while True:
        started = time.monotonic()
        try:
            if await store.count_stories(size=size, steps=1):
                log.info("counted the stories of every list")
                return
            pause = max(time.monotonic() - started, PAUSE_SECONDS)
        except CmsError as error:
            stop_if_cancelled()
            log.warning("counting the stories failed, trying again: %s", error)
            pause = retry_seconds
        except Exception:
            log.exception("counting the stories failed unexpectedly, trying again")
            pause = retry_seconds
        await asyncio.sleep(pause)


@contextlib.asynccontextmanager
async def running(store: Store, *, settings: Settings) -> AsyncIterator[None]:
    """Build the counts for as long as the block, if they are not built yet."""
    if await store.story_counts.built():
        yield
        return
    work = build(store, size=settings.story_count_batch)
    async with running_while(work, name="story-counting"):
        yield
