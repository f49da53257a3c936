"""Connecting to MongoDB and applying the collection contract, idempotently, at start."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient, AsyncIOMotorDatabase
from pymongo import MongoClient
from pymongo.errors import CollectionInvalid, PyMongoError
from pymongo.monitoring import CommandListener

from cms.store.collections import INDEXES, VALIDATORS


def connect(
    uri: str, *, timeout_ms: int, listeners: Sequence[CommandListener] = ()
) -> AsyncIOMotorClient[Any]:
    """A client that returns timezone-aware datetimes and fails fast when the server is gone."""
    return AsyncIOMotorClient(
        uri,
        tz_aware=True,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        event_listeners=list(listeners),
        appname="newsroom-cms",
    )


async def ping(client: AsyncIOMotorClient[Any]) -> None:
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


async def apply_contract(db: AsyncIOMotorDatabase[Any]) -> None:
    """Create or update every collection's validator, then its indexes; safe to repeat."""
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
    for name, indexes in INDEXES.items():
        await db[name].create_indexes(indexes)


async def drop_database(client: AsyncIOMotorClient[Any], name: str) -> None:
    await client.drop_database(name)
