"""The webhook dispatcher: a background loop in every server process that delivers events.

Each round it fans new events out to the endpoints that want them, claims due deliveries
under leases (so several processes share the work and each delivery goes out once in normal
running), POSTs them, and records every attempt. A process that dies mid-delivery leaves its
leases to run out; another process then claims and sends those deliveries (at least once).
It wakes when this process writes an event, and otherwise looks every ``poll`` seconds or when
the next retry is due, whichever is sooner.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from cms import model
from cms.api import cache, cache_tags
from cms.domain import webhooks
from cms.errors import CmsError
from cms.server.tasks import running_while
from cms.store import Change, Store, stop_if_cancelled
from cms.store.collections import EVENTS

log = logging.getLogger(__name__)

Send = Callable[[webhooks.Message], Awaitable[webhooks.Outcome]]


@dataclass(frozen=True, slots=True)
class Report:
    """Where the dispatcher reports what it did (the process's metrics)."""

    delivery: Callable[[str], None] = lambda outcome: None  # delivered, retrying, failed
    lag: Callable[[float], None] = lambda seconds: None  # age of the oldest undelivered event


def purge_body(event: model.Event) -> str | None:
    """What the CDN purge endpoint gets for an event: the cache tags it made stale, in the
    form answers carry them (``{"tags": [...]}``); None when it made nothing stale."""
    tags = cache_tags.tags_for_event(event)
    if not tags:
        return None
    return json.dumps({"tags": sorted(cache.header_tag(tag) for tag in tags)})


class Dispatcher:
    def __init__(
        self,
        store: Store,
        *,
        send: Send,
        close: Callable[[], Awaitable[None]] | None = None,
        policy: webhooks.Policy,
        poll_seconds: float,
        concurrency: int,
        clock: Callable[[], datetime],
        report: Report | None = None,
    ) -> None:
        self._store = store
        self._send = send
        self._close = close
        self._policy = policy
        self._poll = poll_seconds
        self._concurrency = concurrency
        self._clock = clock
        self._report = report or Report()
        self._wake = asyncio.Event()
        self._sending: set[asyncio.Task[None]] = set()
        self.owner = uuid.uuid4().hex

    def wake(self) -> None:
        """Look for work now (this process just wrote an event)."""
        self._wake.set()

    def wake_on(self, change: Change) -> None:
        """A listener of the store's own writes: wake when an event was written."""
        if change.collection == EVENTS:
            self._wake.set()

    async def run(self) -> None:
        """Deliver until cancelled; deliveries under way are cancelled with it, their leases
        left to run out (as if the process had died)."""
        try:
            while True:
                self._wake.clear()
                busy = 0
                try:
                    busy = await self.run_once()
                except CmsError as error:
                    stop_if_cancelled()
                    log.warning("webhook dispatch failed: %s", error)
                except Exception:
                    log.exception("webhook dispatch failed unexpectedly")
                if not busy:
                    await self._rest()
        finally:
            sending = list(self._sending)
            for task in sending:
                task.cancel()
            await asyncio.gather(*sending, return_exceptions=True)
            if self._close is not None:
                await self._close()

    async def run_once(self) -> int:
        """One round: fan out, claim what this process has room for and start sending it;
        returns how many deliveries it started."""
        now = self._clock()
        await webhooks.fan_out(self._store, now=now)
        room = self._concurrency - len(self._sending)
        claimed = []
        if room > 0:
            claimed = await webhooks.claim(
                self._store, owner=self.owner, policy=self._policy, now=now, limit=room
            )
        for delivery in claimed:
            task = asyncio.create_task(self._deliver(delivery), name="webhook-delivery")
            self._sending.add(task)
            task.add_done_callback(self._sent)
        await self._measure_lag()
        return len(claimed)

    def _sent(self, task: asyncio.Task[None]) -> None:
        self._sending.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a webhook delivery failed unexpectedly", exc_info=task.exception())
        self._wake.set()  # room for another, and perhaps a retry due soon

    async def _deliver(self, delivery: model.Delivery) -> None:
        event = await self._store.events.get(delivery.event_id)
        endpoint = await self._store.webhook_endpoints.get(delivery.endpoint_id)
        outcome = await self._attempt(event, endpoint, delivery)
        after = await webhooks.record(
            self._store,
            delivery,
            outcome,
            owner=self.owner,
            policy=self._policy,
            now=self._clock(),
        )
        self._report.delivery(_outcome_label(after))

    async def _attempt(
        self,
        event: model.Event | None,
        endpoint: model.WebhookEndpoint | None,
        delivery: model.Delivery,
    ) -> webhooks.Outcome:
        if event is None:
            return webhooks.Outcome(
                status_code=None, duration_ms=0, error="not sent: the event has expired"
            )
        if endpoint is None or not endpoint.enabled:
            return webhooks.Outcome(
                status_code=None, duration_ms=0, error="not sent: the endpoint is disabled"
            )
        body = (
            purge_body(event)
            if endpoint.managed == webhooks.CDN_PURGE
            else webhooks.standard_body(event)
        )
        if body is None:  # nothing for this endpoint to do: done
            return webhooks.Outcome(status_code=204, duration_ms=0)
        message = webhooks.Message(
            url=endpoint.url,
            secret=endpoint.secret,
            message_id=event.id,
            timestamp=self._clock(),
            body=body,
        )
        return await self._send(message)

    async def _measure_lag(self) -> None:
        oldest = [
            at
            for at in (
                await self._store.webhook_deliveries.oldest_pending(),
                await self._store.events.oldest_awaiting_fanout(),
            )
            if at is not None
        ]
        lag = 0.0 if not oldest else (self._clock() - min(oldest)).total_seconds()
        self._report.lag(max(0.0, lag))

    async def _rest(self) -> None:
        """Until woken, the poll interval, or the next retry's time, whichever comes first."""
        wait = self._poll
        next_due = await _quietly(self._store.webhook_deliveries.next_due())
        if next_due is not None:
            wait = min(wait, max(0.0, (next_due - self._clock()).total_seconds()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=wait)


async def _quietly(read: Awaitable[datetime | None]) -> datetime | None:
    try:
        return await read
    except CmsError:
        return None


def _outcome_label(delivery: model.Delivery) -> str:
    if delivery.status is model.DeliveryStatus.DELIVERED:
        return "delivered"
    if delivery.status is model.DeliveryStatus.FAILED:
        return "failed"
    return "retrying"


@contextlib.asynccontextmanager
async def running(dispatcher: Dispatcher | None) -> AsyncIterator[None]:
    """Run the dispatcher for as long as the block; stop it before the database goes."""
    if dispatcher is None:
        yield
        return
    async with running_while(dispatcher.run(), name="webhook-dispatcher"):
        yield
