"""The schedule: embargoes due in a window, for the desk's agenda."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from cms import model
from tests import newsroom
from tests.conftest import Api

SCHEDULE = """
query S($from: DateTime!, $to: DateTime!) {
  schedule(from: $from, to: $to) { slug status publishAt unpublishAt }
}
"""


async def _approved(editor: Api, refs: dict[str, str], slug: str) -> str:
    given = newsroom.story_input(refs, slug)
    story: str = (await editor.gql(newsroom.CREATE, {"input": given}))["createArticle"]["id"]
    await editor.gql(newsroom.step("submitArticle"), {"id": story, "v": 1})
    await editor.gql(newsroom.step("approveArticle"), {"id": story, "v": 2})
    return story


async def _schedule(editor: Api, story: str, v: int, **times: Any) -> None:
    args = {k: None if t is None else t.isoformat() for k, t in times.items()}
    await editor.gql(newsroom.SCHEDULE, {"id": story, "v": v, **args})


async def _agenda(caller: Api, start: Any, end: Any) -> list[str]:
    answer = await caller.gql(SCHEDULE, {"from": start.isoformat(), "to": end.isoformat()})
    return [story["slug"] for story in answer["schedule"]]


async def test_the_agenda_lists_each_story_once_by_its_first_step_in_the_window(
    api: Api,
) -> None:
    refs = await newsroom.newsroom(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    writer = api.as_editor(await newsroom.user(api, model.Role.WRITER))
    now = api.clock()
    hour = timedelta(hours=1)
    bridge = await _approved(editor, refs, "bridge-report-findings")
    await _schedule(editor, bridge, 3, at=now + 2 * hour)
    budget = await _approved(editor, refs, "council-budget-leak")
    await _schedule(editor, budget, 3, at=now + hour / 2, until=now + 5 * hour)
    live = await _approved(editor, refs, "weekend-road-closures")
    await editor.gql(newsroom.step("publishArticle"), {"id": live, "v": 3})
    await _schedule(editor, live, 4, until=now + hour)
    later = await _approved(editor, refs, "festival-line-up")
    await _schedule(editor, later, 3, at=now + timedelta(days=3))
    await _approved(editor, refs, "not-yet-scheduled")

    day = await _agenda(writer, now, now + timedelta(days=1))
    assert day == ["council-budget-leak", "weekend-road-closures", "bridge-report-findings"]
    # From 90 minutes on, the leak is listed at its unpublish time, after the bridge report.
    assert await _agenda(editor, now + 1.5 * hour, now + timedelta(days=1)) == [
        "bridge-report-findings",
        "council-budget-leak",
    ]
    assert await _agenda(editor, now + 1.5 * hour, now + 2 * hour) == [], "[from, to)"
    assert await _agenda(editor, now + 2 * hour, now + 3 * hour) == ["bridge-report-findings"]
    assert await _agenda(editor, now + 5 * hour, now + timedelta(days=62, hours=5)) == [
        "council-budget-leak",
        "festival-line-up",
    ]

    # Unscheduled from the agenda, the story leaves it; scheduled again, it comes back.
    await editor.gql(newsroom.step("unscheduleArticle"), {"id": bridge, "v": 4})
    assert "bridge-report-findings" not in await _agenda(editor, now, now + timedelta(days=1))
    await _schedule(editor, bridge, 5, at=now + 6 * hour)
    assert (await _agenda(editor, now, now + timedelta(days=1)))[-1] == "bridge-report-findings"


async def test_a_window_must_run_forward_and_span_at_most_62_days(api: Api) -> None:
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    now = api.clock()
    too_long = {"from": now.isoformat(), "to": (now + timedelta(days=62, seconds=1)).isoformat()}
    backwards = {"from": now.isoformat(), "to": (now - timedelta(hours=1)).isoformat()}
    empty = {"from": now.isoformat(), "to": now.isoformat()}
    for window in (too_long, backwards, empty):
        body = await editor.post(SCHEDULE, window)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert body["errors"][0]["extensions"]["argument"] == "to"
    assert await api.as_editor(None).error_codes(SCHEDULE, empty) == ["UNAUTHENTICATED"]
    naive = {"from": "2036-11-24T09:00:00", "to": "2036-11-25T09:00:00"}
    assert (await editor.gql(SCHEDULE, naive))["schedule"] == []


async def test_an_embargo_moves_in_one_step_and_the_agenda_shows_the_new_time(
    api: Api,
) -> None:
    """Rescheduling is one scheduleArticle on the scheduled story: never a moment in which it
    is approved and unembargoed, as unschedule-then-schedule would leave it if the second step
    failed."""
    refs = await newsroom.newsroom(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    writer = api.as_editor(await newsroom.user(api, model.Role.WRITER))
    now = api.clock()
    hour = timedelta(hours=1)
    story = await _approved(editor, refs, "harbour-wall-verdict")
    await _schedule(editor, story, 3, at=now + hour)

    refused = await writer.error_codes(
        newsroom.SCHEDULE, {"id": story, "v": 4, "at": (now + 2 * hour).isoformat()}
    )
    await _schedule(editor, story, 4, at=now + 3 * hour, until=now + 9 * hour)

    assert refused == ["FORBIDDEN"]
    moved = await editor.gql(
        "query A($id: ID!) { article(id: $id) { status version publishAt unpublishAt "
        "history { action fromStatus toStatus } } }",
        {"id": story},
    )
    article = moved["article"]
    assert (article["status"], article["version"]) == ("SCHEDULED", 5)
    assert article["history"][-1] == {
        "action": "SCHEDULE",
        "fromStatus": "SCHEDULED",
        "toStatus": "SCHEDULED",
    }
    assert await _agenda(editor, now, now + 2 * hour) == []
    assert await _agenda(editor, now + 2 * hour, now + 4 * hour) == ["harbour-wall-verdict"]
