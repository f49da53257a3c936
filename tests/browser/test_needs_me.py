"""'What needs me' on the budget: an editor sees the stories waiting for review."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.desk import EDITOR, WRITER, Desk


def test_an_editor_sees_a_submitted_story_in_what_needs_me(desk: Desk) -> None:
    headline = "School crossing patrols cut at four sites"
    story = desk.new_story(WRITER, headline)
    desk.step("submitArticle", story["id"], as_=WRITER)

    page = desk.page(EDITOR)
    needs = page.get_by_role("region", name="What needs me")
    waiting = needs.get_by_role("region", name="Waiting for your review")
    link = waiting.get_by_role("link", name=headline)
    expect(link).to_be_visible()
    expect(waiting.get_by_role("listitem").filter(has_text=headline)).to_contain_text(
        "from Wendy Okafor"
    )
    link.click()
    expect(page.get_by_label("Headline")).to_have_value(headline)
    page.context.close()
