"""Counts kept on writes (cms/store/counters.py): after any mix of publishing, unpublishing,
taking down, the scheduler's steps, merged tags and moved stories and sections, every count
equals a recount of the stories; a write the database fails midway leaves them as they were;
reading one costs a few small documents however large the archive; and a database written
before the counts were kept (or by an earlier version of the lists) is counted step by step,
each step a short transaction, exactly whatever writes, refused commits and other instances
come between the steps, with every count read exact until it is done."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import pytest
from bson import ObjectId
from pymongo import AsyncMongoClient
from pymongo.errors import OperationFailure, PyMongoError

from cms import model
from cms.config import Settings
from cms.domain import directory, editing, publishing, tags
from cms.domain.publishing import import_article
from cms.domain.workflow import Action
from cms.server import counting
from cms.store import Store, open_store
from cms.store.articles import live_document
from cms.store.codec import new_id
from cms.store.collections import ARTICLES, EVENTS, LIVE_ARTICLES, SLUG_REDIRECTS, STORY_COUNTS
from cms.store.counters import BUILT, BUILT_VERSION, COUNTED, live_keys, tally, working_keys
from tests import factories, newsroom
from tests.conftest import Api, Clock, running_app
from tests.factories import DESK, NOW
from tests.newsroom import step

LIST = """
query List($section: String, $tag: String, $author: String, $since: DateTime,
           $subsections: Boolean = true) {
  articles(first: 1, section: $section, tag: $tag, author: $author, updatedSince: $since,
           includeSubsections: $subsections) { totalCount }
}
"""
BUDGET = """
query Budget($status: Status, $section: String, $author: String, $mine: Boolean,
             $search: String) {
  articles(first: 1, status: $status, section: $section, author: $author, mine: $mine,
           search: $search) { totalCount }
  articleCounts(section: $section, author: $author, mine: $mine, search: $search) {
    status count
  }
}
"""
TAGS = (
    "query Tags($search: String) { tags(search: $search) { edges { node { slug storyCount } } } }"
)


@pytest.fixture
async def api(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    """The app without its response cache: every count is read from the database."""
    changed = settings.model_copy(update={"response_cache": False, "rate_limit": False})
    async with running_app(changed, store, clock) as running:
        yield running


async def _stored(store: Store) -> dict[str, int]:
    """The counts as stored, those above zero."""
    cursor = store._db[STORY_COUNTS].find({"_id": {"$ne": BUILT}})
    return {doc["_id"]: doc["n"] async for doc in cursor if doc["n"]}


async def _recount(store: Store) -> dict[str, int]:
    """Every list's count, recounted from the stories themselves."""
    found: Counter[str] = Counter()
    for collection, keys_of in ((LIVE_ARTICLES, live_keys), (ARTICLES, working_keys)):
        async for doc in store._db[collection].find({}, COUNTED):
            found.update(keys_of(doc))
    return dict(found)


async def _approved(store: Store, slug: str, *, section: str, author: str) -> model.Article:
    draft = await factories.story(
        store, slug=slug, section=section, author_ids=(author,), published_at=None
    )
    for version, action in enumerate((Action.SUBMIT, Action.APPROVE), start=draft.version):
        await publishing.move(
            store, DESK, article_id=draft.id, expected_version=version, action=action, now=NOW
        )
    return await store.articles.get(draft.id) or draft


async def _newsroom(store: Store) -> tuple[str, str]:
    await factories.section(store, "news", "News")
    await factories.section(store, "politics", "Politics", parent="news")
    await factories.section(store, "sport", "Sport")
    return (
        await factories.author(store, "ada-reporter", "Ada Reporter"),
        await factories.author(store, "ben-writer", "Ben Writer"),
    )


async def _varied(
    store: Store, ada: str, ben: str, *, prefix: str, count: int
) -> list[model.Article]:
    """Live stories over three sections, by one author or two, with one tag or two."""
    return [
        await factories.story(
            store,
            slug=f"{prefix}-{i}",
            section=("news", "politics", "sport")[i % 3],
            author_ids=(ada, ben) if i % 2 else (ada,),
            tags=("flooding", "council") if i % 2 else ("council",),
        )
        for i in range(count)
    ]


async def _mix(store: Store, ada: str, ben: str) -> None:
    """Every kind of write a story's copies go through, one after another."""
    live = await _varied(store, ada, ben, prefix="live", count=6)
    fresh = await _approved(store, "fresh", section="politics", author=ben)
    await publishing.publish(
        store, DESK, article_id=fresh.id, expected_version=fresh.version, now=NOW
    )
    for story, action in ((live[0], Action.UNPUBLISH), (live[1], Action.TAKE_DOWN)):
        await publishing.take_off(
            store,
            DESK,
            article_id=story.id,
            expected_version=story.version,
            action=action,
            reason="Legal asked for it.",
            now=NOW,
        )
    # A live story moves section and loses a byline, then goes live again so.
    moved = await editing.update_article(
        store,
        DESK,
        article_id=live[3].id,
        expected_version=live[3].version,
        changes={"section": "sport", "bylines": (model.Byline(author_id=ada),)},
        now=NOW,
    )
    await publishing.publish(
        store, DESK, article_id=moved.id, expected_version=moved.version, now=NOW
    )
    # The scheduler's steps: an embargo released, a live story's time to come down.
    embargoed = await _approved(store, "embargoed", section="sport", author=ada)
    later = NOW + timedelta(hours=1)
    await publishing.schedule(
        store,
        DESK,
        article_id=embargoed.id,
        expected_version=embargoed.version,
        publish_at=later,
        unpublish_at=None,
        now=NOW,
    )
    await publishing.schedule(
        store,
        DESK,
        article_id=live[4].id,
        expected_version=live[4].version,
        publish_at=None,
        unpublish_at=later,
        now=NOW,
    )
    assert await publishing.run_schedule(store, now=later + timedelta(minutes=1)) == 2
    await tags.merge_tags(store, DESK, sources=["council"], into="town-hall", now=NOW)
    await directory.update_section(store, DESK, slug="sport", name="Sport", parent="news", now=NOW)


async def _mine(api: Api, section: str, author: str) -> str:
    """A draft an editor of the desk created (theirs: "mine"); the editor's token."""
    token, user_id = await newsroom.login_as(api, model.Role.EDITOR)
    editor = model.Principal(user_id=user_id, role=model.Role.EDITOR, email="ed@example.org")
    content = {
        "slug": "my-draft",
        "headline": "Ferry timetable changes for winter",
        "section": section,
        "bylines": (model.Byline(author_id=author),),
        "tags": ("ferries",),
    }
    await editing.create_article(api.store, editor, content=content, now=NOW)
    return token


async def test_counts_equal_a_recount_after_every_kind_of_write(api: Api) -> None:
    ada, ben = await _newsroom(api.store)
    await _mix(api.store, ada, ben)
    token = await _mine(api, "sport", ben)

    assert await _stored(api.store) == await _recount(api.store)
    await _answers_match_the_stories(api, token, ada=ada, ben=ben)
    # six imported, one published, two taken off, one embargo released, one come down
    assert (await api.gql(LIST, {}))["articles"]["totalCount"] == 5
    assert (await api.gql(LIST, {"tag": "town-hall"}))["articles"]["totalCount"] == 3
    found = (await api.as_editor(token).gql(TAGS, {"q": "town"}))["tags"]["edges"]
    assert {"slug": "town-hall", "storyCount": 6} in [e["node"] for e in found]


async def _answers_match_the_stories(api: Api, token: str, *, ada: str, ben: str) -> None:
    """The API answers each list's total, the budget's tabs and a tag's story count as the
    stories themselves say (``_newsroom``'s sections and writers, ``_mine``'s editor)."""
    live = api.store._db[LIVE_ARTICLES]
    below_news = {"$in": ["news", "politics", "sport"]}  # sport moved under news
    since = NOW - timedelta(minutes=5)
    cases: list[tuple[dict[str, Any], dict[str, Any]]] = [
        ({}, {}),
        ({"section": "news"}, {"section": below_news}),
        ({"section": "news", "subsections": False}, {"section": "news"}),
        ({"section": "sport"}, {"section": "sport"}),
        ({"tag": "town-hall"}, {"tags": "town-hall"}),
        ({"tag": "council"}, {"tags": "council"}),
        ({"author": "ben-writer"}, {"bylines.author_id": ObjectId(ben)}),
        ({"section": "news", "tag": "flooding"}, {"section": below_news, "tags": "flooding"}),
        (
            {"section": "politics", "author": "ada-reporter"},
            {"section": "politics", "bylines.author_id": ObjectId(ada)},
        ),
        ({"since": since.isoformat()}, {"updated_at": {"$gte": since}}),
        (
            {"tag": "flooding", "since": since.isoformat()},
            {"tags": "flooding", "updated_at": {"$gte": since}},
        ),
    ]
    for variables, query in cases:
        total = (await api.gql(LIST, variables))["articles"]["totalCount"]
        assert total == await live.count_documents(query), variables

    editor = api.as_editor(token)
    working = api.store._db[ARTICLES]
    budget_cases: list[tuple[dict[str, Any], dict[str, Any]]] = [
        ({}, {}),
        ({"section": "sport"}, {"section": "sport"}),
        ({"author": "ada-reporter"}, {"bylines.author_id": ObjectId(ada)}),
        ({"mine": True}, {"owner_id": {"$ne": None}}),
        (
            {"section": "sport", "author": "ben-writer"},
            {"section": "sport", "bylines.author_id": ObjectId(ben)},
        ),
        ({"search": "ferry"}, {"slug": "my-draft"}),
    ]
    for variables, query in budget_cases:
        data = await editor.gql(BUDGET, variables)
        counts = {c["status"]: c["count"] for c in data["articleCounts"]}
        for status in model.Status:
            wanted = await working.count_documents({**query, "status": status.value})
            assert counts[status.value] == wanted, (variables, status)
        assert data["articles"]["totalCount"] == await working.count_documents(query)
        published = await editor.gql(BUDGET, {**variables, "status": "PUBLISHED"})
        assert published["articles"]["totalCount"] == counts["PUBLISHED"], variables
    listed = [e["node"] for e in (await editor.gql(TAGS, {}))["tags"]["edges"]]
    assert {tag["slug"] for tag in listed} >= {"town-hall", "flooding", "ferries"}
    for tag in listed:
        assert tag["storyCount"] == await working.count_documents({"tags": tag["slug"]}), tag


async def _refuse_writes_to(store: Store, collection: str) -> None:
    """Make the database refuse every write to a collection, as a full disk would."""
    await store._db.command(
        "collMod", collection, validator={"$jsonSchema": {"required": ["never-there"]}}
    )


@pytest.mark.parametrize("failing", [STORY_COUNTS, EVENTS, SLUG_REDIRECTS])
async def test_a_write_the_database_fails_midway_leaves_the_counts_as_they_were(
    store: Store, failing: str
) -> None:
    """The counts fail (the story is not written either), or a write after them does (the
    outbox's event, a merge's redirect): all of it or none of it."""
    ada, ben = await _newsroom(store)
    story = await _approved(store, "bridge", section="politics", author=ada)
    await factories.story(store, slug="quay", section="news", author_ids=(ben,), tags=("council",))
    before = await _stored(store)
    assert before == await _recount(store)
    await _refuse_writes_to(store, failing)

    if failing != SLUG_REDIRECTS:  # a publish writes none
        with pytest.raises(PyMongoError):
            await publishing.publish(
                store, DESK, article_id=story.id, expected_version=story.version, now=NOW
            )
    if failing != EVENTS:  # a merge writes its redirects after every story's tags
        with pytest.raises(PyMongoError):
            await tags.merge_tags(store, DESK, sources=["council"], into="town-hall", now=NOW)

    assert await _stored(store) == before
    assert await _recount(store) == before
    assert await store.live_articles.by_slug("bridge") is None


async def test_a_database_written_before_the_counts_is_counted_at_start(store: Store) -> None:
    ada, ben = await _newsroom(store)
    await _mix(store, ada, ben)
    expected = await _recount(store)
    counts = store._db[STORY_COUNTS]
    await counts.delete_many({})  # as the database was before counts were kept

    await store.prepare()

    assert await _stored(store) == expected
    assert await counts.find_one({"_id": BUILT}) is not None
    # Counted once: a start with the counts built leaves them to the writes.
    await counts.update_one({"_id": "live"}, {"$inc": {"n": 100}})
    await store.prepare()
    assert (await _stored(store))["live"] == expected["live"] + 100


async def _archive(store: Store, count: int, *, start: datetime, writers: list[str]) -> None:
    """``count`` live stories (and their working copies), one every 11 minutes back from
    ``start``, brought in by bulk inserts."""
    stories = [
        model.Article(
            id=new_id(),
            slug=f"story-{start:%Y%m%d}-{index}",
            headline=f"Council weighs flood plan {index}",
            section=("news", "politics", "sport")[index % 3],
            tags=("flooding",) if index % 4 == 0 else ("council",),
            bylines=(model.Byline(author_id=writers[index % 2]),),
            body=(factories.paragraph("The river rose two metres overnight."),),
            status=model.Status.PUBLISHED,
            created_at=start - timedelta(minutes=11 * index + 60),
            updated_at=start - timedelta(minutes=11 * index),
            published_at=start - timedelta(minutes=11 * index),
            first_published_at=start - timedelta(minutes=11 * index),
        )
        for index in range(count)
    ]
    await store.articles.insert_many(stories)
    await store.live_articles.put_many(stories)


async def _explain(api: Api, command: dict[str, Any]) -> dict[str, Any]:
    assert api.settings.mongodb_uri is not None
    client: AsyncMongoClient[Any] = AsyncMongoClient(api.settings.mongodb_uri)
    try:
        database = client[api.settings.database]
        report: dict[str, Any] = await database.command(
            "explain", command, verbosity="executionStats"
        )
        return report
    finally:
        await client.close()


def _counting(command: dict[str, Any]) -> bool:
    """A command that counts: a read of the counts, or an exact count of stories."""
    if command.get("find") == STORY_COUNTS:
        return True
    stages = command.get("pipeline") or ()
    return command.get("aggregate") in (ARTICLES, LIVE_ARTICLES) and any(
        "$count" in stage or "$group" in stage for stage in stages
    )


async def _examined(api: Api, query: str, variables: dict[str, Any]) -> tuple[int, set[str]]:
    """The documents the database reports examining to count a list, and which collections
    were read for it: each counting command is sent again as an explain."""
    api.commands.commands.clear()
    await api.gql(query, variables)
    sent = [c for c in api.commands.commands if _counting(c)]
    assert sent, "the list was counted"
    examined = 0
    for command in sent:
        name = command.get("find") or command["aggregate"]
        inner = {k: v for k, v in command.items() if k in ("find", "filter", "aggregate")}
        if "aggregate" in command:
            inner.update(pipeline=command["pipeline"], cursor={})
        report = await _explain(api, inner)
        examined += report["executionStats"]["totalDocsExamined"]
        assert name in (STORY_COUNTS, LIVE_ARTICLES, ARTICLES)
    return examined, {c.get("find") or c["aggregate"] for c in sent}


async def test_counting_a_list_costs_the_same_whatever_the_size_of_the_archive(api: Api) -> None:
    """SecantusDB's explain reports the documents each command reads: a list's count reads its
    few counts, and a count the counts cannot answer (updatedSince) reads its window, the
    same number at 150 stories as at 750."""
    ada, ben = await _newsroom(api.store)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    since = (NOW - timedelta(hours=3)).isoformat()  # 17 stories of the newest
    lists: list[tuple[Api, str, dict[str, Any]]] = [
        (api, LIST, {}),
        (api, LIST, {"section": "news"}),  # with politics below it
        (api, LIST, {"tag": "flooding"}),
        (api, LIST, {"author": "ben-writer"}),
        (api, LIST, {"since": since}),
        (api, LIST, {"section": "sport", "since": since}),
        (editor, BUDGET, {"section": "sport"}),
        (editor, BUDGET, {"status": "PUBLISHED", "author": "ada-reporter"}),
    ]

    async def costs() -> list[tuple[int, set[str]]]:
        return [await _examined(client, query, v) for client, query, v in lists]

    await _archive(api.store, 150, start=NOW, writers=[ada, ben])
    small = await costs()
    await _archive(api.store, 600, start=NOW - timedelta(days=30), writers=[ada, ben])
    large = await costs()

    assert small == large
    for (examined, read), (_, _, variables) in zip(small, lists, strict=True):
        if "since" in variables:
            assert read == {LIVE_ARTICLES}, variables
            assert examined <= 17, variables
        else:  # at most the budget's tabs: one count per status
            assert read == {STORY_COUNTS}, variables
            assert examined <= len(model.Status), variables
    # The old way, a count of every match, reads the whole list (the 250 sport stories):
    whole = {
        "aggregate": LIVE_ARTICLES,
        "pipeline": [{"$match": {"section": "sport"}}, {"$count": "n"}],
        "cursor": {},
    }
    report = await _explain(api, whole)
    assert report["executionStats"]["totalDocsExamined"] >= 250


PAGE = """
query Page($section: String, $tag: String, $author: String) {
  articles(first: 8, section: $section, tag: $tag, author: $author) {
    totalCount
    edges { cursor node { slug headline tags section { slug } authors { slug } } }
  }
}
"""


async def test_a_bulk_import_reads_as_the_same_stories_published_one_by_one(
    settings: Settings, store: Store, clock: Clock
) -> None:
    """What the benchmark's seeding does (documents prepared as the store writes a live copy,
    inserted uncounted, their counts tallied and added once) reads, lists and counts alike, as
    the same stories published through the use case, one by one."""
    bulk_settings = settings.model_copy(update={"database": f"{settings.database}_bulk"})
    assert settings.mongodb_uri is not None
    bulk = open_store(settings.mongodb_uri, bulk_settings.database, timeout_ms=5000)
    await bulk.prepare()
    writers = [model.Author(id=new_id(), slug=f"writer-{i}", name=f"Writer {i}") for i in range(3)]
    lead = await factories.picture(store)
    picture = await store.media.get(lead)
    assert picture is not None
    stories = [
        model.Article(
            id=new_id(),
            slug=f"story-{index}",
            headline=f"Council weighs flood plan {index}",
            section=("news", "politics", "sport")[index % 3],
            tags=(("flooding", "council"), ("council",), ("rail",))[index % 3 if index % 4 else 0],
            bylines=tuple(model.Byline(author_id=w.id) for w in writers[: 1 + index % 2]),
            lead_media=model.MediaUse(asset_id=lead),
            body=(factories.paragraph("The river rose two metres overnight."),),
            status=model.Status.PUBLISHED,
            created_at=NOW - timedelta(minutes=11 * index + 60),
            updated_at=NOW - timedelta(minutes=11 * index),
            published_at=NOW - timedelta(minutes=11 * index),
            first_published_at=NOW - timedelta(minutes=11 * index),
        )
        for index in range(30)
    ]
    try:
        for target in (store, bulk):
            await factories.section(target, "news", "News")
            await factories.section(target, "politics", "Politics", parent="news")
            await factories.section(target, "sport", "Sport")
            for writer in writers:
                await target.authors.insert(writer)
        await bulk.media.insert(picture)
        for story in stories:
            await import_article(store, story, actor=DESK, now=story.published_at or NOW)
        docs = [live_document(story) for story in stories]
        await bulk.live_articles.put_documents(docs, counted=False)
        await bulk.story_counts.add(tally(live_keys, docs))

        assert await _stored(bulk) == {
            k: v for k, v in (await _stored(store)).items() if k.startswith("live")
        }
        lists = [{}, {"section": "news"}, {"section": "sport"}, {"tag": "council"}]
        lists.append({"author": "writer-1"})
        answers = []
        for target, configured in ((store, settings), (bulk, bulk_settings)):
            async with running_app(configured, target, clock) as api:
                answers.append([await api.gql(PAGE, variables) for variables in lists])
        assert answers[0] == answers[1]
        assert [a["articles"]["totalCount"] for a in answers[1]] == [30, 20, 10, 22, 15]
    finally:
        await bulk.drop()
        await bulk.close()


PUBLISH = step("publishArticle")


async def test_a_publish_moves_the_counts_in_one_write_just_before_it_commits(api: Api) -> None:
    """The counts every publish touches (all live stories') are written last, in one command,
    so concurrent changes hold them for the moment of a commit, not a whole transaction."""
    ada, _ = await _newsroom(api.store)
    story = await _approved(api.store, "bridge", section="politics", author=ada)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    api.commands.commands.clear()

    await editor.gql(PUBLISH, {"id": story.id, "v": story.version})

    names = [next(iter(c)) for c in api.commands.commands]
    writes = [
        (i, c)
        for i, c in enumerate(api.commands.commands)
        if names[i] in ("insert", "update", "delete", "findAndModify")
    ]
    counted = [i for i, c in writes if c[names[i]] == STORY_COUNTS]
    assert len(counted) == 1
    assert counted[0] == writes[-1][0]  # the transaction's last write
    assert names[counted[0] + 1] == "commitTransaction"
    assert await _stored(api.store) == await _recount(api.store)


# Building the counts (a database from before they were kept, or an earlier version of the
# lists): step by step, each step its own short transaction.


async def _forget(store: Store) -> None:
    """Leave the counts as an earlier version of the lists left them: wrong, and not built."""
    counts = store._db[STORY_COUNTS]
    await counts.delete_many({})
    await counts.insert_many(
        [
            {"_id": BUILT, "n": 0, "version": BUILT_VERSION - 1},
            {"_id": "live", "n": 99},
            {"_id": "live|tag|ghost-town", "n": 4},
            {"_id": "working|DRAFT", "n": -2},
        ]
    )


async def _progress(store: Store) -> dict[str, Any]:
    found = await store._db[STORY_COUNTS].find_one({"_id": BUILT})
    assert found is not None
    return dict(found)


async def _until_counting(store: Store, *, size: int = 1) -> dict[str, Any]:
    """Build until the old counts are gone and the newest stories are counted; how far."""
    while "below" not in (progress := await _progress(store)):
        assert not await store.count_stories(size=size, steps=1)
    return progress


async def _archive_of_copies(store: Store, ada: str, ben: str) -> list[model.Article]:
    """Twelve live stories, oldest first, and two approved drafts after them."""
    live = await _varied(store, ada, ben, prefix="report", count=12)
    live.append(await _approved(store, "bridge", section="politics", author=ben))
    live.append(await _approved(store, "ferry", section="sport", author=ada))
    return live


async def _current(store: Store, story: model.Article) -> model.Article:
    found = await store.articles.get(story.id)
    assert found is not None
    return found


def _writes(store: Store, stories: list[model.Article], ada: str) -> list[Any]:
    """Every kind of write of a story's copies, to the oldest stories (not counted until the
    end) and the newest (counted first): each a function to call between two steps."""
    oldest, newest = stories[:4], stories[4:]

    async def publish(story: model.Article) -> None:
        now = await _current(store, story)
        await publishing.publish(
            store, DESK, article_id=now.id, expected_version=now.version, now=NOW
        )

    async def take_off(story: model.Article, action: Action) -> None:
        now = await _current(store, story)
        await publishing.take_off(
            store,
            DESK,
            article_id=now.id,
            expected_version=now.version,
            action=action,
            reason="Legal asked for it.",
            now=NOW,
        )

    async def move(story: model.Article) -> None:
        """A live story moves section, changes tags and loses a byline, live again so."""
        now = await _current(store, story)
        changes = {
            "section": "sport" if now.section != "sport" else "news",
            "tags": ("harbour", "council"),
            "bylines": (model.Byline(author_id=ada),),
        }
        await editing.update_article(
            store, DESK, article_id=now.id, expected_version=now.version, changes=changes, now=NOW
        )
        await publish(story)

    async def delete(story: model.Article) -> None:
        async def work(tx: Store) -> None:
            await tx.live_articles.delete(story.id)
            await tx.articles.delete(story.id)

        await store.atomically(work)

    async def create() -> None:
        content = {"slug": "new-draft", "headline": "Quay reopens", "section": "news"}
        await editing.create_article(store, DESK, content=content, now=NOW)

    async def merge() -> None:
        await tags.merge_tags(store, DESK, sources=["council"], into="town-hall", now=NOW)

    return [
        lambda: move(oldest[0]),
        lambda: move(newest[1]),
        lambda: take_off(oldest[1], Action.UNPUBLISH),
        lambda: publish(newest[-1]),  # the approved "ferry"
        lambda: delete(oldest[2]),
        lambda: take_off(newest[0], Action.TAKE_DOWN),
        create,
        lambda: publish(oldest[1]),  # live again
        merge,
        lambda: delete(newest[2]),
    ]


async def test_counts_built_step_by_step_equal_a_recount_whatever_writes_come_between(
    store: Store,
) -> None:
    """Counted one story of each collection a step, with a write of every kind after each
    step: to stories counted already (they move the counts) and stories not yet counted
    (they do not: their step reads them as written)."""
    ada, ben = await _newsroom(store)
    stories = await _archive_of_copies(store, ada, ben)
    await _forget(store)
    writes = _writes(store, stories, ada)
    await writes.pop(0)()  # before the first step: nothing is counted
    await _until_counting(store)

    steps = 0
    while not await store.count_stories(size=1, steps=1):
        steps += 1
        if writes:
            await writes.pop(0)()
    assert not writes, "every write came while the stories were being counted"
    assert steps >= 9
    assert await _stored(store) == await _recount(store)
    assert await store.story_counts.built()
    # Built: a later step, a later start, counts nothing again.
    assert await store.count_stories(size=1, steps=1)
    await store.prepare()
    assert await _stored(store) == await _recount(store)


async def test_a_write_of_a_story_not_yet_counted_and_a_step_conflict(store: Store) -> None:
    """A step's reads and a write of a story not counted yet could each miss the other
    (snapshot isolation): both write ``~built``, so whichever comes second is refused, as a
    transient error that ``Store.atomically`` runs again."""
    ada, ben = await _newsroom(store)
    stories = await _archive_of_copies(store, ada, ben)
    await _forget(store)
    await _until_counting(store)
    oldest = stories[0]  # the last to be counted
    client, db = store._client, store._db

    for step_first in (True, False):
        async with client.start_session() as stepping, client.start_session() as writing:
            await stepping.start_transaction()
            await writing.start_transaction()
            step, write = Store(client, db, stepping), Store(client, db, writing)

            async def retag(tx: Store) -> None:
                now = await _current(tx, oldest)
                assert await tx.articles.set_tags(oldest.id, ("harbour",), version=now.version)
                await tx.story_counts.flush()

            first, second = (
                (step.story_counts.build_step(size=1), retag(write))
                if step_first
                else (retag(write), step.story_counts.build_step(size=1))
            )
            await first
            with pytest.raises(OperationFailure) as refused:
                await second
            assert refused.value.has_error_label("TransientTransactionError")
            loser, winner = (writing, stepping) if step_first else (stepping, writing)
            await loser.abort_transaction()
            await winner.commit_transaction()
    # What lost runs again, as Store.atomically would run it.
    await store.atomically(retag)
    assert await store.count_stories(size=1)
    assert await _stored(store) == await _recount(store)


@asynccontextmanager
async def _refused_commit(store: Store) -> AsyncIterator[None]:
    """The database refuses the next transaction's commit (a lost primary, a full disk)."""
    data = {"failCommands": ["commitTransaction"], "errorCode": 2, "errorLabels": []}
    admin = store._client.admin
    await admin.command({"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": data})
    try:
        yield
    finally:
        await admin.command({"configureFailPoint": "failCommand", "mode": "off"})


async def test_a_build_stopped_midway_goes_on_from_its_last_step(store: Store) -> None:
    ada, ben = await _newsroom(store)
    stories = await _archive_of_copies(store, ada, ben)
    await _forget(store)
    await _until_counting(store)
    assert not await store.count_stories(size=1, steps=1)
    before = await _progress(store)
    counted = await _stored(store)

    async with _refused_commit(store):
        with pytest.raises(PyMongoError):
            await store.count_stories(size=1, steps=1)
    # Nothing of the refused step was kept: the counts are where the last step left them.
    assert await _progress(store) == before
    assert await _stored(store) == counted
    await _writes(store, stories, ada)[0]()  # meanwhile, a story not yet counted moves

    assert not await store.count_stories(size=1, steps=1)
    after = await _progress(store)
    assert after["below"] < before["below"]  # on from there, not from the newest again
    assert await store.count_stories(size=1)
    assert await _stored(store) == await _recount(store)


async def test_two_instances_building_in_turns_count_each_story_once(
    settings: Settings, store: Store
) -> None:
    assert settings.mongodb_uri is not None
    other = open_store(settings.mongodb_uri, settings.database, timeout_ms=5000)
    try:
        ada, ben = await _newsroom(store)
        stories = await _archive_of_copies(store, ada, ben)
        await _forget(store)
        writes = _writes(store, stories, ada)
        done = [False, False]
        turn = 0
        while not all(done):
            instance = (store, other)[turn % 2]
            done[turn % 2] = await instance.count_stories(size=1, steps=1)
            if writes and "below" in await _progress(store):
                await writes.pop(0)()
            turn += 1
        assert not writes
        assert await _stored(store) == await _recount(store)
    finally:
        await other.close()


async def test_two_instances_building_at_once_while_editors_write(
    settings: Settings, store: Store
) -> None:
    """Two instances' builds and editors' writes at the same time: steps and writes conflict,
    run again, and every story is counted once."""
    assert settings.mongodb_uri is not None
    other = open_store(settings.mongodb_uri, settings.database, timeout_ms=5000)
    try:
        ada, ben = await _newsroom(store)
        stories = await _archive_of_copies(store, ada, ben)
        await _forget(store)
        writes = _writes(store, stories, ada)

        async def editors() -> None:
            for write in writes:
                await write()

        built = await asyncio.gather(
            store.count_stories(size=1), other.count_stories(size=1), editors()
        )
        assert built[:2] == [True, True]
        assert await _stored(store) == await _recount(store)
    finally:
        await other.close()


async def test_reads_while_the_counts_are_not_built_count_the_stories(api: Api) -> None:
    """Before the first step and midway, every count read is counted from the stories, not
    read from counts that are wrong or half built."""
    ada, ben = await _newsroom(api.store)
    await _mix(api.store, ada, ben)
    token = await _mine(api, "sport", ben)
    expected = await _recount(api.store)
    await _forget(api.store)

    async def exact() -> None:
        await _answers_match_the_stories(api, token, ada=ada, ben=ben)
        for key, n in expected.items():  # every kind of list a count is kept for
            assert await api.store.story_counts.total([key]) == n, key
        assert await api.store.story_counts.total(["live|tag|ghost-town"]) == 0

    await exact()
    await _until_counting(api.store)
    assert not await api.store.count_stories(size=1, steps=2)
    assert 0 < len(await _stored(api.store)) < len(expected)
    await exact()
    assert await api.store.count_stories(size=1)
    assert await _stored(api.store) == expected
    await exact()


async def test_the_background_build_goes_on_after_a_step_the_database_refused(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    ada, ben = await _newsroom(store)
    await _archive_of_copies(store, ada, ben)
    await _forget(store)
    await _until_counting(store)

    async with _refused_commit(store):
        await counting.build(store, size=4, retry_seconds=0)

    assert "counting the stories failed unexpectedly" in caplog.text
    assert await store.story_counts.built()
    assert await _stored(store) == await _recount(store)


async def test_a_start_that_leaves_counting_to_do_counts_the_rest_in_the_background(
    settings: Settings, store: Store, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    """A start runs the first steps (here, a story of each collection a step: it deletes the
    old counts and counts a few stories) and serves; the app counts the rest, exact
    meanwhile."""
    ada, ben = await _newsroom(store)
    await _mix(store, ada, ben)
    expected = await _recount(store)
    await _forget(store)
    caplog.set_level(logging.INFO, logger="cms.store")

    changed = {"rate_limit": False, "story_count_batch": 1}
    async with running_app(settings.model_copy(update=changed), store, clock) as api:
        assert "continues in the background" in caplog.text
        async with asyncio.timeout(30):
            while not await api.store.story_counts.built():
                total = (await api.gql(LIST, {}))["articles"]["totalCount"]
                assert total == expected["live"]
                await asyncio.sleep(0.02)
        assert await _stored(api.store) == expected
