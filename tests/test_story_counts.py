"""Counts kept on writes (cms/store/counters.py): after any mix of publishing, unpublishing,
taking down, the scheduler's steps, merged tags and moved stories and sections, every count
equals a recount of the stories; a write the database fails midway leaves them as they were;
reading one costs a few small documents however large the archive; and a database written
before the counts were kept is counted at start."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from bson import ObjectId
from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError

from cms import model
from cms.config import Settings
from cms.domain import directory, editing, publishing, tags
from cms.domain.publishing import import_article
from cms.domain.workflow import Action
from cms.store import Store, open_store
from cms.store.articles import live_document
from cms.store.codec import new_id
from cms.store.collections import ARTICLES, EVENTS, LIVE_ARTICLES, SLUG_REDIRECTS, STORY_COUNTS
from cms.store.counters import BUILT, COUNTED, live_keys, tally, working_keys
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


async def _mix(store: Store, ada: str, ben: str) -> None:
    """Every kind of write a story's copies go through, one after another."""
    live = [
        await factories.story(
            store,
            slug=f"live-{i}",
            section=("news", "politics", "sport")[i % 3],
            author_ids=(ada, ben) if i % 2 else (ada,),
            tags=("flooding", "council") if i % 2 else ("council",),
        )
        for i in range(6)
    ]
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
    # And the API answers each list's total as the stories themselves say.
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
    # six imported, one published, two taken off, one embargo released, one come down
    assert (await api.gql(LIST, {}))["articles"]["totalCount"] == 5
    assert (await api.gql(LIST, {"tag": "town-hall"}))["articles"]["totalCount"] == 3

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
    found = (await editor.gql(TAGS, {"q": "town"}))["tags"]["edges"]
    assert {"slug": "town-hall", "storyCount": 6} in [e["node"] for e in found]


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
