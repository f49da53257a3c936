"""The outbox: one document per event, inserted in the same transaction as its change.

Subscribers read it: the webhook dispatcher fans each event out to the endpoints that want it
(``fanout`` marks an event not yet fanned out), and the live subscriptions follow the
collection's change stream. Events are kept for a while (a TTL index on ``at``) and never
changed otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from cms import model
from cms.store.changes import Change, ChangeSink
from cms.store.collections import EVENTS
from cms.store.mongo import Database, Session, reports_unavailable

# An event not yet fanned out to webhook endpoints carries this; fanning out removes it.
FANOUT = "fanout"
PENDING = "pending"


def event_document(event: model.Event) -> dict[str, Any]:
    """The stored form of an event (the shape contracts.md fixes): ids are strings. Events
    webhooks may subscribe to are marked for fanning out."""
    doc = {
        "_id": event.id,
        "type": event.type.value,
        "at": event.at,
        "aggregate": {
            "kind": event.aggregate.kind.value,
            "id": event.aggregate.id,
            "version": event.aggregate.version,
        },
        "public": event.public,
        "payload": event.payload,
    }
    if event.type in model.WEBHOOK_EVENT_TYPES:
        doc[FANOUT] = PENDING
    return doc


def event_from_document(doc: dict[str, Any]) -> model.Event:
    aggregate = doc["aggregate"]
    return model.Event(
        id=doc["_id"],
        type=model.EventType(doc["type"]),
        at=doc["at"],
        aggregate=model.Aggregate(
            kind=model.AggregateKind(aggregate["kind"]),
            id=aggregate["id"],
            version=int(aggregate["version"]),
        ),
        public=bool(doc["public"]),
        payload=dict(doc.get("payload") or {}),
    )


@reports_unavailable
class Events:
    """The ``events`` collection. Write events through a Store bound to the transaction of
    their change (``Store.atomically``), so a change and its events land together or not at
    all."""

    def __init__(
        self, db: Database, session: Session | None = None, sink: ChangeSink | None = None
    ) -> None:
        self._coll = db[EVENTS]
        self._session = session
        self._sink = sink or ChangeSink()

    async def insert(self, *events: model.Event) -> None:
        """Write events in this store's session (the change's transaction); this process's
        listeners hear of them once it commits (the dispatcher wakes)."""
        if events:
            docs = [event_document(event) for event in events]
            await self._coll.insert_many(docs, ordered=True, session=self._session)
            for event in events:
                self._sink.changed(Change(EVENTS, event.id))

    async def get(self, event_id: str) -> model.Event | None:
        doc = await self._coll.find_one({"_id": event_id}, session=self._session)
        return None if doc is None else event_from_document(doc)

    async def by_ids(self, ids: Sequence[str]) -> dict[str, model.Event]:
        cursor = self._coll.find({"_id": {"$in": list(set(ids))}}, session=self._session)
        return {doc["_id"]: event_from_document(doc) async for doc in cursor}

    async def of_aggregate(self, kind: model.AggregateKind, aggregate_id: str) -> list[model.Event]:
        """An aggregate's events by its version, oldest first (the events of one change share
        its version, in no particular order)."""
        query = {"aggregate.kind": kind.value, "aggregate.id": aggregate_id}
        order = [("aggregate.version", 1), ("at", 1), ("_id", 1)]
        cursor = self._coll.find(query, session=self._session).sort(order)
        return [event_from_document(doc) async for doc in cursor]

    async def since(self, at: datetime, *, limit: int = 100) -> list[model.Event]:
        """Events at or after ``at``, oldest first."""
        cursor = (
            self._coll.find({"at": {"$gte": at}}, session=self._session)
            .sort([("at", 1), ("_id", 1)])
            .limit(limit)
        )
        return [event_from_document(doc) async for doc in cursor]

    async def awaiting_fanout(self, *, limit: int) -> list[model.Event]:
        """Events not yet fanned out to webhook endpoints, oldest first."""
        cursor = (
            self._coll.find({FANOUT: PENDING}, session=self._session)
            .sort([(FANOUT, 1), ("at", 1)])
            .limit(limit)
        )
        return [event_from_document(doc) async for doc in cursor]

    async def fanned_out(self, event_ids: Sequence[str]) -> None:
        if event_ids:
            await self._coll.update_many(
                {"_id": {"$in": list(event_ids)}}, {"$unset": {FANOUT: ""}}, session=self._session
            )

    async def oldest_awaiting_fanout(self) -> datetime | None:
        doc = await self._coll.find_one(
            {FANOUT: PENDING}, {"at": 1}, sort=[(FANOUT, 1), ("at", 1)], session=self._session
        )
        return None if doc is None else doc["at"]

    async def count(self) -> int:
        return int(await self._coll.count_documents({}, session=self._session))
