"""Two people on one story: the edit lease, taking it over, and the CONFLICT dialog."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.desk import EDITOR, WRITER, Desk


def test_a_taken_over_lease_keeps_the_text_and_the_conflict_dialog_lets_the_writer_keep_hers(
    desk: Desk,
) -> None:
    story = desk.new_story(WRITER, "Night buses return to the Calder Ridge routes")
    writer = desk.page(WRITER, f"stories/{story['id']}")
    expect(writer.get_by_label("Headline")).to_be_editable()  # the writer holds the lease

    editor = desk.page(EDITOR, f"stories/{story['id']}")
    expect(editor.get_by_text("Wendy Okafor is editing this story")).to_be_visible()
    expect(editor.get_by_label("Headline")).not_to_be_editable()

    writer.get_by_label("Headline").fill("Night buses return to Calder Ridge after two years")
    editor.get_by_role("button", name="Take over").click()
    expect(editor.get_by_label("Headline")).to_be_editable()
    editor.get_by_label("Headline").fill("Calder Ridge night buses are back")
    editor.keyboard.press("Control+s")
    expect(editor.get_by_text("All changes saved")).to_be_visible()

    expect(writer.get_by_text("Marek Lind took over this story.")).to_be_visible()
    expect(writer.get_by_label("Headline")).to_have_value(
        "Night buses return to Calder Ridge after two years"
    )
    writer.get_by_role("button", name="Take over").click()
    dialog = writer.get_by_role("dialog", name="Someone else changed this story")
    headline = dialog.get_by_role("group", name="Headline")
    expect(headline).to_contain_text("Calder Ridge night buses are back")
    expect(headline).to_contain_text("Night buses return to Calder Ridge after two years")
    headline.get_by_label("Keep mine").check()
    dialog.get_by_role("button", name="Save with these choices").click()
    expect(writer.get_by_text("All changes saved")).to_be_visible()
    expect(editor.get_by_text("Wendy Okafor took over this story.")).to_be_visible()

    assert (
        desk.story(story["id"])["headline"] == "Night buses return to Calder Ridge after two years"
    )
    writer.context.close()
    editor.context.close()
