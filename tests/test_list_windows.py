"""Lists read in time windows (cms/store/windows.py): every story once and in order across the
windows' edges, in both orders and both directions, and a page reads about what it shows
however large the archive, as the database's own explain reports."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from cms import model
from cms.config import Settings
from cms.store import LiveFilter, LiveOrder, Store
from cms.store.codec import new_id
from cms.store.media import words
from tests import factories, newsroom
from tests.conftest import Api, Clock, running_app

PAGE = """
query Page(
  $first: Int, $after: String, $last: Int, $before: String, $order: ArticleOrder,
  $since: DateTime, $section: String, $tag: String, $author: String,
  $subsections: Boolean = true
) {
  articles(
    first: $first, after: $after, last: $last, before: $before, orderBy: $order,
    updatedSince: $since, section: $section, tag: $tag, author: $author,
    includeSubsections: $subsections
  ) {
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
BUDGET = """
query Budget($first: Int, $after: String, $status: Status, $section: String,
             $author: String, $mine: Boolean, $search: String) {
  articles(first: $first, after: $after, status: $status, section: $section,
           author: $author, mine: $mine, search: $search) {
    edges { node { slug } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
SECTIONS = ("news", "politics", "sport")  # politics is below news


@pytest.fixture
async def api(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    """The app without its response cache (each page read from the database) and without
    rate limits (a crawl asks for many pages at once)."""
    changed = settings.model_copy(update={"response_cache": False, "rate_limit": False})
    async with running_app(changed, store, clock) as running:
        yield running


async def _archive(
    store: Store, count: int, *, start: datetime, seed: int = 7, corrected: bool = True
) -> list[model.Article]:
    """``count`` live stories, one every 11 minutes back from ``start``, brought in by bulk
    inserts; every ninth shares its time with the next (equal times cross window edges), and
    every fifth was corrected later (its last update is newer than its publication)."""
    rng = random.Random(seed)
    writers = [a.id for a in sorted(await store.authors.all(), key=lambda a: a.slug)]
    lead = await factories.picture(store)
    stories = []
    when = start
    for index in range(count):
        if index % 9 != 8:
            when -= timedelta(minutes=11)
        later = timedelta(hours=rng.randint(1, 900))
        updated = when + later if corrected and index % 5 == 0 else when
        stories.append(
            model.Article(
                id=new_id(),
                slug=f"story-{start:%Y%m%d}-{index}",
                headline=f"Council weighs flood plan {index}",
                section=SECTIONS[index % 3],
                tags=("flooding",) if index % 4 == 0 else ("council",),
                bylines=(model.Byline(author_id=writers[index % 3]),),
                lead_media=model.MediaUse(asset_id=lead),
                body=(factories.paragraph("The river rose two metres overnight."),),
                status=model.Status.PUBLISHED,
                created_at=when - timedelta(hours=1),
                updated_at=updated,
                published_at=updated,
                first_published_at=when,
            )
        )
    await store.articles.insert_many(stories)
    await store.live_articles.put_many(stories)
    return stories


async def _sections(store: Store) -> None:
    """The sections (politics below news) and the three writers of every archive."""
    await factories.section(store, "news", "News")
    await factories.section(store, "politics", "Politics", parent="news")
    await factories.section(store, "sport", "Sport")
    for index in range(3):
        await factories.author(store, f"writer-{index}", f"Writer {index}")


def _expected(stories: list[model.Article], order: LiveOrder, keep: Any = None) -> list[str]:
    """The list as it must read: newest first on the order's time, then on id."""
    wanted = [s for s in stories if keep is None or keep(s)]
    wanted.sort(key=lambda s: (getattr(s, order.value), s.id), reverse=True)
    return [s.slug for s in wanted]


async def _crawl(api: Api, size: int, **variables: Any) -> list[str]:
    """Every page of a list, forward, and check that paging back from its end agrees."""
    seen: list[str] = []
    after = None
    for _ in range(1000):
        page = (await api.gql(PAGE, {**variables, "first": size, "after": after}))["articles"]
        seen += [e["node"]["slug"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    back: list[str] = []
    before = None
    for _ in range(1000):
        page = (await api.gql(PAGE, {**variables, "last": size, "before": before}))["articles"]
        back = [e["node"]["slug"] for e in page["edges"]] + back
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert back == seen, "paging backward from the end reads the list forward read"
    return seen


async def test_every_list_reads_each_story_once_in_order_across_window_edges(api: Api) -> None:
    await _sections(api.store)
    stories = await _archive(api.store, 240, start=factories.NOW)
    order = LiveOrder.LAST_UPDATED
    first = LiveOrder.FIRST_PUBLISHED
    writer = stories[1].bylines[0].author_id
    author = (await api.store.authors.get(writer)) or None
    assert author is not None
    cases: list[tuple[dict[str, Any], LiveOrder, Any]] = [
        ({}, first, None),
        ({"section": "news"}, first, lambda s: s.section in ("news", "politics")),
        ({"section": "news", "subsections": False}, first, lambda s: s.section == "news"),
        ({"tag": "flooding"}, first, lambda s: "flooding" in s.tags),
        ({"author": author.slug}, first, lambda s: s.bylines[0].author_id == writer),
        ({"section": "sport", "order": "LAST_UPDATED"}, order, lambda s: s.section == "sport"),
        ({"tag": "council", "section": "politics"}, first, lambda s: s.section == "politics"),
    ]
    for variables, list_order, keep in cases:
        if "tag" in variables and "section" in variables:
            keep = _both(keep, lambda s: "council" in s.tags)
        for size in (7, 20):
            assert await _crawl(api, size, **variables) == _expected(stories, list_order, keep), (
                variables,
                size,
            )


def _both(a: Any, b: Any) -> Any:
    return lambda s: a(s) and b(s)


async def test_updated_since_lists_only_later_changes_in_either_order(api: Api) -> None:
    await _sections(api.store)
    stories = await _archive(api.store, 150, start=factories.NOW)
    since = stories[61].updated_at  # a story never corrected
    later = lambda s: s.updated_at >= since  # noqa: E731
    for name, order in (("LAST_UPDATED", LiveOrder.LAST_UPDATED), (None, None)):
        variables = {"since": since.isoformat()} | ({"order": name} if name else {})
        expected = _expected(stories, order or LiveOrder.FIRST_PUBLISHED, later)
        assert await _crawl(api, 9, **variables) == expected
        assert 10 < len(expected) < 150
        # a time without an offset is read as UTC, as the database reads it
        naive = {**variables, "since": since.replace(tzinfo=None).isoformat()}
        assert await _crawl(api, 50, **naive) == expected


async def test_a_sparse_list_spread_over_years_is_found_whole(api: Api) -> None:
    """Three stories of a tag years apart, under a dense archive: the windows widen to them."""
    await _sections(api.store)
    stories = await _archive(api.store, 120, start=factories.NOW)
    writer = await factories.author(api.store, "archivist", "Archivist")
    old = []
    for years in (2, 5, 9):
        old.append(
            await factories.story(
                api.store,
                slug=f"archive-{years}",
                author_ids=(writer,),
                tags=("heritage",),
                published_at=factories.NOW - timedelta(days=365 * years),
            )
        )
    listed = await _crawl(api, 2, tag="heritage")
    assert listed == ["archive-2", "archive-5", "archive-9"]
    everything = await _crawl(api, 50)
    assert everything == _expected([*stories, *old], LiveOrder.FIRST_PUBLISHED)


async def test_a_republished_story_keeps_its_place_first_published_and_moves_up_updated(
    api: Api,
) -> None:
    await _sections(api.store)
    stories = await _archive(api.store, 90, start=factories.NOW)
    writer = await factories.author(api.store, "ada", "Ada Berg")
    story = await factories.story(
        api.store,
        slug="bridge-closed",
        author_ids=(writer,),
        published_at=stories[40].first_published_at,
    )
    before = await _crawl(api, 20)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    version = (await editor.gql(_VERSION, {"id": story.id}))["article"]["version"]
    await editor.gql(_EDIT, {"id": story.id, "v": version})
    api.clock.advance(minutes=5)
    await editor.gql(newsroom.step("publishArticle"), {"id": story.id, "v": version + 1})
    assert await _crawl(api, 20) == before, "first publication order holds still"
    updated = await _crawl(api, 20, order="LAST_UPDATED")
    assert updated[0] == "bridge-closed"
    assert sorted(updated) == sorted(before)


_VERSION = "query V($id: ID!) { article(id: $id) { version } }"
_EDIT = """
mutation E($id: ID!, $v: Int!) {
  updateArticle(id: $id, expectedVersion: $v, input: {headline: "Bridge shut until March"}) {
    version
  }
}
"""


async def _examined(api: Api, run: Any) -> tuple[int, set[str]]:
    """The documents the database reports examining for the list reads ``run`` sends, and
    the indexes it used: each aggregate on live stories is sent again as an explain."""
    api.commands.commands.clear()
    await run()
    sent = [c for c in api.commands.commands if c.get("aggregate") in ("live_articles", "articles")]
    assert sent, "the list was read"
    examined, indexes = 0, set()
    for command in sent:
        inner = {"aggregate": command["aggregate"], "pipeline": command["pipeline"], "cursor": {}}
        report = await _explain(api, inner)
        examined += report["executionStats"]["totalDocsExamined"]
        plan = report["queryPlanner"]["winningPlan"]
        indexes.add(plan.get("inputStage", {}).get("indexName") or plan["stage"])
    return examined, indexes


async def test_a_page_reads_what_it_shows_whatever_the_size_of_the_archive(api: Api) -> None:
    """SecantusDB's explain reports the documents its index lookup yields (it reads each);
    MongoDB's reports totalDocsExamined. Either way, a page of 20 stays near 20 when the
    archive grows fivefold, and each list rides its index."""
    await _sections(api.store)
    await _archive(api.store, 120, start=factories.NOW)
    front = {"section": "sport", "first": 20}
    tag = {"tag": "flooding", "first": 20}

    async def reads(variables: dict[str, Any]) -> tuple[int, set[str]]:
        await api.gql(PAGE, variables)  # the list's first page learns its density
        return await _examined(api, lambda: api.gql(PAGE, variables))

    small = {name: await reads(v) for name, v in (("front", front), ("tag", tag))}
    await _archive(api.store, 600, start=factories.NOW - timedelta(days=30), seed=8)
    large = {name: await reads(v) for name, v in (("front", front), ("tag", tag))}
    for name in ("front", "tag"):
        assert small[name][0] <= 3 * 21, small
        assert large[name][0] <= 3 * 21, large
    assert large["front"][1] == {"section_first_published"}
    assert large["tag"][1] == {"tag_first_published"}
    # The old way, one sorted and limited read of the whole list, for comparison:
    whole = {
        "find": "live_articles",
        "filter": {"section": "sport"},
        "sort": {"first_published_at": -1, "_id": -1},
        "limit": 21,
    }
    report = await _explain(api, whole)
    assert report["executionStats"]["totalDocsExamined"] >= 240


async def _explain(api: Api, command: dict[str, Any]) -> dict[str, Any]:
    """The database's explain of a command, through a client of the test's own."""
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


async def test_the_budget_pages_its_filters_in_windows(api: Api) -> None:
    await _sections(api.store)
    stories = await _archive(api.store, 150, start=factories.NOW)
    token = await newsroom.user(api, model.Role.EDITOR)
    editor = api.as_editor(token)
    writer = stories[2].bylines[0].author_id
    author = await api.store.authors.get(writer)
    assert author is not None
    drafts = [
        replace(
            s,
            id=new_id(),
            slug=f"draft-{i}",
            status=model.Status.DRAFT,
            published_at=None,
            first_published_at=None,
        )
        for i, s in enumerate(stories[::10])
    ]
    await api.store.articles.insert_many(drafts)
    everything = [*stories, *drafts]
    names = {a.id: a.name for a in await api.store.authors.all()}

    def found_by(search: str) -> Any:
        def keep(story: model.Article) -> bool:
            mine = words(story.headline, story.slug, names[story.bylines[0].author_id])
            return all(any(w.startswith(q) for w in mine) for q in words(search))

        return keep

    published = model.Status.PUBLISHED
    cases: list[tuple[dict[str, Any], Any]] = [
        ({}, None),
        ({"status": "DRAFT"}, lambda s: s.status is model.Status.DRAFT),
        ({"section": "sport"}, lambda s: s.section == "sport"),
        ({"author": author.slug}, lambda s: s.bylines[0].author_id == writer),
        (
            {"status": "PUBLISHED", "section": "politics"},
            lambda s: s.status is published and s.section == "politics",
        ),
        ({"search": "flood plan 1"}, found_by("flood plan 1")),
        ({"search": "draft"}, found_by("draft")),
    ]
    for variables, keep in cases:
        seen: list[str] = []
        after = None
        for _ in range(100):
            page = (await editor.gql(BUDGET, {**variables, "first": 8, "after": after}))["articles"]
            seen += [e["node"]["slug"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        wanted = [s for s in everything if keep is None or keep(s)]
        wanted.sort(key=lambda s: (s.updated_at, s.id), reverse=True)
        assert seen == [s.slug for s in wanted], variables


async def test_a_period_of_a_list_reads_its_stories_newest_first(api: Api) -> None:
    """What feeds and sitemaps read: the stories of one period, newest first, at most a limit."""
    await _sections(api.store)
    stories = await _archive(api.store, 200, start=factories.NOW)
    start, end = factories.NOW - timedelta(hours=20), factories.NOW - timedelta(hours=8)
    for live_filter, keep in (
        (LiveFilter(), lambda s: True),
        (LiveFilter(section="news", subsections=("politics",)), lambda s: s.section != "sport"),
        (LiveFilter(tag="flooding"), lambda s: "flooding" in s.tags),
    ):
        found = await api.store.live_articles.in_window(
            live_filter, start=start, end=end, limit=500, fields=("slug",)
        )
        inside = [s for s in stories if start <= s.first_published_at < end and keep(s)]
        assert [s.slug for s in found] == _expected(inside, LiveOrder.FIRST_PUBLISHED)
        assert inside, "the period holds stories"
    newest = await api.store.live_articles.in_window(LiveFilter(), start=start, end=end, limit=5)
    assert [s.slug for s in newest] == _expected(
        [s for s in stories if start <= s.first_published_at < end], LiveOrder.FIRST_PUBLISHED
    )[:5]


async def test_the_budget_reads_what_it_shows_whatever_the_size_of_the_archive(api: Api) -> None:
    """A budget page by section, and by status, explained by the database: about the page."""
    await _sections(api.store)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))

    async def reads(variables: dict[str, Any]) -> tuple[int, set[str]]:
        await editor.gql(BUDGET, variables)  # the list's first page learns its density
        return await _examined(api, lambda: editor.gql(BUDGET, variables))

    pages = ({"section": "sport", "first": 20}, {"status": "PUBLISHED", "first": 20})
    # working and live copies alike, each changed last when published
    await _archive(api.store, 120, start=factories.NOW, corrected=False)
    small = [await reads(v) for v in pages]
    older = factories.NOW - timedelta(days=30)
    await _archive(api.store, 600, start=older, seed=8, corrected=False)
    large = [await reads(v) for v in pages]
    for examined, _ in (*small, *large):
        assert examined <= 3 * 21, (small, large)
    assert large[0][1] == {"section_updated"}
    assert large[1][1] == {"status_updated"}
