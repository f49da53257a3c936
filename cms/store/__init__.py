"""The persistence layer: the only package that talks to the MongoDB driver.

``Store`` holds a repository per collection. ``Store.atomically(work)`` runs ``work`` with a
Store bound to one transaction (run again, with backoff, when it loses a write conflict), so
a change that spans several documents is either entirely written or not at all.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from pymongo import read_preferences
from pymongo.errors import PyMongoError
from pymongo.monitoring import CommandListener

from cms import model
from cms.errors import DatabaseUnavailable
from cms.store import changes, event_stream, mongo, windows
from cms.store.ads import AdSlots
from cms.store.articles import (
    Articles,
    LiveArticles,
    LiveFilter,
    LiveOrder,
    StoryPage,
    WorkingFilter,
)
from cms.store.changes import Change, ChangeSink
from cms.store.counters import BUILD_BATCH, RequestCounts, StoryCounts
from cms.store.event_stream import StreamPosition
from cms.store.events import Events
from cms.store.fronts import Fronts
from cms.store.history import AuditEvents, Revisions
from cms.store.leases import EditLeases, LeaseTakeovers
from cms.store.live_archive import LiveArchive
from cms.store.media import MediaAssets
from cms.store.mongo import stop_if_cancelled
from cms.store.people import Authors, LoginFailures, Sessions, Users
from cms.store.sections import Sections
from cms.store.tags import SlugRedirects, Tags
from cms.store.webhooks import Deliveries, DeliveryAttempts, WebhookEndpoints

__all__ = [
    "Change",
    "LiveFilter",
    "LiveOrder",
    "Store",
    "StoryPage",
    "StreamPosition",
    "WorkingFilter",
    "open_store",
    "stop_if_cancelled",
]

T = TypeVar("T")

# How long a change may keep losing write conflicts before the caller is told to retry.
TRANSACTION_SECONDS = 10.0
# A committed transaction slower than this is logged, with how often it was run.
SLOW_TRANSACTION_SECONDS = 2.0
# Steps of building the lists' counts a start waits for (a few thousand stories).
START_STEPS = 8

log = logging.getLogger("cms.store")


@mongo.reports_unavailable
class Store:
    """A repository per collection, optionally bound to a transaction session; a database
    that does not answer is reported as ``DatabaseUnavailable`` here and in every repository."""

    def __init__(
        self,
        client: mongo.Client,
        db: mongo.Database,
        session: mongo.Session | None = None,
        sink: ChangeSink | None = None,
        hints: windows.Hints | None = None,
    ) -> None:
        self._client = client
        self._db = db
        self._sink = sink or ChangeSink()
        # What each list's last page showed, so that the next reads few windows.
        self._hints = hints or windows.Hints()
        # In a transaction, the story counts are written once, just before it commits.
        self.story_counts = StoryCounts(db, session, deferred=session is not None)
        self.articles = Articles(db, session, hints=self._hints, counts=self.story_counts)
        self.live_articles = LiveArticles(
            db, session, self._sink, hints=self._hints, counts=self.story_counts
        )
        self.live_archive = LiveArchive(db, session)
        self.authors = Authors(db, session, self._sink)
        self.sections = Sections(db, session, self._sink)
        self.media = MediaAssets(db, session, self._sink)
        self.ad_slots = AdSlots(db, session, self._sink)
        self.fronts = Fronts(db, session, self._sink)
        self.tags = Tags(db, session, self._sink)
        self.slug_redirects = SlugRedirects(db, session, self._sink)
        self.users = Users(db, session)
        self.sessions = Sessions(db, session)
        self.login_failures = LoginFailures(db, session)
        self.request_counts = RequestCounts(db, session)
        self.revisions = Revisions(db, session)
        self.audit_events = AuditEvents(db, session)
        self.edit_leases = EditLeases(db, session)
        self.lease_takeovers = LeaseTakeovers(db, session)
        self.events = Events(db, session, self._sink)
        self.webhook_endpoints = WebhookEndpoints(db, session)
        self.webhook_deliveries = Deliveries(db, session)
        self.webhook_attempts = DeliveryAttempts(db, session)

    async def atomically(self, work: Callable[[Store], Awaitable[T]]) -> T:
        """Run ``work`` inside one transaction: all of it is written, or none of it.

        A transaction that loses a write conflict is run again, after a growing, jittered
        pause, for up to ``TRANSACTION_SECONDS``; then the caller gets SERVICE_UNAVAILABLE
        with nothing written. (PyMongo's ``with_transaction`` backs off too, but keeps trying
        for up to two minutes, longer than an editor should wait for an answer.)
        """
        started = time.monotonic()
        deadline = started + TRANSACTION_SECONDS
        async with self._client.start_session() as session:
            for attempt in itertools.count():
                sink = self._sink.held()
                try:
                    result = await self._attempt(session, sink, work, deadline)
                except PyMongoError as error:
                    stop_if_cancelled()
                    # A database that is gone is reported at once, not waited for.
                    lost = isinstance(error, mongo.UNAVAILABLE)
                    if lost or not error.has_error_label("TransientTransactionError"):
                        raise
                    pause = random.random() * min(0.005 * 1.5**attempt, 0.5)
                    if time.monotonic() + pause >= deadline:
                        raise DatabaseUnavailable(
                            "The database is too busy to take this change now; nothing was "
                            "written. Try again shortly."
                        ) from error
                    await asyncio.sleep(pause)
                    continue
                sink.release()  # only the attempt that committed happened
                took = time.monotonic() - started
                if took > SLOW_TRANSACTION_SECONDS:
                    log.warning("a transaction took %.1f s and %d attempts", took, attempt + 1)
                return result
        raise AssertionError("unreachable")  # pragma: no cover

    async def _attempt(
        self,
        session: mongo.Session,
        sink: ChangeSink,
        work: Callable[[Store], Awaitable[T]],
        deadline: float,
    ) -> T:
        await session.start_transaction()
        try:
            tx = Store(self._client, self._db, session, sink, self._hints)
            result = await work(tx)
            await tx.story_counts.flush()
        except BaseException:
            if session.in_transaction:
                await session.abort_transaction()
            raise
        while True:
            try:
                await session.commit_transaction()
                return result
            except PyMongoError as error:
                stop_if_cancelled()
                # The commit may have happened: committing again is safe, running again not.
                unknown = error.has_error_label("UnknownTransactionCommitResult")
                if not unknown or time.monotonic() >= deadline:
                    raise

    def reading_from(self, mode: str, *, max_staleness_seconds: int | None = None) -> Store:
        """The same store (one client, one change sink) with its reads sent where ``mode``
        says (a MongoDB read preference, ``secondaryPreferred``…), skipping secondaries further
        behind than ``max_staleness_seconds``. For delivery reads: writes and transactions
        belong on the primary, through the store this came from."""
        preference = _READ_PREFERENCES[mode]
        chosen = (
            preference()
            if mode == "primary"
            else preference(
                max_staleness=-1 if max_staleness_seconds is None else max_staleness_seconds
            )
        )
        database = self._db.with_options(read_preference=chosen)
        return Store(self._client, database, sink=self._sink, hints=self._hints)

    def on_own_writes(self, listener: Callable[[Change], None]) -> None:
        """Hear about this process's writes to what delivery reads as soon as they commit."""
        self._sink.subscribe(listener)

    async def follow_changes(
        self, *, on_change: Callable[[Change], None], on_reset: Callable[[], None]
    ) -> None:
        """Report every change to what delivery reads, from any process, until cancelled."""
        await changes.follow(self._db, on_change=on_change, on_reset=on_reset)

    async def follow_events(
        self,
        *,
        on_event: Callable[[model.Event], None],
        on_open: Callable[[], None],
        position: StreamPosition,
    ) -> None:
        """Report every outbox event, in order, until cancelled; after a break, from where
        the stream had got to (see ``cms.store.event_stream``)."""
        await event_stream.follow(self._db, on_event=on_event, on_open=on_open, position=position)

    async def prepare(
        self, *, retention: Mapping[str, int] | None = None, count_batch: int = BUILD_BATCH
    ) -> None:
        """Apply validators and indexes (``retention``: seconds a collection's TTL index keeps
        documents, where settings override the defaults), and give stories stored before the
        budget's search their search words; idempotent, run at every start.

        Lists' counts not built yet get the first ``START_STEPS`` steps of their building
        (``count_batch`` stories of each collection a step):
        all of it for a new database or a small archive; a large one starts serving with
        counts read exactly from the stories, while the app counts the rest in the background
        (cms/server/counting.py), since a start that waits an hour is a failed start too."""
        await mongo.apply_contract(self._db, retention=retention)
        written = await self.articles.store_words()
        if written:
            log.info("stored search words for %d stories saved without them", written)
        if not await self.story_counts.built():
            if await self.count_stories(size=count_batch, steps=START_STEPS):
                log.info("counted the stories of every list")
            else:
                log.info("counting the stories of every list continues in the background")

    async def count_stories(self, *, size: int = BUILD_BATCH, steps: int | None = None) -> bool:
        """Build the lists' counts from the stories, one short transaction a step (``size``
        stories of each collection; at most ``steps`` steps, ``None``: until done). ``True``
        when there is nothing left to do (see ``cms.store.counters``)."""
        for _ in itertools.count() if steps is None else range(steps):
            if await self.atomically(lambda tx: tx.story_counts.build_step(size=size)):
                return True
        return False

    async def ping(self) -> None:
        try:
            await mongo.ping(self._client)
        except mongo.UNAVAILABLE as error:
            raise DatabaseUnavailable("The database is not reachable.") from error

    async def drop(self) -> None:
        """Delete the whole database (tests only)."""
        await mongo.drop_database(self._client, self._db.name)

    async def close(self) -> None:
        await self._client.close()


_READ_PREFERENCES: dict[str, Any] = {
    "primary": read_preferences.Primary,
    "primaryPreferred": read_preferences.PrimaryPreferred,
    "secondary": read_preferences.Secondary,
    "secondaryPreferred": read_preferences.SecondaryPreferred,
    "nearest": read_preferences.Nearest,
}


def open_store(
    uri: str, database: str, *, timeout_ms: int, listeners: Sequence[CommandListener] = ()
) -> Store:
    client = mongo.connect(uri, timeout_ms=timeout_ms, listeners=listeners)
    return Store(client, client[database])
