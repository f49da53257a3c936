"""Fronts: editors curate what leads each section and the home page (management API), and
readers get the curated stories first, then the newest (delivery API), fresh after every save,
publish, unpublish and take-down."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

from cms import model
from cms.api import cache_tags
from cms.domain.publishing import run_schedule
from cms.store import Change
from tests import factories, newsroom
from tests.conftest import Api

FRONT = """
query F($section: String) {
  front(section: $section) {
    name maxSlots version updatedAt updatedBy { email }
    section { slug }
    slots { id slug status }
    preview(first: 5) { slug }
  }
}
"""
FRONTS = "{ fronts { name version section { slug } slots { slug } } }"
SET_FRONT = """
mutation S($section: String, $ids: [ID!]!, $v: Int!) {
  setFront(section: $section, articleIds: $ids, expectedVersion: $v) {
    name version updatedBy { email } slots { slug } preview(first: 5) { slug }
  }
}
"""
LIVE_FRONT = """
query L($section: String, $first: Int) {
  front(section: $section, first: $first) { section { slug } curatedCount articles { slug } }
}
"""


class Desk:
    """An editor's client and what stories need, with helpers to file stories by status."""

    def __init__(self, api: Api, editor: Api, refs: dict[str, str]) -> None:
        self.api, self.editor, self.refs = api, editor, refs

    async def draft(self, slug: str, section: str = "news") -> dict[str, Any]:
        given = {**newsroom.story_input(self.refs, slug), "section": section}
        created: dict[str, Any] = (await self.editor.gql(newsroom.CREATE, {"input": given}))[
            "createArticle"
        ]
        return created

    async def approved(self, slug: str, section: str = "news") -> dict[str, Any]:
        story = await self.draft(slug, section)
        await self.editor.gql(newsroom.step("submitArticle"), {"id": story["id"], "v": 1})
        await self.editor.gql(newsroom.step("approveArticle"), {"id": story["id"], "v": 2})
        return story

    async def published(self, slug: str, section: str = "news") -> dict[str, Any]:
        """Published a minute after the one before, so the newest is the last filed."""
        story = await self.approved(slug, section)
        self.api.clock.advance(minutes=1)
        done = await self.editor.gql(newsroom.step("publishArticle"), {"id": story["id"], "v": 3})
        result: dict[str, Any] = done["publishArticle"]
        return result

    async def scheduled(self, slug: str, section: str = "news") -> dict[str, Any]:
        story = await self.approved(slug, section)
        at = (self.api.clock() + timedelta(hours=1)).isoformat()
        done = await self.editor.gql(newsroom.SCHEDULE, {"id": story["id"], "v": 3, "at": at})
        result: dict[str, Any] = done["scheduleArticle"]
        return result


async def _desk(api: Api, role: model.Role = model.Role.EDITOR) -> Desk:
    refs = await newsroom.newsroom(api)  # the "news" section
    await factories.section(api.store, "local", "Local", parent="news")
    await factories.section(api.store, "sport", "Sport")
    return Desk(api, api.as_editor(await newsroom.user(api, role)), refs)


async def _set(desk: Desk, ids: list[str], v: int, section: str | None = "news") -> Any:
    return await desk.editor.post(SET_FRONT, {"section": section, "ids": ids, "v": v})


async def _front(desk: Desk, section: str | None = "news") -> dict[str, Any]:
    found: dict[str, Any] = (await desk.editor.gql(FRONT, {"section": section}))["front"]
    return found


async def _live(api: Api, section: str | None = "news", first: int = 20) -> dict[str, Any]:
    answer = await api.client.get(
        "/graphql",
        params={"query": LIVE_FRONT, "variables": json.dumps({"section": section, "first": first})},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert "errors" not in body, body
    front: dict[str, Any] = body["data"]["front"]
    return front


def _slugs(front: dict[str, Any], field: str = "articles") -> list[str]:
    return [a["slug"] for a in front[field]]


async def test_a_front_before_its_first_save_curates_nothing(api: Api) -> None:
    desk = await _desk(api)
    home = await _front(desk, None)
    assert home == {
        "name": "Home",
        "maxSlots": 12,
        "version": 0,
        "updatedAt": None,
        "updatedBy": None,
        "section": None,
        "slots": [],
        "preview": [],
    }
    news = await _front(desk, "news")
    assert (news["name"], news["section"], news["version"]) == ("News", {"slug": "news"}, 0)


async def test_editors_curate_in_order_and_readers_see_curated_then_newest(api: Api) -> None:
    desk = await _desk(api)
    older = await desk.published("council-budget-vote")
    local = await desk.published("mill-lane-flood-defences", section="local")
    await desk.published("late-tram-timetable")
    await desk.published("derby-day-result", section="sport")
    embargoed = await desk.scheduled("bridge-report-findings", section="local")

    saved = (await _set(desk, [local["id"], embargoed["id"], older["id"]], 0))["data"]["setFront"]

    assert saved["version"] == 1
    assert saved["updatedBy"]["email"].startswith("editor-")
    assert _slugs(saved, "slots") == [
        "mill-lane-flood-defences",
        "bridge-report-findings",
        "council-budget-vote",
    ]
    # Live curated stories first, then the section's and its subsection's newest, each once;
    # the embargoed one is not live yet and the sport story is another section's.
    assert _slugs(saved, "preview") == [
        "mill-lane-flood-defences",
        "council-budget-vote",
        "late-tram-timetable",
    ]
    live = await _live(api)
    assert live["section"] == {"slug": "news"}
    assert _slugs(live) == _slugs(saved, "preview")
    assert live["curatedCount"] == 2
    assert _slugs(await _live(api, first=1)) == ["mill-lane-flood-defences"]
    assert (await _live(api, first=1))["curatedCount"] == 1


async def test_the_home_page_takes_any_section_and_lists_every_newest(api: Api) -> None:
    desk = await _desk(api)
    news = await desk.published("council-budget-vote")
    await desk.published("derby-day-result", section="sport")
    saved = await _set(desk, [news["id"]], 0, section=None)
    assert saved["data"]["setFront"]["name"] == "Home"

    live = await _live(api, None)
    assert live["section"] is None
    assert _slugs(live) == ["council-budget-vote", "derby-day-result"]
    assert live["curatedCount"] == 1


async def test_fronts_lists_home_then_every_section_by_name(api: Api) -> None:
    desk = await _desk(api)
    story = await desk.published("derby-day-result", section="sport")
    await _set(desk, [story["id"]], 0, section="sport")

    fronts = (await desk.editor.gql(FRONTS))["fronts"]

    assert [(f["name"], f["version"]) for f in fronts] == [
        ("Home", 0),
        ("Local", 0),
        ("News", 0),
        ("Sport", 1),
    ]
    assert fronts[3]["slots"] == [{"slug": "derby-day-result"}]


async def test_writers_may_read_fronts_but_not_arrange_them(api: Api) -> None:
    desk = await _desk(api)
    story = await desk.published("council-budget-vote")
    writer = api.as_editor(await newsroom.user(api, model.Role.WRITER))
    admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
    variables = {"section": "news", "ids": [story["id"]], "v": 0}

    assert await writer.error_codes(SET_FRONT, variables) == ["FORBIDDEN"]
    assert (await writer.gql(FRONT, {"section": "news"}))["front"]["version"] == 0
    assert await api.as_editor(None).error_codes(FRONT, {"section": "news"}) == ["UNAUTHENTICATED"]
    assert (await admin.gql(SET_FRONT, variables))["setFront"]["version"] == 1


async def _refused(desk: Desk, ids: list[str], section: str | None = "news") -> dict[str, Any]:
    body = await _set(desk, ids, 0, section)
    assert body["data"] is None
    (error,) = body["errors"]
    assert (await _front(desk, "news"))["version"] == 0, "nothing was written"
    assert await desk.api.store.fronts.all() == []
    extensions: dict[str, Any] = error["extensions"]
    return extensions


async def test_bad_stories_are_refused_with_their_ids_and_nothing_written(api: Api) -> None:
    desk = await _desk(api)
    live = await desk.published("council-budget-vote")
    draft = await desk.draft("unfinished-draft")
    sport = await desk.published("derby-day-result", section="sport")
    unknown = factories.new_id()

    refused = await _refused(desk, [live["id"], draft["id"]])
    assert refused["code"] == "BAD_USER_INPUT"
    assert (refused["reason"], refused["ids"]) == ("NOT_PUBLISHED", [draft["id"]])
    refused = await _refused(desk, [sport["id"], live["id"]])
    assert (refused["reason"], refused["ids"]) == ("OTHER_SECTION", [sport["id"]])
    refused = await _refused(desk, [live["id"], live["id"]])
    assert (refused["reason"], refused["ids"]) == ("DUPLICATE", [live["id"]])
    refused = await _refused(desk, [unknown])
    assert (refused["reason"], refused["ids"]) == ("UNKNOWN", [unknown])
    refused = await _refused(desk, ["not-an-id"])
    assert (refused["code"], refused["argument"]) == ("BAD_USER_INPUT", "articleIds")
    refused = await _refused(desk, [factories.new_id() for _ in range(13)])
    assert (refused["reason"], refused["max"]) == ("TOO_MANY", 12)
    refused = await _refused(desk, [live["id"]], section="weather")
    assert refused["code"] == "NOT_FOUND"
    assert await desk.editor.error_codes(FRONT, {"section": "weather"}) == ["NOT_FOUND"]
    assert (await api.gql(LIVE_FRONT, {"section": "weather"}))["front"] is None


async def test_a_stale_version_is_a_conflict_and_changes_nothing(api: Api) -> None:
    desk = await _desk(api)
    first = await desk.published("council-budget-vote")
    second = await desk.published("late-tram-timetable")
    await _set(desk, [first["id"]], 0)

    body = await _set(desk, [second["id"]], 0)

    error = body["errors"][0]["extensions"]
    assert error["code"] == "CONFLICT"
    assert (error["currentVersion"], error["yourVersion"]) == (1, 0)
    assert error["currentValues"] == {"articleIds": [first["id"]]}
    front = await _front(desk)
    assert (front["version"], _slugs(front, "slots")) == (1, ["council-budget-vote"])
    again = (await _set(desk, [second["id"], first["id"]], 1))["data"]["setFront"]
    assert again["version"] == 2


async def _warm(api: Api, section: str | None = "news") -> dict[str, Any]:
    """The front's answer, once it is served from the cache (the change stream reports the
    writes that arranged the test a moment later, and each drops the answers it touches)."""
    variables = json.dumps({"section": section, "first": 20})
    for _ in range(200):
        answer = await api.client.get(
            "/graphql", params={"query": LIVE_FRONT, "variables": variables}
        )
        if answer.headers["x-cache"] == "HIT":
            front: dict[str, Any] = answer.json()["data"]["front"]
            return front
        await asyncio.sleep(0.02)
    raise AssertionError("the front's answer was never served from the cache")


async def test_a_save_purges_the_cached_front(api: Api) -> None:
    desk = await _desk(api)
    older = await desk.published("council-budget-vote")
    await desk.published("late-tram-timetable")
    assert _slugs(await _warm(api)) == ["late-tram-timetable", "council-budget-vote"]
    tagged = await api.client.get(
        "/graphql", params={"query": LIVE_FRONT, "variables": json.dumps({"section": "news"})}
    )
    assert cache_tags.front("news") in tagged.headers["surrogate-key"].split()

    await _set(desk, [older["id"]], 0)

    assert _slugs(await _live(api)) == ["council-budget-vote", "late-tram-timetable"]


async def test_a_publish_in_a_subsection_purges_the_cached_front(api: Api) -> None:
    desk = await _desk(api)
    await desk.published("council-budget-vote")
    assert _slugs(await _warm(api)) == ["council-budget-vote"]
    assert _slugs(await _warm(api, None)) == ["council-budget-vote"]

    await desk.published("mill-lane-flood-defences", section="local")

    assert _slugs(await _live(api)) == ["mill-lane-flood-defences", "council-budget-vote"]
    assert _slugs(await _live(api, None)) == ["mill-lane-flood-defences", "council-budget-vote"]


async def test_an_unpublish_or_take_down_purges_the_cached_front(api: Api) -> None:
    desk = await _desk(api)
    pulled = await desk.published("council-budget-vote")
    killed = await desk.published("mill-lane-flood-defences", section="local")
    await desk.published("late-tram-timetable")
    await _set(desk, [pulled["id"], killed["id"]], 0)
    assert (await _warm(api))["curatedCount"] == 2

    await desk.editor.gql(
        newsroom.step("unpublishArticle", "reason"),
        {"id": pulled["id"], "v": pulled["version"], "reason": "Figures under review."},
    )
    front = await _live(api)
    assert (_slugs(front), front["curatedCount"]) == (
        ["mill-lane-flood-defences", "late-tram-timetable"],
        1,
    )

    await _warm(api)
    await _warm(api, None)
    await desk.editor.gql(
        newsroom.step("takeDownArticle", "reason"),
        {"id": killed["id"], "v": killed["version"], "reason": "Court order."},
    )
    assert _slugs(await _live(api)) == ["late-tram-timetable"]
    assert _slugs(await _live(api, None)) == ["late-tram-timetable"]


async def test_a_curated_embargo_shows_on_the_front_when_the_scheduler_publishes_it(
    api: Api,
) -> None:
    desk = await _desk(api)
    await desk.published("council-budget-vote")
    embargoed = await desk.scheduled("bridge-report-findings", section="local")
    await _set(desk, [embargoed["id"]], 0)
    front = await _warm(api)
    assert (_slugs(front), front["curatedCount"]) == (["council-budget-vote"], 0)

    api.clock.advance(hours=2)
    assert await run_schedule(api.store, now=api.clock()) == 1

    front = await _live(api)
    assert (_slugs(front), front["curatedCount"]) == (
        ["bridge-report-findings", "council-budget-vote"],
        1,
    )


def test_a_saved_front_and_its_answers_name_the_same_tag() -> None:
    """Names built once: the change a save reports maps to the tag its answers carry."""
    saved = Change("fronts", factories.new_id(), {"section": "news"})
    home = Change("fronts", factories.new_id(), {"section": None})
    assert cache_tags.tags_for_change(saved) == {cache_tags.front("news")}
    assert cache_tags.tags_for_change(home) == {cache_tags.front(None)}
    assert cache_tags.front(None) != cache_tags.front("home"), "a section may be called home"
    assert cache_tags.tags_for_change(Change("fronts", factories.new_id())) == {cache_tags.FRONTS}
