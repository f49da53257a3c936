"""The story editor's page fields: kicker, story type, breaking news with its end, noindex,
related stories picked by search, and body block ids kept through the editor."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.desk import EDITOR, WRITER, Desk

FIELDS = """query($id: ID!) { article(id: $id) {
  kicker storyType breakingUntilSet seo { noindex }
  relatedArticles { id }
  body(withAds: false) { ... on BodyBlock { id } ... on Paragraph { text } }
} }"""


def _fields(desk: Desk, story_id: str) -> dict[str, Any]:
    return desk.manage(FIELDS, {"id": story_id}, as_=EDITOR)["article"]  # type: ignore[no-any-return]


def _open(desk: Desk, story_id: str) -> Page:
    page = desk.page(WRITER, f"stories/{story_id}")
    expect(page.get_by_role("textbox", name="Body")).to_have_attribute("contenteditable", "true")
    return page


def test_the_page_fields_are_set_in_the_story_editor(desk: Desk) -> None:
    other = desk.new_story(WRITER, "Lighthouse keeper retires after forty years")
    body = [
        {"paragraph": {"inlines": [{"text": "The first paragraph."}], "id": "first"}},
        {"paragraph": {"inlines": [{"text": "The second paragraph."}], "id": "second"}},
    ]
    story = desk.new_story(WRITER, "Harbour lights switched to LED", body=body)
    page = _open(desk, story["id"])

    page.get_by_label("Kicker").fill("Exclusive")
    page.get_by_label("Story type").select_option("ANALYSIS")
    page.get_by_label("Breaking news", exact=True).check()
    expect(page.get_by_label("Breaking until", exact=False)).not_to_have_value("")
    page.get_by_label("Hide from search engines (noindex)").check()
    page.get_by_label("Find a story").fill("Lighthouse keeper")
    page.get_by_role("button", name="Search stories", exact=True).click()
    page.get_by_role("button", name="Add “Lighthouse keeper retires after forty years”").click()
    related = page.get_by_role("list", name="Related stories")
    expect(related).to_contain_text("Lighthouse keeper retires after forty years")
    page.get_by_role("textbox", name="Body").get_by_text("The second paragraph.").click()
    page.keyboard.press("End")
    page.keyboard.type(" Edited.")

    with page.expect_response(lambda answer: "updateArticle" in (answer.request.post_data or "")):
        page.keyboard.press("Control+s")
    expect(page.get_by_text("All changes saved")).to_be_visible()

    saved = _fields(desk, story["id"])
    assert saved["kicker"] == "Exclusive"
    assert saved["storyType"] == "ANALYSIS"
    assert saved["breakingUntilSet"] is not None
    assert saved["seo"] == {"noindex": True}
    assert saved["relatedArticles"] == [{"id": other["id"]}]
    assert saved["body"] == [
        {"id": "first", "text": "The first paragraph."},
        {"id": "second", "text": "The second paragraph. Edited."},
    ], "each block kept its id through the editor"

    page.reload()
    expect(page.get_by_label("Kicker")).to_have_value("Exclusive")
    expect(page.get_by_role("list", name="Related stories")).to_contain_text("Lighthouse keeper")
    page.context.close()
