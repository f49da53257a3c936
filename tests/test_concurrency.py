"""Several editors and several scheduler processes at once: nothing lost, nothing done twice."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

from cms import model
from cms.domain.publishing import release_due, run_schedule
from cms.domain.workflow import Action
from cms.server import scheduler
from cms.store import Store, open_store
from tests import factories, newsroom
from tests.conftest import Api
from tests.newsroom import CREATE, SCHEDULE, UPDATE, step


async def test_twenty_concurrent_updates_with_one_version_exactly_one_wins(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    story = (await editor.gql(CREATE, {"input": newsroom.story_input(refs)}))["createArticle"]

    async def save(n: int) -> dict[str, object]:
        return await editor.post(
            UPDATE, {"id": story["id"], "v": 1, "input": {"dek": f"Version from editor {n}"}}
        )

    results = await asyncio.gather(*(save(n) for n in range(20)))

    winners = [r for r in results if "errors" not in r]
    losers = [r for r in results if "errors" in r]
    assert len(winners) == 1
    assert len(losers) == 19
    for loser in losers:
        error = loser["errors"][0]
        assert error["extensions"]["code"] == "CONFLICT"
        assert error["extensions"]["currentVersion"] == 2
        assert error["extensions"]["changedFields"] == ["dek"]
    saved = await api.store.articles.get(story["id"])
    assert saved is not None
    assert saved.version == 2
    winning_request = results.index(winners[0])
    assert saved.dek == f"Version from editor {winning_request}", "the winner's edit is kept"
    revisions = await api.store.revisions.of_article(story["id"])
    assert [r.number for r in revisions] == [2, 1], "one revision per successful save"


async def _scheduled_story(api: Api) -> str:
    refs = await newsroom.newsroom(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    story = (await editor.gql(CREATE, {"input": newsroom.story_input(refs)}))["createArticle"]
    await editor.gql(step("submitArticle"), {"id": story["id"], "v": 1})
    await editor.gql(step("approveArticle"), {"id": story["id"], "v": 2})
    at = (api.clock() + timedelta(minutes=5)).isoformat()
    await editor.gql(SCHEDULE, {"id": story["id"], "v": 3, "at": at, "until": None})
    api.clock.advance(minutes=5)
    return str(story["id"])


async def test_two_schedulers_racing_publish_once(api: Api) -> None:
    story_id = await _scheduled_story(api)
    assert api.settings.mongodb_uri is not None
    other_process = open_store(api.settings.mongodb_uri, api.settings.database, timeout_ms=5000)
    try:
        taken = await asyncio.gather(
            *(run_schedule(store, now=api.clock()) for store in [api.store, other_process] * 3)
        )
    finally:
        await other_process.close()

    assert sum(taken) == 1
    events = await api.store.audit_events.of_article(story_id)
    assert [e.action for e in events].count("PUBLISH") == 1
    live = await api.store.live_articles.whole_by_ids([story_id])
    assert live[story_id].status is model.Status.PUBLISHED


async def test_a_scheduler_holding_a_stale_due_list_steps_aside(api: Api) -> None:
    """The race above, made deterministic: a scheduler lists a story as due, another process
    publishes it before the first reads it again; the first takes no step and raises nothing."""
    story_id = await _scheduled_story(api)
    assert await run_schedule(api.store, now=api.clock()) == 1

    assert await release_due(api.store, story_id, now=api.clock(), action=Action.PUBLISH) == 0
    events = await api.store.audit_events.of_article(story_id)
    assert [e.action for e in events].count("PUBLISH") == 1


async def test_a_story_rescheduled_after_it_was_listed_due_waits_for_its_new_time(
    api: Api,
) -> None:
    story_id = await _scheduled_story(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    await editor.gql(step("unscheduleArticle"), {"id": story_id, "v": 4})
    later = (api.clock() + timedelta(hours=1)).isoformat()
    await editor.gql(SCHEDULE, {"id": story_id, "v": 5, "at": later, "until": None})

    assert await release_due(api.store, story_id, now=api.clock(), action=Action.PUBLISH) == 0
    article = await api.store.articles.get(story_id)
    assert article is not None
    assert article.status is model.Status.SCHEDULED, "not published an hour early"
    assert not await api.store.live_articles.whole_by_ids([story_id])

    api.clock.advance(hours=1)
    assert await release_due(api.store, story_id, now=api.clock(), action=Action.PUBLISH) == 1


async def _live_story_coming_down(api: Api, *, after: timedelta) -> tuple[str, Api]:
    """A published story scheduled to come down ``after`` from now, and the editor who set it."""
    story_id = await _scheduled_story(api)
    await run_schedule(api.store, now=api.clock())
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    until = (api.clock() + after).isoformat()
    await editor.gql(SCHEDULE, {"id": story_id, "v": 5, "at": None, "until": until})
    return story_id, editor


async def test_an_unpublish_time_moved_later_is_not_taken_early(api: Api) -> None:
    story_id, editor = await _live_story_coming_down(api, after=timedelta(minutes=10))
    api.clock.advance(minutes=10)
    later = (api.clock() + timedelta(hours=3)).isoformat()
    await editor.gql(SCHEDULE, {"id": story_id, "v": 6, "at": None, "until": later})

    assert await release_due(api.store, story_id, now=api.clock(), action=Action.UNPUBLISH) == 0
    assert await api.store.live_articles.whole_by_ids([story_id]), "still live"


async def test_two_scheduler_loops_running_publish_once(api: Api) -> None:
    story_id = await _scheduled_story(api)
    assert api.settings.mongodb_uri is not None
    other_process = open_store(api.settings.mongodb_uri, api.settings.database, timeout_ms=5000)
    loops = [
        asyncio.create_task(scheduler.loop(store, interval=0.01, clock=api.clock))
        for store in (api.store, other_process)
    ]
    try:
        for _ in range(200):
            article = await api.store.articles.get(story_id)
            if article is not None and article.status is model.Status.PUBLISHED:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.1)  # let both loops tick again
    finally:
        for task in loops:
            task.cancel()
        await asyncio.gather(*loops, return_exceptions=True)
        await other_process.close()

    events = await api.store.audit_events.of_article(story_id)
    assert [e.action for e in events].count("PUBLISH") == 1


async def test_scheduled_unpublish_takes_a_story_down_at_its_time(api: Api) -> None:
    story_id, _ = await _live_story_coming_down(api, after=timedelta(hours=2))

    api.clock.advance(hours=1)
    assert await run_schedule(api.store, now=api.clock()) == 0
    api.clock.advance(hours=1)
    assert await run_schedule(api.store, now=api.clock()) == 1

    article = await api.store.articles.get(story_id)
    assert article is not None
    assert article.status is model.Status.UNPUBLISHED
    assert not await api.store.live_articles.whole_by_ids([story_id])


async def test_transactions_that_lose_a_write_conflict_are_run_again(api: Api) -> None:
    """Twenty read-modify-write transactions on one document: each conflict is retried (after
    a pause), so every increment lands exactly once and none is lost."""
    store = api.store
    slug = await factories.section(store, "counter", "0")

    async def increment(tx: Store) -> None:
        found = await tx.sections.by_slugs([slug])
        section = found[slug]
        await tx.sections.replace(dataclasses.replace(section, name=str(int(section.name) + 1)))

    api.commands.names.clear()
    await asyncio.wait_for(
        asyncio.gather(*(store.atomically(increment) for _ in range(20))), timeout=30
    )
    assert (await store.sections.by_slugs([slug]))[slug].name == "20"
    assert api.commands.names.count("commitTransaction") == 20
    assert api.commands.names.count("abortTransaction") > 0, "they did collide, and were re-run"
