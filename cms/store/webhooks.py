"""Webhook endpoints, their deliveries (one per event and endpoint) and every attempt made.

A delivery is claimed under a lease (``lease_until``, ``lease_owner``) by one dispatcher at a
time: the claim is one filtered update, so of two dispatchers racing for it exactly one wins;
a dispatcher that dies leaves its lease to run out, and another claims the delivery then.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bson import ObjectId
from pymongo import ReturnDocument
from pymongo.errors import BulkWriteError, DuplicateKeyError

from cms import model
from cms.store.base import Repository
from cms.store.codec import object_id
from cms.store.collections import WEBHOOK_ATTEMPTS, WEBHOOK_DELIVERIES, WEBHOOK_ENDPOINTS
from cms.store.mongo import Database, Session, reports_unavailable

DUPLICATE_KEY = 11000


class WebhookEndpoints(Repository[model.WebhookEndpoint]):
    collection = WEBHOOK_ENDPOINTS
    model_type = model.WebhookEndpoint

    async def all(self) -> list[model.WebhookEndpoint]:
        cursor = self._coll.find({}, session=self._session).sort("created_at", 1)
        return [self._load(doc) async for doc in cursor]

    async def enabled(self) -> list[model.WebhookEndpoint]:
        cursor = self._coll.find({"enabled": True}, session=self._session)
        return [self._load(doc) async for doc in cursor]

    async def keep_managed(self, endpoint: model.WebhookEndpoint) -> None:
        """Create or update an endpoint the server keeps from a setting (same id each time);
        its secret, its history and its disabled state stay as they are."""
        doc = self._dump(endpoint)
        kept = {"url", "event_types", "description", "managed", "updated_at"}
        update = {
            "$set": {key: doc[key] for key in kept if key in doc},
            "$setOnInsert": {key: v for key, v in doc.items() if key not in kept | {"_id"}},
        }
        try:
            await self._coll.update_one({"_id": doc["_id"]}, update, upsert=True)
        except DuplicateKeyError:  # another process, starting too, inserted it first
            await self._coll.update_one({"_id": doc["_id"]}, update, upsert=True)

    async def mark_failing(self, endpoint_id: str, *, since: datetime) -> None:
        """Note when an endpoint began failing, unless it already was."""
        await self._coll.update_one(
            {"_id": object_id(endpoint_id), "failing_since": None},
            {"$set": {"failing_since": since}},
            session=self._session,
        )

    async def mark_answering(self, endpoint_id: str) -> None:
        await self._coll.update_one(
            {"_id": object_id(endpoint_id), "failing_since": {"$ne": None}},
            {"$unset": {"failing_since": ""}},
            session=self._session,
        )

    async def disable(self, endpoint_id: str, *, reason: str, at: datetime) -> bool:
        """Disable an endpoint that is still enabled; ``False`` if it was not."""
        result = await self._coll.update_one(
            {"_id": object_id(endpoint_id), "enabled": True},
            {
                "$set": {"enabled": False, "disabled_reason": reason, "disabled_at": at},
                "$inc": {"version": 1},
            },
            session=self._session,
        )
        return bool(result.modified_count)


def _delivery_document(delivery: model.Delivery) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "_id": object_id(delivery.id),
        "event_id": delivery.event_id,
        "endpoint_id": object_id(delivery.endpoint_id),
        "event_type": delivery.event_type.value,
        "aggregate": {
            "kind": delivery.aggregate.kind.value,
            "id": delivery.aggregate.id,
            "version": delivery.aggregate.version,
        },
        "event_at": delivery.event_at,
        "status": delivery.status.value,
        "attempts": delivery.attempts,
        "created_at": delivery.created_at,
        "next_at": delivery.next_at,
        "retry_from": delivery.retry_from,
        "lease_until": delivery.lease_until,
        "lease_owner": delivery.lease_owner,
        "last_status_code": delivery.last_status_code,
        "last_error": delivery.last_error,
        "delivered_at": delivery.delivered_at,
    }
    return {key: value for key, value in doc.items() if value is not None}


def _delivery(doc: dict[str, Any]) -> model.Delivery:
    aggregate = doc["aggregate"]
    return model.Delivery(
        id=str(doc["_id"]),
        event_id=doc["event_id"],
        endpoint_id=str(doc["endpoint_id"]),
        event_type=model.EventType(doc["event_type"]),
        aggregate=model.Aggregate(
            kind=model.AggregateKind(aggregate["kind"]),
            id=aggregate["id"],
            version=int(aggregate["version"]),
        ),
        event_at=doc["event_at"],
        status=model.DeliveryStatus(doc["status"]),
        attempts=int(doc.get("attempts", 0)),
        created_at=doc["created_at"],
        next_at=doc["next_at"],
        retry_from=doc["retry_from"],
        lease_until=doc.get("lease_until"),
        lease_owner=doc.get("lease_owner"),
        last_status_code=doc.get("last_status_code"),
        last_error=doc.get("last_error"),
        delivered_at=doc.get("delivered_at"),
    )


def _free(now: datetime) -> dict[str, Any]:
    """Nobody holds a lease on it now (never claimed, or its lease ran out)."""
    return {"$or": [{"lease_until": None}, {"lease_until": {"$lte": now}}]}


@reports_unavailable
class Deliveries:
    def __init__(self, db: Database, session: Session | None = None) -> None:
        self._coll = db[WEBHOOK_DELIVERIES]
        self._session = session

    async def add(self, deliveries: Sequence[model.Delivery]) -> None:
        """Store new deliveries; one that exists (same event and endpoint) is left as it is,
        so two dispatchers fanning out the same event make one delivery."""
        if not deliveries:
            return
        docs = [_delivery_document(d) for d in deliveries]
        try:
            await self._coll.insert_many(docs, ordered=False, session=self._session)
        except BulkWriteError as error:
            codes = {e.get("code") for e in error.details.get("writeErrors", [])}
            if codes != {DUPLICATE_KEY}:
                raise

    async def get(self, delivery_id: str) -> model.Delivery | None:
        doc = await self._coll.find_one({"_id": object_id(delivery_id)}, session=self._session)
        return None if doc is None else _delivery(doc)

    async def due(self, *, now: datetime, limit: int) -> list[model.Delivery]:
        """Pending deliveries whose time has come and that nobody holds, soonest first."""
        query = {"status": model.DeliveryStatus.PENDING.value, "next_at": {"$lte": now}}
        query.update(_free(now))
        cursor = self._coll.find(query, session=self._session).sort("next_at", 1).limit(limit)
        return [_delivery(doc) async for doc in cursor]

    async def ahead_of(self, delivery: model.Delivery) -> model.Delivery | None:
        """A pending delivery to the same endpoint of an earlier change to the same thing:
        it must go first (deliveries to an endpoint follow the aggregate's versions)."""
        version, at = delivery.aggregate.version, delivery.event_at
        query = {
            "endpoint_id": object_id(delivery.endpoint_id),
            "aggregate.kind": delivery.aggregate.kind.value,
            "aggregate.id": delivery.aggregate.id,
            "status": model.DeliveryStatus.PENDING.value,
            "_id": {"$ne": object_id(delivery.id)},
            "$or": [
                {"aggregate.version": {"$lt": version}},
                {"aggregate.version": version, "event_at": {"$lt": at}},
            ],
        }
        order = [("aggregate.version", 1), ("event_at", 1)]
        doc = await self._coll.find_one(query, sort=order, session=self._session)
        return None if doc is None else _delivery(doc)

    async def postpone(self, delivery_id: str, *, until: datetime, now: datetime) -> None:
        """Leave a delivery that must wait for another until that one's next attempt."""
        query = {"_id": object_id(delivery_id), "status": "PENDING", "next_at": {"$lt": until}}
        query.update(_free(now))
        await self._coll.update_one(query, {"$set": {"next_at": until}}, session=self._session)

    async def claim(
        self, delivery_id: str, *, owner: str, now: datetime, until: datetime
    ) -> model.Delivery | None:
        """Take the lease on a due delivery nobody holds; None if another dispatcher has it
        (or it is no longer due)."""
        query = {
            "_id": object_id(delivery_id),
            "status": model.DeliveryStatus.PENDING.value,
            "next_at": {"$lte": now},
        }
        query.update(_free(now))
        doc = await self._coll.find_one_and_update(
            query,
            {"$set": {"lease_until": until, "lease_owner": owner}},
            return_document=ReturnDocument.AFTER,
            session=self._session,
        )
        return None if doc is None else _delivery(doc)

    async def settle(self, delivery: model.Delivery, *, owner: str) -> bool:
        """Store a delivery's state after an attempt, its lease released, if this owner still
        holds it; ``False`` if the lease ran out and another dispatcher took it."""
        doc = _delivery_document(delivery)
        delivery_key = doc.pop("_id")
        doc.pop("lease_until", None)
        doc.pop("lease_owner", None)
        cleared = {
            key: ""
            for key in ("lease_until", "lease_owner", "last_status_code", "last_error")
            if key not in doc
        }
        update: dict[str, Any] = {"$set": doc}
        if cleared:
            update["$unset"] = cleared
        result = await self._coll.update_one(
            {"_id": delivery_key, "lease_owner": owner}, update, session=self._session
        )
        return bool(result.matched_count)

    async def let_followers_go(self, delivery: model.Delivery, *, at: datetime) -> None:
        """The later changes to the same thing, waiting for this delivery to the same endpoint
        and never tried yet, become due at ``at`` (its next attempt, or now that it is done)
        rather than when its lease would have run out."""
        await self._coll.update_many(
            {
                "endpoint_id": object_id(delivery.endpoint_id),
                "aggregate.kind": delivery.aggregate.kind.value,
                "aggregate.id": delivery.aggregate.id,
                "status": model.DeliveryStatus.PENDING.value,
                "attempts": 0,
                "aggregate.version": {"$gte": delivery.aggregate.version},
                "_id": {"$ne": object_id(delivery.id)},
                "next_at": {"$gt": at},
            },
            {"$set": {"next_at": at}},
            session=self._session,
        )

    async def redeliver(self, delivery_id: str, *, now: datetime) -> model.Delivery | None:
        """Try a delivery again now, with a fresh retry window; None if it is pending."""
        doc = await self._coll.find_one_and_update(
            {"_id": object_id(delivery_id), "status": {"$ne": "PENDING"}},
            {"$set": {"status": "PENDING", "next_at": now, "retry_from": now}},
            return_document=ReturnDocument.AFTER,
            session=self._session,
        )
        return None if doc is None else _delivery(doc)

    async def of_endpoint(
        self,
        endpoint_id: str,
        *,
        status: model.DeliveryStatus | None = None,
        limit: int,
    ) -> list[model.Delivery]:
        """An endpoint's deliveries, newest first."""
        query: dict[str, Any] = {"endpoint_id": object_id(endpoint_id)}
        if status is not None:
            query["status"] = status.value
        cursor = (
            self._coll.find(query, session=self._session)
            .sort([("created_at", -1), ("_id", -1)])
            .limit(limit)
        )
        return [_delivery(doc) async for doc in cursor]

    async def of_event(self, event_id: str) -> list[model.Delivery]:
        cursor = self._coll.find({"event_id": event_id}, session=self._session)
        return [_delivery(doc) async for doc in cursor]

    async def drop_pending(self, endpoint_id: str) -> int:
        """Forget what an endpoint had yet to get (it was deleted)."""
        result = await self._coll.delete_many(
            {"endpoint_id": object_id(endpoint_id), "status": "PENDING"}, session=self._session
        )
        return int(result.deleted_count)

    async def next_due(self) -> datetime | None:
        """When a pending delivery may next be claimed: the soonest next attempt of those
        nobody holds, or the soonest lease to run out."""
        free = await self._coll.find_one(
            {"status": "PENDING", "lease_until": None},
            {"next_at": 1},
            sort=[("next_at", 1)],
            session=self._session,
        )
        held = await self._coll.find_one(
            {"status": "PENDING", "lease_until": {"$ne": None}},
            {"lease_until": 1, "next_at": 1},
            sort=[("lease_until", 1)],
            session=self._session,
        )
        times = [] if free is None else [free["next_at"]]
        if held is not None:
            times.append(max(held["lease_until"], held["next_at"]))
        return min(times) if times else None

    async def oldest_pending(self) -> datetime | None:
        """When the oldest event still waiting for a delivery happened."""
        doc = await self._coll.find_one(
            {"status": "PENDING"}, {"event_at": 1}, sort=[("event_at", 1)], session=self._session
        )
        return None if doc is None else doc["event_at"]


def _attempt_document(attempt: model.DeliveryAttempt) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "_id": object_id(attempt.id),
        "delivery_id": object_id(attempt.delivery_id),
        "endpoint_id": object_id(attempt.endpoint_id),
        "event_id": attempt.event_id,
        "at": attempt.at,
        "succeeded": attempt.succeeded,
        "status_code": attempt.status_code,
        "duration_ms": attempt.duration_ms,
        "error": attempt.error,
    }
    return {key: value for key, value in doc.items() if value is not None}


def _attempt(doc: dict[str, Any]) -> model.DeliveryAttempt:
    return model.DeliveryAttempt(
        id=str(doc["_id"]),
        delivery_id=str(doc["delivery_id"]),
        endpoint_id=str(doc["endpoint_id"]),
        event_id=doc["event_id"],
        at=doc["at"],
        succeeded=bool(doc["succeeded"]),
        status_code=doc.get("status_code"),
        duration_ms=float(doc["duration_ms"]),
        error=doc.get("error"),
    )


@reports_unavailable
class DeliveryAttempts:
    def __init__(self, db: Database, session: Session | None = None) -> None:
        self._coll = db[WEBHOOK_ATTEMPTS]
        self._session = session

    async def insert(self, attempt: model.DeliveryAttempt) -> None:
        await self._coll.insert_one(_attempt_document(attempt), session=self._session)

    async def of_deliveries(
        self, delivery_ids: Sequence[str]
    ) -> dict[str, list[model.DeliveryAttempt]]:
        """Each delivery's attempts, oldest first."""
        wanted = [ObjectId(i) for i in set(delivery_ids)]
        found: dict[str, list[model.DeliveryAttempt]] = {i: [] for i in delivery_ids}
        if not wanted:
            return found
        cursor = self._coll.find({"delivery_id": {"$in": wanted}}, session=self._session).sort(
            [("at", 1), ("_id", 1)]
        )
        async for doc in cursor:
            found[str(doc["delivery_id"])].append(_attempt(doc))
        return found

    async def of_endpoint(self, endpoint_id: str, *, limit: int) -> list[model.DeliveryAttempt]:
        """An endpoint's latest attempts, newest first."""
        cursor = (
            self._coll.find({"endpoint_id": object_id(endpoint_id)}, session=self._session)
            .sort([("at", -1), ("_id", -1)])
            .limit(limit)
        )
        return [_attempt(doc) async for doc in cursor]
