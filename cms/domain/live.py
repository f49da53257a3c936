"""Live subscriptions: each outbox event fanned out to the subscribers that want it.

One ``Broadcast`` per process, fed by the outbox's change stream. Every subscriber has its own
bounded queue: publishing never waits, and a subscriber whose queue is full (a client that
reads too slowly) is dropped with SUBSCRIBER_TOO_SLOW, so it never holds up the others. A
client (a signed-in user, else an address) may hold only so many subscriptions at once.

Subscribers listen on a topic, a name built here and only here (``article_topic`` and the
rest), so the publisher and the subscriber cannot spell it differently.

Every subscriber of one event receives the same ``Told``: the event with its ``SharedReads``,
so what the first of them reads to answer it (the story as it now reads) the others find read,
and a thousand open pages of one story cost one read per change, not a thousand.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable, Hashable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from cms import model
from cms.errors import SubscriberTooSlow, TooManySubscriptions

EventType = model.EventType
T = TypeVar("T")

# Every new story that goes live, for fronts (delivery's articlesPublished).
PUBLISHED = "published"
# Every change to any story, for the budget (the desk's deskActivity).
DESK = "desk"

# What a live story page hears of: what readers can see change.
ARTICLE_CHANGES = frozenset(
    {
        EventType.ARTICLE_PUBLISHED,
        EventType.ARTICLE_UPDATED,
        EventType.ARTICLE_CORRECTED,
        EventType.ARTICLE_UNPUBLISHED,
        EventType.ARTICLE_TAKEN_DOWN,
    }
)


class Audience(StrEnum):
    """Who subscribes: readers' frontends (public events only) or the desk (all)."""

    DELIVERY = "delivery"
    DESK = "management"


def article_topic(slug: str) -> str:
    """A live story's page, by slug: its public changes."""
    return f"article:{slug}"


def story_topic(story_id: str) -> str:
    """One story at the desk, by id: saves, workflow steps, lease take-overs, publishing."""
    return f"story:{story_id}"


def topics_of(event: model.Event) -> list[str]:
    """Every topic an event is published on. Public topics get public events only."""
    if event.aggregate.kind is not model.AggregateKind.ARTICLE:
        return []
    topics = [story_topic(event.aggregate.id), DESK]
    if event.public and event.type in ARTICLE_CHANGES:
        slugs = {event.payload.get("slug"), event.payload.get("old_slug")}
        topics.extend(article_topic(slug) for slug in slugs if isinstance(slug, str))
        if event.type is EventType.ARTICLE_PUBLISHED:
            topics.append(PUBLISHED)
    return topics


class SharedReads:
    """What the subscribers of one event read to answer it, read once for all of them: the
    first to ask builds it, the others get the same (a read in flight, or its result)."""

    __slots__ = ("_built",)

    def __init__(self) -> None:
        self._built: dict[Hashable, Any] = {}

    def once(self, key: Hashable, build: Callable[[], T]) -> T:
        """What ``build`` made for ``key`` the first time it was asked for (it runs once)."""
        if key not in self._built:
            self._built[key] = build()
        found: T = self._built[key]
        return found


@dataclass(frozen=True, slots=True)
class Told:
    """An event as its subscribers receive it: one for all of them, with their shared reads."""

    event: model.Event
    reads: SharedReads = field(default_factory=SharedReads)


def shared_reads(payload: object) -> SharedReads | None:
    """The reads shared with the other subscribers of the event a payload answers, if any."""
    reads = getattr(payload, "reads", None)
    return reads if isinstance(reads, SharedReads) else None


class Subscriber:
    """One open subscription: the events it wants, held in order until it reads them."""

    __slots__ = ("_limit", "_queue", "audience", "client", "dropped", "topic", "wants")

    def __init__(
        self,
        topic: str,
        *,
        audience: Audience,
        client: str,
        wants: Callable[[model.Event], bool] | None,
        queue_size: int,
    ) -> None:
        self.topic, self.audience, self.client, self.wants = topic, audience, client, wants
        self.dropped = False
        self._limit = queue_size
        # Bounded by ``offer``, not by the queue, so the drop notice always fits.
        self._queue: asyncio.Queue[Told | None] = asyncio.Queue()

    def offer(self, event: Told) -> bool:
        """Queue the event; False (and the subscriber dropped) when it is too far behind."""
        if self.dropped:
            return False
        if self._queue.qsize() >= self._limit:
            self.dropped = True
            self._queue.put_nowait(None)
            return False
        self._queue.put_nowait(event)
        return True

    async def next(self) -> Told:
        event = await self._queue.get()
        if event is None:
            raise SubscriberTooSlow(
                "This subscription fell too far behind its events and was ended; subscribe "
                "again and read the current state."
            )
        return event


class Broadcast:
    """Fan-out of outbox events to subscribers, never waiting on any of them."""

    def __init__(self, *, queue_size: int, per_client: int) -> None:
        self.queue_size, self.per_client = queue_size, per_client
        self._topics: dict[str, set[Subscriber]] = {}
        self._by_client: Counter[str] = Counter()
        self._by_audience: Counter[Audience] = Counter()
        self.dropped = 0  # subscribers dropped for reading too slowly
        self.published = 0  # events offered
        self._changed = asyncio.Event()

    def subscribe(
        self,
        topic: str,
        *,
        audience: Audience,
        client: str,
        wants: Callable[[model.Event], bool] | None = None,
    ) -> Subscriber:
        if self._by_client[client] >= self.per_client:
            raise TooManySubscriptions(
                f"This client already holds {self.per_client} live subscriptions; end one "
                "before starting another.",
                limit=self.per_client,
            )
        subscriber = Subscriber(
            topic, audience=audience, client=client, wants=wants, queue_size=self.queue_size
        )
        self._topics.setdefault(topic, set()).add(subscriber)
        self._by_client[client] += 1
        self._by_audience[audience] += 1
        self._notify()
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        listening = self._topics.get(subscriber.topic)
        if listening is None or subscriber not in listening:
            return
        listening.discard(subscriber)
        if not listening:
            del self._topics[subscriber.topic]
        self._by_client[subscriber.client] -= 1
        if self._by_client[subscriber.client] <= 0:
            del self._by_client[subscriber.client]
        self._by_audience[subscriber.audience] -= 1
        self._notify()

    async def events(
        self,
        topic: str,
        *,
        audience: Audience,
        client: str,
        wants: Callable[[model.Event], bool] | None = None,
    ) -> AsyncIterator[Told]:
        """The events of a topic from now on, until the caller stops reading."""
        subscriber = self.subscribe(topic, audience=audience, client=client, wants=wants)
        try:
            while True:
                yield await subscriber.next()
        finally:
            self.unsubscribe(subscriber)

    def publish(self, event: model.Event) -> None:
        """Offer the event to every subscriber of its topics; never waits."""
        self.published += 1
        told = Told(event)
        for topic in topics_of(event):
            for subscriber in tuple(self._topics.get(topic, ())):
                if subscriber.wants is not None and not subscriber.wants(event):
                    continue
                if not subscriber.offer(told):
                    self.dropped += 1
                    self.unsubscribe(subscriber)

    def open(self, audience: Audience | None = None) -> int:
        """How many subscriptions are open (of one audience, or in all)."""
        if audience is None:
            return sum(self._by_audience.values())
        return self._by_audience[audience]

    def held_by(self, client: str) -> int:
        return self._by_client[client]

    async def until(self, condition: Callable[[Broadcast], bool]) -> None:
        """Wait until ``condition`` holds (checked whenever a subscription opens or ends)."""
        while not condition(self):
            await self._changed.wait()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()


def matches(
    section: str | None, tag: str | None, *, subsections: Iterable[str] = ()
) -> Callable[[model.Event], bool] | None:
    """What a front listens for: stories published in a section (or one of ``subsections``,
    as the section's lists include them), with a tag, or both."""
    if section is None and tag is None:
        return None
    sections = {section, *subsections}

    def wanted(event: model.Event) -> bool:
        payload = event.payload
        in_section = section is None or payload.get("section") in sections
        tags: Iterable[object] = payload.get("tags") or ()
        return in_section and (tag is None or tag in tags)

    return wanted


@dataclass(frozen=True, slots=True)
class Listener:
    """One connection's way into the broadcast: its audience and whose limit it counts on."""

    broadcast: Broadcast
    audience: Audience
    client: str

    def events(
        self, topic: str, wants: Callable[[model.Event], bool] | None = None
    ) -> AsyncIterator[Told]:
        return self.broadcast.events(topic, audience=self.audience, client=self.client, wants=wants)
