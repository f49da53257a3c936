"""Work that runs beside the server for as long as a block does (the embargo loop, the
change-stream follower)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Coroutine
from typing import Any


@contextlib.asynccontextmanager
async def running_while(
    work: Coroutine[Any, Any, None], *, name: str | None = None
) -> AsyncIterator[None]:
    """Run ``work`` as a task while the block runs; cancel it, and wait for it, after."""
    task = asyncio.create_task(work, name=name)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
