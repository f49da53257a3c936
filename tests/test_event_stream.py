"""Following the outbox (cms.store.event_stream): one change stream that resumes where it was."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from cms import model
from cms.domain import events as outbox
from cms.server.embedded import EmbeddedDatabase
from cms.store import StreamPosition, open_store

AT = datetime(2036, 11, 24, 9, 0, tzinfo=UTC)


def _saved(story_id: str) -> model.Event:
    return outbox.new_event(
        model.EventType.STORY_SAVED,
        kind=model.AggregateKind.ARTICLE,
        aggregate_id=story_id,
        version=2,
        now=AT,
        payload={"story_id": story_id, "version": 2, "status": "DRAFT", "by": "u1", "title": "T"},
    )


class Seen:
    """What a follower passed on, with a way to wait for more."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self._more = asyncio.Event()

    def __call__(self, event: model.Event) -> None:
        self.ids.append(event.aggregate.id)
        self._more.set()

    async def until(self, done: Callable[[list[str]], bool]) -> None:
        async with asyncio.timeout(30):
            while not done(self.ids):
                self._more.clear()
                await self._more.wait()


async def test_the_follower_resumes_from_its_token_across_a_database_restart(
    tmp_path: Path,
) -> None:
    server = EmbeddedDatabase(tmp_path / "db")
    server.start()
    store = open_store(server.uri, "newsroom", timeout_ms=1000)
    try:
        await store.prepare()
        seen, position = Seen(), StreamPosition()

        opened = asyncio.Event()

        def following() -> asyncio.Task[None]:
            follow = store.follow_events(on_event=seen, on_open=opened.set, position=position)
            return asyncio.create_task(follow)

        follower = following()
        await asyncio.wait_for(opened.wait(), 30)  # what is written from now on is followed
        await store.events.insert(_saved("before-the-break"))
        await seen.until(lambda ids: ids == ["before-the-break"])

        # The stream breaks; events are written while nobody follows, on both sides of a
        # database restart. Resumed from its token, the follower gets them all, and only them.
        follower.cancel()
        await asyncio.gather(follower, return_exceptions=True)
        await store.events.insert(_saved("while-broken"))
        server.restart()
        await store.events.insert(_saved("after-the-restart"))
        follower = following()
        await seen.until(lambda ids: len(ids) == 3)
        follower.cancel()
        await asyncio.gather(follower, return_exceptions=True)
    finally:
        await store.close()
        server.stop()
    assert seen.ids == ["before-the-break", "while-broken", "after-the-restart"]
