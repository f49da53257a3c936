"""From nothing to published at the desk: a writer files a story, an editor sends it back, the
writer fixes it, and the editor approves and publishes it; readers then see it on /graphql."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests import media_samples
from tests.browser.desk import EDITOR, WRITER, Desk

HEADLINE = "Tidal barrier opens a year early as storm season nears"
READ = """query($slug: String!) { article(slug: $slug) {
  headline dek dateline tags section { slug } bylines { role author { name } }
  leadMedia { caption credit altText } seo { title description }
  body(withAds: false) { __typename ... on Paragraph { text } }
} }"""


def _status(page: Page) -> str:
    return page.locator(".status-badge").inner_text()


def _write_the_story(page: Page) -> None:
    page.get_by_role("link", name="New story").click()
    page.get_by_label("Headline").fill(HEADLINE)
    expect(page.get_by_label("Slug")).to_have_value(
        "tidal-barrier-opens-a-year-early-as-storm-season-nears"
    )
    page.get_by_label("Slug").fill(f"tidal-barrier-opens-early-{uuid.uuid4().hex[:8]}")
    page.get_by_label("Dek").fill("Engineers finished the gates ahead of the winter tides.")
    page.get_by_label("Section").select_option(label="News")
    page.get_by_label("Tags").fill("Flooding, Port Averell")
    page.get_by_label("Dateline").fill("Port Averell")
    byline = page.get_by_label("Add byline")
    byline.fill("Samuel Reyes")
    byline.press("Enter")
    page.get_by_label("Role of Samuel Reyes-Tan").fill("Environment correspondent")
    page.get_by_label("Upload a lead picture").set_input_files(
        files=[{"name": "barrier.jpg", "mimeType": "image/jpeg", "buffer": media_samples.jpeg()}]
    )
    page.get_by_label("Lead picture caption").fill("The new gates at high water.")
    page.get_by_label("Lead picture credit").fill("Photo by Lena Marsh/Harbour Press")
    page.get_by_label("Lead picture alt text").fill("Steel flood gates rising from grey water")
    body = page.get_by_role("textbox", name="Body")
    body.click()
    page.keyboard.type("The barrier's eight gates closed for the first test on Monday.")
    page.keyboard.press("Enter")
    page.keyboard.type("It cost £410m, the council said.")
    page.get_by_label("SEO title").fill("Port Averell tidal barrier opens early")
    page.get_by_label("SEO description").fill("The flood barrier is ready before the storms.")
    page.keyboard.press("Control+s")
    expect(page).to_have_url(re.compile(r"/desk/stories/[0-9a-f]+$"))
    expect(page.get_by_text("All changes saved")).to_be_visible()


def test_a_writer_files_and_an_editor_publishes_without_touching_graphql(desk: Desk) -> None:
    writer = desk.page(WRITER)
    _write_the_story(writer)
    story_path = writer.url.split("/desk/")[1]
    writer.get_by_role("button", name="Submit for review").click()
    expect(writer.locator(".status-badge")).to_have_text("In review")

    editor = desk.page(EDITOR)
    in_review = editor.get_by_role("tab", name=re.compile(r"^In review"))
    in_review.click()
    expect(in_review).to_have_attribute("aria-selected", "true")
    rows = editor.get_by_role("table", name="Stories").get_by_role("row")
    rows.filter(has_text=HEADLINE).filter(has_text="In review").get_by_role("link").click()
    editor.get_by_role("button", name="Request changes").click()
    dialog = editor.get_by_role("dialog", name="Request changes")
    dialog.get_by_label("Comment").fill("Say when the barrier was first planned.")
    dialog.get_by_role("button", name="Send back to the writer").click()
    expect(editor.locator(".status-badge")).to_have_text("Changes requested")
    editor.get_by_role("link", name="Stories").first.click()  # leaving lets go of the lease
    expect(editor.get_by_role("table", name="Stories")).to_be_visible()

    writer.reload()
    expect(writer.get_by_role("region", name="History")).to_contain_text(
        "Say when the barrier was first planned."
    )
    writer.get_by_label("Dek").fill("Planned since 2014, the gates are ready before winter.")
    writer.get_by_role("button", name="Submit for review").click()  # saves first
    expect(writer.locator(".status-badge")).to_have_text("In review")

    editor.goto(desk.url(story_path))
    editor.get_by_role("button", name="Approve").click()
    expect(editor.locator(".status-badge")).to_have_text("Approved")
    with editor.context.expect_page() as opened:
        editor.get_by_role("button", name="Preview").click()
    preview = opened.value
    expect(preview.get_by_role("heading", name=HEADLINE)).to_be_visible()
    expect(preview.get_by_text("Photo by Lena Marsh/Harbour Press")).to_be_visible()
    editor.get_by_role("button", name="Publish").click()
    expect(editor.locator(".status-badge")).to_have_text("Published")

    slug = desk.story(story_path.split("/")[1])["slug"]
    live = desk.deliver(READ, {"slug": slug})["data"]["article"]
    assert live["headline"] == HEADLINE
    assert live["dek"] == "Planned since 2014, the gates are ready before winter."
    assert live["dateline"] == "Port Averell"
    assert live["tags"] == ["flooding", "port-averell"]
    assert live["section"] == {"slug": "news"}
    assert live["bylines"] == [
        {"role": "Environment correspondent", "author": {"name": "Samuel Reyes-Tan"}}
    ]
    assert live["leadMedia"] == {
        "caption": "The new gates at high water.",
        "credit": "Photo by Lena Marsh/Harbour Press",
        "altText": "Steel flood gates rising from grey water",
    }
    assert live["seo"] == {
        "title": "Port Averell tidal barrier opens early",
        "description": "The flood barrier is ready before the storms.",
    }
    assert [block["text"] for block in live["body"]] == [
        "The barrier's eight gates closed for the first test on Monday.",
        "It cost £410m, the council said.",
    ]
    writer.context.close()
    editor.context.close()
