"""Connecting to MongoDB and applying the collection contract, idempotently, at start."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient, AsyncIOMotorDatabase
from pymongo.errors import CollectionInvalid
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
