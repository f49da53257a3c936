"""Fronts in the desk: an editor arranges a section's front and readers' /graphql follows."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.browser.desk import ADMIN, EDITOR, WRITER, Desk

FRONT = "query($s: String) { front(section: $s) { curatedCount articles { id } } }"


def _published(desk: Desk, headline: str, section: str) -> str:
    story = desk.new_story(WRITER, headline, section=section)
    for step, who in (
        ("submitArticle", WRITER),
        ("approveArticle", EDITOR),
        ("publishArticle", EDITOR),
    ):
        desk.step(step, story["id"], as_=who)
    return str(story["id"])


def test_an_editor_curates_a_front_and_the_delivery_api_follows(desk: Desk) -> None:
    # A section of its own, so that runs on one server do not fill one front.
    slug = f"transport-{uuid.uuid4().hex[:8]}"
    desk.manage(
        "mutation($s: String!) { createSection(slug: $s, name: $s) { slug } }",
        {"s": slug},
        as_=ADMIN,
    )
    tram = _published(desk, "Tram line to the airport opens ahead of schedule", slug)
    buses = _published(desk, "Council votes to keep the night buses running", slug)
    before = desk.deliver(FRONT, {"s": slug})["data"]["front"]
    assert before["curatedCount"] == 0

    page = desk.page(EDITOR)
    page.get_by_role("navigation", name="Desk").get_by_role("link", name="Fronts").click()
    expect(page.get_by_role("heading", name="Fronts", level=1)).to_be_visible()
    page.get_by_label("Front", exact=True).select_option(slug)
    slots = page.get_by_role("list", name="Slots")
    found = page.get_by_role("list", name="Found stories")

    page.get_by_label("Find stories").fill("tram line airport")
    found.get_by_role("listitem").filter(has_text="Tram line to the airport").drag_to(slots)
    expect(slots.get_by_role("listitem")).to_have_count(1)
    page.get_by_label("Find stories").fill("night buses")
    found.get_by_role("button", name="Add to front: Council votes to keep the night buses").click()
    expect(slots.get_by_role("listitem")).to_have_text(
        [re.compile("^1Tram"), re.compile("^2Council")]
    )
    slots.get_by_role("button", name="Move up: Council votes").click()
    expect(slots.get_by_role("listitem").first).to_contain_text("Council votes")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="The front is saved.")).to_be_visible()

    after = desk.deliver(FRONT, {"s": slug})["data"]["front"]
    assert after["curatedCount"] == 2
    assert [article["id"] for article in after["articles"][:2]] == [buses, tram]
    preview = page.get_by_role("list", name="As readers see it").get_by_role("listitem")
    expect(preview.first).to_contain_text("Council votes")
    page.context.close()
