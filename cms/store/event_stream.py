"""Following the outbox: one change stream on ``events`` per process, for live subscriptions.

The stream's position (the resume token of the last event passed on, or of the stream's
opening) is kept in memory. When the stream breaks (the database restarted, a failover, a
network cut), it is opened again *after that token*, so the events written meanwhile arrive
late, never lost. Only when the database no longer has that history (its oplog rolled past
it) does the follower start from now, and says so in the log and to ``on_gap``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pymongo.errors import OperationFailure, PyMongoError

from cms import model
from cms.store import mongo
from cms.store.collections import EVENTS
from cms.store.events import event_from_document

log = logging.getLogger(__name__)

# The server's answer when a resume token names history it no longer has.
HISTORY_LOST = 286
# On the database, like the cache's stream (cms.store.changes), filtered to the outbox's inserts.
_INSERTS = [{"$match": {"ns.coll": EVENTS, "operationType": "insert"}}]


@dataclass(slots=True)
class StreamPosition:
    """Where the follower is in the outbox: the resume token, and how often it reopened."""

    token: Mapping[str, Any] | None = None
    reopened: int = 0


async def follow(
    db: Any,
    *,
    on_event: Callable[[model.Event], None],
    on_open: Callable[[], None] = lambda: None,
    on_gap: Callable[[], None] = lambda: None,
    position: StreamPosition | None = None,
    retry_seconds: float = 0.5,
) -> None:
    """Call ``on_event`` for every event inserted, in order, until cancelled; ``on_open`` each
    time the stream is (re)opened."""
    position = position or StreamPosition()
    while True:
        try:
            await _read(db, position, on_event=on_event, on_open=on_open)
        except PyMongoError as error:
            mongo.stop_if_cancelled()
            if isinstance(error, OperationFailure) and error.code == HISTORY_LOST:
                log.error("the outbox's history past the resume token is gone; following on")
                position.token = None
                on_gap()
            else:
                log.warning("the outbox's change stream broke (%s); resuming", error)
            position.reopened += 1
            await asyncio.sleep(retry_seconds)


async def _read(
    db: Any,
    position: StreamPosition,
    *,
    on_event: Callable[[model.Event], None],
    on_open: Callable[[], None],
) -> None:
    async with await db.watch(_INSERTS, resume_after=position.token) as stream:
        # Kept from the opening on: a break before the first event resumes from here.
        position.token = stream.resume_token or position.token
        on_open()
        async for change in stream:
            event = _event(change)
            if event is not None:
                on_event(event)
            position.token = stream.resume_token


def _event(change: Mapping[str, Any]) -> model.Event | None:
    document = change.get("fullDocument")
    if document is None:
        return None
    try:
        return event_from_document(document)
    except (KeyError, TypeError, ValueError):  # not written by this version: passed over
        log.warning("an outbox event could not be read: %r", document.get("_id"))
        return None
