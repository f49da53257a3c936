"""The persistence layer: the only package that talks to the MongoDB driver.

``Store`` holds a repository per collection. ``Store.atomically(work)`` runs ``work`` with a
Store bound to one transaction (retried by the driver on transient errors), so a change that
spans several documents is either entirely written or not at all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from motor.motor_asyncio import (
    AsyncIOMotorClient,
    AsyncIOMotorClientSession,
    AsyncIOMotorDatabase,
)
from pymongo.errors import ConnectionFailure, ServerSelectionTimeoutError
from pymongo.monitoring import CommandListener

from cms.errors import DatabaseUnavailable
from cms.store import changes, mongo
from cms.store.ads import AdSlots
from cms.store.articles import Articles, LiveArticles, LiveFilter
from cms.store.changes import Change, ChangeSink
from cms.store.history import AuditEvents, Revisions
from cms.store.leases import EditLeases
from cms.store.media import MediaAssets
from cms.store.people import Authors, LoginFailures, Sessions, Users
from cms.store.sections import Sections

__all__ = ["Change", "LiveFilter", "Store", "StoreUnavailable", "open_store"]

T = TypeVar("T")

# Driver errors that mean "the database is not there", for the API to turn into one clear error.
StoreUnavailable = (ConnectionFailure, ServerSelectionTimeoutError)


class Store:
    """A repository per collection, optionally bound to a transaction session."""

    def __init__(
        self,
        client: AsyncIOMotorClient[Any],
        db: AsyncIOMotorDatabase[Any],
        session: AsyncIOMotorClientSession | None = None,
        sink: ChangeSink | None = None,
    ) -> None:
        self._client = client
        self._db = db
        self._sink = sink or ChangeSink()
        self.articles = Articles(db, session)
        self.live_articles = LiveArticles(db, session, self._sink)
        self.authors = Authors(db, session, self._sink)
        self.sections = Sections(db, session, self._sink)
        self.media = MediaAssets(db, session, self._sink)
        self.ad_slots = AdSlots(db, session, self._sink)
        self.users = Users(db, session)
        self.sessions = Sessions(db, session)
        self.login_failures = LoginFailures(db, session)
        self.revisions = Revisions(db, session)
        self.audit_events = AuditEvents(db, session)
        self.edit_leases = EditLeases(db, session)

    async def atomically(self, work: Callable[[Store], Awaitable[T]]) -> T:
        """Run ``work`` inside one transaction; it may be run again on a transient error."""
        attempts: list[ChangeSink] = []
        async with await self._client.start_session() as session:

            async def attempt(bound: AsyncIOMotorClientSession) -> T:
                attempts.append(self._sink.held())
                return await work(Store(self._client, self._db, bound, attempts[-1]))

            result: T = await session.with_transaction(attempt)
        attempts[-1].release()  # only the attempt that committed happened
        return result

    def on_own_writes(self, listener: Callable[[Change], None]) -> None:
        """Hear about this process's writes to what delivery reads as soon as they commit."""
        self._sink.subscribe(listener)

    async def follow_changes(
        self, *, on_change: Callable[[Change], None], on_reset: Callable[[], None]
    ) -> None:
        """Report every change to what delivery reads, from any process, until cancelled."""
        await changes.follow(self._db, on_change=on_change, on_reset=on_reset)

    async def prepare(self) -> None:
        """Apply validators and indexes; idempotent, run at every start."""
        await mongo.apply_contract(self._db)

    async def ping(self) -> None:
        try:
            await mongo.ping(self._client)
        except StoreUnavailable as error:
            raise DatabaseUnavailable("The database is not reachable.") from error

    async def drop(self) -> None:
        """Delete the whole database (tests only)."""
        await mongo.drop_database(self._client, self._db.name)

    def close(self) -> None:
        self._client.close()


def open_store(
    uri: str, database: str, *, timeout_ms: int, listeners: Sequence[CommandListener] = ()
) -> Store:
    client = mongo.connect(uri, timeout_ms=timeout_ms, listeners=listeners)
    return Store(client, client[database])
