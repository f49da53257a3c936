"""Live updates in the desk: another editor's save shows on an open story page at once, and
the budget follows the newsroom without waiting for its next refresh."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.browser.desk import EDITOR, WRITER, Desk

# Well inside the desk's polling (15 s for the budget; 4 s for a read-only story): what shows
# sooner came by the live socket.
LIVE_MS = 3_000


def test_a_second_editors_save_shows_on_the_first_editors_page(desk: Desk) -> None:
    story = desk.new_story(WRITER, "Tram depot plans go to a public inquiry")
    before = desk.open_subscriptions()
    writer = desk.page(WRITER, f"stories/{story['id']}")
    expect(writer.get_by_label("Headline")).to_be_editable()  # the writer holds the lease
    desk.until_subscriptions(before + 1)  # the page follows the story

    # Another editor, at another desk, takes the story over and saves it.
    desk.manage(
        "mutation($id: ID!) { takeOverEditLease(id: $id) { expiresAt } }",
        {"id": story["id"]},
        as_=EDITOR,
    )
    expect(writer.get_by_text("Marek Lind took over this story.")).to_be_visible(timeout=LIVE_MS)
    desk.manage(
        "mutation($id: ID!, $v: Int!, $input: ArticleInput!)"
        " { updateArticle(id: $id, expectedVersion: $v, input: $input) { version } }",
        {
            "id": story["id"],
            "v": story["version"],
            "input": {"headline": "Tram depot inquiry set for March"},
        },
        as_=EDITOR,
    )
    expect(writer.get_by_text("Marek Lind saved this story at")).to_be_visible(timeout=LIVE_MS)
    expect(writer.get_by_label("Headline")).to_have_value("Tram depot inquiry set for March")
    expect(writer.get_by_label("Headline")).not_to_be_editable()
    writer.context.close()


def test_the_budget_shows_a_new_story_as_it_is_filed(desk: Desk) -> None:
    before = desk.open_subscriptions()
    budget = desk.page(EDITOR)
    expect(budget.get_by_role("heading", name="What needs me")).to_be_visible()
    desk.until_subscriptions(before + 2)  # the budget and "What needs me" follow the desk
    headline = f"Ferry timetable changes for winter {uuid.uuid4().hex[:6]}"  # runs repeat
    desk.new_story(WRITER, headline)
    expect(budget.get_by_role("link", name=headline)).to_be_visible(timeout=LIVE_MS)
    budget.context.close()
