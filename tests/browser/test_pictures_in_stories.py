"""Pictures in stories through the desk's one picture chooser: a lead picture and a body picture
picked from the library, each with this story's own caption, which leaves the asset as it was."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.desk import EDITOR, Desk

LIBRARY_CAPTION = (
    "Smoke rises above storage tanks at the Corrin Polymers plant as fire crews "
    "spray water from the perimeter road on Tuesday afternoon."
)
USES = """query($id: ID!) { article(id: $id) {
  leadMedia { caption credit asset { id caption credit } }
  body(withAds: false) { __typename ... on MediaBlock { caption asset { id caption } } }
} }"""


def test_a_lead_and_a_body_picture_from_the_library_with_this_storys_captions(desk: Desk) -> None:
    story = desk.new_story(EDITOR, "Ferry timetable changes for the winter", leadMedia=None)
    page = desk.page(EDITOR, f"stories/{story['id']}")
    expect(page.get_by_role("textbox", name="Body")).to_have_attribute("contenteditable", "true")

    page.get_by_label("Lead picture", exact=True).fill("Corrin Polymers")
    found = page.get_by_role("list", name="Pictures found").get_by_role("button")
    expect(found).to_have_count(1)
    found.click()
    caption = page.get_by_label("Lead picture caption")
    expect(caption).to_have_value(LIBRARY_CAPTION)
    caption.fill("The plant's tanks, seen from the ferry terminal.")

    page.get_by_role("textbox", name="Body").click()
    page.keyboard.press("Control+Shift+Enter")
    page.get_by_role("menu", name="Add block").get_by_role("menuitem", name="Picture").click()
    dialog = page.get_by_role("dialog", name="Choose a picture")
    dialog.get_by_label("Search the library").fill("Corrin Polymers")
    found = dialog.get_by_role("list", name="Pictures found").get_by_role("button")
    expect(found).to_have_count(1)  # the newest pictures show first, then what matches
    found.click()
    expect(dialog).to_be_hidden()
    body_caption = page.get_by_label("Picture caption", exact=True)
    expect(body_caption).to_have_value(LIBRARY_CAPTION)
    body_caption.fill("Fire crews at the plant on Tuesday.")

    page.keyboard.press("Control+s")
    expect(page.get_by_text("All changes saved")).to_be_visible()
    saved = desk.manage(USES, {"id": story["id"]}, as_=EDITOR)["article"]
    lead = saved["leadMedia"]
    assert lead["caption"] == "The plant's tanks, seen from the ferry terminal."
    credit = "Photo by Lena Marsh/Harbourline Press via Wirestream"
    assert lead["credit"] == lead["asset"]["credit"] == credit
    assert lead["asset"]["caption"] == LIBRARY_CAPTION
    [picture] = [block for block in saved["body"] if block["__typename"] == "MediaBlock"]
    assert picture["caption"] == "Fire crews at the plant on Tuesday."
    assert picture["asset"] == {"id": lead["asset"]["id"], "caption": lead["asset"]["caption"]}
    page.context.close()
