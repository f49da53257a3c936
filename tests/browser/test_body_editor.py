"""The body editor in the desk: blocks made with the keyboard reach the API as our blocks, and
what is typed just before saving is saved (the editor hands the page its blocks a moment after
typing stops, so saving must not outrun it)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.desk import EDITOR, WRITER, Desk

BODY = """query($id: ID!) { article(id: $id) { body(withAds: false) {
  __typename
  ... on Paragraph { inlines { text bold italic href } }
  ... on Heading { text level }
  ... on BlockQuote { paragraphs { text } attribution }
  ... on PullQuote { text attribution }
  ... on ListBlock { ordered items { text } }
  ... on Embed { provider: providerName url }
  ... on RelatedLink { label text externalUrl }
} } }"""


def _body(desk: Desk, story_id: str) -> list[dict[str, Any]]:
    return desk.manage(BODY, {"id": story_id}, as_=EDITOR)["article"]["body"]  # type: ignore[no-any-return]


def _open(desk: Desk, story_id: str) -> Page:
    page = desk.page(WRITER, f"stories/{story_id}")
    # Editable once the story is read and the lease taken.
    expect(page.get_by_role("textbox", name="Body")).to_have_attribute("contenteditable", "true")
    return page


def _add_block(page: Page, kind: str) -> None:
    page.keyboard.press("Control+Shift+Enter")
    menu = page.get_by_role("menu", name="Add block")
    menu.get_by_role("menuitem", name=kind).focus()
    page.keyboard.press("Enter")
    expect(menu).to_be_hidden()


def _saving(page: Page) -> Any:
    """Waits for the desk's save of the story (its updateArticle answer)."""
    return page.expect_response(
        lambda answer: (
            answer.url.endswith("/admin/graphql")
            and "updateArticle" in (answer.request.post_data or "")
        )
    )


def _run(text: str, *, bold: bool = False, href: str | None = None) -> dict[str, Any]:
    return {"text": text, "bold": bold, "italic": False, "href": href}


def test_a_body_of_every_text_block_and_embeds_made_with_the_keyboard(desk: Desk) -> None:
    story = desk.new_story(WRITER, "Harbour wall repairs begin")
    page = _open(desk, story["id"])
    body = page.get_by_role("textbox", name="Body")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" The council called it ")
    page.keyboard.press("Control+b")
    page.keyboard.type("urgent")
    page.keyboard.press("Control+b")
    page.keyboard.type(". Details: ")
    page.keyboard.press("Control+k")
    page.get_by_label("Link address").fill("example.org/harbour")
    page.get_by_label("Link address").press("Enter")

    page.keyboard.press("Enter")
    page.keyboard.press("Control+Alt+2")
    page.keyboard.type("Why now")
    page.keyboard.press("Alt+ArrowUp")  # the heading goes above the first paragraph
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("> We cannot wait another winter.")
    page.keyboard.press("Enter")  # a second paragraph of the quote
    page.keyboard.type("Not one more.")
    page.get_by_label("Quote attribution").fill("Rosa Achterberg, harbour master")
    body.get_by_text("We cannot wait another winter.").click()
    page.keyboard.press("End")

    _add_block(page, "Pull quote")
    page.keyboard.type("Another winter")
    _add_block(page, "Bulleted list")
    page.keyboard.type("Stone from the old quarry")
    page.keyboard.press("Enter")
    page.keyboard.type("Work at low tide only")

    _add_block(page, "Embed")
    expect(page.get_by_label("Embed URL")).to_be_focused()
    page.keyboard.type("https://www.youtube.com/watch?v=Hb7cW2xYq4M")
    page.keyboard.press("Escape")  # back to the text, the embed selected
    _add_block(page, "Related link")
    page.get_by_label("Related link URL").fill("/news/harbour-wall-history")
    page.get_by_label("Related link text").fill("How the wall was built")

    expect(body.get_by_role("group", name="Embed (youtube)")).to_be_visible()
    expect(page.locator(".body-stats")).to_contain_text("words")
    with _saving(page):
        page.keyboard.press("Control+s")
    expect(page.get_by_text("All changes saved")).to_be_visible()

    assert _body(desk, story["id"]) == [
        {"__typename": "Heading", "text": "Why now", "level": 2},
        {
            "__typename": "Paragraph",
            "inlines": [
                _run(
                    "Harbour wall repairs begin, officials said on Monday. The council called it "
                ),
                _run("urgent", bold=True),
                _run(". Details: "),
                _run("https://example.org/harbour", href="https://example.org/harbour"),
            ],
        },
        {
            "__typename": "BlockQuote",
            "paragraphs": [{"text": "We cannot wait another winter."}, {"text": "Not one more."}],
            "attribution": "Rosa Achterberg, harbour master",
        },
        {"__typename": "PullQuote", "text": "Another winter", "attribution": None},
        {
            "__typename": "ListBlock",
            "ordered": False,
            "items": [{"text": "Stone from the old quarry"}, {"text": "Work at low tide only"}],
        },
        {
            "__typename": "Embed",
            "provider": "youtube",
            "url": "https://www.youtube.com/watch?v=Hb7cW2xYq4M",
        },
        {
            "__typename": "RelatedLink",
            "label": "READ:",
            "text": "How the wall was built",
            "externalUrl": "/news/harbour-wall-history",
        },
    ]
    page.context.close()


def test_what_is_typed_just_before_saving_is_saved(desk: Desk) -> None:
    story = desk.new_story(WRITER, "Ferry timetable cut for the winter")
    page = _open(desk, story["id"])
    body = page.get_by_role("textbox", name="Body")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Saved by the button.")
    with _saving(page):
        page.get_by_role("button", name="Save").click()
    assert [block["inlines"][0]["text"] for block in _body(desk, story["id"])][-1] == (
        "Saved by the button."
    )

    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Saved by Ctrl+S.")
    with _saving(page):
        page.keyboard.press("Control+s")
    texts = [block["inlines"][0]["text"] for block in _body(desk, story["id"])]
    assert texts[-2:] == ["Saved by the button.", "Saved by Ctrl+S."]

    page.reload()
    expect(page.get_by_role("textbox", name="Body")).to_contain_text("Saved by Ctrl+S.")
    page.context.close()
