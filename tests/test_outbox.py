"""The outbox: every change a subscriber could care about writes its events in the same
transaction, and a change that fails leaves no event (and an event that cannot be written
leaves no change)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pymongo.errors import PyMongoError

from cms import model
from cms.domain import editing, publishing
from cms.domain.workflow import Action
from cms.store import Store
from cms.store.collections import EVENTS, LIVE_ARTICLES
from tests import factories
from tests.factories import DESK, NOW

EDITOR = model.Principal(user_id=DESK.user_id, role=model.Role.EDITOR, email="ed@example.org")
SECRET_BODY = "The mayor's aide said off the record that the vote was fixed."


async def _types(store: Store, article_id: str) -> list[str]:
    found = await store.events.of_aggregate(model.AggregateKind.ARTICLE, article_id)
    return [event.type.value for event in found]


async def _draft(store: Store) -> model.Article:
    await factories.section(store)
    author = await factories.author(store)
    return await factories.story(
        store,
        slug="bridge-closes",
        author_ids=(author,),
        published_at=None,
        body=(factories.paragraph(SECRET_BODY),),
    )


async def _approved(store: Store) -> model.Article:
    draft = await _draft(store)
    for version, action in enumerate((Action.SUBMIT, Action.APPROVE), start=draft.version):
        await publishing.move(
            store, EDITOR, article_id=draft.id, expected_version=version, action=action, now=NOW
        )
    return await store.articles.get(draft.id) or draft


def _public(events: list[model.Event]) -> list[model.Event]:
    return [event for event in events if event.public]


async def test_a_publish_writes_its_public_event_with_what_readers_see(store: Store) -> None:
    story = await _approved(store)

    await publishing.publish(
        store, EDITOR, article_id=story.id, expected_version=story.version, now=NOW
    )

    found = await store.events.of_aggregate(model.AggregateKind.ARTICLE, story.id)
    published = [e for e in found if e.type is model.EventType.ARTICLE_PUBLISHED]
    assert len(published) == 1
    event = published[0]
    assert event.public is True
    assert event.aggregate == model.Aggregate(
        kind=model.AggregateKind.ARTICLE, id=story.id, version=story.version + 1
    )
    assert event.payload["slug"] == "bridge-closes"
    assert event.payload["section"] == "news"
    assert event.payload["tags"] == ["flooding"]
    assert event.payload["version"] == story.version + 1
    assert event.payload["first_published_at"] == NOW
    assert event.at == NOW
    # The desk hears of the step too, privately.
    steps = [e for e in found if e.type is model.EventType.STORY_WORKFLOW]
    assert [e.payload["action"] for e in steps] == ["SUBMIT", "APPROVE", "PUBLISH"]
    assert not any(e.public for e in steps)


async def test_no_event_carries_a_drafts_content(store: Store) -> None:
    story = await _approved(store)
    await editing.update_article(
        store,
        EDITOR,
        article_id=story.id,
        expected_version=story.version,
        changes={"headline": "Bridge shut for repairs"},
        now=NOW,
    )

    found = await store.events.of_aggregate(model.AggregateKind.ARTICLE, story.id)

    assert [e.type.value for e in found] == [
        "story.saved",  # imported as a draft
        "story.workflow",
        "story.workflow",
        "story.saved",
    ]
    assert found[-1].payload["title"] == "Bridge shut for repairs"
    assert not any(e.public for e in found)
    assert not any(SECRET_BODY in repr(e.payload) for e in found)


async def test_each_step_of_a_live_story_has_its_event(store: Store) -> None:
    story = await _approved(store)
    v = story.version
    await publishing.publish(store, EDITOR, article_id=story.id, expected_version=v, now=NOW)
    await editing.update_article(
        store,
        EDITOR,
        article_id=story.id,
        expected_version=v + 1,
        changes={"slug": "bridge-shut"},
        now=NOW,
    )
    await publishing.publish(store, EDITOR, article_id=story.id, expected_version=v + 2, now=NOW)
    await publishing.add_correction(
        store,
        EDITOR,
        article_id=story.id,
        expected_version=v + 3,
        text="The bridge closes for six weeks, not six months.",
        now=NOW,
    )
    await publishing.take_off(
        store,
        EDITOR,
        article_id=story.id,
        expected_version=v + 4,
        action=Action.UNPUBLISH,
        reason="Out of date.",
        now=NOW,
    )
    await publishing.take_off(
        store,
        EDITOR,
        article_id=story.id,
        expected_version=v + 5,
        action=Action.TAKE_DOWN,
        reason="Court order.",
        now=NOW,
    )

    public = _public(await store.events.of_aggregate(model.AggregateKind.ARTICLE, story.id))

    assert [(e.type.value, e.aggregate.version) for e in public] == [
        ("article.published", v + 1),
        ("article.updated", v + 3),
        ("article.corrected", v + 4),
        ("article.unpublished", v + 5),
        ("article.taken_down", v + 6),
    ]
    assert public[1].payload["slug"] == "bridge-shut"
    assert public[1].payload["old_slug"] == "bridge-closes", "the old address, for redirects"
    assert public[3].payload["slug"] == "bridge-shut", "the address readers had"


async def test_an_embargo_is_told_to_the_desk_and_its_release_to_everyone(store: Store) -> None:
    story = await _approved(store)
    embargo = NOW + timedelta(hours=2)
    await publishing.schedule(
        store,
        EDITOR,
        article_id=story.id,
        expected_version=story.version,
        publish_at=embargo,
        unpublish_at=None,
        now=NOW,
    )
    scheduled = [
        e
        for e in await store.events.of_aggregate(model.AggregateKind.ARTICLE, story.id)
        if e.type is model.EventType.ARTICLE_SCHEDULED
    ]
    assert len(scheduled) == 1
    assert scheduled[0].public is False, "an embargoed story is not yet a published fact"
    assert scheduled[0].payload["publish_at"] == embargo

    assert await publishing.run_schedule(store, now=embargo) == 1

    assert sorted((await _types(store, story.id))[-2:]) == ["article.published", "story.workflow"]


async def _refuse_writes_to(store: Store, collection: str) -> None:
    """Make the database refuse every write to a collection, as a full disk or a broken
    validator would: the next change that writes there fails at the database."""
    await store._db.command(
        "collMod", collection, validator={"$jsonSchema": {"required": ["never-there"]}}
    )


async def test_a_change_whose_event_cannot_be_written_is_not_made(store: Store) -> None:
    story = await _approved(store)
    events_before = await store.events.count()
    await _refuse_writes_to(store, EVENTS)

    with pytest.raises(PyMongoError):
        await publishing.publish(
            store, EDITOR, article_id=story.id, expected_version=story.version, now=NOW
        )

    after = await store.articles.get(story.id)
    assert after is not None
    assert (after.status, after.version) == (model.Status.APPROVED, story.version)
    assert await store.live_articles.by_slug("bridge-closes") is None
    audit = [e.action for e in await store.audit_events.of_article(story.id)]
    assert "PUBLISH" not in audit
    assert await store.events.count() == events_before


async def test_an_event_whose_change_fails_is_not_written(store: Store) -> None:
    story = await _approved(store)
    events_before = await store.events.count()
    await _refuse_writes_to(store, LIVE_ARTICLES)

    with pytest.raises(PyMongoError):
        await publishing.publish(
            store, EDITOR, article_id=story.id, expected_version=story.version, now=NOW
        )

    assert await store.events.count() == events_before
    after = await store.articles.get(story.id)
    assert after is not None
    assert after.status is model.Status.APPROVED


async def test_a_stale_save_writes_no_event(store: Store) -> None:
    story = await _approved(store)
    events_before = await store.events.count()
    changes: dict[str, Any] = {"headline": "Too late"}

    with pytest.raises(Exception, match="not 1"):
        await editing.update_article(
            store, EDITOR, article_id=story.id, expected_version=1, changes=changes, now=NOW
        )

    assert await store.events.count() == events_before
