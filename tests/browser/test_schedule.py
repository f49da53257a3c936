"""The schedule at the desk: an agenda by day in the newsroom's time zone, rescheduling from it."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.desk import EDITOR, WRITER, Desk

LONDON = ZoneInfo("Europe/London")  # CMS_TIME_ZONE of the browser tests' server
SCHEDULE = """mutation($id: ID!, $v: Int!, $at: DateTime!, $down: DateTime) {
    scheduleArticle(id: $id, expectedVersion: $v, publishAt: $at, unpublishAt: $down) { id } }"""
STATE = "query($id: ID!) { article(id: $id) { status publishedAt unpublishAt } }"


def _clock(at: datetime) -> str:
    return at.astimezone(LONDON).strftime("%H:%M")


def test_an_editor_moves_an_embargo_on_the_agenda_and_the_scheduler_releases_it_then(
    desk: Desk,
) -> None:
    headline = "Night buses return to the eastern suburbs"
    story = desk.new_story(WRITER, headline)
    desk.step("submitArticle", story["id"], as_=WRITER)
    desk.step("approveArticle", story["id"], as_=EDITOR)
    now = datetime.now(UTC).replace(microsecond=0)
    publish, down = now + timedelta(days=1), now + timedelta(days=2, hours=3)
    version = desk.story(story["id"])["version"]
    desk.manage(
        SCHEDULE,
        {"id": story["id"], "v": version, "at": publish.isoformat(), "down": down.isoformat()},
        as_=EDITOR,
    )

    page = desk.page(EDITOR, "schedule")
    agenda = page.get_by_role("region", name="Schedule")
    entries = agenda.get_by_role("listitem").filter(has_text=headline)
    publishing = entries.filter(has=page.get_by_text("Publishes", exact=True))
    expect(publishing.locator("time")).to_have_text(_clock(publish))
    expect(
        entries.filter(has=page.get_by_text("Comes down", exact=True)).locator("time")
    ).to_have_text(_clock(down))
    day = publish.astimezone(LONDON)
    expect(agenda.get_by_role("region", name=f"{day:%A}, {day.day} {day:%B %Y}")).to_contain_text(
        headline
    )

    publishing.get_by_role("button", name="Reschedule").click()
    dialog = page.get_by_role("dialog", name="Reschedule")
    due = datetime.now(LONDON).replace(microsecond=0) + timedelta(seconds=8)
    if due.second == 0:  # Chromium shows hh:mm:00 as hh:mm, which Playwright calls malformed
        due += timedelta(seconds=1)
    dialog.get_by_label("Publish at", exact=True).fill(due.strftime("%Y-%m-%dT%H:%M:%S"))
    dialog.get_by_role("button", name="Confirm: reschedule").click()
    expect(agenda.get_by_role("status")).to_contain_text(f'{headline}" now publishes')

    # The scheduler (every second on this server) releases it at the new time, not before.
    deadline = time.monotonic() + 30
    while (state := desk.manage(STATE, {"id": story["id"]}, as_=EDITOR)["article"])[
        "status"
    ] != "PUBLISHED":
        assert time.monotonic() < deadline, "the scheduler did not release the embargo"
        time.sleep(0.2)
    assert datetime.fromisoformat(state["publishedAt"]) >= due
    assert datetime.fromisoformat(state["unpublishAt"]) == down  # kept through the move
    live = desk.deliver(
        "query($s: String!) { article(slug: $s) { headline } }", {"s": story["slug"]}
    )
    assert live["data"]["article"] == {"headline": headline}

    page.reload()
    expect(entries).to_have_count(1)
    expect(entries).to_contain_text("Comes down")
    page.context.close()
