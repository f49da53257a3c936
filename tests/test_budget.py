"""The budget's API: word search, "mine", counts by status, totals, who changed a story last,
and the newsroom's settings the desk shows."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import ValidationError
from pymongo import AsyncMongoClient

from cms import model
from cms.cli import main
from cms.config import Settings
from cms.store import Store
from tests import factories, newsroom
from tests.conftest import Api, Clock, running_app
from tests.newsroom import CREATE, UPDATE, step

BUDGET = """
query Budget($search: String, $mine: Boolean, $status: Status, $author: String, $first: Int,
             $after: String) {
  articles(search: $search, mine: $mine, status: $status, author: $author, first: $first,
           after: $after) {
    totalCount
    edges { node { slug updatedBy { email } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

COUNTS = """
query Counts($search: String, $mine: Boolean, $author: String, $section: String) {
  articleCounts(search: $search, mine: $mine, author: $author, section: $section) {
    status count
  }
}
"""

NEWSROOM = "{ newsroom { name timeZone deliveryUrl } }"

STORIES = {
    "harbour-bridge-closes": "Harbour bridge closes for six weeks of repairs",
    "council-approves-flood-defence-budget": "Council approves £4m for new flood walls",
    "mill-lane-bakery-wins-award": "Bakery on Mill Lane wins the county's bread prize",
}


async def _desk(api: Api, role: model.Role = model.Role.EDITOR) -> tuple[Api, str]:
    token, user_id = await newsroom.login_as(api, role)
    return api.as_editor(token), user_id


async def _file(editor: Api, refs: dict[str, str], slug: str, headline: str) -> dict[str, Any]:
    story_input = {**newsroom.story_input(refs, slug), "headline": headline}
    created: dict[str, Any] = (await editor.gql(CREATE, {"input": story_input}))["createArticle"]
    editor.clock.advance(seconds=1)  # newest change first: give each story its own moment
    return created


async def _slugs(editor: Api, **filters: Any) -> list[str]:
    data = await editor.gql(BUDGET, filters)
    return [edge["node"]["slug"] for edge in data["articles"]["edges"]]


async def _filed(api: Api) -> tuple[Api, dict[str, str]]:
    editor, _ = await _desk(api)
    refs = await newsroom.newsroom(api)
    for slug, headline in STORIES.items():
        await _file(editor, refs, slug, headline)
    return editor, refs


async def test_search_matches_word_beginnings_of_headline_slug_and_byline(api: Api) -> None:
    editor, refs = await _filed(api)
    other = await factories.author(api.store, "ben-okafor", "Ben Okafor")
    story_input = {
        **newsroom.story_input(refs, "tram-line-opens"),
        "headline": "The new tram line opens to passengers",
        "bylines": [{"authorId": other}],
    }
    await editor.gql(CREATE, {"input": story_input})

    assert await _slugs(editor, search="harb") == ["harbour-bridge-closes"], "a word's beginning"
    assert await _slugs(editor, search="HARBOUR Clos") == ["harbour-bridge-closes"], "any case"
    assert await _slugs(editor, search="repairs bridge") == ["harbour-bridge-closes"], "any order"
    assert await _slugs(editor, search="bridge flood") == [], "every word must match"
    assert await _slugs(editor, search="ridge") == [], "a word's middle does not match"
    assert await _slugs(editor, search="defence") == ["council-approves-flood-defence-budget"], (
        "a word only the slug has"
    )
    assert await _slugs(editor, search="okaf") == ["tram-line-opens"], "a byline's name"
    assert await _slugs(editor, search="ada rep") == [
        "mill-lane-bakery-wins-award",
        "council-approves-flood-defence-budget",
        "harbour-bridge-closes",
    ], "newest change first"
    assert await _slugs(editor, search="county's") == ["mill-lane-bakery-wins-award"]
    assert len(await _slugs(editor, search="  ")) == 4, "a blank search filters nothing"


async def test_search_follows_edits_and_an_authors_rename(api: Api) -> None:
    editor, refs = await _filed(api)
    admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
    found = await editor.gql(
        "query A($s: String) { articles(search: $s) { edges { node { id version } } } }",
        {"s": "bakery"},
    )
    node = found["articles"]["edges"][0]["node"]
    await editor.gql(
        UPDATE, {"id": node["id"], "v": node["version"], "input": {"headline": "Baker's sourdough"}}
    )
    assert await _slugs(editor, search="sourdough") == ["mill-lane-bakery-wins-award"]
    assert await _slugs(editor, search="prize") == [], "the old headline's words are gone"
    assert await _slugs(editor, search="bakery") == ["mill-lane-bakery-wins-award"], "the slug"

    await admin.gql(
        'mutation R($id: ID!) { updateAuthor(id: $id, input: { name: "Ada Lindqvist" }) { id } }',
        {"id": refs["author"]},
    )
    assert len(await _slugs(editor, search="lindq")) == 3
    assert await _slugs(editor, search="reporter") == []


async def test_stories_stored_without_words_are_given_them_at_start(
    api: Api, settings: Settings, store: Store, clock: Clock
) -> None:
    editor, _ = await _filed(api)
    assert settings.mongodb_uri is not None
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(settings.mongodb_uri)
    try:
        articles = client[settings.database]["articles"]
        await articles.update_many({}, {"$unset": {"words": ""}})
        assert await _slugs(editor, search="harbour") == [], "as stories stored before search"
        async with running_app(settings, store, clock) as restarted:
            again = dataclasses.replace(restarted, path="/admin/graphql", token=editor.token)
            assert await _slugs(again, search="harbour") == ["harbour-bridge-closes"]
        assert await articles.count_documents({"words": {"$exists": False}}) == 0
        indexes = [index["key"] async for index in await articles.list_indexes()]
        assert {"words": 1} in [dict(key) for key in indexes], "the search has an index"
    finally:
        await client.close()


async def test_a_search_too_long_is_refused(api: Api) -> None:
    editor, _ = await _desk(api)
    body = await editor.post(BUDGET, {"search": "flood " * 40})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "search"}
    body = await editor.post(BUDGET, {"search": " ".join(f"w{i}" for i in range(11))})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "search"}


async def test_mine_lists_the_stories_the_caller_created(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    writer, _ = await _desk(api, model.Role.WRITER)
    other, _ = await _desk(api, model.Role.WRITER)
    editor, _ = await _desk(api)
    await _file(writer, refs, "school-roof-repairs", "School roof repairs start")
    await _file(other, refs, "ferry-timetable-changes", "Ferry timetable changes")
    await _file(writer, refs, "library-hours-extended", "Library hours extended")

    assert await _slugs(writer, mine=True) == ["library-hours-extended", "school-roof-repairs"]
    assert await _slugs(other, mine=True) == ["ferry-timetable-changes"]
    assert await _slugs(editor, mine=True) == []
    assert len(await _slugs(editor, mine=False)) == 3
    assert await _slugs(writer, mine=True, search="school") == ["school-roof-repairs"]
    data = await writer.gql(BUDGET, {"mine": True})
    assert data["articles"]["totalCount"] == 2


async def test_total_count_covers_every_page(api: Api) -> None:
    editor, _ = await _filed(api)
    first = await editor.gql(BUDGET, {"first": 2})
    assert first["articles"]["totalCount"] == 3
    assert first["articles"]["pageInfo"]["hasNextPage"] is True
    after = first["articles"]["pageInfo"]["endCursor"]
    rest = await editor.gql(BUDGET, {"first": 2, "after": after})
    assert rest["articles"]["totalCount"] == 3
    assert len(rest["articles"]["edges"]) == 1
    assert (await editor.gql(BUDGET, {"search": "flood"}))["articles"]["totalCount"] == 1
    assert (await editor.gql(BUDGET, {"status": "IN_REVIEW"}))["articles"]["totalCount"] == 0
    nobody = await editor.gql(BUDGET, {"author": "nobody-by-that-slug"})
    assert nobody["articles"]["totalCount"] == 0


async def test_counts_name_every_status_with_zeros(api: Api) -> None:
    editor, _ = await _filed(api)
    listed = await editor.gql("query { articles(first: 3) { edges { node { id slug version } } } }")
    nodes = {e["node"]["slug"]: e["node"] for e in listed["articles"]["edges"]}
    bridge = nodes["harbour-bridge-closes"]
    await editor.gql(step("submitArticle"), {"id": bridge["id"], "v": bridge["version"]})
    flood = nodes["council-approves-flood-defence-budget"]
    await editor.gql(step("submitArticle"), {"id": flood["id"], "v": flood["version"]})
    await editor.gql(step("approveArticle"), {"id": flood["id"], "v": flood["version"] + 1})

    async def counts(**filters: Any) -> dict[str, int]:
        data = await editor.gql(COUNTS, filters)
        return {row["status"]: row["count"] for row in data["articleCounts"]}

    every = [status.value for status in model.Status]
    everything = await counts()
    assert list(everything) == every, "every status, in the workflow's order"
    assert everything == {
        **dict.fromkeys(every, 0),
        "DRAFT": 1,
        "IN_REVIEW": 1,
        "APPROVED": 1,
    }
    assert await counts(search="harbour") == {**dict.fromkeys(every, 0), "IN_REVIEW": 1}
    assert await counts(mine=True) == everything, "the editor created all three"
    assert set((await counts(author="nobody")).values()) == {0}
    assert set((await counts(section="sport")).values()) == {0}


async def test_the_total_and_the_tabs_share_one_count(api: Api) -> None:
    """Each count is a pass over every matching story: the budget's one query makes one."""
    editor, _ = await _filed(api)
    both = """query B($search: String, $status: Status) {
      articles(first: 2, search: $search, status: $status) { totalCount edges { node { slug } } }
      articleCounts(search: $search) { status count }
    }"""
    api.commands.names.clear()
    api.commands.commands.clear()
    data = await editor.gql(both, {"search": "ada"})
    assert data["articles"]["totalCount"] == 3
    assert sum(row["count"] for row in data["articleCounts"]) == 3
    counts = [c for c in api.commands.commands if "$group" in str(c.get("pipeline"))]
    assert len(counts) == 1, api.commands.names
    drafts = await editor.gql(both, {"search": "ada", "status": "DRAFT"})
    assert drafts["articles"]["totalCount"] == 3
    reviews = await editor.gql(both, {"status": "IN_REVIEW"})
    assert reviews["articles"]["totalCount"] == 0
    assert {r["status"]: r["count"] for r in reviews["articleCounts"]}["DRAFT"] == 3


async def test_the_budget_reads_a_pages_edit_leases_at_once(api: Api) -> None:
    editor, _ = await _filed(api)
    other, _ = await _desk(api)
    listed = await editor.gql("query { articles(first: 3) { edges { node { id slug } } } }")
    ids = {e["node"]["slug"]: e["node"]["id"] for e in listed["articles"]["edges"]}
    lease = "mutation L($id: ID!) { acquireEditLease(id: $id) { expiresAt } }"
    await other.gql(lease, {"id": ids["harbour-bridge-closes"]})
    await editor.gql(lease, {"id": ids["mill-lane-bakery-wins-award"]})
    api.clock.advance(seconds=api.settings.lease_seconds - 1)
    await other.gql(lease, {"id": ids["harbour-bridge-closes"]})  # renewed
    api.clock.advance(seconds=2)
    me = (await other.gql("{ me { email } }"))["me"]["email"]

    api.commands.names.clear()
    api.commands.commands.clear()
    page = await editor.gql(
        "query { articles(first: 3) { edges { node { slug editLease { user { email } } } } } }"
    )
    holders = {
        e["node"]["slug"]: (e["node"]["editLease"] or {}).get("user", {}).get("email")
        for e in page["articles"]["edges"]
    }
    assert holders == {
        "harbour-bridge-closes": me,
        "mill-lane-bakery-wins-award": None,  # the editor's ran out
        "council-approves-flood-defence-budget": None,
    }
    reads = [c for c in api.commands.commands if c.get("find") == "edit_leases"]
    assert len(reads) == 1, "one read for the page's leases"


async def test_updated_by_names_who_changed_the_story_last(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    writer, _ = await _desk(api, model.Role.WRITER)
    editor, _ = await _desk(api)
    created = await _file(writer, refs, "harbour-bridge-closes", "Harbour bridge closes")
    by_id = "query A($id: ID!) { article(id: $id) { version updatedBy { id email role } } }"

    first = (await editor.gql(by_id, {"id": created["id"]}))["article"]
    assert first["updatedBy"]["role"] == "WRITER"
    await writer.gql(step("submitArticle"), {"id": created["id"], "v": first["version"]})
    await editor.gql(
        UPDATE, {"id": created["id"], "v": first["version"] + 1, "input": {"dek": "Six weeks."}}
    )

    after = (await writer.gql(by_id, {"id": created["id"]}))["article"]
    me = await editor.gql("{ me { id email } }")
    assert after["updatedBy"] == {**me["me"], "role": "EDITOR"}
    listed = await writer.gql(BUDGET, {})
    assert listed["articles"]["edges"][0]["node"]["updatedBy"] == {"email": me["me"]["email"]}


async def test_the_newsroom_names_its_time_zone_and_delivery_api(api: Api) -> None:
    editor, _ = await _desk(api)
    assert (await editor.gql(NEWSROOM))["newsroom"] == {
        "name": "Newsroom",
        "timeZone": "UTC",
        "deliveryUrl": "http://testserver/graphql",
    }
    assert await api.as_editor(None).error_codes(NEWSROOM) == ["UNAUTHENTICATED"]


async def test_the_newsroom_time_zone_comes_from_the_setting(
    settings: Settings, store: Store, clock: Clock
) -> None:
    london = settings.model_copy(
        update={"time_zone": "Europe/London", "newsroom_name": "The Port Averell Courier"}
    )
    async with running_app(london, store, clock) as api:
        editor, _ = await _desk(api)
        assert (await editor.gql(NEWSROOM))["newsroom"] == {
            "name": "The Port Averell Courier",
            "timeZone": "Europe/London",
            "deliveryUrl": "http://testserver/graphql",
        }


@pytest.mark.parametrize("name", ["Mars/Olympus", "europe/london", "../etc/passwd", ""])
def test_a_bad_time_zone_is_refused_at_start(name: str) -> None:
    with pytest.raises(ValidationError, match=r"CMS_TIME_ZONE .* is not an IANA time zone"):
        Settings(time_zone=name)
    result = CliRunner().invoke(main, ["seed"], env={"CMS_TIME_ZONE": name})
    assert result.exit_code == 1
    assert "invalid settings" in result.output
    assert "is not an IANA time zone name" in result.output
