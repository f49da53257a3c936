"""Connecting to MongoDB, applying the collection contract at start, and the store's error edge.

A database that does not answer is reported above the store as ``DatabaseUnavailable`` (a
``CmsError``, ``SERVICE_UNAVAILABLE``): every coroutine of a repository and of the ``Store``
turns the driver's connection errors into it (``reports_unavailable``), so no layer above
catches a driver error.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from pymongo import AsyncMongoClient, IndexModel, MongoClient
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import (
    CollectionInvalid,
    ConnectionFailure,
    OperationFailure,
    PyMongoError,
    ServerSelectionTimeoutError,
)
from pymongo.monitoring import CommandListener

from cms.errors import DatabaseUnavailable
from cms.store.collections import INDEXES, VALIDATORS

# PyMongo's native asyncio client talks to the server on the event loop itself. Motor ran
# PyMongo's blocking calls on a pool of threads: a hand-off and a thread switch per command.
Client = AsyncMongoClient[Any]
Database = AsyncDatabase[Any]
Session = AsyncClientSession


# Driver errors that mean "the database is not there".
UNAVAILABLE = (ConnectionFailure, ServerSelectionTimeoutError)
UNREACHABLE = "The database is not reachable; try again shortly."

C = TypeVar("C", bound=type)


def reports_unavailable(cls: C) -> C:
    """Make every coroutine method defined on ``cls`` report a database that does not answer
    as ``DatabaseUnavailable``, the error a client can act on (retry shortly)."""
    for name, method in list(vars(cls).items()):
        if inspect.iscoroutinefunction(method):
            setattr(cls, name, _reporting_unavailable(method))
    return cls


def _reporting_unavailable(method: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return await method(*args, **kwargs)
        except UNAVAILABLE as error:
            stop_if_cancelled()
            raise DatabaseUnavailable(UNREACHABLE) from error

    return call


def connect(uri: str, *, timeout_ms: int, listeners: Sequence[CommandListener] = ()) -> Client:
    """A client that returns timezone-aware datetimes and fails fast when the server is gone."""
    return AsyncMongoClient(
        uri,
        tz_aware=True,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        event_listeners=list(listeners),
        appname="newsroom-cms",
    )


def stop_if_cancelled() -> None:
    """Raise CancelledError if this task was asked to stop; a loop that retries on database
    errors calls it before retrying.

    On Python 3.11, ``asyncio.wait_for`` returns its operation's own outcome when that
    finishes in the same turn as a cancellation (fixed in 3.12). PyMongo waits for a socket's
    connect that way, so cancelling a task while the server refuses connections can surface
    as an AutoReconnect instead: a loop that retried then would never stop.
    """
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


async def ping(client: Client) -> None:
    await client.admin.command("ping")


def answers(uri: str, *, timeout_s: float) -> bool:
    """Whether a server at ``uri`` replies to a command within ``timeout_s`` (blocking)."""
    timeout_ms = max(1, int(timeout_s * 1000))
    client: MongoClient[Any] = MongoClient(
        uri, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms
    )
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


async def apply_contract(db: Database, *, retention: Mapping[str, int] | None = None) -> None:
    """Create or update every collection's validator, then its indexes; safe to repeat.

    ``retention`` sets, by collection, how many seconds its TTL index (named ``expiry``) keeps
    a document, where a setting overrides the contract's default; an index made with another
    period is changed in place (``collMod``), or made again where the server cannot."""
    existing = set(await db.list_collection_names())
    for name, schema in VALIDATORS.items():
        validator = {"$jsonSchema": schema}
        if name not in existing:
            try:
                await db.create_collection(name, validator=validator, validationLevel="strict")
                continue
            except CollectionInvalid:  # another process created it a moment ago
                pass
        await db.command("collMod", name, validator=validator, validationLevel="strict")
    periods = dict(retention or {})
    for name, indexes in INDEXES.items():
        kept = [index for index in indexes if index.document["name"] != EXPIRY]
        await db[name].create_indexes(kept)
        for index in indexes:
            if index.document["name"] == EXPIRY:
                await _keep_expiry(db, name, index, periods.get(name))


EXPIRY = "expiry"
_INDEX_OPTIONS_CONFLICT = (85, 86)  # IndexOptionsConflict, IndexKeySpecsConflict


async def _keep_expiry(db: Database, name: str, index: IndexModel, seconds: int | None) -> None:
    """Create a collection's TTL index with ``seconds`` (or the contract's), or change the
    period of the one that is there."""
    spec = dict(index.document)
    if seconds is not None:
        spec["expireAfterSeconds"] = seconds
    keys = list(spec.pop("key").items())
    model = IndexModel(keys, **{k: v for k, v in spec.items() if k != "name"}, name=EXPIRY)
    try:
        await db[name].create_indexes([model])
        return
    except OperationFailure as error:
        if error.code not in _INDEX_OPTIONS_CONFLICT:
            raise
    period = spec["expireAfterSeconds"]
    try:
        await db.command("collMod", name, index={"name": EXPIRY, "expireAfterSeconds": period})
    except OperationFailure:
        await db[name].drop_index(EXPIRY)
        await db[name].create_indexes([model])


async def drop_database(client: Client, name: str) -> None:
    await client.drop_database(name)
