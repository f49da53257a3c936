"""The outbox: every change a subscriber could care about writes its events in the same
transaction, and a change that fails leaves no event (and an event that cannot be written
leaves no change)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from pymongo.errors import PyMongoError

from cms import model
from cms.config import Settings
from cms.domain import directory, editing, fronts, media, publishing
from cms.domain.workflow import Action
from cms.errors import BadUserInput
from cms.server.database import retention
from cms.store import Store
from cms.store.collections import EVENTS, LIVE_ARTICLES, WEBHOOK_ATTEMPTS
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


ADMIN = model.Principal(user_id=DESK.user_id, role=model.Role.ADMIN, email="admin@example.org")


async def _kinds(store: Store, kind: model.AggregateKind, item_id: str) -> list[str]:
    return [e.type.value for e in await store.events.of_aggregate(kind, item_id)]


async def test_the_directory_pictures_and_fronts_write_their_events(store: Store) -> None:
    section = await directory.create_section(
        store, ADMIN, slug="politics", name="Politics", parent=None, now=NOW
    )
    await directory.update_section(
        store, ADMIN, slug="politics", name="Politics & Power", parent=None, now=NOW
    )
    author = await directory.create_author(
        store, ADMIN, {"slug": "lena-hart", "name": "Lena Hart"}, now=NOW
    )
    await directory.delete_author(store, ADMIN, author.id, now=NOW)
    picture_id = await factories.picture(store)
    await media.update_media(
        store, ADMIN, asset_id=picture_id, changes={"caption": "The weir at dawn."}, now=NOW
    )
    story = await _approved(store)
    await publishing.publish(
        store, EDITOR, article_id=story.id, expected_version=story.version, now=NOW
    )
    front = await fronts.set_front(
        store, EDITOR, section=None, article_ids=[story.id], expected_version=0, now=NOW
    )

    assert await _kinds(store, model.AggregateKind.SECTION, section.id) == [
        "section.changed",
        "section.changed",
    ]
    gone = await store.events.of_aggregate(model.AggregateKind.AUTHOR, author.id)
    assert [(e.type.value, e.payload["deleted"]) for e in gone] == [
        ("author.changed", False),
        ("author.changed", True),
    ]
    assert await _kinds(store, model.AggregateKind.MEDIA, picture_id) == ["media.updated"]
    assert front.saved is not None
    [saved] = await store.events.of_aggregate(model.AggregateKind.FRONT, front.saved.id)
    assert (saved.type.value, saved.payload, saved.public) == (
        "front.changed",
        {"section": None},
        True,
    )


async def test_a_refused_directory_change_writes_no_event(store: Store) -> None:
    await directory.create_section(store, ADMIN, slug="sport", name="Sport", parent=None, now=NOW)
    before = await store.events.count()

    with pytest.raises(BadUserInput):
        await directory.create_section(
            store, ADMIN, slug="sport", name="Sport again", parent=None, now=NOW
        )

    assert await store.events.count() == before


async def test_the_scheduler_tells_once_that_a_pictures_rights_ended(store: Store) -> None:
    picture_id = await factories.picture(store)
    ends = NOW + timedelta(days=2)
    await media.update_media(
        store, ADMIN, asset_id=picture_id, changes={"rights_expire_at": ends}, now=NOW
    )

    await publishing.run_schedule(store, now=ends - timedelta(seconds=1))
    assert await _kinds(store, model.AggregateKind.MEDIA, picture_id) == ["media.updated"]
    # Two schedulers at the end of the rights: one tells it.
    await asyncio.gather(
        publishing.run_schedule(store, now=ends), publishing.run_schedule(store, now=ends)
    )
    await publishing.run_schedule(store, now=ends + timedelta(minutes=1))

    told = await store.events.of_aggregate(model.AggregateKind.MEDIA, picture_id)
    assert [e.type.value for e in told] == ["media.updated", "media.rights_expired"]
    assert told[1].public is True
    assert told[1].payload["rights_expire_at"] == ends

    # New rights, ending later: their end is told in its turn.
    later = ends + timedelta(days=30)
    await media.update_media(
        store, ADMIN, asset_id=picture_id, changes={"rights_expire_at": later}, now=ends
    )
    await publishing.run_schedule(store, now=later)
    assert (await _kinds(store, model.AggregateKind.MEDIA, picture_id))[-1] == (
        "media.rights_expired"
    )
    assert (await _kinds(store, model.AggregateKind.MEDIA, picture_id)).count(
        "media.rights_expired"
    ) == 2


async def test_how_long_events_are_kept_is_a_setting(store: Store, settings: Settings) -> None:
    async def kept() -> int:
        indexes = await store._db[EVENTS].index_information()
        return int(indexes["expiry"]["expireAfterSeconds"])

    assert await kept() == 30 * 86400
    await store.prepare(
        retention=retention(settings.model_copy(update={"event_retention_days": 7}))
    )
    assert await kept() == 7 * 86400
    attempts = await store._db[WEBHOOK_ATTEMPTS].index_information()
    assert attempts["expiry"]["expireAfterSeconds"] == 30 * 86400
