"""The live fan-out (cms.domain.live): topics, filters, limits and slow subscribers, in memory."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from cms import model
from cms.domain import live
from cms.domain.live import Audience, Broadcast
from cms.errors import SubscriberTooSlow, TooManySubscriptions

T = model.EventType
AT = datetime(2036, 11, 24, 9, 0, tzinfo=UTC)


def _event(
    type: model.EventType, *, story: str = "s1", public: bool = True, **payload: Any
) -> model.Event:
    return model.Event(
        id=f"{type.value}-{story}-{len(payload)}",
        type=type,
        at=AT,
        aggregate=model.Aggregate(kind=model.AggregateKind.ARTICLE, id=story, version=3),
        public=public,
        payload={"slug": "harbour-bridge-closes", "section": "news", "tags": [], **payload},
    )


async def _take(events: Any, n: int) -> list[model.Event]:
    return [(await asyncio.wait_for(anext(events), 1)).event for _ in range(n)]


async def test_a_slow_subscriber_is_dropped_and_never_holds_up_the_others() -> None:
    broadcast = Broadcast(queue_size=2, per_client=10)
    slow = broadcast.subscribe(live.DESK, audience=Audience.DESK, client="user:slow")
    reader = broadcast.events(live.DESK, audience=Audience.DESK, client="user:quick")
    first = asyncio.ensure_future(anext(reader))
    await broadcast.until(lambda b: b.open() == 2)  # both registered
    saves = [_event(T.STORY_SAVED, public=False, story=f"s{n}") for n in range(5)]
    received = []
    for event in saves:
        broadcast.publish(event)  # never waits, whoever reads slowly
        received.append((await (first if event is saves[0] else anext(reader))).event)
    assert received == saves
    assert broadcast.dropped == 1
    kept = [(await slow.next()).event, (await slow.next()).event]
    assert kept == saves[:2], "what it had kept"
    with pytest.raises(SubscriberTooSlow):
        await slow.next()
    assert broadcast.open() == 1, "the dropped one no longer counts"
    await reader.aclose()
    assert broadcast.open() == 0


async def test_public_topics_get_published_facts_only() -> None:
    broadcast = Broadcast(queue_size=10, per_client=10)
    page = broadcast.events(
        live.article_topic("harbour-bridge-closes"), audience=Audience.DELIVERY, client="ip:a"
    )
    front = broadcast.events(
        live.PUBLISHED, audience=Audience.DELIVERY, client="ip:a", wants=live.matches("news", None)
    )
    reading = asyncio.gather(_take(page, 2), _take(front, 1))
    await broadcast.until(lambda b: b.open() == 2)
    broadcast.publish(_event(T.STORY_SAVED, public=False))  # a draft's save: desk only
    sport = _event(T.ARTICLE_PUBLISHED, story="s2", slug="derby-day", section="sport")
    broadcast.publish(sport)  # another story, another section
    broadcast.publish(_event(T.ARTICLE_PUBLISHED))
    broadcast.publish(_event(T.ARTICLE_CORRECTED))
    to_page, to_front = await reading
    assert [e.type for e in to_page] == [T.ARTICLE_PUBLISHED, T.ARTICLE_CORRECTED]
    assert [e.payload["section"] for e in to_front] == ["news"]


async def test_a_client_holds_only_so_many_subscriptions() -> None:
    broadcast = Broadcast(queue_size=10, per_client=2)
    held = [broadcast.subscribe(live.DESK, audience=Audience.DESK, client="user:u") for _ in "ab"]
    with pytest.raises(TooManySubscriptions):
        broadcast.subscribe(live.DESK, audience=Audience.DESK, client="user:u")
    broadcast.subscribe(live.DESK, audience=Audience.DESK, client="user:other")
    broadcast.unsubscribe(held[0])
    broadcast.subscribe(live.DESK, audience=Audience.DESK, client="user:u")
    assert broadcast.held_by("user:u") == 2


def test_a_renamed_story_reaches_pages_under_both_slugs() -> None:
    renamed = _event(T.ARTICLE_UPDATED, slug="bridge-shut-until-march", old_slug="harbour-bridge")
    assert set(live.topics_of(renamed)) == {
        live.story_topic("s1"),
        live.DESK,
        live.article_topic("bridge-shut-until-march"),
        live.article_topic("harbour-bridge"),
    }
    assert live.PUBLISHED not in live.topics_of(renamed), "fronts hear of first publication"


async def test_every_subscriber_of_an_event_gets_one_told_with_shared_reads() -> None:
    broadcast = Broadcast(queue_size=10, per_client=10)
    page = broadcast.events(
        live.article_topic("harbour-bridge-closes"), audience=Audience.DELIVERY, client="ip:a"
    )
    other = broadcast.events(
        live.article_topic("harbour-bridge-closes"), audience=Audience.DELIVERY, client="ip:b"
    )
    front = broadcast.events(live.PUBLISHED, audience=Audience.DELIVERY, client="ip:c")
    reading = asyncio.gather(*(asyncio.wait_for(anext(s), 1) for s in (page, other, front)))
    await broadcast.until(lambda b: b.open() == 3)
    broadcast.publish(_event(T.ARTICLE_PUBLISHED))
    told = await reading
    assert told[0] is told[1] is told[2]
    reads = told[0].reads
    builds: list[str] = []
    first = reads.once("story", lambda: builds.append("read") or "the story")
    assert [reads.once("story", lambda: builds.append("again")) for _ in "ab"] == [first] * 2
    assert builds == ["read"]
    assert live.shared_reads(SimpleNamespace(reads=reads)) is reads
    assert live.shared_reads(object()) is None


def test_a_front_hears_of_its_subsections_unless_it_asks_for_the_section_alone() -> None:
    politics = _event(T.ARTICLE_PUBLISHED, section="politics")
    sport = _event(T.ARTICLE_PUBLISHED, section="sport")
    with_below = live.matches("news", None, subsections=("politics", "local-councils"))
    alone = live.matches("news", None)
    assert with_below is not None
    assert alone is not None
    assert [with_below(e) for e in (politics, sport, _event(T.ARTICLE_PUBLISHED))] == [
        True,
        False,
        True,
    ]
    assert alone(politics) is False
