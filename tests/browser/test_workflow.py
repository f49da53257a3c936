"""Workflow steps at the desk: an embargo the scheduler releases, unpublishing, taking down."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.desk import EDITOR, WRITER, Desk

LIVE = "query($slug: String!) { article(slug: $slug) { headline } }"


def _approved_story(desk: Desk, headline: str) -> dict[str, str]:
    story = desk.new_story(WRITER, headline)
    desk.step("submitArticle", story["id"], as_=WRITER)
    desk.step("approveArticle", story["id"], as_=EDITOR)
    return story


def _published_story(desk: Desk, headline: str) -> dict[str, str]:
    story = _approved_story(desk, headline)
    desk.step("publishArticle", story["id"], as_=EDITOR)
    assert desk.deliver(LIVE, {"slug": story["slug"]})["data"]["article"]["headline"] == headline
    return story


def test_an_embargo_set_in_the_newsroom_time_zone_is_released_by_the_scheduler(desk: Desk) -> None:
    story = _approved_story(desk, "Lighthouse keepers' cottages to become a museum")
    page = desk.page(EDITOR, f"stories/{story['id']}")
    page.get_by_role("button", name="Schedule").click()
    dialog = page.get_by_role("dialog", name="Schedule")
    expect(dialog).to_contain_text("Europe/London")
    due = datetime.now(ZoneInfo("Europe/London")) + timedelta(seconds=5)
    if due.second == 0:  # Chromium shows hh:mm:00 as hh:mm, which Playwright calls malformed
        due += timedelta(seconds=1)
    dialog.get_by_label("Publish at", exact=True).fill(due.strftime("%Y-%m-%dT%H:%M:%S"))
    dialog.get_by_role("button", name="Confirm: schedule").click()
    expect(page.get_by_text("The story is now scheduled.")).to_be_visible()
    assert desk.deliver(LIVE, {"slug": story["slug"]})["data"]["article"] is None

    deadline = time.monotonic() + 20
    while desk.deliver(LIVE, {"slug": story["slug"]})["data"]["article"] is None:
        assert time.monotonic() < deadline, "the scheduler did not release the embargo"
        time.sleep(0.25)
    page.reload()
    expect(page.locator(".status-badge")).to_have_text("Published")
    page.context.close()


def test_an_editor_unpublishes_with_a_reason_and_takes_another_story_down(desk: Desk) -> None:
    pulled = _published_story(desk, "Quarry expansion approved despite objections")
    killed = _published_story(desk, "Councillor named in planning row")
    page = desk.page(EDITOR, f"stories/{pulled['id']}")
    page.get_by_role("button", name="Unpublish").click()
    dialog = page.get_by_role("dialog", name="Unpublish")
    dialog.get_by_role("button", name="Confirm: unpublish").click()
    expect(dialog.get_by_label("Reason")).to_be_focused()  # required: nothing was sent
    dialog.get_by_label("Reason").fill("Figures under review by the council.")
    dialog.get_by_role("button", name="Confirm: unpublish").click()
    expect(page.locator(".status-badge")).to_have_text("Unpublished")
    expect(page.get_by_role("region", name="History")).to_contain_text(
        "Figures under review by the council."
    )
    assert desk.deliver(LIVE, {"slug": pulled["slug"]})["data"]["article"] is None

    page.goto(desk.url(f"stories/{killed['id']}"))
    page.get_by_role("button", name="Take down").click()
    dialog = page.get_by_role("dialog", name="Take down")
    dialog.get_by_label("Reason").fill("Court order 2026/114.")
    dialog.get_by_role("button", name="Confirm: take down").click()
    expect(page.locator(".status-badge")).to_have_text("Taken down")
    answer = desk.deliver(LIVE, {"slug": killed["slug"]})
    assert answer["errors"][0]["extensions"]["code"] == "TAKEN_DOWN"
    page.context.close()
